"""The role Matchers with lexeme flags match exactly what spaCy's own word tests match.

``role_flags`` turns the patterns' ``IN``, ``NOT_IN`` and ``REGEX`` tests into
lexeme flag bits. Held to spaCy's tests word by word over every word the
pattern files name (in lowercase, capitalised, in capitals, with a full stop),
and to the plain Matchers on token soups of those words.
"""

import json
import pickle

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Doc

from leadership_nlp.core.normalise import shared_nlp
from leadership_nlp.core.role_matcher import Compiled, default_patterns
from leadership_nlp.core.role_patterns import load_patterns

NUMBERS = ["12", "1,200", "twelve", "one", "1.", "2019", "1987", "10-15", "5m", "2.5", "40+", "1.5bn", "-"]


def _words(c: Compiled) -> list[str]:
    # Every word a test of the patterns names, in the forms text comes in.
    named: set[str] = set(NUMBERS)
    for _, pattern in c.p.patterns:
        for tok in pattern:
            for spec in c.p.expand(tok).values():
                for value in spec.values() if isinstance(spec, dict) else ():
                    if isinstance(value, list):
                        named.update(value)
    forms = {f for w in named for f in (w, w.title(), w.upper(), w + ".", w.title() + ".")}
    return sorted(forms | {"manager", "Team", "the", "people", "x"})


def _single_token_tests(c: Compiled) -> list[dict]:
    seen: dict[str, dict] = {}
    for _, pattern in c.p.patterns:
        for tok in pattern:
            spec = {k: v for k, v in c.p.expand(tok).items() if k != "OP"}
            seen.setdefault(json.dumps(spec, sort_keys=True), spec)
    return list(seen.values())


def test_every_token_test_flags_the_words_spacy_matches():
    c = default_patterns()
    vocab = shared_nlp().vocab
    doc = Doc(vocab, words=_words(c))
    c.lexeme_flags.mark(t.orth for t in doc)
    tests = _single_token_tests(c)
    assert len(tests) > 50
    for spec in tests:
        plain, flagged = Matcher(vocab), Matcher(vocab, validate=False)
        plain.add("t", [[spec]])
        flagged.add("t", [[c.lexeme_flags.rewrite(spec)]])
        assert flagged(doc) == plain(doc), spec


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_words(default_patterns())), min_size=1, max_size=60))
def test_flag_matchers_equal_the_plain_matchers_on_soups(words):
    c = default_patterns()
    doc = Doc(shared_nlp().vocab, words=words)
    values, steer = c.matchers(doc)
    assert values is c.flag_values and steer is c.flag_steer
    assert values(doc) == c.values(doc)
    assert steer(doc) == c.steer(doc)


def test_compiling_keeps_no_word_list_alive():
    # The flags outlive every compile (one per vocabulary); the word lists a compile checked
    # must not: each compile of a pattern set would keep its lists alive for good.
    flags = default_patterns().lexeme_flags
    Compiled(load_patterns())
    Compiled(load_patterns())
    assert flags._plain_lists == {}


def test_more_patterns_share_the_bits_of_the_vocabulary(tmp_path):
    # A second pattern set adds tests after words were marked: both sets
    # still match as spaCy does, on words marked before and after.
    first = default_patterns()
    words = ["we", "manage", "12", "engineers", "and", "7", "wombats", "in", "3", "burrows"]
    before = Doc(shared_nlp().vocab, words=words)
    assert first.matchers(before)[0](before) == first.values(before)
    extra = tmp_path / "mine.jsonl"
    extra.write_text(
        json.dumps({"kind": "words", "name": "people", "words": ["wombats"]})
        + "\n"
        + json.dumps(
            {
                "kind": "pattern",
                "label": "sites",
                "id": "burrows",
                "pattern": ["@num", {"LOWER": {"IN": ["burrows", "setts"]}}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    second = Compiled(load_patterns(extra))
    assert second.lexeme_flags is first.lexeme_flags
    after = Doc(shared_nlp().vocab, words=words + ["setts"])
    for c in (first, second):
        for doc in (before, after):
            values, steer = c.matchers(doc)
            assert values(doc) == c.values(doc) and steer(doc) == c.steer(doc)
    assert any(second.specs_by_id[k].id == "burrows" for k, _, _ in second.matchers(after)[0](after))


def test_docs_of_another_vocabulary_get_the_plain_matchers():
    c = default_patterns()
    doc = spacy.blank("en").make_doc("I manage 12 engineers")
    assert c.matchers(doc) == (c.values, c.steer)


def test_compiled_patterns_pickle_as_their_patterns():
    c = default_patterns()
    again = pickle.loads(pickle.dumps(c))
    assert again is not c and again.p.patterns == c.p.patterns
    doc = Doc(shared_nlp().vocab, words=["we", "manage", "12", "engineers", "and", "a", "£5m", "budget"])
    assert again.matchers(doc)[0](doc) == c.matchers(doc)[0](doc) == c.values(doc)


def test_used_patterns_pickle_and_compile_again():
    # compiled_for caches the compiled form on the patterns; a pickle leaves it out
    from leadership_nlp.core.role_matcher import compiled_for

    patterns = load_patterns()
    used = compiled_for(patterns)
    again = pickle.loads(pickle.dumps(patterns))
    assert "_compiled" not in again.__dict__ and again.patterns == patterns.patterns
    doc = Doc(shared_nlp().vocab, words=["we", "manage", "12", "engineers", "and", "a", "£5m", "budget"])
    assert compiled_for(again).values(doc) == used.values(doc) != []
