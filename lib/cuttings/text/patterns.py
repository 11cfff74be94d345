"""Patterns every layer uses, defined once: words, glued words, quote marks, list markers, calendar names.

Month and weekday names come from the temporal vocabulary (``temporal.txt``) of a ``Resources``, so
the segmenter's date lines, the date grammar and the name finder agree, and a profile that adds
names (another language's months, say) changes all of them at once.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..resources import Resources

# One character for one character, so offsets in the normalised text are offsets in the original.
_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"',
                       "«": '"', "»": '"', "\u00a0": " ", "‐": "-", "‑": "-"})

# A word: letters and digits, with inner hyphens and apostrophes ("cult-like", "don't").
WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")

# Two words pasted together with no space, as captions scraped with their alt text are
# ("AuthoritarianismOlsi"): a glue point is where five lower-case letters meet a capitalised word,
# inside a word of at least GLUE_MIN_LENGTH letters, so brand names (PlayStation, WhatsApp,
# MasterCard, iPhone) stay whole.
GLUE_MIN_LENGTH = 12
GLUE = re.compile(r"(?<=[a-z]{5})(?=[A-Z][a-z]{2})")
LONG_WORD = re.compile(rf"[^\W_]{{{GLUE_MIN_LENGTH},}}")

# Opening and closing quotation marks (straight and typographic).
OPEN_QUOTES = "“\"«‘'"
CLOSE_QUOTES = "”\"»’'"
# A sentence ends here: . ! ? … possibly before closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?…][\"”’'»)\]]*$")
QUESTION_END = re.compile(r"\?[\"”’'»)\]]*$")

# First-person singular pronouns (a narrator's voice), and text in double quotation marks (quoted speech).
FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself|I[’']m|I[’']ve|I[’']d|I[’']ll)\b")
IN_QUOTES = re.compile(r"“[^”]*”|\"[^\"]*\"")

# A list item's marker: a bullet, "1.", "2)", "3-", "(4)", "a)", "b." at the start of a line.
LIST_MARKER = re.compile(r"^\s*(?:[-–—•*·⁃▪►]|\(?\d{1,3}\s*[.)\-–]|\(?[a-z][.)])\s*")

# Verbs of the "X, translated by Y" line: the piece was taken from X and passed on by Y.
REPUBLISH_VERBS = ("translated", "republished", "re-published", "reposted", "adapted", "excerpted")
REPUBLISHED = re.compile(rf"\b(?:{'|'.join(REPUBLISH_VERBS)})\s+(?:by|from)\b", re.I)


def normalize(text: str) -> str:
    """Return ``text`` with curly quotes/apostrophes straightened and non-breaking spaces and hyphens
    plain; the result has the same length, so offsets carry over."""
    return text.translate(_FOLD)


def glue_points(word: str) -> list[int]:
    """Offsets inside ``word`` where two glued words meet (empty for most words): the glue points of
    its runs of at least ``GLUE_MIN_LENGTH`` letters, as ``unglue`` finds them."""
    if len(word) < GLUE_MIN_LENGTH:
        return []
    return [run.start() + g.start() for run in LONG_WORD.finditer(word) for g in GLUE.finditer(run.group())]


def has_glue(text: str) -> bool:
    """Whether ``text`` holds two words glued together (see ``GLUE``)."""
    return any(GLUE.search(m.group()) for m in LONG_WORD.finditer(text))


def unglue(text: str) -> str:
    """``text`` with a space inserted at every glue point (offsets change: for word forms only)."""
    return LONG_WORD.sub(lambda m: GLUE.sub(" ", m.group()), text)


def alternation(phrases: Iterable[str], *, word_boundary: bool = True) -> str:
    """Return a regex alternation of literal phrases, longest first, spaces matching any whitespace."""
    parts = sorted({re.escape(p).replace(r"\ ", r"\s+") for p in phrases}, key=lambda s: (-len(s), s))
    body = "|".join(parts) if parts else r"(?!x)x"
    return rf"(?:{body})" if not word_boundary else rf"(?:(?<!\w)(?:{body})(?!\w))"


@dataclass(frozen=True)
class Calendar:
    """Month and weekday names of the temporal vocabulary, and regexes built from them."""

    months: dict[str, int]          # lower-case name or abbreviation -> 1..12
    months_full: tuple[str, ...]    # January ... December
    months_any: tuple[str, ...]     # full names and abbreviations
    weekdays: dict[str, int]        # lower-case name or abbreviation -> ISO 1..7
    weekdays_full: tuple[str, ...]
    weekdays_any: tuple[str, ...]

    @property
    def month(self) -> str:
        """Regex (case-insensitive use) of a month name or abbreviation, with an optional full stop."""
        return rf"(?:{'|'.join(sorted((re.escape(m) for m in self.months_any), key=lambda s: (-len(s), s)))})\.?"

    @property
    def weekday(self) -> str:
        """Regex of a full weekday name."""
        return rf"(?:{'|'.join(re.escape(w) for w in self.weekdays_full)})"

    def names(self) -> frozenset[str]:
        """Every full month and weekday name, lower case."""
        return frozenset(n.lower() for n in self.months_full + self.weekdays_full)


def calendar(resources: Resources | None = None) -> Calendar:
    """Return the ``Calendar`` of ``resources`` (default: the general data)."""
    res = resources or Resources.default()
    return res.memo("text.calendar", lambda: _calendar(res))


def _calendar(res: Resources) -> Calendar:
    sections = res.sections("temporal.txt")

    def read(section: str) -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]:
        numbers: dict[str, int] = {}
        full: list[str] = []
        any_: list[str] = []
        for entry in sections.get(section, ()):
            num, name, *abbr = entry.split()
            full.append(name)
            any_ += [name, *abbr]
            for n in (name, *abbr):
                numbers[n.lower()] = int(num)
        return numbers, tuple(full), tuple(any_)

    months, months_full, months_any = read("months")
    weekdays, weekdays_full, weekdays_any = read("weekdays")
    return Calendar(months, months_full, months_any, weekdays, weekdays_full, weekdays_any)
