"""Built corpora (cuttings.store): the tables read back from Parquet equal the in-memory ones, huge files
split at agreed piece starts segment as whole, rebuilds process only what changed."""
import pandas as pd
import pytest

import cuttings
from conftest import SEED, SEED_PROFILE
from cuttings import CuttingsError, store
from cuttings.cli import main

TABLES = ("files", "documents", "lines", "sentences", "turns")


def assert_same(corpus, built):
    for t in TABLES:
        pd.testing.assert_frame_equal(getattr(corpus, t), getattr(built, t), obj=t)
    assert corpus.provenance_records == built.provenance_records


def test_seed_built_equals_loaded(tmp_path, seed_corpus):
    report = store.build(SEED, tmp_path / "b", profile=SEED_PROFILE)
    assert report.processed == [str(SEED)] and report.parts == 1
    built = cuttings.open(tmp_path / "b")
    assert_same(seed_corpus, built)
    # load() opens a built folder too, with the profile it was built with (a copy kept inside)
    again = cuttings.load(tmp_path / "b", profile=False)
    assert isinstance(again, store.StoredCorpus)
    assert again.resources.profile.sha256 == seed_corpus.resources.profile.sha256
    assert built.document_text(3) == seed_corpus.document_text(3)
    assert built.text() == seed_corpus.text()


def test_scan_file_cuts_after_a_line_end(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"aaa\nbb\ncccc\n")
    s = store.scan_file(str(f), "a.txt", chunk_bytes=4)
    # the first line end at or after byte 4 is byte 6, so chunk 2 starts at byte 7 (line index 2);
    # the next target (11) finds the final line end, whose cut is the end of the file: no third chunk
    assert s.cuts == [(0, 0), (7, 2)] and s.splittable and s.n_lines == 3 and s.trailing_newline
    f.write_bytes(b"aaa\r\nbb\r\ncccc\r\n")
    assert not store.scan_file(str(f), "a.txt", chunk_bytes=4).splittable   # CR: decoded whole


def test_split_file_segments_as_whole(tmp_path, bench):
    text = "".join((bench / "bbc" / "politics" / f"{i:03d}.txt").read_text(encoding="utf-8") + "\n"
                   for i in range(1, 41))
    dump = tmp_path / "dump.txt"
    dump.write_text(text, encoding="utf-8")
    report = store.build(dump, tmp_path / "b", profile=False, chunk_bytes=15000, overlap_bytes=15000,
                         margin_lines=10)
    assert report.parts >= 4
    corpus = cuttings.load(dump, profile=False)
    assert_same(corpus, cuttings.open(tmp_path / "b"))


def test_rebuild_processes_only_changed_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, body in (("a", "First title\nA body line that says something long enough.\n"),
                       ("b", "Second title\nAnother body line with more words than that.\n")):
        (folder / f"{name}.txt").write_text(body, encoding="utf-8")
    out = tmp_path / "b"
    first = store.build(folder, out, profile=False)
    assert sorted(first.processed) == [str(folder / "a.txt"), str(folder / "b.txt")]
    (folder / "b.txt").write_text("Second title changed\nA new body line for the second file here.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Third title\nThe third file's body line is here too.\n", encoding="utf-8")
    second = store.build(folder, out, profile=False)
    assert second.processed == [str(folder / "b.txt"), str(folder / "c.txt")]
    assert second.reused == [str(folder / "a.txt")]
    assert_same(cuttings.load(folder, profile=False), cuttings.open(out))
    (folder / "a.txt").unlink()
    third = store.build(folder, out, profile=False)
    assert third.processed == [] and third.removed == 1
    assert len(list((out / "lines").iterdir())) == 2
    assert_same(cuttings.load(folder, profile=False), cuttings.open(out))


def test_errors_are_one_line(tmp_path, capsys):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "note.md").write_text("hello", encoding="utf-8")
    with pytest.raises(CuttingsError, match="not empty and not a built corpus"):
        store.build(SEED, tmp_path / "x", profile=False)
    with pytest.raises(CuttingsError, match="not a built corpus"):
        cuttings.open(tmp_path / "x")
    assert main(["build", str(SEED), "--out", str(tmp_path / "x")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_cli_build_then_commands(tmp_path, capsys):
    out = tmp_path / "b"
    assert main(["build", "--format", "csv", "--profile", str(SEED_PROFILE), str(SEED), "--out", str(out),
                 "--with", "timeline,tokens"]) == 0
    assert "processed" in capsys.readouterr().out
    built = cuttings.open(out)
    assert built.extras() == ["timeline", "tokens"]
    from cuttings.analysis import terms, timeline

    pd.testing.assert_frame_equal(built.read("timeline"), timeline.timeline(cuttings.load(SEED, profile=SEED_PROFILE)))
    tokens = built.read("tokens")
    freq = terms.frequencies(built, by="piece")
    assert tokens["count"].sum() == freq["count"].sum()
    ran = []
    for args in ([str(out)], ["--profile", str(SEED_PROFILE), str(SEED)]):
        assert main(["segment", "--level", "lines", "--format", "csv", *args]) == 0
        ran.append(capsys.readouterr().out)
    assert ran[0] == ran[1] and ran[0].count("\n") == 250
