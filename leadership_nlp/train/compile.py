"""A fitted :class:`~leadership_nlp.train.estimator.OrientationModel` -> the runtime model.

The fitted pipeline (feature branches, then a temperature-scaled linear
classifier and a one-vs-rest facet model) is a fixed linear map;
:func:`compile_model` copies the arrays that define it into a
:class:`~leadership_nlp.core.model.CompiledModel`, the one class that
classifies texts. Each branch's compiled form sits beside its training form
in :mod:`leadership_nlp.train.features`; a branch without one stops the
compilation with :class:`NotCompilableError`, so it can never be shipped.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from ..core.model import CompiledModel
from ..core.scorer import LinearScorer
from .features import COMPILED_BRANCHES


class FittedEstimator(Protocol):
    """What compiling reads of a fitted :class:`~leadership_nlp.train.estimator.OrientationModel`."""

    pipeline_: Any
    facet_model_: tuple[Any, Any] | None
    classes_: Any

    def get_params(self, deep: bool = True) -> dict[str, Any]: ...  # noqa: D102


class NotCompilableError(ValueError):
    """The estimator uses a feature branch without a compiled form (a research feature set)."""


def compilable(model: FittedEstimator) -> bool:
    """Return whether every feature branch of a fitted estimator has a compiled form."""
    union = model.pipeline_[0][-1]
    return not union.transformer_weights and all(
        name in COMPILED_BRANCHES for name, _ in union.transformer_list
    )


def compile_scorer(pipeline: Any) -> LinearScorer:
    """Return the :class:`LinearScorer` that computes what a fitted features+classifier pipeline does.

    Raises
    ------
    NotCompilableError
        For a branch without a compiled form, weighted branches or an uncalibrated classifier.
    """
    union, clf = pipeline[0][-1], pipeline[-1]
    if union.transformer_weights:
        raise NotCompilableError("weighted feature branches have no compiled form")
    kwargs: dict[str, Any] = {}
    n_features = 0
    for name, branch in union.transformer_list:
        export = COMPILED_BRANCHES.get(name)
        if export is None:
            raise NotCompilableError(
                f"the {name!r} features have no compiled form (compiled: {', '.join(COMPILED_BRANCHES)}): "
                "a model using them is for research and cannot classify texts or be saved"
            )
        try:
            arguments = export(branch, n_features)
            if set(arguments) & set(kwargs):
                raise ValueError(
                    f"it sets {sorted(set(arguments) & set(kwargs))} already set by another branch"
                )
            kwargs.update(arguments)
        except ValueError as exc:
            raise NotCompilableError(f"the {name!r} features cannot be compiled: {exc}") from None
        n_features += len(branch.get_feature_names_out())
    if not hasattr(clf, "temperature_"):
        raise NotCompilableError("the classifier is not an OrientationClassifier")
    empty = (
        (clf.classes_ == clf.empty_label).astype(float)
        if clf.empty_label is not None and clf.empty_label in clf.classes_
        else None
    )
    return LinearScorer(
        n_features=n_features,
        coef=clf.coef_,
        intercept=clf.intercept_,
        temperature=clf.temperature_,
        empty=empty,
        **kwargs,
    )


def compile_model(model: FittedEstimator) -> CompiledModel:
    """Compile a fitted estimator into the runtime model.

    Raises
    ------
    NotCompilableError
        If a feature branch (or the facet model) has no compiled form.

    Examples
    --------
    >>> from leadership_nlp.train.estimator import OrientationModel
    >>> m = OrientationModel().fit(["Inspired the team", "Set the budget", "Born in 1990"],
    ...                            ["leadership", "management", "neutral"])
    >>> compile_model(m).classify("Inspired the team").label
    'leadership'
    """
    scorer = compile_scorer(model.pipeline_)
    facet_kw: dict[str, Any] = {}
    if model.facet_model_ is not None:
        binarizer, clf = model.facet_model_
        coefs, intercepts = zip(*(_facet_line(e, scorer.n_features) for e in clf.estimators_), strict=True)
        facet_kw = {
            "facet_classes": [str(c) for c in binarizer.classes_],
            "facet_coef": np.vstack(coefs),
            "facet_intercept": np.concatenate(intercepts),
        }
    return CompiledModel(
        scorer,
        classes=[str(c) for c in model.classes_],
        mask_roles=model.pipeline_[0][0].mask_roles,
        mark_titles=model.pipeline_[0][0].mark_titles,
        mark_spans=getattr(model.pipeline_[0][0], "mark_spans", False),
        passive_agents=getattr(model.pipeline_[0][0], "passive_agents", False),
        span_yield=getattr(model, "span_yield", None),
        params=model.get_params(),
        **facet_kw,
    )


#: Logit standing for a facet that every (or no) training sentence had: expit(±30) is 1 or 0 to 1e-13.
_CERTAIN = 30.0


def _facet_line(estimator: Any, n_features: int) -> tuple[np.ndarray, np.ndarray]:
    # One facet's logistic regression; a facet present in every training
    # sentence, or in none, gets scikit-learn's constant predictor instead.
    if hasattr(estimator, "coef_"):
        return estimator.coef_, estimator.intercept_
    if hasattr(estimator, "y_"):
        sign = 1.0 if float(np.ravel(estimator.y_)[0]) >= 0.5 else -1.0
        return np.zeros((1, n_features)), np.array([sign * _CERTAIN])
    raise NotCompilableError(f"a facet model of {type(estimator).__name__} has no compiled form")
