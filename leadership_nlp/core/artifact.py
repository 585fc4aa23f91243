"""A model folder on disk: its manifest, checked before any file is read, and loading it.

A model folder holds ``manifest.json``, ``inference.json`` and
``inference.npz``: the model as plain arrays (see
:mod:`leadership_nlp.core.model`), written by
:func:`leadership_nlp.train.save.save_model`. Loading parses no pickle and
imports no scikit-learn; every file is refused when its size or SHA-256
differs from the manifest, before it is parsed, and the arrays are read with
``allow_pickle=False``.

Trust model: the manifest is trusted and the files are verified against it.
The checksum proves each file is the one the manifest names (no corruption,
no swapped file); it is not a signature. The files hold numbers and names
only, so a forged folder can give wrong verdicts but cannot run code.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .constants import ARRAYS_FILE, META_FILE
from .once import paused_gc

if TYPE_CHECKING:
    from .model import CompiledModel

MANIFEST_FILE = "manifest.json"
#: Format 3: the compiled files only. A format-2 folder (0.2) also held the
#: pickled estimator, which is no longer read; it loads when its compiled
#: files are there (a feature set that did not compile is refused).
FORMAT_VERSION = 3
_READABLE_FORMATS = (2, 3)


def default_model_path() -> Path:
    """Return the folder of the model shipped inside the package."""
    with as_file(files("leadership_nlp").joinpath("data/model")) as path:
        return Path(path)


class ModelLoadError(RuntimeError):
    """A model folder cannot be trusted or used; the message says why."""


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def own_version() -> str:
    """Return this package's version (``0+unknown`` in a source tree without metadata)."""
    try:
        return version("leadership-nlp")
    except Exception:  # noqa: BLE001 - running from a source tree without metadata
        return "0+unknown"


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
        compiled = (META_FILE, ARRAYS_FILE)
        digests = {f["file"]: f["sha256"] for f in manifest["files"] if f["file"] in compiled}
        versions = manifest["versions"]
        fmt = manifest["format_version"]
    except (KeyError, TypeError):
        raise ModelLoadError(f"{path}: manifest is malformed (no file list, versions or format)") from None
    if fmt not in _READABLE_FORMATS:
        raise ModelLoadError(
            f"{path}: model format {fmt} is not supported (expected {FORMAT_VERSION}); "
            "retrain it with `leadership-nlp train`"
        )
    if set(digests) != {META_FILE, ARRAYS_FILE}:
        raise ModelLoadError(
            f"{path}: the folder has no compiled model ({META_FILE} and {ARRAYS_FILE}): a model of "
            "leadership-nlp 0.1, or of a feature set that does not compile; "
            "retrain it with `leadership-nlp train`"
        )
    if not (
        all(isinstance(d, str) and len(d) == 64 for d in digests.values()) and isinstance(versions, dict)
    ):
        raise ModelLoadError(f"{path}: manifest is malformed (bad checksum or versions)")
    return manifest


def _verified_bytes(directory: Path, manifest: dict[str, Any], name: str) -> bytes:
    # The bytes that are hashed are the bytes that are used: each file is read
    # once, so it cannot be swapped between the check and the load.
    target = directory / name
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
            f"refusing to load a file that may have been tampered with"
        )
    data = target.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != entry["sha256"]:
        raise ModelLoadError(
            f"{target}: SHA-256 {actual[:12]}… does not match the manifest ({entry['sha256'][:12]}…); "
            f"refusing to load a file that may have been tampered with"
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
    return _verified_folder(directory)[0]


def _verified_folder(directory: str | Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    # verify_folder, also returning the compiled files' verified bytes: each
    # file is read and hashed once.
    directory = Path(directory)
    manifest = read_manifest(directory)
    kept = {}
    for name in listed_files(manifest):
        data = _verified_bytes(directory, manifest, name)
        if name in (META_FILE, ARRAYS_FILE):
            kept[name] = data
    return manifest, kept


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


def load_folder(directory: str | Path) -> CompiledModel:
    """Verify and load the model in ``directory`` (no pickle, no scikit-learn).

    Raises
    ------
    ModelLoadError
        Missing or malformed manifest, a compiled file missing from it or
        from the folder, a size or checksum mismatch of any listed file
        (checked before anything is parsed), or files that are not a
        compiled model of this version trained on this installation's knowledge.
    """
    # NumPy and spaCy come with the model, not with this module: `--help` and
    # the error classes stay cheap to import.
    from .model import CompiledModel
    from .model_check import ModelCheckError, check_arrays, check_metadata

    directory = Path(directory)
    if not directory.is_dir():
        raise ModelLoadError(f"{directory}: not a model folder")
    manifest, verified = _verified_folder(directory)
    meta, arrays = (
        verified[name] if name in verified else _verified_bytes(directory, manifest, name)
        for name in (META_FILE, ARRAYS_FILE)
    )
    try:
        parsed = json.loads(meta.decode("utf-8"))
        check_metadata(parsed)
        # Checks shapes and the unpacked size first; the arrays are parsed once.
        with paused_gc():  # the model's tables are long-lived and hold no garbage
            model, read = CompiledModel.from_parsed(parsed, arrays)
        check_arrays(read)
    except ModelCheckError as exc:
        # A field out of range in files whose checksums match (a recomputed manifest).
        raise ModelLoadError(f"{directory}: the compiled model cannot be read ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - verified bytes that do not parse: say so, no traceback
        raise ModelLoadError(
            f"{directory}: the compiled model cannot be read ({type(exc).__name__}: {exc})"
        ) from None
    return model
