"""Notebooks: committed clean and generic, run headless on the seed, figures inline and within limits,
the committed figures reproduced byte for byte, and the HTML report opened in a real browser."""
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
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
    checks = tmp_path_factory.mktemp("checks") / "checks.jsonl"
    before = _digest_tree(ROOT / "notebooks")
    old_umask, old_env = os.umask(0o022), os.environ.get("CUTTINGS_FIGURE_CHECKS")
    os.environ["CUTTINGS_FIGURE_CHECKS"] = str(checks)
    try:
        executed = run(corpus=SEED, profile=SEED_PROFILE, out=out, executed=tmp_path_factory.mktemp("executed"),
                       progress=False)
    finally:
        os.umask(old_umask)
        os.environ.pop("CUTTINGS_FIGURE_CHECKS")
        if old_env is not None:
            os.environ["CUTTINGS_FIGURE_CHECKS"] = old_env
    assert _digest_tree(ROOT / "notebooks") == before, "running the notebooks changed notebooks/"
    return out, executed, [json.loads(line) for line in checks.read_text().splitlines()]


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
    # run interactively, a notebook writes its figures into build/ (git-ignored), not into figures/
    assert 'OUT = "../build/figures"' in params[0].source
    assert "build/" in (ROOT / ".gitignore").read_text().split()
    # it ends with what it found, in words generated from its tables
    assert code[-1].source.splitlines()[-1].startswith("what_this_shows(findings.")


def _seed_words():
    """What only the seed's profile knows: its names and their spellings, its programmes (matched with
    their capitals), and the terms it looks at (matched in any case)."""
    names = set()
    for name in ("aliases.tsv", "programmes.tsv"):
        for line in (SEED_PROFILE / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                fields = line.split("\t")
                names.add(fields[0])
                if name == "aliases.tsv" and len(fields) > 2:
                    names.update(v for v in fields[2].split("|") if len(v) > 3)
    import tomllib

    params = tomllib.loads((SEED_PROFILE / "profile.toml").read_text(encoding="utf-8"))
    terms = set(params["terms"]["kwic"] + params["terms"]["dispersion"] + params["terms"]["spellings"])
    return sorted(w for w in names if w), sorted(terms)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_text_and_code_carry_no_seed_wording(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if "parameters" not in c.metadata.get("tags", []))
    names, terms = _seed_words()
    assert "MEK" in names and "Stop" in names and "mafia" in terms  # the lists are the seed's
    found = [w for w in names if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
    found += [w for w in terms if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, flags=re.I)]
    assert found == [], f"{path.name} names what only the seed's profile knows: {found}"


def test_every_notebook_runs_and_writes_its_figures(rendered):
    out, executed, _ = rendered
    assert [p.name for p in executed] == [p.name for p in NOTEBOOKS]
    for nb in NOTEBOOKS:
        pngs = list((out / nb.stem).glob("*.png"))
        assert pngs, f"{nb.name} wrote no figure"
        for png in pngs:
            assert png.with_suffix(".svg").exists()


def test_rendered_figures_equal_the_committed_ones_byte_for_byte(rendered):
    out, _, _ = rendered
    fresh, committed = _digest_tree(out), _digest_tree(FIGURES)
    assert sorted(fresh) == sorted(committed)
    differing = [name for name in fresh if fresh[name] != committed[name]]
    assert differing == []


def test_manifest_traces_every_figure(rendered):
    out, _, _ = rendered
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
    out, _, _ = rendered
    for path in sorted(out.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            assert str(ROOT).encode() not in data and str(out).encode() not in data, path.name
            assert stat.S_IMODE(path.stat().st_mode) == 0o644, path.name


def test_every_figure_shows_inline_in_the_executed_notebook(rendered):
    out, executed, _ = rendered
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        shown = [o["metadata"]["cuttings"]["figure"] for c in nb.cells if c.cell_type == "code"
                 for o in c.outputs if "image/png" in o.get("data", {}) and "cuttings" in o.get("metadata", {})]
        written = sorted(p.stem for p in (out / path.stem).glob("*.png"))
        assert sorted(shown) == written, path.name
        # and nothing prints a figure's repr or a matplotlib object instead of the figure
        plain = [o["data"]["text/plain"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
                 if "text/plain" in o.get("data", {}) and "image/png" not in o["data"]]
        assert not [p for p in plain if p.startswith(("<Figure", "{'png'", "<figure"))], path.name


def test_seed_figures_are_readable_and_within_the_size_limits(rendered):
    _, _, checks = rendered
    assert len(checks) == 34
    for record in checks:
        assert record["overlaps"] == [] and record["outside"] == [], record["figure"]
        assert max(record["png"]) <= 2400 and record["svg_bytes"] <= 2_000_000, record["figure"]


def test_lab_shows_figures_inline_and_figures_render_headless():
    lab = subprocess.run(["make", "-s", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "MPLBACKEND=module://matplotlib_inline.backend_inline" in lab
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^figures report test bench: export MPLBACKEND := Agg$", makefile, flags=re.M)
    assert not re.search(r"^export MPLBACKEND", makefile, flags=re.M)


# -- the report ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(rendered, tmp_path_factory):
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from notebooks import build_report

    out = tmp_path_factory.mktemp("report")
    page = build_report(rendered[1], corpus=SEED, profile=SEED_PROFILE, out=out)
    return page, page.read_text(encoding="utf-8")


def test_report_is_one_self_contained_page_with_an_index(rendered, report):
    page, html = report
    out = rendered[0]
    assert page.name == "index.html"
    # figures embedded, nothing fetched from elsewhere
    images = re.findall(r'<img [^>]*?src="([^"]{0,40})', html)
    assert len(images) == len(list(out.rglob("*.png"))) == 34
    assert all(src.startswith("data:image/png;base64,") for src in images)
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', html)
    # the index: corpus, hash, profile, corrections, a link to every section and figure
    sha = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert "seeds/000_c32ce563f5658dff.txt" in html and sha in html
    assert "MEK in Albania (seed)" in html and "profiles/000_c32ce563f5658dff" in html
    assert 'id="corrections"' in html
    for nb in NOTEBOOKS:
        assert f'href="#nb-{nb.stem}"' in html and f'id="nb-{nb.stem}"' in html
    for fid in re.findall(r'<figure id="([^"]+)"', html):
        assert f'href="#{fid}"' in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert html.count('<h2 id="') >= 6 + 1  # a "What this shows" per notebook, and the contents


def test_report_has_no_code_parameters_or_absolute_paths(report):
    _, html = report
    assert str(ROOT) not in html and "/tmp/" not in html and "/home/" not in html
    assert "CORPUS =" not in html and "PROFILE =" not in html and "injected" not in html.lower()
    assert "papermill" not in html and "viz.save(" not in html
    # the explorers degrade to static HTML: the seed's first piece and the concordance of "mafia"
    assert '<div class="cuttings-reader">' in html and "“mafia”: 6 occurrences in 2 pieces." in html
    assert "application/vnd.jupyter.widget" not in html


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    if os.environ.get("CUTTINGS_REQUIRE_BROWSER"):
        pytest.fail("no Chromium found, and CUTTINGS_REQUIRE_BROWSER is set (CI installs Debian's chromium)")
    pytest.skip("no headless browser installed: `apt-get install chromium` to open the report in Chromium")


def test_report_opens_in_chromium_with_every_image_loaded(report, tmp_path):
    browser = _chromium()
    _, html = report
    # A copy of the report with a probe that lists, once the page has loaded, each image that did not
    # decode (complete and with a natural width) and the total; the browser prints the DOM after it ran.
    probe = ("<script>window.addEventListener('load', () => { const imgs = [...document.images];"
             " const bad = imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt);"
             " const p = document.createElement('pre'); p.id = 'probe';"
             " p.textContent = 'IMAGES ' + imgs.length + ' BROKEN ' + JSON.stringify(bad);"
             " document.body.appendChild(p); });</script>")
    probed = tmp_path / "probed.html"
    probed.write_text(html.replace("</body>", probe + "</body>"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([browser, *flags, "--virtual-time-budget=20000", "--dump-dom", probed.as_uri()],
                         capture_output=True, text=True, timeout=180).stdout
    found = re.search(r"IMAGES (\d+) BROKEN (\[.*?\])", dom)
    assert found, "the browser did not run the page"
    assert int(found.group(1)) == 34 and found.group(2) == "[]"
    shot = tmp_path / "report.png"
    subprocess.run([browser, *flags, "--window-size=1280,2000", f"--screenshot={shot}", (tmp_path / "probed.html").as_uri()],
                   capture_output=True, timeout=180)
    from PIL import Image

    image = Image.open(shot).convert("L")
    assert image.size == (1280, 2000)
    low, high = image.getextrema()
    assert high - low > 100  # text and figures on the page, not a blank screen
