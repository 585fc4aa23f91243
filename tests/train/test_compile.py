"""Compiling the estimator gives the runtime model that computes what the estimator computes.

The scikit-learn pipeline (training form) and the compiled arrays applied by
:class:`~leadership_nlp.core.scorer.LinearScorer` (runtime form) are held
together here: features to 1e-12, probabilities and logits to 1e-9, facets
exactly; and the shipped model is what ``train()`` compiles to (structure, vocabulary and
integers exactly, floats within RTOL / ATOL below: the fit's last digits depend on the CPU).
"""

import json
import pickle
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from resources import BULLETS, CV, JOB_AD

import leadership_nlp
from leadership_nlp import OrientationModel
from leadership_nlp.core.artifact import default_model_path
from leadership_nlp.core.constants import ARRAYS_FILE, META_FILE
from leadership_nlp.core.model import CompiledModel
from leadership_nlp.core.terms import sentence_terms
from leadership_nlp.train.compile import NotCompilableError, compile_model, compile_scorer
from leadership_nlp.train.corpus import load_corpus
from leadership_nlp.train.save import save_model

X3 = ["Inspired the team with a vision", "Set quarterly budgets", "Born in 1990"] * 3
Y3 = ["leadership", "management", "neutral"] * 3


@pytest.fixture(scope="module")
def unit_texts():
    return [u.text for u in load_corpus().units]


#: How far a retrained model's floats may be from the shipped ones (relative, absolute). The solvers
#: stop at their tolerance, and where they stop depends on the CPU's BLAS and exp kernels: the same
#: code and corpus on two machines of the same kind gave a temperature 4.5e-5 apart (relative) and
#: a facet intercept 1.3e-4 (absolute); a machine of another kind (2026-12-08, AMD EPYC, 2 cores)
#: gave coefficients 1.2e-6 and a facet intercept 1.2e-4 apart (absolute) but a temperature 5.0e-4
#: apart (relative: 0.70993 against 0.70957; it is fitted on cross-validated logits, so every
#: fold's stopping point moves it), hence its own bound. A change of the data moves more: one unit
#: less moved the intercepts by about 1e-3 (and changed the vocabulary).
RTOL, ATOL = 1e-4, 3e-4
TEMPERATURE_RTOL = 1e-3


def _same(a, b, where=""):
    # Equal structure, strings, integers and vocabulary; floats within RTOL / ATOL.
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), where
        for k in a:
            _same(a[k], b[k], f"{where}/{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float):
        rel = TEMPERATURE_RTOL if where.endswith("/temperature") else RTOL
        assert a == pytest.approx(b, rel=rel, abs=ATOL), where
    else:
        assert a == b, where


def test_training_reproduces_the_shipped_model(shipped_estimator, tmp_path):
    save_model(shipped_estimator, tmp_path)
    _same(
        json.loads((tmp_path / META_FILE).read_text("utf-8")),
        json.loads((default_model_path() / META_FILE).read_text("utf-8")),
    )
    with np.load(tmp_path / ARRAYS_FILE) as ours, np.load(default_model_path() / ARRAYS_FILE) as shipped:
        assert sorted(ours.files) == sorted(shipped.files)
        for name in ours.files:
            a, b = ours[name], shipped[name]
            assert a.dtype == b.dtype and a.shape == b.shape, name
            if a.dtype.kind == "f":
                np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL, err_msg=name)
            else:
                np.testing.assert_array_equal(a, b, err_msg=name)


def test_the_scorer_computes_the_pipelines_features(shipped_estimator, unit_texts):
    pipeline = shipped_estimator.pipeline_
    scorer = compile_scorer(pipeline)
    terms = sentence_terms(unit_texts, mark_spans=True)  # the span mark's column too
    assert any(t.term == "_span_" for sentence in terms for t in sentence)
    ours, rows, located = scorer.transform(terms)
    matrix = sp.csr_matrix((ours.data, ours.indices, ours.indptr), shape=ours.shape)
    expected = pipeline[0][1].transform(terms).tocsr()
    assert matrix.shape == expected.shape
    assert abs(matrix - expected).max() < 1e-12
    assert np.array_equal(np.sort(matrix.indices), np.sort(expected.indices))
    # Its product is scipy's, bit for bit, on every class column.
    np.testing.assert_array_equal(ours.dot(scorer.coef_t), matrix @ scorer.coef_t)
    picked = [5, 0, 3, 3]
    np.testing.assert_array_equal(ours.take(picked).dot(scorer.coef_t), (matrix[picked] @ scorer.coef_t))
    # Every feature of a row knows the words that produced it (the evidence needs no second pass).
    for row, where in zip(rows, located, strict=True):
        assert set(row) == set(where) and all(where[c] for c in row)


def test_the_compiled_model_predicts_what_the_estimator_predicts(
    shipped_estimator, trained_model, unit_texts
):
    compiled = trained_model
    np.testing.assert_allclose(
        compiled.predict_proba(unit_texts), shipped_estimator.predict_proba(unit_texts), atol=1e-9
    )
    np.testing.assert_allclose(
        compiled.decision_function(unit_texts), shipped_estimator.decision_function(unit_texts), atol=1e-9
    )
    assert compiled.predict(unit_texts).tolist() == shipped_estimator.predict(unit_texts).tolist()
    assert list(compiled.classes_) == list(shipped_estimator.classes_)
    assert list(compiled.get_feature_names_out()) == [
        str(n) for n in shipped_estimator.get_feature_names_out()
    ]
    np.testing.assert_array_equal(compiled.coef_, shipped_estimator.pipeline_[-1].coef_)


def test_the_compiled_facets_are_the_one_vs_rest_models(shipped_estimator, trained_model, unit_texts):
    binarizer, clf = shipped_estimator.facet_model_
    matrix = shipped_estimator.pipeline_[0].transform(unit_texts)
    expected = [
        [str(binarizer.classes_[k]) for k in np.flatnonzero(row >= 0.5)] for row in clf.predict_proba(matrix)
    ]
    got = trained_model.predict_facets(unit_texts)
    # Where no facet reaches 0.5 the compiled model names the likeliest one.
    assert all(g == e for g, e in zip(got, expected, strict=True) if e)
    assert all(len(g) == 1 for g, e in zip(got, expected, strict=True) if not e)


def test_the_estimator_classifies_through_its_compiled_form(tiny_model, tmp_path):
    save_model(tiny_model, tmp_path / "m")
    loaded = leadership_nlp.load_model(tmp_path / "m")
    for text in (CV, JOB_AD, BULLETS, "", "Shared a vision with people"):
        assert tiny_model.classify(text) == loaded.classify(text)
        assert leadership_nlp.classify(text, model=tiny_model) == loaded.classify(text)
    assert tiny_model.predict_facets(["Shared a vision"]) == loaded.predict_facets(["Shared a vision"])


def test_the_compiled_form_is_made_once_per_fit_and_not_pickled(tiny_model):
    first = tiny_model.compile()
    assert tiny_model.compile() is first
    copy = pickle.loads(pickle.dumps(tiny_model))
    assert "_compiled" not in copy.__dict__ and "_compiled" in tiny_model.__dict__
    assert copy.classify(CV) == tiny_model.classify(CV)
    refit = OrientationModel(calibrate=False).fit(X3, Y3)
    assert refit.compile() is not refit.fit(X3[::-1], Y3[::-1]).compile()  # a new fit, a new compiled form


@pytest.mark.parametrize("features", ["char", "lemma+char", "lemma+vectors"])
def test_a_feature_set_without_a_compiled_form_cannot_classify_or_be_saved(features, tmp_path, monkeypatch):
    monkeypatch.chdir(
        Path(__file__).resolve().parents[2]
    )  # the vectors table is research data of the checkout
    model = OrientationModel(features=features, calibrate=False).fit(X3, Y3)
    assert model.predict(X3[:3]).tolist() == Y3[:3]  # it trains and predicts sentences (research)
    with pytest.raises(NotCompilableError, match="no compiled form.*cannot classify texts or be saved"):
        model.classify("Inspired the team.")
    with pytest.raises(NotCompilableError):
        save_model(model, tmp_path / "m")
    assert not (tmp_path / "m").exists()


@pytest.mark.filterwarnings("ignore:Label .* is present in all training examples")
def test_a_facet_every_sentence_had_compiles_to_a_constant():
    # One-vs-rest keeps a constant predictor for a facet present in every training sentence.
    model = OrientationModel(calibrate=False).fit(
        X3, Y3, facets=[["direction", "people"], ["people", "resources"], []] * 3
    )
    assert any(not hasattr(e, "coef_") for e in model.facet_model_[1].estimators_)
    compiled = compile_model(model)
    assert isinstance(compiled, CompiledModel)
    for facets in compiled.predict_facets(X3[:2]):
        assert "people" in facets


def test_outside_a_checkout_the_vectors_feature_set_says_where_its_table_is(tmp_path, monkeypatch):
    from leadership_nlp.train import vectors

    monkeypatch.setattr(vectors, "TABLE", Path("no") / "such" / "table.npz")
    vectors.load_table.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match=r"source checkout.*not in the installed package"):
            OrientationModel(features="lemma+vectors", calibrate=False).fit(X3, Y3)
    finally:
        vectors.load_table.cache_clear()


def test_a_model_with_longer_ngrams_compiles_to_the_pipelines_features():
    # Trigrams are looked up whole (the n-gram loop of the scorer), not through the pair maps.
    texts = [
        "Set the quarterly budget and track it weekly.",
        "Set the quarterly budget for the new depot.",
        "Share the vision and coach the team to grow.",
        "Share the vision with the wider team every month.",
        "Born in 1990 in Leeds.",
        "Lives in Leeds with two cats.",
    ]
    model = OrientationModel(calibrate=False, ngram_max=3).fit(
        texts, ["management"] * 2 + ["leadership"] * 2 + ["neutral"] * 2
    )
    pipeline = model.pipeline_
    scorer = compile_scorer(pipeline)
    assert scorer.n_max == 3 and any(t.count(" ") == 2 for t in scorer.lemma_terms)
    terms = sentence_terms(texts + ["We set the quarterly budget together."])
    ours = scorer.transform(terms)[0]
    matrix = sp.csr_matrix((ours.data, ours.indices, ours.indptr), shape=ours.shape)
    expected = pipeline[0][1].transform(terms).tocsr()
    assert abs(matrix - expected).max() < 1e-12
    assert np.array_equal(np.sort(matrix.indices), np.sort(expected.indices))
