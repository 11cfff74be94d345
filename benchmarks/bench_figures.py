"""Figures on corpora of every size: render time per notebook, the largest image, and readability.

Runs every notebook as ``make figures`` does (``tools/notebooks.py run``, papermill, ``--jobs``
kernels at once) on three corpora, each into a temporary folder:

- ``seed``: the seed dump with its profile (10 pieces);
- ``bbc60``: 60 BBC articles, the first 12 files (by name) of each of the five sections, no profile;
- ``bbc``: all 2,225 BBC articles (../shared/bench/bbc), no profile.

For each notebook: wall time and the CPU time of its kernel (less sensitive to other work on a
shared machine), beside the baseline measured in the same run: a notebook that only starts a
kernel, imports cuttings and loads the corpus with its tables, the floor every notebook pays. For
each corpus: the number of figures, the largest PNG (pixels on its long side; limit 2,400), the
largest SVG (bytes; limit 2 MB), the figures whose texts overlap or stick out
(``cuttings.viz.checks``), and the total wall time (target for the whole BBC folder: under 3
minutes); the load average before and after tells how busy the machine was. ``--corpora`` picks
some of them; ``--jobs`` sets the kernels at once.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("CUTTINGS_BENCH") or ROOT.parent / "shared" / "bench")
SEED = ROOT / "seeds" / "000_c32ce563f5658dff.txt"
SEED_PROFILE = ROOT / "profiles" / "000_c32ce563f5658dff"
sys.path.insert(0, str(ROOT / "tools"))


def bbc_sample(target: Path, per_section: int = 12) -> Path:
    """Copy the first ``per_section`` files (by name) of each BBC section into ``target``; return it."""
    for section in sorted(p for p in (BENCH / "bbc").iterdir() if p.is_dir()):
        (target / section.name).mkdir(parents=True, exist_ok=True)
        for f in sorted(section.glob("*.txt"))[:per_section]:
            shutil.copy(f, target / section.name / f.name)
    return target


FLOOR = """import cuttings
from cuttings import viz

viz.configure(notebook="00-floor", out=OUT, corpus=CORPUS, corrections=CORRECTIONS or None)
corpus = cuttings.load(CORPUS, profile=PROFILE or False, corrections=CORRECTIONS or None)
corpus.lines, corpus.documents, corpus.sentences
"""


def floor(corpus: Path, profile, *, work: Path, name: str) -> tuple[float, float]:
    """(wall, kernel CPU) seconds of the floor notebook: a kernel that imports cuttings and loads the corpus."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from notebooks import run

    folder = work / f"floor-{name}"
    folder.mkdir()
    params = new_code_cell('CORPUS = ""\nPROFILE = ""\nOUT = ""\nCORRECTIONS = ""')
    params.metadata["tags"] = ["parameters"]
    book = new_notebook(cells=[params, new_code_cell(FLOOR)], metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}})
    nbformat.write(book, folder / "00-floor.ipynb")
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}
    run(corpus=corpus, profile=profile, out=work / f"floor-out-{name}", executed=folder / "executed", folder=folder,
        progress=False, jobs=1, timings=timings, cpu=cpu)
    return timings["00-floor"], cpu["00-floor"]


def render(name: str, corpus: Path, profile, *, jobs: int, work: Path) -> dict:
    """Render every notebook on ``corpus``; return the measurements."""
    from notebooks import run

    out, checks = work / f"figures-{name}", work / f"checks-{name}.jsonl"
    os.environ["CUTTINGS_FIGURE_CHECKS"] = str(checks)
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        run(corpus=corpus, profile=profile, out=out, executed=work / f"executed-{name}", progress=False,
            jobs=jobs, timings=timings, cpu=cpu)
    finally:
        os.environ.pop("CUTTINGS_FIGURE_CHECKS", None)
    wall = time.perf_counter() - t0
    records = [json.loads(line) for line in checks.read_text().splitlines()] if checks.exists() else []
    return {"name": name, "wall": wall, "timings": timings, "cpu": cpu, "records": records,
            "floor": floor(corpus, profile, work=work, name=name)}


def report(m: dict) -> None:
    records = m["records"]
    wall0, cpu0 = m["floor"]
    print(f"\n{m['name']}: {len(records)} figures in {m['wall']:.0f} s wall for the six notebooks "
          f"(CPU of their kernels: {sum(m['cpu'].values()):.0f} s)")
    print(f"  {'notebook':22} {'wall s':>7} {'kernel CPU s':>13} {'CPU x floor':>12}")
    print(f"  {'(floor: load only)':22} {wall0:7.1f} {cpu0:13.1f} {1:12.1f}")
    for nb in sorted(m["timings"]):
        print(f"  {nb:22} {m['timings'][nb]:7.1f} {m['cpu'].get(nb, float('nan')):13.1f} "
              f"{m['cpu'].get(nb, float('nan')) / cpu0:12.1f}")
    if not records:
        return
    png = max(records, key=lambda r: max(r["png"]))
    svg = max(records, key=lambda r: r["svg_bytes"])
    print(f"  largest PNG: {max(png['png']):,} px on its long side ({png['figure']}; limit 2,400)")
    print(f"  largest SVG: {svg['svg_bytes'] / 1e6:.2f} MB ({svg['figure']}; limit 2 MB)")
    bad = [r["figure"] for r in records if r["overlaps"] or r["outside"]]
    print(f"  figures with overlapping or cut-off text: {len(bad)}" + (f" ({', '.join(bad)})" if bad else ""))
    over = [r["figure"] for r in records if max(r["png"]) > 2400 or r["svg_bytes"] > 2_000_000]
    print(f"  figures over the size limits: {len(over)}" + (f" ({', '.join(over)})" if over else ""))


def main(argv: list[str]) -> int:
    from notebooks import default_jobs

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", default="seed,bbc60,bbc", help="comma-separated: seed, bbc60, bbc")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="notebooks executed at once")
    args = parser.parse_args(argv)
    chosen = args.corpora.split(",")
    if any(c.startswith("bbc") for c in chosen) and not (BENCH / "bbc").is_dir():
        print(f"benchmark data not found at {BENCH}: only the seed is rendered")
        chosen = [c for c in chosen if c == "seed"]
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1577836800")
    os.environ["MPLBACKEND"] = "Agg"
    print(f"{args.jobs} notebook(s) at once on {os.cpu_count()} core(s); load average before: "
          f"{os.getloadavg()[0]:.1f}")
    status = 0
    with tempfile.TemporaryDirectory(prefix="cuttings-bench-figures-") as tmp:
        work = Path(tmp)
        corpora = {"seed": (SEED, SEED_PROFILE), "bbc60": (None, None), "bbc": (BENCH / "bbc", None)}
        for name in chosen:
            corpus, profile = corpora[name]
            if name == "bbc60":
                corpus = bbc_sample(work / "bbc60")
            m = render(name, corpus, profile, jobs=args.jobs, work=work)
            report(m)
            if any(max(r["png"]) > 2400 or r["svg_bytes"] > 2_000_000 or r["overlaps"] or r["outside"]
                   for r in m["records"]):
                status = 1
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
