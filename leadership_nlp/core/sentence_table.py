"""The sentences of one result as flat arrays: :class:`SentenceTable`."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import TYPE_CHECKING, Any, overload

from .constants import LEADERSHIP, MANAGEMENT
from .sentence_result import Evidence, SentenceResult

if TYPE_CHECKING:
    import numpy as np

    from .evidence import Explainer, Found, Weighed


#: Set by :func:`features_travel`: the explainer of the model whose tables
#: are pickled with their features, or given to such tables when unpickled
#: (or a function that returns it, called when such a table is first read).
_TRAVEL: ContextVar[Explainer | Callable[[], Explainer] | None] = ContextVar("features_travel", default=None)
#: The first item of a pickled table that carries features: an int, where the
#: ranked form (every earlier release's) has the text.
_FEATURES = 2
_FEATURE_ARRAYS = (
    "_bounds",
    "_proba",
    "_facet_at",
    "_f_ptr",
    "_f_cols",
    "_f_high_at",
    "_f_high",
    "_f_counts_at",
    "_f_counts",
    "_f_norms",
    "_f_kept",
    "_f_kept_ptr",
    "_s_starts",
    "_s_high_at",
    "_s_high",
    "_s_lengths",
)
#: One empty array per type code, shared by every table until it gets values of its own
#: (:func:`_appended` never writes into an empty store): a table holds many arrays that stay
#: empty, and an array object alone takes 64 bytes.
_EMPTY: dict[str, array[int]] = {code: array(code) for code in "BHIQ"}
_EMPTY_FLOATS: array[float] = array("d")


@contextmanager
def features_travel(explainer: Explainer | Callable[[], Explainer] | None) -> Iterator[None]:
    """Pickle tables with their features, and unpickle such tables with ``explainer``, in this block.

    For results sent between the processes of one run, which all hold the
    same model: a table normally pickles its ranked evidence (independent of
    any model), and ranking every sentence's evidence to send it cost a
    worker more than a quarter of its time. Only a table built with
    ``explainer`` is pickled with its features. A table unpickled here takes
    ``explainer``, or, if it is a function, calls it when first read; either
    way the explainer must be its model's (:attr:`Explainer.key`, checked).
    """
    token = _TRAVEL.set(explainer)
    try:
        yield
    finally:
        _TRAVEL.reset(token)


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


def _grown(store: array, values: np.ndarray) -> array:
    # Append non-negative ints, widening the store first to the narrowest type that holds them
    # ("B" -> "H" -> "I" -> "Q"): an offset past 65,535 needs "I", not twice that.
    if len(values) and int(values.min()) < 0:
        raise ValueError("a negative offset or column: the unsigned store would wrap it")
    if len(values) and (top := int(values.max())) >= 1 << (8 * store.itemsize):
        code = next(c for c in "BHIQ" if top < 1 << (8 * array(c).itemsize))
        store = array(code, store)
    return _appended(store, values.astype(store.typecode).tobytes())


def _appended(store: array, data: bytes) -> array:
    # Appending leaves room to grow; most texts are one chunk, so the first is
    # copied to its exact size (a copy per chunk would be quadratic). An empty
    # store may be shared (_EMPTY): the first data always go to a new array.
    if not data:
        return store
    if not store:
        fresh = array(store.typecode)
        fresh.frombytes(data)
        return fresh[:]
    store.frombytes(data)
    return store


def _exceptions(values: np.ndarray, usual: int, base: int) -> tuple[np.ndarray, np.ndarray]:
    # Where ``values`` differ from ``usual`` (as positions from ``base``) and what they are:
    # a feature's span count is almost always 1, few columns need more than 16 bits, and few
    # span starts more than 8.
    import numpy as np

    at = np.flatnonzero(values != usual)
    return at + base, values[at]


def _patched(values: list[int], lo: int, at: array, found: array, shift: int = 0) -> list[int]:
    # ``values`` (positions lo, lo+1, ... of a table's features or spans) with the exceptions
    # that fall among them set (shift 0) or added above their low bits (shift 16 for columns,
    # 8 for span starts).
    k = bisect_left(at, lo)
    hi = lo + len(values)
    while k < len(at) and at[k] < hi:
        i = at[k] - lo
        values[i] = (values[i] + (found[k] << shift)) if shift else found[k]
        k += 1
    return values


def _indexed(sets: list[tuple[str, ...]], facets: Iterable[tuple[str, ...]]) -> np.ndarray:
    # Each facet set as its index in ``sets``, which gains the new ones (a few per table).
    import numpy as np  # here, as in _extend: importing this module needs no numpy

    at = []
    for f in facets:
        if f not in sets:
            sets.append(f)
        at.append(sets.index(f))
    return np.asarray(at, dtype=np.int64)


_WRONG_MODEL = "a table pickled with its features is read only with its model's explainer"


def _checked(explainer: Explainer, key: str) -> Explainer:
    if explainer.key != key:
        raise ValueError(_WRONG_MODEL)
    return explainer


class SentenceTable(Sequence[SentenceResult]):
    """The sentences of one result, held as flat arrays, read as :class:`SentenceResult`.

    A CV has dozens of sentences, each with probabilities and evidence; as
    objects they took about 95 KB per result, so a list of 10,000 results
    held over a gigabyte. The table keeps offsets, probabilities and the
    evidence's makings in arrays (about a tenth of that) and builds each
    ``SentenceResult`` when it is read; it compares equal to the list of the
    same results. Texts are sliced from the classified text, which the table
    references, not copies.

    Evidence is ranked when a sentence is read, from the features that
    favour its label (:class:`~leadership_nlp.core.evidence.Weighed`): most
    evidence is never read, and the features take less room than the
    evidence. Their weights are rebuilt then too, by the model's
    :class:`~leadership_nlp.core.evidence.Explainer`, from each feature's
    count and its sentence's norm (a float per feature was 40 % of a table).

    A pickled table carries the evidence itself (the format of earlier
    releases, with no reference to the model's feature names), and reads it
    back as such; within :func:`features_travel` (results sent from workers
    of one run) it carries its features.
    """

    __slots__ = (
        "_bounds",
        "_classes",
        "_ev_bounds",
        "_ev_ptr",
        "_ev_terms",
        "_ev_weights",
        "_explainer",
        "_f_cols",
        "_f_counts",
        "_f_counts_at",
        "_f_high",
        "_f_high_at",
        "_f_key",
        "_f_kept",
        "_f_kept_ptr",
        "_f_norms",
        "_f_ptr",
        "_facet_at",
        "_facet_sets",
        "_labels",
        "_proba",
        "_s_high",
        "_s_high_at",
        "_s_lengths",
        "_s_starts",
        "_text",
    )

    def __init__(self, text: str, classes: Sequence[str]):
        self._text = text
        self._classes = tuple(classes)
        # Every integer array starts at its narrowest type and widens when a value needs it
        # (_grown): a CV's offsets fit in two bytes, its facet-set indices in one.
        self._bounds = _EMPTY["H"]
        self._labels = bytearray()
        self._proba = _EMPTY_FLOATS
        # Each sentence's facets as an index into the table's distinct sets.
        self._facet_sets: list[tuple[str, ...]] = []
        self._facet_at = _EMPTY["B"]
        # The features that favour each sentence's label, until pickled; their
        # weights are rebuilt by the model's explainer when read (only the
        # lexicon's are kept: _f_kept).
        self._explainer: Explainer | Callable[[], Explainer] | None = None
        self._f_key = ""  # the explainer's key, while it is a function to call (unpickled)
        self._f_ptr = array("H", [0])
        # Columns: their low 16 bits, and the rest only where it is not 0 (at, value).
        self._f_cols = _EMPTY["H"]
        self._f_high_at, self._f_high = _EMPTY["H"], _EMPTY["B"]
        # Spans per feature: 1, except where _f_counts_at says.
        self._f_counts_at, self._f_counts = _EMPTY["H"], _EMPTY["B"]
        self._f_norms = _EMPTY_FLOATS
        self._f_kept = _EMPTY_FLOATS
        self._f_kept_ptr = array("H", [0])
        # Each feature's spans: start (from its sentence's start) and length; a feature's
        # first span is found from the span counts (_span_at), not stored. A start's low
        # byte, and the rest only where it is not 0 (at, value): most sentences of a CV are
        # shorter than 256 characters, and one longer sentence made every start two bytes.
        self._s_starts, self._s_lengths = _EMPTY["B"], _EMPTY["B"]
        self._s_high_at, self._s_high = _EMPTY["H"], _EMPTY["B"]
        # The ranked evidence itself (_ev_ptr, _ev_terms, _ev_bounds,
        # _ev_weights) is set only when unpickled.

    def _extend(
        self,
        bounds: Sequence[int],
        label_indices: Sequence[int],
        probabilities: Any,
        evidence: Weighed,
        facets: Sequence[tuple[str, ...]],
    ) -> None:
        """Add sentences, one chunk's at a time.

        ``bounds`` is ``[start, end, start, end, ...]`` into the text;
        ``probabilities`` a float64 array, one row per sentence in class
        order; ``evidence`` has one sentence per label.
        """
        import numpy as np

        self._bounds = _grown(self._bounds, np.asarray(bounds, dtype=np.int64))
        self._labels.extend(label_indices)
        self._proba = _appended(self._proba, probabilities.astype("<f8", copy=False).tobytes())
        self._facet_at = _grown(self._facet_at, _indexed(self._facet_sets, facets))
        self._explainer = evidence.explainer
        base = len(self._f_cols)
        self._f_ptr = _grown(self._f_ptr, evidence.ptr[1:] + base)
        cols = np.asarray(evidence.cols, dtype=np.int64)
        if len(cols) and int(cols.min()) < 0:
            raise ValueError("a negative column: the unsigned store would wrap it")
        self._f_cols = _appended(self._f_cols, (cols & 0xFFFF).astype(np.uint16).tobytes())
        at, high = _exceptions(cols >> 16, 0, base)
        self._f_high_at, self._f_high = _grown(self._f_high_at, at), _grown(self._f_high, high)
        at, counts = _exceptions(np.asarray(evidence.counts, dtype=np.int64), 1, base)
        self._f_counts_at, self._f_counts = _grown(self._f_counts_at, at), _grown(self._f_counts, counts)
        self._f_norms = _appended(self._f_norms, evidence.norms.astype("<f8", copy=False).tobytes())
        self._f_kept_ptr = _grown(self._f_kept_ptr, evidence.kept_ptr[1:] + len(self._f_kept))
        self._f_kept = _appended(self._f_kept, evidence.kept.astype("<f8", copy=False).tobytes())
        ends = np.concatenate([[0], np.cumsum(evidence.counts)])[evidence.ptr]
        # Relative to their sentence's start: most fit in one byte, their lengths too.
        sentence_starts = np.asarray(bounds[::2], dtype=np.int64)
        spans = np.asarray(evidence.bounds, dtype=np.int64) - np.repeat(sentence_starts, 2 * np.diff(ends))
        starts = spans[::2]
        if len(starts) and int(starts.min()) < 0:
            raise ValueError("a span before its sentence: the unsigned store would wrap it")
        at, high = _exceptions(starts >> 8, 0, len(self._s_starts))
        self._s_starts = _appended(self._s_starts, (starts & 0xFF).astype(np.uint8).tobytes())
        self._s_high_at, self._s_high = _grown(self._s_high_at, at), _grown(self._s_high, high)
        self._s_lengths = _grown(self._s_lengths, spans[1::2] - starts)

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

    def _found(self, j: int) -> list[Found]:
        # Sentence j's evidence as (term, start, end, weight).
        explainer = self._explainer
        if callable(explainer):  # unpickled: the model is got when first read
            explainer = self._explainer = _checked(explainer(), self._f_key)
        if explainer is None:
            ev, bounds, weights = self._ev_terms, self._ev_bounds, self._ev_weights
            return [
                (ev[e], bounds[2 * e], bounds[2 * e + 1], weights[e])
                for e in range(self._ev_ptr[j], self._ev_ptr[j + 1])
            ]
        from .evidence import ranked  # here: the CLI's --help reads results' module, not numpy

        lo, hi = self._f_ptr[j], self._f_ptr[j + 1]
        a, b = self._span_at(lo), self._span_at(hi)
        starts = _patched(self._s_starts[a:b].tolist(), a, self._s_high_at, self._s_high, 8)
        lengths = self._s_lengths[a:b]
        spans = [x for s, n in zip(starts, lengths, strict=True) for x in (s, s + n)]
        cols = _patched(self._f_cols[lo:hi].tolist(), lo, self._f_high_at, self._f_high, 16)
        counts = _patched([1] * (hi - lo), lo, self._f_counts_at, self._f_counts)
        kept = self._f_kept[self._f_kept_ptr[j] : self._f_kept_ptr[j + 1]]
        weights = explainer.weights(self._labels[j], cols, counts, self._f_norms[j], kept)
        return ranked(explainer.names, cols, weights, counts, spans, self._bounds[2 * j])

    def _span_at(self, feature: int) -> int:
        # The first span of a feature: one per feature before it, plus the extra spans of
        # those with more than one (a pointer per sentence took about 1.7 MB per 10,000 results).
        k = bisect_left(self._f_counts_at, feature)
        return feature + sum(self._f_counts[:k]) - k

    def evidence(self, labels: Collection[str]) -> list[Evidence]:
        """Return the evidence of the sentences labelled one of ``labels``, in sentence order.

        What reading those sentences gives, without building the rest of
        them or any other sentence (a document's evidence is its verdict's).
        """
        wanted = [c in labels for c in self._classes]
        out: list[Evidence] = []
        for j, k in enumerate(self._labels):
            if wanted[k]:
                out += self._evidence(j, self._classes[k])
        return out

    def _evidence(self, j: int, label: str) -> list[Evidence]:
        text = self._text
        return [
            Evidence(term=term, text=text[s:e], start=s, end=e, weight=weight, label=label)
            for term, s, e, weight in self._found(j)
        ]

    def _sentence(self, j: int) -> SentenceResult:
        text, classes = self._text, self._classes
        k = len(classes)
        label = classes[self._labels[j]]
        p = self._proba[j * k : (j + 1) * k].tolist()
        probabilities = dict(zip(classes, p, strict=True))
        start, end = self._bounds[2 * j], self._bounds[2 * j + 1]
        evidence = self._evidence(j, label)
        return SentenceResult(
            text=text[start:end],
            start=start,
            end=end,
            label=label,
            scores=_lean(probabilities.get(LEADERSHIP, 0.0), probabilities.get(MANAGEMENT, 0.0)),
            probabilities=probabilities,
            evidence=evidence,
            facets=list(self._facet_sets[self._facet_at[j]]),
        )

    def __getstate__(self) -> tuple:
        explainer = self._explainer
        if explainer is not None and not callable(explainer) and _TRAVEL.get() is explainer:
            return self._features_state(explainer)
        # The evidence itself, as earlier releases pickled it; only the text
        # the listed sentences cover travels (to and from workers).
        ptr, terms, ev_bounds, weights = array("q", [0]), [], array("q"), array("d")
        for j in range(len(self)):
            for term, start, end, weight in self._found(j):
                terms.append(term)
                ev_bounds.extend((start, end))
                weights.append(weight)
            ptr.append(len(weights))
        bounds = array("q", self._bounds)
        last = max(bounds[-1] if bounds else 0, max(ev_bounds, default=0))
        text = self._text if last == len(self._text) else self._text[:last]
        facets = [self._facet_sets[k] for k in self._facet_at]
        return (
            text,
            self._classes,
            bounds,
            bytes(self._labels),
            self._proba,
            facets,
            ptr,
            terms,
            ev_bounds,
            weights,
        )

    def _features_state(self, explainer: Explainer) -> tuple:
        # The arrays as they are, for features_travel(); the text cut as __getstate__ cuts it.
        import numpy as np

        def view(values: array) -> np.ndarray:
            return np.frombuffer(values, dtype=values.typecode).astype(np.int64)

        bounds = view(self._bounds)
        # Span ends: their sentence's start + their start from it + their length.
        f_ptr = view(self._f_ptr)
        extra = np.concatenate([[0], np.cumsum(view(self._f_counts) - 1)])
        s_ptr = f_ptr + extra[np.searchsorted(view(self._f_counts_at), f_ptr)]
        sentence_starts = np.repeat(bounds[::2], np.diff(s_ptr))
        starts = view(self._s_starts)
        starts[view(self._s_high_at)] += view(self._s_high) << 8
        ends = sentence_starts + starts + view(self._s_lengths)
        last = max(int(bounds.max(initial=0)), int(ends.max(initial=0)))
        text = self._text if last == len(self._text) else self._text[:last]
        arrays = tuple(getattr(self, name) for name in _FEATURE_ARRAYS)
        return (_FEATURES, explainer.key, text, self._classes, bytes(self._labels), self._facet_sets, *arrays)

    def _set_features_state(self, state: tuple) -> None:
        explainer = _TRAVEL.get()
        key, self._text, self._classes, labels, self._facet_sets, *arrays = state[1:]
        if explainer is None:
            raise ValueError(_WRONG_MODEL)
        self._explainer = explainer if callable(explainer) else _checked(explainer, key)
        self._f_key = key
        self._labels = bytearray(labels)
        for name, values in zip(_FEATURE_ARRAYS, arrays, strict=True):
            setattr(self, name, values)

    def __setstate__(self, state: tuple) -> None:
        if type(state[0]) is int and state[0] == _FEATURES:
            self._set_features_state(state)
            return
        self._explainer = None  # the evidence is ranked already
        (
            self._text,
            self._classes,
            self._bounds,
            labels,
            self._proba,
            facets,
            self._ev_ptr,
            terms,
            self._ev_bounds,
            self._ev_weights,
        ) = state
        self._labels = bytearray(labels)
        self._facet_sets = []
        self._facet_at = _grown(_EMPTY["B"], _indexed(self._facet_sets, facets))
        self._ev_terms = [_shared(t) for t in terms]  # not one copy per unpickled result
