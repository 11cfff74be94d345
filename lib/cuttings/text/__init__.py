"""Text: shared patterns, the tokenizer, sentences, names and the date grammar (no corpus, no tables)."""
