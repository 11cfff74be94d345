"""Tokenizer and term-frequency throughput on the 2,225 BBC articles, beside scikit-learn and a plain baseline.

Issue 6's target: term frequencies and keyness over the bench articles in a few seconds, reported in
MB/s beside scikit-learn's bare ``CountVectorizer`` on the same text. Measured in the same run, on
the same decoded texts (``../shared/bench/bbc``, one text per article, undecodable bytes replaced):

- ``regex + Counter``: ``re.findall(r"\\b\\w\\w+\\b", text.lower())`` into one ``collections.Counter``
  (scikit-learn's default token pattern, no matrix): the floor of what Python can do;
- ``sklearn CountVectorizer()``: the default analyzer (lower case, token_pattern), document-term matrix;
- ``sklearn CountVectorizer(stop_words="english")``: the same with its stop-word list;
- ``cuttings tokenize``: ``cuttings.text.tokens.tokenize`` on every text (curly quotes folded, names
  merged by ``data/aliases.tsv``, stop words dropped), forms only; and ``aliases=False``;
- ``cuttings term_matrix``: ``CountVectorizer(analyzer=cuttings.text.tokens.Analyzer(...))``, the
  matrix behind every count in ``cuttings.analysis.terms`` (one pass: counts and token totals);
- then, on the corpus loaded from the folder (loading and segmenting timed apart):
  ``terms.frequencies`` overall and ``by="piece"``, ``terms.keyness`` by BBC category (each folder
  against the rest) and ``by="piece"``, a ``kwic`` of "government" and ``collocates`` of it.

Speeds are MB (10^6 bytes of UTF-8 text) per second of this process's CPU time
(``time.process_time``), best of ``--repeat`` runs; ratios are to scikit-learn's bare
``CountVectorizer`` measured here. Usage: ``benchmarks/run.py terms`` or
``python benchmarks/bench_terms.py [--repeat N] [--limit N]``.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from _common import best_cpu

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "bench" / "bbc"


def main(argv: list[str]) -> int:
    """Run the benchmark and print its table; return 0."""
    parser = argparse.ArgumentParser(prog="bench_terms", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement, best kept (default 3)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    args = parser.parse_args(argv)

    from sklearn.feature_extraction.text import CountVectorizer

    import cuttings
    from cuttings.analysis import concordance, terms
    from cuttings.text import tokens

    files = sorted(BBC.glob("*/*.txt"))[: args.limit]
    if not files:
        print(f"no articles under {BBC}", file=sys.stderr)
        return 1
    texts = [f.read_bytes().decode("utf-8", "replace") for f in files]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    tokens.tokenize("warm up: the Mojahedin’s caches")  # compile patterns, read word lists

    word = re.compile(r"\b\w\w+\b")
    rows = []

    def add(name, seconds, note=""):
        rows.append((name, seconds, mb / seconds if seconds else float("inf"), note))

    t, counts = best_cpu(lambda: Counter(w for x in texts for w in word.findall(x.lower())), args.repeat)
    add("regex + Counter (no matrix)", t, f"{sum(counts.values()):,} tokens")
    t, X = best_cpu(lambda: CountVectorizer().fit_transform(texts), args.repeat)
    add("sklearn CountVectorizer()", t, f"{X.sum():,} tokens, {X.shape[1]:,} terms")
    base = t
    t, X = best_cpu(lambda: CountVectorizer(stop_words="english").fit_transform(texts), args.repeat)
    add('sklearn CountVectorizer(stop_words="english")', t, f"{X.sum():,} tokens, {X.shape[1]:,} terms")
    t, out = best_cpu(lambda: [tokens.tokenize(x) for x in texts], args.repeat)
    add("cuttings tokenize (aliases, stop words out)", t, f"{sum(map(len, out)):,} tokens")
    t, out = best_cpu(lambda: [tokens.tokenize(x, aliases=False) for x in texts], args.repeat)
    add("cuttings tokenize (aliases=False)", t, f"{sum(map(len, out)):,} tokens")
    t, (X, vocab, n_tok) = best_cpu(lambda: terms.term_matrix(texts), args.repeat)
    add("cuttings term_matrix (CountVectorizer + Analyzer)", t,
        f"{X.sum():,} tokens counted of {n_tok.sum():,}, {len(vocab):,} terms")

    t0 = time.process_time()
    corpus = cuttings.load(BBC, progress=False)
    _ = corpus.lines
    load_s = time.process_time() - t0
    docs = corpus.documents
    docs["category"] = [Path(f).parent.name for f in docs["file"]]  # the five BBC folders
    t, freq = best_cpu(lambda: terms.frequencies(corpus), 1)
    add("terms.frequencies(corpus)", t, f"{len(freq):,} rows")
    t, freq = best_cpu(lambda: terms.frequencies(corpus, by="piece"), 1)
    add('terms.frequencies(by="piece")', t, f"{len(freq):,} rows, {docs.shape[0]:,} pieces")
    t, key = best_cpu(lambda: terms.keyness(corpus, by="category"), 1)
    add('terms.keyness(by=category folder)', t, f"{len(key):,} rows")
    t, key_p = best_cpu(lambda: terms.keyness(corpus, by="piece"), 1)
    add('terms.keyness(by="piece")', t, f"{len(key_p):,} rows")
    t, conc = best_cpu(lambda: concordance.kwic(corpus, "government"), 1)
    add('concordance.kwic("government")', t, f"{len(conc):,} rows")
    t, col = best_cpu(lambda: concordance.collocates(corpus, "government"), 1)
    add('concordance.collocates("government")', t, f"{len(col):,} rows")

    print(f"{len(texts):,} BBC articles, {mb:.2f} MB; CPU seconds, best of {args.repeat} "
          f"(corpus-level rows: 1 run; loading and segmenting the folder took {load_s:.1f} s, not counted)")
    print(f"{'measurement':<52} {'seconds':>8} {'MB/s':>7} {'x sklearn':>9}  notes")
    for name, seconds, speed, note in rows:
        print(f"{name:<52} {seconds:>8.2f} {speed:>7.2f} {base / seconds:>9.2f}  {note}")
    print("\nkeywords of each BBC folder against the other four (top 6 by G²):")
    for g, grp in key.groupby("group", sort=False):
        print(f"  {g:<14} " + ", ".join(grp.head(6)["term"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
