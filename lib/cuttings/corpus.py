"""The ``Corpus``: loaded files as tidy pandas tables (files, documents, lines, sentences, turns)."""
from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from .io import PathLike, Source, expand_paths, read_source
from .resources import Profile, Resources, find_profile
from .segment import ROLES, Segmentation, segment_lines
from .segment.provenance import Provenance, piece_provenance
from .text.sentences import split

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# Column documentation, shown by ``Corpus.describe()`` and in the README.
COLUMNS = {
    "files": {
        "file": "path of the input file, as given or found below a folder",
        "encoding": "utf-8, utf-8-sig (BOM removed), utf-16, cp1252 or latin-1 (fallbacks for non-UTF-8 bytes)",
        "newline": "line endings found: LF, CRLF, CR, mixed or none (all become LF)",
        "trailing_newline": "whether the text ends with a line ending",
        "n_bytes": "size of the file in bytes",
        "sha256": "SHA-256 of the file's bytes",
        "n_lines": "number of lines",
        "n_documents": "number of pieces found in the file",
    },
    "documents": {
        "doc_id": "piece number, 1-based, in corpus order",
        "file": "input file",
        "start_line": "first line of the piece in its file (1-based)",
        "end_line": "last line of the piece in its file (1-based, inclusive)",
        "title": "text of the piece's title line, or null when it has none",
        "kind": "news report, interview, open letter, testimony, programme notes or other",
        "n_lines": "number of lines, blank ones included",
        "n_words": "number of whitespace-separated words",
        "source": "outlet that published or broadcast the piece, as its attribution line, link or programme says "
                  "(normalised with outlets.tsv); null when the text names none",
        "programme": "programme or show the piece names as its origin ('the X show on Y'), else null",
        "translator": "who translated or republished it ('..., translated by Y'; '[Y comment]'), else null",
        "authors": "bylines, credits, signatories, self-introduced narrators, '; '-separated; null when none",
        "date": "the piece's own date (ISO 8601) from a date line or dateline in it (XXXX-MM-DD when the "
                "dateline gives no year), else null",
        "place": "the place the piece says it was written in (its dateline or place-date line), else null",
        "boundary_p": "the boundary model's probability that a piece starts at the piece's first line (1.0 for "
                      "a file's first piece; near 0.5: a doubtful start); null when the rule scan decided",
    },
    "lines": {
        "file": "input file",
        "line_no": "line number in the file (1-based)",
        "doc_id": "the piece the line belongs to",
        "role": "title, body, caption, heading, subhead, byline, dateline, attribution, credit, salutation, "
                "signoff, signature, list_item, question, answer, statement, date, link or blank",
        "speaker": "for question/answer/statement lines: the labelled speaker ('Name: ...'), "
                   "'interviewer' for unlabelled questions, else null",
        "text": "the line exactly as in the file, without its line ending",
        "boundary_p": "the boundary model's probability that a piece starts at this line (0.0 for blank "
                      "lines; near 0.5: a doubtful decision either way); null when the rule scan decided",
    },
    "sentences": {
        "file": "input file",
        "doc_id": "piece",
        "line_no": "line number in the file (1-based)",
        "idx": "position of the sentence in its line (0-based)",
        "start": "character offset of the sentence in the line (0-based)",
        "end": "character offset just past the sentence (so text == line[start:end])",
        "text": "the sentence",
    },
    "turns": {
        "file": "input file",
        "doc_id": "piece",
        "line_no": "line number in the file (1-based)",
        "turn": "position of the turn in its piece (1-based); a turn's continuation lines share it",
        "speaker": "labelled speaker, 'interviewer' for unlabelled questions, or null",
        "kind": "question, answer or statement",
        "text": "what is said, without the speaker label",
    },
}


class Corpus:
    """A loaded corpus. Its tables are pandas DataFrames built on first access (see ``COLUMNS``).

    ``resources`` are the data it was segmented with (general files plus its profile's); every
    analysis of the corpus reads the same ones.
    """

    def __init__(self, sources: list[Source], segmentations: list[Segmentation],
                 resources: Resources | None = None) -> None:
        self.sources = sources
        self.segmentations = segmentations
        self.resources = resources or Resources.default()
        offsets, total = [], 0
        for seg in segmentations:
            offsets.append(total)
            total += len(seg.pieces)
        self._doc_offset = offsets
        self.n_documents = total

    def __repr__(self) -> str:
        n_lines = sum(len(s.lines) for s in self.sources)
        return f"<Corpus: {len(self.sources)} file(s), {self.n_documents} document(s), {n_lines} line(s)>"

    # -- tables ---------------------------------------------------------------------------------

    @cached_property
    def files(self) -> "pd.DataFrame":
        """One row per input file (columns in ``COLUMNS['files']``)."""
        import pandas as pd

        rows = [
            (s.file, s.encoding, s.newline, s.trailing_newline, s.n_bytes, s.sha256, len(s.lines), len(seg.pieces))
            for s, seg in zip(self.sources, self.segmentations)
        ]
        return pd.DataFrame(rows, columns=list(COLUMNS["files"]))

    @cached_property
    def provenance_records(self) -> dict[int, Provenance]:
        """doc_id -> ``Provenance`` of every piece (what its lines say about its origin), computed once."""
        records = {}
        for src, seg, off in zip(self.sources, self.segmentations, self._doc_offset):
            for k, p in enumerate(seg.pieces):
                idx = range(p.start, p.end)
                title = src.lines[p.title].strip() if p.title is not None else None
                records[off + k + 1] = piece_provenance(
                    [src.lines[i] for i in idx], [seg.roles[i] for i in idx], [i + 1 for i in idx],
                    kind=p.kind, title=title, resources=self.resources)
        return records

    @cached_property
    def documents(self) -> "pd.DataFrame":
        """One row per piece (columns in ``COLUMNS['documents']``)."""
        import pandas as pd

        provenance = self.provenance_records
        rows = []
        for src, seg, off in zip(self.sources, self.segmentations, self._doc_offset):
            for k, p in enumerate(seg.pieces):
                n_words = sum(len(src.lines[i].split()) for i in range(p.start, p.end))
                title = src.lines[p.title].strip() if p.title is not None else None
                prov = provenance[off + k + 1]
                rows.append((off + k + 1, src.file, p.start + 1, p.end, title, p.kind, p.end - p.start, n_words,
                             prov.source, prov.programme, prov.translator, "; ".join(prov.authors) or None, prov.date,
                             prov.place, seg.boundary_p[p.start] if seg.boundary_p is not None else None))
        df = pd.DataFrame(rows, columns=list(COLUMNS["documents"]))
        return df.astype({"doc_id": "int64", "start_line": "int64", "end_line": "int64",
                          "n_lines": "int64", "n_words": "int64", "boundary_p": "float64"})

    @cached_property
    def lines(self) -> "pd.DataFrame":
        """One row per input line, every line of every file (columns in ``COLUMNS['lines']``)."""
        import numpy as np
        import pandas as pd

        parts = []
        for src, seg, off in zip(self.sources, self.segmentations, self._doc_offset):
            n = len(src.lines)
            doc = np.empty(n, dtype=np.int32)
            for k, p in enumerate(seg.pieces):
                doc[p.start:p.end] = off + k + 1
            parts.append(pd.DataFrame({
                "file": pd.Categorical([src.file] * n) if n else pd.Categorical([]),
                "line_no": np.arange(1, n + 1, dtype=np.int32),
                "doc_id": doc,
                "role": pd.Categorical(seg.roles, categories=list(ROLES)),
                "speaker": pd.Series(seg.speakers, dtype=object),
                "text": pd.Series(src.lines, dtype=object),
                "boundary_p": (np.asarray(seg.boundary_p, dtype=np.float64) if seg.boundary_p is not None
                               else np.full(n, np.nan)),
            }))
        if not parts:
            return pd.DataFrame({c: [] for c in COLUMNS["lines"]})
        df = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        if len(parts) > 1:
            df["file"] = pd.Categorical(df["file"].astype(object), categories=[s.file for s in self.sources])
        return df

    @cached_property
    def sentences(self) -> "pd.DataFrame":
        """One row per sentence of every non-blank line (columns in ``COLUMNS['sentences']``)."""
        import pandas as pd

        rows = []
        for src, seg, off in zip(self.sources, self.segmentations, self._doc_offset):
            for k, p in enumerate(seg.pieces):
                for i in range(p.start, p.end):
                    text = src.lines[i]
                    for idx, (a, b) in enumerate(split(text, resources=self.resources)):
                        rows.append((src.file, off + k + 1, i + 1, idx, a, b, text[a:b]))
        return pd.DataFrame(rows, columns=list(COLUMNS["sentences"]))

    @cached_property
    def turns(self) -> "pd.DataFrame":
        """One row per line of interview or labelled speech (columns in ``COLUMNS['turns']``)."""
        import pandas as pd

        rows = []
        for src, seg, off in zip(self.sources, self.segmentations, self._doc_offset):
            for k, p in enumerate(seg.pieces):
                turn, prev_kind = 0, None
                for i in range(p.start, p.end):
                    kind = seg.roles[i]
                    if kind not in ("question", "answer", "statement"):
                        if kind != "blank":
                            prev_kind = None
                        continue
                    labelled = i in seg.turn_text
                    # An unlabelled answer line right after another answer continues that turn.
                    if not (kind == "answer" and prev_kind == "answer" and not labelled):
                        turn += 1
                    rows.append((src.file, off + k + 1, i + 1, turn, seg.speakers[i], kind,
                                 seg.turn_text.get(i, src.lines[i].strip())))
                    prev_kind = kind
        return pd.DataFrame(rows, columns=list(COLUMNS["turns"]))

    # -- helpers --------------------------------------------------------------------------------

    def text(self, file: str | None = None) -> str:
        """Return the decoded text of ``file`` (default: the only or first file), rebuilt from its lines."""
        src = self._source(file)
        return src.text

    def document_text(self, doc_id: int) -> str:
        """Return the lines of piece ``doc_id`` joined with newlines."""
        for src, seg, off in zip(self.sources, self.segmentations, self._doc_offset):
            if off < doc_id <= off + len(seg.pieces):
                p = seg.pieces[doc_id - off - 1]
                return "\n".join(src.lines[p.start:p.end])
        raise KeyError(f"no document {doc_id} (the corpus has {self.n_documents})")

    def _source(self, file: str | None) -> Source:
        if file is None:
            if not self.sources:
                raise KeyError("the corpus has no files")
            return self.sources[0]
        for s in self.sources:
            if s.file == file:
                return s
        raise KeyError(f"no file {file!r} in the corpus")

    @staticmethod
    def describe(table: str | None = None) -> str:
        """Return the documentation of a table's columns (or of all tables) as text."""
        names = [table] if table else list(COLUMNS)
        out = []
        for name in names:
            out.append(f"{name}:")
            out.extend(f"  {col:<17} {doc}" for col, doc in COLUMNS[name].items())
        return "\n".join(out)


def load(paths: PathLike | Iterable[PathLike], *, profile: Profile | PathLike | bool | None = None,
         progress: bool | None = None) -> Corpus:
    """Load and segment text files into a ``Corpus``.

    ``paths``: a file, a folder (every ``*.txt`` below it, in sorted order) or a list of them.
    ``profile``: the corpus's profile folder (see ``cuttings.resources``); None looks for one beside
    the corpus by convention (``dump.profile/`` next to ``dump.txt``); False uses the general data only.
    ``progress``: show a progress bar (default: only for more than 20 files, on a terminal).
    Raises ``CuttingsError`` (one-line message) for missing paths, empty folders, binary files and
    invalid profiles.
    """
    if profile is None or profile is True:
        profile = find_profile(paths)
    resources = Resources.default() if profile is None or profile is False else Resources(profile)
    files = expand_paths(paths)
    sources, segs = [], []
    iterator = files
    if progress or (progress is None and len(files) > 20):
        from tqdm.auto import tqdm

        iterator = tqdm(files, desc="loading", unit="file", disable=None if progress is None else not progress)
    for f in iterator:
        src = read_source(f)
        sources.append(src)
        segs.append(segment_lines(src.lines, resources=resources))
    return Corpus(sources, segs, resources)
