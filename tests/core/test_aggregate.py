"""Sentence scores -> document verdict: the lean of oriented sentences, bands and thin evidence."""

import pytest

from leadership_nlp.core.aggregate import Aggregator
from leadership_nlp.core.constants import BALANCED_BAND, ENOUGH_EVIDENCE, THIN_EVIDENCE

L, M, N = "leadership", "management", "neutral"


def aggregate(sentences):
    agg = Aggregator()
    for label, p_lead, p_man in sentences:
        agg.add(label, p_lead, p_man)
    return agg


@pytest.mark.parametrize(
    ("sentences", "label", "leadership"),
    [
        ([], N, 0.5),
        ([(N, 0.1, 0.1)] * 3, N, 0.5),  # no oriented sentence: no lean at all
        ([(M, 0.05, 0.9)], M, 0.05 / 0.95),
        ([(L, 0.9, 0.05)], L, 0.9 / 0.95),
        ([(L, 0.5, 0.5)], L, 0.5),  # one sentence is never balanced
        # thin evidence: one oriented line among ten is not a verdict, but keeps its lean
        ([(M, 0.05, 0.9)] + [(N, 0.0, 0.0)] * 9, N, 0.05 / 0.95),
        # ... unless the oriented weight is enough sentences' worth, however long the text
        ([(M, 0.0, 1.0)] * 6 + [(N, 0.0, 0.0)] * 100, M, 0.0),
        ([(M, 0.0, 1.0)] * 4 + [(N, 0.0, 0.0)] * 100, N, 0.0),
        # the balanced band is closed, and needs a sentence of each orientation
        ([(L, 0.9, 0.1), (M, 0.1, 0.9)], "balanced", 0.5),
        ([(L, 0.6, 0.0), (M, 0.0, 0.4)], "balanced", 0.6),
        ([(L, 0.4, 0.0), (M, 0.0, 0.6)], "balanced", 0.4),
        ([(L, 0.61, 0.0), (M, 0.0, 0.39)], L, 0.61),
        ([(L, 0.39, 0.0), (M, 0.0, 0.61)], M, 0.39),
        # neutral sentences do not dilute the lean
        ([(L, 0.8, 0.2), (N, 0.3, 0.3), (N, 0.3, 0.3)], L, 0.8),
    ],
)
def test_verdict(sentences, label, leadership):
    found, scores = aggregate(sentences).verdict()
    assert found == label
    assert scores["leadership"] == pytest.approx(leadership)
    assert scores["leadership"] + scores["management"] == pytest.approx(1.0)


def test_the_thresholds_are_the_documented_constants():
    assert BALANCED_BAND == (0.4, 0.6) and THIN_EVIDENCE == 0.25 and ENOUGH_EVIDENCE == 5.0


@pytest.mark.parametrize(
    ("sentences", "confidence"),
    [
        ([], 0.0),
        ([(N, 0.2, 0.2)] * 4, 0.0),  # neutral sentences add no oriented weight
        ([(M, 0.05, 0.9), (N, 0.0, 0.0)], 0.475),
        ([(L, 0.6, 0.3), (M, 0.1, 0.7), (N, 0.0, 0.0), (N, 0.0, 0.0)], 0.425),
        ([(L, 1.0, 1.0)], 1.0),  # capped at 1
        ([(L, 1.0, 0.0)] + [(N, 0.0, 0.0)] * 2, 0.3333),  # rounded to 4 places
    ],
)
def test_confidence_is_the_oriented_weight_per_sentence(sentences, confidence):
    assert aggregate(sentences).confidence == confidence


def test_counts_follow_the_labels():
    agg = aggregate([(L, 0.9, 0.1), (N, 0.1, 0.1), (N, 0.1, 0.1), (M, 0.2, 0.7)])
    assert agg.counts == {L: 1, M: 1, N: 2}
    assert agg.leadership == pytest.approx(1.1) and agg.oriented == pytest.approx(1.9)
