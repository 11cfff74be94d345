"""Line categories: what each line looks like on its own (link, date, byline, title-like, prose, ...)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..resources import Resources
from ..text.patterns import (
    FIRST_PERSON,
    IN_QUOTES,
    LIST_MARKER,
    QUESTION_END,
    REPUBLISHED,
    SENTENCE_END,
    alternation,
    calendar,
    has_glue,
)

# Line categories (internal to the segmenter; roles are what users see).
BLANK, LINK, DATE, SIGNOFF, SALUTATION, CREDIT, ATTRIB, ATTRIB_WEAK = range(8)
LIST, CAPTION, LABELLED, QUESTION, HEADING, TITLE, PROSE, SHORT = range(8, 16)
CLOSERS = {LINK, CREDIT, ATTRIB}
HEADER = {CREDIT, DATE, ATTRIB, ATTRIB_WEAK}
HEADER_AFTER_CLOSE = HEADER | {TITLE, HEADING, CAPTION, SHORT}
BODYISH = {PROSE, SHORT, LABELLED, QUESTION, LIST}


@dataclass(slots=True)
class LineInfo:
    """What one line looks like on its own."""

    cat: int
    words: int
    label: str | None = None  # speaker label of "Label: text" lines
    rest: str | None = None   # the text after the label
    ends_colon: bool = False
    final: bool = False       # ends like a sentence (. ! ? … possibly before a closing quote)
    name_like: bool = False
    titleish: bool = False    # a pull quote or question that can still open a piece after a closing line


_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
_CONNECTORS = {"of", "the", "de", "del", "da", "di", "al", "el", "bin", "bint", "ibn", "van", "von",
               "der", "den", "e", "and", "y", "la", "le", "du", "&", "-", "–", "—"}


class Patterns:
    """The regular expressions of line categories that come from data (outlets, labels, letter forms, dates)."""

    def __init__(self, res: Resources) -> None:
        outlets = []
        for canonical, variants in res.table("outlets.tsv"):
            outlets.append(canonical)
            outlets.extend(v.strip() for v in variants.split("|") if v.strip())
        self.outlet_full = re.compile(rf"\s*(?:By\s+)?{alternation(outlets)}\s*", re.I)
        credit = res.sections("credit_labels.txt")
        self.credit_label = re.compile(rf"^\s*{alternation(credit.get('label', ()))}\s*:\s*\S", re.I)
        self.credit_bio = re.compile(
            rf"^[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){{1,3}}\s+is\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,3}}"
            rf"{alternation(credit.get('bio', ()))}\s+(?:for|at|of|with)\b", re.I)
        self.credit_by = re.compile(
            rf"^(?:[\w’'-]+\s+){{0,6}}{alternation(credit.get('by', ()))}\s+by\s+\S", re.I)
        self.caption_label = re.compile(rf"^\s*{alternation(res.list('caption_labels.txt'))}\s*:\s*\S", re.I)
        self.signoff = re.compile(alternation(res.list("signoffs.txt")), re.I)
        self.salutation = re.compile(rf"^\s*{alternation(res.list('salutations.txt'))}", re.I)
        cal = calendar(res)
        month, weekday = cal.month, cal.weekday
        self.date_line = re.compile(
            rf"^(?:{weekday},?\s+)?(?:the\s+)?(?:{_ORD}\s+(?:of\s+)?{month},?\s+\d{{4}}|"
            rf"{month}\s+{_ORD},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})\.?$", re.I)


def patterns(resources: Resources | None = None) -> Patterns:
    """The ``Patterns`` of ``resources`` (default: the general data), compiled once per ``Resources``."""
    res = resources or Resources.default()
    return res.memo("segment.patterns", lambda: Patterns(res))


_LINK = re.compile(r"^/?(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?:/\S*)?/?$")
_HONORIFIC_COMMA = re.compile(r"^(?:Mr|Mrs|Ms|Madam|Madame|Sir|Dr|Mister)\.?(?:\s+[\w.’'-]+){0,3},$")
_ATTRIB_LEAD = re.compile(r"^(?:source|via|courtesy(?:\s+of)?|copyright|©|\(c\))(?:\s*:\s*|\s+)\S", re.I)
_BYLINE = re.compile(r"^By\s+[A-Z][\w.’'-]*(?:\s+(?:and\s+)?[A-Z][\w.’'-]*){0,5}$")
_LIST = re.compile(r"^\s*(?:[-–—•*·⁃▪►]\s*\S|\(?\d{1,3}\s*(?:[.)]\s+|-\s+|-(?=[A-Z]))\S|\(?[a-z][.)]\s+\S)")
_LABEL = re.compile(r"^\s*([^\W\d_][\w.’'&-]*(?:\s+[\w.’'&-]+){0,4}?)\s*:\s+(\S.*)$")
_QUOTED = re.compile(r"^[“\"«‘'].*[”\"»’']$")
_QUOTE_END_STOP = re.compile(r"[.?,;:][\"”’'»)\]]+$")
_FILENAME = re.compile(r"\w+_\w+_\w+")

# Tunables of a line's category, in words unless said. Each trades how much of a dump's apparatus
# (titles, bylines, captions, labels) is recognised against how much prose is taken for it.
NAME_MAX_WORDS = 6          # a name-like line: at most this many words ...
NAME_CAPPED_SHARE = 0.6     # ... of which this share carry a capital or a digit
TITLE_MAX_WORDS = 25        # a title is at most this long (a longer line is a paragraph)
TITLE_MAX_CHARS = 220
PROSE_MIN_WORDS = 25        # a line this long is prose whatever its shape ...
SENTENCE_MIN_WORDS = 12     # ... and one this long ending a sentence
SHORT_LINE_WORDS = 14       # sign-offs, salutations, credits and name lines are no longer
CLOSING_MAX_WORDS = 10      # a sign-off, salutation or credit label line
BYLINE_NAME_WORDS = 6       # "By NAME, Outlet": the name part ...
BYLINE_OUTLET_WORDS = 4     # ... and the outlet part
SHORT_PARAGRAPH_WORDS = 40  # a question, a credit's biography, a pasted file name: no longer
DOUBLED_MIN_CHARS = 20      # a caption pasted twice ("ab ab") is at least this long
LABEL_MAX_WORDS = 5         # "Label: text": the label
CAPS_HEADING_MAX_WORDS = 8  # a heading in capitals
LABEL_RECUR_LINES = 50      # a label recurring this near is a speaker label of a transcript
SHAPE_KEY_MAX_WORDS = 15    # lines this short are compared by their shape (recurring captions)


_CLOSERS = "\"”’'»)]"   # SENTENCE_END's closing quotes and brackets


def _ends_sentence(t: str) -> bool:
    """``SENTENCE_END.search(t)`` for a stripped line (no trailing line break), without a regex
    scan of the whole line: a sentence mark before nothing but closing quotes and brackets."""
    u = t.rstrip(_CLOSERS)
    return bool(u) and u[-1] in ".!?…"


def name_like(text: str, *, max_words: int = NAME_MAX_WORDS) -> bool:
    """Short line whose words mostly carry capitals (names, places, organisations, dates)."""
    toks = [t.strip(",;:()") for t in text.split()]
    toks = [t for t in toks if t and t.lower() not in _CONNECTORS]
    if not toks or len(toks) > max_words:
        return False
    capped = sum(1 for t in toks if any(ch.isupper() or ch.isdigit() for ch in t))
    return capped >= NAME_CAPPED_SHARE * len(toks)


def _label_is_name(label: str) -> bool:
    toks = label.split()
    return all(t[0].isupper() or t.lower() in _CONNECTORS for t in toks if t)


def _titlelike(t: str, words: int) -> bool:
    if words == 0 or words > TITLE_MAX_WORDS or len(t) > TITLE_MAX_CHARS:
        return False
    if t[-1] in ".,;:?…" or _QUOTE_END_STOP.search(t):
        return False
    first = t.lstrip("“\"«‘'([")[:1]
    return bool(first) and (first.isupper() or first.isdigit() or first in "$£€&#")


def _title_or_text(t: str, info: LineInfo) -> None:
    """Set a line's category to TITLE, or PROSE/SHORT. An exclamation ("...!") reads as a headline
    only right after a closing line (``titleish``), never in the middle of a piece."""
    if _titlelike(t, info.words):
        if t.endswith("!"):
            info.titleish = True
        else:
            info.cat = TITLE
            return
    info.cat = PROSE if info.words >= PROSE_MIN_WORDS or (info.words >= SENTENCE_MIN_WORDS and info.final) else SHORT


def categorize(text: str, p: Patterns) -> LineInfo:
    """Return the category of one line from its own shape (no context); ``p``: see ``patterns``."""
    t = text.strip()
    if not t:
        return LineInfo(BLANK, 0)
    words = len(t.split())
    final = _ends_sentence(t)
    info = LineInfo(PROSE, words, ends_colon=t.endswith(":"), final=final)
    if words <= SHORT_LINE_WORDS:
        info.name_like = name_like(t)
        if words == 1 and _LINK.match(t):
            info.cat = LINK
            return info
        if p.date_line.match(t):
            info.cat = DATE
            return info
        if words <= CLOSING_MAX_WORDS and t[-1] not in ".?!" and p.signoff.search(t):
            info.cat = SIGNOFF
            return info
        if words <= CLOSING_MAX_WORDS and (p.salutation.match(t) or _HONORIFIC_COMMA.match(t)) and t[-1] not in ".?":
            info.cat = SALUTATION
            return info
        if (words <= CLOSING_MAX_WORDS and p.credit_label.match(t)) or (not final and (p.credit_by.match(t) or _BYLINE.match(t))):
            info.cat = CREDIT
            return info
        if not final and not t.endswith(":"):
            if REPUBLISHED.search(t) or _ATTRIB_LEAD.match(t) or p.outlet_full.fullmatch(t):
                info.cat = ATTRIB
                return info
            if "," in t:
                left, right = t.rsplit(",", 1)
                if right.strip() and p.outlet_full.fullmatch(right) and name_like(left.removeprefix("By ")):
                    info.cat = ATTRIB
                    return info
                if ("," not in left and name_like(left.removeprefix("By "), max_words=BYLINE_NAME_WORDS)
                        and name_like(right, max_words=BYLINE_OUTLET_WORDS) and right.strip()[:1].isupper()):
                    info.cat = ATTRIB_WEAK
                    return info
    if words <= SHORT_PARAGRAPH_WORDS and p.credit_bio.match(t):
        info.cat = CREDIT
        return info
    if _LIST.match(t):
        info.cat = LIST
        return info
    half = len(t) // 2
    if len(t) >= DOUBLED_MIN_CHARS and t[:half].strip() == t[half:].strip():
        info.cat = CAPTION
        return info
    m = _LABEL.match(t)
    if m:
        label, rest = m.group(1).strip(), m.group(2).strip()
        if p.caption_label.match(t):
            info.cat = CAPTION
            return info
        if _label_is_name(label) and _QUOTED.match(rest):
            info.cat = CAPTION
            info.titleish = _titlelike(t, words)
            return info
        if len(label.split()) <= LABEL_MAX_WORDS:
            info.label, info.rest = label, rest
            info.cat = LABELLED
            return info
    if not final and words <= SHORT_PARAGRAPH_WORDS and (_FILENAME.search(t) or has_glue(t)):
        info.cat = CAPTION
        return info
    if QUESTION_END.search(t) and words <= SHORT_PARAGRAPH_WORDS:
        info.cat = QUESTION
        info.titleish = words <= TITLE_MAX_WORDS
        return info
    if words <= CAPS_HEADING_MAX_WORDS and not final and t.upper() == t and sum(ch.isupper() for ch in t) >= 2:
        info.cat = HEADING
        return info
    _title_or_text(t, info)
    return info


def resolve_labels(texts: list[str], infos: list[LineInfo]) -> None:
    """Keep "Label: text" as speech only when the label looks like a name or recurs nearby."""
    positions: dict[str, list[int]] = {}
    for i, info in enumerate(infos):
        if info.cat == LABELLED:
            positions.setdefault((info.label or "").lower(), []).append(i)
    for idx in positions.values():
        for k, i in enumerate(idx):
            info = infos[i]
            near = (k > 0 and i - idx[k - 1] <= LABEL_RECUR_LINES) or (k + 1 < len(idx) and idx[k + 1] - i <= LABEL_RECUR_LINES)
            label, rest = info.label or "", info.rest or ""
            if near or (_label_is_name(label) and SENTENCE_END.search(rest)):
                if QUESTION_END.search(rest):
                    info.ends_colon = False
                continue
            # Not a speaker: read the line as a whole.
            label_free = categorize_unlabelled(texts[i])
            infos[i] = label_free


def categorize_unlabelled(text: str) -> LineInfo:
    """Categorize a line whose "X:" opening is not a speaker label."""
    t = text.strip()
    words = len(t.split())
    final = _ends_sentence(t)
    info = LineInfo(PROSE, words, ends_colon=t.endswith(":"), final=final,
                    name_like=words <= SHORT_LINE_WORDS and name_like(t))
    if QUESTION_END.search(t) and words <= SHORT_PARAGRAPH_WORDS:
        info.cat = QUESTION
        info.titleish = words <= TITLE_MAX_WORDS
    else:
        _title_or_text(t, info)
    return info


def _shape_key(text: str) -> str | None:
    t = LIST_MARKER.sub("", text.strip(), count=1)
    head, sep, _ = t.partition(": ")
    if sep and head.split():
        return "colon:" + head.split()[-1].lower()
    return None


def resolve_lists(texts: list[str], infos: list[LineInfo]) -> None:
    """Lines shaped like the list item above them ("X murdered: date place") are list items too."""
    key = None
    for i, info in enumerate(infos):
        if info.cat == BLANK:
            continue
        if info.cat == LIST:
            key = _shape_key(texts[i])
            continue
        if key is not None and info.words <= SHAPE_KEY_MAX_WORDS and _shape_key(texts[i]) == key:
            info.cat = LIST
            continue
        key = None



# FIRST_PERSON's matches, or a line break: the look-ahead only skips, fast, the positions where no
# match can start (every pronoun starts with "I" or "m"), so the matches are FIRST_PERSON's.
_FIRST_PERSON_OR_BREAK = re.compile(rf"(?=[Im\n])(?:{FIRST_PERSON.pattern}|\n)")
_FIRST_PERSON = re.compile(rf"(?=[Im]){FIRST_PERSON.pattern}")
VOICE_BLOCK_CHARS = 1 << 16   # lines are read in blocks of about this many characters


@dataclass(slots=True)
class Voice:
    """The narrative voice of every line of a file: first-person singular pronouns (``FIRST_PERSON``)
    in the line, and in its narration (the line with its quoted passages, ``IN_QUOTES``, blanked),
    with the narration's words (whitespace-separated). Lists of ints, one per line."""

    first_person: list[int]
    narrated_first_person: list[int]
    narrated_words: list[int]


def line_blocks(texts: list[str], max_chars: int) -> Iterator[tuple[int, int]]:
    """Consecutive ranges ``(a, b)`` of ``texts`` holding about ``max_chars`` characters each (at least one
    line; line breaks counted), for the per-file passes that read a block of lines in one regex call."""
    n = len(texts)
    a = 0
    while a < n:
        b, size = a, 0
        while b < n and (b == a or size < max_chars):
            size += len(texts[b]) + 1
            b += 1
        yield a, b
        a = b


def line_voice(texts: list[str], infos: list[LineInfo]) -> Voice:
    """The ``Voice`` of ``texts`` (one file's lines; ``infos``: their categories, for the word counts).

    The same counts as ``FIRST_PERSON.findall`` on each line and on ``IN_QUOTES.sub(" ", line)``:
    the pronouns are found in blocks of lines (one regex pass per block); blanking quoted passages
    (which start and end with a quotation mark, not a word character) only removes the pronouns
    inside them, so only lines with both a pronoun and a double quotation mark are read again.
    """
    fp = [0] * len(texts)
    for a, b in line_blocks(texts, VOICE_BLOCK_CHARS):
        block = "\n".join(texts[a:b])
        if block.count("\n") == b - a - 1:
            i = a
            for tok in _FIRST_PERSON_OR_BREAK.findall(block):
                if tok == "\n":
                    i += 1
                else:
                    fp[i] += 1
        else:   # a line holding a line break: line by line
            for i in range(a, b):
                fp[i] = len(_FIRST_PERSON.findall(texts[i]))
    narrated = list(fp)
    words = [info.words for info in infos]
    for i, t in enumerate(texts):
        if '"' in t or "“" in t:
            u = IN_QUOTES.sub(" ", t)
            words[i] = len(u.split())
            if fp[i]:
                narrated[i] = len(_FIRST_PERSON.findall(u))
    return Voice(fp, narrated, words)
