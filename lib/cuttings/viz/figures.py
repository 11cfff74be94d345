"""Save every figure the same way: one style, deterministic PNG + SVG within size limits, a source line, a manifest."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .._version import __version__
from ..corrections import SECTIONS, find_corrections

STYLE = Path(__file__).with_name("cuttings.mplstyle")
MANIFEST = "MANIFEST.json"
FORMATS = ("png", "svg")
# Limits every saved figure keeps, whatever the corpus: the PNG's long side in pixels (16 inches at
# the style's 150 dpi; a larger figure is saved at a lower dpi) and the SVG's size in bytes (dense
# artists are drawn as embedded images in the SVG, see ``DENSE_VERTICES``).
MAX_PIXELS = 2400
MAX_INCHES = 16.0
MAX_SVG_BYTES = 2_000_000
# A figure whose data artists draw more vertices or marks than this (a scatter of thousands of units,
# a dispersion plot of every occurrence) has its densest artists rasterized in the SVG until the
# rest draw fewer: the file stays small, the PNG is unchanged.
DENSE_VERTICES = 20_000
# When set, ``save`` appends one JSON line per figure to this file: its size and the texts that
# overlap or stick out (``cuttings.viz.checks``); the tests and the figure benchmark read it.
CHECKS_ENV = "CUTTINGS_FIGURE_CHECKS"
# Shown width of a figure in a notebook, per inch: the PNG has 150 dpi, shown at 100 px per inch
# (sharp on high-density screens, the size the figure was designed for elsewhere).
SHOWN_DPI = 100


@dataclass
class Context:
    """Where figures go and what they come from (set by ``configure`` or the environment)."""

    notebook: str = "interactive"
    out: Path = Path("figures")
    corpus: Path | None = None
    corrections: Path | None = None


_context = Context()


def configure(*, notebook: str | None = None, out: str | os.PathLike | None = None,
              corpus: str | os.PathLike | None = None, corrections: str | os.PathLike | bool | None = None) -> Context:
    """Set the notebook stem, output folder, corpus file and corrections file that ``save`` records;
    return the context.

    Unset arguments fall back to ``$CUTTINGS_NOTEBOOK``, ``$CUTTINGS_FIGURES``, ``$CUTTINGS_CORPUS`` and
    ``$CUTTINGS_CORRECTIONS``; with none of those, the corrections file is the one ``cuttings.load``
    finds beside the corpus (if any). ``corrections=False``: none.
    """
    global _context
    nb = notebook or os.environ.get("CUTTINGS_NOTEBOOK") or _context.notebook
    nb = Path(nb).name.removesuffix(".ipynb")
    folder = out or os.environ.get("CUTTINGS_FIGURES") or _context.out
    corp = corpus or os.environ.get("CUTTINGS_CORPUS") or _context.corpus
    fixes = corrections if corrections is not None else os.environ.get("CUTTINGS_CORRECTIONS") or None
    if fixes is None or fixes is True:
        fixes = find_corrections(corp) if corp else None
    _context = Context(nb, Path(folder), Path(corp) if corp else None, Path(fixes) if fixes else None)
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


def corpus_label(path: str | os.PathLike | None, corrections: str | os.PathLike | None = None) -> str:
    """Return the source line of a figure: corpus file (or folder) name and the first 12 hex digits of its
    SHA-256, and "with N corrections" when a corrections file was applied."""
    if not path:
        return "Source: (corpus not recorded)"
    fixes = f" · with {_n_corrections(Path(corrections))} corrections" if corrections else ""
    return f"Source: {Path(path).name} · sha256 {_sha256_file(Path(path))[:12]}{fixes} · cuttings {__version__}"


def _n_corrections(path: Path) -> int:
    """Entries of a corrections file (checked against the corpus by ``cuttings.load``, not here)."""
    import tomllib

    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(len(doc[s]) for s in SECTIONS if isinstance(doc.get(s), list))


class SavedFigure(dict):
    """What ``save`` returns: {format: path} of the files written, shown in a notebook as the figure.

    A cell ending in ``viz.save(fig, ...)`` displays the saved PNG itself (in JupyterLab, in executed
    notebooks and in the HTML report, whatever matplotlib backend the kernel uses), so what a reader
    sees is exactly the file on disk. ``name`` and ``title`` identify it (the report links to it).
    """

    def __init__(self, written: dict[str, str], *, name: str, notebook: str, title: str) -> None:
        super().__init__(written)
        self.name, self.notebook, self.title = name, notebook, title

    def __repr__(self) -> str:
        files = ", ".join(Path(p).name for p in self.values())
        return f"<figure {self.name!r}: {files}>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        png = Path(self["png"]).read_bytes()
        width, _height = png_size(png)
        data = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": repr(self)}
        meta = {"image/png": {"width": round(width * SHOWN_DPI / _png_dpi(png))},
                "cuttings": {"figure": self.name, "notebook": self.notebook, "title": self.title}}
        return data, meta


def save(fig, name: str, *, data=None, notebook: str | None = None, out=None, corpus=None,
         close: bool = True) -> SavedFigure:
    """Write ``fig`` as ``<out>/<notebook>/<name>.png`` and ``.svg``; return a ``SavedFigure``
    ({format: path}, shown in a notebook as the figure).

    Deterministic (fixed style, no dates in metadata, SVG hash salt), atomic (write, then rename),
    files readable by all (mode 0644 under the usual umask). Within limits on any corpus: the PNG's
    long side is at most ``MAX_PIXELS`` (a larger figure is saved at a lower dpi) and artists with
    more than ``DENSE_VERTICES`` marks are rasterized in the SVG. Adds the source line, records each
    file in ``<out>/MANIFEST.json`` (sha256, notebook, corpus sha256, package and matplotlib
    versions) and, with ``data`` (a DataFrame), writes the table behind the figure as ``<name>.csv``
    so every mark can be traced to its lines.
    """
    import matplotlib

    ctx = configure(notebook=notebook, out=out, corpus=corpus)
    folder = ctx.out / ctx.notebook
    folder.mkdir(parents=True, exist_ok=True)
    title = figure_title(fig)
    with style():
        _add_source_line(fig, corpus_label(ctx.corpus, ctx.corrections))
        dpi = min(float(matplotlib.rcParams["savefig.dpi"]), MAX_PIXELS / max(fig.get_size_inches()))
        written = {}
        for fmt in FORMATS:
            target = folder / f"{name}.{fmt}"
            metadata = {"Date": None} if fmt == "svg" else None
            if fmt == "svg":
                _rasterize_dense(fig)
            _atomic(target, lambda f, fmt=fmt, metadata=metadata: fig.savefig(f, format=fmt, dpi=dpi, metadata=metadata))
            if fmt == "svg" and target.stat().st_size > MAX_SVG_BYTES:
                _rasterize_dense(fig, limit=0)  # still too large: every data artist as an image
                _atomic(target, lambda f, metadata=metadata: fig.savefig(f, format="svg", dpi=dpi, metadata=metadata))
            written[fmt] = str(target)
    if data is not None:
        target = folder / f"{name}.csv"
        _atomic(target, lambda f: f.write(data.to_csv(index=False, lineterminator="\n").encode("utf-8")))
        written["csv"] = str(target)
    if os.environ.get(CHECKS_ENV):
        _append_checks(Path(os.environ[CHECKS_ENV]), fig, ctx, name, written, dpi=dpi)
    if close:
        import matplotlib.pyplot as plt

        plt.close(fig)
    _record(ctx, written, matplotlib.__version__)
    return SavedFigure(written, name=name, notebook=ctx.notebook, title=title)


def _append_checks(path: Path, fig, ctx: Context, name: str, written: dict[str, str], *, dpi: float) -> None:
    """Append the readability checks of a saved figure to ``path`` (one JSON object per line), drawn
    at the dpi of its PNG (text widths and the layout differ a little from one dpi to another)."""
    from . import checks

    shown_dpi = fig.dpi
    try:
        fig.set_dpi(dpi)
        with style():
            record = {"figure": f"{ctx.notebook}/{name}",
                      "png": list(png_size(Path(written["png"]).read_bytes())),
                      "svg_bytes": Path(written["svg"]).stat().st_size,
                      "overlaps": checks.text_overlaps(fig), "outside": checks.texts_outside(fig)}
    finally:
        fig.set_dpi(shown_dpi)
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def figure_title(fig) -> str:
    """Return a figure's title: its suptitle, else the title of its first axes that has one ('' if none)."""
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text():
        return " ".join(sup.get_text().split())
    for ax in fig.axes:
        for loc in ("left", "center", "right"):
            text = ax.get_title(loc=loc)
            if text:
                return " ".join(text.split())
    return ""


def png_size(png: bytes) -> tuple[int, int]:
    """Return (width, height) in pixels of PNG bytes (read from the IHDR chunk)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _png_dpi(png: bytes) -> float:
    """The resolution a PNG records in its pHYs chunk (dots per inch), else the style's 150."""
    at = png.find(b"pHYs")
    if at < 0:
        return 150.0
    per_metre = int.from_bytes(png[at + 4:at + 8], "big")
    return per_metre * 0.0254 if png[at + 12] == 1 and per_metre else 150.0


def _marks(artist) -> int:
    """How many vertices and marks an artist draws (what makes an SVG large)."""
    import numpy as np
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D

    if isinstance(artist, Collection):
        paths = artist.get_paths()
        n_offsets = len(np.asarray(artist.get_offsets()).reshape(-1, 2))
        sizes = [int(np.asarray(p.vertices).shape[0]) for p in paths]
        if n_offsets > 1:  # one marker path drawn at each offset
            return n_offsets * max(1, min(sizes) if sizes else 1)
        return sum(sizes)
    if isinstance(artist, Line2D):
        return int(np.asarray(artist.get_xdata(orig=False)).size)
    return 0


def _rasterize_dense(fig, *, limit: int = DENSE_VERTICES) -> None:
    """Rasterize (in vector output only) the densest data artists of ``fig`` until those left as
    vectors draw at most ``limit`` marks in all (``limit=0``: every data artist)."""
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D

    artists = [(a, _marks(a)) for ax in fig.axes for a in ax.get_children() if isinstance(a, (Collection, Line2D))]
    total = sum(n for _, n in artists)
    for artist, n in sorted(artists, key=lambda an: -an[1]):  # stable: ties keep drawing order
        if total <= limit:
            break
        artist.set_rasterized(True)
        total -= n


def corpus_sha256(path: str | os.PathLike) -> str:
    """Return the SHA-256 (hex) of a corpus: of a file's bytes; of a folder, of the sorted list of its
    ``*.txt`` files (relative paths) and their hashes, as in every figure's source line."""
    return _sha256_file(Path(path))


def _add_source_line(fig, text: str) -> None:
    """Write the source line in a strip kept free at the bottom of the figure (0.25 in high)."""
    from matplotlib.layout_engine import TightLayoutEngine

    height = fig.get_figheight()
    strip = 0.25 / height
    engine = fig.get_layout_engine()
    if isinstance(engine, TightLayoutEngine):
        left, _bottom, right, top = engine.get()["rect"]  # (left, bottom, right, top): keep the top a plot set
        engine.set(rect=(left, strip, right, min(top, 1 - strip)))
    elif engine is not None and hasattr(engine, "set") and "rect" in engine.get():
        engine.set(rect=(0, strip, 1, 1 - strip))  # (left, bottom, width, height)
    else:
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, strip + 0.08))
    fig.text(0.995, 0.08 / height, text, ha="right", va="bottom", fontsize=6.5, color="#666666")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _atomic(target: Path, write) -> None:
    """Write ``target`` through a temporary file renamed into place, with the mode ``open`` would give
    (0666 less the umask: 0644 usually; ``mkstemp`` alone would leave 0600)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes; for a folder, of the sorted list of its *.txt files and their hashes; for a
    corpus built on disk (``cuttings build``), of its manifest's inputs (file and SHA-256, in corpus order)."""
    from ..store import is_built, read_manifest

    path = Path(path)
    if path.is_dir() and is_built(path):
        h = hashlib.sha256()
        for entry in read_manifest(path)["inputs"]:
            h.update(f"{entry['file']}\0{entry['sha256']}\n".encode())
        return h.hexdigest()
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


@contextmanager
def _locked(folder: Path):
    """Hold an exclusive lock on ``folder`` (notebooks rendered in parallel share one manifest)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no parallel renders
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _record(ctx: Context, written: dict[str, str], mpl_version: str) -> None:
    with _locked(ctx.out):
        _record_locked(ctx, written, mpl_version)


def _record_locked(ctx: Context, written: dict[str, str], mpl_version: str) -> None:
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
            **({"corrections": ctx.corrections.name, "corrections_sha256": _sha256_file(ctx.corrections)}
               if ctx.corrections else {}),
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
    out.mkdir(parents=True, exist_ok=True)
    with _locked(out):
        manifest = read_manifest(out)
        kept = {k: v for k, v in manifest.items() if not k.startswith(f"{stem}/")}
        if kept != manifest or not (out / MANIFEST).exists():
            text = json.dumps(dict(sorted(kept.items())), indent=1, ensure_ascii=False) + "\n"
            _atomic(out / MANIFEST, lambda f: f.write(text.encode("utf-8")))
