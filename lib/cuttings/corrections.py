"""Corrections a user writes by hand (TOML): piece starts and joins, line roles, piece fields, name variants.

The segmenter finds pieces and roles automatically, and no segmenter is right on every dump; a
corrections file gives the user the last word. It lies beside the corpus by convention
(``dump.corrections.toml`` next to ``dump.txt``, ``corrections.toml`` inside a corpus folder) or is
given explicitly (``cuttings.load(path, corrections=...)``, ``--corrections FILE``, ``CORRECTIONS=``).
The loader applies it before anything else, so every table, figure and command sees the corrected
corpus. Its format (every entry addresses a line by file and 1-based line number, and may carry the
line's expected text, or its first words, so that a correction that no longer matches the file is
reported instead of applied to the wrong line)::

    # Corrections for dump.txt, checked against `cuttings review dump.txt`.
    [[start]]                       # a piece starts at this line
    line = 120
    expect = "Former members say"   # optional: the line's text or its first words

    [[join]]                        # the piece starting at this line belongs to the previous one
    line = 230

    [[role]]                        # the role (and speaker) of one line
    line = 45
    role = "caption"
    speaker = "Jane Doe"            # optional, for question, answer and statement lines

    [[piece]]                       # fields of the piece holding this line (any of them)
    line = 10
    title = "A headline"
    kind = "interview"
    source = "BBC News"
    translator = "Iran Interlink"
    authors = ["Jane Doe", "John Roe"]
    date = "2019-11-04"

    [[variants]]                    # name variants, merged like the alias table's
    canonical = "Hassan Heyrani"
    type = "person"                 # person, organisation, place, outlet or other
    names = ["Hassan Heyrany", "Heyrany"]

``file`` (the file's path as the corpus names it, or its name alone when that is unique) is needed
only for corpora of several files. Any mistake (an unknown key or role, a line out of range, a text
that does not match, malformed TOML) is a ``CuttingsError`` naming the file and the entry; nothing
is applied then.
"""
from __future__ import annotations

import bisect
import copy
import hashlib
import json
import os
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CuttingsError
from .resources import ALIAS_TYPES, Resources
from .segment import KINDS, ROLES, Piece, Segmentation
from .segment.lines import HEADING, TITLE, categorize, patterns, resolve_labels, resolve_lists
from .segment.roles import assign_roles


class CorrectionsError(CuttingsError, ValueError):
    """A corrections file that cannot be applied: one line naming the file and the entry (a ``ValueError``
    too, so Python callers may catch either)."""


CORRECTIONS_FILE = "corrections.toml"
CORRECTIONS_SUFFIX = ".corrections.toml"
SECTIONS = ("start", "join", "role", "piece", "variants")
PIECE_FIELDS = ("title", "kind", "source", "translator", "authors", "date")
_KEYS = {
    "start": {"file", "line", "expect"},
    "join": {"file", "line", "expect"},
    "role": {"file", "line", "expect", "role", "speaker"},
    "piece": {"file", "line", "expect", *PIECE_FIELDS},
    "variants": {"canonical", "type", "names"},
}


@dataclass(frozen=True)
class Entry:
    """One correction: its section, where it points (file index, 0-based line) and what it sets."""

    section: str
    number: int                  # 1-based position among the entries of its section, for messages
    file_index: int | None       # index into the corpus files (None for [[variants]])
    line: int | None             # 0-based line index in that file
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        """How messages name the entry: ``[[role]] #2``."""
        return f"[[{self.section}]] #{self.number}"


@dataclass(frozen=True)
class Corrections:
    """A parsed and checked corrections file."""

    path: Path
    sha256: str
    entries: tuple[Entry, ...]

    def of(self, section: str) -> list[Entry]:
        """The entries of one section, in file order."""
        return [e for e in self.entries if e.section == section]

    def __len__(self) -> int:
        return len(self.entries)

    def describe(self) -> str:
        """One line: the file, its short hash and how many corrections it holds."""
        n = len(self.entries)
        return f"{self.path.name} (sha256 {self.sha256[:12]}, {n} correction{'s' if n != 1 else ''})"


def find_corrections(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> Path | None:
    """Return the corrections file found beside a corpus by convention, else None.

    ``dump.txt`` -> ``dump.corrections.toml`` in the same folder; a folder -> ``corrections.toml`` in it.
    Only a corpus given as one path has a conventional corrections file.
    """
    if not isinstance(paths, (str, os.PathLike)):
        given = list(paths)
        if len(given) != 1:
            return None
        paths = given[0]
    p = Path(paths)
    candidate = p / CORRECTIONS_FILE if p.is_dir() else p.with_name(p.stem + CORRECTIONS_SUFFIX)
    return candidate if candidate.is_file() else None


def read_corrections(path: str | os.PathLike, sources: Sequence[Any], *,
                     roles: tuple[str, ...] = ROLES, kinds: tuple[str, ...] = KINDS) -> Corrections:
    """Parse and check the corrections file at ``path`` against the corpus ``sources``.

    ``sources``: the corpus's ``Source`` objects (anything with ``file`` and ``lines``; only the lines of
    the files the entries name are read). ``roles`` and ``kinds``: the values a ``[[role]]`` or
    ``[[piece]]`` entry may set (default: the segmenter's). Raises
    ``CuttingsError`` (one line naming the file and the entry) for any problem.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CorrectionsError(f"{path}: no such corrections file") from None
    except OSError as exc:
        raise CorrectionsError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise CorrectionsError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise CorrectionsError(f"{path}: not valid TOML ({exc})") from None
    unknown = [k for k in doc if k not in SECTIONS]
    if unknown:
        raise CorrectionsError(f"{path}: unknown section {unknown[0]!r} (use [[{']], [['.join(SECTIONS)}]])")
    entries: list[Entry] = []
    for section in SECTIONS:
        items = doc.get(section, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise CorrectionsError(f"{path}: {section} must be written as [[{section}]] tables")
        for number, item in enumerate(items, 1):
            entries.append(_entry(path, section, number, item, sources, roles, kinds))
    return Corrections(path, hashlib.sha256(data).hexdigest(), tuple(entries))


def _entry(path: Path, section: str, number: int, item: dict, sources: Sequence[Any],
           roles: tuple[str, ...], kinds: tuple[str, ...]) -> Entry:
    where = f"{path}: [[{section}]] #{number}"
    extra = sorted(set(item) - _KEYS[section])
    if extra:
        raise CorrectionsError(f"{where}: unknown key {extra[0]!r} (allowed: {', '.join(sorted(_KEYS[section]))})")
    if section == "variants":
        canonical, names = item.get("canonical"), item.get("names")
        kind = item.get("type", "other")
        if not isinstance(canonical, str) or not canonical.strip():
            raise CorrectionsError(f"{where}: needs canonical = \"the name\"")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise CorrectionsError(f"{where}: needs names = [\"a variant\", ...]")
        if kind not in ALIAS_TYPES:
            raise CorrectionsError(f"{where}: type {kind!r} is not one of {', '.join(ALIAS_TYPES)}")
        return Entry(section, number, None, None, {"canonical": canonical.strip(), "type": kind,
                                                   "names": [n.strip() for n in names]})
    file_index = _file_index(where, item.get("file"), sources)
    src = sources[file_index]
    line = item.get("line")
    if isinstance(line, bool) or not isinstance(line, int):
        raise CorrectionsError(f"{where}: needs line = N (a 1-based line number of {src.file})")
    if not 1 <= line <= len(src.lines):
        raise CorrectionsError(f"{where}: line {line} is out of range ({src.file} has {len(src.lines)} lines)")
    expect = item.get("expect")
    if expect is not None:
        if not isinstance(expect, str) or not expect.strip():
            raise CorrectionsError(f"{where}: expect must be the line's text or its first words")
        actual = src.lines[line - 1].strip()
        if not actual.startswith(expect.strip()):
            shown = actual if len(actual) <= 60 else actual[:59] + "…"
            raise CorrectionsError(f"{where}: line {line} of {src.file} reads {shown!r}, not {expect.strip()!r} "
                                "(the file changed: check the entry)")
    values = {k: v for k, v in item.items() if k not in ("file", "line", "expect")}
    if section == "role":
        role = values.get("role")
        if role not in roles:
            raise CorrectionsError(f"{where}: unknown role {role!r} (one of {', '.join(roles)})")
        speaker = values.get("speaker")
        if speaker is not None and (not isinstance(speaker, str) or not speaker.strip()):
            raise CorrectionsError(f"{where}: speaker must be a name")
    if section == "piece":
        if not values:
            raise CorrectionsError(f"{where}: sets nothing (give one of {', '.join(PIECE_FIELDS)})")
        for key, value in values.items():
            ok = (isinstance(value, list) and all(isinstance(v, str) for v in value)) if key == "authors" \
                else isinstance(value, str)
            if not ok:
                raise CorrectionsError(f"{where}: {key} must be {'a list of names' if key == 'authors' else 'text'}")
        if "kind" in values and values["kind"] not in kinds:
            raise CorrectionsError(f"{where}: unknown kind {values['kind']!r} (one of {', '.join(kinds)})")
        if "date" in values and not _iso_date(values["date"]):
            raise CorrectionsError(f"{where}: date must be YYYY-MM-DD, YYYY-MM or YYYY, not {values['date']!r}")
    return Entry(section, number, file_index, line - 1, values)


def _file_index(where: str, name: Any, sources: Sequence[Any]) -> int:
    if name is None:
        if len(sources) == 1:
            return 0
        raise CorrectionsError(f"{where}: the corpus has {len(sources)} files: say which with file = \"...\"")
    if not isinstance(name, str):
        raise CorrectionsError(f"{where}: file must be a path")
    exact = [i for i, s in enumerate(sources) if s.file == name or os.path.normpath(s.file) == os.path.normpath(name)]
    if exact:
        return exact[0]
    by_name = [i for i, s in enumerate(sources) if Path(s.file).name == Path(name).name]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        raise CorrectionsError(f"{where}: {name!r} names {len(by_name)} files of the corpus: give its path")
    raise CorrectionsError(f"{where}: {name!r} is not a file of the corpus")


def _iso_date(value: str) -> bool:
    import datetime as dt

    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
            return True
        if len(value) == 7:
            dt.date.fromisoformat(value + "-01")
            return True
        return len(value) == 4 and value.isdigit()
    except ValueError:
        return False


# -- applying -----------------------------------------------------------------------------------------

# Roles the segmenter's scan settles before it gives a piece its roles (closing lines and letter
# apparatus): a rebuilt piece keeps them, as the segmenter keeps them for the pieces it finds.
SETTLED_ROLES = frozenset({"attribution", "credit", "link", "signoff", "signature"})
TURN_ROLES = frozenset({"question", "answer", "statement"})


@dataclass(frozen=True)
class Applied:
    """What the corrections did to one file: the lines marked ``corrected`` (0-based), the pieces marked
    ``corrected`` (by their first line) and, per piece first line, the fields a ``[[piece]]`` entry set
    (title, source, translator, authors, date; kind is set on the piece itself)."""

    lines: frozenset[int] = frozenset()
    pieces: frozenset[int] = frozenset()
    fields: dict[int, dict[str, Any]] = field(default_factory=dict)


def resolve(paths: Any, corrections: Any, sources: Sequence[Any]) -> Corrections | None:
    """The corrections of a corpus: ``corrections`` is a path, False (none) or None/True (the file found
    beside ``paths`` by convention, if any); parsed and checked against ``sources``."""
    if corrections is False:
        return None
    if isinstance(corrections, Corrections):
        return corrections
    path = find_corrections(paths) if corrections is None or corrections is True else Path(corrections)
    return None if path is None else read_corrections(path, sources)


def with_variants(resources: Resources, fixes: Corrections | None) -> Resources:
    """``resources`` with the ``[[variants]]`` of ``fixes`` added to its alias table: a copy, so that the
    shared Resources (and every other corpus's) is never changed; ``resources`` itself when there are none.

    A variants entry whose canonical name is already in the table adds its names to that row (the row
    keeps its type); otherwise it is a new row.
    """
    entries = fixes.of("variants") if fixes else []
    if not entries:
        return resources
    rows = [list(r) for r in resources.table("aliases.tsv")]
    by_key = {r[0].lower(): r for r in rows}
    for e in entries:
        canonical, kind, names = e.values["canonical"], e.values["type"], e.values["names"]
        row = by_key.get(canonical.lower())
        if row is None:
            row = [canonical, kind, ""]
            rows.append(row)
            by_key[canonical.lower()] = row
        old = [v.strip() for v in row[2].split("|") if v.strip()]
        row[2] = "|".join(dict.fromkeys(old + list(names)))
    # A shallow copy with its own data dict and its own memo: compiled matchers are rebuilt from the
    # extended table, and nothing of the original changes.
    new = copy.copy(resources)
    new._data = dict(resources._data)
    new._data["aliases.tsv"] = tuple(tuple(r) for r in rows)
    new._memo = {}
    return new


def file_entries(fixes: Corrections | None, file_index: int) -> list[Entry]:
    """The entries of ``fixes`` that address lines of file number ``file_index``, in file order."""
    return [] if fixes is None else [e for e in fixes.entries if e.file_index == file_index]


def digest(entries: Sequence[Entry]) -> str | None:
    """SHA-256 of what ``entries`` say (section, line, values): a file is rebuilt when it changes; None for none."""
    if not entries:
        return None
    text = json.dumps([[e.section, e.line, e.values] for e in entries], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def apply(seg: Segmentation, texts: list[str], entries: Sequence[Entry], *, path: str | os.PathLike = "",
          resources: Resources | None = None) -> tuple[Segmentation, Applied]:
    """Apply one file's corrections to its finished ``Segmentation``; return the corrected one (a new
    object: ``seg`` is not changed) and what was corrected.

    In order: ``[[start]]`` and ``[[join]]`` change the set of piece starts; every piece whose lines
    changed is rebuilt as the segmenter builds a piece (its title line, the roles of its lines, its
    speakers and its kind; closing lines keep their roles); ``[[role]]`` sets a line's role and
    speaker (``title`` makes the line its piece's title); ``[[piece]]`` sets a piece's kind and the
    fields recorded in ``Applied.fields``. Every line stays in exactly one piece, in order. Raises
    ``CorrectionsError`` for a join at a line that starts no piece (or the first piece) and for a line
    both started and joined. ``path``: the corrections file, for messages.
    """
    res = resources or Resources.default()
    n = len(texts)
    if not entries or not n:
        return seg, Applied()
    old = {p.start: p for p in seg.pieces}
    starts = set(old)
    started = {e.line: e for e in entries if e.section == "start" and e.line is not None}
    joined = {e.line: e for e in entries if e.section == "join" and e.line is not None}
    for line, e in joined.items():
        where = f"{path}: {e.where}"
        if line in started:
            raise CorrectionsError(f"{where}: line {line + 1} is both started ({started[line].where}) and joined")
        if line == 0:
            raise CorrectionsError(f"{where}: line {line + 1} opens the first piece: there is none to join it to")
        if line not in starts:
            first = _content_start(seg, texts, line)
            hint = f" (its piece starts at line {first + 1})" if first is not None else ""
            raise CorrectionsError(f"{where}: line {line + 1} does not start a piece{hint}")
    starts |= set(started)
    starts -= set(joined)
    bounds = sorted(starts) + [n]
    pieces: list[Piece] = []
    roles = list(seg.roles)
    speakers = list(seg.speakers)
    turn_text = dict(seg.turn_text)
    rebuilt: list[Piece] = []
    for a, b in zip(bounds, bounds[1:]):
        was = old.get(a)
        if was is not None and was.end == b:
            pieces.append(Piece(was.start, was.end, was.title, was.kind))
            continue
        piece = Piece(a, b)
        pieces.append(piece)
        rebuilt.append(piece)
    marked_lines: set[int] = set()
    if rebuilt:
        p = patterns(res)
        infos = [categorize(t, p) for t in texts]
        resolve_labels(texts, infos)
        resolve_lists(texts, infos)
        for piece in rebuilt:
            was = old.get(piece.start)
            piece.title = was.title if was is not None and was.title is not None and was.title < piece.end \
                else _title_line(piece, texts, infos)
            first = _content_start_of(piece, texts)
            for i in range(piece.start, piece.end):
                if roles[i] not in SETTLED_ROLES or i == first:
                    roles[i] = None  # type: ignore[call-overload]
                speakers[i] = None
                turn_text.pop(i, None)
            assign_roles(piece, texts, infos, roles, speakers, turn_text, p)
            marked_lines.update(range(piece.start, piece.end))
    starts_sorted = [pc.start for pc in pieces]
    marked_pieces = {pc.start for pc in rebuilt}
    fields: dict[int, dict[str, Any]] = {}

    def piece_of(line: int) -> Piece:
        return pieces[bisect.bisect_right(starts_sorted, line) - 1]

    for e in entries:
        assert e.line is not None
        if e.section == "role":
            piece = piece_of(e.line)
            role = e.values["role"]
            if role == "title":
                piece.title = e.line
            elif piece.title == e.line:
                piece.title = None
            roles[e.line] = role
            speaker = e.values.get("speaker")
            if speaker is not None:
                speakers[e.line] = speaker.strip()
            elif role not in TURN_ROLES:
                speakers[e.line] = None
            if role not in TURN_ROLES:
                turn_text.pop(e.line, None)
            marked_lines.add(e.line)
            marked_pieces.add(piece.start)
        elif e.section == "piece":
            piece = piece_of(e.line)
            values = dict(e.values)
            if "kind" in values:
                piece.kind = values.pop("kind")
            fields.setdefault(piece.start, {}).update(values)
            marked_pieces.add(piece.start)
    out = Segmentation(pieces, roles, speakers, turn_text)
    boundary_p = getattr(seg, "boundary_p", None)
    if boundary_p is not None:   # the segmenter's probabilities, where it gives them, stay what it said
        out.boundary_p = list(boundary_p)
    return out, Applied(frozenset(marked_lines), frozenset(marked_pieces), fields)


def apply_all(fixes: Corrections | None, sources: Sequence[Any], segs: list[Segmentation], *,
              resources: Resources | None = None, first_file: int = 0) -> tuple[list[Segmentation], list[Applied]]:
    """Apply ``fixes`` to the segmentations of ``sources`` (file ``first_file`` onwards of the corpus the
    corrections were read against); return the corrected segmentations and what each file had corrected."""
    out, applied = [], []
    for k, (src, seg) in enumerate(zip(sources, segs)):
        entries = file_entries(fixes, first_file + k)
        if entries:
            assert fixes is not None
            seg, done = apply(seg, src.lines, entries, path=fixes.path, resources=resources)
        else:
            done = Applied()
        out.append(seg)
        applied.append(done)
    return out, applied


def _content_start(seg: Segmentation, texts: list[str], line: int) -> int | None:
    for piece in seg.pieces:
        if piece.start <= line < piece.end:
            return _content_start_of(piece, texts)
    return None


def _content_start_of(piece: Piece, texts: list[str]) -> int:
    """The first line of ``piece`` with text (its first line when it has none)."""
    return next((i for i in range(piece.start, piece.end) if texts[i].strip()), piece.start)


def _title_line(piece: Piece, texts: list[str], infos: list) -> int | None:
    """The title of a piece the user started: its first line with text when that reads as a headline
    (title-like or heading, in the segmenter's categories) and more text follows in the piece."""
    first = _content_start_of(piece, texts)
    rest = next((i for i in range(first + 1, piece.end) if texts[i].strip()), None)
    if rest is None or not texts[first].strip():
        return None
    info = infos[first]
    return first if info.cat in (TITLE, HEADING) or info.titleish else None
