"""Property tests (hypothesis): loading and segmenting loses no line, whatever the text and its encoding.

Generated files mix real seed lines, titles, closing and letter lines, blank lines, random Unicode
(with CR, U+2028, form feeds...) and very long lines, written with LF, CRLF, CR or mixed endings,
with or without a BOM, in UTF-8 or UTF-16. The decoded text is predicted by Python's own codecs.
"""
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cuttings
from conftest import SEED
from cuttings.segment import ROLES

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")

# Deterministic in CI: the same examples on every run, no deadline (first calls warm caches).
PROFILE = settings(max_examples=150, derandomize=True, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

TITLES = [
    "Chelsea sack Mutu", "Former MEK speak out: We are not terrorists, do not drive us out!",
    "MEK Terrorist Cult Members In Albania Who Mustn’t Think About Sex", "FULL INTERVIEW",
    "Open Letter to Mr. B.Chuck Grassley", "Defectors of Mujahedin khalq", "BBC Albania MEK Rajavi Cult 9",
]
CLOSERS = [
    "Linda Pressly and Albana Kasapi, BBC News", "Shqiptarja, translated by Iran Interlink",
    "ORA News, Translated by Iran Interlink", "iran-azadi-albania.info", "/tvklan.al",
    "Presenter: Linda Pressly", "Producer: Albana Kasapi", "Best regards", "Respectfully,",
    "Reza Jaballi – Brussels", "November 04, 2019", "By Anna Morgan, Reuters", "Source: The Guardian",
]
LETTER_AND_QA = [
    "Dear Mr President,", "Your Excellency,", "1- Mohammad Azim Mishmast", "12- Parviz Heydarzade",
    "ABC News: Can you tell me your name?", "Hassan Hayrani: My name is Hassan.", "Who is accusing you?",
    "Our kind regards and best wishes for you,",
]
SPACES = ["", " ", "\t", "  \t  ", "\u00a0", "\u3000", "\x0c", "\u2028"]
SPECIAL = ["\r", "\u2028", "\u2029", "\x0c", "\x0b", "\x85", "\t", "\ufeff", "\u200b", ":", ".", "…", "“", "”"]

unicode_text = st.lists(
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
        st.sampled_from(SPECIAL),
    ),
    max_size=8,
).map("".join)

long_line = st.builds(lambda s, k: " ".join([s] * k), st.sampled_from(SEED_LINES[9:66]), st.integers(20, 120))

line = st.one_of(
    st.sampled_from(SEED_LINES),
    st.sampled_from(TITLES),
    st.sampled_from(CLOSERS),
    st.sampled_from(LETTER_AND_QA),
    st.sampled_from(SPACES),
    unicode_text,
    long_line,
)

NEWLINES = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


@st.composite
def dump_file(draw):
    """Bytes of a generated file and the text Python's codecs decode them to."""
    lines = draw(st.lists(line, max_size=40))
    style = draw(st.sampled_from(["LF", "CRLF", "CR", "mixed"]))
    if style == "mixed":
        seps = [draw(st.sampled_from(list(NEWLINES.values()))) for _ in lines]
    else:
        seps = [NEWLINES[style]] * len(lines)
    trailing = draw(st.booleans())
    text = "".join(ln + sep for ln, sep in zip(lines, seps))
    if not trailing and text:
        text = text[: -len(seps[-1])]
    codec = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-bom", "utf-16-le", "utf-16-be"]))
    if codec == "utf-8":
        data = text.encode("utf-8")
        decoded = data.decode("utf-8-sig")  # a text opening with U+FEFF reads as a BOM: so be it
    elif codec == "utf-8-bom":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
        decoded = data.decode("utf-8-sig")
    else:
        bom = b"\xff\xfe" if codec == "utf-16-le" else b"\xfe\xff"
        data = bom + text.encode(codec)
        decoded = data.decode("utf-16")
    return data, decoded


def expected_lines(decoded: str) -> tuple[list[str], bool]:
    """Split like a reader of the text would: CRLF, CR and LF end lines; nothing else does."""
    parts = re.split(r"\r\n|\r|\n", decoded)
    if decoded == "":
        return [], False
    trailing = parts[-1] == ""
    return (parts[:-1] if trailing else parts), trailing


def newline_kind(decoded: str) -> str:
    kinds = {"\r\n": "CRLF", "\r": "CR", "\n": "LF"}
    found = sorted({kinds[m] for m in re.findall(r"\r\n|\r|\n", decoded)})
    return found[0] if len(found) == 1 else ("none" if not found else "mixed")


def check_lossless(corpus, files: list[str], decoded: list[str]) -> None:
    lines, docs = corpus.lines, corpus.documents
    n_docs = corpus.n_documents
    assert len(docs) == n_docs
    assert docs["doc_id"].tolist() == list(range(1, n_docs + 1))
    next_doc = 1
    for f, text in zip(files, decoded):
        exp_lines, trailing = expected_lines(text)
        mine = lines[lines["file"].astype(str) == f]
        fdocs = docs[docs["file"] == f]
        row = corpus.files[corpus.files["file"] == f].iloc[0]
        # the text: every line exactly, and the whole decoded text back (LF endings)
        assert mine["text"].tolist() == exp_lines
        assert mine["line_no"].tolist() == list(range(1, len(exp_lines) + 1))
        assert "\n".join(mine["text"]) + ("\n" if trailing else "") == re.sub(r"\r\n|\r", "\n", text)
        assert corpus.text(f) == re.sub(r"\r\n|\r", "\n", text)
        assert (bool(row.trailing_newline), row.newline, int(row.n_lines)) == (trailing, newline_kind(text), len(exp_lines))
        # documents: contiguous, in order, covering every line, no overlap
        n = len(exp_lines)
        assert int(row.n_documents) == len(fdocs)
        if n == 0:
            assert len(fdocs) == 0
            continue
        assert len(fdocs) >= 1
        starts, ends = fdocs["start_line"].tolist(), fdocs["end_line"].tolist()
        assert starts[0] == 1 and ends[-1] == n
        assert all(s <= e for s, e in zip(starts, ends))
        assert all(s == e + 1 for s, e in zip(starts[1:], ends))
        assert fdocs["doc_id"].tolist() == list(range(next_doc, next_doc + len(fdocs)))
        next_doc += len(fdocs)
        assert (fdocs["n_lines"] == fdocs["end_line"] - fdocs["start_line"] + 1).all()
        # every line: exactly one document (the one whose range holds it) and exactly one role
        for d in fdocs.itertuples():
            in_doc = mine[(mine["line_no"] >= d.start_line) & (mine["line_no"] <= d.end_line)]
            assert set(in_doc["doc_id"]) == {d.doc_id}
            assert len(in_doc) == d.n_lines
            assert d.n_words == sum(len(t.split()) for t in in_doc["text"])
            titled = in_doc[in_doc["role"].astype(str) == "title"]
            # a piece's title is its one line with the role "title"; untitled pieces have none
            assert titled["text"].str.strip().tolist() == ([d.title] if isinstance(d.title, str) else [])
        roles = mine["role"].astype(str)
        assert roles.isin(ROLES).all()
        assert mine["role"].notna().all()
        # blank lines and only those have the role "blank"
        assert ((roles == "blank") == (mine["text"].str.strip() == "")).all()
        # speakers only on speech lines
        spoken = mine["speaker"].notna()
        assert roles[spoken].isin(["question", "answer", "statement"]).all()
    assert next_doc == n_docs + 1


@PROFILE
@given(dump_file())
def test_one_file_loses_no_line(case):
    data, decoded = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.txt"
        path.write_bytes(data)
        corpus = cuttings.load(path)
        check_lossless(corpus, [str(path)], [decoded])
        enc = corpus.files.iloc[0].encoding
        assert enc in (("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff")
                       else ("utf-8-sig",) if data[:3] == b"\xef\xbb\xbf" else ("utf-8",))


@settings(PROFILE, max_examples=50)
@given(st.lists(dump_file(), min_size=1, max_size=4))
def test_a_folder_of_files_loses_no_line(cases):
    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for k, (data, _) in enumerate(cases):
            path = Path(tmp) / f"part{k:02d}.txt"
            path.write_bytes(data)
            names.append(str(path))
        corpus = cuttings.load(tmp)
        assert corpus.files["file"].tolist() == names
        check_lossless(corpus, names, [d for _, d in cases])


@settings(PROFILE, max_examples=80)
@given(st.lists(line, min_size=1, max_size=25))
def test_sentences_are_slices_of_their_lines(lines):
    lines = [re.sub(r"[\r\n]", " ", ln) for ln in lines]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        corpus = cuttings.load(path)
        texts = corpus.lines["text"].tolist()
        sents = corpus.sentences
        for r in sents.itertuples():
            t = texts[r.line_no - 1]
            assert t[r.start:r.end] == r.text and r.text.strip() == r.text and r.text
        for _line_no, g in sents.groupby("line_no"):
            spans = list(zip(g["start"], g["end"]))
            assert g["idx"].tolist() == list(range(len(g)))
            assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
        assert set(sents["line_no"]) == {i + 1 for i, t in enumerate(texts) if t.strip()}
