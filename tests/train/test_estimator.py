"""OrientationModel follows scikit-learn's conventions on corpus text."""

import inspect

import numpy as np
import pytest
from sklearn.base import clone, is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils.estimator_checks import (
    check_do_not_raise_errors_in_init_or_set_params,
    check_estimator_cloneable,
    check_estimator_repr,
    check_estimator_tags_renamed,
    check_estimators_unfitted,
    check_get_params_invariance,
    check_mixin_order,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
    check_valid_tag_types,
)

from leadership_nlp import OrientationModel
from leadership_nlp.train.corpus import load_corpus

CLASSES = ["leadership", "management", "neutral"]


@pytest.fixture(scope="module")
def corpus_xy():
    """The sentences of the five source documents and their labels."""
    units = load_corpus().select(authored=False)
    return [u.text for u in units], np.array([u.label for u in units])


@pytest.fixture(scope="module")
def fitted(corpus_xy):
    return OrientationModel().fit(*corpus_xy)


def _strip_bullets(texts):
    return [t.lstrip("-•* ") for t in texts]


def _pipeline(**params):
    return Pipeline(
        [
            ("clean", FunctionTransformer(_strip_bullets)),
            ("model", OrientationModel(calibrate=False, **params)),
        ]
    )


# Known defect in leadership_nlp/train/estimator.py, reported to its owner: predict() reads
# self.classes_ before predict_proba() runs check_is_fitted, so an unfitted model
# raises AttributeError, not NotFittedError. Strict: delete the marks once fixed.

# The scikit-learn checks that need no generated numeric data; the rest of the
# suite (tests/train/test_common.py) runs on the numeric OrientationClassifier.
TEXT_SAFE_CHECKS = [
    check_estimator_cloneable,
    check_estimator_repr,
    check_estimator_tags_renamed,
    check_valid_tag_types,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_get_params_invariance,
    check_set_params,
    check_mixin_order,
    check_do_not_raise_errors_in_init_or_set_params,
    check_estimators_unfitted,
]


@pytest.mark.parametrize("check", TEXT_SAFE_CHECKS, ids=lambda c: getattr(c, "__name__", None))
def test_sklearn_api_checks(check):
    check("OrientationModel", OrientationModel())


def test_params_are_stored_as_given():
    model = OrientationModel()
    assert is_classifier(model)
    defaults = {name: p.default for name, p in inspect.signature(OrientationModel).parameters.items()}
    assert model.get_params() == defaults
    assert model.set_params(C=0.5, ngram_max=1) is model
    assert model.get_params()["C"] == 0.5 and clone(model).get_params() == model.get_params()
    with pytest.raises(ValueError, match="Invalid parameter"):
        model.set_params(alpha=1.0)


def test_fit_predict_proba_classes(fitted, corpus_xy):
    X, y = corpus_xy
    assert list(fitted.classes_) == CLASSES
    proba = fitted.predict_proba(X[:20])
    assert proba.shape == (20, 3) and np.allclose(proba.sum(axis=1), 1.0)
    predicted = fitted.predict(X[:20])
    assert set(predicted) <= set(CLASSES)
    assert (predicted == fitted.classes_[proba.argmax(axis=1)]).all()
    assert fitted.score(X, y) > 0.9  # training accuracy of a linear text model


def test_fit_returns_a_fitted_self():
    model = OrientationModel(calibrate=False)
    assert model.fit(["Shared a vision", "Set the budget"], ["leadership", "management"]) is model
    assert model.predict(["Shared a bold vision"]).tolist() == ["leadership"]


@pytest.mark.parametrize(
    "method",
    [
        "predict",
        "predict_proba",
        "get_feature_names_out",
    ],
)
def test_unfitted_model_raises_not_fitted(method):
    with pytest.raises(NotFittedError):
        getattr(OrientationModel(), method)(["I set budgets"])


def test_bad_input_is_a_type_error(fitted):
    with pytest.raises(TypeError, match="single string"):
        fitted.predict("I set budgets")
    with pytest.raises(TypeError, match="str"):
        fitted.predict([42])


def test_feature_names_come_from_the_vectorizer(fitted):
    names = fitted.get_feature_names_out()
    vectorizer = fitted.pipeline_.named_steps["features"].named_steps["union"]
    assert (names == vectorizer.get_feature_names_out()).all()
    assert len(names) == fitted.pipeline_.named_steps["clf"].coef_.shape[1]
    assert {n.split("__")[0] for n in names} == set(fitted.features.split("+"))
    assert "lemma__vision" in set(names)
    assert not any("manager" in n for n in names)  # role nouns are masked


def test_cross_val_score_on_corpus_text(corpus_xy):
    X, y = corpus_xy
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    scores = cross_val_score(_pipeline(), X, y, cv=folds, scoring="f1_macro")
    assert scores.shape == (3,)
    assert scores.mean() > 0.5  # three balanced-ish classes: chance is ~0.33


def test_grid_search_on_corpus_text(corpus_xy):
    X, y = corpus_xy
    grid = {"model__C": [0.5, 4.0], "model__ngram_max": [1, 2]}
    search = GridSearchCV(
        _pipeline(), grid, cv=StratifiedKFold(3, shuffle=True, random_state=0), scoring="f1_macro"
    )
    search.fit(X, y)
    assert search.best_params_["model__C"] in grid["model__C"]
    assert len(search.cv_results_["params"]) == 4
    best = search.best_estimator_.named_steps["model"]
    assert (
        best.C == search.best_params_["model__C"]
        and best.ngram_max == search.best_params_["model__ngram_max"]
    )
    assert list(search.classes_) == CLASSES
    assert search.predict(["- Set quarterly budgets and KPIs"]).tolist() == ["management"]


def test_model_inside_a_pipeline_classifies_whole_texts(corpus_xy):
    X, y = corpus_xy
    pipe = _pipeline().fit(X, y)
    result = pipe.named_steps["model"].classify("I set quarterly budgets. I inspire people with a vision.")
    assert [s.label for s in result.sentences] == ["management", "leadership"]


def test_the_text_estimator_declares_text_input():
    from sklearn.utils import get_tags

    tags = get_tags(OrientationModel())
    assert tags.input_tags.string and not tags.input_tags.two_d_array
    assert tags.estimator_type == "classifier"


def test_the_loaded_model_works_in_cross_val_score_and_has_decision_function(
    corpus_xy, shipped_estimator, trained_model
):
    X, y = corpus_xy
    X, y = X[::6], y[::6]
    model = trained_model
    scores = cross_val_score(model, X, y, cv=StratifiedKFold(3, shuffle=True, random_state=0))
    assert scores.shape == (3,) and all(0.3 < s <= 1.0 for s in scores)
    logits = model.decision_function(X[:20])
    np.testing.assert_allclose(logits, shipped_estimator.decision_function(X[:20]), atol=1e-9)
    assert (model.classes_[logits.argmax(axis=1)] == model.predict(X[:20])).all()


def test_custom_class_names_predict_but_classify_says_why_not():
    model = OrientationModel(calibrate=False).fit(
        ["Set the budget", "Inspired people", "Born in 1990", "Planned the shifts"], ["a", "b", "c", "a"]
    )
    assert model.predict(["Set the budget"]).tolist() == ["a"]
    with pytest.raises(
        ValueError, match="needs a model with the classes 'leadership', 'management' and 'neutral'"
    ):
        model.classify("Set the budget")


def test_features_learned_from_the_marked_rows_only_the_classifier_from_all():
    X = ["Inspired the team", "Set the budget", "Born in 1990", "Scheduled the budget review"]
    y = ["leadership", "management", "neutral", "management"]
    model = OrientationModel(features="lemma").fit(X, y, feature_rows=[True, True, True, False])
    names = {n.split("__", 1)[1] for n in model.feature_names_}
    assert "budget" in names and not {"schedule", "review"} & names
    every = OrientationModel(features="lemma").fit(X, y)
    assert {"schedule", "review"} <= {n.split("__", 1)[1] for n in every.feature_names_}
    # the unmarked row still teaches the classifier the weight of its known word
    without = OrientationModel(features="lemma").fit(X[:3], y[:3])
    assert model.feature_names_.tolist() == without.feature_names_.tolist()
    budget = model.feature_names_.tolist().index("lemma__budget")
    assert not np.allclose(model.pipeline_[-1].coef_[:, budget], without.pipeline_[-1].coef_[:, budget])
    with pytest.raises(ValueError, match="feature_rows"):
        OrientationModel().fit(X, y, feature_rows=[True])
    with pytest.raises(ValueError, match="no sentence"):
        OrientationModel().fit(X, y, feature_rows=[False] * 4)
