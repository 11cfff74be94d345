"""Execute the project's notebooks headless (papermill) to render figures, and turn them into an HTML report.

    python tools/notebooks.py run    [--corpus FILE] [--profile DIR] [--corrections FILE] [--out DIR] [--only 01,03] [--jobs N]
    python tools/notebooks.py report [--corpus FILE] [--profile DIR] [--corrections FILE] [--out DIR] [--only 01,03] [--jobs N]

A tool of this repository (``make figures``, ``make report``), not part of the installed library.

Notebooks run from copies, ``--jobs`` at a time (default: two, or one on a single core); executed
notebooks go under ``build/`` and are never written back into ``notebooks/``. Each notebook's old
figures are removed before it renders. ``report`` writes one self-contained HTML file (figures
embedded, no code, no absolute path): an index (corpus, hash, profile, corrections, links to every
section and figure), then each notebook's text, figures, tables and findings.
"""
from __future__ import annotations

import argparse
import html
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from cuttings.errors import CuttingsError
from cuttings.viz.figures import forget_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SEED = ROOT / "seeds" / "000_c32ce563f5658dff.txt"
SEED_PROFILE = ROOT / "profiles" / "000_c32ce563f5658dff"
BUILD = ROOT / "build"
REPORT_NAME = "index.html"


def notebook_paths(folder: Path = NOTEBOOKS, only: list[str] | None = None) -> list[Path]:
    """Return the notebooks of ``folder`` in order (``NN-name.ipynb``), optionally only those numbered in ``only``."""
    paths = sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))
    if only:
        paths = [p for p in paths if p.name[:2] in only or p.stem in only]
    return paths


def _ipc_kernel_manager(folder: str):
    """A kernel manager talking to the kernel over Unix sockets in ``folder`` rather than TCP (no
    unencrypted local ports, and no warning from ipykernel about them)."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self):
            return "ipc"

        @default("ip")
        def _default_ip(self):
            return os.path.join(folder, "kernel")

    return IPCKernelManager


def _execute(nb: str, target: str, parameters: dict, cwd: str) -> tuple[str, float, float]:
    """Execute one notebook into ``target`` (in a worker process); return (target, wall seconds, CPU
    seconds of its kernel)."""
    import resource

    import papermill

    sockets = tempfile.mkdtemp(prefix="cuttings-kernel-")
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        papermill.execute_notebook(nb, target, parameters=parameters, kernel_name="python3", cwd=cwd,
                                   progress_bar=False, log_output=False,
                                   kernel_manager_class=_ipc_kernel_manager(sockets))
    except papermill.PapermillExecutionError as exc:
        raise CuttingsError(f"{Path(nb).name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue} "
                            f"(executed copy: {target})") from None
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    wall = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the kernel, a child of this worker, has exited
    return target, wall, (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)


def default_jobs() -> int:
    """Notebooks executed at once by default: two (each kernel mostly uses one core), one on a single core."""
    return max(1, min(2, os.cpu_count() or 1))


def run(*, corpus: str | os.PathLike = SEED, profile: str | os.PathLike | None = None,
        corrections: str | os.PathLike | None = None, out: str | os.PathLike = ROOT / "figures",
        executed: str | os.PathLike | None = None,
        only: list[str] | None = None, folder: Path = NOTEBOOKS, progress: bool = True,
        jobs: int | None = None, timings: dict[str, float] | None = None,
        cpu: dict[str, float] | None = None) -> list[Path]:
    """Execute the notebooks on ``corpus`` (with ``profile`` and ``corrections``, if given; without
    ``corrections``, the file beside the corpus, if any) writing figures to ``out``; return the
    executed copies, in notebook order.

    ``jobs`` notebooks run at once (default ``default_jobs()``); figures and the manifest are the
    same whatever the order they finish in. ``timings`` and ``cpu``, when given, receive each
    notebook's execution time and its kernel's CPU time, in seconds. Raises ``CuttingsError`` when
    the corpus is missing or a notebook fails (naming the cell).
    """
    from tqdm.auto import tqdm

    corpus = Path(corpus).resolve()
    if not corpus.exists():
        raise CuttingsError(f"{corpus}: no such corpus file or folder")
    if profile:
        profile = Path(profile).resolve()
        if not profile.is_dir():
            raise CuttingsError(f"{profile}: no such profile folder")
    if corrections:
        corrections = Path(corrections).resolve()
        if not corrections.is_file():
            raise CuttingsError(f"{corrections}: no such corrections file")
    out = Path(out).resolve()
    executed = Path(executed) if executed else BUILD / "executed" / out.name
    executed.mkdir(parents=True, exist_ok=True)
    paths = notebook_paths(folder, only)
    if not paths:
        raise CuttingsError(f"no notebooks found in {folder}")
    jobs = max(1, jobs or default_jobs())
    env_backup = dict(os.environ)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1577836800")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ["MPLBACKEND"] = "Agg"
    # The corpus path as the notebook itself would write it (relative to notebooks/), so that
    # tables citing the file are the same in every checkout.
    parameters = {"CORPUS": os.path.relpath(corpus, folder),
                  "PROFILE": os.path.relpath(profile, folder) if profile else "",
                  "CORRECTIONS": os.path.relpath(corrections, folder) if corrections else "",
                  "OUT": str(out)}
    for nb in paths:
        forget_notebook(out, nb.stem)
    bar = tqdm(total=len(paths), desc="notebooks", unit="nb", disable=not progress, file=sys.stderr)
    try:
        # spawned workers (not forked: this process may hold threads, e.g. the progress bar's)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=context) as pool:
            futures = {pool.submit(_execute, str(nb), str(executed / nb.name), parameters, str(folder)): nb
                       for nb in paths}
            for future in as_completed(futures):
                nb = futures[future]
                _target, seconds, cpu_seconds = future.result()
                if timings is not None:
                    timings[nb.stem] = seconds
                if cpu is not None:
                    cpu[nb.stem] = cpu_seconds
                if progress:
                    bar.write(f"  {nb.name}: {seconds:.1f} s")
                bar.update(1)
    finally:
        bar.close()
        os.environ.clear()
        os.environ.update(env_backup)
    return [executed / nb.name for nb in paths]


# -- the report ---------------------------------------------------------------------------------------

REPORT_STYLE = """
body{font-family:"DejaVu Sans",Verdana,sans-serif;font-size:14px;line-height:1.5;color:#222;margin:0;background:#fff}
main{max-width:1180px;margin:0 auto;padding:16px 28px 60px 28px}
h1{font-size:26px;margin:36px 0 8px 0;border-bottom:2px solid #ddd;padding-bottom:4px}
h2{font-size:19px;margin:28px 0 6px 0}
h3{font-size:16px}
a{color:#1f5fa8}
a.anchor-link{display:none}
code{background:#f3f3f3;padding:0 3px;border-radius:3px;font-size:90%}
pre{background:#f7f7f7;padding:6px 8px;overflow-x:auto;font-size:12px;line-height:1.35}
figure{margin:10px 0 18px 0}
figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:12px;color:#555}
.output_area,.output_subarea{max-width:100%;min-width:0}
.output_subarea{overflow-x:auto;margin:4px 0}
.prompt{display:none}
table.index{border-collapse:collapse;margin:8px 0 16px 0}
table.index th{text-align:left;padding:3px 14px 3px 0;vertical-align:top;font-weight:600;white-space:nowrap}
table.index td{padding:3px 0;vertical-align:top}
nav.toc ol{margin:4px 0 8px 0}
nav.toc li{margin:2px 0}
nav.toc .figs{font-size:12.5px;color:#555}
section.notebook{border-top:1px solid #ccc;margin-top:30px}
.back{font-size:12px}
"""


def _slug(text: str) -> str:
    """An ASCII id from heading text ('02 · Sources, voices' -> '02-sources-voices')."""
    text = re.sub(r"<[^>]+>", "", html.unescape(text))
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))
    return "-".join(words)[:60] or "section"


def _prepare(nb, stem: str):
    """Prepare an executed notebook for the report: no parameter cells, no stderr, figures as
    ``<figure>`` elements with ids, widgets replaced by their static HTML. Returns the figures
    as (id, title) pairs."""
    import base64

    nb.metadata.pop("widgets", None)
    nb.metadata.pop("papermill", None)
    nb.cells = [c for c in nb.cells if not {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))]
    figures = []
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue
            data = output.get("data")
            if data is not None:
                data.pop("application/vnd.jupyter.widget-view+json", None)
                meta = output.get("metadata", {}).get("cuttings")
                if meta and "image/png" in data:
                    fid = f"{stem[:2]}-fig-{_slug(meta['figure'])}"
                    title = meta.get("title") or meta["figure"]
                    width = output.get("metadata", {}).get("image/png", {}).get("width")
                    size = f' width="{int(width)}"' if width else ""
                    png = data["image/png"]
                    if isinstance(png, bytes):  # pragma: no cover - nbformat keeps base64 text
                        png = base64.b64encode(png).decode("ascii")
                    files = ", ".join(f"{meta['figure']}.{ext}" for ext in ("png", "svg", "csv"))
                    output["data"] = {"text/html": (
                        f'<figure id="{fid}"><img src="data:image/png;base64,{png.strip()}"{size} '
                        f'alt="{html.escape(title)}"><figcaption>{html.escape(title)} · '
                        f'<code>figures/{html.escape(stem)}/</code> {html.escape(files)}</figcaption></figure>')}
                    output["metadata"] = {}
                    figures.append((fid, title))
            kept.append(output)
        cell.outputs = kept
    return figures


def _section_html(body: str, stem: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Give the headings of a notebook's HTML unique ASCII ids (prefixed by its number); return the
    HTML and its headings as (level, id, text)."""
    headings: list[tuple[int, str, str]] = []
    used: set[str] = set()

    def heading(m: re.Match) -> str:
        level, old_id, inner = int(m.group(1)), m.group(2), m.group(3)
        text = re.sub(r"<a class=\"anchor-link\".*?</a>", "", inner).strip()
        new = f"{stem[:2]}-{_slug(text)}" if level > 1 else f"nb-{stem}"
        while new in used:
            new += "-x"
        used.add(new)
        headings.append((level, new, re.sub(r"<[^>]+>", "", text)))
        inner = inner.replace(f'href="#{old_id}"', f'href="#{new}"')
        return f'<h{level} id="{new}">{inner}</h{level}>'

    body = re.sub(r'<h([1-3]) id="([^"]*)">(.*?)</h\1>', heading, body, flags=re.S)
    body = re.sub(r' id="cell-id=[^"]*"', "", body)  # the same cell ids in every notebook: not unique on one page
    return body, headings


def _display_path(path: Path | None) -> str:
    """A path as the report shows it: relative to the repository when inside it, else its name."""
    if path is None:
        return ""
    path = Path(path).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


def build_report(executed: list[Path], *, corpus: str | os.PathLike, profile: str | os.PathLike | None = None,
                 out: str | os.PathLike = BUILD / "report") -> Path:
    """Write the HTML report of executed notebooks ``executed`` to ``out/index.html``; return its path.

    One self-contained file: the index (corpus and its SHA-256, files and pieces, profile, the
    corrections used, versions, and links to every notebook section and figure), then each
    notebook without its code and parameters: its text, figures (embedded PNG), tables, the static
    form of its interactive explorers, and its findings. No absolute path appears in it.
    """
    import matplotlib
    import nbformat
    from nbconvert import HTMLExporter

    import cuttings
    from cuttings.viz.figures import corpus_sha256

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    sections, toc = [], []
    for path in executed:
        path = Path(path)
        nb = nbformat.read(path, as_version=4)
        figures = _prepare(nb, path.stem)
        body, _ = exporter.from_notebook_node(nb)
        body, headings = _section_html(body, path.stem)
        title = next((t for level, _, t in headings if level == 1), path.stem)
        subs = "".join(f'<li><a href="#{i}">{html.escape(t)}</a></li>' for level, i, t in headings if level == 2)
        figs = " · ".join(f'<a href="#{i}">{html.escape(t)}</a>' for i, t in figures)
        toc.append(f'<li><a href="#nb-{path.stem}">{html.escape(title)}</a>'
                   + (f"<ol>{subs}</ol>" if subs else "")
                   + (f'<div class="figs">Figures: {figs}</div>' if figs else "") + "</li>")
        sections.append(f'<section class="notebook" id="section-{path.stem}">{body}'
                        f'<p class="back"><a href="#index">Back to the index</a> · notebook: '
                        f'<code>notebooks/{html.escape(path.name)}</code></p></section>')
    loaded = cuttings.load(corpus, profile=profile if profile else False)
    prof = loaded.resources.profile
    if prof is not None:
        profile_cell = (f"{html.escape(prof.name or Path(prof.path).name)} — "
                        f"<code>{html.escape(_display_path(prof.path))}</code> (sha256 {prof.sha256[:12]})"
                        + (f"<br>{html.escape(prof.description)}" if prof.description else ""))
    else:
        profile_cell = "none: the general data only"
    sha = corpus_sha256(corpus)
    rows = [
        ("Corpus", f"<code>{html.escape(_display_path(Path(corpus)))}</code>"),
        ("SHA-256", f"<code>{sha}</code>" + (" (of its files' names and hashes)" if Path(corpus).is_dir() else "")),
        ("Size", f"{len(loaded.files):,} file{'s' if len(loaded.files) != 1 else ''}, "
                 f"{loaded.n_documents:,} pieces, {int(loaded.documents['n_words'].sum()):,} words"),
        ("Profile", profile_cell),
        ("Corrections", '<span id="corrections">none: hand corrections of pieces and names are not '
                        'supported yet; the ones used will be listed here</span>'),
        ("Made with", f"cuttings {cuttings.__version__}, matplotlib {matplotlib.__version__}; figures as "
                      f"PNG, SVG and CSV in <code>figures/</code> beside this file"),
    ]
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    title = f"cuttings report: {html.escape(Path(corpus).name)}"
    page = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f"<style>{REPORT_STYLE}</style>\n</head>\n<body>\n<main>\n"
            f'<header id="index"><h1>{title}</h1>\n'
            "<p>What the pieces of this corpus say about their origin, voices, dates, words, topics and "
            "repeats, as counted by cuttings. The counts describe the texts; they do not establish what "
            "the texts claim.</p>\n"
            f'<table class="index">{table}</table>\n'
            f'<nav class="toc"><h2>Contents</h2><ol>{"".join(toc)}</ol></nav></header>\n'
            + "\n".join(sections) + "\n</main>\n</body>\n</html>\n")
    target = out / REPORT_NAME
    target.write_text(page, encoding="utf-8")
    return target


def report(*, corpus: str | os.PathLike = SEED, profile: str | os.PathLike | None = None,
           out: str | os.PathLike = BUILD / "report", only: list[str] | None = None,
           jobs: int | None = None, progress: bool = True) -> Path:
    """Execute the notebooks (figures into ``out/figures``) and write the HTML report ``out/index.html``; return its path."""
    out = Path(out).resolve()
    executed = run(corpus=corpus, profile=profile, out=out / "figures", executed=BUILD / "executed" / "report",
                   only=only, jobs=jobs, progress=progress)
    return build_report(executed, corpus=corpus, profile=profile, out=out)


def main(argv: list[str] | None = None) -> int:
    """Command line of ``tools/notebooks.py``; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python tools/notebooks.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name, help_ in (("run", "execute notebooks and render figures"),
                        ("report", "execute notebooks and write the HTML report")):
        p = sub.add_parser(name, help=help_)
        p.add_argument("--corpus", default=str(SEED), help="corpus file or folder (default: the seed)")
        p.add_argument("--profile", default=None,
                       help="the corpus's profile folder (default: the seed's for the seed, else none)")
        p.add_argument("--corrections", default=None,
                       help="a corrections file (default: DUMP.corrections.toml beside the corpus, if any)")
        p.add_argument("--out", default=None,
                       help="output folder (default: figures/ for run, build/report/ for report)")
        p.add_argument("--only", default=None, help="comma-separated notebook numbers, e.g. 01,03")
        p.add_argument("--jobs", type=int, default=None, help=f"notebooks run at once (default {default_jobs()})")
    args = parser.parse_args(argv)
    only = args.only.split(",") if args.only else None
    profile = args.profile
    if profile is None and Path(args.corpus).resolve() == SEED.resolve():
        profile = SEED_PROFILE
    try:
        if args.cmd == "run":
            run(corpus=args.corpus, profile=profile or None, corrections=args.corrections or None,
                out=args.out or ROOT / "figures", only=only, jobs=args.jobs)
        else:
            page = report(corpus=args.corpus, profile=profile or None, out=args.out or BUILD / "report", only=only,
                          jobs=args.jobs)
            print(_display_path(page))
    except CuttingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
