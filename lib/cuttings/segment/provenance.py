"""Where a piece says it comes from: outlet/source, programme, broadcaster, translator, authors, recipient, date, place.

Read from the piece's own lines: attribution, link, credit, byline, signature and date lines;
datelines at the head of the first paragraph ("BRUSSELS, March 2 - ...", "WASHINGTON (AP) — ...",
"Name, City, Country, March 3 2021: ..."); a wire's sign-off ("Reuter" on the last line); "the X
show on Y"; "[Y comment]" tags; "The interview was conducted by X"; "Posted on: ..." and
place-date lines ("Lisbon, 12 May 2020"); letter titles and salutations. Roles are read by name,
and closing lines are read by their text whatever role the segmenter gave them. Names are
normalised with the outlet, programme and alias tables of a ``Resources`` (the words of these
forms are in ``provenance.txt``), and the lines each field came from are recorded in ``evidence``.
These are what the texts state, not checked facts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..resources import Resources
from ..text.dates import date_line_value, find_raw
from ..text.names import matcher
from ..text.patterns import LIST_MARKER, REPUBLISH_VERBS, alternation, calendar

_CAPNAME = r"(?:[A-Z][\w’'.-]+)(?:\s+(?:al|el|bin|de|van|von)?\s*[A-Z][\w’'.-]+){0,3}"
_SELF_INTRO = re.compile(r"\b(?:I am|I'm|I’m|My name is)\s+(" + _CAPNAME + r")")
_LETTER_BY_TO = re.compile(r"\bletter\b(?:\s+by\s+(?P<by>[^,]+?(?:,\s*[^,]+?)?))?\s+to\s+(?P<to>.+)$", re.I)
_DEAR = re.compile(r"^\s*(?:Dear|Honou?rable|To)\s+(?P<who>.+?)\s*[,:]?\s*$", re.I)
_COMMENT_TAG = re.compile(r"\[(?P<who>[A-Z][\w -]{1,40}?)\s+comment\]", re.I)
_TRANSLATED = re.compile(rf"^(?P<left>.*?)\s*,?\s*(?:{'|'.join(REPUBLISH_VERBS)})\s+"
                         r"(?:by|from)\s+(?P<right>.+?)\s*$", re.I)
_BY = re.compile(r"^\s*(?:(?:written|prepared|reported|compiled|produced)\s+)?by\s+", re.I)
_CREDITED_BY = re.compile(r"\s+(?:edited|written|reported|compiled|produced|prepared|translated)\s+by\s+", re.I)
# A dateline ends at a dash (" - ", " -- ", " — ") or, in the "Name, City, Date:" form, a colon.
_DATELINE_END = re.compile(r"\s*(?:-{1,2}|–|—)\s+|\s*—\s*|:\s+")
_TAG = re.compile(r"\(\s*([^()]{1,40}?)\s*\)")
_NAME_PART = re.compile(r"^[A-Z][\w’'.&/-]*(?:\s+(?:of|de|del|da|di|el|al|la|le|upon|on)?\s*[A-Z][\w’'.&/-]*){0,4}$")
_ALL_CAPS_PLACE = re.compile(r"^[A-Z][A-Z’'.&-]+(?:\s+[A-Z][A-Z’'.&-]*){0,3}$")
# "(Reporting by X in City; additional reporting by Y; Editing by Z)", the wire's closing credit.
_REPORTING = re.compile(r"^\s*\(?\s*((?:additional\s+)?(?:reporting|writing|editing|compiled|compiling)\s+by\s+.+?)\)?\s*$",
                        re.I)
_CREDIT_PART = re.compile(r"^(?P<what>(?:additional\s+)?(?:reporting|writing|editing|compiled|compiling))\s+by\s+"
                          r"(?P<who>.+?)(?:\s+in\s+[A-Z][\w .,-]*)?$", re.I)

# Tunables of provenance (words unless said). Each bounds how much text a pattern may claim: larger
# values find more long datelines, bylines and sign-offs, and take more ordinary prose for them.
BYLINE_NAME_WORDS = (2, 4)    # each name of a byline: from two words ("Jane Doe") to four
SIGNOFF_MAX_WORDS = 4         # a sign-off line ("Reuter", "(AP)", "Reporting by ...") is this short
DATELINE_MAX_CHARS = 160      # a dateline's end (its dash or colon) lies within this many characters
DATELINE_MAX_WORDS = 14       # ... and what precedes it ("Marta Ruiz, Madrid, Spain, March 03 2021") this many words
PLACE_MAX_WORDS = 5           # the place of a place-date line ("Lisbon, 12 May 2020")
PLACE_DATE_MAX_WORDS = 8      # a place-date line as a whole
DATELINE_LINES = 3            # the dateline opens one of the piece's first this-many prose lines
SELF_INTRO_LINES = 6          # a testimony's or letter's narrator introduces themself within these lines
SIGNATURE_PLACE_WORDS = 3     # a signature line this short naming a listed place is where it was signed

# Roles whose text is the piece's own prose (where programme phrases, datelines and "conducted by" occur).
_PROSE_ROLES = ("body", "title", "credit", "caption", "dateline", "byline", "subhead")
# Roles that are never the piece's wire sign-off line.
_NOT_SIGNOFF_ROLES = ("blank", "title", "question", "answer", "statement", "signature", "salutation")


def _show_on(res: Resources) -> re.Pattern:
    """"the “Stop” show on Valley TV", "The Harbour Hour show on Channel 9": a quoted name, or
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


class _Words:
    """The word lists of ``provenance.txt``, compiled."""

    def __init__(self, res: Resources) -> None:
        sec = res.sections("provenance.txt")
        self.signoffs = {_fold(form): outlet for form, outlet in sec.get("wire_signoffs", ())}
        self.date_label = re.compile(rf"^\s*{alternation(sec.get('date_labels', ()))}\s*:?\s*", re.I)
        self.organisation = re.compile(alternation(sec.get("organisation_words", ())), re.I)
        self.image = {w.lower() for w in sec.get("image_labels", ())}
        by_verbs = res.sections("credit_labels.txt").get("by", ())
        self.piece_credit = re.compile(
            rf"\b(?:[Tt]he|[Tt]his|[Oo]ur)\s+(?:[\w-]+\s+){{0,2}}?{alternation(sec.get('piece_nouns', ()))}\s+"
            rf"(?:was|were|is|are|has\s+been|have\s+been)\s+(?:[a-z]+ly\s+)?{alternation(by_verbs)}\s+by\s+"
            r"(?P<who>(?:the\s+)?[A-Z][^.;:()]{1,80}?)(?=\s*(?:[.;:()]|,\s+(?:and|which|who|with|for|in|on)\b|$))")
        self.credit_by = re.compile(rf"^\s*(?P<what>(?:[\w’'-]+\s+){{0,6}}?)({alternation(by_verbs)})\s+by\s+(?P<who>.+)$",
                                    re.I)


def _words(res: Resources) -> _Words:
    return res.memo("provenance.words", lambda: _Words(res))


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
    place: str | None = None
    evidence: list[str] = field(default_factory=list)
    # a source only a weaker statement names ("the interview was conducted by the X Foundation"), with
    # its evidence: used when no attribution, byline, sign-off, dateline, link or programme names one
    weak_source: tuple[str, str] | None = field(default=None, repr=False, compare=False)

    def add_author(self, name: str) -> None:
        """Add ``name`` to the authors (tidied; once)."""
        name = name.strip(" ,;:–-")
        if name and name not in self.authors:
            self.authors.append(name)

    def set_source(self, outlet: str, evidence: str) -> None:
        """Record ``outlet`` as the source unless an earlier line named one."""
        if self.source is None:
            self.source = outlet
            self.evidence.append(evidence)

    def set_date(self, value: str | None, evidence: str) -> None:
        """Record the piece's date; a full date replaces one without a year (a dateline's "Feb 26")."""
        if value and (self.date is None or (self.date.startswith("X") and not value.startswith("X"))):
            self.date = value
            self.evidence.append(evidence)


def _person_case(name: str) -> str:
    """A name written in capitals as a name is usually written ("TED D'AFFLISIO" -> "Ted D'Afflisio")."""
    if sum(ch.isalpha() for ch in name) >= 2 and name.upper() == name:
        return re.sub(r"(?<=['’])([a-z])", lambda m: m.group(1).upper(), name.title())
    return name


def _add_names(names: str, prov: Provenance, res: Resources, suffix: str = "") -> None:
    canonical = matcher(res).canonical
    names = _CREDITED_BY.sub(",", _BY.sub("", names.strip()))   # "Written by X Edited by Y" -> "X, Y"
    for n in re.split(r",|\band\b|&|;", names):
        n = _person_case(n.strip(" .,;:"))
        if n:
            prov.add_author(canonical(n) + suffix)


def _outlet_like(text: str) -> bool:
    """An unknown outlet's name as attribution lines give it: capitalised words (with short joining
    words between them), ending with a capitalised word; no brackets, digits or sentence words."""
    return bool(re.fullmatch(r"[A-Z][\w.&’'-]*(?:\s+(?:of|the|and|for|on|de|&|[A-Z][\w.&’'-]*)){0,6}", text.strip())
                and text.strip().split()[-1][:1].isupper())


def _names_like(text: str) -> bool:
    """People's names as a byline gives them ("Jane Doe and John Roe", "Prepared by Jane Doe")."""
    parts = [p.strip() for p in re.split(r",|\band\b|&", _CREDITED_BY.sub(",", _BY.sub("", text.strip()))) if p.strip()]
    lo, hi = BYLINE_NAME_WORDS
    return bool(parts) and all(_NAME_PART.match(p) and lo <= len(p.split()) <= hi for p in parts)


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
    outlet, known = normalise_outlet(_BY.sub("", left), resources=res)
    names = ""
    if not known and "," in left:
        names, _, right = left.rpartition(",")
        outlet, known = normalise_outlet(right, resources=res)
        # an unknown outlet is believed only in the shape of a byline ("Jane Doe, Valley Gazette"),
        # not in a title or a list the segmenter took for one ("As Simple as Possible, No Simpler")
        if not known and not (_outlet_like(right) and _names_like(names)):
            return
    elif not known and not _outlet_like(left):
        return
    prov.set_source(outlet, f"source: line {line_no}")
    if names:
        _add_names(names, prov, res)


def _parse_byline(text: str, prov: Provenance, line_no: int, res: Resources) -> None:
    """"By Jane Doe and John Roe, Reuters", "BY TED D'AFFLISIO, Reuters", "By Jane Doe"."""
    t = _BY.sub("", text.strip())
    if not t:
        return
    names, _, right = t.rpartition(",")
    outlet, known = normalise_outlet(right, resources=res) if names else (None, False)
    if known and outlet:
        prov.set_source(outlet, f"source: byline line {line_no}")
    else:
        names = t
    _add_names(names, prov, res)
    prov.evidence.append(f"authors: byline line {line_no}")


def _signoff(text: str, res: Resources) -> str | None:
    """The outlet whose sign-off ``text`` is ("Reuter", "REUTERS", "(AP)"), or one ending the line's
    last sentence ("... last year. REUTER"), else None."""
    words = _words(res)
    t = text.strip().strip("-–—").strip().rstrip(".…").strip()
    t = re.sub(r"^\((.*)\)$", r"\1", t).strip()
    if 0 < len(t.split()) <= SIGNOFF_MAX_WORDS:
        key = _fold(t)
        if key in words.signoffs:
            return words.signoffs[key]
        outlet, known = normalise_outlet(t, resources=res)
        if known:
            return outlet
    m = re.search(r"(?<=[.!?\"”)])\s+(?P<tag>[A-Za-z]{2,12})[.…\s]*$", text.strip())
    if m:
        tag = m.group("tag")
        if _fold(tag) in words.signoffs:
            return words.signoffs[_fold(tag)]
        outlet, known = normalise_outlet(tag, resources=res)
        if known and tag.isupper():
            return outlet
    return None


def _date_value(text: str, res: Resources) -> str | None:
    """The ISO date of a string that is only a date; a month and day without a year give XXXX-MM-DD."""
    t = text.strip().rstrip(".,")
    value = date_line_value(t, resources=res)
    if value:
        return value
    hits = find_raw(t, resources=res)
    if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(t) and hits[0].value \
            and re.fullmatch(r"XXXX-\d\d-\d\d", hits[0].value):
        return hits[0].value
    return None


def _place_like(part: str, res: Resources) -> bool:
    """A part of a dateline or place line that can be a name or a place: capitalised words, not
    opening with a function word ("On Tuesday") and not a month or weekday."""
    if not _NAME_PART.match(part):
        return False
    first = part.split()[0].lower().rstrip(".,")
    return (first == "the" or first not in res.stop_words) and first not in calendar(res).names()


def _place(parts: list[str]) -> str:
    return ", ".join(_person_case(p) for p in parts)


def _dateline(text: str, prov: Provenance, line_no: int, res: Resources, *, whole: bool = False) -> bool:
    """Read a dateline at the head of ``text`` ("SALVADOR, Feb 26 - ...", "WASHINGTON (AP) — ...",
    "Marta Ruiz, Madrid, Spain, March 03 2021: ..."); record its place, date, wire and author.

    ``whole``: the line is only a dateline (a line of role ``dateline``), so no separator is needed.
    Returns whether a dateline was found.
    """
    t = text.strip()
    m = _DATELINE_END.search(t, 0, DATELINE_MAX_CHARS)
    if m:
        head, colon = t[:m.start()], m.group().strip() == ":"
    elif whole:
        head, colon = t.rstrip(" -–—:"), False
    else:
        return False
    if not head or len(head.split()) > DATELINE_MAX_WORDS:
        return False
    tags = [g.strip() for g in _TAG.findall(head)]
    rest = _TAG.sub(",", head).strip(" ,")
    date = None
    hits = [h for h in find_raw(rest, resources=res) if h.end == len(rest)]
    if hits:
        date = _date_value(rest[hits[-1].start:], res)
        if date:
            rest = rest[:hits[-1].start]
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    if not parts or not all(_place_like(p, res) for p in parts):
        return False
    wire = None
    for tag in tags:
        outlet, known = normalise_outlet(tag, resources=res)
        if known:
            wire = outlet
        elif not date:
            return False  # "Name (who?) - ..." is not a dateline
    if colon and not date:
        return False  # "Label: text" with no date is a speaker's or a label's line
    if not (date or wire) and not (whole and len(parts) == 1 and _ALL_CAPS_PLACE.match(parts[0])):
        return False  # a capitalised word and a dash ("WARNING - ...") is too little
    author = None
    if colon and len(parts) >= 3:
        author, parts = parts[0], parts[1:]
    elif colon and len(parts) == 2 and any(a.type == "person" for *_x, a in matcher(res).finditer(parts[0])):
        author, parts = parts[0], parts[1:]
    if wire:
        prov.set_source(wire, f"source: dateline line {line_no}")
    if date:
        prov.set_date(date, f"date: dateline line {line_no}")
    if prov.place is None:
        prov.place = _place(parts)
        prov.evidence.append(f"place: dateline line {line_no}")
    if author:
        prov.add_author(matcher(res).canonical(_person_case(author)))
        prov.evidence.append(f"authors: dateline line {line_no}")
    return True


def _labelled_date(text: str, prov: Provenance, line_no: int, res: Resources) -> bool:
    """"Posted on: March 3, 2021", "Published 12 May 2020 by Jane Doe": the piece's date (and author)."""
    m = _words(res).date_label.match(text)
    if not m or m.end() == 0:
        return False
    rest = text[m.end():].strip()
    who = None
    by = re.search(r"\s+by\s+(?P<who>[A-Z].{1,60})$", rest)
    if by:
        rest, who = rest[:by.start()], by.group("who")
    rest = re.split(r"\s+(?:\||·|•|-|–|—)\s+|\s+at\s+\d", rest)[0]
    value = _date_value(rest, res)
    if not value:
        return False
    prov.set_date(value, f"date: line {line_no}")
    if who:
        _add_names(who, prov, res)
        prov.evidence.append(f"authors: line {line_no}")
    return True


def _place_date(text: str, prov: Provenance, line_no: int, res: Resources) -> bool:
    """"Lisbon, 12 May 2020" or "12 May 2020, Lisbon": a place and a date under a letter or at its head."""
    t = LIST_MARKER.sub("", text).strip().rstrip(".")
    parts = [p.strip() for p in t.split(",")]
    if len(parts) < 2 or _date_value(t, res):
        return False
    for date_first in (False, True):
        # the date may itself hold a comma ("Lisbon, May 12, 2020"): try every split point
        for k in range(1, len(parts)):
            place, date = (parts[k:], parts[:k]) if date_first else (parts[:k], parts[k:])
            value = _date_value(", ".join(date), res)
            if value and all(_place_like(p, res) for p in place) and len(" ".join(place).split()) <= PLACE_MAX_WORDS:
                prov.set_date(value, f"date: line {line_no}")
                if prov.place is None:
                    prov.place = _place(place)
                    prov.evidence.append(f"place: line {line_no}")
                return True
    return False


def _credit(text: str, prov: Provenance, line_no: int, res: Resources) -> None:
    """A credit line: "Presenter: Jane Doe", "Interviews conducted by X", "(Reporting by X; Editing by Y)"."""
    canonical_name = matcher(res).canonical
    words = _words(res)
    if _reporting_credits(text, prov, line_no, res):
        return
    m = re.match(r"^\s*([\w ]{2,30}?)\s*:\s*(.+)$", text)
    if m:
        label = m.group(1).strip().lower()
        if label in words.image:
            return
        prov.add_author(f"{canonical_name(_person_case(m.group(2).strip()))} ({label})")
        prov.evidence.append(f"authors: credit line {line_no}")
        return
    m = re.search(r"\bby\s+(.+)$", text.strip(), re.I)
    if m:
        if any(w.lower() in words.image for w in re.findall(r"\w+", text[:m.start()])):
            return
        who = m.group(1).strip()
        if not (who[:1].isupper() or who.lower().startswith("the ")):
            return  # "produced by rfcmarkup 1.111": not a name
        _add_names(who, prov, res)
        prov.evidence.append(f"authors: credit line {line_no}")
        if _organisation(who, res):
            prov.weak_source = prov.weak_source or (_organisation_name(who, res), f"source: credit line {line_no}")


def _reporting_credits(text: str, prov: Provenance, line_no: int, res: Resources) -> bool:
    m = _REPORTING.match(text)
    if not m:
        return False
    found = False
    for part in re.split(r"\s*;\s*", m.group(1)):
        c = _CREDIT_PART.match(part.strip())
        if not c:
            continue
        what = c.group("what").lower()
        suffix = " (editing)" if what.startswith("edit") else ""
        _add_names(c.group("who"), prov, res, suffix)
        found = True
    if found:
        prov.evidence.append(f"authors: credit line {line_no}")
    return found


def _organisation(name: str, res: Resources) -> bool:
    """Whether "by X" names an organisation (a known outlet, or a phrase with an organisation word)."""
    return normalise_outlet(name, resources=res)[1] or bool(_words(res).organisation.search(name))


def _organisation_name(name: str, res: Resources) -> str:
    outlet, known = normalise_outlet(name, resources=res)
    return outlet if known else re.sub(r"^the\s+", "", name.strip(), flags=re.I)


def _piece_credit(text: str, prov: Provenance, line_no: int, res: Resources) -> None:
    """"The interview was conducted by the X Foundation." (a source) / "... by Jane Doe." (an author)."""
    for m in _words(res).piece_credit.finditer(text):
        who = m.group("who").strip()
        if _organisation(who, res):
            prov.weak_source = prov.weak_source or (_organisation_name(who, res), f"source: line {line_no}")
        else:
            _add_names(who, prov, res)
            prov.evidence.append(f"authors: line {line_no}")


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
    content = [k for k, role in enumerate(roles) if role != "blank" and texts[k].strip()]
    last = content[-1] if content else None
    # The dateline opens the first paragraph: one of the first lines that are not the title,
    # bylines, credits or date lines (a title the segmenter missed may come out as a caption).
    heads = [k for k in content if roles[k] in ("body", "caption")][:DATELINE_LINES]
    dateline_found = False
    for k, (text, role, n) in enumerate(zip(texts, roles, line_nos)):
        if role == "attribution":
            _parse_attribution(text, prov, n, res)
        elif role == "byline":
            _parse_byline(text, prov, n, res)
        elif role == "link" and prov.source is None:
            prov.set_source(normalise_outlet(text, resources=res)[0], f"source: link line {n}")
        elif role == "credit":
            if not _labelled_date(text, prov, n, res):
                _credit(text, prov, n, res)
        elif role == "signature":
            sig_lines.append((text, n))
        elif role == "date":
            if not (_labelled_date(text, prov, n, res) or _place_date(text, prov, n, res)):
                prov.set_date(date_line_value(text, resources=res), f"date: line {n}")
        elif role == "dateline":
            _dateline(text, prov, n, res, whole=True)
        elif role in ("statement", "caption", "body") and _labelled_date(text, prov, n, res):
            continue
        if k in heads and not dateline_found:
            dateline_found = _dateline(text, prov, n, res)
        if role in ("body", "credit", "caption") and len(text.split()) <= PLACE_DATE_MAX_WORDS and not _BY.match(text):
            _place_date(text, prov, n, res)
        if k == last and role not in _NOT_SIGNOFF_ROLES and role != "attribution":
            wire = _signoff(text, res)
            if wire:
                prov.set_source(wire, f"source: sign-off line {n}")
        if role in ("body", "caption", "credit") and _REPORTING.match(text):
            _reporting_credits(text, prov, n, res)
        if role in _PROSE_ROLES:
            for sm in show_on.finditer(text):
                outlet, _ = normalise_outlet(sm.group("outlet"), resources=res)
                prov.programme = prov.programme or (sm.group("quoted") or sm.group("prog")).strip()
                prov.broadcaster = prov.broadcaster or outlet
                prov.evidence.append(f"programme: line {n}")
            m = _COMMENT_TAG.search(text)
            if m and prov.translator is None:
                prov.translator, _ = normalise_outlet(m.group("who"), resources=res)
                prov.evidence.append(f"republisher: comment tag line {n}")
            if role in ("body", "caption"):
                _piece_credit(text, prov, n, res)
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
            # "Open letter to the mayor on the harbour fees": the addressee, not the subject
            to = re.split(r"\s+(?:on|about|over|regarding|concerning|against)\s+", m.group("to").strip())[0]
            prov.recipient = _person_in(to, res)
            prov.evidence.append("recipient/authors: title")
    if prov.recipient is None:
        for text, role in zip(texts, roles):
            if role == "salutation":
                m = _DEAR.match(text)
                if m:
                    prov.recipient = _person_in(m.group("who").split(",")[0].strip(), res)
                    break
    if kind in ("testimony", "open letter"):
        for text, role, n in list(zip(texts, roles, line_nos))[:SELF_INTRO_LINES]:
            m = _SELF_INTRO.search(text) if role in ("body", "answer") else None
            if m:
                prov.add_author(canonical_name(m.group(1).rstrip(".")))
                prov.evidence.append(f"authors: self-introduction line {n}")
                break
    if prov.source is None and prov.broadcaster:
        prov.source = prov.broadcaster
        prov.evidence.append("source: the programme's broadcaster")
    if prov.source is None and prov.weak_source:
        prov.source, how = prov.weak_source
        prov.evidence.append(f"{how} (the organisation credited with the piece)")
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
        t, *tail = re.split(r"\s+[–—-]\s+", t)
        t = t.strip()
        if not t:
            continue
        if tail and canonical_name(tail[0].strip()) in places and prov.place is None:
            prov.place = canonical_name(tail[0].strip())  # "Jane Doe – Brussels"
            prov.evidence.append(f"place: signature line {n}")
        if date_line_value(t, resources=res):
            prov.set_date(date_line_value(t, resources=res), f"date: signature line {n}")
            continue
        if _place_date(t, prov, n, res) or _labelled_date(t, prov, n, res):
            continue  # "Lisbon, 12 May 2020": where and when the letter was signed, not who
        parts = [p.strip() for p in re.split(r"\s*[–—-]\s+|\s+[–—-]\s*", t) if p.strip()]
        if len(t.split()) <= SIGNATURE_PLACE_WORDS and any(canonical_name(p) in places for p in parts):
            if prov.place is None:  # a place line ("Lyon- France")
                prov.place = ", ".join(canonical_name(p) for p in parts)
                prov.evidence.append(f"place: signature line {n}")
            continue
        prov.add_author(canonical_name(t))
        prov.evidence.append(f"authors: signature line {n}")
