"""Term frequencies, n-grams, keyness, KWIC, collocates, dispersion and framing, checked on the seed.

Values were counted by reading seeds/000_c32ce563f5658dff.txt (line numbers are the file's, 1-based).
"""
import math
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from cuttings.analysis import concordance, terms
from cuttings.errors import CuttingsError
from cuttings.text import tokens
from cuttings.viz import terms as plots

CONTENT = ["title", "body", "caption", "question", "answer", "statement"]
# Every spelling of the MEK in the seed, longest first (read from the file).
MEK_SPELLINGS = ["Mojahedin-e Khalq Organization", "Mojahedin Khalq Organization", "Mujahideen-e-Khalq",
                 "Mojahedin-e Khalq", "Mujahedin-e Khalq", "Mojahedin Khalq", "Mujahedin khalq",
                 "Mojahedin Organization", "Mojahedin", "Mujahideen", "Mujahedin", "Mojahidin", "MEK", "MKO", "PMOI"]


def _naive_mek_count(text):
    text = text.replace("_", " ")  # "Farid_Totounchi_Mahoutchi_MEK_Iraq" (caption, line 242) names the MEK
    n = 0
    for s in MEK_SPELLINGS:
        pat = r"(?<![\w-])" + re.escape(s) + r"(?![\w-])"
        n += len(re.findall(pat, text))
        text = re.sub(pat, "#", text)
    return n


@pytest.fixture(scope="module")
def corpus(seed_corpus):
    return seed_corpus


# -- lines ---------------------------------------------------------------------------------------

def test_content_lines_keep_text_roles_and_mask_speaker_labels(corpus):
    lines = terms.content_lines(corpus)
    assert set(lines["role"].astype(str)) == set(CONTENT)
    assert len(lines) == int(corpus.lines["role"].astype(str).isin(CONTENT).sum()) == 204
    # "ABC News: Can you tell me your name?" (line 212): the label is apparatus, blanked in place
    row = lines.loc[lines["line_no"] == 212, "text"].iloc[0]
    assert row == " " * len("ABC News: ") + "Can you tell me your name?"
    assert terms.content_lines(corpus, labels=True).loc[lambda d: d["line_no"] == 212, "text"].iloc[0].startswith("ABC")


# -- frequencies -----------------------------------------------------------------------------------

def test_mek_is_counted_under_every_alias(corpus):
    lines = terms.content_lines(corpus)
    naive = sum(_naive_mek_count(t) for t in lines["text"])
    # 187 spellings in content lines, 2 of them in the speaker label "Mojahedin defector:" (199, 201)
    assert naive == 185
    freq = terms.frequencies(corpus)
    mek = freq[freq["term"] == "MEK"].iloc[0]
    assert (mek["count"], mek["n_docs"], mek["group"]) == (185, 10, "all")
    assert freq.iloc[0]["term"] == "MEK"  # the most frequent term
    # switched off: raw words. "Mojahedin" alone: 14, minus 2 in speaker labels; inside "Mojahedin Khalq
    # Organization" (3), "Mojahedin Khalq" (1), "Mojahedin Organization" (1); "Mojahedin-e" is one token
    raw = terms.frequencies(corpus, aliases=False).set_index("term")["count"]
    assert "MEK" not in raw.index
    assert raw["mek"] == 141 and raw["mojahedin"] == 12 + 5 and raw["pmoi"] == 4 and raw["mko"] == 5
    assert raw["mojahedin-e"] == 2 and raw["mujahideen-e-khalq"] == 1
    # "Khalq" after a space: Mojahedin(-e) Khalq Organization 1+3, Mojahedin(-e) Khalq 1+1, Mujahedin-e Khalq,
    # Mujahedin khalq
    assert raw["khalq"] == 8


@pytest.mark.parametrize("word", ["terrorist", "mafia", "prison", "families", "cult", "regime", "freedom"])
def test_counts_per_piece_equal_a_plain_regex_count(corpus, word):
    # An oracle independent of the tokenizer: the word as a whole word (not inside a hyphenated word)
    # in each piece's content lines; none of these words is part of a listed name.
    lines = terms.content_lines(corpus)
    expected = {}
    for d, group in lines.groupby("doc_id"):
        n = len(re.findall(rf"(?<![\w-]){word}(?![\w-])", "\n".join(group["text"]), re.I))
        if n:
            expected[int(d)] = n
    got = terms.frequencies(corpus, by="piece")
    assert got[got["term"] == word].set_index("group")["count"].to_dict() == expected
    assert expected  # every word above occurs in the seed


def test_terrorist_per_piece_as_read_in_the_seed(corpus):
    got = terms.frequencies(corpus, by="piece")
    terr = got[got["term"] == "terrorist"].set_index("group")["count"].to_dict()
    assert terr == {2: 2, 3: 11, 4: 1, 6: 1, 7: 6, 9: 5, 10: 6}


def test_per_1k_and_document_frequency(corpus):
    lines = terms.content_lines(corpus)
    n_tokens = sum(len(tokens.tokenize(t, stop=True, resources=corpus.resources)) for t in lines["text"])
    freq = terms.frequencies(corpus)
    mek = freq[freq["term"] == "MEK"].iloc[0]
    assert mek["per_1k"] == pytest.approx(185 * 1000 / n_tokens)
    by_kind = terms.frequencies(corpus, by="kind")
    # "families": 5 in the testimony (lines 5 and 7, piece 1), 10 in the whole corpus
    fam = by_kind[by_kind["term"] == "families"].set_index("group")
    assert fam.loc["testimony", "count"] == 5 and fam.loc["testimony", "n_docs"] == 1
    assert fam["count"].sum() == 10
    assert list(by_kind["group"].drop_duplicates()) == ["testimony", "news report", "interview", "open letter",
                                                         "programme notes"]
    # groups sorted by count, then term; top keeps N per group
    top = terms.frequencies(corpus, by="kind", top=3)
    assert top.groupby("group", sort=False).size().tolist() == [3, 3, 3, 3, 3]
    assert list(top.columns) == ["term", "count", "per_1k", "n_docs", "group"]


def test_ngrams_are_formed_after_stop_words(corpus):
    # "MEK is a mafia cult" (149, 151) and "MEK is a mafia cult, so" (155)
    bi = terms.ngrams(corpus, n=2).set_index("term")["count"]
    tri = terms.ngrams(corpus, n=3).set_index("term")["count"]
    assert bi["mafia cult"] == 3 and tri["MEK mafia cult"] == 3
    assert bi["animal farm"] == 1  # line 42
    with pytest.raises(CuttingsError):
        terms.ngrams(corpus, n=4)


def test_by_source_uses_the_documents_column_and_errors_without_it(corpus):
    if "source" not in corpus.documents.columns:
        pytest.fail("the documents table has no 'source' column")
    freq = terms.frequencies(corpus, by="source")
    groups = list(freq["group"].drop_duplicates())
    assert groups[-1] == terms.UNKNOWN and "BBC News" in groups and "TV Klan" in groups
    tv = freq[(freq["group"] == "TV Klan") & (freq["term"] == "mafia")]
    assert tv["count"].tolist() == [5]  # lines 142, 149, 151, 155, 156 (piece 6)

    class NoSource:
        documents = corpus.documents.drop(columns="source")
        lines = corpus.lines
        turns = corpus.turns

    with pytest.raises(CuttingsError, match="source"):
        terms.frequencies(NoSource(), by="source")
    with pytest.raises(CuttingsError, match="cannot group by"):
        terms.frequencies(corpus, by="colour")


# -- keyness ---------------------------------------------------------------------------------------

def test_g2_by_hand_from_a_2x2_table():
    # term: 10 of 1,000 tokens in the target, 5 of 2,000 in the reference.
    # Expected: E11 = 1000*15/3000 = 5, E12 = 10, E21 = 1000*2985/3000 = 995, E22 = 1990.
    by_hand = 2 * (10 * math.log(10 / 5) + 5 * math.log(5 / 10) + 990 * math.log(990 / 995)
                   + 1995 * math.log(1995 / 1990))
    assert by_hand == pytest.approx(6.969192, abs=1e-6)
    assert terms.g2_table(10, 5, 1000, 2000) == pytest.approx(by_hand)
    assert terms.g2_table(5, 10, 2000, 1000) == pytest.approx(-by_hand)  # under-represented: negative
    # Log Ratio: log2((10/1000) / (5/2000)) = log2(4) = 2; a zero count becomes 0.5
    assert terms.log_ratio(10, 5, 1000, 2000) == pytest.approx(2.0)
    assert terms.log_ratio(3, 0, 1000, 2000) == pytest.approx(math.log2((3 / 1000) / (0.5 / 2000)))


def test_keyness_on_the_seed_matches_its_2x2_table(corpus):
    from scipy.stats import chi2, chi2_contingency

    key = terms.keyness(corpus, by="kind")
    assert list(key.columns)[:7] == ["group", "term", "count_target", "count_reference", "g2", "log_ratio",
                                     "p_value"]
    # "Gholam Mirzai": 13 times, all in the BBC news report (piece 2)
    row = key[(key["group"] == "news report") & (key["term"] == "Gholam Mirzai")].iloc[0]
    assert (row["count_target"], row["count_reference"]) == (13, 0)
    sizes = terms.framing(corpus, by="kind").drop_duplicates("group").set_index("group")["n_tokens"]
    c, d = int(sizes["news report"]), int(sizes.drop("news report").sum())
    table = np.array([[13, 0], [c - 13, d]])
    g2 = chi2_contingency(table, lambda_="log-likelihood", correction=False)[0]
    assert row["g2"] == pytest.approx(g2) and row["g2"] > 0
    assert row["p_value"] == pytest.approx(chi2.sf(g2, 1))
    assert row["log_ratio"] == pytest.approx(math.log2((13 / c) / (0.5 / d)))
    # sorted by g2 within each group; absent terms give negative keyness
    for _, g in key.groupby("group", sort=False):
        assert g["g2"].is_monotonic_decreasing
    assert (key["g2"] < 0).any() and (key.loc[key["count_target"] == 0, "g2"] <= 0).all()


def test_keyness_by_source_one_target(corpus):
    key = terms.keyness(corpus, by="source", target="BBC News", top=5)
    assert set(key["group"]) == {"BBC News"} and len(key) == 5
    assert key.iloc[0]["term"] == "Gholam Mirzai"
    with pytest.raises(CuttingsError, match="no group"):
        terms.keyness(corpus, by="kind", target="poem")
    with pytest.raises(CuttingsError):
        terms.keyness(corpus, by=None)


# -- KWIC ------------------------------------------------------------------------------------------

def test_kwic_finds_every_occurrence_and_reproduces_the_line(corpus):
    hits = concordance.kwic(corpus, "MEK", roles=terms.DEFAULT_ROLES)
    lines = terms.content_lines(corpus)
    mek_lines = lines[[_naive_mek_count(t) > 0 for t in lines["text"]]]   # found by the plain regex
    assert len(hits) == 185
    assert hits["line_no"].nunique() == len(mek_lines) and hits["doc_id"].nunique() == mek_lines["doc_id"].nunique() == 10
    text = corpus.lines.set_index("line_no")["text"]
    for r in hits.itertuples():
        line = text[r.line_no]
        assert line[r.start:r.end] == r.match
        assert line[:r.start].rstrip().endswith(r.left) and line[r.end:].lstrip().startswith(r.right)
    # alias-aware: the match shows the spelling used
    spelled = Counter(hits["match"])
    assert spelled["MEK"] == 141 and spelled["Mojahedin"] == 12 and spelled["Mujahideen"] == 11
    assert spelled["PMOI"] == 4 and spelled["Mojahedin Khalq Organization"] == 3
    # asking for a variant gives the same concordance
    assert concordance.kwic(corpus, "PMOI", roles=terms.DEFAULT_ROLES)["position"].tolist() == hits["position"].tolist()
    assert len(concordance.kwic(corpus, "PMOI", aliases=False)) == 4


def test_kwic_rows_for_rare_terms(corpus):
    farm = concordance.kwic(corpus, "Animal Farm")
    assert farm[["doc_id", "line_no", "left", "match", "right", "start", "end"]].values.tolist() == [
        [2, 42, "MEK camp in Manze to", "Animal Farm", ", George Orwell’s critique of the Stalinist", 39, 50]]
    # a word inside a listed name ("Skanderbeg Square") is still found as written
    sk = concordance.kwic(corpus, "Skanderbeg", window=3)
    assert sk[["doc_id", "line_no", "left", "match", "right"]].values.tolist() == [
        [6, 157, "In", "Skanderbeg", "Square, some time ago"]]


def test_kwic_sorting_and_chars(corpus):
    mafia = concordance.kwic(corpus, "mafia", window=3)
    assert mafia["line_no"].tolist() == [142, 149, 151, 155, 156, 240]
    right = concordance.kwic(corpus, "mafia", sort="right")
    # right contexts: "" (156), "cult and..." x2, "cult, so...", "sect, ...", "– breaking" (no token: "breaking")
    assert right["line_no"].tolist() == [156, 240, 149, 151, 155, 142]
    left = concordance.kwic(corpus, "mafia", sort="left")
    # nearest word to the left is "a" in every line; then "is" (142-155), "just" (156), "like" (240)
    assert left["line_no"].tolist() == [142, 149, 151, 155, 156, 240]
    chars = concordance.kwic(corpus, "Animal Farm", chars=10)
    assert chars.iloc[0]["left"] == "Manze to" and chars.iloc[0]["right"] == ", George O"
    with pytest.raises(CuttingsError):
        concordance.kwic(corpus, "   ")


# -- collocates ------------------------------------------------------------------------------------

def test_collocates_of_mafia_by_hand(corpus):
    col = concordance.collocates(corpus, "mafia", min_count=1).set_index("term")
    # right of "mafia": "cult" in 149, 151, 155; "chose" in 149, 151 ("mafia cult and chose")
    assert col.loc["cult", ["count", "count_left", "count_right", "freq"]].tolist() == [3, 0, 3, 11]
    assert col.loc["chose", ["count", "count_right"]].tolist() == [2, 2]
    assert "mafia" not in col.index and "is" not in col.index  # node and stop words are not listed
    # window positions examined, 5 each side within the line: 142: 3+5, 149: 5+5, 151: 5+5,
    # 155: 5+5, 156: 5+0, 240: 5+5 -> R = 53
    n = int(concordance.piece_boundaries(corpus)["n_tokens"].sum())
    expected = 53 * 11 / n
    assert col.loc["cult", "expected"] == pytest.approx(expected)
    assert col.loc["cult", "mi"] == pytest.approx(math.log2(3 / expected))
    assert col.loc["cult", "log_likelihood"] == pytest.approx(float(terms.g2_table(3, 11 - 3, 53, n - 53)))
    assert col.index[:2].tolist() == ["chose", "cult"]  # by log-likelihood


def test_collocates_of_mek_are_alias_aware(corpus):
    col = concordance.collocates(corpus, "Mojahedin")
    assert col.iloc[0]["term"] == "members" and "MEK" not in set(col["term"])
    assert (col["count"] >= 2).all()
    # a token near two mentions counts once, so no collocate is counted more often than it occurs:
    # "bloody" is written twice: 5 tokens after "MEK" (line 14), and in line 37 between "Mujahideen"
    # (4 tokens before it) and "MEK" (4 tokens after it)
    assert (col["count"] <= col["freq"]).all()
    bloody = col.set_index("term").loc["bloody"]
    assert bloody[["count", "count_left", "count_right", "freq"]].tolist() == [2, 1, 2, 2]


# -- dispersion ------------------------------------------------------------------------------------

def test_dispersion_positions_fall_inside_their_pieces(corpus):
    disp = concordance.dispersion(corpus, ["MEK", "mafia", "Animal Farm"])
    assert disp.groupby("term", sort=False).size().to_dict() == {"MEK": 185, "mafia": 6, "Animal Farm": 1}
    bounds = concordance.piece_boundaries(corpus).set_index("doc_id")
    assert bounds["start"].iloc[0] == 0 and (bounds["start"].iloc[1:].to_numpy() == bounds["end"].iloc[:-1].to_numpy()).all()
    for r in disp.itertuples():
        assert bounds.loc[r.doc_id, "start"] <= r.position < bounds.loc[r.doc_id, "end"]
    total = int(bounds["end"].iloc[-1])
    assert (disp["relative"] == disp["position"] / total).all()
    assert disp[disp["term"] == "mafia"]["doc_id"].tolist() == [6, 6, 6, 6, 6, 10]


# -- framing ---------------------------------------------------------------------------------------

def test_framing_mafia_per_piece(corpus):
    fr = terms.framing(corpus, by="piece")
    mafia = fr[(fr["frame"] == "mafia") & (fr["count"] > 0)].set_index("group")
    # 118 "mafia-like" (piece 4); 142, 149, 151, 155, 156 "mafia" (piece 6); 231 "mafia-like", 240 "mafia" (10)
    assert mafia["count"].to_dict() == {4: 1, 6: 5, 10: 2}
    assert mafia.loc[10, "forms"] == "mafia 1, mafia-like 1"
    assert list(fr["frame"].drop_duplicates())[:8] == ["cult", "terrorism", "agent", "mafia", "crime", "prison",
                                                       "violence", "regime"]
    assert len(fr) == 10 * fr["frame"].nunique()  # zeros included
    row = fr[(fr["group"] == 6) & (fr["frame"] == "mafia")].iloc[0]
    assert row["per_1k"] == pytest.approx(5 * 1000 / row["n_tokens"])


def test_framing_by_source_and_custom_lexicon(corpus, tmp_path):
    fr = terms.framing(corpus)  # by source
    assert fr.loc[(fr["group"] == "TV Klan") & (fr["frame"] == "mafia"), "count"].tolist() == [5]
    own = terms.framing(corpus, by=None, lexicon={"sect": ["sect", "sects"], "cult": ["cult*"]})
    got = own.set_index("frame")["count"].to_dict()
    assert got["sect"] == 2  # 142 "mafia sect", 238 "sects such as"
    assert got["cult"] == 11 + 1 + 1 + 1  # cult, cult-like, cultic, cultural (the * takes them all)
    path = tmp_path / "lex.txt"
    path.write_text("# test\nfamily\tfamily|families\n", encoding="utf-8")
    assert terms.framing(corpus, by=None, lexicon=path)["count"].tolist() == [30]
    with pytest.raises(CuttingsError):
        terms.framing(corpus, lexicon=tmp_path / "missing.txt")


def test_dedup_counts_repeated_passages_once(corpus):
    fr = terms.framing(corpus, by="piece", dedup=True)
    # line 151 repeats line 149 word for word: its "mafia" goes
    assert fr.loc[(fr["group"] == 6) & (fr["frame"] == "mafia"), "count"].tolist() == [4]
    freq = terms.frequencies(corpus, by="piece", dedup=True)
    plain = terms.frequencies(corpus, by="piece")
    pick = lambda t, d: t.loc[(t["group"] == d) & (t["term"] == "mafia"), "count"].tolist()
    assert pick(plain, 6) == [5] and pick(freq, 6) == [4]
    key = terms.keyness(corpus, by="kind", dedup=True)
    assert key.loc[(key["group"] == "news report") & (key["term"] == "mafia"), "count_target"].tolist() == [4]


# -- command line ----------------------------------------------------------------------------------

def _run(capsys, *argv):
    from cuttings.cli import main

    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_cli_terms_and_keyness_print_the_library_tables(capsys):
    from conftest import SEED_ARGS

    status, out, _ = _run(capsys, "terms", *SEED_ARGS, "--top", "3", "--format", "jsonl")
    got = pd.read_json(pd.io.common.StringIO(out), lines=True)
    assert status == 0 and got["term"].tolist() == ["MEK", "organization", "members"]
    assert list(got.columns) == ["term", "count", "per_1k", "n_docs", "group"]
    status, out, _ = _run(capsys, "keyness", *SEED_ARGS, "--by", "kind", "--top", "2", "--format", "csv")
    got = pd.read_csv(pd.io.common.StringIO(out))
    assert got[["group", "term", "count_target"]].values.tolist()[2:4] == [
        ["news report", "Gholam Mirzai", 13], ["news report", "children", 9]]
    status, out, _ = _run(capsys, "terms", *SEED_ARGS, "--ngram", "2", "--no-aliases", "--top", "1", "--format", "csv")
    assert out.splitlines()[1].startswith("mek members,21,")


def test_cli_kwic_takes_the_last_argument_as_term(capsys):
    from conftest import SEED_ARGS

    status, out, _ = _run(capsys, "kwic", *SEED_ARGS, "Animal Farm", "--format", "jsonl")
    got = pd.read_json(pd.io.common.StringIO(out), lines=True)
    assert status == 0 and got[["doc_id", "line_no", "match"]].values.tolist() == [[2, 42, "Animal Farm"]]
    status, out, _ = _run(capsys, "kwic", "--term", "Skanderbeg", *SEED_ARGS, "--format", "csv")
    assert "Skanderbeg" in out and status == 0
    status, out, err = _run(capsys, "kwic", *SEED_ARGS)
    assert status == 2 and err.count("\n") == 1 and "TERM" in err
    status, out, _ = _run(capsys, "collocates", *SEED_ARGS, "mafia", "--format", "csv", "--min-count", "2")
    assert out.splitlines()[1].split(",")[:4] == ["chose", "2", "0", "2"]


def test_import_is_light():
    import subprocess
    import sys

    code = "import sys, cuttings.analysis.terms; print(any(m in sys.modules for m in ('pandas', 'numpy', 'sklearn', 'matplotlib')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_williams_correction_by_hand():
    # q = 1 + (N/c1 + N/c2 - 1)(N/r1 + N/r2 - 1) / 6N with columns c = 1000, 2000 and rows r = 15, 2985
    n = 3000
    q = 1 + (n / 1000 + n / 2000 - 1) * (n / 15 + n / 2985 - 1) / (6 * n)
    assert terms.g2_table(10, 5, 1000, 2000, correction="williams") == pytest.approx(6.969192 / q, abs=1e-5)
    with pytest.raises(CuttingsError):
        terms.g2_table(1, 1, 10, 10, correction="yates")


def test_figures_draw_the_tables(corpus):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fr = terms.framing(corpus, by="kind")
    fig, wide = plots.plot_framing(fr, title="Framing words per 1,000 words, by kind")
    assert wide.set_index("frame").loc["mafia", "news report"] == pytest.approx(
        fr.loc[(fr["group"] == "news report") & (fr["frame"] == "mafia"), "per_1k"].iloc[0])
    assert fig.axes[0].get_title(loc="left") == "Framing words per 1,000 words, by kind"
    plt.close(fig)
    key = terms.keyness(corpus, by="kind")
    fig, shown = plots.plot_keyness(key, n=3)
    assert len(shown) == 5 * 6 and (shown.groupby("group", sort=False)["g2"].apply(lambda g: (g > 0).sum()) == 3).all()
    assert fig.axes[0].get_title(loc="left") == "testimony (133 tokens)"
    plt.close(fig)
    fig, disp = plots.plot_dispersion(concordance.dispersion(corpus, ["MEK", "mafia"]),
                                      concordance.piece_boundaries(corpus))
    assert len(disp) == 185 + 6
    plt.close(fig)
    fig, shown = plots.plot_kwic(concordance.kwic(corpus, "mafia"))
    assert len(shown) == 6
    plt.close(fig)
