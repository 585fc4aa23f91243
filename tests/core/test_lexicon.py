"""The facet lexicon: label-guide cues as data, matched on a sentence's terms."""

import math

import pytest

from leadership_nlp.core.constants import FACETS, ORIENTED
from leadership_nlp.core.lexicon import Cue, by_feature, feature_names, load_lexicon, match
from leadership_nlp.core.terms import sentence_terms


def cues_in(text):
    return [
        (c.orientation, c.facet, " ".join(c.lemmas), text[t.start : t.end]) for c, t in match(words(text))
    ]


def words(text):
    return sentence_terms([text])[0]


def test_the_packaged_lexicon_is_valid():
    cues = load_lexicon()
    assert len(cues) > 50
    assert all(isinstance(c, Cue) for c in cues)
    assert {c.orientation for c in cues} == set(ORIENTED)
    assert {c.facet for c in cues} <= set(FACETS)
    assert all(c.weight > 0 and c.lemmas and all(c.lemmas) for c in cues)


def test_a_phrase_written_two_ways_is_one_cue():
    cues = [(c.lemmas, c.orientation, c.facet) for c in load_lexicon()]
    assert len(set(cues)) == len(cues)
    assert by_feature(words("a long-term plan"))["leadership:horizon"][0] == 1.0


def test_cue_words_are_stored_as_lemmas_and_hyphens_split():
    by_words = {c.lemmas: c for c in load_lexicon()}
    assert by_words[("long", "term")].facet == "horizon"  # "long-term" and "long term"
    assert ("kpi",) in by_words and ("budget",) in by_words


def test_feature_names_are_every_orientation_and_facet():
    names = feature_names()
    assert len(names) == len(ORIENTED) * len(FACETS) == len(set(names))
    assert names[0] == "leadership:goal" and names[-1] == "management:accountability"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Set the budgets", [("management", "direction", "budget", "budgets")]),
        ("Coached staff", [("leadership", "people", "coach", "Coached")]),
        (
            "Stayed within budget",
            [
                ("management", "resources", "within budget", "within budget"),
                ("management", "direction", "budget", "budget"),  # a cue inside a longer one counts too
            ],
        ),
        # register words are no terms, so they do not break a cue
        (
            "Stayed within the budget",
            [
                ("management", "resources", "within budget", "within the budget"),
                ("management", "direction", "budget", "budget"),
            ],
        ),
        ("Stayed within that budget", [("management", "direction", "budget", "budget")]),
        ("Set a clear strategy", [("leadership", "horizon", "strategy", "strategy")]),
        ("do not set budgets", []),  # a negated word never matches
        ("Filed the reports", []),
        ("", []),
    ],
)
def test_match(text, expected):
    found = cues_in(text)
    assert sorted(found) == sorted(expected)


def test_by_feature_sums_the_cue_weights_of_each_feature():
    grouped = by_feature(words("Set budgets and KPIs, then set budgets again"))
    weight, spans = grouped["management:direction"]
    assert weight == 3.0 and [s.term for s in spans] == ["budget", "kpi", "budget"]
    assert set(grouped) == {"management:direction"}
    assert math.isclose(math.log1p(weight), math.log(4.0))


def test_by_feature_of_a_sentence_without_cues_is_empty():
    assert by_feature(words("Filed the reports every week")) == {}


def _lexicon_of(monkeypatch, *lines):
    # load_lexicon() over a table of these rows instead of the packaged one.
    import leadership_nlp.core.lexicon as lexicon_module

    table = "\n".join(["term\torientation\tfacet\tweight", *lines]) + "\n"

    class Data:
        def joinpath(self, name):
            return self

        def read_text(self, encoding):
            return table

    monkeypatch.setattr(lexicon_module, "files", lambda package: Data())
    load_lexicon.cache_clear()
    try:
        return load_lexicon()
    finally:
        monkeypatch.undo()
        load_lexicon.cache_clear()


def test_a_cue_listed_twice_is_refused(monkeypatch):
    # "long-term" and "long term" are one cue once hyphens are split: listing
    # both would count a single "long-term" twice.
    with pytest.raises(ValueError, match="'long-term' is the cue 'long term' again"):
        _lexicon_of(monkeypatch, "long term\tleadership\thorizon\t1", "long-term\tleadership\thorizon\t1")


def test_one_phrase_may_name_two_facets(monkeypatch):
    cues = _lexicon_of(monkeypatch, "vision\tleadership\tdirection\t1", "vision\tleadership\thorizon\t1")
    assert [(c.lemmas, c.facet) for c in cues] == [(("vision",), "direction"), (("vision",), "horizon")]
