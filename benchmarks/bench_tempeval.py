"""Temporal expressions on TempEval-3: cuttings beside HeidelTime and SUTime, on a held-out part of TBAQ.

Data: ``../shared/bench/tempeval/tbaq`` (TempEval-3 training data, TimeBank 1.2 + AQUAINT,
"TBAQ-cleaned": 256 news articles in TimeML, 1,822 TIMEX3 in their ``<TEXT>``). The split is fixed
once, by document: a document is *held out* when the SHA-256 of its name (``APW19980807.0261``) is 0
modulo 5 (49 documents, 356 expressions); the other 207 are the *tuning* part, the only one whose
errors were read while the grammar was written. Every number below the tuning line comes from
documents nobody looked at.

How cuttings is run, as a user would: each article's plain text (the ``<TEXT>`` with its tags removed)
is written to a file ``NAME.txt`` of a folder, the folder is loaded with ``cuttings.load`` (no
profile), and ``cuttings.analysis.timeline.timeline(corpus, reference={file: DCT})`` gives the
expressions, the document creation time (DCT) being each article's reference date. The rows become
TIMEX3 elements exactly as ``cuttings timeline --format timeml`` writes them
(``cuttings.text.dates.timeml.elements``), scored by ``te3.py`` (the TempEval-3 measures: strict and
relaxed extent P/R/F1; type and value F1 = relaxed F1 x accuracy on the relaxed pairs).

Measured in the same run on the held-out part: cuttings without reference resolution (its explicit
dates, times, durations and sets only, the relative ones left out: what a tagger without the DCT
gives); dateparser ``search_dates`` (RELATIVE_BASE = the DCT) and datefinder, their dates written as
DATE values YYYY-MM-DD. Published, on the TempEval-3 *test* set (20 documents, not this data):
UzZaman et al. 2013, "SemEval-2013 Task 1: TempEval-3", Table 3 (HeidelTime relaxed F1 90.30,
strict 81.34, value 77.61; SUTime 90.32, 79.57, 67.38). Targets (issue 13), on the held-out part:
relaxed F1 >= 0.91, strict >= 0.82, value >= 0.80, and relaxed precision kept >= 0.93.

Usage: ``benchmarks/run.py tempeval`` or ``python benchmarks/bench_tempeval.py [--errors]`` (``--errors``
lists the tuning part's misses, spurious expressions and wrong values, ``--classes`` counts its wrong
values and spurious expressions by class; never the held-out part's).
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

import te3

ROOT = Path(__file__).resolve().parents[1]
TBAQ = ROOT.parent / "shared" / "bench" / "tempeval" / "tbaq"
PUBLISHED = [  # UzZaman et al. 2013, Table 3 (TempEval-3 test set): strict F1, relaxed F1, value F1
    ("HeidelTime (published, TE3 test set)", 81.34, 90.30, 77.61),
    ("SUTime (published, TE3 test set)", 79.57, 90.32, 67.38),
]
TARGETS = {"relaxed_f1": 0.91, "strict_f1": 0.82, "value_f1": 0.80, "relaxed_p": 0.93}
_TARGET_NAMES = {"relaxed_f1": "relaxed F1", "strict_f1": "strict F1", "value_f1": "value F1", "relaxed_p": "relaxed P"}


def held_out(name: str) -> bool:
    """Whether document ``name`` is in the held-out part (fixed once: SHA-256 of the name, 0 modulo 5)."""
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % 5 == 0


def documents(folder: Path = TBAQ) -> list[te3.Document]:
    """The TBAQ documents (TimeBank and AQUAINT; the toolkit's ``testpipeline`` copy left out), by name."""
    files = sorted(p for sub in ("TimeBank", "AQUAINT") for p in (folder / sub).glob("*.tml"))
    return [te3.read(p) for p in files]


def run_cuttings(docs: list[te3.Document], *, relative: bool = True) -> dict[str, list[te3.Span]]:
    """Tag each document's plain text with cuttings (its DCT as the reference); return TIMEX3 spans by name.

    ``relative=False`` keeps the expressions whose value does not depend on the reference date.
    """
    import cuttings
    from cuttings.analysis import timeline as T
    from cuttings.text.dates import timeml

    out: dict[str, list[te3.Span]] = {d.name: [] for d in docs}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for d in docs:
            (folder / f"{d.name}.txt").write_text(d.text, encoding="utf-8")
        corpus = cuttings.load(folder, profile=False, progress=False)
        dct = {f"{d.name}.txt": d.dct[:10] for d in docs if d.dct}
        table = T.timeline(corpus, reference=dct)
    starts: dict[str, list[int]] = {}
    for d in docs:
        offsets, pos = [], 0
        for line in d.text.split("\n"):
            offsets.append(pos)
            pos += len(line) + 1
        starts[d.name] = offsets
    for r in table.itertuples(index=False):
        if not relative and isinstance(r.anchor, str):
            continue  # resolved against the reference date: left out of the "without the DCT" run
        name = Path(r.file).stem
        base = starts[name][int(r.line_no) - 1]
        for e in timeml.elements(r.text, base + int(r.start), base + int(r.end), r.type, r.kind,
                                 _str(r.value), _str(r.mod), _str(r.anchored)):
            out[name].append(te3.Span(e.start, e.end, "", e.type, e.value, e.mod))
    return out


def _str(v):
    return v if isinstance(v, str) else None


def run_dateparser(docs: list[te3.Document]) -> dict[str, list[te3.Span]]:
    """dateparser.search_dates on each text (RELATIVE_BASE = the DCT); each hit a DATE valued YYYY-MM-DD."""
    import datetime as dt

    warnings.filterwarnings("ignore")
    from dateparser.search import search_dates

    out = {}
    for d in docs:
        base = dt.datetime.fromisoformat(d.dct[:10])
        spans, pos = [], 0
        for found, when in search_dates(d.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []:
            i = d.text.find(found, pos)
            if i < 0:
                continue
            pos = i + len(found)
            spans.append(te3.Span(i, i + len(found), found, "DATE", when.date().isoformat()))
        out[d.name] = spans
    return out


def run_datefinder(docs: list[te3.Document]) -> dict[str, list[te3.Span]]:
    """datefinder.find_dates on each text (base date = the DCT); each hit a DATE valued YYYY-MM-DD."""
    import datetime as dt

    import datefinder

    out = {}
    for d in docs:
        base = dt.datetime.fromisoformat(d.dct[:10])
        out[d.name] = [te3.Span(a, b, d.text[a:b], "DATE", when.date().isoformat())
                       for when, _src, (a, b) in datefinder.find_dates(d.text, source=True, index=True, base_date=base)]
    return out


def score(docs: list[te3.Document], system: dict[str, list[te3.Span]]) -> tuple[dict[str, float], te3.Counts]:
    """TempEval-3 scores of ``system`` on ``docs``, and the counts behind them."""
    c = te3.Counts()
    for d in docs:
        c.add(d.timexes, system.get(d.name, []))
    return c.scores(), c


def errors(docs: list[te3.Document], system: dict[str, list[te3.Span]]) -> list[str]:
    """Lines describing each miss, spurious expression, extent and value error (for the tuning part)."""
    out = []
    for d in docs:
        gold = sorted(d.timexes, key=lambda s: s.start)
        sys_ = sorted(system.get(d.name, []), key=lambda s: s.start)
        pairs = te3.pairs(gold, sys_)
        paired_g, paired_s = {id(g) for g, _ in pairs}, {id(s) for _, s in pairs}

        def around(a, b, text=d.text):
            return (text[max(0, a - 45):a] + "[[" + text[a:b] + "]]" + text[b:b + 30]).replace("\n", " ")

        out += [f"miss   {d.name} {g.type} {g.value}: {around(g.start, g.end)}" for g in gold if id(g) not in paired_g]
        out += [f"spur   {d.name} {s.type} {s.value}: {around(s.start, s.end)}" for s in sys_ if id(s) not in paired_s]
        for g, s in pairs:
            if (g.start, g.end) != (s.start, s.end):
                out.append(f"extent {d.name} gold {d.text[g.start:g.end]!r}: {around(s.start, s.end)}")
            if g.value != s.value:
                out.append(f"value  {d.name} gold {g.value} got {s.value} (DCT {d.dct}): {around(g.start, g.end)}")
    return out


_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(T.*)?")
_REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


def value_class(gold: str, ours: str) -> str:
    """The class of a wrong value (``gold`` != ``ours`` on a matched pair), from the two values alone.

    The first classes are forms of the same value that TIMEX3 writes one way and TBAQ's annotators
    another, or among themselves both ways; the last ones are resolution errors (ours or theirs).
    """
    if re.fullmatch(r"\d{4}(?:-XX){1,2}", gold) and ours == gold[:4]:
        return "form: a year written YYYY-XX"
    if re.fullmatch(r"\d{3}X", gold) and ours == gold[:3]:
        return "form: a decade written 199X"
    if re.fullmatch(r"\d{4}-W\d", gold) and ours == f"{gold[:6]}0{gold[6:]}":
        return "form: a week number without its zero (W7)"
    if "X" in gold and gold[:4].isdigit() and re.fullmatch(re.escape(gold).replace("X", "[0-9]"), ours):
        return "form: left unspecified in the gold (1989-WXX, 1989-QX)"
    if re.fullmatch(r"\d{2}", ours) and re.fullmatch(r"\d{2}XX|P100Y", gold):
        return "form: a century as 19XX or P100Y"
    g, o = _DAY.fullmatch(gold), _DAY.fullmatch(ours)
    if g and o and g.group(1) == o.group(1) and bool(g.group(2)) != bool(o.group(2)):
        if re.fullmatch(r"T(?:MO|AF|EV|NI)", g.group(2) or o.group(2) or ""):
            return "form: a day with its part of day (TNI) or not"
    if g and o and g.group(2) and o.group(2) and g.group(1) == o.group(1):
        return "form: the time of a day (T17 / T17:00, TEV / TNI, TMO / T04:00)"
    if g and o and g.group(1)[4:] == o.group(1)[4:]:
        return "resolution: the same month, day or quarter in another year"
    if g and o:
        import datetime as dt

        days = abs((dt.date.fromisoformat(g.group(1)) - dt.date.fromisoformat(o.group(1))).days)
        if days == 7:
            return "resolution: a weekday a week away"
        if days == 1:
            return "resolution: a day away"
        return "resolution: another day"
    if gold.startswith("P") != ours.startswith("P") and not (gold in _REFS or ours in _REFS):
        return "a duration (P..) against a point in time"
    if gold in _REFS or ours in _REFS:
        return "PRESENT/PAST/FUTURE_REF against a vague value"
    if gold.startswith("P") and ours.startswith("P"):
        return "durations: another length or unit"
    if re.fullmatch(r"\d{4}(?:-Q\d)?", gold) and re.fullmatch(r"\d{4}(?:-Q\d)?", ours) and gold != ours:
        if gold[:4] == ours[:4]:
            return "resolution: a quarter against its year"
        return "resolution: another year or quarter"
    if gold[:4] == ours[:4] and gold[:4].isdigit() and ("-W" in gold) != ("-W" in ours):
        return "resolution: a week against a day or month"
    if gold[:4] != ours[:4] and gold[4:] == ours[4:] and gold[:4].isdigit() and ours[:4].isdigit():
        return "resolution: the same month, day or quarter in another year"
    if gold[:4] == ours[:4] and gold[:4].isdigit():
        return "resolution: another granularity or part of the same year"
    return "other"


def classes(docs: list[te3.Document], system: dict[str, list[te3.Span]]) -> dict[str, dict[str, int]]:
    """Counts of wrong values (by ``value_class``) and of spurious expressions (by type and, for the
    PRESENT/PAST/FUTURE_REF and SET words, the word): {"value": {class: n}, "spurious": {class: n}}."""
    out: dict[str, dict[str, int]] = {"value": {}, "spurious": {}}
    for d in docs:
        gold = sorted(d.timexes, key=lambda s: s.start)
        ours = sorted(system.get(d.name, []), key=lambda s: s.start)
        pairs = te3.pairs(gold, ours)
        for g, s in pairs:
            if g.value != s.value:
                k = value_class(g.value, s.value)
                out["value"][k] = out["value"].get(k, 0) + 1
        paired = {id(s) for _, s in pairs}
        for s in ours:
            if id(s) in paired:
                continue
            words = d.text[s.start:s.end].lower()
            k = f"{s.type} {words}" if s.value in _REFS or s.type == "SET" else s.type
            out["spurious"][k] = out["spurious"].get(k, 0) + 1
    return out


def _row(name: str, s: dict[str, float] | None, c: te3.Counts | None, note: str = "") -> str:
    if s is None:
        return f"  {name:44}{note}"
    cells = [s["strict_p"], s["strict_r"], s["strict_f1"], s["relaxed_p"], s["relaxed_r"], s["relaxed_f1"],
             s["type_f1"], s["value_f1"]]
    counts = f"{c.system:>6}{c.gold:>6}" if c is not None else ""
    return f"  {name:44}" + "".join(f"{100 * x:>7.2f}" for x in cells) + counts + (f"  {note}" if note else "")


def main(argv: list[str]) -> int:
    """Run the benchmark and print its table (with whether each target is met); return 0."""
    parser = argparse.ArgumentParser(prog="bench_tempeval", description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list the tuning part's errors (never the held-out part's)")
    parser.add_argument("--classes", action="store_true",
                        help="count the tuning part's wrong values and spurious expressions by class")
    parser.add_argument("--no-peers", action="store_true", help="leave out dateparser and datefinder (slow)")
    args = parser.parse_args(argv)
    if not TBAQ.is_dir():
        print(f"(no TempEval-3 data under {TBAQ}: not measured)")
        return 0
    docs = documents()
    held = [d for d in docs if held_out(d.name)]
    tune = [d for d in docs if not held_out(d.name)]
    t0 = time.process_time()
    ours = run_cuttings(docs)
    seconds = time.process_time() - t0
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    explicit = run_cuttings(held, relative=False)
    print(f"TempEval-3 temporal expressions (TBAQ-cleaned: {len(docs)} documents; held-out part "
          f"{len(held)} documents, {sum(len(d.timexes) for d in held)} expressions; tuning part {len(tune)}, "
          f"{sum(len(d.timexes) for d in tune)})")
    print(f"  {'':44}{'strict':>21}{'relaxed':>21}{'type':>7}{'value':>7}{'found':>6}{'gold':>6}")
    print(f"  {'system':44}" + "".join(f"{h:>7}" for h in ("P", "R", "F1", "P", "R", "F1", "F1", "F1")))
    s_held, c_held = score(held, ours)
    print(_row("cuttings, held-out part", s_held, c_held))
    for corpus_name in ("TimeBank", "AQUAINT"):
        part = [d for d in held if (TBAQ / corpus_name / f"{d.name}.tml").exists()]
        s, c = score(part, ours)
        print(_row(f"  of which {corpus_name} ({len(part)} documents)", s, c))
    s, c = score(held, explicit)
    print(_row("cuttings without the DCT (explicit only)", s, c))
    if not args.no_peers:
        for name, run in (("dateparser search_dates", run_dateparser), ("datefinder find_dates", run_datefinder)):
            s, c = score(held, run(held))
            print(_row(f"{name}, held-out part", s, c))
    for name, strict, relaxed, value in PUBLISHED:
        print(f"  {name:44}{'':>14}{strict:>7.2f}{'':>14}{relaxed:>7.2f}{'':>7}{value:>7.2f}")
    s_tune, c_tune = score(tune, ours)
    print(_row("cuttings, tuning part (read while writing)", s_tune, c_tune))
    met = {k: s_held[k] >= v for k, v in TARGETS.items()}
    print("  targets on the held-out part: " + ", ".join(
        f"{_TARGET_NAMES[k]} {100 * s_held[k]:.2f} {'>=' if ok else '<'} {100 * TARGETS[k]:.0f} "
        f"({'met' if ok else 'NOT met'})" for k, ok in met.items()))
    print(f"  cuttings load + timeline on all {len(docs)} documents: {mb:.2f} MB in {seconds:.2f} s CPU "
          f"({mb / seconds:.2f} MB/s, small files)")
    if args.classes:
        counted = classes(tune, ours)
        for what, title in (("value", "wrong values"), ("spurious", "spurious expressions")):
            print(f"\n{title.capitalize()} on the tuning part, by class ({sum(counted[what].values())}):")
            for k, n in sorted(counted[what].items(), key=lambda kv: (-kv[1], kv[0])):
                print(f"  {n:>5}  {k}")
    if args.errors:
        print("\nErrors on the tuning part:")
        for line in errors(tune, ours):
            print("  " + line)
    return 0  # a report: the targets are printed above, met or not


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
