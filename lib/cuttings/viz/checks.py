"""Checks that a figure is readable: no text overlaps another, none sticks out of the figure.

Used by the tests and the figure benchmark on every figure the notebooks save (``save`` records the
checks when ``$CUTTINGS_FIGURE_CHECKS`` names a file), and usable on any matplotlib figure.
"""
from __future__ import annotations

import math


def _texts(fig):
    """The visible, non-empty texts of ``fig`` that are drawn (tick labels only inside the view)."""
    from matplotlib.text import Text

    ticks, seen = [], set()
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            for t in ax.xaxis.get_ticklabels(which="both") + ax.yaxis.get_ticklabels(which="both"):
                seen.add(id(t))
            continue
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            tol = (hi - lo) * 1e-9
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                for label in (tick.label1, tick.label2):
                    seen.add(id(label))
                    if lo - tol <= tick.get_loc() <= hi + tol and label.get_visible() and tick.get_visible():
                        ticks.append(label)
    # findobj also descends into tick objects whose labels were kept or left out above
    others = [t for t in fig.findobj(Text) if id(t) not in seen]
    drawn = [t for t in ticks + others if t.get_visible() and t.get_text().strip()
             and (t.axes is None or t.axes.get_visible())]
    return drawn


def _rectangle(text, renderer):
    """Corners (4 x 2, display pixels) of the rectangle a text occupies, rotation included."""
    import numpy as np

    box = text.get_window_extent(renderer)
    angle = text.get_rotation() % 180
    if angle in (0, 90) or not text.get_text().strip():
        return np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]])
    # unrotated size: the same text at rotation 0
    rotation = text.get_rotation()
    text.set_rotation(0)
    flat = text.get_window_extent(renderer)
    text.set_rotation(rotation)
    w, h = flat.width, flat.height
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    a = math.radians(rotation)
    u = np.array([math.cos(a), math.sin(a)]) * w / 2
    v = np.array([-math.sin(a), math.cos(a)]) * h / 2
    c = np.array([cx, cy])
    return np.array([c - u - v, c + u - v, c + u + v, c - u + v])


def _separated(p, q, tol: float) -> bool:
    """Separating-axis test of two convex quadrilaterals; True when they do not overlap by more than ``tol`` px."""
    import numpy as np

    for poly in (p, q):
        for i in range(4):
            edge = poly[(i + 1) % 4] - poly[i]
            axis = np.array([-edge[1], edge[0]])
            norm = np.hypot(*axis)
            if norm == 0:
                continue
            axis = axis / norm
            a, b = p @ axis, q @ axis
            if a.max() - tol <= b.min() or b.max() - tol <= a.min():
                return True
    return False


def text_overlaps(fig, *, tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Return the pairs of texts of ``fig`` (labels, tick labels, annotations, titles, legend entries)
    that overlap by more than ``tolerance`` pixels, as (text, text) pairs; empty when none do.

    Drawn at the figure's dpi (set it to the dpi the figure is saved at: text widths and the layout
    change a little with it); rotated texts are compared as rotated rectangles, not their bounding boxes.
    """
    import numpy as np

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = _texts(fig)
    rects = [_rectangle(t, renderer) for t in texts]
    if len(rects) < 2:
        return []
    boxes = np.array([[r[:, 0].min(), r[:, 1].min(), r[:, 0].max(), r[:, 1].max()] for r in rects])
    found = []
    x0, y0, x1, y1 = boxes.T
    for i in range(len(rects)):
        near = np.flatnonzero((x0[i + 1:] < x1[i] - tolerance) & (x1[i + 1:] > x0[i] + tolerance)
                              & (y0[i + 1:] < y1[i] - tolerance) & (y1[i + 1:] > y0[i] + tolerance)) + i + 1
        for j in near:
            if not _separated(rects[i], rects[j], tolerance):
                found.append((texts[i].get_text(), texts[j].get_text()))
    return found


def texts_outside(fig, *, tolerance: float = 1.0) -> list[str]:
    """Return the texts of ``fig`` that stick out of the figure (cut off when saved)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    w, h = fig.bbox.width, fig.bbox.height
    out = []
    for t in _texts(fig):
        r = _rectangle(t, renderer)
        if r[:, 0].min() < -tolerance or r[:, 1].min() < -tolerance or r[:, 0].max() > w + tolerance \
                or r[:, 1].max() > h + tolerance:
            out.append(t.get_text())
    return out
