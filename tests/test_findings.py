"""Findings: the sentences that close each notebook, checked against values read off the seed by hand
(its annotation, and the provenance and repeats asserted in test_sources and test_reuse)."""
import pytest

from cuttings.analysis import findings


def test_wording_helpers():
    assert findings.pct(148, 8070) == "2%" and findings.pct(1, 1000) == "<1%" and findings.pct(0, 5) == "0%"
    assert findings.pct(3, 0) == "0%"
    assert findings.count(1, "piece") == "1 piece" and findings.count(2225, "piece") == "2,225 pieces"
    assert findings.count(3, "testimony") == "3 testimonies" and findings.count(2, "programme notes") == "2 programme notes"
    assert findings.count(2, "century", "centuries") == "2 centuries"


def _sentences(table):
    assert list(table.columns) == list(findings.COLUMNS)
    assert 3 <= len(table) <= 5, table["finding"].tolist()
    return table["finding"].tolist()


def test_overview_findings_count_the_annotated_pieces(seed_corpus, annotation):
    table = findings.overview(seed_corpus)
    first = _sentences(table)[0]
    kinds = [p["kind"] for p in annotation["pieces"]]
    assert len(kinds) == 10 and kinds.count("news report") == 3 and kinds.count("open letter") == 3
    assert first == ("The corpus holds 10 pieces in 1 file: 3 news reports, 3 open letters, 2 interviews, "
                     "1 programme notes and 1 testimony (kinds read from signals in the text).")
    docs = seed_corpus.documents
    longest = docs.loc[docs["n_words"].idxmax()]
    assert longest["doc_id"] == 3  # the interview of lines 67-110
    assert "the longest, #3 interview · " in table["finding"].iat[1]
    assert f"holds {round(100 * longest['n_words'] / docs['n_words'].sum())}% of all words" in table["finding"].iat[1]


def test_sources_findings_follow_the_stated_provenance(seed_corpus):
    text = _sentences(findings.sources(seed_corpus))
    # pieces 2, 3, 4, 5, 6, 8 and 9 name seven different outlets; 3, 6, 8 and 9 name Iran Interlink
    assert text[0].startswith("7 pieces of 10 name the outlet they come from")
    assert text[0].endswith("each names a different outlet (7 outlets).")
    docs = seed_corpus.documents.set_index("doc_id")
    share = docs.loc[[3, 6, 8, 9], "n_words"].sum() / docs["n_words"].sum()
    assert text[1] == (f"Pieces whose text names a translator or republisher hold {round(100 * share)}% of the words "
                       "(4 pieces; most often Iran Interlink).")


def test_reuse_findings_are_the_repeats_read_off_the_file(seed_corpus):
    text = _sentences(findings.reuse(seed_corpus))
    # test_reuse.SEED_PAIRS: 8 pairs; internal doubling on lines 88, 158 and 237; none between pieces
    assert text[0] == ("The detector pairs 8 repeated passages: 3 doubled within a line, 5 repeated within a piece "
                       "and 0 shared between pieces.")
    # repeated words per piece (test_reuse): 7: 36 + 17, 10: 8, 6: 33 + 14, 3: 8 + 24 + 8
    repeated = 36 + 17 + 8 + 33 + 14 + 8 + 24 + 8
    total = int(seed_corpus.documents["n_words"].sum())
    assert text[1] == (f"Second and later copies hold {repeated} words, {round(100 * repeated / total)}% of the pieces' "
                       "words; de-duplication removes them.")
    assert text[2] == ("The piece most made of repeats is #7 open letter · Open Letter to Mr. B.Chuck Grassley: "
                       "8% of its 651 words.")  # 53 / 651


def test_timeline_findings_name_the_profiles_theme(seed_corpus):
    table = findings.timeline(seed_corpus)
    text = _sentences(table)
    assert text[0].startswith(f"The pieces hold {int(table['value'].iat[0])} temporal expressions: ")
    # piece 7 is the only piece with its own date line (test_sources: 2019-11-04)
    assert any(s.startswith("1 of 10 pieces carries its own date line") for s in text)
    assert any("about membership" in s for s in text)


def test_terms_and_topics_findings(seed_corpus):
    text = _sentences(findings.terms(seed_corpus, by="source"))
    assert text[0].startswith("The most frequent words and names are “MEK” (185)")  # test_terms: MEK 185 times
    assert any(s.startswith("“mafia” occurs 6 times in 2 of the 10 pieces.") for s in text)  # the profile's first KWIC term
    from cuttings.analysis import topics

    model = topics.fit(seed_corpus, k=5)
    text = _sentences(findings.topics(model, seed_corpus, groups=topics.by_group(model, seed_corpus)))
    share = topics.summary(model)["share"].iat[0]
    assert f"carries {round(100 * share)}% of the weight" in text[0]


@pytest.mark.parametrize("name", ["overview", "sources", "timeline", "terms", "reuse"])
def test_findings_describe_texts_on_a_corpus_without_a_profile(tmp_path, name):
    (tmp_path / "a.txt").write_text("Markets rallied\n\nShares in London rose 2% on Monday, traders said.\n\n"
                                    "The rise followed a report on 3 March 2005 that inflation fell.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Rain falls\n\nHeavy rain fell across Wales in 2004, forecasters said.\n", encoding="utf-8")
    import cuttings

    corpus = cuttings.load(tmp_path, profile=False)
    table = getattr(findings, name)(corpus)
    assert len(table) >= 1 and all(s.endswith(".") for s in table["finding"])
