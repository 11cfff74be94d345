"""Measures of segmentation against a known answer: boundary precision/recall/F1, Pk and WindowDiff.

A segmentation of a file of ``n_lines`` lines is given by the 1-based line numbers where its pieces
start (as ``documents["start_line"]``). The first line always starts a piece, so it is never counted
as a boundary; a *boundary* is a start line after the first.

- ``boundary_scores``: precision, recall and F1 of boundaries, exact or within ``tolerance`` lines
  (each gold boundary matches at most one predicted one and the reverse).
- ``pk`` (Beeferman, Berger & Lafferty 1999) and ``windowdiff`` (Pevzner & Hearst 2002): the share
  of windows of ``k`` lines on which the two segmentations disagree (Pk: whether the window's two
  ends are in one piece; WindowDiff: how many boundaries the window holds). 0 is perfect; lower is
  better. ``k`` defaults to half the mean gold piece length in lines, as both papers do. They agree
  with ``nltk.metrics.segmentation.pk``/``windowdiff`` given boundary strings of ``n_lines - 1``
  characters (a test checks it).
"""
from __future__ import annotations

from collections.abc import Iterable


def _boundaries(starts: Iterable[int], n_lines: int | None = None) -> list[int]:
    """Sorted distinct boundary lines (start lines after line 1, within the file when ``n_lines`` is given)."""
    out = sorted({int(s) for s in starts if int(s) > 1 and (n_lines is None or int(s) <= n_lines)})
    return out


def boundary_counts(predicted: Iterable[int], gold: Iterable[int], *, tolerance: int = 0) -> tuple[int, int, int]:
    """Return (true positives, false positives, false negatives) of boundaries.

    A predicted boundary is right when a gold boundary lies within ``tolerance`` lines of it and is
    not already matched (greedy, nearest pairs first, ties to the earlier line).
    """
    p, g = _boundaries(predicted), _boundaries(gold)
    if tolerance <= 0:
        tp = len(set(p) & set(g))
        return tp, len(p) - tp, len(g) - tp
    pairs = sorted((abs(a - b), b, a) for a in p for b in g if abs(a - b) <= tolerance)
    used_p: set[int] = set()
    used_g: set[int] = set()
    tp = 0
    for _, b, a in pairs:
        if a not in used_p and b not in used_g:
            used_p.add(a)
            used_g.add(b)
            tp += 1
    return tp, len(p) - tp, len(g) - tp


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (1.0 when there is nothing to find and nothing found)."""
    precision = tp / (tp + fp) if tp + fp else float(not fn)
    recall = tp / (tp + fn) if tp + fn else float(not fp)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def boundary_scores(predicted: Iterable[int], gold: Iterable[int], *, tolerance: int = 0) -> dict[str, float]:
    """Precision, recall and F1 of piece boundaries (start lines after the first; 1.0 when both empty),
    with ``n_gold`` and ``n_predicted``; ``tolerance``: lines a boundary may be off and still count."""
    tp, fp, fn = boundary_counts(predicted, gold, tolerance=tolerance)
    return {**prf(tp, fp, fn), "n_gold": tp + fn, "n_predicted": tp + fp}


def default_k(gold: Iterable[int], n_lines: int) -> int:
    """Half the mean gold piece length in lines, rounded (at least 1): the usual window of Pk and WindowDiff."""
    n_pieces = len(_boundaries(gold, n_lines)) + 1
    return max(1, int(round(n_lines / n_pieces / 2)))


def _starts_mask(starts: Iterable[int], n_lines: int) -> list[int]:
    """Per gap j (0-based, between line j+1 and j+2): 1 when line j+2 starts a piece."""
    mask = [0] * max(n_lines - 1, 0)
    for s in _boundaries(starts, n_lines):
        mask[s - 2] = 1
    return mask


def _window_counts(mask: list[int], k: int) -> list[int]:
    """Number of boundaries in each window of ``k`` consecutive gaps."""
    out, run = [], sum(mask[:k])
    for i in range(len(mask) - k + 1):
        if i:
            run += mask[i + k - 1] - mask[i - 1]
        out.append(run)
    return out


def _windows(predicted: Iterable[int], gold: Iterable[int], n_lines: int, k: int | None):
    """Boundaries per window of ``k`` lines in the gold and the predicted segmentation (``k`` default:
    ``default_k``); None for a file of at most ``k`` lines."""
    gold = list(gold)
    k = k or default_k(gold, n_lines)
    if n_lines <= k:
        return None
    return _window_counts(_starts_mask(gold, n_lines), k), _window_counts(_starts_mask(predicted, n_lines), k)


def pk(predicted: Iterable[int], gold: Iterable[int], n_lines: int, *, k: int | None = None) -> float:
    """Pk: the share of line pairs ``k`` apart that one segmentation puts in one piece and the other
    does not (0 = identical; ``k`` default: ``default_k``). A file of at most ``k`` lines scores 0."""
    counts = _windows(predicted, gold, n_lines, k)
    if counts is None:
        return 0.0
    ref, hyp = counts
    return sum((r > 0) != (h > 0) for r, h in zip(ref, hyp)) / len(ref)


def windowdiff(predicted: Iterable[int], gold: Iterable[int], n_lines: int, *, k: int | None = None) -> float:
    """WindowDiff: the share of windows of ``k`` lines holding a different number of boundaries in the
    two segmentations (0 = identical; ``k`` default: ``default_k``). A file of at most ``k`` lines scores 0."""
    counts = _windows(predicted, gold, n_lines, k)
    if counts is None:
        return 0.0
    ref, hyp = counts
    return sum(r != h for r, h in zip(ref, hyp)) / len(ref)


def segmentation_scores(predicted: Iterable[int], gold: Iterable[int], n_lines: int) -> dict[str, float]:
    """Every measure for one file: boundary ``precision``/``recall``/``f1`` (exact), ``f1_1`` (within
    one line), ``pk`` and ``windowdiff`` (k = ``default_k``), ``k``, ``n_gold`` and ``n_predicted``."""
    predicted, gold = list(predicted), list(gold)
    exact = boundary_scores(predicted, gold)
    near = boundary_scores(predicted, gold, tolerance=1)
    k = default_k(gold, n_lines)
    return {**exact, "f1_1": near["f1"], "pk": pk(predicted, gold, n_lines, k=k),
            "windowdiff": windowdiff(predicted, gold, n_lines, k=k), "k": k}
