"""The dates the pieces mention, anchored: one row per temporal expression, reference dates, events, durations.

Tables only (figures are in ``cuttings.viz.timeline``); the grammar that finds and normalises the
expressions is ``cuttings.text.dates``.

Anchoring: each piece gets a reference date (see ``references``): the date on its own date line;
else the latest full date or month it mentions (a lower bound on when it was written); else that
of the nearest piece in the same file that has one; else the latest date in the corpus. Relative
expressions resolve against it: year offsets need the reference year, month offsets its month,
days and weekdays need the piece's own dated line (otherwise they stay unresolved). A month or day
without a year takes the occurrence nearest the reference, or with a lower-bound reference the
first one on or after it; a weekday with day and month ("Sunday May 1") takes the year
nearest the reference in which that day is that weekday. A two-digit year is read in the 100
years ending with the reference year (without one: 69-99 -> 1900s, 00-68 -> 2000s, as POSIX).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import CuttingsError
from ..resources import Resources
from ..text.dates import DATE_TYPES, TYPES, Reference, as_reference, find_raw, resolve
from ..text.names import matcher

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["timeline", "references", "events", "durations", "mentions", "spans", "interval", "duration_years",
           "decimal_year", "context", "COLUMNS", "REFERENCE_COLUMNS", "TYPES", "DATE_TYPES"]

COLUMNS = {
    "doc_id": "piece",
    "file": "input file",
    "line_no": "line number in the file (1-based)",
    "start": "character offset of the expression in the line (0-based)",
    "end": "character offset just past the expression (text == line[start:end])",
    "text": "the expression as written (leading prepositions such as 'in', 'on', 'for' left out)",
    "type": "date, month, year, range, decade, century, duration or relative",
    "value": "ISO 8601 value: 2004-12-25, 2005-03, 1989, ranges 1990/1994, decades 1960/1969, "
             "centuries 2001/2100, durations P12Y/P18M (P2Y/P3Y for '2-3 years', PXY/PXDE for vague "
             "ones); relative expressions unresolved: -P2Y (two years ago), +P0Y (this year), XXXX-07 "
             "(July), XXXX-10-23, XXXX-WXX-5 (a Friday), -PXD (a few days ago)",
    "mod": "TimeML modifier: APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS, START, "
           "MID, END, or null",
    "anchored": "relative expressions: the resolved ISO value (null when it cannot be resolved); "
                "other types: the value",
    "anchor": "how a relative expression or a two-digit year was resolved, and against which "
              "reference date; null for the rest",
}

REFERENCE_COLUMNS = {
    "doc_id": "piece",
    "reference": "reference date (ISO, to the precision known: 2005-06-30 or 2005-06), null if none",
    "method": "date line | latest date in piece | nearest piece | latest date in corpus | given | none",
    "precision": "day or month",
    "bound": "exact (a date line or a given date), not before (the latest date the piece "
             "mentions: the piece was written then or later) or approximate (borrowed)",
    "from_doc": "piece whose line gave the date",
    "line_no": "line that gave the date",
}



def _scan(corpus, *, min_year: int, max_year: int):
    """Yield (doc_id, file, line_no, role, [Timex]) for every non-blank line with expressions."""
    lines = corpus.lines
    cols = zip(lines["doc_id"].tolist(), lines["file"].astype(str).tolist(), lines["line_no"].tolist(),
               lines["role"].astype(str).tolist(), lines["text"].tolist())
    for doc, file, ln, role, text in cols:
        if role == "blank" or not text:
            continue
        found = find_raw(text, min_year, max_year, resources=corpus.resources)
        if found:
            yield int(doc), file, int(ln), role, found


def _start_date(value: str) -> _dt.date:
    if len(value) == 7:
        return _dt.date(int(value[:4]), int(value[5:7]), 1)
    return _dt.date.fromisoformat(value)


def _reference_table(corpus, scanned, default: Reference | None) -> dict[int, Reference | None]:
    lines = corpus.lines
    files = dict(zip(lines["doc_id"].tolist(), lines["file"].astype(str).tolist()))  # piece -> its file
    files.pop(0, None)
    own: dict[int, Reference] = {}
    latest: dict[int, Reference] = {}
    corpus_best: Reference | None = None
    for doc, _file, ln, role, found in scanned:
        for t in found:
            if t.type not in ("date", "month") or t.spec is not None:
                continue
            precision = "day" if t.type == "date" else "month"
            d = _start_date(t.value)
            if role == "date" and doc not in own:
                own[doc] = Reference(d, precision, "date line", "exact", doc, ln)
            cand = Reference(d, precision, "latest date in piece", "not before", doc, ln)
            key = (d, precision == "day")
            if doc not in latest or key > (latest[doc].date, latest[doc].precision == "day"):
                latest[doc] = cand
            if corpus_best is None or key > (corpus_best.date, corpus_best.precision == "day"):
                corpus_best = cand
    base: dict[int, Reference] = {d: ref for d in files if (ref := own.get(d) or latest.get(d)) is not None}
    refs: dict[int, Reference | None] = {}
    for doc, file in files.items():
        if doc in base:
            refs[doc] = base[doc]
            continue
        near = [(abs(o - doc), 0 if base[o].method == "date line" else 1, o)
                for o in base if files[o] == file]
        if near:
            o = min(near)[2]
            b = base[o]
            refs[doc] = Reference(b.date, b.precision, "nearest piece", "approximate", b.from_doc, b.line_no,
                                  b.method)
        elif default is not None:
            refs[doc] = replace(default, method="given", bound="approximate")
        elif corpus_best is not None:
            refs[doc] = replace(corpus_best, method="latest date in corpus", bound="approximate")
        else:
            refs[doc] = None
    return refs


def _check_corpus(corpus) -> None:
    if not hasattr(corpus, "lines") or not hasattr(corpus, "documents"):
        raise CuttingsError("expected a cuttings Corpus (use cuttings.load(path))")


def _scan_and_refs(corpus, *, default, min_year, max_year):
    _check_corpus(corpus)
    scanned = list(_scan(corpus, min_year=min_year, max_year=max_year))
    refs = _reference_table(corpus, scanned, as_reference(default))
    return scanned, refs


def timeline(corpus, *, default: str | None = None, min_year: int = 1800, max_year: int = 2099) -> "pd.DataFrame":
    """Return every temporal expression of the corpus, one row per expression, in text order.

    Columns (see ``COLUMNS``): doc_id, file, line_no, start, end (character offsets in the line),
    text, type (date, month, year, range, decade, century, duration, relative), value (ISO 8601),
    mod (TimeML modifier), anchored (relative expressions resolved against the piece's reference
    date; the value for the other types) and anchor (how and against what it was resolved).
    ``default``: reference date (YYYY-MM-DD or YYYY-MM) for pieces with no date of their own and no
    dated neighbour in their file, instead of the latest date in the corpus.
    """
    import pandas as pd

    scanned, refs = _scan_and_refs(corpus, default=default, min_year=min_year, max_year=max_year)
    rows = []
    for doc, file, ln, _role, found in scanned:
        ref = refs.get(doc)
        for t in found:
            t = resolve(t, ref)
            rows.append((doc, file, ln, t.start, t.end, t.text, t.type, t.value, t.mod, t.anchored, t.anchor))
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    return df.astype({"doc_id": "int64", "line_no": "int64", "start": "int64", "end": "int64"})


def references(corpus, *, default: str | None = None) -> "pd.DataFrame":
    """Return one row per piece with the reference date its relative expressions resolve against.

    Columns (see ``REFERENCE_COLUMNS``): doc_id, reference (ISO date or month, null when none),
    method, precision, bound, from_doc, line_no.
    """
    import pandas as pd

    _, refs = _scan_and_refs(corpus, default=default, min_year=1800, max_year=2099)
    rows = []
    for doc in sorted(refs):
        r = refs[doc]
        if r is None:
            rows.append((doc, None, "none", None, None, None, None))
        else:
            rows.append((doc, r.iso, r.method, r.precision, r.bound, r.from_doc, r.line_no))
    df = pd.DataFrame(rows, columns=list(REFERENCE_COLUMNS))
    return df.astype({"doc_id": "int64", "from_doc": "Int64", "line_no": "Int64"})


def _sentence_lookup(corpus):
    sents = corpus.sentences
    out: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    for f, ln, a, b, text in zip(sents["file"].astype(str), sents["line_no"], sents["start"], sents["end"], sents["text"]):
        out.setdefault((f, int(ln)), []).append((int(a), int(b), text))
    return out


def _sentence_of(lookup, file, line_no, start, line_text) -> tuple[int, int, str]:
    for a, b, text in lookup.get((file, line_no), []):
        if a <= start < b:
            return a, b, text
    return 0, len(line_text), line_text


def events(corpus, *, table: "pd.DataFrame | None" = None, default: str | None = None) -> "pd.DataFrame":
    """Return the sentences that carry a date: one row per dated expression, with its sentence and names.

    Dated expressions are the explicit ones (date, month, year, range, decade, century) and the
    relative ones that could be resolved; durations are not dates. Columns: doc_id, file, line_no,
    start, end (the expression in the line), type, text (the expression), value (the anchored ISO
    value), sentence (the sentence holding it), names (canonical names found in the sentence by
    the alias table of the corpus's resources, '; '-joined in order of first mention, '' when none).
    ``table``: a ``timeline`` table to reuse.
    """
    import pandas as pd

    tl = table if table is not None else timeline(corpus, default=default)
    keep = tl[tl["type"].isin(DATE_TYPES) | ((tl["type"] == "relative") & tl["anchored"].notna())]
    lookup = _sentence_lookup(corpus)
    texts = dict(zip(zip(corpus.lines["file"].astype(str), corpus.lines["line_no"].astype(int)),
                     corpus.lines["text"]))
    am = matcher(corpus.resources)
    rows = []
    for r in keep.itertuples(index=False):
        _, _, sent = _sentence_of(lookup, r.file, r.line_no, r.start, texts[(r.file, r.line_no)])
        names = list(dict.fromkeys(alias.canonical for *_, alias in am.finditer(sent)))
        rows.append((r.doc_id, r.file, r.line_no, r.start, r.end, r.type, r.text, r.anchored, sent,
                     "; ".join(names)))
    cols = ["doc_id", "file", "line_no", "start", "end", "type", "text", "value", "sentence", "names"]
    return pd.DataFrame(rows, columns=cols).astype({"doc_id": "int64", "line_no": "int64",
                                                    "start": "int64", "end": "int64"})


def duration_years(value: str | None) -> tuple[float, float] | None:
    """Return (low, high) in years for an ISO duration value (P37Y, P18M, P17Y/P18Y); None if vague or not one."""
    if not isinstance(value, str):
        return None
    parts = value.split("/")
    out = []
    for p in parts:
        m = re.fullmatch(r"P(\d+(?:\.\d+)?)([YMWD])", p)
        if not m:
            return None
        n = float(m.group(1))
        out.append(n / {"Y": 1, "M": 12, "W": 52.1775, "D": 365.2425}[m.group(2)])
    return (out[0], out[-1])


def _clause(sentence: str, a: int, b: int) -> str:
    """The clause around [a, b) in ``sentence``: cut at commas, semicolons, dashes and ' and '."""
    bound = re.compile(r"[,;:–—()]|\s+and\s+|\s+but\s+")
    left = [m.end() for m in bound.finditer(sentence, 0, a)]
    right = [m.start() for m in bound.finditer(sentence, b)]
    return sentence[(left[-1] if left else 0):(right[0] if right else len(sentence))]


def duration_themes(resources: Resources, themes: dict[str, list[str]] | None = None) -> dict[str, re.Pattern]:
    """Compile duration themes {name: [patterns]} (default: the profile's ``timeline.duration_themes``).

    Each pattern is a case-insensitive regular expression; ``{org}`` stands for an organisation of
    the alias table or a word of ``temporal.txt`` [organisation_words].
    """
    themes = resources.param("timeline.duration_themes", {}) if themes is None else themes
    if not themes:
        return {}
    org = [re.escape(o) for o in resources.sections("temporal.txt").get("organisation_words", ())]
    org += [re.escape(variant).replace(r"\ ", r"[\s-]+")
            for a in resources.aliases if a.type == "organisation" for variant in a.variants]
    org_alt = "(?:" + "|".join(sorted(set(org), key=lambda p: (-len(p), p))) + ")"
    out = {}
    for name, patterns in themes.items():
        try:
            out[name] = re.compile("|".join(f"(?:{c.replace('{org}', org_alt)})" for c in patterns), re.IGNORECASE)
        except re.error as exc:
            raise CuttingsError(f"duration theme {name!r}: not a regular expression ({exc})") from None
    return out


def durations(corpus, *, table: "pd.DataFrame | None" = None,
              themes: dict[str, list[str]] | None = None) -> "pd.DataFrame":
    """Return the stated durations, one row per duration expression, with what they are said about.

    Columns: doc_id, file, line_no, start, end, text, value (ISO duration), mod, years_min and
    years_max (the stated length in years; null for vague durations such as 'for decades'),
    role and speaker of the line, sentence, and theme: the first duration theme whose patterns
    match the clause around the duration, else null. Themes come from ``themes`` or the corpus
    profile's ``timeline.duration_themes`` (see ``duration_themes``); with none, theme is null.
    These are what the texts state, not established facts.
    """
    import pandas as pd

    tl = table if table is not None else timeline(corpus)
    dur = tl[tl["type"] == "duration"]
    lookup = _sentence_lookup(corpus)
    lines = corpus.lines
    info = {(f, int(n)): (t, str(r), s) for f, n, t, r, s in zip(
        lines["file"].astype(str), lines["line_no"], lines["text"], lines["role"].astype(str), lines["speaker"])}
    compiled = duration_themes(corpus.resources, themes)
    rows = []
    for r in dur.itertuples(index=False):
        text, role, speaker = info[(r.file, r.line_no)]
        a, _b, sent = _sentence_of(lookup, r.file, r.line_no, r.start, text)
        clause = _clause(sent, r.start - a, r.end - a)
        yrs = duration_years(r.value)
        theme = next((name for name, rx in compiled.items() if rx.search(clause)), None)
        rows.append((r.doc_id, r.file, r.line_no, r.start, r.end, r.text, r.value, r.mod,
                     yrs[0] if yrs else None, yrs[1] if yrs else None, role, speaker, sent, theme))
    cols = ["doc_id", "file", "line_no", "start", "end", "text", "value", "mod", "years_min", "years_max",
            "role", "speaker", "sentence", "theme"]
    df = pd.DataFrame(rows, columns=cols)
    return df.astype({"doc_id": "int64", "line_no": "int64", "start": "int64", "end": "int64",
                      "years_min": "float64", "years_max": "float64"})


def interval(value: str | None) -> tuple[_dt.date, _dt.date] | None:
    """Return the first and last day an ISO value covers (1979 -> 1979-01-01..1979-12-31); None if not a date."""
    import calendar

    if not isinstance(value, str) or "X" in value or value.startswith(("P", "-", "+")):
        return None
    if "/" in value:
        left, right = value.split("/", 1)
        ia, ib = interval(left), interval(right)
        return (ia[0], ib[1]) if ia and ib else None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if m:
        y = int(m.group(1))
        if m.group(3):
            d = _dt.date(y, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            mo = int(m.group(2))
            return _dt.date(y, mo, 1), _dt.date(y, mo, calendar.monthrange(y, mo)[1])
        return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
    m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if m:
        monday = _dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return monday, monday + _dt.timedelta(days=6)
    return None


def decimal_year(d: _dt.date) -> float:
    start = _dt.date(d.year, 1, 1)
    return d.year + (d - start).days / (_dt.date(d.year + 1, 1, 1) - start).days


def context(sentence: str, a: int, b: int, *, words: int = 5, width: int = 70) -> str:
    """The expression at [a, b) with up to ``words`` words either side, as written; … marks cuts."""
    left = [m.start() for m in re.finditer(r"\S+", sentence[:a])]
    right = [m.end() for m in re.finditer(r"\S+", sentence[b:])]
    lo = left[-words] if len(left) >= words else 0
    hi = b + right[words - 1] if len(right) >= words else len(sentence)
    text = ("…" if lo > 0 else "") + sentence[lo:hi].strip() + ("…" if hi < len(sentence) else "")
    return text if len(text) <= width else text[: width - 1] + "…"


def mentions(corpus, *, table: "pd.DataFrame | None" = None, start: int = 1000, end: int = 2100) -> "pd.DataFrame":
    """Return the dated mentions placed on a time axis: the ``events`` rows with an interval in years.

    Columns: doc_id, line_no, type, text, value, first and last (decimal years the value covers,
    e.g. 1979.0 and 1979.997), context (a few words around the expression), sentence. Only values
    within [start, end] years; centuries are left out (too broad to place).
    """
    ev = events(corpus, table=table)
    rows = []
    for r in ev.itertuples(index=False):
        if r.type == "century":
            continue
        iv = interval(r.value)
        if iv is None:
            continue
        first, last = decimal_year(iv[0]), decimal_year(iv[1] + _dt.timedelta(days=1)) - 1e-3
        if first < start or last > end + 1:
            continue
        pos = r.sentence.find(r.text)
        ctx = context(r.sentence, pos, pos + len(r.text)) if pos >= 0 else r.text
        rows.append((r.doc_id, r.line_no, r.type, r.text, r.value, first, last, ctx, r.sentence))
    import pandas as pd

    cols = ["doc_id", "line_no", "type", "text", "value", "first", "last", "context", "sentence"]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["first", "last", "doc_id", "line_no"], kind="stable").reset_index(drop=True)



def spans(corpus, *, table: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """Return one row per piece: how far back and forward its dated mentions reach.

    Columns: doc_id, n_mentions, first_year, last_year (years of the earliest and latest dated
    mention, relative ones once resolved), span_years (last - first), values ('; '-joined).
    Pieces without a dated mention have n_mentions 0 and nulls.
    """
    import math

    import pandas as pd

    men = mentions(corpus, table=table)
    rows = []
    for doc in corpus.documents["doc_id"].tolist():
        sub = men[men["doc_id"] == doc]
        if len(sub):
            first, last = math.floor(sub["first"].min()), math.floor(sub["last"].max())
            rows.append((doc, len(sub), first, last, last - first, "; ".join(sub["value"])))
        else:
            rows.append((doc, 0, None, None, None, ""))
    df = pd.DataFrame(rows, columns=["doc_id", "n_mentions", "first_year", "last_year", "span_years", "values"])
    return df.astype({"first_year": "Int64", "last_year": "Int64", "span_years": "Int64"})
