"""Corrections applied in the loader: each kind changes the downstream tables consistently, bad ones stop
everything with one line, and without a corrections file nothing changes."""
import json
import shutil

import pandas as pd
import pytest

import cuttings
from conftest import SEED, SEED_PROFILE
from cuttings.cli import main
from cuttings.corpus import load_each
from cuttings.errors import CuttingsError
from cuttings.resources import Resources

# Seed pieces, from tests/fixtures/seed_annotation.json: 1-9 testimony, 10-66 BBC report (closed by the
# byline 'Linda Pressly and Albana Kasapi, BBC News' on line 66), 67-108 interview, 109-135 open letter.
# Line 9 'Defectors of Mujahedin khalq' is the caption closing the testimony; line 60 'Gholam Mirzai in Tirana today' is a photo caption inside the BBC report.


@pytest.fixture()
def dump(tmp_path):
    path = tmp_path / "dump.txt"
    shutil.copyfile(SEED, path)
    return path


def load(dump, body: str | None, **kw):
    if body is not None:
        (dump.parent / "dump.corrections.toml").write_text(body, encoding="utf-8")
    return cuttings.load(dump, profile=SEED_PROFILE, **kw)


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    path = tmp_path_factory.mktemp("plain") / "dump.txt"
    shutil.copyfile(SEED, path)
    return cuttings.load(path, profile=SEED_PROFILE)


def test_a_join_removes_the_piece_and_moves_its_lines(dump, plain):
    c = load(dump, '[[join]]\nline = 10\nexpect = "For six years, Albania"\n')
    docs, before = c.documents, plain.documents
    assert len(docs) == len(before) - 1
    first = docs.iloc[0]
    assert (first.start_line, first.end_line, first.n_lines) == (1, 66, 66)
    assert first.n_words == before.iloc[0].n_words + before.iloc[1].n_words
    # provenance follows: the BBC byline closing the joined piece now closes the first one
    assert first.source == "BBC News" and "Linda Pressly" in first.authors and bool(first.corrected)
    assert set(c.lines.loc[c.lines.line_no <= 66, "doc_id"]) == {1}
    assert c.lines.loc[c.lines.line_no <= 66, "corrected"].all()
    assert not c.lines.loc[c.lines.line_no > 66, "corrected"].any()
    # the pieces after it keep everything but their number
    rest = docs.iloc[1:].drop(columns=["doc_id", "file"]).reset_index(drop=True)
    assert rest.equals(before.iloc[2:].drop(columns=["doc_id", "file"]).reset_index(drop=True))
    # every line in exactly one piece, in order
    assert c.lines.doc_id.is_monotonic_increasing and c.lines.line_no.tolist() == list(range(1, 250))


def test_a_start_splits_a_piece_and_the_new_one_gets_title_kind_and_provenance(dump, plain):
    c = load(dump, '[[start]]\nline = 60\nexpect = "Gholam Mirzai in Tirana"\n')
    docs = c.documents
    assert len(docs) == len(plain.documents) + 1
    assert (docs.iloc[1].start_line, docs.iloc[1].end_line) == (10, 59)
    new = docs.iloc[2]
    assert (new.start_line, new.end_line, new.title) == (60, 66, "Gholam Mirzai in Tirana today")
    assert new.source == "BBC News" and pd.isna(docs.iloc[1].source)   # the byline went with the lines
    lines = c.lines.set_index("line_no")
    assert lines.loc[60, "role"] == "title" and lines.loc[66, "role"] == "attribution"
    assert lines.loc[10:66, "corrected"].all() and not lines.loc[67:, "corrected"].any()
    assert docs.corrected.tolist()[:4] == [False, True, True, False]


def test_a_role_entry_sets_role_and_speaker_and_marks_the_line(dump):
    c = load(dump, '[[role]]\nline = 61\nrole = "statement"\nspeaker = "Gholam Mirzai"\n')
    row = c.lines.set_index("line_no").loc[61]
    assert (row.role, row.speaker, bool(row.corrected)) == ("statement", "Gholam Mirzai", True)
    assert int(c.lines.corrected.sum()) == 1
    assert c.documents.corrected.tolist()[:3] == [False, True, False]
    turns = c.turns
    assert turns.loc[turns.line_no == 61, "speaker"].tolist() == ["Gholam Mirzai"]


def test_piece_fields_override_what_the_text_says(dump):
    c = load(dump, '[[piece]]\nline = 70\ntitle = "MEK camp is a prison"\nkind = "other"\n'
                   'source = "Report TV"\nauthors = ["A. Writer"]\ndate = "2019-11-04"\n')
    d = c.documents.iloc[2]
    assert (d.title, d.kind, d.source, d.authors, d.date) == (
        "MEK camp is a prison", "other", "Report TV", "A. Writer", "2019-11-04")
    assert d.translator == "Iran Interlink"   # not set: still what the text says
    prov = c.provenance_records[3]
    assert "date: corrections file" in prov.evidence and not any(e.startswith("source: line") for e in prov.evidence)
    assert not c.lines.corrected.any()    # no line changed, only the piece's fields


def test_variants_extend_this_corpus_alias_table_only(dump, plain):
    c = load(dump, '[[variants]]\ncanonical = "Linda Pressly"\ntype = "person"\nnames = ["L. Pressly"]\n'
                   '[[variants]]\ncanonical = "Camp Manez"\ntype = "place"\nnames = ["Manez camp"]\n')
    mine = {a.canonical: a for a in c.resources.aliases}
    profile = {a.canonical: a for a in Resources(SEED_PROFILE).aliases}
    # a listed name gains the variant (its row keeps its type), an unlisted one is a new row
    assert mine["Linda Pressly"].variants == profile["Linda Pressly"].variants + ("L. Pressly",)
    assert mine["Linda Pressly"].type == profile["Linda Pressly"].type
    assert mine["Camp Manez"] == type(mine["Camp Manez"])("Camp Manez", "place", ("Camp Manez", "Manez camp"))
    for other in (plain.resources, Resources(SEED_PROFILE), Resources.default()):
        assert "Camp Manez" not in {a.canonical for a in other.aliases}


def test_no_corrections_file_or_false_is_exactly_as_before(dump, plain):
    c = load(dump, '[[join]]\nline = 10\n', corrections=False)
    assert c.corrections is None
    for table in ("documents", "lines", "turns"):   # (the two corpora lie in two folders)
        assert getattr(c, table).drop(columns="file").equals(getattr(plain, table).drop(columns="file"))
    assert not plain.documents.corrected.any() and not plain.lines.corrected.any()


def test_an_explicit_file_and_the_streamed_parts_agree(dump, tmp_path):
    fixes = tmp_path / "elsewhere.toml"
    fixes.write_text('[[join]]\nline = 10\n[[start]]\nline = 60\n', encoding="utf-8")
    c = cuttings.load(dump, profile=SEED_PROFILE, corrections=fixes)
    assert len(c.corrections) == 2 and c.documents.iloc[0].end_line == 59
    parts = list(load_each([dump], profile=SEED_PROFILE, corrections=fixes, min_lines=1))
    assert parts[0].documents.equals(c.documents) and parts[0].lines.equals(c.lines)


@pytest.mark.parametrize("body, message", [
    ('[[join]]\nline = 11\n', "[[join]] #1: line 11 does not start a piece (its piece starts at line 10)"),
    ('[[join]]\nline = 1\n', "[[join]] #1: line 1 opens the first piece"),
    ('[[start]]\nline = 60\n[[join]]\nline = 60\n', "line 60 is both started ([[start]] #1) and joined"),
    ('[[role]]\nline = 250\nrole = "body"\n', "line 250 is out of range ("),
    ('[[start]]\nline = 60\nexpect = "Gholam Mirzai in Albania"\n', "line 60 of "),
])
def test_a_bad_entry_stops_the_load_with_one_line(dump, body, message):
    with pytest.raises(CuttingsError) as err:
        load(dump, body)
    text = str(err.value)
    assert message in text and "dump.corrections.toml" in text and "\n" not in text
    assert isinstance(err.value, ValueError)


def test_the_command_line_applies_corrections_and_exits_2_on_a_bad_one(dump, capsys):
    (dump.parent / "dump.corrections.toml").write_text('[[join]]\nline = 10\n', encoding="utf-8")
    args = ["segment", "--format", "jsonl", "--profile", str(SEED_PROFILE), str(dump)]
    assert main(args) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(rows) == 9 and rows[0]["end_line"] == 66 and rows[0]["corrected"] is True
    assert main(args + ["--no-corrections"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 10
    bad = dump.parent / "bad.toml"
    bad.write_text('[[role]]\nline = 3\nrole = "footnote"\n', encoding="utf-8")
    assert main(args + ["--corrections", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert "bad.toml: [[role]] #1: unknown role 'footnote'" in err and "\n" not in err


def test_a_built_corpus_records_the_corrections_and_rebuilds_the_file_they_touch(dump, tmp_path):
    from cuttings.store import build, read_manifest

    other = dump.parent / "other.txt"
    other.write_text("A Headline\nA first paragraph of the other file, long enough to read as prose here.\n",
                     encoding="utf-8")
    folder = dump.parent
    fixes = folder / "corrections.toml"
    tmp_path = tmp_path.parent / (tmp_path.name + "-out")   # the built corpus outside the input folder
    fixes.write_text('[[join]]\nfile = "dump.txt"\nline = 10\n', encoding="utf-8")
    out = tmp_path / "built"
    build(folder, out, profile=SEED_PROFILE)
    manifest = read_manifest(out)
    assert manifest["corrections"]["entries"] == 1
    import hashlib
    assert manifest["corrections"]["sha256"] == hashlib.sha256(fixes.read_bytes()).hexdigest()
    stored = cuttings.load(out)
    memory = cuttings.load(folder, profile=SEED_PROFILE)
    assert stored.documents[["start_line", "end_line", "title", "corrected"]].equals(
        memory.documents[["start_line", "end_line", "title", "corrected"]])
    fixes.write_text('[[join]]\nfile = "dump.txt"\nline = 10\n[[start]]\nfile = "dump.txt"\nline = 60\n',
                     encoding="utf-8")
    report = build(folder, out, profile=SEED_PROFILE)
    assert [p.split("/")[-1] for p in report.processed] == ["dump.txt"]
    assert [p.split("/")[-1] for p in report.reused] == ["other.txt"]
    assert cuttings.load(out).documents.iloc[0].end_line == 59


def test_figures_say_with_n_corrections(dump):
    from cuttings.viz import figures

    assert "corrections" not in figures.corpus_label(dump)
    (dump.parent / "dump.corrections.toml").write_text('[[join]]\nline = 10\n[[start]]\nline = 60\n',
                                                       encoding="utf-8")
    ctx = figures.configure(notebook="x", out=dump.parent / "fig", corpus=dump)
    assert ctx.corrections == dump.parent / "dump.corrections.toml"
    assert " · with 2 corrections · " in figures.corpus_label(dump, ctx.corrections)
    figures.configure(notebook="interactive", out="figures", corpus=None, corrections=False)


def test_the_worked_example_runs(monkeypatch):
    """docs/notes/corrections.md's worked example, run as written (from the repository's root)."""
    import re

    from conftest import ROOT

    text = (ROOT / "docs" / "notes" / "corrections.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    monkeypatch.chdir(ROOT)
    exec(compile(code, "corrections.md", "exec"), {})
