"""Sentence terms -> feature vectors: the training transformers and their compiled forms."""

import math

import numpy as np
import pytest
import scipy.sparse as sp
from conftest import TINY_X
from sklearn.exceptions import NotFittedError

from leadership_nlp.core import lexicon
from leadership_nlp.core.terms import sentence_terms
from leadership_nlp.train.features import (
    COMPILED_BRANCHES,
    FEATURE_SETS,
    FloorNormalizer,
    LexiconFeatures,
    TermExtractor,
    make_featurizer,
)

TEXTS = ["Set budgets", "Coached staff within budget", "Led the manager team", "zzz"]


def branch(pipeline, i):
    return pipeline.named_steps["union"].transformer_list[i][1]


def lemma_names(pipeline):
    return set(branch(pipeline, 0)[0].vocabulary_)


@pytest.mark.parametrize("mask_roles", [True, False])
def test_term_extractor_gives_the_sentence_terms(mask_roles):
    extractor = TermExtractor(mask_roles=mask_roles).fit(TEXTS)
    assert extractor.transform(TEXTS) == sentence_terms(TEXTS, mask_roles=mask_roles)
    assert ("_role_" in {t.term for t in extractor.transform(TEXTS)[2]}) is mask_roles


@pytest.mark.parametrize(
    ("floor", "row", "expected"),
    [
        (0.0, [3.0, 4.0], [0.6, 0.8]),  # plain l2
        (100.0, [3.0, 4.0], [0.3, 0.4]),  # |row|^2 = 25 < 100: divided by 10
        (16.0, [3.0, 4.0], [0.6, 0.8]),  # |row|^2 = 25 > 16: plain l2
        (100.0, [0.0, 0.0], [0.0, 0.0]),  # an empty row stays empty
    ],
)
def test_floor_normalizer(floor, row, expected):
    X = sp.csr_matrix([row])
    out = FloorNormalizer(floor).fit(X).transform(X)
    np.testing.assert_allclose(out.toarray(), [expected])
    assert X.toarray().tolist() == [row]  # the input is not changed in place


def test_floor_normalizer_passes_feature_names_through():
    assert FloorNormalizer().get_feature_names_out(["a", "b"]).tolist() == ["a", "b"]


def test_lexicon_features_count_cues_per_orientation_and_facet():
    terms = sentence_terms(["Set budgets and KPIs", "Coached staff", "zzz"])
    feats = LexiconFeatures(scale=0.5).fit(terms)
    names = feats.get_feature_names_out().tolist()
    assert names == lexicon.feature_names()
    X = feats.transform(terms).toarray()
    assert X.shape == (3, len(names))
    assert X[0, names.index("management:direction")] == pytest.approx(0.5 * math.log1p(2.0))
    assert X[1, names.index("leadership:people")] == pytest.approx(0.5 * math.log1p(1.0))
    assert np.count_nonzero(X[0]) == 1 and np.count_nonzero(X[1]) == 1 and not X[2].any()


def test_lexicon_features_before_fit_are_not_fitted():
    with pytest.raises(NotFittedError):
        LexiconFeatures().transform([[]])


@pytest.mark.parametrize(
    ("features", "branches"),
    [
        ("lemma", ["lemma"]),
        ("lexicon", ["lexicon"]),
        ("lemma+lexicon", ["lemma", "lexicon"]),
        ("lexicon+lemma", ["lemma", "lexicon"]),  # branch order is fixed
        ("lemma+char+lexicon", ["lemma", "char", "lexicon"]),
    ],
)
def test_make_featurizer_builds_the_named_branches(features, branches):
    pipeline = make_featurizer(features)
    assert [name for name, _ in pipeline.steps] == ["terms", "union"]
    assert [name for name, _ in pipeline.named_steps["union"].transformer_list] == branches


@pytest.mark.parametrize("features", ["", "lemma+words", "bert", "lemma+"])
def test_an_unknown_feature_set_is_refused(features):
    with pytest.raises(ValueError, match="unknown feature set"):
        make_featurizer(features)


def test_every_feature_set_of_the_ablation_can_be_built():
    assert all(make_featurizer(f) for f in FEATURE_SETS)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, {"set", "budget", "set budget", "share vision"}),
        ({"ngram_max": 1}, {"set", "budget"}),
        ({"ngram_max": 3}, {"set", "budget", "set budget", "bear _num_"}),
    ],
)
def test_the_lemma_branch_has_content_ngrams(kwargs, expected):
    names = lemma_names(make_featurizer("lemma", **kwargs).fit(TINY_X))
    assert expected <= names
    assert not names & {"the", "a", "in"}  # stop words are never features
    if kwargs.get("ngram_max") == 1:
        assert not any(" " in n for n in names)


def test_skipgrams_pair_words_one_content_word_apart():
    names = lemma_names(make_featurizer("lemma", skipgrams=True).fit(["develop the junior team"]))
    assert names == {"develop", "junior", "team", "develop junior", "junior team", "develop ~ team"}


def test_the_fitted_lemma_block_is_floor_normalised():
    pipeline = make_featurizer("lemma", norm_floor=100.0).fit(TINY_X)
    row = pipeline.transform(["Set"]).toarray()[0]
    tfidf = branch(pipeline, 0)[0]
    idf, vocabulary = tfidf.idf_, tfidf.vocabulary_
    assert row[vocabulary["set"]] == pytest.approx(idf[vocabulary["set"]] / 10.0)


def test_the_compiled_branches_give_the_scorer_arguments():
    pipeline = make_featurizer("lemma+lexicon", norm_floor=4.0, lexicon_scale=0.5, skipgrams=True).fit(TINY_X)
    lemma, lex = branch(pipeline, 0), branch(pipeline, 1)
    assert set(COMPILED_BRANCHES) == {"lemma", "lexicon"}
    args = COMPILED_BRANCHES["lemma"](lemma, 0)
    vocabulary = lemma[0].vocabulary_
    assert [args["lemma_terms"][j] for j in vocabulary.values()] == list(vocabulary)
    assert args["norm_floor"] == 4.0 and args["skipgrams"] is True and args["n_max"] == 2
    np.testing.assert_array_equal(args["idf"], lemma[0].idf_)
    lex_args = COMPILED_BRANCHES["lexicon"](lex, len(vocabulary))
    assert lex_args == {
        "lexicon_offset": len(vocabulary),
        "lexicon_names": lexicon.feature_names(),
        "lexicon_scale": 0.5,
    }


def test_a_lemma_branch_that_is_not_the_content_ngram_tfidf_does_not_compile():
    char = branch(make_featurizer("char").fit(TINY_X), 0)
    with pytest.raises(ValueError, match="lemma branch"):
        COMPILED_BRANCHES["lemma"](char, 0)


def test_the_char_branch_reads_content_words_only():
    texts = ["To and from 2019: we did not manage it", "Coach"]
    pipeline = make_featurizer("char").fit(texts)
    grams = set(branch(pipeline, 0).vocabulary_)
    # "manage" is negated and "to", "and", "from", "we", "it" are stop words; "_num_" is a mark.
    padded = " coach "
    assert grams == {padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)}
    assert not pipeline.transform(["to and from 2019"]).nnz  # a line of function words has no char feature
