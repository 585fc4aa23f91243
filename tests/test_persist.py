"""Model security: what loading a model folder refuses, and the trust model it rests on.

Trust model: ``manifest.json`` is trusted and ``model.joblib`` is verified
against it (size and SHA-256) before a byte is unpickled. The checksum is
integrity, not authenticity: whoever can rewrite the manifest can make any
pickle load, which ``test_a_forged_manifest_is_outside_the_trust_model``
shows on purpose.
"""

import hashlib
import json
import pickle
import shutil

import joblib
import pytest
import sklearn.base
from resources import Payload

from leadership_nlp import ModelLoadError, OrientationModel, classify, load_model
from leadership_nlp.api import default_model_path
from leadership_nlp.cli import main
from leadership_nlp.compiled import CompiledModel
from leadership_nlp.persist import MANIFEST_FILE, MODEL_FILE, load_model_dir, save_model


@pytest.fixture(scope="module")
def tiny_model():
    return OrientationModel(calibrate=False).fit(
        [
            "Shared a vision",
            "Inspired people",
            "Set the budget",
            "Scheduled shifts",
            "Born in 1990",
            "Lives in Leeds",
        ],
        ["leadership", "leadership", "management", "management", "neutral", "neutral"],
    )


@pytest.fixture
def folder(tmp_path, tiny_model):
    """A freshly saved, valid model folder."""
    save_model(tiny_model, tmp_path / "model")
    return tmp_path / "model"


def manifest_of(folder):
    return json.loads((folder / MANIFEST_FILE).read_text("utf-8"))


def write_manifest(folder, manifest):
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest), "utf-8")


def rehash(folder):
    """Make the manifest describe the model file as it now is (what a forger would do)."""
    manifest = manifest_of(folder)
    data = (folder / MODEL_FILE).read_bytes()
    manifest["files"] = [{"file": MODEL_FILE, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}]
    write_manifest(folder, manifest)


def plant_malicious_pickle(folder, marker):
    (folder / MODEL_FILE).write_bytes(pickle.dumps(Payload(marker)))


def test_a_valid_folder_loads_and_classifies(folder):
    model = load_model_dir(folder)
    assert isinstance(model, OrientationModel)
    assert classify("Shared a vision with people", model=model).label == "leadership"


def test_the_shipped_model_verifies():
    manifest = manifest_of(default_model_path())
    data = (default_model_path() / MODEL_FILE).read_bytes()
    assert manifest["files"][0]["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["files"][0]["bytes"] == len(data)
    shipped = load_model()
    assert isinstance(shipped, CompiledModel)  # the arrays: no pickle read on the default path
    assert isinstance(shipped.estimator, OrientationModel)  # the verified pickle, on request


# -- bytes that do not match the manifest ----------------------------------------------------


@pytest.mark.parametrize("change", ["flip a byte", "append a byte", "truncate", "another model"])
def test_model_bytes_not_matching_the_manifest_are_refused(folder, tmp_path, change):
    target = folder / MODEL_FILE
    data = bytearray(target.read_bytes())
    if change == "flip a byte":
        data[len(data) // 2] ^= 0xFF
    elif change == "append a byte":
        data += b"\0"
    elif change == "truncate":
        data = data[:-10]
    else:
        other = OrientationModel(calibrate=False, C=1.0).fit(
            ["Set budgets", "Led change"], ["management", "leadership"]
        )
        save_model(other, tmp_path / "other")
        data = (tmp_path / "other" / MODEL_FILE).read_bytes()
    target.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="tampered"):
        load_model_dir(folder)


def test_same_size_different_bytes_are_refused_by_the_checksum(folder):
    manifest = manifest_of(folder)
    del manifest["files"][0]["bytes"]  # older manifests have no size: the checksum alone decides
    write_manifest(folder, manifest)
    target = folder / MODEL_FILE
    data = bytearray(target.read_bytes())
    data[-1] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="SHA-256 .* does not match the manifest"):
        load_model_dir(folder)


# -- missing or malformed manifest -----------------------------------------------------------


def test_missing_manifest_is_refused(folder):
    (folder / MANIFEST_FILE).unlink()
    with pytest.raises(ModelLoadError, match="manifest missing"):
        load_model_dir(folder)


def test_missing_model_file_and_missing_folder_are_refused(folder, tmp_path):
    with pytest.raises(ModelLoadError, match="not a model folder"):
        load_model_dir(tmp_path / "nowhere")
    (folder / MODEL_FILE).unlink()
    with pytest.raises(ModelLoadError, match="model file missing"):
        load_model_dir(folder)


def _malformed(manifest):
    digest = manifest["files"][0]["sha256"]
    return {
        "empty file": b"",
        "not JSON": b"{ this is not json",
        "not UTF-8": b"\xff\xfe\x00garbage",
        "deeply nested JSON": b"[" * 100_000 + b"]" * 100_000,
        "a JSON list": b"[]",
        "JSON null": b"null",
        "no files": {k: v for k, v in manifest.items() if k != "files"},
        "files empty": {**manifest, "files": []},
        "files a string": {**manifest, "files": MODEL_FILE},
        "entry for another file": {**manifest, "files": [{"file": "other.joblib", "sha256": digest}]},
        "entry without checksum": {**manifest, "files": [{"file": MODEL_FILE}]},
        "checksum a number": {**manifest, "files": [{"file": MODEL_FILE, "sha256": 12345}]},
        "checksum too short": {**manifest, "files": [{"file": MODEL_FILE, "sha256": digest[:40]}]},
        "checksum not hex": {**manifest, "files": [{"file": MODEL_FILE, "sha256": "z" * 64}]},
        "no versions": {k: v for k, v in manifest.items() if k != "versions"},
        "versions a list": {**manifest, "versions": ["1.9.1"]},
        "no format version": {k: v for k, v in manifest.items() if k != "format_version"},
        "future format version": {**manifest, "format_version": 99},
    }


MALFORMED = list(_malformed({"files": [{"file": MODEL_FILE, "sha256": "0" * 64}]}))


@pytest.mark.parametrize("variant", MALFORMED)
def test_malformed_manifest_is_refused_before_unpickling(folder, tmp_path, variant):
    marker = tmp_path / "pwned"
    original = manifest_of(folder)
    plant_malicious_pickle(folder, marker)
    rehash(folder)  # even where the checksum would match, a malformed manifest is refused
    content = _malformed(manifest_of(folder) | {"format_version": original["format_version"]})[variant]
    path = folder / MANIFEST_FILE
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    with pytest.raises(ModelLoadError, match="manifest|format"):
        load_model_dir(folder)
    assert not marker.exists()


# -- a pickle that would run code ------------------------------------------------------------


def test_payload_really_runs_when_unpickled(tmp_path):
    """The payload is live: unpickling it directly creates the marker."""
    marker = tmp_path / "pwned"
    pickle.loads(pickle.dumps(Payload(marker)))
    assert marker.is_dir()


@pytest.mark.parametrize("manifest", ["the honest manifest", "no manifest", "manifest with a wrong size"])
def test_malicious_pickle_is_never_executed(folder, tmp_path, manifest):
    marker = tmp_path / "pwned"
    plant_malicious_pickle(folder, marker)
    if manifest == "no manifest":
        (folder / MANIFEST_FILE).unlink()
    elif manifest == "manifest with a wrong size":
        rehash(folder)
        m = manifest_of(folder)
        m["files"][0]["bytes"] += 1
        write_manifest(folder, m)
    with pytest.raises(ModelLoadError):
        load_model_dir(folder)
    with pytest.raises(ModelLoadError):
        load_model(folder)
    assert not marker.exists()


def test_malicious_pickle_is_never_executed_through_the_cli(folder, tmp_path, capsys):
    marker = tmp_path / "pwned"
    plant_malicious_pickle(folder, marker)
    assert main(["classify", "--model", str(folder), "I set budgets"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "tampered" in err and "Traceback" not in err
    assert not marker.exists()


def test_a_forged_manifest_is_outside_the_trust_model(folder, tmp_path):
    """Documented limit: the checksum is integrity, not a signature.

    Whoever can write the manifest can make any pickle load; the payload runs
    during unpickling, before the type check refuses the result. Model
    folders must come from a source you would run code from.
    """
    marker = tmp_path / "pwned"
    plant_malicious_pickle(folder, marker)
    rehash(folder)
    with pytest.raises(ModelLoadError, match="not an OrientationModel"):
        load_model_dir(folder)
    assert marker.is_dir()  # it ran: this is the trust model's stated limit


# -- incompatible scikit-learn -----------------------------------------------------------------


@pytest.mark.parametrize("saved", ["0.24.2", "1.8.0", "2.0.0", "unknown"])
def test_manifest_of_another_scikit_learn_is_refused_before_unpickling(folder, tmp_path, monkeypatch, saved):
    manifest = manifest_of(folder)
    manifest["versions"]["scikit-learn"] = saved
    write_manifest(folder, manifest)  # the checksum covers model.joblib, which is unchanged

    def no_unpickling(*args, **kwargs):
        raise AssertionError("unpickled a model of an incompatible version")

    monkeypatch.setattr(joblib, "load", no_unpickling)
    with pytest.raises(
        ModelLoadError, match=rf"saved with scikit-learn {saved}, but .* is installed; retrain"
    ):
        load_model_dir(folder)


def test_another_patch_release_of_scikit_learn_is_accepted(folder):
    manifest = manifest_of(folder)
    major, minor, *_ = manifest["versions"]["scikit-learn"].split(".")
    manifest["versions"]["scikit-learn"] = f"{major}.{minor}.999"
    write_manifest(folder, manifest)
    assert isinstance(load_model_dir(folder), OrientationModel)


def test_pickle_from_another_scikit_learn_is_refused_even_if_the_manifest_says_otherwise(
    tmp_path, tiny_model, monkeypatch
):
    # Estimators record the scikit-learn version that pickled them; a pickle made by
    # scikit-learn 1.0.2, with a manifest re-hashed and claiming the installed version,
    # is refused with a clear error instead of loaded with a warning.
    with monkeypatch.context() as m:
        m.setattr(sklearn.base, "__version__", "1.0.2")
        save_model(tiny_model, tmp_path / "old")
    manifest = manifest_of(tmp_path / "old")
    assert manifest["versions"]["scikit-learn"] == sklearn.__version__  # the manifest looks fine
    with pytest.raises(ModelLoadError, match=r"pickled estimators were saved with scikit-learn 1\.0\.2"):
        load_model_dir(tmp_path / "old")


def test_errors_name_the_folder_and_say_what_to_do(folder):
    shutil.rmtree(folder)
    with pytest.raises(ModelLoadError) as info:
        load_model_dir(folder)
    assert str(folder) in str(info.value)


def test_a_model_trained_with_other_knowledge_is_refused(folder, monkeypatch):
    # The lexicon (or a word list, the lemma table, the tokenizer) changed
    # after training: the weights no longer fit the features, so loading says so.
    from leadership_nlp import knowledge
    from leadership_nlp.persist import load_compiled_dir

    pinned = json.loads((folder / "inference.json").read_text("utf-8"))["knowledge"]
    assert set(pinned) == {"lexicon.tsv", "first_names.txt", "word_lists", "lemma_table", "tokenizer"}
    assert isinstance(load_compiled_dir(folder), CompiledModel)
    changed = {**knowledge.fingerprint(), "lexicon.tsv": "0" * 64}
    monkeypatch.setattr(knowledge, "fingerprint", lambda: changed)
    with pytest.raises(ModelLoadError, match=r"other knowledge.*lexicon\.tsv changed.*retrain"):
        load_compiled_dir(folder)


def test_a_model_of_the_0_1_compiled_format_is_refused(folder):
    # 0.1's n-grams kept stop words; loading its arrays would make half of them never fire.
    import hashlib

    from leadership_nlp.persist import load_compiled_dir

    meta_path = folder / "inference.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    meta["compiled_version"] = 1
    meta_path.write_text(json.dumps(meta), "utf-8")
    manifest = manifest_of(folder)
    for entry in manifest["files"]:
        if entry["file"] == "inference.json":
            data = meta_path.read_bytes()
            entry["sha256"], entry["bytes"] = hashlib.sha256(data).hexdigest(), len(data)
    write_manifest(folder, manifest)
    with pytest.raises(ModelLoadError, match=r"leadership-nlp 0\.1.*retrain"):
        load_compiled_dir(folder)
