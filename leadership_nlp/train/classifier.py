"""Feature vectors -> calibrated sentence probabilities.

A multinomial logistic regression with temperature scaling: one scalar fitted
on cross-validated logits, so probabilities are calibrated while every logit
stays a sum of per-feature contributions (exact evidence).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data


class OrientationClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated linear classifier over numeric features.

    Parameters
    ----------
    C : float, default=4.0
        Inverse regularisation strength of the logistic regression.
    class_weight : {"balanced"} or None, default="balanced"
        Class weights, as in :class:`~sklearn.linear_model.LogisticRegression`.
    calibrate : bool, default=True
        Fit a temperature on 5-fold cross-validated logits.
    empty_label : str or None, default="neutral"
        Class given, with probability 1, to rows with no non-zero feature:
        a sentence with no known evidence is that class, not a coin flip.
        Ignored when it is not among the classes.
    random_state : int, default=0
        Seed of the calibration folds.
    prior : float or None, default=None
        Share of ``empty_label`` sentences in the text the model will read.
        Training weighs the classes equally (``class_weight="balanced"``),
        which assumes a third of each; real CVs are mostly neutral lines. With
        a prior, the intercepts move by ``log(prior_k * n_classes)`` (the
        other classes share ``1 - prior`` equally), the standard correction
        of a classifier's probabilities to a new class prior.
    """

    def __init__(
        self,
        C: float = 4.0,
        class_weight: str | None = "balanced",
        calibrate: bool = True,
        empty_label: str | None = "neutral",
        random_state: int = 0,
        prior: float | None = None,
    ):
        self.C = C
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.empty_label = empty_label
        self.random_state = random_state
        self.prior = prior

    def _lr(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight=self.class_weight, solver="newton-cg", max_iter=1000)

    def fit(
        self, X: np.ndarray | sp.spmatrix, y: np.ndarray, sample_weight: np.ndarray | None = None
    ) -> OrientationClassifier:
        """Fit the regression, then the temperature (both weighted by ``sample_weight``).

        Returns
        -------
        self : OrientationClassifier
        """
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        self.classes_, counts = np.unique(y, return_counts=True)
        if len(self.classes_) < 2:
            raise ValueError(
                f"OrientationClassifier needs at least 2 classes in y; got 1 class ({self.classes_[0]!r})"
            )
        if self.prior is not None and not (isinstance(self.prior, (int, float)) and 0.0 < self.prior < 1.0):
            raise ValueError(f"prior must lie strictly between 0 and 1, got {self.prior!r}")
        weights = (
            None
            if sample_weight is None
            else _check_sample_weight(sample_weight, X, ensure_non_negative=True)
        )
        if weights is not None:
            # A class whose samples all weigh 0 is not in the fit: with balanced class weights its
            # weight would divide by zero, and the solver would grind on NaN (minutes, then NaN).
            totals = np.bincount(np.searchsorted(self.classes_, y), weights=weights, minlength=len(counts))
            if (empty := self.classes_[~(totals > 0)]).size:
                raise ValueError(
                    "OrientationClassifier needs a positive total sample_weight for every class in y; "
                    f"none for class {', '.join(map(repr, empty.tolist()))}"
                )
        lr = self._lr().fit(X, y, sample_weight=weights)
        self.coef_ = lr.coef_ if len(self.classes_) > 2 else np.vstack([-lr.coef_, lr.coef_]) / 2
        self.intercept_ = (
            lr.intercept_ if len(self.classes_) > 2 else np.array([-lr.intercept_[0], lr.intercept_[0]]) / 2
        )
        self.temperature_ = 1.0
        n_splits = int(min(5, counts.min()))
        if self.calibrate and n_splits >= 2:
            folds = StratifiedKFold(n_splits, shuffle=True, random_state=self.random_state)
            params = {} if weights is None else {"sample_weight": weights}
            logits = cross_val_predict(self._lr(), X, y, cv=folds, method="predict_log_proba", params=params)
            codes = np.searchsorted(self.classes_, y)
            w = np.ones(len(y)) if weights is None else weights

            def nll(t: float) -> float:
                losses = -log_softmax(logits / t, axis=1)[np.arange(len(y)), codes]
                return float(np.average(losses, weights=w))

            self.temperature_ = float(minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded").x)
        if self.prior is not None and self.empty_label in self.classes_:
            k = len(self.classes_)
            target = np.where(self.classes_ == self.empty_label, self.prior, (1.0 - self.prior) / (k - 1))
            # Logits are divided by the temperature, so the shift is scaled up by it.
            self.intercept_ = self.intercept_ + np.log(target * k) * self.temperature_
        return self

    def _logits(self, X: np.ndarray | sp.spmatrix) -> np.ndarray:
        # One temperature-scaled logit per class (two columns when binary).
        return np.asarray(X @ self.coef_.T + self.intercept_) / self.temperature_

    def decision_function(self, X: np.ndarray | sp.spmatrix) -> np.ndarray:
        """Return temperature-scaled logits.

        Shape ``(n, n_classes)``; for two classes ``(n,)``, positive for
        ``classes_[1]``, as in :class:`~sklearn.linear_model.LogisticRegression`.
        """
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        logits = self._logits(X)
        return logits[:, 1] - logits[:, 0] if len(self.classes_) == 2 else logits

    def predict_proba(self, X: np.ndarray | sp.spmatrix) -> np.ndarray:
        """Return calibrated class probabilities (columns follow ``classes_``)."""
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        proba = softmax(self._logits(X), axis=1)
        if self.empty_label is not None and self.empty_label in self.classes_:
            nnz = X.getnnz(axis=1) if sp.issparse(X) else np.count_nonzero(X, axis=1)
            empty = nnz == 0
            proba[empty] = (self.classes_ == self.empty_label).astype(float)
        return proba

    def predict(self, X: np.ndarray | sp.spmatrix) -> np.ndarray:
        """Return the most probable class of each row."""
        check_is_fitted(self, "coef_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
