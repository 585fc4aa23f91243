"""What a model knows besides its weights: hashed, so a change after training is seen."""

import pytest
from resources import KNOWLEDGE_KEYS as KEYS

from leadership_nlp.core import constants, knowledge, span_mark, terms, title_line


@pytest.fixture
def fresh():
    """Clear the cached fingerprint before and after (monkeypatch undoes the change first)."""
    knowledge.fingerprint.cache_clear()
    yield knowledge.fingerprint
    knowledge.fingerprint.cache_clear()


def test_the_fingerprint_names_every_piece_of_knowledge_with_a_sha256():
    found = knowledge.fingerprint()
    assert set(found) == KEYS
    assert all(len(h) == 64 and set(h) <= set("0123456789abcdef") for h in found.values())
    assert len(set(found.values())) == len(found)


def test_the_fingerprint_is_stable(fresh):
    before = dict(fresh())
    fresh.cache_clear()
    assert fresh() == before


@pytest.mark.parametrize(
    ("module", "name", "change"),
    [
        (constants, "ROLE_NOUNS", lambda words: words | {"boss"}),
        (constants, "NEGATORS", lambda words: words - {"never"}),
        (constants, "AGENT_OPENERS", lambda words: words | {"every"}),
        (constants, "AGENT_NOT_HEADS", lambda words: words - {"deadline"}),
        (constants, "IRREGULAR_PARTICIPLES", lambda words: words | {"sung"}),
        (constants, "CALENDAR_WORDS", lambda words: words | {"summer"}),
        (constants, "LINE_JOINERS", lambda words: words | {"via"}),
        (constants, "BULLETS", lambda words: words | {"+"}),
        (terms, "STOP_TERMS", lambda words: words - {"the"}),
        (terms, "LEMMA_FIXES", lambda fixes: {**fixes, "led": "lead"}),
    ],
)
def test_a_changed_word_list_changes_only_the_word_lists_hash(fresh, monkeypatch, module, name, change):
    before = dict(fresh())
    monkeypatch.setattr(module, name, change(getattr(module, name)))
    fresh.cache_clear()
    after = fresh()
    assert after["word_lists"] != before["word_lists"]
    assert {k: v for k, v in after.items() if k != "word_lists"} == {
        k: v for k, v in before.items() if k != "word_lists"
    }
    assert knowledge.mismatches(before) == ["word_lists"]


def test_a_changed_tokenizer_rule_changes_the_tokenizer_hash(fresh, monkeypatch):
    from leadership_nlp.core import normalise

    before = dict(fresh())
    nlp = normalise.make_nlp()
    nlp.tokenizer.rules = {**nlp.tokenizer.rules, "\n": [{65: "\n"}]}
    monkeypatch.setattr(normalise, "shared_nlp", lambda: nlp)
    fresh.cache_clear()
    assert knowledge.mismatches(before) == ["tokenizer"]


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("_BEFORE_NUMBER", lambda words: words | {"Excl"}),
        ("_BEFORE_LOWER", lambda words: words - {"etc"}),
        ("_WORD_WINDOW", lambda n: n + 1),
    ],
)
def test_a_changed_sentence_rule_changes_only_the_sentences_hash(fresh, monkeypatch, name, change):
    from leadership_nlp.core import segment

    before = dict(fresh())
    monkeypatch.setattr(segment, name, change(getattr(segment, name)))
    fresh.cache_clear()
    assert knowledge.mismatches(before) == ["sentences"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("MAX_TOKEN_CHARS", 50), ("_BLOCK_TAGS", frozenset({"p"})), ("_NOT_A_WORD", "\ue001")],
)
def test_a_changed_clean_up_setting_changes_the_clean_up_hash(fresh, monkeypatch, name, value):
    # The clean-up shapes the tokens a model was trained on (long runs, markup).
    from leadership_nlp.core import normalise

    before = dict(fresh())
    monkeypatch.setattr(normalise, name, value)
    fresh.cache_clear()
    assert knowledge.mismatches(before) == ["clean_up"]


def test_mismatches_of_the_installed_knowledge_is_nothing():
    assert knowledge.mismatches(knowledge.fingerprint()) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda p: {**p, "lexicon.tsv": "0" * 64}, ["lexicon.tsv"]),
        (lambda p: {**p, "lemma_table": "0" * 64, "tokenizer": "1" * 64}, ["lemma_table", "tokenizer"]),
        (lambda p: {k: v for k, v in p.items() if k != "first_names.txt"}, ["first_names.txt"]),  # missing
        (lambda p: {**p, "gazetteer": "0" * 64}, ["gazetteer"]),  # pinned but unknown here
        (lambda p: {}, sorted(KEYS)),
        (lambda p: None, sorted(KEYS)),  # a model that pins nothing
        (lambda p: "not a dict", sorted(KEYS)),
    ],
)
def test_mismatches(change, expected):
    assert knowledge.mismatches(change(dict(knowledge.fingerprint()))) == expected


@pytest.mark.parametrize(
    ("module", "name", "value"),
    [(terms, "TERM_RULES", terms.TERM_RULES + 1), (title_line, "TITLE_MAX_WORDS", 9)],
)
def test_changed_term_rules_change_the_term_rules_hash(fresh, monkeypatch, module, name, value):
    # Rules in code (a negation pair, a lemma fallback, the title shape) shape the terms as
    # much as the data files do: a model trained under other rules is refused.
    before = dict(fresh())
    monkeypatch.setattr(module, name, value)
    fresh.cache_clear()
    assert knowledge.mismatches(before) == ["term_rules"]


def test_a_changed_span_mark_changes_the_role_patterns_hash(fresh, monkeypatch):
    # The role profile's counts mark sentences for the classifier: its patterns are knowledge too.
    before = dict(fresh())
    monkeypatch.setattr(span_mark, "KINDS", span_mark.KINDS | {"sites"})
    fresh.cache_clear()
    assert knowledge.mismatches(before) == ["role_patterns"]
