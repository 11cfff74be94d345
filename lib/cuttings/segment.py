"""Split a file's lines into pieces and give every line a role, from signals in the text alone.

How it works (the README's design notes give the reasons):

1. Every line gets a *category* from its own shape: blank, link, date, sign-off, salutation,
   credit, attribution, list item, labelled speech ("Name: ..."), caption artefact, question,
   heading, title-like, prose. Word lists come from ``cuttings/data`` (see its README).
2. A scan finds piece boundaries. Closing lines (attribution, credit, link, sign-off + signature)
   end a piece that has body text; the next *opener* (a title-like line followed by a lead
   paragraph, a salutation, or a prose paragraph) starts the next one. A title-like line followed
   by a lead with no closing line before it starts a piece only when the text around it says so:
   the title's words recur after it and not before, the paragraphs on either side share few words,
   or the narrative voice changes (first person to third). Otherwise it is an inserted caption or
   related headline and the piece goes on.
3. Each piece gets its kind and each line its role: a piece with question/answer pairs is an
   interview; salutations with a sign-off make an open letter; and so on.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import alternation, read_list, read_sections, read_table

ROLES = (
    "title", "body", "caption", "heading", "attribution", "credit", "salutation", "signoff",
    "signature", "list_item", "question", "answer", "statement", "date", "link", "blank",
)
KINDS = ("news report", "interview", "open letter", "testimony", "programme notes", "other")

# Line categories (internal to the segmenter; roles are what users see).
BLANK, LINK, DATE, SIGNOFF, SALUTATION, CREDIT, ATTRIB, ATTRIB_WEAK = range(8)
LIST, CAPTION, LABELLED, QUESTION, HEADING, TITLE, PROSE, SHORT = range(8, 16)
CLOSERS = {LINK, CREDIT, ATTRIB}
HEADER = {CREDIT, DATE, ATTRIB, ATTRIB_WEAK}
HEADER_AFTER_CLOSE = HEADER | {TITLE, HEADING, CAPTION, SHORT}
BODYISH = {PROSE, SHORT, LABELLED, QUESTION, LIST}

# Tunables of the boundary test for a title-like line with no closing line before it.
WINDOW = 3            # content lines compared on each side
COHESION_BASE = 0.12  # cosine similarity of the two sides at which cohesion is neutral
VOICE_SHIFT = 0.04    # change in first-person-singular rate that counts as a change of voice
VOICE_BONUS = 0.3


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


@dataclass
class Piece:
    """One piece: lines ``start`` to ``end`` (0-based, end exclusive) of its file."""

    start: int
    end: int
    title: int | None = None
    kind: str = "other"


@dataclass
class Segmentation:
    """The result for one file: pieces, and per line a role and a speaker (or None)."""

    pieces: list[Piece]
    roles: list[str]
    speakers: list[str | None]
    turn_text: dict[int, str] = field(default_factory=dict)  # line index -> text without its label


# ----------------------------------------------------------------------------------------------
# Patterns
# ----------------------------------------------------------------------------------------------

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
_CONNECTORS = {"of", "the", "de", "del", "da", "di", "al", "el", "bin", "bint", "ibn", "van", "von",
               "der", "den", "e", "and", "y", "la", "le", "du", "&", "-", "–", "—"}


class _Patterns:
    def __init__(self) -> None:
        outlets = []
        for canonical, variants in read_table("outlets.tsv"):
            outlets.append(canonical)
            outlets.extend(variants)
        self.outlet_full = re.compile(rf"\s*(?:By\s+)?{alternation(outlets)}\s*", re.I)
        credit = read_sections("credit_labels.txt")
        self.credit_label = re.compile(rf"^\s*{alternation(credit.get('label', ()))}\s*:\s*\S", re.I)
        self.credit_bio = re.compile(
            rf"^[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){{1,3}}\s+is\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,3}}"
            rf"{alternation(credit.get('bio', ()))}\s+(?:for|at|of|with)\b", re.I)
        self.credit_by = re.compile(
            rf"^(?:[\w’'-]+\s+){{0,6}}{alternation(credit.get('by', ()))}\s+by\s+\S", re.I)
        self.caption_label = re.compile(rf"^\s*{alternation(read_list('caption_labels.txt'))}\s*:\s*\S", re.I)
        self.signoff = re.compile(alternation(read_list("signoffs.txt")), re.I)
        self.salutation = re.compile(rf"^\s*{alternation(read_list('salutations.txt'))}", re.I)


@lru_cache(maxsize=None)
def _patterns() -> _Patterns:
    return _Patterns()


_LINK = re.compile(r"^/?(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?:/\S*)?/?$")
_DATE_LINE = re.compile(
    rf"^(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?:{_ORD}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|"
    rf"{_MONTH}\s+{_ORD},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})\.?$", re.I)
_HONORIFIC_COMMA = re.compile(r"^(?:Mr|Mrs|Ms|Madam|Madame|Sir|Dr|Mister)\.?(?:\s+[\w.’'-]+){0,3},$")
_ATTRIB_VERB = re.compile(r"\b(?:translated|republished|re-published|reposted|adapted|excerpted)\s+(?:by|from)\b", re.I)
_ATTRIB_LEAD = re.compile(r"^(?:source|via|courtesy(?:\s+of)?|copyright|©|\(c\))(?:\s*:\s*|\s+)\S", re.I)
_BYLINE = re.compile(r"^By\s+[A-Z][\w.’'-]*(?:\s+(?:and\s+)?[A-Z][\w.’'-]*){0,5}$")
_LIST = re.compile(r"^\s*(?:[-–—•*·⁃▪►]\s*\S|\(?\d{1,3}\s*(?:[.)]\s+|-\s+|-(?=[A-Z]))\S|\(?[a-z][.)]\s+\S)")
_LIST_MARKER = re.compile(r"^\s*(?:[-–—•*·⁃▪►]|\(?\d{1,3}\s*[.)\-]|\(?[a-z][.)])\s*")
_LABEL = re.compile(r"^\s*([^\W\d_][\w.’'&-]*(?:\s+[\w.’'&-]+){0,4}?)\s*:\s+(\S.*)$")
_QUOTED = re.compile(r"^[“\"«‘'].*[”\"»’']$")
_SENT_END = re.compile(r"[.!?…][\"”’'»)\]]*$")
_CLOSE_Q = re.compile(r"\?[\"”’'»)\]]*$")
_QUOTE_END_STOP = re.compile(r"[.?,;:][\"”’'»)\]]+$")
# Two phrases pasted together with no space ("...AuthoritarianismOlsi..."), as alt text and caption often
# are; brand names (PlayStation, MasterCard) are shorter than the 12 characters required.
_CAMEL_GLUE = re.compile(r"(?<![\w])(?=[\w’'-]{12,})[A-Z]?[a-z]{5,}[A-Z][a-z]{2,}")
_FILENAME = re.compile(r"\w+_\w+_\w+")
_TOKEN = re.compile(r"[^\W\d_][\w’'-]*")
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself|I[’']m|I[’']ve|I[’']d|I[’']ll)\b")
_IN_QUOTES = re.compile(r"“[^”]*”|\"[^\"]*\"")
_REPORTED = re.compile(r"\b(?:says|said|told|tells|according to|reported|added|explained)\b", re.I)


def _name_like(text: str, *, max_words: int = 6) -> bool:
    """Short line whose words mostly carry capitals (names, places, organisations, dates)."""
    toks = [t.strip(",;:()") for t in text.split()]
    toks = [t for t in toks if t and t.lower() not in _CONNECTORS]
    if not toks or len(toks) > max_words:
        return False
    capped = sum(1 for t in toks if any(ch.isupper() or ch.isdigit() for ch in t))
    return capped >= 0.6 * len(toks)


def _label_is_name(label: str) -> bool:
    toks = label.split()
    return all(t[0].isupper() or t.lower() in _CONNECTORS for t in toks if t)


def _titlelike(t: str, words: int) -> bool:
    if words == 0 or words > 25 or len(t) > 220:
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
    info.cat = PROSE if info.words >= 25 or (info.words >= 12 and info.final) else SHORT


def categorize(text: str) -> LineInfo:
    """Return the category of one line from its own shape (no context)."""
    t = text.strip()
    if not t:
        return LineInfo(BLANK, 0)
    p = _patterns()
    words = len(t.split())
    final = bool(_SENT_END.search(t))
    info = LineInfo(PROSE, words, ends_colon=t.endswith(":"), final=final)
    if words <= 14:
        info.name_like = _name_like(t)
        if words == 1 and _LINK.match(t):
            info.cat = LINK
            return info
        if _DATE_LINE.match(t):
            info.cat = DATE
            return info
        if words <= 10 and t[-1] not in ".?!" and p.signoff.search(t):
            info.cat = SIGNOFF
            return info
        if words <= 10 and (p.salutation.match(t) or _HONORIFIC_COMMA.match(t)) and t[-1] not in ".?":
            info.cat = SALUTATION
            return info
        if (words <= 10 and p.credit_label.match(t)) or (not final and (p.credit_by.match(t) or _BYLINE.match(t))):
            info.cat = CREDIT
            return info
        if not final and not t.endswith(":"):
            if _ATTRIB_VERB.search(t) or _ATTRIB_LEAD.match(t) or p.outlet_full.fullmatch(t):
                info.cat = ATTRIB
                return info
            if "," in t:
                left, right = t.rsplit(",", 1)
                if right.strip() and p.outlet_full.fullmatch(right) and _name_like(left.removeprefix("By ")):
                    info.cat = ATTRIB
                    return info
                if ("," not in left and _name_like(left.removeprefix("By "), max_words=6)
                        and _name_like(right, max_words=4) and right.strip()[:1].isupper()):
                    info.cat = ATTRIB_WEAK
                    return info
    if words <= 40 and p.credit_bio.match(t):
        info.cat = CREDIT
        return info
    if _LIST.match(t):
        info.cat = LIST
        return info
    half = len(t) // 2
    if len(t) >= 20 and t[:half].strip() == t[half:].strip():
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
        if len(label.split()) <= 5:
            info.label, info.rest = label, rest
            info.cat = LABELLED
            return info
    if not final and words <= 40 and (_FILENAME.search(t) or _CAMEL_GLUE.search(t)):
        info.cat = CAPTION
        return info
    if _CLOSE_Q.search(t) and words <= 40:
        info.cat = QUESTION
        info.titleish = words <= 25
        return info
    if words <= 8 and not final and t.upper() == t and sum(ch.isupper() for ch in t) >= 2:
        info.cat = HEADING
        return info
    _title_or_text(t, info)
    return info
    return info


def _resolve_labels(texts: list[str], infos: list[LineInfo]) -> None:
    """Keep "Label: text" as speech only when the label looks like a name or recurs nearby."""
    positions: dict[str, list[int]] = {}
    for i, info in enumerate(infos):
        if info.cat == LABELLED:
            positions.setdefault(info.label.lower(), []).append(i)
    for label, idx in positions.items():
        for k, i in enumerate(idx):
            info = infos[i]
            near = (k > 0 and i - idx[k - 1] <= 50) or (k + 1 < len(idx) and idx[k + 1] - i <= 50)
            if near or (_label_is_name(info.label) and _SENT_END.search(info.rest)):
                if _CLOSE_Q.search(info.rest):
                    info.ends_colon = False
                continue
            # Not a speaker: read the line as a whole.
            label_free = categorize_unlabelled(texts[i])
            infos[i] = label_free


def categorize_unlabelled(text: str) -> LineInfo:
    """Categorize a line whose "X:" opening is not a speaker label."""
    t = text.strip()
    words = len(t.split())
    final = bool(_SENT_END.search(t))
    info = LineInfo(PROSE, words, ends_colon=t.endswith(":"), final=final,
                    name_like=words <= 14 and _name_like(t))
    if _CLOSE_Q.search(t) and words <= 40:
        info.cat = QUESTION
        info.titleish = words <= 25
    else:
        _title_or_text(t, info)
    return info


def _shape_key(text: str) -> str | None:
    t = _LIST_MARKER.sub("", text.strip(), count=1)
    head, sep, _ = t.partition(": ")
    if sep and head.split():
        return "colon:" + head.split()[-1].lower()
    return None


def _resolve_lists(texts: list[str], infos: list[LineInfo]) -> None:
    """Lines shaped like the list item above them ("X murdered: date place") are list items too."""
    key = None
    for i, info in enumerate(infos):
        if info.cat == BLANK:
            continue
        if info.cat == LIST:
            key = _shape_key(texts[i])
            continue
        if key is not None and info.words <= 15 and _shape_key(texts[i]) == key:
            info.cat = LIST
            continue
        key = None


# ----------------------------------------------------------------------------------------------
# Boundary test for a title-like line with no closing line before it
# ----------------------------------------------------------------------------------------------

class _Cohesion:
    """Cosine similarities between bags of content words of nearby lines (cached per line)."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.cache: dict[int, Counter] = {}
        # scikit-learn's list only: segmentation must not change when term analyses add stop words
        self.stop = frozenset(w.lower() for w in read_list("stopwords_en.txt"))

    def bag(self, i: int) -> Counter:
        b = self.cache.get(i)
        if b is None:
            b = Counter()
            for w in _TOKEN.findall(self.texts[i].lower().replace("’", "'")):
                if len(w) > 2 and w not in self.stop:
                    b[w[:6]] += 1
            self.cache[i] = b
            if len(self.cache) > 256:  # the scan only looks a few lines back: keep memory flat
                for k in list(self.cache)[:128]:
                    del self.cache[k]
        return b

    def sum(self, idx: list[int]) -> Counter:
        total: Counter = Counter()
        for i in idx:
            total.update(self.bag(i))
        return total

    @staticmethod
    def cos(a: Counter, b: Counter) -> float:
        if not a or not b:
            return 0.0
        if len(a) > len(b):
            a, b = b, a
        num = sum(v * b[k] for k, v in a.items() if k in b)
        if not num:
            return 0.0
        return num / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))

    def first_person_rate(self, idx: list[int]) -> float:
        n = w = 0
        for i in idx:
            t = _IN_QUOTES.sub(" ", self.texts[i])
            n += len(_FIRST_PERSON.findall(t))
            w += len(t.split())
        return n / w if w else 0.0


def boundary_score(coh: _Cohesion, before: list[int], title: int, after: list[int]) -> float:
    """Evidence that ``title`` opens a new piece (> 0) rather than sitting inside one (<= 0)."""
    b, a, t = coh.sum(before), coh.sum(after), coh.bag(title)
    score = coh.cos(t, a) - coh.cos(t, b) + (COHESION_BASE - coh.cos(b, a))
    if abs(coh.first_person_rate(before) - coh.first_person_rate(after)) >= VOICE_SHIFT:
        score += VOICE_BONUS
    return score


# ----------------------------------------------------------------------------------------------
# The scan
# ----------------------------------------------------------------------------------------------

def segment_lines(texts: list[str]) -> Segmentation:
    """Segment one file's lines (without terminators) into pieces with line roles and speakers."""
    infos = [categorize(t) for t in texts]
    _resolve_labels(texts, infos)
    _resolve_lists(texts, infos)
    n = len(texts)
    content = [i for i in range(n) if infos[i].cat != BLANK]
    if not content:
        if not n:
            return Segmentation([], [], [])
        return Segmentation([Piece(0, n)], ["blank"] * n, [None] * n)
    nxt = {content[k]: (content[k + 1] if k + 1 < len(content) else None) for k in range(len(content))}
    coh = _Cohesion(texts)
    roles: list[str | None] = [None] * n

    def lead_after(i: int, after_close: bool = False) -> int | None:
        """Index of the lead paragraph following title candidate ``i``, past bylines and dates
        (and, after a closing line, past short header lines such as a venue or a kick-off time)."""
        j = nxt[i]
        skippable = HEADER_AFTER_CLOSE if after_close else HEADER
        for _ in range(5 if after_close else 3):
            if j is None:
                return None
            info = infos[j]
            if ((info.cat in (PROSE, SALUTATION) or _is_sentence(info, 8)
                    or (info.cat == QUESTION and info.words >= 15)) and _opens_like_a_paragraph(texts[j])):
                return j
            if info.cat not in skippable or info.words > 8:
                return None
            j = nxt[j]
        return None

    def opener(i: int, after_close: bool = True) -> str | None:
        info = infos[i]
        if ((info.cat in (TITLE, HEADING) or (after_close and info.titleish))
                and lead_after(i, after_close) is not None):
            return "title"
        if info.cat == SALUTATION:
            return "salutation"
        if info.cat == PROSE or (after_close and _is_sentence(info, 6)):
            return "prose"
        return None

    def weak_attribution_confirmed(i: int) -> bool:
        j = nxt[i]
        return j is None or infos[j].cat in CLOSERS | {ATTRIB_WEAK} or opener(j) is not None

    def may_open_mid_piece(i: int) -> bool:
        """A title-like line (or a question headline outside Q&A) right after body text."""
        if not (recent and recent[-1] == before):
            return False
        if infos[i].cat == TITLE:
            return True
        if infos[i].cat != QUESTION or not infos[i].titleish or asked:
            return False
        lead = lead_after(i)
        after_lead = nxt[lead] if lead is not None else None
        return after_lead is None or infos[after_lead].cat != QUESTION

    pieces: list[Piece] = []
    first = content[0]
    cur = Piece(0, n, title=first if opener(first) == "title" else None)
    pieces.append(cur)
    has_body = False
    close = ""          # "", "hard" or "soft"
    in_signature = False
    had_signoff = False
    pending: int | None = None   # a piece must start at this line (after a colon-introduced caption)
    recent: list[int] = []       # body-like lines of the current piece, most recent last
    asked = False                # the current piece has had a question line
    prev = -1                    # the previous content line

    def start_piece(i: int, title: int | None) -> None:
        nonlocal cur, has_body, close, in_signature, had_signoff, recent, asked
        cur.end = i
        cur = Piece(i, n, title=title)
        pieces.append(cur)
        has_body = False
        close = ""
        in_signature = had_signoff = asked = False
        recent = []

    for i in content:
        info = infos[i]
        cat = info.cat
        before, prev = prev, i
        if i == first:
            pass
        elif pending == i:
            pending = None
            start_piece(i, None)
        elif cat in CLOSERS or (cat == ATTRIB_WEAK and weak_attribution_confirmed(i)):
            roles[i] = {LINK: "link", CREDIT: "credit"}.get(cat, "attribution")
            if has_body:
                close = "hard"
            continue
        elif cat == SIGNOFF:
            roles[i] = "signoff"
            had_signoff = in_signature = True
            if has_body:
                close = "soft"
            continue
        elif in_signature and _signature_line(texts[i], info):
            roles[i] = "date" if cat == DATE else "signature"
            continue
        elif had_signoff and info.name_like and info.words <= 6 and (texts[i].rstrip().endswith(",") or " – " in texts[i]):
            roles[i] = "signature"
            close = "soft"
            continue
        else:
            in_signature = False
            op = opener(i, after_close=bool(close))
            if close and has_body and op and not (close == "soft" and op == "prose" and info.words < 25):
                start_piece(i, i if op == "title" else None)
            elif not close and has_body and op == "title" and may_open_mid_piece(i):
                after = []
                j = lead_after(i)
                while j is not None and len(after) < WINDOW:
                    if infos[j].cat in BODYISH:
                        after.append(j)
                    j = nxt[j]
                if after and boundary_score(coh, recent[-WINDOW:], i, after) > 0:
                    if texts[recent[-1]].rstrip().endswith(":"):
                        roles[i] = "caption"      # what the colon introduced; the next line opens
                        pending = nxt[i]
                    else:
                        start_piece(i, i)
            close = ""
        if roles[i] is None and infos[i].cat in BODYISH:
            recent.append(i)
            has_body = True
            asked = asked or infos[i].cat == QUESTION
    cur.end = n

    speakers: list[str | None] = [None] * n
    turn_text: dict[int, str] = {}
    for piece in pieces:
        _assign_roles(piece, texts, infos, roles, speakers, turn_text)
    return Segmentation(pieces, roles, speakers, turn_text)  # type: ignore[arg-type]


def _opens_like_a_paragraph(text: str) -> bool:
    """A lead paragraph starts with a capital, a digit or an opening quote, not mid-sentence."""
    first = text.lstrip()[:1]
    return bool(first) and not first.islower()


def _is_sentence(info: LineInfo, min_words: int) -> bool:
    return info.cat == SHORT and info.final and info.words >= min_words


def _signature_line(text: str, info: LineInfo) -> bool:
    """A line of the block after a sign-off: name, organisation, place, date or numbered signatory."""
    if info.cat == DATE:
        return True
    t = text.strip()
    if info.words > 8 or t.endswith((":", ".")):
        return False
    if info.cat == LIST:
        return True
    return _name_like(t, max_words=8)


def _assign_roles(piece: Piece, texts, infos, roles, speakers, turn_text) -> None:
    idx = range(piece.start, piece.end)
    # Interview: at least two questions each followed by something other than a question.
    pairs = 0
    prev_q = False
    for i in idx:
        cat = infos[i].cat
        if cat == BLANK or roles[i] is not None:
            continue
        is_q = cat == QUESTION or (cat == LABELLED and _CLOSE_Q.search(infos[i].rest or ""))
        if prev_q and not is_q:
            pairs += 1
        prev_q = bool(is_q)
    interview = pairs >= 2
    in_qa = False
    for i in idx:
        info = infos[i]
        if info.cat == BLANK:
            roles[i] = "blank"
            continue
        if i == piece.title:
            roles[i] = "title"
            continue
        if roles[i] is not None:
            continue
        cat = info.cat
        if cat == LABELLED:
            speakers[i] = info.label
            turn_text[i] = info.rest
            if _CLOSE_Q.search(info.rest):
                roles[i] = "question" if interview else "statement"
                in_qa = interview
            else:
                roles[i] = "answer" if in_qa else "statement"
        elif cat == QUESTION and interview:
            roles[i] = "question"
            speakers[i] = "interviewer"
            in_qa = True
        elif cat in (PROSE, SHORT, QUESTION) and in_qa:
            roles[i] = "answer"
        else:
            roles[i] = {
                PROSE: "body", SHORT: "body", QUESTION: "body", LIST: "list_item", TITLE: "caption",
                CAPTION: "caption", HEADING: "heading", SALUTATION: "salutation", DATE: "date",
                ATTRIB_WEAK: "caption", CREDIT: "credit", ATTRIB: "attribution", LINK: "link",
                SIGNOFF: "signoff",
            }[cat]
    piece.kind = _kind(piece, texts, infos, roles)


def _kind(piece: Piece, texts, infos, roles) -> str:
    idx = [i for i in range(piece.start, piece.end) if roles[i] != "blank"]
    r = Counter(roles[i] for i in idx)
    if r["question"] >= 2:
        return "interview"
    title = texts[piece.title] if piece.title is not None else ""
    if (r["salutation"] and (r["signoff"] or r["signature"])) or re.search(r"\bopen letter\b", title, re.I):
        return "open letter"
    body = [i for i in idx if roles[i] == "body"]
    words = sum(infos[i].words for i in idx)
    if any(infos[i].cat == CREDIT and _patterns().credit_label.match(texts[i]) for i in idx) and words <= 400:
        return "programme notes"
    if not body:
        return "other"
    narration = " ".join(_IN_QUOTES.sub(" ", texts[i]) for i in body)
    n_words = len(narration.split())
    if not (r["statement"] or r["answer"]) and n_words and len(_FIRST_PERSON.findall(narration)) / n_words >= 0.04:
        return "testimony"
    if len(body) >= 3 and (_REPORTED.search(narration) or r["attribution"] or r["statement"]):
        return "news report"
    return "other"
