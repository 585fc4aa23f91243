"""Sentence scores -> evidence: which words moved the verdict, and how much.

The model is linear in its features, so a sentence's logit for a class is
exactly the sum of ``value * coefficient`` over its features. A feature's
evidence for the winning class is its contribution to that class's logit
minus its mean contribution to the other classes' logits.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

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


class Weighed(NamedTuple):
    """Sentences' evidence before ranking: each sentence's features that favour its label, as arrays.

    What :func:`ranked` needs to give a sentence's evidence when it is read:
    kept in a result instead of the evidence (most evidence is never read).
    Sentence ``i`` has features ``ptr[i]:ptr[i + 1]``, in column order; a
    feature has ``counts`` spans, their ``(start, end)`` in turn in ``bounds``.
    """

    names: Sequence[str]  # short name per column (the model's list, shared)
    ptr: np.ndarray
    cols: np.ndarray
    weights: np.ndarray  # value * contrast, all > 0
    counts: np.ndarray
    bounds: np.ndarray  # flat start, end pairs, offsets into the whole document


def weigh(
    data: np.ndarray,
    indices: np.ndarray,
    indptr: np.ndarray,
    located: Sequence[dict[int, list[Term]]],
    delta: np.ndarray,
    winners: Sequence[int],
    short_names: Sequence[str],
    offset: int = 0,
) -> Weighed:
    """Return the features that favour ``winners[i]`` in row ``i`` of a CSR matrix, for each of ``winners``.

    The products are those :func:`explain` computes (one float64 multiply
    each), for all rows at once; ``delta`` is the :func:`contrast` array.
    """
    n = len(winners)
    end = int(indptr[n])
    cols = indices[:end]
    row_of = np.repeat(np.arange(n), np.diff(indptr[: n + 1]))
    weights = data[:end] * delta[np.asarray(winners, dtype=np.intp)[row_of], cols]
    keep = ~(weights <= 0)  # as explain(), which skips only weights <= 0
    cols, weights, row_of = cols[keep], weights[keep], row_of[keep]
    picked = [located[i][j] for i, j in zip(row_of.tolist(), cols.tolist(), strict=True)]
    flat = [b for spans in picked for t in spans for b in t[1:]]  # Term: (term, start, end)
    counts = list(map(len, picked))
    ptr = np.searchsorted(row_of, np.arange(n + 1))
    bounds = np.asarray(flat, dtype=np.int64) + offset
    return Weighed(short_names, ptr, cols, weights, np.asarray(counts, dtype=np.int64), bounds)


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
    its weight equally. (Classifying uses :func:`weigh` and :func:`ranked`,
    which give the same for many sentences at once.)

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
    cols = [j for j in sorted(row) if not row[j] * delta[j] <= 0]
    bounds = [b for j in cols for t in located[j] for b in (t.start, t.end)]
    weights = [row[j] * delta[j] for j in cols]
    return ranked(short_names, cols, weights, [len(located[j]) for j in cols], bounds, offset)


def ranked(
    names: Sequence[str],
    cols: Sequence[int],
    weights: Sequence[float],
    counts: Sequence[int],
    bounds: Sequence[int],
    offset: int = 0,
) -> list[Found]:
    """Return one sentence's evidence from its weighed features (a slice of :class:`Weighed`).

    ``offset`` is added to the ``bounds``, as in :func:`explain`.
    """
    totals: dict[Bounds, float] = {}
    names_at: dict[Bounds, list[str]] = {}
    at = 0
    for j, weight, count in zip(cols, weights, counts, strict=True):
        share = weight / count
        name = names[j]
        for b in range(at, at + 2 * count, 2):
            key = (bounds[b], bounds[b + 1])
            total = totals.get(key)
            if total is None:
                totals[key] = share
                names_at[key] = [name]
            else:
                totals[key] = total + share
                names_at[key].append(name)
        at += 2 * count
    return _top(totals, names_at, offset)


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
