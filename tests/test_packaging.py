"""The installed package carries its model, data and entry points, and the
shipped model is the one the corpus trains today."""

import json
from importlib.metadata import entry_points
from pathlib import Path

from leadership_nlp.core.artifact import MANIFEST_FILE, default_model_path, sha256_file
from leadership_nlp.train.corpus import corpus_hash

ROOT = Path(__file__).resolve().parent.parent


def test_package_data_is_installed():
    folder = default_model_path()
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    for entry in manifest["files"]:
        assert entry["sha256"] == sha256_file(folder / entry["file"])


def test_the_shipped_model_files_stay_under_15_mb():
    # A bound of the model's design (issue 14): every file the manifest lists, the manifest too.
    folder = default_model_path()
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    files = [folder / MANIFEST_FILE, *(folder / e["file"] for e in manifest["files"])]
    assert len(files) >= 3
    assert sum(f.stat().st_size for f in files) < 15_000_000


def test_the_shipped_model_has_one_home():
    # models/ holds the model card and the evaluation; the artefact lives in the package only.
    assert not [p.name for p in (ROOT / "models").iterdir() if p.suffix in (".npz", ".joblib")]
    assert not (ROOT / "models" / MANIFEST_FILE).exists()


def test_entry_points_are_registered():
    assert "leadership_orientation" in {e.name for e in entry_points(group="spacy_factories")}
    assert "leadership-nlp" in {e.name for e in entry_points(group="console_scripts")}


def test_shipped_model_is_not_stale():
    # Byte for byte against a fresh training run: tests/train/test_compile.py.
    manifest = json.loads((default_model_path() / MANIFEST_FILE).read_text())
    assert manifest["corpus_sha256"] == corpus_hash(ROOT / "corpus"), (
        "corpus changed: run leadership-nlp train --release"
    )
