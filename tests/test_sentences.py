"""Sentence spans: the Golden Rules, the seed's own hard cases, and exact offsets for every sentence."""
import json
import re

import pytest

from conftest import SEED
from cuttings.text.sentences import sentences, split

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


def line(n: int) -> str:
    """Line ``n`` (1-based) of the seed, as in the file."""
    return SEED_LINES[n - 1]


# -- Golden Rules ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rules(bench):
    return json.loads((bench / "golden_rules_en.json").read_text(encoding="utf-8"))["rules"]


def test_golden_rules_file_has_48_cases(rules):
    assert len(rules) == 48


def test_golden_rules_all_pass(rules):
    failures = [(i, r["text"], sentences(r["text"]), r["sentences"])
                for i, r in enumerate(rules) if sentences(r["text"]) != r["sentences"]]
    passed = len(rules) - len(failures)
    assert passed >= 45, f"{passed}/48 Golden Rules pass (target 45)"
    assert failures == []  # 48/48 when this was written


@pytest.mark.parametrize("i", range(48))
def test_golden_rule_spans_are_offsets_of_the_text(rules, i):
    text = rules[i]["text"]
    spans = split(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    assert [text[a:b] for a, b in spans] == sentences(text)


# -- the seed's hard cases ------------------------------------------------------------------------

def test_title_with_mr_and_joined_initial_is_one_sentence():
    assert line(165) == "Open Letter to Mr. B.Chuck Grassley"
    assert sentences(line(165)) == ["Open Letter to Mr. B.Chuck Grassley"]


def test_mr_inside_a_sentence_does_not_end_it():
    assert sentences(line(8)) == [
        "Here you can watch Mr. Alizade’s father at Camp Ashraf Gates before Bakhshali could release "
        "himself from the cult barriers:"]


@pytest.mark.parametrize("n,text", [
    (188, "List U.S. citizens being murdered:"),
    (189, "– Col. Lewis L. Hawkins murdered: 02.06.73 Teheran"),
    (190, "F. Col. Paul Schaeffler murdered: 21.05.75 Teheran"),
    (191, "F. Col. Jack Turner murdered: 21.05.75 Teheran"),
    (192, "Donald G. Smith murdered: 28.08.76 Teheran"),
    (193, "Robert R. Krongard murdered: 28.08.76 Teheran"),
    (194, "William C. Cottrell murdered: 28.08.76 Teheran"),
])
def test_signatory_list_lines_with_initials_and_ranks_are_one_sentence(n, text):
    assert line(n) == text
    assert split(text) == [(0, len(text))]


def test_line_opening_with_an_ellipsis_splits_at_the_full_stop():
    assert sentences(line(4)) == [
        "…one day, thy took me to a meeting chaired by Massoud Rajavi.",
        "From what he said I concluded that in order to overthrow the IRIB we had to divorce our families…",
    ]


@pytest.mark.parametrize("n,end", [(6, "as well …."), (7, "at all…")])
def test_line_ending_in_an_ellipsis_is_one_sentence(n, end):
    assert line(n).endswith(end)
    assert split(line(n)) == [(0, len(line(n)))]


def test_line_opening_with_two_dots_is_one_sentence():
    text = line(5)
    assert text.startswith(".. in order to force us") and text.endswith("Ministry of intelligence..")
    # The two dots open the sentence and the closing ".." does not make an extra one.
    assert split(text) == [(0, len(text))]


@pytest.mark.parametrize("text,expected", [
    ("..in order to force us. They cried.", ["..in order to force us.", "They cried."]),
    ("...in order to force us. They cried.", ["...in order to force us.", "They cried."]),
    ("..In order to force us. They cried.", ["..In order to force us.", "They cried."]),
    (".. in order to force us. They cried.", [".. in order to force us.", "They cried."]),
    ("…One day they came. They cried.", ["…One day they came.", "They cried."]),
])
def test_leading_dots_belong_to_the_first_sentence(text, expected):
    # Variants of seed line 5 (a line opening with dots): dots alone are never a sentence.
    got = sentences(text)
    assert [s for s in got if not re.search(r"\w", s)] == []
    assert got == expected


def test_sentences_of_line_12():
    assert sentences(line(12)) == [
        "That first contact by phone with his family after so many years was difficult for Gholam Mirzai, too.",
        "He is 60, and absconded two years ago from the MEK’s military-style encampment outside Tirana.",
    ]


def test_sentences_of_line_42_keep_the_quoted_sentence_whole():
    assert sentences(line(42)) == [
        "Now he likens the MEK camp in Manze to Animal Farm, George Orwell’s critique of the Stalinist era in the USSR.",
        "“It’s a cult,” he says simply.",
    ]


def test_sentences_of_line_48_with_a_parenthesised_sentence():
    got = sentences(line(48))
    assert len(got) == 2
    assert got[0].endswith("on Dutch, Danish and French soil.")
    assert got[1] == "(The Iranian Embassy in Tirana declined the BBC’s request for an interview.)"


def test_sentences_of_line_205():
    assert sentences(line(205)) == [
        "On 23 October, the Albanian Chief of Police exposed himself to ridicule by reading out badly a "
        "prepared statement written by the MEK disseminating fake news.",
        "The statement claimed that a terrorist cell run by an individual in Iran, helped by several named "
        "individuals involved in organised crime and a MEK associate who lives in Austria and whose mother is "
        "trapped in the MEK camp in Manëz, Durres, were intent on plotting to kill the Mojahedin in Albania in "
        "March 2018.",
        "This is what the Police Chief read out loud.",
        "No evidence was produced.",
    ]


def test_labelled_statement_of_line_147_splits_at_exclamation_marks():
    got = sentences(line(147))
    assert len(got) == 14
    assert got[:3] == ["Farid Shakarami: Good evening to all TV Klan viewers!", "My name is Farid Shakarami!",
                       "I grew up in a family that was against the current Iranian regime."]
    assert got[-1] == "This is my last hope and I ask you for help."


def test_sources_in_parentheses_do_not_split():
    # "(Shqiptarja.com, August 19)." and "(Lapsi.al, August 19)." hold dots that end nothing.
    got = sentences(line(233))
    assert len(got) == 4
    assert got[2] == "Camp members physically attacked the Channel 4 camera crew (Shqiptarja.com, August 19)."


@pytest.mark.parametrize("n", [21, 24, 30, 31, 43, 50])
def test_one_sentence_quotes_with_attribution_stay_whole(n):
    # A quote of one sentence followed by "he says"/"says X" is one sentence.
    assert split(line(n)) == [(0, len(line(n)))]


@pytest.mark.parametrize("n,expected", [
    (46, ["“They have vowed to fight all their lives for the liberation of their country from a totalitarian regime.",
          "Sometimes we have difficulty accepting strong belief in a cause.",
          "This is personal sacrifice, and it’s a mentality I understand.”"]),
    (62, ["“I was responsible for this situation – the separation.",
          "I can’t sleep too much at night because I think about them.",
          "I’m always nervous, angry.",
          "I am ashamed of myself,” Mirzai says."]),
    (64, ["“I want to go back to Iran, to live with my wife and son.", "That is my wish.”"]),
    (34, ["“It was very attractive.",
          "But if you believe in democracy, you cannot suppress the soul of your members,” he says."]),
])
def test_quoted_speech_of_several_sentences_is_split(n, expected):
    # Whole paragraphs of quoted speech: every full stop followed by a capital ends a sentence.
    assert sentences(line(n)) == expected


@pytest.mark.parametrize("n,required,optional", [
    # "war… I just": an ellipsis before "I" may or may not end a sentence (Golden Rule 46 keeps
    # ". . . I didn't mean it" inside one); the full stop before "Maybe" always does.
    (58, ["Maybe they died in the war"], ["I just didn’t know"]),
    (11, ["But I told them"], ["They cried"]),
])
def test_quoted_speech_with_an_ellipsis_is_split_at_its_full_stops(n, required, optional):
    text = line(n)
    starts = [text[a:b] for a, b in split(text)][1:]
    assert all(any(s.startswith(r) for s in starts) for r in required), starts
    assert all(any(s.startswith(w) for w in required + optional) for s in starts), starts


# -- offsets: every sentence of the seed ----------------------------------------------------------

def test_every_sentence_is_its_line_slice(seed_corpus):
    sents = seed_corpus.sentences
    texts = seed_corpus.lines.set_index("line_no")["text"]
    assert len(sents) > 249  # several sentences on most body lines
    for r in sents.itertuples():
        t = texts[r.line_no]
        assert 0 <= r.start < r.end <= len(t)
        assert t[r.start:r.end] == r.text
        assert r.text == r.text.strip()


def test_sentences_of_a_line_are_in_order_do_not_overlap_and_cover_it(seed_corpus):
    sents = seed_corpus.sentences
    texts = seed_corpus.lines.set_index("line_no")["text"]
    for line_no, group in sents.groupby("line_no"):
        assert group["idx"].tolist() == list(range(len(group)))
        spans = list(zip(group["start"], group["end"]))
        assert spans == sorted(spans)
        assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
        # Between and around the sentences there is only whitespace: nothing is dropped.
        t, pos = texts[line_no], 0
        for a, b in spans:
            assert t[pos:a].strip() == ""
            pos = b
        assert t[pos:].strip() == ""


def test_sentences_cover_exactly_the_non_blank_lines(seed_corpus):
    lines = seed_corpus.lines
    non_blank = set(lines.loc[lines["text"].str.strip() != "", "line_no"])
    assert set(seed_corpus.sentences["line_no"]) == non_blank
    assert len(non_blank) == 249  # the seed has no blank line


def test_sentence_rows_carry_their_lines_doc_id(seed_corpus):
    doc_of = seed_corpus.lines.set_index("line_no")["doc_id"]
    sents = seed_corpus.sentences
    assert (sents["doc_id"].to_numpy() == doc_of[sents["line_no"]].to_numpy()).all()
    assert set(sents["file"].astype(str)) == {str(SEED)}


def test_blank_and_whitespace_text_has_no_sentence():
    assert split("") == [] and split("   ") == [] and split("\t \u00a0") == []


def test_outer_whitespace_is_excluded():
    assert split("  Hello there.   General Kenobi.  ") == [(2, 14), (17, 32)]
