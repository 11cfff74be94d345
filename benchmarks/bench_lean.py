"""Linear at scale (issues 17 and 18): many small files, reuse's memory at 50 MB, hostile inputs.

Three tables, every measurement in a fresh child process pinned to one CPU (speeds are MB per CPU
second of the child; memory is the growth of its peak resident set over what it held after importing
the libraries and loading a small file, the same ``peak RSS growth`` bench_segment shows):

1. **A folder of 20,000 small files vs the same text in one file** (issue 18: cost no more than
   1.3x; issue 17: "a folder loads as fast as one file"): 20,000 files of a title and one or two
   paragraphs taken in order from the bench articles (BBC, Reuters, web pages), and one file holding
   the same files' texts one after another. ``cuttings.load(...).lines``, CPU seconds and peak.
2. **Reuse at 50 MB** (issue 17: within 5x the input's memory): 50 MB of news text from the bench
   articles, each article in about five versions with 30% of their words replaced by other words of
   the articles (versions share few shingles, as rewrites do), plus ``--copies`` (1,000) paragraphs
   pasted verbatim into other articles (the planted reuse to find). ``load`` then ``reuse``: peak
   growth / input, time, MB/s, the planted copies found (recall), the caps that bit; the same for the
   naive hash peer of bench_reuse (exact copies only) and for loading alone, measured in the same run.
   ``--heavy`` adds the 50 MB dump of bench_segment (every article five times verbatim: the table of
   pairs itself is then most of the memory).
3. **The hostile inputs of issue 18 at their sizes** (400 KB - 1 MB, one line each unless said):
   ``reuse``, ``topics --k 3`` and ``segment --level sentences`` through the command line, CPU seconds
   and peak RSS of the process; the budget is 30 s and 1.5 GB.

Usage: ``benchmarks/run.py lean`` or ``python benchmarks/bench_lean.py [--quick] [--heavy]``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("CUTTINGS_BENCH") or ROOT.parent / "shared" / "bench")
SEED = ROOT / "seeds" / "000_c32ce563f5658dff.txt"
CHILD_ENV = {"PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
             "MPLBACKEND": "Agg", "TQDM_DISABLE": "1"}
TARGET_FILES = 1.3     # folder of small files / one file, CPU
TARGET_MEMORY = 5.0    # reuse's peak growth / input at 50 MB

# In the child: warm up on the seed, then run one job; prints one JSON object.
_CHILD = r"""
import gc, json, os, resource, sys, time, warnings
warnings.simplefilter("ignore")
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
job, path, seed = sys.argv[1], sys.argv[2], sys.argv[3]
import numpy, pandas, datasketch
import cuttings
from cuttings.analysis import reuse as R
cuttings.load(seed).lines
gc.collect()
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
import threading
base = rss()
out = {}
top = [0]
def sample():  # the largest resident set while the job's own step runs
    while True:
        top[0] = max(top[0], rss())
        time.sleep(0.01)
t, w = time.process_time(), time.perf_counter()
corpus = cuttings.load(path, progress=False)
corpus.lines
out["load_cpu"] = time.process_time() - t
gc.collect()
held = rss()
out["held_after_load"] = held - base
threading.Thread(target=sample, daemon=True).start()
if job in ("reuse", "reuse-count"):
    df = R.reuse(corpus)
    out["step_peak"] = top[0] - held  # reuse's own peak above the loaded corpus
    out["rows"] = len(df)
    out["truncated"] = df.attrs.get("truncated", {})
    out["method"] = str(df["method"].iat[0]) if len(df) else "-"
    out["table_bytes"] = int(df.memory_usage(deep=True).sum())
    if job == "reuse":
        out["pairs"] = sorted(set(zip(df["a_line"].tolist(), df["b_line"].tolist())))
elif job == "naive":
    sys.path.insert(0, sys.argv[4])
    from bench_reuse import naive_hash
    df = naive_hash(corpus)
    out["step_peak"] = top[0] - held
    out["rows"] = len(df)
    out["pairs"] = sorted(set(zip(df["a_line"].tolist(), df["b_line"].tolist())))
out["cpu"] = time.process_time() - t
out["wall"] = time.perf_counter() - w
out["peak_growth"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - base
out["bytes"] = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs
                   if f.endswith(".txt")) if os.path.isdir(path) else os.path.getsize(path)
print(json.dumps(out))
"""


def _child(*args: str, timeout: float = 3600) -> dict:
    env = {**os.environ, **CHILD_ENV}
    done = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=ROOT)
    if done.returncode:
        raise RuntimeError(f"benchmark child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _articles() -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of every bench article, in a fixed order."""
    from cuttings.io import decode, split_lines

    out = []
    for folder in (BENCH / "bbc", BENCH / "real" / "reuters", BENCH / "real" / "web"):
        for p in sorted(folder.rglob("*.txt")):
            if p.name.upper().startswith("README"):
                continue
            text, _ = decode(p.read_bytes(), name=str(p))
            lines = [x.strip() for x in split_lines(text)[0] if x.strip()]
            if len(lines) >= 2:
                out.append((lines[0], lines[1:]))
    return out


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    fmt = lambda r: "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([fmt(header), "  ".join("-" * w for w in widths)] + [fmt(r) for r in rows])


# -- 1. many small files ---------------------------------------------------------------------------------

def small_files(folder: Path, one: Path, articles, n: int = 20_000) -> int:
    """Write ``n`` small files (a title and one or two paragraphs, in order, cycling through the
    articles) under ``folder`` and the same texts one after another in ``one``; return the bytes."""
    folder.mkdir(parents=True)
    texts = []
    k = 0
    for i in range(n):
        title, paras = articles[k % len(articles)]
        part = (i // len(articles)) % max(1, len(paras))
        body = paras[part:part + 2] or paras[:2]
        texts.append(title + "\n" + "\n".join(body) + "\n")
        k += 1
    for i, t in enumerate(texts):
        sub = folder / f"{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:05d}.txt").write_text(t, encoding="utf-8")
    one.write_text("".join(t + "\n" for t in texts), encoding="utf-8")
    return sum(len(t.encode("utf-8")) for t in texts)


# -- 2. reuse at 50 MB -----------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z]+")


def news_50(path: Path, articles, *, target: int, copies: int, seed: int = 0) -> list[tuple[int, int]]:
    """Write about ``target`` bytes of articles in versions (30% of words replaced) with ``copies``
    paragraphs pasted verbatim into later articles; return the planted (source line, copy line) pairs."""
    rng = random.Random(seed)
    vocab = sorted({w for _, paras in articles for p in paras[:3] for w in _WORD.findall(p)})
    pieces: list[list[str]] = []
    size = 0
    version = 0
    while size < target:
        for title, paras in articles:
            if version == 0:
                lines = [title] + paras
            else:
                lines = [title] + [" ".join(w if rng.random() > 0.3 else rng.choice(vocab) for w in p.split())
                                   for p in paras]
            pieces.append(lines)
            size += sum(len(x) + 1 for x in lines)
            if size >= target:
                break
        version += 1
    # plant: a paragraph of piece a pasted after the first paragraph of a later piece b
    planted_src = []
    for _ in range(copies):
        a = rng.randrange(len(pieces) // 2)
        b = rng.randrange(len(pieces) // 2, len(pieces))
        paras = [i for i, x in enumerate(pieces[a]) if i > 0 and len(x.split()) >= 12]
        if not paras:
            continue
        i = rng.choice(paras)
        planted_src.append((a, i, b))
    inserts: dict[int, list[tuple[int, int]]] = {}
    for a, i, b in planted_src:
        inserts.setdefault(b, []).append((a, i))
    out_lines: list[str] = []
    where: dict[tuple[int, int], int] = {}
    copies_at: list[tuple[tuple[int, int], int]] = []
    for p, lines in enumerate(pieces):
        for j, x in enumerate(lines):
            out_lines.append(x)
            where[(p, j)] = len(out_lines)
            if j == 1:
                for a, i in inserts.get(p, []):
                    out_lines.append(pieces[a][i])
                    copies_at.append(((a, i), len(out_lines)))
    path.write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    return [(where[src], line) for src, line in copies_at]


def recall(found: list, planted: list[tuple[int, int]]) -> float:
    pairs = {tuple(x) for x in found}
    return sum((a, b) in pairs for a, b in planted) / len(planted) if planted else float("nan")


# -- 3. hostile inputs -----------------------------------------------------------------------------------

def hostile_inputs(folder: Path) -> dict[str, Path]:
    seed = SEED.read_text(encoding="utf-8")
    texts = {
        '"Mr. " x 100,000': "Mr. " * 100_000,
        '"1 2 3 4 " x 100,000': "1 2 3 4 " * 100_000,
        '"January " x 50,000': "January " * 50_000,
        '"a, " x 333,000': "a, " * 333_000,
        "1,000,000 one-character lines": "\n".join("abcdefghij"[i % 10] for i in range(1_000_000)) + "\n",
        '"“a " x 200,000 (unclosed quotes)': "“a " * 200_000,
        "the seed x 20": (seed + "\n") * 20,
        "the seed on one line x 20": (" ".join(seed.split("\n")) + " ") * 20,
    }
    paths = {}
    for i, (name, text) in enumerate(texts.items()):
        paths[name] = folder / f"h{i}.txt"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def run_cli(argv: list[str], timeout: float = 120) -> tuple[str, float, float]:
    """Run the command line in a child; return (outcome, CPU seconds, peak RSS in bytes) of that child."""
    import threading

    env = {**os.environ, **CHILD_ENV}
    # The child's own peak: VmHWM at exit (ru_maxrss would carry this process's peak over the exec).
    code = ("import atexit, sys\n"
            "def hwm():\n"
            "    for x in open('/proc/self/status'):\n"
            "        if x.startswith('VmHWM'): sys.stderr.write('\\nVMHWM ' + x.split()[1] + '\\n')\n"
            "atexit.register(hwm)\n"
            "from cuttings.cli import main\n"
            "sys.exit(main())\n")
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-c", code, *argv], stdout=subprocess.DEVNULL, stderr=err, env=env,
                                cwd=ROOT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read()
    outcome = f"killed after {timeout:.0f} s" if proc.returncode < 0 else f"exit {proc.returncode}"
    if b"Traceback" in text:
        outcome += " TRACEBACK"
    peak = [int(x.split()[1]) * 1024 for x in text.decode("utf-8", "replace").splitlines() if x.startswith("VMHWM ")]
    return outcome, usage.ru_utime + usage.ru_stime, peak[-1] if peak else float("nan")


def main(argv: list[str]) -> int:
    """Run the three measurements and print their tables; return 0."""
    ap = argparse.ArgumentParser(prog="bench_lean", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2,000 small files, 10 MB for reuse, no hostile table")
    ap.add_argument("--heavy", action="store_true", help="also reuse on bench_segment's 50 MB dump (5 verbatim copies)")
    ap.add_argument("--copies", type=int, default=1000, help="paragraphs planted in the reuse corpus (default 1000)")
    ap.add_argument("--parts", default="1,2,3", help="which tables to measure (default: 1,2,3)")
    args = ap.parse_args(argv)
    if not (BENCH / "bbc").is_dir():
        print(f"bench_lean: {BENCH} not found; skipped")
        return 0
    articles = _articles()
    status = 0
    with tempfile.TemporaryDirectory(prefix="cuttings-scale-") as tmp:
        tmp = Path(tmp)
        parts = set(args.parts.split(","))
        # 1. many small files
        n_files = 2_000 if args.quick else 20_000
        if "1" in parts:
            status |= _small_files(tmp, articles, n_files)
        if "2" in parts:
            status |= _reuse_50(tmp, articles, args)
        if "3" in parts and not args.quick:
            _hostile(tmp)
    return status


def _small_files(tmp: Path, articles, n_files: int) -> int:
    status = 0
    n_bytes = small_files(tmp / "many", tmp / "one.txt", articles, n=n_files)
    one = _child("load", str(tmp / "one.txt"), str(SEED))
    many = _child("load", str(tmp / "many"), str(SEED))
    ratio = many["cpu"] / one["cpu"]
    print(f"1. {n_files:,} small files ({n_bytes / 1e6:.1f} MB) vs the same text in one file: "
          "cuttings.load(...).lines in a child on one CPU")
    rows = [[name, f"{r['cpu']:.1f}", f"{r['bytes'] / 1e6 / r['cpu']:.2f}", f"{r['peak_growth'] / 1e6:.0f}",
             f"{r['cpu'] / one['cpu']:.2f}"] for name, r in (("one file", one), (f"{n_files:,} files", many))]
    print(table(rows, ["input", "CPU s", "MB/s", "peak growth MB", "x one file"]))
    ok = ratio <= TARGET_FILES
    status |= not ok
    print(f"target: folder / one file <= {TARGET_FILES}: {ratio:.2f} {'PASS' if ok else 'MISS'}\n")
    return status


def _reuse_50(tmp: Path, articles, args) -> int:
    status = 0
    target = 10 * 10**6 if args.quick else 50 * 10**6
    path = tmp / "news50.txt"
    planted = news_50(path, articles, target=target, copies=args.copies // (5 if args.quick else 1))
    size = path.stat().st_size
    runs = [("load only", _child("load", str(path), str(SEED))),
            ("naive hash (peer)", _child("naive", str(path), str(SEED), str(Path(__file__).parent))),
            ("cuttings reuse", _child("reuse", str(path), str(SEED)))]
    if args.heavy:
        sys.path.insert(0, str(Path(__file__).parent))
        from bench_segment import build_dump
        from dumps import read_articles

        heavy = tmp / "dump50.txt"
        build_dump(read_articles(BENCH / "bbc"), target, heavy)
        runs.append(("cuttings reuse, 5 verbatim copies", _child("reuse-count", str(heavy), str(SEED))))
    print(f"2. reuse on {size / 1e6:.1f} MB of news text (articles in versions with 30% of words replaced, "
          f"{len(planted)} paragraphs planted verbatim), load included")
    rows = []
    for name, r in runs:
        rec = recall(r["pairs"], planted) if "pairs" in r else float("nan")
        step = r.get("step_peak")
        rows.append([name, f"{r['cpu']:.0f}", f"{r['bytes'] / 1e6 / r['cpu']:.2f}",
                     f"{r['peak_growth'] / 1e6:.0f}", f"{r['peak_growth'] / r['bytes']:.1f}",
                     f"{r['held_after_load'] / 1e6:.0f}",
                     "-" if step is None else f"{step / 1e6:.0f} ({step / r['bytes']:.1f}x)",
                     f"{r['rows']:,}" if "rows" in r else "-",
                     f"{r['table_bytes'] / 1e6:.0f}" if "table_bytes" in r else "-",
                     "-" if rec != rec else f"{rec:.3f}",
                     r.get("method", "-"), ", ".join(f"{k} {v:,}" for k, v in r.get("truncated", {}).items()) or "-"])
    print(table(rows, ["run", "CPU s", "MB/s", "process peak MB", "x input", "corpus held MB",
                       "step's own peak MB", "pairs", "table MB", "recall", "method", "caps that bit"]))
    print("process peak: growth of the peak resident set over the warmed-up interpreter, loading included "
          "(the segmenter's peak while loading is the process's peak here); corpus held: resident after "
          "loading; step's own peak: the largest resident set while reuse (or the peer) runs, above the "
          "loaded corpus; table MB: the result's own size (pandas, deep)")
    reuse_run = dict(runs)["cuttings reuse"]
    ratio = reuse_run["step_peak"] / reuse_run["bytes"]
    ok = ratio <= TARGET_MEMORY
    status |= not ok
    print(f"target: reuse's own peak / input <= {TARGET_MEMORY:g}: {ratio:.1f} {'PASS' if ok else 'MISS'}; "
          f"whole process, loading included: {reuse_run['peak_growth'] / reuse_run['bytes']:.1f}\n")

    return status


HOSTILE_COMMANDS = (["reuse"], ["topics", "--k", "3"], ["segment", "--level", "sentences"], ["timeline"])


def _hostile(tmp: Path) -> None:
    print("3. the hostile inputs of issue 18 through the command line (budget: 30 s and 1.5 GB each)")
    rows = []
    for name, p in hostile_inputs(tmp).items():
        row = [name, f"{p.stat().st_size / 1e3:.0f} KB"]
        for cmd in HOSTILE_COMMANDS:
            outcome, cpu, peak = run_cli([*cmd, str(p), "--no-profile", "--format", "jsonl"])
            row.append(f"{outcome}, {cpu:.1f} s, {peak / 1e6:.0f} MB")
        rows.append(row)
    print(table(rows, ["input", "size", *(" ".join(c) for c in HOSTILE_COMMANDS)]))
    print("(CPU seconds and peak resident set of each child, the interpreter and libraries included; "
          "timeline's date grammar is another work package's)")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
