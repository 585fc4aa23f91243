"""Corpus -> model: deterministic training and the release of the default model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.artifact import sha256_file
from ..core.constants import SENTENCE_LABELS
from .corpus import Corpus, Unit, corpus_hash, default_root, load_corpus, near_copies
from .estimator import OrientationModel
from .save import save_model

#: The teacher's labels of the unlabelled pool (``models/distill/teacher.py``
#: writes it at build time; training reads it, so training needs no torch).
DISTILL_FILE = "distill/teacher_pool.jsonl"

#: Parameters of the released model; chosen by ``leadership-nlp evaluate --grid`` (the rule and the
#: runs: ``models/MODEL_CARD.md``, ``models/selection.md``).
DEFAULT_PARAMS: dict[str, Any] = {
    "features": "lemma+lexicon",
    "mask_roles": True,
    "mark_titles": True,
    "mark_spans": True,
    "passive_agents": False,
    "ngram_max": 2,
    "min_df": 1,
    "C": 16.0,
    "calibrate": True,
    "norm_floor": 200.0,
    "lexicon_scale": 0.25,
    "skipgrams": False,
    "phrases": True,
    "prior": None,
    "span_yield": 0.8,
}


#: How the teacher's pool joins the corpus: each pool text whose most likely
#: class has at least ``distill_min_p`` is added with that class and
#: ``distill_weight`` (a corpus unit weighs 1); 0 leaves the pool out.
#: ``distill_sources`` is which pool texts may join: "all", or "onet" (the
#: O*NET task statements only, without the authored pool sentences, whose
#: employer and place names would become terms).
#: ``distill_vocabulary`` "corpus" learns the features (n-grams, IDF) from the corpus alone, so the
#: pool teaches the weights of the corpus's features and adds none; "all" learns them from both.
DEFAULT_DISTILL: dict[str, Any] = {
    "distill_weight": 0.0,
    "distill_min_p": 0.8,
    "distill_sources": "onet",
    "distill_vocabulary": "corpus",
}

#: The values of ``distill_sources`` and ``distill_vocabulary``.
DISTILL_SOURCES = ("all", "onet")
DISTILL_VOCABULARIES = ("all", "corpus")


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, not {value!r}")


def distill_units(
    root: str | Path | None = None,
    *,
    min_p: float = DEFAULT_DISTILL["distill_min_p"],
    sources: str = DEFAULT_DISTILL["distill_sources"],
) -> list[Unit]:
    """Return the teacher-labelled pool texts whose top class has probability >= ``min_p``.

    Empty when the corpus has no ``distill/teacher_pool.jsonl``. Near copies of
    validation sentences (:func:`~leadership_nlp.train.corpus.near_copies`) are
    left out: the pool must not teach the validation set. ``sources`` "onet"
    keeps the O*NET task statements only (pool lines with an occupation code).
    """
    from .validation_set import validation_texts  # here: validation_set imports this module

    _check_choice("distill_sources", sources, DISTILL_SOURCES)
    root = Path(root or default_root())
    path = root / DISTILL_FILE
    if not path.exists():
        return []
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if sources == "onet" and not row.get("soc"):
            continue
        label, p = max(row["p"].items(), key=lambda kv: kv[1])
        if label in SENTENCE_LABELS and p >= min_p:
            out.append(Unit(row["id"], row["text"], label, (), "cv", "distill"))
    copies = near_copies([u.text for u in out], validation_texts(root))
    return [u for i, u in enumerate(out) if i not in copies]


def fit_units(
    units: list[Unit],
    *,
    distill_weight: float = DEFAULT_DISTILL["distill_weight"],
    distill_min_p: float = DEFAULT_DISTILL["distill_min_p"],
    distill_sources: str = DEFAULT_DISTILL["distill_sources"],
    distill_vocabulary: str = DEFAULT_DISTILL["distill_vocabulary"],
    distill_root: str | Path | None = None,
    **params: Any,
) -> OrientationModel:
    """Fit an :class:`OrientationModel` on corpus units (with their facets).

    With ``distill_weight`` > 0 the teacher-labelled pool (:func:`distill_units`)
    is added with that weight (``distill_sources``: which of its texts); it has no facets, so the
    facet model ignores it.
    """
    # Checked here, not where they are used: a grid row of weight 0 would let a typo pass.
    _check_choice("distill_sources", distill_sources, DISTILL_SOURCES)
    _check_choice("distill_vocabulary", distill_vocabulary, DISTILL_VOCABULARIES)
    model = OrientationModel(**{**DEFAULT_PARAMS, **params})
    pool = []
    if distill_weight > 0:
        pool = distill_units(distill_root, min_p=distill_min_p, sources=distill_sources)
    everything = list(units) + pool
    weights = None if not pool else [1.0] * len(units) + [float(distill_weight)] * len(pool)
    rows = [True] * len(units) + [False] * len(pool) if pool and distill_vocabulary == "corpus" else None
    return model.fit(
        [u.text for u in everything],
        [u.label for u in everything],
        facets=[list(u.facets) for u in everything],
        sample_weight=weights,
        feature_rows=rows,
    )


def train(corpus: Corpus | None = None, *, authored: bool = True, **params: Any) -> OrientationModel:
    """Train on the whole corpus. The same corpus always gives the same model.

    Parameters
    ----------
    corpus : Corpus, optional
        Defaults to :func:`leadership_nlp.train.corpus.load_corpus`.
    authored : bool, default=True
        Include the authored statements.
    **params
        Overrides of :data:`DEFAULT_PARAMS` and :data:`DEFAULT_DISTILL`.
    """
    corpus = corpus or load_corpus()
    return fit_units(corpus.select(authored=authored), distill_root=corpus.root, **params)


def release(
    output_dirs: list[Path], corpus_root: Path | None = None, metrics: dict | None = None, **params: Any
) -> OrientationModel:
    """Train on the corpus and save the model with its manifest in each folder."""
    corpus = load_corpus(corpus_root)
    model = train(corpus, **params)
    fields = {
        "corpus_sha256": corpus_hash(corpus.root),
        "training": {
            **DEFAULT_PARAMS,
            **DEFAULT_DISTILL,
            **params,
            "authored": True,
            "units": len(corpus.units),
            "distill_pool_sha256": sha256_file(pool)
            if (pool := Path(corpus.root) / DISTILL_FILE).exists()
            else None,
        },
        "metrics": json.loads(json.dumps(metrics)) if metrics else {},
    }
    for folder in output_dirs:
        save_model(model, folder, **fields)
    return model
