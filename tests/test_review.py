"""Review: the most doubtful segmentation decisions first, each with a corrections entry that applies."""
import json
import pathlib

import cuttings
from conftest import SEED, SEED_PROFILE
from cuttings.cli import main


def planted(tmp_path, drop: int) -> pathlib.Path:
    """The seed without line ``drop``: here the byline 'Shqiptarja, translated by Iran Interlink' (line 108)
    that closes the interview, so that the open letter after it ('Dear Ilir Meta, Albanian President,')
    starts with no closing line before it: an unmarked boundary in real text."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[drop - 1] == "Shqiptarja, translated by Iran Interlink"
    path = tmp_path / "dump.txt"
    path.write_text("\n".join(lines[:drop - 1] + lines[drop:]), encoding="utf-8")
    return path


def test_the_planted_ambiguous_boundary_comes_first_and_its_entry_fixes_it(tmp_path):
    path = planted(tmp_path, 108)
    corpus = cuttings.load(path, profile=SEED_PROFILE)
    assert 108 not in corpus.documents.start_line.tolist()   # the segmenter misses it
    review = cuttings.review(corpus, top=5)
    first = review.iloc[0]
    assert (first.line_no, first.decision, first.alternative) == (108, "no piece start", "start a piece here")
    assert 0.5 < first.doubt <= 1 and review.doubt.is_monotonic_decreasing
    assert first.text == "Dear Ilir Meta, Albanian President,"
    assert first.before.startswith("I work here in Tirana")   # the last two lines of the interview
    assert first.after.startswith("Your Excellency,")
    assert first.toml == '[[start]]\nline = 108\nexpect = "Dear Ilir Meta, Albanian President,"'
    # the entry, pasted into a corrections file, applies and the piece is found
    (tmp_path / "dump.corrections.toml").write_text(first.toml + "\n", encoding="utf-8")
    fixed = cuttings.load(path, profile=SEED_PROFILE)
    assert 108 in fixed.documents.start_line.tolist()
    assert fixed.documents.set_index("start_line").loc[108, "kind"] == "open letter"


def test_review_shows_the_models_boundary_p_beside_the_rule_evidence_it_ranks_by(tmp_path):
    import pandas as pd

    from cuttings.analysis.review import start_probability

    # the ranking reads the rule evidence, whatever the model says: a title after a body line of the same
    # piece that the rules kept inside it ...
    lines = pd.DataFrame({"text": ["A", "B"], "role": ["title", "body"], "doc_id": [1, 1], "boundary_p": [1.0, 0.45]})
    assert start_probability(lines) == start_probability(lines.drop(columns="boundary_p"))
    # ... and each row of the review carries the model's probability of its line
    corpus = cuttings.load(planted(tmp_path, 108), profile=SEED_PROFILE)
    review = cuttings.review(corpus, top=5)
    by_line = corpus.lines.set_index("line_no")["boundary_p"]
    assert review["boundary_p"].tolist() == [round(float(by_line[n]), 4) for n in review["line_no"]]
    assert review.iloc[0].boundary_p < 0.1   # the model is sure there is no start at the planted line


def test_the_command_prints_the_review(capsys):
    assert main(["review", "--top", "3", "--format", "jsonl", "--profile", str(SEED_PROFILE), str(SEED)]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(rows) == 3 and [r["doubt"] for r in rows] == sorted((r["doubt"] for r in rows), reverse=True)
    assert set(rows[0]) == set(cuttings.review(cuttings.load(SEED, profile=SEED_PROFILE), top=1).columns)
    assert main(["review", "--top", "-1", str(SEED)]) == 2


def test_a_letter_addressing_its_recipient_again_is_less_doubtful_than_its_first_salutation():
    from cuttings.analysis.review import rule_probability

    # one piece: a title, a salutation, body, the same salutation again, body (the seed's letter to the
    # President repeats "Mr President," before its last paragraphs); and the same text without the first
    # salutation, where the only salutation after body text may open a letter the segmenter missed
    body = "The organisation held meetings with officials across the capital this spring."
    more = "We ask you again to meet the families of those who left the organisation."
    texts = ["Letter to the President", "Mr President,", body, "Mr President,", more]
    p = rule_probability(texts, ["title", "salutation", "body", "salutation", "body"], [1] * 5)
    alone = rule_probability([texts[0], body, "Mr President,", more], ["title", "body", "salutation", "body"], [1] * 4)
    assert p[3] < 0.25 <= alone[2] < 0.5        # a non-start either way, the second one far from a coin toss
    # in the seed, the letter's second "Mr President," (line 120) is no longer among the coin tosses
    review = cuttings.review(cuttings.load(SEED, profile=SEED_PROFILE), top=None).set_index("line_no")
    assert review.loc[120, "text"] == "Mr President," and review.loc[120, "doubt"] < 0.5
