"""Figures that fit any corpus: size rules shared by the plotting modules, and a check that no label overlaps another.

Every plotting function picks its form by size: one row per piece up to ``MAX_ROWS`` pieces, then a
form whose size does not grow with the corpus (the top ``TOP_N`` with the rest as "all others",
a histogram, or small multiples by kind). Heights come from ``rows_height``, which never exceeds
``MAX_INCHES`` (2,400 px at the style's 150 dpi).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .figures import MAX_INCHES

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MAX_ROWS = 40      # one bar (row, column) per piece up to this many pieces; beyond, a form that does not grow
TOP_N = 25         # rows of a top-N chart; the rest are summed into one "all others" row
OTHERS = "all others"


def per_piece(n: int) -> bool:
    """Whether ``n`` pieces (or groups) get one row each (at most ``MAX_ROWS``)."""
    return n <= MAX_ROWS


def rows_height(n: int, *, per_row: float = 0.42, extra: float = 1.6, max_height: float = MAX_INCHES - 0.4) -> float:
    """Height in inches of a chart of ``n`` rows (``per_row`` each plus ``extra`` for title and axes),
    at most ``max_height``: rows shrink rather than the figure outgrowing a page."""
    return round(min(max_height, per_row * max(n, 1) + extra), 2)


def row_font(n: int, *, height: float, extra: float = 1.6, base: float = 8.5) -> float:
    """Font size (points) of row labels when ``n`` rows share ``height`` inches: ``base`` when rows are
    roomy, smaller (never below 6) when the height cap made them tight."""
    room = (height - extra) / max(n, 1) * 72  # points per row
    return round(max(6.0, min(base, room * 0.62)), 1)


def top_with_others(table: "pd.DataFrame", *, key: str, value: str, n: int = TOP_N, others: str = OTHERS,
                    sums: tuple[str, ...] = ()) -> "pd.DataFrame":
    """Return the ``n`` rows of ``table`` with the largest ``value`` (ties by ``key``), then, when rows
    were left out, one row ``key = others`` summing ``value`` and ``sums`` over them, with a column
    ``n_merged`` (how many rows each shown row stands for: 1, or the count merged into the last)."""
    import pandas as pd

    ordered = table.sort_values([value, key], ascending=[False, True], kind="stable")
    head = ordered.head(n).copy()
    head["n_merged"] = 1
    rest = ordered.iloc[n:]
    if len(rest):
        row: dict[str, Any] = {c: None for c in table.columns}
        row[key] = f"{others} ({len(rest):,})"
        for c in (value, *sums):
            row[c] = rest[c].sum()
        row["n_merged"] = len(rest)
        head = pd.concat([head, pd.DataFrame([row])], ignore_index=True)
    return head.reset_index(drop=True)


def year_range(first, last, *, pad: float = 0.0, clip: float = 0.01, step: int | None = None) -> tuple[int, int]:
    """A date axis from the data: whole years from the earliest to the latest value of ``first`` and
    ``last`` (decimal years). With 100 or more values, the ``clip`` share at each end is left out
    of the axis (a stray "1066" does not squeeze 2004 into a line); ``step`` rounds the ends
    outward to multiples of it. Returns (start, end) with end > start."""
    import numpy as np

    lo_values = np.asarray(first, dtype=float)
    hi_values = np.asarray(last, dtype=float)
    if lo_values.size == 0:
        return 2000, 2001
    if lo_values.size >= 100 and clip > 0:
        lo, hi = float(np.quantile(lo_values, clip)), float(np.quantile(hi_values, 1 - clip))
    else:
        lo, hi = float(lo_values.min()), float(hi_values.max())
    start, end = math.floor(lo - pad), math.ceil(hi + pad)
    if step:
        start, end = start // step * step, -(-end // step) * step
    return start, max(end, start + 1)


def year_ticks(start: int, end: int, *, max_ticks: int = 14) -> list[int]:
    """Year ticks for an axis from ``start`` to ``end``: every 1, 2, 5, 10, 20, 50... years, at most ``max_ticks``."""
    span = max(1, end - start)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if span / step <= max_ticks:
            break
    first = -(-start // step) * step
    return list(range(first, end + 1, step))


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 piece', '3 pieces' (``words``: an irregular plural)."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"
