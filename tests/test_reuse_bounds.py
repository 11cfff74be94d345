"""Reuse's caps (issue 18): long lines in windows, stop-shingles, lookback and candidate caps, internal
doubling from the nearest occurrences; each recorded in table.attrs["truncated"] when it bites.
Expected values worked out by hand from small literal texts."""
import warnings

import cuttings
from cuttings.analysis import reuse as R


def _load(tmp_path, text: str, name: str = "t.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no fallback decoding here
        return cuttings.load(path, profile=False), path


def test_a_long_line_is_compared_in_windows(tmp_path):
    # "Mr. " x 3000 is one sentence (Mr. never ends one) of 3000 words: three windows of 1000 words.
    # In each window every shingle is "mr mr mr"; its nearest earlier occurrences are 1 to 8 words back,
    # and only at 8 words is the doubled run as long as min_words: words 0-8 doubled at 8-16.
    # The windows share one distinct shingle, fewer than the 3 a candidate needs: no pair between them.
    corpus, path = _load(tmp_path, "Mr. " * 3000 + "\n")
    df = R.reuse(corpus)
    assert df.attrs["truncated"] == {"windows": 1, "internal": 3}
    assert df[["a_line", "b_line", "kind", "words", "similarity"]].values.tolist() == [[1, 1, "internal", 8, 1.0]] * 3
    # window w starts at word 1000 w, character 4000 w; word n spans 4n .. 4n + 2 ("Mr")
    assert df[["a_start", "a_end", "b_start", "b_end"]].values.tolist() == [
        [4000 * w, 4000 * w + 30, 4000 * w + 32, 4000 * w + 62] for w in range(3)]
    assert set(df["shared"]) == {"Mr. Mr. Mr. Mr. Mr. Mr. Mr. Mr"}
    assert R.truncation_note(df) == (
        "reuse caps bit (pairs may be missing): windows 1 (lines of more than 1,000 words, compared in windows of "
        "whole sentences); internal 3 (lines whose shingles repeat more than 8 times: each occurrence paired with "
        "its 8 nearest earlier ones)")


LINE = "the quarterly report from the harbour board arrived late again"  # 10 words, 8 shingles


def test_a_shingle_in_too_many_passages_is_a_stop_shingle(tmp_path, monkeypatch):
    # 120 copies of one line: each of its 8 shingles is in 120 passages, more than max(100, 1% of 120):
    # all are stop-shingles, no candidate is found, and the table says so.
    corpus, _ = _load(tmp_path, "\n".join([LINE] * 120) + "\n")
    df = R.reuse(corpus)
    assert df.empty and df.attrs["truncated"] == {"stop_shingles": 8}
    # Without the stop rule each copy is compared with the 20 nearest earlier copies holding its shingles
    # (the lookback): sum over copies j = 0..119 of min(j, 20) = 210 + 99 x 20 = 2190 exact pairs.
    monkeypatch.setattr(R, "STOP_MIN", 1000)
    df = R.reuse(corpus)
    assert len(df) == 2190 and set(df["kind"]) == {"exact"}
    assert df.attrs["truncated"] == {"lookback": 8}
    assert df.groupby("b_line").size().max() == 20
    assert (df["b_line"] - df["a_line"]).max() == 20
    # unique_text still keeps one copy: every later copy is paired with an earlier one
    assert len(R.unique_text(corpus, pairs=df)) == 1


def test_a_passage_is_compared_with_at_most_max_candidates(tmp_path):
    # 30 lines of 10 made-up words each, then one line holding all 30: it shares all 8 shingles with
    # each of them, 30 candidates; the 20 sharing most (all tie at 8) and earliest are compared.
    lines = [" ".join(f"w{i}x{j}" for j in range(10)) for i in range(30)]
    corpus, _ = _load(tmp_path, "\n".join(lines + [" ".join(lines)]) + "\n")
    df = R.reuse(corpus)
    assert df.attrs["truncated"] == {"candidates": 1}
    assert df[["a_line", "b_line", "kind"]].values.tolist() == [[i, 31, "contained"] for i in range(1, 21)]
    assert (df["similarity"] == 1.0).all() and (df["words"] == 10).all()


def test_internal_doubling_far_apart_in_a_line_is_found(tmp_path):
    # A 12-word sentence, 40 other words, the same sentence: one exact run of 12 words 52 words apart.
    sentence = "the council agreed to repair the old bridge before the winter storms"
    filler = " ".join(f"f{i}" for i in range(40))
    corpus, _ = _load(tmp_path, f"{sentence} {filler} {sentence}\n")
    df = R.reuse(corpus)
    assert df.attrs["truncated"] == {}
    r = df.iloc[0]
    assert len(df) == 1 and (r.kind, r.words, r.a_start, r.a_end) == ("internal", 12, 0, len(sentence))
    text = corpus.lines["text"].iat[0]
    assert text[r.b_start:r.b_end] == sentence


def test_no_cap_bites_on_the_seed(seed_corpus):
    assert R.reuse(seed_corpus).attrs["truncated"] == {}
    assert R.reuse(seed_corpus, method="minhash").attrs["truncated"] == {}


def test_passages_are_held_as_four_bytes_a_shingle(seed_corpus):
    units = R._prepare(seed_corpus, 3, min_words=8)
    assert str(units.hk.dtype) == "uint32"
    assert len(units.hk) == int((units.n_words_np - 2).sum())
    assert units.n_words == int(units.n_words_np.sum())


def test_a_copy_in_the_last_words_of_a_long_sentence_is_located_there(tmp_path):
    # A 9-word line repeated as the last 9 words of a 50-word sentence: too small a part of that
    # sentence to take it whole, so the copy is located word by word; its start, 9 words before the
    # sentence's end, is near enough the end to be snapped there, which used to move the start past the
    # copy (and, the sentence being the line's last, past the line: an IndexError on 50 MB of news).
    tail = "the nine words at the very end here now"
    other = " ".join(f"q{i}" for i in range(41))
    line3 = f"Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu. {other} {tail}."
    corpus, _ = _load(tmp_path, f"Title Of It\nThe nine words at the very end here now.\n{line3}\n")
    df = R.reuse(corpus)
    assert df[["a_line", "b_line", "kind", "words", "similarity"]].values.tolist() == [[2, 3, "contained", 9, 1.0]]
    r = df.iloc[0]
    assert line3[r.b_start:r.b_end] == tail + "."
