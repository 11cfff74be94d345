"""The one tokenizer: quotes folded, stop words, hyphens, numbers, names as one token (checked on the seed)."""
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BENCH, SEED, SEED_PROFILE
from cuttings.resources import Resources
from cuttings.text import names, tokens

# The seed's profile lists the names these tests look for (MEK and its spellings, Hassan Heyrani, ...).
SEED_RES = Resources(SEED_PROFILE)


def tokenize(text, **options):
    return tokens.tokenize(text, resources=SEED_RES, **options)


def token_spans(text, **options):
    return tokens.token_spans(text, resources=SEED_RES, **options)


def matcher():
    return names.matcher(SEED_RES)


def test_stop_word_copy_is_scikit_learns_list():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert sorted(Resources.default().list("stopwords_en.txt")) == sorted(ENGLISH_STOP_WORDS)


def test_curly_apostrophes_neither_split_words_nor_defeat_stop_words():
    assert tokenize("don’t") == tokenize("don't") == []  # stop word either way
    assert tokenize("don’t", stop=True) == ["don't"]
    assert tokenize("They didn’t tell me", stop=True) == ["they", "didn't", "tell", "me"]
    assert tokenize("Qur’an lessons") == ["qur'an", "lessons"]
    # possessive 's goes, with either apostrophe; a name keeps its canonical form
    assert tokenize("the MEK’s presence") == tokenize("the MEK's presence") == ["MEK", "presence"]
    assert tokenize("the organisation’s protector") == ["organisation", "protector"]
    assert tokenize("MEK’s", aliases=False) == ["mek"]


def test_normalize_keeps_offsets():
    text = "“MEK is a mafia sect,” he said – it’s ‘cult‑like’\u00a0now"
    norm = tokens.normalize(text)
    assert len(norm) == len(text)
    assert norm == "\"MEK is a mafia sect,\" he said – it's 'cult-like' now"


def test_hyphenated_words_stay_whole_and_numbers_are_optional():
    text = "self-immolation protests, cult-like, 17-18 years, in 1979 and 2,500 members"
    assert tokenize(text) == ["self-immolation", "protests", "cult-like", "years", "members"]
    spans = token_spans(text, numbers=True, stop=False)
    assert [(t.form, t.kind) for t in spans if t.kind == "number"] == [
        ("17-18", "number"), ("1979", "number"), ("2", "number"), ("500", "number")]


def test_multiword_names_count_once_and_aliases_switch_off():
    text = "The Mojahedin Khalq Organization, which has adopted an armed and terrorist strategy"
    assert tokenize(text) == ["MEK", "adopted", "armed", "terrorist", "strategy"]
    assert tokenize(text, aliases=False) == ["mojahedin", "khalq", "organization", "adopted", "armed",
                                                    "terrorist", "strategy"]
    # every spelling of the seed is one canonical name
    for variant in ("Mujahideen-e-Khalq", "Mojahedin-e Khalq Organization", "PMOI", "MKO", "Mojahidin",
                    "Mujahedin khalq", "Mojahedin Organization"):
        assert tokenize(f"members of the {variant} left") == ["members", "MEK", "left"], variant
    assert tokenize("Hassan Hayrani and Heyrany") == ["Hassan Heyrani", "Hassan Heyrani"]
    # an underscore separates names as it separates words (image file names used as captions)
    assert tokenize("Farid_Totounchi_MEK_Iraq") == ["Farid Totounchi", "MEK", "Iraq"]
    assert tokenize("Farid_Totounchi_MEK_Iraq", aliases=False) == ["farid", "totounchi", "mek", "iraq"]


def test_spans_point_at_the_text_of_a_seed_line():
    line = SEED.read_text(encoding="utf-8").splitlines()[9]  # line 10
    assert line.startswith("For six years, Albania has been home to one of Iran’s main opposition groups")
    spans = token_spans(line)
    names = [(t.form, line[t.start:t.end]) for t in spans if t.kind == "name"][:4]
    assert names == [("Albania", "Albania"), ("Iran", "Iran"), ("MEK", "Mujahideen-e-Khalq"), ("MEK", "MEK")]
    for t in spans:
        assert tokens.normalize(line[t.start:t.end]).lower().startswith(t.form.lower()) or t.kind == "name"


def _seed_lines():
    return SEED.read_text(encoding="utf-8").splitlines()


def _bbc_sample(n=150):
    """150 BBC articles when the benchmark data is present (the seed's lines test the same without)."""
    files = sorted(Path(BENCH / "bbc").glob("*/*.txt"))[::15][:n]
    return [f.read_bytes().decode("utf-8", "replace") for f in files]


@pytest.mark.parametrize("options", [dict(), dict(aliases=False), dict(numbers=True, stop=True)])
def test_fast_tokenize_equals_the_spans(options):
    texts = _seed_lines() + _bbc_sample()
    for text in texts:
        stop = options.get("stop", False)
        rest = {k: v for k, v in options.items() if k != "stop"}
        assert tokenize(text, stop=stop, **rest) == [t.form for t in token_spans(text, stop=stop, **rest)]


def test_name_spans_equal_the_alias_matcher():
    for text in _seed_lines() + _bbc_sample():
        norm = tokens.normalize(text)
        expected = [(s, e, a.canonical) for s, e, _, a in matcher().finditer(norm)]
        assert [(s, e, c) for s, e, c, _ in tokens.name_spans(norm, resources=SEED_RES)] == expected


_PIECES = st.sampled_from(["MEK", "MEK’s", "Mojahedin", "Khalq", "Organization", "People's", "Mujahideen-e-Khalq",
                           "PMOI", "mek", "x'", "'s", "-", "’", " ", " ", ", ", "(", ")", "anti-", "don't",
                           "Hassan", "Heyrani", "Tirana", "Tiranë", "İstanbul", "1979", "the", "cult-like", "_"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_property_fast_paths_agree(text):
    norm = tokens.normalize(text)
    assert [(s, e) for s, e, _, _ in tokens.name_spans(norm, resources=SEED_RES)] == [(s, e) for s, e, _, _ in matcher().finditer(norm)]
    for stop in (True, False):
        assert tokenize(text, stop=stop) == [t.form for t in token_spans(text, stop=stop)]


def test_analyzer_in_a_scikit_learn_vectorizer():
    from sklearn.feature_extraction.text import CountVectorizer

    analyzer = tokens.Analyzer(ngram_range=(1, 2), resources=SEED_RES)
    assert pickle.loads(pickle.dumps(analyzer))("MEK is a mafia cult") == analyzer("MEK is a mafia cult")
    vec = CountVectorizer(analyzer=analyzer)
    X = vec.fit_transform(["MEK is a mafia cult", "The PMOI is a mafia cult, they say"])
    vocab = list(vec.get_feature_names_out())
    assert vocab == ["MEK", "MEK mafia", "cult", "mafia", "mafia cult"]  # "say" and "they" are stop words
    assert X.toarray().tolist() == [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]


def test_project_stop_words_are_documented_and_straight():
    stops = Resources.default().stop_words
    assert {"said", "says", "don't", "didn't", "according", "would've"} <= stops
    assert not any("’" in w for w in stops)
    from cuttings.resources import DATA_DIR

    text = (DATA_DIR / "project_stopwords.txt").read_text(encoding="utf-8")
    assert re.match(r"# ", text)


def test_glued_caption_words_are_split_but_brand_names_stay_whole():
    # seed line 237: a caption pasted twice with no space between the copies
    text = "Slide Toward AuthoritarianismOlsi Jazexhi : MEK"
    assert tokenize(text) == ["slide", "authoritarianism", "olsi", "Olsi Jazexhi", "MEK"]
    spans = token_spans(text, stop=False)
    assert [(t.form, text[t.start:t.end]) for t in spans][1:3] == [("authoritarianism", "Authoritarianism"), ("olsi", "Olsi")]
    assert tokenize("PlayStation WhatsApp MasterCard") == ["playstation", "whatsapp", "mastercard"]
