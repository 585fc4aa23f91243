"""One sentence's verdict: :class:`SentenceResult` and the :class:`Evidence` behind it."""

from __future__ import annotations

import reprlib
from dataclasses import dataclass
from typing import Any

from .constants import LEADERSHIP, MANAGEMENT

_SHORT = reprlib.Repr()
_SHORT.maxstring = 60  # a repr stays one short line, however long the sentence


def plain_lists(value: Any) -> Any:
    """Return ``value`` with every tuple in it, however deep, turned into a list."""
    # msgpack (spaCy's DocBin) may hand sequences back as tuples; the types hold lists.
    if isinstance(value, dict):
        return {k: plain_lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_lists(v) for v in value]
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
        d = plain_lists(d)
        return cls(**{**d, "evidence": [Evidence(**e) for e in d["evidence"]]})

    def __repr__(self) -> str:
        """Return one short line: label, scores, offsets and the start of the text."""
        return (
            f"<SentenceResult label={self.label!r} "
            f"leadership={self.scores.get(LEADERSHIP, 0.0):.3f} "
            f"management={self.scores.get(MANAGEMENT, 0.0):.3f} "
            f"start={self.start} end={self.end} text={_SHORT.repr(self.text)}>"
        )
