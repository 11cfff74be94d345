"""Helpers shared by the benchmarks (imported by the bench_*.py files; benchmarks/ is on sys.path)."""
from __future__ import annotations

import time


def best_cpu(fn, repeat: int = 1) -> tuple[float, object]:
    """Run ``fn`` ``repeat`` times; return (the least CPU seconds of one run, the last result)."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.process_time()
        out = fn()
        best = min(best, time.process_time() - t0)
    return best, out
