"""The date grammar: rules (regular expressions built from the vocabulary) and their handlers."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ...resources import Resources
from .model import Timex, fmt, two_digit, valid
from .vocab import Vocab, vocab


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

    def __init__(self, v: Vocab) -> None:
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


def grammar(resources: Resources | None = None) -> "_Grammar":
    """Return the compiled grammar of ``resources`` (default: the general data), built once per ``Resources``."""
    res = resources or Resources.default()
    return res.memo("dates.grammar", lambda: _Grammar(vocab(res)))


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



def find_raw(text: str, min_year: int = 1800, max_year: int = 2099, *,
             resources: Resources | None = None) -> list[Timex]:
    """The temporal expressions of ``text``, unresolved (``anchored`` and ``anchor`` unset), in text order."""
    g = grammar(resources)
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


def _month_no(v: Vocab, name: str) -> int:
    return v.months[name.rstrip(".").lower()]


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
    if not valid(y, mo, d) or not _weekday_ok(v, m, y, mo, d):
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
        if not valid(y, mo, d):
            return None
        return _mk(m, text, "date", f"{y:04d}-{mo:02d}-{d:02d}")
    yy = int(ys)
    y = two_digit(yy, None)
    if not valid(2000 if mo == 2 and d == 29 else y, mo, d):
        return None
    return _mk(m, text, "date", f"{y:04d}-{mo:02d}-{d:02d}", spec=("yy", yy, mo, d))


def _h_date_iso(m, text, v, lo, hi):
    if not _free(m, text, ".,/-"):
        return None
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if not valid(y, mo, d):
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
    y = two_digit(d2, None)
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


def _number(v: Vocab, s: str) -> float | None:
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


def _iso_duration(v: Vocab, qty: float, unit: str) -> tuple[str, float, str]:
    """Return (ISO designator text, amount, designator) for ``qty`` ``unit``s (decades as years)."""
    des, mult = v.units[unit.lower()]
    amount = qty * mult
    if des == "Y" and not float(amount).is_integer() and float(amount * 12).is_integer():
        return f"P{fmt(amount * 12)}M", amount * 12, "M"
    return f"P{fmt(amount)}{des}", amount, des


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
    if not valid(2000, mo, d):  # 2000 is a leap year: 29 February is a valid day-month
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

