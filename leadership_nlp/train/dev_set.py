"""The development set: statements never trained on, reported once for the configuration that ships."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from ..core.constants import SENTENCE_LABELS
from .corpus import Corpus
from .metrics import expected_calibration_error, metrics
from .predictors import Predictor, fit_and_predict


def load_dev(path: str | Path) -> list[dict[str, str]]:
    """Read the development statements (never trained on)."""
    rows = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()]
    for n, row in enumerate(rows, 1):
        if row.get("label") not in SENTENCE_LABELS or not isinstance(row.get("text"), str):
            raise ValueError(f"{path}:{n}: needs a text and a label in {SENTENCE_LABELS}")
    return rows


def dev_evaluation(
    corpus: Corpus,
    dev: list[dict[str, str]],
    *,
    authored: bool = True,
    predictor: Predictor | None = None,
    **params: Any,
) -> dict[str, Any]:
    """Train on the whole corpus, test on the development statements."""
    texts = [r["text"] for r in dev]
    truth = np.array([r["label"] for r in dev])
    extra: dict[str, Any] = {}
    pred, fitted = fit_and_predict(corpus.select(authored=authored), texts, predictor, params)
    if fitted is not None:
        extra["ece"] = round(expected_calibration_error(fitted[1], truth, fitted[0].classes_), 4)
    styles = sorted({r.get("style", "?") for r in dev})
    style_of = [r.get("style", "?") for r in dev]
    hits = np.asarray(pred) == truth
    per_style = {s: round(float(hits[[x == s for x in style_of]].mean()), 4) for s in styles}
    return {**metrics(list(truth), list(pred)), **extra, "per_style_accuracy": per_style}
