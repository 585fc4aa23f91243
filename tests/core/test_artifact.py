"""Model security: what loading a model folder refuses, and the trust model it rests on.

A model folder is ``manifest.json`` plus the compiled model's two files,
``inference.json`` and ``inference.npz``. The manifest is trusted; each
file is verified against it (size, then SHA-256) before it is parsed; the
arrays are read with ``allow_pickle=False``. Nothing is ever unpickled: a
``model.joblib`` left by 0.2, or planted, is never opened.
"""

import hashlib
import io
import json
import pickle
import shutil

import numpy as np
import pytest
from resources import JOB_AD, KNOWLEDGE_KEYS, Payload

import leadership_nlp
from leadership_nlp import ModelLoadError, classify, load_model
from leadership_nlp.adapters.cli import main
from leadership_nlp.core import knowledge
from leadership_nlp.core.artifact import FORMAT_VERSION, MANIFEST_FILE, default_model_path, load_folder
from leadership_nlp.core.constants import ARRAYS_FILE, META_FILE
from leadership_nlp.core.model import CompiledModel
from leadership_nlp.train.save import save_model

COMPILED = (META_FILE, ARRAYS_FILE)


@pytest.fixture
def folder(tmp_path, tiny_model):
    """A freshly saved, valid model folder."""
    save_model(tiny_model, tmp_path / "model")
    return tmp_path / "model"


def manifest_of(folder):
    return json.loads((folder / MANIFEST_FILE).read_text("utf-8"))


def write_manifest(folder, manifest):
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest), "utf-8")


def rehash(folder, name):
    """Make the manifest describe ``name`` as it now is (what a forger would do)."""
    manifest = manifest_of(folder)
    data = (folder / name).read_bytes()
    entries = [e for e in manifest["files"] if e["file"] != name]
    manifest["files"] = [
        *entries,
        {"file": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)},
    ]
    write_manifest(folder, manifest)


def test_a_valid_folder_loads_and_classifies(folder):
    model = load_folder(folder)
    assert isinstance(model, CompiledModel)
    assert classify("Shared a vision with people", model=model).label == "leadership"


def test_save_writes_and_lists_every_file_and_no_pickle(folder):
    manifest = manifest_of(folder)
    assert manifest["format_version"] == FORMAT_VERSION
    listed = {f["file"]: f for f in manifest["files"]}
    assert set(listed) == set(COMPILED) and sorted(p.name for p in folder.iterdir()) == sorted(
        [MANIFEST_FILE, *COMPILED]
    )
    for name, entry in listed.items():
        data = (folder / name).read_bytes()
        assert entry == {"file": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def test_the_shipped_model_verifies():
    folder = default_model_path()
    manifest = manifest_of(folder)
    assert {e["file"] for e in manifest["files"]} == set(COMPILED)
    assert not (folder / "model.joblib").exists()
    for entry in manifest["files"]:
        data = (folder / entry["file"]).read_bytes()
        assert (entry["sha256"], entry["bytes"]) == (hashlib.sha256(data).hexdigest(), len(data))
    assert isinstance(load_model(), CompiledModel)


# -- bytes that do not match the manifest ----------------------------------------------------


@pytest.mark.parametrize("name", COMPILED)
@pytest.mark.parametrize("change", ["flip a byte", "append a byte", "truncate", "another model"])
def test_bytes_not_matching_the_manifest_are_refused(folder, tmp_path, tiny_model, name, change):
    target = folder / name
    data = bytearray(target.read_bytes())
    if change == "flip a byte":
        data[len(data) // 2] ^= 0xFF
    elif change == "append a byte":
        data += b"\0"
    elif change == "truncate":
        data = data[:-10]
    else:
        other = leadership_nlp.OrientationModel(calibrate=False, C=1.0).fit(
            ["Set budgets", "Led change"], ["management", "leadership"]
        )
        save_model(other, tmp_path / "other")
        data = bytearray((tmp_path / "other" / name).read_bytes())
    target.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="tampered"):
        load_folder(folder)


def test_same_size_different_bytes_are_refused_by_the_checksum(folder):
    manifest = manifest_of(folder)
    for entry in manifest["files"]:
        del entry["bytes"]  # without a size the checksum alone decides
    write_manifest(folder, manifest)
    target = folder / ARRAYS_FILE
    data = bytearray(target.read_bytes())
    data[-1] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="SHA-256 .* does not match the manifest"):
        load_folder(folder)


# -- missing or malformed manifest -----------------------------------------------------------


def test_missing_manifest_is_refused(folder):
    (folder / MANIFEST_FILE).unlink()
    with pytest.raises(ModelLoadError, match="manifest missing"):
        load_folder(folder)


@pytest.mark.parametrize("name", COMPILED)
def test_a_missing_file_or_folder_is_refused(folder, tmp_path, name):
    with pytest.raises(ModelLoadError, match="not a model folder"):
        load_folder(tmp_path / "nowhere")
    (folder / name).unlink()
    with pytest.raises(ModelLoadError, match="model file missing"):
        load_folder(folder)


def _malformed(manifest):
    digest = manifest["files"][0]["sha256"]
    others = [e for e in manifest["files"] if e["file"] != META_FILE]
    return {
        "empty file": b"",
        "not JSON": b"{ this is not json",
        "not UTF-8": b"\xff\xfe\x00garbage",
        "deeply nested JSON": b"[" * 100_000 + b"]" * 100_000,
        "a JSON list": b"[]",
        "JSON null": b"null",
        "no files": {k: v for k, v in manifest.items() if k != "files"},
        "files empty": {**manifest, "files": []},
        "files a string": {**manifest, "files": META_FILE},
        "entry for another file only": {
            **manifest,
            "files": [*others, {"file": "other.json", "sha256": digest}],
        },
        "entry without checksum": {**manifest, "files": [*others, {"file": META_FILE}]},
        "checksum a number": {**manifest, "files": [*others, {"file": META_FILE, "sha256": 12345}]},
        "checksum too short": {**manifest, "files": [*others, {"file": META_FILE, "sha256": digest[:40]}]},
        "checksum not hex": {**manifest, "files": [*others, {"file": META_FILE, "sha256": "z" * 64}]},
        "no versions": {k: v for k, v in manifest.items() if k != "versions"},
        "versions a list": {**manifest, "versions": ["1.9.1"]},
        "no format version": {k: v for k, v in manifest.items() if k != "format_version"},
        "future format version": {**manifest, "format_version": 99},
        "format of 0.1": {**manifest, "format_version": 1},
    }


_EXAMPLE = {"files": [{"file": n, "sha256": "0" * 64} for n in COMPILED], "versions": {}, "format_version": 3}
MALFORMED = list(_malformed(_EXAMPLE))


@pytest.mark.parametrize("variant", MALFORMED)
def test_malformed_manifest_is_refused(folder, variant):
    content = _malformed(manifest_of(folder))[variant]
    path = folder / MANIFEST_FILE
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    with pytest.raises(ModelLoadError, match="manifest|format|SHA-256|tampered|compiled model"):
        load_folder(folder)


# -- nothing is ever unpickled -----------------------------------------------------------------


def test_payload_really_runs_when_unpickled(tmp_path):
    """The payload is live: unpickling it directly creates the marker."""
    marker = tmp_path / "pwned"
    pickle.loads(pickle.dumps(Payload(marker)))
    assert marker.is_dir()


def test_a_pickle_listed_in_the_manifest_is_never_opened(folder, tmp_path):
    # A 0.2 folder (format 2) listed its estimator as model.joblib; here it is a
    # payload with a matching checksum. The compiled files load; the pickle is never read as one.
    marker = tmp_path / "pwned"
    (folder / "model.joblib").write_bytes(pickle.dumps(Payload(marker)))
    rehash(folder, "model.joblib")
    manifest = manifest_of(folder)
    manifest["format_version"] = 2
    write_manifest(folder, manifest)
    assert load_folder(folder).classify("Inspired people").label == "leadership"
    assert not marker.exists()


def test_a_pickle_only_folder_is_refused_without_unpickling(folder, tmp_path, capsys):
    # A 0.1 folder: the estimator pickle alone. It is refused with what to do, never unpickled,
    # from Python and from the command line.
    marker = tmp_path / "pwned"
    for name in COMPILED:
        (folder / name).unlink()
    (folder / "model.joblib").write_bytes(pickle.dumps(Payload(marker)))
    write_manifest(folder, {"format_version": 2, "versions": {}, "files": []})
    rehash(folder, "model.joblib")
    with pytest.raises(ModelLoadError, match=r"no compiled model.*retrain"):
        load_model(folder)
    assert main(["classify", "--model", str(folder), "I set budgets"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "retrain" in err and "Traceback" not in err
    assert not marker.exists()


def test_arrays_holding_a_pickle_are_refused_even_with_a_matching_manifest(folder, tmp_path):
    """``allow_pickle=False``: an .npz object array is never unpickled."""
    marker = tmp_path / "pwned"
    with np.load(folder / ARRAYS_FILE) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["coef"] = np.array([Payload(marker)], dtype=object)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    (folder / ARRAYS_FILE).write_bytes(buffer.getvalue())
    rehash(folder, ARRAYS_FILE)
    with pytest.raises(ModelLoadError, match="cannot be read"):
        load_folder(folder)
    assert not marker.exists()


# -- files that verify but are not a model of this version -------------------------------------


@pytest.mark.parametrize(
    "content", [b"not json", b"[]", b'{"compiled_version": 99}', b'{"compiled_version": 1}']
)
def test_unreadable_metadata_is_a_clear_error(folder, content):
    (folder / META_FILE).write_bytes(content)
    rehash(folder, META_FILE)
    with pytest.raises(ModelLoadError, match="compiled model cannot be read"):
        load_folder(folder)


def _rewrite_meta(folder, change):
    meta = json.loads((folder / META_FILE).read_text("utf-8"))
    change(meta)
    (folder / META_FILE).write_text(json.dumps(meta), "utf-8")
    rehash(folder, META_FILE)


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m["scorer"].update(n_features=m["scorer"]["n_features"] + 1),
        lambda m: m["scorer"].update(lemma_terms=m["scorer"]["lemma_terms"][:-1]),
        lambda m: m["scorer"].update(lemma_terms=[1] * len(m["scorer"]["lemma_terms"])),
        lambda m: m["scorer"].update(temperature=-1.0),
        lambda m: m["scorer"].update(phrases="yes"),
        lambda m: m.update(classes=["leadership", "neutral", "other"]),
        lambda m: m.update(facet_classes=m["facet_classes"][:-1]),
    ],
    ids=["n_features", "vocabulary size", "terms not strings", "temperature", "phrases", "classes", "facets"],
)
def test_metadata_that_does_not_fit_the_arrays_is_refused(folder, change):
    _rewrite_meta(folder, change)
    with pytest.raises(ModelLoadError, match="compiled model cannot be read"):
        load_folder(folder)


def test_arrays_that_are_not_an_archive_are_refused(folder):
    (folder / ARRAYS_FILE).write_bytes(b"not a zip archive")
    rehash(folder, ARRAYS_FILE)
    with pytest.raises(ModelLoadError, match="cannot be read .BadZipFile"):
        load_folder(folder)


def test_a_model_trained_with_other_knowledge_is_refused(folder, monkeypatch):
    # The lexicon (or a word list, the lemma table, the tokenizer) changed
    # after training: the weights no longer fit the features, so loading says so.
    pinned = json.loads((folder / META_FILE).read_text("utf-8"))["knowledge"]
    assert set(pinned) == KNOWLEDGE_KEYS
    changed = {**knowledge.fingerprint(), "lexicon.tsv": "0" * 64}
    monkeypatch.setattr(knowledge, "fingerprint", lambda: changed)
    with pytest.raises(ModelLoadError, match=r"other knowledge.*lexicon\.tsv changed.*retrain"):
        load_folder(folder)


def test_a_model_of_the_0_1_compiled_format_is_refused(folder):
    # 0.1's n-grams kept stop words; loading its arrays would make half of them never fire.
    _rewrite_meta(folder, lambda m: m.update(compiled_version=1))
    with pytest.raises(ModelLoadError, match=r"leadership-nlp 0\.1.*retrain"):
        load_folder(folder)


def test_errors_name_the_folder(folder):
    shutil.rmtree(folder)
    with pytest.raises(ModelLoadError) as info:
        load_folder(folder)
    assert str(folder) in str(info.value)


def test_a_copied_folder_loads_the_same_model(folder, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    assert load_folder(copy).classify(JOB_AD) == load_folder(folder).classify(JOB_AD)


@pytest.mark.parametrize("name", [MANIFEST_FILE, *COMPILED])
def test_saving_replaces_a_planted_link_and_never_writes_through_it(folder, tmp_path, tiny_model, name):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    (folder / name).unlink()
    (folder / name).symlink_to(victim)
    save_model(tiny_model, folder)
    assert victim.read_text("utf-8") == "keep me"
    assert not (folder / name).is_symlink()
    assert load_folder(folder).classify("Inspired people").label == "leadership"
