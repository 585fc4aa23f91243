"""Sentence scores -> evidence: which words moved the verdict, and how much.

The model is linear in its features, so a sentence's logit for a class is
exactly the sum of ``value * coefficient`` over its features. A feature's
evidence for the winning class is its contribution to that class's logit
minus its mean contribution to the other classes' logits.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from . import lexicon
from .constants import MAX_EVIDENCE, MIN_EVIDENCE_WEIGHT
from .terms import Term, ngrams
from .types import Evidence


def _locate(name: str, terms: list[Term], n_max: int) -> list[Term]:
    # Map a feature name back to the words of the sentence that produced it.
    branch, _, feature = name.partition("__")
    if branch == "lemma":
        return [t for t in ngrams(terms, n_max) if t.term == feature]
    if branch == "lexicon":
        orientation, _, facet = feature.partition(":")
        return [
            span
            for cue, span in lexicon.match(terms)
            if cue.orientation == orientation and cue.facet == facet
        ]
    if branch == "char":
        gram = feature.strip()
        return [t for t in terms if gram in t.term]
    return []


def explain(
    row: sp.csr_matrix,
    coef: np.ndarray,
    temperature: float,
    label_index: int,
    classes: np.ndarray,
    feature_names: np.ndarray,
    terms: list[Term],
    text: str,
    offset: int = 0,
    n_max: int = 2,
) -> list[Evidence]:
    """Return the strongest evidence for ``classes[label_index]`` in one sentence.

    Parameters
    ----------
    row : scipy.sparse.csr_matrix
        The sentence's feature vector (one row).
    coef : ndarray of shape (n_classes, n_features)
        Classifier coefficients.
    temperature : float
        The calibration temperature the logits are divided by.
    label_index : int
        Index of the class to explain.
    classes : ndarray
        Class names, in ``coef`` row order.
    feature_names : ndarray
        Names from ``get_feature_names_out`` ("lemma__coach", "lexicon__leadership:people").
    terms : list of Term
        The sentence's unigram terms, offsets relative to ``text``.
    text : str
        The text the term offsets index into.
    offset : int
        Added to every offset so evidence indexes into the whole document.
    n_max : int
        Longest lemma n-gram of the model.

    Returns
    -------
    list of Evidence
        At most ``MAX_EVIDENCE`` items, strongest first, each with weight of
        at least ``MIN_EVIDENCE_WEIGHT``.
    """
    idx = row.indices
    if not len(idx):
        return []
    vals = row.data
    own = coef[label_index, idx]
    others = np.delete(coef[:, idx], label_index, axis=0).mean(axis=0)
    contrib = vals * (own - others) / temperature
    order = np.argsort(-contrib, kind="stable")
    out: list[Evidence] = []
    label = str(classes[label_index])
    for j in order:
        weight = float(contrib[j])
        if weight < MIN_EVIDENCE_WEIGHT or len(out) >= MAX_EVIDENCE:
            break
        name = str(feature_names[idx[j]])
        spans = _locate(name, terms, n_max)
        if not spans:
            continue
        first = spans[0]
        out.append(
            Evidence(
                term=name.partition("__")[2],
                text=text[first.start : first.end],
                start=first.start + offset,
                end=first.end + offset,
                weight=round(weight, 4),
                label=label,
            )
        )
    return out
