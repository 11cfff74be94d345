"""Printing a table: jsonl, csv (record by record) or an aligned text table that fits the terminal."""
from __future__ import annotations

import os
import shutil
import sys

FORMATS = ("jsonl", "csv", "table")
ROWS = 100          # rows the aligned table shows by default (the others are counted in a note)
CELL = 60           # longest cell of the aligned table before the terminal width is considered
MIN_TEXT = 8        # narrowest a text column is cut to when the table must fit the width
GAP = 2             # spaces between columns
CHUNK = 10_000      # rows converted at a time when writing jsonl or csv


class Format(str):
    """A format name that carries the table's options (what ``--format`` and ``--rows`` gave)."""

    rows: int | None = ROWS

    def __new__(cls, name: str, *, rows: int | None = ROWS) -> "Format":
        self = super().__new__(cls, name)
        self.rows = rows
        return self


def emit(df, fmt: str, out=None, *, width: int | None = None, rows: int | None = None,
         notes: list[str] | None = None, header: bool = True) -> None:
    """Write a DataFrame to ``out`` (stdout) as jsonl, csv or an aligned text table.

    jsonl and csv keep every row and every field in full and are written ``CHUNK`` rows at a time.
    ``header``: whether csv starts with its header (False to append a later part of a table).
    The table (see ``table_lines``) fits ``width`` columns (default: the terminal's), shows at most
    ``rows`` rows (default: the ``Format``'s, else ``ROWS``; 0: all) and ends with ``notes`` and a
    note of what it left out.
    """
    out = out or sys.stdout
    if rows is None:
        rows = getattr(fmt, "rows", ROWS)
    if fmt == "jsonl":
        import json

        names = [str(c) for c in df.columns]
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        for start in range(0, len(df), CHUNK):
            part = df.iloc[start:start + CHUNK]
            columns = [_json_column(part.iloc[:, i]) for i in range(part.shape[1])]
            out.write("".join(dumps(dict(zip(names, row))) + "\n" for row in zip(*columns)))
    elif fmt == "csv":
        if not len(df):
            if header:
                df.to_csv(out, index=False, lineterminator="\n")
            return
        for start in range(0, len(df), CHUNK):
            df.iloc[start:start + CHUNK].to_csv(out, index=False, lineterminator="\n", header=header and start == 0)
    else:
        for line in table_lines(df, width=width, rows=rows, notes=notes):
            out.write(line + "\n")


def terminal_width() -> int:
    """Columns of the terminal (the ``COLUMNS`` variable first; 100 when output is not a terminal)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return max(20, int(os.environ["COLUMNS"]))
    try:
        if sys.stdout.isatty():
            return max(20, shutil.get_terminal_size().columns)
    except (AttributeError, ValueError, OSError):
        pass
    return 100


def table_lines(df, *, width: int | None = None, rows: int | None = ROWS, notes: list[str] | None = None):
    """Yield the lines of ``df`` as an aligned text table that fits ``width`` characters.

    Text columns are left-aligned and cut with an ellipsis (…), the widest first, until the table
    fits (none below ``MIN_TEXT`` characters or its header); numbers are right-aligned and never cut.
    A column with one value on every row (of two or more) is left out and named in a note. In a
    concordance (columns ``left``, ``match``, ``right``) the left context is right-aligned, cut at its
    start, so that every keyword starts in the same column. When the table is still too wide with
    every text column at its narrowest, the last columns are left out and named in a note. At most
    ``rows`` rows are shown; the last lines say how many were left out. Missing values show as blanks.
    """
    width = width or terminal_width()
    if not len(df):
        yield "(no rows)"
        for n in notes or []:
            yield from _note(n, width)
        return
    shown = df.head(rows) if rows else df
    constant = []
    if len(df) > 1:
        for col in df.columns:
            values = df[col]
            try:
                if values.isna().all() or (values.notna().all() and values.nunique(dropna=False) == 1):
                    constant.append(col)
            except TypeError:  # unhashable cells (lists): never constant
                continue
    cols = [c for c in df.columns if c not in constant] or list(df.columns)
    kwic = {"left", "match", "right"} <= set(cols)
    cells: dict[str, list[str]] = {}
    numeric: dict[str, bool] = {}
    for col in cols:
        series = shown[col]
        numeric[col] = _is_numeric(series)
        floats = numeric[col] and series.dtype.kind == "f"
        cells[col] = [_number(v) if floats else _cell(v) for v in series.tolist()]
    natural = {c: min(max([len(str(c))] + [len(x) for x in cells[c]]), max(CELL, len(str(c)))) if not numeric[c]
               else max([len(str(c))] + [len(x) for x in cells[c]]) for c in cols}
    widths = _fit(natural, [c for c in cols if not numeric[c]], width - GAP * (len(cols) - 1), cols)
    # still too wide with every text column at its narrowest: the last columns are left out (and named)
    hidden: list[str] = []
    while len(cols) > 1 and sum(widths[c] for c in cols) + GAP * (len(cols) - 1) > width:
        hidden.insert(0, cols.pop())
        widths = _fit(natural, [c for c in cols if not numeric[c]], width - GAP * (len(cols) - 1), cols)
    kwic = kwic and {"left", "match", "right"} <= set(cols)
    sep = " " * GAP

    def row_text(values: list[str], header: bool = False) -> str:
        parts = []
        for col, v in zip(cols, values):
            w = widths[col]
            if numeric[col] and not header:
                parts.append(_cut(v, w).rjust(w))
            elif kwic and col == "left":
                parts.append(_cut_left(v, w).rjust(w))
            else:
                parts.append(_cut(v, w).ljust(w))
        return sep.join(parts).rstrip()

    yield row_text([str(c) for c in cols], header=True)
    for i in range(len(shown)):
        yield row_text([cells[c][i] for c in cols])
    for col in constant:
        if col in cols:
            continue
        value = df[col].iloc[0]
        yield from _note(f"{col}: {'blank' if _missing(value) else _cell(value)} on every row", width)
    if hidden:
        yield from _note(f"{len(hidden)} column{'s' if len(hidden) > 1 else ''} left out to fit {width} characters: "
                         f"{', '.join(map(str, hidden))}; a wider terminal, or --format csv or jsonl, shows them", width)
    if rows and len(df) > rows:
        yield from _note(f"{len(df) - rows:,} more row{'s' if len(df) - rows > 1 else ''} not shown: --rows N "
                         "shows N, --rows 0 all; --format csv or jsonl prints every row and field in full", width)
    for n in notes or []:
        yield from _note(n, width)


def _note(text: str, width: int) -> list[str]:
    """A note in parentheses, wrapped to ``width`` characters."""
    import textwrap

    return textwrap.wrap(f"({text})", width=max(20, width), break_long_words=True, break_on_hyphens=False)


def _fit(natural: dict[str, int], text_cols: list[str], room: int, cols: list[str]) -> dict[str, int]:
    """Column widths: the natural ones, with the widest text columns cut until the total fits ``room``."""
    widths = dict(natural)
    excess = sum(widths[c] for c in cols) - room
    floor = {c: min(natural[c], max(MIN_TEXT, len(str(c)))) for c in text_cols}
    while excess > 0:
        cuttable = [c for c in text_cols if widths[c] > floor[c]]
        if not cuttable:
            break
        widest = max(widths[c] for c in cuttable)
        top = [c for c in cuttable if widths[c] == widest]
        second = max([widths[c] for c in cuttable if widths[c] < widest] + [max(floor[c] for c in top)])
        # lower the widest columns together, at most to the next width down
        step = min(widest - second, -(-excess // len(top))) or 1
        for c in top:
            cut = min(step, widths[c] - floor[c], excess)
            widths[c] -= cut
            excess -= cut
            if excess <= 0:
                break
    return widths


def _is_numeric(series) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_numeric_dtype(series.dtype)) and not pd.api.types.is_bool_dtype(series.dtype)


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _cell(value) -> str:
    if _missing(value):
        return ""
    text = str(value)
    if "\n" in text or "\r" in text or "\t" in text:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return text


def _number(value) -> str:
    """A float as the table shows it: six significant digits, blank when missing."""
    if _missing(value):
        return ""
    return f"{value:.6g}"


def _json_column(series) -> list:
    """A column's values ready for JSON (``_plain`` for each, done a column at a time where the dtype allows)."""
    import numpy as np

    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return series.tolist()
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return [None if v != v else v for v in series.tolist()]
    return [v if type(v) is str else _plain(v) for v in series.astype(object).tolist()]


def _plain(value):
    """A JSON-ready value: NaN/NA become null, numpy scalars become Python numbers, lists stay lists."""
    if isinstance(value, (list, tuple, dict, str, bool)) or value is None:
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    import pandas as pd

    if value is pd.NA or value is pd.NaT:
        return None
    return value if isinstance(value, (int, float)) else str(value)


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, its end replaced by an ellipsis when cut."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _cut_left(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters from the left, its start replaced by an ellipsis when cut."""
    return text if len(text) <= width else "…" + text[len(text) - max(0, width - 1):]
