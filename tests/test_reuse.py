"""Recycled text: the seed's repeated passages (checked by reading the seed), planted copies, dedup views, CLI."""
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cuttings
from conftest import ROOT, SEED, SEED_ARGS
from cuttings.analysis import reuse as R
from cuttings.analysis import terms
from cuttings.errors import CuttingsError

# Every repeat in the seed at the default settings (min_words=8, threshold=0.8), read off the file:
# (a_doc, a_line, b_doc, b_line, kind, similarity, shared text)
SEED_PAIRS = [
    # piece 3: the standfirst's second sentence comes back, edited, at the end of the next paragraph
    # ("They consider the camp in Manez a prison, ..." / "While they consider the camp in Manez to be a prison, ...").
    # The 19 words of the first lie in shared 3-word shingles except "a prison, they": "They consider the
    # camp in Manez" (6) and "say they have left because they want to live freely" (10): 16 of 19.
    (3, 68, 3, 72, "contained", round(16 / 19, 3),
     "They consider the camp in Manez a prison, they say they have left because they want to live freely"),
    # piece 3: the interviewer's question asked twice
    (3, 75, 3, 86, "exact", 1.0, "When were you recruited by the MEK organization"),
    # piece 3: an answer that says the same 8 words twice
    (3, 88, 3, 88, "internal", 1.0, "I decided to break away from this organization"),
    # piece 6: a paragraph printed twice, one line apart
    (6, 149, 6, 151, "exact", 1.0,
     "According to him, MEK is a mafia cult and chose Albania because since the country is not part of the EU, "
     "members cannot escape, and they can use them for their own purposes"),
    # piece 6: a plea repeated at the end of the same paragraph
    (6, 158, 6, 158, "internal", 1.0,
     "completely abandoned. We need help, at least to see our families here in Albania"),
    # piece 7: the letter's first paragraph, then its two sentences again as lines 168 and 170
    (7, 167, 7, 168, "contained", 1.0,
     "According to the information released on the Internet, the PMOI is trying to hold a meeting on Wednesday, "
     "the 6th of November 2019 in Missouri by a covert organization called the Organization of Iranian American "
     "Societies"),
    (7, 167, 7, 170, "contained", 1.0,
     "The meeting “Iran Terrorism and Warfare” takes place in the room G50 of „The Dirksen Senate“ building"),
    # piece 10: a caption that runs its text twice, glued ("...AuthoritarianismOlsi Jazexhi ...")
    (10, 237, 10, 237, "internal", 1.0, "Olsi Jazexhi : MEK Helping Albania Slide Toward Authoritarianism"),
]


@pytest.fixture(scope="module")
def pairs(seed_corpus):
    return R.reuse(seed_corpus)


def _rows(df):
    return [(r.a_doc, r.a_line, r.b_doc, r.b_line, r.kind, r.similarity, r.shared) for r in df.itertuples()]


def test_seed_repeats_are_exactly_the_ones_read_off_the_file(pairs):
    assert list(pairs.columns) == list(R.COLUMNS)
    assert _rows(pairs) == SEED_PAIRS
    assert set(pairs["method"]) == {"exact"}  # a small corpus: all pairs compared
    assert set(pairs["a_file"]) == set(pairs["b_file"]) == {str(SEED)}


def test_seed_offsets_point_at_both_copies(seed_corpus, pairs):
    text = dict(zip(seed_corpus.lines["line_no"], seed_corpus.lines["text"]))
    by = {(r.a_line, r.b_line): r for r in pairs.itertuples()}
    caption = by[(237, 237)]
    line = text[237]
    assert (caption.a_start, caption.a_end, caption.b_start, caption.b_end) == (0, 64, 64, 128) == (0, 64, 64, len(line))
    assert line[:64] == line[64:]
    plea = by[(158, 158)]
    assert text[158][plea.a_start:plea.a_end] == text[158][plea.b_start:plea.b_end] == (
        "completely abandoned. We need help, at least to see our families here in Albania.")
    # whole lines: the full line on both sides
    dup = by[(149, 151)]
    assert (dup.a_start, dup.a_end, dup.b_start, dup.b_end) == (0, len(text[149]), 0, len(text[151]))
    # a sentence of line 167 is line 170
    letter = by[(167, 170)]
    assert text[167][letter.a_start:letter.a_end] == text[170]
    # the edited repeat in line 72 is its last sentence
    standfirst = by[(68, 72)]
    assert text[72][standfirst.b_start:standfirst.b_end].startswith("While they consider the camp in Manez")
    assert standfirst.b_end == len(text[72])


def test_minhash_finds_the_same_seed_pairs(seed_corpus, pairs):
    mh = R.reuse(seed_corpus, method="minhash")
    assert set(mh["method"]) == {"minhash"}
    assert _rows(mh) == _rows(pairs)


def test_auto_switches_to_minhash_above_the_size_threshold(seed_corpus, monkeypatch):
    monkeypatch.setattr(R, "EXACT_MAX_WORDS", 1000)
    assert set(R.reuse(seed_corpus)["method"]) == {"minhash"}


def test_reworded_repeats_need_a_lower_threshold(seed_corpus, pairs):
    # Not copies but rewrites, below the default 0.8 and found at 0.5 (documented in notebook 06):
    # line 29 pull quote "If you think this is a cult, then there's something wrong with you" vs line 31;
    # line 69 "Testimony: ..." pull quote vs the answer in line 85; line 210 restating line 208.
    loose = R.reuse(seed_corpus, threshold=0.5)
    got = {(r.a_line, r.b_line): r.similarity for r in loose.itertuples()}
    # Shares of the shorter passage's words covered by 3-word shingles of the other, counted by hand:
    # line 29 (a caption, label included: 15 words): "Rudy Giuliani" and "this is" are not in line 31,
    # "If you think" and "a cult, then there's something wrong with you" are: 3 + 8 = 11 of 15.
    assert got[(29, 31)] == pytest.approx(round(11 / 15, 3))
    # line 69 (32 words) in line 85: "Some Albanian officials" (3), "corrupted by this organization" (4),
    # "work, nor have a residence permit. It's a fanatical organization" (10): 17 of 32.
    assert got[(69, 85)] == pytest.approx(round(17 / 32, 3))
    # line 210 (40 words) in line 208's first sentence: "the organization, told ABC News ... Interior
    # Ministry and" (24) and "respect the laws of the country" (6): 30 of 40.
    assert got[(208, 210)] == pytest.approx(30 / 40)
    default = {(r.a_line, r.b_line) for r in pairs.itertuples()}
    assert not default & {(29, 31), (69, 85), (208, 210)}
    assert default < set(got)  # the looser run keeps every default pair
    # The paraphrase in line 153 of the claim in lines 149/151 shares only "not part of the" and
    # "use them for their own purposes": not paired even at 0.5.
    assert not {(149, 153), (151, 153)} & set(got)


def test_unique_text_counts_each_repeated_passage_once(seed_corpus):
    lines = seed_corpus.lines
    unique = R.unique_text(seed_corpus)
    assert list(unique.columns) == list(lines.columns)
    kept = dict(zip(unique["line_no"], unique["text"]))
    original = dict(zip(lines["line_no"], lines["text"]))
    # whole repeated lines dropped
    assert {86, 151, 168, 170}.isdisjoint(kept)
    assert len(unique) == len(lines) - 4
    # internal doubling cut to one copy
    assert kept[237] == "Olsi Jazexhi : MEK Helping Albania Slide Toward Authoritarianism"
    plea = "We need help, at least to see our families here in Albania."
    assert original[158].count(plea) == 2 and kept[158].count(plea) == 1
    assert kept[88].count("I decided to break away from this organization") == 1
    # a repeated sentence cut out of a longer line; the first copy stays
    assert "because they want to live freely" not in kept[72]
    assert kept[72].endswith("had been identified as responsible.")
    assert kept[68] == original[68]
    # every other line untouched
    changed = {n for n in kept if kept[n] != original[n]}
    assert changed == {72, 88, 158, 237}
    # the first copies are all still there
    for n in (68, 75, 149, 167):
        assert kept[n] == original[n]


def test_repeated_share_per_piece(seed_corpus):
    share = R.repeated_share(seed_corpus)
    assert list(share.columns) == list(R.SHARE_COLUMNS)
    assert share["n_words"].tolist() == seed_corpus.documents["n_words"].tolist()
    got = dict(zip(share["doc_id"], share["repeated_words"]))
    # piece 7: line 168 (36 words) and line 170 (17 words) repeat line 167
    assert got[7] == 36 + 17
    # piece 10: one of the two copies of the 8-word caption
    assert got[10] == 8
    # piece 6: line 151 (33 words) and "completely abandoned. We need help, ... Albania." (14 words)
    assert got[6] == 33 + 14
    # piece 3: line 86 (8 words), the 24-word last sentence of line 72, the 8 repeated words in line 88
    assert got[3] == 8 + 24 + 8
    assert {d for d, n in got.items() if n} == {3, 6, 7, 10}
    assert share.loc[share["doc_id"] == 7, "share"].item() == pytest.approx(53 / 651, abs=1e-4)


def test_reuse_matrix_counts_pairs_within_and_between_pieces(seed_corpus, pairs):
    m = R.reuse_matrix(seed_corpus, pairs=pairs)
    assert m.shape == (10, 10) and (m.to_numpy() == m.to_numpy().T).all()
    diag = {d: int(m.loc[d, d]) for d in m.index if m.loc[d, d]}
    assert diag == {3: 3, 6: 2, 7: 2, 10: 1}
    assert int(m.to_numpy().sum()) == len(pairs)  # no pair links two pieces at the default threshold
    words = R.reuse_matrix(seed_corpus, pairs=pairs, value="words")
    assert int(words.loc[7, 7]) == 36 + 17


def test_term_change_uses_the_deduplicated_counts(seed_corpus):
    change = terms.term_change(seed_corpus, top=5)
    assert list(change.columns) == ["term", "count", "count_dedup", "change", "change_pct"]
    row = change.set_index("term")
    # "meeting" is in lines 167, 168 and 170 among others; the copies in 168 and 170 go
    assert row.loc["meeting", "change"] == -2
    assert (change["count_dedup"] <= change["count"]).all()
    assert (change.loc[5:, "change"] != 0).all()


def _write(tmp_path, name, paragraphs):
    path = tmp_path / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


REPORT = ("The committee published its annual report on Tuesday, warning that the number of families "
          "waiting for social housing in the northern region had doubled since the last review.")
# changed case, changed punctuation and a dropped word ("social")
EDITED = ("the Committee published its annual report on tuesday; warning that the number of families "
          "waiting for housing in the northern region had doubled since the last review!")


def test_planted_near_copy_is_found(tmp_path, seed_corpus):
    extra = _write(tmp_path, "extra.txt", [
        "A Second Outlet Reports",
        "Local officials said they would respond to the findings next month after consulting residents.",
        EDITED,
    ])
    base = _write(tmp_path, "base.txt", [
        "Housing Report Published",
        REPORT,
        "The report was prepared over eighteen months by an independent panel of experts.",
    ])
    corpus = cuttings.load([base, extra])
    got = R.reuse(corpus)
    assert len(got) == 1
    r = got.iloc[0]
    assert (r.a_file, r.a_line, r.b_file, r.b_line, r.kind) == (str(base), 3, str(extra), 5, "near")
    assert r.similarity >= 0.95 and r.words >= 25
    assert r.a_doc != r.b_doc
    # and pasted into the seed itself, as a copy of seed line 10 with the same three edits
    seed_line = seed_corpus.lines.set_index("line_no").loc[10, "text"]
    copy = seed_line.replace("For six years", "for six Years").replace(", or MEK.", " or MEK;").replace(
        " rigid rules", " rules")
    planted = _write(tmp_path, "planted.txt", ["A Copied Paragraph", copy])
    both = R.reuse(cuttings.load([SEED, planted]))
    hit = both[(both["b_file"] == str(planted))]
    assert hit[["a_line", "b_line", "kind"]].values.tolist() == [[10, 3, "near"]]
    assert hit["similarity"].item() >= 0.95


def test_unrelated_paragraphs_sharing_common_words_give_no_pair(tmp_path):
    one = ("At the end of the day, one of the most important things is that the council said it would "
           "look at the plans as well as the costs in order to make sure that the school is able to open "
           "on time at the start of the year.")
    two = ("One of the players said at the end of the match that the team had been able to win as well as "
           "play well in order to make sure of a place at the top of the league by the end of the season.")
    three = ("It is one of the few places in the country where the number of visitors has gone up, and the "
             "owners said that the end of the summer was the best time of the year to see the gardens.")
    corpus = cuttings.load([_write(tmp_path, "a.txt", ["Council Plans", one]),
                            _write(tmp_path, "b.txt", ["Match Report", two]),
                            _write(tmp_path, "c.txt", ["Garden Visits", three])])
    for method in ("exact", "minhash"):
        assert R.reuse(corpus, method=method).empty
    assert R.reuse(corpus, threshold=0.5).empty


def test_empty_and_tiny_corpora(tmp_path):
    blank = tmp_path / "blank.txt"
    blank.write_text("\n\n", encoding="utf-8")
    df = R.reuse(cuttings.load(blank))
    assert df.empty and list(df.columns) == list(R.COLUMNS)
    assert R.unique_text(cuttings.load(blank)).shape[0] == 2
    short = _write(tmp_path, "short.txt", ["Too short to count.", "Too short to count."])
    assert R.reuse(cuttings.load(short)).empty  # 4 words < min_words
    assert len(R.reuse(cuttings.load(short), min_words=4)) == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "fuzzy"}, "unknown method"),
    ({"threshold": 0}, "threshold must be"),
    ({"threshold": 1.5}, "threshold must be"),
    ({"min_words": 2}, "min-words must be"),
])
def test_bad_options_raise_one_line_errors(seed_corpus, kwargs, message):
    with pytest.raises(CuttingsError, match=message):
        R.reuse(seed_corpus, **kwargs)


def test_cli_prints_one_record_per_pair(capsys):
    from cuttings.cli import main

    assert main(["reuse", *SEED_ARGS, "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["a_line"], r["b_line"], r["kind"]) for r in records] == [(p[1], p[3], p[4]) for p in SEED_PAIRS]
    assert set(records[0]) == set(R.COLUMNS)
    assert main(["reuse", *SEED_ARGS, "--threshold", "0.5", "--min-words", "10", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split(",")[:3] == ["a_file", "a_doc", "a_line"]
    assert main(["reuse", *SEED_ARGS]) == 0
    table = capsys.readouterr().out
    assert "similarity" in table and "internal" in table


@pytest.mark.parametrize("args", [["--threshold", "2"], ["--min-words", "1"]])
def test_cli_user_errors_exit_2_with_one_line(capsys, args):
    from cuttings.cli import main

    assert main(["reuse", *SEED_ARGS, *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("cuttings: error:")


def test_import_is_light():
    code = ("import sys, cuttings.analysis.reuse; "
            "print(sorted(m for m in ('pandas', 'numpy', 'sklearn', 'matplotlib', 'datasketch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


# -- invariants on random texts built from a pool of sentences (some lines and sentences repeated) --

POOL = [
    "The harbour authority said the new crane would be delivered before the winter storms.",
    "Farmers in the valley reported that the late frost had damaged most of the apple blossom.",
    "A spokesman for the museum confirmed that the stolen painting had been returned unharmed.",
    "Engineers found a crack in the old bridge during a routine inspection last Thursday.",
    "The library will open on Sundays from next month after a donation from a local family.",
    "Residents complained that the buses to the hospital were late almost every morning.",
    "Short line here.",
    "Volunteers planted four hundred trees along the river bank over two weekends in March.",
]


@st.composite
def _documents(draw):
    n = draw(st.integers(min_value=2, max_value=8))
    paragraphs = []
    for _ in range(n):
        k = draw(st.integers(min_value=1, max_value=3))
        picks = draw(st.lists(st.integers(min_value=0, max_value=len(POOL) - 1), min_size=k, max_size=k))
        text = " ".join(POOL[i] for i in picks)
        if draw(st.booleans()):
            text = text.lower()
        paragraphs.append(text)
    return paragraphs


@settings(max_examples=25, deadline=None)
@given(_documents())
def test_invariants_on_random_repeats(paragraphs):
    import re
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.txt"
        path.write_text("Local News Roundup\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        corpus = cuttings.load(path)
        lines = corpus.lines
        text = dict(zip(lines["line_no"], lines["text"]))
        pairs = R.reuse(corpus)
        for r in pairs.itertuples():
            assert r.a_line <= r.b_line
            assert R.THRESHOLD <= r.similarity <= 1.0 and r.words >= R.MIN_WORDS
            assert 0 <= r.a_start < r.a_end <= len(text[r.a_line])
            assert 0 <= r.b_start < r.b_end <= len(text[r.b_line])
            if r.a_line == r.b_line:
                assert r.kind == "internal" and r.a_end <= r.b_start
        unique = R.unique_text(corpus, pairs=pairs)
        kept = dict(zip(unique["line_no"], unique["text"]))
        assert set(kept) <= set(text)
        assert all(len(kept[n].split()) <= len(text[n].split()) for n in kept)
        # no line of 8+ words survives twice, whatever its case and punctuation
        norm = [" ".join(re.findall(r"\w+", t.lower())) for t in kept.values()]
        long_ = [t for t in norm if len(t.split()) >= R.MIN_WORDS]
        assert len(long_) == len(set(long_))
        # and a pool sentence that was printed is still there at least once
        printed = {s.lower() for p in paragraphs for s in POOL if s.lower() in p.lower() and len(s.split()) >= 8}
        survived = " ".join(kept.values()).lower()
        assert all(s in survived for s in printed)
