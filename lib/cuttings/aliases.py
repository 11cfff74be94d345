"""Find name variants in text and map them to canonical names, from the editable ``data/aliases.tsv``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import data_path

_SPACE_OR_HYPHEN = r"[\s\-‐‑–]+"


@dataclass(frozen=True)
class Alias:
    """One canonical name with its type and variants (the canonical form is a variant too)."""

    canonical: str
    type: str
    variants: tuple[str, ...]


@lru_cache(maxsize=None)
def alias_table(path: str | None = None) -> tuple[Alias, ...]:
    """Return the alias table (default ``data/aliases.tsv``): canonical, type, variants."""
    source = path or data_path("aliases.tsv")
    rows = []
    with open(source, encoding="utf-8") as f:
        for raw in f:
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            parts = raw.rstrip("\n").split("\t")
            canonical, kind = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
            variants = [v.strip() for v in (parts[2] if len(parts) > 2 else "").split("|") if v.strip()]
            rows.append(Alias(canonical, kind or "other", tuple(dict.fromkeys([canonical, *variants]))))
    return tuple(rows)


def _variant_pattern(variant: str) -> str:
    text = variant.replace("’", "'")
    parts = re.split(r"[\s\-‐‑–]+", text)
    return _SPACE_OR_HYPHEN.join(re.escape(p).replace("'", "['’]") for p in parts if p)


class AliasMatcher:
    """Longest-match finder of every variant in the table (acronyms of up to 5 capitals match case-sensitively)."""

    def __init__(self, table: tuple[Alias, ...]) -> None:
        self.table = table
        self.lookup: dict[str, Alias] = {}
        exact, folded = [], []
        for alias in table:
            for v in alias.variants:
                key = self.key(v)
                self.lookup.setdefault(key, alias)
                (exact if (v.isupper() and len(v) <= 5) else folded).append(v)
        self.exact = self._compile(exact, 0)
        self.folded = self._compile(folded, re.IGNORECASE)

    @staticmethod
    def key(surface: str) -> str:
        """Normalised form used to look a surface string up: lower case, ' apostrophes, single spaces."""
        return re.sub(_SPACE_OR_HYPHEN, " ", surface.replace("’", "'")).strip().lower()

    @staticmethod
    def _compile(variants: list[str], flags: int) -> re.Pattern | None:
        if not variants:
            return None
        pats = sorted({_variant_pattern(v) for v in variants}, key=lambda p: (-len(p), p))
        return re.compile(rf"(?<![\w-])(?:{'|'.join(pats)})(?![\w-])", flags)

    def finditer(self, text: str):
        """Yield ``(start, end, surface, Alias)`` for every variant in ``text``, longest match first, no overlaps."""
        hits = []
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


@lru_cache(maxsize=None)
def matcher(path: str | None = None) -> AliasMatcher:
    """Return the (cached) ``AliasMatcher`` of the alias table at ``path`` (default: the bundled one)."""
    return AliasMatcher(alias_table(path))


def canonical(name: str, *, path: str | None = None) -> str:
    """Return the canonical form of ``name`` when it is a listed variant, else ``name`` unchanged."""
    alias = matcher(path).lookup.get(AliasMatcher.key(name))
    return alias.canonical if alias else name
