"""Sentence scores -> evidence: which words moved the verdict, and how much.

The model is linear in its features, so a sentence's logit for a class is
exactly the sum of ``value * coefficient`` over its features. A feature's
evidence for the winning class is its contribution to that class's logit
minus its mean contribution to the other classes' logits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from .constants import MAX_EVIDENCE, MIN_EVIDENCE_WEIGHT
from .term_arrays import SpanTable
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


class Explainer:
    """A model's evidence arithmetic, shared by all its results.

    A result keeps, per sentence, the columns and span counts of the
    features that favour its label and the row's norm; the weights are
    rebuilt when the sentence is read, bit for bit what :func:`weigh`
    computed: a float per feature held by every result was 40 % of a
    result's arrays. The features whose values cannot be rebuilt from
    a count and a norm (``stored``: the lexicon's, from cue weights) keep
    their weights.

    Parameters
    ----------
    names : sequence of str
        Short name per column ("coach", "leadership:people").
    delta : numpy.ndarray
        The :func:`contrast` array, one row per class.
    value : callable
        ``value(col, count, norm)``: a rebuildable column's feature value
        (:meth:`~leadership_nlp.core.scorer.LinearScorer.lemma_value`).
    stored : numpy.ndarray
        Per column, whether its weight is kept instead of rebuilt.
    source : callable, optional
        Returns the bytes of what else decides ``value`` (the IDF weights, the
        settings), for :attr:`key`; called only when the key is first asked for.
    """

    __slots__ = ("_key", "_source", "delta", "names", "stored", "value")

    def __init__(
        self,
        names: Sequence[str],
        delta: np.ndarray,
        value: Callable[[int, int, float], float],
        stored: np.ndarray,
        source: Callable[[], bytes] = bytes,
    ):
        self.names, self.delta, self.value, self.stored = names, delta, value, stored
        self._source = source
        self._key: str | None = None

    @property
    def key(self) -> str:
        """A digest of everything that rebuilds a weight: the same for one model in every process."""
        if self._key is None:
            digest = hashlib.blake2b(np.ascontiguousarray(self.delta).tobytes(), digest_size=16)
            digest.update(np.packbits(self.stored).tobytes())
            digest.update(self._source())
            digest.update("\n".join(map(str, self.names)).encode("utf-8", "surrogatepass"))
            self._key = digest.hexdigest()
        return self._key

    def weights(
        self, label: int, cols: Sequence[int], counts: Sequence[int], norm: float, kept: Sequence[float]
    ) -> list[float]:
        """Return the weights :func:`weigh` gave one sentence's features for class index ``label``.

        ``kept`` are the weights of its ``stored`` columns, in column order.
        """
        value, stored = self.value, self.stored
        contrasts = self.delta[label, np.asarray(cols, dtype=np.intp)].tolist()
        rest = iter(kept)
        # value * contrast, as weigh() multiplied them (float64 both ways).
        return [
            next(rest) if stored[c] else value(c, n, norm) * d
            for c, n, d in zip(cols, counts, contrasts, strict=True)
        ]


class Weighed(NamedTuple):
    """Sentences' evidence before ranking: each sentence's features that favour its label, as arrays.

    What :func:`ranked` needs to give a sentence's evidence when it is read:
    kept in a result instead of the evidence (most evidence is never read).
    Sentence ``i`` has features ``ptr[i]:ptr[i + 1]``, in column order; a
    feature has ``counts`` spans, their ``(start, end)`` in turn in ``bounds``.
    Its weight is rebuilt by ``explainer`` from its count and ``norms[i]``,
    or, for a stored column, is the next of ``kept[kept_ptr[i]:kept_ptr[i + 1]]``.
    """

    explainer: Explainer  # the model's, shared
    ptr: np.ndarray
    cols: np.ndarray
    counts: np.ndarray
    bounds: np.ndarray  # flat start, end pairs, offsets into the whole document
    norms: np.ndarray  # float64, per sentence
    kept: np.ndarray  # float64 weights of the stored columns
    kept_ptr: np.ndarray


def weigh(
    data: np.ndarray,
    indices: np.ndarray,
    indptr: np.ndarray,
    located: Sequence[dict[int, list[Term]]] | SpanTable,
    winners: Sequence[int],
    explainer: Explainer,
    norms: Sequence[float] | np.ndarray,
    offset: int = 0,
) -> Weighed:
    """Return the features that favour ``winners[i]`` in row ``i`` of a CSR matrix, for each of ``winners``.

    The products are those :func:`explain` computes (one float64 multiply
    each), for all rows at once; ``norms`` are the rows' (:attr:`FeatureRows.norms`).
    ``located`` gives the words behind the features: per row, ``{column: [Term, ...]}``
    (:meth:`LinearScorer.transform`), or per stored value, as a
    :class:`~leadership_nlp.core.term_arrays.SpanTable`.
    """
    n = len(winners)
    if len(norms) < n:
        raise ValueError(f"weigh() needs the norm of each of the {n} rows, got {len(norms)}")
    end = int(indptr[n])
    cols = indices[:end]
    row_of = np.repeat(np.arange(n), np.diff(indptr[: n + 1]))
    weights = data[:end] * explainer.delta[np.asarray(winners, dtype=np.intp)[row_of], cols]
    keep = ~(weights <= 0)  # as explain(), which skips only weights <= 0
    cols, weights, row_of = cols[keep], weights[keep], row_of[keep]
    if isinstance(located, SpanTable):
        entries = np.flatnonzero(keep)
        first, counts = located.ptr[entries], located.ptr[entries + 1] - located.ptr[entries]
        at = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        picked = np.repeat(first - at[:-1], counts) + np.arange(at[-1], dtype=np.int64)
        bounds = located.bounds.reshape(-1, 2)[picked].reshape(-1) + offset
    else:
        spans = [located[i][j] for i, j in zip(row_of.tolist(), cols.tolist(), strict=True)]
        flat = [b for found in spans for t in found for b in t[1:]]  # Term: (term, start, end)
        counts = np.asarray(list(map(len, spans)), dtype=np.int64)
        bounds = np.asarray(flat, dtype=np.int64) + offset
    ptr = np.searchsorted(row_of, np.arange(n + 1))
    stored = explainer.stored[cols]
    kept_ptr = np.searchsorted(row_of[stored], np.arange(n + 1))
    return Weighed(
        explainer,
        ptr,
        cols,
        np.asarray(counts, dtype=np.int64),
        bounds,
        np.asarray(norms[:n], dtype=np.float64),
        weights[stored],
        kept_ptr,
    )


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
