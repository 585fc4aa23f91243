"""The role Matchers on windows give what they give on the whole sentence.

``role_windows`` runs the value patterns only around numbers and the
steering patterns only around the figures found, in parts (``role_parts``).
Held here to the whole-sentence runs: the value matches exactly (the same
tuples, in the same order where the role profile reads it: among matches of
one label that start, and for figures end, at one token), and the role
profile, on token soups drawn from the pattern file's own word lists (long
sentences, so the windows cut), on CV and job-ad texts and on the corpus.
"""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from resources import CV, JOB_AD
from spacy.tokens import Doc

from leadership_nlp.core import role_profile
from leadership_nlp.core.normalise import shared_nlp
from leadership_nlp.core.role_matcher import default_patterns
from leadership_nlp.core.role_patterns import VALUE_LABELS
from leadership_nlp.core.role_windows import steer_matches, target_words, value_matches, windowed
from leadership_nlp.core.segment import iter_docs, sentences
from leadership_nlp.train.corpus import load_corpus

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
    "40+",
    "twenty",
]
PUNCT = [",", ".", ";", "-", ":", "(", ")", "\n"]


def _pool():
    p = default_patterns().p
    lists = [sorted(ws) for ws in p.words.values()] + [sorted(p.currencies), sorted(p.scales)]
    return lists + [NUMBERS, NUMBERS, NUMBERS, PUNCT, ["the", "a", "and", "we", "i", "me", "my", "to", "of"]]


def _soup(rng, n):
    # Words from the pattern file's lists, numbers and punctuation, in any order.
    lists = _pool()
    return [rng.choice(rng.choice(lists)) for _ in range(n)]


def _whole(monkeypatch):
    monkeypatch.setattr(role_profile, "value_matches", lambda target, c, *_: list(c.values(target)))
    monkeypatch.setattr(role_profile, "steer_matches", lambda target, c, *_: list(c.steer(target)))


def _ordered(matches, c):
    # The matches in the order the role profile can read: by label and start
    # (figures: and end), in the order given among those; vetoes and
    # trigger_after matches, which are read as sets, in any order.
    def key(match):
        label = c.specs_by_id[match[0]].label
        if label in ("veto", "trigger_after"):
            return (label, match[1], match[2], match[0])
        return (label, match[1], match[2]) if label in VALUE_LABELS else (label, match[1])

    return sorted(matches, key=key)


def _profiles(sents):
    return [role_profile.extract(s) for s in sents]


def _soups(count, seed=0):
    rng = random.Random(seed)
    vocab = shared_nlp().vocab
    return [Doc(vocab, words=_soup(rng, rng.randint(5, 120))) for _ in range(count)]


def test_value_matches_equal_the_whole_sentence_run():
    c = default_patterns()
    windows = reordered = 0
    for doc in _soups(1500):
        for target in (doc, doc[:], doc[3:]):
            whole = list(c.values(target))
            found = value_matches(target, c)
            assert _ordered(found, c) == _ordered(whole, c)
            windows += len(target) > 3 * c.value_extent and bool(whole)
            reordered += found != whole
    assert windows > 300  # long sentences with figures, where windows cut
    assert reordered > 100  # where parts gave matches the whole Matcher interleaves


@settings(max_examples=200)
@given(st.lists(st.sampled_from(sorted({w for ws in _pool() for w in ws})), min_size=1, max_size=90))
def test_value_matches_equal_the_whole_sentence_run_on_any_soup(words):
    c = default_patterns()
    doc = Doc(shared_nlp().vocab, words=words)
    assert _ordered(value_matches(doc, c), c) == _ordered(c.values(doc), c)


def test_steer_matches_are_the_whole_runs_near_the_figures():
    # An ordered subsequence of the whole run (in the order read), holding every match near a figure.
    c = default_patterns()
    for doc in _soups(500, seed=1):
        figures = value_matches(doc, c)
        whole = list(c.steer(doc))
        near = steer_matches(doc, c, figures)
        it = iter(_ordered(whole, c))
        assert all(m in it for m in _ordered(near, c))
        for key, start, end in whole:
            veto = c.specs_by_id[key].label == "veto"
            for f, s, e in figures:
                if (veto and start < e and end > s) or (
                    c.specs_by_id[f].trigger and s - 8 <= start and end <= e + 8
                ):
                    assert (key, start, end) in near


def test_role_profiles_equal_the_whole_sentence_run_on_soups(monkeypatch):
    # 6,000 soups: each word list is drawn alike, so every new list thins the budget words
    # (3,000 gave 46 budgets once site_event, verb_before_object and not_direct were added, 3,500
    # gave 49 once scope_label and post_item_not were, 4,000 gave 47 once the requirement and
    # employer vetoes were, 4,500 gave 44 once the site lists of 2026-12-08 were).
    sents = [[doc[:]] for doc in _soups(6000, seed=2)]
    fast = _profiles(sents)
    _whole(monkeypatch)
    assert fast == _profiles(sents)
    assert sum(p.span_of_control is not None for p in fast) > 100
    assert sum(p.budget is not None for p in fast) > 50


def test_role_profiles_equal_the_whole_sentence_run_on_texts(monkeypatch):
    texts = [CV, JOB_AD] + [u.text for u in load_corpus().units]
    # Units joined into long paragraphs, so several figures share a sentence.
    texts += [" and ".join(texts[i : i + 6]) for i in range(0, len(texts), 6)]
    docs = [sentences(doc) for t in texts for _, doc, _ in iter_docs(t)]
    fast = [role_profile.extract(s) for s in docs]
    _whole(monkeypatch)
    assert fast == [role_profile.extract(s) for s in docs]
    assert sum(p.span_of_control is not None for p in fast) >= 20


@pytest.mark.parametrize(
    ("spans", "cut"), [([], []), ([(-5, 2)], [(0, 3)]), ([(2, 3), (3, 6), (9, 30)], [(2, 7), (9, 12)])]
)
def test_windowed_merges_and_clips_the_spans(spans, cut):
    class Seen:
        def __init__(self):
            self.calls = []

        def matchers(self, lowers, orths, strings):
            return [self]

        def __call__(self, span):
            self.calls.append((span.start, span.end))
            return []

    doc = Doc(shared_nlp().vocab, words=list("abcdefghijkl"))
    seen = Seen()
    assert windowed(seen, doc, spans, target_words(doc)) == []
    assert seen.calls == cut
