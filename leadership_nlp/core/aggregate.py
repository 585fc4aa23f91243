"""Sentence scores -> document verdict.

The document's leadership share is the mean lean of its oriented sentences,
each weighted by how sure the model is that it is oriented at all
(1 - P(neutral)), so neutral sentences (addresses, dates, tools) do not
dilute the lean. How much evidence there is decides whether there is a
verdict at all: the summed weight over the number of sentences is the
result's ``confidence``; a text is "neutral" when that share is below
``THIN_EVIDENCE`` (one oriented line in a CV of twenty) **and** the summed
weight is below ``ENOUGH_EVIDENCE`` sentences' worth, so that a long CV with
a clear block of management bullets is not outvoted by its skills list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .constants import (
    BALANCED,
    BALANCED_BAND,
    ENOUGH_EVIDENCE,
    LEADERSHIP,
    MANAGEMENT,
    NEUTRAL,
    THIN_EVIDENCE,
)


@dataclass
class Aggregator:
    """Streaming accumulator of sentence verdicts (bounded memory)."""

    leadership: float = 0.0
    oriented: float = 0.0
    counts: dict[str, int] = field(default_factory=lambda: {LEADERSHIP: 0, MANAGEMENT: 0, NEUTRAL: 0})

    def add(self, label: str, p_leadership: float, p_management: float) -> None:
        """Add one sentence's label and class probabilities."""
        self.counts[label] += 1
        if label == NEUTRAL:
            return
        # Weighting each lean pL / (pL + pM) by pL + pM sums to these two.
        self.leadership += p_leadership
        self.oriented += p_leadership + p_management

    @property
    def confidence(self) -> float:
        """Return the oriented weight per sentence, from 0 (no evidence) to 1."""
        n = sum(self.counts.values())
        return round(min(1.0, self.oriented / n), 4) if n else 0.0

    def verdict(self) -> tuple[str, dict[str, float]]:
        """Return the document label and ``{"leadership": p, "management": 1 - p}``.

        Bands: a share within ``BALANCED_BAND`` with at least one sentence of
        each orientation is "balanced" (so one sentence is never balanced);
        otherwise the side the share leans to. No oriented sentence: "neutral"
        with scores 0.5 / 0.5; too little oriented text (``confidence`` below
        ``THIN_EVIDENCE`` and less than ``ENOUGH_EVIDENCE`` oriented weight):
        "neutral" with the scores of its lean.
        """
        n_lead, n_man = self.counts[LEADERSHIP], self.counts[MANAGEMENT]
        if n_lead + n_man == 0 or self.oriented <= 0:
            return NEUTRAL, {LEADERSHIP: 0.5, MANAGEMENT: 0.5}
        share = self.leadership / self.oriented
        scores = {LEADERSHIP: share, MANAGEMENT: 1.0 - share}
        if self.confidence < THIN_EVIDENCE and self.oriented < ENOUGH_EVIDENCE:
            return NEUTRAL, scores
        low, high = BALANCED_BAND
        if n_lead and n_man and low <= share <= high:
            return BALANCED, scores
        if n_lead and not n_man:
            return LEADERSHIP, scores
        if n_man and not n_lead:
            return MANAGEMENT, scores
        return (LEADERSHIP if share >= 0.5 else MANAGEMENT), scores
