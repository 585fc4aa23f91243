"""Corpus -> model: deterministic training and the release of the default model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .corpus import Corpus, Unit, corpus_hash, load_corpus
from .model import OrientationModel
from .persist import save_model

#: Parameters of the released model; chosen by ``leadership-nlp evaluate --ablation``.
DEFAULT_PARAMS: dict[str, Any] = {
    "features": "lemma+lexicon",
    "mask_roles": True,
    "ngram_max": 2,
    "min_df": 1,
    "C": 4.0,
    "calibrate": True,
}


def fit_units(units: list[Unit], **params: Any) -> OrientationModel:
    """Fit an :class:`OrientationModel` on corpus units (with their facets)."""
    model = OrientationModel(**{**DEFAULT_PARAMS, **params})
    return model.fit(
        [u.text for u in units], [u.label for u in units], facets=[list(u.facets) for u in units]
    )


def train(corpus: Corpus | None = None, *, authored: bool = True, **params: Any) -> OrientationModel:
    """Train on the whole corpus. The same corpus always gives the same model.

    Parameters
    ----------
    corpus : Corpus, optional
        Defaults to :func:`leadership_nlp.corpus.load_corpus`.
    authored : bool, default=True
        Include the authored statements.
    **params
        Overrides of :data:`DEFAULT_PARAMS`.
    """
    corpus = corpus or load_corpus()
    return fit_units(corpus.select(authored=authored), **params)


def release(
    output_dirs: list[Path], corpus_root: Path | None = None, metrics: dict | None = None, **params: Any
) -> OrientationModel:
    """Train on the corpus and save the model with its manifest in each folder."""
    corpus = load_corpus(corpus_root)
    model = train(corpus, **params)
    fields = {
        "corpus_sha256": corpus_hash(corpus.root),
        "training": {**DEFAULT_PARAMS, **params, "authored": True, "units": len(corpus.units)},
        "metrics": json.loads(json.dumps(metrics)) if metrics else {},
    }
    for folder in output_dirs:
        save_model(model, folder, **fields)
    return model
