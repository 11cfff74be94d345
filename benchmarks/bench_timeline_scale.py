"""Timeline at scale: its cost per MB at 50 and 200 MB against that at 5 MB (issue 18: within 1.3x).

The text is real news: the BBC articles and the Reuters and web items of ``../shared/bench``, pasted
one after another seed-style (``dumps.make_dump``: one paragraph per line, attribution lines and
inserted headlines) in a new shuffled order for each copy until the dump reaches its size, written as
one file. Each dump is loaded with ``cuttings.load`` (timed apart, for scale) and then
``cuttings.analysis.timeline.timeline`` is timed on the loaded corpus (CPU time of this process,
best of ``--repeat`` runs at 5 MB, one run at the larger sizes). Reported: MB/s, and the ratio of
the cost per MB at each size to that at 5 MB (1.0 = linear; the target is at most 1.3).

Usage: ``benchmarks/run.py timeline_scale`` or ``python benchmarks/bench_timeline_scale.py [--sizes 5 50 200]``.
"""
from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
from pathlib import Path

from _common import best_cpu
from dumps import make_dump, read_articles

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
TARGET = 1.3


def build(articles, megabytes: float, path: Path) -> float:
    """Write a dump of about ``megabytes`` MB of the articles to ``path``; return its size in MB."""
    size, copy = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while size < megabytes * 1e6:
            order = list(articles)
            random.Random(copy).shuffle(order)
            text = make_dump(order, seed=copy).text
            out.write(text)
            size += len(text.encode("utf-8"))
            copy += 1
    return size / 1e6


def measure(sizes: list[float], repeat: int) -> list[tuple]:
    """Rows (MB, load seconds, timeline seconds, MB/s, expressions) for dumps of ``sizes`` MB."""
    import cuttings
    from cuttings.analysis import timeline as T

    articles = []
    for folder in (BENCH / "bbc", BENCH / "real" / "reuters", BENCH / "real" / "web"):
        if folder.is_dir():
            articles += read_articles(folder)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb_target in sizes:
            path = Path(tmp) / f"dump-{mb_target:g}mb.txt"
            mb = build(articles, mb_target, path)
            t0 = time.process_time()
            corpus = cuttings.load(path, profile=False, progress=False)
            corpus.lines  # noqa: B018 - the table the timeline reads
            load = time.process_time() - t0
            sec, table = best_cpu(lambda corpus=corpus: T.timeline(corpus), repeat if mb_target == sizes[0] else 1)
            rows.append((mb, load, sec, mb / sec, len(table)))
            del corpus, table
            gc.collect()
            path.unlink()
    return rows


def main(argv: list[str]) -> int:
    """Run the benchmark and print its table (with whether the target is met); return 0."""
    parser = argparse.ArgumentParser(prog="bench_timeline_scale", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[5, 50, 200], help="dump sizes in MB (default 5 50 200)")
    parser.add_argument("--repeat", type=int, default=3, help="runs at the smallest size, best kept (default 3)")
    args = parser.parse_args(argv)
    if not (BENCH / "bbc").is_dir():
        print(f"(no articles under {BENCH}: not measured)")
        return 0
    rows = measure(sorted(args.sizes), args.repeat)
    base = rows[0][2] / rows[0][0]
    print("Timeline at scale: seed-style dumps of real news in one file (CPU time; ratio = cost per MB / that at "
          f"{rows[0][0]:.0f} MB; target <= {TARGET})")
    print(f"  {'MB':>8}{'load s':>9}{'timeline s':>12}{'MB/s':>8}{'ratio':>8}{'expressions':>13}")
    worst = 0.0
    for mb, load, sec, rate, n in rows:
        ratio = (sec / mb) / base
        worst = max(worst, ratio)
        print(f"  {mb:>8.1f}{load:>9.1f}{sec:>12.1f}{rate:>8.2f}{ratio:>8.2f}{n:>13,}")
    print(f"  largest ratio {worst:.2f}: {'within' if worst <= TARGET else 'NOT within'} {TARGET}x")
    return 0  # a report: whether the target is met is printed above


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
