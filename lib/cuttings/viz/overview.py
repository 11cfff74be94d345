"""Figures of what a corpus is made of: pieces by length and kind, lines by role, sentences and turns."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis.overview import piece_label
from ..segment import ROLES
from .figures import figure, styled

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# Colours of line roles in every chart (grouped: text, apparatus, speech, letter, other).
ROLE_COLOURS = {
    "body": "#C8C8C8", "title": "#222222", "heading": "#666666", "caption": "#E69F00",
    "attribution": "#CC79A7", "credit": "#D55E00", "link": "#8C564B", "date": "#BCBD22",
    "question": "#0072B2", "answer": "#56B4E9", "statement": "#009E73",
    "salutation": "#9467BD", "signoff": "#C5B0D5", "signature": "#5E2A7E", "list_item": "#F0E442",
    "blank": "#FFFFFF",
}



@styled
def plot_pieces(counts: "pd.DataFrame"):
    """Bar chart of words per piece, coloured by kind; return ``(fig, table)``.

    ``counts``: ``cuttings.analysis.overview.unit_counts(corpus)``.
    """
    from matplotlib.patches import Patch

    kinds = list(dict.fromkeys(counts["kind"]))
    colours = dict(zip(kinds, ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377"]))
    fig, ax = figure(size=(9, 0.42 * len(counts) + 1.6))
    y = range(len(counts))[::-1]
    ax.barh(list(y), counts["n_words"], color=[colours[k] for k in counts["kind"]])
    ax.set_yticks(list(y), counts["label"])
    for yy, n in zip(y, counts["n_words"]):
        ax.text(n, yy, f" {n:,}", va="center", fontsize=7.5)
    ax.set_xlabel("words (whitespace-separated tokens)")
    ax.set_title("Pieces found in the dump, by length and kind")
    handles = [Patch(color=colours[k], label=k) for k in kinds]
    ax.legend(handles=handles, loc="lower right", title="kind (from text signals)")
    ax.margins(x=0.12)
    return fig, counts


@styled
def plot_roles(table: "pd.DataFrame", documents: "pd.DataFrame", *, value: str = "n_lines"):
    """Stacked bars: how each piece is made of line roles (``value``: n_lines or n_words); return (fig, table).

    ``table``: ``cuttings.analysis.overview.role_counts(corpus)``; ``documents``: ``corpus.documents``.
    """
    table = table[table["role"] != "blank"]
    docs = documents
    labels = {r["doc_id"]: piece_label(r) for _, r in docs.iterrows()}
    wide = table.pivot_table(index="doc_id", columns="role", values=value, aggfunc="sum",
                             fill_value=0, observed=True)
    roles = [r for r in ROLES if r in wide.columns and wide[r].sum() > 0]
    fig, ax = figure(size=(9, 0.42 * len(wide) + 2.0))
    y = list(range(len(wide)))[::-1]
    left = [0] * len(wide)
    for role in roles:
        vals = wide[role].tolist()
        ax.barh(y, vals, left=left, color=ROLE_COLOURS.get(role, "#777777"), label=role,
                edgecolor="white", linewidth=0.4)
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(y, [labels[d] for d in wide.index])
    unit = "lines" if value == "n_lines" else "words"
    ax.set_xlabel(f"{unit} in the piece")
    ax.set_title(f"Lines by role in each piece ({unit})")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="line role", fontsize=7.5)
    return fig, table


@styled
def plot_units(counts: "pd.DataFrame"):
    """Grouped bars of sentences and interview/speech turns per piece; return ``(fig, table)``.

    ``counts``: ``cuttings.analysis.overview.unit_counts(corpus)``.
    """
    fig, ax = figure(size=(9, 0.42 * len(counts) + 1.6))
    y = list(range(len(counts)))[::-1]
    h = 0.38
    ax.barh([v + h / 2 for v in y], counts["n_sentences"], height=h, color="#4477AA", label="sentences")
    ax.barh([v - h / 2 for v in y], counts["n_turns"], height=h, color="#228833", label="turns (questions, answers, statements)")
    for yy, s, t in zip(y, counts["n_sentences"], counts["n_turns"]):
        ax.text(s, yy + h / 2, f" {s}", va="center", fontsize=7)
        if t:
            ax.text(t, yy - h / 2, f" {t}", va="center", fontsize=7)
    ax.set_yticks(y, counts["label"])
    ax.set_xlabel("count per piece")
    ax.set_title("Sentences and speech turns in each piece")
    ax.legend(loc="lower right")
    ax.margins(x=0.08)
    return fig, counts
