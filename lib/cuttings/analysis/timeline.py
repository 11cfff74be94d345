"""The dates the pieces mention, anchored: one row per temporal expression, reference dates, events, durations.

Tables only (figures are in ``cuttings.viz.timeline``); the grammar that finds and normalises the
expressions is ``cuttings.text.dates``, TimeML output ``timeml``.

Reference dates (``references``): each piece's date of writing, against which its relative
expressions resolve, is, in this order:

1. ``reference=`` given by the caller (``--reference`` on the command line): the creation time of
   every piece (one date, or a mapping from file to date);
2. the piece's own date: a date line (a line that is only a date), or a dateline or labelled date in
   its first lines ("Posted on: 3 March 2021", "BRUSSELS, March 2, 1987 -", "12:43 EST, 19 December
   2013");
3. the file's date in a ``dates.csv`` (two columns, file and date) in the file's folder or the folder
   above it; file names are relative to the ``dates.csv`` (or bare names);
4. the latest full date or month the piece mentions (a lower bound: it was written then or later);
5. that of the nearest piece of the same file that has one of the above (never of another file);
6. ``default=`` (``--default``), else none.

Relative expressions resolve against it and against what the piece mentioned before them ("that
year", "a year earlier"): years need the reference year, months its month, days, weeks and times of
day the piece's own date (1-3), otherwise they stay unresolved. A month or day without a year takes
the occurrence nearest the reference, or, when the nearest is more than two months (days: three
months) away, the one the tense of its clause points to; a bare weekday is on or before the
reference date unless its clause is in the future. A two-digit year is read in the 100 years ending
with the reference year (without one: 69-99 -> 1900s, 00-68 -> 2000s, as POSIX).
"""
from __future__ import annotations

import bisect
import csv
import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CuttingsError
from ..resources import Resources
from ..text.dates import DATE_KINDS, KINDS, TYPES, Context, Reference, as_reference, dateline, find_raw, resolve_all
from ..text.dates import timeml as _timeml
from ..text.names import matcher

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["timeline", "references", "events", "durations", "mentions", "spans", "timeml", "interval",
           "duration_years", "decimal_year", "context", "read_dates_csv", "COLUMNS", "REFERENCE_COLUMNS", "TYPES",
           "KINDS", "DATE_KINDS"]

COLUMNS = {
    "doc_id": "piece",
    "file": "input file",
    "line_no": "line number in the file (1-based)",
    "start": "character offset of the expression in the line (0-based)",
    "end": "character offset just past the expression (text == line[start:end])",
    "text": "the expression as written, as a TIMEX3 extent: leading prepositions ('in', 'on', 'for') and a "
            "possessive 's left out, determiners and modifiers kept ('the past two years', 'early August')",
    "type": "TIMEX3 type: DATE (a calendar date or period, PRESENT_REF...), TIME (a time of day), DURATION or SET "
            "(a recurrence)",
    "kind": "finer kind: date, month, year, range, decade, century, quarter, half, season, week (explicit); "
            "relative (needs the reference date); ref (PRESENT_REF, PAST_REF, FUTURE_REF); time; duration; set",
    "value": "the value as written, TIMEX3 style: 2004-12-25, 2005-03, 1989, 1989-Q3, 2013-SU, decades 196, "
             "centuries 20, ranges 1990/1994, durations P12Y, P1Y6M, PT3H (P2Y/P3Y for '2-3 years', PXY for "
             "vague ones), recurrences P1W or XXXX-WXX-4; for relative ones as stated: -P2Y (two years ago), "
             "+P0Y (this year), XXXX-07 (July), XXXX-10-23, XXXX-WXX-5 (a Friday), XXXX-XX-XXT20:51",
    "mod": "TimeML modifier: APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS, START, MID, END, "
           "BEFORE, AFTER, ON_OR_BEFORE, ON_OR_AFTER, or null",
    "anchored": "the TIMEX3 value once resolved (relative expressions against the piece's reference date and "
                "what it mentioned before; null when that cannot be done); other kinds: the value",
    "anchor": "how a relative expression or a two-digit year was resolved, and against which reference date; "
              "null for the rest",
}

REFERENCE_COLUMNS = {
    "doc_id": "piece",
    "reference": "reference date (ISO, to the precision known: 2005-06-30 or 2005-06), null if none",
    "method": "given | date line | dateline | dates.csv | latest date in piece | nearest piece | default | none",
    "precision": "day or month",
    "bound": "exact (given, the piece's own date or its file's in dates.csv), not before (the latest date the "
             "piece mentions: it was written then or later) or approximate (borrowed, or the default)",
    "from_doc": "piece whose line gave the date",
    "line_no": "line that gave the date",
}

DATES_CSV = "dates.csv"
_HEAD_LINES = 4  # how many non-blank lines at the head of a piece may hold its dateline


def _scan(corpus, *, min_year: int, max_year: int):
    """Yield (doc_id, file, line_no, role, text, [Timex]) for every non-blank line with expressions."""
    lines = corpus.lines
    cols = zip(lines["doc_id"].tolist(), lines["file"].astype(str).tolist(), lines["line_no"].tolist(),
               lines["role"].astype(str).tolist(), lines["text"].tolist())
    for doc, file, ln, role, text in cols:
        if role == "blank" or not text:
            continue
        found = find_raw(text, min_year, max_year, resources=corpus.resources)
        if found:
            yield int(doc), file, int(ln), role, text, found


def _start_date(value: str) -> _dt.date:
    if len(value) == 7:
        return _dt.date(int(value[:4]), int(value[5:7]), 1)
    return _dt.date.fromisoformat(value[:10])


def read_dates_csv(path: str | Path) -> dict[str, Reference]:
    """Read a ``dates.csv``: one row per file, ``file,date`` (a header row ``file,date`` is allowed).

    Returns {file name as written: Reference (method 'dates.csv')}. A malformed row is a
    ``CuttingsError`` naming the file and line.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CuttingsError(f"{p}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    out: dict[str, Reference] = {}
    for n, row in enumerate(csv.reader(text.splitlines()), 1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) < 2:
            raise CuttingsError(f"{p}:{n}: expected two columns, file and date")
        name, date = row[0].strip(), row[1].strip()
        if n == 1 and name.lower() == "file":
            continue
        try:
            ref = as_reference(date)
        except CuttingsError:
            raise CuttingsError(f"{p}:{n}: date {date!r}: use YYYY-MM-DD or YYYY-MM") from None
        assert ref is not None
        out[name] = replace(ref, method="dates.csv", bound="exact", via=str(p))
    return out


def _file_dates(files: list[str]) -> dict[str, Reference]:
    """The date of each file from a ``dates.csv`` in its folder or the folder above it (the nearest wins)."""
    tables: dict[Path, dict[str, Reference]] = {}
    out: dict[str, Reference] = {}
    for f in files:
        path = Path(f)
        for folder in (path.parent, path.parent.parent):
            csv_path = folder / DATES_CSV
            if folder not in tables:
                tables[folder] = read_dates_csv(csv_path) if csv_path.is_file() else {}
            table = tables[folder]
            if not table:
                continue
            try:
                rel = path.resolve().relative_to(folder.resolve()).as_posix()
            except ValueError:
                rel = path.name
            ref = table.get(rel) or table.get(path.name) or table.get(path.stem)
            if ref is not None:
                out[f] = ref
                break
    return out


def _given(reference, files: list[str]) -> dict[str, Reference] | Reference | None:
    """``reference=`` as a Reference for every piece, or a mapping file -> Reference."""
    if reference is None:
        return None
    if isinstance(reference, Mapping):
        out = {}
        for key, value in reference.items():
            ref = as_reference(value)
            assert ref is not None
            out[str(key)] = replace(ref, method="given", bound="exact")
        by_file = {}
        for f in files:
            p = Path(f)
            ref = out.get(f) or out.get(p.name) or out.get(p.stem)
            if ref is not None:
                by_file[f] = ref
        return by_file
    ref = as_reference(reference)
    assert ref is not None
    return replace(ref, method="given", bound="exact")


def _own_dates(corpus) -> dict[int, Reference]:
    """Each piece's own date: its first date line, else a dateline or labelled date in its first lines."""
    lines = corpus.lines
    own: dict[int, Reference] = {}
    head: dict[int, int] = {}
    for doc, ln, role, text in zip(lines["doc_id"].tolist(), lines["line_no"].tolist(),
                                   lines["role"].astype(str).tolist(), lines["text"].tolist()):
        doc = int(doc)
        if doc in own or role == "blank" or not text or not text.strip():
            continue
        seen = head.get(doc, 0)
        if role != "date" and seen >= _HEAD_LINES:
            continue
        head[doc] = seen + 1
        value = dateline(text, resources=corpus.resources)
        if value is not None:
            method = "date line" if role == "date" else "dateline"
            own[doc] = Reference(_dt.date.fromisoformat(value), "day", method, "exact", doc, int(ln))
    return own


def _reference_table(corpus, scanned, *, reference=None, default: Reference | None = None) -> dict[int, Reference | None]:
    """doc_id -> Reference (see the module docstring for the order); linear in the pieces and lines."""
    lines = corpus.lines
    files: dict[int, str] = dict(zip(lines["doc_id"].tolist(), lines["file"].astype(str).tolist()))
    files.pop(0, None)
    file_list = list(dict.fromkeys(files.values()))
    given = _given(reference, file_list)
    own = _own_dates(corpus)
    csv_dates = _file_dates(file_list)
    latest: dict[int, Reference] = {}
    for doc, _file, ln, _role, _text, found in scanned:
        for t in found:
            if t.kind not in ("date", "month") or t.spec is not None or not t.value:
                continue
            precision = "day" if t.kind == "date" else "month"
            d = _start_date(t.value)
            key = (d, precision == "day")
            if doc not in latest or key > (latest[doc].date, latest[doc].precision == "day"):
                latest[doc] = Reference(d, precision, "latest date in piece", "not before", doc, ln)
    base: dict[int, Reference] = {}
    for doc, f in files.items():
        ref = own.get(doc) or csv_dates.get(f) or latest.get(doc)
        if ref is not None:
            base[doc] = ref
    dated_by_file: dict[str, list[int]] = {}
    for doc in sorted(base):
        dated_by_file.setdefault(files[doc], []).append(doc)
    refs: dict[int, Reference | None] = {}
    for doc, f in files.items():
        if isinstance(given, Reference):
            refs[doc] = given
            continue
        if isinstance(given, dict) and f in given:
            refs[doc] = given[f]
            continue
        if doc in base:
            refs[doc] = base[doc]
            continue
        near = _nearest(dated_by_file.get(f, []), doc, base)
        if near is not None:
            b = base[near]
            refs[doc] = Reference(b.date, b.precision, "nearest piece", "approximate", b.from_doc, b.line_no, b.method)
        elif default is not None:
            refs[doc] = replace(default, method="default", bound="approximate")
        else:
            refs[doc] = None
    return refs


def _nearest(dated: list[int], doc: int, base: dict[int, Reference]) -> int | None:
    """The dated piece nearest ``doc`` in its file (a date line before a lower bound on a tie, then the earlier)."""
    if not dated:
        return None
    i = bisect.bisect_left(dated, doc)
    cands = [dated[j] for j in (i - 1, i) if 0 <= j < len(dated)]
    return min(cands, key=lambda o: (abs(o - doc), 0 if base[o].bound == "exact" else 1, o))


def _check_corpus(corpus) -> None:
    # On the type: asking the corpus itself would build its tables (documents and their provenance).
    if not hasattr(type(corpus), "lines") or not hasattr(type(corpus), "documents"):
        raise CuttingsError("expected a cuttings Corpus (use cuttings.load(path))")


def _scan_and_refs(corpus, *, reference, default, min_year, max_year):
    _check_corpus(corpus)
    scanned = list(_scan(corpus, min_year=min_year, max_year=max_year))
    refs = _reference_table(corpus, scanned, reference=reference, default=as_reference(default))
    return scanned, refs


def _resolved(corpus, *, reference, default, min_year, max_year):
    """(scanned lines with resolved expressions, refs): each piece resolved in text order with its context."""
    scanned, refs = _scan_and_refs(corpus, reference=reference, default=default, min_year=min_year, max_year=max_year)
    contexts: dict[int, Context] = {}
    out = []
    for doc, file, ln, role, text, found in scanned:
        ctx = contexts.setdefault(doc, Context())
        out.append((doc, file, ln, role, text, resolve_all(found, refs.get(doc), ctx)))
    return out, refs


def timeline(corpus, *, reference=None, default: str | None = None, min_year: int = 1800,
             max_year: int = 2099) -> "pd.DataFrame":
    """Return every temporal expression of the corpus, one row per expression, in text order.

    Columns (see ``COLUMNS``): doc_id, file, line_no, start, end (character offsets in the line),
    text, type (TIMEX3: DATE, TIME, DURATION, SET), kind (date, month, year, range, decade, century,
    quarter, half, season, week, relative, ref, time, duration, set), value (as written), mod
    (TimeML modifier), anchored (the TIMEX3 value once resolved) and anchor (how, and against what).
    ``reference``: the date of writing (YYYY-MM-DD, YYYY-MM, a date, or a mapping file -> date) of every
    piece, before their own dates; ``default``: the date for pieces with none of their own, in their
    file's ``dates.csv`` or in a dated piece of their file (see the module docstring).
    """
    import pandas as pd

    resolved, _ = _resolved(corpus, reference=reference, default=default, min_year=min_year, max_year=max_year)
    rows = []
    for doc, file, ln, _role, _text, found in resolved:
        for t in found:
            rows.append((doc, file, ln, t.start, t.end, t.text, t.type, t.kind, t.value, t.mod, t.anchored, t.anchor))
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    return df.astype({"doc_id": "int64", "line_no": "int64", "start": "int64", "end": "int64"})


def references(corpus, *, reference=None, default: str | None = None) -> "pd.DataFrame":
    """Return one row per piece with the reference date its relative expressions resolve against.

    Columns (see ``REFERENCE_COLUMNS``): doc_id, reference (ISO date or month, null when none),
    method, precision, bound, from_doc, line_no. ``reference``, ``default``: as for ``timeline``.
    """
    import pandas as pd

    _, refs = _scan_and_refs(corpus, reference=reference, default=default, min_year=1800, max_year=2099)
    rows = []
    for doc in sorted(refs):
        r = refs[doc]
        if r is None:
            rows.append((doc, None, "none", None, None, None, None))
        else:
            rows.append((doc, r.iso, r.method, r.precision, r.bound, r.from_doc, r.line_no))
    df = pd.DataFrame(rows, columns=list(REFERENCE_COLUMNS))
    return df.astype({"doc_id": "int64", "from_doc": "Int64", "line_no": "Int64"})


def timeml(corpus, *, reference=None, default: str | None = None, table: "pd.DataFrame | None" = None) -> list[tuple[str, str]]:
    """Return each piece as a TimeML document: a list of (name, XML text), in piece order.

    The ``<TEXT>`` is the piece's lines joined by newlines, exactly, with a ``<TIMEX3 tid type value
    [mod]>`` around each expression (values as ``cuttings.text.dates.timeml.timex3_value``; a range
    as two DATEs); the piece's reference date is its ``<DCT>`` (``functionInDocument="CREATION_TIME"``)
    when it is the piece's own (given, its date line or dateline, or its file's date in dates.csv),
    not when it was inferred. ``name`` is ``<file stem>.<doc_id>``, also the ``<DOCID>``.
    ``table``: a ``timeline`` table computed with the same reference, to reuse.
    """
    tl = table if table is not None else timeline(corpus, reference=reference, default=default)
    refs = references(corpus, reference=reference, default=default)
    own = {int(r.doc_id): r.reference for r in refs.itertuples(index=False)
           if isinstance(r.reference, str) and r.bound == "exact"}
    docs = corpus.documents
    by_doc: dict[int, list] = {}
    for r in tl.itertuples(index=False):
        by_doc.setdefault(int(r.doc_id), []).append(r)
    out = []
    for d in docs.itertuples(index=False):
        doc = int(d.doc_id)
        first = int(d.start_line)
        text_lines = corpus.document_text(doc).split("\n")
        offsets = [0]
        for line in text_lines:
            offsets.append(offsets[-1] + len(line) + 1)
        elements = []
        for r in by_doc.get(doc, []):
            base = offsets[int(r.line_no) - first]
            elements += _timeml.elements(r.text, base + int(r.start), base + int(r.end), r.type, r.kind,
                                         _str(r.value), _str(r.mod), _str(r.anchored))
        name = f"{Path(str(d.file)).stem}.{doc}"
        out.append((name, _timeml.document("\n".join(text_lines), elements, dct=own.get(doc), docid=name)))
    return out


def _str(v) -> str | None:
    return v if isinstance(v, str) else None


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


def _dated(tl: "pd.DataFrame") -> "pd.Series":
    """Rows that place something in time: DATEs and TIMEs whose value is a calendar value (explicit, or
    resolved), not PRESENT_REF and the like, durations or recurrences."""
    anchored = tl["anchored"].astype(object)
    calendar_value = anchored.map(lambda v: isinstance(v, str) and v[:2].isdigit())
    return tl["type"].isin(["DATE", "TIME"]) & calendar_value


def events(corpus, *, table: "pd.DataFrame | None" = None, reference=None, default: str | None = None) -> "pd.DataFrame":
    """Return the sentences that carry a date: one row per dated expression, with its sentence and names.

    Dated expressions are the DATEs and TIMEs with a calendar value: explicit ones, and relative ones
    that could be resolved (not "now" or "recently"; durations and recurrences are not dates).
    Columns: doc_id, file, line_no, start, end (the expression in the line), type, kind, text (the
    expression), value (the anchored value), sentence (the sentence holding it), names (canonical
    names found in the sentence by the alias table of the corpus's resources, '; '-joined in order of
    first mention, '' when none). ``table``: a ``timeline`` table to reuse.
    """
    import pandas as pd

    tl = table if table is not None else timeline(corpus, reference=reference, default=default)
    keep = tl[_dated(tl)]
    lookup = _sentence_lookup(corpus)
    texts = dict(zip(zip(corpus.lines["file"].astype(str), corpus.lines["line_no"].astype(int)),
                     corpus.lines["text"]))
    am = matcher(corpus.resources)
    rows = []
    for r in keep.itertuples(index=False):
        _, _, sent = _sentence_of(lookup, r.file, r.line_no, r.start, texts[(r.file, r.line_no)])
        names = list(dict.fromkeys(alias.canonical for *_, alias in am.finditer(sent)))
        rows.append((r.doc_id, r.file, r.line_no, r.start, r.end, r.type, r.kind, r.text, r.anchored, sent,
                     "; ".join(names)))
    cols = ["doc_id", "file", "line_no", "start", "end", "type", "kind", "text", "value", "sentence", "names"]
    return pd.DataFrame(rows, columns=cols).astype({"doc_id": "int64", "line_no": "int64",
                                                    "start": "int64", "end": "int64"})


_YEARS_PER = {"Y": 1.0, "M": 1 / 12, "W": 7 / 365.2425, "D": 1 / 365.2425, "Q": 0.25, "DE": 10.0, "CE": 100.0,
              "H": 1 / 8765.82, "TM": 1 / 525949.2, "S": 1 / 31556952}


def duration_years(value: str | None) -> tuple[float, float] | None:
    """Return (low, high) in years for a TIMEX3 duration (P37Y, P1Y6M, PT3H, P17Y/P18Y); None if vague or not one."""
    if not isinstance(value, str):
        return None
    out = []
    for p in value.split("/"):
        m = re.fullmatch(r"P((?:\d+(?:\.\d+)?(?:DE|CE|Y|Q|M|W|D))*)(?:T((?:\d+(?:\.\d+)?[HMS])+))?", p)
        if not m or not (m.group(1) or m.group(2)):
            return None
        total = 0.0
        for n, unit in re.findall(r"(\d+(?:\.\d+)?)(DE|CE|Y|Q|M|W|D)", m.group(1)):
            total += float(n) * _YEARS_PER[unit]
        for n, unit in re.findall(r"(\d+(?:\.\d+)?)([HMS])", m.group(2) or ""):
            total += float(n) * _YEARS_PER["TM" if unit == "M" else unit]
        out.append(total)
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
    dur = tl[tl["type"] == "DURATION"]
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


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def interval(value: str | None) -> tuple[_dt.date, _dt.date] | None:
    """Return the first and last day a TIMEX3 calendar value covers; None if it is not one.

    1979 -> 1979-01-01..1979-12-31; 2019-11, 2019-11-04, 2019-W44 (its Monday to Sunday), 2019-W44-WE,
    1989-Q3, 2013-H1, 2013-SU (summer: June to August; winter: December to February), decades 197
    (1970-1979), centuries 20 (2000-2099), a time of day (its day), ranges 1980/1988.
    """
    import calendar

    if not isinstance(value, str) or "X" in value or value.startswith(("P", "-", "+")):
        return None
    if "/" in value:
        left, right = value.split("/", 1)
        ia, ib = interval(left), interval(right)
        return (ia[0], ib[1]) if ia and ib else None
    value = value.split("T", 1)[0]
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
    m = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value)
    if m:
        monday = _dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return (monday + _dt.timedelta(days=5), monday + _dt.timedelta(days=6)) if m.group(3) else (
            monday, monday + _dt.timedelta(days=6))
    m = re.fullmatch(r"(\d{4})-([QH])([1-4])", value)
    if m:
        y, size, k = int(m.group(1)), 3 if m.group(2) == "Q" else 6, int(m.group(3))
        first = (k - 1) * size + 1
        return _dt.date(y, first, 1), _dt.date(y, first + size - 1, calendar.monthrange(y, first + size - 1)[1])
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if m:
        y, (a, b) = int(m.group(1)), _SEASON_MONTHS[m.group(2)]
        yb, mb = y + (b - 1) // 12, (b - 1) % 12 + 1
        return _dt.date(y, a, 1), _dt.date(yb, mb, calendar.monthrange(yb, mb)[1])
    if re.fullmatch(r"\d{3}", value):
        return _dt.date(int(value) * 10, 1, 1), _dt.date(int(value) * 10 + 9, 12, 31)
    if re.fullmatch(r"\d{2}", value):
        return _dt.date(max(1, int(value) * 100), 1, 1), _dt.date(int(value) * 100 + 99, 12, 31)
    return None


def decimal_year(d: _dt.date) -> float:
    """The date as a decimal year (2019-07-02 -> 2019.5)."""
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

    Columns: doc_id, line_no, type, kind, text, value, first and last (decimal years the value covers,
    e.g. 1979.0 and 1979.997), context (a few words around the expression), sentence. Only values
    within [start, end] years; centuries are left out (too broad to place).
    """
    ev = events(corpus, table=table)
    rows = []
    for r in ev.itertuples(index=False):
        if r.kind == "century":
            continue
        iv = interval(r.value)
        if iv is None:
            continue
        first, last = decimal_year(iv[0]), decimal_year(iv[1] + _dt.timedelta(days=1)) - 1e-3
        if first < start or last > end + 1:
            continue
        pos = r.sentence.find(r.text)
        ctx = context(r.sentence, pos, pos + len(r.text)) if pos >= 0 else r.text
        rows.append((r.doc_id, r.line_no, r.type, r.kind, r.text, r.value, first, last, ctx, r.sentence))
    import pandas as pd

    cols = ["doc_id", "line_no", "type", "kind", "text", "value", "first", "last", "context", "sentence"]
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
