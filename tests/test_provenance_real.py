"""Provenance and quotes on text nobody here wrote (Reuters wire stories and BBC articles from
../shared/bench, loaded without a profile), and on small literal texts in house styles the seed does
not use: datelines, wire bylines and sign-offs, "conducted by" credits, "Posted on" and place-date
lines, pronoun and described speakers."""
import re

import pytest

import cuttings
from cuttings.analysis import sources
from cuttings.segment import provenance

# -- Reuters: the wire's sign-off, bylines, datelines ---------------------------------------------


@pytest.fixture(scope="module")
def reuters(bench):
    """The 730 Reuters stories as one folder corpus (each file segmented on its own), general data only."""
    corpus = cuttings.load(bench / "real" / "reuters", profile=False)
    lines = corpus.lines
    piece_of = {(str(r.file), int(r.line_no)): int(r.doc_id) for r in lines.itertuples(index=False)}
    stories = {}
    for file, g in lines.groupby("file", observed=True, sort=True):
        content = [(int(n), t) for n, t in zip(g["line_no"], g["text"]) if t.strip()]
        stories[str(file)] = content
    return corpus, stories, piece_of


def _signed_off(last: str) -> bool:
    """The story ends with the wire's sign-off: a line "Reuter" / "REUTER" / "REUTERS" (dots allowed),
    or the word after the last sentence ("... last year. REUTER", "... tonnes. reuter...")."""
    return bool(re.fullmatch(r"\s*reuters?\W*", last, re.I) or re.search(r"[.!?\"]\s+reuters?\W*$", last, re.I))


def test_every_reuters_story_with_the_sign_off_gets_source_reuters(reuters):
    corpus, stories, piece_of = reuters
    records = corpus.provenance_records
    signed = {f: c for f, c in stories.items() if _signed_off(c[-1][1])}
    # read in the files: all but two end with the sign-off; 00286 is cut off mid-sentence, 00378 ends "REUTE"
    assert len(stories) == 730 and len(signed) == 728
    assert {f.rsplit("/", 1)[-1] for f in stories} - {f.rsplit("/", 1)[-1] for f in signed} == {"00286.txt", "00378.txt"}
    wrong = [f for f, c in signed.items() if records[piece_of[(f, c[-1][0])]].source != "Reuters"]
    assert wrong == []
    for f, content in stories.items():
        if f not in signed:
            assert records[piece_of[(f, content[-1][0])]].source is None
    evidence = records[piece_of[(next(iter(signed)), next(iter(signed.values()))[-1][0])]].evidence
    assert any(e.startswith("source: sign-off line") for e in evidence)


def test_reuters_bylines_name_the_authors(reuters):
    corpus, stories, piece_of = reuters
    records = corpus.provenance_records
    found = 0
    for f, content in stories.items():
        for n, text in content[:3]:
            m = re.fullmatch(r"by (.+), reuters", text.strip(), re.I)
            if m:
                found += 1
                prov = records[piece_of[(f, n)]]
                assert prov.source == "Reuters"
                assert prov.authors == [m.group(1).title() if m.group(1).isupper() else m.group(1)], (f, prov.authors)
    assert found == 35
    by_file = {f.rsplit("/", 1)[-1]: c for f, c in stories.items()}
    # "BY TED D'AFFLISIO, Reuters": a name in capitals is written as a name
    ted = next(f for f, c in by_file.items() if any("D'AFFLISIO" in t for _n, t in c[:3]))
    line = next(n for n, t in by_file[ted] if "D'AFFLISIO" in t)
    assert records[piece_of[(next(f for f in stories if f.endswith(ted)), line)]].authors == ["Ted D'Afflisio"]


@pytest.mark.parametrize("story, place, date", [
    ("00001", "Salvador", "XXXX-02-26"),                   # SALVADOR, Feb 26 - Showers continued ...
    ("00023", "Louisville, Ky.", "XXXX-02-26"),            # LOUISVILLE, Ky., Feb 26 - Brown-Forman Inc said ...
    ("00036", "Richmond, Va.", "XXXX-02-26"),              # RICHMOND, Va. Feb 26 - Qtly div ...
    ("00925", "Peking", "XXXX-03-03"),                     # after "By Mark O'Neill, Reuters": PEKING, March 3 - ...
    ("00970", "Dallas/Fort Worth, Texas", "XXXX-03-03"),   # DALLAS/FORT WORTH, Texas, March 3 - AMR Corp ...
])
def test_reuters_datelines_give_place_and_date(reuters, story, place, date):
    corpus, stories, piece_of = reuters
    f = next(f for f in stories if f.endswith(f"{story}.txt"))
    n = next(n for n, t in stories[f] if re.match(r"[A-Z][A-Z/ .]+,", t))
    prov = corpus.provenance_records[piece_of[(f, n)]]
    assert (prov.place, prov.date) == (place, date)
    assert f"place: dateline line {n}" in prov.evidence


def test_most_reuters_datelines_are_read_and_none_is_misread(reuters):
    corpus, stories, piece_of = reuters
    records = corpus.provenance_records
    # "PLACE[, Region], Mon D - ..." opening one of the first lines after the title
    dateline = re.compile(r"[A-Z][^,]{1,30}(?:, [A-Z][^,]{1,20})?,? \w+ \d{1,2} ?- ")
    heads = {f: next(((n, t) for n, t in c[1:4] if dateline.match(t)), None) for f, c in stories.items()}
    with_dateline = {f: h for f, h in heads.items() if h}
    missed = {f.rsplit("/", 1)[-1][:5] for f, (n, _t) in with_dateline.items() if not records[piece_of[(f, n)]].place}
    # every story has one; the 9 read as no dateline have typos in the month ("FEb 26", "MArch 2",
    # "Narch 2", "Marc 3", "Caracas, feb 26") or the place ("ME}LBOURNE")
    assert len(with_dateline) == 730
    assert missed <= {"00053", "00083", "00126", "00130", "00137", "00493", "00619", "00922", "00997"}, missed
    dates = {p.date for p in records.values() if p.date}
    assert dates <= {"XXXX-02-26", "XXXX-02-27", "XXXX-03-01", "XXXX-03-02", "XXXX-03-03"}   # Feb-Mar 1987 wires
    places = [p.place for p in records.values() if p.place]
    assert not any(re.search(r"\d|\b(?:Feb|March|Monday|Reuter)", p) for p in places)


# -- BBC: speakers ---------------------------------------------------------------------------------

# Pronouns and words that open a sentence or clause: never who is quoted (he/she/they are resolved).
NOT_SPEAKERS = {"it", "this", "that", "there", "these", "those", "we", "i", "you", "he", "she", "they", "when",
                "however", "and", "but", "if", "now", "which", "what", "who", "meanwhile"}


@pytest.fixture(scope="module")
def bbc_quotes(bench):
    return sources.quotes(cuttings.load(bench / "bbc" / "politics", profile=False))


def test_bbc_quotes_have_no_pronoun_or_dummy_speakers(bbc_quotes):
    speakers = bbc_quotes["speaker"].dropna()
    assert len(speakers) > 1000
    assert not [s for s in speakers if s.split()[0].lower().strip(".,") in NOT_SPEAKERS]
    # a speaker's name never runs across a quotation ("Moya.     What") or past a sentence end
    assert not [s for s in speakers if re.search(r"\s{2,}|[a-z]{3}\.\s", s)]


def test_bbc_speakers_differ_by_more_than_case_and_descriptions_are_unnamed(bbc_quotes):
    speakers = bbc_quotes["speaker"].dropna()
    assert speakers.str.casefold().nunique() == speakers.nunique()
    by = bbc_quotes.dropna(subset=["speaker"]).drop_duplicates("speaker").set_index("speaker")["unnamed"]
    assert "a spokesman" not in by.index and "A spokesman" in by.index
    assert bbc_quotes.loc[bbc_quotes["speaker"].isna(), "unnamed"].isna().all()
    # rows read in the articles
    q = bbc_quotes.assign(name=bbc_quotes["file"].astype(str).str.rsplit("/", n=1).str[-1])
    for name, line, speaker, unnamed in [
        ("081.txt", 9, "A spokesman", True),            # "... full effect," a spokesman said.
        ("253.txt", 5, "The prime minister", True),     # "...," the prime minister told BBC One's ...
        ("067.txt", 18, "John Ison", False),            # John Ison, from the controversial group Fathers 4 Justice, said:
        ("328.txt", 7, "Lord Goldsmith", False),        # Last week Lord Goldsmith said in a statement: "..."
    ]:
        row = q[(q["name"] == name) & (q["line_no"] == line) & (q["mode"] == "direct")].iloc[0]
        assert (row["speaker"], bool(row["unnamed"])) == (speaker, unnamed), (name, line)


# -- literal texts in other house styles -----------------------------------------------------------

def load_text(tmp_path, text, name="piece.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    corpus = cuttings.load(path, profile=False)
    assert corpus.n_documents == 1
    return corpus, corpus.provenance_records[1]


def test_dateline_with_author_place_and_date(tmp_path):
    _, prov = load_text(tmp_path, "Water prices rise again\n"
                        "Marta Ruiz, Madrid, Spain, March 03 2021: The city council raised water prices for the "
                        "third time this year, officials said on Wednesday.\n"
                        "The rise follows a dry winter and low reservoirs, the council said.\n")
    assert (prov.authors, prov.place, prov.date) == (["Marta Ruiz"], "Madrid, Spain", "2021-03-03")


def test_wire_tags_in_datelines_and_reporting_credits(tmp_path):
    _, prov = load_text(tmp_path, "Storm closes federal offices\n"
                        "WASHINGTON (AP) — A winter storm closed federal offices in the capital on Tuesday, the "
                        "Office of Personnel Management said.\n"
                        "Schools were also closed and most flights were cancelled, officials said.\n")
    assert (prov.source, prov.place, prov.date) == ("Associated Press", "Washington", None)
    _, prov = load_text(tmp_path, "Ministers meet on farm prices\n"
                        "BRUSSELS, March 2 (Reuters) - Farm ministers met on Monday to discuss a cut in guaranteed "
                        "farm prices, diplomats said.\n"
                        "No agreement was expected before the end of the month, one diplomat said.\n"
                        "(Reporting by Jane Doe in Brussels; Editing by John Roe)\n")
    assert (prov.source, prov.place, prov.date) == ("Reuters", "Brussels", "XXXX-03-02")
    assert prov.authors == ["Jane Doe", "John Roe (editing)"]


def test_a_capitalised_word_and_a_dash_is_not_a_dateline(tmp_path):
    _, prov = load_text(tmp_path, "Harbour plan approved\n"
                        "UPDATE - The council approved the harbour plan on Tuesday after a long debate, a spokesman said.\n"
                        "On Tuesday, March 3 - the day of the vote - the harbour was closed to boats.\n")
    assert (prov.place, prov.date) == (None, None)


def test_conducted_by_an_organisation_is_the_source_and_by_a_person_an_author(tmp_path):
    _, prov = load_text(tmp_path, "Voices from the valley\n"
                        "The farmers of the valley have lost half of their harvest to the drought this year, and "
                        "many say they will not plant again next spring.\n"
                        "“We have nothing left to sell,” said one farmer who asked not to be named.\n"
                        "The interview was conducted by the Valley Water Foundation.\n")
    assert (prov.source, prov.authors) == ("Valley Water Foundation", [])
    _, prov = load_text(tmp_path, "Voices from the valley\n"
                        "The farmers of the valley have lost half of their harvest to the drought this year, and "
                        "many say they will not plant again next spring.\n"
                        "This report was produced by Jane Doe.\n")
    assert (prov.source, prov.authors) == (None, ["Jane Doe"])


def test_a_place_date_line_under_a_letter_is_its_date_not_an_author(tmp_path):
    _, prov = load_text(tmp_path, "Open letter to the mayor\n"
                        "Dear Mayor,\n"
                        "We write to you about the state of the harbour, which has not been repaired since the "
                        "storm of last winter and is now unsafe for the boats.\n"
                        "Sincerely,\n"
                        "Jane Doe\n"
                        "Lisbon, 12 May 2020\n")
    assert (prov.authors, prov.date, prov.place) == (["Jane Doe"], "2020-05-12", "Lisbon")


def test_posted_on_lines_are_dates_not_statements(tmp_path):
    text = "".join(f"Harbour news {k}\nPosted on: March {k}, 2021\nThe harbour reopened on Tuesday after three "
                   f"months of repairs, the port authority said in statement number {k}.\n"
                   "Boats were back in the water by noon.\nJane Doe, Valley Gazette\n" for k in (3, 4, 5))
    path = tmp_path / "posts.txt"
    path.write_text(text, encoding="utf-8")
    corpus = cuttings.load(path, profile=False)
    # the label recurs, so the segmenter reads the lines as labelled statements; whatever the pieces
    # it finds, each takes the date of its first "Posted on" line, and none is a quote
    assert "statement" in set(corpus.lines["role"].astype(str))
    dates = corpus.documents["date"].tolist()
    assert dates[0] == "2021-03-03" and set(dates) <= {"2021-03-03", "2021-03-04", "2021-03-05"}
    q = sources.quotes(corpus)
    assert not q["text"].str.contains("2021").any()
    for role in ("statement", "caption", "date", "credit", "body"):
        prov = provenance.piece_provenance(["Harbour news", "Posted on: March 3, 2021 by Jane Doe", "The harbour reopened."],
                                           ["title", role, "body"], [1, 2, 3], kind="news report", title="Harbour news")
        assert (prov.date, prov.authors) == ("2021-03-03", ["Jane Doe"]), role


QUOTES = (
    "Harbour plan divides the town\n"
    "\"The plan is sound and will go ahead,\" a spokesman said on Monday.\n"
    "\"We will appeal against the decision,\" it said in a statement.\n"
    "It said: \"The harbour belongs to the fishermen and not to the council.\"\n"
    "\"The town cannot afford the repairs this year,\" A spokesman said.\n"
    "\"The IMF stands ready to do its part,\" said managing director Rodrigo Rato.\n"
    "Vincent Koen, a senior economist with the OECD, told the BBC: \"The recovery will regain momentum soon.\"\n"
    "John Ison, from the group Fathers 4 Justice, said: \"It is very disappointing for all of us.\"\n"
    "\"I have woken up so many nights dreaming of this day,\" said Moya. \"All my energy has been focused on today. "
    "\"What I have lived today I do not think I will live again.\"\n"
    "When asked about the plan, the mayor said: \"We have heard the town and we will listen.\"\n"
    "Officials said that the harbour would reopen by the summer.\n"
)


def test_speakers_in_literal_quotes(tmp_path):
    path = tmp_path / "quotes.txt"
    path.write_text(QUOTES, encoding="utf-8")
    q = sources.quotes(cuttings.load(path, profile=False)).set_index("line_no")
    got = {n: (r.speaker if isinstance(r.speaker, str) else None) for n, r in q.iterrows()}
    assert got[2] == "A spokesman" and got[5] == "A spokesman"     # one spelling whatever the case
    assert got[3] is None and got[4] is None                       # "it said", "It said:" name nobody
    assert (got[6], q.loc[6, "speaker_role"]) == ("Rodrigo Rato", "managing director")
    assert (got[7], q.loc[7, "speaker_role"]) == ("Vincent Koen", "a senior economist with the OECD")
    assert got[8] == "John Ison"
    assert q.loc[9, "speaker"].tolist() == ["Moya", "Moya"]   # the third quotation is never closed
    assert got[10] == "The mayor"
    assert (got[11], q.loc[11, "mode"]) == ("Officials", "indirect")
    assert q.loc[2, "unnamed"] and q.loc[10, "unnamed"] and q.loc[11, "unnamed"]
    assert not q.loc[6, "unnamed"] and not q.loc[8, "unnamed"] and q.loc[[3, 4], "unnamed"].isna().all()


def test_who_is_quoted_against_the_hand_annotation(bench):
    # tests/fixtures/bbc_speakers.json: BBC quotations read by hand; "held_out" was annotated after the
    # speaker rules were frozen. Measured when written: held-out accuracy 0.538 (precision 0.667,
    # recall 0.526); the base commit's rules 0.385 (0.609, 0.368); the nearest-name baseline 0.256.
    from bench_sources import score, speaker_sample

    items, preds = speaker_sample(bench / "bbc", "held_out")
    ours, nearest = score(items, preds["cuttings"]), score(items, preds["nearest name (baseline)"])
    assert ours["n"] == 39
    assert ours["accuracy"] >= 0.5 and ours["precision"] >= 0.6
    assert ours["accuracy"] >= nearest["accuracy"] + 0.2
    items, preds = speaker_sample(bench / "bbc", "dev")
    assert score(items, preds["cuttings"])["accuracy"] >= 0.75     # the quotations the rules were written on
