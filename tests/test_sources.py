"""Provenance, quotes and voices of the seed pieces, checked against what the lines say."""
import pytest

from cuttings.analysis import sources
from cuttings.segment import provenance


@pytest.fixture(scope="module")
def prov(seed_corpus):
    return sources.provenance(seed_corpus).set_index("doc_id")


@pytest.fixture(scope="module")
def quotes(seed_corpus):
    return sources.quotes(seed_corpus)


def _none(v):
    return None if not isinstance(v, str) else v


def test_sources_translators_and_programmes_as_stated(prov):
    got = {d: (_none(r.source), _none(r.programme), _none(r.broadcaster), _none(r.translator)) for d, r in prov.iterrows()}
    assert got == {
        1: (None, None, None, None),
        2: ("BBC News", None, None, None),                               # line 66
        3: ("Shqiptarja", "Without a Trace", "Report TV", "Iran Interlink"),  # lines 71, 108
        4: ("Iran Azadi Albania", None, None, None),                     # line 135 (domain)
        5: ("BBC World Service", "Assignment", "BBC World Service", None),  # line 139 + data/programmes.tsv
        6: ("TV Klan", "Stop", "TV Klan", "Iran Interlink"),             # lines 143, 163, 164
        7: (None, None, None, None),
        8: ("ORA News", None, None, "Iran Interlink"),                   # line 203
        9: ("ABC News", None, None, "Iran Interlink"),                   # lines 207, 224
        10: (None, None, None, None),
    }


def test_authors_signatories_and_recipients(prov):
    assert prov.loc[2, "authors"] == "Linda Pressly; Albana Kasapi"
    assert prov.loc[5, "authors"] == "Linda Pressly (presenter); Albana Kasapi (producer)"
    signatories = prov.loc[4, "authors"].split("; ")
    assert len(signatories) == 12
    assert signatories[0] == "Mohammad Azim Mishmast" and signatories[-1] == "Parviz Heydarzade"
    assert "Hassan Heyrani" in signatories and "Gholamreza Shekari" in signatories  # line 133 "Gholamreza shekari"
    assert prov.loc[7, "authors"] == "AAWA-Association e.V; Ali Akbar Rastgou"       # not the place line 186
    assert prov.loc[10, "authors"] == "Reza Sadeghi Jaballi"                           # title, 226, 249
    assert prov.loc[1, "authors"] == "Bakhshali Alizade"                               # "I am Bakhshali Alizade."
    assert prov.loc[4, "recipient"] == "Ilir Meta"
    assert prov.loc[7, "recipient"] == "Chuck Grassley"
    assert prov.loc[10, "recipient"] == "Ilir Meta"


def test_piece_dates_and_evidence(prov):
    assert prov.loc[7, "date"] == "2019-11-04"
    assert prov["date"].notna().sum() == 1
    assert "source: line 108" in prov.loc[3, "evidence"] and "translator: line 108" in prov.loc[3, "evidence"]
    assert "broadcaster: data/programmes.tsv" in prov.loc[5, "evidence"]


def test_documents_table_carries_provenance(seed_corpus):
    docs = seed_corpus.documents.set_index("doc_id")
    assert docs.loc[6, "source"] == "TV Klan" and docs.loc[6, "programme"] == "Stop"
    assert docs.loc[8, "translator"] == "Iran Interlink"
    assert docs.loc[7, "date"] == "2019-11-04"


@pytest.mark.parametrize("line, speaker, how", [
    (11, "Gholam Mirzai", "following mention"),        # quote opens the piece; line 12 names him
    (21, "Lulzim Basha", "same line"),                 # says Lulzim Basha, leader of ...
    (24, "Hassan Heyrani", "same line"),               # remembers Hassan Heyrany
    (26, "Hassan Heyrani", "previous mention"),        # he says (line 25: Heyrany)
    (29, "Rudy Giuliani", "caption label"),            # pull quote "Rudy Giuliani: “...”"
    (30, "Rudy Giuliani", "previous mention"),         # he said
    (41, "Hassan Heyrani", "same line"),               # Heyrany says
    (42, "Hassan Heyrani", "previous mention"),        # he says simply (not George Orwell's)
    (43, "A diplomatic source in Tirana", "same line"),
    (45, "Diana Culi", "same line"),
    (50, "A highly-placed source in the Socialist Party", "previous mention"),
    (62, "Gholam Mirzai", "same line"),                # Mirzai says
    (236, "Olsi Jazexhi", "same line"),
    (238, "Ana Gomes", "same line"),
    (239, "Martin Kobler", "previous mention"),        # He indicated
])
def test_direct_quotes_are_attributed(quotes, line, speaker, how):
    rows = quotes[(quotes["line_no"] == line) & (quotes["mode"] == "direct")]
    assert len(rows) >= 1
    assert rows.iloc[0]["speaker"] == speaker and rows.iloc[0]["attribution"] == how


def test_stated_roles_and_voices(quotes):
    culi = quotes[(quotes["line_no"] == 45) & (quotes["mode"] == "direct")].iloc[0]
    assert culi["speaker_role"] == "a writer, women’s activist and former MP for the governing Socialist Party"
    assert culi["voice"] == "politician"
    assert quotes[(quotes["line_no"] == 24) & (quotes["mode"] == "direct")].iloc[0]["voice"] == "former member"
    assert quotes[(quotes["line_no"] == 43)].iloc[0]["voice"] == "official"
    turns = quotes[quotes["mode"] == "turn"]
    assert set(turns[turns["doc_id"] == 9]["voice"]) == {"interviewer", "former member"}
    assert turns[(turns["line_no"] == 199)].iloc[0][["speaker", "voice"]].tolist() == ["Mojahedin defector", "former member"]


def test_indirect_speech_and_according_to(quotes):
    ind = quotes[quotes["mode"] == "indirect"]
    kodra = ind[ind["line_no"] == 161].iloc[0]
    assert (kodra["speaker"], kodra["speaker_role"]) == ("Saimir Kodra", "Show host")
    assert ind[ind["line_no"] == 245].iloc[0][["speaker", "attribution"]].tolist() == ["Ebi Spahiu", "according to"]
    assert ind[ind["line_no"] == 246].iloc[0]["speaker"] == "Maryam Rajavi"
    # "He says that ..." in line 148 refers back to Rahman Mohammadian named earlier in the line.
    assert ind[ind["line_no"] == 148].iloc[0]["speaker"] == "Abdolrahman Mohammadian"


def test_letters_are_their_authors_voice(quotes):
    letters = quotes[quotes["mode"] == "letter"]
    assert set(letters["doc_id"]) == {4, 7, 10}
    assert set(letters[letters["doc_id"] == 10]["speaker"]) == {"Reza Sadeghi Jaballi"}


def test_voice_shares_sum_to_one(seed_corpus):
    shares = sources.voice_shares(seed_corpus)
    sums = shares.groupby("doc_id")["share"].sum()
    assert ((sums - 1).abs() < 1e-9).all() and sorted(sums.index) == list(range(1, 11))
    s = shares.set_index(["doc_id", "voice"])["share"]
    assert s[(1, "narration")] == 1.0 and s[(5, "narration")] == 1.0
    assert s[(3, "former member")] > 0.7   # piece 3 is mostly answers of former members
    assert s[(4, "letter authors")] > 0.9


def test_attribution_lines_of_other_forms():
    prov = provenance.piece_provenance(
        ["Some headline here", "A paragraph of body text that is long enough to count as a lead paragraph here.",
         "By Jane Doe and John Roe, Reuters"],
        ["title", "body", "attribution"], [1, 2, 3], kind="news report", title="Some headline here")
    assert (prov.source, prov.authors) == ("Reuters", ["Jane Doe", "John Roe"])
    prov = provenance.piece_provenance(["Body.", "Valley Gazette, translated by The Northern Courier"],
                                    ["body", "attribution"], [1, 2], kind="other", title=None)
    assert (prov.source, prov.translator) == ("Valley Gazette", "The Northern Courier")
    prov = provenance.piece_provenance(["Body.", "Source: BBC"], ["body", "attribution"], [1, 2], kind="other", title=None)
    assert prov.source == "BBC News"


def test_cli_sources_tables(capsys):
    import json

    from conftest import SEED_ARGS
    from cuttings.cli import main

    assert main(["sources", *SEED_ARGS, "--format", "jsonl"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(rows) == 10 and rows[2]["programme"] == "Without a Trace"
    assert main(["sources", *SEED_ARGS, "--table", "quotes", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("doc_id,file,line_no,speaker,")


def test_programme_phrases_from_other_text():
    # from the BBC articles: a presenter's "morning show on Monday" is neither a programme nor an outlet
    prov = provenance.piece_provenance(["Phil Jupitus on his morning show on Monday 6 December said the band were back."],
                                    ["body"], [1], kind="news report", title=None)
    assert (prov.programme, prov.broadcaster) == (None, None)
    prov = provenance.piece_provenance(["The matter was discussed on the “Panorama” programme on BBC One last night."],
                                    ["body"], [1], kind="news report", title=None)
    assert (prov.programme, prov.broadcaster) == ("Panorama", "BBC One")
    assert provenance.normalise_outlet("bbc.co.uk/news") == ("BBC News", True)
