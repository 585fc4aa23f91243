"""Typed result objects returned by :func:`leadership_nlp.classify`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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


@dataclass(frozen=True, slots=True)
class OrientationResult:
    """The verdict on a whole text.

    Attributes
    ----------
    label : str
        "leadership", "management", "balanced" or "neutral".
    scores : dict
        ``{"leadership": p, "management": 1 - p}``, calibrated.
    sentences : list of SentenceResult
        One entry per sentence, in text order.
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
    """

    label: str
    scores: dict[str, float]
    sentences: list[SentenceResult]
    role_profile: RoleProfile
    language: str = "en"
    warnings: list[str] = field(default_factory=list)
    truncated: bool = False
    counts: dict[str, int] = field(default_factory=dict)

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

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dictionary of the result."""
        return asdict(self)

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
