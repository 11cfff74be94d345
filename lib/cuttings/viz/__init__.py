"""Figures: one save helper (``save``), one style, and a plotting module per analysis that takes its tables.

Each ``plot_*`` function takes the tables an analysis returns (never a corpus) and returns
``(figure, table)``: the figure, and the table it draws, which ``save(fig, name, data=table)``
writes beside the PNG and SVG.
"""
from __future__ import annotations

from .figures import configure, corpus_label, figure, read_manifest, save, style, styled

__all__ = ["save", "configure", "figure", "style", "styled", "corpus_label", "read_manifest"]
