"""Sentence spans within a line: sentencex, then a thin correcting pass (lists, ellipses, titles).

Every step is linear in the length of the line: sentencex reads a line longer than ``WINDOW``
characters in windows (it is quadratic on some inputs, e.g. a run of unclosed quotation marks), and
the corrections look at a bounded tail of each span rather than at the whole span again.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..resources import Resources

# sentencex reads at most this many characters at a time. A longer line is read in windows: the
# sentences of a window are kept but its last (which may run on), and the next window starts at that
# last sentence, so a line cut into windows gets the sentences it would get whole unless one sentence
# is itself longer than a window: it is then cut at the last space of the window (or at the window's end).
WINDOW = 5000
# The corrections look back at most this many characters from a span's end for an abbreviation or initial.
_TAIL = 64

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
# Text with no sentence end (no . ! ? or other full stop, no list marker, no line break of any kind):
# one sentence, whatever the passes below would do (a title, a name, a run of letters).
_PLAIN = re.compile(r"[A-Za-z0-9 ,;:'\"’‘“”\-–—/&%$€£#@*+=(\[\]]*")


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
    if len(text) <= 2000 and _PLAIN.fullmatch(text):  # no sentence ends in it: one sentence, quickly
        return [(len(text) - len(text.lstrip()), len(text.rstrip()))]
    abbrev = _abbrev_end(resources or Resources.default())
    spans = _sentencex_spans(text)
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


def _sentencex_spans(text: str, window: int = WINDOW) -> list[tuple[int, int]]:
    """sentencex's sentence spans of ``text``, read in windows of at most ``window`` characters."""
    segment = _segmenter()
    if len(text) <= window:
        return _locate(text, segment("en", text))
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + window)
        last = end == len(text)
        part = _locate(text[pos:end], segment("en", text[pos:end]))
        part = [(a + pos, b + pos) for a, b in part]
        if last:
            spans.extend(part)
            break
        if len(part) > 1 and part[-1][0] > pos:
            spans.extend(part[:-1])
            pos = part[-1][0]
            continue
        # One sentence fills the window: cut it at the window's last space.
        cut = text.rfind(" ", pos + 1, end)
        cut = cut if cut > pos else end
        head = text[pos:cut]
        lead = len(head) - len(head.lstrip())
        if head.strip():
            spans.append((pos + lead, pos + len(head.rstrip())))
        pos = cut
    return spans


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


def _ends_with(pattern: re.Pattern, text: str, a: int, b: int) -> bool:
    """Whether ``pattern`` (anchored at the end) matches at the end of ``text[a:b]``, looking at its
    last ``_TAIL`` characters only (so a long span costs no more than a short one)."""
    if b - a <= _TAIL:
        return pattern.search(text[a:b]) is not None
    return pattern.search(text, b - _TAIL, b) is not None


def _merge_abbreviations(text: str, spans, pattern: re.Pattern):
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and (text[a:a + 1].isupper() or text[a:a + 1].isdigit()) and _ends_with(pattern, text, *out[-1]):
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
    ends = [b for _, b in spans]
    out = []
    for x, y in zip(cuts, cuts[1:]):
        first = bisect.bisect_right(ends, x)  # spans are in order and do not overlap
        inside = []
        for a, b in spans[first:]:
            if a >= y:
                break
            inside.append((max(a, x), min(b, y)))
        inside = [(a, a + len(text[a:b].rstrip())) for a, b in inside if text[a:b].strip()]
        out.extend(_merge_bare_markers(text, inside))
    return out


def _merge_bare_markers(text: str, spans):
    """A span that is only a list marker ("1.", "2.)", "a.") joins the text after it."""
    # A marker is a few characters long: a longer piece (such as a marker joined to another) is not one.
    return _join_forward(text, spans, lambda a, b: b - a <= 64 and _BARE_MARKER.match(text[a:b]) is not None)


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
        quote = _OPEN_QUOTE.search(text, a, b)
        if quote is None:
            out.append((a, b))
            continue
        for m in _QUOTED_STOP.finditer(text, quote.end(), b):
            end = m.start(1)
            while end > pos and text[end - 1] in "”’\"'":
                end -= 1
            if _ends_with(abbrev, text, pos, end) or _ends_with(_INITIAL, text, pos, end):
                continue
            out.append((pos, m.start(1)))
            pos = m.end(1)
        out.append((pos, b))
    return out


def _attach_bare_punctuation(text: str, spans):
    """A span without a letter or digit ("..", "...") joins the sentence after it (or before it)."""
    return _join_forward(text, spans, lambda a, b: _WORD_CHAR.search(text, a, b) is None, own=True)


def _join_forward(text: str, spans, bare, *, own: bool = False) -> list[tuple[int, int]]:
    """Spans for which ``bare(start, end)`` holds join the span after them; a bare last span joins the one before.

    A span joined by a bare one is tested as joined, or (``own``, for a test that holds of the joined
    span exactly when it holds of both parts) on its own part only, so a long run of bare spans stays linear.
    """
    out: list[tuple[int, int]] = []
    carry = None
    for a, b in spans:
        start = a
        if carry is not None:
            a, carry = carry, None
        if bare(start if own else a, b):
            carry = a
            continue
        out.append((a, b))
    if carry is not None:
        if out:
            out[-1] = (out[-1][0], len(text.rstrip()))
        else:
            out.append((carry, len(text.rstrip())))
    return out
