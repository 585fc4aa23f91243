"""The sentences of one result as flat arrays: :class:`SentenceTable`."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, overload

from .constants import LEADERSHIP, MANAGEMENT
from .sentence_result import Evidence, SentenceResult


def _lean(p_l: float, p_m: float) -> dict[str, float]:
    # The sentence's leadership/management probabilities renormalised to sum to 1.
    total = p_l + p_m
    if total <= 0:
        return {LEADERSHIP: 0.5, MANAGEMENT: 0.5}
    return {LEADERSHIP: p_l / total, MANAGEMENT: p_m / total}


@lru_cache(maxsize=1 << 16)
def _shared(term: str) -> str:
    # One str object per distinct evidence term (the cache hands back the
    # first one seen): bounded, unlike sys.intern, whose strings Python 3.12
    # never frees.
    return term


class SentenceTable(Sequence[SentenceResult]):
    """The sentences of one result, held as flat arrays, read as :class:`SentenceResult`.

    A CV has dozens of sentences, each with probabilities and evidence; as
    objects they took about 95 KB per result, so a list of 10,000 results
    held over a gigabyte. The table keeps offsets, probabilities and evidence
    in arrays (about a tenth of that) and builds each ``SentenceResult`` when
    it is read; it compares equal to the list of the same results. Texts are
    sliced from the classified text, which the table references, not copies.
    """

    __slots__ = (
        "_bounds",
        "_classes",
        "_ev_bounds",
        "_ev_ptr",
        "_ev_terms",
        "_ev_weights",
        "_facets",
        "_labels",
        "_proba",
        "_text",
    )

    def __init__(self, text: str, classes: Sequence[str]):
        self._text = text
        self._classes = tuple(classes)
        self._bounds = array("q")
        self._labels = bytearray()
        self._proba = array("d")
        self._facets: list[tuple[str, ...]] = []
        self._ev_ptr = array("q", [0])
        self._ev_terms: list[str] = []
        self._ev_bounds = array("q")
        self._ev_weights = array("d")

    def _extend(
        self,
        bounds: Sequence[int],
        label_indices: Sequence[int],
        probabilities: Any,
        evidence: Sequence[Sequence[tuple[str, int, int, float]]],
        facets: Sequence[tuple[str, ...]],
    ) -> None:
        """Add sentences, one chunk's at a time.

        ``bounds`` is ``[start, end, start, end, ...]`` into the text;
        ``probabilities`` a float64 array, one row per sentence in class
        order; ``evidence`` items are ``(term, start, end, weight)``.
        """
        self._bounds.extend(bounds)
        self._labels.extend(label_indices)
        self._proba.frombytes(probabilities.astype("<f8", copy=False).tobytes())
        self._facets.extend(facets)
        terms, ev_bounds, weights, ptr = self._ev_terms, self._ev_bounds, self._ev_weights, self._ev_ptr
        for found in evidence:
            for term, ev_start, ev_end, weight in found:
                terms.append(term)
                ev_bounds.append(ev_start)
                ev_bounds.append(ev_end)
                weights.append(weight)
            ptr.append(len(weights))

    def __len__(self) -> int:
        return len(self._labels)

    @overload
    def __getitem__(self, i: int) -> SentenceResult: ...
    @overload
    def __getitem__(self, i: slice) -> list[SentenceResult]: ...
    def __getitem__(self, i: int | slice) -> SentenceResult | list[SentenceResult]:
        if isinstance(i, slice):
            return [self._sentence(j) for j in range(*i.indices(len(self)))]
        n = len(self)
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise IndexError("sentence index out of range")
        return self._sentence(j)

    def __iter__(self) -> Iterator[SentenceResult]:
        return (self._sentence(j) for j in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (SentenceTable, list, tuple)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, compared by value

    def __repr__(self) -> str:
        return repr(list(self))

    def _sentence(self, j: int) -> SentenceResult:
        text, classes = self._text, self._classes
        k = len(classes)
        label = classes[self._labels[j]]
        p = self._proba[j * k : (j + 1) * k].tolist()
        probabilities = dict(zip(classes, p, strict=True))
        start, end = self._bounds[2 * j], self._bounds[2 * j + 1]
        lo, hi = self._ev_ptr[j], self._ev_ptr[j + 1]
        evidence = [
            Evidence(
                term=self._ev_terms[e],
                text=text[self._ev_bounds[2 * e] : self._ev_bounds[2 * e + 1]],
                start=self._ev_bounds[2 * e],
                end=self._ev_bounds[2 * e + 1],
                weight=self._ev_weights[e],
                label=label,
            )
            for e in range(lo, hi)
        ]
        return SentenceResult(
            text=text[start:end],
            start=start,
            end=end,
            label=label,
            scores=_lean(probabilities.get(LEADERSHIP, 0.0), probabilities.get(MANAGEMENT, 0.0)),
            probabilities=probabilities,
            evidence=evidence,
            facets=list(self._facets[j]),
        )

    def __getstate__(self) -> tuple:
        # Only the text the listed sentences cover travels (to and from workers).
        last = max(self._bounds[-1] if self._bounds else 0, max(self._ev_bounds, default=0))
        text = self._text if last == len(self._text) else self._text[:last]
        return (
            text,
            self._classes,
            self._bounds,
            bytes(self._labels),
            self._proba,
            self._facets,
            self._ev_ptr,
            self._ev_terms,
            self._ev_bounds,
            self._ev_weights,
        )

    def __setstate__(self, state: tuple) -> None:
        (
            self._text,
            self._classes,
            self._bounds,
            labels,
            self._proba,
            self._facets,
            self._ev_ptr,
            terms,
            self._ev_bounds,
            self._ev_weights,
        ) = state
        self._labels = bytearray(labels)
        self._ev_terms = [_shared(t) for t in terms]  # not one copy per unpickled result
