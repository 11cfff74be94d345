"""cuttings: load, segment and analyse dumps of press pieces (light at import; pandas loads on use).

Layers, each importing only from those below it (an import-linter contract checks it)::

    cli                      the command line: the only layer that imports every other one
    viz                      figures: one save helper, a plotting module per analysis (takes tables)
    analysis                 sources, names, timeline, terms, concordance, topics, reuse (tables)
    corpus                   Corpus and load(): the tables files, documents, lines, sentences, turns
    segment                  line categories, piece boundaries, roles, provenance
    text                     shared patterns, tokenizer, sentences, names, the date grammar
    io | resources           reading files; the general data and a corpus's profile
    errors, _version

``cuttings.load`` and ``cuttings.Corpus`` are here, and ``cuttings.open`` for a corpus built on disk
(``cuttings build``; ``load`` opens one too); the analyses are ``cuttings.analysis.<name>``
and the figures ``cuttings.viz.<name>`` (``from cuttings.analysis import terms``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import CuttingsError

if TYPE_CHECKING:  # pragma: no cover
    from .corpus import Corpus
    from .resources import Profile, Resources

__all__ = ["load", "open", "build", "review", "Corpus", "Resources", "Profile", "CuttingsError", "__version__"]

_LAZY = {"Corpus": "corpus", "Resources": "resources", "Profile": "resources", "build": "distributed"}


def load(paths, *, profile=None, progress=None, corrections=None):
    """Load and segment text files into a ``Corpus`` (see ``cuttings.corpus.load``), with the corrections
    file beside it or ``corrections`` applied (False: none); a folder made by ``cuttings build`` opens as
    built instead (``cuttings.open``), with the profile and corrections it was built with."""
    from .store import load as _load

    return _load(paths, profile=profile, progress=progress, corrections=corrections)


def review(corpus, *, top=20):
    """The ``top`` segmentation decisions of ``corpus`` most likely to be wrong, most doubtful first
    (a DataFrame; see ``cuttings.analysis.review.review``)."""
    from .analysis.review import review as _review

    return _review(corpus, top=top)


def open(path):
    """Open the corpus built on disk in folder ``path`` (``cuttings build``); return a ``StoredCorpus``,
    which every analysis accepts like a ``Corpus``. Raises ``CuttingsError`` if it is not one."""
    from .store import open_built

    return open_built(path)


def __getattr__(name: str) -> Any:
    # Lazy so that `import cuttings` and `cuttings --help` stay fast.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'cuttings' has no attribute {name!r}")
