"""Figures of recycled text: the piece x piece reuse matrix, the repeated passages, repeated shares,
and term counts with and without repeats."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis.overview import piece_label
from .figures import MAX_INCHES, figure, styled
from .layout import row_font, rows_height

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


@styled
def plot_matrix(full_counts: "pd.DataFrame", full_words: "pd.DataFrame", documents: "pd.DataFrame",
                method: str = "-", *, title: str | None = None, max_pieces: int = 30):
    """Annotated heatmap of the reuse matrix (pairs per piece pair, shared words in brackets); return (fig, table).

    ``full_counts``, ``full_words``: ``cuttings.analysis.reuse.reuse_matrix(corpus, value="pairs")``
    and ``value="words"``; ``documents``: ``corpus.documents``; ``method``: the pairs' method. With
    more than ``max_pieces`` pieces, only the ``max_pieces`` with the most shared words are shown
    (in corpus order; pieces sharing nothing are left out, and a short note is drawn when none
    shares anything). The table has one row per pair of pieces with any reuse (all of them):
    a_doc, b_doc, pairs, words, method.
    """
    import numpy as np
    from matplotlib.colors import LogNorm

    counts, words = full_counts, full_words
    docs = documents
    if len(docs) > max_pieces:
        weight = full_words.sum(axis=1) + full_words.sum(axis=0) + full_counts.sum(axis=1) + full_counts.sum(axis=0)
        weight = weight[weight > 0]
        keep = sorted(weight.sort_values(ascending=False, kind="stable").index[:max_pieces])
        counts, words = full_counts.loc[keep, keep], full_words.loc[keep, keep]
        docs = docs[docs["doc_id"].isin(keep)]
        if not keep:
            return _nothing(f"No repeated passages between or within the {len(documents):,} pieces"), _pair_table(
                full_counts, full_words, method)
    labels = [piece_label(r, width=30) for _, r in docs.iterrows()]
    n = len(counts)
    fig, ax = figure(size=(min(MAX_INCHES - 0.4, max(10.0, 0.45 * n + 5.5)), rows_height(n, extra=2.6)))
    data = words.to_numpy().astype(float)
    shown = np.ma.masked_less_equal(data, 0)
    top = float(data.max()) if data.max() > 0 else 10.0
    cmap = _cmap()
    im = ax.imshow(shown, cmap=cmap, norm=LogNorm(vmin=1, vmax=max(top, 10.0)), aspect="auto",
                   interpolation="nearest")
    for i in range(n):
        for j in range(n):
            c = counts.iat[i, j]
            if c:
                dark = data[i, j] >= max(top, 10.0) ** 0.6
                ax.text(j, i, f"{c}\n({words.iat[i, j]:,} w)", ha="center", va="center", fontsize=6.5,
                        color="white" if dark else "black", linespacing=1.1)
    ax.set_xticks(range(n), [f"#{d}" for d in counts.columns], rotation=90 if n > 12 else 0)
    ax.set_yticks(range(n), labels, fontsize=7.5)
    ax.set_xlabel("piece (doc_id)")
    ax.set_ylabel("piece")
    ax.set_xticks(np.arange(-0.5, n, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
    ax.grid(which="minor", color="#DDDDDD", linewidth=0.5)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="minor", length=0)
    cb = fig.colorbar(im, ax=ax, shrink=0.8, pad=0.02)
    ticks = [t for t in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)
             if t <= max(top, 10.0)]
    cb.set_ticks(ticks, labels=[f"{t:,}" for t in ticks])
    cb.ax.minorticks_off()
    cb.set_label("shared words (log scale)")
    ax.set_title(title or "Repeated passages between and within pieces\n"
                          "(cell: number of passage pairs, shared words; diagonal: within a piece)")
    if n < len(full_counts):
        ax.set_title(ax.get_title(loc="left") + f"\n{n} of {len(full_counts):,} pieces: those with the most shared words")
    return fig, _pair_table(full_counts, full_words, method)


def _pair_table(full_counts, full_words, method: str) -> "pd.DataFrame":
    """One row per pair of pieces with any reuse: a_doc, b_doc, pairs, words, method."""
    import numpy as np
    import pandas as pd

    c = full_counts.to_numpy()
    a, b = np.nonzero(np.triu(c))
    ids_r, ids_c = full_counts.index.to_numpy(), full_counts.columns.to_numpy()
    table = pd.DataFrame({"a_doc": ids_r[a].astype(int), "b_doc": ids_c[b].astype(int),
                          "pairs": c[a, b].astype(int), "words": full_words.to_numpy()[a, b].astype(int)})
    table["method"] = method
    return table


def _nothing(title: str):
    """A small figure saying there is nothing to draw."""
    fig, ax = figure(size=(9, 1.8))
    ax.set_axis_off()
    ax.text(0.5, 0.5, "Nothing to draw: the detector found no repeated passage.", ha="center", va="center",
            color="#555555", transform=ax.transAxes)
    ax.set_title(title)
    return fig


@styled
def plot_pairs(pairs: "pd.DataFrame", *, title: str | None = None, width: int = 110, max_rows: int = 40):
    """A table figure listing repeated passages: where each copy is, kind, similarity, shared text; return (fig, table).

    One row per pair (first ``max_rows``), the shared text wrapped to ``width`` characters (two lines
    at most). The table returned is ``pairs`` itself (all rows).
    """
    import textwrap

    texts: list[list[str]] = []
    budget = 56  # text lines that fit on a page at 0.24 inch each
    for s in pairs["shared"].head(max_rows):
        lines = textwrap.wrap(f"“{s}”", width) or [""]
        if len(lines) > 2:
            lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder=" …")]
        if sum(len(t) for t in texts) + len(lines) > budget:
            break
        texts.append(lines)
    shown = pairs.head(len(texts))
    max_rows = len(texts)
    heights = [len(t) for t in texts]
    total = sum(heights) + 1.5
    fig, ax = figure(size=(11, 0.24 * total + 1.0))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(total, 0)
    cols = [(0.0, "first copy"), (0.09, "repeat"), (0.18, "kind"), (0.265, "similarity"), (0.34, "shared text")]
    for x, name in cols:
        ax.text(x, 0.6, name, fontsize=8, fontweight="bold", va="center")
    ax.axhline(1.1, color="#888888", linewidth=0.6)
    y = 1.5
    for (_, r), lines in zip(shown.iterrows(), texts):
        mid = y + (len(lines) - 1) / 2
        where_a = f"#{r['a_doc']} l.{r['a_line']}"
        where_b = f"#{r['b_doc']} l.{r['b_line']}"
        ax.text(0.0, mid, where_a, fontsize=8, va="center")
        ax.text(0.09, mid, where_b, fontsize=8, va="center")
        ax.text(0.18, mid, r["kind"], fontsize=8, va="center")
        ax.text(0.265, mid, f"{r['similarity']:.2f}", fontsize=8, va="center")
        for k, line in enumerate(lines):
            ax.text(0.34, y + k, line, fontsize=7.5, va="center", color="#333333")
        y += len(lines)
        ax.axhline(y - 0.5, color="#E5E5E5", linewidth=0.5)
    more = f" (first {max_rows} of {len(pairs)})" if len(pairs) > max_rows else ""
    ax.set_title(title or f"Repeated passages and where they are{more}\n"
                          "(#piece l.line; similarity: share of the shorter passage's words shared)", loc="left")
    return fig, pairs


@styled
def plot_share(share: "pd.DataFrame", documents: "pd.DataFrame", *, max_pieces: int = 40):
    """Bar chart of the share of each piece that repeats an earlier passage; return (fig, table).

    ``share``: ``cuttings.analysis.reuse.repeated_share(corpus)``; ``documents``: ``corpus.documents``.
    With more than ``max_pieces`` pieces, the ``max_pieces`` largest shares above zero are shown (ties
    by doc_id; a short note when no piece has any).
    """
    shown = share
    if len(share) > max_pieces:
        shown = share[share["share"] > 0]
        shown = shown.sort_values(["share", "doc_id"], ascending=[False, True], kind="stable").head(max_pieces)
        shown = shown.sort_values("doc_id")
        if not len(shown):
            return _nothing(f"No piece of the {len(share):,} repeats an earlier passage"), share
    docs = documents.set_index("doc_id")
    labels = [piece_label(docs.loc[d].to_dict() | {"doc_id": d}) for d in shown["doc_id"]]
    height = rows_height(len(shown), extra=1.8)
    fig, ax = figure(size=(9, height))
    y = list(range(len(shown)))[::-1]
    pct = (100 * shown["share"]).tolist()
    ax.barh(y, pct, color="#AA3377")
    for yy, p, r, n in zip(y, pct, shown["repeated_words"], shown["n_words"]):
        ax.text(p, yy, f" {p:.1f}% ({r:,} of {n:,} words)", va="center", fontsize=7.5)
    ax.set_yticks(y, labels, fontsize=row_font(len(shown), height=height, extra=1.8))
    ax.set_xlabel("share of the piece's words that repeat an earlier passage (%)")
    more = f"\n({len(shown)} of {len(share):,} pieces: the largest shares above zero)" if len(shown) < len(share) else ""
    ax.set_title("Share of each piece that repeats an earlier passage" + more)
    ax.set_xlim(0, min(140.0, max(5.0, max(pct or [0]) * 1.6)))
    return fig, share


@styled
def plot_term_change(table: "pd.DataFrame", *, top: int = 20):
    """Paired bars of the ``top`` terms' counts with and without repeats (a ``term_change`` table); return (fig, table)."""
    head = table.head(top)
    fig, ax = figure(size=(9, 0.3 * len(head) + 1.8))
    y = list(range(len(head)))[::-1]
    h = 0.4
    ax.barh([v + h / 2 for v in y], head["count"], height=h, color="#BBBBBB", label="all lines")
    ax.barh([v - h / 2 for v in y], head["count_dedup"], height=h, color="#4477AA",
            label="each repeated passage once (unique_text)")
    for yy, c, d in zip(y, head["count"], head["count_dedup"]):
        if c != d:
            ax.text(c, yy + h / 2, f" {d - c:+d}", va="center", fontsize=7, color="#AA3377")
    ax.set_yticks(y, head["term"])
    ax.set_xlabel("occurrences in content lines")
    ax.set_title(f"Top {len(head)} terms counted with and without repeated passages")
    ax.legend(loc="lower right")
    return fig, head


def _cmap():
    from matplotlib.colors import LinearSegmentedColormap

    cmap = LinearSegmentedColormap.from_list("reuse", ["#FBE3EE", "#D9739F", "#7A1C4B"])
    cmap.set_bad("#FFFFFF")  # pieces with nothing in common stay white
    return cmap


