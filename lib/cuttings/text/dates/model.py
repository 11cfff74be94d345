"""What the date grammar produces: ``Timex`` (one temporal expression) and ``Reference`` (a date of writing)."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from ...errors import CuttingsError

TYPES = ("DATE", "TIME", "DURATION", "SET")  # the TIMEX3 types
# Finer kinds: explicit calendar values, "relative" (a date that needs the reference date), "ref"
# (PRESENT_REF, PAST_REF, FUTURE_REF), times of day, durations and recurrences.
DATE_KINDS = ("date", "month", "year", "range", "decade", "century", "quarter", "half", "season", "week")
KINDS = DATE_KINDS + ("relative", "ref", "time", "duration", "set")
KIND_TYPES = {**{k: "DATE" for k in DATE_KINDS}, "relative": "DATE", "ref": "DATE", "time": "TIME",
              "duration": "DURATION", "set": "SET"}


@dataclass(frozen=True)
class Timex:
    """One temporal expression in a string: offsets, text, TIMEX3 type, finer kind, value, modifier, resolution.

    ``value`` is the value as the text states it (``XXXX-07`` for "in July", ``-P2Y`` for "two years
    ago"); ``anchored`` is the TIMEX3 value once resolved against a reference date (None when it
    cannot be); ``anchor`` says how. ``tense`` is the tense of the clause around the expression
    (past, future or None), which decides past or future for a date without a year.
    """

    start: int
    end: int
    text: str
    type: str
    kind: str
    value: str | None
    mod: str | None = None
    anchored: str | None = None
    anchor: str | None = None
    spec: tuple | None = field(default=None, repr=False, compare=False)  # what resolution needs
    tense: str | None = field(default=None, compare=False)

    def but(self, **changes) -> "Timex":
        """A copy with ``changes`` (faster than ``dataclasses.replace``, which the tagger would call per expression)."""
        values: dict = {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "kind": self.kind,
                  "value": self.value, "mod": self.mod, "anchored": self.anchored, "anchor": self.anchor,
                  "spec": self.spec, "tense": self.tense}
        values.update(changes)
        return Timex(**values)


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
        """Whether the date is the piece's own (its date line, dateline or a given date), not inferred."""
        return self.bound == "exact"

    def describe(self) -> str:
        """E.g. ``reference 2005-06-30 (date line, line 12)``: the date and where it comes from."""
        at = f", line {self.line_no}" if self.line_no is not None else ""
        if self.method in ("date line", "dateline"):
            how = f"{self.method}{at}"
        elif self.method == "latest date in piece":
            how = f"latest date the piece mentions{at}: a lower bound"
        elif self.method == "nearest piece":
            how = f"borrowed from the nearest dated piece, piece {self.from_doc}: its {self.via}{at}"
        elif self.method == "dates.csv":
            how = f"the file's date in {self.via or 'dates.csv'}"
        elif self.method == "given":
            how = "given as the reference"
        elif self.method == "default":
            how = "the default reference date"
        else:
            how = self.method
        return f"reference {self.iso} ({how})"


def two_digit(yy: int, ref_year: int | None) -> int:
    """Read a two-digit year: in the 100 years ending with ``ref_year``; without one, POSIX (69-99 -> 19xx)."""
    if ref_year is None:
        return 1900 + yy if yy >= 69 else 2000 + yy
    return ref_year - ((ref_year - yy) % 100)


def valid(y: int, mo: int, d: int) -> bool:
    """Whether year ``y``, month ``mo``, day ``d`` is a calendar date."""
    try:
        _dt.date(y, mo, d)
        return True
    except ValueError:
        return False


def fmt(n: float) -> str:
    """A number without a needless decimal part (3.0 -> '3', 1.5 -> '1.5')."""
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def as_reference(ref) -> Reference | None:
    """A ``Reference`` from an ISO date string (YYYY-MM-DD or YYYY-MM), a date or a Reference (None stays None)."""
    if ref is None or isinstance(ref, Reference):
        return ref
    if isinstance(ref, _dt.datetime):
        return Reference(ref.date())
    if isinstance(ref, _dt.date):
        return Reference(ref)
    if isinstance(ref, str):
        s = ref.strip()
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", s):
                return Reference(_dt.date.fromisoformat(s[:10]))
            if re.fullmatch(r"\d{4}-\d{2}", s):
                return Reference(_dt.date(int(s[:4]), int(s[5:]), 1), precision="month")
        except ValueError:
            pass
    raise CuttingsError(f"reference date {ref!r}: use YYYY-MM-DD or YYYY-MM")


def holiday_date(rule: str, year: int) -> _dt.date | None:
    """The date of a holiday ``rule`` (MM-DD, MM-DD+Wd, easter±N) in ``year``."""
    if rule.startswith("easter"):
        a, b, c = year % 19, year // 100, year % 100
        d, e = b // 4, b % 4
        f = (b + 8) // 25
        gg = (b - f + 1) // 3
        h = (19 * a + b - d - gg + 15) % 30
        i, k = c // 4, c % 4
        ll = (32 + 2 * e + 2 * i - h - k) % 7
        mm = (a + 11 * h + 22 * ll) // 451
        month, day = (h + ll - 7 * mm + 114) // 31, (h + ll - 7 * mm + 114) % 31 + 1
        return _dt.date(year, month, day) + _dt.timedelta(days=int(rule[6:]))
    mo, d = int(rule[:2]), int(rule[3:5])
    if not valid(year, mo, d):
        return None
    base = _dt.date(year, mo, d)
    if len(rule) > 5:
        wd = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun").index(rule[6:]) + 1
        base += _dt.timedelta(days=(wd - base.isoweekday()) % 7)
    return base
