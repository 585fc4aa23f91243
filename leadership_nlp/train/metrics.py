"""Scores of a set of predictions: macro-F1, per-class figures, confusion and calibration."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from ..core.constants import SENTENCE_LABELS


def expected_calibration_error(
    proba: np.ndarray, y_true: np.ndarray, classes: np.ndarray, bins: int = 10
) -> float:
    """Return the expected calibration error of the top-class probability (equal-width bins)."""
    conf = proba.max(axis=1)
    correct = classes[proba.argmax(axis=1)] == y_true
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            ece += mask.mean() * abs(conf[mask].mean() - correct[mask].mean())
    return float(ece)


def metrics(y_true: Sequence[str], y_pred: Sequence[str]) -> dict[str, Any]:
    """Macro-F1 over the three labels, per-class precision/recall/F1, confusion matrix."""
    labels = list(SENTENCE_LABELS)
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    return {
        "macro_f1": round(
            float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)), 4
        ),
        "accuracy": round(float(np.mean(np.asarray(y_true) == np.asarray(y_pred))), 4),
        "per_class": {
            lab: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(s[i]),
            }
            for i, lab in enumerate(labels)
        },
        "confusion": {"labels": labels, "matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist()},
        "n": len(y_true),
    }


def macro_f1_of_confusions(confusion: np.ndarray) -> np.ndarray:
    """Return the macro-F1 of each confusion matrix of a stack (rows true, columns predicted).

    The same figure as scikit-learn's ``f1_score(average="macro", zero_division=0)``
    over every label: a label never true and never predicted scores 0.

    Examples
    --------
    >>> float(macro_f1_of_confusions(np.array([[[2, 0], [1, 1]]]))[0])
    0.7333333333333334
    """
    tp = np.diagonal(confusion, axis1=-2, axis2=-1).astype(float)
    wrong = confusion.sum(axis=-1) + confusion.sum(axis=-2) - 2 * tp
    denominator = 2 * tp + wrong
    f1 = np.divide(2 * tp, denominator, out=np.zeros_like(tp), where=denominator > 0)
    return f1.mean(axis=-1)


#: Sentence-length buckets (in words) for calibration by length.
LENGTH_BUCKETS: tuple[tuple[int, int], ...] = ((1, 3), (4, 8), (9, 16), (17, 10_000))


def ece_by_length(
    texts: list[str], proba: np.ndarray, truth: np.ndarray, classes: np.ndarray
) -> dict[str, dict[str, float]]:
    """Return the calibration of the top-class probability per sentence-length bucket."""
    words = np.array([len(t.split()) for t in texts])
    out = {}
    for lo, hi in LENGTH_BUCKETS:
        mask = (words >= lo) & (words <= hi)
        if mask.any():
            out[f"{lo}-{hi} words" if hi < 10_000 else f"{lo}+ words"] = {
                "n": int(mask.sum()),
                "ece": round(expected_calibration_error(proba[mask], truth[mask], classes), 4),
                "mean_confidence": round(float(proba[mask].max(axis=1).mean()), 4),
                "accuracy": round(float(np.mean(classes[proba[mask].argmax(axis=1)] == truth[mask])), 4),
            }
    return out
