"""Save every figure the same way: one style, deterministic PNG + SVG, a source line, a manifest."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .._version import __version__

STYLE = Path(__file__).with_name("cuttings.mplstyle")
MANIFEST = "MANIFEST.json"
FORMATS = ("png", "svg")


@dataclass
class Context:
    """Where figures go and what they come from (set by ``configure`` or the environment)."""

    notebook: str = "interactive"
    out: Path = Path("figures")
    corpus: Path | None = None


_context = Context()


def configure(*, notebook: str | None = None, out: str | os.PathLike | None = None,
              corpus: str | os.PathLike | None = None) -> Context:
    """Set the notebook stem, output folder and corpus file that ``save`` records; return the context.

    Unset arguments fall back to ``$CUTTINGS_NOTEBOOK``, ``$CUTTINGS_FIGURES`` and ``$CUTTINGS_CORPUS``.
    """
    global _context
    nb = notebook or os.environ.get("CUTTINGS_NOTEBOOK") or _context.notebook
    nb = Path(nb).name.removesuffix(".ipynb")
    folder = out or os.environ.get("CUTTINGS_FIGURES") or _context.out
    corp = corpus or os.environ.get("CUTTINGS_CORPUS") or _context.corpus
    _context = Context(nb, Path(folder), Path(corp) if corp else None)
    return _context


@contextmanager
def style(**overrides):
    """Context manager applying the cuttings style (plus ``overrides`` rcParams) to figures made inside."""
    import matplotlib

    with matplotlib.rc_context(fname=str(STYLE), rc=overrides or None):
        yield


def styled(func):
    """Decorator: run a plotting function entirely under the cuttings style.

    Text made after ``figure()`` returns (titles, labels, annotations) reads rcParams when it is
    created, so the whole function, not only figure creation, must run inside ``style()``.
    """
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with style():
            return func(*args, **kwargs)

    return wrapper


def figure(*, nrows: int = 1, ncols: int = 1, size: tuple[float, float] | None = None, **kwargs):
    """Return ``(fig, axes)`` made under the cuttings style (``size`` in inches, default 9 x 5.5)."""
    import matplotlib.pyplot as plt

    with style():
        fig, axes = plt.subplots(nrows, ncols, figsize=size, **kwargs)
    return fig, axes


def corpus_label(path: str | os.PathLike | None) -> str:
    """Return the source line of a figure: corpus file (or folder) name and the first 12 hex digits of its SHA-256."""
    if not path:
        return "Source: (corpus not recorded)"
    return f"Source: {Path(path).name} · sha256 {_sha256_file(Path(path))[:12]} · cuttings {__version__}"


def save(fig, name: str, *, data=None, notebook: str | None = None, out=None, corpus=None,
         close: bool = True) -> dict[str, str]:
    """Write ``fig`` as ``<out>/<notebook>/<name>.png`` and ``.svg``; return {format: path}.

    Deterministic (fixed style, no dates in metadata, SVG hash salt), atomic (write, then rename).
    Adds the source line, records each file in ``<out>/MANIFEST.json`` (sha256, notebook, corpus
    sha256, package and matplotlib versions) and, with ``data`` (a DataFrame), writes the table
    behind the figure as ``<name>.csv`` so every mark can be traced to its lines.
    """
    import matplotlib

    ctx = configure(notebook=notebook, out=out, corpus=corpus)
    folder = ctx.out / ctx.notebook
    folder.mkdir(parents=True, exist_ok=True)
    with style():
        _add_source_line(fig, corpus_label(ctx.corpus))
        written = {}
        for fmt in FORMATS:
            target = folder / f"{name}.{fmt}"
            metadata = {"Date": None} if fmt == "svg" else None
            _atomic(target, lambda f, fmt=fmt, metadata=metadata: fig.savefig(f, format=fmt, metadata=metadata))
            written[fmt] = str(target)
    if data is not None:
        target = folder / f"{name}.csv"
        _atomic(target, lambda f: f.write(data.to_csv(index=False, lineterminator="\n").encode("utf-8")))
        written["csv"] = str(target)
    if close:
        import matplotlib.pyplot as plt

        plt.close(fig)
    _record(ctx, written, matplotlib.__version__)
    return written


def _add_source_line(fig, text: str) -> None:
    """Write the source line in a strip kept free at the bottom of the figure (0.25 in high)."""
    height = fig.get_figheight()
    strip = 0.25 / height
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and "rect" in engine.get():
        engine.set(rect=(0, strip, 1, 1 - strip))  # (left, bottom, width, height)
    else:
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, strip + 0.08))
    fig.text(0.995, 0.08 / height, text, ha="right", va="bottom", fontsize=6.5, color="#666666")


def _atomic(target: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes; for a folder, of the sorted list of its *.txt files and their hashes."""
    path = Path(path)
    if path.is_dir():
        h = hashlib.sha256()
        for f in sorted(path.rglob("*.txt"), key=lambda q: q.relative_to(path).as_posix()):
            if f.is_file():
                h.update(f"{f.relative_to(path).as_posix()}\0{_sha256_file(f)}\n".encode())
        return h.hexdigest()
    h = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _record(ctx: Context, written: dict[str, str], mpl_version: str) -> None:
    manifest_path = ctx.out / MANIFEST
    manifest = read_manifest(ctx.out)
    corpus_sha = _sha256_file(ctx.corpus) if ctx.corpus else None
    for path in written.values():
        rel = Path(path).relative_to(ctx.out).as_posix()
        manifest[rel] = {
            "sha256": _sha256_file(Path(path)),
            "notebook": f"{ctx.notebook}.ipynb",
            "corpus": ctx.corpus.name if ctx.corpus else None,
            "corpus_sha256": corpus_sha,
            "cuttings": __version__,
            "matplotlib": mpl_version,
        }
    text = json.dumps(dict(sorted(manifest.items())), indent=1, ensure_ascii=False) + "\n"
    _atomic(manifest_path, lambda f: f.write(text.encode("utf-8")))


def read_manifest(out: str | os.PathLike = "figures") -> dict:
    """Return the manifest of figure folder ``out`` as {relative path: record} (empty if none)."""
    path = Path(out) / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def forget_notebook(out: str | os.PathLike, notebook: str) -> None:
    """Remove a notebook's figures and manifest entries before it renders again (no stale files)."""
    out = Path(out)
    stem = Path(notebook).name.removesuffix(".ipynb")
    folder = out / stem
    if folder.is_dir():
        for f in folder.iterdir():
            if f.is_file():
                f.unlink()
    manifest = read_manifest(out)
    kept = {k: v for k, v in manifest.items() if not k.startswith(f"{stem}/")}
    if kept != manifest or not (out / MANIFEST).exists():
        out.mkdir(parents=True, exist_ok=True)
        text = json.dumps(dict(sorted(kept.items())), indent=1, ensure_ascii=False) + "\n"
        _atomic(out / MANIFEST, lambda f: f.write(text.encode("utf-8")))
