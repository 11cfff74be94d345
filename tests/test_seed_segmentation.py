"""The seed corpus, segmented exactly as annotated by reading it (tests/fixtures/seed_annotation.json)."""
from conftest import SEED


def test_ten_pieces_with_exact_boundaries_titles_and_kinds(seed_corpus, annotation):
    docs = seed_corpus.documents
    got = [dict(start=r.start_line, end=r.end_line, title=r.title if isinstance(r.title, str) else None, kind=r.kind)
           for r in docs.itertuples()]
    assert got == annotation["pieces"]
    assert docs["doc_id"].tolist() == list(range(1, 11))
    assert (docs["n_lines"] == docs["end_line"] - docs["start_line"] + 1).all()


def test_every_line_has_the_annotated_role(seed_corpus, annotation):
    lines = seed_corpus.lines
    assert len(lines) == annotation["n_lines"] == 249
    expected = [annotation["roles"].get(str(n), "body") for n in range(1, 250)]
    got = lines["role"].astype(str).tolist()
    wrong = [(n, g, e) for n, g, e in zip(range(1, 250), got, expected) if g != e]
    assert wrong == []


def test_speakers_are_the_annotated_ones(seed_corpus, annotation):
    lines = seed_corpus.lines
    got = {str(r.line_no): r.speaker for r in lines.itertuples() if r.speaker is not None}
    assert got == annotation["speakers"]


def test_lines_map_to_their_pieces(seed_corpus, annotation):
    lines = seed_corpus.lines
    for doc_id, piece in enumerate(annotation["pieces"], start=1):
        in_piece = lines[(lines["line_no"] >= piece["start"]) & (lines["line_no"] <= piece["end"])]
        assert set(in_piece["doc_id"]) == {doc_id}


def test_lossless_on_the_seed(seed_corpus):
    raw = SEED.read_bytes().decode("utf-8")
    assert "\n".join(seed_corpus.lines["text"]) + ("\n" if raw.endswith("\n") else "") == raw
    assert seed_corpus.text() == raw
    f = seed_corpus.files.iloc[0]
    assert (f.encoding, f.newline, bool(f.trailing_newline), int(f.n_lines), int(f.n_documents)) == ("utf-8", "LF", False, 249, 10)


def test_turns_of_the_two_interviews(seed_corpus):
    turns = seed_corpus.turns
    abc = turns[turns["doc_id"] == 9]
    # Six labelled ABC News questions, each answered by one unlabelled line.
    assert abc["kind"].tolist() == ["question", "answer"] * 6
    assert abc.loc[abc["kind"] == "question", "speaker"].unique().tolist() == ["ABC News"]
    assert abc.iloc[0]["text"] == "Can you tell me your name?"
    wt = turns[turns["doc_id"] == 3]
    assert wt.iloc[0][["line_no", "speaker", "kind"]].tolist() == [74, "Hassan Hayrani", "statement"]
    assert (wt["kind"] == "question").sum() == 10
    # Lines 98-107 answer the last question (line 97): one turn spread over ten lines.
    last = wt[wt["line_no"] >= 98]
    assert len(last) == 10 and last["turn"].nunique() == 1 and set(last["kind"]) == {"answer"}
    statements = turns[turns["kind"] == "statement"]
    assert statements[["doc_id", "line_no", "speaker"]].values.tolist() == [
        [3, 74, "Hassan Hayrani"], [6, 147, "Farid Shakarami"], [6, 152, "Rahman Mohammadian"],
        [8, 199, "Mojahedin defector"], [8, 201, "Mojahedin defector"]]
    assert statements.iloc[1]["text"].startswith("Good evening to all TV Klan viewers!")
