"""Roles of the lines of a piece (title, body, caption, question, answer, ...) and the piece's kind."""
from __future__ import annotations

import re
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
)
from .model import Piece

_REPORTED = re.compile(r"\b(?:says|said|told|tells|according to|reported|added|explained)\b", re.I)


def assign_roles(piece: Piece, texts: list[str], infos: list[LineInfo], roles: list, speakers: list,
                 turn_text: dict[int, str], p: Patterns) -> None:
    """Fill ``roles``, ``speakers`` and ``turn_text`` for the lines of ``piece``, and set its kind."""
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
    piece.kind = _kind(piece, texts, infos, roles, p)


def piece_title(piece: Piece, texts: list[str], infos: list[LineInfo], scan_pieces: list[Piece]) -> int | None:
    """The title line of ``piece`` (or None): the rule scan's, when the scan opened a piece at the same
    line; else the piece's first line when it reads as a headline (short, title-like or a question or
    exclamation) and more text follows it in the piece."""
    first = next((i for i in range(piece.start, piece.end) if infos[i].cat != BLANK), None)
    if first is None:
        return None
    for sp in scan_pieces:
        if sp.start in (first, piece.start):
            return sp.title
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


def _kind(piece: Piece, texts, infos, roles, p: Patterns) -> str:
    idx = [i for i in range(piece.start, piece.end) if roles[i] != "blank"]
    r = Counter(roles[i] for i in idx)
    if r["question"] >= 2:
        return "interview"
    title = texts[piece.title] if piece.title is not None else ""
    if (r["salutation"] and (r["signoff"] or r["signature"])) or re.search(r"\bopen letter\b", title, re.I):
        return "open letter"
    body = [i for i in idx if roles[i] == "body"]
    words = sum(infos[i].words for i in idx)
    if any(infos[i].cat == CREDIT and p.credit_label.match(texts[i]) for i in idx) and words <= 400:
        return "programme notes"
    if not body:
        return "other"
    narration = " ".join(IN_QUOTES.sub(" ", texts[i]) for i in body)
    n_words = len(narration.split())
    if not (r["statement"] or r["answer"]) and n_words and len(FIRST_PERSON.findall(narration)) / n_words >= 0.04:
        return "testimony"
    if len(body) >= 3 and (_REPORTED.search(narration) or r["attribution"] or r["statement"]):
        return "news report"
    return "other"
