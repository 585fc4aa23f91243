"""The orientation model: segment -> featurise -> score -> explain -> aggregate.

:class:`OrientationModel` is a scikit-learn classifier over sentences
(``fit``/``predict``/``predict_proba``/``classes_``) that also classifies
whole texts into :class:`~leadership_nlp.types.OrientationResult`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.utils.validation import check_is_fitted
from spacy.tokens import Span

from . import language, role_profile
from .aggregate import Aggregator
from .classifier import OrientationClassifier
from .constants import LEADERSHIP, MANAGEMENT, MAX_SENTENCES, MAX_TEXT_CHARS, NEUTRAL
from .evidence import contrast, explain, explain_located
from .features import make_featurizer
from .scorer import LinearScorer
from .segment import iter_docs, sentences
from .terms import doc_unigrams
from .types import OrientationResult, RoleProfile, SentenceResult
from .vectors import StaticVectors


class TextTooLongError(ValueError):
    """A text is longer than the ``max_chars`` it may have; the message gives both lengths."""


class OrientationModel(ClassifierMixin, BaseEstimator):
    """Sentence classifier (leadership / management / neutral) and text scorer.

    Parameters
    ----------
    features : str, default="lemma+lexicon"
        Feature set, see :func:`leadership_nlp.features.make_featurizer`.
    mask_roles : bool, default=True
        Mask role nouns (leader, manager, ...) before featurising.
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
        ngram_max: int = 2,
        min_df: int = 1,
        C: float = 4.0,
        calibrate: bool = True,
        vector_scale: float = 1.0,
    ):
        self.features = features
        self.mask_roles = mask_roles
        self.ngram_max = ngram_max
        self.min_df = min_df
        self.C = C
        self.calibrate = calibrate
        self.vector_scale = vector_scale

    # -- scikit-learn interface over sentences --------------------------------

    def fit(
        self,
        X: Sequence[str],
        y: Sequence[str],
        facets: Sequence[Sequence[str]] | None = None,
    ) -> OrientationModel:
        """Fit on sentences ``X`` with labels ``y`` (and optional facet lists).

        Returns
        -------
        self : OrientationModel
        """
        X, y = _check_texts(X), np.asarray(y, dtype=object)
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} texts but y has {len(y)} labels")
        featurizer = make_featurizer(
            self.features,
            mask_roles=self.mask_roles,
            ngram_max=self.ngram_max,
            min_df=self.min_df,
            vector_scale=self.vector_scale,
        )
        self.pipeline_ = Pipeline(
            [("features", featurizer), ("clf", OrientationClassifier(C=self.C, calibrate=self.calibrate))]
        ).fit(X, y)
        self.classes_ = self.pipeline_.classes_
        self.feature_names_ = self.pipeline_[0][-1].get_feature_names_out()
        self.facet_model_ = None
        if facets is not None:
            self._fit_facets(X, y, facets)
        return self

    def _fit_facets(self, X: list[str], y: np.ndarray, facets: Sequence[Sequence[str]]) -> None:
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

    def _vector_branch(self) -> tuple[StaticVectors, np.ndarray] | None:
        union = self.pipeline_[0][-1]
        if "vectors" not in union.named_transformers:
            return None
        columns = np.flatnonzero([str(n).startswith("vectors__") for n in self.feature_names_])
        return union.named_transformers["vectors"], columns

    def predict_proba(self, X: Sequence[str | Span]) -> np.ndarray:
        """Return calibrated class probabilities, columns in ``classes_`` order."""
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict_proba(_check_texts(X))

    def predict(self, X: Sequence[str | Span]) -> np.ndarray:
        """Return the label of each sentence."""
        check_is_fitted(self, "pipeline_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return the names of the features the classifier weighs."""
        check_is_fitted(self, "pipeline_")
        return self.feature_names_

    def predict_facets(self, X: Sequence[str | Span]) -> list[list[str]]:
        """Return the facets of each sentence (empty when no facet model)."""
        check_is_fitted(self, "pipeline_")
        return self._facets(self.pipeline_[0].transform(_check_texts(X)))

    def _facets(self, matrix: object) -> list[list[str]]:
        if self.facet_model_ is None:
            return [[] for _ in range(matrix.shape[0])]
        binarizer, clf = self.facet_model_
        if all(hasattr(e, "coef_") for e in clf.estimators_):
            # The same one-vs-rest probabilities as clf.predict_proba, without
            # scikit-learn's per-estimator validation on every call.
            coef = np.vstack([e.coef_ for e in clf.estimators_])
            intercept = np.concatenate([e.intercept_ for e in clf.estimators_])
            proba = expit(np.asarray(matrix @ coef.T) + intercept)
        else:
            proba = clf.predict_proba(matrix)
        out = []
        for row in proba:
            chosen = [binarizer.classes_[k] for k in np.flatnonzero(row >= 0.5)]
            out.append(chosen or [binarizer.classes_[int(np.argmax(row))]])
        return out

    # -- whole texts -----------------------------------------------------------

    def classify(self, text: str, *, max_chars: int | None = MAX_TEXT_CHARS) -> OrientationResult:
        """Classify one text, sentence by sentence and as a whole.

        Parameters
        ----------
        text : str
            Any text: a CV, a job ad, one sentence. Empty text is "neutral".
        max_chars : int or None, default=MAX_TEXT_CHARS
            Refuse longer texts (10 million characters by default); ``None``
            accepts any length (memory stays bounded, time grows with it).

        Returns
        -------
        OrientationResult

        Raises
        ------
        TypeError
            If ``text`` is not a ``str``.
        TextTooLongError
            If ``text`` has more than ``max_chars`` characters.
        """
        check_is_fitted(self, "pipeline_")
        if not isinstance(text, str):
            raise TypeError(f"classify() expects a str, got {type(text).__name__}")
        if max_chars is not None and len(text) > max_chars:
            raise TextTooLongError(
                f"text has {len(text):,} characters, more than max_chars={max_chars:,}; "
                "split it, or pass a larger max_chars (None for no limit)"
            )
        features, clf = self.pipeline_[0], self.pipeline_[-1]
        inference = self._inference()
        scorer, classes = inference.scorer, inference.classes
        i_lead, i_man = classes.index(LEADERSHIP), classes.index(MANAGEMENT)
        agg = Aggregator()
        results: list[SentenceResult] = []
        # The role profile is built chunk by chunk and merged, so no Doc
        # outlives its chunk: memory stays bounded by CHUNK_CHARS whatever
        # the text's length (keeping every sentence Span alive for one final
        # extract() held every Doc of a 50 MB text at once).
        profile = RoleProfile()
        n_sentences = 0
        for offset, doc, chunk in iter_docs(text):
            sents = sentences(doc)
            if not sents:
                continue
            if scorer is not None:
                bounds = [(s.start, s.end) for s in sents]
                terms = doc_unigrams(doc, bounds, mask_roles=features[0].mask_roles)
                matrix, rows, located = scorer.transform(terms)
                proba = scorer.predict_proba(matrix)
            else:
                terms = features[0].transform(sents)
                matrix = features[1].transform(terms).tocsr()
                proba = clf.predict_proba(matrix)
            # Sentences past MAX_SENTENCES are scored for the verdict but not
            # listed, so their facets, evidence and mentions are not computed.
            room = max(0, MAX_SENTENCES - len(results))
            winners = np.argmax(proba, axis=1)
            # Facets describe oriented sentences only; neutral ones get none.
            faceted = [i for i in range(min(room, len(sents))) if self.classes_[winners[i]] != NEUTRAL]
            facets = dict(zip(faceted, self._facets(matrix[faceted]), strict=True)) if faceted else {}
            profile = _merge_profile(profile, role_profile.extract(sents[:room]), offset, chunk)
            if len(sents) > room:
                unlisted = role_profile.extract(sents[room:])
                profile = _merge_profile(profile, unlisted, offset, chunk, keep_mentions=False)
            rows_p, ks = proba.tolist(), winners.tolist()
            for i, sent in enumerate(sents):
                k, p = ks[i], rows_p[i]
                label = classes[k]
                p_l, p_m = p[i_lead], p[i_man]
                agg.add(label, p_l, p_m)
                n_sentences += 1
                if i >= room:
                    continue
                results.append(
                    SentenceResult(
                        # Text and evidence are sliced from the original chunk,
                        # not from doc.text: the doc sees markup and long runs
                        # neutralised (same length), and Doc.text is rebuilt
                        # token by token on every access (quadratic per chunk).
                        text=chunk[sent.start_char : sent.end_char],
                        start=offset + sent.start_char,
                        end=offset + sent.end_char,
                        label=label,
                        scores=_lean(p_l, p_m),
                        probabilities=dict(zip(classes, p, strict=True)),
                        evidence=(
                            explain_located(
                                rows[i],
                                located[i],
                                inference.delta_rows[k],
                                inference.short_names,
                                label,
                                chunk,
                                offset,
                            )
                            if scorer is not None
                            else explain(
                                _Row(matrix, i),
                                inference.deltas,
                                k,
                                self.classes_,
                                self.feature_names_,
                                terms[i],
                                chunk,
                                offset,
                                self.ngram_max,
                                inference.vector_branch,
                            )
                        ),
                        facets=facets.get(i, []),
                    )
                )
        label, scores = agg.verdict()
        lang = language.detect(text)
        warnings = []
        if lang.code != "en":
            warnings.append(lang.warning)
        if n_sentences > len(results):
            warnings.append(f"text has {n_sentences} sentences; only the first {len(results)} are listed")
        return OrientationResult(
            label=label,
            scores=scores,
            sentences=results,
            role_profile=profile,
            language=lang.code,
            warnings=warnings,
            truncated=n_sentences > len(results),
            counts=dict(agg.counts),
        )

    def _inference(self) -> _Inference:
        # Derived once per fitted pipeline, not per text, and never pickled.
        cached = self.__dict__.get("_inference_cache")
        stale = cached is None or cached.pipeline is not self.pipeline_
        if stale or cached.coef is not self.pipeline_[-1].coef_:
            cached = self.__dict__["_inference_cache"] = _Inference(self)
        return cached

    def __getstate__(self) -> dict:
        # A copy: scikit-learn's __getstate__ returns the live __dict__.
        return {k: v for k, v in super().__getstate__().items() if k != "_inference_cache"}

    def classify_many(
        self, texts: Iterable[str], *, max_chars: int | None = MAX_TEXT_CHARS
    ) -> list[OrientationResult]:
        """Classify each text; the same results as :meth:`classify` one by one."""
        return [self.classify(t, max_chars=max_chars) for t in texts]


def _merge_profile(
    acc: RoleProfile, new: RoleProfile, offset: int, chunk: str, *, keep_mentions: bool = True
) -> RoleProfile:
    # Merge one chunk's role profile into the text's, exactly as one extract()
    # over all sentences would give: maxima, verbs in order of first
    # appearance, the first of equally large budgets. Mention offsets are
    # chunk-relative and are shifted into the text (and their text sliced
    # from the original chunk).
    def _max(a: int | None, b: int | None) -> int | None:
        return b if a is None else a if b is None else max(a, b)

    budget = acc.budget
    if new.budget is not None and (budget is None or new.budget.amount > budget.amount):
        budget = new.budget
    mentions = acc.mentions
    if keep_mentions and new.mentions:
        mentions = mentions + [
            replace(m, text=chunk[m.start : m.end], start=m.start + offset, end=m.end + offset)
            for m in new.mentions
        ]
    return RoleProfile(
        span_of_control=_max(acc.span_of_control, new.span_of_control),
        role_verbs=acc.role_verbs + [v for v in new.role_verbs if v not in acc.role_verbs],
        direct_reports=_max(acc.direct_reports, new.direct_reports),
        budget=budget,
        sites=_max(acc.sites, new.sites),
        mentions=mentions,
    )


class _Inference:
    """What classify() derives from a fitted pipeline once: the fast scorer, evidence contrasts."""

    def __init__(self, model: OrientationModel):
        clf = model.pipeline_[-1]
        self.pipeline = model.pipeline_
        self.coef = clf.coef_
        self.scorer = LinearScorer.from_pipeline(model.pipeline_)
        self.deltas = contrast(clf.coef_, clf.temperature_)
        self.delta_rows = self.deltas.tolist()
        self.short_names = [str(n).partition("__")[2] for n in model.feature_names_]
        self.classes = [str(c) for c in model.classes_]
        self.vector_branch = model._vector_branch()


class _Row:
    """Row ``i`` of a CSR matrix, without scipy's slicing cost per sentence."""

    __slots__ = ("data", "indices", "nnz")

    def __init__(self, matrix: object, i: int):
        lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
        self.indices = matrix.indices[lo:hi]
        self.data = matrix.data[lo:hi]
        self.nnz = hi - lo


def _lean(p_l: float, p_m: float) -> dict[str, float]:
    total = p_l + p_m
    if total <= 0:
        return {LEADERSHIP: 0.5, MANAGEMENT: 0.5}
    return {LEADERSHIP: p_l / total, MANAGEMENT: p_m / total}


def _check_texts(X: Sequence[str | Span]) -> list[str | Span]:
    if isinstance(X, (str, bytes)):
        raise TypeError("expected a sequence of texts, got a single string")
    X = list(X)
    for item in X:
        if not isinstance(item, (str, Span)):
            raise TypeError(f"expected str items, got {type(item).__name__}")
    return X
