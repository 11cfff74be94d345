"""Where a piece says it comes from: outlet, programme, broadcaster, translator, authors, recipient, date.

Read from the piece's own lines and their roles (attribution, link, credit, signature and date
lines; "the X show on Y"; "[Y comment]" tags; letter titles and salutations), normalised with the
outlet and programme tables and the alias table of a ``Resources``, with the lines each field came
from recorded in ``evidence``. These are what the texts state, not checked facts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..resources import Resources
from ..text.dates import date_line_value
from ..text.names import matcher
from ..text.patterns import LIST_MARKER, REPUBLISH_VERBS, calendar

_CAPNAME = r"(?:[A-Z][\w’'.-]+)(?:\s+(?:al|el|bin|de|van|von)?\s*[A-Z][\w’'.-]+){0,3}"
_SELF_INTRO = re.compile(r"\b(?:I am|I'm|I’m|My name is)\s+(" + _CAPNAME + r")")
_LETTER_BY_TO = re.compile(r"\bletter\b(?:\s+by\s+(?P<by>[^,]+?(?:,\s*[^,]+?)?))?\s+to\s+(?P<to>.+)$", re.I)
_DEAR = re.compile(r"^\s*(?:Dear|Honou?rable|To)\s+(?P<who>.+?)\s*[,:]?\s*$", re.I)
_COMMENT_TAG = re.compile(r"\[(?P<who>[A-Z][\w -]{1,40}?)\s+comment\]", re.I)
_TRANSLATED = re.compile(rf"^(?P<left>.*?)\s*,?\s*(?:{'|'.join(REPUBLISH_VERBS)})\s+"
                         r"(?:by|from)\s+(?P<right>.+?)\s*$", re.I)


def _show_on(res: Resources) -> re.Pattern:
    """"the “Stop” show on TV Klan", "The Without a Trace show on Report TV": a quoted name, or
    capitalised words with short function words between them; the outlet is capitalised and not a date."""
    def build() -> re.Pattern:
        cal = calendar(res)
        not_outlet = rf"(?!(?:{'|'.join(cal.weekdays_full + cal.months_full)})\b)"
        return re.compile(r"(?:[Tt]he\s+)?(?:[“\"](?P<quoted>[^“”\"]{1,40})[”\"]|"
                          r"(?P<prog>[A-Z][\w’'-]*(?:\s+(?:a|an|the|of|and|in|on|to|[A-Z][\w’'-]*)){0,5}))"
                          r"\s+(?:show|programme|program)\s+on\s+"
                          rf"{not_outlet}(?P<outlet>[A-Z][\w]*(?:\s+[A-Z0-9][\w]*){{0,3}})")
    return res.memo("provenance.show_on", build)


def _outlets(res: Resources) -> dict[str, str]:
    def build() -> dict[str, str]:
        table = {}
        for canonical, variants in res.table("outlets.tsv"):
            for v in (canonical, *variants.split("|")):
                if v.strip():
                    table[_fold(v)] = canonical
        return table
    return res.memo("provenance.outlets", build)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").strip().strip("/").lower().removeprefix("www."))


def normalise_outlet(name: str, *, resources: Resources | None = None) -> tuple[str, bool]:
    """Return ``(canonical outlet, known)`` for an outlet name or domain (unknown names come back tidied).

    A web address is looked up as written, then without its path ("bbc.co.uk/news" -> "bbc.co.uk").
    """
    outlets = _outlets(resources or Resources.default())
    key = _fold(name)
    for candidate in (key, key.split("/", 1)[0]):
        if candidate in outlets:
            return outlets[candidate], True
    return re.sub(r"\s+", " ", name.strip().strip("/")), False


def _programmes(res: Resources) -> tuple[tuple[str, str, str], ...]:
    """(programme, broadcaster, match) rows of programmes.tsv."""
    return tuple((name, broadcaster, match or "exact") for name, broadcaster, match in res.table("programmes.tsv"))


@dataclass
class Provenance:
    """What the text says about where one piece comes from."""

    source: str | None = None
    programme: str | None = None
    broadcaster: str | None = None
    translator: str | None = None
    authors: list[str] = field(default_factory=list)
    recipient: str | None = None
    date: str | None = None
    evidence: list[str] = field(default_factory=list)

    def add_author(self, name: str) -> None:
        name = name.strip(" ,;:–-")
        if name and name not in self.authors:
            self.authors.append(name)


def _parse_attribution(text: str, prov: Provenance, line_no: int, res: Resources) -> None:
    t = text.strip()
    m = _TRANSLATED.match(t)
    left = t
    if m:
        translator, _ = normalise_outlet(m.group("right"), resources=res)
        prov.translator = prov.translator or translator
        prov.evidence.append(f"translator: line {line_no}")
        left = m.group("left").strip(" ,")
    left = re.sub(r"^(?:source|via|courtesy(?:\s+of)?|copyright|©|\(c\))\s*:?\s*", "", left, flags=re.I)
    if not left:
        return
    m_ = matcher(res)
    outlet, known = normalise_outlet(left, resources=res)
    names = ""
    if not known and "," in left:
        names, _, right = left.rpartition(",")
        outlet, known = normalise_outlet(right, resources=res)
        if not known and len(right.split()) > 4:
            return
    if prov.source is None:
        prov.source = outlet
        prov.evidence.append(f"source: line {line_no}")
    if names:
        for n in re.split(r",|\band\b|&", re.sub(r"^By\s+", "", names.strip())):
            prov.add_author(m_.canonical(n.strip()))


def piece_provenance(texts: list[str], roles: list[str], line_nos: list[int], *, kind: str,
                     title: str | None, resources: Resources | None = None) -> Provenance:
    """Return the provenance of one piece from its lines, their roles and 1-based line numbers.

    ``resources``: the outlet, programme and alias tables to normalise with (default: the general data).
    """
    res = resources or Resources.default()
    names = matcher(res)
    canonical_name = names.canonical
    show_on = _show_on(res)
    prov = Provenance()
    sig_lines = []
    for text, role, n in zip(texts, roles, line_nos):
        if role == "attribution":
            _parse_attribution(text, prov, n, res)
        elif role == "link" and prov.source is None:
            prov.source, _ = normalise_outlet(text, resources=res)
            prov.evidence.append(f"source: link line {n}")
        elif role == "credit":
            m = re.match(r"^\s*([\w ]{2,30}?)\s*:\s*(.+)$", text)
            if m:
                prov.add_author(f"{canonical_name(m.group(2).strip())} ({m.group(1).strip().lower()})")
                prov.evidence.append(f"authors: credit line {n}")
            else:
                m = re.search(r"\bby\s+(.+)$", text.strip(), re.I)
                if m:
                    prov.add_author(canonical_name(m.group(1).strip()))
                    prov.evidence.append(f"authors: credit line {n}")
        elif role == "signature":
            sig_lines.append((text, n))
        elif role == "date" and prov.date is None:
            prov.date = date_line_value(text, resources=res)
            if prov.date:
                prov.evidence.append(f"date: line {n}")
        if role in ("body", "title", "credit", "caption"):
            for m in show_on.finditer(text):
                outlet, _ = normalise_outlet(m.group("outlet"), resources=res)
                prov.programme = prov.programme or (m.group("quoted") or m.group("prog")).strip()
                prov.broadcaster = prov.broadcaster or outlet
                prov.evidence.append(f"programme: line {n}")
            m = _COMMENT_TAG.search(text)
            if m and prov.translator is None:
                prov.translator, _ = normalise_outlet(m.group("who"), resources=res)
                prov.evidence.append(f"republisher: comment tag line {n}")
    if prov.programme is None:
        _programme_from_table(texts, roles, line_nos, prov, res)
    elif prov.broadcaster is None:
        for name, broadcaster, _match in _programmes(res):
            if name == prov.programme:
                prov.broadcaster = broadcaster
    _signatures(sig_lines, prov, res)
    if title:
        m = _LETTER_BY_TO.search(title)
        if m:
            if m.group("by"):
                who = m.group("by").split(",")[-1].strip()
                prov.add_author(canonical_name(who))
            prov.recipient = _person_in(m.group("to").strip(), res)
            prov.evidence.append("recipient/authors: title")
    if prov.recipient is None:
        for text, role in zip(texts, roles):
            if role == "salutation":
                m = _DEAR.match(text)
                if m:
                    prov.recipient = _person_in(m.group("who").split(",")[0].strip(), res)
                    break
    if kind in ("testimony", "open letter"):
        for text, role, n in list(zip(texts, roles, line_nos))[:6]:
            m = _SELF_INTRO.search(text) if role in ("body", "answer") else None
            if m:
                prov.add_author(canonical_name(m.group(1).rstrip(".")))
                prov.evidence.append(f"authors: self-introduction line {n}")
                break
    if prov.source is None and prov.broadcaster:
        prov.source = prov.broadcaster
        prov.evidence.append("source: the programme's broadcaster")
    return prov


def _person_in(text: str, res: Resources) -> str:
    """The one listed person named in ``text`` (canonical), else the text without its honorific."""
    names = matcher(res)
    people = {a.canonical for _s, _e, _surf, a in names.finditer(text) if a.type == "person"}
    if len(people) == 1:
        return people.pop()
    return names.canonical(re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+", "", text))


def _programme_from_table(texts, roles, line_nos, prov: Provenance, res: Resources) -> None:
    for name, broadcaster, match in _programmes(res):
        if match == "quoted":
            pat = re.compile(rf"[“\"]{re.escape(name)}[”\"]|\b{re.escape(name)}\s+(?:show|programme|program)\b")
        else:
            pat = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
        for text, role, n in zip(texts, roles, line_nos):
            if role in ("body", "title", "credit", "caption") and pat.search(text):
                prov.programme = name
                prov.broadcaster = broadcaster or None
                prov.evidence.append(f"programme: line {n}; broadcaster: data/programmes.tsv")
                return


def _signatures(sig_lines, prov: Provenance, res: Resources) -> None:
    names = matcher(res)
    canonical_name = names.canonical
    places = {a.canonical for a in names.table if a.type == "place"}
    for text, n in sig_lines:
        t = LIST_MARKER.sub("", text).strip().rstrip(",")
        t = re.split(r"\s+[–—-]\s+", t)[0].strip()
        if not t or date_line_value(t, resources=res):
            continue
        parts = [p.strip() for p in re.split(r"\s*[–—-]\s+|\s+[–—-]\s*", t) if p.strip()]
        if len(t.split()) <= 3 and any(canonical_name(p) in places for p in parts):
            continue  # a place line ("Cologne- Germany")
        prov.add_author(canonical_name(t))
        prov.evidence.append(f"authors: signature line {n}")
