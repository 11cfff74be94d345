"""Roles of the lines of a piece (title, body, caption, question, answer, ...) and the piece's kind."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from ..text.patterns import FIRST_PERSON, IN_QUOTES, QUESTION_END
from .lines import (
    ATTRIB,
    ATTRIB_WEAK,
    BLANK,
    CAPTION,
    CREDIT,
    DATE,
    HEADING,
    LABELLED,
    LINK,
    LIST,
    PROSE,
    QUESTION,
    SALUTATION,
    SHORT,
    SIGNOFF,
    TITLE,
    LineInfo,
    Patterns,
    Voice,
)
from .model import Piece

# A byline: "By NAME[, Outlet]" ("Written/Posted/Story by"), read only in a piece's header.
_BYLINE_LINE = re.compile(r"^\s*(?:(?:written|posted|story|text|words|reporting)\s+)?by\s+[A-Z][\w.’'-]*", re.I)
# A line that is only a dateline: a place in capitals, then a date or an agency ("TIRANA, March 3",
# "WASHINGTON (AP) -"), read only in a piece's header.
_DATELINE_LINE = re.compile(r"^[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:\s*\([^)]{1,30}\))?"
                            r"(?:\s*,\s*[\w .,'’-]{3,30})?\s*[-–—:]*\s*$")
# Tunables of the header and sub-head roles (what each trades off):
HEADER_LINES = 3      # content lines after the title where a byline or dateline may stand: more finds
                      # bylines under a standfirst, fewer keeps a quoted "By ..." in a lead from counting
BYLINE_WORDS = 12     # a byline with a long outlet list still fits; a sentence starting "By ..." does not
SUBHEAD_WORDS = 12    # longer heading-shaped lines inside a body are left as headings
_OPEN_LETTER = re.compile(r"\bopen letter\b", re.I)
_REPORTED = re.compile(r"\b(?:says|said|told|tells|according to|reported|added|explained)\b", re.I)


def assign_roles(piece: Piece, texts: list[str], infos: list[LineInfo], roles: list, speakers: list,
                 turn_text: dict[int, str], p: Patterns, *, voice: Voice | None = None) -> None:
    """Fill ``roles``, ``speakers`` and ``turn_text`` for the lines of ``piece``, and set its kind
    (``voice``: ``lines.line_voice`` of the file's lines, when the caller has it)."""
    idx = range(piece.start, piece.end)
    # Interview: at least two questions each followed by something other than a question.
    pairs = 0
    prev_q = False
    for i in idx:
        cat = infos[i].cat
        if cat == BLANK or roles[i] is not None:
            continue
        is_q = cat == QUESTION or (cat == LABELLED and QUESTION_END.search(infos[i].rest or ""))
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
            rest = info.rest or ""
            speakers[i] = info.label
            turn_text[i] = rest
            if QUESTION_END.search(rest):
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
    _header_roles(piece, texts, infos, roles)
    piece.kind = _kind(piece, texts, infos, roles, p, voice)


def _header_roles(piece: Piece, texts: list[str], infos: list[LineInfo], roles: list) -> None:
    """Bylines and datelines among the first lines of a piece; sub-heads (heading-shaped lines between
    two body paragraphs) inside it. Only lines whose role is a generic one are changed."""
    content = [i for i in range(piece.start, piece.end) if roles[i] != "blank" and i != piece.title]
    for i in content[:HEADER_LINES]:
        t = texts[i].strip()
        if roles[i] in ("attribution", "caption", "credit", "body", "heading") and infos[i].words <= BYLINE_WORDS \
                and _BYLINE_LINE.match(t) and not infos[i].final:
            roles[i] = "byline"
        elif roles[i] in ("caption", "heading", "body", "date") and _DATELINE_LINE.match(t) and (
                any(c.isdigit() for c in t) or "(" in t):
            roles[i] = "dateline"
        elif roles[i] == "body":
            break
    for a, i, b in zip(content, content[1:], content[2:]):
        if roles[i] == "heading" and roles[a] == "body" and roles[b] == "body" and infos[i].words <= SUBHEAD_WORDS:
            roles[i] = "subhead"


def _start(piece: Piece) -> int:
    return piece.start


def piece_title(piece: Piece, texts: list[str], infos: list[LineInfo], scan_pieces: list[Piece]) -> int | None:
    """The title line of ``piece`` (or None): the rule scan's, when the scan opened a piece at the same
    line; else the piece's first line when it reads as a headline (short, title-like or a question or
    exclamation) and more text follows it in the piece."""
    first = next((i for i in range(piece.start, piece.end) if infos[i].cat != BLANK), None)
    if first is None:
        return None
    # the scan's pieces are in order of their (distinct) starts: look the two candidates up by bisection
    for start in (piece.start, first):
        k = bisect_left(scan_pieces, start, key=_start)
        if k < len(scan_pieces) and scan_pieces[k].start == start:
            return scan_pieces[k].title
    rest = next((i for i in range(first + 1, piece.end) if infos[i].cat != BLANK), None)
    if rest is None:
        return None
    info = infos[first]
    t = texts[first].rstrip()
    if info.cat in (TITLE, HEADING) or info.titleish:
        return first
    if info.cat in (LABELLED, QUESTION, CAPTION) and info.words <= 25 and (not info.final or t[-1:] in "?!"):
        return first
    return None


def _kind(piece: Piece, texts, infos, roles, p: Patterns, voice: Voice | None) -> str:
    idx = [i for i in range(piece.start, piece.end) if roles[i] != "blank"]
    r = Counter(roles[i] for i in idx)
    if r["question"] >= 2:
        return "interview"
    title = texts[piece.title] if piece.title is not None else ""
    if (r["salutation"] and (r["signoff"] or r["signature"])) or _OPEN_LETTER.search(title):
        return "open letter"
    body = [i for i in idx if roles[i] == "body"]
    words = sum(infos[i].words for i in idx)
    if any(infos[i].cat == CREDIT and p.credit_label.match(texts[i]) for i in idx) and words <= 400:
        return "programme notes"
    if not body:
        return "other"
    narration: str | None = None
    if voice is None:
        narration = " ".join(IN_QUOTES.sub(" ", texts[i]) for i in body)
        n_words, n_first = len(narration.split()), len(FIRST_PERSON.findall(narration))
    else:   # the same counts, line by line (joined by spaces, no word or pronoun spans two lines)
        per_words, per_first = voice.narrated_words, voice.narrated_first_person
        n_words = sum([per_words[i] for i in body])
        n_first = sum([per_first[i] for i in body])
    if not (r["statement"] or r["answer"]) and n_words and n_first / n_words >= 0.04:
        return "testimony"
    if len(body) >= 3 and (r["attribution"] or r["statement"] or _reports(texts, body, narration)):
        return "news report"
    return "other"


def _reports(texts: list[str], body: list[int], narration: str | None) -> bool:
    """Whether the narration of the ``body`` lines (joined by spaces, quoted passages blanked) has a
    verb of reporting. Read line by line up to the first one (a match in a line is one in the joined
    text); only when no line has one is the joined text read (a phrase can span two lines)."""
    if narration is None:
        for i in body:
            if _REPORTED.search(IN_QUOTES.sub(" ", texts[i])):
                return True
        narration = " ".join(IN_QUOTES.sub(" ", texts[i]) for i in body)
    return _REPORTED.search(narration) is not None
