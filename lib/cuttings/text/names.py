"""Names in text: listed variants mapped to canonical names (``aliases.tsv``), and unlisted candidates."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..resources import Alias, Resources, name_key
from .patterns import calendar

_SPACE_OR_HYPHEN = r"[\s\-‐‑–]+"
_NAME_TOKEN = r"(?:[A-Z][a-zà-ÿ’'-]+|[A-Z]\.)"
_CANDIDATE = re.compile(rf"(?<![\w’'-]){_NAME_TOKEN}(?:\s+(?:(?:al|el|bin|de|van|von|e)\s+)?{_NAME_TOKEN}){{1,3}}(?![\w-])")
_WORDS = re.compile(r"\S+")


def _variant_pattern(variant: str) -> str:
    text = variant.replace("’", "'")
    parts = re.split(r"[\s\-‐‑–]+", text)
    return _SPACE_OR_HYPHEN.join(re.escape(p).replace("'", "['’]") for p in parts if p)


class AliasMatcher:
    """Longest-match finder of every variant in the table (acronyms of up to 5 capitals match case-sensitively)."""

    def __init__(self, table: tuple[Alias, ...]) -> None:
        self.table = table
        self.lookup: dict[str, Alias] = {}
        exact: list[str] = []
        folded: list[str] = []
        for alias in table:  # a later row wins a shared spelling: a profile's rows come after the general ones
            for v in alias.variants:
                self.lookup[self.key(v)] = alias
                (exact if (v.isupper() and len(v) <= 5) else folded).append(v)
        self.exact = self._compile(exact, 0)
        self.folded = self._compile(folded, re.IGNORECASE)

    @staticmethod
    def key(surface: str) -> str:
        """Normalised form used to look a surface string up: lower case, ' apostrophes, single spaces."""
        return name_key(surface)

    @staticmethod
    def _compile(variants: list[str], flags: int) -> re.Pattern | None:
        if not variants:
            return None
        pats = sorted({_variant_pattern(v) for v in variants}, key=lambda p: (-len(p), p))
        return re.compile(rf"(?<![\w-])(?:{'|'.join(pats)})(?![\w-])", flags)

    def finditer(self, text: str) -> Iterator[tuple[int, int, str, Alias]]:
        """Yield ``(start, end, surface, Alias)`` for every variant in ``text``, longest match first, no overlaps."""
        hits: list[tuple[int, int]] = []
        for pattern in (self.exact, self.folded):
            if pattern is not None:
                hits.extend((m.start(), m.end()) for m in pattern.finditer(text))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        last_end = -1
        for start, end in hits:
            if start < last_end:
                continue
            surface = text[start:end]
            alias = self.lookup.get(self.key(surface))
            if alias is None:
                continue
            last_end = end
            yield start, end, surface, alias

    def canonical(self, name: str) -> str:
        """The canonical form of ``name`` when it is a listed variant, else ``name`` unchanged."""
        alias = self.lookup.get(self.key(name))
        return alias.canonical if alias else name


def matcher(resources: Resources | None = None) -> AliasMatcher:
    """Return the ``AliasMatcher`` of the alias table of ``resources`` (default: the general data)."""
    res = resources or Resources.default()
    return res.memo("names.matcher", lambda: AliasMatcher(res.aliases))


def canonical(name: str, *, resources: Resources | None = None) -> str:
    """Return the canonical form of ``name`` when it is a listed variant, else ``name`` unchanged."""
    return matcher(resources).canonical(name)


def _function_words(res: Resources) -> frozenset[str]:
    return res.memo("names.function_words", lambda: res.stop_words | calendar(res).names())


def find_names(text: str, *, candidates: bool = True,
               resources: Resources | None = None) -> Iterator[tuple[int, int, str, str | None, str]]:
    """Yield ``(start, end, surface, canonical, type)`` for names in one line of text.

    Listed variants give their canonical name and type; with ``candidates``, other runs of two to
    four capitalised words (not starting with a function word, not overlapping a listed name) are
    yielded with canonical ``None`` and type ``"candidate"``.
    """
    res = resources or Resources.default()
    hits: list[tuple[int, int, str, str | None, str]] = [
        (s, e, surf, a.canonical, a.type) for s, e, surf, a in matcher(res).finditer(text)]
    if candidates:
        taken = [(s, e) for s, e, *_ in hits]
        fw = _function_words(res)
        for m in _CANDIDATE.finditer(text):
            words = list(_WORDS.finditer(m.group()))
            while words and words[0].group().lower().strip("’'") in fw:
                words = words[1:]
            if len(words) < 2:
                continue
            s, e = m.start() + words[0].start(), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            hits.append((s, e, text[s:e], None, "candidate"))
    hits.sort(key=lambda h: (h[0], h[1]))
    yield from hits
