"""Figures of the dates the pieces mention: a time axis of mentions, reference dates, spans, stated durations."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis.overview import piece_label
from ..analysis.timeline import context, decimal_year, interval
from .figures import figure, styled
from .layout import per_piece, plural, row_font, rows_height, year_range, year_ticks

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

TYPE_COLOURS = {"date": "#4477AA", "month": "#228833", "year": "#EE6677", "range": "#CCBB44",
                "decade": "#AA3377", "century": "#BBBBBB", "relative": "#66CCEE"}
# One row per dated mention up to this many (each labelled with its words); beyond, a histogram.
MAX_MENTION_ROWS = 60


def axis_years(mentions: "pd.DataFrame", *, start: int | None = None, end: int | None = None) -> tuple[int, int]:
    """The years of a dates-mentioned axis: ``start`` and ``end`` when given (a profile's
    ``timeline.start``/``timeline.end``), else from the mentions themselves (``layout.year_range``:
    the earliest to the latest year mentioned, the extreme 1% left out when there are 100 or more)."""
    if start is not None and end is not None:
        return int(start), int(end)
    lo, hi = year_range(mentions["first"], mentions["last"]) if len(mentions) else (2000, 2001)
    return (int(start) if start is not None else lo), (int(end) if end is not None else hi)


@styled
def plot_timeline(mentions: "pd.DataFrame", *, start: int | None = None, end: int | None = None):
    """The dated mentions on a time axis from ``start`` to ``end`` (default: from the data, see
    ``axis_years``); return ``(fig, table)``.

    Up to ``MAX_MENTION_ROWS`` mentions: one row per mention, labelled with its piece, line and
    words; points are days, months and years, bars are ranges and decades, hollow marks are
    relative expressions resolved against the piece's reference date (the table: the mentions
    drawn). More: a histogram of mentions per year (per month when the axis spans three years or
    less), stacked by type; a range counts in every year it covers (the table: bin, type, n_mentions).
    ``mentions``: ``cuttings.analysis.timeline.mentions(corpus)``.
    """
    from matplotlib.lines import Line2D

    start, end = axis_years(mentions, start=start, end=end)
    tab = mentions[(mentions["first"] >= start) & (mentions["last"] <= end + 1)].reset_index(drop=True)
    left_out = len(mentions) - len(tab)
    if len(tab) > MAX_MENTION_ROWS:
        return _timeline_histogram(tab, start, end, left_out)
    n = len(tab)
    fig, ax = figure(size=(11, 0.24 * max(n, 4) + 1.6))
    y = list(range(n))[::-1]
    for yy, r in zip(y, tab.itertuples(index=False)):
        colour = TYPE_COLOURS.get(r.kind, "#777777")
        if r.last - r.first > 1.01:
            ax.plot([r.first, r.last], [yy, yy], color=colour, linewidth=5, solid_capstyle="butt", alpha=0.85)
        mid = (r.first + r.last) / 2 if r.last - r.first <= 1.01 else r.first
        hollow = r.kind == "relative"
        ax.plot([mid], [yy], marker="o", markersize=5.5, color=colour,
                markerfacecolor="white" if hollow else colour, markeredgewidth=1.4)
    labels = [f"#{r.doc_id} l.{r.line_no} · {r.context}" for r in tab.itertuples(index=False)]
    ax.set_yticks(y, labels, fontsize=7.2)
    ax.set_ylim(-0.8, n - 0.2)
    ax.set_xlim(start, end + 0.5)
    ax.set_xticks(year_ticks(start, end))
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel("year (each row: one mention; label: piece, line and the words around the date)")
    ax.set_title(f"Dates mentioned in the pieces, {start}–{end}: one row per mention" + _outside(left_out))
    shown = [t for t in TYPE_COLOURS if t in set(tab["kind"])]
    handles = [Line2D([], [], marker="o", linestyle="-" if t in ("range", "decade") else "", color=TYPE_COLOURS[t],
                      markerfacecolor="white" if t == "relative" else TYPE_COLOURS[t],
                      label=t if t != "relative" else "relative (resolved)") for t in shown]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="type of expression", ncols=1)
    return fig, tab


def _outside(n: int) -> str:
    return f"\n({plural(n, 'mention')} outside these years left out)" if n else ""


def _timeline_histogram(tab: "pd.DataFrame", start: int, end: int, left_out: int):
    """Stacked histogram of dated mentions per year (or month), by type; returns (fig, binned table)."""
    import math

    import numpy as np
    import pandas as pd

    monthly = end - start <= 3
    if monthly:
        edges = np.array([start + m / 12 for m in range((end - start + 1) * 12 + 1)])
        coarse = tab["last"] - tab["first"] > 1 / 12 + 0.01  # years, ranges: too broad for a month
        left_out += int(coarse.sum())
        tab = tab[~coarse]
    else:
        edges = np.arange(start, end + 2, dtype=float)
    n_bins = len(edges) - 1
    types = [t for t in TYPE_COLOURS if t in set(tab["kind"])] + sorted(set(tab["kind"]) - set(TYPE_COLOURS))
    counts = {t: np.zeros(n_bins, dtype=int) for t in types}
    for r in tab.itertuples(index=False):
        lo = int(np.searchsorted(edges, r.first, side="right")) - 1
        hi = int(np.searchsorted(edges, r.last, side="right")) - 1
        counts[r.kind][max(lo, 0):min(hi, n_bins - 1) + 1] += 1
    fig, ax = figure(size=(11, 5.2))
    bottom = np.zeros(n_bins)
    width = edges[1:] - edges[:-1]
    for t in types:
        ax.bar(edges[:-1], counts[t], width=width, bottom=bottom, align="edge", color=TYPE_COLOURS.get(t, "#777777"),
               label=t if t != "relative" else "relative (resolved)", edgecolor="white", linewidth=0.3)
        bottom += counts[t]
    ax.set_xlim(edges[0], edges[-1])
    if monthly:
        ticks = [start + m / 12 for m in range(0, (end - start + 1) * 12 + 1, 3)]
        ax.set_xticks(ticks, [f"{int(t)}-{int(round((t % 1) * 12)) + 1:02d}" for t in ticks], fontsize=8)
        unit = "month"
    else:
        ax.set_xticks(year_ticks(start, end))
        unit = "year"
    ax.set_xlabel(f"{unit} (a range or decade counts in every {unit} it covers)")
    ax.set_ylabel(f"dated mentions per {unit}")
    ax.grid(axis="y", color="#E5E5E5", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(f"Dates mentioned in the pieces, {start}–{end}: {len(tab):,} mentions per {unit}" + _outside(left_out))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="type of expression")
    rows = []
    for t in types:
        for i in np.flatnonzero(counts[t]):
            first = edges[i]
            label = (f"{int(first)}-{int(round((first % 1) * 12)) + 1:02d}" if monthly else str(int(math.floor(first))))
            rows.append((label, t, int(counts[t][i])))
    table = pd.DataFrame(rows, columns=["bin", "kind", "n_mentions"]).sort_values(["bin", "kind"], kind="stable")
    return fig, table.reset_index(drop=True)


# How each reference-date method is drawn: marker, colour, legend text (the methods of
# cuttings.analysis.timeline.REFERENCE_COLUMNS; a method missing here is drawn as "other").
REFERENCE_STYLES = {
    "given": ("D", "#228833", "given (the creation date you gave)"),
    "date line": ("o", "#4477AA", "its own date line"),
    "dateline": ("o", "#332288", "its dateline"),
    "dates.csv": ("s", "#44AA99", "its file's row in dates.csv"),
    "latest date in piece": (">", "#EE6677", "the latest date it mentions (written then or later)"),
    "nearest piece": ("o", "#888888", "borrowed from the nearest dated piece"),
    "default": ("s", "#888888", "the default date you gave"),
}
_OTHER_STYLE = ("x", "#777777", "other")


@styled
def plot_references(references: "pd.DataFrame", documents: "pd.DataFrame"):
    """When each piece was written, as far as its text says: its reference date and how it was found.

    Filled circles are a piece's own date line, triangles the latest date a piece mentions (it was
    written then or later: the arrow), hollow circles a date borrowed from the nearest dated piece.
    ``references``: ``cuttings.analysis.timeline.references(corpus)``; ``documents``: ``corpus.documents``.
    Returns ``(fig, table)`` (table: the references with a ``label`` column).
    """
    import math

    from matplotlib.lines import Line2D

    refs = references.copy()
    docs = documents.set_index("doc_id")
    refs.insert(1, "label", [piece_label({"doc_id": d, **docs.loc[d].to_dict()}) for d in refs["doc_id"]])
    if not per_piece(len(refs)):
        return _references_histogram(refs), refs
    style = REFERENCE_STYLES
    height = rows_height(len(refs), extra=2.2)
    fig, ax = figure(size=(10, height))
    y = list(range(len(refs)))[::-1]
    xs = [decimal_year(_first_day(r)) for r in refs["reference"] if isinstance(r, str)]
    lo, hi = (min(xs), max(xs)) if xs else (2000.0, 2001.0)
    arrow = max(0.15, (hi - lo) * 0.12)
    for yy, r in zip(y, refs.itertuples(index=False)):
        if not isinstance(r.reference, str):
            ax.annotate("no date in its text or its file", (0, yy), xycoords=("axes fraction", "data"),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=7.5, color="#777777")
            continue
        x = decimal_year(_first_day(r.reference))
        marker, colour, _ = style.get(r.method, _OTHER_STYLE)
        if r.bound == "not before":
            ax.annotate("", (x + arrow, yy), xytext=(x, yy),
                        arrowprops=dict(arrowstyle="->", color=colour, linewidth=1.2))
        ax.plot([x], [yy], marker=marker, markersize=8, color=colour, linestyle="",
                markerfacecolor="white" if r.method == "nearest piece" else colour, markeredgewidth=1.6)
        note = r.reference + (f" (from piece {r.from_doc})" if r.method == "nearest piece" else "")
        ax.annotate(note, (x, yy), xytext=(0, 8), textcoords="offset points", ha="center", va="bottom",
                    fontsize=7.5)
    ax.set_yticks(y, refs["label"], fontsize=row_font(len(refs), height=height, extra=2.2))
    ax.set_ylim(-0.7, len(refs) - 0.3)
    first, last = math.floor(lo * 4) / 4 - 0.25, math.ceil(hi * 4) / 4 + 0.25
    ax.set_xlim(first, last + arrow)
    quarters = [first + k / 4 for k in range(int(round((last - first) * 4)) + 1)]
    for step, every in ((1, "three months"), (2, "six months")):
        if len(quarters[::step]) <= 9:
            ticks = quarters[::step]
            ax.set_xticks(ticks, [f"{int(q)}-{int(round((q % 1) * 12)) + 1:02d}" for q in ticks], fontsize=8)
            ax.set_xlabel(f"reference date (year-month; ticks every {every})")
            break
    else:
        ax.set_xticks(year_ticks(math.ceil(first), math.floor(last)))
        ax.set_xlabel("reference date (year)")
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
    ax.set_title("When each piece was written, as far as its text tells")
    used = [m for m in style if m in set(refs["method"])]
    handles = [Line2D([], [], marker=style[m][0], linestyle="", color=style[m][1], markersize=7,
                      markerfacecolor=style[m][1] if m != "nearest piece" else "white", label=style[m][2])
               for m in used]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="reference date from", fontsize=8)
    return fig, refs


def _references_histogram(refs: "pd.DataFrame"):
    """Reference dates of many pieces: pieces per month (or year), stacked by how the date was found."""
    import math

    import numpy as np

    dated = refs[refs["reference"].apply(lambda v: isinstance(v, str))]
    xs = np.array([decimal_year(_first_day(v)) for v in dated["reference"]]) if len(dated) else np.array([2000.0])
    start, end = year_range(xs, xs)
    monthly = end - start <= 4
    edges = (np.array([start + m / 12 for m in range((end - start + 1) * 12 + 1)]) if monthly
             else np.arange(start, end + 2, dtype=float))
    fig, ax = figure(size=(10, 4.8))
    found = set(dated["method"])
    methods = [m for m in REFERENCE_STYLES if m in found] + sorted(found - set(REFERENCE_STYLES))
    bottom = np.zeros(len(edges) - 1)
    for m in methods:
        counts, _ = np.histogram(xs[(dated["method"] == m).to_numpy()], bins=edges)
        ax.bar(edges[:-1], counts, width=edges[1:] - edges[:-1], bottom=bottom, align="edge",
               color=REFERENCE_STYLES.get(m, _OTHER_STYLE)[1], label=m, edgecolor="white", linewidth=0.3)
        bottom += counts
    ax.set_xlim(edges[0], edges[-1])
    if monthly:
        ticks = [start + k / 12 for k in range(0, len(edges), 3)]
        ax.set_xticks(ticks, [f"{int(t)}-{int(round((t % 1) * 12)) + 1:02d}" for t in ticks], fontsize=8)
    else:
        ax.set_xticks(year_ticks(math.floor(edges[0]), math.floor(edges[-1])))
    unit = "month" if monthly else "year"
    ax.set_xlabel(f"reference date (per {unit})")
    ax.set_ylabel("pieces")
    undated = len(refs) - len(dated)
    note = f"; {plural(undated, 'piece')} without any date" if undated else ""
    ax.set_title(f"When the {len(refs):,} pieces were written, as far as their text tells{note}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="reference date from")
    return fig


@styled
def plot_spans(spans: "pd.DataFrame", mentions: "pd.DataFrame", documents: "pd.DataFrame"):
    """How many years each piece's dated mentions span: a bar from the earliest to the latest, a mark per mention.

    ``spans``, ``mentions``: the tables of ``cuttings.analysis.timeline``; ``documents``: ``corpus.documents``.
    Returns ``(fig, table)`` (table: the spans with a ``label`` column).
    """
    sp = spans.copy()
    men = mentions
    docs = documents.set_index("doc_id")
    sp.insert(1, "label", [piece_label({"doc_id": d, **docs.loc[d].to_dict()}) for d in sp["doc_id"]])
    if not per_piece(len(sp)):
        return _spans_histogram(sp), sp
    height = rows_height(len(sp), per_row=0.45, extra=1.8)
    fig, ax = figure(size=(10, height))
    y = list(range(len(sp)))[::-1]
    for yy, r in zip(y, sp.itertuples(index=False)):
        if not r.n_mentions:
            ax.annotate("no dated mention", (0, yy), xycoords=("axes fraction", "data"), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=7.5, color="#777777")
            continue
        ax.plot([r.first_year, r.last_year + 1], [yy, yy], color="#4477AA", linewidth=7, alpha=0.35,
                solid_capstyle="butt")
        sub = men[men["doc_id"] == r.doc_id]
        wide = sub["last"] - sub["first"] > 1.01
        for w in sub[wide].itertuples(index=False):  # ranges and decades: a thin line over their years
            ax.plot([w.first, w.last], [yy, yy], color="#4477AA", linewidth=1.6, solid_capstyle="butt")
        point = sub[~wide]
        ax.plot((point["first"] + point["last"]) / 2, [yy] * len(point), "o", color="#4477AA", markersize=3.5)
        years = "a single year" if r.span_years == 0 else f"{r.span_years} years"
        ax.annotate(f"{years}, {r.n_mentions} mention{'s' if r.n_mentions != 1 else ''}",
                    (r.last_year + 1, yy), xytext=(6, 0), textcoords="offset points", va="center", fontsize=7.5)
    ax.set_yticks(y, sp["label"], fontsize=row_font(len(sp), height=height, extra=1.8))
    if men.size:
        lo = int(men["first"].min()) // 5 * 5
        hi = int(men["last"].max()) + 6
        ax.set_xlim(lo, hi)
        ax.set_xticks(year_ticks(lo, hi))
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
    ax.set_xlabel("year (bar: from the earliest to the latest dated mention; dots: dates; lines: ranges and decades)")
    ax.set_title("How many years each piece's dated mentions span")
    return fig, sp


# Bins of the span histogram: (label, lowest, highest) in whole years
_SPAN_BINS = (("0", 0, 0), ("1", 1, 1), ("2", 2, 2), ("3", 3, 3), ("4", 4, 4), ("5", 5, 5), ("6–10", 6, 10),
              ("11–20", 11, 20), ("21–50", 21, 50), ("51–100", 51, 100), ("over 100", 101, 10 ** 6))


def _spans_histogram(sp: "pd.DataFrame"):
    """How many pieces span how many years (binned), with the pieces without any dated mention."""
    dated = sp[sp["n_mentions"] > 0]
    years = dated["span_years"].astype(int)
    counts = [int(((years >= lo) & (years <= hi)).sum()) for _, lo, hi in _SPAN_BINS]
    fig, ax = figure(size=(9, 4.6))
    x = list(range(len(_SPAN_BINS)))
    ax.bar(x, counts, color="#4477AA")
    for xx, c in zip(x, counts):
        if c:
            ax.text(xx, c, f"{c:,}", ha="center", va="bottom", fontsize=7.5)
    ax.set_xticks(x, [b[0] for b in _SPAN_BINS])
    ax.set_xlabel("years between the earliest and the latest dated mention of a piece")
    ax.set_ylabel("pieces")
    ax.margins(y=0.12)
    undated = len(sp) - len(dated)
    note = f"\n({plural(undated, 'piece')} without any dated mention not shown)" if undated else ""
    ax.set_title(f"How many years the dated mentions of each of {len(sp):,} pieces span" + note)
    return fig


@styled
def plot_durations(durations: "pd.DataFrame", *, theme: str):
    """Bar chart of the durations the pieces state about ``theme``, one bar per statement.

    ``durations``: ``cuttings.analysis.timeline.durations(corpus)``. Vague statements ("for decades")
    have no length and are listed in the table only. Returns ``(fig, table)`` (the rows of that theme).
    """
    du = durations[durations["theme"] == theme].reset_index(drop=True)
    shown = du[du["years_min"].notna()].reset_index(drop=True)
    if len(shown) > MAX_MENTION_ROWS:
        return _durations_histogram(shown, theme), du
    fig, ax = figure(size=(11, rows_height(max(len(shown), 3), extra=2.2)))
    y = list(range(len(shown)))[::-1]
    for yy, r in zip(y, shown.itertuples(index=False)):
        colour = "#CCBB44" if r.role == "question" else "#4477AA"
        ax.barh([yy], [r.years_max], color=colour, height=0.6)
        ax.annotate(r.text, (r.years_max, yy), xytext=(4, 0), textcoords="offset points", va="center", fontsize=7.5)
    labels = []
    for r in shown.itertuples(index=False):
        speaker = r.speaker if isinstance(r.speaker, str) and r.speaker != "interviewer" else None
        who = "question" if r.role == "question" else (speaker or r.role)
        pos = r.sentence.find(r.text)
        ctx = context(r.sentence, pos, pos + len(r.text), words=5, width=56) if pos >= 0 else r.sentence[:56]
        labels.append(f"#{r.doc_id} l.{r.line_no} ({who}) · {ctx}")
    ax.set_yticks(y, labels, fontsize=7.5)
    question = (shown["role"] == "question").any()
    ax.set_xlabel("stated length (years)" + ("; yellow: a length restated in an interviewer's question" if question else ""))
    ax.set_title(f"Durations of {theme} stated in the pieces")
    if len(shown):
        ax.set_xlim(0, shown["years_max"].max() * 1.15)
    return fig, du


def _durations_histogram(shown: "pd.DataFrame", theme: str):
    import numpy as np

    years = shown["years_max"].to_numpy(dtype=float)
    top = max(1.0, float(years.max()))
    edges = np.arange(0, np.ceil(top) + 1) if top <= 40 else np.linspace(0, np.ceil(top), 41)
    fig, ax = figure(size=(9, 4.6))
    ax.hist(years, bins=edges, color="#4477AA", edgecolor="white", linewidth=0.3)
    ax.set_xlabel("stated length (years)")
    ax.set_ylabel("statements")
    ax.set_title(f"Durations of {theme} stated in the pieces ({len(shown):,} statements)")
    return fig


def _first_day(value: str):
    """The first day a reference date covers (references are always dates or months)."""
    span = interval(value)
    assert span is not None, value
    return span[0]
