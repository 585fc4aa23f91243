"""Sentence terms -> feature vectors (scikit-learn transformers).

``make_featurizer`` builds the feature sets compared in the model card:
lemma n-grams, character n-grams, facet-lexicon counts and distilled word
vectors. Each branch that can ship has its compiled form here, beside its
training form: :data:`COMPILED_BRANCHES` turns the fitted branch into the
arguments of :class:`~leadership_nlp.core.scorer.LinearScorer`, which applies
it at run time. The others (``char``, ``vectors``) are for research: a model
using them cannot be compiled, saved or used to classify texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted
from spacy.tokens import Doc, Span

from ..core import lexicon
from ..core.constants import NEGATION_PREFIX
from ..core.terms import Term, is_content, ngrams, sentence_terms
from .vectors import StaticVectors

#: Feature sets compared by ``leadership-nlp evaluate --ablation``.
FEATURE_SETS: tuple[str, ...] = (
    "lemma",
    "char",
    "lexicon",
    "vectors",
    "lemma+lexicon",
    "lemma+char+lexicon",
    "lemma+vectors",
    "lemma+lexicon+vectors",
)


class TermExtractor(TransformerMixin, BaseEstimator):
    """Turn sentences (``str`` or spaCy ``Span``) into lists of unigram terms.

    Parameters
    ----------
    mask_roles : bool, default=True
        Replace role nouns (leader, manager, ...) by a mask token so the model
        learns behaviours, not titles.
    mark_titles : bool, default=True
        Add a term to sentences shaped like a title or heading
        (:data:`~leadership_nlp.core.title_line.TITLE_MARK`).
    mark_spans : bool, default=False
        Add a term to sentences in which the role profile reads a span of
        control (:data:`~leadership_nlp.core.span_mark.SPAN_MARK`).
    passive_agents : bool, default=False
        Mark a passive's participle before its agent like a negated word
        (:func:`~leadership_nlp.core.terms.passive_agent`).
    """

    def __init__(
        self,
        mask_roles: bool = True,
        mark_titles: bool = True,
        mark_spans: bool = False,
        passive_agents: bool = False,
    ):
        self.mask_roles = mask_roles
        self.mark_titles = mark_titles
        self.mark_spans = mark_spans
        self.passive_agents = passive_agents

    def fit(self, X: Sequence[str | Span], y: object = None) -> TermExtractor:
        """Do nothing: the extractor is stateless."""
        self.n_features_in_ = 1
        return self

    def transform(self, X: Iterable[str | Span | Doc]) -> list[list[Term]]:
        """Return the unigram terms of each sentence."""
        return sentence_terms(
            X,
            mask_roles=self.mask_roles,
            mark_titles=self.mark_titles,
            mark_spans=self.mark_spans,
            passive_agents=self.passive_agents,
        )


def _ngram_analyzer(
    terms: list[Term], n_max: int, skipgrams: bool = False, phrases: bool = False
) -> list[str]:
    return [t.term for t in ngrams(terms, n_max, skipgrams, phrases)]


class FloorNormalizer(TransformerMixin, BaseEstimator):
    """Scale each row to unit length, but divide by at least ``sqrt(floor)``.

    Plain l2 normalisation gives a one-word line ("Develop", "to") the full
    weight of a sentence; with a floor, a row of little evidence keeps a short
    vector, so its logits, and the model's confidence, stay small.

    Parameters
    ----------
    floor : float, default=0.0
        Smallest squared norm divided by (0: plain l2).
    """

    def __init__(self, floor: float = 0.0):
        self.floor = floor

    def fit(self, X: sp.spmatrix, y: object = None) -> FloorNormalizer:
        """Record the number of features; nothing is learned."""
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: sp.spmatrix) -> sp.csr_matrix:
        """Return the rows of ``X`` divided by ``sqrt(max(|row|^2, floor))``."""
        X = sp.csr_matrix(X, dtype=np.float64, copy=True)
        squared = np.asarray(X.multiply(X).sum(axis=1)).ravel()
        scale = np.zeros_like(squared)
        nonzero = squared > 0
        scale[nonzero] = 1.0 / np.sqrt(np.maximum(squared[nonzero], self.floor))
        X.data *= np.repeat(scale, np.diff(X.indptr))
        return X

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return the input feature names unchanged."""
        return np.asarray(input_features, dtype=object)


def char_words(terms: Sequence[str]) -> list[str]:
    """Return the terms whose spelling the character block reads: content terms (lemmas).

    Stop words, numbers, marks (``_num_``, the title and span marks) and negated
    terms are left out: a function word must not weigh, and a negated word
    must not share the n-grams of its plain form (its lemma terms carry it).
    """
    return [
        t
        for t in terms
        if is_content(t)
        and not t.startswith(NEGATION_PREFIX)
        and not (t.startswith("_") and t.endswith("_"))
        and any(c.isalpha() for c in t)
    ]


def _joined(terms: list[Term]) -> str:
    return " ".join(char_words([t.term for t in terms]))


class LexiconFeatures(TransformerMixin, BaseEstimator):
    """Count facet-lexicon cues per (orientation, facet) in each sentence.

    Parameters
    ----------
    scale : float, default=1.0
        Multiplier of every cue value. Below 1 a cue needs a larger weight to
        count as much, so the regularisation keeps one cue from overriding the
        rest of the sentence.
    """

    def __init__(self, scale: float = 1.0):
        self.scale = scale

    def fit(self, X: Sequence[list[Term]], y: object = None) -> LexiconFeatures:
        """Record the output feature names; the lexicon is fixed data."""
        self.feature_names_ = np.array(lexicon.feature_names(), dtype=object)
        return self

    def transform(self, X: Sequence[list[Term]]) -> sp.csr_matrix:
        """Return a sparse matrix of cue counts (log-scaled)."""
        check_is_fitted(self, "feature_names_")
        column = {name: i for i, name in enumerate(self.feature_names_)}
        rows, cols, vals = [], [], []
        for r, terms in enumerate(X):
            for name, (weight, _) in lexicon.by_feature(terms).items():
                rows.append(r)
                cols.append(column[name])
                vals.append(self.scale * np.log1p(weight))
        return sp.csr_matrix((vals, (rows, cols)), shape=(len(X), len(column)))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return ``orientation:facet`` names."""
        check_is_fitted(self, "feature_names_")
        return self.feature_names_


def make_featurizer(
    features: str = "lemma+lexicon",
    *,
    mask_roles: bool = True,
    mark_titles: bool = True,
    mark_spans: bool = False,
    passive_agents: bool = False,
    ngram_max: int = 2,
    min_df: int = 1,
    vector_scale: float = 1.0,
    skipgrams: bool = False,
    phrases: bool = False,
    norm_floor: float = 0.0,
    lexicon_scale: float = 1.0,
) -> Pipeline:
    """Build the text -> features pipeline for one feature set.

    Parameters
    ----------
    features : str
        "+"-joined parts among "lemma" (lemma 1..``ngram_max``-grams, TF-IDF),
        "char" (character 3-5-grams within content words, TF-IDF; see
        :func:`char_words`), "lexicon" (facet
        cue counts) and "vectors" (mean distilled MiniLM word vector).
    mask_roles : bool
        Mask role nouns before featurising.
    mark_titles : bool
        Mark sentences shaped like a title or heading with a term of their own.
    mark_spans : bool
        Mark sentences in which the role profile reads a span of control with a term of their own.
    passive_agents : bool
        Mark a passive's participle before its agent like a negated word ("Mentored by the CTO").
    ngram_max : int
        Longest lemma n-gram.
    min_df : int
        Minimum number of training sentences a term must occur in.
    vector_scale : float
        Multiplier of the word vectors.
    skipgrams : bool
        Add lemma pairs one content word apart ("develop ~ team").
    phrases : bool
        Add pairs of a content word and the stop word next to it ("make sure",
        "responsible for"; :func:`~leadership_nlp.core.terms.phrase_pairs`).
    norm_floor : float
        Floor of the squared norm the lemma block is divided by (see :class:`FloorNormalizer`).
    lexicon_scale : float
        Multiplier of the lexicon cue values (see :class:`LexiconFeatures`).

    Returns
    -------
    sklearn.pipeline.Pipeline
        ``terms`` (:class:`TermExtractor`) then ``union`` (:class:`FeatureUnion`).
    """
    parts = features.split("+")
    unknown = set(parts) - {"lemma", "char", "lexicon", "vectors"}
    if unknown or not parts:
        raise ValueError(f"unknown feature set {features!r}; choose from {FEATURE_SETS}")
    branches = []
    if "lemma" in parts:
        vec = TfidfVectorizer(
            analyzer=partial(_ngram_analyzer, n_max=ngram_max, skipgrams=skipgrams, phrases=phrases),
            sublinear_tf=True,
            min_df=min_df,
            norm=None,
        )
        branches.append(("lemma", Pipeline([("tfidf", vec), ("norm", FloorNormalizer(norm_floor))])))
    if "char" in parts:
        vec = TfidfVectorizer(
            analyzer="char_wb", preprocessor=_joined, ngram_range=(3, 5), sublinear_tf=True, min_df=min_df
        )
        branches.append(("char", vec))
    if "lexicon" in parts:
        branches.append(("lexicon", LexiconFeatures(scale=lexicon_scale)))
    if "vectors" in parts:
        branches.append(("vectors", StaticVectors(scale=vector_scale)))
    return Pipeline(
        [
            (
                "terms",
                TermExtractor(
                    mask_roles=mask_roles,
                    mark_titles=mark_titles,
                    mark_spans=mark_spans,
                    passive_agents=passive_agents,
                ),
            ),
            ("union", FeatureUnion(branches)),
        ]
    )


# -- compiled forms: a fitted branch -> LinearScorer arguments (see train.compile) --


def _compiled_lemma(branch: Any, offset: int) -> dict[str, Any]:
    # The lemma n-gram TF-IDF block, floor-normalised (core.scorer applies it the same way).
    if not isinstance(branch, Pipeline) or len(branch) != 2:
        raise ValueError("a lemma branch of leadership-nlp 0.1 (no norm floor)")
    tfidf, floor = branch[0], branch[1]
    analyzer: Any = getattr(tfidf, "analyzer", None)
    if getattr(analyzer, "func", None) is not _ngram_analyzer or tfidf.norm is not None or tfidf.binary:
        raise ValueError("a lemma branch that is not the content n-gram TF-IDF")
    if not tfidf.use_idf:
        raise ValueError("a lemma branch without IDF weights")
    terms = [""] * len(tfidf.vocabulary_)  # in column order, so the vocabulary is a JSON list
    for term, j in tfidf.vocabulary_.items():
        terms[j] = term
    return {
        "lemma_offset": offset,
        "lemma_terms": terms,
        "idf": tfidf.idf_,
        "sublinear": tfidf.sublinear_tf,
        "n_max": analyzer.keywords["n_max"],
        "skipgrams": analyzer.keywords.get("skipgrams", False),
        "phrases": analyzer.keywords.get("phrases", False),
        "norm_floor": floor.floor,
    }


def _compiled_lexicon(branch: LexiconFeatures, offset: int) -> dict[str, Any]:
    return {
        "lexicon_offset": offset,
        "lexicon_names": [str(n) for n in branch.get_feature_names_out()],
        "lexicon_scale": branch.scale,
    }


#: The feature branches that compile, by name: fitted branch, column offset -> scorer arguments.
COMPILED_BRANCHES = {"lemma": _compiled_lemma, "lexicon": _compiled_lexicon}
