"""The vocabulary of the date grammar, read from ``temporal.txt`` of a ``Resources``."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...errors import CuttingsError
from ...resources import Resources
from ..patterns import calendar


@dataclass
class Vocab:
    """The word lists of ``temporal.txt``, shaped for the grammar (lower case unless noted)."""

    months: dict          # lower-cased name -> number
    months_full: list     # full names
    months_any: list      # full names and abbreviations
    weekdays: dict
    weekdays_full: list
    weekdays_any: list
    numbers: dict
    ordinals: dict
    units: dict           # singular/plural -> (designator, multiplier, clock unit?)
    plurals: frozenset
    vague: list
    modifiers: dict
    suffix_mods: dict
    period_mods: dict
    frames: frozenset
    deictic: dict
    anaphoric: dict
    deictic_mods: dict
    ago: list
    event_relative: list
    month_preps: list
    set_words: frozenset
    set_adverbs: dict     # adverb -> TIMEX3 value
    seasons: dict         # name -> SP/SU/FA/WI
    parts_of_day: dict    # name -> MO/AF/EV/NI/MI/DT
    clock_words: dict     # noon -> (12, 0)
    time_zones: list      # as written (upper case)
    holidays: dict        # name as written -> rule
    present_ref: list
    past_ref: list
    future_ref: list
    future_cues: frozenset
    present_cues: frozenset
    past_cues: frozenset
    decade_words: dict
    age_before: list
    age_after: list
    possessives: frozenset
    year_blockers: frozenset
    count_nouns: frozenset


def vocab(resources: Resources | None = None) -> Vocab:
    """Return the ``Vocab`` of ``resources`` (default: the general data), built once per ``Resources``."""
    res = resources or Resources.default()
    return res.memo("dates.vocab", lambda: _build(res))


_HOLIDAY_RULE = re.compile(r"\d{2}-\d{2}(?:\+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun))?|easter[+-]\d{1,2}")
_TIMEX_CODE = re.compile(r"[A-Z]{2}")


def _build(res: Resources) -> Vocab:
    s = res.sections("temporal.txt")
    cal = calendar(res)

    def bad(section: str, entry: str, why: str) -> CuttingsError:
        return CuttingsError(f"temporal.txt [{section}]: {entry!r}: {why}")

    def numbered(name):
        out = {}
        for entry in s.get(name, ()):
            num, *names = entry.split()
            if not num.isdigit() or not names:
                raise bad(name, entry, "expected a number and then words")
            for n in names:
                out[n] = int(num)
        return out

    units, plurals = {}, set()
    for entry in s.get("units", ()):
        parts = entry.split()
        if len(parts) not in (4, 5) or not parts[3].isdigit() or (len(parts) == 5 and parts[4] != "T"):
            raise bad("units", entry, "expected: singular plural designator multiplier [T]")
        sg, pl, des, mult = parts[:4]
        units[sg] = units[pl] = (des, int(mult), len(parts) == 5)
        plurals.add(pl)

    def phrase_map(name, check=None):
        out = {}
        for entry in s.get(name, ()):
            *words, tag = entry.split()
            if not words or (check is not None and not check(tag)):
                raise bad(name, entry, "expected words and then a code")
            out[" ".join(words).lower()] = tag
        return out

    def words(name):
        return [w.lower() for w in s.get(name, ())]

    clock = {}
    for k, v in phrase_map("clock_words", lambda t: re.fullmatch(r"\d{2}:\d{2}", t) is not None).items():
        clock[k] = (int(v[:2]), int(v[3:]))
    holidays = {}
    for entry in s.get("holidays", ()):
        *name, rule = entry.split()
        if not name or not _HOLIDAY_RULE.fullmatch(rule):
            raise bad("holidays", entry, "expected a name and then MM-DD, MM-DD+Wd or easter+N")
        holidays[" ".join(name)] = rule
    return Vocab(
        months=cal.months, months_full=list(cal.months_full), months_any=list(cal.months_any),
        weekdays=cal.weekdays, weekdays_full=list(cal.weekdays_full), weekdays_any=list(cal.weekdays_any),
        numbers={k.lower(): v for k, v in numbered("numbers").items()},
        ordinals={k.lower(): v for k, v in numbered("ordinals").items()},
        units=units, plurals=frozenset(plurals),
        vague=words("vague_quantities"),
        modifiers=phrase_map("modifiers"),
        suffix_mods=phrase_map("suffix_modifiers"),
        period_mods=phrase_map("period_modifiers"),
        frames=frozenset(words("duration_frames")),
        deictic={k: int(v) for k, v in phrase_map("deictic", lambda t: re.fullmatch(r"-?\d", t) is not None).items()},
        anaphoric={k: int(v) for k, v in phrase_map("anaphoric", lambda t: re.fullmatch(r"-?\d", t) is not None).items()},
        deictic_mods=phrase_map("deictic_modifiers"),
        ago=words("ago"),
        event_relative=words("event_relative"),
        month_preps=words("month_prepositions"),
        set_words=frozenset(words("set_words")),
        set_adverbs={k: v for k, v in phrase_map("set_adverbs").items()},
        seasons=phrase_map("seasons", _TIMEX_CODE.fullmatch),
        parts_of_day=phrase_map("parts_of_day", _TIMEX_CODE.fullmatch),
        clock_words=clock,
        time_zones=[z.strip() for z in s.get("time_zones", ())],
        holidays=holidays,
        present_ref=words("present_ref"), past_ref=words("past_ref"), future_ref=words("future_ref"),
        future_cues=frozenset(words("future_cues")), present_cues=frozenset(words("present_cues")),
        past_cues=frozenset(words("past_cues")),
        decade_words={k: int(v) for k, v in phrase_map("decade_words", str.isdigit).items()},
        age_before=words("age_before"),
        age_after=words("age_after"),
        possessives=frozenset(words("possessives")),
        year_blockers=frozenset(words("year_blockers")),
        count_nouns=frozenset(words("count_nouns")),
    )
