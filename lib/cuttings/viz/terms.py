"""Figures of term frequencies: top terms, n-grams, keyness, dispersion, framing heatmaps, concordances."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .figures import MAX_INCHES, figure, styled
from .layout import MAX_ROWS, per_piece, rows_height

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


@styled
def plot_top_terms(table, *, title: str = "Words most used in the pieces (alias-aware)", n: int = 25,
                   value: str = "count"):
    """Horizontal bars of the first ``n`` rows of a ``frequencies`` table; return ``(fig, table)``."""
    shown = table.head(n)
    fig, ax = figure(size=(8, 0.26 * len(shown) + 1.6))
    y = list(range(len(shown)))[::-1]
    ax.barh(y, shown[value], color="#4477AA")
    ax.set_yticks(y, shown["term"])
    for yy, v in zip(y, shown[value]):
        ax.text(v, yy, f" {v:,.0f}" if value == "count" else f" {v:.1f}", va="center", fontsize=7)
    ax.set_xlabel("occurrences in the counted lines" if value == "count" else "per 1,000 tokens")
    ax.set_title(title)
    ax.margins(x=0.1)
    return fig, shown.reset_index(drop=True)


@styled
def plot_ngrams(bigrams: "pd.DataFrame", trigrams: "pd.DataFrame", *, n: int = 15):
    """Two panels: the most frequent bigrams and trigrams (stop words dropped); return ``(fig, table)``.

    ``bigrams``, ``trigrams``: ``cuttings.analysis.terms.ngrams(corpus, n=2)`` and ``n=3``; the first
    ``n`` rows of each are drawn.
    """
    import pandas as pd
    from matplotlib.ticker import MaxNLocator

    tables = [t.head(n).assign(n=k) for t, k in ((bigrams, 2), (trigrams, 3))]
    fig, axes = figure(ncols=2, size=(11, 0.28 * n + 1.8))
    for ax, t, k in zip(axes, tables, (2, 3)):
        y = list(range(len(t)))[::-1]
        ax.barh(y, t["count"], color="#228833" if k == 2 else "#CCBB44")
        ax.set_yticks(y, t["term"], fontsize=7.5)
        for yy, v in zip(y, t["count"]):
            ax.text(v, yy, f" {v}", va="center", fontsize=7)
        ax.set_xlabel("occurrences")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(f"{'Two' if k == 2 else 'Three'}-word sequences")
        ax.margins(x=0.12)
    fig.suptitle("Most frequent word sequences in the pieces (stop words removed, alias-aware)")
    return fig, pd.concat(tables, ignore_index=True)


@styled
def plot_keyness(table, *, n: int = 8, title: str | None = None, ncols: int = 2, max_groups: int = 8):
    """Diverging bars per group: the ``n`` most over- and under-represented terms (signed G²).

    ``table``: a ``keyness`` table. At most ``max_groups`` panels are drawn, the groups with the
    most tokens (the title says how many were left out), and ``n`` shrinks so that the figure
    stays within ``MAX_INCHES``. Returns ``(fig, shown)`` with the rows drawn.
    """
    import math

    import pandas as pd

    groups = list(dict.fromkeys(table["group"]))
    # tokens of each group, recovered from a row it uses (count / per 1,000)
    sizes = {}
    for g in groups:
        t = table[(table["group"] == g) & (table["count_target"] > 0)]
        sizes[g] = int(round(t["count_target"].iloc[0] * 1000 / t["per_1k_target"].iloc[0])) if len(t) else 0
    n_groups = len(groups)
    if n_groups > max_groups:
        largest = sorted(groups, key=lambda g: (-sizes[g], str(g)))[:max_groups]
        groups = [g for g in groups if g in largest]
    nrows = max(1, math.ceil(len(groups) / ncols))
    title_space = 0.45
    n = max(2, min(n, int(((MAX_INCHES - 0.4 - title_space) / nrows - 1.1) / 0.4)))
    shown = []
    for g in groups:
        t = table[table["group"] == g]
        pos = t[t["g2"] > 0].nlargest(n, "g2")
        neg = t[t["g2"] < 0].nsmallest(n, "g2")
        shown.append(pd.concat([pos, neg.iloc[::-1]]))
    height = (0.2 * 2 * n + 1.1) * nrows + title_space
    # tight layout: constrained layout's solver differs in the last digits between runs on grids of
    # panels, which would make the SVG files differ; the top strip is kept for the title
    fig, axes = figure(nrows=nrows, ncols=ncols, size=(5.2 * ncols, height), squeeze=False, layout="tight")
    fig.get_layout_engine().set(rect=(0, 0, 1, 1 - title_space / height))
    for k, ax in enumerate(axes.flat):
        if k >= len(groups):
            ax.set_visible(False)
            continue
        t = shown[k]
        y = list(range(len(t)))[::-1]
        ax.barh(y, t["g2"], color=["#CC6677" if v > 0 else "#4477AA" for v in t["g2"]])
        ax.set_yticks(y, t["term"], fontsize=7)
        ax.axvline(0, color="#333333", linewidth=0.6)
        g = groups[k]
        name = str(g) if len(str(g)) <= 40 else str(g)[:39] + "…"
        ax.set_title(f"{name} ({sizes[g]:,} tokens)" if sizes[g] else name, fontsize=9)
        ax.set_xlabel("signed log-likelihood G² (+ more, − less than the rest)", fontsize=7.5)
    heading = title or "Words that distinguish each group from the rest of the corpus"
    if n_groups > len(groups):
        heading += f"\n(the {len(groups)} largest of {n_groups:,} groups)"
    fig.suptitle(heading, x=0.01, y=1 - 0.12 / height, ha="left", va="top", fontsize=11, fontweight="bold")
    return fig, pd.concat(shown, ignore_index=True) if shown else table.head(0)


@styled
def plot_dispersion(table: "pd.DataFrame", bounds: "pd.DataFrame", *, terms: list[str] | None = None,
                    title: str = "Where key terms occur along the corpus"):
    """Dispersion plot (AntConc's Plot, quanteda's x-ray): one row per term, a tick per occurrence,
    piece boundaries as vertical lines; return ``(fig, table)``.

    Up to ``MAX_ROWS`` pieces, pieces are shaded in turn and numbered where the label fits; with
    more, only the tick marks (the pieces are too many to mark). ``table``:
    ``cuttings.analysis.concordance.dispersion(corpus, terms)``; ``bounds``: ``piece_boundaries(corpus)``
    with the same options; ``terms``: the rows, in order (default: the terms of the table, in order).
    """
    terms = list(dict.fromkeys(table["term"])) if terms is None else list(terms)
    total = int(bounds["end"].max()) if len(bounds) else 1
    width = 10.0
    fig, ax = figure(size=(width, rows_height(len(terms), extra=1.9)))
    for i, term in enumerate(terms):
        y = len(terms) - 1 - i
        pos = table.loc[table["term"] == term, "position"]
        ax.vlines(pos, y - 0.35, y + 0.35, color="#222222", linewidth=0.7)
        ax.text(total * 1.005, y, f"{len(pos):,}", va="center", fontsize=7, color="#555555")
    marked = per_piece(len(bounds))
    if marked:
        # a piece's number is written only where it does not run into the previous one
        char = 7 * 0.62 / 72 / (width * 0.78) * total  # width of a character in token positions (approx.)
        last_end = -1.0
        for k, (_, b) in enumerate(bounds.iterrows()):
            if k % 2:
                ax.axvspan(b["start"], b["end"], color="#EEEEEE", zorder=0, linewidth=0)
            ax.axvline(b["start"], color="#CC6677", linewidth=0.6, linestyle="--")
            label = f"#{b['doc_id']}"
            mid, half = (b["start"] + b["end"]) / 2, len(label) * char / 2
            if b["n_tokens"] > 0 and mid - half > last_end + char:
                ax.text(mid, len(terms) - 0.35, label, ha="center", va="bottom", fontsize=7, color="#AA3355")
                last_end = mid + half
    ax.text(total * 1.005, len(terms) - 0.35, "count", va="bottom", fontsize=7, color="#555555")
    ax.set_yticks(list(range(len(terms)))[::-1], terms)
    ax.set_xlim(0, total)
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    ax.set_ylim(-0.6, len(terms) - 0.1 + 0.45)
    if marked:
        ax.set_xlabel("token position in the corpus (counted lines, in file order; bands and #n: pieces)")
    else:
        ax.set_xlabel(f"token position in the corpus (counted lines of {len(bounds):,} pieces, in file order)")
    ax.set_title(title)
    return fig, table


@styled
def plot_framing(table, *, value: str = "per_1k", title: str = "Framing words per 1,000 words, by source",
                 max_columns: int = 12):
    """Heatmap of a ``framing`` table, cells annotated (value per 1,000 tokens, raw count in brackets).

    Frames are rows and groups columns; with more than ``max_columns`` groups the table is turned
    (groups as rows) so that it stays readable, and with more than ``MAX_ROWS`` groups only the
    ``MAX_ROWS`` that use the frames' words most (per 1,000 tokens, summed over frames) are drawn.
    Returns ``(fig, wide)``, ``wide`` the frames x groups matrix drawn.
    """
    import numpy as np

    frames = list(dict.fromkeys(table["frame"]))
    groups = list(dict.fromkeys(table["group"]))
    n_groups = len(groups)
    if not frames or not groups:
        fig, ax = figure(size=(9, 2.2))
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No framing lexicon: the corpus's profile has no framing.txt.", ha="center",
                va="center", transform=ax.transAxes, color="#555555")
        ax.set_title(title)
        return fig, table.head(0)
    if n_groups > MAX_ROWS:
        weight = table.groupby("group", sort=False)[value].sum()
        keep = set(sorted(groups, key=lambda g: (-float(weight[g]), str(g)))[:MAX_ROWS])
        groups = [g for g in groups if g in keep]
        table = table[table["group"].isin(keep)]
        title += f"\n(the {len(groups)} {'pieces' if isinstance(groups[0], (int, np.integer)) else 'groups'} " \
                 f"that use these words most, of {n_groups:,})"
    wide = table.pivot_table(index="frame", columns="group", values=value, aggfunc="sum", sort=False)
    raw = table.pivot_table(index="frame", columns="group", values="count", aggfunc="sum", sort=False)
    wide, raw = wide.loc[frames, groups], raw.loc[frames, groups]
    sizes = table.drop_duplicates("group").set_index("group")["n_tokens"]
    names = [f"#{g}" if isinstance(g, (int, np.integer)) else str(g) for g in groups]
    group_labels = [f"{name}\n({int(sizes[g]):,} tokens)" for name, g in zip(names, groups)]
    turned = len(groups) > max_columns
    shown, counts = (wide.T, raw.T) if turned else (wide, raw)
    row_labels, col_labels = (group_labels, frames) if turned else (frames, group_labels)
    n_rows, n_cols = shown.shape
    fig, ax = figure(size=(1.25 * n_cols + 3.2, rows_height(n_rows, per_row=0.5 if turned else 0.42, extra=2.2)))
    vmax = float(np.nanmax(shown.to_numpy())) if shown.size else 0.0
    vmax = vmax or 1.0
    im = ax.imshow(shown.to_numpy(), cmap="Reds", aspect="auto", vmin=0, vmax=vmax)
    for i in range(n_rows):
        for j in range(n_cols):
            v, k = shown.iat[i, j], counts.iat[i, j]
            ax.text(j, i, f"{v:.1f}\n({k})" if k else "·", ha="center", va="center", fontsize=7,
                    color="white" if v > 0.6 * vmax else "#222222")
    ax.set_xticks(range(n_cols), col_labels, rotation=30, ha="right")
    ax.set_yticks(range(n_rows), row_labels, fontsize=7.5 if turned else None)
    ax.set_title(title)
    ax.grid(False)
    cbar = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cbar.set_label("per 1,000 tokens (in brackets: count)")
    return fig, wide.reset_index()


@styled
def plot_kwic(table, *, n: int = 15, title: str | None = None, width: int = 48):
    """Render the first ``n`` rows of a ``kwic`` table as a figure (left context right-aligned,
    the match in bold, right context); return ``(fig, shown)``."""
    shown = table.head(n).reset_index(drop=True)
    rows = max(len(shown), 1)
    fig, ax = figure(size=(11, 0.26 * rows + 1.2))
    ax.axis("off")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.5, rows - 0.5)
    ax.set_title(title or "Concordance (keyword in context)")
    renderer = fig.canvas.get_renderer()
    to_axes = ax.transAxes.inverted()
    style = dict(va="center", fontsize=7.5, family="monospace")
    for i, r in shown.iterrows():
        y = rows - 1 - i
        left = r["left"] if len(r["left"]) <= width else "…" + r["left"][-width + 1:]
        right = r["right"] if len(r["right"]) <= width else r["right"][: width - 1] + "…"
        ax.text(0.0, y, f"#{r['doc_id']}:{r['line_no']}", ha="left", fontsize=7, color="#777777",
                va="center", family="monospace")
        ax.text(0.45, y, left + " ", ha="right", **style)
        match = ax.text(0.45, y, r["match"], ha="left", weight="bold", color="#AA3377", **style)
        # the right context starts where the match ends (measured, so any match length fits)
        x_end = to_axes.transform(match.get_window_extent(renderer=renderer))[1][0]
        ax.text(x_end, y, ("" if right[:1] in ",.;:!?)”’" else " ") + right, ha="left", **style)
    return fig, shown


