"""Execute the project's notebooks headless (papermill) to render figures, and turn them into HTML.

    python tools/notebooks.py run    [--corpus FILE] [--profile DIR] [--out DIR] [--only 01,03]
    python tools/notebooks.py report [--corpus FILE] [--profile DIR] [--out DIR]

A tool of this repository (``make figures``, ``make report``), not part of the installed library.

Notebooks run in order from copies; executed notebooks go under ``build/`` and are never written
back into ``notebooks/``. Each notebook's old figures are removed before it renders.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from cuttings.errors import CuttingsError
from cuttings.viz.figures import forget_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SEED = ROOT / "seeds" / "000_c32ce563f5658dff.txt"
SEED_PROFILE = ROOT / "profiles" / "000_c32ce563f5658dff"
BUILD = ROOT / "build"


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


def run(*, corpus: str | os.PathLike = SEED, profile: str | os.PathLike | None = None,
        out: str | os.PathLike = ROOT / "figures", executed: str | os.PathLike | None = None,
        only: list[str] | None = None, folder: Path = NOTEBOOKS, progress: bool = True) -> list[Path]:
    """Execute the notebooks on ``corpus`` (with ``profile``, if given) writing figures to ``out``;
    return the executed copies.

    Raises ``CuttingsError`` when the corpus is missing or a notebook fails (naming the cell).
    """
    import papermill
    from tqdm.auto import tqdm

    corpus = Path(corpus).resolve()
    if not corpus.exists():
        raise CuttingsError(f"{corpus}: no such corpus file or folder")
    if profile:
        profile = Path(profile).resolve()
        if not profile.is_dir():
            raise CuttingsError(f"{profile}: no such profile folder")
    out = Path(out).resolve()
    executed = Path(executed) if executed else BUILD / "executed" / out.name
    executed.mkdir(parents=True, exist_ok=True)
    paths = notebook_paths(folder, only)
    if not paths:
        raise CuttingsError(f"no notebooks found in {folder}")
    env_backup = dict(os.environ)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1577836800")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ["MPLBACKEND"] = "Agg"
    done = []
    bar = tqdm(paths, desc="notebooks", unit="nb", disable=not progress, file=sys.stderr)
    sockets = tempfile.mkdtemp(prefix="cuttings-kernel-")
    try:
        for nb in bar:
            bar.set_postfix_str(nb.stem)
            forget_notebook(out, nb.stem)
            target = executed / nb.name
            t0 = time.perf_counter()
            try:
                papermill.execute_notebook(
                    str(nb), str(target),
                    # The corpus path as the notebook itself would write it (relative to notebooks/),
                    # so that tables citing the file are the same in every checkout.
                    parameters={"CORPUS": os.path.relpath(corpus, folder),
                                "PROFILE": os.path.relpath(profile, folder) if profile else "",
                                "OUT": str(out)},
                    kernel_name="python3", cwd=str(folder), progress_bar=False, log_output=False,
                    kernel_manager_class=_ipc_kernel_manager(sockets),
                )
            except papermill.PapermillExecutionError as exc:
                raise CuttingsError(
                    f"{nb.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue} "
                    f"(executed copy: {target})") from None
            if progress:
                bar.write(f"  {nb.name}: {time.perf_counter() - t0:.1f} s")
            done.append(target)
    finally:
        os.environ.clear()
        os.environ.update(env_backup)
        shutil.rmtree(sockets, ignore_errors=True)
    return done


def report(*, corpus: str | os.PathLike = SEED, profile: str | os.PathLike | None = None,
           out: str | os.PathLike = BUILD / "report", only: list[str] | None = None) -> list[Path]:
    """Execute the notebooks into ``out`` and render each to ``out/<name>.html``; return the HTML paths."""
    import nbformat
    from nbconvert import HTMLExporter

    out = Path(out).resolve()
    executed = run(corpus=corpus, profile=profile, out=out / "figures", executed=out / "executed", only=only)
    exporter = HTMLExporter()
    pages = []
    for nb in executed:
        body, _ = exporter.from_notebook_node(nbformat.read(nb, as_version=4))
        page = out / f"{nb.stem}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
    return pages


def main(argv: list[str] | None = None) -> int:
    """Command line of ``python -m cuttings.notebooks``; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python tools/notebooks.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name, help_ in (("run", "execute notebooks and render figures"),
                        ("report", "execute notebooks and render them to HTML")):
        p = sub.add_parser(name, help=help_)
        p.add_argument("--corpus", default=str(SEED), help="corpus file or folder (default: the seed)")
        p.add_argument("--profile", default=None,
                       help="the corpus's profile folder (default: the seed's for the seed, else none)")
        p.add_argument("--out", default=None,
                       help="output folder (default: figures/ for run, build/report/ for report)")
        p.add_argument("--only", default=None, help="comma-separated notebook numbers, e.g. 01,03")
    args = parser.parse_args(argv)
    only = args.only.split(",") if args.only else None
    profile = args.profile
    if profile is None and Path(args.corpus).resolve() == SEED.resolve():
        profile = SEED_PROFILE
    try:
        if args.cmd == "run":
            run(corpus=args.corpus, profile=profile or None, out=args.out or ROOT / "figures", only=only)
        else:
            pages = report(corpus=args.corpus, profile=profile or None, out=args.out or BUILD / "report", only=only)
            print("\n".join(str(p) for p in pages))
    except CuttingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
