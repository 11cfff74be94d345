"""Temporal expressions in the pieces (dates, durations, relative dates), normalised to ISO 8601 and anchored.

Written by hand on purpose: general date finders (dateparser, datefinder) read "we", "$30" and
"60, and" as dates and "02.06.73" month-first; HeidelTime, which anchors relative expressions to a
document's date, is Java. This module is a small rule-based tagger in the same spirit, tuned for
precision: a number is a date only when the grammar below says so, and a vague expression is left
unresolved rather than turned into an invented date. The words come from ``data/temporal.txt``.

Grammar (each rule is a regular expression built from that vocabulary; where two matches overlap
the longer wins). ``D`` day 1-31 with optional st/nd/rd/th, ``M`` a capitalised month name,
``W`` a weekday name, ``Y`` four digits, ``N`` a quantity (digits, number words, "a"/"an"),
``U`` a unit (day, week, month, year, decade, century):

==========  ===========================================================  =============================
type        forms                                                        value
==========  ===========================================================  =============================
date        [W,] [the] D [of] M[,] Y · [W,] M D[,] Y · DD.MM.YY(YY),     ``2004-12-25``
            DD/MM/YYYY (day first) · YYYY-MM-DD
month       M[,] [of] Y ("March 2005", "in March of 2005")               ``2005-03``
year        Y, optionally after "the end of", "early", "mid-"...         ``2005`` (mod END)
            (not after $, "room", "No."; not before "people", "km"...)
range       Y-Y, Y-YY, Y/YY, from Y to Y, between Y and Y                ``1990/1994``
decade      [early|mid|late] 1960s, '60s (not "his 20s": an age)         ``1960/1969``
century     21st century, twenty-first century                           ``2001/2100``
duration    N U (for/after/over ...), N-U adjective ("a 5-year            ``P12Y``, ``P18M``,
            plan"), N-N U ("2-3 years"), "a year and a half",              ``P2Y/P3Y``; vague ones
            vague "a few/several/many U", "for decades"                   ``PXY``, ``PXDE``
relative    N U ago · last/this/next year|month|week · M this year ·      ``-P2Y``, ``+P0Y``,
            in M · D M / M D without year · [on|this|last] W ·            ``XXXX-07``, ``XXXX-10-23``,
            yesterday · N U earlier/later                                 ``XXXX-WXX-2``, ``-PXD``
==========  ===========================================================  =============================

Not tagged: ages ("a 50-year-old", "she is 50", "At 30", "in his 20s"), money, counts ("1500
people"), identifiers ("room B12", list numbers "10-"), times of day ("9am to 5pm"), percentages,
measures, recurrences ("every three months"), and deictic words without a unit ("now", "today",
"recently"), which are rarely literal in this register. Vague quantities are tagged with an X in
the value ("a few years" PXY, "for decades" PXDE, "several years ago" -PXY) and never resolved; a
bare plural counts only after "for" ("decades of attacks" and "all these years" are not tagged).
The ``text`` of an expression leaves out a leading preposition ("in 2005" -> "2005") but keeps
the words that qualify it ("over 20 years": mod MORE_THAN; "towards the end of 2005": mod END).

Anchoring: each piece gets a reference date (see ``references``): the date on its own date line;
else the latest full date or month it mentions (a lower bound on when it was written); else that
of the nearest piece in the same file that has one; else the latest date in the corpus. Relative
expressions resolve against it: year offsets need the reference year, month offsets its month,
days and weekdays need the piece's own dated line (otherwise they stay unresolved). A month or day
without a year takes the occurrence nearest the reference, or with a lower-bound reference the
first one on or after it; a weekday with day and month ("Sunday May 1") takes the year
nearest the reference in which that day is that weekday. A two-digit year is read in the 100
years ending with the reference year (without one: 69-99 -> 1900s, 00-68 -> 2000s, as POSIX).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from .figures import styled
from .io import CuttingsError
from .lexicon import read_sections

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

TYPES = ("date", "month", "year", "range", "decade", "century", "duration", "relative")
DATE_TYPES = ("date", "month", "year", "range", "decade", "century")  # explicit points and periods

COLUMNS = {
    "doc_id": "piece",
    "file": "input file",
    "line_no": "line number in the file (1-based)",
    "start": "character offset of the expression in the line (0-based)",
    "end": "character offset just past the expression (text == line[start:end])",
    "text": "the expression as written (leading prepositions such as 'in', 'on', 'for' left out)",
    "type": "date, month, year, range, decade, century, duration or relative",
    "value": "ISO 8601 value: 2004-12-25, 2005-03, 1989, ranges 1990/1994, decades 1960/1969, "
             "centuries 2001/2100, durations P12Y/P18M (P2Y/P3Y for '2-3 years', PXY/PXDE for vague "
             "ones); relative expressions unresolved: -P2Y (two years ago), +P0Y (this year), XXXX-07 "
             "(July), XXXX-10-23, XXXX-WXX-5 (a Friday), -PXD (a few days ago)",
    "mod": "TimeML modifier: APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS, START, "
           "MID, END, or null",
    "anchored": "relative expressions: the resolved ISO value (null when it cannot be resolved); "
                "other types: the value",
    "anchor": "how a relative expression or a two-digit year was resolved, and against which "
              "reference date; null for the rest",
}

REFERENCE_COLUMNS = {
    "doc_id": "piece",
    "reference": "reference date (ISO, to the precision known: 2005-06-30 or 2005-06), null if none",
    "method": "date line | latest date in piece | nearest piece | latest date in corpus | given | none",
    "precision": "day or month",
    "bound": "exact (a date line or a given date), not before (the latest date the piece "
             "mentions: the piece was written then or later) or approximate (borrowed)",
    "from_doc": "piece whose line gave the date",
    "line_no": "line that gave the date",
}


@dataclass(frozen=True)
class Timex:
    """One temporal expression in a string: offsets, text, type, ISO value, modifier and resolution."""

    start: int
    end: int
    text: str
    type: str
    value: str | None
    mod: str | None = None
    anchored: str | None = None
    anchor: str | None = None
    spec: tuple | None = field(default=None, repr=False, compare=False)  # what resolution needs


@dataclass(frozen=True)
class Reference:
    """A piece's reference date: ``date`` with its ``precision`` ('day'/'month') and how it was found."""

    date: _dt.date
    precision: str = "day"
    method: str = "given"
    bound: str = "exact"
    from_doc: int | None = None
    line_no: int | None = None
    via: str | None = None  # for a borrowed reference: how the other piece got it

    @property
    def iso(self) -> str:
        """The date as ISO 8601 to its precision."""
        return self.date.isoformat() if self.precision == "day" else self.date.isoformat()[:7]

    @property
    def own(self) -> bool:
        """Whether the date comes from the piece itself being dated (date line or given), not inferred."""
        return self.bound == "exact"

    def describe(self) -> str:
        """E.g. ``reference 2005-06-30 (date line, line 12)``: the date and where it comes from."""
        at = f", line {self.line_no}" if self.line_no is not None else ""
        if self.method == "date line":
            how = f"date line{at}"
        elif self.method == "latest date in piece":
            how = f"latest date the piece mentions{at}: a lower bound"
        elif self.method == "nearest piece":
            how = f"borrowed from the nearest dated piece, piece {self.from_doc}: its {self.via}{at}"
        elif self.method == "latest date in corpus":
            how = f"latest date in the corpus: piece {self.from_doc}{at}"
        else:
            how = self.method
        return f"reference {self.iso} ({how})"


# ---------------------------------------------------------------------------------------------
# vocabulary and grammar


@dataclass
class _Vocab:
    months: dict          # lower-cased name -> number
    months_full: list     # full names
    months_any: list      # full names and abbreviations
    weekdays: dict
    weekdays_full: list
    weekdays_any: list
    numbers: dict
    ordinals: dict
    units: dict           # singular/plural -> (designator, multiplier)
    plurals: frozenset
    vague: list
    modifiers: dict
    period_mods: dict
    frames: frozenset
    deictic: dict
    ago: list
    event_relative: list
    month_preps: list
    weekday_preps: list
    set_words: frozenset
    age_before: list
    age_after: list
    possessives: frozenset
    year_blockers: frozenset
    count_nouns: frozenset
    membership: list
    org_words: list


@lru_cache(maxsize=None)
def _vocab() -> _Vocab:
    s = read_sections("temporal.txt")

    def numbered(name):
        out = {}
        for entry in s[name]:
            num, *names = entry.split()
            for n in names:
                out[n] = int(num)
        return out

    months = {}
    months_full, months_any = [], []
    for entry in s["months"]:
        num, full, *abbr = entry.split()
        months_full.append(full)
        months_any += [full] + abbr
        for n in [full] + abbr:
            months[n.lower()] = int(num)
    weekdays, weekdays_full, weekdays_any = {}, [], []
    for entry in s["weekdays"]:
        num, full, *abbr = entry.split()
        weekdays_full.append(full)
        weekdays_any += [full] + abbr
        for n in [full] + abbr:
            weekdays[n.lower()] = int(num)
    units, plurals = {}, set()
    for entry in s["units"]:
        sg, pl, des, mult = entry.split()
        units[sg] = units[pl] = (des, int(mult))
        plurals.add(pl)

    def phrase_map(name):
        out = {}
        for entry in s[name]:
            *words, tag = entry.split()
            out[" ".join(words).lower()] = tag
        return out

    return _Vocab(
        months=months, months_full=months_full, months_any=months_any,
        weekdays=weekdays, weekdays_full=weekdays_full, weekdays_any=weekdays_any,
        numbers={k.lower(): v for k, v in numbered("numbers").items()},
        ordinals={k.lower(): v for k, v in numbered("ordinals").items()},
        units=units, plurals=frozenset(plurals),
        vague=[v.lower() for v in s["vague_quantities"]],
        modifiers=phrase_map("modifiers"),
        period_mods=phrase_map("period_modifiers"),
        frames=frozenset(w.lower() for w in s["duration_frames"]),
        deictic={k: int(v) for k, v in phrase_map("deictic").items()},
        ago=[w.lower() for w in s["ago"]],
        event_relative=[w.lower() for w in s["event_relative"]],
        month_preps=[w.lower() for w in s["month_prepositions"]],
        weekday_preps=[w.lower() for w in s["weekday_prepositions"]],
        set_words=frozenset(w.lower() for w in s["set_words"]),
        age_before=[w.lower() for w in s["age_before"]],
        age_after=[w.lower() for w in s["age_after"]],
        possessives=frozenset(w.lower() for w in s["possessives"]),
        year_blockers=frozenset(w.lower() for w in s["year_blockers"]),
        count_nouns=frozenset(w.lower() for w in s["count_nouns"]),
        membership=list(s["membership_cues"]),
        org_words=list(s["organisation_words"]),
    )


def _alt(words, *, caps: bool = False, dot: bool = False) -> str:
    """Alternation of literal words, longest first. ``caps``: Title and UPPER forms only (no IGNORECASE)."""
    forms = []
    for w in words:
        variants = [w, w.upper()] if caps else [w]
        for v in variants:
            p = re.escape(v).replace(r"\ ", r"\s+").replace(",", r",?")
            forms.append(p + (r"\.?" if dot and len(w) <= 4 and w.lower() not in ("may", "june", "july") else ""))
    forms = sorted(set(forms), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(forms) + ")"


def _ialt(words) -> str:
    return "(?i:" + _alt(words) + ")"


def _cased(words) -> str:
    """Alternation matching each word with its first letter in either case (fast: a literal-prefix scan)."""
    forms = sorted({f"[{w[0].lower()}{w[0].upper()}]{re.escape(w[1:])}" for w in words}, key=lambda p: (-len(p), p))
    return "(?:" + "|".join(forms) + ")"


@dataclass(frozen=True)
class _Rule:
    """One grammar rule: a core regex (starts with a literal-ish token, so scanning is fast), an
    optional prefix regex matched backwards from the core's start, and what a line must contain."""

    name: str
    core: re.Pattern
    back: re.Pattern | None = None
    needs: tuple = ()   # features: digit, month, weekday, unit, half, century, deictic
    window: int = 30    # how far back (characters) the prefix may start


class _Grammar:
    """The compiled rules (built once from the vocabulary)."""

    def __init__(self, v: _Vocab) -> None:
        self.v = v
        M_FULL = _alt(v.months_full, caps=True)
        M_ANY = _alt(v.months_any, caps=True, dot=True)
        W_FULL = _alt(v.weekdays_full, caps=True)
        W_ANY = _alt(v.weekdays_any, caps=True, dot=True)
        DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
        tens = [w for w, n in v.numbers.items() if n >= 20 and n % 10 == 0]
        units_words = [w for w, n in v.numbers.items() if 1 <= n <= 9]
        NUMW = rf"(?i:{_alt(tens)}(?:[\s-]{_alt(units_words)})?|{_alt(list(v.numbers))})"
        QTY1 = rf"(?:[0-9]{{1,3}}(?:\.[0-9]{{1,2}})?(?![0-9])|{NUMW})"
        UNITS = _ialt(list(v.units))
        MODS = _ialt(list(v.modifiers))
        PMODS = _ialt(list(v.period_mods))
        VAGUE = _ialt(v.vague)
        ORD = _ialt(list(v.ordinals))
        TAIL = _ialt(v.ago + v.event_relative)
        DX = _ialt(list(v.deictic))
        the = r"(?i:the)"
        back_wd = re.compile(rf"(?<!\w)(?:(?P<wd>{W_ANY}),?\s+)?(?:{the}\s+)?$")
        back_w = re.compile(rf"(?<!\w)(?P<wd>{W_ANY}),?\s+$")
        back_pm = re.compile(rf"(?<!\w)(?P<pm>{PMODS})[\s-]+$")
        back_em = re.compile(r"(?<!\w)(?P<pm>(?i:early|mid|late))[\s-]+$")
        self.rules = [
            _Rule("date_dmy", re.compile(
                rf"(?P<d>{DAY})(?:\s+(?i:of))?\s+(?P<m>{M_ANY}),?\s+(?P<y>[0-9]{{4}})(?![\w]|[.,][0-9])"),
                back_wd, ("digit", "month"), 24),
            _Rule("date_mdy", re.compile(
                rf"(?P<m>{M_ANY})\s+(?:{the}\s+)?(?P<d>{DAY}),?\s+(?P<y>[0-9]{{4}})(?![\w]|[.,][0-9])"),
                back_w, ("digit", "month"), 16),
            _Rule("date_num", re.compile(
                r"(?P<a>[0-9]{1,2})(?P<sep>[./])(?P<b>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})"
                r"(?![\w%]|[.,/:-][0-9])"), None, ("digit",)),
            _Rule("date_iso", re.compile(
                r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})(?![\w-]|[.,][0-9])"), None, ("digit",)),
            _Rule("month_year", re.compile(
                rf"(?P<m>{M_ANY}),?\s+(?:(?i:of)\s+)?(?P<y>[0-9]{{4}})(?![\w%]|[.,][0-9])"),
                back_pm, ("digit", "month")),
            _Rule("range", re.compile(
                r"(?P<y1>[0-9]{4})(?P<sep>\s*[-–—/]\s*|\s+(?i:to|until|till|through|and)\s+)"
                r"(?P<y2>[0-9]{4}|[0-9]{2})(?![\w%]|[.,][0-9]|\s*[-–—/]\s*[0-9])"),
                re.compile(r"(?<!\w)(?P<fr>(?i:from|between))\s+$"), ("digit",), 12),
            _Rule("decade", re.compile(
                r"(?:(?P<d4>1[0-9][0-9]0|20[0-9]0)|['’](?P<d2>[0-9]0))['’]?s(?!\w)"), back_em, ("digit",), 9),
            _Rule("century", re.compile(
                rf"(?<![\w-])(?:(?P<pm>(?i:early|mid|late))[\s-]+)?(?:(?P<cn>[0-9]{{1,2}})(?:st|nd|rd|th)|"
                rf"(?P<cw>{ORD}))[\s-]+(?i:century)(?![\w])"), None, ("century",)),
            _Rule("year", re.compile(
                r"(?P<y>[0-9]{4})(?![\w%]|[.,:/][0-9]|\s*[-–][0-9])"), back_pm, ("digit",)),
            _Rule("duration", re.compile(
                rf"(?<=[\s-])(?P<u>{_cased(list(v.units))})(?P<tail>\s+{TAIL})?(?![\w-])"),
                re.compile(
                    rf"(?<![\w$£€¥#.,'’/-])(?:(?P<mod>{MODS})\s+)?(?:(?P<span>(?i:past|last|next|coming|first))\s+)?"
                    rf"(?:(?P<vq>{VAGUE})|(?P<q1>{QTY1}|(?i:an?)(?!\w))"
                    rf"(?:(?P<qsep>\s*[-–]\s*|\s+(?i:to|or)\s+)(?P<q2>{QTY1}))?)(?P<hy>\s+|-)$"),
                ("unit",), 60),
            _Rule("half", re.compile(
                rf"(?<![\w-])(?:(?P<mod>{MODS})\s+)?(?:(?P<q>{QTY1}|(?i:an?))\s+(?P<u1>{UNITS})\s+"
                rf"(?i:and\s+a\s+half)|(?P<qb>{QTY1}|(?i:an?))\s+(?i:and\s+a\s+half)\s+(?P<u2>{UNITS})|"
                rf"(?i:half\s+an?)\s+(?P<u3>{UNITS}))(?P<tail>\s+{TAIL})?(?![\w-])"), None, ("half",)),
            _Rule("deictic", re.compile(r"(?P<u>[yY]ear|[mM]onth|[wW]eek)(?![\w-])"),
                  re.compile(rf"(?<![\w-])(?P<dx>{DX})\s+$"), ("deictic",), 12),
            _Rule("deictic_day", re.compile(r"(?P<yt>[yY]esterday|[tT]omorrow)(?![\w-])"), None, ("deictic",)),
            _Rule("month_rel", re.compile(
                rf"(?P<m>{M_FULL})(?P<fw>\s+(?:(?i:of)\s+)?(?P<dx>{DX})\s+(?i:year))?(?![\w-])"),
                re.compile(rf"(?<!\w)(?P<dx2>{DX})\s+$"), ("month",), 12),
            _Rule("month_alone", re.compile(rf"(?P<m>{M_FULL})(?![\w-]|\.?,?\s*[0-9])"),
                  re.compile(rf"(?<!\w)(?P<prep>{_ialt(v.month_preps)})\s+(?:(?P<pm>(?i:early|mid|late))[\s-]+)?$"),
                  ("month",), 22),
            _Rule("day_month", re.compile(
                rf"(?P<d>{DAY})(?:\s+(?i:of))?\s+(?P<m>{M_ANY})(?![\w-]|\.?,?\s*[0-9])"),
                back_wd, ("digit", "month"), 24),
            _Rule("month_day", re.compile(
                rf"(?P<m>{M_ANY})\s+(?:{the}\s+)?(?P<d>{DAY})(?![\w]|[.,:/]?[0-9]|,?\s*[0-9]{{4}})"),
                back_w, ("digit", "month"), 16),
            _Rule("weekday", re.compile(
                rf"(?P<wd>{W_FULL})(?![\w]|,?\s+(?:{the}\s+)?[0-9]|,?\s+{M_ANY})"),
                re.compile(rf"(?<!\w)(?P<pre>{_ialt(v.weekday_preps)})\s+$"), ("weekday",), 10),
        ]
        self.digit = re.compile(r"[0-9]")
        self.month = re.compile(M_ANY)
        self.weekday = re.compile(W_ANY)
        self.unit_words = tuple(sorted({u[:4] for u in v.units}))  # "year", "mont", "deca", "cent"...
        self.deictic_words = tuple(sorted(v.deictic)) + ("yesterday", "tomorrow")
        org = [re.escape(o) for o in v.org_words]
        try:
            from .aliases import alias_table

            org += [re.escape(variant).replace(r"\ ", r"[\s-]+")
                    for a in alias_table() if a.type == "organisation" for variant in a.variants]
        except (OSError, ImportError):  # pragma: no cover - aliases are optional here
            pass
        org_alt = "(?:" + "|".join(sorted(set(org), key=lambda p: (-len(p), p))) + ")"
        self.membership = re.compile(
            "|".join(f"(?:{c.replace('{org}', org_alt)})" for c in v.membership), re.IGNORECASE)

    def features(self, text: str) -> set:
        """What the line contains, to skip rules that cannot match (cheap substring tests)."""
        low = text.lower()
        out = set()
        if self.digit.search(text):
            out.add("digit")
        if self.month.search(text):
            out.add("month")
        if self.weekday.search(text):
            out.add("weekday")
        if any(u in low for u in self.unit_words):
            out.add("unit")
            if any(d in low for d in self.deictic_words):
                out.add("deictic")
        elif "yesterday" in low or "tomorrow" in low:
            out.add("deictic")
        if "and a half" in low or "half a" in low:
            out.add("half")
        if "centur" in low:
            out.add("century")
        return out


@lru_cache(maxsize=None)
def _grammar() -> _Grammar:
    return _Grammar(_vocab())


class _Hit:
    """A core match with the prefix matched backwards from it: groups are looked up in both."""

    __slots__ = ("core", "back")

    def __init__(self, core, back) -> None:
        self.core, self.back = core, back

    def _owner(self, name):
        if name is None:
            return None
        try:
            if self.core.group(name) is not None:
                return self.core
        except IndexError:
            pass
        if self.back is not None:
            try:
                if self.back.group(name) is not None:
                    return self.back
            except IndexError:
                pass
        return self.core

    def group(self, name):
        owner = self._owner(name)
        try:
            return owner.group(name)
        except IndexError:
            return None

    def start(self, name=None):
        if name is None:
            return self.back.start() if self.back is not None and self.back.end() > self.back.start() else self.core.start()
        return self._owner(name).start(name)

    def end(self, name=None):
        return self.core.end() if name is None else self._owner(name).end(name)

    def span(self, name=None):
        return self.start(name), self.end(name)

    def prefixed(self) -> bool:
        return self.back is not None and self.back.end() > self.back.start()


# ---------------------------------------------------------------------------------------------
# finding


def find(text: str, *, reference: str | _dt.date | Reference | None = None,
         min_year: int = 1800, max_year: int = 2099) -> list[Timex]:
    """Return the temporal expressions in ``text`` as ``Timex`` objects, in text order.

    ``reference`` (an ISO date such as ``"2005-06-30"`` or ``"2005-06"``, a ``datetime.date`` or a
    ``Reference``) is the date the text was written: relative expressions and two-digit years are
    resolved against it (``anchored``/``anchor``). A bare four-digit number counts as a year only
    between ``min_year`` and ``max_year``.
    """
    if not isinstance(text, str):
        raise CuttingsError(f"find() needs a string, not {type(text).__name__}")
    ref = _as_reference(reference)
    found = _find_raw(text, min_year, max_year)
    return [_resolve(t, ref) for t in found]


def _find_raw(text: str, min_year: int = 1800, max_year: int = 2099) -> list[Timex]:
    g = _grammar()
    feats = g.features(text)
    if not feats:
        return []
    cands = []
    for prio, rule in enumerate(g.rules):
        if not all(f in feats for f in rule.needs):
            continue
        handler = _HANDLERS[rule.name]
        for m in rule.core.finditer(text):
            back = None
            if rule.back is not None:
                a = m.start()
                back = rule.back.search(text, max(0, a - rule.window), a)
            t = handler(_Hit(m, back), text, g.v, min_year, max_year)
            if t is not None:
                cands.append((t.end - t.start, -prio, t))
    if len(cands) > 1:
        cands.sort(key=lambda c: (-c[0], -c[1], c[2].start))
    taken: list[Timex] = []
    for _, _, t in cands:
        if all(t.end <= o.start or t.start >= o.end for o in taken):
            taken.append(t)
    taken.sort(key=lambda t: t.start)
    return taken


def _prev_char(text: str, pos: int) -> str:
    return text[pos - 1] if pos > 0 else ""


def _word_before(text: str, pos: int, n: int = 1) -> str:
    words = re.findall(r"[\w.'’]+", text[max(0, pos - 40):pos])
    return " ".join(words[-n:]).lower() if words else ""


def _word_after(text: str, pos: int) -> str:
    m = re.match(r"\s*([\w]+)", text[pos:pos + 40])
    return m.group(1).lower() if m else ""


def _mk(m, text, typ, value, *, group=None, mod=None, spec=None) -> Timex:
    a, b = m.span(group) if group else m.span()
    # Leading prepositions captured for context are not part of the expression.
    return Timex(a, b, text[a:b], typ, value, mod, None, None, spec)


def _month_no(v: _Vocab, name: str) -> int:
    return v.months[name.rstrip(".").lower()]


def _valid(y: int, mo: int, d: int) -> bool:
    try:
        _dt.date(y, mo, d)
        return True
    except ValueError:
        return False


def _weekday_ok(v, m, y, mo, d) -> bool:
    wd = m.group("wd")
    return wd is None or _dt.date(y, mo, d).isoweekday() == v.weekdays[wd.rstrip(".").lower()]


def _free(m, text, chars: str) -> bool:
    """Whether the core match is not glued to what precedes it (a prefix matched backwards counts as free)."""
    if m.prefixed():
        return True
    c = _prev_char(text, m.core.start())
    return not c or not (c.isalnum() or c == "_" or c in chars)


def _h_date_dmy(m, text, v, lo, hi):
    if not _free(m, text, ".,/-"):
        return None
    y, mo, d = int(m.group("y")), _month_no(v, m.group("m")), int(re.match(r"\d+", m.group("d")).group())
    if not _valid(y, mo, d) or not _weekday_ok(v, m, y, mo, d):
        return None
    return _mk(m, text, "date", f"{y:04d}-{mo:02d}-{d:02d}")


_h_date_mdy = _h_date_dmy


def _h_date_num(m, text, v, lo, hi):
    if not _free(m, text, ".,/:-"):
        return None
    a, b, ys = int(m.group("a")), int(m.group("b")), m.group("y")
    d, mo = a, b
    if m.group("sep") == "/" and b > 12 >= a:  # only month-first reading is possible
        d, mo = b, a
    if not 1 <= mo <= 12:
        return None
    if len(ys) == 4:
        y = int(ys)
        if not _valid(y, mo, d):
            return None
        return _mk(m, text, "date", f"{y:04d}-{mo:02d}-{d:02d}")
    yy = int(ys)
    y = _two_digit(yy, None)
    if not _valid(2000 if mo == 2 and d == 29 else y, mo, d):
        return None
    return _mk(m, text, "date", f"{y:04d}-{mo:02d}-{d:02d}", spec=("yy", yy, mo, d))


def _h_date_iso(m, text, v, lo, hi):
    if not _free(m, text, ".,/-"):
        return None
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if not _valid(y, mo, d):
        return None
    return _mk(m, text, "date", f"{y:04d}-{mo:02d}-{d:02d}")


def _h_month_year(m, text, v, lo, hi):
    y = int(m.group("y"))
    if not lo <= y <= hi or not _free(m, text, ""):
        return None
    mod = v.period_mods.get(_norm(m.group("pm"))) if m.group("pm") else None
    return _mk(m, text, "month", f"{y:04d}-{_month_no(v, m.group('m')):02d}", mod=mod)


def _h_range(m, text, v, lo, hi):
    y1, s2 = int(m.group("y1")), m.group("y2")
    sep = m.group("sep").strip().lower()
    fr = (m.group("fr") or "").lower()
    dash = sep in ("-", "–", "—", "/")
    if len(s2) == 2:
        if not dash:
            return None
        y2 = y1 // 100 * 100 + int(s2)
        if y2 <= y1:
            y2 += 100
    else:
        y2 = int(s2)
    if not (lo <= y1 <= hi and lo <= y2 <= hi and y1 < y2 <= y1 + 100):
        return None
    if (sep == "and") != (fr == "between") and not (fr == "between" and dash):
        return None
    if fr == "from" and sep == "and":
        return None
    if not _free(m, text, "$£€¥#.,'’/-"):
        return None
    if _word_before(text, m.start("y1") if not fr else m.start()) in v.year_blockers:
        return None
    if _word_after(text, m.end()) in v.count_nouns:
        return None
    return _mk(m, text, "range", f"{y1:04d}/{y2:04d}")


def _h_decade(m, text, v, lo, hi):
    if not _free(m, text, "'’$£€.,-"):
        return None
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m.group("pm") or "").lower())
    if m.group("d4"):
        y = int(m.group("d4"))
        return _mk(m, text, "decade", f"{y:04d}/{y + 9:04d}", mod=mod)
    start = m.start("pm") if m.group("pm") else m.start()
    if _word_before(text, start) in v.possessives:
        return None
    d2 = int(m.group("d2"))
    y = _two_digit(d2, None)
    return _mk(m, text, "decade", f"{y:04d}/{y + 9:04d}", mod=mod, spec=("yy_decade", d2))


def _h_century(m, text, v, lo, hi):
    n = int(m.group("cn")) if m.group("cn") else v.ordinals[re.sub(r"\s+", "-", m.group("cw").lower())]
    if not 1 <= n <= 30:
        return None
    if text[m.end() - 7:m.end()] == "Century" and re.match(r"\s+[A-Z][a-z]", text[m.end():m.end() + 4]):
        return None  # "20th Century Fox": part of a name
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m.group("pm") or "").lower())
    return _mk(m, text, "century", f"{(n - 1) * 100 + 1:04d}/{n * 100:04d}", mod=mod)


def _h_year(m, text, v, lo, hi):
    y = int(m.group("y"))
    if not lo <= y <= hi or not _free(m, text, "$£€¥#.,'’/:-"):
        return None
    start = m.start("pm") if m.group("pm") else m.start("y")
    if _word_before(text, start) in v.year_blockers or _word_after(text, m.end()) in v.count_nouns:
        return None
    mod = v.period_mods.get(_norm(m.group("pm"))) if m.group("pm") else None
    return _mk(m, text, "year", f"{y:04d}", mod=mod)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip()).lower()


def _number(v: _Vocab, s: str) -> float | None:
    s = s.strip().lower()
    if s in ("a", "an"):
        return 1
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s) if "." in s else int(s)
    parts = re.split(r"[\s-]+", s)
    total = 0
    for p in parts:
        if p not in v.numbers:
            return None
        total += v.numbers[p]
    return total


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _iso_duration(v: _Vocab, qty: float, unit: str) -> tuple[str, float, str]:
    """Return (ISO designator text, amount, designator) for ``qty`` ``unit``s (decades as years)."""
    des, mult = v.units[unit.lower()]
    amount = qty * mult
    if des == "Y" and not float(amount).is_integer() and float(amount * 12).is_integer():
        return f"P{_fmt(amount * 12)}M", amount * 12, "M"
    return f"P{_fmt(amount)}{des}", amount, des


def _tail_kind(m, v) -> str | None:
    tail = (m.group("tail") or "").strip().lower()
    if not tail:
        return None
    return "ago" if tail in v.ago else "event"


def _age_or_set(m, text, v, start) -> bool:
    after = text[m.end():m.end() + 12].lower()
    if any(re.match(rf"\s*-?\s*{re.escape(w)}(?!\w)", after) for w in v.age_after):
        return True
    before = _word_before(text, start, 3)
    if any(before.endswith(w) for w in v.age_before):
        return True
    return _word_before(text, start) in v.set_words


def _h_duration(m, text, v, lo, hi):
    if not m.prefixed():
        return _for_bare(m, text, v)  # otherwise a unit without a quantity before it: not a duration
    start = m.start()
    if _age_or_set(m, text, v, start):
        return None
    unit = m.group("u").lower()
    mod = v.modifiers.get(_norm(m.group("mod"))) if m.group("mod") else None
    tail = _tail_kind(m, v)
    des = v.units[unit][0]
    if m.group("vq"):
        if unit not in v.plurals:
            return None  # "many year" is not English; "a few day" neither
        code = "DE" if unit == "decades" else ("CE" if unit == "centuries" else des)
        if tail == "ago":
            return _mk(m, text, "relative", f"-PX{code}", mod=mod, spec=("vague",))
        if tail == "event":
            return _mk(m, text, "relative", f"-PX{code}", mod=mod, spec=("event",))
        return _mk(m, text, "duration", f"PX{code}", mod=mod)
    q1s = m.group("q1")
    q1 = _number(v, q1s)
    if q1 is None or q1 == 0:
        return None
    if q1s.lower() in ("a", "an", "one") and m.group("hy") == "-":
        return None  # "a-year" is not a duration; "one-year" is rare enough to skip
    if q1s.lower() in ("a", "an", "one") and not (mod or m.group("span") or tail or m.group("q2")):
        if _word_before(text, start) not in v.frames:
            return None
    if q1s.lower() in ("a", "an") and unit in v.plurals:
        return None  # "a years"
    if m.group("hy") == "-" and unit in v.plurals and not m.group("q2"):
        return None  # "10-years" is not written; keep to "10-year" adjectives
    v1, a1, d1 = _iso_duration(v, q1, unit)
    if m.group("q2"):
        q2 = _number(v, m.group("q2"))
        if q2 is None or q2 <= q1:
            return None
        v2, a2, d2 = _iso_duration(v, q2, unit)
        if tail == "ago":
            return _mk(m, text, "relative", f"-{v2}/-{v1}", mod=mod, spec=("offset", d1, -a2, -a1))
        if tail == "event":
            return _mk(m, text, "relative", f"-{v2}/-{v1}", mod=mod, spec=("event",))
        return _mk(m, text, "duration", f"{v1}/{v2}", mod=mod)
    if tail == "ago":
        return _mk(m, text, "relative", f"-{v1}", mod=mod, spec=("offset", d1, -a1, -a1))
    if tail == "event":
        return _mk(m, text, "relative", f"-{v1}", mod=mod, spec=("event",))
    return _mk(m, text, "duration", v1, mod=mod)


def _h_half(m, text, v, lo, hi):
    if _word_before(text, m.start()) in v.set_words:
        return None
    mod = v.modifiers.get(_norm(m.group("mod"))) if m.group("mod") else None
    if m.group("u3"):
        q, unit = 0.5, m.group("u3")
    else:
        qs = m.group("q") or m.group("qb")
        q = _number(v, qs)
        if q is None:
            return None
        q += 0.5
        unit = m.group("u1") or m.group("u2")
    val, amount, des = _iso_duration(v, q, unit)
    tail = _tail_kind(m, v)
    if tail == "ago":
        return _mk(m, text, "relative", f"-{val}", mod=mod, spec=("offset", des, -amount, -amount))
    if tail == "event":
        return _mk(m, text, "relative", f"-{val}", mod=mod, spec=("event",))
    return _mk(m, text, "duration", val, mod=mod)


_FOR_BEFORE = re.compile(r"(?<!\w)(?i:for)\s+$")


def _for_bare(m, text, v):
    """A bare plural unit right after "for" ("for decades", "for years"): a vague duration."""
    unit = m.group("u").lower()
    a = m.core.start("u")
    if unit not in v.plurals or unit == "days" or not _FOR_BEFORE.search(text, max(0, a - 6), a):
        return None
    code = {"decades": "DE", "centuries": "CE"}.get(unit, v.units[unit][0])
    return Timex(a, m.core.end("u"), text[a:m.core.end("u")], "duration", f"PX{code}")


def _h_deictic(m, text, v, lo, hi):
    if m.group("yt"):
        if not _free(m, text, "-"):
            return None
        n = -1 if m.group("yt").lower() == "yesterday" else 1
        return _mk(m, text, "relative", f"{'-' if n < 0 else '+'}P1D", spec=("offset", "D", n, n))
    if not m.prefixed():
        return None
    n = v.deictic[_norm(m.group("dx"))]
    des = {"year": "Y", "month": "M", "week": "W"}[m.group("u").lower()]
    if _word_before(text, m.start()) == "the":
        return _mk(m, text, "duration", f"P1{des}")  # "over the last year": a span, not a date
    return _mk(m, text, "relative", f"{'-' if n < 0 else '+'}P{abs(n)}{des}", spec=("offset", des, n, n))


def _h_month_rel(m, text, v, lo, hi):
    mo = _month_no(v, m.group("m"))
    if m.core.group("fw"):  # "July this year"
        if not _free(_Hit(m.core, None), text, ""):
            return None
        n = v.deictic[_norm(m.core.group("dx"))]
        return _mk(_Hit(m.core, None), text, "relative", f"XXXX-{mo:02d}", spec=("month", mo, n, None))
    if not m.prefixed():
        return None  # "this July", "last July"
    n = v.deictic[_norm(m.group("dx2"))]
    how = {-1: "last", 0: None, 1: "next"}[max(-1, min(1, n))]
    return _mk(m, text, "relative", f"XXXX-{mo:02d}", spec=("month", mo, 0 if how is None else None, how))


def _h_month_alone(m, text, v, lo, hi):
    if not m.prefixed():
        return None  # a month name alone is a date only after a preposition
    mo = _month_no(v, m.group("m"))
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m.group("pm") or "").lower())
    a = m.start("pm") if m.group("pm") else m.start("m")
    return Timex(a, m.end(), text[a:m.end()], "relative", f"XXXX-{mo:02d}", mod, None, None,
                 ("month", mo, None, None))


def _h_day_month(m, text, v, lo, hi):
    if not _free(m, text, ".,/-"):
        return None
    mo = _month_no(v, m.group("m"))
    d = int(re.match(r"\d+", m.group("d")).group())
    if not _valid(2000, mo, d):  # 2000 is a leap year: 29 February is a valid day-month
        return None
    if _word_before(text, m.start()) in v.count_nouns:
        return None
    wd = v.weekdays[m.group("wd").rstrip(".").lower()] if m.group("wd") else None
    return _mk(m, text, "relative", f"XXXX-{mo:02d}-{d:02d}", spec=("daymonth", mo, d, wd))


_h_month_day = _h_day_month


def _h_weekday(m, text, v, lo, hi):
    if not m.prefixed():
        return None
    wd = v.weekdays[m.group("wd").lower()]
    pre = m.group("pre").lower()
    n = v.deictic.get(pre)
    value = f"XXXX-WXX-{wd}"
    if n is None:  # "on Friday": the preposition stays out of the expression
        return _mk(m, text, "relative", value, group="wd", spec=("weekday", wd, None))
    return _mk(m, text, "relative", value, spec=("weekday", wd, n))


_HANDLERS = {
    "date_dmy": _h_date_dmy, "date_mdy": _h_date_mdy, "date_num": _h_date_num, "date_iso": _h_date_iso,
    "month_year": _h_month_year, "range": _h_range, "decade": _h_decade, "century": _h_century,
    "year": _h_year, "duration": _h_duration, "half": _h_half,
    "deictic": _h_deictic, "deictic_day": _h_deictic, "month_rel": _h_month_rel, "month_alone": _h_month_alone,
    "day_month": _h_day_month, "month_day": _h_month_day, "weekday": _h_weekday,
}


# ---------------------------------------------------------------------------------------------
# resolution


def _two_digit(yy: int, ref_year: int | None) -> int:
    """Read a two-digit year: in the 100 years ending with ``ref_year``; without one, POSIX (69-99 -> 19xx)."""
    if ref_year is None:
        return 1900 + yy if yy >= 69 else 2000 + yy
    return ref_year - ((ref_year - yy) % 100)


def _as_reference(ref) -> Reference | None:
    if ref is None or isinstance(ref, Reference):
        return ref
    if isinstance(ref, _dt.datetime):
        return Reference(ref.date())
    if isinstance(ref, _dt.date):
        return Reference(ref)
    if isinstance(ref, str):
        s = ref.strip()
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
                return Reference(_dt.date.fromisoformat(s))
            if re.fullmatch(r"\d{4}-\d{2}", s):
                return Reference(_dt.date(int(s[:4]), int(s[5:]), 1), precision="month")
        except ValueError:
            pass
    raise CuttingsError(f"reference date {ref!r}: use YYYY-MM-DD or YYYY-MM")


def _ym(total: int) -> str:
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _plural(n: float, unit: str) -> str:
    n = abs(n)
    return f"{_fmt(n)} {unit}" + ("" if n == 1 else "s")


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _resolve(t: Timex, ref: Reference | None) -> Timex:
    """Fill ``anchored`` and ``anchor`` of ``t`` given the reference (or None)."""
    spec = t.spec
    if spec is None:
        return replace(t, anchored=t.value, anchor=None)
    kind = spec[0]
    if kind in ("yy", "yy_decade"):
        yy = spec[1]
        y = _two_digit(yy, ref.date.year if ref else None)
        if kind == "yy":
            mo, d = spec[2], spec[3]
            if not _valid(y, mo, d):
                return replace(t, value=None, anchored=None, anchor=f"no {d} {_MONTH_NAMES[mo - 1]} in {y}")
            value = f"{y:04d}-{mo:02d}-{d:02d}"
        else:
            value = f"{y:04d}/{y + 9:04d}"
        if ref:
            how = (f"two-digit year read in the 100 years ending with the reference year "
                   f"{ref.date.year}; {ref.describe()}")
        else:
            how = "two-digit year read as POSIX does (69-99 -> 1900s, 00-68 -> 2000s): no reference date"
        return replace(t, value=value, anchored=value, anchor=how)
    if kind == "vague":
        return replace(t, anchored=None, anchor="not resolved: a vague quantity")
    if kind == "event":
        return replace(t, anchored=None,
                       anchor="not resolved: counted from an event the text mentions, not from the date of writing")
    if ref is None:
        return replace(t, anchored=None, anchor="not resolved: no reference date")
    anchored, rule = _resolve_with(spec, ref)
    if anchored is None:
        return replace(t, anchored=None, anchor=f"not resolved: {rule}; {ref.describe()}")
    return replace(t, anchored=anchored, anchor=f"{rule}; {ref.describe()}")


def _resolve_with(spec: tuple, ref: Reference) -> tuple[str | None, str]:
    kind = spec[0]
    r = ref.date
    day_ok = ref.own and ref.precision == "day"
    if kind == "offset":
        _, des, lo, hi = spec
        if des == "Y":
            lo, hi = int(lo), int(hi)
            if lo == hi == 0:
                return f"{r.year:04d}", "the reference year"
            word = "before" if lo < 0 else "after"
            n = _plural(lo, "year") if lo == hi else f"{_fmt(abs(hi))} to {_plural(lo, 'year')}"
            value = f"{r.year + lo:04d}" if lo == hi else f"{r.year + lo:04d}/{r.year + hi:04d}"
            return value, f"{n} {word} the reference year"
        if des == "M":
            if not float(lo).is_integer() or not float(hi).is_integer():
                return None, "a fraction of a month"
            lo, hi = int(lo), int(hi)
            base = r.year * 12 + r.month - 1
            word = "before" if lo < 0 else "after"
            n = _plural(lo, "month") if lo == hi else f"{_fmt(abs(hi))} to {_plural(lo, 'month')}"
            value = _ym(base + lo) if lo == hi else f"{_ym(base + lo)}/{_ym(base + hi)}"
            return value, (f"{n} {word} the reference month" if lo else "the reference month")
        if not day_ok:
            return None, "a day or week needs the piece's own dated line"
        days = {"W": 7, "D": 1}[des]
        if not float(lo).is_integer():
            return None, "a fraction of a day"
        a, b = r + _dt.timedelta(days=days * lo), r + _dt.timedelta(days=days * hi)
        if des == "W":
            fmt = lambda d: "%04d-W%02d" % d.isocalendar()[:2]  # noqa: E731
            value = fmt(a) if a == b else f"{fmt(a)}/{fmt(b)}"
            return value, (f"the week {_plural(lo, 'week')} {'before' if lo < 0 else 'after'} the reference date"
                           if lo else "the week of the reference date")
        value = a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}"
        return value, f"{_plural(lo, 'day')} {'before' if lo < 0 else 'after'} the reference date"
    if kind == "month":
        _, mo, year_off, how = spec
        name = _MONTH_NAMES[mo - 1]
        if year_off is not None:
            y = r.year + year_off
            rel = {0: "the reference year", -1: "the year before the reference",
                   1: "the year after the reference"}.get(year_off, f"{year_off:+d} years from the reference")
            return f"{y:04d}-{mo:02d}", f"{name} of {rel}"
        if how == "last":
            y = r.year if mo < r.month else r.year - 1
            return f"{y:04d}-{mo:02d}", f"the last {name} before the reference month"
        if how == "next":
            y = r.year if mo > r.month else r.year + 1
            return f"{y:04d}-{mo:02d}", f"the next {name} after the reference month"
        if ref.bound == "not before":
            y = r.year if mo >= r.month else r.year + 1
            return f"{y:04d}-{mo:02d}", f"the first {name} on or after the reference"
        here = r.year * 12 + r.month
        y = min((r.year - 1, r.year, r.year + 1), key=lambda yy: (abs(yy * 12 + mo - here), yy))
        return f"{y:04d}-{mo:02d}", f"the {name} nearest the reference"
    if kind == "daymonth":
        _, mo, d, wd = spec
        label = f"{d} {_MONTH_NAMES[mo - 1]}"
        if wd is not None:
            years = [y for y in range(r.year - 11, r.year + 12)
                     if _valid(y, mo, d) and _dt.date(y, mo, d).isoweekday() == wd]
            if not years:
                return None, f"{label} is never a {_DAY_NAMES[wd - 1]} near the reference"
            y = min(years, key=lambda yy: (abs(yy - r.year), yy))
            return (f"{y:04d}-{mo:02d}-{d:02d}",
                    f"the year nearest the reference in which {label} is a {_DAY_NAMES[wd - 1]}")
        here = r if ref.precision == "day" else r.replace(day=15)
        cands = [_dt.date(y, mo, d) for y in (r.year - 1, r.year, r.year + 1) if _valid(y, mo, d)]
        if not cands:
            return None, f"no {label} near the reference"
        if ref.bound == "not before":
            floor = r if ref.precision == "day" else r.replace(day=1)
            later = [_dt.date(y, mo, d) for y in range(r.year, r.year + 5) if _valid(y, mo, d)]
            best = min(c for c in later if c >= floor)
            return best.isoformat(), f"the first {label} on or after the reference"
        best = min(cands, key=lambda c: (abs((c - here).days), c))
        return best.isoformat(), f"the {label} nearest the reference"
    if kind == "weekday":
        _, wd, n = spec
        name = _DAY_NAMES[wd - 1]
        if not day_ok:
            return None, "a day or week needs the piece's own dated line"
        delta = (wd - r.isoweekday()) % 7
        after, before = r + _dt.timedelta(days=delta), r - _dt.timedelta(days=(7 - delta) % 7)
        if n is not None and n < 0:
            d = r - _dt.timedelta(days=(r.isoweekday() - wd) % 7 or 7)
            return d.isoformat(), f"the last {name} before the reference date"
        if n is not None and n > 0:
            d = r + _dt.timedelta(days=delta or 7)
            return d.isoformat(), f"the next {name} after the reference date"
        d = min((before, after), key=lambda c: (abs((c - r).days), c))
        return d.isoformat(), f"the {name} nearest the reference date"
    return None, f"unknown kind {kind}"  # pragma: no cover


# ---------------------------------------------------------------------------------------------
# corpus tables


def _scan(corpus, *, min_year: int, max_year: int):
    """Yield (doc_id, file, line_no, role, [Timex]) for every non-blank line with expressions."""
    lines = corpus.lines
    cols = zip(lines["doc_id"].tolist(), lines["file"].astype(str).tolist(), lines["line_no"].tolist(),
               lines["role"].astype(str).tolist(), lines["text"].tolist())
    for doc, file, ln, role, text in cols:
        if role == "blank" or not text:
            continue
        found = _find_raw(text, min_year, max_year)
        if found:
            yield int(doc), file, int(ln), role, found


def _start_date(value: str) -> _dt.date:
    if len(value) == 7:
        return _dt.date(int(value[:4]), int(value[5:7]), 1)
    return _dt.date.fromisoformat(value)


def _reference_table(corpus, scanned, default: Reference | None) -> dict[int, Reference | None]:
    lines = corpus.lines
    files = dict(zip(lines["doc_id"].tolist(), lines["file"].astype(str).tolist()))  # piece -> its file
    files.pop(0, None)
    own: dict[int, Reference] = {}
    latest: dict[int, Reference] = {}
    corpus_best: Reference | None = None
    for doc, _file, ln, role, found in scanned:
        for t in found:
            if t.type not in ("date", "month") or t.spec is not None:
                continue
            precision = "day" if t.type == "date" else "month"
            d = _start_date(t.value)
            if role == "date" and doc not in own:
                own[doc] = Reference(d, precision, "date line", "exact", doc, ln)
            cand = Reference(d, precision, "latest date in piece", "not before", doc, ln)
            key = (d, precision == "day")
            if doc not in latest or key > (latest[doc].date, latest[doc].precision == "day"):
                latest[doc] = cand
            if corpus_best is None or key > (corpus_best.date, corpus_best.precision == "day"):
                corpus_best = cand
    base = {d: own.get(d) or latest.get(d) for d in files if own.get(d) or latest.get(d)}
    refs: dict[int, Reference | None] = {}
    for doc, file in files.items():
        if doc in base:
            refs[doc] = base[doc]
            continue
        near = [(abs(o - doc), 0 if base[o].method == "date line" else 1, o)
                for o in base if files[o] == file]
        if near:
            o = min(near)[2]
            b = base[o]
            refs[doc] = Reference(b.date, b.precision, "nearest piece", "approximate", b.from_doc, b.line_no,
                                  b.method)
        elif default is not None:
            refs[doc] = replace(default, method="given", bound="approximate")
        elif corpus_best is not None:
            refs[doc] = replace(corpus_best, method="latest date in corpus", bound="approximate")
        else:
            refs[doc] = None
    return refs


def _check_corpus(corpus) -> None:
    if not hasattr(corpus, "lines") or not hasattr(corpus, "documents"):
        raise CuttingsError("expected a cuttings Corpus (use cuttings.load(path))")


def _scan_and_refs(corpus, *, default, min_year, max_year):
    _check_corpus(corpus)
    scanned = list(_scan(corpus, min_year=min_year, max_year=max_year))
    refs = _reference_table(corpus, scanned, _as_reference(default))
    return scanned, refs


def timeline(corpus, *, default: str | None = None, min_year: int = 1800, max_year: int = 2099) -> "pd.DataFrame":
    """Return every temporal expression of the corpus, one row per expression, in text order.

    Columns (see ``COLUMNS``): doc_id, file, line_no, start, end (character offsets in the line),
    text, type (date, month, year, range, decade, century, duration, relative), value (ISO 8601),
    mod (TimeML modifier), anchored (relative expressions resolved against the piece's reference
    date; the value for the other types) and anchor (how and against what it was resolved).
    ``default``: reference date (YYYY-MM-DD or YYYY-MM) for pieces with no date of their own and no
    dated neighbour in their file, instead of the latest date in the corpus.
    """
    import pandas as pd

    scanned, refs = _scan_and_refs(corpus, default=default, min_year=min_year, max_year=max_year)
    rows = []
    for doc, file, ln, _role, found in scanned:
        ref = refs.get(doc)
        for t in found:
            t = _resolve(t, ref)
            rows.append((doc, file, ln, t.start, t.end, t.text, t.type, t.value, t.mod, t.anchored, t.anchor))
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    return df.astype({"doc_id": "int64", "line_no": "int64", "start": "int64", "end": "int64"})


def references(corpus, *, default: str | None = None) -> "pd.DataFrame":
    """Return one row per piece with the reference date its relative expressions resolve against.

    Columns (see ``REFERENCE_COLUMNS``): doc_id, reference (ISO date or month, null when none),
    method, precision, bound, from_doc, line_no.
    """
    import pandas as pd

    _, refs = _scan_and_refs(corpus, default=default, min_year=1800, max_year=2099)
    rows = []
    for doc in sorted(refs):
        r = refs[doc]
        if r is None:
            rows.append((doc, None, "none", None, None, None, None))
        else:
            rows.append((doc, r.iso, r.method, r.precision, r.bound, r.from_doc, r.line_no))
    df = pd.DataFrame(rows, columns=list(REFERENCE_COLUMNS))
    return df.astype({"doc_id": "int64", "from_doc": "Int64", "line_no": "Int64"})


def _sentence_lookup(corpus):
    sents = corpus.sentences
    out: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    for f, ln, a, b, text in zip(sents["file"].astype(str), sents["line_no"], sents["start"], sents["end"], sents["text"]):
        out.setdefault((f, int(ln)), []).append((int(a), int(b), text))
    return out


def _sentence_of(lookup, file, line_no, start, line_text) -> tuple[int, int, str]:
    for a, b, text in lookup.get((file, line_no), []):
        if a <= start < b:
            return a, b, text
    return 0, len(line_text), line_text


def events(corpus, *, table: "pd.DataFrame | None" = None, default: str | None = None) -> "pd.DataFrame":
    """Return the sentences that carry a date: one row per dated expression, with its sentence and names.

    Dated expressions are the explicit ones (date, month, year, range, decade, century) and the
    relative ones that could be resolved; durations are not dates. Columns: doc_id, file, line_no,
    start, end (the expression in the line), type, text (the expression), value (the anchored ISO
    value), sentence (the sentence holding it), names (canonical names found in the sentence by
    ``cuttings.aliases.matcher()``, '; '-joined in order of first mention, '' when none).
    ``table``: a ``timeline`` table to reuse.
    """
    import pandas as pd

    from .aliases import matcher

    tl = table if table is not None else timeline(corpus, default=default)
    keep = tl[tl["type"].isin(DATE_TYPES) | ((tl["type"] == "relative") & tl["anchored"].notna())]
    lookup = _sentence_lookup(corpus)
    texts = dict(zip(zip(corpus.lines["file"].astype(str), corpus.lines["line_no"].astype(int)),
                     corpus.lines["text"]))
    am = matcher()
    rows = []
    for r in keep.itertuples(index=False):
        _, _, sent = _sentence_of(lookup, r.file, r.line_no, r.start, texts[(r.file, r.line_no)])
        names = list(dict.fromkeys(alias.canonical for *_, alias in am.finditer(sent)))
        rows.append((r.doc_id, r.file, r.line_no, r.start, r.end, r.type, r.text, r.anchored, sent,
                     "; ".join(names)))
    cols = ["doc_id", "file", "line_no", "start", "end", "type", "text", "value", "sentence", "names"]
    return pd.DataFrame(rows, columns=cols).astype({"doc_id": "int64", "line_no": "int64",
                                                    "start": "int64", "end": "int64"})


def duration_years(value: str | None) -> tuple[float, float] | None:
    """Return (low, high) in years for an ISO duration value (P37Y, P18M, P17Y/P18Y); None if vague or not one."""
    if not isinstance(value, str):
        return None
    parts = value.split("/")
    out = []
    for p in parts:
        m = re.fullmatch(r"P(\d+(?:\.\d+)?)([YMWD])", p)
        if not m:
            return None
        n = float(m.group(1))
        out.append(n / {"Y": 1, "M": 12, "W": 52.1775, "D": 365.2425}[m.group(2)])
    return (out[0], out[-1])


def _clause(sentence: str, a: int, b: int) -> str:
    """The clause around [a, b) in ``sentence``: cut at commas, semicolons, dashes and ' and '."""
    bound = re.compile(r"[,;:–—()]|\s+and\s+|\s+but\s+")
    left = [m.end() for m in bound.finditer(sentence, 0, a)]
    right = [m.start() for m in bound.finditer(sentence, b)]
    return sentence[(left[-1] if left else 0):(right[0] if right else len(sentence))]


def durations(corpus, *, table: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """Return the stated durations, one row per duration expression, with what they are said about.

    Columns: doc_id, file, line_no, start, end, text, value (ISO duration), mod, years_min and
    years_max (the stated length in years; null for vague durations such as 'for decades'),
    role and speaker of the line, sentence, and topic: 'membership' when the clause around the
    duration says it was time spent inside an organisation (cues in ``data/temporal.txt``
    [membership_cues]), else null. These are what the texts state, not established facts.
    """
    import pandas as pd

    tl = table if table is not None else timeline(corpus)
    dur = tl[tl["type"] == "duration"]
    lookup = _sentence_lookup(corpus)
    lines = corpus.lines
    info = {(f, int(n)): (t, str(r), s) for f, n, t, r, s in zip(
        lines["file"].astype(str), lines["line_no"], lines["text"], lines["role"].astype(str), lines["speaker"])}
    rx = _grammar().membership
    rows = []
    for r in dur.itertuples(index=False):
        text, role, speaker = info[(r.file, r.line_no)]
        a, _b, sent = _sentence_of(lookup, r.file, r.line_no, r.start, text)
        clause = _clause(sent, r.start - a, r.end - a)
        yrs = duration_years(r.value)
        rows.append((r.doc_id, r.file, r.line_no, r.start, r.end, r.text, r.value, r.mod,
                     yrs[0] if yrs else None, yrs[1] if yrs else None, role, speaker, sent,
                     "membership" if rx.search(clause) else None))
    cols = ["doc_id", "file", "line_no", "start", "end", "text", "value", "mod", "years_min", "years_max",
            "role", "speaker", "sentence", "topic"]
    df = pd.DataFrame(rows, columns=cols)
    return df.astype({"doc_id": "int64", "line_no": "int64", "start": "int64", "end": "int64",
                      "years_min": "float64", "years_max": "float64"})


def interval(value: str | None) -> tuple[_dt.date, _dt.date] | None:
    """Return the first and last day an ISO value covers (1979 -> 1979-01-01..1979-12-31); None if not a date."""
    import calendar

    if not isinstance(value, str) or "X" in value or value.startswith(("P", "-", "+")):
        return None
    if "/" in value:
        a, b = value.split("/", 1)
        ia, ib = interval(a), interval(b)
        return (ia[0], ib[1]) if ia and ib else None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if m:
        y = int(m.group(1))
        if m.group(3):
            d = _dt.date(y, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            mo = int(m.group(2))
            return _dt.date(y, mo, 1), _dt.date(y, mo, calendar.monthrange(y, mo)[1])
        return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
    m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if m:
        a = _dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return a, a + _dt.timedelta(days=6)
    return None


def _decimal_year(d: _dt.date) -> float:
    start = _dt.date(d.year, 1, 1)
    return d.year + (d - start).days / (_dt.date(d.year + 1, 1, 1) - start).days


def _context(sentence: str, a: int, b: int, *, words: int = 5, width: int = 70) -> str:
    """The expression at [a, b) with up to ``words`` words either side, as written; … marks cuts."""
    left = [m.start() for m in re.finditer(r"\S+", sentence[:a])]
    right = [m.end() for m in re.finditer(r"\S+", sentence[b:])]
    lo = left[-words] if len(left) >= words else 0
    hi = b + right[words - 1] if len(right) >= words else len(sentence)
    text = ("…" if lo > 0 else "") + sentence[lo:hi].strip() + ("…" if hi < len(sentence) else "")
    return text if len(text) <= width else text[: width - 1] + "…"


def mentions(corpus, *, table: "pd.DataFrame | None" = None, start: int = 1000, end: int = 2100) -> "pd.DataFrame":
    """Return the dated mentions placed on a time axis: the ``events`` rows with an interval in years.

    Columns: doc_id, line_no, type, text, value, first and last (decimal years the value covers,
    e.g. 1979.0 and 1979.997), context (a few words around the expression), sentence. Only values
    within [start, end] years; centuries are left out (too broad to place).
    """
    ev = events(corpus, table=table)
    rows = []
    for r in ev.itertuples(index=False):
        if r.type == "century":
            continue
        iv = interval(r.value)
        if iv is None:
            continue
        first, last = _decimal_year(iv[0]), _decimal_year(iv[1] + _dt.timedelta(days=1)) - 1e-3
        if first < start or last > end + 1:
            continue
        pos = r.sentence.find(r.text)
        ctx = _context(r.sentence, pos, pos + len(r.text)) if pos >= 0 else r.text
        rows.append((r.doc_id, r.line_no, r.type, r.text, r.value, first, last, ctx, r.sentence))
    import pandas as pd

    cols = ["doc_id", "line_no", "type", "text", "value", "first", "last", "context", "sentence"]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["first", "last", "doc_id", "line_no"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# figures

TYPE_COLOURS = {"date": "#4477AA", "month": "#228833", "year": "#EE6677", "range": "#CCBB44",
                "decade": "#AA3377", "century": "#BBBBBB", "relative": "#66CCEE"}


@styled
def plot_timeline(corpus, *, start: int = 1960, end: int = 2020, table: "pd.DataFrame | None" = None):
    """One row per dated mention from ``start`` to ``end``: where it falls, what it says, which piece.

    Points are days, months and years; bars are ranges and decades; hollow marks are relative
    expressions resolved against the piece's reference date. Returns ``(fig, table)`` where table
    is ``mentions`` limited to the window.
    """
    from matplotlib.lines import Line2D

    from .figures import figure

    tab = mentions(corpus, table=table, start=start, end=end)
    n = len(tab)
    fig, ax = figure(size=(11, 0.24 * max(n, 4) + 1.6))
    y = list(range(n))[::-1]
    for yy, r in zip(y, tab.itertuples(index=False)):
        colour = TYPE_COLOURS.get(r.type, "#777777")
        if r.last - r.first > 1.01:
            ax.plot([r.first, r.last], [yy, yy], color=colour, linewidth=5, solid_capstyle="butt", alpha=0.85)
        mid = (r.first + r.last) / 2 if r.last - r.first <= 1.01 else r.first
        hollow = r.type == "relative"
        ax.plot([mid], [yy], marker="o", markersize=5.5, color=colour,
                markerfacecolor="white" if hollow else colour, markeredgewidth=1.4)
    labels = [f"#{r.doc_id} l.{r.line_no} · {r.context}" for r in tab.itertuples(index=False)]
    ax.set_yticks(y, labels, fontsize=7.2)
    ax.set_ylim(-0.8, n - 0.2)
    ax.set_xlim(start, end + 0.5)
    ax.set_xticks(range(start, end + 1, 5))
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel("year (each row: one mention; label: piece, line and the words around the date)")
    ax.set_title(f"Dates mentioned in the pieces, {start}–{end - 1}: one row per mention")
    shown = [t for t in TYPE_COLOURS if t in set(tab["type"])]
    handles = [Line2D([], [], marker="o", linestyle="-" if t in ("range", "decade") else "", color=TYPE_COLOURS[t],
                      markerfacecolor="white" if t == "relative" else TYPE_COLOURS[t],
                      label=t if t != "relative" else "relative (resolved)") for t in shown]
    ax.legend(handles=handles, loc="lower left", title="type of expression", ncols=1)
    return fig, tab


@styled
def plot_references(corpus, *, default: str | None = None):
    """When each piece was written, as far as its text says: its reference date and how it was found.

    Filled circles are a piece's own date line, triangles the latest date a piece mentions (it was
    written then or later: the arrow), hollow circles a date borrowed from the nearest dated piece.
    Returns ``(fig, table)`` (table: ``references`` with a ``label`` column).
    """
    import math

    from matplotlib.lines import Line2D

    from .figures import figure
    from .overview import piece_label

    refs = references(corpus, default=default)
    docs = corpus.documents.set_index("doc_id")
    refs.insert(1, "label", [piece_label({"doc_id": d, **docs.loc[d].to_dict()}) for d in refs["doc_id"]])
    style = {"date line": ("o", "#4477AA", "its own date line"),
             "latest date in piece": (">", "#EE6677", "the latest date it mentions (written then or later)"),
             "nearest piece": ("o", "#888888", "borrowed from the nearest dated piece"),
             "latest date in corpus": ("s", "#888888", "the latest date in the corpus"),
             "given": ("D", "#228833", "given")}
    fig, ax = figure(size=(10, 0.42 * len(refs) + 2.2))
    y = list(range(len(refs)))[::-1]
    xs = [_decimal_year(interval(r)[0]) for r in refs["reference"] if isinstance(r, str)]
    lo, hi = (min(xs), max(xs)) if xs else (2000.0, 2001.0)
    arrow = max(0.15, (hi - lo) * 0.12)
    for yy, r in zip(y, refs.itertuples(index=False)):
        if not isinstance(r.reference, str):
            ax.annotate("no date in its text or its file", (0, yy), xycoords=("axes fraction", "data"),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=7.5, color="#777777")
            continue
        x = _decimal_year(interval(r.reference)[0])
        marker, colour, _ = style[r.method]
        if r.bound == "not before":
            ax.annotate("", (x + arrow, yy), xytext=(x, yy),
                        arrowprops=dict(arrowstyle="->", color=colour, linewidth=1.2))
        ax.plot([x], [yy], marker=marker, markersize=8, color=colour, linestyle="",
                markerfacecolor="white" if r.method == "nearest piece" else colour, markeredgewidth=1.6)
        note = r.reference + (f" (from piece {r.from_doc})" if r.method == "nearest piece" else "")
        ax.annotate(note, (x, yy), xytext=(0, 8), textcoords="offset points", ha="center", va="bottom",
                    fontsize=7.5)
    ax.set_yticks(y, refs["label"])
    ax.set_ylim(-0.7, len(refs) - 0.3)
    first, last = math.floor(lo * 4) / 4 - 0.25, math.ceil(hi * 4) / 4 + 0.25
    ax.set_xlim(first, last + arrow)
    quarters = [first + k / 4 for k in range(int(round((last - first) * 4)) + 1)]
    ax.set_xticks(quarters, [f"{int(q)}-{int(round((q % 1) * 12)) + 1:02d}" for q in quarters], fontsize=8)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
    ax.set_xlabel("reference date (year-month; ticks every three months)")
    ax.set_title("When each piece was written, as far as its text tells")
    used = [m for m in style if m in set(refs["method"])]
    handles = [Line2D([], [], marker=style[m][0], linestyle="", color=style[m][1], markersize=7,
                      markerfacecolor=style[m][1] if m != "nearest piece" else "white", label=style[m][2])
               for m in used]
    ax.legend(handles=handles, loc="upper left", title="reference date from", fontsize=8)
    return fig, refs


def spans(corpus, *, table: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """Return one row per piece: how far back and forward its dated mentions reach.

    Columns: doc_id, n_mentions, first_year, last_year (years of the earliest and latest dated
    mention, relative ones once resolved), span_years (last - first), values ('; '-joined).
    Pieces without a dated mention have n_mentions 0 and nulls.
    """
    import math

    import pandas as pd

    men = mentions(corpus, table=table)
    rows = []
    for doc in corpus.documents["doc_id"].tolist():
        sub = men[men["doc_id"] == doc]
        if len(sub):
            first, last = math.floor(sub["first"].min()), math.floor(sub["last"].max())
            rows.append((doc, len(sub), first, last, last - first, "; ".join(sub["value"])))
        else:
            rows.append((doc, 0, None, None, None, ""))
    df = pd.DataFrame(rows, columns=["doc_id", "n_mentions", "first_year", "last_year", "span_years", "values"])
    return df.astype({"first_year": "Int64", "last_year": "Int64", "span_years": "Int64"})


@styled
def plot_spans(corpus, *, table: "pd.DataFrame | None" = None):
    """How many years each piece's dated mentions span: a bar from the earliest to the latest, a mark per mention.

    Returns ``(fig, table)`` (table: ``spans`` with a ``label`` column).
    """
    from .figures import figure
    from .overview import piece_label

    sp = spans(corpus, table=table)
    men = mentions(corpus, table=table)
    docs = corpus.documents.set_index("doc_id")
    sp.insert(1, "label", [piece_label({"doc_id": d, **docs.loc[d].to_dict()}) for d in sp["doc_id"]])
    fig, ax = figure(size=(10, 0.45 * len(sp) + 1.8))
    y = list(range(len(sp)))[::-1]
    for yy, r in zip(y, sp.itertuples(index=False)):
        if not r.n_mentions:
            ax.annotate("no dated mention", (0, yy), xycoords=("axes fraction", "data"), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=7.5, color="#777777")
            continue
        ax.plot([r.first_year, r.last_year + 1], [yy, yy], color="#4477AA", linewidth=7, alpha=0.35,
                solid_capstyle="butt")
        sub = men[men["doc_id"] == r.doc_id]
        wide = sub["last"] - sub["first"] > 1.01
        for w in sub[wide].itertuples(index=False):  # ranges and decades: a thin line over their years
            ax.plot([w.first, w.last], [yy, yy], color="#4477AA", linewidth=1.6, solid_capstyle="butt")
        point = sub[~wide]
        ax.plot((point["first"] + point["last"]) / 2, [yy] * len(point), "o", color="#4477AA", markersize=3.5)
        years = "a single year" if r.span_years == 0 else f"{r.span_years} years"
        ax.annotate(f"{years}, {r.n_mentions} mention{'s' if r.n_mentions != 1 else ''}",
                    (r.last_year + 1, yy), xytext=(6, 0), textcoords="offset points", va="center", fontsize=7.5)
    ax.set_yticks(y, sp["label"])
    if men.size:
        lo = int(men["first"].min()) // 5 * 5
        hi = int(men["last"].max()) + 6
        ax.set_xlim(lo, hi)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
    ax.set_xlabel("year (bar: from the earliest to the latest dated mention; dots: dates; lines: ranges and decades)")
    ax.set_title("How many years each piece's dated mentions span")
    return fig, sp


@styled
def plot_durations(corpus, *, topic: str = "membership", table: "pd.DataFrame | None" = None):
    """Bar chart of the durations the pieces state about ``topic`` (default membership), one bar per statement.

    Vague statements ("for decades") have no length and are listed in the table only. Returns
    ``(fig, table)`` (table: ``durations`` rows of that topic).
    """
    from .figures import figure

    du = durations(corpus, table=table)
    du = du[du["topic"] == topic].reset_index(drop=True)
    shown = du[du["years_min"].notna()].reset_index(drop=True)
    fig, ax = figure(size=(11, 0.42 * max(len(shown), 3) + 2.2))
    y = list(range(len(shown)))[::-1]
    for yy, r in zip(y, shown.itertuples(index=False)):
        colour = "#CCBB44" if r.role == "question" else "#4477AA"
        ax.barh([yy], [r.years_max], color=colour, height=0.6)
        ax.annotate(r.text, (r.years_max, yy), xytext=(4, 0), textcoords="offset points", va="center", fontsize=7.5)
    labels = []
    for r in shown.itertuples(index=False):
        speaker = r.speaker if isinstance(r.speaker, str) and r.speaker != "interviewer" else None
        who = "question" if r.role == "question" else (speaker or r.role)
        pos = r.sentence.find(r.text)
        ctx = _context(r.sentence, pos, pos + len(r.text), words=5, width=56) if pos >= 0 else r.sentence[:56]
        labels.append(f"#{r.doc_id} l.{r.line_no} ({who}) · {ctx}")
    ax.set_yticks(y, labels, fontsize=7.5)
    question = (shown["role"] == "question").any()
    ax.set_xlabel("stated length (years)" + ("; yellow: a length restated in an interviewer's question" if question else ""))
    ax.set_title("Durations of membership stated in the pieces")
    if len(shown):
        ax.set_xlim(0, shown["years_max"].max() * 1.15)
    return fig, du


# ---------------------------------------------------------------------------------------------
# command line


def add_command(sub) -> None:
    """Add ``cuttings timeline PATH... [--events|--references|--durations] [--default DATE]``."""
    from .cli import add_common

    p = sub.add_parser(
        "timeline", help="dates, durations and relative dates the texts mention, normalised and anchored",
        description="Print every temporal expression (one record per expression: doc_id, file, line_no, "
                    "start, end, text, type, value, mod, anchored, anchor), or another table with the "
                    "options below.")
    add_common(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--events", action="store_true",
                       help="print the sentences that carry a date: one record per dated expression with "
                            "its anchored value, its sentence and the canonical names in it")
    which.add_argument("--references", action="store_true",
                       help="print each piece's reference date and how it was found")
    which.add_argument("--durations", action="store_true",
                       help="print the stated durations with their sentence and topic (membership or empty)")
    p.add_argument("--default", metavar="DATE", default=None,
                   help="reference date (YYYY-MM-DD or YYYY-MM) for pieces with no date of their own and "
                        "no dated piece in their file (default: the latest date in the corpus)")
    p.set_defaults(func=_cmd_timeline)


def _cmd_timeline(args) -> None:
    from .cli import emit
    from .corpus import load

    if args.default is not None:
        _as_reference(args.default)  # fail early with one line
    corpus = load(args.paths)
    if args.events:
        df = events(corpus, default=args.default)
    elif args.references:
        df = references(corpus, default=args.default)
    elif args.durations:
        df = durations(corpus, table=timeline(corpus, default=args.default))
    else:
        df = timeline(corpus, default=args.default)
    emit(df, args.format)
