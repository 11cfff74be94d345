"""One tokenizer for the whole library: folded case, straight quotes, hyphenated words, names as one token."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..resources import Resources
from .names import AliasMatcher, matcher
from .patterns import LONG_WORD, WORD, glue_points, normalize, unglue

_POSSESSIVE = re.compile(r"'s$")
# Where a listed name can start (the alias patterns refuse a letter, digit, _ or - just before a name),
# and the first word of every variant: together a cheap filter before the alias patterns are tried.
_NAME_START = re.compile(r"(?<![\w-])[^\W_]+")
_FIRST_WORD = re.compile(r"[^\W_]+")
# A word joined to a name by an apostrophe ("Iran's", "l'Iran") overlaps the name and is dropped.
_JOINED_AFTER = re.compile(r"'[^\W_]+(?:[-'][^\W_]+)*")
_JOINED_BEFORE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*'$")


@dataclass(frozen=True, slots=True)
class Token:
    """A token: its form (lower case, or the canonical name for a listed variant) and its span in the text."""

    form: str
    start: int
    end: int
    kind: str  # word, number or name


def _first_words(m: AliasMatcher) -> frozenset[str]:
    words = set()
    for alias in m.table:
        for variant in alias.variants:
            found = _FIRST_WORD.search(normalize(variant))
            if found:
                words.add(found.group().lower())
    return frozenset(words)


def name_spans(norm: str, *, resources: Resources | None = None) -> list[tuple[int, int, str, str]]:
    """Return ``(start, end, canonical, type)`` of every listed name variant in normalised text ``norm``.

    The same matches as ``cuttings.text.names.matcher(resources).finditer`` (longest match first,
    no overlaps), found faster: the alias patterns are only tried where a word that begins some
    variant starts.
    """
    res = resources or Resources.default()
    m = matcher(res)
    first = res.memo("tokens.first_words", lambda: _first_words(m))
    if not first:
        return []
    patterns = [p for p in (m.exact, m.folded) if p is not None]
    out = []
    last_end = -1
    for w in _NAME_START.finditer(norm):
        start = w.start()
        if start < last_end or w.group().lower() not in first:
            continue
        ends = sorted((h.end() for p in patterns if (h := p.match(norm, start))), reverse=True)
        for end in ends:
            alias = m.lookup.get(m.key(norm[start:end]))
            if alias is not None:
                out.append((start, end, alias.canonical, alias.type))
                last_end = end
                break
    return out


def token_spans(text: str, *, aliases: bool = True, numbers: bool = False, stop: bool = True,
                resources: Resources | None = None) -> list[Token]:
    """Return the tokens of ``text`` with character offsets.

    ``aliases``: a listed name variant (``aliases.tsv`` of ``resources``), even of several words,
    becomes one token whose form is its canonical name ("United Nations" -> "UN" when listed so); a
    word joined to a name ("UN's") is part of it; an underscore separates names as it separates
    words ("Photo_UN_Geneva" holds UN). ``numbers``: keep tokens that start with a digit.
    ``stop``: keep stop words (``False`` drops them; names are never stop words).
    Other words are lower-cased, possessive 's is dropped, hyphenated words stay whole.
    """
    res = resources or Resources.default()
    norm = normalize(text)
    out: list[Token] = []
    taken = name_spans(norm.replace("_", " "), resources=res) if aliases else []
    stops = None if stop else res.stop_words
    k = 0
    for m in WORD.finditer(norm):
        start, end = m.span()
        while k < len(taken) and taken[k][1] <= start:
            out.append(Token(taken[k][2], taken[k][0], taken[k][1], "name"))
            k += 1
        if k < len(taken) and taken[k][0] < end:
            continue  # inside a name
        for piece, at in _pieces(m.group(), start):
            word = _POSSESSIVE.sub("", piece.lower())
            if word[:1].isdigit():
                if not numbers:
                    continue
                kind = "number"
            else:
                kind = "word"
            if stops is not None and word in stops:
                continue
            out.append(Token(word, at, at + len(piece), kind))
    out.extend(Token(c, s, e, "name") for s, e, c, _ in taken[k:])
    return out


def _pieces(word: str, start: int):
    """Split a matched word at glue points: yields (sub-word, start offset)."""
    points = glue_points(word)
    if not points:
        yield word, start
        return
    cuts = [0, *points, len(word)]
    for a, b in zip(cuts, cuts[1:]):
        yield word[a:b], start + a


def _words(segment: str, out: list[str], numbers: bool, stops) -> None:
    if LONG_WORD.search(segment):
        segment = unglue(segment)
    low = segment.lower()
    # lower() keeps the length (and so the word boundaries) except for rare letters such as "İ".
    found = WORD.findall(low) if len(low) == len(segment) else [w.lower() for w in WORD.findall(segment)]
    for w in found:
        if w.endswith("'s"):
            w = w[:-2]
        if (not numbers and w[0].isdigit()) or (stops is not None and w in stops):
            continue
        out.append(w)


def tokenize(text: str, *, aliases: bool = True, numbers: bool = False, stop: bool = False,
             resources: Resources | None = None) -> list[str]:
    """Return the token forms of ``text`` (stop words dropped unless ``stop=True``; see ``token_spans``).

    Always equal to ``[t.form for t in token_spans(text, ...)]``, computed without building spans.
    """
    res = resources or Resources.default()
    norm = normalize(text)
    stops = None if stop else res.stop_words
    out: list[str] = []
    names = name_spans(norm.replace("_", " "), resources=res) if aliases else []
    pos = 0
    for start, end, canonical, _ in names:
        segment = norm[pos:start]
        if pos and segment[:1] == "'" and (h := _JOINED_AFTER.match(segment)):
            segment = segment[h.end():]
        if segment[-1:] == "'" and (t := _JOINED_BEFORE.search(segment)):
            segment = segment[:t.start()]
        _words(segment, out, numbers, stops)
        out.append(canonical)
        pos = end
    segment = norm[pos:]
    if pos and segment[:1] == "'" and (h := _JOINED_AFTER.match(segment)):
        segment = segment[h.end():]
    _words(segment, out, numbers, stops)
    return out


def ngrams(tokens: list[str], n: int) -> list[str]:
    """Return the n-grams of a token list, each joined by one space (names keep their inner spaces)."""
    return [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


class Analyzer:
    """A picklable callable for scikit-learn vectorizers (``CountVectorizer(analyzer=Analyzer())``).

    Returns unigrams, or the n-grams of ``ngram_range``; as in scikit-learn, stop words are removed
    before n-grams are formed (so "members of the union" gives the bigram "members union").
    """

    def __init__(self, *, aliases: bool = True, numbers: bool = False, stop: bool = False,
                 ngram_range: tuple[int, int] = (1, 1), resources: Resources | None = None) -> None:
        self.aliases, self.numbers, self.stop, self.ngram_range = aliases, numbers, stop, tuple(ngram_range)
        self.resources = resources

    def __repr__(self) -> str:
        return (f"Analyzer(aliases={self.aliases}, numbers={self.numbers}, stop={self.stop}, "
                f"ngram_range={self.ngram_range})")

    def __call__(self, text: str) -> list[str]:
        toks = tokenize(text, aliases=self.aliases, numbers=self.numbers, stop=self.stop, resources=self.resources)
        lo, hi = self.ngram_range
        if (lo, hi) == (1, 1):
            return toks
        grams = []
        for n in range(lo, hi + 1):
            grams.extend(toks if n == 1 else ngrams(toks, n))
        return grams
