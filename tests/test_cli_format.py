"""The command line's printing and messages: the aligned table (terminal width, ellipses, constant
columns, KWIC, row limits), jsonl and csv in chunks, warnings as one line, the memory budget, stdin."""
import csv
import io
import json
import subprocess
import sys
import warnings

import pandas as pd
import pytest

from conftest import ROOT, SEED
from cuttings.cli import format as F
from cuttings.cli import main, memory
from cuttings.errors import CuttingsError


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- the aligned table: values worked out by hand from small tables ----------------------------------

def test_text_columns_are_cut_with_an_ellipsis_to_fit_the_width():
    df = pd.DataFrame({"id": [1, 22], "name": ["Alpha", "Beta"],
                       "text": ["a long sentence of text here", "short"], "score": [0.5, 12.25]})
    # natural widths: id 2, name 5, text 28, score 5; gaps 3 x 2 = 6; total 46. At width 30 the text
    # column, the widest, gives up 16 characters: 12 wide, cut to 11 characters and an ellipsis.
    assert list(F.table_lines(df, width=30)) == [
        "id  name   text          score",
        " 1  Alpha  a long sent…    0.5",
        "22  Beta   short         12.25",
    ]
    # wide enough: nothing is cut
    assert list(F.table_lines(df, width=80))[1] == " 1  Alpha  a long sentence of text here    0.5"


def test_the_widest_text_columns_are_cut_first_and_never_below_their_floor():
    df = pd.DataFrame({"a": ["x" * 20, "y"], "b": ["z" * 12, "w"]})
    # natural 20 + 2 + 12 = 34; width 24: a goes down to 12 (as wide as b), then both to 11.
    lines = list(F.table_lines(df, width=24))
    assert lines == ["a" + " " * 12 + "b", "x" * 10 + "…  " + "z" * 10 + "…", "y" + " " * 12 + "w"]
    # a width too small for the floors (8 characters, or the header) leaves them at their floor
    assert list(F.table_lines(df, width=5))[1] == "x" * 7 + "…  " + "z" * 7 + "…"


def test_constant_columns_are_left_out_and_named():
    df = pd.DataFrame({"file": ["a.txt"] * 3, "line": [1, 2, 3], "speaker": [None, None, None],
                       "text": ["one", "two", "three"]})
    assert list(F.table_lines(df, width=60)) == [
        "line  text",
        "   1  one",
        "   2  two",
        "   3  three",
        "(file: a.txt on every row)",
        "(speaker: blank on every row)",
    ]
    # one row: nothing to compare, every column shown
    assert list(F.table_lines(df.head(1), width=60))[0].split() == ["file", "line", "speaker", "text"]


def test_rows_beyond_the_limit_are_counted_in_a_note():
    df = pd.DataFrame({"n": [1, 2, 3, 4, 5], "w": ["a", "b", "a", "c", "a"]})
    assert list(F.table_lines(df, width=200, rows=2)) == [
        "n  w", "1  a", "2  b",
        "(3 more rows not shown: --rows N shows N, --rows 0 all; --format csv or jsonl prints every row and "
        "field in full)"]
    assert len(list(F.table_lines(df, rows=0))) == 6
    # notes wrap at the width
    wrapped = list(F.table_lines(df, width=40, rows=2))
    assert all(len(x) <= 40 for x in wrapped) and wrapped[3].startswith("(3 more rows") and wrapped[-1].endswith(")")


def test_missing_values_are_blank_and_floats_have_six_digits():
    df = pd.DataFrame({"x": [1.0, float("nan"), 2.0 / 3.0], "s": ["a", None, "b"]})
    assert list(F.table_lines(df, width=40)) == [
        "x" + " " * 9 + "s",
        " " * 7 + "1  a",
        "",              # both blank (trailing spaces are stripped)
        "0.666667  b",
    ]


def test_kwic_is_aligned_on_the_keyword():
    df = pd.DataFrame({"doc_id": [1, 2], "left": ["the long way to the", "a"], "match": ["cult", "Cult"],
                       "right": ["and more", "x"]})
    # natural widths 6, 19, 5, 8 and gaps 6: 44; at 40 the left context loses 4 characters: its last 14
    # characters are kept after an ellipsis
    lines = list(F.table_lines(df, width=40))
    assert lines == [
        f"doc_id  {'left':>15}  match  right",
        f"     1  {'…ong way to the':>15}  cult   and more",
        f"     2  {'a':>15}  Cult   x",
    ]
    assert lines[1].index("cult") == lines[2].index("Cult")


def test_no_rows():
    assert list(F.table_lines(pd.DataFrame({"a": []}), notes=["a note"])) == ["(no rows)", "(a note)"]


# -- jsonl and csv in chunks --------------------------------------------------------------------------

def test_jsonl_and_csv_are_the_same_whatever_the_chunk(monkeypatch):
    df = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": ["x", None, "z, q", "w\n2", "v"], "c": [0.5, float("nan"), 1, 2, 3]})
    whole = {}
    for fmt in ("jsonl", "csv"):
        buf = io.StringIO()
        F.emit(df, fmt, buf)
        whole[fmt] = buf.getvalue()
    monkeypatch.setattr(F, "CHUNK", 2)
    for fmt in ("jsonl", "csv"):
        buf = io.StringIO()
        F.emit(df, fmt, buf)
        assert buf.getvalue() == whole[fmt]
    records = [json.loads(x) for x in whole["jsonl"].splitlines()]
    assert records[1] == {"a": 2, "b": None, "c": None}
    assert list(csv.reader(io.StringIO(whole["csv"])))[4] == ["4", "w\n2", "2.0"]


def test_csv_parts_after_the_first_have_no_header():
    df = pd.DataFrame({"a": [1]})
    buf = io.StringIO()
    F.emit(df, "csv", buf, header=False)
    assert buf.getvalue() == "1\n"


def test_segment_streams_file_by_file_with_doc_ids_running_on(capsys, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("First headline here\nA paragraph of the first file.\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("Second headline here\nA paragraph of the second file.\n", encoding="utf-8")
    code, out, err = run(capsys, "segment", str(a), str(b), str(SEED), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (code, err) == (0, "")
    assert [r["doc_id"] for r in rows] == [str(n) for n in range(1, 13)]
    assert [r["file"] for r in rows[:3]] == [str(a), str(b), str(SEED)]
    assert out.count("doc_id,file") == 1


# -- the commands' tables -------------------------------------------------------------------------------

def test_keyness_table_shows_20_terms_per_group_and_counts_the_rest(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "keyness", str(SEED), "--by", "kind", "--format", "jsonl")
    groups = pd.Series([json.loads(x)["group"] for x in out.splitlines()])
    counts = groups.value_counts()
    shown = int(counts.clip(upper=20).sum())
    assert code == 0 and len(counts) == 5 and shown == 100  # the seed's five kinds have 20 terms or more
    code, out, _ = run(capsys, "keyness", str(SEED), "--by", "kind")
    printed = out.rstrip("\n").split("\n")
    assert code == 0 and len(printed) == 1 + shown + 1
    assert printed[-1] == (f"(the 20 most over-represented terms of each group shown, {len(groups) - shown:,} more left "
                           "out: --top N to choose, --format csv or jsonl for all)")
    # --top given: no default, no note
    _, out, _ = run(capsys, "keyness", str(SEED), "--by", "kind", "--top", "2")
    assert "left out" not in out and len(out.rstrip("\n").split("\n")) == 1 + 2 * len(counts)


def test_kwic_table_from_the_seed_is_aligned(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    code, out, _ = run(capsys, "kwic", str(SEED), "cult")
    rows = [x for x in out.split("\n")[1:] if x and not x.startswith("(")]
    assert code == 0 and len(rows) > 10
    at = {x.lower().index(" cult ", 10) for x in rows if " cult " in x.lower()}
    assert len(at) == 1  # the keyword starts in the same column on every row
    assert all(len(x) <= 90 for x in out.split("\n"))


# -- messages: one line each -----------------------------------------------------------------------------

def test_fallback_lines_are_one_warning_line(capsys, tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("Café one\n".encode() + "\u201cquoted\u201d line\n".encode("cp1252"))
    code, out, err = run(capsys, "segment", str(path), "--level", "lines", "--format", "jsonl")
    assert code == 0 and [json.loads(x)["text"] for x in out.splitlines()] == ["Café one", "\u201cquoted\u201d line"]
    assert err == (f"cuttings: warning: 1 line of 1 file is not valid UTF-8 and was read as cp1252: {path} (line 2) "
                   "(files.fallback_lines counts them)\n")


def test_a_library_warning_is_one_line(capsys, monkeypatch):
    from cuttings.cli import commands

    real = commands.sources.provenance

    def noisy(corpus):
        warnings.warn("invalid value encountered in divide\n  return x / y", RuntimeWarning, stacklevel=1)
        warnings.warn("invalid value encountered in divide\n  return x / y", RuntimeWarning, stacklevel=1)
        return real(corpus)

    monkeypatch.setattr(commands.sources, "provenance", noisy)
    code, out, err = run(capsys, "sources", str(SEED), "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == 10
    assert err == "cuttings: warning: RuntimeWarning: invalid value encountered in divide return x / y\n"


def test_memory_error_is_one_line(capsys, monkeypatch):
    from cuttings.cli import commands

    def boom(corpus, **kw):
        raise MemoryError

    monkeypatch.setattr(commands.reuse, "reuse", boom)
    code, out, err = run(capsys, "reuse", str(SEED))
    assert (code, out) == (2, "")
    assert err == (f"cuttings: error: `reuse` on {SEED} ran out of memory: give a larger --max-memory, a larger "
                   "--min-words (fewer passages), a smaller corpus (fewer files or a part of each) or build it first "
                   "with `cuttings build` and workers\n")


# -- the memory budget ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,n", [("800M", 800 * 10**6), ("1.5G", 1_500_000_000), ("2GB", 2 * 10**9),
                                    ("512MiB", 512 * 2**20), ("1000", 1000), (" 3 g ", 3 * 10**9)])
def test_sizes(text, n):
    assert memory.parse_size(text) == n


@pytest.mark.parametrize("text", ["", "lots", "-1G", "0", "5X"])
def test_bad_sizes_are_one_line_errors(text):
    with pytest.raises(CuttingsError, match="--max-memory must be a size"):
        memory.parse_size(text)


def test_a_command_expected_over_its_budget_stops_before_reading(capsys):
    size = SEED.stat().st_size
    need = memory.BASE + memory.FACTORS["reuse"] * size
    assert memory.human(size) == f"{size / 1e3:.0f} KB" and memory.human(need) == f"{need / 1e6:.0f} MB"
    code, out, err = run(capsys, "reuse", str(SEED), "--max-memory", "100M")
    assert (code, out) == (2, "")
    assert err == (f"cuttings: error: {SEED} ({size / 1e3:.0f} KB) would need about {need / 1e6:.0f} MB for `reuse`, "
                   "more than the memory budget of 100 MB: give a larger --max-memory, a larger --min-words (fewer "
                   "passages), a smaller corpus (fewer files or a part of each) or build it first with `cuttings "
                   "build` and workers\n")
    code, _, err = run(capsys, "reuse", str(SEED), "--max-memory", "lots")
    assert (code, err) == (2, "cuttings: error: --max-memory must be a size such as 800M, 1.5G or 2GB, not 'lots'\n")


def test_a_command_over_its_budget_while_running_stops_with_one_line():
    # The estimate is made to pass (no base, no factor): the watchdog stops the command once the
    # process (about 200 MB with scikit-learn loaded) goes over 150 MB.
    code = ("import sys; from cuttings.cli import main, memory; memory.BASE = 0; memory.FACTORS['topics'] = 0; "
            f"sys.exit(main(['topics', {str(SEED)!r}, '--k', '3', '--max-memory', '150M']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith(f"cuttings: error: `topics` on {SEED} reached ")
    assert lines[0].endswith(", over the memory budget of 150 MB: give a larger --max-memory, a larger --min-df or "
                             "--unit document (fewer units and terms), a smaller corpus (fewer files or a part of "
                             "each) or build it first with `cuttings build` and workers")


def test_the_default_budget_is_a_share_of_the_machine(monkeypatch):
    monkeypatch.delenv("CUTTINGS_MAX_MEMORY", raising=False)
    budget = memory.default_budget()
    info = memory._meminfo()
    assert 0 < budget <= memory.DEFAULT_SHARE * info.get("MemTotal", budget / memory.DEFAULT_SHARE) + 1
    monkeypatch.setenv("CUTTINGS_MAX_MEMORY", "3G")
    assert memory.default_budget() == 3 * 10**9


# -- standard input --------------------------------------------------------------------------------------

def test_dash_reads_standard_input_on_the_command_line():
    data = "A headline here\nA paragraph from standard input, with a café.\n".encode()
    exe = ROOT / ".venv" / "bin" / "cuttings"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "import sys; from cuttings.cli import main; "
                                                                 "sys.exit(main())"]
    done = subprocess.run([*cmd, "segment", "-", "--level", "lines", "--format", "jsonl"], input=data,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    records = [json.loads(x) for x in done.stdout.decode().splitlines()]
    assert [(r["file"], r["line_no"], r["text"]) for r in records] == [
        ("<stdin>", 1, "A headline here"), ("<stdin>", 2, "A paragraph from standard input, with a café.")]
