"""The typo table (data/typos.json) is built from the lexicon and the role verbs, and is up to date."""

import json

import pytest

from leadership_nlp.core.lookups import known_words
from leadership_nlp.core.terms import first_names
from leadership_nlp.train import typos


@pytest.fixture(scope="module")
def built():
    return typos.build()  # reads spaCy's lexeme probabilities: about a second


def test_the_shipped_table_is_the_built_one(built):
    # Rebuild it with `python -m leadership_nlp.train.typos` after changing the lexicon or the verbs.
    assert json.loads(typos.PATH.read_text("utf-8")) == built


def test_no_slip_is_an_english_word_a_name_or_a_word_of_the_table(built):
    table = built
    english = known_words() | {n.lower() for n in first_names()}
    targets = typos.words()
    assert len(table) > 1000 and set(table.values()) <= targets
    assert not set(table) & english
    assert not set(table) & targets
    for slip, word in table.items():
        assert slip in typos.slips(word)


def test_words_names_and_acronyms_found_by_hand_are_no_slips():
    # Real words, names, products and acronyms a reviewer found one slip from an orientation word.
    table = json.loads(typos.PATH.read_text("utf-8"))
    found = [
        "leds",
        "emos",
        "gros",
        "mentos",
        "stales",
        "staled",
        "ired",
        "ires",
        "hird",
        "rown",
        "coch",
        "alin",
    ]
    assert not set(found + ["visio", "mems", "manger", "mange"]) & set(table)
    assert {"manged", "insipred", "stratgy", "mentorred"} <= set(table)
    # Slips never seen in web text are kept, however rare their word.
    assert {"nurtues", "optimses", "roadmpas"} <= set(table)


def test_slips_are_one_letter_dropped_doubled_or_swapped():
    dropped = {"ead", "lad", "led"}  # not "lea": the last letter is never dropped
    doubled = {"llead", "leead", "leaad", "leadd"}
    swapped = {"elad", "laed", "leda"}
    assert typos.slips("lead") == dropped | doubled | swapped
