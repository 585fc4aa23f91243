"""Skipping the Matchers where no figure can count changes no role profile.

``Compiled.may_count`` lets ``_values`` skip a sentence in which no trigger
pattern and no figure pattern that needs none has its required words, and
``role_windows.may_steer`` lets it stop before the steering Matcher when
every figure needs a trigger and no trigger pattern has its required words
in reach. Held to runs that always match, on token soups drawn from the
pattern file's word lists (where triggers, blocks and figures mix densely),
and on CV and job-ad texts and the corpus.
"""

import random

from resources import CV, JOB_AD
from spacy.tokens import Doc

from leadership_nlp.core import role_profile
from leadership_nlp.core.normalise import shared_nlp
from leadership_nlp.core.role_matcher import Compiled, default_patterns
from leadership_nlp.core.role_windows import may_steer
from leadership_nlp.core.segment import iter_docs, sentences
from leadership_nlp.train.corpus import load_corpus

NUMBERS = ["12", "1,200", "twelve", "one", "1.", "2019", "10-15", "5m", "2.5", "£5M", "40+", "three"]
OTHER = [",", ".", ";", "-", ":", "(", ")", "the", "a", "and", "we", "i", "me", "my", "to", "of", "in"]


def _soups(count: int, seed: int) -> list[list]:
    p = default_patterns().p
    lists = [sorted(ws) for ws in p.words.values()] + [sorted(p.currencies), sorted(p.scales)]
    lists += [NUMBERS, NUMBERS, NUMBERS, OTHER, OTHER]
    rng = random.Random(seed)
    vocab = shared_nlp().vocab
    docs = []
    for _ in range(count):
        words = [rng.choice(rng.choice(lists)) for _ in range(rng.randint(5, 120))]
        docs.append([Doc(vocab, words=words)[:]])
    return docs


def _always_steer(monkeypatch):
    monkeypatch.setattr(role_profile, "may_steer", lambda target, c, *_: True)
    monkeypatch.setattr(Compiled, "may_count", lambda self, words: True)


def test_profiles_equal_the_always_steering_run_on_soups(monkeypatch):
    sents = _soups(3000, seed=5)
    skipped = sum(
        not may_steer(s[0], default_patterns(), f)
        for s in sents
        if (f := role_profile.value_matches(s[0], default_patterns()))
    )
    uncounted = sum(not default_patterns().may_count({t.lower for t in s[0]}) for s in sents)
    fast = [role_profile.extract(s) for s in sents]
    _always_steer(monkeypatch)
    assert fast == [role_profile.extract(s) for s in sents]
    assert skipped > 30 and uncounted > 30
    assert sum(p.span_of_control is not None for p in fast) > 100


def test_profiles_equal_the_always_steering_run_on_texts(monkeypatch):
    texts = [CV, JOB_AD] + [u.text for u in load_corpus().units]
    texts += [" and ".join(texts[i : i + 6]) for i in range(0, len(texts), 6)]
    docs = [sentences(doc) for t in texts for _, doc, _ in iter_docs(t)]
    fast = [role_profile.extract(s) for s in docs]
    _always_steer(monkeypatch)
    assert fast == [role_profile.extract(s) for s in docs]
    assert sum(p.span_of_control is not None for p in fast) >= 20
