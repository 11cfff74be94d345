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

import hashlib
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CuttingsError
from .io import Source
from .resources import ALIAS_TYPES

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


def read_corrections(path: str | os.PathLike, sources: list[Source], *,
                     roles: tuple[str, ...], kinds: tuple[str, ...]) -> Corrections:
    """Parse and check the corrections file at ``path`` against the corpus ``sources``.

    ``roles`` and ``kinds``: the values a ``[[role]]`` or ``[[piece]]`` entry may set. Raises
    ``CuttingsError`` (one line naming the file and the entry) for any problem.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CuttingsError(f"{path}: no such corrections file") from None
    except OSError as exc:
        raise CuttingsError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise CuttingsError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise CuttingsError(f"{path}: not valid TOML ({exc})") from None
    unknown = [k for k in doc if k not in SECTIONS]
    if unknown:
        raise CuttingsError(f"{path}: unknown section {unknown[0]!r} (use [[{']], [['.join(SECTIONS)}]])")
    entries: list[Entry] = []
    for section in SECTIONS:
        items = doc.get(section, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise CuttingsError(f"{path}: {section} must be written as [[{section}]] tables")
        for number, item in enumerate(items, 1):
            entries.append(_entry(path, section, number, item, sources, roles, kinds))
    return Corrections(path, hashlib.sha256(data).hexdigest(), tuple(entries))


def _entry(path: Path, section: str, number: int, item: dict, sources: list[Source],
           roles: tuple[str, ...], kinds: tuple[str, ...]) -> Entry:
    where = f"{path}: [[{section}]] #{number}"
    extra = sorted(set(item) - _KEYS[section])
    if extra:
        raise CuttingsError(f"{where}: unknown key {extra[0]!r} (allowed: {', '.join(sorted(_KEYS[section]))})")
    if section == "variants":
        canonical, names = item.get("canonical"), item.get("names")
        kind = item.get("type", "other")
        if not isinstance(canonical, str) or not canonical.strip():
            raise CuttingsError(f"{where}: needs canonical = \"the name\"")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise CuttingsError(f"{where}: needs names = [\"a variant\", ...]")
        if kind not in ALIAS_TYPES:
            raise CuttingsError(f"{where}: type {kind!r} is not one of {', '.join(ALIAS_TYPES)}")
        return Entry(section, number, None, None, {"canonical": canonical.strip(), "type": kind,
                                                   "names": [n.strip() for n in names]})
    file_index = _file_index(where, item.get("file"), sources)
    src = sources[file_index]
    line = item.get("line")
    if isinstance(line, bool) or not isinstance(line, int):
        raise CuttingsError(f"{where}: needs line = N (a 1-based line number of {src.file})")
    if not 1 <= line <= len(src.lines):
        raise CuttingsError(f"{where}: line {line} is out of range ({src.file} has {len(src.lines)} lines)")
    expect = item.get("expect")
    if expect is not None:
        if not isinstance(expect, str) or not expect.strip():
            raise CuttingsError(f"{where}: expect must be the line's text or its first words")
        actual = src.lines[line - 1].strip()
        if not actual.startswith(expect.strip()):
            shown = actual if len(actual) <= 60 else actual[:59] + "…"
            raise CuttingsError(f"{where}: line {line} of {src.file} reads {shown!r}, not {expect.strip()!r} "
                                "(the file changed: check the entry)")
    values = {k: v for k, v in item.items() if k not in ("file", "line", "expect")}
    if section == "role":
        role = values.get("role")
        if role not in roles:
            raise CuttingsError(f"{where}: unknown role {role!r} (one of {', '.join(roles)})")
        speaker = values.get("speaker")
        if speaker is not None and (not isinstance(speaker, str) or not speaker.strip()):
            raise CuttingsError(f"{where}: speaker must be a name")
    if section == "piece":
        if not values:
            raise CuttingsError(f"{where}: sets nothing (give one of {', '.join(PIECE_FIELDS)})")
        for key, value in values.items():
            ok = (isinstance(value, list) and all(isinstance(v, str) for v in value)) if key == "authors" \
                else isinstance(value, str)
            if not ok:
                raise CuttingsError(f"{where}: {key} must be {'a list of names' if key == 'authors' else 'text'}")
        if "kind" in values and values["kind"] not in kinds:
            raise CuttingsError(f"{where}: unknown kind {values['kind']!r} (one of {', '.join(kinds)})")
        if "date" in values and not _iso_date(values["date"]):
            raise CuttingsError(f"{where}: date must be YYYY-MM-DD, YYYY-MM or YYYY, not {values['date']!r}")
    return Entry(section, number, file_index, line - 1, values)


def _file_index(where: str, name: Any, sources: list[Source]) -> int:
    if name is None:
        if len(sources) == 1:
            return 0
        raise CuttingsError(f"{where}: the corpus has {len(sources)} files: say which with file = \"...\"")
    if not isinstance(name, str):
        raise CuttingsError(f"{where}: file must be a path")
    exact = [i for i, s in enumerate(sources) if s.file == name or os.path.normpath(s.file) == os.path.normpath(name)]
    if exact:
        return exact[0]
    by_name = [i for i, s in enumerate(sources) if Path(s.file).name == Path(name).name]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        raise CuttingsError(f"{where}: {name!r} names {len(by_name)} files of the corpus: give its path")
    raise CuttingsError(f"{where}: {name!r} is not a file of the corpus")


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
