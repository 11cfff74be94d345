"""The date grammar: anchors, rules (regular expressions built from the vocabulary) and their handlers.

How a text is read, in time linear in its length:

1. *Anchors*: the tokens an expression can be built around, found by a few fast scans: digit runs,
   capitalised month, weekday and holiday names, and lower-case words of the vocabulary (units,
   today/yesterday, now/recently, seasons, parts of the day, frequency adverbs...), each found only
   when a cheap substring test says the line holds its stem.
2. *Rules*: each anchor word has a few rules; a rule's ``core`` regex is matched *at* the anchor (never
   scanned over the line) and its ``back`` regex, which reads the words before the anchor (a
   determiner, a modifier, a quantity), is searched in a bounded window before it. A handler turns
   the match into a ``Timex`` or rejects it.
3. *Overlaps*: the longest candidate wins (then the earlier rule, then the earlier start), checked
   against a byte map of the characters already taken: no candidate is compared with all others.
4. *Tense*: for a date that needs it (a month, a day or a weekday without a year), the nearest tense
   cue of its clause (``temporal.txt`` [future_cues], [past_cues], words in -ed) is recorded.

Every step costs a constant per anchor (windows and matches are bounded), so a line of any length,
and any run of date-like tokens, is read in linear time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date as _date

from ...resources import Resources
from .handlers import HANDLERS, tense
from .model import Timex, valid
from .vocab import Vocab, vocab

DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
Y4 = r"[12][0-9]{3}"


def _lit(words, *, caps: bool = False, dot: bool = False) -> str:
    """Alternation of literal words, longest first (spaces match any whitespace, ' either apostrophe).

    ``caps``: Title and UPPER forms only (no IGNORECASE); ``dot``: abbreviations may end with a full stop.
    """
    forms = []
    for w in words:
        for v in ([w, w.upper()] if caps else [w]):
            p = re.sub(r"['’]", "['’]", re.escape(v).replace(r"\ ", r"\s+"))
            if dot and len(w) <= 4 and w.lower() not in ("may", "june", "july"):
                p += r"\.?"
            forms.append(p)
    forms = sorted(set(forms), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(forms) + ")"


def _ilit(words) -> str:
    return "(?i:" + _lit(words) + ")"


@dataclass(frozen=True)
class _Rule:
    """A rule: its ``core`` (matched at the anchor), an optional ``back`` (searched in the ``window``
    characters before the anchor, anchored at its end) and its handler's name; ``low``: the core is
    matched on the lower-cased text."""

    name: str
    core: re.Pattern
    back: re.Pattern | None = None
    window: int = 40
    low: bool = False
    need_back: bool = False  # the rule needs its prefix (an ordinal before "quarter", "this" before "week")
    last_words: frozenset | None = None  # words a prefix can end with: without one before the anchor, no prefix
    priority: int = 0  # rank among the rules: on equal lengths the earlier rule wins
    prefix_words: frozenset | None = None  # every word a prefix can hold: the prefix is sought only over them


class _Hit:
    """A core match with the prefix matched backwards from it: groups are looked up in both."""

    __slots__ = ("core", "back", "text")

    def __init__(self, core, back, text) -> None:
        self.core, self.back, self.text = core, back, text

    def group(self, name):
        core = self.core
        if name in core.re.groupindex:
            value = core.group(name)
            if value is not None:
                return value
        back = self.back
        if back is not None and name in back.re.groupindex:
            return back.group(name)
        return None

    def _owner(self, name):
        if self.core.re.groupindex.get(name) is not None and self.core.group(name) is not None:
            return self.core
        return self.back

    def start(self, name=None):
        if name is None:
            return self.back.start() if self.prefixed() else self.core.start()
        return self._owner(name).start(name)

    def end(self, name=None):
        if name is None:
            return self.core.end()
        return self._owner(name).end(name)

    def prefixed(self) -> bool:
        return self.back is not None and self.back.end() > self.back.start()

    def bstart(self, *names) -> int:
        """Start of the first prefix group present among ``names`` (else the core's start)."""
        back = self.back
        if back is not None:
            index = back.re.groupindex
            for n in names:
                if n in index and back.group(n) is not None:
                    return back.start(n)
        return self.core.start()


_WORD_START = re.compile(r"(?<!\S)\S")


def _may_prefix(text: str, pos: int, words: frozenset) -> bool:
    """Whether the word before ``pos`` (across spaces or a hyphen) can end a prefix: one of ``words``, or a
    word with a digit in it ("10-year", "$5 a year" is decided by the handler)."""
    i = pos
    while i > 0 and text[i - 1] in " \t-":
        i -= 1
    j = i
    while j > 0 and not text[j - 1].isspace() and text[j - 1] != "-" and i - j < 24:
        j -= 1
    word = text[j:i].lower().rstrip(",.;:")
    return word in words or any(c.isdigit() for c in word) or word.endswith("½")


def _back(rule: _Rule, text: str, pos: int):
    """The prefix of ``rule`` ending at ``pos``: its back regex matched from the earliest word start in the
    window (so the longest prefix wins), or the empty match at ``pos``. With ``prefix_words``, the window
    starts at the first of the words before the anchor that can all be part of a prefix."""
    rx = rule.back
    assert rx is not None
    lo = max(0, pos - rule.window)
    if rule.prefix_words is not None:
        i = pos
        while i > lo:
            j = i
            while j > lo and text[j - 1] in " \t-":
                j -= 1
            k = j
            while k > lo and not text[k - 1].isspace() and text[k - 1] != "-":
                k -= 1
            word = text[k:j].lower().rstrip(",")
            if not word or not (word in rule.prefix_words or any(c.isdigit() for c in word)):
                break
            i = k
        lo = i
    for w in _WORD_START.finditer(text, lo, pos):
        m = rx.match(text, w.start(), pos)
        if m is not None:
            return m
    return rx.match(text, pos, pos)


class _Grammar:
    """The compiled anchors and rules (built once per vocabulary)."""

    def __init__(self, v: Vocab) -> None:
        self.v = v
        M_FULL = _lit(v.months_full, caps=True)
        M_ANY = _lit(v.months_any, caps=True, dot=True)
        W_FULL = _lit(v.weekdays_full, caps=True)
        W_ANY = _lit(v.weekdays_any, caps=True, dot=True)
        w_low = _lit([w.lower() for w in v.weekdays_full])
        tens = [w for w, n in v.numbers.items() if 20 <= n < 100 and n % 10 == 0]
        ones = [w for w, n in v.numbers.items() if 1 <= n <= 9]
        small = [w for w, n in v.numbers.items() if n < 100]
        big = [w for w, n in v.numbers.items() if n >= 100]
        NUMW = (rf"(?:{_lit(tens)}(?:[\s-]{_lit(ones)})?|{_lit(small)})(?:[\s-]+{_lit(big)})?"
                rf"(?:[\s-]+(?:and[\s-]+)?(?:{_lit(tens)}(?:[\s-]{_lit(ones)})?|{_lit(small)}))?")
        NUM = rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})?(?:\.[0-9]{{1,2}})?(?:\s+1/2|½)?(?![0-9])|(?i:{NUMW}))"
        MODS = _ilit(list(v.modifiers))
        PMODS = _ilit(list(v.period_mods))
        DMODS = _ilit(list(v.deictic_mods))
        VAGUE = _ilit(v.vague)
        ORD = _ilit(list(v.ordinals))
        DX = _ilit(list(v.deictic))
        units_low = _lit(sorted(v.units))
        tail_low = _lit(v.ago + v.event_relative)
        smods_low = _lit(list(v.suffix_mods))
        tz = _lit(v.time_zones)
        self.set_low = _lit(sorted(v.set_words))
        pods = _lit(list(v.parts_of_day))
        seasons = _lit(list(v.seasons))
        spans = r"(?:past|last|next|coming|first|final|previous|following|latest|remaining|initial|entire|whole|full)"
        day_after = (rf"(?:today|yesterday|tomorrow|tonight|(?:{W_FULL},?\s+)?(?:(?:{M_ANY})\s+{DAY}(?:,?\s+{Y4})?|"
                     rf"{DAY}\s+(?:{M_ANY})(?:,?\s+{Y4})?)|{W_FULL})")
        # Before a day number, "the" belongs to the date ("Wednesday, the 6th of November"); before a
        # month name it belongs to the noun phrase ("the January 1998 bombing") and stays out.
        back_date = re.compile(rf"(?<![\w])(?:(?P<mod>{MODS})\s+)?(?:(?P<wd>{W_ANY}),?\s+)?(?:(?i:the)\s+)?$")
        back_mdate = re.compile(rf"(?<![\w])(?:(?P<mod>{MODS})\s+)?(?:(?P<wd>{W_ANY}),?\s+)?$")
        back_pm = re.compile(rf"(?<![\w])(?:(?P<mod>{MODS})\s+)?(?:(?P<pm>{PMODS})[\s-]+)?$")
        I = _ilit  # noqa: E741 - case-insensitive literal alternation, used throughout the table
        teens = _lit([w for w, n in v.numbers.items() if 10 <= n <= 19])

        def spelled(p: str) -> str:
            """A year of the 1900s in words ("nineteen ninety-seven"); ``p`` prefixes its group names."""
            return (rf"nineteen[\s-]+(?:(?P<{p}t>{_lit(tens)})(?:[\s-]+(?P<{p}u>{_lit(ones)}))?|(?P<{p}teen>{teens})"
                    rf"|(?:oh|o)[\s-]+(?P<{p}o>{_lit(ones)})|(?P<{p}hund>hundred))(?![\w-])")
        day_words = rf"(?:today|yesterday|tomorrow|tonight|{w_low})"
        more_words = I(["more", "additional", "extra", "further", "straight", "consecutive", "trading", "business",
                        "working"])
        deictic_prefix = I(["this past", "the past", "the last", "the next", "the coming", "the current", "the latest",
                            "the most recent", "the previous", "the following", "the same", "the corresponding",
                            "the comparable", "that", "the", "past", "previous"])
        fiscal = I(["the fiscal year", "the calendar year", "the financial year", "fiscal year", "fiscal", "calendar year",
                    "calendar", "financial year", "the fiscal", "the year"])
        weekday_dx = I(["this past", "last", "this", "next", "coming", "the previous", "the following", "the next", "that"])
        ref_pre = I(["right", "just", "at", "more", "most", "the near", "the foreseeable", "the distant", "the", "in the",
                     "these", "in recent", "as"])
        season_prep = I(["in", "during", "since", "until", "by", "over", "through", "throughout", "for", "from"])
        pod_day = I(["this", "last", "tomorrow", "yesterday", "the next", "the following", "the previous", "that", "the"])
        rules = {}

        def rule(name, core, back=None, window=40, low=False, need_back=False):
            rules[name] = _Rule(name, re.compile(core), re.compile(back) if back else None, window, low, need_back)

        # -- at a digit ------------------------------------------------------------------------------
        rule("date_dmy", rf"(?P<d>{DAY})(?:\s+(?i:of))?\s+(?P<m>{M_ANY}),?\s+(?P<y>[0-9]{{4}})(?![\w]|[.,][0-9])",
             back_date.pattern)
        rule("date_num", r"(?P<a>[0-9]{1,2})(?P<sep>[./])(?P<b>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})"
                         r"(?![\w%]|[.,/:-][0-9])", back_date.pattern)
        rule("date_ymd", r"(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{2})(?P=sep)(?P<d>[0-9]{2})(?![\w-]|[.,/][0-9])",
             back_date.pattern)
        rule("day_month", rf"(?P<d>{DAY})(?:\s+(?i:of))?\s+(?P<m>{M_ANY})(?![\w-]|\.?,?\s*[0-9])", back_date.pattern)
        rule("range", r"(?P<y1>[0-9]{4})(?P<sep>\s*[-–—/]\s*|\s+(?i:to|until|till|through|and)\s+)"
                      r"(?P<y2>[0-9]{4}|[0-9]{2})(?![\w%]|[.,][0-9]|\s*[-–—/]\s*[0-9])",
             r"(?<!\w)(?P<fr>(?i:from|between))\s+$", 12)
        rule("decade", r"(?P<d>(?:1[0-9]|20)[0-9]0|[0-9]0)['’]?s(?![\w])",
             r"(?<![\w])(?:(?P<the>(?i:the))\s+)?(?:(?P<pm>(?i:early|mid|late))[\s-]+)?(?P<ap>['’])?$", 20)
        rule("year", r"(?P<y>[0-9]{4})(?![\w%]|[.,:/][0-9]|\s*[-–][0-9])"
                     r"(?:\s+(?P<sm>(?i:or\s+(?:later|earlier|before|after)))|(?<=[0-9])\s+(?P<yq>quarter))?(?![\w-])",
             rf"(?<![\w-])(?:(?P<the>(?i:the))\s+)?(?:(?P<mod>{MODS})\s+)?(?:(?P<pm>{PMODS})[\s-]+)?"
             rf"(?:(?P<fis>{fiscal})\s+|(?P<pp>(?i:pre|post))-)?$")
        clock = r"[ap]\.\s?m\.|[ap]\.?\s?m\b|[AP]\.\s?M\.|[AP]\.?\s?M\b"
        rule("time", rf"(?:(?P<h>[0-9]{{1,2}})(?:[:.](?P<mi>[0-5][0-9]))?\s*(?P<ap>{clock})"
                     rf"|(?P<h2>[0-9]{{1,2}}):(?P<mi2>[0-5][0-9])(?![0-9:])|(?P<h3>[0-9]{{1,2}})\s+o['’]clock"
                     rf"|(?P<h4>[0-9]{{1,2}})\s+(?P<ip>(?i:in\s+the\s+(?:morning|afternoon|evening)|at\s+night))(?![\w-]))"
                     rf"(?P<tz>\s+{tz}(?![\w]))?(?P<day>,?\s+(?:(?i:on)\s+)?{day_after}(?![\w]))?",
             rf"(?<![\w])(?:(?P<mod>{MODS}|(?i:shortly|just)\s+(?i:before|after))\s+)?$", 30)
        # -- at a capitalised name -------------------------------------------------------------------
        rule("date_mdy", rf"(?P<m>{M_ANY})\s+(?:(?i:the)\s+)?(?P<d>{DAY}),?\s+(?P<y>[0-9]{{4}})(?![\w]|[.,][0-9])",
             back_mdate.pattern)
        rule("month_year", rf"(?P<m>{M_ANY}),?\s+(?:(?i:of)\s+)?(?:(?P<y>[0-9]{{4}})(?![\w%]|[.,][0-9])|(?i:{spelled('s')}))",
             back_pm.pattern)
        rule("month_day", rf"(?P<m>{M_ANY})\s+(?:(?i:the)\s+)?(?P<d>{DAY})(?![\w]|[.,:/]?[0-9]|,?\s*[0-9]{{4}})",
             back_mdate.pattern)
        rule("month", rf"(?P<m>{M_FULL})(?P<fw>,?\s+(?:(?i:of)\s+)?(?P<fdx>(?i:this|last|next|that))\s+(?i:year))?(?![\w-])",
             rf"(?<![\w])(?:(?P<prep>{I(v.month_preps)})\s+)?(?:(?P<pm>{PMODS}|{DMODS})[\s-]+)?"
             rf"(?:(?P<dx>{I(['this past', 'last', 'this', 'next', 'coming', 'that'])})\s+|(?P<sw>(?i:every|each))\s+)?$")
        rule("weekday", rf"(?P<wd>{W_FULL})(?P<pl>s)?(?P<poss>['’]s)?(?![\w])",
             rf"(?<![\w])(?:(?P<sw>(?i:every|each))\s+)?(?:(?P<dm>{DMODS})\s+)?(?:(?P<dx>{weekday_dx})\s+)?$")
        rule("holiday", rf"(?P<h>{_lit(list(v.holidays))})(?:,?\s+(?P<y>[0-9]{{4}}))?(?![\w])",
             rf"(?<![\w])(?:(?P<dx>{I(['this past', 'last', 'this', 'next', 'coming'])})\s+)?$", 20)
        rule("qform", r"Q(?P<q>[1-4])(?:\s+(?P<y>[0-9]{4})|\s*['’](?P<yy>[0-9]{2}))?(?![\w])",
             r"(?<![\w])(?:(?P<the>(?i:the))\s+)?$", 8)
        # -- at a lower-case word --------------------------------------------------------------------
        quantity = (rf"(?:(?P<vq>{VAGUE})|(?P<cp>(?i:a\s+)?(?i:couple)\s+of)|(?P<hf>(?i:half\s+an?))"
                    rf"|(?P<q1>{NUM}|(?i:an?)(?!\w))(?:(?P<qsep>\s*[-–]\s*|\s+(?i:to|or)\s+)(?P<q2>{NUM}))?"
                    rf"(?P<qh>\s+(?i:and\s+a\s+half))?)?")
        rule("duration", rf"(?P<u>{units_low})(?P<ah>\s+and\s+a\s+half)?(?P<lg>-long|-old)?"
                         rf"(?:\s+(?P<sm>{smods_low}))?(?:\s+(?P<tail>{tail_low}))?(?![\w-])",
             rf"(?<![\w$£€¥#.,'’/-])(?:(?P<sw>(?i:every\s+other|{self.set_low}|once|twice|thrice|{NUM}\s+times))\s+)?"
             rf"(?:(?P<mod>{MODS})\s+)?(?:(?P<det>(?i:the|these|those))\s+)?(?:(?P<span>(?i:{spans}))\s+)?"
             rf"{quantity}(?:\s+(?P<more>{more_words}))?(?P<hy>\s+|-)?$", 70, low=True)
        rule("deictic", r"(?P<u>year|month|week|weekend|quarter|decade|century|day|fortnight|period)(?P<poss>['’]s)?(?![\w-])",
             rf"(?<![\w])(?:(?P<dm>{DMODS}(?:\s+in)?|{PMODS})\s+)?(?P<dx>{deictic_prefix}|{DX})\s+"
             rf"(?:(?P<fis>(?i:fiscal|calendar|financial|full|whole|entire))\s+)?$", low=True, need_back=True)
        rule("quarter", r"(?P<u>quarter)(?![\w]|-(?:point|inch|mile|hour|century))(?P<qy>(?:\s+of)?\s+(?:(?P<y>[0-9]{4})|"
                        r"fiscal\s+(?P<fy>[0-9]{4})|(?P<ydx>this|last|next|the)\s+(?:fiscal\s+)?year))?(?![\w])",
             r"(?<![\w])(?:(?P<the>(?i:the|this|last|next))\s+)?"
             r"(?:(?P<py>[0-9]{4}|(?i:(?:this|last|next|the)\s+year['’]s|year-(?:ago|earlier)))\s+)?(?:(?P<fis>(?i:fiscal|calendar))[\s-]+)?"
             r"(?P<ord>(?i:first|second|third|fourth|final|1st|2nd|3rd|4th))(?P<hy>[\s-]+)(?:(?P<fis2>(?i:fiscal))[\s-]+)?$",
             50, low=True, need_back=True)
        rule("year_ago", r"(?P<u>year)(?:-(?P<rel>ago|earlier)(?:\s+(?:(?P<per>quarter|period)|(?P<nm>three|six|nine|3|6|9)"
                         r"\s+months))?|[\s-]+(?P<e>end))(?![\w-])",
             r"(?<![\w])(?:(?P<the>(?i:the))\s+)?(?:(?P<comp>(?i:comparable|same))\s+)?(?:(?P<fis>(?i:fiscal|calendar))\s+)?$",
             30, low=True)
        rule("century", r"(?P<u>century)(?![\w])",
             rf"(?<![\w-])(?:(?P<the>(?i:the))\s+)?(?:(?P<pm>(?i:early|mid|late))[\s-]+)?"
             rf"(?:(?P<cn>[0-9]{{1,2}})(?:st|nd|rd|th)|(?P<cw>{ORD}))[\s-]+$", low=True, need_back=True)
        rule("half", r"(?P<h>half)\s+of\s+(?:(?P<y>[0-9]{4})|(?P<ydx>this|last|next|the)\s+(?:fiscal\s+)?year"
                     r"|fiscal\s+(?P<fy>[0-9]{4}))(?![\w])",
             r"(?<![\w])(?:(?P<the>(?i:the))\s+)?(?P<ord>(?i:first|second|latter|1st|2nd))[\s-]+$", 20, low=True,
             need_back=True)
        rule("dayword", r"(?P<dd>today|yesterday|tomorrow|tonight)(?P<poss>['’]s)?(?![\w-])",
             rf"(?<![\w])(?:(?P<dba>(?i:the\s+day\s+(?:before|after)))\s+|(?P<dm>{DMODS})\s+)?$", 30, low=True)
        rule("ref", r"(?P<r>now|currently|nowadays|recently|lately|soon|future|past|present|days|term|times)(?![\w-])",
             rf"(?<![\w])(?P<pre>{ref_pre})\s+$", 30, low=True)
        rule("set_adverb", rf"(?P<a>{_lit(list(v.set_adverbs))})(?![\w-])", None, 0, low=True)
        rule("season", rf"(?P<s>{seasons})(?:(?P<sy>(?:\s+of)?\s+(?:(?P<y>[0-9]{{4}})|{spelled('s')}))"
                       rf"|\s+of\s+(?P<ydx>this|last|next)\s+year)?(?![\w-])",
             rf"(?<![\w])(?:(?P<prep>{season_prep})\s+)?(?:(?P<pm>{PMODS}|{DMODS})[\s-]+)?"
             rf"(?:(?P<dx>{I(['this past', 'this', 'last', 'next', 'coming', 'that', 'the'])})\s+)?$", low=True)
        rule("pod", rf"(?P<p>{pods})(?P<pl>s)?(?P<sday>\s+{day_words})?(?![\w-])",
             rf"(?<![\w])(?:(?P<sw>(?i:every|each))\s+)?(?:(?P<dm>{DMODS}|(?i:the\s+middle\s+of))[\s-]+)?"
             rf"(?:(?P<day>{pod_day}|{W_FULL})\s+)?(?:(?P<dm2>(?i:early|late|mid))[\s-]+)?$", low=True)
        rule("clock", rf"(?P<c>{_lit(list(v.clock_words))})(?P<day>\s+{day_words})?(?![\w-])",
             rf"(?<![\w])(?:(?P<mod>{MODS}|(?i:shortly|just)\s+(?i:before|after))\s+)?$", 30, low=True)
        rule("spelled_year", spelled(""), None, 0, low=True)
        rule("decade_word", rf"(?P<dw>{_lit(list(v.decade_words))})(?![\w-])",
             r"(?<![\w])(?P<the>(?i:the))\s+(?:(?P<pm>(?i:early|mid|late))[\s-]+)?$", 20, low=True, need_back=True)
        quantity_words = set(v.numbers) | {w.split()[-1] for w in v.vague} | {
            "a", "an", "couple", "half", "more", "additional", "extra", "further", "straight", "consecutive", "trading",
            "business", "working", "the", "these", "those", "past", "last", "next", "coming", "first",
            "final", "previous", "following", "latest", "remaining", "initial", "entire", "whole", "full", "every",
            "each", "per", "other", "once", "twice", "thrice", "times"} | {w.split()[-1] for w in v.modifiers}
        deictic_words = set(v.deictic) | {"past", "the", "that", "same", "previous", "following", "latest", "recent",
                                          "current", "fiscal", "calendar", "financial", "last", "next", "coming",
                                          "corresponding", "comparable", "full", "whole", "entire"}
        prefix_words = quantity_words | {w for phrase in v.modifiers for w in phrase.split()} | {
            "and", "to", "or", "of", "so", "few", "many", "several", "other"}
        for name, words in (("duration", quantity_words), ("deictic", deictic_words)):
            rules[name] = replace(rules[name], last_words=frozenset(words))
        rules["duration"] = replace(rules["duration"], prefix_words=frozenset(prefix_words))
        deictic_prefix_words = deictic_words | {w for phrase in list(v.period_mods) + list(v.deictic_mods)
                                                for w in phrase.split()} | {"in", "most", "fiscal", "calendar",
                                                                            "financial", "this", "past"}
        rules["deictic"] = replace(rules["deictic"], prefix_words=frozenset(deictic_prefix_words))
        for k, name in enumerate(list(rules)):
            rules[name] = replace(rules[name], priority=k)
        self.rules = rules
        # Rules to try at a digit run, by its length and the character after it (most runs are neither).
        by_next = {
            1: {".": ("date_num", "time"), "/": ("date_num",), ":": ("time",), " ": ("date_dmy", "day_month", "time"),
                "s": ("date_dmy", "day_month"), "t": ("date_dmy", "day_month"), "n": ("date_dmy", "day_month"),
                "r": ("date_dmy", "day_month"), "a": ("time",), "p": ("time",), "A": ("time",), "P": ("time",)},
            4: {"-": ("date_ymd", "range", "year"), "–": ("range", "year"), "—": ("range", "year"),
                "/": ("date_ymd", "range", "year"), ".": ("date_ymd", "year"), "s": ("decade",), "'": ("decade", "year"),
                "’": ("decade", "year"), "": ("year",), " ": ("range", "year")},
        }
        by_next[2] = dict(by_next[1])
        by_next[2]["s"] = ("date_dmy", "day_month", "decade")
        by_next[2]["'"] = by_next[2]["’"] = ("decade",)
        self.digit_rules = {n: {c: [rules[r] for r in names] for c, names in table.items()} for n, table in by_next.items()}
        # Capitalised anchors: month, weekday and holiday names, Q1-Q4.
        # No look-behind before the names: the scan then skips ahead to their capital letters (the character
        # before a match is checked in ``anchors``).
        # Holidays are anchored at their first word ("New Year's Day" at "New").
        caps_words: dict[str, list[_Rule]] = {}
        for rs, names in (([rules[n] for n in ("date_mdy", "month_year", "month_day", "month")], list(v.months_any)),
                          ([rules["weekday"]], list(v.weekdays_full) + [w + "s" for w in v.weekdays_full]),
                          ([rules["holiday"]], [h.split()[0].replace("’", "'").split("'")[0] for h in v.holidays])):
            for w in names:
                for form in (w, w.upper()):
                    caps_words.setdefault(form, [])
                    caps_words[form] += [r for r in rs if r not in caps_words[form]]
        for q in ("Q1", "Q2", "Q3", "Q4"):
            caps_words[q] = [rules["qform"]]
        self.caps_rules = caps_words
        self.caps = re.compile(rf"{_lit(sorted(caps_words))}(?![a-zA-Z0-9])")
        # Lower-case anchors: word -> rules; stems gate the scans.
        by_word: dict[str, list[_Rule]] = {}

        def add(words, *names):
            for w in words:
                by_word.setdefault(w, [])
                by_word[w] += [rules[n] for n in names if rules[n] not in by_word[w]]

        add(list(v.units), "duration")
        add(["year", "month", "week", "quarter", "decade", "century", "day", "fortnight", "weekend", "period"], "deictic")
        add(["quarter"], "quarter")
        add(["year"], "year_ago")
        add(["century"], "century")
        add(["half"], "half")
        add(["today", "yesterday", "tomorrow", "tonight"], "dayword")
        add(["now", "currently", "nowadays", "recently", "lately", "soon", "future", "past", "present", "days",
             "term", "times"], "ref")
        add(list(v.set_adverbs), "set_adverb")
        add(list(v.seasons), "season")
        add(list(v.parts_of_day), "pod")
        add(list(v.clock_words), "clock")
        add(["nineteen"], "spelled_year")
        add(list(v.decade_words), "decade_word")
        self.by_word = by_word
        stems: dict[str, list[str]] = {}
        for w in by_word:
            stem = next((s for s in _STEMS if s in w), w)
            stems.setdefault(stem, []).append(w)
        # No look-behind: the scan then jumps between the words' first letters (checked in ``anchors``).
        self.stems = [(s, re.compile(rf"{_lit(ws)}s?(?![a-z])")) for s, ws in sorted(stems.items())]
        # Phrases of the ref rule: (prefix or "", word) -> PRESENT_REF/PAST_REF/FUTURE_REF.
        self.ref_phrases: dict[tuple[str, str], str] = {}
        for value, phrases in (("PRESENT_REF", v.present_ref), ("PAST_REF", v.past_ref), ("FUTURE_REF", v.future_ref)):
            for p in phrases:
                *pre, word = p.split()
                self.ref_phrases[(" ".join(pre), word)] = value
        cue_future = _lit(sorted(v.future_cues))
        cue_present = _lit(sorted(v.present_cues))
        cue_past = _lit(sorted(v.past_cues))
        # An -ed word after a form of "be" (a passive) or after a determiner or adverb (an adjective: "a
        # still unspecified date") has no tense of its own.
        participle = rf"(?:{cue_past}|[a-z]{{2,}}[^e\W]ed)"
        # A participle after a form of "be" (a passive: "would be paid") or after a determiner or adverb (an
        # adjective: "a still unspecified date") has no tense of its own; after "has"/"have" (a present
        # perfect: "has extended loans through January") it is in the present.
        self.cues = re.compile(rf"(?<![\w'’])(?:(?P<be>be|been|being|is|are|get|gets|'s|a|an|the|its|their|his|her|"
                               rf"still|already|newly|recently|previously|once|so|well|fully|not)\s+{participle}|"
                               rf"(?P<perf>has|have|'ve)\s+(?:(?:not|already|also|just|since|now|long)\s+)?{participle}|"
                               rf"(?P<f>{cue_future})|(?P<n>{cue_present})|(?P<p>{participle}))(?![\w'’])")
        self.sentence_end = re.compile(r"[.!?;]['\"”’)]*\s+(?=[\"“‘'(]?[A-Z0-9])")
        self.numw = re.compile(rf"(?i:{NUMW})")


    def light(self, s: str) -> list[Timex]:
        """The expressions of a short string (a day after a time), without tense cues."""
        out = []
        for pos, rules in anchors(s, self):
            for rule in rules:
                if rule.name in ("time", "pod", "clock"):
                    continue
                m = rule.core.match(s.lower() if rule.low else s, pos)
                if m is None:
                    continue
                back = _back(rule, s, pos) if rule.back is not None else None
                t = HANDLERS[rule.name](_Hit(m, back, s), s, self, 1000, 2999)
                if t is not None:
                    out.append(t)
        return sorted(out, key=lambda t: (t.start, -(t.end - t.start)))


# Substrings that gate the scan for lower-case anchors (a word is scanned for when its stem is in the line).
_STEMS = ("period", "year", "month", "week", "day", "hour", "minute", "second", "decade", "centur", "quarter", "fortnight",
          "now", "current", "recent", "late", "soon", "future", "past", "present", "term", "times", "tomorrow",
          "night", "dail", "annual", "spring", "summer", "fall", "autumn", "winter", "morning", "noon", "evening",
          "nineteen", "ties", "half")


def grammar(resources: Resources | None = None) -> "_Grammar":
    """Return the compiled grammar of ``resources`` (default: the general data), built once per ``Resources``."""
    res = resources or Resources.default()
    return res.memo("dates.grammar", lambda: _Grammar(vocab(res)))


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two ("İ"): keep offsets aligned
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def anchors(text: str, g: _Grammar, low: str | None = None) -> list[tuple[int, list[_Rule]]]:
    """The anchors of ``text``: (position, rules to try there), in no particular order."""
    out: list[tuple[int, list[_Rule]]] = []
    for m in _DIGITS.finditer(text):
        table = g.digit_rules.get(m.end() - m.start())
        if table is not None:
            nxt = text[m.end():m.end() + 1]
            rules = table.get(nxt)
            if rules is None and not nxt.isalnum():
                rules = table.get("")  # "1998," "1998)", or the end: a year
            if rules:
                out.append((m.start(), rules))
    for m in g.caps.finditer(text):
        a = m.start()
        if a and (text[a - 1].isalnum() or text[a - 1] == "_"):
            continue
        out.append((a, g.caps_rules[m.group()]))
    low = _lower(text) if low is None else low
    for stem, rx in g.stems:
        if stem in low:
            for m in rx.finditer(low):
                a = m.start()
                if a and low[a - 1].isalpha():
                    continue
                w = m.group()
                out.append((a, g.by_word.get(w) or g.by_word[w[:-1]]))
    return out


_DIGITS = re.compile(r"[0-9]+")


def find_raw(text: str, min_year: int = 1800, max_year: int = 2099, *,
             resources: Resources | None = None) -> list[Timex]:
    """The temporal expressions of ``text``, unresolved (``anchored`` and ``anchor`` unset), in text order."""
    g = grammar(resources)
    low = _lower(text)
    cands = []
    for pos, rules in anchors(text, g, low):
        for rule in rules:
            m = rule.core.match(low if rule.low else text, pos)
            if m is None:
                continue
            back = None
            if rule.back is not None:
                if rule.last_words is not None and not _may_prefix(text, pos, rule.last_words):
                    if rule.need_back:
                        continue
                    back = rule.back.match(text, pos, pos)
                else:
                    back = _back(rule, text, pos)
                if back is None and rule.need_back:
                    continue
            t = HANDLERS[rule.name](_Hit(m, back, text), text, g, min_year, max_year)
            if t is not None:
                cands.append((t.end - t.start, rule.priority, t.start, t))
    if not cands:
        return []
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    taken = bytearray(len(text))
    kept: list[Timex] = []
    for _, _, _, t in cands:
        if taken.find(1, t.start, t.end) < 0:
            taken[t.start:t.end] = b"\x01" * (t.end - t.start)
            kept.append(t)
    kept.sort(key=lambda t: t.start)
    kept = _weeks_of(text, _attach_days(text, _second_days(text, kept, g, taken), g))
    return [t.but(tense=tense(text, t.start, t.end, g)) if t.spec is not None and t.spec[0] in _TENSED else t
            for t in kept]


_SECOND_DAY = re.compile(r"\s*(?:and|or|to|through|-|–)\s*(?P<d>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
                         r"(?![\w-]|[.,:/]?[0-9]|\s+[A-Z])")


def _second_days(text: str, kept: list[Timex], g: _Grammar, taken: bytearray) -> list[Timex]:
    """The second day of "April 24 and 25", "May 5 to 7": a date of the same month."""
    out = list(kept)
    for t in kept:
        if t.spec is None or t.spec[0] != "daymonth" or not t.text[:1].isalpha():
            continue
        m = _SECOND_DAY.match(text, t.end)
        if m is None or taken.find(1, m.start("d"), m.end("d")) >= 0:
            continue
        mo, d = t.spec[1], int(m.group("d"))
        if not valid(2000, mo, d) or d <= t.spec[2]:
            continue
        a, b = m.start("d"), m.end("d")
        out.append(Timex(a, b, text[a:b], "DATE", "relative", f"XXXX-{mo:02d}-{d:02d}", None, None, None,
                         ("daymonth", mo, d, None)))
    out.sort(key=lambda t: t.start)
    return out


_WEEK_OF = re.compile(r"(?i:the\s+week\s+of)\s+$")


def _weeks_of(text: str, kept: list[Timex]) -> list[Timex]:
    """"the week of March 6": the week of that day (TIMEX3 ``2000-W10``), one expression."""
    out: list[Timex] = []
    for t in kept:
        m = _WEEK_OF.search(text, max(0, t.start - 20), t.start) if t.type == "DATE" else None
        day = _day_of(t) if m is not None else None
        if m is None or day is None or out and out[-1].end > m.start():
            out.append(t)
            continue
        a = m.start()
        if isinstance(day, str):
            y, w, _ = _date.fromisoformat(day).isocalendar()
            out.append(Timex(a, t.end, text[a:t.end], "DATE", "week", f"{y:04d}-W{w:02d}", t.mod))
        else:
            out.append(Timex(a, t.end, text[a:t.end], "DATE", "week", "XXXX-WXX", t.mod, spec=("week_of", day)))
    return out


def _day_of(t: Timex):
    """What a day-level expression says its day is (an ISO date or a spec), for a time of day near it."""
    if t.kind == "date" and t.value and len(t.value) == 10:
        return t.value
    spec = t.spec
    if spec is not None and (spec[0] in ("weekday", "daymonth") or spec[0] == "offset" and spec[1] == "D"):
        return spec
    return None


def _attach_days(text: str, kept: list[Timex], g: _Grammar) -> list[Timex]:
    """A time of day written without its day ("at 10:35 a.m. (0735 GMT) Friday") takes the day written
    next to it in the same sentence (within 40 characters, the next one first)."""
    out = list(kept)
    for i, t in enumerate(kept):
        if t.spec is None or t.spec[0] not in ("time", "pod") or t.spec[2] is not None:
            continue
        for j in (i + 1, i - 1):
            if not 0 <= j < len(kept):
                continue
            o = kept[j]
            gap = text[t.end:o.start] if j > i else text[o.end:t.start]
            day = _day_of(o)
            if day is None or len(gap) > 40 or re.search(r"[.!?;]\s", gap) and not _abbrev_gap(text, gap):
                continue
            out[i] = t.but(spec=(t.spec[0], t.spec[1], day))
            break
    return out


def _abbrev_gap(text: str, gap: str) -> bool:
    return bool(re.fullmatch(r"\s*\([^)]*\)\s*|\s*,?\s*(?:on\s+)?", gap))


_TENSED = frozenset({"month", "daymonth", "weekday", "season", "holiday", "time", "pod", "weekend", "week_of"})
