"""The memory budget of a command: an estimate checked before the corpus is read, and a watchdog while it runs.

A command that would go over its budget stops with one line (exit 2) saying which input and what to
do, instead of a ``MemoryError`` traceback or the kernel's OOM killer. The budget is ``--max-memory``,
else the ``CUTTINGS_MAX_MEMORY`` variable, else ``DEFAULT_SHARE`` of the machine's memory (and no
more than what is available when the command starts). Sizes are written ``800M``, ``1.5G``, ``2GB``
or a number of bytes.
"""
from __future__ import annotations

import os
import threading

from ..errors import CuttingsError

DEFAULT_SHARE = 0.75     # of the physical memory (and at most 90% of what is available at the start)
BASE = 300 * 10**6       # bytes: the interpreter with pandas, numpy, scikit-learn and a small corpus loaded
# Peak memory growth per byte of input, per command: measured by benchmarks/bench_lean.py on 5 and
# 50 MB of news text (the larger of the two, rounded up), so that the estimate errs on the high side.
# Every command first loads and segments the corpus: its peak (benchmarks/bench_segment.py: 4.9x peak
# RSS growth on a 5 MB dump with the boundary model) is below every factor here.
FACTORS = {
    "segment": 6.0, "sources": 10.0, "timeline": 12.0, "terms": 16.0, "kwic": 10.0, "keyness": 16.0,
    "collocates": 10.0, "topics": 24.0, "reuse": 8.0,
}
DEFAULT_FACTOR = 24.0
INTERVAL = 0.05          # seconds between two looks at the resident memory
_UNITS = {"": 1, "B": 1, "K": 10**3, "KB": 10**3, "M": 10**6, "MB": 10**6, "G": 10**9, "GB": 10**9,
          "T": 10**12, "TB": 10**12, "KIB": 2**10, "MIB": 2**20, "GIB": 2**30}


def parse_size(text: str) -> int:
    """Bytes of a size written ``800M``, ``1.5G``, ``2GB``, ``512MiB`` or a plain number of bytes."""
    raw = str(text).strip().upper().replace(" ", "")
    num = raw.rstrip("KMGTIB")
    unit = raw[len(num):]
    try:
        value = float(num)
    except ValueError:
        value = -1.0
    if value <= 0 or unit not in _UNITS:
        raise CuttingsError(f"--max-memory must be a size such as 800M, 1.5G or 2GB, not {text!r}")
    return int(value * _UNITS[unit])


def human(n: float) -> str:
    """``n`` bytes as KB, MB or GB (one decimal for GB)."""
    if n >= 1e9:
        return f"{n / 1e9:.1f} GB"
    return f"{n / 1e6:.0f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def _meminfo() -> dict[str, int]:
    out = {}
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                key, _, rest = line.partition(":")
                parts = rest.split()
                if parts and parts[0].isdigit():
                    out[key] = int(parts[0]) * 1024
    except OSError:
        pass
    return out


def default_budget() -> int:
    """The budget when none is given: ``CUTTINGS_MAX_MEMORY``, else ``DEFAULT_SHARE`` of the physical
    memory, but at most 90% of the memory available now (what other programs leave) plus this process."""
    env = os.environ.get("CUTTINGS_MAX_MEMORY")
    if env:
        return parse_size(env)
    info = _meminfo()
    total = info.get("MemTotal")
    if total is None:
        try:
            total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):
            total = 8 * 10**9
    budget = int(DEFAULT_SHARE * total)
    if "MemAvailable" in info:
        budget = min(budget, int(0.9 * info["MemAvailable"]) + rss())
    return budget


def rss() -> int:
    """Resident memory of this process in bytes (0 where it cannot be read)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        try:
            import resource
            import sys

            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            return peak if sys.platform == "darwin" else peak * 1024
        except (ImportError, OSError):
            return 0


def advice(command: str) -> str:
    """What a user can do about a command that needs more memory than its budget."""
    tips = ["give a larger --max-memory"]
    if command == "reuse":
        tips.append("a larger --min-words (fewer passages)")
    elif command == "topics":
        tips.append("a larger --min-df or --unit document (fewer units and terms)")
    tips += ["a smaller corpus (fewer files or a part of each)", "or build it first with `cuttings build` and workers"]
    return ", ".join(tips[:-1]) + " " + tips[-1]


def input_bytes(files: list[str]) -> int:
    """Bytes of the input files (standard input counts 0: its size is not known in advance)."""
    total = 0
    for f in files:
        try:
            total += os.path.getsize(f)
        except OSError:
            continue
    return total


def estimate(command: str, n_bytes: int) -> int:
    """Bytes a command is expected to need at its peak for ``n_bytes`` of input (``BASE`` + ``FACTORS``)."""
    return int(BASE + FACTORS.get(command, DEFAULT_FACTOR) * n_bytes)


def check(command: str, files: list[str], budget: int, *, n_bytes: int | None = None) -> None:
    """Raise ``CuttingsError`` (one line) when ``command`` on ``files`` is expected to need more than ``budget``."""
    size = input_bytes(files) if n_bytes is None else n_bytes
    need = estimate(command, size)
    if need > budget:
        raise CuttingsError(f"{describe(files)} ({human(size)}) would need about {human(need)} for `{command}`, "
                            f"more than the memory budget of {human(budget)}: {advice(command)}")


def describe(files: list[str]) -> str:
    """The input named for a message: the file, or the first file and how many others."""
    if not files:
        return "the input"
    if len(files) == 1:
        return "standard input" if files[0] == "-" else files[0]
    return f"{files[0]} and {len(files) - 1:,} other file{'s' if len(files) > 2 else ''}"


class Watchdog:
    """A daemon thread that ends the process with one line on standard error (exit status 2) when its
    resident memory goes over ``budget`` bytes; ``message()`` says which input and what to do."""

    def __init__(self, budget: int, message) -> None:
        self.budget = budget
        self.message = message
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cuttings-memory", daemon=True)

    def __enter__(self) -> "Watchdog":
        if rss():  # only where the resident memory can be read
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(INTERVAL):
            used = rss()
            if used > self.budget:
                line = f"cuttings: error: {self.message(used)}\n"
                try:
                    os.write(2, line.encode("utf-8", "replace"))
                finally:
                    os._exit(2)
