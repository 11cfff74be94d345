"""Run every benchmark (benchmarks/bench_*.py, in name order) and print their tables.

Each bench module defines ``main(argv)``; `make bench` runs them all. Figures are reported as MB/s
and as ratios to peers measured in the same run, never as pass/fail timings in the test suite.
"""
from __future__ import annotations

import importlib.util
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # so that bench modules can import _common


def main(argv: list[str]) -> int:
    only = set(argv)
    status = 0
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if only and name not in only:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[path.stem] = module
        spec.loader.exec_module(module)
        print(f"\n=== {name} " + "=" * (70 - len(name)), flush=True)
        t0 = time.perf_counter()
        try:
            status |= module.main([]) or 0
        except Exception:  # one broken benchmark must not hide the others' tables
            traceback.print_exc()
            print(f"--- {name}: FAILED (traceback above); the other benchmarks go on", flush=True)
            status = 1
        print(f"--- {name}: {time.perf_counter() - t0:.1f} s", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
