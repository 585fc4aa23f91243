"""Sentence scores -> evidence: which words moved the verdict, and how much.

The model is linear in its features, so a sentence's logit for a class is
exactly the sum of ``value * coefficient`` over its features. A feature's
evidence for the winning class is its contribution to that class's logit
minus its mean contribution to the other classes' logits.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from . import lexicon
from .constants import MAX_EVIDENCE, MIN_EVIDENCE_WEIGHT
from .terms import Term, ngrams

if TYPE_CHECKING:  # vectors imports scikit-learn, which classifying does not need
    import scipy.sparse as sp

    from .vectors import StaticVectors

#: One piece of evidence: ``(term, start, end, weight)``, offsets into the
#: whole document; :class:`~leadership_nlp.types.Evidence` is built from it
#: when a result's sentence is read.
Found = tuple[str, int, int, float]
Bounds = tuple[int, int]


def _locator(terms: list[Term], n_max: int, skipgrams: bool = False):  # noqa: ANN202 - a closure
    # Index the sentence's n-grams and lexicon cues once, then map each
    # feature name back to the words of the sentence that produced it.
    by_ngram: dict[str, list[Term]] = {}
    for t in ngrams(terms, n_max, skipgrams):
        by_ngram.setdefault(t.term, []).append(t)
    cues = {name: spans for name, (_, spans) in lexicon.by_feature(terms).items()}

    def locate(name: str) -> list[Term]:
        branch, _, feature = name.partition("__")
        if branch == "lemma":
            return by_ngram.get(feature, [])
        if branch == "lexicon":
            return cues.get(feature, [])
        if branch == "char":
            gram = feature.strip()
            return [t for t in terms if gram in t.term]
        return []

    return locate


def contrast(coef: np.ndarray, temperature: float) -> np.ndarray:
    """Return, per class, its coefficients minus the mean of the other classes', over the temperature.

    Row ``k`` times a feature vector is the evidence for class ``k``; computed
    once per model, not once per sentence.
    """
    k = coef.shape[0]
    others = (coef.sum(axis=0, keepdims=True) - coef) / max(k - 1, 1)
    return (coef - others) / temperature


def explain(
    row: sp.csr_matrix,
    deltas: np.ndarray,
    label_index: int,
    feature_names: np.ndarray,
    terms: list[Term],
    offset: int = 0,
    n_max: int = 2,
    vectors: tuple[StaticVectors, np.ndarray] | None = None,
    skipgrams: bool = False,
) -> list[Found]:
    """Return the strongest evidence for ``classes[label_index]`` in one sentence.

    Parameters
    ----------
    row : scipy.sparse.csr_matrix
        The sentence's feature vector (one row).
    deltas : ndarray of shape (n_classes, n_features)
        :func:`contrast` of the classifier's coefficients and temperature.
    label_index : int
        Index of the class to explain (a row of ``deltas``).
    feature_names : ndarray
        Names from ``get_feature_names_out`` ("lemma__coach", "lexicon__leadership:people").
    terms : list of Term
        The sentence's unigram terms (offsets relative to its chunk).
    offset : int
        Added to every offset so evidence indexes into the whole document.
    n_max : int
        Longest lemma n-gram of the model.
    vectors : (StaticVectors, ndarray of column indices), optional
        The word-vector branch and its columns; their share of the logit is
        split exactly over the sentence's words.

    Returns
    -------
    list of (term, start, end, weight)
        At most ``MAX_EVIDENCE`` items, strongest first, each with weight of
        at least ``MIN_EVIDENCE_WEIGHT``.
    """
    delta = deltas[label_index]
    locate = _locator(terms, n_max, skipgrams)
    items: list[tuple[float, str, Term]] = []
    skip = set(vectors[1].tolist()) if vectors is not None else set()
    for j, value in zip(row.indices, row.data, strict=True):
        if j in skip:
            continue
        weight = float(value * delta[j])
        if weight <= 0:
            continue
        name = str(feature_names[j])
        # A feature that occurs several times shares its weight equally.
        spans = locate(name)
        items += [(weight / len(spans), name.partition("__")[2], span) for span in spans]
    if vectors is not None and row.nnz:
        branch, columns = vectors
        for term, weight in branch.contributions(terms, delta[columns]):
            if weight > 0:
                items.append((weight, f"vector:{term.term}", term))
    return _ranked(items, offset)


def explain_located(
    row: dict[int, float],
    located: dict[int, list[Term]],
    delta: Sequence[float],
    short_names: Sequence[str],
    offset: int = 0,
) -> list[Found]:
    """Return the strongest evidence for a class from a row whose features know their words.

    The same evidence as :func:`explain`, for rows built by
    :class:`~leadership_nlp.scorer.LinearScorer`, which recorded the words
    behind each feature while building the row.

    Parameters
    ----------
    row : dict
        The sentence's feature values by column.
    located : dict
        Column -> the terms that produced it (offsets relative to ``text``).
    delta : sequence of float
        The :func:`contrast` row of the class to explain, one value per feature.
    short_names : sequence of str
        Feature names without their branch prefix ("coach", "leadership:people").
    offset : int
        Added to every offset so evidence indexes into the whole document.
    """
    # _ranked, summing as the features are visited (same order, same sums).
    totals: dict[Bounds, float] = {}
    names: dict[Bounds, list[str]] = {}
    for j in sorted(row):
        weight = row[j] * delta[j]
        if weight <= 0:
            continue
        spans = located[j]
        share = weight / len(spans)
        name = short_names[j]
        for span in spans:
            key = (span.start, span.end)
            total = totals.get(key)
            if total is None:
                totals[key] = share
                names[key] = [name]
            else:
                totals[key] = total + share
                names[key].append(name)
    return _top(totals, names, offset)


def _ranked(items: list[tuple[float, str, Term]], offset: int) -> list[Found]:
    # Several features can point at the same words (the lemma "budget" and the
    # lexicon cue it matched): report the words once, with the summed weight.
    totals: dict[Bounds, float] = {}
    names: dict[Bounds, list[str]] = {}
    for weight, name, span in items:
        key = (span.start, span.end)
        if key in totals:
            totals[key] += weight
            names[key].append(name)
        else:
            totals[key] = weight
            names[key] = [name]
    return _top(totals, names, offset)


def _top(totals: dict[Bounds, float], names: dict[Bounds, list[str]], offset: int) -> list[Found]:
    # Strongest first, ties by position: sorting (-weight, (start, end)) pairs.
    ranked = sorted([(-w, k) for k, w in totals.items() if w >= MIN_EVIDENCE_WEIGHT])
    out = []
    for negative, key in ranked[:MAX_EVIDENCE]:
        found = names[key]
        term = found[0] if len(found) == 1 else _joined(tuple(found))
        out.append((term, key[0] + offset, key[1] + offset, round(-negative, 4)))
    return out


@lru_cache(maxsize=1 << 14)
def _joined(names: tuple[str, ...]) -> str:
    # One str per combination of features: results share it instead of each
    # holding its own copy.
    return " + ".join(names)
