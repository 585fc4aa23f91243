"""Sentence scores -> evidence: the words that moved a sentence, strongest first."""

import numpy as np
import pytest
from resources import BULLETS, CV, JOB_AD

from leadership_nlp import classify
from leadership_nlp.core.constants import MAX_EVIDENCE, MIN_EVIDENCE_WEIGHT
from leadership_nlp.core.evidence import contrast, explain
from leadership_nlp.core.terms import Term

SET, BUDGET = Term("set", 0, 3), Term("budget", 4, 11)
NAMES = ["set", "budget", "management:direction", "week", "noise"]


@pytest.mark.parametrize("temperature", [0.5, 1.0, 3.0])
def test_contrast_is_each_class_against_the_mean_of_the_others(temperature):
    coef = np.random.RandomState(0).normal(size=(3, 5))
    delta = contrast(coef, temperature)
    assert delta.shape == coef.shape
    expected = (coef[0] - (coef[1] + coef[2]) / 2) / temperature
    np.testing.assert_allclose(delta[0], expected)
    np.testing.assert_allclose(delta.sum(axis=0), 0.0, atol=1e-12)  # what one class gains the others lose


@pytest.mark.parametrize(
    ("row", "located", "delta", "offset", "expected"),
    [
        # value * delta per feature, strongest first
        (
            {0: 1.0, 1: 0.5},
            {0: [SET], 1: [BUDGET]},
            [1.0, 4.0],
            0,
            [("budget", 4, 11, 2.0), ("set", 0, 3, 1.0)],
        ),
        # a feature against the class is no evidence
        ({0: 1.0, 1: 0.5}, {0: [SET], 1: [BUDGET]}, [-1.0, 4.0], 0, [("budget", 4, 11, 2.0)]),
        # two features on the same words: reported once, weights summed, names joined
        (
            {1: 0.5, 2: 0.25},
            {1: [BUDGET], 2: [BUDGET]},
            [0.0, 2.0, 4.0],
            0,
            [("budget + management:direction", 4, 11, 2.0)],
        ),
        # a feature found twice shares its weight equally
        (
            {1: 1.0},
            {1: [BUDGET, Term("budget", 20, 27)]},
            [0.0, 3.0],
            0,
            [("budget", 4, 11, 1.5), ("budget", 20, 27, 1.5)],
        ),
        # too small to be evidence
        ({0: 1.0}, {0: [SET]}, [MIN_EVIDENCE_WEIGHT / 2], 0, []),
        # offsets shift into the whole document
        ({0: 1.0}, {0: [SET]}, [1.0], 100, [("set", 100, 103, 1.0)]),
        ({}, {}, [1.0], 0, []),
    ],
)
def test_explain(row, located, delta, offset, expected):
    delta = list(delta) + [0.0] * (len(NAMES) - len(delta))
    assert explain(row, located, delta, NAMES, offset) == expected


def test_explain_keeps_the_strongest_max_evidence_items():
    n = MAX_EVIDENCE + 4
    row = {j: 1.0 for j in range(n)}
    located = {j: [Term(f"w{j}", 10 * j, 10 * j + 2)] for j in range(n)}
    delta = [0.1 * (j + 1) for j in range(n)]
    found = explain(row, located, delta, [f"w{j}" for j in range(n)])
    assert len(found) == MAX_EVIDENCE
    assert [f[0] for f in found] == [f"w{j}" for j in range(n - 1, n - 1 - MAX_EVIDENCE, -1)]


def test_equal_weights_are_listed_in_text_order():
    # column 0 is the later words, column 1 the earlier ones: position decides, not the column
    found = explain({0: 1.0, 1: 1.0}, {0: [BUDGET], 1: [SET]}, [1.0, 1.0], ["budget", "set"])
    assert found == [("set", 0, 3, 1.0), ("budget", 4, 11, 1.0)]


@pytest.mark.parametrize("text", [CV, JOB_AD, BULLETS], ids=["cv", "job_ad", "bullets"])
def test_the_evidence_of_classified_text(text):
    result = classify(text)
    assert any(s.evidence for s in result.sentences)
    for sentence in result.sentences:
        weights = [e.weight for e in sentence.evidence]
        assert len(weights) <= MAX_EVIDENCE
        assert all(w >= MIN_EVIDENCE_WEIGHT for w in weights)
        assert weights == sorted(weights, reverse=True)
        for e in sentence.evidence:
            assert text[e.start : e.end] == e.text
            assert sentence.start <= e.start < e.end <= sentence.end
            assert e.label == sentence.label
