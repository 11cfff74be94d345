"""Loading and segmentation speed, memory and import time; sentence splitters beside cuttings'.

Issue 2's targets, measured on seed-style dumps built from the BBC articles in
``../shared/bench/bbc`` (``benchmarks/dumps.py``; articles repeated in a shuffled order until
the size is reached; written to a temporary folder):

- ``cuttings.load(path).lines`` at >= 5 MB/s on one core, for a 50 MB dump;
- cost per MB at 50 MB within 1.2x of the cost per MB at 5 MB;
- peak memory <= 5x the input: tracemalloc's peak while loading the 5 MB dump to the lines table,
  in a child process that imported the same modules and warmed the caches on a small file (the
  growth of the peak resident set size is shown too, for information);
- ``import cuttings`` in <= 0.2 s (median of 5 fresh interpreters);
- sentence splitting: Golden Rules (``../shared/bench/golden_rules_en.json``) >= 45/48 and >= 5 MB/s on
  BBC paragraphs, with pysbd, sentencex, blingfire, nupunkt and syntok measured in the same run.

Every measurement runs in a child process pinned to one CPU; speeds are MB per second of the child's
CPU time (``time.process_time``, so other load on the machine does not count; the wall-clock speed of
the first load is shown too). MB = 10^6 bytes of the file on disk.
Usage: ``benchmarks/run.py segment`` or ``python benchmarks/bench_segment.py [--quick] [--profile]``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "bench" / "bbc"
GOLDEN = ROOT.parent / "shared" / "bench" / "golden_rules_en.json"
SEED = ROOT / "seeds" / "000_c32ce563f5658dff.txt"

TARGET_MBPS = 5.0
TARGET_RATIO = 1.2
TARGET_MEMORY = 5.0
TARGET_IMPORT = 0.2
TARGET_GOLDEN = 45

CHILD_ENV = {"PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
             "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg", "TQDM_DISABLE": "1"}

# Measures load + lines in a fresh process on one CPU; prints one JSON object.
_LOAD_CHILD = r"""
import gc, json, os, resource, sys, time
cpu = min(os.sched_getaffinity(0)); os.sched_setaffinity(0, {cpu})
path, reps, seed, trace = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"
import numpy, pandas
import cuttings
from cuttings.corpus import Corpus, load
from cuttings.io import read_source
from cuttings.segment import segment_lines
load(seed).lines  # warm: patterns compiled, word lists read, pandas code paths imported
gc.collect()
out = {"cpu": cpu, "bytes": os.path.getsize(path)}
if trace:
    import tracemalloc
    tracemalloc.start()
    corpus = load(path); corpus.lines
    out["tracemalloc_peak"] = tracemalloc.get_traced_memory()[1]
    del corpus
    gc.collect()
    # the same work stage by stage: peak above what was held before the stage
    for stage in ("read", "segment", "table"):
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        if stage == "read":
            src = read_source(path)
        elif stage == "segment":
            seg = segment_lines(src.lines)
        else:
            Corpus([src], [seg]).lines
        out[f"peak_{stage}"] = tracemalloc.get_traced_memory()[1] - held
    tracemalloc.stop()
else:
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    t, w = time.process_time(), time.perf_counter()
    corpus = load(path)
    n = len(corpus.lines)
    out["first"], out["wall"] = time.process_time() - t, time.perf_counter() - w
    out["rss_growth"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - base
    out["n_lines"], out["n_documents"] = n, corpus.n_documents
    del corpus
    gc.collect()
    best = {"read": 1e9, "segment": 1e9, "table": 1e9, "total": out["first"]}
    for _ in range(reps):
        t0 = time.process_time(); src = read_source(path)
        t1 = time.process_time(); seg = segment_lines(src.lines)
        t2 = time.process_time(); Corpus([src], [seg]).lines
        t3 = time.process_time()
        for k, v in (("read", t1 - t0), ("segment", t2 - t1), ("table", t3 - t2), ("total", t3 - t0)):
            best[k] = min(best[k], v)
        del src, seg
        gc.collect()
    out.update(best)
print(json.dumps(out))
"""

_IMPORT_CHILD = "import time; t = time.perf_counter(); import cuttings; print(time.perf_counter() - t)"
_CLI_CHILD = ("import time; t = time.perf_counter(); from cuttings.cli import build_parser; build_parser(); "
              "print(time.perf_counter() - t)")

_PROFILE_CHILD = r"""
import cProfile, io, os, pstats, sys
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
import cuttings
cuttings.load(sys.argv[2]).lines
pr = cProfile.Profile(); pr.enable(); cuttings.load(sys.argv[1]).lines; pr.disable()
s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("tottime").print_stats(12); print(s.getvalue())
"""

# Golden Rules and speed of one splitter, in a child on one CPU; prints one JSON object.
_SPLIT_CHILD = r"""
import json, os, sys, time, warnings
warnings.filterwarnings("ignore")
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
name, golden_path, paras_path, budget = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])

def make(name):
    if name == "cuttings":
        from cuttings.text.sentences import sentences
        return sentences
    if name == "pysbd":
        import pysbd
        seg = pysbd.Segmenter(language="en", clean=False)
        return lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    if name == "sentencex":
        from sentencex import segment
        return lambda t: [s.strip() for s in segment("en", t) if s.strip()]
    if name == "blingfire":
        import blingfire
        return lambda t: [s.strip() for s in blingfire.text_to_sentences(t).split("\n") if s.strip()]
    if name == "nupunkt":
        import nupunkt
        return lambda t: [s.strip() for s in nupunkt.sent_tokenize(t) if s.strip()]
    if name == "syntok":
        from syntok import segmenter
        def split(t):
            return [x for para in segmenter.process(t) for x in
                    ("".join(tok.spacing + tok.value for tok in s).strip() for s in para) if x]
        return split
    raise SystemExit(f"unknown splitter {name}")

f = make(name)
rules = json.load(open(golden_path, encoding="utf-8"))["rules"]
passed = sum(f(r["text"]) == r["sentences"] for r in rules)
paras = json.load(open(paras_path, encoding="utf-8"))
f(paras[0])
n_bytes = n_sent = 0
t0 = time.process_time()
for p in paras:
    n_sent += len(f(p))
    n_bytes += len(p.encode("utf-8"))
    if time.process_time() - t0 > budget:
        break
dt = time.process_time() - t0
print(json.dumps({"golden": passed, "n_rules": len(rules), "bytes": n_bytes, "seconds": dt,
                  "sentences": n_sent, "paragraphs_done": paras.index(p) + 1}))
"""

SPLITTERS = ("cuttings", "pysbd", "sentencex", "blingfire", "nupunkt", "syntok")


def _child(code: str, *args: str, timeout: float = 900) -> str:
    env = {**os.environ, **CHILD_ENV}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=ROOT)
    if done.returncode:
        raise RuntimeError(f"benchmark child failed:\n{done.stderr}")
    return done.stdout


def build_dump(articles, target_bytes: int, path: Path, *, seed: int = 0) -> int:
    """Write a seed-style dump of about ``target_bytes`` (articles repeated, shuffled); return its size."""
    from dumps import make_dump

    rng = random.Random(seed)
    chosen, size, order = [], 0, []
    while size < target_bytes:
        if not order:
            order = list(range(len(articles)))
            rng.shuffle(order)
        a = articles[order.pop()]
        chosen.append(a)
        size += len((a.title + "\n" + "\n".join(a.paragraphs) + "\n").encode("utf-8")) + 20
    dump = make_dump(chosen, seed=seed)
    data = dump.text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def measure_import(n: int = 5) -> tuple[float, float]:
    imp = [float(_child(_IMPORT_CHILD)) for _ in range(n)]
    cli = [float(_child(_CLI_CHILD)) for _ in range(n)]
    return statistics.median(imp), statistics.median(cli)


def measure_splitters(budget: float, tmp: Path) -> dict[str, dict]:
    from dumps import read_articles

    paras = [p for a in read_articles(BBC) for p in a.paragraphs]
    random.Random(0).shuffle(paras)
    path = tmp / "paragraphs.json"
    path.write_text(json.dumps(paras), encoding="utf-8")
    return {name: json.loads(_child(_SPLIT_CHILD, name, str(GOLDEN), str(path), str(budget)))
            for name in SPLITTERS}


def main(argv: list[str]) -> int:
    """Run the segmentation benchmark; print its tables; return 0 (misses are reported, not raised)."""
    ap = argparse.ArgumentParser(prog="bench_segment", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="skip the 50 MB dump (cost ratio not measured)")
    ap.add_argument("--small", type=float, default=5.0, help="size of the small dump in MB (default 5)")
    ap.add_argument("--large", type=float, default=50.0, help="size of the large dump in MB (default 50)")
    ap.add_argument("--reps", type=int, default=3, help="timed repetitions on the small dump (best is kept)")
    ap.add_argument("--large-reps", type=int, default=1, help="timed repetitions on the large dump")
    ap.add_argument("--budget", type=float, default=3.0, help="seconds of BBC paragraphs per splitter")
    ap.add_argument("--profile", action="store_true", help="always print a cProfile of the small dump")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "lib"))
    from dumps import read_articles

    t_start = time.perf_counter()
    articles = read_articles(BBC)
    with tempfile.TemporaryDirectory(prefix="bench_segment_") as tmpdir:
        tmp = Path(tmpdir)
        sizes = [("small", args.small, args.reps)] + ([] if args.quick else [("large", args.large, args.large_reps)])
        runs = {}
        for label, mb, reps in sizes:
            path = tmp / f"dump_{label}.txt"
            build_dump(articles, int(mb * 1e6), path)
            runs[label] = json.loads(_child(_LOAD_CHILD, str(path), str(reps), str(SEED), "0"))
            runs[label]["path"] = path
        small = runs["small"]
        trace = json.loads(_child(_LOAD_CHILD, str(small["path"]), "0", str(SEED), "1"))
        imp, cli = measure_import()
        split = measure_splitters(args.budget, tmp)

        # -- load + segment -----------------------------------------------------------------------
        print(f"Dumps from {len(articles)} BBC articles (make_dump, seed 0); child process on CPU {small['cpu']}; "
              f"speeds in MB per CPU second (best of {args.reps} on the small dump).")
        rows = []
        for _label, r in runs.items():
            mb = r["bytes"] / 1e6
            rows.append([f"{mb:.1f} MB ({r['n_lines']:,} lines, {r['n_documents']:,} pieces)",
                         f"{mb / r['total']:.2f}", f"{mb / r['read']:.1f}", f"{mb / r['segment']:.2f}",
                         f"{mb / r['table']:.1f}", f"{r['total'] / mb * 1000:.0f}",
                         f"{r['rss_growth'] / r['bytes']:.2f}", f"{mb / r['wall']:.2f}"])
        print(table(rows, ["load(path).lines", "MB/s", "read MB/s", "segment MB/s", "table MB/s",
                           "ms/MB", "peak RSS growth / input", "wall MB/s (1st)"]))

        # -- targets ------------------------------------------------------------------------------
        head = runs.get("large", small)
        head_mb = head["bytes"] / 1e6
        mbps = head_mb / head["total"]
        targets = [["load+segment to lines, MB/s" + ("" if "large" in runs else " (small dump only)"),
                    f"{mbps:.2f}", f">= {TARGET_MBPS:g}", verdict(mbps >= TARGET_MBPS)]]
        if "large" in runs:
            ratio = (head["total"] / head_mb) / (small["total"] / (small["bytes"] / 1e6))
            targets.append([f"cost per MB, {head_mb:.0f} MB vs {small['bytes'] / 1e6:.0f} MB",
                            f"{ratio:.2f}x", f"<= {TARGET_RATIO:g}x", verdict(ratio <= TARGET_RATIO)])
        else:
            ratio = None
        # The target row is tracemalloc's peak of everything allocated while loading (numpy and
        # pandas buffers included). RSS growth is shown for information only: after importing
        # pandas the process's earlier peak can already cover the load, so it may read 0.
        mem = trace["tracemalloc_peak"] / trace["bytes"]
        targets.append([f"peak memory / input (tracemalloc peak, {small['bytes'] / 1e6:.0f} MB dump)",
                         f"{mem:.2f}x", f"<= {TARGET_MEMORY:g}x", verdict(mem <= TARGET_MEMORY)])
        rss = max(r["rss_growth"] / r["bytes"] for r in runs.values())
        targets.append(["  peak RSS growth / input, worst dump (info)", f"{rss:.2f}x", "", ""])
        for stage in ("read", "segment", "table"):
            targets.append([f"    stage {stage}: peak allocation / input (info)",
                            f"{trace['peak_' + stage] / trace['bytes']:.2f}x", "", ""])
        targets.append(["import cuttings, s (median of 5)", f"{imp:.3f}", f"<= {TARGET_IMPORT:g}",
                        verdict(imp <= TARGET_IMPORT)])
        targets.append(["  import cuttings.cli + build parser, s (info)", f"{cli:.3f}", "", ""])
        ours = split["cuttings"]
        ours_mbps = ours["bytes"] / 1e6 / ours["seconds"]
        targets.append(["sentences: Golden Rules", f"{ours['golden']}/{ours['n_rules']}", f">= {TARGET_GOLDEN}/48",
                        verdict(ours["golden"] >= TARGET_GOLDEN)])
        targets.append(["sentences: MB/s on BBC paragraphs", f"{ours_mbps:.2f}", f">= {TARGET_MBPS:g}",
                        verdict(ours_mbps >= TARGET_MBPS)])
        print()
        print(table(targets, ["target (issue 2)", "measured", "target", ""]))

        # -- splitters ----------------------------------------------------------------------------
        rows = []
        for name, r in sorted(split.items(), key=lambda kv: (-kv[1]["golden"], kv[0])):
            speed = r["bytes"] / 1e6 / r["seconds"]
            rows.append([name, f"{r['golden']}/{r['n_rules']}", f"{speed:.2f}", f"{speed / ours_mbps:.2f}",
                         f"{r['bytes'] / 1e6:.2f}", f"{r['sentences']:,}"])
        print()
        print(f"Sentence splitters: Golden Rules (exact match) and speed on shuffled BBC paragraphs "
              f"(up to {args.budget:g} s each)")
        print(table(rows, ["splitter", "Golden Rules", "MB/s", "speed vs cuttings", "MB split", "sentences"]))

        missed = mbps < TARGET_MBPS or (ratio is not None and ratio > TARGET_RATIO)
        if args.profile or missed:
            print("\ncProfile of load(path).lines on the small dump (top functions by own time):")
            print(_child(_PROFILE_CHILD, str(small["path"]), str(SEED)))
    print(f"(benchmark wall time {time.perf_counter() - t_start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
