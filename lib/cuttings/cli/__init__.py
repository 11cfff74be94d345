"""The ``cuttings`` command: a thin printer of the library's tables (jsonl, csv or an aligned table).

The only layer that imports every other one. Each command loads the corpus (with its profile), calls
one analysis and prints its table; heavy libraries load inside the commands, so ``--help`` is fast.
Whatever goes wrong that a user can act on is one line on standard error: an error (exit 2), a
warning (a library's too: never a stack of source lines), or a command stopped at its memory budget.
"""
from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Callable

from .._version import __version__
from ..errors import CuttingsError, CuttingsWarning
from . import commands, memory
from .format import FORMATS, Format, emit

__all__ = ["main", "build_parser", "emit", "FORMATS"]


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
    commands.add_all(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 user error or memory budget reached)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable = args.func
    if isinstance(getattr(args, "format", None), str):
        args.format = Format(args.format, rows=getattr(args, "rows", None))
    said: set[str] = set()

    def one_line(message, category, filename, lineno, file=None, line=None) -> None:
        text = " ".join(str(message).split())
        if not issubclass(category, CuttingsWarning):
            origin = _package(filename)
            text = f"{category.__name__}{f' from {origin}' if origin else ''}: {text}"
        if text not in said:
            said.add(text)
            print(f"cuttings: warning: {text}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = one_line
        try:
            budget = memory.parse_size(args.max_memory) if getattr(args, "max_memory", None) else \
                memory.default_budget()
            args.budget = budget
            with memory.Watchdog(budget, lambda used: _over_budget(args, used)):
                func(args)
        except CuttingsError as exc:
            print(f"cuttings: error: {exc}", file=sys.stderr)
            return 2
        except MemoryError:
            print(f"cuttings: error: {_over_budget(args, None)}", file=sys.stderr)
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


def _over_budget(args, used: int | None) -> str:
    """The one line for a command stopped for memory: which input, how much, what to do."""
    paths = [str(p) for p in getattr(args, "paths", [])]
    where = memory.describe(paths)
    budget = getattr(args, "budget", None)
    amount = (f"reached {memory.human(used)}, over the memory budget of {memory.human(budget)}"
              if used is not None and budget else "ran out of memory")
    return f"`{args.command}` on {where} {amount}: {memory.advice(args.command)}"


def _package(filename: str) -> str:
    """The top-level package a warning came from (``sklearn``, ``numpy``), from its file name."""
    parts = os.path.normpath(filename or "").split(os.sep)
    if "site-packages" in parts:
        i = parts.index("site-packages")
        if i + 1 < len(parts):
            return parts[i + 1].removesuffix(".py")
    if "cuttings" in parts:
        return "cuttings"
    return ""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
