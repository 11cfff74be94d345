"""A piece reader: one piece as HTML, every line with its number and role, quotes with their speakers,
dates with their values and names with their canonical forms highlighted.

``Reader(corpus)`` computes the tables once (quotes, temporal expressions, names) and renders any
piece (``reader.html(doc_id)``). Shown in a notebook it is a small ipywidgets application (a piece
chooser above the piece); where widgets cannot run (an HTML report, a static notebook viewer) the
same output carries the static HTML of the first piece shown.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..analysis.overview import piece_label
from ._widgets import WidgetDisplay
from .overview import ROLE_COLOURS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# Roles whose lines carry the text itself; other roles (attribution, credit, date...) are apparatus.
TEXT_ROLES = ("title", "heading", "body", "caption", "list_item", "question", "answer", "statement")
STYLE = ("<style>"
         ".cuttings-reader{font-size:13px;line-height:1.45;max-width:1100px}"
         ".cuttings-reader table{border-collapse:collapse;width:100%}"
         ".cuttings-reader td{vertical-align:top;padding:2px 6px;border-bottom:1px solid #eee}"
         ".cuttings-reader td.n{color:#888;text-align:right;font-family:monospace;white-space:nowrap}"
         ".cuttings-reader td.r{white-space:nowrap;font-size:11px}"
         ".cuttings-reader .role{display:inline-block;padding:0 5px;border-radius:3px;border-left:6px solid}"
         ".cuttings-reader .q{background:#E8F1FA;border-bottom:2px solid #4477AA}"
         ".cuttings-reader .d{background:#FDF3D0;border-bottom:2px solid #CCBB44}"
         ".cuttings-reader .nm{background:#F1E6F3;border-bottom:2px solid #AA3377}"
         ".cuttings-reader sup{font-size:10px;color:#555;margin-left:2px}"
         ".cuttings-reader .who{font-size:11px;color:#4477AA;margin-right:4px}"
         ".cuttings-reader .head{margin:4px 0 8px 0;color:#333}"
         ".cuttings-reader .legend span{margin-right:10px}"
         "</style>")


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of a line: characters [start, end), its kind (quote, date, name) and its note."""

    start: int
    end: int
    kind: str
    note: str


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _quote_spans(quotes: "pd.DataFrame") -> dict[tuple[str, int], list[tuple[str, str, str]]]:
    """(file, line) -> [(quoted text, speaker, mode)] of the direct quotes and reported speech of a line."""
    out: dict[tuple[str, int], list[tuple[str, str, str]]] = {}
    for r in quotes.itertuples(index=False):
        if r.mode not in ("direct", "indirect") or not isinstance(r.text, str) or not r.text.strip():
            continue
        speaker = r.speaker if isinstance(r.speaker, str) else "unattributed"
        out.setdefault((str(r.file), int(r.line_no)), []).append((r.text, speaker, r.mode))
    return out


def line_spans(text: str, *, quotes=(), dates=(), names=()) -> list[Span]:
    """Return the highlighted spans of one line, nested or apart, never crossing.

    ``quotes``: (quoted text, speaker, mode) found in the line by text; ``dates``: (start, end, value);
    ``names``: (start, end, canonical, surface). A quote may contain dates and names; a date and a
    name that overlap keep the one starting first (the longer on a tie); an inner span that crosses
    a quote's edge is dropped.
    """
    outer: list[Span] = []
    at = 0
    for quoted, speaker, mode in quotes:
        k = text.find(quoted, at)
        if k < 0:
            k = text.find(quoted)
        if k < 0:
            continue
        note = speaker if mode == "direct" else f"reported: {speaker}"
        span = Span(k, k + len(quoted), "quote", note)
        if all(span.end <= o.start or span.start >= o.end for o in outer):
            outer.append(span)
            at = span.end
    inner = [Span(a, b, "date", str(v)) for a, b, v in dates]
    inner += [Span(a, b, "name", canon if canon != surface else "") for a, b, canon, surface in names]
    inner.sort(key=lambda s: (s.start, -(s.end - s.start), s.kind))
    kept: list[Span] = []
    for s in inner:
        if kept and s.start < kept[-1].end:
            continue
        if any(o.start < s.start < o.end < s.end or s.start < o.start < s.end < o.end for o in outer):
            continue
        kept.append(s)
    return sorted(outer + kept, key=lambda s: (s.start, -(s.end - s.start)))


def render_line(text: str, spans: list[Span]) -> str:
    """HTML of a line with its spans marked (quotes outermost); the text itself is escaped, never changed."""
    out: list[str] = []
    pos = 0

    def open_tag(s: Span) -> str:
        if s.kind == "quote":
            return f'<span class="q" title="{_e(s.note)}"><span class="who">{_e(s.note)}:</span>'
        if s.kind == "date":
            return f'<span class="d" title="{_e(s.note)}">'
        return f'<span class="nm" title="{_e(s.note or "listed name")}">'

    def close_tag(s: Span) -> str:
        if s.kind == "date" and s.note != text[s.start:s.end]:  # "1979" needs no "1979" beside it
            return f"<sup>{_e(s.note)}</sup></span>"
        if s.kind == "name" and s.note:
            return f"<sup>{_e(s.note)}</sup></span>"
        return "</span>"

    stack: list[Span] = []
    for s in spans:
        while stack and stack[-1].end <= s.start:
            top = stack.pop()
            out.append(_e(text[pos:top.end]) + close_tag(top))
            pos = top.end
        out.append(_e(text[pos:s.start]) + open_tag(s))
        pos = s.start
        stack.append(s)
    while stack:
        top = stack.pop()
        out.append(_e(text[pos:top.end]) + close_tag(top))
        pos = top.end
    out.append(_e(text[pos:]))
    return "".join(out)


class Reader(WidgetDisplay):
    """Read the pieces of a corpus with their structure marked (see the module docstring).

    ``reader.html(doc_id)`` returns the HTML of a piece; ``reader.table(doc_id)`` the lines of the
    piece with their highlights as a table (file, line_no, role, speaker, text, quotes, dates, names).
    Displayed in a notebook, it shows the piece ``doc_id`` (default: the first) under a chooser.
    """

    def __init__(self, corpus, *, doc_id: int | None = None, quotes: "pd.DataFrame | None" = None,
                 dates: "pd.DataFrame | None" = None, names: "pd.DataFrame | None" = None) -> None:
        from ..analysis import names as names_analysis
        from ..analysis import sources, timeline

        self.corpus = corpus
        docs = corpus.documents
        self.doc_id = int(doc_id if doc_id is not None else docs["doc_id"].iat[0])
        q = quotes if quotes is not None else sources.quotes(corpus)
        self._quotes = _quote_spans(q)
        t = dates if dates is not None else timeline.timeline(corpus)
        self._dates: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
        for r in t.itertuples(index=False):
            value = str(r.value)
            if isinstance(r.anchored, str) and r.anchored != r.value:  # a relative expression, resolved
                value = f"{r.value} → {r.anchored}"
            self._dates.setdefault((str(r.file), int(r.line_no)), []).append((int(r.start), int(r.end), str(value)))
        e = names if names is not None else names_analysis.entities(corpus, candidates=False)
        self._names: dict[tuple[str, int], list[tuple[int, int, str, str]]] = {}
        for r in e.itertuples(index=False):
            if isinstance(r.canonical, str):
                self._names.setdefault((str(r.file), int(r.line_no)), []).append(
                    (int(r.start), int(r.end), r.canonical, r.surface))
        self._labels = {int(r["doc_id"]): piece_label(r, width=60) for _, r in docs.iterrows()}

    def _lines(self, doc_id: int) -> "pd.DataFrame":
        from ..errors import CuttingsError

        if doc_id not in self._labels:
            raise CuttingsError(f"no piece {doc_id} (pieces are numbered 1 to {len(self._labels)})")
        lines = self.corpus.lines
        return lines[lines["doc_id"] == doc_id]

    def _spans(self, file: str, line_no: int, text: str) -> list[Span]:
        key = (file, line_no)
        return line_spans(text, quotes=self._quotes.get(key, ()), dates=self._dates.get(key, ()),
                          names=self._names.get(key, ()))

    def table(self, doc_id: int) -> "pd.DataFrame":
        """Return the lines of piece ``doc_id`` with what is highlighted in each: file, line_no, role,
        speaker, text, quotes (speakers of the quotes in the line), dates ('text = value'), names
        ('surface = canonical')."""
        import pandas as pd

        rows = []
        for r in self._lines(doc_id).itertuples(index=False):
            spans = self._spans(str(r.file), int(r.line_no), r.text)
            q = "; ".join(s.note for s in spans if s.kind == "quote")
            d = "; ".join(f"{r.text[s.start:s.end]} = {s.note}" for s in spans if s.kind == "date")
            n = "; ".join(f"{r.text[s.start:s.end]} = {s.note}" for s in spans if s.kind == "name" and s.note)
            rows.append((r.file, int(r.line_no), str(r.role), r.speaker, r.text, q, d, n))
        return pd.DataFrame(rows, columns=["file", "line_no", "role", "speaker", "text", "quotes", "dates", "names"])

    def html(self, doc_id: int | None = None) -> str:
        """Return the HTML of piece ``doc_id`` (default: the reader's current piece): a heading with its
        file, lines, kind and stated source, a legend, then one row per line (number, role, text)."""
        doc_id = self.doc_id if doc_id is None else int(doc_id)
        lines = self._lines(doc_id)
        doc = self.corpus.documents.set_index("doc_id").loc[doc_id]
        facts = [f"{_e(doc['file'])}, lines {int(doc['start_line'])}–{int(doc['end_line'])}", _e(doc["kind"]),
                 f"{int(doc['n_words']):,} words"]
        for col, name in (("source", "source"), ("translator", "translated or republished by"), ("date", "dated")):
            if col in doc and isinstance(doc[col], str):
                facts.append(f"{name}: {_e(doc[col])}")
        rows = []
        roles_seen: list[str] = []
        for r in lines.itertuples(index=False):
            role = str(r.role)
            if role == "blank":
                continue
            if role not in roles_seen:
                roles_seen.append(role)
            colour = ROLE_COLOURS.get(role, "#777777")
            who = f" · {_e(r.speaker)}" if isinstance(r.speaker, str) else ""
            body = render_line(r.text, self._spans(str(r.file), int(r.line_no), r.text))
            weight = "font-weight:600;" if role in ("title", "heading") else ""
            muted = "" if role in TEXT_ROLES else "color:#666;"
            rows.append(f'<tr><td class="n">{int(r.line_no)}</td>'
                        f'<td class="r"><span class="role" style="border-color:{colour}">{_e(role)}{who}</span></td>'
                        f'<td style="{weight}{muted}">{body}</td></tr>')
        legend = ('<div class="legend"><span class="q">quote <span class="who">speaker:</span></span>'
                  '<span class="d">date<sup>value</sup></span><span class="nm">name<sup>canonical form</sup></span></div>')
        return (f'{STYLE}<div class="cuttings-reader"><div class="head"><b>{_e(self._labels[doc_id])}</b><br>'
                f'{" · ".join(facts)}</div>{legend}<table>{"".join(rows)}</table></div>')

    def widget(self):
        """Return an ipywidgets box: a piece chooser and the piece (None when ipywidgets is not installed)."""
        try:
            import ipywidgets as w
        except ImportError:  # pragma: no cover - ipywidgets is in the lock
            return None
        choose = w.Dropdown(options=[(label, d) for d, label in self._labels.items()], value=self.doc_id,
                            description="piece", layout=w.Layout(width="80%"))
        shown = w.HTML(self.html(self.doc_id))

        def update(change):
            self.doc_id = int(change["new"])
            shown.value = self.html(self.doc_id)

        choose.observe(update, names="value")
        return w.VBox([choose, shown])

    def _plain(self) -> str:
        return f"<Reader: piece {self.doc_id} of {len(self._labels)}>"
