"""Printing a table: jsonl, csv or an aligned text table."""
from __future__ import annotations

import sys

FORMATS = ("jsonl", "csv", "table")


def emit(df, fmt: str, out=None, *, width: int = 60) -> None:
    """Write a DataFrame to ``out`` (stdout) as jsonl, csv or an aligned text table.

    jsonl and csv keep every field in full; the table cuts text longer than ``width`` characters.
    """
    out = out or sys.stdout
    if fmt == "jsonl":
        import json

        for record in df.to_dict(orient="records"):
            out.write(json.dumps({k: _plain(v) for k, v in record.items()}, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        df.to_csv(out, index=False, lineterminator="\n")
    else:
        if not len(df):
            out.write("(no rows)\n")
            return
        shown = df.copy()
        for col in shown.columns:
            if shown[col].dtype == object or str(shown[col].dtype) in ("str", "string", "category"):
                cells = [_cut(v, width) for v in shown[col]]
                pad = max([len(str(col))] + [len(c) for c in cells])
                shown[col] = [c.ljust(pad) for c in cells]  # left-aligned text columns
        out.write(shown.to_string(index=False, justify="left") + "\n")


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


def _cut(value, width: int) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"
