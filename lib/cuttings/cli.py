"""The ``cuttings`` command: a thin printer of the library's tables (jsonl, csv or an aligned table)."""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from typing import Callable

from . import __version__
from .io import CuttingsError

FORMATS = ("jsonl", "csv", "table")

# Modules that add a subcommand through ``add_command(subparsers)``, in --help order. They keep
# heavy imports inside functions so that building the parser stays fast.
COMMAND_MODULES = ("sources", "timeline", "terms", "topics", "reuse")


def add_common(p: argparse.ArgumentParser) -> None:
    """Add the PATH... argument and the --format option shared by every command."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="text file(s) or folder(s) of .txt files")
    p.add_argument("--format", choices=FORMATS, default="table",
                   help="output format (default: table; jsonl and csv keep every field in full)")


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


def _cmd_segment(args) -> None:
    from .corpus import load

    corpus = load(args.paths)
    emit(getattr(corpus, args.level), args.format)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``cuttings`` command and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="cuttings",
        description="Load, segment and analyse dumps of press pieces. Each command prints one table "
                    "(one record per unit) to standard output.",
    )
    parser.add_argument("--version", action="version", version=f"cuttings {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("segment", help="pieces, lines with roles, sentences or interview turns",
                       description="Segment text files into pieces and print one of the tables "
                                   "(line numbers are 1-based).")
    add_common(p)
    p.add_argument("--level", choices=("documents", "lines", "sentences", "turns"), default="documents",
                   help="which table to print (default: documents)")
    p.set_defaults(func=_cmd_segment)
    for name in COMMAND_MODULES:
        if importlib.util.find_spec(f"cuttings.{name}") is not None:
            importlib.import_module(f"cuttings.{name}").add_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 user error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable = args.func
    try:
        func(args)
    except CuttingsError as exc:
        print(f"cuttings: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("cuttings: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
