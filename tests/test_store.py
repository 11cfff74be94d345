"""Built corpora (cuttings.store): the tables read back from Parquet equal the in-memory ones, huge files
split at agreed piece starts segment as whole, rebuilds process only what changed."""
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cuttings
from conftest import SEED, SEED_PROFILE
from cuttings import CuttingsError, store
from cuttings.cli import main
from cuttings.distributed import build

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
    # one part per file (part_bytes=0); groups of small files are tested below
    folder = tmp_path / "in"
    folder.mkdir()
    for name, body in (("a", "First title\nA body line that says something long enough.\n"),
                       ("b", "Second title\nAnother body line with more words than that.\n")):
        (folder / f"{name}.txt").write_text(body, encoding="utf-8")
    out = tmp_path / "b"
    first = store.build(folder, out, profile=False, part_bytes=0)
    assert sorted(first.processed) == [str(folder / "a.txt"), str(folder / "b.txt")]
    (folder / "b.txt").write_text("Second title changed\nA new body line for the second file here.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Third title\nThe third file's body line is here too.\n", encoding="utf-8")
    second = store.build(folder, out, profile=False, part_bytes=0)
    assert second.processed == [str(folder / "b.txt"), str(folder / "c.txt")]
    assert second.reused == [str(folder / "a.txt")]
    assert_same(cuttings.load(folder, profile=False), cuttings.open(out))
    (folder / "a.txt").unlink()
    third = store.build(folder, out, profile=False, part_bytes=0)
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


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 199), min_size=1, max_size=60), st.data())
def test_groups_change_only_around_an_added_file(sizes, data):
    # sizes under part_bytes // 8 = 200 and at most 60 x 199 < 4 x 1600 bytes in all: every cut is
    # content-defined (no group reaches the cap), so adding a file leaves every group that does not
    # hold one of its two neighbours as it was
    names = [f"in/{i:03d}.txt" for i in range(len(sizes))]
    k = data.draw(st.integers(0, len(names)))
    before = store.group_files(names, sizes, part_bytes=1600)
    new = names[:k] + ["in/new.txt"] + names[k:]
    after = store.group_files(new, sizes[:k] + [data.draw(st.integers(1, 199))] + sizes[k:], part_bytes=1600)
    old = [tuple(names[i] for i in g) for g in before]
    now = [tuple(new[i] for i in g) for g in after]
    assert [n for g in now for n in g] == new                 # consecutive runs covering every file in order
    neighbours = set(names[max(0, k - 1):k + 1])
    kept = [g for g in old if not neighbours & set(g)]
    assert all(g in now for g in kept)
    assert len(now) <= len(old) + 1


def test_large_files_and_files_to_split_stand_alone():
    names = ["a", "b", "c", "d", "e"]
    groups = store.group_files(names, [10, 10, 800, 10, 10], part_bytes=1600, alone=[False, False, False, True, False])
    # c is at least 1600 // 8 bytes and d is to be split: each is a part; a, b are one run unless a's hash cuts
    assert [2] in groups and [3] in groups and [4] in groups
    assert [i for g in groups for i in g] == [0, 1, 2, 3, 4]
    assert store.group_files(names, [10] * 5, part_bytes=0) == [[0], [1], [2], [3], [4]]


def _small_folder(folder, n):
    folder.mkdir()
    for i in range(n):
        sub = folder / f"{i // 50:02d}"
        sub.mkdir(exist_ok=True)
        words = " ".join(["word"] * (i % 7 + 5))
        date = f" It was written on {i % 28 + 1} March 2021." if i % 3 == 0 else ""
        (sub / f"{i:04d}.txt").write_text(f"Title number {i}\nThe body of file {i} has some {words} in it.{date}\n",
                                          encoding="utf-8")


def test_many_small_files_grouped_and_rebuilt_by_group(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "b"
    _small_folder(folder, 120)
    first = build(folder, out, profile=False, part_bytes=2400, extras=["timeline", "tokens"])
    assert len(first.processed) == 120 and 1 < first.parts < 40
    built = cuttings.open(out)
    loaded = cuttings.load(folder, profile=False)
    assert_same(loaded, built)
    # the optional tables of grouped parts: pieces numbered within each member file, read back as doc_ids
    from cuttings.analysis import terms, timeline

    pd.testing.assert_frame_equal(built.read("timeline"), timeline.timeline(loaded))
    freq = terms.frequencies(loaded, by="piece")
    tokens = built.read("tokens")
    assert tokens.groupby("doc_id")["count"].sum().to_dict() == freq.groupby("group")["count"].sum().to_dict()
    assert (tokens.merge(loaded.documents[["doc_id", "file"]], on="doc_id")
            .pipe(lambda m: (m["file_x"].astype(str) == m["file_y"].astype(str)).all()))
    assert len(list((out / "lines").iterdir())) == first.parts == len(built.parts)
    assert len(list((out / "files").iterdir())) == first.parts
    members = [[m[0] for m in p.members] for p in built.parts]
    assert [f for m in members for f in m] == built.file_order and max(len(m) for m in members) > 1
    # a file added at the end joins the last group: only that group is processed again
    (folder / "02" / "0999.txt").write_text("A late title\nThe late body line says a few words here.\n",
                                            encoding="utf-8")
    second = store.build(folder, out, profile=False, part_bytes=2400)
    assert second.processed == members[-1] + [str(folder / "02" / "0999.txt")]
    assert_same(cuttings.load(folder, profile=False), cuttings.open(out))
    # a file changed in the middle: its group is processed again (and the next one if its cut moved)
    built = cuttings.open(out)
    members = [[m[0] for m in p.members] for p in built.parts]
    changed = str(folder / "01" / "0060.txt")
    g = next(i for i, m in enumerate(members) if changed in m)
    (folder / "01" / "0060.txt").write_text("Title number 60, changed\nA different body for this one.\n",
                                            encoding="utf-8")
    third = store.build(folder, out, profile=False, part_bytes=2400)
    assert set(members[g]) <= set(third.processed) <= set(members[g] + (members[g + 1] if g + 1 < len(members) else []))
    assert_same(cuttings.load(folder, profile=False), cuttings.open(out))
    assert len(list((out / "lines").iterdir())) == third.parts


def test_a_built_folder_is_hashed_by_its_inputs_in_figure_source_lines(tmp_path):
    # A figure's source line names the corpus with a short SHA-256. A built folder holds Parquet files,
    # not *.txt: its hash is that of its manifest's inputs (file and SHA-256 of each, in corpus order),
    # never that of an empty list.
    import hashlib

    from cuttings.viz.figures import _sha256_file

    build(SEED, tmp_path / "built", progress=False)
    seed_sha = hashlib.sha256(SEED.read_bytes()).hexdigest()
    expected = hashlib.sha256(f"{SEED}\0{seed_sha}\n".encode()).hexdigest()
    assert _sha256_file(tmp_path / "built") == expected
    assert expected != hashlib.sha256(b"").hexdigest()
