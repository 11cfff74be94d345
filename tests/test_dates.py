"""TIMEX3 coverage of the date grammar, reference dates of folder corpora, TimeML output and the TempEval-3
scorer, each checked on small literal texts whose expected values were worked out by hand."""
import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import te3
from cuttings.analysis import timeline as T
from cuttings.cli import main
from cuttings.text import dates
from cuttings.text.dates import timeml


def found(text, ref=None):
    return [(t.text, t.type, t.anchored if ref else t.value, t.mod) for t in dates.find(text, reference=ref)]


# -- TIMEX3 forms ------------------------------------------------------------------------------------
# 2013-03-22 is a Friday, in ISO week 12 and the first quarter.

@pytest.mark.parametrize("text,expected", [
    ("He said Friday that prices rose.", [("Friday", "DATE", "2013-03-22", None)]),
    ("Friday's announcement surprised them.", [("Friday", "DATE", "2013-03-22", None)]),
    ("They met Tuesday and will meet again Monday.",
     [("Tuesday", "DATE", "2013-03-19", None), ("Monday", "DATE", "2013-03-25", None)]),
    ("this week, last week and the week before", [("this week", "DATE", "2013-W12", None),
                                                   ("last week", "DATE", "2013-W11", None)]),
    ("Sales fell in the first quarter and will rise in the third quarter of 2012.",
     [("the first quarter", "DATE", "2013-Q1", None), ("the third quarter of 2012", "DATE", "2012-Q3", None)]),
    ("Q3 2013 results", [("Q3 2013", "DATE", "2013-Q3", None)]),
    ("last summer, this fall and the winter of 1994",
     [("last summer", "DATE", "2012-SU", None), ("this fall", "DATE", "2013-FA", None),
      ("the winter of 1994", "DATE", "1994-WI", None)]),
    ("this morning, last night and Friday evening",
     [("this morning", "TIME", "2013-03-22TMO", None), ("last night", "TIME", "2013-03-21TNI", None),
      ("Friday evening", "TIME", "2013-03-22TEV", None)]),
    ("at 8:51 p.m. and at noon", [("8:51 p.m.", "TIME", "2013-03-22T20:51", None),
                                 ("noon", "TIME", "2013-03-22T12:00", None)]),
    ("12:43 EST, 19 December 2013", [("12:43 EST, 19 December 2013", "TIME", "2013-12-19T12:43", None)]),
    ("now, currently, recently and in the future", [("now", "DATE", "PRESENT_REF", None),
                                                    ("currently", "DATE", "PRESENT_REF", None),
                                                    ("recently", "DATE", "PAST_REF", None),
                                                    ("the future", "DATE", "FUTURE_REF", None)]),
    ("for more than a decade, in recent weeks, over the past two years",
     [("more than a decade", "DURATION", "P10Y", "MORE_THAN"), ("recent weeks", "DURATION", "PXW", None),
      ("the past two years", "DURATION", "P2Y", None)]),
    ("the last week", [("the last week", "DURATION", "P1W", None)]),
    ("about three hours and nearly 30 minutes", [("about three hours", "DURATION", "PT3H", "APPROX"),
                                                 ("nearly 30 minutes", "DURATION", "PT30M", "LESS_THAN")]),
    ("every week, annually, twice a year and each Thursday",
     [("every week", "SET", "P1W", None), ("annually", "SET", "P1Y", None), ("twice a year", "SET", "P1Y", None),
      ("each Thursday", "SET", "XXXX-WXX-4", None)]),
    ("2021/03/03 and 03.03.2021", [("2021/03/03", "DATE", "2021-03-03", None),
                                  ("03.03.2021", "DATE", "2021-03-03", None)]),
    ("today, yesterday and tomorrow", [("today", "DATE", "2013-03-22", None), ("yesterday", "DATE", "2013-03-21", None),
                                       ("tomorrow", "DATE", "2013-03-23", None)]),
    ("two weeks ago and a year ago", [("two weeks ago", "DATE", "2013-W10", None),
                                      ("a year ago", "DATE", "2012", None)]),
    ("early next week and later this year", [("early next week", "DATE", "2013-W13", "START"),
                                             ("later this year", "DATE", "2013", "END")]),
    ("the 1990s and the 20th century", [("1990s", "DATE", "199", None), ("20th century", "DATE", "19", None)]),
    ("fiscal 1989 and 1994 or later", [("fiscal 1989", "DATE", "1989", None), ("1994 or later", "DATE", "1994", "ON_OR_AFTER")]),
    ("on Christmas Day and last Thanksgiving", [("Christmas Day", "DATE", "2012-12-25", None),
                                               ("last Thanksgiving", "DATE", "2012-11-22", None)]),
    ("April 24 and 25", [("April 24", "DATE", "2013-04-24", None), ("25", "DATE", "2013-04-25", None)]),
    ("They march each July and every March.", [("each July", "SET", "XXXX-07", None),
                                               ("every March", "SET", "XXXX-03", None)]),
    # Rates are not recurrences: a frequency right after a quantity is left out.
    ("Sales will rise 8.5% annually to 10,000 units annually, at 15 million instructions per second.", []),
    ("Rallies are held annually, twice per year.", [("annually", "SET", "P1Y", None), ("per year", "SET", "P1Y", None)]),
    # Years in words after a month or a season (broadcast transcripts).
    ("January nineteen ninety-seven, and the winter of nineteen ninety-four",
     [("January nineteen ninety-seven", "DATE", "1997-01", None),
      ("the winter of nineteen ninety-four", "DATE", "1994-WI", None)]),
    ("He will leave at 4 in the morning and return by 10 at night.",
     [("4 in the morning", "TIME", "2013-03-22T04:00", None), ("10 at night", "TIME", "2013-03-22T22:00", None)]),
    ("The deal will close by year-end; shares are up 5% since year-end.",
     [("year-end", "DATE", "2013", "END"), ("year-end", "DATE", "2012", "END")]),
    # "the year" alone is the year the text is about: that of the date mentioned last, else the reference's.
    ("Sales fell in the first nine months of the year. For the full year, they rose. The year before, they fell.",
     [("the first nine months", "DURATION", "P9M", None), ("the year", "DATE", "2013", None),
      ("the full year", "DATE", "2013", None)]),
    ("In 1988, sales fell for the fiscal year.", [("1988", "DATE", "1988", None), ("the fiscal year", "DATE", "1988", None)]),
    ("It aims at a 50% share by 2015 and expects a gain for the full year.",  # a year ahead is not the one about
     [("2015", "DATE", "2015", None), ("the full year", "DATE", "2013", None)]),
    ("The index fell on Friday. For the week, it lost 3.8%, the week's worst.",
     [("Friday", "DATE", "2013-03-22", None), ("the week", "DATE", "2013-W12", None),
      ("the week", "DATE", "2013-W12", None)]),
    ("Net for the year-earlier nine months fell.", [("the year-earlier nine months", "DURATION", "P9M", None)]),
    ("in the spring of last year, on the night of Oct. 23",  # TBAQ: "the night of" stays out (2 of 2)
     [("the spring of last year", "DATE", "2012-SP", None), ("Oct. 23", "DATE", "2012-10-23", None)]),
    ("Earlier Friday, lawyers met; late Monday they left.",  # "earlier" that day is an adverb, "late" a part
     [("Friday", "DATE", "2013-03-22", None), ("late Monday", "DATE", "2013-03-18", "END")]),
    ("since the mid-1990s, on Sundays", [("mid-1990s", "DATE", "199", "MID"), ("Sundays", "SET", "XXXX-WXX-7", None)]),
    ("Trading resumes at 9:30 a.m. ET on Monday, March 25.",
     [("9:30 a.m. ET on Monday, March 25", "TIME", "2013-03-25T09:30", None)]),
    ("by the end of the month, late in the week, at the end of the day",
     [("the end of the month", "DATE", "2013-03", "END"), ("late in the week", "DATE", "2013-W12", "END")]),
    # A year or "Today" closing a name is no date; after a sentence's first word or a preposition it is.
    ("a venture called Orion 1980, and Windows 2000. This is VOA Today. Since 1985, USA Today grew.",
     [("1985", "DATE", "1985", None)]),
    # "the past" before a quantity is the start of a span of time, never PAST_REF; alone it is.
    ("for the past three summers, the past few winters; in the past",
     [("the past", "DATE", "PAST_REF", None)]),
    # "the week of" a day is that day's week (2013-03-25 is the Monday of ISO week 13).
    ("a hearing the week of March 25; in the week of 6 March 2000",
     [("the week of March 25", "DATE", "2013-W13", None), ("the week of 6 March 2000", "DATE", "2000-W10", None)]),
])
def test_timex3_forms_resolved_against_a_document_date(text, expected):
    assert found(text, "2013-03-22") == expected


def test_dates_without_a_year_follow_the_tense_when_the_nearest_is_far():
    # In March, August is five months either side: the verb decides.
    assert found("He arrested both men in early August.", "2013-03-22") == [("early August", "DATE", "2012-08", "START")]
    assert found("The plant will open in early August.", "2013-03-22") == [("early August", "DATE", "2013-08", "START")]
    # Within two months the nearest occurrence wins, whatever the tense ("rights which expire Nov. 21").
    assert found("The rights, which expire Nov. 21, were issued.", "1989-11-02")[0][2] == "1989-11-21"
    # A deadline ahead: "until Tuesday" is the next Tuesday even in a clause in the past.
    assert found("They postponed the hearing until Tuesday.", "2013-03-22")[0][2] == "2013-03-26"


def test_expressions_count_from_the_date_mentioned_before_them():
    text = "Profit rose in the third quarter. A year earlier, it fell; the year-ago quarter was weak. That year was bad."
    assert [(t.text, t.anchored) for t in dates.find(text, reference="1989-10-26")] == [
        ("the third quarter", "1989-Q3"), ("A year earlier", "1988-Q3"), ("the year-ago quarter", "1988-Q3"),
        ("That year", "1989")]
    # Nothing mentioned before: counted from an event, not resolved.
    assert dates.find("A year earlier, it fell.", reference="1989-10-26")[0].anchored is None


def test_quarters_of_earnings_reports():
    # Written on 1989-11-02, in the fourth quarter: the third is the latest one over.
    def anchored(text):
        return [(t.text, t.anchored) for t in dates.find(text, reference="1989-11-02")]

    assert anchored("Net rose in the third quarter from the corresponding period last year.") == [
        ("the third quarter", "1989-Q3"), ("the corresponding period last year", "1988-Q3")]
    # "year-ago" before a quarter moves it a year back; "the 1988 quarter" is numbered as the one before it.
    assert anchored("Net for the year-ago third quarter fell.") == [("the year-ago third quarter", "1988-Q3")]
    assert anchored("Net rose in the second quarter, as in the 1988 quarter.") == [
        ("the second quarter", "1989-Q2"), ("the 1988 quarter", "1988-Q2")]
    # A fourth-quarter charge is ahead: "the latest quarter" is the last one over, and "a year ago" counts from
    # it, while "last year" is the year.
    assert anchored("A fourth-quarter charge is expected. In the latest quarter, net fell from a year ago. "
                    "Last year, it rose.") == [("fourth-quarter", "1989-Q4"), ("the latest quarter", "1989-Q3"),
                                               ("a year ago", "1988-Q3"), ("Last year", "1988")]
    # A quarter written as ended is over, whatever its (fiscal) number.
    assert anchored("Net for its fourth quarter ended Sept. 30 fell. The latest quarter was weak.") == [
        ("fourth quarter", "1989-Q4"), ("Sept. 30", "1989-09-30"), ("The latest quarter", "1989-Q4")]
    assert anchored("Sales for last year's quarter were $3 million.") == [("last year's quarter", "1988")]


def test_a_time_of_day_takes_the_day_written_next_to_it():
    assert found("The blast occurred at about 10:35 a.m. (0735 GMT) Friday.", "1998-08-08") == [
        ("about 10:35 a.m.", "TIME", "1998-08-07T10:35", "APPROX"), ("Friday", "DATE", "1998-08-07", None)]
    assert found("INS extended its deadline until 9 a.m. EST Tuesday.", "2000-04-03")[0][2] == "2000-04-04T09:00"


@pytest.mark.parametrize("text,value", [
    ("Posted on: 3 March 2021", "2021-03-03"), ("Published 2021/03/03", "2021-03-03"), ("03.03.2021", "2021-03-03"),
    ("12:43 EST, 19 December 2013", "2013-12-19"), ("BRUSSELS, March 2, 1987 - The European Community said",
                                                     "1987-03-02"),
    ("LONDON, Tuesday 2 March 2021 (Reuters) - Shares fell", "2021-03-02"),
    ("BRUSSELS, March 2 - The European Community", None), ("He left in March 2021 for Rome.", None),
    ("The 2021 budget", None), ("", None)])
def test_datelines(text, value):
    assert dates.dateline(text) == value


# -- reference dates of folder corpora ---------------------------------------------------------------

def _folder(tmp_path, files):
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return tmp_path


def test_each_file_has_its_own_reference_date(tmp_path):
    import cuttings

    folder = _folder(tmp_path / "news", {
        "a.txt": "Posted on: 3 March 2021\n\nThe plan failed last year.\n",
        "b.txt": "Sales report\n\nNext year will be better, the company said.\n",
        "c.txt": "Another story\n\nShe moved here two years ago, in 2009.\n",
        "d.txt": "Undated\n\nIt happened last year.\n"})
    (folder / "dates.csv").write_text("file,date\nb.txt,2004-06-30\na.txt,1999-01-01\n", encoding="utf-8")
    corpus = cuttings.load(folder)
    refs = T.references(corpus).set_index("doc_id")
    by_file = dict(zip(corpus.documents["doc_id"], corpus.documents["file"].map(lambda f: f.rsplit("/", 1)[-1])))
    got = {by_file[d]: (r.reference if isinstance(r.reference, str) else None, r.method) for d, r in refs.iterrows()}
    # a.txt's own dateline wins over dates.csv; b.txt takes dates.csv; c.txt only bounds itself by the year it
    # mentions; d.txt has nothing: never the latest date of another file.
    assert got == {"a.txt": ("2021-03-03", "dateline"), "b.txt": ("2004-06-30", "dates.csv"),
                   "c.txt": (None, "none"), "d.txt": (None, "none")}
    tl = T.timeline(corpus)
    got = [(r.file.rsplit("/", 1)[-1], r.text, r.anchored if isinstance(r.anchored, str) else None)
           for r in tl.itertuples(index=False)]
    # c.txt mentions a year only (not a month or a day: no lower bound) and d.txt nothing: their relative
    # expressions have nothing to count from.
    assert got == [("a.txt", "3 March 2021", "2021-03-03"), ("a.txt", "last year", "2020"),
                   ("b.txt", "Next year", "2005"), ("c.txt", "two years ago", None), ("c.txt", "2009", "2009"),
                   ("d.txt", "last year", None)]


def test_a_given_reference_is_the_creation_time_of_every_piece(tmp_path):
    import cuttings

    folder = _folder(tmp_path, {"one.txt": "A title\n\nThey met on Friday, three weeks ago.\n",
                                "two.txt": "Posted on: 3 March 2021\n\nIt rained yesterday.\n"})
    corpus = cuttings.load(folder)
    tl = T.timeline(corpus, reference="2013-03-22")
    assert tl[["text", "anchored"]].values.tolist() == [
        ["Friday", "2013-03-22"], ["three weeks ago", "2013-W09"], ["3 March 2021", "2021-03-03"],
        ["yesterday", "2013-03-21"]]
    # A mapping file -> date gives each file its own.
    tl = T.timeline(corpus, reference={"one.txt": "2013-03-25"})
    assert tl.loc[tl["text"] == "Friday", "anchored"].item() == "2013-03-22"
    assert tl.loc[tl["text"] == "yesterday", "anchored"].item() == "2021-03-02"


def test_cli_reference_acts_as_the_document_date(tmp_path, capsys):
    f = tmp_path / "story.txt"
    f.write_text("A title\n\nThe minister resigned on Monday and will leave next month.\n", encoding="utf-8")
    assert main(["timeline", str(f), "--format", "csv", "--reference", "2013-03-22"]) == 0
    import csv

    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [(r["text"], r["type"], r["anchored"]) for r in rows] == [
        ("Monday", "DATE", "2013-03-18"), ("next month", "DATE", "2013-04")]
    assert "reference 2013-03-22 (given as the reference)" in rows[0]["anchor"]


def test_a_malformed_dates_csv_is_one_clear_error(tmp_path, capsys):
    folder = _folder(tmp_path, {"a.txt": "Title\n\nLast year it rained.\n", "dates.csv": "a.txt,next week\n"})
    assert main(["timeline", str(folder / "a.txt")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "dates.csv:1: date 'next week'" in err[0]


# -- TimeML --------------------------------------------------------------------------------------------

def test_timeml_document_is_the_text_with_timex3_elements():
    text = 'Between 1980 and 1988 & "now" <ok>'
    els = []
    for t in dates.find(text, reference="2013-03-22"):
        els += timeml.elements(t.text, t.start, t.end, t.type, t.kind, t.value, t.mod, t.anchored)
    xml = timeml.document(text, els, dct="2013-03-22", docid="x")
    assert ('<TIMEX3 tid="t1" type="DATE" value="1980">1980</TIMEX3> and '
            '<TIMEX3 tid="t2" type="DATE" value="1988">1988</TIMEX3> &amp; "<TIMEX3 tid="t3" type="DATE" '
            'value="PRESENT_REF">now</TIMEX3>" &lt;ok&gt;') in xml
    doc = te3.parse(xml)
    assert doc.text == text and doc.dct == "2013-03-22"
    assert [(s.text, s.value) for s in doc.timexes] == [("1980", "1980"), ("1988", "1988"), ("now", "PRESENT_REF")]


def test_timeml_values_fall_back_to_timex3_forms():
    assert timeml.timex3_value("-PXD", None) == "PAST_REF"
    assert timeml.timex3_value("XXXX-07", None) == "XXXX-07"
    assert timeml.timex3_value("+P1Y", "2014") == "2014"
    assert timeml.timex3_value("XXXX-XX-XXT20:51", None) == "XXXX-XX-XXT20:51"


def test_cli_timeml_round_trips_through_the_scorer(tmp_path, capsys):
    f = tmp_path / "story.txt"
    text = ("Shares rose\n\nShares rose 5% on Friday, the third day of gains this week, after a decline of more "
            "than a decade. Trading will resume at 9 a.m. Monday.\n")
    f.write_text(text, encoding="utf-8")
    out = tmp_path / "tml"
    assert main(["timeline", str(f), "--format", "timeml", "--reference", "2013-03-22", "--out", str(out)]) == 0
    files = sorted(out.glob("*.tml"))
    assert [p.name for p in files] == ["story.1.tml"]
    doc = te3.read(files[0])
    assert doc.dct == "2013-03-22" and doc.text == text.rstrip("\n")
    import cuttings

    tl = T.timeline(cuttings.load(f), reference="2013-03-22")
    assert [(s.text, s.type, s.value) for s in doc.timexes] == [
        (r.text, r.type, r.anchored) for r in tl.itertuples(index=False)] == [
        ("Friday", "DATE", "2013-03-22"), ("this week", "DATE", "2013-W12"),
        ("more than a decade", "DURATION", "P10Y"), ("9 a.m. Monday", "TIME", "2013-03-25T09:00")]
    # Scored against itself, the output is perfect; against a gold copy with one value changed, value F1 drops.
    scores = te3.score({"d": doc.timexes}, {"d": doc.timexes})
    assert scores["strict_f1"] == scores["relaxed_f1"] == scores["value_f1"] == 1.0
    # Printed to standard output, the same document.
    assert main(["timeline", str(f), "--format", "timeml", "--reference", "2013-03-22"]) == 0
    assert capsys.readouterr().out == files[0].read_text(encoding="utf-8")


def test_cli_timeml_refuses_the_other_tables(capsys):
    assert main(["timeline", "--format", "timeml", "--events", "nothing.txt"]) == 2
    assert "--format timeml" in capsys.readouterr().err


# -- the TempEval-3 scorer -----------------------------------------------------------------------------

def test_scorer_strict_relaxed_and_attribute_f1_by_hand():
    gold = [te3.Span(0, 17, "the third quarter", "DATE", "1989-Q3"), te3.Span(30, 36, "Friday", "DATE", "1989-10-27"),
            te3.Span(50, 59, "two years", "DURATION", "P2Y")]
    system = [te3.Span(4, 17, "third quarter", "DATE", "1989-Q3"), te3.Span(30, 36, "Friday", "DATE", "1989-10-20"),
              te3.Span(70, 74, "1990", "DATE", "1990")]
    s = te3.score({"d": gold}, {"d": system})
    # 2 pairs of 3 and 3: relaxed P = R = 2/3; strict: only "Friday" (1/3); values right on 1 pair of 2.
    assert s["relaxed_p"] == pytest.approx(2 / 3) and s["relaxed_r"] == pytest.approx(2 / 3)
    assert s["strict_f1"] == pytest.approx(1 / 3)
    assert s["value_accuracy"] == pytest.approx(0.5) and s["value_f1"] == pytest.approx(0.5 * 2 / 3)
    assert s["type_f1"] == pytest.approx(2 / 3)


def test_scorer_pairs_one_to_one():
    gold = [te3.Span(0, 6, "Friday", "DATE", "x"), te3.Span(7, 14, "morning", "TIME", "y")]
    system = [te3.Span(0, 14, "Friday morning", "TIME", "y")]
    s = te3.score({"d": gold}, {"d": system})
    assert (s["relaxed_p"], s["relaxed_r"]) == (1.0, 0.5)


def test_timeml_reader_keeps_offsets_in_the_decoded_text():
    xml = ('<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" functionInDocument="CREATION_TIME">x'
           '</TIMEX3></DCT><TEXT>A &amp; B <EVENT eid="e1">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-07">'
           'Friday</TIMEX3>.</TEXT></TimeML>')
    doc = te3.parse(xml)
    assert doc.text == "A & B said Friday." and doc.dct == "1998-08-07"
    (t,) = doc.timexes
    assert doc.text[t.start:t.end] == "Friday" == t.text


@pytest.mark.parametrize("gold,ours,expected", [
    ("1968-XX", "1968", "form: a year written YYYY-XX"),
    ("199X", "199", "form: a decade written 199X"),
    ("2000-W7", "2000-W07", "form: a week number without its zero (W7)"),
    ("1989-WXX", "1989-W43", "form: left unspecified in the gold (1989-WXX, 1989-QX)"),
    ("1989-QX", "1989-Q1", "form: left unspecified in the gold (1989-WXX, 1989-QX)"),
    ("2000-01-05", "2000-01-05TNI", "form: a day with its part of day (TNI) or not"),
    ("1990-08-10", "1990-08-17", "resolution: a weekday a week away"),
    ("1999-02-09", "1999-02-10", "resolution: a day away"),
    ("P1W", "1998-W33", "a duration (P..) against a point in time"),
    ("PAST_REF", "PXY", "PRESENT/PAST/FUTURE_REF against a vague value"),
    ("1988", "1988-Q3", "resolution: a quarter against its year"),
    ("1998-11", "1998-W46", "resolution: a week against a day or month"),
    ("1997-08-06", "1998-08-06", "resolution: the same month, day or quarter in another year"),
])
def test_tempeval_value_classes(gold, ours, expected):
    import bench_tempeval as B

    assert B.value_class(gold, ours) == expected


def test_tempeval_split_and_a_held_out_article(bench):
    import bench_tempeval as B

    tbaq = bench / "tempeval" / "tbaq"
    if not tbaq.is_dir():
        pytest.fail(f"no TempEval-3 data under {tbaq}")
    docs = B.documents(tbaq)
    held = [d for d in docs if B.held_out(d.name)]
    assert (len(docs), len(held), sum(len(d.timexes) for d in held)) == (256, 49, 356)
    # APW19980807.0261 (AQUAINT): a Friday bombing, written that day.
    (doc,) = [d for d in docs if d.name == "APW19980807.0261"]
    ours = B.run_cuttings([doc])[doc.name]
    assert [(doc.text[s.start:s.end], s.type, s.value) for s in ours] == [("Friday", "DATE", "1998-08-07")]
    assert te3.score({doc.name: doc.timexes}, {doc.name: ours})["value_f1"] == 1.0


# -- robustness: never raises, linear ------------------------------------------------------------------

_TOKENS = ["in", "on", "the", "of", "ago", "last", "this", "next", "year", "years", "week", "quarter", "third",
           "July", "May", "Friday", "Fridays", "1979", "1980-1988", "02.06.73", "8:51", "p.m.", "a.m.", "noon", "a",
           "half", "and", "over", "about", "$30,000", "60-year-old", "2019,", "04", "6th", "November", "from", "to",
           "'70s", "1970s", "21st", "century", "every", "each", "twice", "now", "today's", "early", "fall", "summer",
           "night", "Q3", "EST", "fiscal", "-", ",", ".", "’s", "Christmas", "New", "Year's", "Day", "nineteen",
           "ninety-six", "recent", "weeks", "more", "than", "decade", "or", "so", "later", "earlier", "year-ago"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS) | st.text(max_size=6), max_size=30), st.sampled_from([None, "2013-03-22",
                                                                                                 "1989-10", "2000-02-29"]))
def test_the_parser_never_raises_and_its_spans_are_exact(words, ref):
    text = " ".join(words)
    last = 0
    for t in dates.find(text, reference=ref):
        assert last <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text and t.type in dates.TYPES and t.kind in dates.KINDS
        last = t.end
        for e in timeml.elements(t.text, t.start, t.end, t.type, t.kind, t.value, t.mod, t.anchored):
            assert e.type in dates.TYPES and e.value


def _cpu(fn) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


@settings(max_examples=4, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), min_size=8, max_size=20))
def test_the_parser_is_linear_in_runs_of_date_tokens(words):
    # A line of the same dates, numbers and units repeated: 16 times the text must cost about 16 times as
    # much (a quadratic step, such as comparing each match with every kept one, would cost 256 times).
    unit = " ".join(words) + " "
    small, large = unit * 80, unit * 1280
    dates.find(small)
    ratio = _cpu(lambda: dates.find(large, reference="2013-03-22")) / max(_cpu(lambda: dates.find(small, reference="2013-03-22")), 1e-4)
    assert ratio < 16 * 3, ratio


def test_twenty_thousand_dates_on_one_line():
    line = "On 5 May 2005, 2006 and January 2007 he met them; " * 5000
    got = dates.find(line)
    assert len(got) == 15000
    assert got[-1].text == "January 2007" and line[got[-1].start:got[-1].end] == "January 2007"


def test_dates_find_refuses_what_is_not_text():
    from cuttings.errors import CuttingsError

    with pytest.raises(CuttingsError):
        dates.find(b"2005")  # type: ignore[arg-type]


def test_reference_dates_are_read_as_iso():
    assert dates.as_reference("2013-03-22T10:00:00Z").date == dt.date(2013, 3, 22)
    assert dates.as_reference("2013-03").precision == "month"
