"""Hostile input (issue 18): degenerate texts a scraper produces, through every command, in a child
process under a time and memory budget; and generated text through the sentence and quote parsers.

Each input is a few hundred KB (repeated abbreviations, month names, digits, punctuation runs,
one-character lines, one enormous line, unclosed quotation marks, a line of quotes, the seed repeated
20 times). A child process runs every command on it, one after another, through ``cuttings.cli.main``
(as the console script does), with a CPU-time limit (``resource.RLIMIT_CPU``) and the CLI's own memory
budget (``--max-memory``); it reports each command's exit status, time, output and messages, and
its peak resident memory (``ru_maxrss``). Asserted: every command ends with exit 0 or 2 within
``TIME`` seconds, no traceback and every message one line (``cuttings: ...``), for exit 0 a
well-formed table (every jsonl record with the documented fields), and the process never above
``MEMORY``. (An address-space limit, ``RLIMIT_AS``, cannot be the budget: the libraries reserve about
1.6 GB of address space at import, of which little is ever used.)
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEED

TIME = 30.0                 # CPU seconds per command (reading the corpus included for the first that reads it)
MEMORY = 1_500_000_000      # bytes: peak resident memory of the child running every command
CPU_LIMIT = 600             # seconds of CPU for the whole child (a runaway loop is killed, not waited for)

SEED_TEXT = SEED.read_text(encoding="utf-8")


def _inputs() -> dict[str, str]:
    one_line = " ".join(SEED_TEXT.split("\n"))
    return {
        "abbreviations": "Mr. " * 50_000,                                    # 200 KB, one line
        "months": "January " * 25_000,                                       # 200 KB
        "digits": "1 2 3 4 " * 25_000,                                       # 200 KB
        "punctuation": "a, " * 70_000,                                       # 210 KB
        "one_char_lines": "\n".join("abcdefghij"[i % 10] for i in range(100_000)) + "\n",  # 200 KB
        "enormous_line": (one_line + " ") * 4,                               # 200 KB, one line
        "unclosed_quotes": "“a " * 50_000,                                   # 250 KB (sentencex is quadratic here)
        "quotes": "Title line\n" + "“One two three,” he said. " * 8_000 + "\n",  # 210 KB, one line
        "seed_x20": (SEED_TEXT + "\n") * 20,                                 # 1 MB
    }


# Every command (and most tables) with options that make it run on any text; {term} is a word of the
# input. The aligned table is checked on a few of them (COLUMNS=100 in the child).
COMMANDS = [
    ["segment", "--level", "lines"], ["segment", "--level", "sentences", "--format", "table"],
    ["sources"], ["sources", "--table", "quotes"], ["sources", "--table", "voices"],
    ["sources", "--table", "entities"], ["sources", "--table", "variants"], ["sources", "--table", "proposals"],
    ["timeline"], ["timeline", "--events"], ["timeline", "--references"], ["timeline", "--durations"],
    ["terms"], ["terms", "--ngram", "3", "--by", "piece"], ["kwic", "--term", "{term}", "--format", "table"],
    ["keyness", "--by", "piece"], ["collocates", "--term", "{term}"],
    ["topics", "--k", "3"], ["topics", "--describe"], ["topics", "--unit", "document", "--k", "2"],
    ["reuse"], ["reuse", "--format", "table"],
]
WIDTH = 100

# The child: runs each command through cuttings.cli.main, its output to PATH.N.out. The corpus is
# read once (the first command that reads it pays for it) so that the suite stays short; each
# command's analysis, table and printing run in full.
_DRIVER = r"""
import contextlib, io, json, resource, sys, time, traceback
import cuttings.corpus
from cuttings.cli import commands, main

_cache = {}


def load(paths, profile=None, corrections=None):
    key = (tuple(map(str, paths)), str(profile), str(corrections))
    if key not in _cache:
        _cache.clear()
        _cache[key] = cuttings.corpus.load(paths, profile=profile, corrections=corrections)
    return _cache[key]


commands.load = load
path, argvs = sys.argv[1], json.loads(sys.argv[2])
for i, argv in enumerate(argvs):
    err = io.StringIO()
    t0, c0 = time.perf_counter(), time.process_time()
    with open(f"{path}.{i}.out", "w", encoding="utf-8") as out:
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(argv)
        except BaseException:
            code = "exception"
            err.write(traceback.format_exc())
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"argv": argv, "code": code, "seconds": seconds, "cpu": cpu, "stderr": err.getvalue(),
                      "peak": peak}), flush=True)
"""


def _limits() -> None:  # in the child, before it runs Python
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def run_limited(path, commands: list[list[str]]) -> tuple[list[dict], int]:
    """Run ``commands`` (argv lists) on ``path`` in one child under the limits; return (results, exit status)."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MPLBACKEND": "Agg", "COLUMNS": str(WIDTH)}
    done = subprocess.run([sys.executable, "-c", _DRIVER, str(path), json.dumps(commands)], capture_output=True,
                          text=True, cwd=ROOT, env=env, preexec_fn=_limits, timeout=TIME * len(commands) + 60)
    results = [json.loads(x) for x in done.stdout.splitlines() if x.startswith("{")]
    return results, done.returncode


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    paths = {}
    for name, text in _inputs().items():
        paths[name] = folder / f"{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _argv(command: list[str], path, term: str) -> list[str]:
    fmt = [] if "--format" in command else ["--format", "jsonl"]
    return [x.replace("{term}", term) for x in command] + [str(path), "--no-profile", *fmt, "--max-memory", str(MEMORY)]


def _check(result: dict, columns: set[str] | None, out_text: str) -> None:
    argv, code, err = result["argv"], result["code"], result["stderr"]
    assert code in (0, 2), f"{argv}: exit {code}\n{err[-2000:]}"
    assert "Traceback" not in err, f"{argv}: {err[-2000:]}"
    lines = err.splitlines()
    assert all(x.startswith("cuttings: ") for x in lines), f"{argv}: {err[-2000:]}"
    if code == 2:
        assert len([x for x in lines if x.startswith("cuttings: error:")]) == 1, err
    # CPU seconds: what the command costs, whatever else the machine is running.
    assert result["cpu"] < TIME, f"{argv}: {result['cpu']:.1f} s of CPU ({result['seconds']:.1f} s wall)"
    if code == 0 and "table" in argv:
        printed = out_text.rstrip("\n").split("\n")
        assert printed and all(len(x) <= WIDTH for x in printed), argv
        notes = next((i for i, x in enumerate(printed) if x.startswith("(")), len(printed))
        assert notes <= 101, argv  # a header, 100 rows at most, then notes in parentheses
        assert notes == len(printed) or printed[-1].endswith(")"), argv
    elif code == 0:
        records = [json.loads(x) for x in out_text.splitlines()]
        if records:
            keys = set(records[0])
            assert all(set(r) == keys for r in records), argv
            if columns is not None:
                assert keys == columns, argv


@pytest.mark.parametrize("name", list(_inputs()))
def test_every_command_ends_in_time_and_memory(hostile, name):
    from cuttings.corpus import COLUMNS

    path = hostile[name]
    term = "the" if name in ("enormous_line", "seed_x20", "quotes") else _inputs()[name].split()[0].strip(",.“”")
    commands = [_argv(c, path, term) for c in COMMANDS]
    results, status = run_limited(path, commands)
    assert status == 0 and len(results) == len(commands), f"the child ended with status {status} after {len(results)}"
    for i, (command, r) in enumerate(zip(COMMANDS, results)):
        level = command[2] if command[0] == "segment" and "table" not in command else None
        out_text = path.with_name(f"{path.name}.{i}.out").read_text(encoding="utf-8")
        _check(r, set(COLUMNS[level]) if level else None, out_text)
    assert max(r["peak"] for r in results) < MEMORY


# -- the parsers on generated text: they never raise and stay within a budget linear in the length --------

_PIECES = st.sampled_from([
    "Mr. ", "Dr. Smith. ", "“", "”", '"', "'", "... ", ". . . ", "? ", "! ", "a ", "The cat sat. ", "1. ", "2) ",
    "(a) ", "e.g. ", "J. ", "word", " ", "—", "…", "U.S. ", "\u200b", "\u202e", "he said, ", "“Yes,” she said. ",
    "January 2019 ", "According to John Smith, ", "12/03/2004 ", "\t", "Name: ",
])
_LINEAR_BUDGET = 20e-6   # CPU seconds per character (20 s a MB): linear parsers need a tenth of it,
                         # a quadratic step on 100 KB takes far more


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=12))
@example(["... "])                       # bare spans joined one by one (was quadratic)
@example(["“", "a "])                    # unclosed quotation marks (sentencex is quadratic on them)
@example(["Mr. ", "“", "Dr. Smith. "])   # abbreviations merged into a growing span, inside quotes
def test_sentence_spans_of_generated_text_stay_linear(pieces):
    from cuttings.text.sentences import split

    unit = "".join(pieces)
    text = unit * (100_000 // len(unit) + 1)  # about 100 KB on one line
    t0 = time.process_time()
    spans = split(text)
    cpu = time.process_time() - t0
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)
    assert cpu < 0.5 + _LINEAR_BUDGET * len(text), f"{cpu:.1f} s for {len(text):,} characters of {unit!r}"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=12))
@example(["“Yes,” she said. "])          # a pronoun's antecedent looked for in the whole line before (was quadratic)
@example(["According to John Smith, ", "The cat sat. "])  # the line split again for every reported passage
def test_quotes_of_generated_text_stay_linear(pieces):
    from cuttings.analysis import sources
    from cuttings.corpus import Corpus
    from cuttings.io import source_from_bytes
    from cuttings.resources import Resources
    from cuttings.segment import segment_lines

    unit = "".join(pieces)
    line = unit * (50_000 // len(unit) + 1)  # about 50 KB on one line, after a title
    src = source_from_bytes(("A Title For The Piece\n" + line + "\n").encode("utf-8"), "generated.txt")
    corpus = Corpus([src], [segment_lines(src.lines)], Resources.default())
    t0 = time.process_time()
    table = sources.quotes(corpus)
    cpu = time.process_time() - t0
    assert list(table.columns) == list(sources.QUOTE_COLUMNS)
    assert cpu < 1.0 + 2 * _LINEAR_BUDGET * len(line), f"{cpu:.1f} s for {len(line):,} characters of {unit!r}"


# -- what worked before keeps working: a clean exit 2 with one line, or a correct result ------------------

def _cli(capsys, *argv):
    from cuttings.cli import main

    code = main([*map(str, argv), "--format", "jsonl"])
    out, err = capsys.readouterr()
    return code, [json.loads(x) for x in out.splitlines()], err


@pytest.mark.parametrize("name,data,reason", [
    ("gzip.txt", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xf3H\xcd\xc9\xc9\xe7\x02\x00", "contains NUL bytes"),
    ("pdf.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\nstream\nx\x9c\x03\x00\x00\x00\x00\x01\nendstream\n",
     "contains NUL bytes"),
    ("utf16.txt", "Hello world\nSecond line\n".encode("utf-16-le"), "contains NUL bytes"),  # no BOM
])
def test_binary_files_renamed_txt_are_one_line_errors(capsys, tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    code, records, err = _cli(capsys, "segment", path)
    assert (code, records) == (2, [])
    assert err == f"cuttings: error: {path}: not a text file ({reason})\n"


def test_a_symlink_loop_in_a_folder_is_not_followed(capsys, tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "sub" / "up").symlink_to("..")
    (tmp_path / "d" / "a.txt").write_text("Some text here.\n", encoding="utf-8")
    code, records, err = _cli(capsys, "segment", tmp_path / "d", "--level", "lines")
    assert (code, err) == (0, "")
    assert [(r["file"], r["text"]) for r in records] == [(str(tmp_path / "d" / "a.txt"), "Some text here.")]


def test_paths_with_spaces_and_non_ascii_letters(capsys, tmp_path):
    folder = tmp_path / "with space é"
    folder.mkdir()
    (folder / "naïve file.txt").write_text("Text in a folder with a space.\n", encoding="utf-8")
    code, records, err = _cli(capsys, "segment", folder, "--level", "lines")
    assert (code, err) == (0, "")
    assert [r["file"] for r in records] == [str(folder / "naïve file.txt")]


def test_nuls_in_an_otherwise_text_file_and_bidi_controls(capsys, tmp_path):
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"A line of text\n\x00\nanother\n")
    code, _, err = _cli(capsys, "segment", nul)
    assert (code, err) == (2, f"cuttings: error: {nul}: not a text file (contains NUL bytes)\n")
    bidi = tmp_path / "bidi.txt"
    line = "bidi \u202e reversed \u202c and zero\u200bwidth"
    bidi.write_text(line + "\n", encoding="utf-8")
    code, records, err = _cli(capsys, "segment", bidi, "--level", "lines")
    assert (code, err) == (0, "") and [r["text"] for r in records] == [line]


def test_twenty_thousand_tiny_files(capsys, tmp_path):
    for i in range(20_000):
        sub = tmp_path / "many" / f"{i // 1000:02d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"{i:05d}.txt").write_bytes(b"Headline %d\n" % i)
    code, records, err = _cli(capsys, "segment", tmp_path / "many", "--level", "lines")
    assert (code, err) == (0, "")
    assert len(records) == 20_000
    assert [r["doc_id"] for r in records[:3]] == [1, 2, 3] and records[-1]["doc_id"] == 20_000
    assert records[-1]["file"].endswith("19/19999.txt") and records[-1]["text"] == "Headline 19999"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("AbcZz09 ,;:'\"’‘“”-–—/&%$€£#@*+=([]") + ["Mr", "word", "  "]), max_size=40))
def test_the_quick_path_of_plain_text_splits_as_the_full_one(parts):
    import re

    from cuttings.text import sentences as S

    text = "".join(parts)
    fast = S.split(text)
    plain = S._PLAIN
    try:
        S._PLAIN = re.compile(r"(?!)")  # never plain: the full path
        assert S.split(text) == fast
    finally:
        S._PLAIN = plain
