"""The ``cuttings`` command: a thin printer of the library's tables (jsonl, csv or an aligned table).

The only layer that imports every other one. Each command loads the corpus (with its profile), calls
one analysis and prints its table; heavy libraries load inside the commands, so ``--help`` is fast.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from .._version import __version__
from ..errors import CuttingsError
from . import commands
from .format import FORMATS, emit

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
