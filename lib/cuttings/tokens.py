"""One tokenizer for the whole library: folded case, straight quotes, hyphenated words, names as one token."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .aliases import matcher
from .lexicon import stop_words

# One character for one character, so offsets in the normalised text are offsets in the original.
_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"',
                       "«": '"', "»": '"', "\u00a0": " ", "‐": "-", "‑": "-"})
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_POSSESSIVE = re.compile(r"'s$")


@dataclass(frozen=True, slots=True)
class Token:
    """A token: its form (lower case, or the canonical name for a listed variant) and its span in the text."""

    form: str
    start: int
    end: int
    kind: str  # word, number or name


def normalize(text: str) -> str:
    """Return ``text`` with curly quotes/apostrophes straightened and non-breaking spaces and hyphens plain (same length)."""
    return text.translate(_FOLD)


def token_spans(text: str, *, aliases: bool = True, numbers: bool = False, stop: bool = True) -> list[Token]:
    """Return the tokens of ``text`` with character offsets.

    ``aliases``: a listed name variant (``data/aliases.tsv``), even of several words, becomes one
    token whose form is its canonical name ("Mojahedin Khalq Organization" -> "MEK").
    ``numbers``: keep tokens that start with a digit. ``stop``: keep stop words (``False`` drops them).
    Other words are lower-cased, possessive 's is dropped, hyphenated words stay whole.
    """
    norm = normalize(text)
    out: list[Token] = []
    taken: list[tuple[int, int]] = []
    if aliases:
        for start, end, _surface, alias in matcher().finditer(norm):
            out.append(Token(alias.canonical, start, end, "name"))
            taken.append((start, end))
    stops = None if stop else stop_words()
    k = 0
    for m in _WORD.finditer(norm):
        start, end = m.span()
        while k < len(taken) and taken[k][1] <= start:
            k += 1
        if k < len(taken) and taken[k][0] < end:
            continue  # inside a name
        word = _POSSESSIVE.sub("", m.group().lower())
        if word[:1].isdigit():
            if not numbers:
                continue
            kind = "number"
        else:
            kind = "word"
        if stops is not None and word in stops:
            continue
        out.append(Token(word, start, end, kind))
    if aliases:
        out.sort(key=lambda t: t.start)
    return out


def tokenize(text: str, *, aliases: bool = True, numbers: bool = False, stop: bool = False) -> list[str]:
    """Return the token forms of ``text`` (stop words dropped unless ``stop=True``; see ``token_spans``)."""
    return [t.form for t in token_spans(text, aliases=aliases, numbers=numbers, stop=stop)]


class Analyzer:
    """A picklable callable for scikit-learn vectorizers (``CountVectorizer(analyzer=Analyzer())``).

    Returns unigrams, or the n-grams of ``ngram_range``; as in scikit-learn, stop words are removed
    before n-grams are formed.
    """

    def __init__(self, *, aliases: bool = True, numbers: bool = False, stop: bool = False,
                 ngram_range: tuple[int, int] = (1, 1)) -> None:
        self.aliases, self.numbers, self.stop, self.ngram_range = aliases, numbers, stop, ngram_range

    def __call__(self, text: str) -> list[str]:
        toks = tokenize(text, aliases=self.aliases, numbers=self.numbers, stop=self.stop)
        lo, hi = self.ngram_range
        if (lo, hi) == (1, 1):
            return toks
        grams = []
        for n in range(lo, hi + 1):
            grams.extend(" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1))
        return grams
