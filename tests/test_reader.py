"""The piece reader and the KWIC explorer: highlights nested and escaped, the seed's quotes, dates and names
shown on the right lines, widgets that update, and static HTML for reports."""
import re

import pytest

from cuttings.viz.explorer import KwicExplorer, kwic_html
from cuttings.viz.reader import Reader, Span, line_spans, render_line

TEXT = "Ann said “we left in 2015 with Bob” and went home."


def test_spans_nest_inside_quotes_and_never_cross():
    quoted = "we left in 2015 with Bob"
    q = TEXT.index(quoted)
    year, bob, ann = TEXT.index("2015"), TEXT.index("Bob"), TEXT.index("Ann")
    spans = line_spans(TEXT, quotes=[(quoted, "Ann Lee", "direct")], dates=[(year, year + 4, "2015")],
                       names=[(ann, ann + 3, "Ann Lee", "Ann"), (bob, bob + 3, "Robert Roe", "Bob")])
    assert spans == [Span(ann, ann + 3, "name", "Ann Lee"), Span(q, q + len(quoted), "quote", "Ann Lee"),
                     Span(year, year + 4, "date", "2015"), Span(bob, bob + 3, "name", "Robert Roe")]
    # a name running over the quote's opening edge ("said “we") is dropped, not drawn across it
    said = TEXT.index("said")
    crossing = line_spans(TEXT, quotes=[(quoted, "Ann Lee", "direct")], names=[(said, q + 2, "X", "said “we")])
    assert [s.kind for s in crossing] == ["quote"]
    # a date and a name on the same words: the one starting first wins, the longer on a tie
    both = line_spans(TEXT, dates=[(year, year + 4, "2015")], names=[(year - 3, year + 4, "In 2015", "in 2015")])
    assert [(s.kind, s.start) for s in both] == [("name", year - 3)]


def test_rendered_line_keeps_the_text_and_escapes_it():
    text = "She wrote <b>“no” & left</b> in 1999."
    y = text.index("1999")
    html = render_line(text, line_spans(text, quotes=[("no", "Kim", "direct")], dates=[(y, y + 4, "1999")]))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp; left" in html
    assert re.sub(r"<[^>]+>", "", html.replace('<span class="who">Kim:</span>', "")) == \
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert '<span class="q" title="Kim"><span class="who">Kim:</span>no</span>' in html
    assert html.endswith('<span class="d" title="1999">1999</span>.')  # the value equals the words: no note
    rel = render_line("two years ago", line_spans("two years ago", dates=[(0, 13, "-P2Y → 2017")]))
    assert rel == '<span class="d" title="-P2Y → 2017">two years ago<sup>-P2Y → 2017</sup></span>'


@pytest.fixture(scope="module")
def reader(seed_corpus):
    return Reader(seed_corpus)


def test_reader_marks_the_seeds_quote_date_and_name(reader):
    table = reader.table(2).set_index("line_no")
    # line 11 opens piece 2 with Gholam Mirzai's words (test_sources: attributed by the following mention)
    assert table.at[11, "quotes"] == "Gholam Mirzai"
    assert table.at[11, "dates"] == "over 37 years = P37Y"
    # line 10: "the Mujahideen-e-Khalq, or MEK": the variant shown with its canonical form
    assert "Mujahideen-e-Khalq = MEK" in table.at[10, "names"]
    html = reader.html(2)
    assert '<td class="n">11</td>' in html and "#2 news report" in html
    assert html.count("<tr>") == int((reader.corpus.lines.query("doc_id == 2")["role"] != "blank").sum())


def test_reader_chooser_switches_pieces_and_the_report_gets_static_html(reader, seed_corpus):
    box = reader.widget()
    choose, shown = box.children
    assert len(choose.options) == len(seed_corpus.documents) == 10
    assert "#1 " in shown.value
    choose.value = 3
    assert "#3 interview" in shown.value and "Hassan Hayrani" in shown.value
    bundle = Reader(seed_corpus, doc_id=5)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "#5 " in bundle["text/html"]
    with pytest.raises(Exception, match="no piece 99"):
        reader.html(99)


def test_kwic_explorer_aligns_on_the_keyword_and_follows_its_controls(seed_corpus):
    explorer = KwicExplorer(seed_corpus, "mafia")
    html = explorer.html()
    # "mafia" occurs on lines 142, 149, 151, 155, 156 (piece 6) and 240 (piece 10): see test_terms
    assert "“mafia”: 6 occurrences in 2 pieces." in html
    assert html.count('<td class="m">') == 6
    box = explorer.widget()
    (term, window), sort, shown = box.children[0].children, box.children[1], box.children[2]
    term.value = "Animal Farm"
    assert "“Animal Farm”: 1 occurrence in 1 piece." in shown.value
    term.value = "no such words here"
    assert "No occurrence of “no such words here”" in shown.value
    term.value = "mafia"
    sort.value = "corpus order"
    lines = re.findall(r'<td class="w">#\d+ l\.(\d+)</td>', shown.value)
    assert lines == ["142", "149", "151", "155", "156", "240"]
    window.value = 1
    assert explorer.table()["left"].str.split().str.len().max() <= 2  # one token each side (a word and its punctuation)
    assert "application/vnd.jupyter.widget-view+json" in explorer._repr_mimebundle_()


def test_kwic_html_cuts_long_contexts_and_says_how_many_are_shown():
    import pandas as pd

    table = pd.DataFrame({"doc_id": [1] * 3, "line_no": [5, 6, 7], "left": [("a " * 50).strip(), "b", "c"],
                          "match": ["X", "X", "X"], "right": [", then", ("y " * 50).strip(), "z"]})
    html = kwic_html(table, term="X", max_rows=2, width=10)
    assert "“X”: 3 occurrences in 1 piece; the first 2 shown." in html
    assert "<bdi dir=\"ltr\">…a a a a a</bdi>" in html
    assert '<td class="r">, then</td>' in html  # punctuation follows the match without a space
    assert '<td class="r"> y y y y y…</td>' in html
