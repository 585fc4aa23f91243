"""Typed result objects returned by :func:`leadership_nlp.classify`."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, overload

from .constants import LEADERSHIP, MANAGEMENT


def _lists(value: Any) -> Any:
    # msgpack (spaCy's DocBin) may hand sequences back as tuples; the types hold lists.
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Evidence:
    """One term that moved a sentence towards its label.

    Attributes
    ----------
    term : str
        The feature as the model sees it (a lemma, lemma bigram or lexicon cue).
    text : str
        The words in the sentence that produced it.
    start, end : int
        Character offsets of ``text`` in the classified document.
    weight : float
        Contribution to the winning label's logit against the other labels
        (feature value times coefficient); positive supports the label.
    label : str
        The label this term supports.
    """

    term: str
    text: str
    start: int
    end: int
    weight: float
    label: str


@dataclass(frozen=True, slots=True)
class Budget:
    """A budget stated in the text ("a £5M budget")."""

    amount: float
    currency: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A matched role-profile phrase ("manage upwards of 100 people")."""

    kind: str
    text: str
    start: int
    end: int
    value: float | None = None


@dataclass(frozen=True, slots=True)
class RoleProfile:
    """What the text says about the size of the role.

    Attributes
    ----------
    span_of_control : int or None
        Largest number of people the writer leads or manages, if stated.
    role_verbs : list of str
        Lemmas of the verbs that describe the role ("manage", "lead", ...),
        in order of first appearance.
    direct_reports : int or None
        Number of direct reports, where stated.
    budget : Budget or None
        The largest budget stated.
    sites : int or None
        Number of sites, locations or branches, where stated.
    mentions : list of Mention
        Every matched phrase, so each figure can be checked.
    """

    span_of_control: int | None = None
    role_verbs: list[str] = field(default_factory=list)
    direct_reports: int | None = None
    budget: Budget | None = None
    sites: int | None = None
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SentenceResult:
    """The verdict on one sentence.

    ``scores`` holds the leadership and management probabilities renormalised
    to sum to 1 (the sentence's lean); ``probabilities`` holds all three
    calibrated class probabilities, neutral included.
    """

    text: str
    start: int
    end: int
    label: str
    scores: dict[str, float]
    probabilities: dict[str, float]
    evidence: list[Evidence]
    facets: list[str]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SentenceResult:
        """Rebuild a sentence result from its ``asdict`` form."""
        d = _lists(d)
        return cls(**{**d, "evidence": [Evidence(**e) for e in d["evidence"]]})

    def __repr__(self) -> str:
        """Return one short line: label, scores, offsets and the start of the text."""
        from .display import sentence_repr

        return sentence_repr(self)


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


@dataclass(frozen=True, slots=True)
class OrientationResult:
    """The verdict on a whole text.

    Attributes
    ----------
    label : str
        "leadership", "management", "balanced" or "neutral".
    scores : dict
        ``{"leadership": p, "management": 1 - p}``, calibrated.
    sentences : sequence of SentenceResult
        One entry per sentence, in text order (a :class:`SentenceTable` from
        ``classify``: indexable, iterable, equal to the list of the same
        sentences).
    role_profile : RoleProfile
        Span of control, role verbs, direct reports, budget and sites.
    language : str
        ISO 639-1 code of the detected language ("en" when unsure).
    warnings : list of str
        Reasons to distrust the verdict (non-English text, truncation).
    truncated : bool
        True when the text had more sentences than are returned.
    counts : dict
        Number of sentences per sentence label, over the whole text.
    confidence : float
        How much of the text carries orientation evidence, from 0 to 1: the
        oriented sentences' probability of being oriented at all, summed and
        divided by the number of sentences. One management line among twenty
        neutral ones gives about 0.05; below ``THIN_EVIDENCE`` the verdict
        is "neutral" whatever the lean of ``scores``.
    """

    label: str
    scores: dict[str, float]
    sentences: Sequence[SentenceResult]
    role_profile: RoleProfile
    language: str = "en"
    warnings: list[str] = field(default_factory=list)
    truncated: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    confidence: float = 0.0

    @property
    def evidence(self) -> list[Evidence]:
        """Evidence for the document's verdict, strongest first.

        Evidence of leadership sentences for a leadership verdict, of both
        orientations for "balanced", of every sentence for "neutral".
        """
        if self.label in ("leadership", "management"):
            wanted = {self.label}
        elif self.label == "balanced":
            wanted = {"leadership", "management"}
        else:
            wanted = {"leadership", "management", "neutral"}
        items = [e for s in self.sentences for e in s.evidence if e.label in wanted]
        return sorted(items, key=lambda e: -e.weight)

    def __repr__(self) -> str:
        """Return one short line: label, scores, number of sentences, span of control."""
        from .display import result_repr

        return result_repr(self)

    def _repr_html_(self) -> str:
        """Return an HTML summary for notebooks: verdict, scores and a sentence table."""
        from .display import result_html

        return result_html(self)

    def to_frame(self) -> Any:
        """Return the sentence table as a pandas DataFrame, one row per sentence.

        Needs pandas (``pip install "leadership-nlp[pandas]"``). Columns:
        ``start``, ``end``, ``text``, ``label``, ``leadership``, ``management``
        (the sentence's lean), ``evidence`` and ``facets``, indexed by the
        sentence's position; see :func:`leadership_nlp.core.schema.sentence_frame`.

        Raises
        ------
        ImportError
            If pandas is not installed.
        """
        from .schema import sentence_frame

        return sentence_frame(self)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dictionary of the result."""
        return {
            "label": self.label,
            "scores": dict(self.scores),
            "sentences": [asdict(s) for s in self.sentences],
            "role_profile": asdict(self.role_profile),
            "language": self.language,
            "warnings": list(self.warnings),
            "truncated": self.truncated,
            "counts": dict(self.counts),
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> OrientationResult:
        """Rebuild a result from :meth:`to_dict` output (also after JSON or msgpack).

        Examples
        --------
        >>> r = OrientationResult("neutral", {"leadership": 0.5, "management": 0.5}, [], RoleProfile())
        >>> OrientationResult.from_dict(r.to_dict()) == r
        True
        """
        d = _lists(d)
        profile = d["role_profile"]
        budget = profile["budget"]
        return cls(
            **{
                **d,
                "sentences": [SentenceResult.from_dict(s) for s in d["sentences"]],
                "role_profile": RoleProfile(
                    **{
                        **profile,
                        "budget": Budget(**budget) if budget is not None else None,
                        "mentions": [Mention(**m) for m in profile["mentions"]],
                    }
                ),
            }
        )
