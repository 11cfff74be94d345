"""Corrections files: found by convention, parsed, and every kind of bad entry refused with one line."""
import pytest

from cuttings.corrections import find_corrections, read_corrections
from cuttings.errors import CuttingsError
from cuttings.io import read_source

ROLES = ("title", "body", "caption", "attribution")
KINDS = ("news report", "interview", "other")
TEXT = "A Headline\nThe first paragraph of the piece.\nJane Doe, Reuters\nAnother Headline\nMore text here.\n"


@pytest.fixture()
def dump(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def read(tmp_path, dump, body, name="fix.toml"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return read_corrections(path, [read_source(dump)], roles=ROLES, kinds=KINDS)


def test_found_beside_a_file_or_inside_a_folder(tmp_path, dump):
    assert find_corrections(dump) is None
    (tmp_path / "dump.corrections.toml").write_text("", encoding="utf-8")
    assert find_corrections(dump) == tmp_path / "dump.corrections.toml"
    folder = tmp_path / "folder"
    folder.mkdir()
    assert find_corrections(folder) is None
    (folder / "corrections.toml").write_text("", encoding="utf-8")
    assert find_corrections(folder) == folder / "corrections.toml"
    assert find_corrections([dump, folder]) is None  # several paths: no convention


def test_every_section_is_parsed_in_file_order(tmp_path, dump):
    fixes = read(tmp_path, dump, """
[[start]]
line = 4
expect = "Another"
[[join]]
line = 4
[[role]]
line = 3
role = "attribution"
[[piece]]
line = 2
title = "A Better Headline"
authors = ["Jane Doe"]
date = "2021-03"
[[variants]]
canonical = "Jane Doe"
type = "person"
names = ["J. Doe"]
""")
    assert [(e.section, e.line) for e in fixes.entries] == [
        ("start", 3), ("join", 3), ("role", 2), ("piece", 1), ("variants", None)]
    assert fixes.of("piece")[0].values == {"title": "A Better Headline", "authors": ["Jane Doe"], "date": "2021-03"}
    assert fixes.of("variants")[0].values == {"canonical": "Jane Doe", "type": "person", "names": ["J. Doe"]}
    assert len(fixes) == 5 and fixes.describe().startswith("fix.toml (sha256 ")


@pytest.mark.parametrize("body, message", [
    ("[[start]]\nline = 9\n", "[[start]] #1: line 9 is out of range (" ),
    ("[[start]]\nline = 0\n", "line 0 is out of range"),
    ("[[start]]\nline = \"4\"\n", "needs line = N"),
    ("[[start]]\nline = 4\nexpect = \"A Headline\"\n", "line 4 of "),
    ("[[role]]\nline = 3\nrole = \"footnote\"\n", "unknown role 'footnote'"),
    ("[[role]]\nline = 3\nrole = \"body\"\nwho = \"x\"\n", "unknown key 'who'"),
    ("[[piece]]\nline = 2\n", "sets nothing"),
    ("[[piece]]\nline = 2\nkind = \"essay\"\n", "unknown kind 'essay'"),
    ("[[piece]]\nline = 2\ndate = \"3 May\"\n", "date must be YYYY-MM-DD"),
    ("[[piece]]\nline = 2\nauthors = \"Jane\"\n", "authors must be a list of names"),
    ("[[variants]]\ncanonical = \"X\"\nnames = []\n", "needs names"),
    ("[[variants]]\ncanonical = \"X\"\ntype = \"animal\"\nnames = [\"Y\"]\n", "type 'animal'"),
    ("[[rename]]\nline = 1\n", "unknown section 'rename'"),
    ("[start]\nline = 1\n", "start must be written as [[start]] tables"),
    ("[[start]\nline = 1\n", "not valid TOML"),
    ("[[start]]\nfile = \"other.txt\"\nline = 1\n", "'other.txt' is not a file of the corpus"),
])
def test_a_bad_entry_is_one_line_naming_the_file_and_the_entry(tmp_path, dump, body, message):
    with pytest.raises(CuttingsError) as err:
        read(tmp_path, dump, body)
    text = str(err.value)
    assert message in text and "\n" not in text and "fix.toml" in text


def test_a_text_that_no_longer_matches_says_what_the_line_reads(tmp_path, dump):
    with pytest.raises(CuttingsError, match=r"line 4 of .*dump.txt reads 'Another Headline', not 'A Headline'"):
        read(tmp_path, dump, "[[start]]\nline = 4\nexpect = \"A Headline\"\n")


def test_several_files_need_a_file_key(tmp_path, dump):
    other = tmp_path / "other.txt"
    other.write_text("One line.\n", encoding="utf-8")
    path = tmp_path / "fix.toml"
    path.write_text("[[start]]\nline = 1\n", encoding="utf-8")
    sources = [read_source(dump), read_source(other)]
    with pytest.raises(CuttingsError, match="the corpus has 2 files"):
        read_corrections(path, sources, roles=ROLES, kinds=KINDS)
    path.write_text("[[start]]\nfile = \"other.txt\"\nline = 1\n", encoding="utf-8")
    fixes = read_corrections(path, sources, roles=ROLES, kinds=KINDS)
    assert fixes.entries[0].file_index == 1
