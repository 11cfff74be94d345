"""The vocabulary of the date grammar, read from ``temporal.txt`` of a ``Resources``."""
from __future__ import annotations

from dataclasses import dataclass

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
    units: dict           # singular/plural -> (designator, multiplier)
    plurals: frozenset
    vague: list
    modifiers: dict
    period_mods: dict
    frames: frozenset
    deictic: dict
    ago: list
    event_relative: list
    month_preps: list
    weekday_preps: list
    set_words: frozenset
    age_before: list
    age_after: list
    possessives: frozenset
    year_blockers: frozenset
    count_nouns: frozenset


def vocab(resources: Resources | None = None) -> Vocab:
    """Return the ``Vocab`` of ``resources`` (default: the general data), built once per ``Resources``."""
    res = resources or Resources.default()
    return res.memo("dates.vocab", lambda: _build(res))


def _build(res: Resources) -> Vocab:
    s = res.sections("temporal.txt")
    cal = calendar(res)

    def numbered(name):
        out = {}
        for entry in s[name]:
            num, *names = entry.split()
            for n in names:
                out[n] = int(num)
        return out

    units, plurals = {}, set()
    for entry in s["units"]:
        sg, pl, des, mult = entry.split()
        units[sg] = units[pl] = (des, int(mult))
        plurals.add(pl)

    def phrase_map(name):
        out = {}
        for entry in s[name]:
            *words, tag = entry.split()
            out[" ".join(words).lower()] = tag
        return out

    return Vocab(
        months=cal.months, months_full=list(cal.months_full), months_any=list(cal.months_any),
        weekdays=cal.weekdays, weekdays_full=list(cal.weekdays_full), weekdays_any=list(cal.weekdays_any),
        numbers={k.lower(): v for k, v in numbered("numbers").items()},
        ordinals={k.lower(): v for k, v in numbered("ordinals").items()},
        units=units, plurals=frozenset(plurals),
        vague=[v.lower() for v in s["vague_quantities"]],
        modifiers=phrase_map("modifiers"),
        period_mods=phrase_map("period_modifiers"),
        frames=frozenset(w.lower() for w in s["duration_frames"]),
        deictic={k: int(v) for k, v in phrase_map("deictic").items()},
        ago=[w.lower() for w in s["ago"]],
        event_relative=[w.lower() for w in s["event_relative"]],
        month_preps=[w.lower() for w in s["month_prepositions"]],
        weekday_preps=[w.lower() for w in s["weekday_prepositions"]],
        set_words=frozenset(w.lower() for w in s["set_words"]),
        age_before=[w.lower() for w in s["age_before"]],
        age_after=[w.lower() for w in s["age_after"]],
        possessives=frozenset(w.lower() for w in s["possessives"]),
        year_blockers=frozenset(w.lower() for w in s["year_blockers"]),
        count_nouns=frozenset(w.lower() for w in s["count_nouns"]),
    )

