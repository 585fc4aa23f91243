"""The public functions: ``classify``, ``classify_batch`` and ``load_model``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path

from .model import OrientationModel
from .persist import load_model_dir
from .types import OrientationResult


def default_model_path() -> Path:
    """Return the folder of the model shipped inside the package."""
    with as_file(files("leadership_nlp").joinpath("data/model")) as path:
        return Path(path)


@lru_cache(maxsize=4)
def _load_cached(path: str) -> OrientationModel:
    return load_model_dir(path)


def load_model(path: str | Path | None = None) -> OrientationModel:
    """Load the default model, or a model folder written by ``leadership-nlp train``.

    The folder's manifest is checked before anything is unpickled: a model
    file whose SHA-256 differs from the manifest, a missing or malformed
    manifest, or a model from another scikit-learn version is refused.

    Parameters
    ----------
    path : path, optional
        A model folder (``model.joblib`` + ``manifest.json``). Default: the
        model shipped with the package.

    Returns
    -------
    OrientationModel

    Raises
    ------
    leadership_nlp.ModelLoadError
        If the folder cannot be trusted or used.
    """
    folder = Path(path) if path is not None else default_model_path()
    return _load_cached(str(folder.resolve()))


def classify(text: str, *, model: OrientationModel | None = None) -> OrientationResult:
    """Classify a text as leadership-, management-oriented, balanced or neutral.

    Parameters
    ----------
    text : str
        A CV, job ad, role profile or single sentence.
    model : OrientationModel, optional
        Defaults to the shipped model.

    Returns
    -------
    OrientationResult
        ``label``, ``scores``, ``sentences`` (with evidence), ``role_profile``.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> r = classify("I manage upwards of 100 people.")
    >>> r.label, r.role_profile.span_of_control, r.role_profile.role_verbs
    ('management', 100, ['manage'])
    """
    return (model or load_model()).classify(text)


def _classify_chunk(texts: Sequence[str], model: OrientationModel | None) -> list[OrientationResult]:
    # Runs in a worker: the default model is loaded once per worker process.
    return (model or load_model()).classify_many(texts)


def classify_batch(
    texts: Iterable[str],
    n_jobs: int = 1,
    *,
    model: OrientationModel | None = None,
    chunk_size: int = 64,
) -> list[OrientationResult]:
    """Classify many texts; result ``i`` equals ``classify(texts[i])``.

    Parameters
    ----------
    texts : iterable of str
        The texts, in order.
    n_jobs : int, default=1
        Worker processes (joblib); ``-1`` uses every core.
    model : OrientationModel, optional
        Defaults to the shipped model.
    chunk_size : int, default=64
        Texts sent to a worker at a time.

    Returns
    -------
    list of OrientationResult
        In the order of ``texts``.

    Raises
    ------
    TypeError
        If ``texts`` is a single string, or an item is not a ``str``.
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError("classify_batch() expects an iterable of str, not a single string")
    texts = list(texts)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"classify_batch(): item {i} is {type(t).__name__}, not str")
    if n_jobs == 1 or len(texts) <= chunk_size:
        return _classify_chunk(texts, model)
    from joblib import Parallel, delayed

    chunks = [texts[i : i + chunk_size] for i in range(0, len(texts), chunk_size)]
    parts = Parallel(n_jobs=n_jobs)(delayed(_classify_chunk)(c, model) for c in chunks)
    return [r for part in parts for r in part]
