"""Feature vectors -> calibrated probabilities: behaviour beyond scikit-learn's checks (test_common.py)."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.exceptions import NotFittedError

from leadership_nlp.train.classifier import OrientationClassifier

CLASSES = ["leadership", "management", "neutral"]


@pytest.fixture(scope="module")
def data():
    # Three noisy clusters: each class raises its own feature; neutral is the biggest class.
    rng = np.random.RandomState(0)
    sizes = {"leadership": 40, "management": 40, "neutral": 80}
    X, y = [], []
    for k, (label, n) in enumerate(sizes.items()):
        block = rng.exponential(0.3, size=(n, 4))
        block[:, k] += rng.exponential(1.0, size=n)
        X.append(block)
        y += [label] * n
    return np.vstack(X), np.array(y)


def test_calibration_fits_a_positive_temperature(data):
    X, y = data
    calibrated = OrientationClassifier().fit(X, y)
    assert calibrated.temperature_ > 0 and calibrated.temperature_ != 1.0
    assert OrientationClassifier(calibrate=False).fit(X, y).temperature_ == 1.0


def test_the_temperature_only_scales_the_logits(data):
    X, y = data
    calibrated = OrientationClassifier().fit(X, y)
    plain = OrientationClassifier(calibrate=False).fit(X, y)
    np.testing.assert_allclose(calibrated.coef_, plain.coef_)
    np.testing.assert_allclose(
        calibrated.decision_function(X) * calibrated.temperature_, plain.decision_function(X)
    )
    np.testing.assert_array_equal(calibrated.predict(X), plain.predict(X))  # same argmax


@pytest.mark.parametrize("prior", [0.2, 0.8])
def test_a_prior_moves_the_neutral_share(data, prior):
    X, y = data
    base = OrientationClassifier().fit(X, y)
    shifted = OrientationClassifier(prior=prior).fit(X, y)
    neutral = list(base.classes_).index("neutral")
    before = base.predict_proba(X)[:, neutral].mean()
    after = shifted.predict_proba(X)[:, neutral].mean()
    assert (after > before) if prior > 1 / 3 else (after < before)
    # the intercepts move by log(target * k), scaled up by the temperature
    target = np.where(base.classes_ == "neutral", prior, (1 - prior) / 2)
    np.testing.assert_allclose(shifted.intercept_ - base.intercept_, np.log(target * 3) * base.temperature_)
    np.testing.assert_allclose(shifted.coef_, base.coef_)


def test_a_prior_of_a_third_each_changes_nothing(data):
    X, y = data
    np.testing.assert_allclose(
        OrientationClassifier(prior=1 / 3).fit(X, y).predict_proba(X),
        OrientationClassifier().fit(X, y).predict_proba(X),
    )


@pytest.mark.parametrize("prior", [0.0, 1.0, -0.5, 2, "half"])
def test_a_prior_outside_zero_and_one_is_refused(data, prior):
    with pytest.raises(ValueError, match="prior must lie strictly between 0 and 1"):
        OrientationClassifier(prior=prior).fit(*data)


def test_sample_weights_matter(data):
    X, y = data
    plain = OrientationClassifier(calibrate=False, class_weight=None).fit(X, y)
    heavy = np.where(y == "management", 10.0, 1.0)
    weighted = OrientationClassifier(calibrate=False, class_weight=None).fit(X, y, sample_weight=heavy)
    management = list(plain.classes_).index("management")
    assert weighted.predict_proba(X)[:, management].mean() > plain.predict_proba(X)[:, management].mean()
    ones = OrientationClassifier(calibrate=False, class_weight=None).fit(X, y, sample_weight=np.ones(len(y)))
    np.testing.assert_allclose(ones.coef_, plain.coef_, rtol=1e-6)


def test_sample_weights_reach_the_temperature(data):
    X, y = data
    heavy = np.where(y == "neutral", 20.0, 1.0)
    assert OrientationClassifier().fit(X, y, sample_weight=heavy).temperature_ != pytest.approx(
        OrientationClassifier().fit(X, y).temperature_
    )


@pytest.mark.parametrize("sparse", [False, True])
def test_a_row_with_no_feature_is_the_empty_label(data, sparse):
    X, y = data
    model = OrientationClassifier().fit(X, y)
    empty = np.zeros((2, X.shape[1]))
    proba = model.predict_proba(sp.csr_matrix(empty) if sparse else empty)
    assert proba.tolist() == [[0.0, 0.0, 1.0]] * 2
    assert list(model.predict(empty)) == ["neutral", "neutral"]


def test_without_an_empty_label_a_row_with_no_feature_is_the_intercepts_softmax(data):
    X, y = data
    model = OrientationClassifier(empty_label=None).fit(X, y)
    proba = model.predict_proba(np.zeros((1, X.shape[1])))[0]
    logits = model.intercept_ / model.temperature_
    np.testing.assert_allclose(proba, np.exp(logits) / np.exp(logits).sum())


def test_two_classes_give_two_symmetric_rows_and_a_one_column_decision(data):
    X, y = data
    keep = y != "neutral"
    model = OrientationClassifier().fit(X[keep], y[keep])
    assert model.coef_.shape == (2, X.shape[1])
    np.testing.assert_allclose(model.coef_[0], -model.coef_[1])
    decision = model.decision_function(X[keep])
    assert decision.shape == (keep.sum(),)
    proba = model.predict_proba(X[keep])
    np.testing.assert_allclose(proba[:, 1], 1 / (1 + np.exp(-decision)))


def test_one_class_is_refused():
    with pytest.raises(ValueError, match="at least 2 classes.*'neutral'"):
        OrientationClassifier().fit(np.eye(3), ["neutral"] * 3)


def test_prediction_before_fit_is_not_fitted():
    with pytest.raises(NotFittedError):
        OrientationClassifier().predict_proba(np.eye(3))


def test_calibration_is_deterministic(data):
    X, y = data
    assert OrientationClassifier().fit(X, y).temperature_ == OrientationClassifier().fit(X, y).temperature_


def test_a_class_with_no_sample_weight_is_refused_by_name():
    # with balanced class weights its weight would divide by zero: minutes of NaN solving before
    X = np.random.RandomState(0).uniform(size=(12, 4))
    y = np.array(["leadership", "management", "neutral"] * 4)
    weights = (y != "management").astype(float)
    with pytest.raises(ValueError, match="sample_weight for every class in y; none for class 'management'"):
        OrientationClassifier().fit(X, y, sample_weight=weights)
    with pytest.raises(ValueError, match="non-zero"):
        OrientationClassifier().fit(X, y, sample_weight=np.zeros(12))
    assert OrientationClassifier().fit(X, y, sample_weight=weights + 0.5).classes_.tolist() == sorted(set(y))
