"""Provenance and quoted speakers on real text nobody here wrote: Reuters wire stories and BBC articles.

Prints, for the library that is imported (``PYTHONPATH=/path/to/other/lib`` measures another
checkout, e.g. the base commit, with the same script):

- Reuters (730 stories, ../shared/bench/real/reuters, loaded as a folder, no profile): the share of
  stories ending with the wire's sign-off whose last piece gets source Reuters; of "By NAME,
  Reuters" bylines whose author comes out as NAME; of datelines ("SALVADOR, Feb 26 - ") read as a
  place and a date, and whether the date is the dateline's;
- BBC (2,225 articles): quotations, the share with a speaker, speakers that are pronouns or dummy
  subjects ("It", "When"), spellings of one speaker that differ only in case, speakers that run
  across a quotation ("Moya.   What"), and the share marked unnamed;
- who is quoted, against hand annotations of randomly drawn BBC quotations
  (tests/fixtures/bbc_speakers.json: 47 "dev" quotations that the rules were written against, and
  39 "held-out" ones annotated after the rules were frozen): accuracy, precision and recall, beside
  the usual baseline of quote attribution measured in the same run, the nearest name (the closest
  capitalised name before the quotation in its line, else the first after it).

Run: ``python benchmarks/bench_sources.py`` (``make bench`` runs it with the others).
"""
from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURE = ROOT / "tests" / "fixtures" / "bbc_speakers.json"
QUOTE = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")     # the quotation marks the quotes table reads
NOT_SPEAKERS = {"it", "this", "that", "there", "these", "those", "we", "i", "you", "he", "she", "they", "when",
                "however", "and", "but", "if", "now", "which", "what", "who", "meanwhile"}


def bench_dir() -> Path:
    """The benchmark data folder (CUTTINGS_BENCH, default ../shared/bench)."""
    import os

    return Path(os.environ.get("CUTTINGS_BENCH") or ROOT.parent / "shared" / "bench")


# -- Reuters ---------------------------------------------------------------------------------------

def reuters_scores(folder: Path) -> dict[str, tuple[int, int]]:
    """(hits, total) for sign-offs, bylines and datelines of the Reuters stories in ``folder``."""
    import cuttings

    corpus = cuttings.load(folder, profile=False, progress=False)
    records = corpus.provenance_records
    piece = {(str(r.file), int(r.line_no)): int(r.doc_id) for r in corpus.lines.itertuples(index=False)}
    out = {"sign-off -> source Reuters": [0, 0], "byline -> author": [0, 0],
           "dateline -> place": [0, 0], "dateline -> its date": [0, 0]}
    months = {m: i for i, m in enumerate(("jan feb mar apr may jun jul aug sep oct nov dec").split(), 1)}
    for file, g in corpus.lines.groupby("file", observed=True, sort=True):
        content = [(int(n), t) for n, t in zip(g["line_no"], g["text"]) if t.strip()]
        f = str(file)
        last_n, last = content[-1]
        if re.fullmatch(r"\s*reuters?\W*", last, re.I) or re.search(r"[.!?\"]\s+reuters?\W*$", last, re.I):
            out["sign-off -> source Reuters"][1] += 1
            out["sign-off -> source Reuters"][0] += records[piece[(f, last_n)]].source == "Reuters"
        for n, t in content[1:4]:
            m = re.fullmatch(r"by (.+), reuters", t.strip(), re.I)
            if m:
                name = m.group(1).title() if m.group(1).isupper() else m.group(1)
                out["byline -> author"][1] += 1
                out["byline -> author"][0] += records[piece[(f, n)]].authors == [name]
            d = re.match(r"[A-Z][^,]{1,30}(?:, [A-Z][^,]{1,20})?,? (\w+) (\d{1,2}) ?- ", t)
            if d:
                prov = records[piece[(f, n)]]
                out["dateline -> place"][1] += 1
                out["dateline -> place"][0] += bool(getattr(prov, "place", None))
                want = f"XXXX-{months.get(d.group(1)[:3].lower(), 0):02d}-{int(d.group(2)):02d}"
                out["dateline -> its date"][1] += 1
                out["dateline -> its date"][0] += prov.date == want
                break
    return {k: (v[0], v[1]) for k, v in out.items()}


# -- BBC speakers ----------------------------------------------------------------------------------

def bbc_speaker_stats(folder: Path) -> dict[str, object]:
    """Counts over every quotation of the BBC articles in ``folder`` (see the module docstring)."""
    import cuttings
    from cuttings.analysis import sources

    corpus = cuttings.load(folder, profile=False, progress=False)
    t0 = time.process_time()
    q = sources.quotes(corpus)
    seconds = time.process_time() - t0
    speakers = q["speaker"].dropna()
    speakers = speakers[speakers.map(lambda s: isinstance(s, str) and bool(s.strip()))]
    by_fold: dict[str, set[str]] = {}
    for s in speakers.unique():
        by_fold.setdefault(s.casefold(), set()).add(s)
    variants = {s for forms in by_fold.values() if len(forms) > 1 for s in forms}
    first = speakers.map(lambda s: s.split()[0].strip(".,"))
    dummy = speakers[first.map(lambda w: w.lower() in NOT_SPEAKERS and not (w.isupper() and len(w) > 1))]
    return {
        "quotations (rows)": len(q),
        "with a speaker": len(speakers),
        "pronoun or dummy speakers": len(dummy),
        "most frequent of those": ", ".join(f"{s} {n}" for s, n in Counter(dummy).most_common(4)) or "-",
        "rows whose speaker has a case variant": int(speakers.isin(variants).sum()),
        "speakers across a quotation": int(speakers.str.contains(r"\s{2,}").sum()),
        "marked unnamed": int(q["unnamed"].fillna(False).astype(bool).sum()) if "unnamed" in q else "-",
        "CPU seconds for the quotes table": round(seconds, 1),
    }


def nearest_name(line: str, k: int) -> str | None:
    """The baseline: the capitalised name closest before the k-th quotation in ``line`` (quotations
    blanked), else the first one after it; sentence-opening function words are skipped."""
    quotes = [m for m in QUOTE.finditer(line) if len((m.group(1) or m.group(2)).split()) >= 3]
    if k >= len(quotes):
        return None
    narration = QUOTE.sub(lambda m: " " * len(m.group()), line)
    names = [m for m in re.finditer(r"[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+)*", narration)
             if m.group().split()[0].lower() not in NOT_SPEAKERS | {"the", "a", "an", "in", "on", "as", "at"}]
    q = quotes[k]
    before = [m for m in names if m.end() <= q.start()]
    after = [m for m in names if m.start() >= q.end()]
    pick = before[-1] if before else (after[0] if after else None)
    return pick.group().rstrip(".") if pick else None


def speaker_sample(folder: Path, split: str = "held_out", fixture: Path = FIXTURE) -> tuple[list[dict], dict[str, list]]:
    """The annotated quotations of ``split`` ("dev" or "held_out") and, per method (cuttings, nearest
    name), the speaker it gives each."""
    import cuttings
    from cuttings.analysis import sources

    items = json.loads(fixture.read_text(encoding="utf-8"))[split]["quotes"]
    files = sorted({folder / it["file"] for it in items})
    q = sources.quotes(cuttings.load(files, profile=False, progress=False))
    q = q[q["mode"] == "direct"].copy()
    q["k"] = q.groupby(["file", "line_no"], observed=True).cumcount()
    got = {(str(r.file), int(r.line_no), int(r.k)): r.speaker for r in q.itertuples(index=False)}
    ours, base = [], []
    for it in items:
        path = str(folder / it["file"])
        s = got.get((path, it["line"], it["k"]))
        ours.append(s if isinstance(s, str) and s else None)
        line = path and Path(path).read_text(encoding="utf-8", errors="replace").split("\n")[it["line"] - 1]
        base.append(nearest_name(line, it["k"]))
    return items, {"cuttings": ours, "nearest name (baseline)": base}


def score(items: list[dict], predicted: list[str | None]) -> dict[str, float]:
    """Accuracy (right speaker, or none when the text names none), precision (of the speakers given)
    and recall (of the quotations that have a speaker); names compared ignoring case."""
    right = given = given_right = with_gold = found = 0
    for it, p in zip(items, predicted):
        gold = {g.casefold() for g in it["speaker"]}
        ok = (p is None and not gold) or (p is not None and p.casefold() in gold)
        right += ok
        if p is not None:
            given += 1
            given_right += ok
        if gold:
            with_gold += 1
            found += p is not None and ok
    return {"accuracy": right / len(items), "precision": given_right / given if given else 0.0,
            "recall": found / with_gold if with_gold else 0.0, "n": len(items)}


def main(argv: list[str]) -> int:
    import cuttings

    bench = bench_dir()
    if not (bench / "bbc").is_dir():
        print(f"benchmark data not found at {bench} (set CUTTINGS_BENCH)")
        return 0
    print(f"library: {Path(cuttings.__file__).parent}")
    print("\nReuters stories (general data, no profile)")
    for name, (hits, total) in reuters_scores(bench / "real" / "reuters").items():
        print(f"  {name:<30} {hits:>4} / {total:<4} {hits / total:6.1%}")
    print("\nBBC articles: quoted speakers (general data, no profile)")
    for name, value in bbc_speaker_stats(bench / "bbc").items():
        print(f"  {name:<40} {value}")
    print("\nWho is quoted: hand-annotated BBC quotations (tests/fixtures/bbc_speakers.json)")
    print(f"  {'quotations':<22} {'method':<26} {'accuracy':>9} {'precision':>10} {'recall':>8}")
    for split in ("held_out", "dev"):
        items, preds = speaker_sample(bench / "bbc", split)
        for method, predicted in preds.items():
            s = score(items, predicted)
            print(f"  {split + f' ({len(items)})':<22} {method:<26} {s['accuracy']:9.1%} {s['precision']:10.1%} "
                  f"{s['recall']:8.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
