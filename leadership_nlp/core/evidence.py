"""Sentence scores -> evidence: which words moved the verdict, and how much.

The model is linear in its features, so a sentence's logit for a class is
exactly the sum of ``value * coefficient`` over its features. A feature's
evidence for the winning class is its contribution to that class's logit
minus its mean contribution to the other classes' logits.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .constants import MAX_EVIDENCE, MIN_EVIDENCE_WEIGHT
from .terms import Term

#: One piece of evidence: ``(term, start, end, weight)``, offsets into the
#: whole document; :class:`~leadership_nlp.core.sentence_result.Evidence` is built from it
#: when a result's sentence is read.
Found = tuple[str, int, int, float]
Bounds = tuple[int, int]


def contrast(coef: np.ndarray, temperature: float) -> np.ndarray:
    """Return, per class, its coefficients minus the mean of the other classes', over the temperature.

    Row ``k`` times a feature vector is the evidence for class ``k``; computed
    once per model, not once per sentence.
    """
    k = coef.shape[0]
    others = (coef.sum(axis=0, keepdims=True) - coef) / max(k - 1, 1)
    return (coef - others) / temperature


def explain(
    row: dict[int, float],
    located: dict[int, list[Term]],
    delta: Sequence[float],
    short_names: Sequence[str],
    offset: int = 0,
) -> list[Found]:
    """Return the strongest evidence for one class in one sentence.

    :class:`~leadership_nlp.core.scorer.LinearScorer` records the words
    behind each feature while it builds the row, so no second pass over the
    sentence is needed. Several features can point at the same words (the
    lemma "budget" and the lexicon cue it matched): the words are reported
    once, with the summed weight; a feature that occurs several times shares
    its weight equally.

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

    Returns
    -------
    list of (term, start, end, weight)
        At most ``MAX_EVIDENCE`` items, strongest first, each with weight of
        at least ``MIN_EVIDENCE_WEIGHT``.
    """
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
