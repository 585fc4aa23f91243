"""The role profile's sentence prefilter drops no figure.

``role_profile._candidates`` sends a sentence to the Matchers only when a
number has a keyword of some figure pattern on the pattern's side of it, at
most that pattern's reach away, within the sentence. Held to runs that send
every sentence, on token soups of the pattern file's words cut into
sentences at random (so keywords often sit in the next sentence), and with
hypothesis on any such soup.
"""

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from leadership_nlp.core import role_profile
from leadership_nlp.core.normalise import shared_nlp
from leadership_nlp.core.role_matcher import default_patterns, shipped_patterns

NUMBERS = [
    "12",
    "1,200",
    "twelve",
    "one",
    "one.",
    "1",
    "1.",
    "2019",
    "10-15",
    "5m",
    "2.5",
    "£5M",
    "R45",
    "~$750k",
    "40+",
    "three",
]
OTHER = [",", ".", ";", "-", ":", "(", ")", "the", "a", "and", "we", "i", "me", "my", "to", "of", "in"]


def _pool() -> list[list[str]]:
    p = default_patterns().p
    lists = [sorted(ws) for ws in p.words.values()]
    # Currencies and scales twice: a budget needs both, among dozens of word lists.
    money = [sorted(p.currencies), sorted(p.scales)] * 2
    return lists + money + [NUMBERS, NUMBERS, NUMBERS, OTHER]


def _cut(words: list[str], cuts: list[int]) -> list:
    doc = Doc(shared_nlp().vocab, words=words)
    bounds = sorted({0, len(doc), *(c % len(doc) for c in cuts)})
    return [doc[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _every_sentence(monkeypatch):
    monkeypatch.setattr(
        role_profile, "_candidates", lambda sents, c: ((s, breaks, None) for s, breaks in list(sents))
    )


def test_prefiltered_profiles_equal_the_unfiltered_ones_on_cut_soups(monkeypatch):
    rng = random.Random(7)
    lists = _pool()
    texts = []
    # Every new word list thins the others (2,400 gave 90 with the total_ lists, 2,800 gave 87
    # with the site lists of 2026-12-08).
    for _ in range(3400):
        words = [rng.choice(rng.choice(lists)) for _ in range(rng.randint(3, 80))]
        texts.append(_cut(words, [rng.randrange(80) for _ in range(rng.randint(0, 6))]))
    fast = [role_profile.extract(s) for s in texts]
    _every_sentence(monkeypatch)
    assert fast == [role_profile.extract(s) for s in texts]
    assert sum(p.span_of_control is not None for p in fast) > 90
    assert sum(p.budget is not None for p in fast) > 15  # the soups depend on the word lists


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(sorted({w for ws in _pool() for w in ws})), min_size=1, max_size=40),
    st.lists(st.integers(0, 40), max_size=4),
)
def test_prefiltered_profile_equals_the_unfiltered_one_on_any_soup(words, cuts):
    sents = _cut(words, cuts)
    fast = role_profile.extract(sents)
    every = role_profile._candidates
    role_profile._candidates = lambda sents, c: ((s, breaks, None) for s, breaks in list(sents))
    try:
        assert fast == role_profile.extract(sents)
    finally:
        role_profile._candidates = every


def test_every_shipped_figure_pattern_has_a_keyword():
    # A figure pattern whose required words are all common (":", "-", "of") or not a plain
    # word list has no keyword, and then every sentence with a number goes to the Matchers:
    # correct, but the role profile ran about three times as many sentences (2026-12-05).
    assert not shipped_patterns().keywordless
