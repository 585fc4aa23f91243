"""Counterfactual fairness over the corpus, the examples and name templates.

Swapping gendered pronouns, titles, or a first name for names typical of
other genders and origins must change no label and move no score by more
than ``MAX_SHIFT``. The measured table is printed (``pytest -s``) and comes
from the same code as ``python -m leadership_nlp.train.fairness``.
"""

from pathlib import Path

import pytest

from leadership_nlp import classify
from leadership_nlp.core.role_patterns import load_patterns
from leadership_nlp.train.fairness import (
    KNOWN_NAMES,
    MAX_SHIFT,
    NOUN_SWAPS,
    NOUN_TEMPLATES,
    TEST_NAMES,
    counterfactual_groups,
    default_items,
    format_table,
    measure,
    name_weights,
    replace_names,
    swap_nouns,
    swap_pronouns,
    swap_titles,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def results():
    found = measure(counterfactual_groups(default_items(ROOT / "corpus", ROOT / "examples")))
    print("\n" + format_table(found))
    return found


def of_kind(results, kind):
    rows = [r for r in results if r.group.kind == kind]
    assert rows, f"no {kind} counterfactuals were generated"
    return rows


def worst(rows):
    r = max(rows, key=lambda r: r.shift)
    return f"{r.group.source}: {r.between[0]} vs {r.between[1]} moves a score by {r.shift:.4f}"


def test_the_counterfactuals_cover_corpus_examples_and_templates(results):
    sources = {r.group.source for r in results}
    assert len(of_kind(results, "pronouns")) >= 50
    assert len(of_kind(results, "names")) >= 40
    assert {"cv_operations_manager.txt", "cv_ward_manager.txt", "cv_transformation_director.md"} <= sources
    assert len(of_kind(results, "templates")) >= 10 and len(of_kind(results, "titles")) >= 3
    assert len(of_kind(results, "nouns")) >= 8


@pytest.mark.parametrize("kind", ["pronouns", "titles", "nouns", "names", "templates"])
def test_no_counterfactual_changes_a_label(results, kind):
    changed = [r.group.source for r in of_kind(results, kind) if r.label_changed]
    assert not changed


@pytest.mark.parametrize("kind", ["pronouns", "titles", "nouns"])
def test_pronoun_and_title_swaps_move_no_score(results, kind):
    rows = of_kind(results, kind)
    assert max(r.shift for r in rows) <= MAX_SHIFT, worst(rows)


@pytest.mark.parametrize("kind", ["names", "templates"])
def test_first_names_move_no_score(results, kind):
    rows = of_kind(results, kind)
    assert max(r.shift for r in rows) <= MAX_SHIFT, worst(rows)


def test_no_first_name_is_a_model_feature():
    assert name_weights() == []


def test_gendered_words_are_dropped_before_featurising():
    from leadership_nlp.core.constants import GENDERED_WORDS

    for word in ("he", "she", "him", "her", "his", "hers", "himself", "herself", "mr", "ms", "mrs", "miss"):
        assert word in GENDERED_WORDS
    # Plurals as typed (a lemma would also drop "missed" and "mans"), informal and family words.
    plural = {"sisters", "brothers", "lads", "lasses", "guys", "gals", "women", "men", "gents", "mens"}
    assert plural <= GENDERED_WORDS
    assert not {"missed", "misses", "mans"} & GENDERED_WORDS


def test_gendered_job_nouns_fold_to_one_term():
    from leadership_nlp.core.terms import sentence_terms

    def terms(text):
        return [t.term for t in sentence_terms([text])[0]]

    assert terms("Supervised the waitresses.") == terms("Supervised the waiters.")
    assert terms("Trained the groundswomen.") == terms("Trained the groundsmen.")
    assert "miss" in terms("Missed two deadlines.")
    assert terms("Worked on the maternity ward.") == terms("Worked on the paternity ward.")
    assert "parental" in terms("Worked on the maternity ward.")
    assert terms("Chairwoman of the board.") == terms("Chair of the board.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said his team trusts him.", "She said her team trusts her."),
        ("SHE led herself", "HE led himself"),
        ("the shed and hero", "the shed and hero"),  # whole words only
    ],
)
def test_swap_pronouns(text, expected):
    assert swap_pronouns(text) == expected


def test_swap_titles_only_before_a_name():
    assert swap_titles("Mr. Lee and Mrs Okafor; ms word") == "Ms. Lee and Mr Okafor; ms word"


def test_replace_names_keeps_case_and_whole_words():
    assert replace_names("DANIEL met daniel.x@example.com and Danielle", "José") == (
        "JOSÉ met josé.x@example.com and Danielle"
    )


def test_the_name_list_covers_genders_and_origins():
    names = [n for n, _, _ in TEST_NAMES]
    assert len(names) == 14 and len(set(names)) == 14
    assert {"he", "she"} == {p for _, p, _ in TEST_NAMES}
    assert set(names) <= KNOWN_NAMES


def test_gendered_nouns_give_the_same_role_profile():
    # The span mark is a feature, so a count of "lads" read and of "lasses" not would move the verdict too.
    for text in NOUN_TEMPLATES:
        ours, theirs = classify(text).role_profile, classify(swap_nouns(text)).role_profile
        fields = ("span_of_control", "direct_reports", "sites")
        assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields], text
    assert classify("I've got 17 lasses under me.").role_profile.span_of_control == 17


def test_the_role_profiles_people_words_come_in_both_genders():
    words = load_patterns().words
    people, person = words["people"], words["person"]
    male = {w for w in people if w.endswith("men") and not w.endswith(("women", "gentlemen"))}
    assert male and {w[:-3] + "women" for w in male} <= people
    pairs = [*NOUN_SWAPS.items(), ("gents", "ladies"), ("fellas", "gals"), ("chaps", "lasses")]
    for a, b in pairs:
        assert (a in people, a in person) == (b in people, b in person), (a, b)
    assert {"men", "women", "lads", "lasses", "guys", "gals", "gentlemen", "ladies"} <= people
