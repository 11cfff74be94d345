"""The figure helper: one style, bundled font, deterministic bytes, atomic writes, a manifest."""
import hashlib
import json

import matplotlib
import pytest

from conftest import SEED


def _draw(figures):
    fig, ax = figures.figure(size=(4, 3))
    ax.bar(["a", "b", "c"], [3, 1, 2])
    ax.set_title("Test figure")
    ax.set_xlabel("letter")
    ax.set_ylabel("count")
    return fig


def test_two_renders_are_byte_identical(tmp_path):
    from cuttings.viz import figures

    a = figures.save(_draw(figures), "bars", notebook="99-test", out=tmp_path / "a", corpus=SEED)
    b = figures.save(_draw(figures), "bars", notebook="99-test", out=tmp_path / "b", corpus=SEED)
    for fmt in ("png", "svg"):
        assert open(a[fmt], "rb").read() == open(b[fmt], "rb").read()


def test_svg_has_no_date_and_carries_the_matplotlib_version(tmp_path):
    from cuttings.viz import figures

    paths = figures.save(_draw(figures), "bars", notebook="99-test", out=tmp_path, corpus=SEED)
    svg = open(paths["svg"], encoding="utf-8").read()
    assert "<dc:date>" not in svg
    assert f"Matplotlib v{matplotlib.__version__}" in svg
    png = open(paths["png"], "rb").read()
    assert f"Matplotlib version{matplotlib.__version__}".encode() in png


def test_source_line_names_the_corpus_and_short_hash(tmp_path):
    from cuttings.viz import figures

    label = figures.corpus_label(SEED)
    assert label.startswith(f"Source: {SEED.name} · sha256 {hashlib.sha256(SEED.read_bytes()).hexdigest()[:12]}")


def test_text_uses_matplotlibs_bundled_dejavu_sans():
    from matplotlib import font_manager

    from cuttings.viz import figures

    with figures.style():
        for weight in ("normal", "bold"):
            path = font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"], weight=weight))
            assert path.startswith(matplotlib.get_data_path()), path
            assert "DejaVuSans" in path


def test_style_does_not_leak_into_global_rcparams():
    from cuttings.viz import figures

    before = dict(matplotlib.rcParams)
    with figures.style():
        assert matplotlib.rcParams["svg.hashsalt"] == "cuttings"
    after = dict(matplotlib.rcParams)
    assert before == after


def test_manifest_records_each_file_and_csv_data(tmp_path):
    import pandas as pd

    from cuttings.viz import figures

    data = pd.DataFrame({"letter": ["a", "b"], "count": [3, 1]})
    paths = figures.save(_draw(figures), "bars", notebook="99-test", out=tmp_path, corpus=SEED, data=data)
    manifest = json.loads((tmp_path / "MANIFEST.json").read_text())
    assert sorted(manifest) == ["99-test/bars.csv", "99-test/bars.png", "99-test/bars.svg"]
    assert manifest["99-test/bars.png"]["notebook"] == "99-test.ipynb"
    assert open(paths["csv"]).read() == "letter,count\na,3\nb,1\n"
    figures.forget_notebook(tmp_path, "99-test")
    assert json.loads((tmp_path / "MANIFEST.json").read_text()) == {}
    assert not any((tmp_path / "99-test").iterdir())


def test_a_failed_write_leaves_no_partial_file(tmp_path):
    from cuttings.viz import figures

    target = tmp_path / "x.bin"
    target.write_bytes(b"old")

    def boom(f):
        f.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        figures._atomic(target, boom)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.bin"]


def test_a_folder_corpus_gets_a_stable_hash(tmp_path):
    from cuttings.viz import figures

    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("one\n")
    (tmp_path / "b" / "c.txt").write_text("two\n")
    first = figures.corpus_label(tmp_path)
    assert first.startswith(f"Source: {tmp_path.name} · sha256 ")
    assert figures.corpus_label(tmp_path) == first
    (tmp_path / "b" / "c.txt").write_text("three\n")
    assert figures.corpus_label(tmp_path) != first
