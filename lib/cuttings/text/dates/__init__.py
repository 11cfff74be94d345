"""Temporal expressions in a string (dates, durations, relative dates), normalised to ISO 8601.

Written by hand on purpose: general date finders (dateparser, datefinder) read "we", "$30" and
"60, and" as dates and "02.06.73" month-first; HeidelTime, which anchors relative expressions to a
document's date, is Java. This module is a small rule-based tagger in the same spirit, tuned for
precision: a number is a date only when the grammar below says so, and a vague expression is left
unresolved rather than turned into an invented date. The words come from ``temporal.txt`` (general data, plus a profile's).

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
"""
from __future__ import annotations

import datetime as _dt

from ...errors import CuttingsError
from ...resources import Resources
from .grammar import find_raw, grammar
from .model import DATE_TYPES, TYPES, Reference, Timex, as_reference
from .resolve import resolve

__all__ = ["find", "find_raw", "resolve", "date_line_value", "grammar", "as_reference", "Timex", "Reference",
           "TYPES", "DATE_TYPES"]


def find(text: str, *, reference: str | _dt.date | Reference | None = None,
         min_year: int = 1800, max_year: int = 2099, resources: Resources | None = None) -> list[Timex]:
    """Return the temporal expressions in ``text`` as ``Timex`` objects, in text order.

    ``reference`` (an ISO date such as ``"2005-06-30"`` or ``"2005-06"``, a ``datetime.date`` or a
    ``Reference``) is the date the text was written: relative expressions and two-digit years are
    resolved against it (``anchored``/``anchor``). A bare four-digit number counts as a year only
    between ``min_year`` and ``max_year``. ``resources``: whose ``temporal.txt`` the grammar is built
    from (default: the general data).
    """
    if not isinstance(text, str):
        raise CuttingsError(f"find() needs a string, not {type(text).__name__}")
    ref = as_reference(reference)
    return [resolve(t, ref) for t in find_raw(text, min_year, max_year, resources=resources)]


def date_line_value(text: str, *, resources: Resources | None = None) -> str | None:
    """Return the ISO date of a line that is only a date ('November 04, 2019', '6 November 2019', '2019-11-04').

    The line must hold one full date and nothing else (a final full stop aside).
    """
    t = text.strip().rstrip(".")
    hits = find_raw(t, resources=resources)
    if len(hits) == 1 and hits[0].type == "date" and hits[0].start == 0 and hits[0].end == len(t):
        return hits[0].value
    return None
