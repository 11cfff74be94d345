"""Figures of what a corpus is made of: pieces by length and kind, lines by role, sentences and turns."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis.overview import piece_label
from ..segment import ROLES
from .figures import figure, styled
from .layout import per_piece, plural, row_font, rows_height

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# Colours of line roles in every chart (grouped: text, apparatus, speech, letter, other).
ROLE_COLOURS = {
    "body": "#C8C8C8", "title": "#222222", "heading": "#666666", "caption": "#E69F00",
    "attribution": "#CC79A7", "credit": "#D55E00", "link": "#8C564B", "date": "#BCBD22",
    "question": "#0072B2", "answer": "#56B4E9", "statement": "#009E73",
    "salutation": "#9467BD", "signoff": "#C5B0D5", "signature": "#5E2A7E", "list_item": "#F0E442",
    "subhead": "#999999", "byline": "#AD494A", "dateline": "#DBDB8D", "blank": "#FFFFFF",
}

# Colours of the kinds of piece, in order of first appearance (cycled beyond eight kinds).
KIND_PALETTE = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB", "#222222")


def kind_colours(kinds) -> dict[str, str]:
    """Colour of each kind of piece (in the order given; the palette cycles beyond eight)."""
    return {k: KIND_PALETTE[i % len(KIND_PALETTE)] for i, k in enumerate(dict.fromkeys(kinds))}


def _log_bins(values, n: int = 30):
    """Histogram bin edges for positive counts: logarithmic when they span more than two decades."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    lo, hi = max(1.0, float(v.min()) if v.size else 1.0), max(2.0, float(v.max()) if v.size else 2.0)
    if hi / lo > 100:
        return np.geomspace(lo, hi * 1.0001, n + 1), True
    return np.linspace(0, hi * 1.0001, n + 1), False


@styled
def plot_pieces(counts: "pd.DataFrame"):
    """Words per piece, coloured by kind; return ``(fig, table)``.

    Up to ``MAX_ROWS`` pieces: one bar per piece. More: a histogram of piece lengths, stacked by
    kind, with the median marked. ``counts``: ``cuttings.analysis.overview.unit_counts(corpus)``;
    the table returned is ``counts`` (one row per piece in both forms).
    """
    from matplotlib.patches import Patch

    colours = kind_colours(counts["kind"])
    handles = [Patch(color=c, label=k) for k, c in colours.items()]
    if not per_piece(len(counts)):
        return _pieces_histogram(counts, colours, handles), counts
    height = rows_height(len(counts))
    fig, ax = figure(size=(9, height))
    y = range(len(counts))[::-1]
    ax.barh(list(y), counts["n_words"], color=[colours[k] for k in counts["kind"]])
    ax.set_yticks(list(y), counts["label"], fontsize=row_font(len(counts), height=height))
    for yy, n in zip(y, counts["n_words"]):
        ax.text(n, yy, f" {n:,}", va="center", fontsize=7.5)
    ax.set_xlabel("words (whitespace-separated tokens)")
    ax.set_title("Pieces found in the dump, by length and kind")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="kind (from text signals)")
    ax.margins(x=0.12)
    return fig, counts


def _pieces_histogram(counts, colours, handles):
    import numpy as np

    words = counts["n_words"].to_numpy()
    bins, log = _log_bins(words)
    fig, ax = figure(size=(9, 5.2))
    stacks = [counts.loc[counts["kind"] == k, "n_words"].to_numpy() for k in colours]
    ax.hist(stacks, bins=bins, stacked=True, color=list(colours.values()), edgecolor="white", linewidth=0.3)
    if log:
        ax.set_xscale("log")
    median = float(np.median(words))
    ax.axvline(median, color="#222222", linewidth=1, linestyle="--")
    ax.annotate(f"median {median:,.0f} words", (median, 1.0), xycoords=("data", "axes fraction"),
                xytext=(4, -4), textcoords="offset points", va="top", fontsize=8)
    ax.set_xlabel("words per piece (whitespace-separated tokens" + ("; log scale)" if log else ")"))
    ax.set_ylabel("pieces")
    ax.set_title(f"Length of the {len(counts):,} pieces found in the dump, by kind")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="kind (from text signals)")
    return fig


@styled
def plot_roles(table: "pd.DataFrame", documents: "pd.DataFrame", *, value: str = "n_lines"):
    """Stacked bars: how pieces are made of line roles (``value``: n_lines or n_words); return (fig, table).

    Up to ``MAX_ROWS`` pieces: one bar per piece (the table: ``table`` without blank lines). More:
    one bar per kind of piece, as shares of its lines or words (the table: kind, role, n_pieces,
    ``value``, share). ``table``: ``cuttings.analysis.overview.role_counts(corpus)``;
    ``documents``: ``corpus.documents``.
    """
    from matplotlib.ticker import PercentFormatter

    table = table[table["role"] != "blank"]
    unit = "lines" if value == "n_lines" else "words"
    if per_piece(len(documents)):
        labels = {r["doc_id"]: piece_label(r) for _, r in documents.iterrows()}
        wide = table.pivot_table(index="doc_id", columns="role", values=value, aggfunc="sum",
                                 fill_value=0, observed=True)
        names = [labels[d] for d in wide.index]
        shown = table
    else:
        kinds = documents.set_index("doc_id")["kind"]
        by_kind = table.assign(kind=table["doc_id"].map(kinds).astype(str))
        n_pieces = documents.groupby("kind").size()
        shown = by_kind.groupby(["kind", "role"], observed=True, as_index=False)[value].sum()
        shown = shown[shown[value] > 0]
        shown["share"] = shown[value] / shown.groupby("kind")[value].transform("sum")
        shown.insert(2, "n_pieces", shown["kind"].map(n_pieces).astype("int64"))
        wide = shown.pivot_table(index="kind", columns="role", values="share", aggfunc="sum", fill_value=0, observed=True)
        wide = wide.loc[sorted(wide.index, key=lambda k: (-int(n_pieces[k]), k))]
        names = [f"{k} ({plural(int(n_pieces[k]), 'piece')})" for k in wide.index]
    roles = [r for r in ROLES if r in wide.columns and wide[r].sum() > 0]
    height = rows_height(len(wide), extra=2.0)
    fig, ax = figure(size=(9, height))
    y = list(range(len(wide)))[::-1]
    left = [0] * len(wide)
    for role in roles:
        vals = wide[role].tolist()
        ax.barh(y, vals, left=left, color=ROLE_COLOURS.get(role, "#777777"), label=role,
                edgecolor="white", linewidth=0.4)
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(y, names, fontsize=row_font(len(wide), height=height, extra=2.0))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="line role", fontsize=7.5)
    what = "Lines by role" if unit == "lines" else "Words by line role"
    if per_piece(len(documents)):
        ax.set_xlabel(f"{unit} in the piece")
        ax.set_title(f"{what} in each piece")
    else:
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlabel(f"share of the {unit} of the pieces of each kind")
        ax.set_title(f"{what}, by kind of piece ({len(documents):,} pieces)")
    return fig, shown.reset_index(drop=True)


@styled
def plot_units(counts: "pd.DataFrame"):
    """Sentences and speech turns per piece; return ``(fig, table)``.

    Up to ``MAX_ROWS`` pieces: grouped bars per piece. More: histograms of sentences per piece and
    of turns per piece. ``counts``: ``cuttings.analysis.overview.unit_counts(corpus)`` (returned as the table).
    """
    if not per_piece(len(counts)):
        return _units_histograms(counts), counts
    height = rows_height(len(counts))
    fig, ax = figure(size=(9, height))
    y = list(range(len(counts)))[::-1]
    h = 0.38
    ax.barh([v + h / 2 for v in y], counts["n_sentences"], height=h, color="#4477AA", label="sentences")
    ax.barh([v - h / 2 for v in y], counts["n_turns"], height=h, color="#228833", label="turns (questions, answers, statements)")
    for yy, s, t in zip(y, counts["n_sentences"], counts["n_turns"]):
        ax.text(s, yy + h / 2, f" {s}", va="center", fontsize=7)
        if t:
            ax.text(t, yy - h / 2, f" {t}", va="center", fontsize=7)
    ax.set_yticks(y, counts["label"], fontsize=row_font(len(counts), height=height))
    ax.set_xlabel("count per piece")
    ax.set_title("Sentences and speech turns in each piece")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.margins(x=0.08)
    return fig, counts


def _units_histograms(counts):
    import numpy as np

    columns = [("n_sentences", "sentences per piece", "#4477AA")]
    if counts["n_turns"].sum() > 0:
        columns.append(("n_turns", "speech turns per piece (questions, answers, statements)", "#228833"))
    fig, axes = figure(ncols=len(columns), size=(9 if len(columns) == 1 else 11, 4.6), squeeze=False)
    for ax, (col, label, colour) in zip(axes[0], columns):
        values = counts[col].to_numpy()
        top = int(values.max()) if values.size else 1
        bins = np.arange(0, top + 2) - 0.5 if top <= 40 else np.linspace(0, top + 1, 31)
        ax.hist(values, bins=bins, color=colour, edgecolor="white", linewidth=0.3)
        med = float(np.median(values))
        ax.axvline(med, color="#222222", linewidth=1, linestyle="--")
        ax.annotate(f"median {med:,.0f}", (med, 1.0), xycoords=("data", "axes fraction"), xytext=(4, -4),
                    textcoords="offset points", va="top", fontsize=8)
        ax.set_xlabel(label)
        ax.set_ylabel("pieces")
    fig.suptitle(f"Sentences and speech turns in the {len(counts):,} pieces", x=0.01, ha="left",
                 fontsize=11, fontweight="bold")
    return fig
