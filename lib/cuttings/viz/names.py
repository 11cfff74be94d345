"""Figures of names: spellings of each listed name, and names mentioned together."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .figures import figure, styled
from .layout import MAX_ROWS, rows_height

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


@styled
def plot_variants(table: "pd.DataFrame", *, min_spellings: int = 2, top: int = MAX_ROWS):
    """Figure listing, for names written more than one way, each spelling and its mentions; return (fig, table).

    ``table``: ``cuttings.analysis.names.variant_table(corpus)``. At most ``top`` names are listed,
    the most mentioned (the table returned holds every name written more than one way).
    """
    table = table.copy()
    table["folded"] = table["surface"].str.replace("’", "'").str.lower()
    n_spell = table.groupby("canonical")["folded"].nunique()
    keep = n_spell[n_spell >= min_spellings].index
    table = table[table["canonical"].isin(keep)].drop(columns="folded")
    rows = []
    for canon, g in table.groupby("canonical", sort=True):
        total = int(g["mentions"].sum())
        spellings = "  ·  ".join(f"{s} ({m})" for s, m in zip(g["surface"], g["mentions"]))
        rows.append((canon, g["type"].iloc[0], total, spellings))
    rows.sort(key=lambda r: (-r[2], r[0]))
    n_names = len(rows)
    rows = rows[:top]
    fig, ax = figure(size=(11, rows_height(len(rows), per_row=0.32, extra=1.3)))
    ax.set_axis_off()
    for k, (canon, kind, total, spellings) in enumerate(rows):
        y = 1 - (k + 0.5) / max(len(rows), 1)
        ax.text(0.0, y, f"{canon}", fontsize=8.5, fontweight="bold", va="center", transform=ax.transAxes)
        ax.text(0.22, y, f"{kind}, {total}", fontsize=7.5, va="center", color="#555555", transform=ax.transAxes)
        ax.text(0.34, y, spellings if len(spellings) < 120 else spellings[:119] + "…", fontsize=7.5,
                va="center", transform=ax.transAxes)
    more = f"; the {len(rows)} most mentioned of {n_names:,}" if n_names > len(rows) else ""
    if not rows:
        ax.text(0.5, 0.5, "No listed name is written in more than one way.", ha="center", va="center",
                fontsize=9, color="#555555", transform=ax.transAxes)
    ax.set_title(f"Names written in more than one way (spelling as written, mentions in brackets{more})")
    return fig, table.reset_index(drop=True)


@styled
def plot_co_mentions(matrix: "pd.DataFrame"):
    """Heatmap of how many pieces mention both of two names (people and organisations); return (fig, matrix).

    ``matrix``: ``cuttings.analysis.names.co_mentions(corpus)``.
    """
    n = len(matrix)
    fig, ax = figure(size=(8.5, 7.2))
    values = matrix.to_numpy()
    ax.imshow(values, cmap="Blues", vmin=0, vmax=max(int(values.max()), 1))
    ax.set_xticks(range(n), matrix.columns, rotation=45, ha="right")
    ax.set_yticks(range(n), matrix.index)
    for i in range(n):
        for j in range(n):
            v = int(values[i, j])
            ax.text(j, i, str(v), ha="center", va="center", fontsize=7,
                    color="white" if v > 0.6 * values.max() else "#222222")
    ax.set_title("Pieces that mention both names (diagonal: pieces mentioning the name)")
    ax.spines[:].set_visible(False)
    return fig, matrix.reset_index(names="name")
