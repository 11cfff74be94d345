"""Topic clusters: units read from the seed, deterministic tables, NPMI on hand-computed examples, the CLI, BBC accuracy."""
import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import SEED, SEED_ARGS
from cuttings.analysis import topics as T
from cuttings.cli import main
from cuttings.text.tokens import tokenize

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


def line(n: int) -> str:
    return SEED_LINES[n - 1]


@pytest.fixture(scope="module")
def paragraphs(seed_corpus):
    return T.units(seed_corpus)


@pytest.fixture(scope="module")
def model(seed_corpus):
    return T.fit(seed_corpus)


# -- units ------------------------------------------------------------------------------------------

def test_paragraph_units_cover_every_content_line_exactly_once(seed_corpus, paragraphs):
    lines = seed_corpus.lines
    content = set(lines.loc[lines["role"].astype(str).isin(T.CONTENT_ROLES), "line_no"])
    assert len(content) == 188  # 138 body + 29 answer + 16 question + 5 statement lines in the seed
    covered = [n for a, b in zip(paragraphs["line_no"], paragraphs["end_line"]) for n in range(a, b + 1)
               if n in content]
    assert sorted(covered) == sorted(content)
    assert list(paragraphs["unit_id"]) == list(range(1, len(paragraphs) + 1))
    assert (paragraphs["n_tokens"] >= T.MIN_TOKENS).all()
    # An independent reading of the rule: within a piece, content lines accumulate until they hold
    # MIN_TOKENS tokens; a short remainder joins the unit before it.
    expected = 0
    for _doc, group in lines[lines["role"].astype(str).isin(T.CONTENT_ROLES)].groupby("doc_id"):
        size = units = 0
        for text in group["text"]:
            size += len(tokenize(text, resources=seed_corpus.resources))
            if size >= T.MIN_TOKENS:
                units, size = units + 1, 0
        expected += units if units or not size else 1
    assert len(paragraphs) == expected


def test_short_paragraphs_join_the_next_one_and_a_short_tail_the_one_before(paragraphs):
    by_start = paragraphs.set_index("line_no")
    # Lines 1-3 ("I am Bakhshali Alizade." / "I was born in 1964." / "I was born in Tehran.") have 1, 1
    # and 2 tokens: they travel with line 4.
    assert by_start.at[1, "end_line"] == 4
    assert by_start.at[1, "text"].startswith("I am Bakhshali Alizade.\nI was born in 1964.\nI was born in Tehran.\n")
    # An interview question of 3 tokens joins its answer; one of 5 tokens stands alone.
    assert line(75) == "When were you recruited by the MEK organization?"
    assert by_start.at[75, "end_line"] == 76
    assert line(97) == "Have you been ordered by MEK to commit terrorist acts?"
    assert by_start.at[97, "end_line"] == 97
    # "List U.S. citizens being murdered:" is the last content line of piece 7 (list items follow):
    # it joins line 182; the sign-off and signatures between them are not read.
    assert by_start.at[182, "end_line"] == 188
    assert by_start.at[182, "text"].endswith("\nList U.S. citizens being murdered:")
    assert "Best regards" not in by_start.at[182, "text"]


def test_apparatus_lines_are_not_read(paragraphs):
    text = "\n".join(paragraphs["text"])
    for n in (9, 66, 123, 135, 164):  # caption, attribution, signature, link, attribution
        assert line(n).strip() not in text, n


def test_document_units_are_pieces_with_titles_and_lists_but_no_letter_apparatus(seed_corpus):
    docs = T.units(seed_corpus, unit="document")
    assert list(docs["doc_id"]) == list(range(1, 11))
    letter = docs.set_index("doc_id").at[7, "text"]
    assert letter.startswith("Open Letter to Mr. B.Chuck Grassley")      # title, line 165
    assert "Col. Lewis L. Hawkins murdered" in letter                     # list item, line 189
    assert "Best regards" not in letter and "AAWA-Association" not in letter  # sign-off and signature
    assert "Mohammad Azim Mishmast" not in docs.set_index("doc_id").at[4, "text"]  # signature, line 123


def test_sentence_windows_hold_three_sentences_within_a_piece(seed_corpus):
    windows = T.units(seed_corpus, unit="sentence")
    first = windows[windows["doc_id"] == 2].iloc[0]
    # Line 10 is three sentences: the first window of piece 2.
    assert (first["line_no"], first["end_line"]) == (10, 10)
    assert first["text"] == line(10)
    lines = seed_corpus.lines.set_index("line_no")["doc_id"]
    assert all(lines[a] == lines[b] == d for a, b, d in zip(windows["line_no"], windows["end_line"], windows["doc_id"]))


def test_dedup_drops_a_verbatim_repeat(seed_corpus, paragraphs):
    assert line(151) == line(149) and line(149).startswith("According to him, MEK is a mafia cult")
    unique = T.units(seed_corpus, dedup=True)
    assert 151 in set(paragraphs["line_no"]) and 151 not in set(unique["line_no"])
    assert 149 in set(unique["line_no"])


def test_unknown_unit_is_a_user_error(seed_corpus):
    with pytest.raises(T.CuttingsError, match="unknown unit"):
        T.units(seed_corpus, unit="chapter")


# -- the model --------------------------------------------------------------------------------------

def test_same_seed_gives_identical_tables(seed_corpus, model):
    again = T.fit(seed_corpus)
    for table in (T.topics, T.assignments, T.shares, T.representatives, T.summary):
        pd.testing.assert_frame_equal(table(again), table(model))


def test_topic_ids_follow_total_weight_and_labels_are_the_top_three_terms(model):
    summ = T.summary(model)
    assert list(summ["topic"]) == [1, 2, 3, 4, 5]
    assert list(summ["share"]) == sorted(summ["share"], reverse=True)
    assert summ["share"].sum() == pytest.approx(1, abs=1e-3)
    top = T.topics(model)
    for _t, group in top.groupby("topic"):
        assert group["label"].iat[0] == " · ".join(group.sort_values("rank")["term"].head(3))
        assert list(group["weight"]) == sorted(group["weight"], reverse=True)
    assert set(top["term"]).isdisjoint({"the", "and", "mek's", "’s"})  # stop words and apostrophes


def test_other_seeds_find_the_same_topics(seed_corpus, model):
    other = T.fit(seed_corpus, seed=1)
    assert T.matched_jaccard(model.top_terms(), other.top_terms()) >= 0.9


def test_every_unit_is_assigned_exactly_once(model, paragraphs):
    a = T.assignments(model)
    assert list(a.columns) == ["doc_id", "file", "line_no", "unit_id", "topic", "weight"]
    assert list(a["unit_id"]) == list(paragraphs["unit_id"]) and a["unit_id"].is_unique
    assert len(model.dropped) == 0
    assert a["topic"].between(1, 5).all() and ((a["weight"] > 0) & (a["weight"] <= 1)).all()
    assert np.allclose(model.weights.sum(axis=1), 1)


def test_the_paragraph_about_ordered_terrorist_acts_is_in_the_terrorist_topic(model):
    assert line(98).startswith("When I was in MEK, I was part of a group that would go to Iran and were ordered")
    a = T.assignments(model).set_index("line_no")
    topic = a.at[98, "topic"]
    assert "terrorist" in model.top_terms(3)[topic - 1]


def test_piece_shares_sum_to_one(model):
    s = T.shares(model)
    assert len(s) == 10 * 5
    sums = s.groupby("doc_id")["share"].sum()
    assert list(sums.index) == list(range(1, 11))
    assert np.allclose(sums, 1, atol=1e-5)
    counts = s.groupby("doc_id")["n_units"].sum()
    assert counts.sum() == len(model.units)


def test_shares_by_kind_and_by_source_sum_to_one(seed_corpus, model):
    by_kind = T.by_group(model, seed_corpus, by="kind")
    kinds = set(seed_corpus.documents["kind"])
    assert set(by_kind["group"]) == kinds
    assert np.allclose(by_kind.groupby("group")["share"].sum(), 1, atol=1e-5)
    # Pieces 4 ("Dear Ilir Meta, ..."), 7 and 10 are open letters.
    assert by_kind.loc[by_kind["group"] == "open letter", "n_pieces"].iat[0] == 3
    default = T.by_group(model, seed_corpus)
    expected = "source" if "source" in seed_corpus.documents and seed_corpus.documents["source"].notna().any() else "kind"
    assert default.attrs["by"] == expected


def test_representatives_point_at_lines_that_use_the_topics_terms(model):
    reps = T.representatives(model, n=3)
    tops = model.top_terms(10)
    assert len(reps) == 15
    for r in reps.itertuples():
        words = {w for n in range(r.line_no, r.end_line + 1) for w in tokenize(line(n))}
        assert words & set(tops[r.topic - 1]), (r.topic, r.line_no)
        assert line(r.line_no).strip() in r.text


def test_lda_is_deterministic_and_gives_distributions(seed_corpus):
    a = T.fit(seed_corpus, k=3, model="lda")
    b = T.fit(seed_corpus, k=3, model="lda")
    pd.testing.assert_frame_equal(T.assignments(a), T.assignments(b))
    assert np.allclose(a.components.sum(axis=1), 1) and np.allclose(a.weights.sum(axis=1), 1)


def test_pieces_are_clustered_with_the_refinement(seed_corpus):
    m = T.fit(seed_corpus, k=3, unit="document")
    assert m.refine and len(m.units) == 10
    assert sorted(T.assignments(m)["topic"].unique()) == [1, 2, 3]


def test_the_map_is_the_same_on_every_run(model):
    a = T.projection(model)
    b = T.projection(model)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == len(model.units)


def test_too_many_topics_is_a_user_error(seed_corpus):
    with pytest.raises(T.CuttingsError, match="only 10 unit"):
        T.fit(seed_corpus, k=11, unit="document")


# -- coherence and stability ------------------------------------------------------------------------

def test_npmi_on_hand_computed_examples():
    # Four texts shorter than the window, so four windows (the last has no topic term but counts).
    # p(a) = p(b) = p(c) = 2/4, p(d) = 1/4; p(a,b) = 2/4, p(a,c) = p(b,c) = 1/4, p(c,d) = 1/4.
    # NPMI(a,b) = ln(0.5 / 0.25) / -ln(0.5) = 1; NPMI(a,c) = ln(0.25 / 0.25) / -ln(0.25) = 0;
    # NPMI(c,d) = ln(0.25 / 0.125) / -ln(0.25) = ln 2 / ln 4 = 0.5.
    texts = [["a", "b", "c"], ["a", "b"], ["c", "d"], ["x", "y"]]
    assert T.npmi([["a", "b", "c"], ["c", "d"]], texts) == pytest.approx([1 / 3, 0.5], abs=1e-9)
    # Sliding windows of 2 over a b c a: [a b] [b c] [c a]; each word in 2 of 3 windows, each pair
    # in 1: NPMI = ln((1/3) / (4/9)) / -ln(1/3) = ln(3/4) / ln 3.
    assert T.npmi([["a", "b", "c"]], [["a", "b", "c", "a"]], window=2) == pytest.approx(
        [math.log(0.75) / math.log(3)], abs=1e-9)
    # A word is in a window when any copy of it is: windows of 3 over a b a c d e are [a b a] [b a c]
    # [a c d] [c d e]; p(a) = p(c) = 3/4, p(a,c) = 2/4; NPMI = ln(0.5 / 0.5625) / -ln(0.5).
    # (gensim 4.4 counts a in one window only: its update drops a word leaving the window even
    # when another copy of it stays inside.)
    assert T.npmi([["a", "c"]], [["a", "b", "a", "c", "d", "e"]], window=3) == pytest.approx(
        [math.log(8 / 9) / math.log(2)], abs=1e-9)
    assert math.isnan(T.npmi([["a"]], texts)[0])


def test_matched_jaccard_pairs_topics_one_to_one():
    a = [["x", "y"], ["p", "q"]]
    b = [["p", "q"], ["x", "z"]]
    # x y ~ x z: 1/3; p q ~ p q: 1.
    assert T.matched_jaccard(a, b) == pytest.approx(2 / 3)


def test_sweep_is_deterministic(seed_corpus):
    small = T.sweep(seed_corpus, ks=(2, 3), seeds=(0, 1, 2))
    pd.testing.assert_frame_equal(small, T.sweep(seed_corpus, ks=(2, 3), seeds=(0, 1, 2)))
    assert list(small.columns) == list(T.COLUMNS["sweep"])
    assert list(small["k"]) == [2, 3] and (small["n_units"] == len(T.units(seed_corpus))).all()


def test_choose_k_takes_the_most_coherent_of_the_nearly_most_stable():
    table = pd.DataFrame({"k": [2, 3, 4, 5], "coherence": [0.30, 0.10, 0.20, 0.25],
                          "stability": [0.50, 0.90, 0.87, 0.80]})
    # stable enough (within 0.05 of 0.90): k = 3 and 4; of those 4 is the more coherent
    assert T.choose_k(table) == 4
    assert T.choose_k(table, tolerance=0.2) == 5   # now 5 qualifies too, and is more coherent than 3 and 4
    tie = pd.DataFrame({"k": [3, 2], "coherence": [0.2, 0.2], "stability": [0.9, 0.9]})
    assert T.choose_k(tie) == 2


# -- command line -----------------------------------------------------------------------------------

def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_prints_one_record_per_unit(capsys, model):
    code, out, err = run(capsys, "topics", *SEED_ARGS, "--k", "5", "--format", "jsonl")
    assert (code, err) == (0, "")
    records = [json.loads(x) for x in out.splitlines() if x]
    assert len(records) == len(model.units)
    assert list(records[0]) == ["doc_id", "file", "line_no", "unit_id", "topic", "weight"]
    assert [r["topic"] for r in records] == T.assignments(model)["topic"].tolist()


def test_cli_describe_prints_the_topics(capsys, model):
    code, out, err = run(capsys, "topics", *SEED_ARGS, "--describe", "--format", "csv")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "topic,label,share,n_units,coherence,terms"
    assert len(lines) == 1 + 5   # the seed's profile says k = 5 (topics.k in profile.toml)
    assert T.labels(model)[1] in lines[1]


@pytest.mark.parametrize("argv, message", [
    (["--k", "0"], "--k must be at least 1"),
    (["--k", "500"], "only {n} unit(s)"),
])
def test_cli_user_errors_are_one_line(capsys, paragraphs, argv, message):
    message = message.format(n=len(paragraphs))
    code, out, err = run(capsys, "topics", *SEED_ARGS, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_importing_the_module_stays_light():
    code = ("import sys, cuttings.analysis.topics, cuttings.cli; cuttings.cli.build_parser(); "
            "print(sorted(m for m in ('pandas', 'numpy', 'sklearn', 'matplotlib', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- labelled text ----------------------------------------------------------------------------------

def test_bbc_pieces_are_clustered_like_their_labels(bench):
    """k = 5 over the 2,225 BBC articles (pieces as units): NMI >= 0.88 against the folder labels."""
    from sklearn.metrics import normalized_mutual_info_score

    import cuttings

    corpus = cuttings.load(bench / "bbc", progress=False)
    m = T.fit(corpus, k=5, unit="document")
    a = T.assignments(m)
    labels = a["file"].astype(str).map(lambda f: f.split("/")[-2])
    assert len(a) >= 2200 and a["unit_id"].is_unique
    assert normalized_mutual_info_score(labels, a["topic"]) >= 0.88
