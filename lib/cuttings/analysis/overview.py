"""What a corpus is made of: pieces, line roles, sentences and turns per piece (tables; figures in ``cuttings.viz``)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..segment import ROLES

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def piece_label(row, width: int = 38) -> str:
    """Return a short label for a piece: ``#3 interview · Without a Trace finds…`` (title cut to ``width``)."""
    title = row["title"]
    if not isinstance(title, str) or not title:
        return f"#{row['doc_id']} {row['kind']} (untitled)"
    title = title.strip("“”\"")
    if len(title) > width:
        title = title[: width - 1].rstrip() + "…"
    return f"#{row['doc_id']} {row['kind']} · {title}"


def role_counts(corpus) -> "pd.DataFrame":
    """Return one row per piece and role: doc_id, role, n_lines, n_words (roles in ``ROLES`` order)."""
    import pandas as pd

    lines = corpus.lines
    words = lines["text"].str.split().str.len().fillna(0).astype("int64")
    df = (lines.assign(n_words=words)
          .groupby(["doc_id", "role"], observed=True)
          .agg(n_lines=("line_no", "size"), n_words=("n_words", "sum"))
          .reset_index())
    df["role"] = pd.Categorical(df["role"].astype(str), categories=list(ROLES))
    return df.sort_values(["doc_id", "role"]).reset_index(drop=True)


def unit_counts(corpus) -> "pd.DataFrame":
    """Return one row per piece: doc_id, label, kind, n_lines, n_words, n_sentences, n_turns, n_questions."""
    docs = corpus.documents
    sents = corpus.sentences.groupby("doc_id").size()
    turns = corpus.turns
    n_turns = turns.drop_duplicates(["doc_id", "turn"]).groupby("doc_id").size()
    n_q = turns[turns["kind"] == "question"].groupby("doc_id").size()
    out = docs[["doc_id", "kind", "n_lines", "n_words"]].copy()
    out.insert(1, "label", [piece_label(r) for _, r in docs.iterrows()])
    out["n_sentences"] = out["doc_id"].map(sents).fillna(0).astype("int64")
    out["n_turns"] = out["doc_id"].map(n_turns).fillna(0).astype("int64")
    out["n_questions"] = out["doc_id"].map(n_q).fillna(0).astype("int64")
    return out
