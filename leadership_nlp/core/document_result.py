"""The verdict on a whole text: :class:`OrientationResult`, returned by :func:`leadership_nlp.classify`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .role_result import Budget, Mention, RoleProfile
from .sentence_result import Evidence, SentenceResult, plain_lists
from .sentence_table import SentenceTable


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
        sentences = self.sentences
        if isinstance(sentences, SentenceTable):
            items = sentences.evidence(wanted)  # only the wanted sentences' evidence is ranked
        else:
            items = [e for s in sentences for e in s.evidence if e.label in wanted]
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
        d = plain_lists(d)
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
