"""The boundary model's fast paths give exactly what the plain per-line definitions give: the stems
and the first-person counts read in blocks equal each line's own, the pieces' kinds are those of the
joined narration, and the model's probabilities, pieces, kinds and roles are bit-identical to those
recorded before the speed work (tests/fixtures/boundary_p_exact.json)."""
import json
from collections import Counter

import pytest

from conftest import ROOT, SEED
from cuttings.resources import Resources
from cuttings.segment import features, lines, segment_lines
from cuttings.segment.features import STEM, line_stems
from cuttings.segment.lines import categorize, line_voice, patterns
from cuttings.text.patterns import FIRST_PERSON, IN_QUOTES, WORD, normalize

EXACT = json.loads((ROOT / "tests" / "fixtures" / "boundary_p_exact.json").read_text(encoding="utf-8"))


def _stop() -> frozenset[str]:
    res = Resources.default()
    return frozenset(w.lower() for w in res.list("stopwords_en.txt"))


def _plain_bags(texts: list[str], stop: frozenset[str]) -> list[dict[int, int]]:
    """The definition, one line at a time: each line's stems and counts, a stem's id being its rank
    among the file's stems in order of first use."""
    vocab: dict[str, int] = {}
    out = []
    for t in texts:
        stems = [w[:STEM] for w in WORD.findall(normalize(t).lower()) if len(w) > 2 and w[0].isalpha() and w not in stop]
        out.append(dict(Counter(vocab.setdefault(s, len(vocab)) for s in stems)))
    return out


def test_stems_of_a_small_text_by_hand():
    stop = frozenset({"the", "and"})
    texts = ["The cult's members, and the cults:", "", "Members\nof cults", "ΟΔΟΣ οδοσ", "don’t  don't"]
    st = line_stems(texts, stop)
    # ids by first use: cult's 0, member 1, cults 2; "of" is too short; Greek capitals lower-case
    # with a final sigma ("οδος" 3, "οδοσ" 4); the curly apostrophe is straightened (don't 5, twice)
    assert [st.bag(i) for i in range(len(texts))] == [{0: 1, 1: 1, 2: 1}, {}, {1: 1, 2: 1}, {3: 1, 4: 1}, {5: 2}]
    assert _plain_bags([t.replace("\n", " ") for t in texts], stop) == [st.bag(i) for i in range(len(texts))]


def test_stems_equal_the_per_line_reading(bench):
    from dumps import read_articles

    stop = _stop()
    texts = SEED.read_text(encoding="utf-8").split("\n")
    texts += [p for a in read_articles(bench / "real" / "web")[:6] for p in [a.title, *a.paragraphs, ""]]
    st = line_stems(texts, stop)
    assert [st.bag(i) for i in range(len(texts))] == _plain_bags(texts, stop)
    assert sum(len(st.bag(i)) for i in range(len(texts))) > 5000


def test_stems_of_ascii_words_in_small_blocks(bench, monkeypatch):
    """BBC text has only ASCII word characters (the fast regex); blocks of 2 kB mix it with the seed's
    blocks, which have others (the full regex)."""
    from dumps import read_articles

    stop = _stop()
    bbc = [p for a in read_articles(bench / "bbc" / "tech")[:40] for p in [a.title, *a.paragraphs]]
    assert not features._NON_ASCII_WORD_CHAR.search(normalize("\n".join(bbc)).lower())
    texts = SEED.read_text(encoding="utf-8").split("\n")[:60] + bbc + ["Ünïcödé and ΟΔΟΣ", "naïve café"]
    assert features._NON_ASCII_WORD_CHAR.search(normalize("\n".join(texts)).lower())
    monkeypatch.setattr(features, "BLOCK_CHARS", 2048)
    st = line_stems(texts, stop)
    assert [st.bag(i) for i in range(len(texts))] == _plain_bags(texts, stop)


def _plain_voice(texts: list[str]) -> list[list[int]]:
    """The definition, one line at a time: pronouns in the line, pronouns and words in its narration."""
    return [[len(FIRST_PERSON.findall(t)) for t in texts],
            [len(FIRST_PERSON.findall(IN_QUOTES.sub(" ", t))) for t in texts],
            [len(IN_QUOTES.sub(" ", t).split()) for t in texts]]


def _voice(texts: list[str]) -> list[list[int]]:
    p = patterns()
    v = line_voice(texts, [categorize(t, p) for t in texts])
    return [v.first_person, v.narrated_first_person, v.narrated_words]


def test_voice_of_a_small_text_by_hand(monkeypatch):
    texts = ['I said: "I was there, with my friends." Then I left.',
             "Me and my_friend, mine.",            # "Me" is not lower-case; "my_" is one word
             "“I’m here,” she said, “and I’ll stay.” I’d go.",
             "",
             "I am\nme",                            # a line holding a line break
             'He "quoted me" and "left']           # a closed pair is blanked, the last mark is not
    want = [[4, 1, 3, 0, 2, 1], [2, 1, 1, 0, 2, 0], [5, 4, 4, 0, 3, 3]]
    assert _voice(texts) == want == _plain_voice(texts)
    monkeypatch.setattr(lines, "VOICE_BLOCK_CHARS", 1)   # one line per block
    assert _voice(texts) == want


def test_voice_equals_the_per_line_reading(bench, monkeypatch):
    from dumps import read_articles

    texts = SEED.read_text(encoding="utf-8").split("\n")
    texts += [p for a in read_articles(bench / "real" / "web")[:8] for p in [a.title, *a.paragraphs, ""]]
    want = _plain_voice(texts)
    assert sum(want[0]) > 300 and sum(want[0]) > sum(want[1]) > 100
    assert _voice(texts) == want
    monkeypatch.setattr(lines, "VOICE_BLOCK_CHARS", 999)
    assert _voice(texts) == want


@pytest.mark.parametrize("name", ["seed", "bbc mixed"])
def test_kinds_from_the_voice_equal_the_joined_narration(name, bench):
    """Pieces' kinds from the per-line counts equal those from the joined narration (``voice=None``)."""
    from cuttings.segment import roles
    from dumps import load_source, source_dumps, split

    if name == "seed":
        texts = SEED.read_text(encoding="utf-8").split("\n")
    else:
        texts = source_dumps("bbc", split(load_source("bbc", bench), "test"), n_dumps=1, seed=5, variants=("mixed",))[0].lines
    seg = segment_lines(texts)
    p = patterns()
    infos = [categorize(t, p) for t in texts]
    lines.resolve_labels(texts, infos)
    lines.resolve_lists(texts, infos)
    voice = line_voice(texts, infos)
    kinds = [roles._kind(pc, texts, infos, seg.roles, p, voice) for pc in seg.pieces]
    assert kinds == [roles._kind(pc, texts, infos, seg.roles, p, None) for pc in seg.pieces]
    assert kinds == [pc.kind for pc in seg.pieces]
    assert len(set(kinds)) >= 2


@pytest.mark.parametrize("name", ["seed", "reuters as is", "bbc mixed", "web untitled"])
def test_boundary_p_is_bit_identical(name, bench):
    from dumps import load_source, source_dumps, split

    if name == "seed":
        texts = SEED.read_text(encoding="utf-8").split("\n")
    else:
        source, variant = name.split(" ", 1)
        arts = split(load_source(source, bench), "test")
        texts = source_dumps(source, arts, n_dumps=1, seed=5, variants=(variant,))[0].lines
    seg = segment_lines(texts)
    want = EXACT[name]
    assert [float(x).hex() for x in seg.boundary_p] == want["boundary_p"]
    assert [[p.start, p.end, p.title] for p in seg.pieces] == want["pieces"]
    if "kinds" in want:
        assert [p.kind for p in seg.pieces] == want["kinds"]
        assert seg.roles == want["roles"]


def test_chunked_scoring_equals_one_go(bench):
    """A file scored in chunks of 64 content lines gets the probabilities it gets in one go, bit for
    bit (with one BLAS thread: with several, the matrix product's rows at the threads' split points
    can differ in the last bit between any two matrix sizes, chunked or not)."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    from cuttings.segment import read_lines
    from cuttings.segment.learned import boundary_model, line_probabilities
    from dumps import read_articles

    texts = SEED.read_text(encoding="utf-8").split("\n")
    texts += [p for a in read_articles(bench / "real" / "web")[:6] for p in [a.title, *a.paragraphs, ""]]
    res = Resources.default()
    reading = read_lines(texts, res, features=False)
    scan = reading.scan_pieces
    args = (boundary_model(res), texts, reading.infos, {pc.start for pc in scan},
            {pc.title for pc in scan if pc.title is not None}, reading.scan_roles, _stop(), reading.stems)
    with threadpool_limits(1):
        idx, whole = line_probabilities(*args, chunk=10 ** 9)
        idx64, chunked = line_probabilities(*args, chunk=64)
    assert len(idx) > 5 * 64 and np.array_equal(idx, idx64)
    assert np.array_equal(whole, chunked)
