"""Temporal expressions of the seed, checked against tests/fixtures/seed_timeline.json (annotated by reading it)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEED, SEED_ARGS
from cuttings.analysis import timeline as T
from cuttings.cli import main
from cuttings.text import dates

FIXTURE = Path(__file__).parent / "fixtures" / "seed_timeline.json"


@pytest.fixture(scope="module")
def gold():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_lines():
    return SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def table(seed_corpus):
    return T.timeline(seed_corpus)


def _gold_rows(gold, seed_lines, first=1, last=249):
    rows = []
    for e in gold["expressions"]:
        if not first <= e["line"] <= last:
            continue
        line, pos = seed_lines[e["line"] - 1], -1
        for _ in range(e.get("nth", 0) + 1):
            pos = line.find(e["text"], pos + 1)
        assert pos >= 0, e
        rows.append((e["line"], pos, pos + len(e["text"]), e["text"], e["type"], e["kind"], e["value"], e["mod"],
                     e["anchored"]))
    return rows


def _none(values):
    return [None if v is None or v != v else v for v in values]  # missing (None or NaN) -> None


def _rows(df):
    return list(zip(df["line_no"], df["start"], df["end"], df["text"], df["type"], df["kind"], df["value"],
                    _none(df["mod"]), _none(df["anchored"])))


def test_every_expression_of_the_seed_is_the_annotated_one(table, gold, seed_lines):
    assert _rows(table) == _gold_rows(gold, seed_lines)
    assert len(table) == 132
    assert table["type"].value_counts().to_dict() == {"DATE": 87, "DURATION": 39, "TIME": 3, "SET": 3}


@pytest.mark.parametrize("doc_id", [1, 2, 7, 10, 3, 4, 5, 6, 8, 9])
def test_each_piece_lists_exactly_its_annotated_expressions(table, gold, seed_lines, doc_id):
    first, last = gold["pieces"][str(doc_id)]
    assert _rows(table[table["doc_id"] == doc_id]) == _gold_rows(gold, seed_lines, first, last)


def test_offsets_point_at_the_text(table, seed_lines):
    for r in table.itertuples(index=False):
        assert seed_lines[r.line_no - 1][r.start:r.end] == r.text


def test_piece_1_and_the_bbc_piece_by_hand(table):
    p1 = table[table["doc_id"] == 1]
    assert list(zip(p1["text"], p1["value"])) == [("1964", "1964"), ("17-18 years", "P17Y/P18Y")]
    p2 = table[table["doc_id"] == 2]
    explicit = p2[p2["kind"].isin(T.DATE_KINDS)]
    assert list(zip(explicit["line_no"], explicit["text"], explicit["value"])) == [
        (14, "1979", "1979"), (15, "1980-1988", "1980/1988"), (19, "2003", "2003"), (19, "2013", "2013"),
        (20, "1984", "1984"), (27, "the end of 2017", "2017"), (55, "1980", "1980")]
    assert p2.loc[p2["line_no"] == 27, "mod"].item() == "END"  # "Towards the end of 2017": "Towards" is a signal
    rel = p2[p2["kind"] == "relative"]
    # Piece 2 borrows piece 7's date: years resolve, days ("Today, in the morning, ...") need its own date line.
    assert list(zip(rel["text"], rel["value"], _none(rel["anchored"]))) == [
        ("two years ago", "-P2Y", "2017"), ("July this year", "XXXX-07", "2019-07"), ("Last year", "-P1Y", "2018"),
        ("Today", "+P0D", None), ("today", "+P0D", None)]
    assert p2.loc[p2["line_no"] == 11, ["text", "value", "mod"]].values.tolist() == [["over 37 years", "P37Y", "MORE_THAN"]]
    assert p2.loc[p2["line_no"] == 52, ["text", "type", "value"]].values.tolist() == [
        ["Now", "DATE", "PRESENT_REF"], ["the future", "DATE", "FUTURE_REF"]]


def test_the_letter_with_its_list_of_european_dates(table):
    p7 = table[table["doc_id"] == 7]
    listed = p7[p7["line_no"].between(189, 194)]
    # Day first, two-digit years read in the 100 years ending with the letter's date (2019).
    assert list(zip(listed["text"], listed["value"])) == [
        ("02.06.73", "1973-06-02"), ("21.05.75", "1975-05-21"), ("21.05.75", "1975-05-21"),
        ("28.08.76", "1976-08-28"), ("28.08.76", "1976-08-28"), ("28.08.76", "1976-08-28")]
    assert listed["anchor"].str.contains("100 years ending with the reference year 2019").all()
    dated = p7[p7["line_no"] == 187].iloc[0]
    assert (dated["text"], dated["value"]) == ("November 04, 2019", "2019-11-04")
    assert p7.loc[p7["line_no"] == 167, "value"].tolist() == ["2019-11-06"]  # Wednesday, the 6th of November 2019
    assert p7.loc[p7["line_no"] == 173, ["text", "value"]].values.tolist() == [["1970s", "197"], ["21st century", "20"]]
    # "today" in a piece with its own date line is that day.
    assert p7.loc[p7["line_no"] == 171, ["text", "anchored"]].values.tolist() == [["today", "2019-11-04"]]
    assert p7.loc[p7["line_no"] == 175, ["text", "type", "kind"]].values.tolist() == [
        ["June 2003", "DATE", "month"], ["now", "DATE", "ref"]]


def test_the_letter_of_piece_10(table):
    p10 = table[table["doc_id"] == 10]
    assert list(zip(p10["text"], p10["kind"], _none(p10["anchored"]))) == [
        ("June 1981", "month", "1981-06"), ("five years", "duration", "P5Y"), ("two years", "duration", "P2Y"),
        ("many years", "duration", "PXY"), ("Recently", "ref", "PAST_REF"), ("October 2018", "month", "2018-10"),
        ("past forty years", "duration", "P40Y"), ("recently", "ref", "PAST_REF"), ("August 19", "relative", "2019-08-19"),
        ("August 19", "relative", "2019-08-19"), ("last week", "relative", None),
        ("2003", "year", "2003"), ("1997-2012", "range", "1997/2012"),
        ("from 1981 to 1983", "range", "1981/1983"), ("2013", "year", "2013")]


def test_false_friends_of_the_seed_stay_out(table, seed_lines):
    covered = {(r.line_no, i) for r in table.itertuples(index=False) for i in range(r.start, r.end)}
    for line_no, text in [(56, "60-year-old"), (12, "He is 60"), (52, "At 40"), (158, "$30,000"),
                          (158, "$200,000"), (244, "12000 people"), (49, "2,500 MEK members"),
                          (158, "3,500 members"), (202, "4,000 Mojahedin"), (202, "400 people"),
                          (167, "G50"), (123, "1-"), (132, "10-"), (154, "100%"),
                          (143, "26-hectares"), (27, "30km (19 miles)"), (33, "in his 20s"),
                          (4, "one day"), (55, "one-month-old"), (147, "I was 16"), (145, "day by day"),
                          (27, "Towards")]:
        pos = seed_lines[line_no - 1].find(text)
        assert pos >= 0, text
        assert not any((line_no, i) in covered for i in range(pos, pos + len(text))), text
    ten = table[table["line_no"] == 114]
    assert ten.loc[ten["text"] == "10-year", ["type", "value"]].values.tolist() == [["DURATION", "P10Y"]]


@pytest.mark.parametrize("text", [
    "a 60-year-old man", "He is 60, and", "At 40, he is", "$30,000 in cash", "12000 people", "2,500 MEK members",
    "room G50", "1- Mohammad", "10- Moussa", "100% refugees", "26-hectares of land",
    "about 30km (19 miles) from", "in his 20s", "in her '20s", "one day, they took me",
    "she was 37 years old", "No. 1984", "at 1830 GMT", "1500 people", "20th Century Fox", "May I ask",
    "to mar the image", "some time ago", "a March on Washington", "the fall of Saddam", "as soon as possible",
    "Tuesday Weld", "next to the embassy", "the Today programme", "day by day", "the daily Granma", "daily flights",
    "the current crisis", "Christmas shopping", "a 44-year-old protester", "Spring of Life", "her 90s"])
def test_numbers_and_words_that_are_not_dates(text):
    assert dates.find(text) == []


@pytest.mark.parametrize("text,expected", [
    ("between 1980 and 1988", [("between 1980 and 1988", "range", "1980/1988")]),
    ("in 1980 and 1988", [("1980", "year", "1980"), ("1988", "year", "1988")]),
    ("the 2004-05 season", [("2004-05", "range", "2004/2005")]),
    ("mid-2004 and the late 1990s", [("mid-2004", "year", "2004"), ("late 1990s", "decade", "199")]),
    ("the twenty-first century", [("twenty-first century", "century", "20")]),
    ("On 5 May 2005 and on May 6", [("5 May 2005", "date", "2005-05-05"), ("May 6", "relative", "XXXX-05-06")]),
    ("2019-11-04", [("2019-11-04", "date", "2019-11-04")]),
    ("25/12/2004 and 12/25/2004", [("25/12/2004", "date", "2004-12-25"), ("12/25/2004", "date", "2004-12-25")]),
    ("half a year", [("half a year", "duration", "P6M")]),
    ("two and a half years", [("two and a half years", "duration", "P2Y6M")]),
    ("three decades ago", [("three decades ago", "relative", "-P30Y")]),
    ("over the last year", [("the last year", "relative", "-P1Y")]),
    ("over the past week", [("the past week", "duration", "P1W")]),
    ("for thirty-seven years", [("thirty-seven years", "duration", "P37Y")]),
    ("every three months and once a year", [("every three months", "set", "P3M"), ("once a year", "set", "P1Y")]),
    ("recently, and now", [("recently", "ref", "PAST_REF"), ("now", "ref", "PRESENT_REF")]),
])
def test_forms_of_the_grammar(text, expected):
    assert [(t.text, t.kind, t.value) for t in dates.find(text)] == expected


def test_two_digit_years_are_read_in_the_hundred_years_ending_at_the_reference():
    assert dates.find("murdered: 02.06.73", reference="2019-11-04")[0].anchored == "1973-06-02"
    assert dates.find("12.05.20", reference="2019-11-04")[0].anchored == "1920-05-12"
    assert dates.find("12.05.20", reference="2025-01-01")[0].anchored == "2020-05-12"
    assert dates.find("12.05.20")[0].value == "2020-05-12"  # no reference: POSIX pivot, 00-68 -> 2000s
    assert dates.find("12.05.75")[0].value == "1975-05-12"


def test_relative_expressions_resolve_against_a_given_reference():
    def anchored(text, ref):
        return [(t.text, t.anchored) for t in dates.find(text, reference=ref)]

    assert anchored("He left two years ago.", "2019-11-04") == [("two years ago", "2017")]
    assert anchored("In July this year and last year", "2019-11-04") == [("July this year", "2019-07"), ("last year", "2018")]
    # The weekday decides the year: 13 September is a Friday in 2019 and in 2013.
    assert anchored("On Friday September 13, you visited", "2019-11-04") == [("Friday September 13", "2019-09-13")]
    assert anchored("On Friday September 13, you visited", "2014-01-01") == [("Friday September 13", "2013-09-13")]
    # A given full date is the text's own: weekdays and days resolve.
    assert anchored("on Friday", "2019-11-04") == [("Friday", "2019-11-01")]
    assert anchored("last week", "2019-11-04") == [("last week", "2019-W44")]
    assert anchored("about a year and a half ago", "2019-11") == [("about a year and a half ago", "2018-05")]
    assert anchored("two or three years ago", "2018-03") == [("two or three years ago", "2015/2016")]
    assert anchored("a few days ago and a year earlier", "2019-11-04") == [("a few days ago", None), ("a year earlier", None)]


def test_yearless_dates_after_a_lower_bound_take_the_first_occurrence():
    ref = dates.Reference(__import__("datetime").date(2018, 3, 1), "month", "latest date in piece", "not before")
    assert [t.anchored for t in dates.find("On 23 October, he said", reference=ref)] == ["2018-10-23"]
    near = dates.Reference(__import__("datetime").date(2018, 3, 1), "month", "nearest piece", "approximate")
    assert [t.anchored for t in dates.find("On 23 October, he said", reference=near)] == ["2017-10-23"]
    # Days need the piece's own date line: with a lower bound they stay unresolved.
    assert [t.anchored for t in dates.find("on Friday", reference=ref)] == [None]


def test_references_of_the_seed(seed_corpus, gold):
    refs = T.references(seed_corpus)
    got = {str(r.doc_id): [r.reference, r.method] for r in refs.itertuples(index=False)}
    assert got == gold["references"]
    seven = refs[refs["doc_id"] == 7].iloc[0]
    assert (seven["precision"], seven["bound"], seven["line_no"]) == ("day", "exact", 187)
    nine = refs[refs["doc_id"] == 9].iloc[0]
    assert (nine["precision"], nine["bound"], nine["line_no"]) == ("month", "not before", 205)
    assert refs.loc[refs["doc_id"] == 2, "from_doc"].item() == 7


def test_anchor_says_what_and_how(table):
    row = table[(table["line_no"] == 12) & (table["kind"] == "relative")].iloc[0]
    assert row["anchor"] == ("2 years before the reference date; reference 2019-11-04 "
                             "(borrowed from the nearest dated piece, piece 7: its date line, line 187)")
    assert table.loc[table["text"] == "This Tuesday", "anchor"].item().startswith(
        "not resolved: a day or week needs the piece's own dated line")
    assert table.loc[table["text"] == "a year earlier", "anchor"].item() == (
        "not resolved: counted from an event the text mentions, and no date was mentioned before it")
    explicit = table[table["kind"].isin(["year", "range", "month", "duration", "ref", "set"])]
    assert explicit["anchor"].isna().all() and (explicit["anchored"] == explicit["value"]).all()


def test_default_reference_for_undated_text(tmp_path):
    import cuttings

    f = tmp_path / "one.txt"
    f.write_text("A title\n\nHe left the group two years ago and came back last year.\n", encoding="utf-8")
    corpus = cuttings.load(f)
    assert T.timeline(corpus)["anchored"].isna().all()  # nothing to anchor against
    assert T.references(corpus)["method"].tolist() == ["none"]
    tl = T.timeline(corpus, default="2005-06")
    assert tl["anchored"].tolist() == ["2003", "2004"]
    assert T.references(corpus, default="2005-06")["method"].tolist() == ["default"]
    assert T.references(corpus, reference="2005-06-30")[["reference", "method", "bound"]].values.tolist() == [
        ["2005-06-30", "given", "exact"]]


def test_events_are_the_dated_sentences_with_their_names(seed_corpus, table):
    ev = T.events(seed_corpus, table=table)
    dated = table[table["kind"].isin(T.DATE_KINDS) | (table["kind"].eq("relative") & table["anchored"].notna())]
    # 35 explicit (17 years, 3 ranges, 4 months, 9 dates, a decade, a century) + 14 resolved relative ones.
    assert len(ev) == len(dated) == 49
    assert list(ev.columns) == ["doc_id", "file", "line_no", "start", "end", "type", "kind", "text", "value",
                                "sentence", "names"]
    row = ev[(ev["line_no"] == 19) & (ev["text"] == "2003")].iloc[0]
    assert row["sentence"] == "In 2003, the allied invasion of Iraq made life perilous for the MEK."
    assert "MEK" in row["names"].split("; ")
    rajavi = ev[ev["line_no"] == 246].iloc[0]
    assert rajavi["value"] == "2013" and "Maryam Rajavi" in rajavi["names"].split("; ")
    july = ev[ev["line_no"] == 28].iloc[0]
    assert (july["value"], july["sentence"]) == ("2019-07", "But in July this year, thousands attended the MEK’s Free Iran event at the camp.")
    assert all(r.text in r.sentence for r in ev.itertuples(index=False))


def test_stated_durations_of_membership(seed_corpus, table):
    du = T.durations(seed_corpus, table=table)
    assert len(du) == (table["type"] == "DURATION").sum() == 39
    member = du[du["theme"] == "membership"]
    assert list(zip(member["line_no"], member["text"], member["years_max"].fillna(-1))) == [
        (87, "28 years", 28.0), (93, "30 years", 30.0), (104, "20 years", 20.0), (105, "20 years", 20.0),
        (107, "30 years", 30.0), (118, "decades", -1), (147, "8 years", 8.0), (152, "28 years", 28.0)]
    # "separated from MEK for a year and a half" (line 107) is not time inside it.
    assert du.loc[(du["line_no"] == 107) & (du["text"] == "a year and a half"), "theme"].isna().all()
    assert member.loc[member["line_no"] == 93, "role"].item() == "question"
    assert du.loc[du["text"] == "17-18 years", ["years_min", "years_max"]].values.tolist() == [[17.0, 18.0]]


def test_spans_and_mentions(seed_corpus, table):
    sp = T.spans(seed_corpus, table=table).set_index("doc_id")
    assert sp.loc[2, ["first_year", "last_year", "span_years"]].tolist() == [1979, 2019, 40]
    assert sp.loc[7, ["first_year", "last_year"]].tolist() == [1970, 2019]  # the 1970s to 2019 (the century left out)
    assert sp.loc[1, ["n_mentions", "span_years"]].tolist() == [1, 0]
    assert sp.loc[8, "n_mentions"] == 0
    men = T.mentions(seed_corpus, table=table, start=1960, end=2020)
    assert men["first"].is_monotonic_increasing and men.iloc[0]["value"] == "1964"
    assert "century" not in set(men["type"])


def test_plots_return_their_tables(seed_corpus, table):
    import matplotlib.pyplot as plt

    from cuttings.viz import timeline as plots

    fig, tab = plots.plot_timeline(T.mentions(seed_corpus, table=table))
    assert len(fig.axes[0].get_yticklabels()) == len(tab) == 48  # the 49 dated mentions but the century
    plt.close(fig)
    fig, refs = plots.plot_references(T.references(seed_corpus), seed_corpus.documents)
    assert len(refs) == 10
    plt.close(fig)
    fig, du = plots.plot_durations(T.durations(seed_corpus, table=table), theme="membership")
    assert fig.axes[0].get_title(loc="left") == "Durations of membership stated in the pieces"
    assert len(fig.axes[0].patches) == 7  # the vague "for decades" is listed, not drawn
    plt.close(fig)


def test_duration_years_and_interval():
    assert T.duration_years("P18M") == (1.5, 1.5)
    assert T.duration_years("P1Y6M") == (1.5, 1.5)
    assert T.duration_years("P17Y/P18Y") == (17.0, 18.0)
    assert T.duration_years("P3DE") == (30.0, 30.0)
    assert T.duration_years("PXDE") is None
    import datetime as dt

    assert T.interval("2019-11") == (dt.date(2019, 11, 1), dt.date(2019, 11, 30))
    assert T.interval("1980/1988") == (dt.date(1980, 1, 1), dt.date(1988, 12, 31))
    assert T.interval("2019-W44") == (dt.date(2019, 10, 28), dt.date(2019, 11, 3))
    assert T.interval("XXXX-07") is None and T.interval("-P2Y") is None and T.interval("PRESENT_REF") is None
    assert T.interval("197") == (dt.date(1970, 1, 1), dt.date(1979, 12, 31))  # TIMEX3 decade
    assert T.interval("20") == (dt.date(2000, 1, 1), dt.date(2099, 12, 31))  # TIMEX3 century
    assert T.interval("1989-Q3") == (dt.date(1989, 7, 1), dt.date(1989, 9, 30))
    assert T.interval("2013-H2") == (dt.date(2013, 7, 1), dt.date(2013, 12, 31))
    assert T.interval("2013-WI") == (dt.date(2013, 12, 1), dt.date(2014, 2, 28))
    assert T.interval("2019-W44-WE") == (dt.date(2019, 11, 2), dt.date(2019, 11, 3))
    assert T.interval("2019-11-04T20:51") == (dt.date(2019, 11, 4), dt.date(2019, 11, 4))


def test_cli_prints_the_timeline(capsys):
    assert main(["timeline", *SEED_ARGS, "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 132
    assert list(rows[0]) == list(T.COLUMNS)
    assert {k: rows[0][k] for k in ("doc_id", "line_no", "text", "type", "kind", "value", "anchored")} == {
        "doc_id": 1, "line_no": 2, "text": "1964", "type": "DATE", "kind": "year", "value": "1964", "anchored": "1964"}


@pytest.mark.parametrize("flag,first_col,n", [("--events", "doc_id", 49), ("--references", "doc_id", 10),
                                              ("--durations", "doc_id", 39)])
def test_cli_other_tables(capsys, flag, first_col, n):
    assert main(["timeline", *SEED_ARGS, flag, "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split(",")[0] == first_col
    import csv

    assert len(list(csv.reader(out))) == n + 1


def test_cli_user_errors_are_one_line(capsys, tmp_path):
    assert main(["timeline", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such file" in err[0]
    for option in ("--default", "--reference"):
        assert main(["timeline", *SEED_ARGS, option, "4 Nov"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "YYYY-MM-DD" in err[0]
    assert main(["timeline", *SEED_ARGS, "--out", str(tmp_path / "x")]) == 2
    assert capsys.readouterr().err.strip() == "cuttings: error: --out goes with --format timeml"


def test_cli_help_documents_every_option():
    from cuttings.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices["timeline"]
    for action in sub._actions:
        if action.dest != "help":
            assert action.help, action.dest


def test_import_is_light():
    code = "import sys, cuttings.analysis.timeline; print(sorted(m for m in ('pandas','numpy','matplotlib','sklearn') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_vocabulary_is_a_documented_data_file():
    readme = (ROOT / "lib" / "cuttings" / "data" / "README.md").read_text(encoding="utf-8")
    assert "`temporal.txt`" in readme
    for path in [ROOT / "lib" / "cuttings" / "analysis" / "timeline.py",
                 *(ROOT / "lib" / "cuttings" / "text" / "dates").glob("*.py")]:
        src = path.read_text(encoding="utf-8")
        for seed_word in ("Mirzai", "Albania", "1973", "Teheran", "membership"):
            assert seed_word not in src, (path.name, seed_word)


_WORDS = ["in", "on", "for", "the", "of", "ago", "last", "this", "year", "years", "months", "decades", "July",
          "May", "Friday", "1979", "1980-1988", "02.06.73", "17-18", "a", "half", "and", "over", "about", "$30,000",
          "60-year-old", "2019,", "04", "6th", "November", "from", "to", "'70s", "1970s", "21st", "century", ",", "-"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=4), max_size=14))
def test_spans_are_ordered_disjoint_and_exact(words):
    text = " ".join(words)
    found = dates.find(text, reference="2019-11-04")
    last = 0
    for t in found:
        assert last <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.type in T.TYPES
        last = t.end
