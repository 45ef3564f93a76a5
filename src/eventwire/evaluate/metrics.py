"""Scores shared by the evaluation suites."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def per_label_f1(gold: Sequence[str], pred: Sequence[str], labels: Iterable[str]) -> dict[str, float]:
    """F1 of each label in a single-label classification."""
    out = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        out[label] = prf(tp, fp, fn)[2]
    return out


def weighted_f1(gold: Sequence[str], pred: Sequence[str], labels: Iterable[str]) -> float:
    """F1 averaged over ``labels`` weighted by their gold support (as scikit-learn's 'weighted')."""
    labels = list(labels)
    support = Counter(g for g in gold if g in labels)
    total = sum(support.values())
    if not total:
        return 0.0
    f1 = per_label_f1(gold, pred, labels)
    return sum(f1[label] * support[label] for label in labels) / total


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Iterable[str]) -> float:
    """Unweighted mean F1 over ``labels``."""
    labels = list(labels)
    f1 = per_label_f1(gold, pred, labels)
    return sum(f1.values()) / len(labels) if labels else 0.0
