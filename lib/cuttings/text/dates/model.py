"""What the date grammar produces: ``Timex`` (one temporal expression) and ``Reference`` (a date of writing)."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from ...errors import CuttingsError

TYPES = ("date", "month", "year", "range", "decade", "century", "duration", "relative")
DATE_TYPES = ("date", "month", "year", "range", "decade", "century")  # explicit points and periods


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
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
                return Reference(_dt.date.fromisoformat(s))
            if re.fullmatch(r"\d{4}-\d{2}", s):
                return Reference(_dt.date(int(s[:4]), int(s[5:]), 1), precision="month")
        except ValueError:
            pass
    raise CuttingsError(f"reference date {ref!r}: use YYYY-MM-DD or YYYY-MM")

