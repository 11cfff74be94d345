"""Sentence spans within a line: sentencex, then a thin correcting pass (lists, ellipses, titles)."""
from __future__ import annotations

import re
from functools import lru_cache

from ..resources import Resources

# A segment that is only a list marker ("1.", "2.)", "• 9.", "a.") belongs to the text after it.
_BARE_MARKER = re.compile(r"^(?:[•⁃▪\-–*]\s*)?\(?(?:\d{1,3}|[a-z])(?:\.\)|[.)])$")
# Inline list markers: "1. ", "2.) ", "3) ", "a. ", "• 9. ", "⁃10. " at a word start.
_INLINE_MARKER = re.compile(r"(?:(?<=\s)|^)(?:[•⁃▪]\s*)?(\d{1,3}|[a-z])(?:\.\)|\.|\))\s+(?=\S)")
# Four dots with spaces after a word ("compounds. . . . The"): the stop ends the sentence and the
# spaced ellipsis opens the next one (the Chicago Manual's rule, as in the Golden Rules).
_STOP_THEN_ELLIPSIS = re.compile(r"(?<=\w\.)\s+\. \. \.$")
# Inside quoted speech (which sentencex keeps whole): a stop, then a capital, ends a sentence.
_QUOTED_STOP = re.compile(r"(?<=[.!?…])[”’\"']?(\s+)(?=[“‘\"']?[A-Z])")
_OPEN_QUOTE = re.compile(r"[“‘\"]")
_INITIAL = re.compile(r"(?:^|[\s(.])[A-Z]\.$")
_WORD_CHAR = re.compile(r"[^\W_]")


@lru_cache(maxsize=1)
def _segmenter():
    from sentencex import segment

    return segment


def _abbrev_end(resources: Resources) -> re.Pattern:
    def build() -> re.Pattern:
        words = "|".join(sorted(map(re.escape, resources.list("abbreviations.txt")), key=lambda w: (-len(w), w)))
        return re.compile(rf"(?:^|[\s(])(?:{words})\.$", re.I)

    return resources.memo("sentences.abbreviations", build)


def split(text: str, *, resources: Resources | None = None) -> list[tuple[int, int]]:
    """Return sentence spans ``(start, end)`` in ``text``, end exclusive, outer whitespace excluded.

    ``resources``: whose abbreviations (``abbreviations.txt``) never end a sentence (default: the general data).
    """
    if not text.strip():
        return []
    abbrev = _abbrev_end(resources or Resources.default())
    spans = _locate(text, _segmenter()("en", text))
    spans = _merge_abbreviations(text, spans, abbrev)
    spans = _fix_lists(text, spans)
    if ". . ." in text:
        spans = _move_ellipses(text, spans)
    if _OPEN_QUOTE.search(text):
        spans = _split_quotes(text, spans, abbrev)
    return _attach_bare_punctuation(text, spans)


def sentences(text: str, *, resources: Resources | None = None) -> list[str]:
    """Return the sentences of ``text`` as strings (see ``split``)."""
    return [text[a:b] for a, b in split(text, resources=resources)]


def _locate(text: str, pieces) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece, pos)
        if start < 0:  # the splitter changed the text: fall back to one span for the rest
            rest = text[pos:]
            lead = len(rest) - len(rest.lstrip())
            spans.append((pos + lead, len(text.rstrip())))
            return spans
        spans.append((start, start + len(piece)))
        pos = start + len(piece)
    return spans


def _merge_abbreviations(text: str, spans, pattern: re.Pattern):
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and pattern.search(text[out[-1][0]:out[-1][1]]) and (text[a:a + 1].isupper() or text[a:a + 1].isdigit()):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _fix_lists(text: str, spans):
    """Split an enumeration ("1. ... 2. ...") at its markers; never leave a marker on its own."""
    marks = list(_INLINE_MARKER.finditer(text))
    lead = len(text) - len(text.lstrip())
    if len(marks) < 2 or marks[0].start() != lead or not _consecutive([m.group(1) for m in marks]):
        return _merge_bare_markers(text, spans)
    cuts = [m.start() for m in marks] + [len(text)]
    out = []
    for x, y in zip(cuts, cuts[1:]):
        inside = [(max(a, x), min(b, y)) for a, b in spans if a < y and b > x]
        inside = [(a, a + len(text[a:b].rstrip())) for a, b in inside if text[a:b].strip()]
        out.extend(_merge_bare_markers(text, inside))
    return out


def _merge_bare_markers(text: str, spans):
    """A span that is only a list marker ("1.", "2.)", "a.") joins the text after it."""
    return _join_forward(text, spans, lambda piece: _BARE_MARKER.match(piece) is not None)


def _consecutive(values: list[str]) -> bool:
    nums = [int(v) if v.isdigit() else ord(v) for v in values]
    return all(y == x + 1 for x, y in zip(nums, nums[1:]))


def _move_ellipses(text: str, spans):
    out = list(spans)
    for k in range(len(out) - 1):
        a, b = out[k]
        m = _STOP_THEN_ELLIPSIS.search(text, a, b)
        if m and text[out[k + 1][0]:out[k + 1][0] + 1].isupper():
            out[k] = (a, m.start())
            out[k + 1] = (m.start() + len(m.group()) - len(m.group().lstrip()), out[k + 1][1])
    return out


def _split_quotes(text: str, spans, abbrev: re.Pattern):
    """Split quoted speech of several sentences at each stop followed by a capital."""
    out = []
    for a, b in spans:
        pos = a
        for m in _QUOTED_STOP.finditer(text, a, b):
            head = text[pos:m.start(1)]
            if not _OPEN_QUOTE.search(text, a, m.start(1)):
                continue
            bare = head.rstrip("”’\"'")
            if abbrev.search(bare) or _INITIAL.search(bare):
                continue
            out.append((pos, m.start(1)))
            pos = m.end(1)
        out.append((pos, b))
    return out


def _attach_bare_punctuation(text: str, spans):
    """A span without a letter or digit ("..", "...") joins the sentence after it (or before it)."""
    return _join_forward(text, spans, lambda piece: _WORD_CHAR.search(piece) is None)


def _join_forward(text: str, spans, bare) -> list[tuple[int, int]]:
    """Spans whose text satisfies ``bare`` join the span after them; a bare last span joins the one before."""
    out: list[tuple[int, int]] = []
    carry = None
    for a, b in spans:
        if carry is not None:
            a, carry = carry, None
        if bare(text[a:b]):
            carry = a
            continue
        out.append((a, b))
    if carry is not None:
        if out:
            out[-1] = (out[-1][0], len(text.rstrip()))
        else:
            out.append((carry, len(text.rstrip())))
    return out
