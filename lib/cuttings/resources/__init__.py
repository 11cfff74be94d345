"""What cuttings knows, as validated data: the general files it ships, plus a corpus's own profile.

The package ships what holds for any press corpus (``cuttings/data``: world outlets, salutations,
sign-offs, credit labels, months, stop words, speech verbs). What belongs to one corpus — its people
and places and their spellings, its programmes, voice types, framing lexicon, chosen parameters —
lives in a *profile*: a folder holding files of the same names and formats plus a ``profile.toml``
(see ``data/README.md``). A profile adds rows to the general files (a row with the same key
overrides the general one); a file is replaced wholesale only when ``profile.toml`` says so
(``replace = ["framing.txt"]``). Everything is read and validated once, when a ``Resources`` is
made; a malformed row is a ``CuttingsError`` naming the file and line.

A ``Resources`` travels with its ``Corpus``: two corpora with two profiles can be analysed in one
process. Compiled forms (regular expressions, matchers, the date grammar) are kept on the object
(``memo``), never in module-level caches.
"""
from __future__ import annotations

import difflib
import hashlib
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..errors import CuttingsError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PROFILE_FILE = "profile.toml"
PROFILE_SUFFIX = ".profile"

ALIAS_TYPES = ("person", "organisation", "place", "outlet", "other")
PROGRAMME_MATCHES = ("exact", "quoted")

# The keys of profile.toml that cuttings reads: dotted key -> (type, what reads it). Any other key is
# an error (a misspelt key would otherwise be ignored without a word). A new parameter is added here.
PROFILE_KEYS: dict[str, tuple[str, str]] = {
    "name": ("text", "the profile's name, in reports and the figure manifest"),
    "description": ("text", "one sentence on the corpus"),
    "replace": ("a list of text", "data files of the profile that replace the general ones instead of adding to them"),
    "topics.k": ("an integer", "default number of topics (analysis.topics.fit)"),
    "terms.kwic": ("a list of text", "concordance panels of notebook 04"),
    "terms.dispersion": ("a list of text", "terms whose dispersion notebook 04 plots"),
    "terms.spellings": ("a list of text", "spellings notebook 04 counts with name merging off"),
    "timeline.start": ("an integer", "first year of the dates-mentioned axis"),
    "timeline.end": ("an integer", "last year of the dates-mentioned axis"),
    "timeline.duration_themes": ("a table of lists of text", "theme = [patterns] (analysis.timeline.durations)"),
    "voices.order": ("a list of text", "stacking order of voice types in the voice-share figure"),
    "voices.colours": ("a table of text", "voice type = colour in the voice-share figure"),
}

T = TypeVar("T")


@dataclass(frozen=True)
class FileSpec:
    """The format of one data file: ``list`` (one entry per line), ``table`` (tab-separated columns,
    keyed by the first) or ``sections`` (``[name]`` headers, each a list or a table)."""

    kind: str
    columns: tuple[int, int] = (1, 1)          # min and max columns of a table row
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)  # section -> columns (1, 1) = list
    check: Callable[[list[str]], str | None] | None = None  # returns an error message for a bad row
    doc: str = ""
    unique: bool = False                       # a table's keys (first column, any case) may not repeat
    # section -> check of one entry (its columns; a list entry is one column)
    section_checks: dict[str, Callable[[list[str]], str | None]] = field(default_factory=dict)
    # check of the whole file: rows with their line numbers -> (line, message) of the first problem
    file_check: Callable[[list[tuple[int, tuple[str, ...]]]], tuple[int, str] | None] | None = None


def _alias_row(cols: list[str]) -> str | None:
    kind = cols[1].strip() if len(cols) > 1 and cols[1].strip() else "other"
    if kind not in ALIAS_TYPES:
        return f"type {kind!r} is not one of {', '.join(ALIAS_TYPES)}"
    return None


def _programme_row(cols: list[str]) -> str | None:
    match = cols[2].strip() if len(cols) > 2 and cols[2].strip() else "exact"
    if match not in PROGRAMME_MATCHES:
        return f"match {match!r} is not one of {', '.join(PROGRAMME_MATCHES)}"
    return None


def _framing_row(cols: list[str]) -> str | None:
    if not [f for f in cols[1].split("|") if f.strip()]:
        return "a label needs word forms (label<TAB>form|form)"
    return None


def name_key(surface: str) -> str:
    """How names are compared: lower case, ’ as ', every run of spaces and hyphens as one space."""
    return re.sub(r"[\s\-‐‑–]+", " ", surface.replace("’", "'")).strip().lower()


def _split_variants(field_: str) -> list[str]:
    return [v.strip() for v in field_.split("|") if v.strip()]


def _unique_variants(rows: list[tuple[int, tuple[str, ...]]]) -> tuple[int, str] | None:
    """In aliases.tsv, one spelling may stand for one name only (else which name it merges into is arbitrary)."""
    owner: dict[str, tuple[str, int]] = {}
    for n, (canonical, _type, variants) in rows:
        for v in dict.fromkeys([canonical, *_split_variants(variants)]):
            key = name_key(v)
            if key in owner and owner[key][0] != canonical:
                return n, f"variant {v!r} is already a variant of {owner[key][0]!r} (line {owner[key][1]})"
            owner.setdefault(key, (canonical, n))
    return None


def _keywords_row(cols: list[str]) -> str | None:
    if not _split_variants(cols[1]):
        return "a voice type needs words (voice<TAB>word|word)"
    return None


def _numbered(lo: int, hi: int) -> Callable[[list[str]], str | None]:
    """Entries 'number name [abbreviation ...]' with the number in lo..hi (months, weekdays)."""
    def check(cols: list[str]) -> str | None:
        parts = cols[0].split()
        if len(parts) < 2 or not parts[0].isdigit() or not lo <= int(parts[0]) <= hi:
            return f"expected 'number name [abbreviations]' with a number from {lo} to {hi}, found {cols[0]!r}"
        return None
    return check


_TEMPORAL_SECTIONS = (
    "months", "weekdays", "numbers", "ordinals", "units", "vague_quantities", "modifiers", "period_modifiers",
    "duration_frames", "deictic", "ago", "event_relative", "month_prepositions", "weekday_prepositions",
    "set_words", "age_before", "age_after", "possessives", "year_blockers", "count_nouns", "organisation_words",
    "suffix_modifiers", "anaphoric", "deictic_modifiers", "set_adverbs", "seasons", "parts_of_day", "clock_words",
    "time_zones", "holidays", "present_ref", "past_ref", "future_ref", "future_cues", "present_cues", "past_cues", "decade_words",
)

FILES: dict[str, FileSpec] = {
    "abbreviations.txt": FileSpec("list", doc="abbreviations after which a full stop does not end a sentence"),
    "salutations.txt": FileSpec("list", doc="how a letter's greeting line opens"),
    "signoffs.txt": FileSpec("list", doc="words of a letter's closing line"),
    "caption_labels.txt": FileSpec("list", doc="labels that introduce captions or pull quotes, never speakers"),
    "stopwords_en.txt": FileSpec("list", doc="scikit-learn's English stop words"),
    "project_stopwords.txt": FileSpec("list", doc="further stop words for press text"),
    "credit_labels.txt": FileSpec("sections", sections={"label": (1, 1), "by": (1, 1), "bio": (1, 1)},
                                  doc="credit line labels, '... by' verbs and biography nouns"),
    "outlets.tsv": FileSpec("table", columns=(1, 2), unique=True, doc="outlet<TAB>variants (|-separated)"),
    "aliases.tsv": FileSpec("table", columns=(1, 3), check=_alias_row, unique=True, file_check=_unique_variants,
                            doc="canonical<TAB>type<TAB>variants (|-separated)"),
    "programmes.tsv": FileSpec("table", columns=(2, 3), check=_programme_row, unique=True,
                               doc="programme<TAB>broadcaster<TAB>match (exact or quoted)"),
    "framing.txt": FileSpec("table", columns=(2, 2), check=_framing_row, unique=True,
                            doc="label<TAB>forms (|-separated)"),
    "voices.tsv": FileSpec("sections", sections={"keywords": (2, 2), "verbs": (1, 1), "people": (2, 2)},
                           section_checks={"keywords": _keywords_row},
                           doc="voice types: [keywords] voice<TAB>words, [verbs] speech verbs, [people] name<TAB>voice"),
    "speakers.txt": FileSpec("sections", sections={"not_speakers": (1, 1), "unnamed": (1, 1)},
                             doc="[not_speakers] words that are never a speaker (It, This, There), "
                                 "[unnamed] nouns of unnamed sources (a spokesman, officials)"),
    "provenance.txt": FileSpec("sections", sections={"wire_signoffs": (2, 2), "date_labels": (1, 1),
                                                     "organisation_words": (1, 1), "piece_nouns": (1, 1),
                                                     "image_labels": (1, 1)},
                               doc="[wire_signoffs] sign-off<TAB>outlet, [date_labels] labels of date lines "
                                   "(Posted on), [organisation_words] words that make 'by X' an organisation, "
                                   "[piece_nouns] nouns for the piece itself ('the interview was conducted by'), "
                                   "[image_labels] labels of image credits, which name no author"),
    "temporal.txt": FileSpec("sections", sections={s: (1, 1) for s in _TEMPORAL_SECTIONS},
                             section_checks={"months": _numbered(1, 12), "weekdays": _numbered(1, 7)},
                             doc="the words of the date grammar"),
}


@dataclass(frozen=True)
class Alias:
    """One canonical name with its type and variants (the canonical form is a variant too)."""

    canonical: str
    type: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    """A corpus's own knowledge: a folder of data files (same names and formats as ``cuttings/data``)
    and ``profile.toml`` (name, description, files to replace, parameters of the analyses)."""

    path: Path
    name: str
    description: str
    replace: tuple[str, ...]
    params: dict[str, Any]
    sha256: str

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Profile":
        """Read the profile folder ``path`` (or a ``profile.toml`` file); raise ``CuttingsError`` if invalid."""
        folder = Path(path)
        if folder.is_file() and folder.name == PROFILE_FILE:
            folder = folder.parent
        if not folder.is_dir():
            raise CuttingsError(f"{path}: no such profile folder")
        toml_path = folder / PROFILE_FILE
        if not toml_path.is_file():
            raise CuttingsError(f"{folder}: not a profile (no {PROFILE_FILE} in it)")
        try:
            meta = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CuttingsError(f"{toml_path}: not valid TOML ({exc})") from None
        unknown = [f.name for f in sorted(folder.iterdir())
                   if f.is_file() and f.name != PROFILE_FILE and not f.name.startswith(".")
                   and f.name not in FILES and f.name.lower() != "readme.md"]
        if unknown:
            raise CuttingsError(f"{folder}: unknown data file {unknown[0]!r}{_did_you_mean(unknown[0], FILES)} "
                                f"(known: {', '.join(sorted(FILES))})")
        _check_keys(meta, toml_path)
        replace = meta.pop("replace", [])
        for r in replace:
            if r not in FILES:
                raise CuttingsError(f"{toml_path}: replace: {r!r} is not a data file{_did_you_mean(r, FILES)} "
                                    f"(known: {', '.join(sorted(FILES))})")
            if not (folder / r).is_file():
                raise CuttingsError(f"{toml_path}: replace: the profile has no {r} to replace the general one with")
        name = str(meta.pop("name", folder.name.removesuffix(PROFILE_SUFFIX)))
        description = str(meta.pop("description", ""))
        h = hashlib.sha256()
        for f in sorted(folder.iterdir()):
            if f.is_file() and not f.name.startswith("."):
                h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
        return cls(folder, name, description, tuple(replace), meta, h.hexdigest())


def _did_you_mean(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_keys(meta: dict[str, Any], where: Path, prefix: str = "") -> None:
    """Raise ``CuttingsError`` for a key of ``profile.toml`` that cuttings does not read, or a value of the wrong type."""
    for key, value in meta.items():
        dotted = f"{prefix}{key}"
        kind = PROFILE_KEYS.get(dotted)
        if kind is None:
            if isinstance(value, dict) and any(k.startswith(dotted + ".") for k in PROFILE_KEYS):
                _check_keys(value, where, dotted + ".")
                continue
            raise CuttingsError(f"{where}: unknown key {dotted!r}{_did_you_mean(dotted, PROFILE_KEYS)} "
                                f"(known: {', '.join(PROFILE_KEYS)})")
        if not _has_type(value, kind[0]):
            raise CuttingsError(f"{where}: {dotted} must be {kind[0]}, not {value!r}")


def _has_type(value: Any, kind: str) -> bool:
    if kind == "an integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "text":
        return isinstance(value, str)
    if kind == "a list of text":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "a table of text":
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    if kind == "a table of lists of text":
        return isinstance(value, dict) and all(_has_type(v, "a list of text") for v in value.values())
    raise ValueError(kind)  # pragma: no cover - PROFILE_KEYS uses the kinds above


def find_profile(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> Path | None:
    """Return the profile folder found beside a corpus by convention, else None.

    For a corpus file ``dump.txt`` or folder ``articles/`` it is ``dump.profile/`` or
    ``articles.profile/`` in the same folder (holding a ``profile.toml``). Only a corpus given as
    one path has a conventional profile.
    """
    if not isinstance(paths, (str, os.PathLike)):
        paths = list(paths)
        if len(paths) != 1:
            return None
        paths = paths[0]
    p = Path(os.path.abspath(paths))
    stem = p.name if p.is_dir() else p.stem
    candidate = p.parent / f"{stem}{PROFILE_SUFFIX}"
    return candidate if (candidate / PROFILE_FILE).is_file() else None


class Resources:
    """The data the segmenter and the analyses read: the general files, plus a profile's (validated).

    ``Resources()`` holds the general data alone; ``Resources("path/to/profile")`` (or a ``Profile``)
    adds a profile's files to it. Every file of ``FILES`` is read and validated here, once: a malformed
    row raises ``CuttingsError`` naming the file and line. ``cuttings.load`` makes one for each corpus
    (``corpus.resources``) and every analysis of that corpus reads it, so corpora with different
    profiles can be analysed side by side. Access:

    - ``list(name)``, ``table(name)``, ``sections(name)``: the entries of a file by its format
      (general rows first, then the profile's; a profile row with a general row's key replaces it);
    - ``aliases``, ``stop_words``: the alias table and the stop words, parsed;
    - ``param("topics.k", default)``: a parameter of ``profile.toml`` (``PROFILE_KEYS`` lists them);
    - ``memo(key, factory)``: what a module compiles from these data (regular expressions, matchers),
      kept on this object instead of in a module-level cache.

    ``Resources.default()`` is the shared general-data instance that text-level functions use when
    given no ``resources=``.
    """

    def __init__(self, profile: Profile | str | os.PathLike | None = None) -> None:
        if profile is not None and not isinstance(profile, Profile):
            profile = Profile.load(profile)
        self.profile: Profile | None = profile
        self._data: dict[str, Any] = {}
        self._memo: dict[str, Any] = {}
        for name, spec in FILES.items():
            self._data[name] = self._read(name, spec)

    _default: "Resources | None" = None

    @classmethod
    def default(cls) -> "Resources":
        """The general data alone (no profile), read once per process."""
        if cls._default is None:
            cls._default = cls()
        return cls._default

    def __repr__(self) -> str:
        return f"<Resources: {self.describe()}>"

    def describe(self) -> str:
        """One line: which data these are (general files, and the profile's name and short hash)."""
        if self.profile is None:
            return "general data"
        return f"general data + profile {self.profile.name!r} (sha256 {self.profile.sha256[:12]})"

    # -- reading ---------------------------------------------------------------------------------

    def _read(self, name: str, spec: FileSpec):
        general = _parse(DATA_DIR / name, spec)
        if self.profile is None:
            return general
        path = self.profile.path / name
        if not path.is_file():
            return general
        own = _parse(path, spec)
        if name in self.profile.replace:
            return own
        return _merge(general, own, spec)

    # -- access ----------------------------------------------------------------------------------

    def list(self, name: str) -> tuple[str, ...]:
        """Entries of a list file, in file order (general first, then the profile's)."""
        return self._data[name]

    def sections(self, name: str) -> dict[str, tuple]:
        """A sectioned file: section -> entries (strings, or tuples of columns for table sections)."""
        return self._data[name]

    def table(self, name: str) -> tuple[tuple[str, ...], ...]:
        """Rows of a table file, each a tuple of its columns (missing optional columns are '')."""
        return self._data[name]

    @property
    def aliases(self) -> tuple[Alias, ...]:
        """The name variants (``aliases.tsv``) as ``Alias`` records."""
        return self.memo("resources.aliases", lambda: tuple(
            Alias(c, t or "other", tuple(dict.fromkeys([c, *(v.strip() for v in vs.split("|") if v.strip())])))
            for c, t, vs in self.table("aliases.tsv")))

    @property
    def stop_words(self) -> frozenset[str]:
        """scikit-learn's English stop words plus the further ones (lower case, ' apostrophes)."""
        return self.memo("resources.stop_words", lambda: frozenset(
            w.lower() for w in self.list("stopwords_en.txt") + self.list("project_stopwords.txt")))

    def param(self, key: str, default: T) -> T:
        """A parameter of the profile by dotted key (``"topics.k"``), else ``default``.

        The value must have the default's type (an int default accepts an int, a list default a list).
        """
        value: Any = self.profile.params if self.profile else {}
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                return default
            value = value[part]
        if default is not None and not isinstance(value, type(default)):
            where = self.profile.path / PROFILE_FILE if self.profile else PROFILE_FILE
            raise CuttingsError(f"{where}: {key} must be a {type(default).__name__}, not {value!r}")
        return value

    def memo(self, key: str, factory: Callable[[], T]) -> T:
        """Return the value cached under ``key``, computing it with ``factory`` the first time."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = factory()
            return value


def read_table_file(path: str | os.PathLike, like: str) -> tuple[tuple[str, ...], ...]:
    """Read and validate a standalone file in the format of data file ``like`` (e.g. a framing lexicon)."""
    return _parse(Path(path), FILES[like])


def _parse(path: Path, spec: FileSpec):
    """Read and validate one data file; raise ``CuttingsError`` naming the file and line of the first problem."""
    try:
        raw_lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise CuttingsError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise CuttingsError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if spec.kind == "sections":
        out: dict[str, list] = {}
        current: str | None = None
        for n, raw in enumerate(raw_lines, 1):
            text = raw.strip()
            if not text or text.startswith("#"):
                continue
            m = re.fullmatch(r"\[(\w+)\]", text)
            if m:
                current = m.group(1)
                if current not in spec.sections:
                    raise CuttingsError(f"{path}:{n}: unknown section [{current}]"
                                        f"{_did_you_mean(current, spec.sections)} (known: {', '.join(spec.sections)})")
                if current in out:
                    raise CuttingsError(f"{path}:{n}: section [{current}] appears twice")
                out[current] = []
                continue
            if text.startswith("["):
                raise CuttingsError(f"{path}:{n}: a section header is one word in brackets, such as "
                                    f"[{next(iter(spec.sections))}]: {text[:60]!r}")
            if current is None:
                raise CuttingsError(f"{path}:{n}: entry before any [section] header")
            out[current].append(_row(path, n, raw, spec.sections[current], spec.section_checks.get(current)))
        return {k: tuple(v) for k, v in out.items()}
    rows: list[tuple[int, Any]] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(raw_lines, 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        row = _row(path, n, raw, spec.columns if spec.kind == "table" else (1, 1), spec.check)
        if spec.unique:
            key = row[0].lower()
            if key in seen:
                raise CuttingsError(f"{path}:{n}: {row[0]!r} is already listed on line {seen[key]}")
            seen[key] = n
        rows.append((n, row))
    if spec.file_check is not None:
        problem = spec.file_check(rows)
        if problem:
            raise CuttingsError(f"{path}:{problem[0]}: {problem[1]}")
    return tuple(row for _n, row in rows)


def _row(path: Path, n: int, raw: str, columns: tuple[int, int], check) -> Any:
    lo, hi = columns
    if hi == 1:
        if "\t" in raw.strip():
            raise CuttingsError(f"{path}:{n}: expected one entry per line, found a tab: {raw.strip()[:60]!r}")
        entry = raw.strip()
        problem = check([entry]) if check is not None else None
        if problem:
            raise CuttingsError(f"{path}:{n}: {problem}")
        return entry
    cols = raw.rstrip("\r\n").split("\t")
    if len(cols) < lo or len(cols) > hi or not cols[0].strip():
        raise CuttingsError(f"{path}:{n}: expected {lo}" + (f" to {hi}" if hi > lo else "")
                            + f" tab-separated columns, found {len(cols)}: {raw.strip()[:60]!r}")
    cols = [c.strip() for c in cols] + [""] * (hi - len(cols))
    if check is not None:
        problem = check(cols)
        if problem:
            raise CuttingsError(f"{path}:{n}: {problem}")
    return tuple(cols)


def _merge(general, own, spec: FileSpec):
    if spec.kind == "sections":
        merged = dict(general)
        for section, entries in own.items():
            merged[section] = _merge(general.get(section, ()), entries,
                                     FileSpec("table" if spec.sections[section][1] > 1 else "list"))
        return merged
    if spec.kind == "list":
        return tuple(dict.fromkeys(general + own))
    keys = {row[0].lower() for row in own}
    return tuple(row for row in general if row[0].lower() not in keys) + tuple(own)
