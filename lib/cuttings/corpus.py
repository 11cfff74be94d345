"""The ``Corpus``: loaded files as tidy pandas tables (files, documents, lines, sentences, turns)."""
from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from .corrections import Applied, Corrections, apply_all, resolve, with_variants
from .errors import CuttingsWarning
from .io import PathLike, Source, expand_paths, fallback_summary, read_source
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
        "encoding": "utf-8, utf-8-sig (BOM removed), utf-16, cp1252 or latin-1 (fallbacks for lines that are not "
                    "valid UTF-8), or a mix such as utf-8+cp1252 (each line decoded on its own)",
        "newline": "line endings found: LF, CRLF, CR, mixed or none (all become LF)",
        "trailing_newline": "whether the text ends with a line ending",
        "n_bytes": "size of the file in bytes",
        "sha256": "SHA-256 of the file's bytes",
        "n_lines": "number of lines",
        "n_documents": "number of pieces found in the file",
        "fallback_lines": "number of lines that are not valid UTF-8 and were read as cp1252 or latin-1",
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
        "corrected": "whether a corrections file changed the piece: its lines (start, join), a line's role, or "
                     "its fields (title, kind, source, translator, authors, date override what the text says)",
    },
    "lines": {
        "file": "input file",
        "line_no": "line number in the file (1-based)",
        "doc_id": "the piece the line belongs to",
        "role": "title, body, caption, heading, subhead, byline, dateline, attribution, credit, salutation, "
                "signoff, signature, list_item, question, answer, statement, date, link or blank",
        "speaker": "for question/answer/statement lines: the labelled speaker ('Name: ...'), "
                   "'interviewer' for unlabelled questions, else null",
        "boundary_p": "the boundary model's probability that a piece starts at this line (0.0 for blank "
                      "lines; near 0.5: a doubtful decision either way); null when the rule scan decided",
        "text": "the line exactly as in the file, without its line ending",
        "corrected": "whether a corrections file set the line's role or the piece it is in (a started or "
                     "joined piece)",
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
    analysis of the corpus reads the same ones. ``corrections``: the corrections file applied (or None)
    and ``applied``: what it changed in each file (``cuttings.corrections.Applied``).
    """

    def __init__(self, sources: list[Source], segmentations: list[Segmentation],
                 resources: Resources | None = None, *, first_doc: int = 1,
                 corrections: Corrections | None = None, applied: list[Applied] | None = None) -> None:
        self.corrections = corrections
        self.applied = applied or [Applied()] * len(sources)
        self.sources = sources
        self.segmentations = segmentations
        self.resources = resources or Resources.default()
        self.first_doc = first_doc  # doc_id of the first piece (a part of a larger corpus starts later)
        offsets, total = [], first_doc - 1
        for seg in segmentations:
            offsets.append(total)
            total += len(seg.pieces)
        self._doc_offset = offsets
        self.n_documents = total - (first_doc - 1)

    def __repr__(self) -> str:
        n_lines = sum(len(s.lines) for s in self.sources)
        return f"<Corpus: {len(self.sources)} file(s), {self.n_documents} document(s), {n_lines} line(s)>"

    # -- tables ---------------------------------------------------------------------------------

    @cached_property
    def files(self) -> "pd.DataFrame":
        """One row per input file (columns in ``COLUMNS['files']``)."""
        import pandas as pd

        rows = [
            (s.file, s.encoding, s.newline, s.trailing_newline, s.n_bytes, s.sha256, len(s.lines), len(seg.pieces),
             len(s.fallback_lines))
            for s, seg in zip(self.sources, self.segmentations)
        ]
        return pd.DataFrame(rows, columns=list(COLUMNS["files"]))

    @cached_property
    def provenance_records(self) -> dict[int, Provenance]:
        """doc_id -> ``Provenance`` of every piece (what its lines say about its origin), computed once."""
        records = {}
        for src, seg, off, done in zip(self.sources, self.segmentations, self._doc_offset, self.applied):
            for k, p in enumerate(seg.pieces):
                idx = range(p.start, p.end)
                fields = done.fields.get(p.start, {})
                title = fields.get("title") or (src.lines[p.title].strip() if p.title is not None else None)
                records[off + k + 1] = overridden(piece_provenance(
                    [src.lines[i] for i in idx], [seg.roles[i] for i in idx], [i + 1 for i in idx],
                    kind=p.kind, title=title, resources=self.resources), fields)
        return records

    @cached_property
    def documents(self) -> "pd.DataFrame":
        """One row per piece (columns in ``COLUMNS['documents']``)."""
        import pandas as pd

        provenance = self.provenance_records
        rows = []
        for src, seg, off, done in zip(self.sources, self.segmentations, self._doc_offset, self.applied):
            for k, p in enumerate(seg.pieces):
                n_words = sum(len(src.lines[i].split()) for i in range(p.start, p.end))
                title = done.fields.get(p.start, {}).get("title") or (
                    src.lines[p.title].strip() if p.title is not None else None)
                prov = provenance[off + k + 1]
                rows.append((off + k + 1, src.file, p.start + 1, p.end, title, p.kind, p.end - p.start, n_words,
                             prov.source, prov.programme, prov.translator, "; ".join(prov.authors) or None, prov.date,
                             prov.place, seg.boundary_p[p.start] if seg.boundary_p is not None else None,
                             p.start in done.pieces))
        df = pd.DataFrame(rows, columns=list(COLUMNS["documents"]))
        return df.astype({"doc_id": "int64", "start_line": "int64", "end_line": "int64",
                          "n_lines": "int64", "n_words": "int64", "boundary_p": "float64"})

    @cached_property
    def lines(self) -> "pd.DataFrame":
        """One row per input line, every line of every file (columns in ``COLUMNS['lines']``)."""
        import numpy as np
        import pandas as pd

        # Built in one pass over flat columns (one DataFrame per file and a concat cost 1 ms a file).
        names = list(dict.fromkeys(s.file for s in self.sources))  # a file given twice is one category
        code = {name: i for i, name in enumerate(names)}
        sizes = np.fromiter((len(src.lines) for src in self.sources), dtype=np.int64, count=len(self.sources))
        n = int(sizes.sum())
        file_codes = np.repeat(np.array([code[s.file] for s in self.sources], dtype=np.int32), sizes)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]) if len(sizes) else sizes
        line_no = np.arange(1, n + 1, dtype=np.int32) - np.repeat(starts, sizes).astype(np.int32)
        doc = np.zeros(n, dtype=np.int32)
        roles: list[str] = []
        speakers: list[str | None] = []
        texts: list[str] = []
        corrected = np.zeros(n, dtype=bool)
        bp = np.full(n, np.nan)
        for src, seg, off, start, done in zip(self.sources, self.segmentations, self._doc_offset, starts.tolist(),
                                              self.applied):
            for k, p in enumerate(seg.pieces):
                doc[start + p.start:start + p.end] = off + k + 1
            corrected[[start + i for i in sorted(done.lines)]] = True
            bp[start:start + len(src.lines)] = seg.boundary_p if seg.boundary_p is not None else np.nan
            roles.extend(seg.roles)
            speakers.extend(seg.speakers)
            texts.extend(src.lines)
        files = pd.Categorical.from_codes(file_codes, categories=names)
        return pd.DataFrame({
            "file": files,
            "line_no": line_no,
            "doc_id": doc,
            "role": pd.Categorical(roles, categories=list(ROLES)),
            "speaker": pd.Series(speakers, dtype=object),
            "boundary_p": bp,
            "text": pd.Series(texts, dtype=object),
            "corrected": corrected,
        })

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


def overridden(prov: Provenance, fields: dict) -> Provenance:
    """``prov`` with the fields a corrections file sets (source, translator, authors, date) in place of
    what the text says, each with evidence ``FIELD: corrections file`` (in place of the text's);
    ``prov`` itself when it sets none."""
    keys = [k for k in ("source", "translator", "authors", "date") if k in fields]
    if not keys:
        return prov
    values: dict = {k: list(fields[k]) if k == "authors" else fields[k] for k in keys}
    return replace(prov, **values,
                   evidence=[e for e in prov.evidence if e.split(":", 1)[0] not in keys]
                   + [f"{k}: corrections file" for k in keys])


def load(paths: PathLike | Iterable[PathLike], *, profile: Profile | PathLike | bool | None = None,
         progress: bool | None = None, corrections: PathLike | bool | None = None) -> Corpus:
    """Load and segment text files into a ``Corpus``.

    ``paths``: a file, a folder (every ``*.txt`` below it, in sorted order) or a list of them.
    ``profile``: the corpus's profile folder (see ``cuttings.resources``); None looks for one beside
    the corpus by convention (``dump.profile/`` next to ``dump.txt``); False uses the general data only.
    ``progress``: show a progress bar (default: only for more than 20 files, on a terminal).
    ``corrections``: a corrections file (``cuttings.corrections``) applied to the segmentation before
    anything else; None looks for one beside the corpus (``dump.corrections.toml``, or
    ``corrections.toml`` in a folder); False applies none. ``-`` reads standard input. Lines that are
    not valid UTF-8 are read as cp1252 (see
    ``cuttings.io.decode_lines``), counted in ``files.fallback_lines`` and named in one
    ``CuttingsWarning``.
    Raises ``CuttingsError`` (one-line message) for missing paths, empty folders, binary files and
    invalid profiles or corrections (then nothing is loaded).
    """
    if profile is None or profile is True:
        profile = find_profile(paths)
    resources = Resources.default() if profile is None or profile is False else Resources(profile)
    files = expand_paths(paths)
    sources = [read_source(f) for f in files]
    fixes = resolve(paths, corrections, sources)
    resources = with_variants(resources, fixes)
    iterator = sources
    if progress or (progress is None and len(files) > 20):
        from tqdm.auto import tqdm

        iterator = tqdm(sources, desc="loading", unit="file", disable=None if progress is None else not progress)
    segs = [segment_lines(src.lines, resources=resources) for src in iterator]
    segs, applied = apply_all(fixes, sources, segs, resources=resources)
    note = fallback_summary(sources)
    if note:
        warnings.warn(note, CuttingsWarning, stacklevel=2)
    return Corpus(sources, segs, resources, corrections=fixes, applied=applied)


def load_each(files: Iterable[PathLike], *, profile: Profile | PathLike | bool | None = None,
              paths: PathLike | Iterable[PathLike] | None = None, min_lines: int = 10_000,
              corrections: PathLike | bool | None = None) -> Iterator[Corpus]:
    """Yield the corpus of ``files`` (as ``expand_paths`` lists them) in parts, each segmented when it is
    reached: one file, or consecutive files until they hold ``min_lines`` lines (so that many small
    files make few parts). Doc ids run on from part to part: the tables of the parts, one after
    another, are those of ``load(files)``. For output that streams as the corpus is read.

    Every file is read and decoded first, so that a file that cannot be read stops it before
    anything is yielded. ``profile`` and ``corrections`` as in ``load`` (None looks beside ``paths``,
    default ``files``).
    One ``CuttingsWarning`` names the lines read with a fallback decoder in any file.
    """
    files = list(files)
    if profile is None or profile is True:
        profile = find_profile(paths if paths is not None else files)
    resources = Resources.default() if profile is None or profile is False else Resources(profile)
    sources: list[Source | None] = [read_source(f) for f in files]
    fixes = resolve(paths if paths is not None else files, corrections, sources)
    resources = with_variants(resources, fixes)
    note = fallback_summary([s for s in sources if s is not None])
    if note:
        warnings.warn(note, CuttingsWarning, stacklevel=2)
    first = 1
    part: list[Source] = []
    size = 0
    first_file = 0
    for i, src in enumerate(sources):
        assert src is not None
        part.append(src)
        size += len(src.lines)
        sources[i] = None  # the part holds it now; let it go with the part
        if size >= min_lines or i == len(sources) - 1:
            segs, applied = apply_all(fixes, part, [segment_lines(s.lines, resources=resources) for s in part],
                                      resources=resources, first_file=first_file)
            corpus = Corpus(part, segs, resources, first_doc=first, corrections=fixes, applied=applied)
            first += corpus.n_documents
            first_file = i + 1
            part, size = [], 0
            yield corpus
