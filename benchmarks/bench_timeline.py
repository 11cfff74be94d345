"""Temporal expressions: accuracy on the annotated seed and speed on the BBC articles, beside dateparser and datefinder.

Accuracy. The hand annotation ``tests/fixtures/seed_timeline.json`` (every temporal expression of
the seed, read by a person, as TIMEX3 annotates them: 35 explicit dates, months, years, ranges, a
decade and a century; 26 relative expressions; 26 PRESENT_REF/PAST_REF/FUTURE_REF; 3 times; 3
recurrences; 39 durations) is compared, in the same run, with

- ``cuttings``: ``cuttings.analysis.timeline.timeline`` on the seed loaded with ``cuttings.load``;
- ``dateparser``: ``dateparser.search.search_dates(line, languages=["en"], settings={"RELATIVE_BASE":
  the piece's annotated reference date})`` on every line (the same 230 hits as on the whole text);
- ``datefinder``: ``datefinder.find_dates(line, source=True, index=True, strict=...)`` on every line,
  strict (day, month and year required) and not.

Two views. *Strict* (cuttings only): an expression counts when its line, start, end, TIMEX3 type,
kind and value equal the annotation; precision and recall over all expressions and over the
explicit ones. *Lenient* (every tool): a hit is on target when it overlaps an annotated expression
of any type; recall counts annotated date mentions (explicit and relative, not durations) that some
hit overlaps; a value is right when it falls inside the annotated (anchored) value: the day of
"02.06.73" must be 2 June 1973, any day of 1979 will do for "1979". The field's measure on text
nobody here wrote is ``bench_tempeval.py`` (TempEval-3); linearity at scale is ``bench_timeline_scale.py``.

Speed. MB (10^6 bytes of UTF-8 text) per second of this process's CPU time on the 2,225 BBC
articles (``../shared/bench/bbc``): cuttings on the loaded corpus (``timeline`` with its tables
built; loading and segmenting timed apart) and on raw lines (``find``); datefinder on every article;
dateparser, much slower, on every ``--every``-th article (default 5: 445 articles), as stated in
the table. Usage: ``benchmarks/run.py timeline`` or ``python benchmarks/bench_timeline.py``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import warnings
from pathlib import Path

from _common import best_cpu

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_c32ce563f5658dff.txt"
FIXTURE = ROOT / "tests" / "fixtures" / "seed_timeline.json"
BBC = ROOT.parent / "shared" / "bench" / "bbc"
EXPLICIT = ("date", "month", "year", "range", "decade", "century", "quarter", "half", "season", "week")


def _gold(lines: list[str]) -> tuple[list[dict], dict]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    out = []
    for e in data["expressions"]:
        line, pos = lines[e["line"] - 1], -1
        for _ in range(e.get("nth", 0) + 1):
            pos = line.find(e["text"], pos + 1)
        out.append({**e, "start": pos, "end": pos + len(e["text"])})
    return out, data


def _reference_of_line(data: dict) -> dict[int, dt.datetime]:
    out = {}
    for doc, (first, last) in data["pieces"].items():
        ref = data["references"][doc][0]
        d = dt.datetime.strptime(ref, "%Y-%m-%d" if len(ref) == 10 else "%Y-%m")
        for n in range(first, last + 1):
            out[n] = d
    return out


def _locate(line: str, found: list[str]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for s in found:
        i = line.find(s, pos)
        if i < 0:
            i = line.find(s)
        spans.append((i, i + len(s)))
        pos = i + len(s) if i >= 0 else pos
    return spans


def _agrees(value: str | None, when) -> bool:
    from cuttings.analysis.timeline import interval

    iv = interval(value)
    if iv is None or when is None:
        return False
    d = when if isinstance(when, dt.date) and not isinstance(when, dt.datetime) else when.date()
    return iv[0] <= d <= iv[1]


def _lenient(name: str, hits: list[tuple], gold: list[dict]) -> dict:
    """hits: (line, start, end, value-or-datetime). Returns the lenient scores."""
    def overlaps(h, g):
        return h[0] == g["line"] and h[1] < g["end"] and g["start"] < h[2]

    on_target = sum(any(overlaps(h, g) for g in gold) for h in hits)
    dates = [g for g in gold if g["type"] in ("DATE", "TIME") and g["kind"] != "ref"]
    explicit = [g for g in gold if g["kind"] in EXPLICIT]
    relative = [g for g in gold if g["kind"] == "relative" and g["anchored"]]

    def found(g):
        return [h for h in hits if overlaps(h, g)]

    def right(g):
        want = g["anchored"]
        for h in found(g):
            got = h[3]
            if isinstance(got, str) or got is None:
                if got == want:
                    return True
            elif _agrees(want, got):
                return True
        return False

    return {
        "tool": name, "hits": len(hits),
        "precision": on_target / len(hits) if hits else 0.0,
        "recall (date mentions)": sum(bool(found(g)) for g in dates) / len(dates),
        "recall (explicit)": sum(bool(found(g)) for g in explicit) / len(explicit),
        "explicit values right": sum(right(g) for g in explicit) / len(explicit),
        "relative anchored right": sum(right(g) for g in relative) / len(relative),
    }


def accuracy() -> tuple[list[dict], dict]:
    """Score every tool on the annotated seed; return (lenient rows, strict scores of cuttings)."""
    import cuttings
    from cuttings.analysis import timeline as T

    lines = SEED.read_text(encoding="utf-8").split("\n")
    gold, data = _gold(lines)
    corpus = cuttings.load(SEED, profile=ROOT / "profiles" / "000_c32ce563f5658dff")
    tl = T.timeline(corpus)

    def key(line, start, end, typ, kind, value):
        return (int(line), int(start), int(end), typ, kind, value)

    got = {key(r.line_no, r.start, r.end, r.type, r.kind, r.value) for r in tl.itertuples(index=False)}
    want = {key(g["line"], g["start"], g["end"], g["type"], g["kind"], g["value"]) for g in gold}
    got_x = {k for k in got if k[4] in EXPLICIT}
    want_x = {k for k in want if k[4] in EXPLICIT}
    strict = {
        "all": (len(got & want) / len(got), len(got & want) / len(want), len(got), len(want)),
        "explicit": (len(got_x & want_x) / len(got_x), len(got_x & want_x) / len(want_x), len(got_x), len(want_x)),
    }
    rows = []
    ours = [(r.line_no, r.start, r.end, r.anchored if isinstance(r.anchored, str) else None)
            for r in tl.itertuples(index=False) if r.type in ("DATE", "TIME") and r.kind != "ref"]
    rows.append(_lenient("cuttings (dates and times)", ours, gold))
    ours_all = [(r.line_no, r.start, r.end, r.anchored if isinstance(r.anchored, str) else None)
                for r in tl.itertuples(index=False)]
    rows.append(_lenient("cuttings (all, with durations)", ours_all, gold))

    refs = _reference_of_line(data)
    warnings.filterwarnings("ignore")
    from dateparser.search import search_dates

    hits = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        found = search_dates(line, languages=["en"], settings={"RELATIVE_BASE": refs[n]}) or []
        for (_s, when), (a, b) in zip(found, _locate(line, [f[0] for f in found])):
            hits.append((n, a, b, when))
    rows.append(_lenient("dateparser search_dates", hits, gold))

    import datefinder

    for strict_mode in (True, False):
        hits = []
        for n, line in enumerate(lines, 1):
            for when, _src, (a, b) in datefinder.find_dates(line, source=True, index=True, strict=strict_mode,
                                                             base_date=refs[n]):
                hits.append((n, a, b, when))
        rows.append(_lenient(f"datefinder strict={strict_mode}", hits, gold))
    return rows, strict


def speed(*, every: int = 5, repeat: int = 3, limit: int | None = None) -> list[tuple]:
    """Time cuttings and the peers on the BBC articles; return rows (tool, articles, MB, seconds, MB/s, hits)."""
    import cuttings
    from cuttings.analysis import timeline as T
    from cuttings.text import dates

    files = sorted(BBC.glob("*/*.txt"))[:limit]
    texts = [f.read_bytes().decode("utf-8", errors="replace") for f in files]
    mb_all = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rows = []
    sec, corpus = best_cpu(lambda: cuttings.load(files, progress=False))
    corpus.lines, corpus.sentences  # noqa: B018 - build the tables the timeline reads
    rows.append(("cuttings.load (read + segment, for scale)", len(files), mb_all, sec, mb_all / sec, None))
    dates.find("warm up in 2005")
    sec, tl = best_cpu(lambda: T.timeline(corpus), repeat)
    rows.append(("cuttings timeline (loaded corpus)", len(files), mb_all, sec, mb_all / sec, len(tl)))
    lines = [line for t in texts for line in t.splitlines()]
    sec, n = best_cpu(lambda: sum(len(dates.find(line)) for line in lines), repeat)
    rows.append(("cuttings find (raw lines)", len(files), mb_all, sec, mb_all / sec, n))

    import datefinder

    def run_datefinder(strict):
        return sum(1 for t in texts for _ in datefinder.find_dates(t, strict=strict))

    for strict in (True, False):
        sec, n = best_cpu(lambda strict=strict: run_datefinder(strict))
        rows.append((f"datefinder strict={strict}", len(files), mb_all, sec, mb_all / sec, n))

    warnings.filterwarnings("ignore")
    from dateparser.search import search_dates

    subset = texts[::every]
    mb_sub = sum(len(t.encode("utf-8")) for t in subset) / 1e6
    sec, n = best_cpu(lambda: sum(len(search_dates(t, languages=["en"]) or []) for t in subset))
    rows.append((f"dateparser search_dates (every {every}th article)", len(subset), mb_sub, sec, mb_sub / sec, n))
    return rows


def main(argv: list[str]) -> int:
    """Run the benchmark and print its tables; return 0."""
    parser = argparse.ArgumentParser(prog="bench_timeline", description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=int, default=5,
                        help="dateparser runs on every N-th BBC article only, it is slow (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cuttings timing, best kept (default 3)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N BBC articles")
    parser.add_argument("--skip-speed", action="store_true", help="only the accuracy table")
    args = parser.parse_args(argv)

    rows, strict = accuracy()
    print("Accuracy on the annotated seed (tests/fixtures/seed_timeline.json)")
    for name, (p, r, n_got, n_want) in strict.items():
        print(f"  cuttings strict, {name:8}: precision {p:.3f}  recall {r:.3f}  ({n_got} found, {n_want} annotated)")
    cols = {"hits": "hits", "precision": "precision", "recall (date mentions)": "recall",
            "recall (explicit)": "recall expl.", "explicit values right": "values expl.",
            "relative anchored right": "anchored rel."}
    print("\n  Lenient: precision = hits overlapping an annotated expression; recall = annotated date mentions\n"
          "  (explicit + relative + times) overlapped, 'expl.' = the 35 explicit ones; values = value inside the\n"
          "  annotated one; anchored rel. = the 14 resolvable relative expressions resolved right.")
    print(f"  {'tool':32}" + "".join(f"{c:>14}" for c in cols.values()))
    for row in rows:
        print(f"  {row['tool']:32}" + "".join(
            f"{row[c]:>14d}" if isinstance(row[c], int) else f"{row[c]:>14.3f}" for c in cols))

    if args.skip_speed:
        return 0
    if not BBC.exists():
        print(f"\n(no BBC articles under {BBC}: speed not measured)")
        return 0
    srows = speed(every=args.every, repeat=args.repeat, limit=args.limit)
    ref = next(r for r in srows if r[0].startswith("cuttings timeline"))[4]
    print("\nSpeed on the BBC articles (CPU time; ratio = cuttings timeline MB/s / tool MB/s)")
    print(f"  {'tool':52}{'articles':>9}{'MB':>8}{'seconds':>9}{'MB/s':>9}{'ratio':>9}{'hits':>8}")
    for name, n, mb, sec, rate, hits in srows:
        print(f"  {name:52}{n:>9}{mb:>8.2f}{sec:>9.2f}{rate:>9.3f}{ref / rate:>9.1f}{'' if hits is None else hits:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
