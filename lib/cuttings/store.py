"""Built corpora: the corpus tables as Parquet on disk, one part per input file, group of small files or chunk of a huge file.

Layout of a built corpus folder ``DIR`` (``cuttings build PATH... --out DIR``)::

    DIR/manifest.json               what was built: inputs (path, size, SHA-256, key, parts), profile
                                    (path, SHA-256, copy), corrections (path, SHA-256, entries, name
                                    variants), options, package version
    DIR/profile/NAME/               a copy of the profile the corpus was segmented with (if any)
    DIR/files/KEY.parquet           one row per input file (columns of ``Corpus.files``); GROUP.parquet for
                                    the files of a group of small files
    DIR/documents/PART.parquet      one file per part for each table: documents, lines, sentences,
    DIR/lines/PART.parquet          turns, provenance, and on request timeline and tokens
    ...

``KEY`` is the first 20 hex digits of SHA-256(display path, NUL, the file's SHA-256), and for a file that
corrections address, of the SHA-256 of its entries too: a file is rebuilt only when its path, its bytes or
its corrections change (a file with corrections is segmented whole, never in chunks). A part is ``KEY``
for a whole file, ``KEY-NNNNN`` for chunk NNNNN of a file split at piece boundaries, and ``GROUP`` (the
first 20 hex digits of SHA-256 of its members' keys) for consecutive small files grouped into one part
(see ``group_files``). On disk, ``piece`` numbers the pieces within their input file (1-based); the
corpus's ``doc_id`` is ``files.doc_offset + piece``, so adding a file never rewrites the parts of the
others (beyond its own group). Every other column is the one of the in-memory table (``Corpus.describe()``).
Parquet is read by pandas, Dask, DuckDB, Spark and R's arrow alike:
``SELECT f.doc_offset + l.piece AS doc_id, l.* FROM 'DIR/lines/*.parquet' l JOIN 'DIR/files/*.parquet' f USING (file)``.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .corpus import COLUMNS, Corpus, overridden
from .corrections import Applied, Corrections, Entry, apply, digest, file_entries, resolve, with_variants
from .errors import CuttingsError
from .io import PathLike, Source, expand_paths, read_source
from .resources import Profile, Resources, find_profile
from .segment import ROLES, Segmentation, segment_lines
from .segment.model import Piece
from .segment.provenance import Provenance, piece_provenance

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FORMAT = "cuttings built corpus"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLES = ("documents", "lines", "sentences", "turns", "provenance")
EXTRAS = ("timeline", "tokens")
CHUNK_BYTES = 64 << 20      # a file larger than this is split into chunks of about this size ...
OVERLAP_BYTES = 1 << 20     # ... each segmented with this much text on either side,
MARGIN_LINES = 100          # and cut at a piece start both neighbouring chunks agree on, this far from their edges
PART_BYTES = 32 << 20       # consecutive files under PART_BYTES // 8 are grouped into parts of about this size
# (32 MB: a part is a unit of work and of memory for one worker, as a chunk of a huge file is; smaller parts
# mean more Parquet files and per-task overhead, larger ones more to redo when one member changes and less
# parallelism for a folder of a few hundred MB)
MAX_PART_FACTOR = 4         # a group is closed anyway when it reaches this many times PART_BYTES

PROVENANCE_COLUMNS = {
    "file": "input file",
    "doc_id": "piece",
    "source": "outlet, as in documents", "programme": "programme", "broadcaster": "the programme's broadcaster",
    "translator": "translator or republisher", "authors": "list of authors", "recipient": "addressee of a letter",
    "date": "the piece's own date", "place": "the place its dateline names",
    "evidence": "list: which line gave each field",
}
TOKENS_COLUMNS = {"file": "input file", "doc_id": "piece", "term": "word or name (stop words dropped)",
                  "count": "occurrences in the piece's counted lines"}
# Columns the in-memory tables hold as plain Python objects (strings and None), not pandas strings.
_OBJECT_COLUMNS = {"lines": ("speaker", "text")}


def is_built(path: PathLike | Iterable[PathLike]) -> bool:
    """Return whether ``path`` (one path) is the folder of a built corpus (it holds a manifest of ours)."""
    if not isinstance(path, (str, os.PathLike)):
        return False
    m = Path(path) / MANIFEST
    if not m.is_file():
        return False
    try:
        return json.loads(m.read_text(encoding="utf-8")).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def _key(display: str, sha256: str, corrections: str | None = None) -> str:
    extra = f"\0{corrections}" if corrections else ""
    return hashlib.sha256(f"{display}\0{sha256}{extra}".encode()).hexdigest()[:20]


def _cuts_after(display: str, n_bytes: int, part_bytes: int) -> bool:
    """Whether a group of small files ends after this file: a hash of its path, read as a fraction of 2**64,
    falls below n_bytes / part_bytes (so groups hold about part_bytes on average, whatever the file sizes)."""
    h = int.from_bytes(hashlib.blake2b(display.encode("utf-8"), digest_size=8).digest(), "big")
    return h * part_bytes < n_bytes << 64


def group_files(files: list[str], sizes: list[int], *, part_bytes: int = PART_BYTES,
                alone: list[bool] | None = None) -> list[list[int]]:
    """Return the parts of files given in corpus order, as runs of their indices.

    A file of ``part_bytes // 8`` bytes or more (or flagged ``alone``: a file to be split into chunks) is
    a part on its own; consecutive smaller files are grouped. Groups are cut content-defined, as chunking
    by content does: after a file whose path hashes below ``n_bytes / part_bytes`` of the hash range
    (about ``part_bytes`` per group on average), or when a group reaches ``MAX_PART_FACTOR * part_bytes``.
    The cut depends on the file's own path and size only, not on its position, so adding, removing or
    changing a file changes its own group (and at most the next one when its cut moves), never the others.
    ``part_bytes`` 0: every file is a part on its own.
    """
    out: list[list[int]] = []
    run: list[int] = []
    size = 0
    for i, (name, n) in enumerate(zip(files, sizes)):
        if not part_bytes or n >= part_bytes // 8 or (alone is not None and alone[i]):
            if run:
                out.append(run)
                run, size = [], 0
            out.append([i])
            continue
        run.append(i)
        size += n
        if _cuts_after(name, n, part_bytes) or size >= MAX_PART_FACTOR * part_bytes:
            out.append(run)
            run, size = [], 0
    if run:
        out.append(run)
    return out


def group_name(keys: list[str]) -> str:
    """The part name of a group of files: its one member's key, else 20 hex digits of SHA-256 of the keys."""
    return keys[0] if len(keys) == 1 else hashlib.sha256("\0".join(keys).encode()).hexdigest()[:20]


@lru_cache(maxsize=8)
def _resources(profile: str | None) -> Resources:
    """The Resources of a profile folder (None: general data), read once per process (workers too)."""
    return Resources.default() if profile is None else Resources(profile)


# -- scanning and splitting ---------------------------------------------------------------------------

@dataclass
class FileScan:
    """What one pass over a file's bytes tells: size, hash, and where it may be cut into chunks."""

    path: str
    display: str
    n_bytes: int
    sha256: str
    splittable: bool                 # valid UTF-8, no BOM, no NUL, no CR: chunks decode like the whole
    cuts: list[tuple[int, int]] = field(default_factory=list)   # (byte offset, line index) of chunk starts
    n_lines: int = 0
    trailing_newline: bool = False
    corrections: str | None = None   # SHA-256 of the corrections entries of this file (None: none)

    @property
    def key(self) -> str:
        return _key(self.display, self.sha256, self.corrections)


def scan_file(path: str, display: str, *, chunk_bytes: int = CHUNK_BYTES, block: int = 1 << 22) -> FileScan:
    """Stream ``path`` once: its SHA-256, size and, for a large UTF-8 file with LF line ends, chunk starts
    (each just after a line end near a multiple of ``chunk_bytes``). Raises ``CuttingsError`` if unreadable."""
    import codecs

    h = hashlib.sha256()
    dec = codecs.getincrementaldecoder("utf-8")()
    ok = True
    cuts = [(0, 0)]
    lines = 0
    pos = 0
    last = b""
    first = True
    target = chunk_bytes or None
    try:
        with open(path, "rb") as stream:
            for data in iter(lambda: stream.read(block), b""):
                h.update(data)
                if first:
                    ok = not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
                    first = False
                if ok:
                    try:
                        dec.decode(data)
                    except UnicodeDecodeError:
                        ok = False
                    ok = ok and b"\x00" not in data and b"\r" not in data
                if ok and target is not None:
                    # chunk starts: the first line start at or after each multiple of chunk_bytes
                    at = target - pos
                    while at < len(data):
                        nl = data.find(b"\n", max(at, 0))
                        if nl < 0:
                            break
                        cut = pos + nl + 1
                        cuts.append((cut, lines + data.count(b"\n", 0, nl + 1)))
                        target = cut + chunk_bytes
                        at = target - pos
                lines += data.count(b"\n")
                pos += len(data)
                last = data[-1:]
    except FileNotFoundError:
        raise CuttingsError(f"{display}: no such file") from None
    except IsADirectoryError:
        raise CuttingsError(f"{display}: is a folder, not a file") from None
    except OSError as exc:
        raise CuttingsError(f"{display}: cannot read ({exc.strerror or exc})") from None
    if ok:
        try:
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            ok = False
    trailing = last == b"\n"
    n_lines = lines + (0 if trailing or pos == 0 else 1)
    cuts = [c for c in cuts if c[0] < pos]
    if not ok or len(cuts) < 2:
        cuts = [(0, 0)]
    return FileScan(path, display, pos, h.hexdigest(), ok and len(cuts) > 1, cuts, n_lines, trailing)


def _read_lines(path: str, a: int, b: int) -> list[str]:
    """Lines of bytes ``a..b`` of a splittable file (``a`` at a line start)."""
    with open(path, "rb") as stream:
        stream.seek(a)
        data = stream.read(b - a)
    text = data.decode("utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _windows(scan: FileScan, overlap: int) -> list[tuple[int, int]]:
    """Byte range of each chunk's window: the chunk plus ``overlap`` bytes each side, at line starts."""
    out = []
    starts = [c[0] for c in scan.cuts] + [scan.n_bytes]
    with open(scan.path, "rb") as stream:
        for i in range(len(scan.cuts)):
            a, b = starts[i], starts[i + 1]
            wa = max(0, a - overlap)
            if wa > 0:
                stream.seek(wa)
                head = stream.read(min(overlap, a - wa))
                nl = head.find(b"\n")
                wa = wa + nl + 1 if nl >= 0 else a
            wb = min(scan.n_bytes, b + overlap)
            if wb < scan.n_bytes:
                stream.seek(wb)
                tail = stream.read(1 << 16)
                nl = tail.find(b"\n")
                wb = wb + nl + 1 if nl >= 0 else scan.n_bytes
            out.append((wa, wb))
    return out


def _first_line(path: str, a: int, known: tuple[int, int]) -> int:
    """Line index of byte offset ``a`` given a known (offset, line index) at or after it."""
    off, line = known
    if a == off:
        return line
    with open(path, "rb") as stream:
        stream.seek(a)
        return line - stream.read(off - a).count(b"\n")


def chunk_pieces(path: str, window: tuple[int, int], first_line: int,
                 profile: str | None) -> tuple[int, list[tuple[int, int | None]]]:
    """Segment one chunk's window; return its number of lines and its pieces as (first line, title line),
    file line indices (0-based)."""
    lines = _read_lines(path, *window)
    seg = segment_lines(lines, resources=_resources(profile))
    return len(lines), [(p.start + first_line, None if p.title is None else p.title + first_line)
                        for p in seg.pieces]


def choose_seams(scan: FileScan, windows: list[tuple[int, int]], firsts: list[int], nlines: list[int],
                 pieces: list[list[tuple[int, int | None]]], margin: int = MARGIN_LINES) -> list[int] | None:
    """Line index of each cut between chunks: a piece start (same line, same title) in both neighbouring
    windows, at least ``margin`` lines inside each, nearest the nominal cut; None when some pair agrees on none."""
    seams: list[int] = []
    for i in range(len(windows) - 1):
        nominal = scan.cuts[i + 1][1]
        lo = firsts[i + 1] + margin
        hi = firsts[i] + nlines[i] - margin
        right = {s: t for s, t in pieces[i + 1] if lo <= s <= hi}
        agreed = [s for s, t in pieces[i] if lo <= s <= hi and s in right and right[s] == t]
        agreed = [s for s in agreed if not seams or s > seams[-1]]
        if not agreed:
            return None
        seams.append(min(agreed, key=lambda s: (abs(s - nominal), s)))
    return seams


# -- building one part --------------------------------------------------------------------------------

def _part_tables(srcs: list[Source], segs: list[Segmentation], res: Resources, *, first_line: int = 0,
                 piece_offset: int = 0, applied: list[Applied] | None = None) -> dict[str, "pd.DataFrame"]:
    """The tables of one part, from a ``Corpus`` of its files (several for a group of small files, else one);
    for a chunk (one source) line numbers shifted by ``first_line``, pieces numbered from ``piece_offset`` + 1
    within the file. Column ``piece`` (1-based within each file) instead of ``doc_id``. ``applied``: the
    corrections applied to each file (``cuttings.corrections.apply``), for the ``corrected`` columns."""
    import numpy as np
    import pandas as pd

    applied = applied or [Applied() for _ in srcs]
    corpus = Corpus(srcs, segs, res, applied=applied)
    src, seg = srcs[0], segs[0]
    # doc_id -> piece within its file: subtract the pieces of the part's files before it
    starts = np.cumsum([0] + [len(g.pieces) for g in segs])
    if first_line:
        # provenance evidence cites line numbers: compute it with the file's numbers, not the chunk's
        records = {}
        for k, p in enumerate(seg.pieces):
            idx = range(p.start, p.end)
            title = src.lines[p.title].strip() if p.title is not None else None
            records[k + 1] = overridden(piece_provenance(
                [src.lines[i] for i in idx], [seg.roles[i] for i in idx], [i + 1 + first_line for i in idx],
                kind=p.kind, title=title, resources=res), applied[0].fields.get(p.start, {}))
        corpus.__dict__["provenance_records"] = records
    def piece(doc_ids):
        d = np.asarray(doc_ids, dtype=np.int64)
        return d - starts[np.searchsorted(starts, d, side="left") - 1] + piece_offset

    def file_of(d: int) -> str:
        return srcs[int(np.searchsorted(starts, d, side="left")) - 1].file

    out = {}
    for name in ("documents", "lines", "sentences", "turns"):
        df = getattr(corpus, name).copy()
        for col in ("line_no", "start_line", "end_line"):
            if col in df.columns and first_line:
                df[col] = df[col] + first_line
        df["doc_id"] = piece(df["doc_id"]).astype(df["doc_id"].dtype) if len(srcs) > 1 else df["doc_id"] + piece_offset
        out[name] = df.rename(columns={"doc_id": "piece"})
    ordered = sorted(corpus.provenance_records.items())
    prov = [(file_of(d), int(k), p.source, p.programme, p.broadcaster, p.translator, list(p.authors),
             p.recipient, p.date, p.place, list(p.evidence))
            for (d, p), k in zip(ordered, piece([d for d, _ in ordered]))]
    cols = ["file", "piece"] + list(PROVENANCE_COLUMNS)[2:]
    out["provenance"] = pd.DataFrame(prov, columns=cols).astype({"piece": "int64"})
    return out


def _write(df: "pd.DataFrame", path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), tmp, compression="zstd")
    os.replace(tmp, path)


def build_whole(path: str, display: str, part: str, out: str, profile: str | None,
                entries: tuple[Entry, ...] = (), corrections: str = "") -> dict:
    """Read, segment and write one whole file as part ``part`` of the built corpus at ``out``, with the
    corrections ``entries`` of this file applied (``corrections``: their file, for messages); return its
    ``files`` row (a dict) with the number of pieces."""
    return build_group([path], [display], part, out, profile, [entries], corrections, files_row=False)[0]


def build_group(paths: list[str], displays: list[str], part: str, out: str, profile: str | None,
                entries: list[tuple[Entry, ...]] | None = None, corrections: str = "", *,
                files_row: bool = True) -> list[dict]:
    """Read and segment whole files (a group of small files, or one file), apply each file's corrections
    ``entries`` (``corrections``: their file, for messages), and write them as part ``part`` of the built
    corpus at ``out`` (and, with ``files_row``, their ``files`` rows as files/PART.parquet); return their
    ``files`` rows (dicts)."""
    res = _resources(profile)
    srcs = [read_source(p, display=d) for p, d in zip(paths, displays)]
    segs, applied = [], []
    for src, ents in zip(srcs, entries or [()] * len(srcs)):
        seg, app = apply(segment_lines(src.lines, resources=res), src.lines, ents, path=corrections, resources=res)
        segs.append(seg)
        applied.append(app)
    tables = _part_tables(srcs, segs, res, applied=applied)
    for name, df in tables.items():
        _write(df, Path(out) / name / f"{part}.parquet")
    rows = [{"file": src.file, "encoding": src.encoding, "newline": src.newline,
             "trailing_newline": src.trailing_newline, "n_bytes": src.n_bytes, "sha256": src.sha256,
             "n_lines": len(src.lines), "n_documents": len(seg.pieces), "fallback_lines": len(src.fallback_lines)}
            for src, seg in zip(srcs, segs)]
    if files_row:
        _write_files_rows(Path(out), part, rows)
    return rows


def build_chunk(path: str, display: str, part: str, out: str, profile: str | None, window: tuple[int, int],
                first_line: int, keep: tuple[int, int], piece_offset: int) -> tuple[int, int]:
    """Segment a chunk's window, keep file lines ``keep`` (0-based, end excluded) and write them as part
    ``part``; return (lines, pieces) written."""
    res = _resources(profile)
    lines = _read_lines(path, *window)
    seg = segment_lines(lines, resources=res)
    a, b = keep[0] - first_line, keep[1] - first_line
    pieces = [Piece(p.start - a, p.end - a, None if p.title is None else p.title - a, p.kind)
              for p in seg.pieces if a <= p.start < b]
    sub = Segmentation(pieces, seg.roles[a:b], seg.speakers[a:b],
                       {i - a: t for i, t in seg.turn_text.items() if a <= i < b},
                       None if seg.boundary_p is None else seg.boundary_p[a:b])
    src = Source(display, "utf-8", "LF", True, 0, "", lines[a:b])
    tables = _part_tables([src], [sub], res, first_line=keep[0], piece_offset=piece_offset)
    for name, df in tables.items():
        _write(df, Path(out) / name / f"{part}.parquet")
    return b - a, len(pieces)


# -- the build ----------------------------------------------------------------------------------------

class _Local:
    """Runs tasks in this process, one after another (the engine when no Dask client is given)."""

    def map(self, func: Callable, *iterables: Iterable, **kw: Any) -> list:
        return [func(*args, **kw) for args in zip(*iterables)]

    def run(self, func: Callable, *args: Any, **kw: Any) -> Any:
        return func(*args, **kw)


class _Dask:
    """Runs tasks on a ``dask.distributed`` client (a LocalCluster or a scheduler's cluster)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def map(self, func: Callable, *iterables: Iterable, **kw: Any) -> list:
        lists = [list(it) for it in iterables]
        if not lists or not lists[0]:
            return []
        futures = self.client.map(func, *lists, pure=False, **kw)
        return self.client.gather(futures)

    def run(self, func: Callable, *args: Any, **kw: Any) -> Any:
        return self.client.submit(func, *args, pure=False, **kw).result()


def engine(client: Any = None) -> Any:
    """Return the task runner for ``client``: in this process when None, else on the Dask client."""
    return _Local() if client is None else _Dask(client)


def _profile_of(paths, profile) -> Profile | None:
    if profile is None or profile is True:
        found = find_profile(paths)
        return Profile.load(found) if found else None
    if profile is False:
        return None
    return profile if isinstance(profile, Profile) else Profile.load(profile)


def read_manifest(root: PathLike) -> dict:
    """Return the manifest of the built corpus at ``root``; raise ``CuttingsError`` if it is not one."""
    m = Path(root) / MANIFEST
    if not m.is_file():
        raise CuttingsError(f"{root}: not a built corpus (no {MANIFEST}; build one with cuttings build)")
    try:
        data = json.loads(m.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CuttingsError(f"{m}: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CuttingsError(f"{m}: not the manifest of a cuttings built corpus")
    if data.get("format_version") != FORMAT_VERSION:
        raise CuttingsError(f"{m}: format version {data.get('format_version')} (this cuttings reads "
                            f"{FORMAT_VERSION}); rebuild it")
    return data


@dataclass
class BuildReport:
    """What a build did: the corpus folder, files processed and reused, parts written, seconds per stage."""

    root: Path
    processed: list[str]
    reused: list[str]
    removed: int
    parts: int


class _LazySource:
    """An input file as the corrections parser sees it: its display path, and its lines read only if an
    entry addresses it."""

    def __init__(self, path: str, display: str) -> None:
        self.path, self.file = path, display

    @cached_property
    def lines(self) -> list[str]:
        return read_source(self.path, display=self.file).lines


def build(paths: PathLike | Iterable[PathLike], out: PathLike, *, profile: Profile | PathLike | bool | None = None,
          client: Any = None, chunk_bytes: int = CHUNK_BYTES,
          overlap_bytes: int = OVERLAP_BYTES, margin_lines: int = MARGIN_LINES, part_bytes: int = PART_BYTES,
          progress: bool | None = None, corrections: PathLike | bool | None = None) -> BuildReport:
    """Build (or update) the corpus of ``paths`` as a Parquet dataset in folder ``out``; return a ``BuildReport``.

    ``paths`` and ``profile`` as for ``cuttings.load`` (the optional tables are added by
    ``cuttings.distributed.build``). ``client``: a
    ``dask.distributed.Client`` to run the per-file stages on (default: this process). Files larger than
    ``chunk_bytes`` (UTF-8, LF line ends) are segmented in chunks of that size cut at piece starts on
    which overlapping windows (``overlap_bytes`` each side) agree ``margin_lines`` inside both, which gives the same pieces as
    segmenting the file whole; without such a cut the file is segmented whole. Consecutive files smaller than
    ``part_bytes // 8`` are grouped into parts of about ``part_bytes`` (``group_files``; 0: one part per file).
    ``corrections`` as for ``cuttings.load`` (None: the file beside the corpus, if any): checked before
    anything is written, applied to the files it addresses (each segmented whole), its SHA-256 and name
    variants recorded in the manifest; a file whose entries change is rebuilt.
    An existing build in ``out`` is updated: only files whose path or bytes changed are processed, and
    only if the profile, options and package version are the same (else everything is rebuilt).
    Raises ``CuttingsError`` for bad paths or profiles, or a non-empty ``out`` that is not a built corpus.
    """
    if chunk_bytes < 0 or overlap_bytes < 1 or part_bytes < 0:
        raise CuttingsError("chunk and part sizes must be 0 (no split, no groups) or more, overlap at least 1 byte")
    root = Path(out)
    if root.exists() and not root.is_dir():
        raise CuttingsError(f"{out}: exists and is not a folder")
    if root.is_dir() and any(root.iterdir()) and not is_built(root):
        raise CuttingsError(f"{out}: folder is not empty and not a built corpus; choose another --out")
    prof = _profile_of(paths, profile)
    files = expand_paths(paths)
    fixes = resolve(paths, corrections, [_LazySource(os.path.abspath(f), f) for f in files])
    run = engine(client)
    old = read_manifest(root) if is_built(root) else None
    options = {"chunk_bytes": chunk_bytes, "overlap_bytes": overlap_bytes, "margin_lines": margin_lines,
               "part_bytes": part_bytes}
    same = bool(old and old.get("cuttings") == __version__ and old.get("options") == options
                and (old.get("profile") or {}).get("sha256") == (prof.sha256 if prof else None))
    root.mkdir(parents=True, exist_ok=True)
    profile_copy = None
    if prof is not None:
        rel = Path("profile") / prof.path.name
        target = root / rel
        if not (same and target.is_dir()):
            shutil.rmtree(root / "profile", ignore_errors=True)
            shutil.copytree(prof.path, target, ignore=shutil.ignore_patterns(".*"))
        profile_copy = str(target.resolve())
        if Profile.load(target).sha256 != prof.sha256:
            raise CuttingsError(f"{target}: the profile copy differs from {prof.path}")
    elif (root / "profile").exists():
        shutil.rmtree(root / "profile")

    scans: list[FileScan] = run.map(scan_file, [os.path.abspath(f) for f in files], files,
                                    chunk_bytes=chunk_bytes)
    per_file = [tuple(file_entries(fixes, k)) for k in range(len(files))]
    for s, fixed in zip(scans, per_file):
        if fixed:   # a corrected file is segmented whole, and rebuilt when its entries change
            s.corrections, s.splittable, s.cuts = digest(fixed), False, [(0, 0)]
    entries_of = {s.key: e for s, e in zip(scans, per_file)}
    old_inputs = {i["key"]: i for i in (old or {}).get("inputs", [])} if same else {}
    keys = [s.key for s in scans]
    if len(set(keys)) != len(keys):
        dup = next(s.display for s in scans if keys.count(s.key) > 1)
        raise CuttingsError(f"{dup}: given twice")

    def present(entry: dict) -> bool:
        return all((root / t / f"{p['part']}.parquet").is_file() for p in entry["parts"] for t in TABLES) \
            and (root / "files" / f"{entry['key']}.parquet").is_file()

    groups = [[scans[i] for i in g] for g in group_files([s.display for s in scans], [s.n_bytes for s in scans],
                                                         part_bytes=part_bytes,
                                                         # a file that corrections address is a part of its own,
                                                         # so that editing its entries rebuilds it alone
                                                         alone=[s.splittable or bool(entries_of[s.key]) for s in scans])]
    names = [group_name([s.key for s in g]) for g in groups]

    def reusable(g: list[FileScan], name: str) -> bool:
        if len(g) == 1:   # a file on its own (whole or in chunks): as built before, if it was on its own
            e = old_inputs.get(g[0].key)
            return e is not None and present(e) and (len(e["parts"]) > 1 or e["parts"][0]["part"] == g[0].key)
        return all(s.key in old_inputs and [p["part"] for p in old_inputs[s.key]["parts"]] == [name] for s in g) \
            and all((root / t / f"{name}.parquet").is_file() for t in TABLES + ("files",))

    keep = [reusable(g, n) for g, n in zip(groups, names)]
    todo = [s for g, k in zip(groups, keep) if not k for s in g]
    entries: dict[str, dict] = {s.key: old_inputs[s.key] for g, k in zip(groups, keep) if k for s in g}
    bar = _progress(progress, len(todo))
    whole = [(g, n) for g, n, k in zip(groups, names, keep) if not k and not (len(g) == 1 and g[0].splittable)]
    split = [g[0] for g, k in zip(groups, keep) if not k and len(g) == 1 and g[0].splittable]
    built = run.map(build_group, [[s.path for s in g] for g, _ in whole], [[s.display for s in g] for g, _ in whole],
                    [n for _, n in whole], [str(root)] * len(whole), [profile_copy] * len(whole),
                    [[entries_of[s.key] for s in g] for g, _ in whole], [str(fixes.path) if fixes else ""] * len(whole))
    for (g, _name), rows in zip(whole, built):
        for s, row in zip(g, rows):
            entries[s.key] = _entry(s, [{"part": _name, "start_line": 0, "n_lines": row["n_lines"],
                                         "piece_offset": 0, "n_documents": row["n_documents"]}], row)
        bar.update(len(g))
    for s in split:
        entries[s.key] = _build_split(run, s, root, profile_copy, overlap_bytes, margin_lines)
        bar.update(1)
    bar.close()
    inputs = [entries[k] for k in keys]
    _remove_stale(root, inputs)
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "cuttings": __version__,
        "profile": None if prof is None else {"path": str(prof.path), "name": prof.name, "sha256": prof.sha256,
                                              "copy": str(Path("profile") / prof.path.name)},
        "corrections": _corrections_record(fixes),
        "options": options, "extras": [], "inputs": inputs,
    }
    _save_manifest(root, manifest)
    removed = len(set(old_inputs) - set(keys)) if old else 0
    redone = {s.key for s in todo}
    return BuildReport(root, [s.display for s in todo], [s.display for s in scans if s.key not in redone], removed,
                       len({p["part"] for e in inputs for p in e["parts"]}))


def _corrections_record(fixes: Corrections | None) -> dict | None:
    """What the manifest says of the corrections applied: path, SHA-256, number of entries, name variants."""
    if fixes is None:
        return None
    return {"path": str(fixes.path), "sha256": fixes.sha256, "entries": len(fixes),
            "variants": [e.values for e in fixes.of("variants")]}


def _progress(progress: bool | None, total: int):
    from tqdm.auto import tqdm

    show = progress if progress is not None else total > 20
    return tqdm(total=total, desc="building", unit="file", disable=not show)


def _entry(scan: FileScan, parts: list[dict], row: dict) -> dict:
    return {"file": scan.display, "path": scan.path, "n_bytes": scan.n_bytes, "sha256": scan.sha256,
            "key": scan.key, "n_lines": row["n_lines"], "n_documents": row["n_documents"], "parts": parts}


def _write_files_row(root: Path, key: str, row: dict) -> None:
    _write_files_rows(root, key, [row])


def _write_files_rows(root: Path, name: str, rows: list[dict]) -> None:
    import pandas as pd

    key = name
    df = pd.DataFrame(rows, columns=list(COLUMNS["files"]))
    _write(df.astype({"n_bytes": "int64", "n_lines": "int64", "n_documents": "int64"}),
           root / "files" / f"{key}.parquet")


def _build_split(run, scan: FileScan, root: Path, profile: str | None, overlap: int, margin: int) -> dict:
    """Two passes over a file's chunks: pieces of every window (to agree on cuts), then the tables."""
    windows = _windows(scan, overlap)
    firsts = [_first_line(scan.path, w[0], c) for w, c in zip(windows, scan.cuts)]
    found = run.map(chunk_pieces, [scan.path] * len(windows), windows, firsts, [profile] * len(windows))
    nlines = [n for n, _ in found]
    pieces = [p for _, p in found]
    seams = choose_seams(scan, windows, firsts, nlines, pieces, margin)
    if seams is None:  # no agreed cut: segment the file whole
        row = run.run(build_whole, scan.path, scan.display, scan.key, str(root), profile)
        _write_files_row(root, scan.key, row)
        return _entry(scan, [{"part": scan.key, "start_line": 0, "n_lines": row["n_lines"], "piece_offset": 0,
                              "n_documents": row["n_documents"]}], row)
    bounds = [0] + seams + [scan.n_lines]
    counts = [sum(1 for s, _ in pieces[i] if bounds[i] <= s < bounds[i + 1]) for i in range(len(windows))]
    offsets = [sum(counts[:i]) for i in range(len(counts))]
    names = [f"{scan.key}-{i:05d}" for i in range(len(windows))]
    done = run.map(build_chunk, [scan.path] * len(windows), [scan.display] * len(windows), names,
                   [str(root)] * len(windows), [profile] * len(windows), windows, firsts,
                   [(bounds[i], bounds[i + 1]) for i in range(len(windows))], offsets)
    if [d[1] for d in done] != counts:
        raise CuttingsError(f"{scan.display}: chunks segmented differently in two passes (please report)")
    n_docs = sum(counts)
    row = {"file": scan.display, "encoding": "utf-8", "newline": "LF" if scan.n_lines > 1 or scan.trailing_newline
           else "none", "trailing_newline": scan.trailing_newline, "n_bytes": scan.n_bytes, "sha256": scan.sha256,
           "n_lines": scan.n_lines, "n_documents": n_docs, "fallback_lines": 0}  # chunks are valid UTF-8
    _write_files_row(root, scan.key, row)
    parts = [{"part": names[i], "start_line": bounds[i], "n_lines": done[i][0], "piece_offset": offsets[i],
              "n_documents": done[i][1]} for i in range(len(windows))]
    return _entry(scan, parts, row)


def _remove_stale(root: Path, inputs: list[dict]) -> None:
    keep = {p["part"] for e in inputs for p in e["parts"]}
    # files/ holds KEY.parquet for a file on its own (whole or in chunks), GROUP.parquet for a group
    keys = {e["key"] if e["parts"][0]["part"].startswith(e["key"]) else e["parts"][0]["part"] for e in inputs}
    for table in TABLES + EXTRAS:
        folder = root / table
        if not folder.is_dir():
            continue
        for f in sorted(folder.iterdir()):
            if f.name.endswith(".parquet") and f.name[:-8] not in keep or f.name.endswith(".tmp"):
                f.unlink()
    folder = root / "files"
    if folder.is_dir():
        for f in sorted(folder.iterdir()):
            if f.name[:-8] not in keys:
                f.unlink()


def _save_manifest(root: Path, manifest: dict) -> None:
    tmp = root / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, root / MANIFEST)


def set_extras(root: PathLike, extras: Iterable[str]) -> None:
    """Record in the manifest which optional tables (timeline, tokens) are stored."""
    manifest = read_manifest(root)
    manifest["extras"] = sorted(extras)
    _save_manifest(Path(root), manifest)


# -- the stored corpus --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    """One part of a built corpus: name, input file and key, first line (0-based), lines, doc_id before its first
    piece, pieces, and doc_id before its file's first piece; for a group of small files these describe its
    first file, and ``members`` lists (file, key, doc_id before the file's first piece) of each of its files."""

    name: str
    file: str
    key: str
    start_line: int
    n_lines: int
    doc_offset: int
    n_documents: int
    file_offset: int
    members: tuple[tuple[str, str, int], ...] = ()

    @property
    def grouped(self) -> bool:
        """Whether the part holds several whole files (a group of small files)."""
        return len(self.members) > 1

    def file_of(self, doc_ids: Any) -> Any:
        """Index into ``members`` of the file of each doc_id (a numpy array) of this part."""
        import numpy as np

        offsets = np.array([m[2] for m in self.members], dtype=np.int64)
        return np.searchsorted(offsets, np.asarray(doc_ids, dtype=np.int64), side="left") - 1


class StoredCorpus:
    """A built corpus read from its folder: the same tables as ``Corpus`` (read from Parquet on first
    access), so every analysis accepts it. ``parts`` lists its partitions; ``part(i)`` is the corpus of
    one partition alone (global doc_ids), which is what the Dask engine gives each task."""

    def __init__(self, root: PathLike, *, manifest: dict | None = None, only: list[int] | None = None) -> None:
        self.root = Path(root)
        self.manifest = manifest or read_manifest(root)
        prof = self.manifest.get("profile")
        self.profile_path = str((self.root / prof["copy"]).resolve()) if prof else None
        self.resources = _resources(self.profile_path)
        fixes = self.manifest.get("corrections")
        if fixes and fixes.get("variants"):
            variants = tuple(Entry("variants", k, None, None, v) for k, v in enumerate(fixes["variants"], 1))
            self.resources = with_variants(self.resources, Corrections(Path(fixes["path"]), fixes["sha256"], variants))
        parts: list[Part] = []
        offset = 0
        self.file_order = []
        for entry in self.manifest["inputs"]:
            self.file_order.append(entry["file"])
            member = (entry["file"], entry["key"], offset)
            for p in entry["parts"]:
                if parts and parts[-1].name == p["part"]:   # the next file of a group
                    last = parts[-1]
                    parts[-1] = replace(last, n_lines=last.n_lines + p["n_lines"],
                                        n_documents=last.n_documents + p["n_documents"],
                                        members=last.members + (member,))
                else:
                    parts.append(Part(p["part"], entry["file"], entry["key"], p["start_line"], p["n_lines"],
                                      offset + p["piece_offset"], p["n_documents"], offset, (member,)))
            offset += entry["n_documents"]
        self.all_parts = parts
        self._only = only
        self.parts = parts if only is None else [parts[i] for i in only]
        self.n_documents = sum(p.n_documents for p in self.parts)

    def __repr__(self) -> str:
        n_lines = sum(p.n_lines for p in self.parts)
        return (f"<StoredCorpus {self.root}: {len(self.file_order)} file(s), {len(self.parts)} part(s), "
                f"{self.n_documents} document(s), {n_lines} line(s)>")

    def __reduce__(self):
        # sent to a worker as its folder and parts: the worker reads its own part
        return (_reopen, (str(self.root), self._only))

    def part(self, i: int) -> "StoredCorpus":
        """The corpus of partition ``i`` alone (its rows only, with the doc_ids of the whole corpus)."""
        return StoredCorpus(self.root, manifest=self.manifest, only=[self.all_parts.index(self.parts[i])])

    def extras(self) -> list[str]:
        """The optional tables stored with this corpus (timeline, tokens)."""
        return list(self.manifest.get("extras", []))

    # -- tables

    def read(self, table: str) -> "pd.DataFrame":
        """Return stored table ``table`` for this corpus's parts, doc_id restored (as ``Corpus`` has it)."""
        import pandas as pd

        if table not in TABLES + EXTRAS:
            raise CuttingsError(f"no table {table!r} in a built corpus (tables: {', '.join(TABLES + EXTRAS)})")
        if table in EXTRAS and table not in self.extras():
            raise CuttingsError(f"{self.root}: built without the {table} table (rebuild with --with {table})")
        frames = [self._read_part(table, p) for p in self.parts]
        if not frames:
            return pd.DataFrame({c: [] for c in self._columns(table)})
        df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        if table in ("documents", "lines") and "corrected" not in df.columns:
            df["corrected"] = False   # built before corrections existed: nothing was corrected
        return _normalise(table, df, self._files())

    def _columns(self, table: str) -> list[str]:
        return list({"provenance": PROVENANCE_COLUMNS, "tokens": TOKENS_COLUMNS}.get(table) or COLUMNS.get(table) or {})

    def _files(self) -> list[str]:
        return list(dict.fromkeys(m[0] for p in self.parts for m in p.members)) if self._only is not None \
            else self.file_order

    def _read_part(self, table: str, part: Part) -> "pd.DataFrame":
        import pyarrow.parquet as pq

        path = self.root / table / f"{part.name}.parquet"
        if not path.is_file():
            raise CuttingsError(f"{path}: missing (the built corpus is incomplete; rebuild it)")
        df = pq.read_table(path).to_pandas()
        if "piece" in df.columns:
            if part.grouped:
                offsets = {m[0]: m[2] for m in part.members}
                df["piece"] = df["piece"] + df["file"].astype(str).map(offsets).astype(df["piece"].dtype)
            else:
                df["piece"] = df["piece"] + part.file_offset
            df = df.rename(columns={"piece": "doc_id"})
        return df

    @cached_property
    def files(self) -> "pd.DataFrame":
        """One row per input file (columns in ``COLUMNS['files']``)."""
        import pandas as pd
        import pyarrow.parquet as pq

        keys = list(dict.fromkeys(p.name if p.grouped else p.key for p in self.parts))
        frames = [pq.read_table(self.root / "files" / f"{k}.parquet").to_pandas() for k in keys]
        if not frames:
            return pd.DataFrame({c: [] for c in COLUMNS["files"]})
        df = pd.concat(frames, ignore_index=True)
        if "fallback_lines" not in df.columns:   # built before the column existed: every line was UTF-8
            df["fallback_lines"] = 0
        return _normalise("files", df, self._files())[list(COLUMNS["files"])]

    @cached_property
    def documents(self) -> "pd.DataFrame":
        """One row per piece (columns in ``COLUMNS['documents']``)."""
        return self.read("documents")

    @cached_property
    def lines(self) -> "pd.DataFrame":
        """One row per input line (columns in ``COLUMNS['lines']``)."""
        return self.read("lines")

    @cached_property
    def sentences(self) -> "pd.DataFrame":
        """One row per sentence (columns in ``COLUMNS['sentences']``)."""
        return self.read("sentences")

    @cached_property
    def turns(self) -> "pd.DataFrame":
        """One row per line of interview or labelled speech (columns in ``COLUMNS['turns']``)."""
        return self.read("turns")

    @cached_property
    def provenance_records(self) -> dict[int, Provenance]:
        """doc_id -> ``Provenance`` of every piece, as stored."""
        df = self.read("provenance")
        out = {}
        for r in df.itertuples(index=False):
            out[int(r.doc_id)] = Provenance(
                source=_none(r.source), programme=_none(r.programme), broadcaster=_none(r.broadcaster),
                translator=_none(r.translator), authors=list(r.authors) if r.authors is not None else [],
                recipient=_none(r.recipient), date=_none(r.date), place=_none(r.place),
                evidence=list(r.evidence) if r.evidence is not None else [])
        return out

    # -- helpers

    def text(self, file: str | None = None) -> str:
        """Return the decoded text of ``file`` (default: the first file), rebuilt from its lines."""
        files = self.files
        if not len(files):
            raise KeyError("the corpus has no files")
        name = str(files["file"].iloc[0]) if file is None else file
        row = files[files["file"].astype(str) == name]
        if not len(row):
            raise KeyError(f"no file {name!r} in the corpus")
        lines = self.lines
        texts = lines.loc[lines["file"].astype(str) == name, "text"].tolist()
        return "\n".join(texts) + ("\n" if bool(row["trailing_newline"].iloc[0]) and texts else "")

    def document_text(self, doc_id: int) -> str:
        """Return the lines of piece ``doc_id`` joined with newlines."""
        for p in self.parts:
            if p.doc_offset < doc_id <= p.doc_offset + p.n_documents:
                lines = self._read_part("lines", p)
                return "\n".join(lines.loc[lines["doc_id"] == doc_id, "text"].astype(str).tolist())
        raise KeyError(f"no document {doc_id} (the corpus has {self.n_documents})")

    @staticmethod
    def describe(table: str | None = None) -> str:
        """Return the documentation of a table's columns (or of all tables) as text."""
        return Corpus.describe(table)


def _reopen(root: str, only: list[int] | None) -> "StoredCorpus":
    return StoredCorpus(root, only=only)


def _none(v):
    import pandas as pd

    return None if v is None or (not isinstance(v, (list, tuple)) and pd.isna(v)) else v


def _normalise(table: str, df: "pd.DataFrame", files: list[str]) -> "pd.DataFrame":
    """Give a table read from parts the dtypes the in-memory table has (categories, ints, strings)."""
    import pandas as pd

    if table == "lines":
        df = df.astype({"line_no": "int32", "doc_id": "int32"})
        df["file"] = pd.Categorical(df["file"].astype(object), categories=files)
        df["role"] = pd.Categorical(df["role"].astype(object), categories=list(ROLES))
    for col in df.columns:
        s = df[col]
        if col in _OBJECT_COLUMNS.get(table, ()):
            df[col] = pd.Series(s.astype(object).where(s.notna(), None), dtype=object)
        elif s.dtype == object or str(s.dtype) == "str":
            values = s.dropna()
            if len(values) and all(isinstance(v, str) for v in values):
                df[col] = s.astype("str")
            elif len(values) == len(s) and len(s) and all(isinstance(v, int) and not isinstance(v, bool)
                                                          for v in values):
                df[col] = s.astype("int64")
            elif not len(values):
                df[col] = pd.Series([None] * len(s), dtype=object)
    return df


def open_built(root: PathLike) -> StoredCorpus:
    """Open the built corpus in folder ``root`` (made by ``cuttings build`` or ``build``); return a
    ``StoredCorpus``. Raises ``CuttingsError`` if it is not one."""
    return StoredCorpus(root)


def load(paths: PathLike | Iterable[PathLike], *, profile: Profile | PathLike | bool | None = None,
         progress: bool | None = None, corrections: PathLike | bool | None = None) -> "Corpus | StoredCorpus":
    """Load a corpus: a folder made by ``cuttings build`` opens as built (with the profile and corrections
    it was built with), anything else is read and segmented by ``cuttings.corpus.load``."""
    from .corpus import load as load_text

    if is_built(paths):
        if profile not in (None, False, True):
            raise CuttingsError(f"{paths}: a built corpus keeps the profile it was built with; rebuild it to use another")
        assert isinstance(paths, (str, os.PathLike))
        built = open_built(paths)
        if corrections not in (None, True) and (corrections is not False or built.manifest.get("corrections")):
            raise CuttingsError(f"{paths}: a built corpus keeps the corrections it was built with; rebuild it "
                                "to change them")
        return built
    return load_text(paths, profile=profile, progress=progress, corrections=corrections)
