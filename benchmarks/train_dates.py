"""Train the date tagger's keep-or-drop model from the tuning part of TempEval-3's TBAQ (``make train``).

Examples: every candidate expression the grammar reads (``find_raw(..., prune=False)``, line by line,
as the timeline reads a document) in the 207 documents of the *tuning* part of TBAQ (``bench_tempeval``:
a document is held out when SHA-256 of its name is 0 modulo 5; those 49 are never read here). A
candidate is labelled 1 when it overlaps a gold TIMEX3 (the TempEval-3 *relaxed* match). Features:
``cuttings.text.dates.learned.features``; those seen in fewer than ``MIN_COUNT`` training candidates
are left out.

Model: scikit-learn's logistic regression (L2, lbfgs, fixed iteration budget: deterministic, and the
model file is byte-identical between runs). Its strength ``C`` and the probability below which a
candidate is dropped are chosen by cross-validation *within the tuning part*, by document folds
(``FOLDS`` folds, a document's fold from the SHA-256 of its name): each fold is scored by a model
fitted on the others, and the pair (C, threshold) with the best out-of-fold relaxed F1 is kept (the
lowest threshold on a tie: drop as little as possible). The final model is fitted on the whole tuning
part and written, with its training record and cross-validated figures, to
``lib/cuttings/text/dates/dates_model.json``.

Usage: ``python benchmarks/train_dates.py [--out FILE]`` (``--report`` prints the cross-validated
table of thresholds without writing).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "lib"))

from bench_tempeval import TBAQ, documents, held_out  # noqa: E402
from cuttings.text.dates import Context, as_reference, find_raw, grammar, resolve_all, timeml  # noqa: E402
from cuttings.text.dates.learned import FORMAT, MODEL_FILE, features  # noqa: E402

FOLDS = 5
MIN_COUNT = 3
CS = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 13))  # 0.05 .. 0.60
MAX_ITER = 5000
# What the model predicts: "annotated" (overlaps a gold TIMEX3), the threshold maximising relaxed F1;
# or "valued" (annotated with the value we give it), the threshold maximising value F1 while relaxed
# F1 loses at most MAX_RELAXED_LOSS (out of fold). Set by --label.
LABEL = "annotated"
OBJECTIVE = "f1"  # for "annotated": "f1", or "f05" (F0.5, precision first: drops 13 of the seed's annotated expressions)
MAX_RELAXED_LOSS = 0.01


@dataclass
class Candidate:
    """One candidate expression: its document, features, label and the gold expressions it overlaps."""

    doc: str
    feats: list[str]
    label: int
    gold: tuple[int, ...]
    valued: int  # annotated, and with the value we give it
    direction: tuple | None = None  # (features, 1 if the gold is the occurrence after the reference, rule right)
    form: tuple | None = None  # (decision, features, 1 if the gold is the other form)


def fold(name: str) -> int:
    """The cross-validation fold of a tuning document (from the SHA-256 of its name, independent of the split)."""
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) // 5 % FOLDS


def candidates(docs) -> tuple[list[Candidate], dict[str, int]]:
    """Every candidate of ``docs`` with its label; and the number of gold expressions per document."""
    g = grammar()
    out: list[Candidate] = []
    for d in docs:
        gold = sorted(d.timexes, key=lambda s: s.start)
        ref = as_reference(d.dct[:10]) if d.dct else None
        ctx = Context()
        base = 0
        for line in d.text.split("\n"):
            found = find_raw(line, prune=False) if line.strip() else []
            for t, r in zip(found, resolve_all(found, ref, ctx)):
                a, b = base + t.start, base + t.end
                hit = tuple(i for i, s in enumerate(gold) if s.start < b and a < s.end)
                values = {e.value for e in timeml.elements(r.text, a, b, r.type, r.kind, r.value, r.mod, r.anchored)}
                valued = int(any(gold[i].value in values for i in hit))
                feats = features(line, t, g)
                golds = [gold[i].value for i in hit]
                out.append(Candidate(d.name, feats, int(bool(hit)), hit, valued, _direction(t, r, ref, golds, feats),
                                     _form(t, r, golds, feats)))
            base += len(line) + 1
    return out, {d.name: len(d.timexes) for d in docs}


def _direction(t, r, ref, golds: list[str], feats: list[str]) -> tuple | None:
    """For a weekday or a date or month without a year: (features, whether the gold is the occurrence on or
    after the reference rather than the one before, whether the resolver's choice is the gold's), or None
    when the gold is neither occurrence (another form, or no reference)."""
    import datetime as dt

    spec = t.spec
    if ref is None or spec is None or ref.precision != "day" or not golds:
        return None
    day = ref.date
    if spec[0] == "weekday" and spec[2] is None:
        wd = spec[1]
        before = day - dt.timedelta(days=(day.isoweekday() - wd) % 7 or 7)
        after = day + dt.timedelta(days=(wd - day.isoweekday()) % 7)
        b, a, n = before.isoformat(), after.isoformat(), 10
        dist = ((day - before).days, (after - day).days)
    elif spec[0] == "month" and spec[2] is None and spec[3] is None:
        mo = spec[1]
        yb = day.year if mo < day.month else day.year - 1
        ya = day.year if mo >= day.month else day.year + 1
        b, a, n = f"{yb:04d}-{mo:02d}", f"{ya:04d}-{mo:02d}", 7
        dist = ((day.year - yb) * 12 + day.month - mo, (ya - day.year) * 12 + mo - day.month)
    elif spec[0] == "daymonth" and spec[3] is None:
        mo, dd = spec[1], spec[2]
        try:
            cands = [dt.date(y, mo, dd) for y in (day.year - 1, day.year, day.year + 1)]
        except ValueError:
            return None
        before = max(c for c in cands if c < day)
        after = min(c for c in cands if c >= day)
        b, a, n = before.isoformat(), after.isoformat(), 10
        dist = ((day - before).days // 30, (after - day).days // 30)
    else:
        return None
    gold = [v[:n] for v in golds]
    if (a in gold) == (b in gold):
        return None
    ours = (r.anchored or "")[:n]
    extra = [f"{spec[0]}|before={min(dist[0], 12)}", f"{spec[0]}|after={min(dist[1], 12)}",
             f"{spec[0]}|nearer={'after' if dist[1] < dist[0] else 'before'}",
             f"rule={'after' if ours == a else 'before' if ours == b else 'other'}"]
    return feats + extra, int(a in gold), int(ours in gold)


_POD = re.compile(r"(\d{4}-\d{2}-\d{2})T(?:MO|AF|EV|NI)")
_WEEK = re.compile(r"(\d{4})-W\d{2}")
_QUARTER = re.compile(r"(\d{4})-Q[1-4]")


def _form(t, r, golds: list[str], feats: list[str]) -> tuple | None:
    """For the choices of form TIMEX3 leaves open, (decision, features, 1 if the gold is the other form),
    when the gold is one of the two: a day with its part of day or the day alone ("Friday night"); a
    relative week as the week or left unspecified (``1989-W43`` / ``1989-WXX``); "a year ago" after a
    quarter as the quarter or the year."""
    v = r.anchored
    if not v or not golds:
        return None
    if (m := _POD.fullmatch(v)) and t.spec is not None:
        decision, other = "part of day", m.group(1)
    elif (m := _WEEK.fullmatch(v)) and t.spec is not None:
        decision, other = "week", f"{m.group(1)}-WXX"
    elif (m := _QUARTER.fullmatch(v)) and t.spec is not None and t.spec[0] in ("ago", "year_ago"):
        decision, other = "year ago", m.group(1)
    else:
        return None
    if v in golds:
        return decision, feats, 0
    if other in golds:
        return decision, feats, 1
    return None


def forms(cands: list[Candidate]) -> None:
    """Print, per choice of form, how often the resolver's form is the gold's, and a learned choice out of fold."""
    from sklearn.linear_model import LogisticRegression

    for decision in ("part of day", "week", "year ago"):
        items = [(c.doc, c.form[1], c.form[2]) for c in cands if c.form is not None and c.form[0] == decision]
        if not items:
            continue
        rule = sum(1 - x[2] for x in items)
        line = f"  {decision}: {len(items)} with the gold one of the two forms; the resolver's right {rule}"
        for c in CS:
            right = 0
            for k in range(FOLDS):
                train = [x for x in items if fold(x[0]) != k]
                test = [x for x in items if fold(x[0]) == k]
                if not test:
                    continue
                if len({x[2] for x in train}) < 2:
                    right += sum(int(x[2] == train[0][2]) for x in test)
                    continue
                fake = [Candidate(x[0], x[1], x[2], (), 0) for x in train]
                vocab = vocabulary(fake)
                xs, ys = _matrix(fake, vocab)
                m = LogisticRegression(C=c, solver="lbfgs", max_iter=MAX_ITER).fit(xs, ys)
                xt, _ = _matrix([Candidate(x[0], x[1], x[2], (), 0) for x in test], vocab)
                right += sum(int(p == x[2]) for p, x in zip(m.predict(xt).tolist(), test))
            line += f"; learned C={c}: {right}"
        print(line)


def directions(cands: list[Candidate]) -> None:
    """Print the cross-validated accuracy of a learned past/future choice beside the resolver's rules."""
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    items = [(c.doc, *c.direction) for c in cands if c.direction is not None]
    rule = sum(x[3] for x in items)
    print(f"direction of weekdays, dates and months without a year: {len(items)} with the gold one of the two "
          f"occurrences; the resolver's rules right {rule} ({100 * rule / len(items):.1f}%); gold after the reference "
          f"{sum(x[2] for x in items)}")
    for c in CS:
        right = 0
        for k in range(FOLDS):
            train = [x for x in items if fold(x[0]) != k]
            test = [x for x in items if fold(x[0]) == k]
            counts: dict[str, int] = {}
            for x in train:
                for f in set(x[1]):
                    counts[f] = counts.get(f, 0) + 1
            vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}

            def mat(xs, vocab=vocab):
                rows = [(i, j) for i, x in enumerate(xs) for j in sorted({vocab[f] for f in x[1] if f in vocab})]
                return sparse.csr_matrix((np.ones(len(rows)), ([r[0] for r in rows], [r[1] for r in rows])),
                                         shape=(len(xs), len(vocab)))
            m = LogisticRegression(C=c, solver="lbfgs", max_iter=MAX_ITER).fit(mat(train), [x[2] for x in train])
            pred = m.predict(mat(test)).tolist() if test else []
            right += sum(int(p == x[2]) for p, x in zip(pred, test))
        print(f"  learned, C={c}: out-of-fold right {right} ({100 * right / len(items):.1f}%)")


def _matrix(cands: list[Candidate], vocab: dict[str, int]):
    import numpy as np
    from scipy import sparse

    rows, cols = [], []
    for i, c in enumerate(cands):
        for j in sorted({vocab[f] for f in c.feats if f in vocab}):
            rows.append(i)
            cols.append(j)
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(cands), len(vocab)))
    return x, np.asarray([c.valued if LABEL == "valued" else c.label for c in cands], dtype=np.int64)


def vocabulary(cands: list[Candidate]) -> dict[str, int]:
    """Feature name -> column, for the features seen in at least MIN_COUNT candidates (sorted by name)."""
    counts: dict[str, int] = {}
    for c in cands:
        for f in set(c.feats):
            counts[f] = counts.get(f, 0) + 1
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}


def fit(cands: list[Candidate], c: float):
    """A logistic regression fitted on ``cands``; returns (vocabulary, model)."""
    from sklearn.linear_model import LogisticRegression

    vocab = vocabulary(cands)
    x, y = _matrix(cands, vocab)
    model = LogisticRegression(C=c, solver="lbfgs", max_iter=MAX_ITER)
    model.fit(x, y)
    return vocab, model


def measure(cands: list[Candidate], p: list[float], gold: dict[str, int], threshold: float) -> dict[str, float]:
    """Relaxed precision, recall, F1 (candidate level) when the candidates with p < threshold are dropped."""
    kept = [c for c, q in zip(cands, p) if q >= threshold]
    found = len(kept)
    right = sum(c.label for c in kept)
    covered = len({(c.doc, i) for c in kept for i in c.gold})
    n_gold = sum(gold.values())
    prec = right / found if found else 0.0
    rec = covered / n_gold if n_gold else 0.0
    f05 = 1.25 * prec * rec / (0.25 * prec + rec) if prec + rec else 0.0
    value = 2 * sum(c.valued for c in kept) / (found + n_gold) if found + n_gold else 0.0
    return {"p": prec, "r": rec, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0, "value": value, "f05": f05,
            "found": found,
            "dropped": len(cands) - found, "dropped_right": sum(c.label for c, q in zip(cands, p) if q < threshold)}


def out_of_fold(cands: list[Candidate], c: float) -> list[float]:
    """Each candidate's probability from a model fitted on the other folds' documents."""
    p = [0.0] * len(cands)
    for k in range(FOLDS):
        train = [x for x in cands if fold(x.doc) != k]
        idx = [i for i, x in enumerate(cands) if fold(x.doc) == k]
        vocab, model = fit(train, c)
        x, _ = _matrix([cands[i] for i in idx], vocab)
        for i, q in zip(idx, model.predict_proba(x)[:, 1].tolist()):
            p[i] = q
    return p


def main(argv: list[str]) -> int:
    """Cross-validate, fit and write the model; print what was chosen. Return 0 (2 without the data)."""
    parser = argparse.ArgumentParser(prog="train_dates", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--report", action="store_true", help="print the cross-validated table; write nothing")
    parser.add_argument("--directions", action="store_true",
                        help="cross-validate a learned past/future choice for weekdays and year-less dates; write nothing")
    parser.add_argument("--objective", choices=("f05", "f1"), default=OBJECTIVE)
    parser.add_argument("--label", choices=("annotated", "valued"), default=LABEL)
    args = parser.parse_args(argv)
    globals()["LABEL"] = args.label
    globals()["OBJECTIVE"] = args.objective
    if not TBAQ.is_dir():
        print(f"no TempEval-3 data under {TBAQ}", file=sys.stderr)
        return 2
    t0 = time.process_time()
    tune = [d for d in documents() if not held_out(d.name)]
    cands, gold = candidates(tune)
    print(f"tuning part: {len(tune)} documents, {sum(gold.values())} gold expressions, {len(cands)} candidates "
          f"({sum(c.label for c in cands)} annotated)")
    if args.directions:
        directions(cands)
        print("forms TIMEX3 leaves open (out of fold, by document folds):")
        forms(cands)
        return 0
    best = None
    base = measure(cands, [1.0] * len(cands), gold, 0.5)
    for c in CS:
        p = out_of_fold(cands, c)
        for th in (0.0,) + THRESHOLDS:
            m = measure(cands, p, gold, th)
            if args.report:
                print(f"  C={c:<4} threshold {th:.2f}: P {100 * m['p']:.2f} R {100 * m['r']:.2f} "
                      f"F1 {100 * m['f1']:.2f} F0.5 {100 * m['f05']:.2f} value F1 {100 * m['value']:.2f}, dropped {m['dropped']} "
                      f"({m['dropped_right']} annotated)")
            if args.label == "valued" and m["f1"] < base["f1"] - MAX_RELAXED_LOSS:
                continue
            key = (round(m[OBJECTIVE if args.label == "annotated" else "value"], 6), -th, c)
            if best is None or key > best[0]:
                best = (key, c, th, m)
    assert best is not None
    _, c, th, m = best
    print(f"chosen ({args.label}): C={c}, threshold {th:.2f}: out-of-fold P {100 * m['p']:.2f} R {100 * m['r']:.2f} "
          f"F1 {100 * m['f1']:.2f} value F1 {100 * m['value']:.2f} (keeping every candidate: P {100 * base['p']:.2f} "
          f"R {100 * base['r']:.2f} F1 {100 * base['f1']:.2f} value F1 {100 * base['value']:.2f})")
    if args.report:
        return 0
    vocab, model = fit(cands, c)
    coef = model.coef_[0].tolist()
    weights = {f: round(coef[i], 6) for f, i in vocab.items() if round(coef[i], 6) != 0.0}
    names = sorted(d.name for d in tune)
    doc = {
        "format": FORMAT,
        "keep": {"kind": "logistic", "intercept": round(float(model.intercept_[0]), 6), "threshold": th,
                 "weights": dict(sorted(weights.items()))},
        "training": {
            "data": "TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT), tuning part: documents whose SHA-256 of the "
                    "name is not 0 modulo 5",
            "documents": len(names),
            "documents_sha256": hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest(),
            "candidates": len(cands), "annotated": sum(x.label for x in cands),
            "label": {"annotated": "overlaps a gold TIMEX3 (relaxed match)",
                      "valued": "overlaps a gold TIMEX3 with the value we give it"}[args.label],
            "objective": {"annotated": "out-of-fold relaxed F1",
                          "valued": f"out-of-fold value F1, relaxed F1 losing at most {MAX_RELAXED_LOSS}"}[args.label],
            "C": c, "folds": FOLDS, "min_count": MIN_COUNT,
            "cross_validated": {"precision": round(m["p"], 4), "recall": round(m["r"], 4), "f1": round(m["f1"], 4),
                                "keep_all_precision": round(base["p"], 4), "keep_all_recall": round(base["r"], 4),
                                "value_f1": round(m["value"], 4), "keep_all_f1": round(base["f1"], 4),
                                "keep_all_value_f1": round(base["value"], 4)},
        },
    }
    args.out.write_text(json.dumps(doc, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} weights) in {time.process_time() - t0:.1f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
