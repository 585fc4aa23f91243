"""The installed package carries its model, data and entry points, and the
shipped model is the one the corpus trains today."""

import json
from importlib.metadata import entry_points
from pathlib import Path

import numpy as np

from leadership_nlp import load_model
from leadership_nlp.api import default_model_path
from leadership_nlp.corpus import corpus_hash, load_corpus
from leadership_nlp.persist import sha256_file
from leadership_nlp.training import train

ROOT = Path(__file__).resolve().parent.parent


def test_package_data_is_installed():
    folder = default_model_path()
    assert (folder / "model.joblib").is_file() and (folder / "manifest.json").is_file()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["files"][0]["sha256"] == sha256_file(folder / "model.joblib")


def test_released_model_equals_package_copy():
    for name in ("model.joblib", "manifest.json"):
        assert (ROOT / "models" / name).read_bytes() == (default_model_path() / name).read_bytes()


def test_entry_points_are_registered():
    assert "leadership_orientation" in {e.name for e in entry_points(group="spacy_factories")}
    assert "leadership-nlp" in {e.name for e in entry_points(group="console_scripts")}


def test_shipped_model_is_not_stale():
    corpus = load_corpus(ROOT / "corpus")
    manifest = json.loads((default_model_path() / "manifest.json").read_text())
    assert manifest["corpus_sha256"] == corpus_hash(ROOT / "corpus"), (
        "corpus changed: run leadership-nlp train --release"
    )
    texts = [u.text for u in corpus.units]
    fresh = train(corpus)
    shipped = load_model()
    assert (fresh.predict(texts) == shipped.predict(texts)).all()
    assert np.allclose(fresh.predict_proba(texts), shipped.predict_proba(texts), atol=1e-9)
