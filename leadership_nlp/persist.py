"""Saving and loading models, with a manifest that is checked before anything is read.

A model folder holds ``manifest.json``, ``model.joblib`` (the scikit-learn
estimator) and, for the feature sets that compile, ``inference.json`` and
``inference.npz`` (the same model as plain arrays, see
:mod:`leadership_nlp.compiled`). :func:`load_compiled_dir` reads the arrays
(no unpickling at all, no scikit-learn); :func:`load_model_dir` unpickles
the estimator. Each refuses a file whose SHA-256 differs from the manifest
(unpickling runs code, so an unverified file is never unpickled), and the
pickle is refused when saved with an incompatible scikit-learn version.

Trust model: the manifest is trusted and the model file is verified against
it. The checksum proves the file is the one the manifest names (no
corruption, no swapped file); it is not a signature, so anyone who can
rewrite the manifest as well can make any pickle load. Load model folders
only from sources you would run code from.
"""

from __future__ import annotations

import hashlib
import io
import json
import platform
import warnings
from importlib.metadata import version
from pathlib import Path
from typing import Any

# joblib and scikit-learn are imported where a model is saved or unpickled:
# this module is imported by the spaCy factory, which spaCy loads whenever it
# builds any pipeline (``spacy.blank`` included), and scikit-learn takes
# seconds to import.

MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"
#: Format 2 adds the compiled files; a format-1 folder (pickle only) still loads.
FORMAT_VERSION = 2
_READABLE_FORMATS = (1, 2)


class ModelLoadError(RuntimeError):
    """A model folder cannot be trusted or used; the message says why."""


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Versions that a saved model depends on."""
    return {
        "python": platform.python_version(),
        "scikit-learn": version("scikit-learn"),
        "spacy": version("spacy"),
        "numpy": version("numpy"),
        "scipy": version("scipy"),
        "leadership-nlp": _own_version(),
    }


def _own_version() -> str:
    try:
        return version("leadership-nlp")
    except Exception:  # noqa: BLE001 - running from a source tree without metadata
        return "0+unknown"


def save_model(model: Any, directory: str | Path, **manifest_fields: Any) -> Path:
    """Save ``model`` and its manifest into ``directory``.

    Parameters
    ----------
    model : OrientationModel
        A fitted model.
    directory : path
        Created if missing; existing model files are replaced.
    **manifest_fields
        Extra manifest entries (``corpus_sha256``, ``training``, ``metrics``).

    Returns
    -------
    pathlib.Path
        The manifest path.
    """
    import joblib

    from .compiled import ARRAYS_FILE, META_FILE, CompiledModel

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / MODEL_FILE
    joblib.dump(model, target, compress=3)
    written = [target]
    compiled = CompiledModel.from_estimator(model)
    if compiled is not None:
        written += compiled.save(directory)
    else:
        # A model that does not compile must not sit beside a stale compiled copy.
        for name in (META_FILE, ARRAYS_FILE):
            (directory / name).unlink(missing_ok=True)
    manifest = {
        "format_version": FORMAT_VERSION,
        "files": [{"file": f.name, "sha256": sha256_file(f), "bytes": f.stat().st_size} for f in written],
        "versions": library_versions(),
        **manifest_fields,
    }
    path = directory / MANIFEST_FILE
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
    return path


def read_manifest(directory: str | Path) -> dict[str, Any]:
    """Read and check the structure of a model folder's manifest.

    Raises
    ------
    ModelLoadError
        If the manifest is missing, not JSON, or lacks the model file's checksum.
    """
    path = Path(directory) / MANIFEST_FILE
    if not path.is_file():
        raise ModelLoadError(f"{path}: manifest missing; refusing to load an unverified model")
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        # ValueError covers JSONDecodeError; RecursionError is deeply nested JSON.
        raise ModelLoadError(f"{path}: manifest is not valid JSON ({type(exc).__name__})") from None
    try:
        entry = next(f for f in manifest["files"] if f["file"] == MODEL_FILE)
        digest = entry["sha256"]
        versions = manifest["versions"]
        fmt = manifest["format_version"]
    except (KeyError, TypeError, StopIteration):
        raise ModelLoadError(f"{path}: manifest is malformed (no checksum for {MODEL_FILE})") from None
    if not (isinstance(digest, str) and len(digest) == 64 and isinstance(versions, dict)):
        raise ModelLoadError(f"{path}: manifest is malformed (bad checksum or versions)")
    if fmt not in _READABLE_FORMATS:
        raise ModelLoadError(f"{path}: model format {fmt} is not supported (expected {FORMAT_VERSION})")
    return manifest


def _verified_bytes(directory: Path, manifest: dict[str, Any], name: str) -> bytes:
    # The bytes that are hashed are the bytes that are used: each file is read
    # once, so it cannot be swapped between the check and the load.
    target = directory / name
    verb = "unpickle" if name == MODEL_FILE else "load"
    entry = next((f for f in manifest["files"] if isinstance(f, dict) and f.get("file") == name), None)
    if entry is None or not isinstance(entry.get("sha256"), str):
        raise ModelLoadError(f"{directory / MANIFEST_FILE}: manifest is malformed (no checksum for {name})")
    if not target.is_file():
        raise ModelLoadError(f"{target}: model file missing")
    size = target.stat().st_size
    if isinstance(entry.get("bytes"), int) and entry["bytes"] != size:
        # Checked before reading, so an oversized file is never read whole.
        raise ModelLoadError(
            f"{target}: {size} bytes, but the manifest says {entry['bytes']}; "
            f"refusing to {verb} a file that may have been tampered with"
        )
    data = target.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != entry["sha256"]:
        raise ModelLoadError(
            f"{target}: SHA-256 {actual[:12]}… does not match the manifest ({entry['sha256'][:12]}…); "
            f"refusing to {verb} a file that may have been tampered with"
        )
    return data


def listed_files(manifest: dict[str, Any]) -> list[str]:
    """Return the names of the files a manifest lists (plain names only: no paths)."""
    names = [f.get("file") for f in manifest["files"] if isinstance(f, dict)]
    return [n for n in names if isinstance(n, str) and n == Path(n).name and n not in ("", ".", "..")]


def verify_folder(directory: str | Path) -> dict[str, Any]:
    """Check every file a model folder's manifest lists (size and SHA-256); return the manifest.

    Raises
    ------
    ModelLoadError
        A malformed manifest, or a listed file missing or not matching it.
    """
    directory = Path(directory)
    manifest = read_manifest(directory)
    for name in listed_files(manifest):
        _verified_bytes(directory, manifest, name)
    return manifest


def manifest_sha256(directory: str | Path) -> str:
    """Return the SHA-256 of a model folder's manifest: it pins every file of the folder.

    Raises
    ------
    ModelLoadError
        If the folder has no manifest.
    """
    path = Path(directory) / MANIFEST_FILE
    if not path.is_file():
        raise ModelLoadError(f"{path}: manifest missing; refusing to load an unverified model")
    return sha256_file(path)


def has_compiled(manifest: dict[str, Any]) -> bool:
    """Whether a model folder's manifest lists the compiled model's files."""
    from .compiled import ARRAYS_FILE, META_FILE

    listed = {f.get("file") for f in manifest["files"] if isinstance(f, dict)}
    return {META_FILE, ARRAYS_FILE} <= listed


def load_compiled_dir(directory: str | Path) -> Any:
    """Verify and load the compiled model in ``directory`` (no pickle, no scikit-learn).

    Raises
    ------
    ModelLoadError
        Missing or malformed manifest, a compiled file missing from it or
        from the folder, a size or checksum mismatch (checked before the
        file is parsed), or files that are not a compiled model.
    """
    from .compiled import ARRAYS_FILE, META_FILE, CompiledModel
    from .model_check import ModelCheckError, check_metadata  # numpy: not for `--help`

    directory = Path(directory)
    if not directory.is_dir():
        raise ModelLoadError(f"{directory}: not a model folder")
    manifest = verify_folder(directory)
    pinned = manifest_sha256(directory)  # the pickle too: a folder with a tampered file is refused
    meta, arrays = (_verified_bytes(directory, manifest, name) for name in (META_FILE, ARRAYS_FILE))
    try:
        check_metadata(json.loads(meta.decode("utf-8")))
        model = CompiledModel.from_bytes(meta, arrays)  # checks shapes and the unpacked size first
        _check_arrays(arrays)
    except ModelCheckError as exc:
        # A field out of range in files whose checksums match (a recomputed manifest).
        raise ModelLoadError(f"{directory}: the compiled model cannot be read ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - verified bytes that do not parse: say so, no traceback
        raise ModelLoadError(
            f"{directory}: the compiled model cannot be read ({type(exc).__name__}: {exc})"
        ) from None
    model._folder, model._manifest_sha256 = directory, pinned
    return model


def _check_arrays(arrays: bytes) -> None:
    # The magnitudes of every array (see model_check); shapes were checked when the model was built.
    import numpy as np

    from .model_check import check_arrays

    with np.load(io.BytesIO(arrays), allow_pickle=False) as npz:
        check_arrays({name: npz[name] for name in npz.files})


def _minor(v: str) -> tuple[str, ...]:
    return tuple(v.split(".")[:2])


def load_model_dir(directory: str | Path) -> Any:
    """Verify and load the model in ``directory``.

    Raises
    ------
    ModelLoadError
        Missing or malformed manifest, a size or checksum mismatch (checked
        before anything is unpickled), a model saved with a different
        scikit-learn minor version (by the manifest, or by the estimators
        inside the verified pickle), or a file that is not an
        ``OrientationModel``.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ModelLoadError(f"{directory}: not a model folder")
    manifest = read_manifest(directory)
    target = directory / MODEL_FILE
    data = _verified_bytes(directory, manifest, MODEL_FILE)
    saved = str(manifest["versions"].get("scikit-learn", "?"))
    if _minor(saved) != _minor(version("scikit-learn")):
        raise ModelLoadError(
            f"{target}: saved with scikit-learn {saved}, but {version('scikit-learn')} is installed; "
            "retrain with `leadership-nlp train` or install the matching version"
        )
    import joblib
    from sklearn.exceptions import InconsistentVersionWarning

    with warnings.catch_warnings():
        # A pickle whose estimators record another scikit-learn version than
        # the manifest claims is refused too, not used with a warning.
        warnings.simplefilter("error", InconsistentVersionWarning)
        try:
            model = joblib.load(io.BytesIO(data))
        except InconsistentVersionWarning as exc:
            raise ModelLoadError(
                f"{target}: the pickled estimators were saved with scikit-learn "
                f"{exc.original_sklearn_version} ({MANIFEST_FILE} says {saved}), but "
                f"{version('scikit-learn')} is installed; retrain with `leadership-nlp train`"
            ) from None
    from .model import OrientationModel

    if not isinstance(model, OrientationModel):
        raise ModelLoadError(f"{target}: holds a {type(model).__name__}, not an OrientationModel")
    if "norm_floor" not in vars(model):
        # Trained with leadership-nlp 0.1, whose n-grams (stop words included) 0.2 no longer makes.
        raise ModelLoadError(
            f"{target}: trained with leadership-nlp 0.1; retrain it with `leadership-nlp train`"
        )
    return model
