"""A fitted estimator -> a model folder: its compiled files and the manifest that pins them.

The folder is what :func:`leadership_nlp.load_model` reads (see
:mod:`leadership_nlp.core.artifact`): ``inference.json`` and
``inference.npz``, the estimator compiled into plain arrays, and
``manifest.json`` with each file's size and SHA-256, the library versions and
whatever the caller records (corpus hash, training parameters, metrics). No
pickle is written: an estimator whose features do not compile cannot be
saved (:class:`~leadership_nlp.train.compile.NotCompilableError`).
"""

from __future__ import annotations

import json
import platform
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..core.artifact import FORMAT_VERSION, MANIFEST_FILE, own_version, sha256_file
from ..core.constants import ARRAYS_FILE, META_FILE
from ..core.files import replace_file
from ..core.model import CompiledModel
from .compile import compile_model
from .estimator import OrientationModel


def library_versions() -> dict[str, str]:
    """Return the versions of what trained the model (recorded, not enforced: arrays need none)."""
    return {
        "python": platform.python_version(),
        "scikit-learn": version("scikit-learn"),
        "spacy": version("spacy"),
        "numpy": version("numpy"),
        "leadership-nlp": own_version(),
    }


def save_model(
    model: OrientationModel | CompiledModel, directory: str | Path, **manifest_fields: Any
) -> Path:
    """Save a fitted model into ``directory``, with its manifest.

    Parameters
    ----------
    model : OrientationModel or CompiledModel
        A fitted estimator (compiled here) or a compiled model.
    directory : path
        Created if missing; existing model files are replaced, and a
        ``model.joblib`` left by leadership-nlp 0.2 is removed.
    **manifest_fields
        Extra manifest entries (``corpus_sha256``, ``training``, ``metrics``).

    Returns
    -------
    pathlib.Path
        The manifest path.

    Raises
    ------
    NotCompilableError
        If the estimator's features have no compiled form (research feature sets).

    Examples
    --------
    >>> import tempfile, leadership_nlp
    >>> m = OrientationModel().fit(["Inspired the team", "Set the budget", "Born in 1990"],
    ...                            ["leadership", "management", "neutral"])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = save_model(m, folder)
    ...     leadership_nlp.load_model(folder).predict(["Inspired the team"]).tolist()
    ['leadership']
    """
    compiled = model if isinstance(model, CompiledModel) else compile_model(model)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "model.joblib").unlink(missing_ok=True)
    written = compiled.save(directory)
    manifest = {
        "format_version": FORMAT_VERSION,
        "files": [{"file": f.name, "sha256": sha256_file(f), "bytes": f.stat().st_size} for f in written],
        "versions": library_versions(),
        **manifest_fields,
    }
    return replace_file(
        directory / MANIFEST_FILE, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    )


__all__ = ["ARRAYS_FILE", "META_FILE", "library_versions", "save_model"]
