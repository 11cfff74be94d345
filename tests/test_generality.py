"""Generality of the segmenter on real text nobody here wrote (``bench`` fixture), the measures of
``cuttings.evaluate`` on hand-worked cases, and ``boundary_p`` and the header roles on small texts.

Real-text dumps come from ``benchmarks/dumps.py``: held-out articles (``split(..., 'test')``, never
seen by ``make train``) of the Reuters wire and BBC folders pasted one after another as the source
has them (no planted line). The leave-one-source-out table is ``make bench`` (bench_boundaries).
"""
import random

import pytest

import cuttings
from cuttings.evaluate import boundary_scores, default_k, pk, segmentation_scores, windowdiff
from dumps import build_dump, load_source, make_dump, read_articles, source_dumps, split


def starts_of(dump, tmp_path, name):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(dump.text.encode("utf-8"))
    corpus = cuttings.load(path)
    return corpus, corpus.documents["start_line"].tolist()


@pytest.fixture(scope="module")
def held_out(bench):
    return {name: split(load_source(name, bench), "test") for name in ("bbc", "reuters")}


# -- the measures, by hand ------------------------------------------------------------------------

def test_pk_and_windowdiff_by_hand():
    # 6 lines, gold pieces start at 1 and 4, predicted at 1, 4 and 5; k = round(6 / 2 / 2) = 2.
    # gaps (line j | j+1): gold [0,0,1,0,0], predicted [0,0,1,1,0]; windows of 2 gaps hold
    # gold 0,1,1,0 and predicted 0,1,2,1 boundaries: Pk differs at the last window (1/4),
    # WindowDiff at the last two (2/4).
    assert default_k([1, 4], 6) == 2
    assert pk([1, 4, 5], [1, 4], 6) == 0.25
    assert windowdiff([1, 4, 5], [1, 4], 6) == 0.5
    assert pk([1, 4], [1, 4], 6) == windowdiff([1, 4], [1, 4], 6) == 0.0


def as_str(starts, n):
    """NLTK's form of a segmentation: one character per gap between lines, '1' before a start."""
    return "".join("1" if j + 2 in starts else "0" for j in range(n - 1))


def test_pk_and_windowdiff_agree_with_nltk():
    from nltk.metrics.segmentation import pk as nltk_pk
    from nltk.metrics.segmentation import windowdiff as nltk_wd

    rng = random.Random(0)
    for _ in range(50):
        n = rng.randint(5, 60)
        gold = [1] + sorted(rng.sample(range(2, n + 1), rng.randint(0, n // 4)))
        pred = [1] + sorted(rng.sample(range(2, n + 1), rng.randint(0, n // 3)))
        k = default_k(gold, n)
        if n - 1 >= k:
            assert pk(pred, gold, n) == pytest.approx(nltk_pk(as_str(gold, n), as_str(pred, n), k=k))
            assert windowdiff(pred, gold, n) == pytest.approx(nltk_wd(as_str(gold, n), as_str(pred, n), k))


def test_boundary_scores_within_one_line():
    # predicted boundaries 5 and 9 are one line off gold 4 and 8; gold 12 is missed
    assert boundary_scores([1, 5, 9], [1, 4, 8, 12])["f1"] == 0.0
    near = boundary_scores([1, 5, 9], [1, 4, 8, 12], tolerance=1)
    assert (near["precision"], near["recall"], round(near["f1"], 6)) == (1.0, 2 / 3, 0.8)
    assert segmentation_scores([1, 5, 9], [1, 4, 8, 12], 14)["f1_1"] == pytest.approx(0.8)


# -- real text ------------------------------------------------------------------------------------

def test_seed_boundaries_have_f1_one(seed_corpus, annotation):
    gold = [p["start"] for p in annotation["pieces"]]
    assert gold == [1, 10, 67, 109, 136, 142, 165, 196, 204, 225]
    scores = boundary_scores(seed_corpus.documents["start_line"].tolist(), gold)
    assert (scores["precision"], scores["recall"], scores["f1"]) == (1.0, 1.0, 1.0)


def test_reuters_wire_dump(held_out, tmp_path):
    # 40 held-out wire stories as the wire has them (capitals titles, "By NAME, Reuters" lines,
    # datelines, the "Reuter" sign-off): the rule scan alone found 1 of 39 starts
    dump = source_dumps("reuters", held_out["reuters"], n_dumps=1, seed=3, variants=("as is",))[0]
    _, starts = starts_of(dump, tmp_path, "reuters")
    assert len(dump.starts) == 40
    assert boundary_scores(starts, dump.starts)["f1"] >= 0.95


def test_untitled_bbc_bodies(held_out, tmp_path):
    # 40 held-out BBC articles without their titles: no split scores Pk ~0.47
    dump = source_dumps("bbc", held_out["bbc"], n_dumps=1, seed=3, variants=("untitled",))[0]
    _, starts = starts_of(dump, tmp_path, "untitled")
    n = len(dump.lines)
    assert pk([1], dump.starts, n) >= 0.4
    assert pk(starts, dump.starts, n) <= 0.12
    assert boundary_scores(starts, dump.starts)["f1"] >= 0.85


def test_bbc_recipe_at_its_measured_f1(bench, tmp_path):
    # the older seed-style recipe (planted attribution lines, inserted headlines, untitled pieces).
    # Measured: 0.908 with the local model of round 3 (0.953 before; rules: 0.99). Issue 11 asks 0.98:
    # missed. segment/closing.py (round 4, not yet used by segment_lines, see docs/notes/seg.md) gives
    # 0.978: every error here is a planted closing "By NAME, Outlet" after a body, read as a byline.
    articles = read_articles(bench / "bbc")
    tp = fp = fn = 0
    for seed in range(3):
        dump = make_dump(random.Random(seed).sample(articles, 40), seed=seed)
        _, starts = starts_of(dump, tmp_path, f"recipe{seed}")
        s = boundary_scores(starts, dump.starts)
        tp += round(s["recall"] * s["n_gold"])
        fp += s["n_predicted"] - round(s["precision"] * s["n_predicted"])
        fn += s["n_gold"] - round(s["recall"] * s["n_gold"])
    assert 2 * tp / (2 * tp + fp + fn) >= 0.90


def test_format_variants_do_not_change_the_pieces(held_out, tmp_path):
    # CRLF changes nothing; blank lines between all lines only shift line numbers
    arts = random.Random(5).sample(held_out["reuters"], 25)
    plain, plain_starts = starts_of(build_dump(arts, seed=1, titles="runs"), tmp_path, "plain")
    _, crlf_starts = starts_of(build_dump(arts, seed=1, titles="runs", crlf=True), tmp_path, "crlf")
    blank_dump = build_dump(arts, seed=1, titles="runs", blank_lines=True)
    _, blank_starts = starts_of(blank_dump, tmp_path, "blank")
    assert crlf_starts == plain_starts
    assert [(s + 1) // 2 for s in blank_starts] == plain_starts
    assert plain.text() == build_dump(arts, seed=1, titles="runs").text


# -- boundary_p and header roles on literal text --------------------------------------------------

WIRE = """\
STORM CLOSES NORTHERN PASS
By Anna Morgan, Reuters
ZURICH, March 3 - Heavy snow closed the northern pass on Tuesday, the road authority said, and lorries were sent back to the valley.
The authority said the road would reopen on Thursday if the weather improved and the snow ploughs could clear the drifts.
Reuter
FARMERS PROTEST OVER MILK PRICES
PARIS, March 3 - Several hundred farmers drove tractors into the centre of Paris on Tuesday to protest against falling milk prices.
Their union said prices had fallen by a fifth in a year and that many farms would close by the summer.
Reuter
"""


def test_boundary_p_and_header_roles(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text(WIRE, encoding="utf-8")
    corpus = cuttings.load(path)
    docs, lines = corpus.documents, corpus.lines
    assert docs["start_line"].tolist() == [1, 6]
    assert docs["title"].tolist() == ["STORM CLOSES NORTHERN PASS", "FARMERS PROTEST OVER MILK PRICES"]
    assert docs["boundary_p"].iloc[0] == 1.0 and docs["boundary_p"].iloc[1] > 0.5
    p = lines.set_index("line_no")["boundary_p"]
    assert p[6] == docs["boundary_p"].iloc[1]
    assert all(p[n] < 0.5 for n in (2, 3, 4, 5, 7, 8, 9))
    roles = lines["role"].astype(str).tolist()
    assert roles[:4] == ["title", "byline", "body", "body"] and roles[5:8] == ["title", "body", "body"]
    assert docs["authors"].iloc[0] == "Anna Morgan"


def test_rules_method_has_no_boundary_p():
    from cuttings.segment import segment_lines

    texts = WIRE.splitlines()
    assert segment_lines(texts, method="rules").boundary_p is None
    assert len(segment_lines(texts).boundary_p) == len(texts)
    with pytest.raises(cuttings.CuttingsError, match="unknown segmentation method"):
        segment_lines(texts, method="guess")


def test_one_article_files_stay_one_piece(bench):
    # files holding one article each (held-out BBC and Reuters files, and every web page): sub-heads,
    # captions and changes of topic inside one article open no piece. Measured over whole folders
    # (bench_boundaries --files): BBC 2,226 pieces in 2,225 files, Reuters 730 in 730, web 51 in 35
    # (60 before list items were barred from opening pieces; the rule scan: 145); the old model split
    # 214 BBC files.
    from cuttings.io import read_source
    from cuttings.segment import segment_lines

    for folder, every in (("bbc/business", 5), ("real/reuters", 8)):
        files = sorted((bench / folder).rglob("*.txt"))[::every]
        assert len(files) >= 90
        counts = [len(segment_lines(read_source(str(f)).lines).pieces) for f in files]
        assert sum(counts) == len(files), folder
    web = sorted((bench / "real" / "web").rglob("*.txt"))
    assert len(web) == 35
    assert sum(len(segment_lines(read_source(str(f)).lines).pieces) for f in web) <= 55
