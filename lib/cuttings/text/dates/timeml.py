"""TimeML output: a text with a ``<TIMEX3>`` element around each temporal expression.

What the TempEval-3 scorer and other TimeML tools read: ``<TimeML>`` with a ``<DOCID>``, the document
creation time as ``<DCT><TIMEX3 tid="t0" ... functionInDocument="CREATION_TIME">``, and ``<TEXT>``
holding the text exactly, with a ``<TIMEX3 tid type value [mod]>`` around each expression.

Values are TIMEX3 values: the resolved (``anchored``) value where there is one; otherwise the value
as written where TIMEX3 has a form for it (``XXXX-07``, ``XXXX-WXX-5``), ``PAST_REF``/``FUTURE_REF``
for an unresolved count back or forward ("a few days ago"). TimeML has no range: "1980-1988" is
written as two DATEs, one per year.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .model import TYPES


@dataclass(frozen=True)
class Element:
    """One TIMEX3 element: offsets in the text, type, value and mod."""

    start: int
    end: int
    type: str
    value: str
    mod: str | None = None


_TIMEX3_VALUE = re.compile(
    r"(?:PRESENT_REF|PAST_REF|FUTURE_REF|P[0-9X.]+(?:Y|M|W|D|Q|DE|CE|H)|PT[0-9X.]+[HMS]|PT?[0-9X.]+[A-Z]+(?:[0-9X.]+[A-Z]+)*|"
    r"[0-9X]{2,4}(?:-(?:[0-9X]{2}|W[0-9X]{2}|Q[1-4X]|H[12X]|SP|SU|FA|WI)(?:-(?:[0-9X]{2}|WE|[1-7X]))?)?"
    r"(?:T(?:[0-9]{2}(?::[0-9]{2}){0,2}|MO|MI|AF|EV|NI|DT))?|T(?:[0-9]{2}:[0-9]{2}|MO|AF|EV|NI|MI|DT))")


def timex3_value(value: str | None, anchored: str | None) -> str:
    """The TIMEX3 value of an expression: ``anchored`` if resolved, else a TIMEX3 form of ``value``."""
    for v in (anchored, value):
        if isinstance(v, str) and _TIMEX3_VALUE.fullmatch(v):
            return v
    v = value or ""
    m = re.fullmatch(r"(PT?)[0-9.]+([A-Z]+)/PT?[0-9.]+[A-Z]+", v)
    if m:  # "2-3 years" (P2Y/P3Y): TIMEX3 has no range of durations; an unspecified number of the unit
        return f"{m.group(1)}X{m.group(2)}"
    if v.startswith("-"):
        return "PAST_REF"
    if v.startswith("+"):
        return "FUTURE_REF"
    return "XXXX"


def elements(text: str, start: int, end: int, type: str, kind: str, value: str | None, mod: str | None,
             anchored: str | None) -> list[Element]:
    """The TIMEX3 element(s) of one expression ``text`` found at ``start``-``end``: one, or two for a range."""
    if kind == "range" and isinstance(anchored or value, str) and "/" in (anchored or value or ""):
        a, b = (anchored or value or "").split("/", 1)
        years = list(re.finditer(r"[0-9]{2,4}", text))
        if len(years) >= 2:
            first, last = years[0], years[-1]
            return [Element(start + first.start(), start + first.end(), "DATE", a),
                    Element(start + last.start(), start + last.end(), "DATE", b)]
    if type not in TYPES:
        raise ValueError(f"not a TIMEX3 type: {type!r}")
    return [Element(start, end, type, timex3_value(value, anchored), mod)]


def document(text: str, expressions: Iterable[Element], *, dct: str | None = None, docid: str = "",
             dct_type: str = "DATE") -> str:
    """A TimeML document: ``text`` with a TIMEX3 around each element (non-overlapping, any order)."""
    out = ['<?xml version="1.0" ?>\n<TimeML>\n']
    out.append(f"<DOCID>{escape(docid)}</DOCID>\n")
    if dct:
        out.append(f'<DCT><TIMEX3 tid="t0" type={quoteattr(dct_type)} value={quoteattr(dct)} temporalFunction="false" '
                   f'functionInDocument="CREATION_TIME">{escape(dct)}</TIMEX3></DCT>\n')
    out.append("<TEXT>")
    pos = 0
    for n, e in enumerate(sorted(expressions, key=lambda e: e.start), 1):
        if e.start < pos:
            raise ValueError(f"overlapping expressions at {e.start}")
        out.append(escape(text[pos:e.start]))
        mod = f" mod={quoteattr(e.mod)}" if e.mod else ""
        out.append(f'<TIMEX3 tid="t{n}" type={quoteattr(e.type)} value={quoteattr(e.value)}{mod}>'
                   f"{escape(text[e.start:e.end])}</TIMEX3>")
        pos = e.end
    out.append(escape(text[pos:]))
    out.append("</TEXT>\n</TimeML>\n")
    return "".join(out)
