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


def test_save_returns_a_figure_that_shows_itself_in_a_notebook(tmp_path):
    import base64

    from cuttings.viz import figures

    saved = figures.save(_draw(figures), "bars", notebook="99-test", out=tmp_path, corpus=SEED)
    assert saved["png"].endswith("bars.png") and saved.name == "bars" and saved.title == "Test figure"
    data, meta = saved._repr_mimebundle_()
    png = open(saved["png"], "rb").read()
    assert base64.b64decode(data["image/png"]) == png  # what the notebook shows is the file itself
    width, height = figures.png_size(png)
    assert (width, height) == (600, 450)  # 4 x 3 inches at 150 dpi
    assert meta["image/png"]["width"] == 400  # shown at 100 px per inch
    assert meta["cuttings"] == {"figure": "bars", "notebook": "99-test", "title": "Test figure"}
    assert str(tmp_path) not in data["text/plain"]


def test_files_are_readable_by_all(tmp_path):
    import os
    import stat

    from cuttings.viz import figures

    old = os.umask(0o022)
    try:
        saved = figures.save(_draw(figures), "bars", notebook="99-test", out=tmp_path, corpus=SEED)
    finally:
        os.umask(old)
    for path in [*saved.values(), tmp_path / "MANIFEST.json"]:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o644, path


def test_a_figure_too_large_for_a_page_is_saved_within_2400_pixels(tmp_path):
    from cuttings.viz import figures

    fig, ax = figures.figure(size=(9, 30))
    ax.plot([0, 1], [0, 1])
    saved = figures.save(fig, "tall", notebook="99-test", out=tmp_path, corpus=SEED)
    assert figures.png_size(open(saved["png"], "rb").read()) == (720, 2400)  # 9 x 30 in at 2400 / 30 = 80 dpi


def test_dense_artists_are_rasterized_in_the_svg_only(tmp_path):
    import numpy as np

    from cuttings.viz import figures

    rng = np.random.default_rng(0)
    fig, ax = figures.figure(size=(6, 4))
    ax.scatter(rng.random(60_000), rng.random(60_000), s=2)
    saved = figures.save(fig, "dots", notebook="99-test", out=tmp_path, corpus=SEED)
    svg = open(saved["svg"], encoding="utf-8").read()
    assert len(svg.encode()) < figures.MAX_SVG_BYTES and "<image" in svg
    fig, ax = figures.figure(size=(6, 4))
    ax.scatter(rng.random(300), rng.random(300), s=2)  # few marks stay vector
    saved = figures.save(fig, "few", notebook="99-test", out=tmp_path, corpus=SEED)
    assert "<image" not in open(saved["svg"], encoding="utf-8").read()


def _save_many(out, notebook):
    from cuttings.viz import figures

    for k in range(4):
        figures.save(_draw(figures), f"bars-{k}", notebook=notebook, out=out, corpus=SEED)


def test_notebooks_saving_at_once_keep_every_manifest_entry(tmp_path):
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_save_many, args=(tmp_path, f"9{k}-test")) for k in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        assert p.exitcode == 0
    manifest = json.loads((tmp_path / "MANIFEST.json").read_text())
    assert len(manifest) == 3 * 4 * 2  # three notebooks, four figures, PNG and SVG
