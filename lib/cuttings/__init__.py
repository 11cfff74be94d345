"""cuttings: load, segment and analyse dumps of press pieces (light at import; pandas loads on use)."""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["load", "Corpus", "CuttingsError", "__version__"]

from .io import CuttingsError


def __getattr__(name: str):
    # Lazy so that `import cuttings` and `cuttings --help` stay fast.
    if name in ("load", "Corpus"):
        from . import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module 'cuttings' has no attribute {name!r}")
