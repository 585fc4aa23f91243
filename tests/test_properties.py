"""Properties of ``classify`` over arbitrary Unicode (hypothesis, profile "ci" in conftest.py)."""

import json
import math
import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from leadership_nlp import classify, classify_batch
from leadership_nlp.core.constants import CHUNK_CHARS

#: Any code point, lone surrogates included (a Python str may hold them).
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=300)

#: CV-like text: real words with orientation, numbers, bullets, line breaks and odd characters,
#: so that the properties are checked on oriented sentences and evidence, not only on noise.
WORDS = (
    "I manage upwards of 100 people . Set quarterly budgets and KPIs ; inspired the team with a "
    "bold vision for growth , coached staff to grow . not never while but Mr She his e.g. Dr. "
    "£5m 12 sites direct reports team of 40 Leadership Manager"
).split()
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from([" ", " ", " ", "\n", "\n\n", "\n- ", "• ", "\t", "\r\n", "...", "…"]),
    st.sampled_from(["<li>", "</p>", "&amp;", "\x00", "\u200b", "\u202e", "\ud800", "🚀", "東京", "ü"]),
    st.text(max_size=3),
)
CV_LIKE = st.lists(PIECES, max_size=80).map("".join)
TEXTS = st.one_of(ANY_TEXT, CV_LIKE)


def check(text, r):
    assert r.label in {"leadership", "management", "balanced", "neutral"}
    assert all(math.isfinite(v) for v in r.scores.values())
    assert math.isclose(r.scores["leadership"] + r.scores["management"], 1.0, abs_tol=1e-9)
    end = 0
    for s in r.sentences:
        assert end <= s.start < s.end <= len(text) and text[s.start : s.end] == s.text
        assert all(math.isfinite(v) for v in (*s.scores.values(), *s.probabilities.values()))
        assert math.isclose(sum(s.scores.values()), 1.0, abs_tol=1e-9)
        assert math.isclose(sum(s.probabilities.values()), 1.0, abs_tol=1e-9)
        for e in s.evidence:
            assert s.start <= e.start < e.end <= s.end and text[e.start : e.end] == e.text
        end = s.end
    for m in r.role_profile.mentions:
        assert text[m.start : m.end] == m.text
    if len(r.sentences) == 1:
        assert r.label != "balanced"


@given(TEXTS)
def test_classify_never_raises_and_results_are_consistent(text):
    r = classify(text)
    check(text, r)
    json.dumps(r.to_dict())


@given(CV_LIKE)
def test_classify_is_deterministic(text):
    assert classify(text).to_dict() == classify(text).to_dict()


@given(st.lists(TEXTS, max_size=6))
def test_batch_equals_classify_per_item(texts):
    assert [r.to_dict() for r in classify_batch(texts)] == [classify(t).to_dict() for t in texts]


@settings(max_examples=2)  # worker processes start slowly
@given(st.lists(CV_LIKE, min_size=3, max_size=6))
def test_batch_is_the_same_across_n_jobs(texts):
    one = [r.to_dict() for r in classify_batch(texts, n_jobs=1)]
    two = [r.to_dict() for r in classify_batch(texts, n_jobs=2, chunk_size=1)]
    assert one == two


@settings(max_examples=4)
@given(st.lists(CV_LIKE, min_size=1, max_size=5), st.integers(0, 400))
def test_offsets_slice_back_across_chunk_boundaries(parts, shift):
    # Two chunks, the boundary falling at a different place each time.
    unit = "\n".join(parts) + "\nI manage upwards of 100 people. Set quarterly budgets.\n"
    text = "x" * shift + unit * (CHUNK_CHARS // len(unit) + 1)
    check(text, classify(text))


_RUN_IN_FRESH_PROCESS = """
import json, sys
import leadership_nlp
texts = json.loads(sys.stdin.read())
print(json.dumps([r.to_dict() for r in leadership_nlp.classify_batch(texts)]))
"""


def test_results_are_the_same_in_a_fresh_process_with_another_hash_seed():
    texts = [
        "I manage upwards of 100 people.",
        "Inspired the team with a bold vision; I do not set budgets.",
        "Set quarterly budgets and KPIs.\n- Coached staff\n- Drove change",
        "Je dirige une équipe de douze personnes et je fixe la vision.",
        "",
    ]
    here = json.loads(json.dumps([r.to_dict() for r in classify_batch(texts)]))
    out = subprocess.run(
        [sys.executable, "-c", _RUN_IN_FRESH_PROCESS],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    ).stdout
    assert json.loads(out) == here
