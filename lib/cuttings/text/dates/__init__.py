"""Temporal expressions in a string (dates, times, durations, recurrences), normalised as TIMEX3 values.

Written by hand on purpose: general date finders (dateparser, datefinder) read "we", "$30" and
"60, and" as dates and "02.06.73" month-first; HeidelTime and SUTime, which follow TimeML, are Java.
This is a rule-based tagger in their spirit, tuned on the TempEval-3 training data (TimeBank and
AQUAINT) and measured on a part of it kept aside (``benchmarks/bench_tempeval.py``): a number is a
date only when the grammar says so, and what cannot be resolved is left unresolved rather than
turned into an invented date. The words come from ``temporal.txt`` (general data, plus a profile's).

Each expression has a TIMEX3 ``type`` (DATE, TIME, DURATION, SET) and a finer ``kind``:

=========  =========================================================  ===================================
kind       forms                                                      value (as written; ``anchored``
                                                                      is the value once resolved)
=========  =========================================================  ===================================
date       [W,] [the] D [of] M[,] Y · [W,] M D[,] Y · DD.MM.YY(YY),   ``2004-12-25``
           DD/MM/YYYY (day first) · YYYY-MM-DD, YYYY/MM/DD · a holiday
           with its year
month      [early|mid-|the end of] M[,] [of] Y, January nineteen      ``2005-03`` (mod START, MID, END)
           ninety-seven
year       Y, fiscal Y, mid-Y, the end of Y, Y or later, post-Y,      ``2005`` (mod)
           nineteen ninety-six (not after $, "room", "No."; not
           before "people", "km"...)
range      Y-Y, Y-YY, Y/YY, from Y to Y, between Y and Y              ``1990/1994`` (TimeML: two DATEs)
decade     [early|mid|late] 1960s, '60s, the sixties                  ``196`` (TIMEX3: three digits)
century    21st century, twenty-first century                         ``20`` (TIMEX3: two digits)
quarter    the third quarter of 1989, Q3 2013, the 1988 second        ``1989-Q3``
           quarter
half       the first half of 2013                                     ``2013-H1``
season     summer 2013, the winter of 1994                            ``2013-SU``, ``1994-WI``
relative   a date that needs the reference date: today, yesterday,    ``+P0D``, ``-P1D``, ``XXXX-WXX-5``,
           Friday, last Friday, July, in early August, June last      ``XXXX-08``, ``XXXX-10-23``,
           year, 23 October, this week, next month, last year, the    ``-P1W``, ``XXXX-Q3``,
           third quarter, the latest quarter, last fall, Christmas,   ``XXXX-FA``, ``-P2Y``, ``+P1Y``
           two years ago, a year earlier, that year, the weekend,     ``+P0Y`` (mod END)
           the past year, the year-ago third quarter, last year's
           quarter, the corresponding period last year, the 1988
           quarter, for the full year, for the week, the end of the
           month, by year-end, the spring of last year, the week of
           March 6 (kind ``week``: ``2000-W10`` once resolved)
ref        now, currently, these days, recently, the past, the        ``PRESENT_REF``, ``PAST_REF``,
           future, soon (in a clause in the future tense)             ``FUTURE_REF``
time       8:51 p.m., 10 a.m. Tuesday, 12:43 EST, noon, this          ``XXXX-XX-XXT20:51``,
           morning, last night, Friday night, tonight, at 4 in the    ``XXXX-XX-XXTMO``
           morning, 9:30 a.m. on Monday, March 25
duration   N U, the past two years, more than a decade, 2-3 years,    ``P2Y``, ``P10Y`` (MORE_THAN),
           a year and a half, a 5-year plan, several months, for      ``P2Y/P3Y``, ``P1Y6M``, ``PT3H``,
           years, in recent weeks, three hours, three days later      ``PXM``, ``PXW``, ``P3D``
set        every week, each Thursday, daily (not "the daily paper"),  ``P1W``, ``XXXX-WXX-4``, ``P1D``,
           annually, twice a year, Tuesday nights, each July, on      ``P1Y``, ``XXXX-WXX-2TNI``,
           Sundays                                                    ``XXXX-07``, ``XXXX-WXX-7``
=========  =========================================================  ===================================

``D`` is a day 1-31 (with st/nd/rd/th), ``M`` a capitalised month name, ``W`` a weekday name,
``Y`` four digits, ``N`` a quantity (digits, number words, "a"/"an"), ``U`` a unit (second to century).

Resolution (``resolve_all``): against the reference date (the date of writing) and what the text
mentioned before ("that year", "a year earlier", "the year-ago quarter"). A date without a year
takes the occurrence nearest the reference when it is within two months (a day: three months), else
the one its clause's tense points to (``handlers.tense``: the nearest cue before it, else after it,
"will" or "said"; "since X" is past, "until X" a deadline ahead), else the nearest; a bare weekday
is on or before the reference date unless its clause is in the future. In earnings reports, "the
latest quarter" is the last quarter over by the reference date (or the one mentioned last, if it was
written as ended), "a year ago" after a quarter is that quarter a year before, while "last year" is
always the year; "the year" and "the week" alone are those of the date mentioned last (never a year
ahead of the reference), else the reference's.

Not tagged: ages ("a 50-year-old", "she is 50"), money, counts ("1500 people"), identifiers ("room
B12", list numbers "10-"), percentages, measures, rates ("$5 a year", "rise 8.5% annually", "15
million instructions per second"), a year or "Today" closing a name ("Orion 1980", "VOA Today"),
"one day", "current" and "once" (rarely literal), and a unit without a quantity except in the forms
above. The ``text`` of an expression leaves out a leading preposition ("in 2005" -> "2005") but
keeps what qualifies it ("over 20 years": mod MORE_THAN; "the end of 2005": mod END; "the past two
years"), as TIMEX3 extents do.
"""
from __future__ import annotations

import datetime as _dt
import re

from ...errors import CuttingsError
from ...resources import Resources
from .grammar import find_raw, grammar
from .model import DATE_KINDS, KIND_TYPES, KINDS, TYPES, Reference, Timex, as_reference
from .resolve import Context, resolve, resolve_all

__all__ = ["find", "find_raw", "resolve", "resolve_all", "Context", "date_line_value", "dateline", "grammar",
           "as_reference", "Timex", "Reference", "TYPES", "KINDS", "DATE_KINDS", "KIND_TYPES"]


def find(text: str, *, reference: str | _dt.date | Reference | None = None,
         min_year: int = 1800, max_year: int = 2099, resources: Resources | None = None) -> list[Timex]:
    """Return the temporal expressions in ``text`` as ``Timex`` objects, in text order.

    ``reference`` (an ISO date such as ``"2005-06-30"`` or ``"2005-06"``, a ``datetime.date`` or a
    ``Reference``) is the date the text was written (its document creation time): relative
    expressions and two-digit years are resolved against it (``anchored``/``anchor``). A bare
    four-digit number counts as a year only between ``min_year`` and ``max_year``. ``resources``:
    whose ``temporal.txt`` the grammar is built from (default: the general data).
    """
    if not isinstance(text, str):
        raise CuttingsError(f"find() needs a string, not {type(text).__name__}")
    ref = as_reference(reference)
    return resolve_all(find_raw(text, min_year, max_year, resources=resources), ref)


def date_line_value(text: str, *, resources: Resources | None = None) -> str | None:
    """Return the ISO date of a line that is only a date ('November 04, 2019', '6 November 2019', '2019-11-04').

    The line must hold one full date and nothing else (a final full stop aside).
    """
    t = text.strip().rstrip(".")
    hits = find_raw(t, resources=resources)
    if len(hits) == 1 and hits[0].kind == "date" and hits[0].start == 0 and hits[0].end == len(t) and not hits[0].mod:
        return hits[0].value
    return None


_LABEL = re.compile(r"^\s*(?:(?:posted|published|updated|last\s+updated|first\s+published|dated?|created|"
                    r"filed)(?:\s+(?:on|at))?\s*:?\s*|on\s+)", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Za-z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z .'’-]{1,30})?,\s+(?=\S)")
_DIGIT = re.compile(r"[0-9]")
_NUMERIC_DATE = re.compile(r"[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{2,4}")
_TAIL = re.compile(r"^\s*(?:[-–—_|:,/(]|\(?(?:AP|AFP|Reuters|UPI|Xinhua|dpa|IANS|PTI)\)?|$)")


def dateline(text: str, *, resources: Resources | None = None) -> str | None:
    """Return the date of writing a line states, as ISO 8601 (a full date), or None.

    Recognised: a line that is only a date, possibly with a time and a zone and a label ("Posted
    on: 3 March 2021", "Published 2021/03/03 10:00", "12:43 EST, 19 December 2013", "03.03.2021"),
    and a wire dateline at the head of a paragraph ("BRUSSELS, March 2, 1987 - ...", "LONDON,
    Tuesday 2 March 2021 (Reuters) -"). A date without a year is not one.
    """
    line = text.strip()
    if not line or len(line) > 2000:
        return None
    head = line[:160]
    if not _DIGIT.search(head) or not (_NUMERIC_DATE.search(head) or grammar(resources).caps.search(head)):
        return None  # a full date needs digits, and a month name or digits with separators
    m = _LABEL.match(head)
    labelled = m is not None and m.end() > 0
    body = head[m.end():] if m is not None else head
    d = _DATELINE.match(body)
    starts = [0] + ([d.end()] if d else [])
    hits = find_raw(body, resources=resources)
    for t in hits:
        if t.start not in starts and not (t.start <= 3 and t.kind == "time"):
            continue
        value = t.value if t.value and t.spec is None else None
        if t.kind == "time" and value and re.match(r"\d{4}-\d{2}-\d{2}T", value):
            value = value[:10]
        if t.kind != "date" and not (t.kind == "time" and value):
            continue
        if value is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            continue
        rest = body[t.end:]
        if t.start == 0 and (labelled or not rest.strip(" .")):
            return value
        if _TAIL.match(rest):
            return value
    return None
