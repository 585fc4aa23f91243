"""What the evaluations train and test: our model with given parameters, and the peers.

A :data:`Predictor` trains on corpus units and labels texts; :func:`ours` is
our model, :func:`tfidf_peer` the TF-IDF peer of ``models/MODEL_CARD.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union

from ..core.constants import ROLE_MASK, ROLE_NOUNS
from .corpus import Unit
from .training import fit_units

Predictor = Callable[[list[Unit], list[str]], np.ndarray]


def ours(**params: Any) -> Predictor:
    """Predictor for our model with ``params`` (see ``DEFAULT_PARAMS``)."""

    def predict(train: list[Unit], texts: list[str]) -> np.ndarray:
        return fit_units(train, **params).predict(texts)

    return predict


_ROLE_NOUN = re.compile(r"\b(?:" + "|".join(sorted(ROLE_NOUNS, key=len, reverse=True)) + r")\b", re.I)


def mask_role_nouns(text: str) -> str:
    """Replace role nouns by ``_role_`` in raw text, as the peers see it."""
    return _ROLE_NOUN.sub(ROLE_MASK, text)


def tfidf_peer(train: list[Unit], texts: list[str]) -> np.ndarray:
    """Peer: TF-IDF word 1-2-grams + char_wb 3-5-grams and logistic regression, role nouns masked."""
    pipe = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
        ),
        LogisticRegression(C=10, max_iter=5000, class_weight="balanced"),
    )
    pipe.fit([mask_role_nouns(u.text) for u in train], [u.label for u in train])
    return pipe.predict([mask_role_nouns(t) for t in texts])


def fit_and_predict(
    train: list[Unit], texts: list[str], predictor: Predictor | None, params: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, np.ndarray] | None]:
    """Return a peer's labels, or our model's labels with the fitted model and its probabilities."""
    if predictor is not None:
        return np.asarray(predictor(train, texts)), None
    model = fit_units(train, **params)
    proba = model.predict_proba(texts)
    return model.classes_[proba.argmax(axis=1)], (model, proba)
