"""Held-out splits of the corpus: leave-one-document-out and k-fold cross-validation."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from ..core.constants import SENTENCE_LABELS
from .corpus import Corpus
from .metrics import metrics
from .predictors import Predictor


def leave_one_document_out(corpus: Corpus, predictor: Predictor, *, authored: bool = True) -> dict[str, Any]:
    """Test on each document in turn, trained without its units, and pool.

    Authored statements stay in training when ``authored`` is true, except
    those written from the held-out document (``based_on`` names it): they
    restate its ideas, so keeping them would let the model see the test
    document in other words.
    """
    y_true, y_pred, per_doc = lodo_predictions(corpus, predictor, authored=authored)
    return {**metrics(y_true, y_pred), "per_document_macro_f1": per_doc}


def lodo_predictions(
    corpus: Corpus, predictor: Predictor, *, authored: bool = True
) -> tuple[list[str], list[str], dict[str, float]]:
    """Return :func:`leave_one_document_out`'s labels, predictions and per-document macro-F1.

    The units come document by document (sorted), each document's in corpus order.
    """
    y_true: list[str] = []
    y_pred: list[str] = []
    per_doc = {}
    for doc in sorted(corpus.documents):
        train = [u for u in corpus.select(authored=authored) if u.doc != doc and doc not in u.based_on]
        test = [u for u in corpus.units if u.doc == doc]
        pred = predictor(train, [u.text for u in test])
        truth = [u.label for u in test]
        per_doc[doc] = round(
            float(f1_score(truth, pred, labels=list(SENTENCE_LABELS), average="macro", zero_division=0)), 4
        )
        y_true += truth
        y_pred += [str(p) for p in pred]
    return y_true, y_pred, per_doc


def cross_validation(corpus: Corpus, predictor: Predictor, folds: int = 5) -> dict[str, Any]:
    """Stratified k-fold cross-validation over all units (documents and authored)."""
    return metrics(*cv_predictions(corpus, predictor, folds))


def cv_predictions(corpus: Corpus, predictor: Predictor, folds: int = 5) -> tuple[list[str], list[str]]:
    """Return :func:`cross_validation`'s labels and predictions, in corpus unit order."""
    units = corpus.units
    labels = np.array([u.label for u in units])
    pred = np.empty(len(units), dtype=object)
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=0).split(np.zeros(len(units)), labels):
        pred[te] = predictor([units[i] for i in tr], [units[i].text for i in te])
    return [str(x) for x in labels], [str(p) for p in pred]
