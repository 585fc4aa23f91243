"""The orientation model as a scikit-learn estimator: what training fits.

:class:`OrientationModel` is a scikit-learn classifier over sentences
(``fit``/``predict``/``predict_proba``/``decision_function``/``classes_``):
terms -> feature branches (:mod:`~leadership_nlp.train.features`) ->
:class:`~leadership_nlp.train.classifier.OrientationClassifier`. Whole
texts are classified by its compiled form (:meth:`OrientationModel.compile`,
the runtime :class:`~leadership_nlp.core.model.CompiledModel`), so there is
one inference path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.utils.validation import check_is_fitted
from spacy.tokens import Span

from ..core import span_yield
from ..core.constants import LEADERSHIP, MAX_TEXT_CHARS, NEUTRAL
from ..core.document import check_sentences
from ..core.document_result import OrientationResult
from ..core.model import CompiledModel
from .classifier import OrientationClassifier
from .compile import compile_model
from .features import make_featurizer

__all__ = ["OrientationModel"]


class OrientationModel(ClassifierMixin, BaseEstimator):
    """Sentence classifier (leadership / management / neutral) and text scorer.

    Parameters
    ----------
    features : str, default="lemma+lexicon"
        Feature set, see :func:`leadership_nlp.train.features.make_featurizer`.
    mask_roles : bool, default=True
        Mask role nouns (leader, manager, ...) before featurising.
    mark_titles : bool, default=True
        Give sentences shaped like a title or heading ("Staff Nurse, Telemetry")
        a term of their own, so the model can learn that such lines name a job
        or a section, not a behaviour.
    mark_spans : bool, default=False
        Give sentences in which the role profile reads a span of control or
        direct reports ("I manage the finance team of 8") a term of their own
        (:mod:`leadership_nlp.core.span_mark`), whose weight is learned.
    passive_agents : bool, default=False
        Read a participle right before "by" and an agent ("Mentored by the
        CTO", "Supervised by a senior nurse") as something done to the writer:
        marked like a negated word (:func:`leadership_nlp.core.terms.passive_agent`).
    ngram_max : int, default=2
        Longest lemma n-gram.
    min_df : int, default=1
        Minimum number of training sentences per n-gram.
    C : float, default=4.0
        Inverse regularisation strength.
    calibrate : bool, default=True
        Temperature-scale the probabilities on cross-validated logits.
    vector_scale : float, default=1.0
        Multiplier of the distilled word vectors (feature sets with "vectors").
    skipgrams : bool, default=False
        Add lemma pairs one content word apart ("develop ~ team").
    phrases : bool, default=False
        Add pairs of a content word and the stop word next to it ("make
        sure", "responsible for", "sign off"): a stop word still never
        weighs alone.
    norm_floor : float, default=0.0
        Floor of the squared norm the lemma n-gram block is divided by: above
        0, a line with little evidence keeps a small vector (and confidence).
    prior : float or None, default=None
        Expected share of neutral sentences in the texts to classify (see
        :class:`~leadership_nlp.train.classifier.OrientationClassifier`); ``None``
        keeps the balanced training prior.
    lexicon_scale : float, default=1.0
        Multiplier of the lexicon cue values: below 1 a single cue cannot
        outweigh the rest of the sentence without a large (penalised) weight.
    span_yield : float or None, default=None
        With ``mark_spans``: a sentence with a span mark that is not read as
        leadership is read again without its role-profile words (role verbs,
        counts), and takes that reading when it is leadership with this
        probability or more: guideline C.6, the behaviour decides
        (:mod:`~leadership_nlp.core.span_yield`). ``None``: never.

    Examples
    --------
    >>> m = OrientationModel().fit(
    ...     ["Inspired the team with a vision", "Set quarterly budgets", "Born in 1990"],
    ...     ["leadership", "management", "neutral"])
    >>> m.predict(["Shared a bold vision"]).tolist()
    ['leadership']
    """

    def __init__(
        self,
        features: str = "lemma+lexicon",
        mask_roles: bool = True,
        mark_titles: bool = True,
        mark_spans: bool = False,
        passive_agents: bool = False,
        ngram_max: int = 2,
        min_df: int = 1,
        C: float = 4.0,
        calibrate: bool = True,
        vector_scale: float = 1.0,
        skipgrams: bool = False,
        phrases: bool = False,
        norm_floor: float = 0.0,
        lexicon_scale: float = 1.0,
        prior: float | None = None,
        span_yield: float | None = None,
    ):
        self.features = features
        self.mask_roles = mask_roles
        self.mark_titles = mark_titles
        self.mark_spans = mark_spans
        self.passive_agents = passive_agents
        self.ngram_max = ngram_max
        self.min_df = min_df
        self.C = C
        self.calibrate = calibrate
        self.vector_scale = vector_scale
        self.skipgrams = skipgrams
        self.phrases = phrases
        self.norm_floor = norm_floor
        self.lexicon_scale = lexicon_scale
        self.prior = prior
        self.span_yield = span_yield

    # -- scikit-learn interface over sentences --------------------------------

    def fit(
        self,
        X: Sequence[str | Span],
        y: Sequence[str] | np.ndarray,
        facets: Sequence[Sequence[str]] | None = None,
        sample_weight: Sequence[float] | None = None,
        feature_rows: Sequence[bool] | None = None,
    ) -> OrientationModel:
        """Fit on sentences ``X`` with labels ``y`` (and optional facet lists and weights).

        ``feature_rows`` marks the sentences the features (vocabulary, IDF) are
        learned from (default: all); the classifier is fitted on every sentence.

        Returns
        -------
        self : OrientationModel
        """
        span_yield.check(self.span_yield)
        X, y = check_sentences(X), np.asarray(y, dtype=object)
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} texts but y has {len(y)} labels")
        if feature_rows is not None and len(feature_rows) != len(X):
            raise ValueError(f"X has {len(X)} texts but feature_rows has {len(feature_rows)} flags")
        if feature_rows is not None and not any(feature_rows):
            raise ValueError("feature_rows marks no sentence to learn the features from")
        featurizer = make_featurizer(
            self.features,
            mask_roles=self.mask_roles,
            mark_titles=self.mark_titles,
            mark_spans=self.mark_spans,
            passive_agents=self.passive_agents,
            ngram_max=self.ngram_max,
            min_df=self.min_df,
            vector_scale=self.vector_scale,
            skipgrams=self.skipgrams,
            phrases=self.phrases,
            norm_floor=self.norm_floor,
            lexicon_scale=self.lexicon_scale,
        )
        fit_params = {} if sample_weight is None else {"clf__sample_weight": np.asarray(sample_weight, float)}
        clf = OrientationClassifier(C=self.C, calibrate=self.calibrate, prior=self.prior)
        if feature_rows is None:
            self.pipeline_ = Pipeline([("features", featurizer), ("clf", clf)]).fit(X, y, **fit_params)
        else:
            # The terms once for every sentence (the stateless, costly step), the features from the marked.
            terms = featurizer[0].fit(X).transform(X)
            union = featurizer[-1].fit([t for t, keep in zip(terms, feature_rows, strict=True) if keep])
            clf.fit(union.transform(terms), y, sample_weight=fit_params.get("clf__sample_weight"))
            self.pipeline_ = Pipeline([("features", featurizer), ("clf", clf)])
        self.classes_ = self.pipeline_.classes_
        self.feature_names_ = self.pipeline_[0][-1].get_feature_names_out()
        self.facet_model_: tuple[Any, Any] | None = None  # (MultiLabelBinarizer, OneVsRestClassifier)
        if facets is not None:
            self._fit_facets(X, y, facets)
        return self

    def _fit_facets(self, X: list[str | Span], y: np.ndarray, facets: Sequence[Sequence[str]]) -> None:
        keep = [i for i, f in enumerate(facets) if f and y[i] != NEUTRAL]
        binarizer = MultiLabelBinarizer().fit([facets[i] for i in keep])
        Y = binarizer.transform([facets[i] for i in keep])
        present = Y.sum(axis=0) > 0
        if not keep or present.sum() < 2:
            return
        matrix = self.pipeline_[0].transform([X[i] for i in keep])
        clf = OneVsRestClassifier(
            LogisticRegression(C=self.C, class_weight="balanced", solver="newton-cg", max_iter=1000)
        )
        self.facet_model_ = (binarizer, clf.fit(matrix, Y))

    def predict_proba(self, X: Sequence[str | Span]) -> np.ndarray:
        """Return calibrated class probabilities, columns in ``classes_`` order.

        With ``span_yield``, marked sentences are read again as
        :mod:`~leadership_nlp.core.span_yield` says (guideline C.6).
        """
        check_is_fitted(self, "pipeline_")
        X = check_sentences(X)
        proba = self.pipeline_.predict_proba(X)
        threshold = span_yield.check(self.span_yield)
        if threshold is not None and self.mark_spans and LEADERSHIP in self.classes_:
            leadership = list(self.classes_).index(LEADERSHIP)
            texts = span_yield.sentence_behaviours(X)
            span_yield.read_again(proba, texts, self.pipeline_.predict_proba, leadership, threshold)
        return proba

    def predict(self, X: Sequence[str | Span]) -> np.ndarray:
        """Return the label of each sentence."""
        check_is_fitted(self, "pipeline_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def decision_function(self, X: Sequence[str | Span]) -> np.ndarray:
        """Return the temperature-scaled logits of each sentence, columns in ``classes_`` order.

        For two classes, one column: positive for ``classes_[1]``, as in
        :class:`~sklearn.linear_model.LogisticRegression`.
        """
        check_is_fitted(self, "pipeline_")
        return self.pipeline_[-1].decision_function(self.pipeline_[0].transform(check_sentences(X)))

    def __sklearn_tags__(self):  # noqa: D105, ANN204
        # A text classifier: one string per sample, not a numeric 2-D array, so
        # scikit-learn's checks do not feed it numbers.
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return the names of the features the classifier weighs."""
        check_is_fitted(self, "pipeline_")
        return self.feature_names_

    def predict_facets(self, X: Sequence[str | Span]) -> list[list[str]]:
        """Return the facets of each sentence (empty when no facet model), by the compiled model."""
        return self.compile().predict_facets(X)

    # -- whole texts: through the compiled model, the one inference path -------

    def compile(self) -> CompiledModel:
        """Return this fitted estimator as the runtime model (compiled once per fit).

        Raises
        ------
        NotCompilableError
            For research feature sets (``char``, ``vectors``), which have no compiled form.
        """
        check_is_fitted(self, "pipeline_")
        # (pipeline, facet model, span_yield, compiled model): span_yield acts at prediction time,
        # so set_params(span_yield=...) after fitting must reach classify() too.
        cached = self.__dict__.get("_compiled")
        key = (self.pipeline_, self.facet_model_, self.span_yield)
        if cached is None or cached[0] is not key[0] or cached[1] is not key[1] or cached[2] != key[2]:
            cached = self.__dict__["_compiled"] = (*key, compile_model(self))
        return cached[3]

    def classify(self, text: str, *, max_chars: int | None = MAX_TEXT_CHARS) -> OrientationResult:
        """Classify one text, sentence by sentence and as a whole (see :meth:`CompiledModel.classify`)."""
        return self.compile().classify(text, max_chars=max_chars)

    def classify_many(
        self, texts: Iterable[str], *, max_chars: int | None = MAX_TEXT_CHARS
    ) -> list[OrientationResult]:
        """Classify each text; the same results as :meth:`classify` one by one."""
        return self.compile().classify_many(texts, max_chars=max_chars)

    def __getstate__(self) -> dict:
        # A copy without the compiled model (scikit-learn's returns the live __dict__).
        return {k: v for k, v in super().__getstate__().items() if k != "_compiled"}
