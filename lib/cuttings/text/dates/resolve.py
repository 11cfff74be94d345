"""Resolution of relative expressions against a reference date and the dates the text mentioned before.

``resolve_all`` walks a piece's expressions in text order and keeps what was last mentioned (the
last calendar value, the last quarter), so that "that year", "a year earlier", "the following day"
and "the year-ago quarter" count from it; ``resolve`` resolves one expression on its own.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from ..patterns import calendar
from .model import Reference, Timex, fmt, holiday_date, two_digit, valid

_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_SEASON_NAME = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_UNIT_NAME = {"Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter", "DE": "decade", "CE": "century",
              "WE": "weekend", "TH": "hour", "TM": "minute", "TS": "second"}
_ORDER = {"CE": 0, "DE": 1, "Y": 2, "H": 3, "Q": 4, "S": 4, "M": 5, "W": 6, "D": 7, "T": 8}


@dataclass
class Context:
    """What the text mentioned last: a calendar value and a quarter (updated as expressions are resolved)."""

    last: str | None = None
    last_quarter: str | None = None
    derived: bool = False  # the expression just resolved counted from what was mentioned before
    ended: bool = False  # the quarter mentioned last was written as over ("the fourth quarter ended Sept. 30")

    def note(self, value: str | None, *, ended: bool = False) -> None:
        """Remember ``value`` if it is a calendar value (not a duration, a reference word or a range)."""
        if value is None or "/" in value or "X" in value or not value[:1].isdigit():
            return
        self.last = value
        if re.fullmatch(r"\d{4}-Q[1-4]", value):
            self.last_quarter, self.ended = value, ended


def _plural(n: float, unit: str) -> str:
    n = abs(n)
    return f"{fmt(n)} {unit}" + ("" if n == 1 else "s")


def _ym(total: int) -> str:
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _week(d: _dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _grain(value: str) -> tuple[str, Any] | None:
    """(granularity, data) of a calendar value: Y year, M (year, month), D date, W monday, Q (year, q),
    DE decade start, CE century start, S (year, season), H (year, half)."""
    v = value.split("T")[0]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return "D", _dt.date.fromisoformat(v)
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return "M", (int(v[:4]), int(v[5:]))
    if re.fullmatch(r"\d{4}", v):
        return "Y", int(v)
    m = re.fullmatch(r"(\d{4})-W(\d{2})(?:-WE)?", v)
    if m:
        return "W", _dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    m = re.fullmatch(r"(\d{4})-Q([1-4])", v)
    if m:
        return "Q", (int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\d{4})-H([12])", v)
    if m:
        return "H", (int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v)
    if m:
        return "S", (int(m.group(1)), m.group(2))
    if re.fullmatch(r"\d{3}", v):
        return "DE", int(v) * 10
    if re.fullmatch(r"\d{2}", v):
        return "CE", int(v) * 100
    return None


def _year_of(value: str) -> int | None:
    g = _grain(value)
    if g is None:
        return None
    kind, data = g
    if kind == "D" or kind == "W":
        return data.year
    if kind == "Y":
        return data
    if kind in ("M", "Q", "H", "S"):
        return data[0]
    return None


def _coarsen(value: str, des: str) -> str | None:
    """``value`` at the granularity of unit ``des`` (None if the value is coarser than the unit)."""
    g = _grain(value)
    if g is None:
        return None
    kind, data = g
    if des == "Y":
        y = _year_of(value)
        return None if y is None else f"{y:04d}"
    if des == "M":
        if kind == "D":
            return data.isoformat()[:7]
        if kind == "M":
            return value[:7]
        return None
    if des == "Q":
        if kind == "Q":
            return value[:7]
        if kind == "D":
            return f"{data.year:04d}-Q{(data.month - 1) // 3 + 1}"
        if kind == "M":
            return f"{data[0]:04d}-Q{(data[1] - 1) // 3 + 1}"
        return None
    if des in ("W", "WE"):
        if kind in ("D", "W"):
            return _week(data) + ("-WE" if des == "WE" else "")
        return None
    if des == "D":
        return data.isoformat() if kind == "D" else None
    if des == "DE":
        y = _year_of(value)
        return None if y is None else f"{y // 10:03d}"
    if des == "CE":
        y = _year_of(value)
        return None if y is None else f"{y // 100:02d}"
    return None


def _shift(value: str, des: str, n: float) -> str | None:
    """``value`` moved by ``n`` units ``des``, kept at its own granularity; None when the unit is finer
    than the value ("two days after 1998") or a fraction does not fit."""
    if not float(n).is_integer():
        if des == "Y" and float(n * 12).is_integer():
            des, n = "M", n * 12
        else:
            return None
    n = int(n)
    g = _grain(value)
    if g is None:
        return None
    kind, data = g
    if kind in ("DE", "CE"):
        return f"{int(value) + n:0{len(value)}d}" if des == kind else None
    if des in ("DE", "CE"):
        des, n = "Y", n * (10 if des == "DE" else 100)
    if des == "Y":
        if kind == "Y":
            return f"{data + n:04d}"
        if kind == "M":
            return f"{data[0] + n:04d}-{data[1]:02d}"
        if kind == "D":
            d = data
            day = min(d.day, 28) if d.month == 2 and d.day == 29 else d.day
            return _dt.date(d.year + n, d.month, day).isoformat()
        if kind == "W":
            return f"{data.isocalendar()[0] + n:04d}-W{data.isocalendar()[1]:02d}" + ("-WE" if value.endswith("WE") else "")
        if kind in ("Q", "H", "S"):
            return f"{data[0] + n:04d}-{value[5:]}"
        return None
    if des == "Q":
        if kind == "Q":
            total = data[0] * 4 + data[1] - 1 + n
            return f"{total // 4:04d}-Q{total % 4 + 1}"
        if kind in ("M", "D"):
            return _shift(value, "M", n * 3)
        return None
    if des == "M":
        if kind == "M":
            return _ym(data[0] * 12 + data[1] - 1 + n)
        if kind == "D":
            d = data
            ym = _ym(d.year * 12 + d.month - 1 + n)
            y, mo = int(ym[:4]), int(ym[5:])
            day = d.day
            while not valid(y, mo, day):
                day -= 1
            return f"{ym}-{day:02d}"
        return None
    if des in ("W", "D"):
        days = n * (7 if des == "W" else 1)
        if kind == "D":
            return (data + _dt.timedelta(days=days)).isoformat()
        if kind == "W" and des == "W":
            return _week(data + _dt.timedelta(days=days)) + ("-WE" if value.endswith("WE") else "")
        return None
    return None


def resolve(t: Timex, ref: Reference | None, context: Context | None = None) -> Timex:
    """Fill ``anchored`` and ``anchor`` of ``t`` given the reference (or None) and what was mentioned before."""
    ctx = context if context is not None else Context()
    spec = t.spec
    if spec is None:
        return t.but(anchored=t.value, anchor=None)
    kind = spec[0]
    if kind in ("yy", "yy_decade", "yy_quarter"):
        return _two_digit(t, ref)
    if kind == "vague":
        return t.but(anchored=None, anchor="not resolved: a vague quantity")
    if kind == "week_of":  # "the week of March 6": the week of the day, resolved as the day is
        day = resolve(t.but(spec=spec[1]), ref, ctx)
        week = _coarsen(day.anchored, "W") if day.anchored else None
        return t.but(anchored=week, anchor=day.anchor if week else f"not resolved: {day.anchor}")
    if kind == "decade_word":
        if ref is None:
            return t.but(anchored=t.value, anchor="the 1900s (no reference date)")
        century = ref.date.year // 100 * 100
        start = century + spec[1] * 10
        if start > ref.date.year:
            start -= 100
        return t.but(anchored=f"{start // 10:03d}",
                       anchor=f"the latest such decade begun by the reference year; {ref.describe()}")
    if kind in ("event", "anaphoric", "anaphoric_month", "anaphoric_weekday", "anaphoric_season", "year_ago",
                "last_quarter", "year_quarter", "the_unit"):
        ctx.derived = kind != "last_quarter"
        anchored, rule = _from_context(spec, ctx, ref)
        if anchored is None:
            return t.but(anchored=None, anchor=f"not resolved: {rule}")
        return t.but(anchored=anchored, anchor=rule)
    if ref is None:
        return t.but(anchored=None, anchor="not resolved: no reference date")
    anchored, rule = _resolve_with(spec, ref, t.tense, ctx)
    if anchored is None:
        return t.but(anchored=None, anchor=f"not resolved: {rule}; {ref.describe()}")
    return t.but(anchored=anchored, anchor=f"{rule}; {ref.describe()}")


def resolve_all(timexes: list[Timex], ref: Reference | None, context: Context | None = None) -> list[Timex]:
    """Resolve expressions in text order, each against ``ref`` and what the text mentioned before it."""
    ctx = context if context is not None else Context()
    out = []
    for t in timexes:
        ctx.derived = False
        r = resolve(t, ref, ctx)
        # What counts from an earlier mention ("a year earlier") does not become the new one.
        if r.kind != "range" and r.type in ("DATE", "TIME") and not ctx.derived:
            ctx.note(r.anchored, ended=t.spec is not None and t.spec[0] == "quarter" and t.spec[3] == "ended")
        out.append(r)
    return out


def _two_digit(t: Timex, ref: Reference | None) -> Timex:
    spec = t.spec
    assert spec is not None
    yy = spec[1]
    y = two_digit(yy, ref.date.year if ref else None)
    if spec[0] == "yy":
        mo, d = spec[2], spec[3]
        if not valid(y, mo, d):
            return t.but(value=None, anchored=None, anchor=f"no {d} {calendar().months_full[mo - 1]} in {y}")
        value = f"{y:04d}-{mo:02d}-{d:02d}"
    elif spec[0] == "yy_quarter":
        value = f"{y:04d}-Q{spec[2]}"
    else:
        value = f"{y // 10:03d}"
    if ref:
        how = (f"two-digit year read in the 100 years ending with the reference year "
               f"{ref.date.year}; {ref.describe()}")
    else:
        how = "two-digit year read as POSIX does (69-99 -> 1900s, 00-68 -> 2000s): no reference date"
    return t.but(value=value, anchored=value, anchor=how)


def _from_context(spec: tuple, ctx: Context, ref: Reference | None) -> tuple[str | None, str]:
    """Expressions that count from the date mentioned last ("that year", "a year earlier", "the quarter")."""
    kind = spec[0]
    last = ctx.last
    if kind == "last_quarter":
        latest = len(spec) > 2 and spec[2]  # "the latest quarter": one that is over, not the current one
        over = None
        if ref is not None:
            total = ref.date.year * 4 + (ref.date.month - 1) // 3 - 1
            over = f"{total // 4:04d}-Q{total % 4 + 1}"
        if ctx.last_quarter and not (latest and over is not None and ctx.last_quarter > over and not ctx.ended):
            return ctx.last_quarter, f"the quarter mentioned last ({ctx.last_quarter})"
        if ref is None or over is None:
            return None, "no quarter mentioned before and no reference date"
        why = " (the one mentioned last is not over)" if ctx.last_quarter else ""
        return over, f"the last quarter before the reference date{why}; {ref.describe()}"
    if kind == "the_unit":  # "for the full year", "for the week": that of the date mentioned last, else of the reference
        des = spec[1]
        unit = _UNIT_NAME[des]
        value = _coarsen(ctx.last, des) if ctx.last else None
        here = _coarsen(ref.date.isoformat(), des) if ref is not None else None
        if value is not None and not (here is not None and value > here):  # not a year ahead ("by 1992")
            return value, f"the {unit} of the date mentioned last ({ctx.last})"
        if ref is None or des == "W" and ref.precision != "day":
            return None, f"no date mentioned before, and no reference {'day' if des == 'W' else 'date'}"
        return _coarsen(ref.date.isoformat(), des), f"the {unit} of the reference date; {ref.describe()}"
    if kind == "year_quarter":
        y = spec[1]
        if ctx.last_quarter:
            value = f"{y:04d}-{ctx.last_quarter[5:]}"
            return value, f"the quarter of {y} numbered as the one mentioned last ({ctx.last_quarter})"
        return f"{y:04d}-QX", f"a quarter of {y}: no quarter mentioned before"
    if kind == "year_ago":
        if ctx.last_quarter:
            return _shift(ctx.last_quarter, "Y", -1), f"a year before the quarter mentioned last ({ctx.last_quarter})"
        if ref is None:
            return None, "no reference date"
        return f"{ref.date.year - 1:04d}", f"the year before the reference year; {ref.describe()}"
    if kind == "event":
        _, des, lo, hi, tail = spec
        base = last
        how = f"the date mentioned last ({last})"
        if base is None:
            return None, "counted from an event the text mentions, and no date was mentioned before it"
        if des in ("TH", "TM", "TS"):
            return None, "hours and minutes need a time of day"
        a, b = _shift(base, des, lo), _shift(base, des, hi)
        if a is None or b is None:
            return None, f"{_plural(lo, _UNIT_NAME.get(des, des))} from {base}: the unit is finer than that date"
        value = a if a == b else f"{a}/{b}"
        word = "before" if lo < 0 else "after"
        n = _plural(lo, _UNIT_NAME.get(des, des)) if lo == hi else f"{fmt(abs(hi))} to {_plural(lo, _UNIT_NAME[des])}"
        return value, f"{n} {word} {how}"
    if last is None:
        return None, "counts from a date mentioned before it, and none was"
    if kind == "anaphoric":
        _, des, n = spec
        base = _coarsen(last, des)
        if base is None:
            return None, f"the {_UNIT_NAME.get(des, des)} of the date mentioned last ({last}) is not known"
        shifted = _shift(base, "W" if des == "WE" else des, n) if n else base
        if shifted is None:
            return None, f"{n:+d} {_UNIT_NAME.get(des, des)} from {last}"
        rel = {0: "the same", -1: "the previous", 1: "the following"}.get(n, f"{n:+d}")
        return shifted, f"{rel} {_UNIT_NAME.get(des, des)} as the date mentioned last ({last})"
    if kind == "anaphoric_month":
        y = _year_of(last)
        if y is None:
            return None, f"the year of the date mentioned last ({last}) is not known"
        return f"{y:04d}-{spec[1]:02d}", f"in the year mentioned last ({last})"
    if kind == "anaphoric_season":
        y = _year_of(last)
        if y is None:
            return None, f"the year of the date mentioned last ({last}) is not known"
        return f"{y:04d}-{spec[1]}", f"in the year mentioned last ({last})"
    if kind == "anaphoric_weekday":
        _, wd, n = spec
        g = _grain(last)
        if g is None or g[0] != "D":
            return None, f"the day mentioned last ({last}) is not a date"
        d: _dt.date = g[1]
        if n < 0:
            out = d - _dt.timedelta(days=(d.isoweekday() - wd) % 7 or 7)
        elif n > 0:
            out = d + _dt.timedelta(days=(wd - d.isoweekday()) % 7 or 7)
        else:
            out = d + _dt.timedelta(days=(wd - d.isoweekday()) % 7)
        return out.isoformat(), f"counted from the date mentioned last ({last})"
    return None, f"unknown kind {kind}"  # pragma: no cover


def _reference_value(ref: Reference, des: str) -> str | None:
    if des in ("D", "W") and not (ref.precision == "day"):
        return None
    if des in ("D", "W"):
        return ref.date.isoformat()
    if des in ("M", "Q"):
        return ref.date.isoformat()[:7]
    return f"{ref.date.year:04d}"


NEAR = {"month": 2, "day": 91}  # within this of the reference date, the nearest occurrence is taken whatever the tense


def _choose(cands: list, here, tense: str | None, ref: Reference, key, near: float = 0) -> tuple[Any, str]:
    """Pick among candidate occurrences: the nearest to ``here`` when it is within ``near`` of it; else
    by tense (future -> the first on or after ``here``, past -> the last on or before it); without a
    tense the nearest (the earlier on a tie). With a lower-bound reference, the first on or after it."""
    if ref.bound == "not before":
        later = [c for c in cands if key(c) >= here]
        if later:
            return min(later, key=key), "the first on or after the reference (a lower bound)"
    nearest = min(cands, key=lambda c: (abs(key(c) - here), key(c)))
    if abs(key(nearest) - here) <= near or tense == "present":
        return nearest, "the nearest one"
    if tense == "future":
        later = [c for c in cands if key(c) >= here]
        if later:
            return min(later, key=key), "the next one, its clause being in the future tense"
    if tense == "past":
        earlier = [c for c in cands if key(c) <= here]
        if earlier:
            return max(earlier, key=key), "the last one, its clause being in the past tense"
    return nearest, "the nearest one"


def _resolve_with(spec: tuple, ref: Reference, tense: str | None, ctx: Context) -> tuple[str | None, str]:
    kind = spec[0]
    r = ref.date
    day_ok = ref.own and ref.precision == "day"
    ago = kind == "ago"
    if ago:  # "two years ago": from the reference; a comparison, not a new point of the story
        ctx.derived = True
        kind, spec = "offset", ("offset",) + tuple(spec[1:])
    if kind == "offset":
        _, des, lo, hi = spec
        if des in ("TH", "TM", "TS"):
            return None, "hours and minutes need a time of day"
        # "earnings of $3 million a year ago" after a quarter is that quarter a year before; "last year"
        # names the year (TimeBank: 4 of 6 after a quarter)
        if ago and des == "Y" and lo == hi and ctx.last_quarter and ctx.last == ctx.last_quarter and lo < 0:
            ctx.derived = True
            value = _shift(ctx.last_quarter, "Y", lo)
            return value, f"{_plural(lo, 'year')} before the quarter mentioned last ({ctx.last_quarter})"
        if des in ("D", "W") and not day_ok:
            return None, "a day or week needs the piece's own dated line"
        base = _reference_value(ref, des) if des not in ("DE", "CE") else f"{r.year:04d}"
        assert base is not None
        if des == "Q":
            base = _coarsen(base + ("-01" if len(base) == 7 else ""), "Q") or base
        elif des == "W":
            base = _week(r)
        elif des in ("DE", "CE"):
            base = _coarsen(base, des) or base
        a, b = _shift(base, des, lo), _shift(base, des, hi)
        if a is None or b is None:
            return None, f"a fraction of a {_UNIT_NAME.get(des, des)}"
        value = a if a == b else f"{a}/{b}"
        unit = _UNIT_NAME.get(des, des)
        if lo == hi == 0:
            return value, f"the {unit} of the reference date"
        word = "before" if lo < 0 else "after"
        n = _plural(lo, unit) if lo == hi else f"{fmt(abs(hi))} to {_plural(lo, unit)}"
        return value, f"{n} {word} the reference date"
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
        here = r.year * 12 + r.month - 1
        y, why = _choose([(r.year + k) * 12 + mo - 1 for k in (-1, 0, 1)], here, tense, ref, lambda c: c, NEAR["month"])
        return _ym(y), f"{name}: {why}"
    if kind in ("daymonth", "holiday"):
        if kind == "daymonth":
            _, mo, d, wd = spec
            label = f"{d} {calendar().months_full[mo - 1]}"

            def on(y):
                return _dt.date(y, mo, d) if valid(y, mo, d) else None
        else:
            _, rule, year_off, how = spec
            label, wd = "the holiday", None

            def on(y):
                return holiday_date(rule, y)
            if year_off is not None:
                dd = on(r.year + year_off)
                return (dd.isoformat() if dd else None), "the holiday in the reference year"
            if how in ("last", "next"):
                cands = [c for c in (on(y) for y in range(r.year - 1, r.year + 2)) if c is not None]
                pick = max(c for c in cands if c < r) if how == "last" else min(c for c in cands if c > r)
                return pick.isoformat(), f"the {how} one {'before' if how == 'last' else 'after'} the reference date"
        if wd is not None:
            years = [y for y in range(r.year - 11, r.year + 12) if on(y) is not None and on(y).isoweekday() == wd]
            if not years:
                return None, f"{label} is never a {calendar().weekdays_full[wd - 1]} near the reference"
            y = min(years, key=lambda yy: (abs(yy - r.year), yy))
            return on(y).isoformat(), f"the year nearest the reference in which {label} is a {calendar().weekdays_full[wd - 1]}"
        cands = [c for c in (on(y) for y in (r.year - 1, r.year, r.year + 1)) if c is not None]
        if not cands:
            return None, f"no {label} near the reference"
        if ref.precision == "day":
            day = r
        else:
            day = r.replace(day=1) if ref.bound == "not before" else r.replace(day=15)
        best, why = _choose(cands, day.toordinal(), tense, ref, lambda c: c.toordinal(), NEAR["day"])
        return best.isoformat(), f"{label}: {why}"
    if kind == "weekday":
        _, wd, n = spec
        name = calendar().weekdays_full[wd - 1]
        if not day_ok:
            return None, "a day or week needs the piece's own dated line"
        if n is not None and n < 0:
            d = r - _dt.timedelta(days=(r.isoweekday() - wd) % 7 or 7)
            return d.isoformat(), f"the last {name} before the reference date"
        if n is not None and n > 0:
            d = r + _dt.timedelta(days=(wd - r.isoweekday()) % 7 or 7)
            return d.isoformat(), f"the next {name} after the reference date"
        after = r + _dt.timedelta(days=(wd - r.isoweekday()) % 7)
        before = r - _dt.timedelta(days=(r.isoweekday() - wd) % 7)
        if n == 0:
            d = min((before, after), key=lambda c: (abs((c - r).days), c))
            return d.isoformat(), f"the {name} nearest the reference date"
        if tense == "future":  # "will meet Monday"
            return after.isoformat(), f"the {name} on or after the reference date (future tense)"
        return before.isoformat(), f"the {name} on or before the reference date"
    if kind == "weekend":
        weeks = spec[1]
        if not day_ok:
            return None, "a day or week needs the piece's own dated line"
        if weeks is None:
            weeks = 0 if r.isoweekday() >= 6 or tense == "future" else -1
        return _week(r + _dt.timedelta(days=7 * weeks)) + "-WE", "the weekend of the reference week" if weeks == 0 else (
            f"the weekend {_plural(weeks, 'week')} {'before' if weeks < 0 else 'after'} the reference week")
    if kind == "quarter":
        _, q, year_off, how = spec
        if how == "year_ago":
            value, why = _resolve_with(("quarter", q, year_off, None), ref, tense, ctx)
            ctx.derived = True
            return (_shift(value, "Y", -1) if value else None), f"a year before {value}: {why}"
        if year_off is not None:
            return f"{r.year + year_off:04d}-Q{q}", "in the reference year" if not year_off else f"{year_off:+d} years"
        here = r.year * 4 + (r.month - 1) // 3
        cands = [(r.year + k) * 4 + q - 1 for k in (-1, 0, 1)]
        if tense == "future":
            pick, why = _choose(cands, here, "future", ref, lambda c: c)
        else:
            earlier = [c for c in cands if c <= here]
            pick, why = max(earlier), "the last one begun by the reference date"
        return f"{pick // 4:04d}-Q{pick % 4 + 1}", f"quarter {q}: {why}"
    if kind == "half":
        _, h, off = spec
        return f"{r.year + off:04d}-H{h}", "in the reference year" if not off else f"{off:+d} years"
    if kind == "season":
        _, code, year_off, how = spec
        name = _SEASON_NAME[code]
        if year_off is not None:
            return f"{r.year + year_off:04d}-{code}", f"the {name} of the reference year"
        here = r.year * 12 + r.month - 1
        starts = [(r.year + k) * 12 + _SEASON_START[code] - 1 for k in (-2, -1, 0, 1)]
        if how == "last":
            pick = max(s for s in starts if s + 3 <= here + 1) if any(s + 3 <= here + 1 for s in starts) else starts[0]
            why = "the last one over by the reference date"
        elif how == "next":
            pick, why = min(s for s in starts if s > here), "the next one after the reference date"
        else:
            current = [s for s in starts if s <= here < s + 3]
            if current:
                pick, why = current[0], "the one of the reference date"
            else:
                pick, why = _choose(starts, here, tense, ref, lambda c: c)
        return f"{pick // 12:04d}-{code}", f"the {name}: {why}"
    if kind in ("time", "pod"):
        _, part, day_spec = spec
        suffix = part if kind == "time" else f"T{part}"
        if isinstance(day_spec, str):
            return f"{day_spec}{suffix}", "on the date written with it"
        if day_spec is None:
            if not day_ok:
                return None, "a time of day needs the piece's own dated line"
            return f"{r.isoformat()}{suffix}", "on the reference date"
        if day_spec[0] == "anaphoric":
            base = _coarsen(ctx.last, "D") if ctx.last else None
            if base is None:
                if not day_ok:
                    return None, "a time of day needs the piece's own dated line"
                base, why = r.isoformat(), "on the reference date"
            else:
                why = f"on the day mentioned last ({ctx.last})"
            on_day = _shift(base, "D", day_spec[2]) if day_spec[2] else base
            return f"{on_day}{suffix}", why
        day_value, why = _resolve_with(day_spec, ref, tense, ctx)
        if day_value is None:
            return None, why
        return f"{day_value}{suffix}", why
    return None, f"unknown kind {kind}"  # pragma: no cover
