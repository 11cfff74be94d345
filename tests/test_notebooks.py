"""Notebooks: committed clean, run headless on the seed, and reproduce the committed figures byte for byte."""
import hashlib
import json
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, SEED, SEED_PROFILE

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
FIGURES = ROOT / "figures"


def _digest_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Execute every notebook on the seed into a fresh folder, as `make figures` does."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from notebooks import run

    out = tmp_path_factory.mktemp("figures")
    before = _digest_tree(ROOT / "notebooks")
    executed = run(corpus=SEED, profile=SEED_PROFILE, out=out, executed=tmp_path_factory.mktemp("executed"),
                   progress=False)
    assert _digest_tree(ROOT / "notebooks") == before, "running the notebooks changed notebooks/"
    return out, executed


def test_the_six_notebooks_exist_in_order():
    assert [p.name for p in NOTEBOOKS] == [
        "01-corpus-overview.ipynb", "02-sources.ipynb", "03-timeline.ipynb",
        "04-terms.ipynb", "05-topics.ipynb", "06-reuse.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_clean_and_parameterised(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.name[:2]} ")
    assert "**Question:**" in first.source
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and "CORPUS =" in params[0].source and "OUT =" in params[0].source
    assert f'notebook="{path.stem}"' in "".join(c.source for c in code)


def test_every_notebook_runs_and_writes_its_figures(rendered):
    out, executed = rendered
    assert [p.name for p in executed] == [p.name for p in NOTEBOOKS]
    for nb in NOTEBOOKS:
        pngs = list((out / nb.stem).glob("*.png"))
        assert pngs, f"{nb.name} wrote no figure"
        for png in pngs:
            assert png.with_suffix(".svg").exists()


def test_rendered_figures_equal_the_committed_ones_byte_for_byte(rendered):
    out, _ = rendered
    fresh, committed = _digest_tree(out), _digest_tree(FIGURES)
    assert sorted(fresh) == sorted(committed)
    differing = [name for name in fresh if fresh[name] != committed[name]]
    assert differing == []


def test_manifest_traces_every_figure(rendered):
    out, _ = rendered
    manifest = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
    files = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != "MANIFEST.json"]
    assert sorted(manifest) == sorted(files)
    seed_sha = hashlib.sha256(SEED.read_bytes()).hexdigest()
    import matplotlib

    import cuttings

    for name, rec in manifest.items():
        assert rec["sha256"] == hashlib.sha256((out / name).read_bytes()).hexdigest()
        assert rec["notebook"] == name.split("/")[0] + ".ipynb"
        assert rec["corpus"] == SEED.name and rec["corpus_sha256"] == seed_sha
        assert rec["cuttings"] == cuttings.__version__ and rec["matplotlib"] == matplotlib.__version__


def test_no_figure_file_depends_on_where_the_project_is_checked_out(rendered):
    out, _ = rendered
    for path in sorted(out.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            assert str(ROOT).encode() not in data and str(out).encode() not in data, path.name
