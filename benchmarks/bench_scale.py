"""Scale: build a corpus on disk and run the analyses on a Dask LocalCluster of 1 and 2 workers.

The corpus is made from the bench articles (../shared/bench: BBC, Reuters, web pages) with small
edits (a deterministic share of words swapped for words of other articles, so copies are not
identical), written article by article under .cache/scale/ in files of about 8 MB (never more than one
article in memory). Sizes: CUTTINGS_SCALE_MB (comma-separated MB, default "200,1000"). Reported per size
and worker count: wall seconds and MB/s for build, timeline, terms, topics (MiniBatchNMF, k=10) and reuse,
the peak resident memory of the busiest worker (ru_maxrss), the CPU seconds summed over the workers (user
+ system, which the load of other jobs on a shared machine inflates far less than wall time) and the
driver's, the 1-minute load average before and after the step, the speed-up of 2 workers over 1, and the
flatness of worker memory (peak per worker at the largest size / at the smallest). CUTTINGS_SCALE_WORKERS
chooses the worker counts (default "1,2"), CUTTINGS_SCALE_STEPS the steps (default all; the build runs
unless the built folder of that size and worker count is complete and CUTTINGS_SCALE_REBUILD=0).

Every step runs on a fresh LocalCluster (started, used, closed), so one step's memory never counts in the
next and no restart can time out between steps; a step that fails (or a cluster that does not start twice
in a row) is reported on one line and the run goes on with the next step.

Then a folder of many small files (bench_lean's ``small_files``: CUTTINGS_SCALE_SMALL files, default
20000; 0 skips it), built in this process with one part per file (``part_bytes=0``, the first round's
layout) and with small files grouped (``PART_BYTES``), beside ``cuttings.load`` of the same folder:
seconds, CPU seconds, Parquet files written, parts, and the rebuild after one file is added at the end
(CUTTINGS_SCALE_SMALL_LAYOUTS: "file", "grouped" or both, the default).
"""
from __future__ import annotations

import os
import random
import resource
import shutil
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("CUTTINGS_BENCH") or ROOT.parent / "shared" / "bench")
CACHE = ROOT / ".cache" / "scale"
FILE_MB = 8
EDIT = 0.15     # share of words swapped in each copy


def _articles() -> list[str]:
    paths = sorted((BENCH / "bbc").rglob("*.txt")) + sorted((BENCH / "real").rglob("*.txt"))
    out = []
    for p in paths:
        try:
            out.append(p.read_text(encoding="utf-8").strip())
        except UnicodeDecodeError:
            continue
    return out


def make_corpus(mb: int) -> Path:
    """Write (once) a corpus of about ``mb`` MB under .cache/scale/<mb>/; return its folder."""
    folder = CACHE / f"{mb}mb"
    done = folder / ".done"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    arts = _articles()
    words = sorted({w for a in arts[:400] for w in a.split() if w.isalpha() and w.islower()})
    rng = random.Random(mb)
    target, n, i = mb << 20, 0, 0
    while n < target:
        size = 0
        with open(folder / f"part{i:04d}.txt", "w", encoding="utf-8", newline="\n") as f:
            while size < FILE_MB << 20 and n + size < target:
                art = arts[rng.randrange(len(arts))]
                lines = []
                for line in art.split("\n"):
                    toks = line.split(" ")
                    for j in range(len(toks)):
                        if toks[j].isalpha() and toks[j].islower() and rng.random() < EDIT:
                            toks[j] = words[rng.randrange(len(words))]
                    lines.append(" ".join(toks))
                text = "\n".join(lines) + "\n\n"
                f.write(text)
                size += len(text.encode("utf-8"))
        n += size
        i += 1
    done.touch()
    return folder


def _usage() -> tuple[float, float]:
    """Peak resident MB of this process and its CPU seconds. The peak is the kernel's high-water mark of
    the process's own memory (VmHWM, Linux), not ``ru_maxrss``: a worker is started by fork + exec from
    the driver, and Linux carries the larger of the parent's resident size at the fork and the new
    image's peak into ``ru_maxrss``, so a worker started after the driver had gathered a large result
    reported the driver's size as its own."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    peak = r.ru_maxrss / 1024
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
                    break
    except OSError:   # not Linux: ru_maxrss, an upper bound
        pass
    return peak, r.ru_utime + r.ru_stime


def _workers(client) -> tuple[float, float]:
    """Peak RSS (MB) of the busiest worker and CPU seconds of all workers since their last restart."""
    usage = client.run(_usage)
    return max(u[0] for u in usage.values()), sum(u[1] for u in usage.values())


def _start(workers: int):
    """A client on a fresh LocalCluster of ``workers`` workers (a second attempt if the first fails)."""
    from cuttings.distributed import client as make_client

    for attempt in (1, 2):
        try:
            return make_client(workers=workers)
        except Exception as exc:  # a benchmark reports and goes on
            print(f"  cluster of {workers} worker(s) did not start (attempt {attempt}): {exc!r}", flush=True)
    return None


def _stop(c) -> None:
    cluster = c.cluster
    try:
        c.close(timeout=60)
    finally:
        cluster.close(timeout=60)


class _DiskPeak:
    """Largest size (MB) seen of the reuse scratch folders under ``folder`` while running (polled every second)."""

    def __init__(self, folder: Path) -> None:
        import threading

        self.folder, self.peak, self._stop = folder, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.wait(1.0):
            size = 0
            for d in self.folder.glob("cuttings-reuse-*"):
                for f in d.glob("*"):
                    try:
                        size += f.stat().st_size
                    except OSError:   # removed meanwhile
                        pass
            self.peak = max(self.peak, size / (1 << 20))

    def __enter__(self) -> "_DiskPeak":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run(mb: int, workers: int) -> list[tuple]:
    """Run the steps on ``mb`` MB with ``workers`` workers, each on a fresh cluster; return the result rows
    (mb, workers, step, seconds, MB/s, peak MB of the busiest worker, workers' CPU s, driver CPU s, load
    before, load after)."""
    from cuttings import open as open_built
    from cuttings.distributed import analyses, build
    from cuttings.distributed import reuse as distributed_reuse

    folder = make_corpus(mb)
    size = sum(p.stat().st_size for p in folder.glob("*.txt")) / (1 << 20)
    out = CACHE / f"built-{mb}mb-{workers}w"
    built = out / ".done"
    rows = []
    steps = [("build", lambda c: build(folder, out, profile=False, client=c)),
             ("timeline", lambda c: analyses.timeline(open_built(out), client=c)),
             ("terms", lambda c: analyses.frequencies(open_built(out), client=c)),
             ("topics", lambda c: analyses.topics(open_built(out), k=10, client=c, scratch=str(CACHE))),
             ("reuse", lambda c: distributed_reuse.reuse(open_built(out), client=c, scratch=str(CACHE)))]
    wanted = [w for w in os.environ.get("CUTTINGS_SCALE_STEPS", "").split(",") if w]
    steps = [s for s in steps if s[0] == "build" or not wanted or s[0] in wanted]
    if built.exists() and os.environ.get("CUTTINGS_SCALE_REBUILD", "1") == "0":
        steps = steps[1:]
    else:
        built.unlink(missing_ok=True)
        shutil.rmtree(out, ignore_errors=True)
    for name, step in steps:
        if name != "build" and not built.exists():
            print(f"  {mb:>5} MB  {workers} worker(s)  {name:<8} skipped: no complete build", flush=True)
            continue
        c = _start(workers)
        if c is None:
            continue
        t0 = time.perf_counter()
        try:
            load0 = os.getloadavg()[0]
            cpu0, here0 = _workers(c)[1], time.process_time()
            t0 = time.perf_counter()
            with _DiskPeak(CACHE) as disk:
                step(c)
            sec = time.perf_counter() - t0
            here = time.process_time() - here0
            peak, cpu = _workers(c)
            load1 = os.getloadavg()[0]
        except Exception as exc:  # report the failed step, go on with the next
            print(f"  {mb:>5} MB  {workers} worker(s)  {name:<8} FAILED after {time.perf_counter() - t0:.0f} s: "
                  f"{exc!r}", flush=True)
            continue
        finally:
            try:
                _stop(c)
            except Exception as exc:  # a cluster that does not close cleanly is not a result
                print(f"  (closing the cluster: {exc!r})", flush=True)
        if name == "build":
            built.touch()
        rows.append((mb, workers, name, sec, size / sec, peak, cpu - cpu0, here, load0, load1))
        print(f"  {mb:>5} MB  {workers} worker(s)  {name:<8} {sec:8.1f} s  {size / sec:6.2f} MB/s  "
              f"peak worker {peak:7.0f} MB  CPU {cpu - cpu0:7.1f} s workers ({(cpu - cpu0) / size:5.2f} s/MB) "
              f"+ {here:6.1f} s driver  load {load0:.1f} -> {load1:.1f}"
              + (f"  scratch disk {disk.peak:6.0f} MB" if name == "reuse" else ""), flush=True)
    return rows


def _timed(func):
    t0, c0 = time.perf_counter(), time.process_time()
    out = func()
    return out, time.perf_counter() - t0, time.process_time() - c0


def small_files_build(n: int) -> None:
    """Build the folder of ``n`` small files with one part per file and with groups; print a table."""
    import inspect
    import tempfile

    import cuttings
    from cuttings import store

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_lean import _articles as lean_articles
    from bench_lean import small_files

    grouped = "part_bytes" in inspect.signature(store.build).parameters
    layouts = [("one part per file", {"part_bytes": 0}), ("grouped", {})] if grouped else [("one part per file", {})]
    wanted = os.environ.get("CUTTINGS_SCALE_SMALL_LAYOUTS", "file,grouped").split(",")
    layouts = [x for x in layouts if x[0].split()[-1] in wanted]
    with tempfile.TemporaryDirectory(prefix="cuttings-small-", dir=CACHE.parent if CACHE.parent.is_dir() else None) as t:
        tmp = Path(t)
        n_bytes = small_files(tmp / "many", tmp / "one.txt", lean_articles(), n=n)
        print(f"\n{n:,} small files ({n_bytes / 1e6:.1f} MB), built in this process; load {os.getloadavg()[0]:.1f}",
              flush=True)
        _, sec, cpu = _timed(lambda: cuttings.load(tmp / "many", profile=False).lines)
        print(f"  cuttings.load (peer)           {sec:7.1f} s  {cpu:7.1f} CPU s", flush=True)
        for name, options in layouts:
            out = tmp / f"built-{len(options)}"
            build = partial(store.build, tmp / "many", out, profile=False, progress=False, **options)
            report, sec, cpu = _timed(build)
            n_parquet = sum(1 for _ in out.rglob("*.parquet"))
            extra = tmp / "many" / "99" / "99999.txt"
            extra.parent.mkdir(exist_ok=True)
            extra.write_text("A late title\nA late body line, added after the build.\n", encoding="utf-8")
            again, sec2, _ = _timed(build)
            extra.unlink()
            print(f"  build, {name:<22} {sec:7.1f} s  {cpu:7.1f} CPU s  {report.parts:6d} parts  "
                  f"{n_parquet:7d} Parquet files;  one file added: {sec2:6.1f} s, {len(again.processed)} file(s) "
                  f"processed; load {os.getloadavg()[0]:.1f}", flush=True)


def main(argv: list[str]) -> int:
    if not (BENCH / "bbc").is_dir():
        print(f"skipped: no benchmark data at {BENCH}")
        return 0
    small = int(os.environ.get("CUTTINGS_SCALE_SMALL", "20000"))
    if small:
        small_files_build(small)
    sizes = [int(x) for x in os.environ.get("CUTTINGS_SCALE_MB", "200,1000").split(",") if x.strip()]
    print(f"load: {os.getloadavg()}", flush=True)
    counts = [int(x) for x in os.environ.get("CUTTINGS_SCALE_WORKERS", "1,2").split(",") if x.strip()]
    results = {}
    for mb in sizes:
        for w in counts:
            for r in run(mb, w):
                results[(r[0], r[1], r[2])] = r
    steps = ("build", "timeline", "terms", "topics", "reuse")
    if 1 in counts and 2 in counts:
        print("\nsize MB  step      1 worker s  2 workers s  speed-up  peak MB (1w / 2w)  CPU s/MB (1w / 2w)")
        for mb in sizes:
            for step in steps:
                if (mb, 1, step) not in results or (mb, 2, step) not in results:
                    continue
                a, b = results[(mb, 1, step)], results[(mb, 2, step)]
                print(f"{mb:>7}  {step:<8} {a[3]:11.1f} {b[3]:12.1f} {a[3] / b[3]:9.2f}  {a[5]:7.0f} / {b[5]:7.0f}"
                      f"  {a[6] / (a[3] * a[4]):8.2f} / {b[6] / (b[3] * b[4]):5.2f}")
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        print(f"\nflatness: peak MB per worker at {large} MB / at {small} MB (target: <= 2,048 MB at {large} MB)")
        for w in counts:
            for step in steps:
                if (small, w, step) in results and (large, w, step) in results:
                    a, b = results[(small, w, step)][5], results[(large, w, step)][5]
                    print(f"  {step:<8} {w} worker(s)  {a:7.0f} MB -> {b:7.0f} MB  ratio {b / a:5.2f}", flush=True)
    print(f"driver peak RSS over the whole run: {_usage()[0]:.0f} MB; load {os.getloadavg()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
