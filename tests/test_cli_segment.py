"""`cuttings segment`: every level in every format, 1-based line numbers, help, and one-line user errors."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED
from cuttings.cli import main
from cuttings.corpus import COLUMNS

LEVELS = ("documents", "lines", "sentences", "turns")
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(out: str) -> list[dict]:
    return [json.loads(x) for x in out.splitlines() if x]


@pytest.fixture(scope="module")
def seed_tables(seed_corpus):
    return {level: getattr(seed_corpus, level) for level in LEVELS}


# -- every level, every format --------------------------------------------------------------------

@pytest.mark.parametrize("level", LEVELS)
def test_jsonl_has_one_record_per_row_with_the_documented_fields(capsys, seed_tables, level):
    code, out, err = run(capsys, "segment", str(SEED), "--level", level, "--format", "jsonl")
    assert (code, err) == (0, "")
    records = jsonl(out)
    assert len(records) == len(seed_tables[level])
    assert all(list(r) == list(COLUMNS[level]) for r in records)


@pytest.mark.parametrize("level", LEVELS)
def test_csv_parses_and_has_the_documented_header(capsys, seed_tables, level):
    code, out, err = run(capsys, "segment", str(SEED), "--level", level, "--format", "csv")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(COLUMNS[level])
    assert len(rows) - 1 == len(seed_tables[level])


# Columns with one value on every row of the seed's tables (one file): the aligned table leaves them
# out and names them in a note.
# The seed names no dateline place for any piece, so `place` is blank on every row and left out too.
CONSTANT = {"documents": ["file", "place"], "lines": ["file"], "sentences": ["file"], "turns": ["file"]}
# At the 100 columns a table gets when the output is not a terminal, the seed's documents table cannot show
# its last three columns even with every text column at its narrowest: they are left out and named in a
# note (two lines at that width).
HIDDEN = {"documents": ["authors", "date", "boundary_p"], "lines": [], "sentences": [], "turns": []}
HIDDEN_NOTE = ["(3 columns left out to fit 100 characters: authors, date, boundary_p; a wider terminal, or --format",
               "csv or jsonl, shows them)"]


@pytest.mark.parametrize("level", LEVELS)
def test_table_prints_a_header_and_one_line_per_row(capsys, seed_tables, level):
    code, out, err = run(capsys, "segment", str(SEED), "--level", level, "--format", "table", "--rows", "0")
    assert (code, err) == (0, "")
    printed = out.rstrip("\n").split("\n")
    # (no corrections file: the table leaves out the `corrected` column, False on every row)
    assert printed[0].split() + HIDDEN[level] == [c for c in COLUMNS[level]
                                                  if c not in CONSTANT[level] and c != "corrected"]
    notes = [x for x in printed if x.startswith("(")]
    assert notes[0] == f"(file: {SEED} on every row)"
    assert len(printed) == 1 + len(seed_tables[level]) + len(CONSTANT[level]) + (2 if HIDDEN[level] else 0)
    assert max(len(x) for x in printed) <= 100


def test_table_shows_100_rows_and_says_how_many_it_left_out(capsys):
    code, out, err = run(capsys, "segment", str(SEED), "--level", "lines")
    assert (code, err) == (0, "")
    printed = out.rstrip("\n").split("\n")
    assert [x.split()[0] for x in printed[1:101]] == [str(n) for n in range(1, 101)]
    assert " ".join(printed[101:]) == (f"(file: {SEED} on every row) (149 more rows not shown: --rows N shows N, "
                                       "--rows 0 all; --format csv or jsonl prints every row and field in full)")
    code, out, _ = run(capsys, "segment", str(SEED), "--level", "lines", "--rows", "5")
    assert out.split("\n")[6].startswith("(file:") and "(244 more rows not shown" in out


def test_default_is_the_documents_table(capsys):
    code, out, _ = run(capsys, "segment", str(SEED))
    assert code == 0
    printed = out.rstrip("\n").split("\n")
    assert printed[0].split() + HIDDEN["documents"] == [c for c in COLUMNS["documents"]
                                                        if c not in CONSTANT["documents"] + ["corrected"]]
    assert len(printed) == 11 + 2 + 2   # a header, ten pieces, a note per constant column, the hidden columns' note
    # The documents table of the seed: ten pieces, the BBC report on lines 10-66.
    assert printed[2].split()[:3] == ["2", "10", "66"]
    assert printed[11:] == [f"(file: {SEED} on every row)", "(place: blank on every row)", *HIDDEN_NOTE]


def test_documents_jsonl_values(capsys):
    _, out, _ = run(capsys, "segment", str(SEED), "--format", "jsonl")
    docs = jsonl(out)
    assert [(d["doc_id"], d["start_line"], d["end_line"]) for d in docs][:3] == [(1, 1, 9), (2, 10, 66), (3, 67, 108)]
    assert docs[-1]["end_line"] == 249
    assert docs[0]["title"] is None
    assert docs[6]["title"] == "Open Letter to Mr. B.Chuck Grassley"
    assert docs[2]["kind"] == "interview"
    assert all(d["file"] == str(SEED) for d in docs)


def test_lines_are_numbered_from_one_and_keep_their_text(capsys):
    _, out, _ = run(capsys, "segment", str(SEED), "--level", "lines", "--format", "jsonl")
    lines = jsonl(out)
    assert [r["line_no"] for r in lines] == list(range(1, 250))
    assert [r["text"] for r in lines] == SEED_LINES
    assert lines[0] == {"file": str(SEED), "line_no": 1, "doc_id": 1, "role": "body", "speaker": None,
                        "text": "I am Bakhshali Alizade.", "boundary_p": 1.0,
                        "corrected": False}
    assert (lines[65]["line_no"], lines[65]["role"]) == (66, "attribution")
    assert lines[65]["text"] == "Linda Pressly and Albana Kasapi, BBC News"
    assert (lines[211]["role"], lines[211]["speaker"]) == ("question", "ABC News")


def test_lines_csv_keeps_commas_quotes_and_unicode(capsys):
    _, out, _ = run(capsys, "segment", str(SEED), "--level", "lines", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["text"] for r in rows] == SEED_LINES
    assert [int(r["line_no"]) for r in rows] == list(range(1, 250))
    assert rows[134]["text"] == "iran-azadi-albania.info" and rows[134]["role"] == "link"


def test_sentences_jsonl_offsets_are_line_offsets(capsys):
    _, out, _ = run(capsys, "segment", str(SEED), "--level", "sentences", "--format", "jsonl")
    sents = jsonl(out)
    assert min(s["line_no"] for s in sents) == 1
    for s in sents:
        assert SEED_LINES[s["line_no"] - 1][s["start"]:s["end"]] == s["text"]
    line12 = [s["text"] for s in sents if s["line_no"] == 12]
    assert line12 == [
        "That first contact by phone with his family after so many years was difficult for Gholam Mirzai, too.",
        "He is 60, and absconded two years ago from the MEK’s military-style encampment outside Tirana.",
    ]


def test_turns_jsonl(capsys):
    _, out, _ = run(capsys, "segment", str(SEED), "--level", "turns", "--format", "jsonl")
    turns = jsonl(out)
    first = turns[0]
    assert (first["doc_id"], first["line_no"], first["turn"], first["speaker"], first["kind"]) == \
        (3, 74, 1, "Hassan Hayrani", "statement")
    assert first["text"].startswith("My name is Hassan, I am a former MEK member.")
    abc = [t for t in turns if t["line_no"] == 212][0]
    assert (abc["speaker"], abc["kind"], abc["text"]) == ("ABC News", "question", "Can you tell me your name?")


def test_table_cuts_long_text_but_jsonl_keeps_it(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    _, out, _ = run(capsys, "segment", str(SEED), "--level", "lines")
    row10 = [x for x in out.split("\n") if x.split()[:1] == ["10"]][0]
    assert "For six years, Albania has been home" in row10 and row10.endswith("…")
    assert "unable to return to Iran" not in row10
    assert max(len(x) for x in out.split("\n")) <= 100


def test_several_paths_and_folders(capsys, tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "b.txt").write_text("Second headline here\nA paragraph of the second file.\n", encoding="utf-8")
    (tmp_path / "d" / "a.txt").write_text("First headline here\nA paragraph of the first file.\n", encoding="utf-8")
    _, out, _ = run(capsys, "segment", str(tmp_path / "d"), str(SEED), "--level", "lines", "--format", "jsonl")
    lines = jsonl(out)
    assert [(r["file"], r["line_no"]) for r in lines[:5]] == [
        (str(tmp_path / "d" / "a.txt"), 1), (str(tmp_path / "d" / "a.txt"), 2),
        (str(tmp_path / "d" / "b.txt"), 1), (str(tmp_path / "d" / "b.txt"), 2), (str(SEED), 1)]
    assert len(lines) == 4 + 249


# -- help -----------------------------------------------------------------------------------------

def test_help_of_segment(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["segment", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: cuttings segment")
    for option in ("--level", "--format", "PATH", "documents", "lines", "sentences", "turns", "jsonl", "csv", "table"):
        assert option in out


def test_help_of_the_command_lists_segment(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: cuttings") and "segment" in out


@pytest.mark.parametrize("argv", [["segment"], ["segment", str(SEED), "--level", "words"],
                                  ["segment", str(SEED), "--format", "xml"], []])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error:" in err


# -- user errors: exit 2, one line on stderr, nothing on stdout -----------------------------------

def assert_one_line_error(code, out, err, expected):
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n")
    assert "Traceback" not in err
    assert err == f"cuttings: error: {expected}\n"


def test_missing_path(capsys, tmp_path):
    missing = tmp_path / "no-such-dump.txt"
    assert_one_line_error(*run(capsys, "segment", str(missing)), f"{missing}: no such file or folder")


def test_folder_without_text_files(capsys, tmp_path):
    (tmp_path / "notes.md").write_text("not a .txt\n")
    assert_one_line_error(*run(capsys, "segment", str(tmp_path)), f"{tmp_path}: folder holds no .txt files")


@pytest.mark.parametrize("data,reason", [
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", "contains NUL bytes"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "contains NUL bytes"),
    (bytes(range(1, 9)) * 100, "mostly control characters"),
])
def test_binary_file(capsys, tmp_path, data, reason):
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    assert_one_line_error(*run(capsys, "segment", str(path), "--level", "lines"),
                          f"{path}: not a text file ({reason})")


def test_unreadable_file(capsys, tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("A headline\nA paragraph.\n")
    real = Path.open

    def deny(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)  # tests may run as root: simulate the refusal
    assert_one_line_error(*run(capsys, "segment", str(path)), f"{path}: cannot read (permission denied)")


def test_a_bad_file_among_good_ones_fails_without_partial_output(capsys, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Fine text.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00\x00")
    assert_one_line_error(*run(capsys, "segment", str(good), str(bad), "--format", "jsonl"),
                          f"{bad}: not a text file (contains NUL bytes)")


# -- empty input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("level", LEVELS)
def test_empty_file_gives_zero_records(capsys, tmp_path, level):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, out, err = run(capsys, "segment", str(path), "--level", level, "--format", "jsonl")
    assert (code, out, err) == (0, "", "")
    code, out, err = run(capsys, "segment", str(path), "--level", level, "--format", "csv")
    assert (code, err) == (0, "")
    assert list(csv.reader(io.StringIO(out))) == [list(COLUMNS[level])]
    code, out, err = run(capsys, "segment", str(path), "--level", level)
    assert (code, out, err) == (0, "(no rows)\n", "")


# -- the console script ---------------------------------------------------------------------------

def test_console_script_entry_point(tmp_path):
    exe = Path(sys.executable).with_name("cuttings")
    if not exe.exists():
        exe = ROOT / ".venv" / "bin" / "cuttings"
    ok = subprocess.run([str(exe), "segment", str(SEED), "--level", "documents", "--format", "jsonl"],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    docs = jsonl(ok.stdout)
    assert len(docs) == 10 and docs[-1]["end_line"] == 249
    bad = subprocess.run([str(exe), "segment", str(tmp_path / "missing.txt")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == f"cuttings: error: {tmp_path / 'missing.txt'}: no such file or folder\n"
