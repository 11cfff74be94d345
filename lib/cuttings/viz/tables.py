"""Readable tables in notebooks and reports: text left-aligned, constant columns hidden, missing values blank.

``show(table)`` wraps a DataFrame for display (``_repr_html_`` for JupyterLab, nbconvert and the
report; a plain-text form elsewhere) and ``what_this_shows(findings)`` renders the findings of
``cuttings.analysis.findings`` as the closing section of a notebook. Nothing here changes the
tables themselves: a notebook still computes with the DataFrame and shows it through ``show``.
"""
from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MAX_ROWS = 30      # rows shown; the rest are counted in a note under the table
MAX_CHARS = 160    # characters of a cell shown; the whole text is in the cell's tooltip
STYLE = ("<style>"
         ".cuttings-table{border-collapse:collapse;font-size:12px;margin:2px 0 4px 0}"
         ".cuttings-table th{border-bottom:1px solid #999;padding:3px 8px;font-weight:600;vertical-align:bottom}"
         ".cuttings-table td{border-bottom:1px solid #e5e5e5;padding:3px 8px;vertical-align:top}"
         ".cuttings-table tbody tr:nth-child(even){background:#f7f7f7}"
         ".cuttings-note{font-size:11px;color:#666;margin:0 0 8px 0}"
         "</style>")


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        result = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return bool(result) if isinstance(result, bool) or getattr(result, "shape", None) == () else False


def format_value(value: Any, *, max_chars: int = MAX_CHARS) -> str:
    """Return a cell as text: '' for missing values, integers as written, other numbers to at most
    three decimals (trailing zeros dropped), lists and tuples joined with ', ', long text cut with '…'."""
    import numpy as np

    if isinstance(value, (list, tuple, np.ndarray)):
        text = ", ".join(format_value(v, max_chars=max_chars) for v in value)
    elif _missing(value):
        return ""
    elif isinstance(value, (bool, np.bool_)):
        text = "yes" if value else "no"
    elif isinstance(value, (int, np.integer)):
        text = str(int(value))
    elif isinstance(value, (float, np.floating)):
        v = float(value)
        if math.isinf(v):
            text = "∞" if v > 0 else "−∞"
        elif v == int(v) and abs(v) < 1e15:
            text = str(int(v))
        else:
            text = f"{v:.3f}".rstrip("0").rstrip(".")
    else:
        text = str(value)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def _is_text(series: "pd.Series") -> bool:
    """Whether a column holds text (left-aligned) rather than numbers (right-aligned)."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return False
    values = series.dropna()
    if values.empty:
        return True
    return not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values.head(50))


def constant_columns(table: "pd.DataFrame") -> dict[str, str]:
    """Return {column: value as shown} for the columns holding one value on every row (missing counts
    as a value); none when the table has fewer than two rows."""
    if len(table) < 2:
        return {}
    out = {}
    for col in table.columns:
        shown = {format_value(v) for v in table[col]}
        if len(shown) == 1:
            out[str(col)] = shown.pop()
    return out


class Table:
    """A DataFrame prepared for reading (see ``show``); displays as HTML, prints as text."""

    def __init__(self, table: "pd.DataFrame", *, max_rows: int = MAX_ROWS, max_chars: int = MAX_CHARS,
                 hide_constant: bool = True, caption: str | None = None) -> None:
        import pandas as pd

        if not isinstance(table, pd.DataFrame):
            table = pd.DataFrame(table)
        if not isinstance(table.index, pd.RangeIndex) or table.index.name is not None:
            table = table.reset_index()
        table.columns = [" · ".join(str(c) for c in col) if isinstance(col, tuple) else str(col)
                         for col in table.columns]
        self.total = len(table)
        self.constant = constant_columns(table) if hide_constant else {}
        # every column constant: keep them (a one-line summary is clearer than an empty table)
        if self.constant and len(self.constant) == len(table.columns):
            self.constant = {}
        self.table = table.drop(columns=list(self.constant))
        self.max_rows, self.max_chars, self.caption = max_rows, max_chars, caption

    def _notes(self) -> list[str]:
        notes = []
        if self.total > self.max_rows:
            notes.append(f"{self.total - self.max_rows:,} more rows not shown ({self.total:,} in all).")
        elif self.total == 0:
            notes.append("No rows.")
        if self.constant:
            same = "; ".join(f"{c} = {v}" if v else f"{c} empty" for c, v in self.constant.items())
            notes.append(f"Same on every row: {same}.")
        return notes

    def _repr_html_(self) -> str:
        t = self.table.head(self.max_rows)
        text_cols = {c: _is_text(self.table[c]) for c in t.columns}
        head = "".join(f'<th style="text-align:{"left" if text_cols[c] else "right"}">{html.escape(c)}</th>'
                       for c in t.columns)
        rows = []
        for values in t.itertuples(index=False, name=None):
            cells = []
            for c, v in zip(t.columns, values):
                full = format_value(v, max_chars=10 ** 9)
                shown = full if len(full) <= self.max_chars else full[: self.max_chars - 1] + "…"
                title = f' title="{html.escape(full)}"' if shown != full else ""
                align = "left" if text_cols[c] else "right"
                cells.append(f'<td style="text-align:{align}"{title}>{html.escape(shown)}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        caption = f"<caption style=\"text-align:left\">{html.escape(self.caption)}</caption>" if self.caption else ""
        notes = "".join(f'<p class="cuttings-note">{html.escape(n)}</p>' for n in self._notes())
        return (f'{STYLE}<table class="cuttings-table">{caption}<thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>{notes}')

    def __repr__(self) -> str:
        t = self.table.head(self.max_rows)
        shown = t.apply(lambda col: col.map(lambda v: format_value(v, max_chars=60))) if len(t) else t
        lines = [shown.to_string(index=False)] if len(t.columns) else []
        return "\n".join(lines + self._notes())


def show(table: "pd.DataFrame", *, max_rows: int = MAX_ROWS, max_chars: int = MAX_CHARS,
         hide_constant: bool = True, caption: str | None = None) -> Table:
    """Return ``table`` prepared for reading in a notebook (a ``Table``; the DataFrame is unchanged).

    Text columns are left-aligned and numbers right-aligned; missing values are blank; columns
    holding one value on every row are hidden and named in a note under the table ("Same on every
    row: file = ..."); a row index that is not the default becomes the first columns; at most
    ``max_rows`` rows are shown (a note says how many were left out) and cells are cut at
    ``max_chars`` characters (the whole text in the cell's tooltip).
    """
    return Table(table, max_rows=max_rows, max_chars=max_chars, hide_constant=hide_constant, caption=caption)


class Findings:
    """The closing "What this shows" section of a notebook (see ``what_this_shows``)."""

    def __init__(self, findings: "pd.DataFrame", *, heading: str = "What this shows") -> None:
        self.findings, self.heading = findings, heading

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(s)}</li>" for s in self.findings["finding"])
        if not items:
            items = "<li>Nothing to report: the tables above are empty.</li>"
        return f'<h2 id="what-this-shows">{html.escape(self.heading)}</h2><ul class="cuttings-findings">{items}</ul>'

    def _repr_markdown_(self) -> str:
        items = "\n".join(f"- {s}" for s in self.findings["finding"]) or "- Nothing to report: the tables above are empty."
        return f"## {self.heading}\n\n{items}\n"

    def __repr__(self) -> str:
        return self._repr_markdown_()


def what_this_shows(findings: "pd.DataFrame", *, heading: str = "What this shows") -> Findings:
    """Return the findings table of ``cuttings.analysis.findings`` shown as a notebook's closing
    section: a heading and one bullet per finding (its ``finding`` sentence)."""
    return Findings(findings, heading=heading)
