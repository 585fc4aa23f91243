"""The runtime model: loads without pickle or scikit-learn, pickles for workers, follows scikit-learn.

``load_model()`` always returns a :class:`~leadership_nlp.core.model.CompiledModel`.
Results come as a :class:`~leadership_nlp.core.sentence_table.SentenceTable`, compared
here with the list of the same sentences.
"""

import pickle
import subprocess
import sys
from dataclasses import asdict

import pytest
from resources import CV, JOB_AD

import leadership_nlp
from leadership_nlp import OrientationModel, SentenceResult, SentenceTable
from leadership_nlp.core.model import CompiledModel

X3 = ["Inspired the team with a vision", "Set quarterly budgets", "Born in 1990"] * 3
Y3 = ["leadership", "management", "neutral"] * 3


@pytest.fixture(scope="module")
def compiled():
    return leadership_nlp.load_model()


def test_loading_reads_no_pickle_and_imports_no_scikit_learn_or_scipy():
    code = (
        "import sys, pickle, leadership_nlp\n"
        "calls = []\n"
        "real = pickle.loads\n"
        "pickle.loads = lambda *a, **k: calls.append(1) or real(*a, **k)\n"
        "m = leadership_nlp.load_model()\n"
        "r = leadership_nlp.classify('I manage upwards of 100 people.')\n"
        "assert r.label == 'management' and r.role_profile.span_of_control == 100, r\n"
        "heavy = sorted(k for k in sys.modules if k.split('.')[0] in ('sklearn', 'joblib', 'scipy'))\n"
        "train = sorted(k for k in sys.modules if k.startswith('leadership_nlp.train'))\n"
        "print(type(m).__name__, calls, heavy, train)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["CompiledModel", "[]", "[]", "[]"]


def test_a_pickled_model_classifies_the_same(compiled):
    # Worker processes (joblib, Dask, spaCy's n_process) receive the model pickled.
    copy = pickle.loads(pickle.dumps(compiled))
    assert copy.classify(CV) == compiled.classify(CV)
    assert copy.params == compiled.params


def test_scikit_learn_conventions(compiled):
    from sklearn.base import clone, is_classifier
    from sklearn.model_selection import cross_val_score

    assert is_classifier(compiled)
    fresh = clone(compiled)  # the unfitted estimator with the same parameters
    assert isinstance(fresh, OrientationModel) and fresh.get_params() == compiled.params
    assert not hasattr(fresh, "pipeline_")
    with pytest.raises(TypeError, match=r"not refitted in place.*clone\(model\)\.fit"):
        compiled.fit(X3, Y3)  # fitted once, by training; cross_val_score fits clones
    scores = cross_val_score(compiled, X3, Y3, cv=3)
    assert scores.tolist() == [1.0, 1.0, 1.0]
    assert 0.0 <= compiled.score(X3, Y3) <= 1.0
    assert compiled.predict(X3[:3]).tolist() == ["leadership", "management", "neutral"]


def test_the_table_reads_as_the_list_of_its_sentences(compiled):
    r = compiled.classify(CV)
    table = r.sentences
    assert isinstance(table, SentenceTable)
    items = list(table)
    assert len(items) == len(table) > 3 and all(isinstance(s, SentenceResult) for s in items)
    assert table == items and items == table and table == tuple(items)
    assert table != items[:-1] and table != items[::-1]
    assert table[-1] == items[-1] and table[1:3] == items[1:3]
    with pytest.raises(IndexError):
        table[len(table)]
    assert repr(table) == repr(items)
    assert r.to_dict()["sentences"] == [asdict(s) for s in items]
    for s in items:
        assert s.text == CV[s.start : s.end]
        assert all(e.text == CV[e.start : e.end] and e.label == s.label for e in s.evidence)
        assert s.scores["leadership"] + s.scores["management"] == pytest.approx(1.0)
    assert not hasattr(table, "append")  # results stay read-only


def test_a_pickled_result_keeps_only_the_text_it_needs(compiled):
    text = "I manage upwards of 100 people.\n" + "x" * 10
    r = compiled.classify(text)
    copy = pickle.loads(pickle.dumps(r))
    assert copy == r and copy.to_dict() == r.to_dict()
    small = compiled.classify("Set quarterly budgets.")
    assert len(pickle.dumps(small)) < 2_000


def test_classify_many_equals_classify_one_by_one(compiled):
    texts = [CV, JOB_AD, "", "Proficient in Excel"]
    assert compiled.classify_many(texts) == [compiled.classify(t) for t in texts]
    assert isinstance(compiled, CompiledModel)


def test_the_facet_rows_hold_every_facet_coefficient_and_give_the_same_logits(compiled):
    from importlib import resources

    import numpy as np

    # Only the columns with a facet coefficient are kept; each other column reads a row of zeros.
    with resources.as_file(resources.files("leadership_nlp") / "data" / "model" / "inference.npz") as path:
        with np.load(path) as shipped:
            full = shipped["facet_coef"].T
    index, values = compiled._facet_rows
    assert len(values) < 0.75 * len(full)  # most columns of the shipped model have none
    assert np.array_equal(values[index], full) and not values[-1].any()
    matrix = compiled._matrix([CV, JOB_AD, *X3])
    assert np.array_equal(matrix.dot(values, index), matrix.dot(full))
