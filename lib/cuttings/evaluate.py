"""Measures of segmentation against a known answer: boundary precision, recall and F1."""
from __future__ import annotations


def boundary_scores(predicted: list[int], gold: list[int]) -> dict[str, float]:
    """Precision, recall and F1 of piece boundaries (start lines after the first; 1.0 when both empty)."""
    p = set(predicted) - {1}
    g = set(gold) - {1}
    tp = len(p & g)
    precision = tp / len(p) if p else float(not g)
    recall = tp / len(g) if g else float(not p)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "n_gold": len(g), "n_predicted": len(p)}
