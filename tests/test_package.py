"""The package installs anywhere: a wheel built from the project works in a fresh venv outside the repo.

The wheel is built without network (``python -m build --no-isolation``) and installed into a new
virtual environment with ``pip --no-index``; the dependencies (pandas, scikit-learn, ...) come from the
project environment through a ``.pth`` line, so the test needs no download but still imports
``cuttings`` from the fresh environment's own site-packages, far from ``lib/``.
"""
import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True)
    (whl,) = out.glob("cuttings-*.whl")
    return whl


@pytest.fixture(scope="module")
def fresh(wheel, tmp_path_factory):
    """A new venv holding only the wheel; dependencies visible through a .pth line."""
    env = tmp_path_factory.mktemp("venv") / "fresh"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    py = env / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
                    "--disable-pip-version-check", str(wheel)], check=True)
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "project_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return env


def test_wheel_holds_the_data_files_types_and_licence(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "cuttings/py.typed" in names
    assert "cuttings/viz/cuttings.mplstyle" in names
    for data in ("outlets.tsv", "temporal.txt", "stopwords_en.txt", "aliases.tsv", "README.md"):
        assert f"cuttings/data/{data}" in names
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert not any(n.startswith(("tests/", "tools/", "benchmarks/", "profiles/")) for n in names)
    meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "Provides-Extra: notebooks" in meta and "papermill" in meta


def test_installed_library_and_cli_work_outside_the_repo(fresh, tmp_path):
    corpus = tmp_path / "dump.txt"
    corpus.write_text("A Headline About Harbours\nThe harbour reopened on 3 May 2021, officials said.\n"
                      "Jane Doe, Reuters\n", encoding="utf-8")
    code = (
        "import json, cuttings\n"
        "from cuttings.viz import figures\n"
        f"c = cuttings.load({str(corpus)!r})\n"
        "print(json.dumps({'file': cuttings.__file__, 'style': figures.STYLE.is_file(), "
        "'docs': len(c.documents), 'source': c.documents['source'].iloc[0], 'version': cuttings.__version__}))\n"
    )
    got = json.loads(subprocess.run([str(fresh / "bin" / "python"), "-c", code], cwd=tmp_path, check=True,
                                    capture_output=True, text=True).stdout)
    assert got["file"].startswith(str(fresh)) and str(ROOT / "lib") not in got["file"]
    assert got["style"] and got["docs"] == 1 and got["source"] == "Reuters"
    import cuttings

    assert got["version"] == cuttings.__version__
    out = subprocess.run([str(fresh / "bin" / "cuttings"), "segment", str(corpus), "--format", "csv"],
                         cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    assert out.splitlines()[0].startswith("doc_id,file,start_line,end_line,title")
    version = subprocess.run([str(fresh / "bin" / "cuttings"), "--version"], cwd=tmp_path, check=True,
                             capture_output=True, text=True).stdout
    assert version.strip() == f"cuttings {cuttings.__version__}"
