"""Readable tables in notebooks: text left, numbers right, missing blank, constant columns hidden, long tables cut."""
import math
import re

import pandas as pd

from cuttings.viz.tables import constant_columns, format_value, show, what_this_shows


def _cells(html):
    """(align, text) of every td in order."""
    return re.findall(r'<td style="text-align:(left|right)"[^>]*>(.*?)</td>', html)


def _headers(html):
    return re.findall(r'<th style="text-align:(left|right)">(.*?)</th>', html)


def test_text_is_left_aligned_numbers_right_and_missing_blank():
    table = pd.DataFrame({"doc_id": [1, 2], "speaker": ["Ann Lee", None], "share": [0.25, math.nan],
                          "file": ["a.txt", "b.txt"]})
    html = show(table)._repr_html_()
    assert _headers(html) == [("right", "doc_id"), ("left", "speaker"), ("right", "share"), ("left", "file")]
    assert _cells(html) == [("right", "1"), ("left", "Ann Lee"), ("right", "0.25"), ("left", "a.txt"),
                            ("right", "2"), ("left", ""), ("right", ""), ("left", "b.txt")]
    assert "NaN" not in html and "None" not in html


def test_constant_columns_are_hidden_and_named_once():
    table = pd.DataFrame({"file": ["../seeds/x.txt"] * 3, "line_no": [4, 9, 12], "speaker": [None] * 3,
                          "text": ["one", "two", "three"]})
    assert constant_columns(table) == {"file": "../seeds/x.txt", "speaker": ""}
    shown = show(table)
    html = shown._repr_html_()
    assert [h for _, h in _headers(html)] == ["line_no", "text"]
    assert "Same on every row: file = ../seeds/x.txt; speaker empty." in html
    # a one-row table keeps every column: nothing is constant about a single row
    assert [h for _, h in _headers(show(table.head(1))._repr_html_())] == ["file", "line_no", "speaker", "text"]
    # hide_constant=False keeps them
    assert len(_headers(show(table, hide_constant=False)._repr_html_())) == 4


def test_long_tables_and_long_cells_are_cut_with_a_note():
    table = pd.DataFrame({"n": range(50), "text": ["x" * 200] + ["short"] * 49})
    html = show(table, max_rows=10, max_chars=20)._repr_html_()
    assert html.count("<tr>") == 11  # header + 10 rows
    assert "40 more rows not shown (50 in all)." in html
    first = _cells(html)[1][1]
    assert first == "x" * 19 + "…"
    assert 'title="' + "x" * 200 + '"' in html  # the whole text in the tooltip


def test_a_meaningful_index_becomes_columns_and_text_is_escaped():
    wide = pd.DataFrame({"date": [2, 0], "year": [1, 3]}, index=pd.Index([7, 9], name="doc_id"))
    assert [h for _, h in _headers(show(wide)._repr_html_())] == ["doc_id", "date", "year"]
    html = show(pd.DataFrame({"text": ["<b>bold</b> & co", "plain"]}))._repr_html_()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html and "<b>bold" not in html


def test_values_are_formatted_for_reading():
    assert format_value(3) == "3" and format_value(2.0) == "2" and format_value(0.123456) == "0.123"
    assert format_value([1, 2]) == "1, 2" and format_value(None) == "" and format_value(float("nan")) == ""
    assert format_value(pd.NA) == "" and format_value(True) == "yes"


def test_text_form_prints_without_index_or_nan():
    text = repr(show(pd.DataFrame({"a": [1, 2], "b": ["x", None]})))
    assert "NaN" not in text and "None" not in text
    assert text.splitlines()[0].split() == ["a", "b"]


def test_findings_render_as_a_closing_section():
    findings = pd.DataFrame({"finding": ["Pieces hold 3 words.", "None say <why>."], "value": [3, 0], "basis": ["x", "y"]})
    section = what_this_shows(findings)
    html = section._repr_html_()
    assert html.startswith('<h2 id="what-this-shows">What this shows</h2>')
    assert "<li>Pieces hold 3 words.</li>" in html and "&lt;why&gt;" in html
    assert section._repr_markdown_() == "## What this shows\n\n- Pieces hold 3 words.\n- None say <why>.\n"
