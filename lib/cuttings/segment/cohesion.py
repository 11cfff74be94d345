"""Convention-free gap scores of a lexical-cohesion series: C99-style local rank and local minimum.

A gap between two content lines is a likely piece boundary when the similarity of the text on
either side is low *compared with the gaps around it*, whatever the source's vocabulary: Choi's
C99 (2000) replaces each similarity by its rank in a local window, TextTiling (Hearst 1997) keeps
only local minima. Both are read within ``reach`` gaps on either side, so a line's scores depend
only on the lines within the caller's radius (``features.RADIUS1``) and chunked builds stay exact.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

# Gaps on each side a local minimum must be lower than (its own neighbourhood, not the window's).
MIN_REACH = 2


def _window(s: "np.ndarray", r: int) -> "np.ndarray":
    """Row j: ``s[j-r .. j+r]`` with NaN outside ``s`` (a read-only view)."""
    import numpy as np

    pad = np.full(r, np.nan)
    return np.lib.stride_tricks.sliding_window_view(np.concatenate([pad, np.asarray(s, dtype=np.float64), pad]),
                                                    2 * r + 1)


def local_rank(s: "np.ndarray", reach: int) -> "np.ndarray":
    """Per gap: the share of the other gaps within ``reach`` whose value is above this one's (ties
    count half): 1.0 at the lowest similarity of its neighbourhood, 0.0 at the highest, 0.5 where
    there is nothing to compare with."""
    import numpy as np

    if reach < 1 or not len(s):
        return np.full(len(s), 0.5)
    w = _window(s, reach)
    v = np.asarray(s, dtype=np.float64)[:, None]
    ok = ~np.isnan(w)
    ok[:, reach] = False
    n = ok.sum(axis=1)
    above = (ok & (w > v)).sum(axis=1) + 0.5 * (ok & (w == v)).sum(axis=1)
    return np.where(n > 0, above / np.maximum(n, 1), 0.5)


def local_minimum(s: "np.ndarray", reach: int = MIN_REACH) -> "np.ndarray":
    """Per gap: how far the value lies below the lowest of the other gaps within ``reach`` (0 when it
    is not a strict local minimum): TextTiling's valleys, scaled by the caller."""
    import numpy as np

    if reach < 1 or not len(s):
        return np.zeros(len(s))
    w = _window(s, reach).copy()
    w[:, reach] = np.nan
    with np.errstate(all="ignore"):
        low = np.nanmin(np.where(np.isnan(w), np.inf, w), axis=1)
    low = np.where(np.isinf(low), np.asarray(s, dtype=np.float64), low)
    return np.maximum(low - np.asarray(s, dtype=np.float64), 0.0)
