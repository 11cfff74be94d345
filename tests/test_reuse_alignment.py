"""A repeat whose aligned region snaps past the last sentence of the line that holds it (found when
notebook 06 ran on the BBC folder: two sport articles on the same athletes, at threshold 0.5)."""
import shutil

from cuttings.analysis import reuse


def test_loose_pairs_of_two_bbc_articles_stay_inside_their_lines(bench, tmp_path):
    import cuttings

    for name in ("048.txt", "089.txt"):
        shutil.copy(bench / "bbc" / "sport" / name, tmp_path / name)
    corpus = cuttings.load(tmp_path, profile=False)
    pairs = reuse.reuse(corpus, threshold=0.5)  # raised IndexError before the fix
    lines = {(str(r.file), int(r.line_no)): r.text for r in corpus.lines.itertuples(index=False)}
    linked = pairs[(pairs["a_line"] == 5) & (pairs["b_line"] == 5)]
    assert len(linked) >= 1
    for r in pairs.itertuples(index=False):
        for f, n, a, b in ((r.a_file, r.a_line, r.a_start, r.a_end), (r.b_file, r.b_line, r.b_start, r.b_end)):
            assert 0 <= a < b <= len(lines[(f, n)])
