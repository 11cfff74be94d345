"""A keyword-in-context explorer: a term box, a context window and a sort order over a corpus's concordance.

``KwicExplorer(corpus, term)`` shows ``cuttings.analysis.concordance.kwic`` aligned on the keyword
(left context right-aligned, the match, right context), each line with its piece and line number.
Shown in a notebook it is an ipywidgets application (term, window, sort); where widgets cannot run
(an HTML report) the same output carries the static concordance of the initial term.
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from ._widgets import WidgetDisplay

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MAX_ROWS = 40      # concordance lines shown; the count of all of them is given above
SORTS = {"corpus order": None, "left context": "left", "right context": "right"}
STYLE = ("<style>"
         ".cuttings-kwic{border-collapse:collapse;font-size:12.5px;font-family:'DejaVu Sans Mono',monospace}"
         ".cuttings-kwic td{padding:1px 4px;white-space:nowrap;border-bottom:1px solid #f0f0f0}"
         ".cuttings-kwic td.w{color:#888;font-size:11px;text-align:right}"
         ".cuttings-kwic td.l{text-align:right;max-width:34em;overflow:hidden;direction:rtl}"
         ".cuttings-kwic td.m{font-weight:bold;color:#AA3377;text-align:center;padding-right:0}"
         ".cuttings-kwic td.r{text-align:left;max-width:34em;overflow:hidden;padding-left:0;white-space:pre}"
         ".cuttings-kwic-note{font-size:12px;color:#555;margin:2px 0 6px 0}"
         "</style>")


def kwic_html(table: "pd.DataFrame", *, term: str = "", max_rows: int = MAX_ROWS, width: int = 60) -> str:
    """Return the HTML of a ``kwic`` table aligned on the keyword: where (#piece l.line), left context
    (right-aligned, cut on the left with '…' beyond ``width`` characters), the match, right context.
    A note above says how many occurrences in how many pieces, and how many rows are shown."""
    n = len(table)
    if n == 0:
        return f'{STYLE}<p class="cuttings-kwic-note">No occurrence of “{html.escape(term)}” in the counted lines.</p>'
    shown = table.head(max_rows)
    rows = []
    for r in shown.itertuples(index=False):
        left = r.left if len(r.left) <= width else "…" + r.left[-(width - 1):]
        right = r.right if len(r.right) <= width else r.right[: width - 1] + "…"
        right = ("" if right[:1] in ",.;:!?)”’'" else " ") + right  # punctuation follows the match closely
        # the left cell is laid out right-to-left so that overflow cuts its start; the bidi isolate
        # keeps the text itself in reading order
        rows.append(f'<tr><td class="w">#{int(r.doc_id)} l.{int(r.line_no)}</td>'
                    f'<td class="l"><bdi dir="ltr">{html.escape(left)}</bdi></td>'
                    f'<td class="m">{html.escape(r.match)}</td><td class="r">{html.escape(right)}</td></tr>')
    more = f"; the first {len(shown)} shown" if n > len(shown) else ""
    note = (f"“{html.escape(term)}”: {n:,} occurrence{'s' if n != 1 else ''} in "
            f"{table['doc_id'].nunique():,} piece{'s' if table['doc_id'].nunique() != 1 else ''}{more}.")
    return f'{STYLE}<p class="cuttings-kwic-note">{note}</p><table class="cuttings-kwic">{"".join(rows)}</table>'


class KwicExplorer(WidgetDisplay):
    """Explore the concordance of a term (see the module docstring).

    ``term``, ``window`` (tokens of context each side), ``sort`` (None, 'left' or 'right') and
    ``roles`` (lines searched; default: every non-blank line) are those of ``concordance.kwic``;
    ``table``: the concordance of these settings when already computed. ``explorer.table()``
    returns the current concordance, ``explorer.html()`` its HTML.
    """

    def __init__(self, corpus, term: str = "", *, window: int = 5, sort: str | None = "right",
                 roles=None, max_rows: int = MAX_ROWS, table: "pd.DataFrame | None" = None) -> None:
        self.corpus, self.term, self.window, self.sort, self.roles = corpus, term, window, sort, roles
        self.max_rows = max_rows
        self._cache: dict[tuple, "pd.DataFrame"] = {}
        if table is not None:
            self._cache[self._key()] = table

    def _key(self) -> tuple:
        return (self.term.strip(), self.window, self.sort)

    def table(self) -> "pd.DataFrame":
        """Return the concordance of the current term, window and sort (``concordance.kwic``); empty for no term."""
        import pandas as pd

        from ..analysis import concordance

        if not self.term.strip():
            return pd.DataFrame(columns=list(concordance.KWIC_COLUMNS))
        key = self._key()
        if key not in self._cache:
            self._cache[key] = concordance.kwic(self.corpus, key[0], window=self.window, sort=self.sort,
                                                roles=self.roles)
        return self._cache[key]

    def html(self) -> str:
        """Return the HTML of the current concordance (see ``kwic_html``); an error is shown as a line of text."""
        from ..errors import CuttingsError

        try:
            return kwic_html(self.table(), term=self.term, max_rows=self.max_rows)
        except CuttingsError as exc:
            return f'{STYLE}<p class="cuttings-kwic-note">{html.escape(str(exc))}</p>'

    def widget(self):
        """Return an ipywidgets box: term box, window slider, sort choice and the concordance."""
        try:
            import ipywidgets as w
        except ImportError:  # pragma: no cover - ipywidgets is in the lock
            return None
        term = w.Text(value=self.term, description="term", continuous_update=False,
                      placeholder="a word, a name or a phrase")
        window = w.IntSlider(value=self.window, min=1, max=15, description="window", continuous_update=False)
        current = next((k for k, v in SORTS.items() if v == self.sort), "corpus order")
        sort = w.ToggleButtons(options=list(SORTS), value=current, description="sort by")
        shown = w.HTML(self.html())

        def update(_change):
            self.term, self.window, self.sort = term.value, int(window.value), SORTS[sort.value]
            shown.value = self.html()

        for control in (term, window, sort):
            control.observe(update, names="value")
        return w.VBox([w.HBox([term, window]), sort, shown])

    def _plain(self) -> str:
        return f"<KwicExplorer: {self.term!r}>"
