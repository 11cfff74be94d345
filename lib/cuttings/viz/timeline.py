"""Figures of the dates the pieces mention: a time axis of mentions, reference dates, spans, stated durations."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis.overview import piece_label
from ..analysis.timeline import context, decimal_year, interval
from .figures import figure, styled

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

TYPE_COLOURS = {"date": "#4477AA", "month": "#228833", "year": "#EE6677", "range": "#CCBB44",
                "decade": "#AA3377", "century": "#BBBBBB", "relative": "#66CCEE"}


@styled
def plot_timeline(mentions: "pd.DataFrame", *, start: int = 1960, end: int = 2020):
    """One row per dated mention from ``start`` to ``end``: where it falls, what it says, which piece.

    Points are days, months and years; bars are ranges and decades; hollow marks are relative
    expressions resolved against the piece's reference date. ``mentions``:
    ``cuttings.analysis.timeline.mentions(corpus, start=start, end=end)``. Returns ``(fig, table)``.
    """
    from matplotlib.lines import Line2D

    tab = mentions[(mentions["first"] >= start) & (mentions["last"] <= end + 1)].reset_index(drop=True)
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
    ax.set_xticks(range(start, end + 1, 5))
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel("year (each row: one mention; label: piece, line and the words around the date)")
    ax.set_title(f"Dates mentioned in the pieces, {start}–{end - 1}: one row per mention")
    shown = [t for t in TYPE_COLOURS if t in set(tab["kind"])]
    handles = [Line2D([], [], marker="o", linestyle="-" if t in ("range", "decade") else "", color=TYPE_COLOURS[t],
                      markerfacecolor="white" if t == "relative" else TYPE_COLOURS[t],
                      label=t if t != "relative" else "relative (resolved)") for t in shown]
    ax.legend(handles=handles, loc="lower left", title="type of expression", ncols=1)
    return fig, tab


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
    style = {"date line": ("o", "#4477AA", "its own date line"),
             "latest date in piece": (">", "#EE6677", "the latest date it mentions (written then or later)"),
             "nearest piece": ("o", "#888888", "borrowed from the nearest dated piece"),
             "latest date in corpus": ("s", "#888888", "the latest date in the corpus"),
             "given": ("D", "#228833", "given")}
    fig, ax = figure(size=(10, 0.42 * len(refs) + 2.2))
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
        marker, colour, _ = style[r.method]
        if r.bound == "not before":
            ax.annotate("", (x + arrow, yy), xytext=(x, yy),
                        arrowprops=dict(arrowstyle="->", color=colour, linewidth=1.2))
        ax.plot([x], [yy], marker=marker, markersize=8, color=colour, linestyle="",
                markerfacecolor="white" if r.method == "nearest piece" else colour, markeredgewidth=1.6)
        note = r.reference + (f" (from piece {r.from_doc})" if r.method == "nearest piece" else "")
        ax.annotate(note, (x, yy), xytext=(0, 8), textcoords="offset points", ha="center", va="bottom",
                    fontsize=7.5)
    ax.set_yticks(y, refs["label"])
    ax.set_ylim(-0.7, len(refs) - 0.3)
    first, last = math.floor(lo * 4) / 4 - 0.25, math.ceil(hi * 4) / 4 + 0.25
    ax.set_xlim(first, last + arrow)
    quarters = [first + k / 4 for k in range(int(round((last - first) * 4)) + 1)]
    ax.set_xticks(quarters, [f"{int(q)}-{int(round((q % 1) * 12)) + 1:02d}" for q in quarters], fontsize=8)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
    ax.set_xlabel("reference date (year-month; ticks every three months)")
    ax.set_title("When each piece was written, as far as its text tells")
    used = [m for m in style if m in set(refs["method"])]
    handles = [Line2D([], [], marker=style[m][0], linestyle="", color=style[m][1], markersize=7,
                      markerfacecolor=style[m][1] if m != "nearest piece" else "white", label=style[m][2])
               for m in used]
    ax.legend(handles=handles, loc="upper left", title="reference date from", fontsize=8)
    return fig, refs


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
    fig, ax = figure(size=(10, 0.45 * len(sp) + 1.8))
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
    ax.set_yticks(y, sp["label"])
    if men.size:
        lo = int(men["first"].min()) // 5 * 5
        hi = int(men["last"].max()) + 6
        ax.set_xlim(lo, hi)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
    ax.set_xlabel("year (bar: from the earliest to the latest dated mention; dots: dates; lines: ranges and decades)")
    ax.set_title("How many years each piece's dated mentions span")
    return fig, sp


@styled
def plot_durations(durations: "pd.DataFrame", *, theme: str):
    """Bar chart of the durations the pieces state about ``theme``, one bar per statement.

    ``durations``: ``cuttings.analysis.timeline.durations(corpus)``. Vague statements ("for decades")
    have no length and are listed in the table only. Returns ``(fig, table)`` (the rows of that theme).
    """
    du = durations[durations["theme"] == theme].reset_index(drop=True)
    shown = du[du["years_min"].notna()].reset_index(drop=True)
    fig, ax = figure(size=(11, 0.42 * max(len(shown), 3) + 2.2))
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


def _first_day(value: str):
    """The first day a reference date covers (references are always dates or months)."""
    span = interval(value)
    assert span is not None, value
    return span[0]
