"""The handlers of the date grammar: each turns a rule's match into a ``Timex`` (or rejects it), and the
tense of a clause, which resolution reads for dates without a year."""
from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from .model import KIND_TYPES, Timex, fmt, holiday_date, two_digit, valid
from .vocab import Vocab

_FUNCTION_WORDS = frozenset(
    "and or but for in on at to since through until till from with by as over during while after before of "
    "than so because when that which who the a an its their his her this these those is are was were will "
    "would has have had be been said says".split())


_SINCE = re.compile(r"(?i:\bsince\s+(?:(?:shortly|just|soon|right)\s+(?:after|before)\s+)?(?:the\s+)?)$")
_DEADLINE = re.compile(r"(?i:(?<!up )(?<![.!?:;\"“]\s)(?<!^)\b(?:until|till|by)\s+(?:on\s+)?)$")


def tense(text: str, start: int, end: int, g: Any) -> str | None:
    """'future' or 'past' by the tense cue of the expression's sentence: the nearest one before it (the
    verb usually comes first: "arrested them in August", "will meet Friday"), else the nearest after
    it ("On Friday, he said"); None without one."""
    a, b = max(0, start - 110), min(len(text), end + 110)
    for m in g.sentence_end.finditer(text, a, start):
        if _ends_sentence(text, m.start()):
            a = m.end()
    for m in g.sentence_end.finditer(text, end, b):
        if _ends_sentence(text, m.start()):
            b = m.start() + 1
            break
    window = text[max(0, start - 40):start]
    if _SINCE.search(window):
        return "past"  # "since the Oct. 23 slaying": before the time of writing
    if _DEADLINE.search(window):
        return "future"  # "postponed until Tuesday", "by Nov. 21": a deadline ahead (not "Up until Thursday, they had")
    before, after = None, None
    low = text[a:b].lower()
    for m in g.cues.finditer(low):
        if m.group("be") is not None:
            continue  # a passive ("can be exercised") or an adjective: no tense of its own
        s, e = m.start() + a, m.end() + a
        kind = "future" if m.group("f") else "present" if m.group("n") or m.group("perf") else "past"
        if e <= start:
            before = kind  # the last one before wins
        elif s >= end and after is None:
            after = kind
    t = before or after
    return t


def _ends_sentence(text: str, dot: int) -> bool:
    """Whether the punctuation at ``dot`` ends a sentence (not the full stop of "a.m.", "Nov." or "U.S.")."""
    if text[dot] != ".":
        return True
    m = re.search(r"([\w.]+)$", text[max(0, dot - 12):dot])
    if not m:
        return True
    word = m.group(1)
    return not ("." in word or len(word) <= 2 and word[:1].isalpha() or word.lower() in _ABBREVIATIONS)


_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun "
                           "mr mrs ms dr st gen col lt sgt rep sen gov prof inc corp co ltd jr sr no vs".split())


# -- helpers -----------------------------------------------------------------------------------------

def _prev_char(text: str, pos: int) -> str:
    return text[pos - 1] if pos > 0 else ""


_WORDS_RX = re.compile(r"[\w.'’$£€%]+")
_AFTER_RX = re.compile(r"\s*([\w]+)")
_NEXT_RX = re.compile(r"[ \t]+([\w'’-]+)")


def _word_before(text: str, pos: int, n: int = 1) -> str:
    words = _WORDS_RX.findall(text, max(0, pos - 40), pos)
    return " ".join(words[-n:]).lower() if words else ""


def _word_after(text: str, pos: int) -> str:
    m = _AFTER_RX.match(text, pos, pos + 40)
    return m.group(1).lower() if m else ""


def _next_token(text: str, pos: int) -> str:
    """The next word right after ``pos`` (after whitespace only), as written; '' at punctuation or the end."""
    m = _NEXT_RX.match(text, pos, pos + 40)
    return m.group(1) if m else ""


def _mk(m, text, kind, value, *, start=None, end=None, mod=None, spec=None, typ=None) -> Timex:
    a = m.start() if start is None else start
    b = m.end() if end is None else end
    return Timex(a, b, text[a:b], typ or KIND_TYPES[kind], kind, value, mod, None, None, spec)


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


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip()).lower().replace("’", "'")


def _mod(v: Vocab, m) -> str | None:
    s = m.group("mod")
    return v.modifiers.get(_norm(s)) if s else None


def _adjective(text: str, end: int) -> bool:
    """Whether the word right after ``end`` makes the word before it an adjective (a lower-case content
    word or a capitalised name: "daily flights", "the daily Granma")."""
    nxt = _next_token(text, end)
    if not nxt:
        return False
    if nxt[0].isupper():
        return True
    return nxt[0].isalpha() and nxt.lower() not in _FUNCTION_WORDS


# -- handlers ----------------------------------------------------------------------------------------

def _date_start(m) -> int:
    return m.bstart("mod", "wd") if m.prefixed() else m.core.start()


def _h_date_dmy(m, text, g, lo, hi):
    v = g.v
    if not _free(m, text, ".,/-"):
        return None
    y, mo, d = int(m.group("y")), _month_no(v, m.group("m")), int(re.match(r"\d+", m.group("d")).group())
    if not valid(y, mo, d) or not _weekday_ok(v, m, y, mo, d):
        return None
    return _mk(m, text, "date", f"{y:04d}-{mo:02d}-{d:02d}", start=_date_start(m), mod=_mod(v, m))


_h_date_mdy = _h_date_dmy


def _h_date_num(m, text, g, lo, hi):
    if not _free(m, text, ".,/:-$£€"):
        return None
    if re.match(r"[./:-]?[0-9]", text[m.core.end():m.core.end() + 2]):
        return None
    a, b, ys = int(m.group("a")), int(m.group("b")), m.group("y")
    d, mo = a, b
    if m.group("sep") == "/" and b > 12 >= a:  # only month-first reading is possible
        d, mo = b, a
    if not 1 <= mo <= 12:
        return None
    start = _date_start(m)
    if len(ys) == 4:
        y = int(ys)
        if not valid(y, mo, d):
            return None
        return _mk(m, text, "date", f"{y:04d}-{mo:02d}-{d:02d}", start=start, mod=_mod(g.v, m))
    yy = int(ys)
    y = two_digit(yy, None)
    if not valid(2000 if mo == 2 and d == 29 else y, mo, d):
        return None
    return _mk(m, text, "date", f"{y:04d}-{mo:02d}-{d:02d}", start=start, spec=("yy", yy, mo, d))


def _h_date_ymd(m, text, g, lo, hi):
    if not _free(m, text, ".,/-"):
        return None
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if not valid(y, mo, d) or not lo <= y <= hi:
        return None
    return _mk(m, text, "date", f"{y:04d}-{mo:02d}-{d:02d}", start=_date_start(m), mod=_mod(g.v, m))


def _h_month_year(m, text, g, lo, hi):
    v = g.v
    y = int(m.group("y")) if m.group("y") else _spelled(v, m.core, "s")
    if y is None:
        return None
    if not lo <= y <= hi or not _free(m, text, ""):
        return None
    if _word_after(text, m.end()) in v.count_nouns:
        return None
    pm = m.group("pm")
    mod = v.period_mods.get(_norm(pm)) if pm and _norm(pm) != "the" else _mod(v, m)
    return _mk(m, text, "month", f"{y:04d}-{_month_no(v, m.group('m')):02d}", start=m.bstart("mod", "pm"), mod=mod)


def _h_range(m, text, g, lo, hi):
    v = g.v
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
    if _word_before(text, m.core.start() if not fr else m.start()) in v.year_blockers:
        return None
    if _word_after(text, m.end()) in v.count_nouns:
        return None
    return _mk(m, text, "range", f"{y1:04d}/{y2:04d}")


def _h_decade(m, text, g, lo, hi):
    v = g.v
    d = m.group("d")
    pm = (m.group("pm") or "").lower()
    mod = {"early": "START", "mid": "MID", "late": "END"}.get(pm)
    start = m.bstart("pm", "ap")
    if m.group("ap") is None and not pm:  # "mid-1990s": the hyphen is the modifier's
        c = _prev_char(text, m.core.start())
        if c and (c.isalnum() or c in "$£€.,-"):
            return None
    if len(d) == 4:
        y = int(d)
        if not lo <= y <= hi + 9:
            return None
        return _mk(m, text, "decade", f"{y // 10:03d}", start=start, mod=mod)
    if m.group("ap") is None and m.group("the") is None:
        return None  # "90s" alone is an age or a temperature; "the 90s" and "'90s" are decades
    if _word_before(text, m.bstart("the", "pm", "ap")) in v.possessives:
        return None
    d2 = int(d)
    y = two_digit(d2, None)
    return _mk(m, text, "decade", f"{y // 10:03d}", start=start, mod=mod, spec=("yy_decade", d2))


def _h_century(m, text, g, lo, hi):
    v = g.v
    if m.group("cn"):
        n = int(m.group("cn"))
    else:
        n = v.ordinals.get(re.sub(r"\s+", "-", m.group("cw").lower()))
        if n is None:
            return None
    if not 1 <= n <= 30:
        return None
    if text[m.end() - 7:m.end()] == "Century" and re.match(r"\s+[A-Z][a-z]", text[m.end():m.end() + 4]):
        return None  # "20th Century Fox": part of a name
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m.group("pm") or "").lower())
    return _mk(m, text, "century", f"{n - 1:02d}", start=m.bstart("pm", "cn", "cw"), mod=mod)


def _h_year(m, text, g, lo, hi):
    v = g.v
    y = int(m.group("y"))
    if not lo <= y <= hi or not _free(m, text, "$£€¥#.,'’/:-"):
        return None
    start = m.bstart("mod", "pm", "fis", "pp")
    if _word_before(text, start) in v.year_blockers or _word_after(text, m.core.end("y")) in v.count_nouns:
        return None
    if start == m.core.start() and _in_name(v, text, start):
        return None
    mod = None
    if m.group("pm"):
        mod = v.period_mods.get(_norm(m.group("pm")))
    elif m.group("mod"):
        mod = _mod(v, m)
        if mod != "APPROX":
            return None  # "over 2000 troops": a count
    if m.group("pp"):
        mod = "BEFORE" if m.group("pp").lower() == "pre" else "AFTER"
    if m.group("sm"):
        mod = v.suffix_mods.get(_norm(m.group("sm")), mod)
    if m.group("yq"):  # "the 1988 quarter": the quarter reported on, in 1988
        return _mk(m, text, "relative", f"{y:04d}-QX", start=m.bstart("the", "mod", "pm", "fis", "pp"),
                   spec=("year_quarter", y))
    return _mk(m, text, "year", f"{y:04d}", start=start, mod=mod)


def _in_name(v: Vocab, text: str, pos: int, *, acronyms: bool = False) -> bool:
    """Whether the word at ``pos`` ends a name: right after a capitalised word (``acronyms``: or one in
    capitals) that does not open a sentence and is no function word, month or weekday ("a venture called
    Orion 1980", "Windows 2000", "VOA Today"; not "Since 1985", "In 1988", "the March 1990 vote")."""
    i = pos
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    j = i
    while j > 0 and i - j < 30 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i]
    if i == pos or len(word) < 2 or not word[0].isupper() or not (word[1:].islower() or acronyms and word.isupper()):
        return False
    k = j
    while k > 0 and text[k - 1].isspace():
        k -= 1
    if k == j or k == 0 or text[k - 1] in ".!?:;\"“(" or text[k - 1].isdigit():
        return False  # the word opens the text or a sentence
    w = word.lower()
    return not (w in _FUNCTION_WORDS or w in v.months or w in v.weekdays or w in v.seasons)


def _h_time(m, text, g, lo, hi):
    v = g.v
    if not _free(m, text, "$£€.,:/-"):
        return None
    if m.group("h") is not None:
        h, mi = int(m.group("h")), int(m.group("mi") or 0)
        ap = m.group("ap").lower().replace(".", "").replace(" ", "")
        if not 1 <= h <= 12:
            return None
        h = (0 if h == 12 else h) + (12 if ap == "pm" else 0)
    elif m.group("h2") is not None:
        h, mi = int(m.group("h2")), int(m.group("mi2"))
        # A bare H:MM is a time only with a zone or after a word that introduces one ("at 12:43").
        if h > 24 or (not m.group("tz") and _word_before(text, m.core.start()) not in _TIME_INTRO):
            return None
    elif m.group("h4") is not None:  # "4 in the morning", "10 at night"
        h, mi = int(m.group("h4")), 0
        if not 1 <= h <= 12 or _word_before(text, m.core.start()) not in _TIME_INTRO:
            return None
        part = m.group("ip").lower().split()[-1]
        if part == "morning":
            h = 0 if h == 12 else h
        elif part in ("afternoon", "evening") or h >= 6:
            h = 12 if h == 12 else h + 12
        else:
            h = 0 if h == 12 else h  # "2 at night": after midnight
    else:
        h, mi = int(m.group("h3")), 0
        if not 1 <= h <= 12:
            return None
    value = f"T{h:02d}:{mi:02d}"
    day = m.group("day")
    day_spec = _day_spec(g, day.strip(" ,")) if day else None
    if day and day_spec is None:
        return None
    spec = ("time", value, day_spec)
    mod = _mod(v, m) if m.group("mod") and _norm(m.group("mod")) in v.modifiers else (
        "APPROX" if m.group("mod") else None)
    if isinstance(day_spec, str):  # a full date
        return _mk(m, text, "time", f"{day_spec}{value}", start=m.bstart("mod"), mod=mod)
    return _mk(m, text, "time", f"XXXX-XX-XX{value}", start=m.bstart("mod"), mod=mod, spec=spec)


_TIME_INTRO = frozenset({"at", "by", "from", "until", "till", "to", "before", "after", "around", "about", "since",
                         "approximately", "between", "and"})


def _day_spec(g: Any, s: str):
    """What a day written after a time or part of day is: an ISO date (str) or a spec to resolve."""
    v = g.v
    s = re.sub(r"^(?i:on)\s+", "", s)
    low = s.lower()
    if low in ("today", "tonight"):
        return ("offset", "D", 0, 0)
    if low == "yesterday":
        return ("offset", "D", -1, -1)
    if low == "tomorrow":
        return ("offset", "D", 1, 1)
    if low in v.weekdays:
        return ("weekday", v.weekdays[low], None)
    for t in g.light(s):
        if t.kind == "date" and t.start == 0 and t.end == len(s):
            return t.value
        if t.spec is not None and t.spec[0] == "daymonth" and t.start == 0:
            return t.spec
    return None



def _h_month(m, text, g, lo, hi):
    v = g.v
    mo = _month_no(v, m.group("m"))
    name = m.group("m")
    if m.core.group("fw"):  # "July this year", "June last year"
        n = {"this": 0, "last": -1, "next": 1}.get(m.core.group("fdx").lower())
        start = m.bstart("pm", "dx")
        if n is None:  # "July that year": the year last mentioned
            return _mk(m, text, "relative", f"XXXX-{mo:02d}", start=start, spec=("anaphoric_month", mo))
        return _mk(m, text, "relative", f"XXXX-{mo:02d}", start=start, spec=("month", mo, n, None))
    if m.group("sw"):  # "each July": every July
        return _mk(m, text, "set", f"XXXX-{mo:02d}", start=m.bstart("sw"))
    dx = (m.group("dx") or "").lower()
    pm = m.group("pm")
    prep = m.group("prep")
    if not (dx or pm or prep):
        # A month name alone: "May" and "March" are words too; any month before a capitalised word is
        # part of a name ("June Carter"), and after a capitalised word part of a title.
        if name.lower() in ("may", "march") or name.isupper():
            return None
        nxt = _next_token(text, m.end())
        if nxt and nxt[0].isupper():
            return None
        prev = re.search(r"([\w’'-]+)\s+$", text[max(0, m.start() - 30):m.start()])
        if prev and prev.group(1)[0].isupper() and not re.search(r"[.!?:;\"“]\s+$", text[max(0, m.start() - 30):m.start()]):
            if prev.group(1).lower() not in v.month_preps and prev.group(1).lower() not in _FUNCTION_WORDS:
                return None
    mod = None
    if pm:
        p = _norm(pm)
        mod = v.period_mods.get(p) or v.deictic_mods.get(p)
    start = m.bstart("pm", "dx")
    if dx:
        how = {"last": "last", "this past": "last", "next": "next", "coming": "next", "this": None}.get(dx)
        if dx == "that":
            return _mk(m, text, "relative", f"XXXX-{mo:02d}", start=start, mod=mod, spec=("anaphoric_month", mo))
        if dx == "this":
            return _mk(m, text, "relative", f"XXXX-{mo:02d}", start=start, mod=mod, spec=("month", mo, 0, None))
        return _mk(m, text, "relative", f"XXXX-{mo:02d}", start=start, mod=mod, spec=("month", mo, None, how))
    return _mk(m, text, "relative", f"XXXX-{mo:02d}", start=start, mod=mod, spec=("month", mo, None, None))


def _h_day_month(m, text, g, lo, hi):
    v = g.v
    if not _free(m, text, ".,/-$£€"):
        return None
    mo = _month_no(v, m.group("m"))
    d = int(re.match(r"\d+", m.group("d")).group())
    if not valid(2000, mo, d):  # 2000 is a leap year: 29 February is a valid day-month
        return None
    if _word_before(text, m.core.start()) in v.count_nouns:
        return None
    wd = v.weekdays[m.group("wd").rstrip(".").lower()] if m.group("wd") else None
    return _mk(m, text, "relative", f"XXXX-{mo:02d}-{d:02d}", start=_date_start(m), mod=_mod(v, m),
               spec=("daymonth", mo, d, wd))


_h_month_day = _h_day_month


def _h_weekday(m, text, g, lo, hi):
    v = g.v
    wd = v.weekdays[m.group("wd").lower()]
    nxt = _next_token(text, m.end())
    if nxt and nxt[0].isupper() and nxt.rstrip(".").lower() not in v.months:
        return None  # "Tuesday Weld", "Friday Night Lights"
    end = m.core.end("wd") if m.group("poss") else m.end()  # "Friday's ruling": the day, not its 's
    if m.group("pl") or m.group("sw"):
        if m.group("poss"):
            return None
        return _mk(m, text, "set", f"XXXX-WXX-{wd}", start=m.bstart("sw") if m.group("sw") else m.core.start())
    dx = (m.group("dx") or "").lower()
    dx = re.sub(r"\s+", " ", dx)
    dm = m.group("dm")
    if dm and _norm(dm) in ("earlier", "later") and not dx:
        dm = None  # "Earlier Friday, ...": earlier on that day, an adverb (TBAQ leaves it out, 4 of 5)
    mod = v.deictic_mods.get(_norm(dm)) if dm else None
    start = m.bstart("dm", "dx") if dm else m.bstart("dx")
    if dx in ("the previous", "the following", "the next", "that"):
        n = {"the previous": -1, "the following": 1, "the next": 1, "that": 0}[dx]
        return _mk(m, text, "relative", f"XXXX-WXX-{wd}", start=start, end=end, mod=mod,
                   spec=("anaphoric_weekday", wd, n))
    n = {"last": -1, "this past": -1, "next": 1, "coming": 1, "this": 0}.get(dx)
    return _mk(m, text, "relative", f"XXXX-WXX-{wd}", start=start, end=end, mod=mod, spec=("weekday", wd, n))



_HOLIDAY_NOUNS = frozenset(
    "tree trees shopping shoppers season party parties card cards gift gifts present presents dinner lunch market "
    "markets holiday holidays lights decorations carol carols spirit message truce sales break bombing bomber "
    "attack attacks ceremony parade rising island islands offensive agreement accord".split())


def _h_holiday(m, text, g, lo, hi):
    v = g.v
    name = re.sub(r"\s+", " ", m.group("h")).replace("’", "'")
    rule = v.holidays.get(name) or next((r for n, r in v.holidays.items() if n.upper() == name.upper()), None)
    if rule is None:
        return None
    if not m.group("y") and _word_after(text, m.end()) in _HOLIDAY_NOUNS:
        return None  # "Christmas shopping", "Easter Island"
    if m.group("y"):
        d = holiday_date(rule, int(m.group("y")))
        if d is None:
            return None
        return _mk(m, text, "date", d.isoformat(), start=m.bstart("dx"))
    dx = (m.group("dx") or "").lower()
    how = {"last": "last", "this past": "last", "next": "next", "coming": "next"}.get(re.sub(r"\s+", " ", dx))
    return _mk(m, text, "relative", "XXXX-XX-XX", start=m.bstart("dx"),
               spec=("holiday", rule, 0 if dx == "this" else None, how))


def _h_qform(m, text, g, lo, hi):
    q = int(m.group("q"))
    if m.group("y"):
        return _mk(m, text, "quarter", f"{int(m.group('y')):04d}-Q{q}", start=m.bstart("the"))
    if m.group("yy"):
        yy = int(m.group("yy"))
        return _mk(m, text, "quarter", f"{two_digit(yy, None):04d}-Q{q}", start=m.bstart("the"),
                   spec=("yy_quarter", yy, q))
    return _mk(m, text, "relative", f"XXXX-Q{q}", start=m.bstart("the"), spec=("quarter", q, None, None))


def _number(v: Vocab, s: str) -> float | None:
    s = s.strip().lower().replace(",", "")
    if s in ("a", "an"):
        return 1
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+1/2|½)?", s)
    if m:
        n = float(m.group(1)) if "." in m.group(1) else int(m.group(1))
        return n + 0.5 if m.group(0) != m.group(1) else n
    total, current = 0, 0
    for p in re.split(r"[\s-]+", s):
        if p == "and":
            continue
        if p not in v.numbers:
            return None
        n = v.numbers[p]
        if n >= 100:
            current = (current or 1) * n
            if n >= 1000:
                total, current = total + current, 0
        else:
            current += n
    return total + current


def _iso_duration(v: Vocab, qty: float, unit: str) -> tuple[str, float, str]:
    """Return (TIMEX3 duration, amount, designator) for ``qty`` ``unit``s (decades as years)."""
    des, mult, clock = v.units[unit.lower()]
    amount = qty * mult
    if not float(amount).is_integer():
        # A fraction in the next smaller unit, as TIMEX3 writes it: 1.5 years = P1Y6M, 2.5 hours = PT2H30M.
        smaller = ({"H": ("M", 60), "M": ("S", 60)} if clock else
                   {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "Q": ("M", 3)}).get(des)
        if smaller and float(amount * smaller[1]).is_integer():
            d2, k = smaller
            whole, rest = int(amount), fmt(amount * k - int(amount) * k)
            t2 = clock or d2 == "H"
            head = f"{whole}{des}" if whole else ""
            if clock:
                val = f"PT{head}{rest}{d2}"
            elif d2 == "H":
                val = f"P{head}T{rest}H"
            else:
                val = f"P{head}{rest}{d2}"
            return val, amount * k, ("T" if t2 else "") + d2
    return f"P{'T' if clock else ''}{fmt(amount)}{des}", amount, ("T" if clock else "") + des


def _tail_kind(m, v) -> str | None:
    tail = (m.group("tail") or "").strip().lower()
    if not tail:
        return None
    return "ago" if tail in v.ago else tail


def _age(m, text, v, start) -> bool:
    after = text[m.end():m.end() + 12].lower()
    if m.group("lg") == "-old" or any(re.match(rf"\s*-?\s*{re.escape(w)}(?!\w)", after) for w in v.age_after):
        return True
    before = _word_before(text, start, 3)
    return any(before.endswith(w) for w in v.age_before)


_PREPOSITION_MODS = frozenset({"over", "under", "within", "around"})


def _h_duration(m, text, g, lo, hi):
    v = g.v
    unit = m.core.group("u")
    if unit in ("weekend", "weekends"):
        return None
    q1s, vq, cp, hf = m.group("q1"), m.group("vq"), m.group("cp"), m.group("hf")
    quantified = bool(q1s or vq or cp or hf)
    tail = _tail_kind(m, v)
    sw = re.sub(r"\s+", " ", (m.group("sw") or "").lower())
    if not quantified:
        return _bare_unit(m, text, g, unit, sw, tail)
    mod_word = _norm(m.group("mod")) if m.group("mod") else ""
    if mod_word in _PREPOSITION_MODS and (m.group("det") or m.group("span")):
        start = m.bstart("sw", "det", "span", "vq", "cp", "hf", "q1")  # "over the past 40 years": a preposition
    else:
        start = m.bstart("sw", "mod", "det", "span", "vq", "cp", "hf", "q1")
    if m.group("hy") == "-":  # adjectival "a 10-year plan", "the 52-week high": the quantity and unit only
        if m.group("more") or vq and not m.core.group("lg") or cp or hf:
            return None
        start = m.bstart("q1", "vq")
    if _age(m, text, v, start):
        return None
    mod = _mod(v, m) if not (mod_word in _PREPOSITION_MODS and (m.group("det") or m.group("span"))) else None
    if m.core.group("sm"):
        mod = v.suffix_mods.get(_norm(m.core.group("sm")), mod)
    des = v.units[unit][0]
    plural = unit in v.plurals
    det = (m.group("det") or "").lower()
    span = (m.group("span") or "").lower()
    if det in ("these", "those") and not span:
        return None
    if m.group("hy") != "-" and det == "the" and not span and not (q1s and q1s.lower() not in ("a", "an")):
        return None
    if vq or (q1s is None and not cp and not hf):
        if not plural:
            return None  # "many year" is not English
        code = {"decades": "DE", "centuries": "CE"}.get(unit, des)
        t = "T" if v.units[unit][2] else ""
        if tail == "ago":
            return _mk(m, text, "relative", f"-P{t}X{code}", start=start, mod=mod, spec=("vague", -1))
        if tail:  # "a few days later": how long after is said, not when
            return _mk(m, text, "duration", f"P{t}X{code}", start=start, mod=mod)
        if sw:
            return None
        return _mk(m, text, "duration", f"P{t}X{code}", start=start, mod=mod)
    if cp:
        q1, q1s = 2, "2"
        mod = mod or "APPROX"
    elif hf:
        q1, q1s = 0.5, "0.5"
    else:
        q1 = _number(v, q1s)
        if q1 is None or q1 == 0:
            return None
        if m.group("qh"):
            q1 += 0.5
    if m.core.group("ah"):
        q1 += 0.5
    single = q1s.lower() in ("a", "an", "one")
    if q1s.lower() in ("a", "an") and m.group("hy") == "-":
        return None  # "a-year" is not a duration
    if q1s.lower() in ("a", "an") and plural:
        return None  # "a years"
    if m.group("hy") == "-" and plural and not m.group("q2") and not m.core.group("lg"):
        return None  # "10-years" is not written; keep to "10-year" adjectives
    # Recurrences: "every three months", "twice a week". A rate ("$1.76 a year", "700 seats a week") is
    # left out: TimeBank annotates few (2 of 7 in the tuning part).
    if sw:
        if tail:
            return None
        n = 2 if sw == "every other" else q1
        val, _, _ = _iso_duration(v, n, unit)
        return _mk(m, text, "set", val, start=start if sw else m.bstart("q1"))
    if single and not (mod or span or tail or m.group("q2") or m.core.group("ah") or m.group("qh")
                       or m.group("hy") == "-" or m.group("more")):
        if _word_before(text, start) not in v.frames:
            return None
    v1, a1, d1 = _iso_duration(v, q1, unit)
    if m.group("q2"):
        q2 = _number(v, m.group("q2"))
        if q2 is None or q2 <= q1:
            return None
        v2, a2, d2 = _iso_duration(v, q2, unit)
        if tail == "ago":
            return _mk(m, text, "relative", f"-{v2}/-{v1}", start=start, mod=mod, spec=("ago", d1, -a2, -a1))
        if tail:
            return _mk(m, text, "relative", f"-{v2}/-{v1}", start=start, mod=mod, spec=("event", d1, -a2, -a1, tail))
        return _mk(m, text, "duration", f"{v1}/{v2}", start=start, mod=mod)
    if tail == "ago":
        return _mk(m, text, "relative", f"-{v1}", start=start, mod=mod, spec=("ago", d1, -a1, -a1))
    if tail == "later":  # "three days later": how long after, as TimeBank has it (a duration, "later" left out)
        return _mk(m, text, "duration", v1, start=start, end=_end_before_tail(m), mod=mod)
    if tail:
        sign = 1 if tail == "later" else -1
        return _mk(m, text, "relative", f"{'+' if sign > 0 else '-'}{v1}", start=start, mod=mod,
                   spec=("event", d1, sign * a1, sign * a1, tail))
    return _mk(m, text, "duration", v1, start=start, mod=mod)


def _end_before_tail(m) -> int:
    """End of the unit (and its suffix modifier) before a tail word such as "later"."""
    for name in ("sm", "lg", "ah", "u"):
        if m.core.group(name):
            return m.core.end(name)
    return m.core.end()


_BARE_BEFORE = re.compile(r"(?<![\w])(?P<w>(?i:for|in|over\s+the|after|within|the\s+past|the\s+last|the\s+next|"
                          r"the\s+coming|recent|coming|these|those))\s+$")


def _bare_unit(m, text, g, unit, sw, tail):
    """A unit without a quantity: "every week", "for years", "in recent years", "these days", "months ago"."""
    v = g.v
    a = m.core.start("u")
    plural = unit in v.plurals
    des = v.units[unit][0]
    if sw and not plural:
        if sw == "per" and _rate(text, m.bstart("sw")):
            return None
        n = 2 if sw == "every other" else 1
        val, _, _ = _iso_duration(v, n, unit)
        return _mk(m, text, "set", val, start=m.bstart("sw"))
    if m.core.group("lg") == "-long" and not plural:
        val, _, _ = _iso_duration(v, 1, unit)
        return Timex(a, m.core.end(), text[a:m.core.end()], "DURATION", "duration", val)
    if not plural or unit == "seconds":
        return None
    code = {"decades": "DE", "centuries": "CE"}.get(unit, des)
    t = "T" if v.units[unit][2] else ""
    if tail == "ago":
        return Timex(a, m.core.end(), text[a:m.core.end()], "DATE", "relative", f"-P{t}X{code}", None, None, None,
                     ("vague", -1))
    if tail or m.core.group("lg") == "-old":
        return None
    b = _BARE_BEFORE.search(text, max(0, a - 14), a)
    if m.core.group("lg") == "-long":
        return Timex(a, m.core.end(), text[a:m.core.end()], "DURATION", "duration", f"P{t}X{code}")
    if b is None:
        return None
    w = re.sub(r"\s+", " ", b.group("w").lower())
    end = m.core.end("u")
    if w in ("recent", "these", "those"):
        if w == "these" and unit == "days":
            return Timex(b.start(), end, text[b.start():end], "DATE", "ref", "PRESENT_REF")
        if w == "recent":
            return Timex(b.start(), end, text[b.start():end], "DURATION", "duration", f"P{t}X{code}")
        return None
    if w in ("coming",):
        return Timex(b.start(), end, text[b.start():end], "DURATION", "duration", f"P{t}X{code}")
    if w.startswith("the "):
        return Timex(b.start(), end, text[b.start():end], "DURATION", "duration", f"P{t}X{code}")
    if w == "over the":
        s = b.start() + 5
        return Timex(s, end, text[s:end], "DURATION", "duration", f"P{t}X{code}")
    if unit == "days" and w != "for":
        return None
    return Timex(a, end, text[a:end], "DURATION", "duration", f"P{t}X{code}")


_UNKNOWN = {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "Q": "XXXX-QX", "DE": "XXX", "CE": "XX",
            "D": "XXXX-XX-XX"}
_UNIT_DES = {"period": "P", "year": "Y", "month": "M", "week": "W", "weekend": "WE", "quarter": "Q", "decade": "DE",
             "century": "CE", "day": "D", "fortnight": "W"}


_PERIOD_AFTER = re.compile(r"\s+(?:same\s+|comparable\s+)?(?:quarter|period)(?![\w-])", re.I)
_YEAR_BEFORE = re.compile(r"\s+(?:of\s+)?(?:last\s+year|the\s+(?:previous|prior)\s+year|a\s+year\s+(?:ago|earlier))"
                          r"(?![\w-])", re.I)


# After "the year", words that make it another year than the one the text is about ("the year before",
# "the year 2000", "the year that followed").
_NOT_THE_YEAR = frozenset("of before after ended ending to since that when which in following ahead earlier later "
                          "two nineteen".split())


def _h_deictic(m, text, g, lo, hi):
    t = _deictic(m, text, g)
    if t is not None and m.core.group("poss"):
        tail = _PERIOD_AFTER.match(text, m.end())
        if tail and t.spec == ("offset", "Y", -1, -1):  # "last year's quarter": the quarter a year before
            return _mk(m, text, "relative", "-P1Y", start=t.start, end=tail.end(), spec=("year_ago",))
        b = m.core.end("u")  # "last month's discovery": the month, not its 's
        t = t.but(end=b, text=text[t.start:b])
    return t


def _deictic(m, text, g):
    v = g.v
    unit = m.core.group("u")
    dx = re.sub(r"\s+", " ", m.group("dx").lower())
    dm = m.group("dm")
    mod = None
    if dm:
        d = _norm(dm).removesuffix(" in")
        mod = v.deictic_mods.get(d) or v.period_mods.get(d)
    start = m.bstart("dm", "dx")
    des = _UNIT_DES[unit]
    nxt = _word_after(text, m.end())
    if unit in ("quarter", "period") and dx in ("the same", "the corresponding", "the comparable"):
        tail = _YEAR_BEFORE.match(text, m.end())
        if tail:  # "the corresponding period last year": the quarter reported on, a year before
            return _mk(m, text, "relative", "-P1Y", start=start, end=tail.end(), spec=("year_ago",))
        if dx != "the same":
            return None
    if unit == "period":  # "the latest period", "the same period": the quarter or period reported on
        if dx in ("the latest", "the most recent", "the current", "the same", "that") and nxt != "of":
            latest = dx in ("the latest", "the most recent")
            return _mk(m, text, "relative", "XXXX-QX", start=start, spec=("last_quarter", 0, latest))
        return None
    if unit == "year" and dx in ("the", "the fiscal") and nxt in ("ended", "ending"):
        return _mk(m, text, "duration", "P1Y", start=start)  # "the year ended March 31": a twelve-month period
    if (unit in ("year", "week") and dx == "the" and not dm and nxt not in _NOT_THE_YEAR
            and text[m.core.start()].islower() and not (unit == "week" and m.group("fis"))
            and (_word_before(text, start) in ("for", "of", "in", "during", "through", "throughout")
                 or unit == "week" and m.core.group("poss"))):
        # "for the full year", "the first nine months of the year", "for the week", "the week's most active
        # session": the year or week the text is about
        return _mk(m, text, "relative", _UNKNOWN[des], start=start, spec=("the_unit", des))
    if unit == "year" and dx == "the" and dm and nxt not in ("of", "before", "after", "ended", "ending", "to"):
        # "the end of the year", "earlier in the year": the reference year
        return _mk(m, text, "relative", "+P0Y", start=start, mod=mod, spec=("offset", "Y", 0, 0))
    if unit in ("month", "week") and dx == "the" and dm and nxt not in ("of", "before", "after", "ended", "ending", "to"):
        # "by the end of the month", "the middle of the week": the reference month or week
        return _mk(m, text, "relative", f"+P0{des}", start=start, mod=mod, spec=("offset", des, 0, 0))
    if unit == "day" and (dx not in ("the previous", "the following", "the next", "the same", "that")
                          or re.match(r"\s+(?:by|after|to)\s+day\b", text[m.end():m.end() + 12])):
        return None  # "day by day", "day after day": not a day
    if unit == "fortnight" and dx not in ("last", "this", "next", "the past", "the last", "the next"):
        return None
    if dx in ("the past", "the last", "the next", "the coming"):
        if unit == "day" and dx == "the next":
            return _mk(m, text, "relative", "XXXX-XX-XX", start=start, mod=mod, spec=("anaphoric", "D", 1))
        if unit == "weekend":
            return None
        if dx in ("the past", "the last") and unit in ("year", "month", "decade"):
            # "over the past year", "in the last decade": TimeBank dates them (3 of 3) as the unit before
            # the reference, like "last year"; "the past week" stays seven days and "the past century" a
            # hundred years (durations)
            return _mk(m, text, "relative", f"-P1{des}", start=start, mod=mod, spec=("offset", des, -1, -1))
        val, _, _ = _iso_duration(v, 1, unit)
        return _mk(m, text, "duration", val, start=start, mod=mod)
    if dx in ("the previous", "the following", "the same", "that", "the next"):
        n = {"the previous": -1, "the following": 1, "the same": 0, "that": 0, "the next": 1}[dx]
        if unit == "quarter" and nxt == "of":
            return None
        return _mk(m, text, "relative", _UNKNOWN[des], start=start, mod=mod, spec=("anaphoric", des, n))
    if dx in ("the latest", "the most recent") or (dx == "the" and unit == "quarter"):
        if unit != "quarter" or nxt == "of":
            return None
        latest = dx in ("the latest", "the most recent")
        return _mk(m, text, "relative", "XXXX-QX", start=start, mod=mod, spec=("last_quarter", 0, latest))
    if dx == "the":
        if unit == "weekend":
            return _mk(m, text, "relative", "XXXX-WXX-WE", start=start, mod=mod, spec=("weekend", None))
        return None
    if dx == "the current":
        dx = "current"
    if dx == "this past":
        n = -1
    elif dx in ("past", "previous"):
        if unit == "quarter":
            return None
        n = -1
    else:
        n = v.deictic.get(dx)
        if n is None:
            return None
    if unit == "weekend":
        return _mk(m, text, "relative", "XXXX-WXX-WE", start=start, mod=mod, spec=("weekend", n))
    if unit == "quarter" and nxt == "of":
        return None
    if unit == "day":
        return None
    sign = "+" if n >= 0 else "-"
    return _mk(m, text, "relative", f"{sign}P{abs(n)}{des}", start=start, mod=mod, spec=("offset", des, n, n))


def _h_quarter(m, text, g, lo, hi):
    ordw = m.group("ord").lower()
    q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}[ordw]
    hy = m.group("hy")
    adjectival = "-" in hy
    start = m.bstart("py", "fis", "ord") if adjectival else m.bstart("the", "py", "fis", "ord")
    if adjectival and m.group("py") is None and m.group("fis") is None:
        start = m.bstart("ord")
    y = m.core.group("y") or m.core.group("fy")
    if y:
        return _mk(m, text, "quarter", f"{int(y):04d}-Q{q}", start=start)
    py = (m.group("py") or "").lower()
    if py[:4].isdigit():
        return _mk(m, text, "quarter", f"{int(py[:4]):04d}-Q{q}", start=start)
    ydx = (m.core.group("ydx") or "").lower() or (py.split()[0] if py else "")
    off = {"this": 0, "last": -1, "next": 1}.get(ydx)
    if ydx == "the":
        return _mk(m, text, "relative", f"XXXX-Q{q}", start=start, spec=("quarter", q, 0, None))
    if py.startswith("year-"):  # "the year-ago third quarter": that quarter a year before
        return _mk(m, text, "relative", f"XXXX-Q{q}", start=m.bstart("the", "py"), spec=("quarter", q, off, "year_ago"))
    # "the fourth quarter ended Sept. 30": a quarter over by then, whatever its (fiscal) number
    ended = "ended" if _word_after(text, m.end()) in ("ended", "ending") else None
    return _mk(m, text, "relative", f"XXXX-Q{q}", start=start, spec=("quarter", q, off, ended))


def _h_year_ago(m, text, g, lo, hi):
    if m.core.group("e"):
        return _year_end(m, text)
    per = m.core.group("per")
    nm = m.core.group("nm")
    if nm:  # "the year-earlier nine months": a span of months (TBAQ: P9M)
        n = int(nm) if nm.isdigit() else g.v.numbers[nm]
        return _mk(m, text, "duration", f"P{n}M", start=m.bstart("the", "comp"))
    start = m.bstart("the", "comp") if per else m.core.start()
    return _mk(m, text, "relative", "-P1Y", start=start, spec=("year_ago",))


def _year_end(m, text):
    """ "by year-end", "around year end": the end of the reference year; "since year-end", of the year before."""
    start = m.bstart("the", "fis")
    n = -1 if _word_before(text, start) == "since" else 0
    return _mk(m, text, "relative", f"{'-' if n else '+'}P{abs(n)}Y", start=start, mod="END", spec=("offset", "Y", n, n))


def _h_half(m, text, g, lo, hi):
    ordw = m.group("ord").lower()
    h = 1 if ordw in ("first", "1st") else 2
    start = m.bstart("the", "ord")
    y = m.core.group("y") or m.core.group("fy")
    if y:
        return _mk(m, text, "half", f"{int(y):04d}-H{h}", start=start)
    off = {"this": 0, "last": -1, "next": 1, "the": 0}[m.core.group("ydx")]
    return _mk(m, text, "relative", f"XXXX-H{h}", start=start, spec=("half", h, off))


def _h_dayword(m, text, g, lo, hi):
    v = g.v
    dd = m.core.group("dd")
    written = text[m.core.start("dd"):m.core.end("dd")]
    if written == "Today" and _word_after(text, m.end()) in ("programme", "program", "show", "newspaper"):
        return None
    if _word_before(text, m.core.start()) in ("usa", "of") or (
            written == "Today" and _in_name(v, text, m.core.start(), acronyms=True)):
        return None  # "the people of tomorrow"; "USA Today", "This is VOA Today": not a day
    if dd == "today" and m.core.group("poss") and not m.prefixed():
        return None  # "today's world" is the present in general (3 of 4 in the tuning part)
    if not _free(m, text, "-"):
        return None
    n = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[dd]
    dba = (m.group("dba") or "").lower()
    if dba:
        n += -1 if "before" in dba else 1
    dm = m.group("dm")
    mod = v.deictic_mods.get(_norm(dm)) if dm else None
    start = m.bstart("dba", "dm")
    if dd == "tonight":
        return _mk(m, text, "time", "XXXX-XX-XXTNI", start=start, mod=mod, spec=("pod", "NI", ("offset", "D", 0, 0)))
    sign = "+" if n >= 0 else "-"
    end = m.core.end("dd")  # "yesterday's announcement": the day, not its 's
    return _mk(m, text, "relative", f"{sign}P{abs(n)}D", start=start, end=end, mod=mod, spec=("offset", "D", n, n))


def _find_word_start(text: str, a: int, words: list[str], b: int) -> int:
    """Where the words ``words`` (the last words of text[a:b] before the anchor) start."""
    found = list(re.finditer(r"\S+", text[a:b]))
    return a + found[len(found) - len(words)].start() if len(found) >= len(words) else a


def _h_ref(m, text, g, lo, hi):
    word = m.core.group("r")
    pre = _norm(m.group("pre")) if m.group("pre") else ""
    if word == "soon" and (pre == "as" or _word_after(text, m.end()) in ("after", "afterwards", "as", "thereafter")
                           or tense(text, m.core.start(), m.end(), g) != "future"):
        return None  # "as soon as", "soon after", "was soon released": not a time
    value, start = None, m.core.start()
    words = pre.split()
    for k in range(len(words) + 1):  # the longest listed phrase ending with the word
        value = g.ref_phrases.get((" ".join(words[k:]), word))
        if value is not None:
            if k < len(words):
                start = _find_word_start(text, m.back.start("pre"), words[k:], m.core.start())
            break
    if value is None:
        return None
    if word == "now" and _word_after(text, m.end()) == "that":
        return None  # "now that ...": a conjunction
    if word in ("future", "past", "term") and _word_after(text, m.end()) in ("of", "few", "several"):
        return None
    if word == "past" and (re.match(r"\s+(?:[0-9]|(?i:year|month|week|decade|centur|few\b|several\b|couple\b))",
                                     text[m.end():m.end() + 12])
                           or g.numw.fullmatch(_word_after(text, m.end()))):
        return None  # "the past 40 years", "the past three summers": a span of time, not PAST_REF
    return Timex(start, m.end(), text[start:m.end()], "DATE", "ref", value)


# A quantity (a number, an amount, a percentage), possibly with its noun, right before a frequency: a rate.
_QUANTITY_BEFORE = re.compile(r"[0-9][0-9,.]*\s*(?:%|(?i:percent|per\s+cent|million|billion|thousand|hundred))?"
                              r"(?:\s+[A-Za-z-]+){0,2}\s+$")


def _rate(text: str, start: int) -> bool:
    """Whether the frequency starting at ``start`` follows a quantity: a rate ("rise 8.5% annually", "10,000
    units annually", "15 million instructions per second"), not a recurrence (TIMEX3 leaves rates out)."""
    return _QUANTITY_BEFORE.search(text, max(0, start - 40), start) is not None


def _h_set_adverb(m, text, g, lo, hi):
    a = m.core.group("a")
    if _adjective(text, m.end()) or _rate(text, m.start()):
        return None
    return _mk(m, text, "set", g.v.set_adverbs[a])


def _h_season(m, text, g, lo, hi):
    v = g.v
    s = m.core.group("s")
    code = v.seasons[s]
    y = m.core.group("y") or (_spelled(v, m.core, "s") if m.core.group("sy") else None)
    dx = re.sub(r"\s+", " ", (m.group("dx") or "").lower())
    pm = m.group("pm")
    mod = (v.period_mods.get(_norm(pm)) or v.deictic_mods.get(_norm(pm))) if pm else None
    start = m.bstart("pm", "dx")
    nxt = _word_after(text, m.end())
    if y:
        return _mk(m, text, "season", f"{int(y):04d}-{code}", start=start, mod=mod)
    ydx = m.core.group("ydx")
    if ydx:  # "the spring of last year"
        off = {"this": 0, "last": -1, "next": 1}[ydx]
        return _mk(m, text, "relative", f"XXXX-{code}", start=start, mod=mod, spec=("season", code, off, None))
    if nxt == "of" or _adjective(text, m.end()) and nxt not in v.seasons:
        if not (dx in ("this", "last", "next") and nxt != "of"):
            return None  # "the fall of Rome", "summer camp"
    if s == "fall" and dx in ("", "the", "that"):
        return None  # "fall" is a verb, "the fall" a decline
    if not (dx or pm or m.group("prep")):
        return None
    if dx == "that":
        return _mk(m, text, "relative", f"XXXX-{code}", start=start, mod=mod, spec=("anaphoric_season", code))
    how = {"last": "last", "this past": "last", "next": "next", "coming": "next"}.get(dx)
    return _mk(m, text, "relative", f"XXXX-{code}", start=start, mod=mod,
               spec=("season", code, 0 if dx == "this" else None, how))


def _h_pod(m, text, g, lo, hi):
    v = g.v
    p = m.core.group("p")
    code = v.parts_of_day[p]
    day = m.group("day")
    dlow = re.sub(r"\s+", " ", (day or "").lower())
    sday = m.core.group("sday")
    dm = m.group("dm") or m.group("dm2")
    mod = None
    if dm:
        mod = {"the middle of": "MID"}.get(_norm(dm)) or v.deictic_mods.get(_norm(dm))
    start = m.bstart("sw", "dm", "day", "dm2")
    if m.core.group("pl") or m.group("sw"):
        if dlow in v.weekdays:
            return _mk(m, text, "set", f"XXXX-WXX-{v.weekdays[dlow]}T{code}", start=start)
        if m.group("sw"):
            return _mk(m, text, "set", f"XXXX-XX-XXT{code}", start=start)
        return None
    if sday:
        day_spec = _day_spec(g, sday.strip())
    elif dlow in ("this", "tonight"):
        day_spec = ("offset", "D", 0, 0)
    elif dlow == "last":
        if code not in ("NI", "EV"):
            return None  # "last morning" is not said
        day_spec = ("offset", "D", -1, -1)
    elif dlow in ("yesterday", "tomorrow"):
        n = -1 if dlow == "yesterday" else 1
        day_spec = ("offset", "D", n, n)
    elif dlow in v.weekdays:
        day_spec = ("weekday", v.weekdays[dlow], None)
    elif dlow in ("the next", "the following", "the previous", "that"):
        day_spec = ("anaphoric", "D", {"the next": 1, "the following": 1, "the previous": -1, "that": 0}[dlow])
    elif dlow == "the":
        if _word_after(text, m.end()) == "of" or code in ("DT",):
            return None
        day_spec = ("anaphoric", "D", 0)
    elif dm and p in ("afternoon", "morning", "evening"):
        day_spec = ("anaphoric", "D", 0)
    elif p in ("overnight",) and not _adjective(text, m.end()):
        day_spec = ("offset", "D", 0, 0)
    else:
        return None
    return _mk(m, text, "time", f"XXXX-XX-XXT{code}", start=start, mod=mod, spec=("pod", code, day_spec))


def _h_clock(m, text, g, lo, hi):
    v = g.v
    c = m.core.group("c")
    h, mi = v.clock_words[c]
    value = f"T{h:02d}:{mi:02d}"
    day = m.core.group("day")
    day_spec = _day_spec(g, day.strip()) if day else None
    mod = None
    if m.group("mod"):
        mod = v.modifiers.get(_norm(m.group("mod")), "APPROX")
    if c == "noon" and _word_before(text, m.core.start()) not in _TIME_INTRO | {"this", "today", "the"} and not day:
        return None
    return _mk(m, text, "time", f"XXXX-XX-XX{value}", start=m.bstart("mod"), mod=mod, spec=("time", value, day_spec))


def _spelled(v: Vocab, core, p: str = "") -> int | None:
    """The year a spelled year ("nineteen ninety-seven") matched with group prefix ``p`` names, or None."""
    def word(name):
        w = core.group(p + name)
        return v.numbers[w.lower()] if w else None

    if core.group(p + "hund"):
        return 1900
    if core.group(p + "t"):
        return 1900 + (word("t") or 0) + (word("u") or 0)
    n = word("teen") if core.group(p + "teen") else word("o")
    return None if n is None else 1900 + n


def _h_spelled_year(m, text, g, lo, hi):
    v = g.v
    y = _spelled(v, m.core)
    if y is None or _word_after(text, m.end()) in v.count_nouns or not _free(m, text, "-"):
        return None
    return _mk(m, text, "year", f"{y:04d}")


def _h_decade_word(m, text, g, lo, hi):
    v = g.v
    d = v.decade_words[m.core.group("dw")]
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m.group("pm") or "").lower())
    return _mk(m, text, "decade", f"19{d}", start=m.bstart("the"), mod=mod, spec=("decade_word", d))


HANDLERS = {
    "date_dmy": _h_date_dmy, "date_num": _h_date_num, "date_ymd": _h_date_ymd, "day_month": _h_day_month,
    "range": _h_range, "decade": _h_decade, "year": _h_year, "time": _h_time,
    "date_mdy": _h_date_mdy, "month_year": _h_month_year, "month_day": _h_month_day, "month": _h_month,
    "weekday": _h_weekday, "holiday": _h_holiday, "qform": _h_qform,
    "duration": _h_duration, "deictic": _h_deictic, "quarter": _h_quarter, "year_ago": _h_year_ago,
    "century": _h_century, "half": _h_half, "dayword": _h_dayword, "ref": _h_ref, "set_adverb": _h_set_adverb,
    "season": _h_season, "pod": _h_pod, "clock": _h_clock, "spelled_year": _h_spelled_year,
    "decade_word": _h_decade_word,
}
