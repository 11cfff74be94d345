"""The loader: encodings, BOMs, line endings, exact line text, folders and lists, one-line errors."""
import hashlib
import io
import os
import re
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cuttings
from conftest import SEED
from cuttings.corpus import COLUMNS
from cuttings.errors import CuttingsError, CuttingsWarning
from cuttings.io import decode, decode_lines, expand_paths, fallback_summary, read_source, split_lines


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def one_line_error(excinfo) -> str:
    msg = str(excinfo.value)
    assert msg and "\n" not in msg and "Traceback" not in msg
    return msg


# -- encodings ------------------------------------------------------------------------------------

def test_utf8_file_is_decoded_and_recorded(tmp_path):
    data = "Manëz, Durrës – “quoted” ‘text’ … €5\nTirana\n".encode()
    src = read_source(write(tmp_path / "a.txt", data))
    assert src.encoding == "utf-8"
    assert src.lines == ["Manëz, Durrës – “quoted” ‘text’ … €5", "Tirana"]
    assert src.n_bytes == len(data)
    assert src.sha256 == hashlib.sha256(data).hexdigest()


def test_utf8_bom_is_removed_and_recorded_as_utf8_sig(tmp_path):
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbfFirst line\nSecond\n")
    corpus = cuttings.load(path)
    f = corpus.files.iloc[0]
    assert f.encoding == "utf-8-sig"
    assert corpus.lines["text"].tolist() == ["First line", "Second"]
    assert not corpus.lines["text"].iloc[0].startswith("\ufeff")
    assert corpus.text() == "First line\nSecond\n"
    # n_bytes and the hash describe the file as it is on disk, BOM included.
    assert int(f.n_bytes) == 3 + len("First line\nSecond\n")


def test_only_a_leading_bom_is_removed(tmp_path):
    # U+FEFF inside the text is a (deprecated) zero-width no-break space: text, kept as is.
    src = read_source(write(tmp_path / "a.txt", "\ufeffone\n\ufefftwo".encode("utf-8")))
    assert src.encoding == "utf-8-sig"
    assert src.lines == ["one", "\ufefftwo"]


def test_bbc_sport_199_falls_back_to_cp1252(bench):
    path = bench / "bbc" / "sport" / "199.txt"
    raw = path.read_bytes()
    # The file's only non-ASCII byte: 0xA3 (a pound sign in cp1252/latin-1), invalid as UTF-8.
    assert [b for b in raw if b > 127] == [0xA3]
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    with pytest.warns(CuttingsWarning, match=r"^1 line of 1 file is not valid UTF-8 and was read as cp1252: "
                                             rf"{re.escape(str(path))} \(line 5\)"):
        corpus = cuttings.load(path)
    f = corpus.files.iloc[0]
    assert f.encoding == "cp1252" and int(f.fallback_lines) == 1
    assert (f.newline, bool(f.trailing_newline), int(f.n_lines), int(f.n_bytes)) == ("LF", True, 5, 2653)
    line5 = corpus.lines.loc[corpus.lines["line_no"] == 5, "text"].item()
    assert "Chelsea have decided to write off a possible transfer fee for Mutu, a £15.8m signing from Parma" in line5
    assert corpus.lines["text"].iloc[0] == "Chelsea sack Mutu"
    assert corpus.lines["text"].iloc[1] == "" and corpus.lines["text"].iloc[3] == ""
    assert corpus.text() == raw.decode("cp1252")


def test_encoding_is_recorded_per_file(tmp_path):
    a = write(tmp_path / "a.txt", "Café in Tirana.\n".encode())
    b = write(tmp_path / "b.txt", "\u201cQuoted\u201d caf\u00e9.\n".encode("cp1252"))
    c = write(tmp_path / "c.txt", b"\xef\xbb\xbfWith a BOM.\n")
    with pytest.warns(CuttingsWarning, match="b.txt"):
        corpus = cuttings.load([a, b, c])
    assert corpus.files["encoding"].tolist() == ["utf-8", "cp1252", "utf-8-sig"]
    assert corpus.files["fallback_lines"].tolist() == [0, 1, 0]
    assert corpus.lines["text"].tolist() == ["Café in Tirana.", "\u201cQuoted\u201d caf\u00e9.", "With a BOM."]


def test_bytes_undefined_in_cp1252_fall_back_to_latin1():
    # 0x81 has no cp1252 character; latin-1 maps every byte, so nothing is lost.
    text, encoding = decode(b"a\x81b caf\xe9", name="x")
    assert (text, encoding) == ("a\x81b caf\u00e9", "latin-1")


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_bom(tmp_path, codec, bom):
    text = "Open Letter to the President\r\nDear Mr President,\r\nΕλλάδα – Shqipëri\r\n"
    path = write(tmp_path / "u16.txt", bom + text.encode(codec))
    corpus = cuttings.load(path)
    f = corpus.files.iloc[0]
    assert (f.encoding, f.newline, bool(f.trailing_newline)) == ("utf-16", "CRLF", True)
    assert corpus.lines["text"].tolist() == ["Open Letter to the President", "Dear Mr President,", "Ελλάδα – Shqipëri"]


def test_broken_utf16_is_an_error(tmp_path):
    path = write(tmp_path / "odd.txt", b"\xff\xfeA\x00B")  # odd number of bytes after the BOM
    with pytest.raises(CuttingsError) as exc:
        cuttings.load(path)
    assert one_line_error(exc).startswith(f"{path}: not a text file")


# -- line endings and exact text ------------------------------------------------------------------

@pytest.mark.parametrize("data,newline,trailing", [
    (b"one\ntwo\nthree\n", "LF", True),
    (b"one\r\ntwo\r\nthree\r\n", "CRLF", True),
    (b"one\rtwo\rthree\r", "CR", True),
    (b"one\r\ntwo\rthree\n", "mixed", True),
    (b"one\ntwo\r\nthree", "mixed", False),
    (b"one\ntwo\nthree", "LF", False),
])
def test_line_endings_become_lf_and_are_recorded(tmp_path, data, newline, trailing):
    corpus = cuttings.load(write(tmp_path / "e.txt", data))
    f = corpus.files.iloc[0]
    assert (f.newline, bool(f.trailing_newline), int(f.n_lines)) == (newline, trailing, 3)
    assert corpus.lines["text"].tolist() == ["one", "two", "three"]
    assert corpus.lines["line_no"].tolist() == [1, 2, 3]
    assert corpus.text() == "one\ntwo\nthree" + ("\n" if trailing else "")


def test_a_single_line_without_line_ending():
    assert split_lines("just one line") == (["just one line"], "none", False)


def test_lf_then_cr_makes_an_empty_line():
    # "\n\r" is not a line ending pair: LF ends "a", CR ends an empty line.
    assert split_lines("a\n\rb") == (["a", "", "b"], "mixed", False)


def test_text_of_every_line_is_kept_exactly(tmp_path):
    lines = [
        "  leading and trailing spaces  ",
        "\ttab\tinside\t",
        "",
        "   ",
        "form\x0cfeed and vertical\x0btab stay in the line",
        "unicode line\u2028separator and paragraph\u2029separator and NEL\x85stay",
        "file\x1cgroup\x1drecord\x1eseparators",
        "non-breaking\u00a0space, zero\u200bwidth, “quotes” — dashes …",
        "emoji 🙂 and combining e\u0301",
    ]
    text = "\r\n".join(lines) + "\r\n"
    corpus = cuttings.load(write(tmp_path / "x.txt", text.encode("utf-8")))
    assert corpus.lines["text"].tolist() == lines
    assert corpus.text() == "\n".join(lines) + "\n"
    assert corpus.files.iloc[0].newline == "CRLF"


def test_the_seed_loads_unchanged():
    raw = SEED.read_bytes()
    src = read_source(SEED)
    assert (src.encoding, src.newline, src.trailing_newline, len(src.lines)) == ("utf-8", "LF", False, 249)
    assert src.text == raw.decode("utf-8")
    assert src.lines[164] == "Open Letter to Mr. B.Chuck Grassley"
    assert src.sha256 == hashlib.sha256(raw).hexdigest()


# -- folders and lists ----------------------------------------------------------------------------

def make_tree(root: Path) -> Path:
    write(root / "b.txt", b"Second file\n")
    write(root / "a.txt", b"First file\n")
    write(root / "z.txt", b"Last file\n")
    write(root / "sub" / "c.txt", b"Nested c\n")
    write(root / "sub" / "a.txt", b"Nested a\n")
    write(root / "sub" / "deeper" / "d.txt", b"Deeper d\n")
    write(root / "notes.md", b"# not text input\n")
    write(root / "data.csv", b"a,b\n1,2\n")
    write(root / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(root / "a.txt.bak", b"backup\n")
    (root / "folder.txt").mkdir()  # a folder whose name ends in .txt is not a file
    return root


def test_folder_loads_every_txt_below_it_in_sorted_order(tmp_path):
    root = make_tree(tmp_path / "dump")
    corpus = cuttings.load(root)
    expected = ["a.txt", "b.txt", "sub/a.txt", "sub/c.txt", "sub/deeper/d.txt", "z.txt"]
    assert corpus.files["file"].tolist() == [str(root / p) for p in expected]
    first_lines = corpus.lines.groupby("file", observed=True, sort=False)["text"].first().tolist()
    assert first_lines == ["First file", "Second file", "Nested a", "Nested c", "Deeper d", "Last file"]
    assert corpus.lines["line_no"].tolist() == [1] * 6
    assert corpus.documents["doc_id"].tolist() == list(range(1, 7))
    assert corpus.files["n_documents"].tolist() == [1] * 6


def test_expand_paths_of_a_folder(tmp_path):
    root = make_tree(tmp_path / "dump")
    assert expand_paths(root) == [os.path.normpath(root / p) for p in
                                  ["a.txt", "b.txt", "sub/a.txt", "sub/c.txt", "sub/deeper/d.txt", "z.txt"]]


def test_a_list_of_files_and_folders_keeps_the_given_order(tmp_path):
    root = make_tree(tmp_path / "dump")
    one = write(tmp_path / "one.txt", b"Alpha\nBeta\n")
    corpus = cuttings.load([str(root / "z.txt"), one, root / "sub"])
    files = corpus.files["file"].tolist()
    assert files == [str(root / "z.txt"), str(one), str(root / "sub" / "a.txt"),
                     str(root / "sub" / "c.txt"), str(root / "sub" / "deeper" / "d.txt")]
    # line numbers restart in every file; doc ids run on through the corpus
    lines = corpus.lines
    assert lines["line_no"].tolist() == [1, 1, 2, 1, 1, 1]
    assert lines["text"].tolist() == ["Last file", "Alpha", "Beta", "Nested a", "Nested c", "Deeper d"]
    assert corpus.documents["doc_id"].tolist() == list(range(1, corpus.n_documents + 1))
    assert corpus.text(str(one)) == "Alpha\nBeta\n"


def test_a_file_given_explicitly_is_read_whatever_its_suffix(tmp_path):
    path = write(tmp_path / "article.md", b"A headline\nA paragraph.\n")
    assert cuttings.load(path).lines["text"].tolist() == ["A headline", "A paragraph."]


# -- errors: one line, CuttingsError --------------------------------------------------------------

def test_missing_path(tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(CuttingsError) as exc:
        cuttings.load(missing)
    assert one_line_error(exc) == f"{missing}: no such file or folder"


def test_missing_path_in_a_list(tmp_path):
    good = write(tmp_path / "good.txt", b"fine\n")
    with pytest.raises(CuttingsError) as exc:
        cuttings.load([good, tmp_path / "missing"])
    assert "missing: no such file or folder" in one_line_error(exc)


def test_no_paths_at_all():
    with pytest.raises(CuttingsError) as exc:
        cuttings.load([])
    assert one_line_error(exc) == "no input files given"


def test_folder_without_txt_files(tmp_path):
    folder = tmp_path / "nothing"
    write(folder / "notes.md", b"text but not .txt\n")
    write(folder / "sub" / "x.csv", b"a,b\n")
    with pytest.raises(CuttingsError) as exc:
        cuttings.load(folder)
    assert one_line_error(exc) == f"{folder}: folder holds no .txt files"


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CuttingsError) as exc:
        cuttings.load(tmp_path / "empty")
    assert one_line_error(exc).endswith("folder holds no .txt files")


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",            # PNG header
    b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00",  # ELF header
    b"Looks like text at first\n\x00\x00 then NUL bytes\n",
])
def test_binary_file_with_nul_bytes(tmp_path, data):
    path = write(tmp_path / "binary.txt", data)
    with pytest.raises(CuttingsError) as exc:
        cuttings.load(path)
    assert one_line_error(exc) == f"{path}: not a text file (contains NUL bytes)"


def test_binary_file_of_control_bytes_without_nul(tmp_path):
    path = write(tmp_path / "ctrl.txt", bytes(range(1, 9)) * 200 + b"\x0e\x0f\x10\x11\x7f" * 50)
    with pytest.raises(CuttingsError) as exc:
        cuttings.load(path)
    assert one_line_error(exc) == f"{path}: not a text file (mostly control characters)"


def test_binary_file_in_a_folder_stops_the_load(tmp_path):
    write(tmp_path / "d" / "a.txt", b"fine\n")
    bad = write(tmp_path / "d" / "b.txt", b"\x00\x01\x02binary")
    with pytest.raises(CuttingsError) as exc:
        cuttings.load(tmp_path / "d")
    assert one_line_error(exc).startswith(f"{bad}: not a text file")


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "secret.txt", b"cannot be read\n")
    real = Path.open

    def deny(self, *args, **kwargs):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    # Tests may run as root, which chmod cannot lock out: simulate the refusal instead.
    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(CuttingsError) as exc:
        cuttings.load(path)
    assert one_line_error(exc) == f"{path}: cannot read (permission denied)"


def test_other_os_errors_are_one_line(tmp_path, monkeypatch):
    path = write(tmp_path / "flaky.txt", b"x\n")
    real = Path.open

    def fail(self, *args, **kwargs):
        if self.name == "flaky.txt":
            raise OSError(5, "Input/output error", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fail)
    with pytest.raises(CuttingsError) as exc:
        cuttings.load(path)
    assert one_line_error(exc) == f"{path}: cannot read (Input/output error)"


# -- empty and blank input ------------------------------------------------------------------------

def test_empty_file_gives_zero_documents_and_lines(tmp_path):
    corpus = cuttings.load(write(tmp_path / "empty.txt", b""))
    assert corpus.n_documents == 0
    f = corpus.files.iloc[0]
    assert (f.encoding, f.newline, bool(f.trailing_newline), int(f.n_lines), int(f.n_documents), int(f.n_bytes)) == \
        ("utf-8", "none", False, 0, 0, 0)
    for table in ("documents", "lines", "sentences", "turns"):
        df = getattr(corpus, table)
        assert len(df) == 0
        assert list(df.columns) == list(COLUMNS[table])
    assert corpus.text() == ""


def test_bom_only_file_is_empty(tmp_path):
    corpus = cuttings.load(write(tmp_path / "bom.txt", b"\xef\xbb\xbf"))
    assert (corpus.files.iloc[0].encoding, corpus.n_documents, len(corpus.lines)) == ("utf-8-sig", 0, 0)


def test_empty_file_among_others_keeps_doc_ids_running(tmp_path):
    a = write(tmp_path / "a.txt", b"Alpha paragraph here.\n")
    e = write(tmp_path / "b.txt", b"")
    c = write(tmp_path / "c.txt", b"Gamma paragraph here.\n")
    corpus = cuttings.load([a, e, c])
    assert corpus.files["n_documents"].tolist() == [1, 0, 1]
    assert corpus.documents["doc_id"].tolist() == [1, 2]
    assert corpus.documents["file"].tolist() == [str(a), str(c)]
    assert corpus.lines["doc_id"].tolist() == [1, 2]


def test_whitespace_only_file(tmp_path):
    data = b"  \n\t\n\n \t \n"
    corpus = cuttings.load(write(tmp_path / "ws.txt", data))
    lines = corpus.lines
    assert lines["text"].tolist() == ["  ", "\t", "", " \t "]
    assert lines["role"].astype(str).tolist() == ["blank"] * 4
    # every line still belongs to exactly one document; nothing to title, count or split
    assert lines["doc_id"].tolist() == [1] * 4
    docs = corpus.documents
    assert len(docs) == 1
    d = docs.iloc[0]
    assert (int(d.start_line), int(d.end_line), int(d.n_lines), int(d.n_words)) == (1, 4, 4, 0)
    assert d.title is None
    assert len(corpus.sentences) == 0 and len(corpus.turns) == 0
    assert corpus.text() == data.decode()


# -- mixed encodings: decoded line by line ---------------------------------------------------------

MIXED = ("Café in Tirana\n".encode() +                          # UTF-8
         "\u201cQuoted\u201d café\r\n".encode("cp1252") +         # cp1252 (curly quotes 0x93/0x94, é 0xE9)
         b"plain ASCII\r" +                                     # ASCII, CR ending
         "Durrës – “utf”\n".encode() +                          # UTF-8 again
         b"a\x81b\n")                                           # 0x81: undefined in cp1252, latin-1


def test_a_file_mixing_utf8_and_cp1252_lines_is_decoded_line_by_line():
    text, encoding, fallback = decode_lines(MIXED, name="m")
    assert text.split("\n")[:2] == ["Café in Tirana", "\u201cQuoted\u201d café\r"]
    lines, newline, trailing = split_lines(text)
    # UTF-8 lines stay UTF-8 (no "CafÃ©"); only lines 2 and 5 needed a fallback; line numbers as split_lines counts
    assert lines == ["Café in Tirana", "\u201cQuoted\u201d café", "plain ASCII", "Durrës – “utf”", "a\x81b"]
    assert (newline, trailing) == ("mixed", True)
    assert fallback == [2, 5]
    assert encoding == "utf-8+cp1252+latin-1"
    assert decode(MIXED, name="m") == (text, encoding)


def test_mixed_lines_are_counted_in_files_and_named_in_one_warning(tmp_path):
    path = write(tmp_path / "mixed.txt", MIXED)
    clean = write(tmp_path / "clean.txt", "Café\n".encode())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = cuttings.load([clean, path])
    notes = [str(w.message) for w in caught if issubclass(w.category, CuttingsWarning)]
    assert notes == [f"2 lines of 1 file are not valid UTF-8 and were read as cp1252 or latin-1: {path} (lines 2, 5) "
                     "(files.fallback_lines counts them)"]
    assert "\n" not in notes[0]
    assert corpus.files["fallback_lines"].tolist() == [0, 2]
    assert corpus.files["encoding"].tolist() == ["utf-8", "utf-8+cp1252+latin-1"]
    assert corpus.lines["text"].tolist()[1:] == ["Café in Tirana", "\u201cQuoted\u201d café", "plain ASCII",
                                                 "Durrës – “utf”", "a\x81b"]


def test_a_file_valid_as_utf8_needs_no_fallback_and_no_warning(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = cuttings.load(write(tmp_path / "ok.txt", "Durrës – “utf”\n".encode()))
    assert corpus.files["fallback_lines"].tolist() == [0]


def test_fallback_summary_names_a_few_files_and_lines():
    from cuttings.io import Source

    def src(name, bad):
        return Source(name, "cp1252", "LF", True, 1, "x", [], bad)

    many = [src("a.txt", list(range(1, 9))), src("b.txt", [3]), src("c.txt", [1]), src("d.txt", [2]), src("e.txt", [])]
    assert fallback_summary(many) == ("11 lines of 4 files are not valid UTF-8 and were read as cp1252: "
                                      "a.txt (lines 1, 2, 3, 4, 5, … 3 more); b.txt (line 3); c.txt (line 1) "
                                      "and 1 more file (files.fallback_lines counts them)")
    assert fallback_summary([src("e.txt", [])]) is None


# -- standard input -------------------------------------------------------------------------------

def test_dash_reads_standard_input(monkeypatch):
    data = "A headline here\nCafé paragraph of text.\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    corpus = cuttings.load("-")
    assert corpus.files["file"].tolist() == ["<stdin>"]
    assert int(corpus.files["n_bytes"].iat[0]) == len(data)
    assert corpus.files["sha256"].iat[0] == hashlib.sha256(data).hexdigest()
    assert corpus.lines["text"].tolist() == ["A headline here", "Café paragraph of text."]


def test_dash_with_files_and_only_once(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"From stdin.\n"), encoding="utf-8"))
    one = write(tmp_path / "one.txt", b"From a file.\n")
    assert expand_paths([one, "-"]) == [os.path.normpath(one), "-"]
    corpus = cuttings.load([one, "-"])
    assert corpus.lines["text"].tolist() == ["From a file.", "From stdin."]
    with pytest.raises(CuttingsError) as exc:
        expand_paths(["-", "-"])
    assert one_line_error(exc) == "standard input (-) can be read only once"


def test_binary_standard_input_is_one_line_error(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x00\x01binary"), encoding="utf-8"))
    with pytest.raises(CuttingsError) as exc:
        cuttings.load("-")
    assert one_line_error(exc) == "<stdin>: not a text file (contains NUL bytes)"


# -- many small files -------------------------------------------------------------------------------

def test_lines_of_many_files_are_one_table_with_file_categories(tmp_path):
    paths = [write(tmp_path / f"{i:03d}.txt", f"Title {i}\nBody {i}.\n\n".encode()) for i in range(30)]
    corpus = cuttings.load(tmp_path, progress=False)
    lines = corpus.lines
    assert len(lines) == 90
    assert list(lines["file"].cat.categories) == [str(p) for p in paths]
    assert lines["line_no"].tolist() == [1, 2, 3] * 30
    assert lines["doc_id"].tolist() == [d for d in range(1, 31) for _ in range(3)]
    assert lines["text"].tolist()[3:6] == ["Title 1", "Body 1.", ""]
    assert str(lines["line_no"].dtype) == "int32" and str(lines["role"].dtype) == "category"


def test_the_same_file_twice_is_one_category(tmp_path):
    one = write(tmp_path / "one.txt", b"Alpha\nBeta\n")
    corpus = cuttings.load([one, one])
    assert list(corpus.lines["file"].cat.categories) == [str(one)]
    assert corpus.lines["file"].astype(str).tolist() == [str(one)] * 4
    assert corpus.lines["doc_id"].tolist() == [1, 1, 2, 2]


# -- the reader works a chunk of whole lines at a time: the same result as decoding the whole ---------

_PARTS = [b"word", b" ", b"\n", b"\r\n", b"\r", "é".encode(), "“q”".encode(), b"\xe9", b"\x93x\x94", b"\x81",
          b"\xef\xbb\xbf", b"\t", b"\x0c", b"\x01\x02"]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(_PARTS), max_size=40), st.integers(min_value=1, max_value=12))
def test_reading_in_chunks_equals_decoding_the_whole(parts, chunk):
    import io as bytes_io

    import cuttings.io as cio

    data = b"".join(parts)
    try:
        text, encoding, fallback = decode_lines(data, name="x")
        expected = (*split_lines(text), encoding, fallback)
    except CuttingsError as exc:
        expected = str(exc)
    old = cio.CHUNK
    cio.CHUNK = chunk
    try:
        src = cio._read_stream(bytes_io.BytesIO(data), "x")
        got = (src.lines, src.newline, src.trailing_newline, src.encoding, src.fallback_lines)
        assert (src.n_bytes, src.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    except CuttingsError as exc:
        got = str(exc)
    finally:
        cio.CHUNK = old
    assert got == expected
