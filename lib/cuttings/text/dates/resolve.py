"""Resolution of relative expressions and two-digit years against a reference date."""
from __future__ import annotations

import datetime as _dt
from dataclasses import replace

from ..patterns import calendar
from .model import Reference, Timex, fmt, two_digit, valid


def _ym(total: int) -> str:
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _plural(n: float, unit: str) -> str:
    n = abs(n)
    return f"{fmt(n)} {unit}" + ("" if n == 1 else "s")


def resolve(t: Timex, ref: Reference | None) -> Timex:
    """Fill ``anchored`` and ``anchor`` of ``t`` given the reference (or None)."""
    spec = t.spec
    if spec is None:
        return replace(t, anchored=t.value, anchor=None)
    kind = spec[0]
    if kind in ("yy", "yy_decade"):
        yy = spec[1]
        y = two_digit(yy, ref.date.year if ref else None)
        if kind == "yy":
            mo, d = spec[2], spec[3]
            if not valid(y, mo, d):
                return replace(t, value=None, anchored=None, anchor=f"no {d} {calendar().months_full[mo - 1]} in {y}")
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
            n = _plural(lo, "year") if lo == hi else f"{fmt(abs(hi))} to {_plural(lo, 'year')}"
            value = f"{r.year + lo:04d}" if lo == hi else f"{r.year + lo:04d}/{r.year + hi:04d}"
            return value, f"{n} {word} the reference year"
        if des == "M":
            if not float(lo).is_integer() or not float(hi).is_integer():
                return None, "a fraction of a month"
            lo, hi = int(lo), int(hi)
            base = r.year * 12 + r.month - 1
            word = "before" if lo < 0 else "after"
            n = _plural(lo, "month") if lo == hi else f"{fmt(abs(hi))} to {_plural(lo, 'month')}"
            value = _ym(base + lo) if lo == hi else f"{_ym(base + lo)}/{_ym(base + hi)}"
            return value, (f"{n} {word} the reference month" if lo else "the reference month")
        if not day_ok:
            return None, "a day or week needs the piece's own dated line"
        days = {"W": 7, "D": 1}[des]
        if not float(lo).is_integer():
            return None, "a fraction of a day"
        a, b = r + _dt.timedelta(days=days * lo), r + _dt.timedelta(days=days * hi)
        if des == "W":
            week_of = lambda d: "{:04d}-W{:02d}".format(*d.isocalendar()[:2])
            value = week_of(a) if a == b else f"{week_of(a)}/{week_of(b)}"
            return value, (f"the week {_plural(lo, 'week')} {'before' if lo < 0 else 'after'} the reference date"
                           if lo else "the week of the reference date")
        value = a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}"
        return value, f"{_plural(lo, 'day')} {'before' if lo < 0 else 'after'} the reference date"
    if kind == "month":
        _, mo, year_off, how = spec
        name = calendar().months_full[mo - 1]
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
        month_no = r.year * 12 + r.month
        y = min((r.year - 1, r.year, r.year + 1), key=lambda yy: (abs(yy * 12 + mo - month_no), yy))
        return f"{y:04d}-{mo:02d}", f"the {name} nearest the reference"
    if kind == "daymonth":
        _, mo, d, wd = spec
        label = f"{d} {calendar().months_full[mo - 1]}"
        if wd is not None:
            years = [y for y in range(r.year - 11, r.year + 12)
                     if valid(y, mo, d) and _dt.date(y, mo, d).isoweekday() == wd]
            if not years:
                return None, f"{label} is never a {calendar().weekdays_full[wd - 1]} near the reference"
            y = min(years, key=lambda yy: (abs(yy - r.year), yy))
            return (f"{y:04d}-{mo:02d}-{d:02d}",
                    f"the year nearest the reference in which {label} is a {calendar().weekdays_full[wd - 1]}")
        here = r if ref.precision == "day" else r.replace(day=15)
        cands = [_dt.date(y, mo, d) for y in (r.year - 1, r.year, r.year + 1) if valid(y, mo, d)]
        if not cands:
            return None, f"no {label} near the reference"
        if ref.bound == "not before":
            floor = r if ref.precision == "day" else r.replace(day=1)
            later = [_dt.date(y, mo, d) for y in range(r.year, r.year + 5) if valid(y, mo, d)]
            best = min(c for c in later if c >= floor)
            return best.isoformat(), f"the first {label} on or after the reference"
        best = min(cands, key=lambda c: (abs((c - here).days), c))
        return best.isoformat(), f"the {label} nearest the reference"
    if kind == "weekday":
        _, wd, n = spec
        name = calendar().weekdays_full[wd - 1]
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
