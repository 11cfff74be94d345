"""Reuse part by part (cuttings.distributed.reuse) equals the single-process MinHash path, caps included,
whatever the partitioning: one part per file of a built corpus, several files in one part, in memory."""
import random

import pandas as pd
import pytest

import cuttings
from conftest import SEED
from cuttings import store
from cuttings.analysis import reuse as R
from cuttings.cli import main
from cuttings.distributed import reuse as D

WORDS = ("harbour board council report ferry island bridge tax school road market budget mayor vote river "
         "station museum park library hospital court police farm coast storm winter summer village town").split()
BOILER = "read more stories like this one on our website every day"  # in every line: a stop-shingle


def _texts() -> list[str]:
    """Four files: lines that all end with the same boilerplate (stop-shingles), one paragraph pasted 25
    times (a bucket over the lookback), 60 edited versions of one sentence (many candidates), and a line
    that doubles a passage (internal)."""
    rng = random.Random(7)
    base = [rng.choice(WORDS) for _ in range(30)]
    files = []
    for f in range(4):
        lines = []
        for i in range(40):
            lines.append(" ".join(rng.choice(WORDS) for _ in range(12)) + f" number {f * 40 + i}. " + BOILER + ".")
            if i % 6 == 0:
                lines.append("The council said the new ferry timetable would start in the spring after a long delay.")
            if f and i % 2 == 0:
                version = [w if rng.random() > 0.08 else rng.choice(WORDS) for w in base]
                lines.append(" ".join(version).capitalize() + ".")
        lines.append("The mayor spoke at length about the harbour and the bridge tolls again today. "
                     "The mayor spoke at length about the harbour and the bridge tolls again today.")
        files.append("\n\n".join(lines) + "\n")
    return files


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reuse_parts")
    folder = tmp / "in"
    folder.mkdir()
    for i, text in enumerate(_texts()):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    store.build(folder, tmp / "built", profile=False, part_bytes=0)
    return cuttings.load(folder, profile=False), cuttings.open(tmp / "built")


def test_parts_give_the_single_process_rows_and_caps(corpora, tmp_path, monkeypatch):
    corpus, built = corpora
    monkeypatch.setattr(R, "MAX_CANDIDATES", 3)   # so that the versions have more candidates than kept
    assert len(built.parts) == 4
    single = R.reuse(corpus, method="minhash")
    # the caps bite here, so that their equality is tested too
    assert {"stop_shingles", "lookback", "candidates"} <= set(single.attrs["truncated"])
    assert set(single["kind"]) >= {"exact", "near", "internal"} and (single["a_file"] != single["b_file"]).any()
    for corp in (corpus, built):   # one part in memory (small files grouped); four parts built
        found = D.reuse(corp, scratch=str(tmp_path))
        pd.testing.assert_frame_equal(single, found)
        assert found.attrs == single.attrs
    assert list(tmp_path.iterdir()) == []   # the scratch folder is removed


def test_options_are_checked():
    with pytest.raises(cuttings.CuttingsError):
        D.reuse(None, threshold=2.0)


def test_scratch_must_exist(corpora, tmp_path):
    with pytest.raises(cuttings.CuttingsError, match="scratch folder .* does not exist"):
        D.reuse(corpora[1], scratch=str(tmp_path / "nowhere"))


def test_cli_scheduler_needs_a_shared_scratch_folder(capsys, tmp_path):
    # refused before any connection is tried (nothing listens at this address)
    code = main(["reuse", str(SEED), "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "--scheduler needs --scratch DIR" in err and "every worker" in err
    code = main(["reuse", str(SEED), "--scratch", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "--scratch is for --workers or --scheduler" in err and len(err.splitlines()) == 1


def test_kept_ids_rebuild_the_passages_the_text_gives(corpora):
    corpus = corpora[0]
    slow = R._prepare(corpus, 3, min_words=8)
    fast = R._prepare(corpus, 3, min_words=8, keep_ids=True)
    vocab: dict[str, int] = {"a word of no line": 0}   # a shared vocabulary that already holds other words
    fast.use_vocab(vocab)
    forms = list(vocab)
    assert len(slow) == len(fast) == 252
    several = 0
    for u in range(len(slow)):
        a, b = slow.line(u), fast.line(u)
        assert (b.words, b.sents, b.segments, b.whole, b.text) == (a.words, a.sents, a.segments, a.whole, a.text)
        assert [forms[i] for i in b.ids] == b.words
        several += len(b.sents) > 1
    assert several == 164   # the 160 numbered lines and the 4 doubled ones: two sentences each
