"""The date tagger's learned keep-or-drop model: its features, its scoring, its file, and the shipped model's
training record, on small literal texts whose features and probabilities were worked out by hand."""
import json
import math
import sys
from pathlib import Path

import pytest

from cuttings.errors import CuttingsError
from cuttings.text import dates
from cuttings.text.dates import find_raw, grammar, learned

TEXT = "Now, he said Friday."


def _candidates(text=TEXT):
    return {t.text: t for t in find_raw(text)}


def test_features_of_a_sentence_opening_now_and_a_weekday():
    now, friday = _candidates()["Now"], _candidates()["Friday"]
    f = set(learned.features(TEXT, now, grammar()))
    # "Now" opens the line, a comma follows it, "said" after it gives the clause its (past) tense.
    assert {"kind=ref", "type=DATE", "spec=none", "shape=PRESENT_REF", "first=now", "last=now", "prev=^",
            "next=he", "pc=^", "nc=,", "tense=past", "ntok=1", "last=now|nc=,", "start", "start|last=now"} <= f
    assert "digits" not in f
    g = set(learned.features(TEXT, friday, grammar()))
    # "Friday" after "said" (a letter before it), a full stop and nothing after it.
    assert {"kind=relative", "spec=weekday", "shape=XXXX-WXX-9", "prev=said", "next=$", "pc=a", "nc=.",
            "tense=past", "last=friday|prev=said"} <= g
    assert "start" not in g


def test_digits_and_word_classes():
    (t,) = find_raw("It rose in 1989, they said.")
    f = learned.features("It rose in 1989, they said.", t, grammar())
    assert {"digits", "first=#", "last=#", "shape=9999", "prev=in", "next=they", "nc=,"} <= set(f)


def test_probability_is_the_logistic_of_the_weights_present():
    m = learned.KeepModel({"kind=ref": -3.0, "nc=,": 0.5, "unused": 9.0}, 1.0, 0.5, {})
    # z = 1 - 3 + 0.5 = -1.5
    assert m.probability(["kind=ref", "nc=,", "other"]) == pytest.approx(1 / (1 + math.exp(1.5)))
    assert m.probability([]) == pytest.approx(1 / (1 + math.exp(-1.0)))


def test_keep_drops_below_the_threshold_and_keeps_all_at_zero():
    m = learned.KeepModel({"last=now|nc=,": -10.0}, 0.0, 0.5, {})
    found = find_raw(TEXT)
    # "Now," scores sigmoid(-10) < 0.5: dropped; "Friday" sigmoid(0) = 0.5: kept (p >= threshold).
    assert [t.text for t in learned.keep(TEXT, found, grammar(), m)] == ["Friday"]
    assert learned.keep(TEXT, found, grammar(), learned.KeepModel(m.weights, 0.0, 0.0, {})) == found
    assert learned.keep(TEXT, found, grammar(), None) == found


def test_model_file_read_and_errors(tmp_path):
    assert learned.read_model(tmp_path / "absent.json") is None
    good = {"format": learned.FORMAT, "keep": {"kind": "logistic", "intercept": 0.25, "threshold": 0.3,
                                                "weights": {"start": -1.5}}, "training": {"documents": 3}}
    p = tmp_path / "m.json"
    p.write_text(json.dumps(good), encoding="utf-8")
    m = learned.read_model(p)
    assert (m.weights, m.intercept, m.threshold, m.record) == ({"start": -1.5}, 0.25, 0.3, {"documents": 3})
    p.write_text(json.dumps({**good, "format": 99}), encoding="utf-8")
    with pytest.raises(CuttingsError, match="another format"):
        learned.read_model(p)
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(CuttingsError, match="malformed date model"):
        learned.read_model(p)


def test_the_shipped_model_keeps_every_candidate():
    # Cross-validated on the tuning part, no threshold above 0 raised relaxed F1: the model drops nothing,
    # so find() returns what the rules read.
    m = learned.read_model()
    assert m is not None and m.threshold == 0.0
    rec = m.record
    assert (rec["documents"], rec["label"]) == (207, "overlaps a gold TIMEX3 (relaxed match)")
    assert rec["cross_validated"]["f1"] == rec["cross_validated"]["keep_all_f1"]
    text = "Now, the company said sales rose for years, and currently it expects more."
    assert [t.text for t in dates.find(text)] == [t.text for t in find_raw(text)] == ["Now", "years", "currently"]


def test_training_reproduces_the_shipped_model(bench, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import train_dates

    if not train_dates.TBAQ.is_dir():
        pytest.fail(f"no TempEval-3 data under {train_dates.TBAQ}")
    out = tmp_path / "dates_model.json"
    assert train_dates.main(["--out", str(out)]) == 0
    assert out.read_bytes() == learned.MODEL_FILE.read_bytes()
