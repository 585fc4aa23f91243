"""Sentence terms -> feature rows -> probabilities, with a hand-made scorer whose numbers are known."""

import json
import math

import numpy as np
import pytest

from leadership_nlp import load_model
from leadership_nlp.core import lexicon
from leadership_nlp.core.scorer import LinearScorer
from leadership_nlp.core.terms import Term, sentence_terms

LEMMAS = [
    "budget",
    "coach",
    "set",
    "set budget",
    "develop ~ team",
    "set quarterly budget",
    "make sure",
    "sign off",
]
IDF = [2.0, 3.0, 1.0, 1.5, 2.5, 4.0, 1.2, 1.7]
COLUMN = {t: j for j, t in enumerate(LEMMAS)}
LEXICON = {name: len(LEMMAS) + j for j, name in enumerate(lexicon.feature_names())}
N_FEATURES = len(LEMMAS) + len(LEXICON)
EMPTY = np.array([0.0, 0.0, 1.0])


def make_scorer(**kwargs):
    rng = np.random.RandomState(0)
    params = {
        "n_features": N_FEATURES,
        "coef": rng.normal(size=(3, N_FEATURES)),
        "intercept": np.array([0.1, -0.2, 0.3]),
        "temperature": 1.0,
        "empty": EMPTY,
        "lemma_offset": 0,
        "lemma_terms": LEMMAS,
        "idf": np.array(IDF),
        "lexicon_offset": len(LEMMAS),
        "lexicon_names": lexicon.feature_names(),
    }
    return LinearScorer(**{**params, **kwargs})


def rows_of(scorer, *texts):
    return scorer.transform(sentence_terms(list(texts)))


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("text", ["zzz qqq", "", "the of and", "do not set budgets"])
def test_a_row_with_no_known_feature_gets_the_empty_label_probabilities(text):
    scorer = make_scorer()
    matrix, rows, located = rows_of(scorer, text)
    assert rows == [{}] and located == [{}] and len(matrix.data) == 0 and matrix.empty().tolist() == [True]
    assert scorer.predict_proba(matrix).tolist() == [EMPTY.tolist()]


def test_without_an_empty_label_an_empty_row_gets_the_intercepts_softmax():
    scorer = make_scorer(empty=None)
    matrix, _, _ = rows_of(scorer, "zzz")
    np.testing.assert_allclose(scorer.predict_proba(matrix), softmax(scorer.intercept[None, :]))


@pytest.mark.parametrize(
    ("floor", "expected"),
    [(0.0, 1.0), (4.0, 1.0), (100.0, 3.0 / 10.0), (36.0, 3.0 / 6.0)],
)
def test_a_one_word_line_is_divided_by_the_floor_not_its_own_length(floor, expected):
    # "coach" has idf 3: plain l2 makes it 1; a floor above 9 divides by sqrt(floor) instead.
    scorer = make_scorer(norm_floor=floor)
    _, rows, _ = rows_of(scorer, "Coached")
    assert rows[0][COLUMN["coach"]] == pytest.approx(expected)
    # The lexicon block is not normalised: log1p of the summed cue weights.
    assert rows[0][LEXICON["leadership:people"]] == pytest.approx(math.log1p(1.0))


def test_the_shipped_model_floors_a_one_word_line():
    from leadership_nlp.train.training import DEFAULT_PARAMS

    scorer = load_model().scorer
    assert scorer.norm_floor == DEFAULT_PARAMS["norm_floor"] == 200.0
    _, rows, _ = rows_of(scorer, "coached")  # lowercase: no title mark
    col = scorer.vocabulary["coach"]
    assert rows[0][col] == pytest.approx(scorer.idf[col] / math.sqrt(200.0))


@pytest.mark.parametrize(
    ("sublinear", "expected"),
    [(True, (math.log(2) + 1.0) * 2.0 / 10.0), (False, 2.0 * 2.0 / 10.0)],
)
def test_repeated_words_count_sublinearly(sublinear, expected):
    scorer = make_scorer(norm_floor=100.0, sublinear=sublinear, lexicon_offset=None, lexicon_names=())
    _, rows, located = rows_of(scorer, "Budgets, budgets")
    assert rows[0] == {COLUMN["budget"]: pytest.approx(expected)}
    assert located[0] == {COLUMN["budget"]: [Term("budget", 0, 7), Term("budget", 9, 16)]}


def test_a_sentence_row_is_unit_length_and_records_the_words_of_each_feature():
    scorer = make_scorer(lexicon_offset=None, lexicon_names=())
    text = "Set budgets"
    matrix, rows, located = rows_of(scorer, text)
    values = rows[0]
    assert set(values) == {COLUMN["set"], COLUMN["budget"], COLUMN["set budget"]}
    assert sum(v * v for v in values.values()) == pytest.approx(1.0)
    assert values[COLUMN["budget"]] / values[COLUMN["set"]] == pytest.approx(2.0)  # idf 2 against 1
    assert {text[t.start : t.end] for t in located[0][COLUMN["set budget"]]} == {"Set budgets"}
    dense = _dense(matrix)[0]
    assert {j: dense[j] for j in np.flatnonzero(dense)} == pytest.approx(values)


@pytest.mark.parametrize(
    ("kwargs", "text", "term", "words"),
    [
        ({"skipgrams": True}, "develop the junior team", "develop ~ team", "develop the junior team"),
        ({"skipgrams": False}, "develop the junior team", "develop ~ team", None),
        ({"n_max": 3}, "Set quarterly budgets", "set quarterly budget", "Set quarterly budgets"),
        ({"n_max": 2}, "Set quarterly budgets", "set quarterly budget", None),
        # n-grams are over content terms: "the" does not break one
        ({"n_max": 3}, "Set the quarterly budgets", "set quarterly budget", "Set the quarterly budgets"),
        # phrase pairs: a stop word with the content word next to it, either side
        ({"phrases": True}, "Make sure the rota is signed off", "make sure", "Make sure"),
        ({"phrases": True}, "Make sure the rota is signed off", "sign off", "signed off"),
        ({"phrases": False}, "Make sure the rota is signed off", "make sure", None),
    ],
)
def test_pairs_and_longer_ngrams_are_found_only_when_configured(kwargs, text, term, words):
    scorer = make_scorer(**kwargs)
    _, _, located = rows_of(scorer, text)
    found = located[0].get(COLUMN[term])
    assert (found and text[found[0].start : found[0].end]) == (words or None)


@pytest.mark.parametrize("temperature", [0.5, 1.0, 2.0])
def test_probabilities_are_the_temperature_scaled_softmax(temperature):
    scorer = make_scorer(temperature=temperature)
    matrix, _, _ = rows_of(scorer, "Set budgets", "Coached staff to grow", "zzz")
    proba = scorer.predict_proba(matrix)
    logits = (_dense(matrix) @ scorer.coef.T + scorer.intercept) / temperature
    np.testing.assert_allclose(proba[:2], softmax(logits)[:2], rtol=1e-12)
    assert proba[2].tolist() == EMPTY.tolist()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_state_round_trips_through_json_and_arrays():
    scorer = make_scorer(norm_floor=25.0, skipgrams=True, phrases=True, lexicon_scale=0.5, temperature=1.7)
    meta, arrays = scorer.state()
    meta = json.loads(json.dumps(meta))
    assert all(a.dtype != object for a in arrays.values())
    again = LinearScorer.from_state(meta, arrays)
    texts = ["Set budgets", "develop the junior team", "Make sure it is signed off", "zzz"]
    (m1, r1, l1), (m2, r2, l2) = rows_of(scorer, *texts), rows_of(again, *texts)
    assert r1 == r2 and l1 == l2
    assert COLUMN["make sure"] in l2[2] and COLUMN["develop ~ team"] in l2[1]  # pairs survive the trip
    np.testing.assert_array_equal(scorer.predict_proba(m1), again.predict_proba(m2))


def test_the_lexicon_scale_multiplies_every_cue_value():
    scorer = make_scorer(lexicon_scale=0.25)
    _, rows, located = rows_of(scorer, "Coached staff within budget")
    col = LEXICON["management:resources"]
    assert rows[0][col] == pytest.approx(0.25 * math.log1p(1.0))
    assert [t.term for t in located[0][col]] == ["within budget"]


def _dense(rows):
    # The feature rows as a dense array, from their CSR parts.
    out = np.zeros(rows.shape)
    for i in range(rows.shape[0]):
        lo, hi = rows.indptr[i], rows.indptr[i + 1]
        out[i, rows.indices[lo:hi]] = rows.data[lo:hi]
    return out


def test_a_pickled_scorer_leaves_its_term_cache_behind():
    import pickle

    scorer = make_scorer()
    rows_of(scorer, "Set budgets", "Coached staff to grow")
    assert scorer._info  # filled by transform
    again = pickle.loads(pickle.dumps(scorer))
    assert again._info == {}
    assert rows_of(again, "Set budgets")[1] == rows_of(scorer, "Set budgets")[1]


def test_pairs_are_found_whatever_the_column_order():
    # Pair maps are read off the sorted vocabulary; a model whose columns are
    # not in sorted order (not TfidfVectorizer's) must find the same pairs.
    texts = ["Set budgets", "develop the junior team", "Make sure it is signed off", "Set quarterly budgets"]
    order = sorted(range(len(LEMMAS)), key=LEMMAS.__getitem__)
    ordered = make_scorer(
        skipgrams=True,
        phrases=True,
        lemma_terms=[LEMMAS[i] for i in order],
        idf=np.array([IDF[i] for i in order]),
        coef=make_scorer().coef[:, order + list(range(len(LEMMAS), N_FEATURES))],
    )
    shuffled = make_scorer(skipgrams=True, phrases=True)
    assert LEMMAS != sorted(LEMMAS)  # the test's own order is not sorted
    (m1, _, l1), (m2, _, l2) = rows_of(shuffled, *texts), rows_of(ordered, *texts)
    to_name = {i: LEMMAS[i] for i in range(len(LEMMAS))}
    back = {j: LEMMAS[i] for j, i in enumerate(order)}
    assert [{to_name.get(c, c): [tuple(t) for t in v] for c, v in row.items()} for row in l1] == [
        {back.get(c, c): [tuple(t) for t in v] for c, v in row.items()} for row in l2
    ]
    np.testing.assert_allclose(shuffled.predict_proba(m1), ordered.predict_proba(m2), rtol=1e-12)


@pytest.mark.parametrize("sublinear", [True, False])
@pytest.mark.parametrize("norm_floor", [0.0, 3.0, 200.0])
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"n_max": 3, "skipgrams": True, "phrases": True}, {"lexicon_offset": None, "lexicon_names": ()}],
)
def test_a_lemma_value_is_rebuilt_bit_for_bit_from_its_count_and_the_row_norm(sublinear, norm_floor, kwargs):
    # What a result keeps instead of a weight per feature (evidence.Explainer).
    scorer = make_scorer(sublinear=sublinear, norm_floor=norm_floor, **kwargs)
    texts = [
        "Set budgets, set budgets and set the quarterly budgets",
        "Coach, coach, coach and develop the junior team",
        "Make sure the rota is signed off and the budget set",
        "the of and",
        "",
    ]
    matrix, rows, located = rows_of(scorer, *texts)
    lexicon_cols = set((scorer.lexicon_columns or {}).values())
    counts = []
    for row, where, norm in zip(rows, located, matrix.norms, strict=True):
        for col, value in row.items():
            if col not in lexicon_cols:
                assert scorer.lemma_value(col, len(where[col]), norm) == value  # exactly
                counts.append(len(where[col]))
    assert len(counts) >= 5 and max(counts) >= 3  # words repeated, too
    assert scorer.is_lexicon().sum() == len(lexicon_cols)


def test_column_finds_what_the_vocabulary_holds():
    scorer = load_model().scorer
    vocabulary = scorer.vocabulary
    assert vocabulary is not None and len(vocabulary) == len(scorer.lemma_terms)
    for term, col in list(vocabulary.items())[::997]:
        assert scorer.column(term) == col
    assert scorer.column("coach") == vocabulary["coach"]
    assert scorer.column("not a term of any model") is None
    assert scorer.column("") is None
