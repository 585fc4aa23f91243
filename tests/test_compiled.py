"""The compiled model (arrays + JSON, no pickle) is the estimator, and loads safely.

``load_model()`` returns a :class:`~leadership_nlp.compiled.CompiledModel`
read from ``inference.json`` / ``inference.npz``; these tests hold it to the
scikit-learn ``OrientationModel`` it was compiled from, check that loading it
neither unpickles nor imports scikit-learn, and that a tampered folder is
refused. Results come as a :class:`~leadership_nlp.types.SentenceTable`,
compared here with the list of the same sentences.
"""

import hashlib
import io
import json
import pickle
import subprocess
import sys
from dataclasses import asdict

import numpy as np
import pytest
from resources import BULLETS, CV, JOB_AD, Payload

import leadership_nlp
from leadership_nlp import ModelLoadError, OrientationModel, SentenceResult, SentenceTable
from leadership_nlp.compiled import ARRAYS_FILE, META_FILE, CompiledModel
from leadership_nlp.corpus import load_corpus
from leadership_nlp.persist import MANIFEST_FILE, MODEL_FILE, save_model

TEXTS = [
    CV,
    JOB_AD,
    BULLETS,
    "I do not set budgets; I coach the team to find their own way",
    "",
    "Proficient in Excel",
]


@pytest.fixture(scope="module")
def compiled():
    return leadership_nlp.load_model()


@pytest.fixture(scope="module")
def estimator(compiled):
    return compiled.estimator


@pytest.fixture(scope="module")
def unit_texts():
    return [u.text for u in load_corpus().units]


def test_the_shipped_model_loads_compiled(compiled, estimator):
    assert isinstance(compiled, CompiledModel)
    assert isinstance(estimator, OrientationModel)
    assert list(compiled.classes_) == list(estimator.classes_)
    assert list(compiled.get_feature_names_out()) == [str(n) for n in estimator.get_feature_names_out()]
    np.testing.assert_array_equal(compiled.coef_, estimator.pipeline_[-1].coef_)


def test_predictions_equal_the_estimators_on_the_corpus(compiled, estimator, unit_texts):
    expected = estimator.predict_proba(unit_texts)
    np.testing.assert_allclose(compiled.predict_proba(unit_texts), expected, atol=1e-9)
    assert compiled.predict(unit_texts).tolist() == estimator.predict(unit_texts).tolist()
    assert compiled.predict_facets(unit_texts) == estimator.predict_facets(unit_texts)


def test_classify_equals_the_estimators_exactly(compiled, estimator):
    for text in TEXTS:
        assert compiled.classify(text).to_dict() == estimator.classify(text).to_dict()


def test_loading_reads_no_pickle_and_imports_no_scikit_learn():
    code = (
        "import sys, pickle, leadership_nlp\n"
        "calls = []\n"
        "real = pickle.loads\n"
        "pickle.loads = lambda *a, **k: calls.append(1) or real(*a, **k)\n"
        "m = leadership_nlp.load_model()\n"
        "r = leadership_nlp.classify('I manage upwards of 100 people.')\n"
        "assert r.label == 'management' and r.role_profile.span_of_control == 100, r\n"
        "heavy = sorted(k for k in sys.modules if k.split('.')[0] in ('sklearn', 'joblib'))\n"
        "print(type(m).__name__, calls, heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["CompiledModel", "[]", "[]"]


def test_a_pickled_compiled_model_classifies_the_same(compiled):
    copy = pickle.loads(pickle.dumps(compiled))
    assert copy.classify(CV).to_dict() == compiled.classify(CV).to_dict()
    assert copy.estimator.get_params() == compiled.estimator.get_params()  # reloaded from the folder


# -- saving and loading a folder ---------------------------------------------------


@pytest.fixture
def folder(tmp_path, estimator):
    save_model(estimator, tmp_path / "model")
    return tmp_path / "model"


def test_save_writes_and_lists_every_file(folder):
    manifest = json.loads((folder / MANIFEST_FILE).read_text("utf-8"))
    listed = {f["file"]: f for f in manifest["files"]}
    assert set(listed) == {MODEL_FILE, META_FILE, ARRAYS_FILE}
    for name, entry in listed.items():
        data = (folder / name).read_bytes()
        assert entry == {"file": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    loaded = leadership_nlp.load_model(folder)
    assert isinstance(loaded, CompiledModel)
    assert loaded.classify(JOB_AD) == leadership_nlp.load_model().classify(JOB_AD)


@pytest.mark.parametrize("name", [META_FILE, ARRAYS_FILE, MODEL_FILE])
def test_a_tampered_file_refuses_the_folder(folder, name):
    target = folder / name
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="tampered"):
        leadership_nlp.load_model(folder)


@pytest.mark.parametrize("name", [META_FILE, ARRAYS_FILE])
def test_a_missing_compiled_file_refuses_the_folder(folder, name):
    (folder / name).unlink()
    with pytest.raises(ModelLoadError, match="missing"):
        leadership_nlp.load_model(folder)


def _rehash(folder, name):
    manifest = json.loads((folder / MANIFEST_FILE).read_text("utf-8"))
    data = (folder / name).read_bytes()
    for entry in manifest["files"]:
        if entry["file"] == name:
            entry.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest), "utf-8")


def test_arrays_holding_a_pickle_are_refused_even_with_a_matching_manifest(folder, tmp_path):
    """``allow_pickle=False``: an .npz object array is never unpickled."""
    marker = tmp_path / "pwned"
    with np.load(folder / ARRAYS_FILE) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["coef"] = np.array([Payload(marker)], dtype=object)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    (folder / ARRAYS_FILE).write_bytes(buffer.getvalue())
    _rehash(folder, ARRAYS_FILE)
    with pytest.raises(ModelLoadError, match="cannot be read"):
        leadership_nlp.load_model(folder)
    assert not marker.exists()


@pytest.mark.parametrize(
    "content", [b"not json", b"[]", b'{"compiled_version": 99}', b'{"compiled_version": 1}']
)
def test_unreadable_metadata_is_a_clear_error(folder, content):
    (folder / META_FILE).write_bytes(content)
    _rehash(folder, META_FILE)
    with pytest.raises(ModelLoadError, match="compiled model cannot be read"):
        leadership_nlp.load_model(folder)


def test_a_model_that_does_not_compile_saves_and_loads_as_the_estimator(tmp_path):
    X = ["Inspired the team with a vision", "Set quarterly budgets", "Born in 1990"] * 3
    y = ["leadership", "management", "neutral"] * 3
    model = OrientationModel(features="char", calibrate=False).fit(X, y)
    assert CompiledModel.from_estimator(model) is None
    save_model(model, tmp_path / "m")
    assert not (tmp_path / "m" / META_FILE).exists()
    loaded = leadership_nlp.load_model(tmp_path / "m")
    assert isinstance(loaded, OrientationModel)
    assert loaded.classify("Inspired the team with a vision.").label == "leadership"


# -- results as a table ------------------------------------------------------------


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


def test_a_pickled_result_keeps_only_the_text_it_needs(compiled):
    text = "I manage upwards of 100 people.\n" + "x" * 10
    r = compiled.classify(text)
    copy = pickle.loads(pickle.dumps(r))
    assert copy == r and copy.to_dict() == r.to_dict()
    small = compiled.classify("Set quarterly budgets.")
    assert len(pickle.dumps(small)) < 2_000


def _rewrite_meta(folder, change):
    meta = json.loads((folder / META_FILE).read_text("utf-8"))
    change(meta)
    (folder / META_FILE).write_text(json.dumps(meta), "utf-8")
    _rehash(folder, META_FILE)


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m["scorer"].update(n_features=m["scorer"]["n_features"] + 1),
        lambda m: m["scorer"].update(lemma_terms=m["scorer"]["lemma_terms"][:-1]),
        lambda m: m["scorer"].update(lemma_terms=[1] * len(m["scorer"]["lemma_terms"])),
        lambda m: m["scorer"].update(temperature=-1.0),
        lambda m: m.update(classes=["leadership", "neutral", "other"]),
        lambda m: m.update(facet_classes=m["facet_classes"][:-1]),
    ],
    ids=["n_features", "vocabulary size", "terms not strings", "temperature", "classes", "facets"],
)
def test_metadata_that_does_not_fit_the_arrays_is_refused(folder, change):
    _rewrite_meta(folder, change)
    with pytest.raises(ModelLoadError, match="compiled model cannot be read"):
        leadership_nlp.load_model(folder)


def test_arrays_that_are_not_an_archive_are_refused(folder):
    (folder / ARRAYS_FILE).write_bytes(b"not a zip archive")
    _rehash(folder, ARRAYS_FILE)
    with pytest.raises(ModelLoadError, match="cannot be read .BadZipFile"):
        leadership_nlp.load_model(folder)


def test_the_estimator_is_refused_once_the_folder_changed(folder):
    loaded = pickle.loads(pickle.dumps(leadership_nlp.load_model(folder)))  # a copy, outside the cache
    manifest = json.loads((folder / MANIFEST_FILE).read_text("utf-8"))
    manifest["training"] = {"retrained": True}
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelLoadError, match="changed since"):
        _ = loaded.estimator


def test_scikit_learn_conventions(compiled, estimator):
    from sklearn.base import clone

    assert compiled.get_params() == estimator.get_params()
    fresh = clone(compiled)
    assert isinstance(fresh, OrientationModel) and fresh.get_params() == estimator.get_params()
    assert not hasattr(fresh, "pipeline_")  # clone gives an unfitted estimator
    X = ["Inspired the team with a vision", "Set quarterly budgets", "Born in 1990"] * 3
    y = ["leadership", "management", "neutral"] * 3
    refit = pickle.loads(pickle.dumps(compiled)).fit(X, y)
    assert isinstance(refit, CompiledModel)
    assert refit.predict(X[:3]).tolist() == y[:3]
    assert refit.score(X, y) == 1.0
    assert 0.0 <= compiled.score(X, y) <= 1.0
    assert not hasattr(compiled.classify("Set budgets.").sentences, "append")  # results stay read-only
