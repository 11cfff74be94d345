"""Train the boundary model from dumps of real articles (``make train``), and the pieces the
leave-one-source-out benchmark reuses (``bench_boundaries.py``).

Training data: dumps built by ``dumps.build_dump`` from the *training part* of each source
(``dumps.split``; the held-out part judges the shipped model in the tests), in every variant (as
the source has them, untitled, mixed). Each content line is one example, labelled 1 when a piece
starts there. Each source weighs the same in total, whatever its number of lines.

Two stages, as ``cuttings.segment.features`` describes. Stage 1 is fitted on every training dump;
stage 2 is fitted on stage-1 probabilities that were computed *out of fold* (each dump scored by a
stage 1 fitted without it: dumps are dealt into ``FOLDS`` folds), so that stage 2 learns how far
to trust stage 1 on text it has not seen. The decoding threshold is then chosen (``fit_decoding``)
on stage-2 probabilities computed out of fold in the same way, so it is fitted on dumps neither
stage saw. Both stages are scikit-learn logistic regressions on
standardised features (``C``: inverse regularisation strength), with the lbfgs solver and a fixed
iteration budget: training is deterministic, and the model file is byte-identical between runs.

Usage: ``python benchmarks/train_boundaries.py [--out FILE] [--sources bbc,reuters,web,seed]``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "lib"))

import numpy as np  # noqa: E402

from cuttings.resources import Resources  # noqa: E402
from cuttings.segment import read_lines  # noqa: E402
from cuttings.segment.closing import after_closing_lines  # noqa: E402
from cuttings.segment.features import Lines, stage1, stage1_names, stage2, stage2_names  # noqa: E402
from cuttings.segment.learned import MODEL_FILE, BoundaryModel, Stage  # noqa: E402
from dumps import SOURCES, VARIANTS, Article, Dump, build_dump, load_source, source_dumps, split  # noqa: E402

BENCH = Path(os.environ.get("CUTTINGS_BENCH") or ROOT.parent / "shared" / "bench")
SEED_PROFILE = ROOT / "profiles" / "000_c32ce563f5658dff"
FOLDS = 3
C = 0.5              # inverse L2 strength of both stages (smaller: smoother, less source-specific)
MAX_ITER = 2000
# Training dumps per variant and source, and articles per dump (web and seed: all their articles).
TRAIN_DUMPS = {"bbc": 10, "reuters": 10, "web": 6, "seed": 8}
# A dateline at the head of a lead paragraph, removed from prose bodies ("PARIS, March 2 - ").
_DATELINE_HEAD = re.compile(r"^[A-Z][A-Z.'’ -]+(?:\([^)]{1,30}\))?(?:,[^-–—]{1,40})?\s+[-–—]{1,2}\s+")
DUMP_SIZE = 40
# Files of one article per source (as is, untitled, with blank lines): most files a user loads hold
# one piece, with sub-heads and changes of topic that must not open a new one.
SINGLES = {"bbc": 60, "reuters": 60, "web": 30, "seed": 0}
# Bare bodies (``prose_bodies``: every title, byline, dateline, sign-off and caption gone, so that only
# a change of subject marks a start) weigh this many times as much per line as the other dumps of
# their source: without them a model trained on sources that announce their pieces never learns to
# use cohesion, and fails on a source that does not (held out, BBC recall 0.18).
BODIES_WEIGHT = 1.0
BODIES_DUMPS = 1     # bare-body dumps per variant dump (2: half of them with blank lines)
# The seed (ten pieces, the corpus this project studies) weighs this many times as much as each other
# source: with the bare bodies weighted, its few hand-annotated pieces at equal weight no longer came
# out exact (two of ten starts wrong); at 3 they do. It changes no leave-one-source-out row of the seed.
SEED_WEIGHT = 1.0
# Strengths of the decoding's piece-length prior tried by ``fit_decoding`` (``learned.start_penalty``);
# (0.0,) leaves it off. ``--length-prior`` tries PRIOR_GRID.
PRIORS: tuple[float, ...] = (0.0,)
PRIOR_GRID = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)


def add_options(ap: argparse.ArgumentParser) -> None:
    """The training-recipe options ``train_boundaries.py`` and ``bench_boundaries.py`` share."""
    ap.add_argument("--bodies-weight", type=float, default=BODIES_WEIGHT, help="weight per line of the bare bodies")
    ap.add_argument("--bodies-dumps", type=int, default=BODIES_DUMPS, help="bare-body dumps per variant dump")
    ap.add_argument("--seed-weight", type=float, default=SEED_WEIGHT, help="weight of the seed against each source")
    ap.add_argument("--gap-scores", action="store_true", help="add the local rank / local minimum features")
    ap.add_argument("--length-prior", action="store_true", help="fit the decoding's piece-length prior")


def configure(args: argparse.Namespace) -> None:
    """Set the recipe's knobs from ``add_options``' arguments."""
    global BODIES_WEIGHT, BODIES_DUMPS, SEED_WEIGHT, PRIORS
    import cuttings.segment.features as features

    BODIES_WEIGHT, BODIES_DUMPS, SEED_WEIGHT = args.bodies_weight, args.bodies_dumps, args.seed_weight
    PRIORS = PRIOR_GRID if args.length_prior else (0.0,)
    features.GAP_SCORES = bool(args.gap_scores)


@dataclass
class Example:
    """One dump made ready for training or scoring."""

    dump: Dump
    lines: Lines
    x1: np.ndarray
    y: np.ndarray        # 1 where a piece starts (content lines)


def resources_for(source: str) -> Resources:
    """The data a source's dumps are read with: the seed's profile for the seed, else the general data."""
    return Resources(SEED_PROFILE) if source == "seed" else Resources.default()


def prepare(dump: Dump, resources: Resources | None = None) -> Example:
    """Read a dump as the segmenter does and label its content lines with the dump's known starts."""
    resources = resources or resources_for(dump.source)
    texts = dump.lines
    reading = read_lines(texts, resources)
    assert reading.lines is not None
    starts = {s - 1 for s in dump.starts}
    y = np.asarray([i in starts for i in reading.lines.idx.tolist()], dtype=np.float64)
    return Example(dump, reading.lines, stage1(reading.lines), y)


def training_dumps(sources: tuple[str, ...], bench: Path = BENCH, *, part: str = "train",
                   augment: bool = True, quick: bool = False) -> list[Dump]:
    """The training dumps of ``sources`` (their ``part`` of the articles): every variant as the
    benchmark builds them, and with ``augment`` as many again with randomised conventions
    (``vary_conventions``) and a set of prose bodies (``prose_bodies``); ``quick``: a quarter of them."""
    out = []
    outlets = sorted(row[0] for row in Resources.default().table("outlets.tsv"))
    for name in sources:
        articles = split(load_source(name, bench), part)
        n = max(1, TRAIN_DUMPS[name] // 4) if quick else TRAIN_DUMPS[name]
        out += source_dumps(name, articles, n_dumps=n, size=DUMP_SIZE, seed=1000)
        if not augment:
            continue
        rng = random.Random(f"augment/{name}")
        singles = SINGLES[name] // 4 if quick else SINGLES[name]
        for k, a in enumerate(rng.sample(articles, min(singles, len(articles)))):
            dump = build_dump([a], seed=k, source=name, variant="single", blank_lines=k % 2 == 1,
                              titles="drop" if k % 3 == 2 else "keep")
            dump.name = f"{name} single #{k + 1}"
            out.append(dump)
        for variant in VARIANTS:
            for d in range(n):
                chosen = rng.sample(articles, min(DUMP_SIZE, len(articles)))
                varied, what = vary_conventions(chosen, rng, outlets)
                dump = build_dump(varied, seed=rng.randrange(1 << 30), source=name, variant=variant + " varied",
                                  blank_lines=d % 2 == 1, **VARIANTS[variant])
                dump.name = f"{name} {variant} varied #{d + 1} ({what})"
                out.append(dump)
        for d in range(n * BODIES_DUMPS):
            chosen = prose_bodies(rng.sample(articles, min(DUMP_SIZE, len(articles))))
            dump = build_dump(chosen, seed=rng.randrange(1 << 30), source=name, variant="bodies",
                              blank_lines=d % 2 == 1 and BODIES_DUMPS > 1)
            dump.name = f"{name} bodies #{d + 1}"
            out.append(dump)
    return out


def prose_bodies(articles: list[Article]) -> list[Article]:
    """The articles reduced to their prose paragraphs (twelve words or more, ending a sentence), with
    no title and no dateline: pieces a model can only tell apart by what they say."""
    out = []
    for a in articles:
        paras = [_DATELINE_HEAD.sub("", p, count=1) for p in a.paragraphs
                 if len(p.split()) >= 12 and p.rstrip()[-1:] in ".!?\"”'"]
        if len(paras) >= 2:
            out.append(Article("", paras, a.name))
    return out


def vary_conventions(articles: list[Article], rng: random.Random, outlets: list[str]) -> tuple[list[Article], str]:
    """Give a dump conventions that real dumps have but its source does not, each applied to the
    whole dump as real dumps do, so that the model learns how a dump's own conventions show rather
    than one source's forms: titles in capitals; a sign-off line after every piece (one word of the
    dump's own articles, so no word list knows it); a byline under every title; an attribution or
    link line closing every piece (names made of the dump's own words, outlets from the general
    ``outlets.tsv``); sub-heads and captions inside bodies (words of the text around them)."""
    pool = sorted({w for a in articles[:10] for p in a.paragraphs[:3] for w in re.findall(r"[A-Za-z]{4,10}", p)})
    word = lambda: (rng.choice(pool) if pool else "text").capitalize()
    name = lambda: f"{word()} {word()}"
    what = []
    upper = rng.random() < 0.25
    signoff = None
    if rng.random() < 0.25:
        w = word()
        signoff = rng.choice([w, w.upper(), f"-- {w} --", f"({w})", f"{w.lower()}."])
        what.append(f"sign-off {signoff!r}")
    closing = rng.random() < 0.3 and signoff is None
    byline = rng.random() < 0.25
    byline_form = rng.randrange(3)
    closing_form = rng.randrange(4)
    subheads = rng.random() < 0.25
    captions = rng.random() < 0.2
    for flag, label in ((upper, "capitals titles"), (closing, "closing lines"), (byline, "bylines"),
                        (subheads, "sub-heads"), (captions, "captions")):
        if flag:
            what.append(label)
    out = []
    for a in articles:
        paras = list(a.paragraphs)
        if subheads and len(paras) >= 4:
            # sub-heads: a few words of the paragraph each heads, capitalised, no closing stop
            for at in sorted(rng.sample(range(2, len(paras)), min(len(paras) - 2, rng.randint(1, 3))), reverse=True):
                ws = re.findall(r"[A-Za-z’'-]+", paras[at])
                if len(ws) >= 6:
                    k = rng.randint(0, len(ws) - 5)
                    head = " ".join(ws[k:k + rng.randint(2, 5)])
                    paras.insert(at, head[:1].upper() + head[1:] if rng.random() < 0.5 else head.title())
        if captions and len(paras) >= 3 and rng.random() < 0.5:
            # a caption: words of the paragraph before it, no closing stop
            at = rng.randrange(1, len(paras))
            ws = re.findall(r"[A-Za-z’'-]+", paras[at - 1])
            if len(ws) >= 8:
                k = rng.randint(0, len(ws) - 7)
                cap = " ".join(ws[k:k + rng.randint(4, 7)])
                paras.insert(at, cap[:1].upper() + cap[1:])
        if byline and rng.random() < 0.9:
            forms = [f"By {name()}", f"By {name()}, {rng.choice(outlets)}", f"{name()}, {rng.choice(outlets)}"]
            paras.insert(0, forms[byline_form])
        if signoff is not None and rng.random() < 0.9:
            paras.append(signoff)
        if closing and rng.random() < 0.9:
            o = rng.choice(outlets)
            paras.append([f"{name()}, {o}", f"{o}, translated by {rng.choice(outlets)}", f"Source: {o}",
                          f"{word().lower()}{rng.choice(['.com', '.org', '.net/news'])}"][closing_form])
        out.append(Article(a.title.upper() if upper else a.title, paras, a.name))
    return out, ", ".join(what) or "none"


def _weights(examples: list[Example]) -> list[np.ndarray]:
    """Per example, per line: weights giving every source the same total (the seed ``SEED_WEIGHT`` times
    that), within which the bare bodies (``prose_bodies``) weigh ``BODIES_WEIGHT`` times as much per
    line as the other dumps."""
    totals: dict[str, float] = {}
    factor = [BODIES_WEIGHT if ex.dump.variant.startswith("bodies") else 1.0 for ex in examples]
    for ex, f in zip(examples, factor):
        totals[ex.dump.source] = totals.get(ex.dump.source, 0.0) + f * len(ex.y)
    mean_total = sum(totals.values()) / len(totals)
    return [np.full(len(ex.y), f * mean_total / totals[ex.dump.source] * (SEED_WEIGHT if ex.dump.source == "seed" else 1.0))
            for ex, f in zip(examples, factor)]


def fit_stage(x: np.ndarray, y: np.ndarray, w: np.ndarray, names: list[str], *, c: float = C) -> Stage:
    """A standardised logistic regression (scikit-learn, lbfgs) as a ``Stage``."""
    from sklearn.linear_model import LogisticRegression

    mean = np.average(x, axis=0, weights=w)
    scale = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=w))
    scale[scale < 1e-9] = 1.0
    z = np.clip((x - mean) / scale, -6.0, 6.0)
    lr = LogisticRegression(C=c, max_iter=MAX_ITER, tol=1e-8)
    lr.fit(z, y, sample_weight=w)
    return Stage(names, mean, scale, lr.coef_[0].astype(np.float64), float(lr.intercept_[0]))


def train(examples: list[Example], *, c: float = C, folds: int = FOLDS, log=print,
          fit_threshold: bool = True) -> BoundaryModel:
    """Fit both stages on ``examples`` (stage 2 on out-of-fold stage-1 probabilities: dumps are dealt
    into ``folds`` folds) and, with ``fit_threshold``, the decoding threshold on out-of-fold stage-2
    probabilities (``fit_decoding``: each dump scored by both stages fitted without its fold)."""
    weights = _weights(examples)
    n1, n2 = stage1_names(), stage2_names()
    x1 = np.vstack([ex.x1 for ex in examples])
    y = np.concatenate([ex.y for ex in examples])
    w = np.concatenate(weights)
    t = time.perf_counter()
    s1 = fit_stage(x1, y, w, n1, c=c)
    log(f"  stage 1 on {len(y):,} lines ({int(y.sum()):,} starts): {time.perf_counter() - t:.1f} s")
    fold_of = [k % folds for k in range(len(examples))]

    def out_of_fold(xs: list[np.ndarray], names: list[str]) -> list[np.ndarray]:
        out: list[np.ndarray] = [np.zeros(0)] * len(examples)
        for f in range(folds):
            inside = [k for k in range(len(examples)) if fold_of[k] != f]
            s = fit_stage(np.vstack([xs[k] for k in inside]), np.concatenate([examples[k].y for k in inside]),
                          np.concatenate([weights[k] for k in inside]), names, c=c)
            for k in range(len(examples)):
                if fold_of[k] == f:
                    out[k] = s.predict(xs[k])
        return out

    oof = out_of_fold([ex.x1 for ex in examples], n1)
    x2s = [stage2(ex.lines, ex.x1, p) for ex, p in zip(examples, oof)]
    t = time.perf_counter()
    s2 = fit_stage(np.vstack(x2s), y, w, n2, c=c)
    log(f"  stage 2: {time.perf_counter() - t:.1f} s")
    model = BoundaryModel(s1, s2, min_gap=2)
    model.rate = round(float(y.sum()) / max(len(y), 1), 6)
    if fit_threshold:
        (model.threshold, model.prior), scores = fit_decoding(examples, out_of_fold(x2s, n2), min_gap=model.min_gap,
                                                              rate=model.rate)
        log(f"  decoding threshold {model.threshold:.3f}, length prior {model.prior} (out-of-fold F1 "
            f"{scores[(model.threshold, model.prior)]:.3f}, at 0.5 without prior: {scores[(0.5, 0.0)]:.3f})")
    return model


# Candidate decoding thresholds: log-odds from -5 to +2 in steps of 0.25 (0.5 among them).
THRESHOLDS = tuple(round(1.0 / (1.0 + math.exp(-k / 4)), 6) for k in range(-20, 9))



def fit_decoding(examples: list[Example], p2: list[np.ndarray], *, min_gap: int = 2, rate: float = 0.05,
                 priors: tuple[float, ...] | None = None) -> tuple[tuple[float, float], dict[tuple[float, float], float]]:
    """The decoding threshold (of ``THRESHOLDS``) and piece-length prior strength (of ``priors``,
    default ``PRIORS``) that maximise the mean over sources of the pooled exact boundary F1 of
    ``examples`` decoded from ``p2`` (each dump's probabilities from stages that never saw it); ties go
    to the weaker prior, then the threshold closest to 0.5. Returns them and every candidate's score."""
    from cuttings.evaluate import boundary_counts, prf
    from cuttings.segment.learned import decode

    sources = sorted({ex.dump.source for ex in examples})
    scores: dict[tuple[float, float], float] = {}
    for prior in PRIORS if priors is None else priors:
        for t in THRESHOLDS:
            counts = {s: [0, 0, 0] for s in sources}
            for ex, p in zip(examples, p2):
                chosen = decode(p, min_gap=min_gap, threshold=t, prior=prior, rate=rate)
                idx = ex.lines.idx.tolist()
                pred = [1] + [idx[j] + 1 for j in chosen[1:]]
                a, b, c_ = boundary_counts(pred, ex.dump.starts)
                cs = counts[ex.dump.source]
                cs[0], cs[1], cs[2] = cs[0] + a, cs[1] + b, cs[2] + c_
            scores[(t, prior)] = sum(prf(*counts[s])["f1"] for s in sources) / len(sources)
    if (0.5, 0.0) not in scores:
        scores[(0.5, 0.0)] = float("nan")
    best = max((k for k in scores if scores[k] == scores[k]),
               key=lambda k: (round(scores[k], 9), -k[1], -abs(math.log(k[0] / (1 - k[0])))))
    return best, scores


def predict_starts(model: BoundaryModel, texts: list[str], resources: Resources, *,
                   closing: bool = False, lists: bool = True) -> tuple[list[int], list[float]]:
    """1-based start lines and per-line probabilities of ``model`` on ``texts`` (as ``segment_lines``
    decides; ``closing``: plus the rule scan's starts after closing lines, ``closing.after_closing_lines``,
    not yet in ``segment_lines``; ``lists``: no start inside a list, ``learned.list_continuations``, as
    ``segment_lines``)."""
    from cuttings.segment.learned import decode, list_continuations

    reading = read_lines(texts, resources)
    if reading.lines is None:
        return [1], [0.0] * len(texts)
    x1 = stage1(reading.lines)
    p1 = model.stage1.predict(x1)
    p2 = model.stage2.predict(stage2(reading.lines, x1, p1))
    idx = reading.lines.idx.tolist()
    chosen = decode(p2, min_gap=model.min_gap, threshold=model.threshold, prior=model.prior, rate=model.rate,
                    blocked=list_continuations(texts, idx) if lists else None)
    starts = [idx[j] for j in chosen]
    if closing:
        starts = after_closing_lines(starts, reading.infos, {pc.start for pc in reading.scan_pieces},
                                     reading.scan_roles)
    return [1] + [i + 1 for i in starts[1:]], p2.tolist()


def record(examples: list[Example], sources: tuple[str, ...]) -> dict:
    """What the model was trained on, for the model file."""
    import cuttings.segment.features as features

    by_source: dict[str, dict] = {}
    for ex in examples:
        r = by_source.setdefault(ex.dump.source, {"dumps": 0, "lines": 0, "starts": 0, "sha256": hashlib.sha256()})
        r["dumps"] += 1
        r["lines"] += len(ex.y)
        r["starts"] += int(ex.y.sum())
        r["sha256"].update(ex.dump.text.encode("utf-8"))
    for r in by_source.values():
        r["sha256"] = r["sha256"].hexdigest()
    return {
        "sources": {s: by_source[s] for s in sources if s in by_source},
        "recipe": "benchmarks/train_boundaries.py (make train): dumps.source_dumps over dumps.split(..., 'train') "
                  f"of each source, {TRAIN_DUMPS} dumps per variant, {DUMP_SIZE} articles each, {SINGLES} one-article files; "
                  f"bare bodies x{BODIES_DUMPS} weighted x{BODIES_WEIGHT}, the seed x{SEED_WEIGHT}; "
                  f"gap scores {'on' if features.GAP_SCORES else 'off'}, length prior grid {list(PRIORS)}; "
                  f"logistic regression C={C}, {FOLDS}-fold out-of-fold "
                  "stacking, decoding threshold fitted out of fold; sources weighted equally",
        "data": "CUTTINGS_BENCH (../shared/bench): bbc/, real/reuters/, real/web/; the seed's pieces from "
                "tests/fixtures/seed_annotation.json",
    }


def main(argv: list[str]) -> int:
    """Train on every source's training part and write the model file."""
    ap = argparse.ArgumentParser(prog="train_boundaries", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=MODEL_FILE, help=f"model file to write (default {MODEL_FILE})")
    ap.add_argument("--sources", default=",".join(SOURCES), help="comma-separated sources")
    ap.add_argument("--c", type=float, default=C, help=f"inverse regularisation strength (default {C})")
    add_options(ap)
    args = ap.parse_args(argv)
    configure(args)
    sources = tuple(s for s in args.sources.split(",") if s)
    if not (BENCH / "bbc").is_dir():
        print(f"error: benchmark data not found at {BENCH} (set CUTTINGS_BENCH)", file=sys.stderr)
        return 2
    t = time.perf_counter()
    examples = [prepare(d) for d in training_dumps(sources)]
    print(f"{len(examples)} training dumps read in {time.perf_counter() - t:.0f} s")
    model = train(examples, c=args.c)
    model.record = record(examples, sources)
    text = json.dumps(model.to_dict(), indent=None, separators=(",", ":"), sort_keys=True) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
