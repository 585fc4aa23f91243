"""The public functions: ``classify``, ``classify_batch``, ``iter_classify`` and ``load_model``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from importlib.resources import as_file, files
from itertools import chain, islice
from pathlib import Path

from .constants import MAX_TEXT_CHARS
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


def classify(
    text: str, *, model: OrientationModel | None = None, max_chars: int | None = MAX_TEXT_CHARS
) -> OrientationResult:
    """Classify a text as leadership-, management-oriented, balanced or neutral.

    Parameters
    ----------
    text : str
        A CV, job ad, role profile or single sentence.
    model : OrientationModel, optional
        Defaults to the shipped model.
    max_chars : int or None, default=10_000_000
        Refuse longer texts with :class:`TextTooLongError`; ``None`` for no
        limit (memory stays bounded, time grows with the length).

    Returns
    -------
    OrientationResult
        ``label``, ``scores``, ``sentences`` (with evidence), ``role_profile``.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    TextTooLongError
        If ``text`` is longer than ``max_chars`` (a ``ValueError``).

    Examples
    --------
    >>> r = classify("I manage upwards of 100 people.")
    >>> r.label, r.role_profile.span_of_control, r.role_profile.role_verbs
    ('management', 100, ['manage'])
    """
    return (model or load_model()).classify(text, max_chars=max_chars)


def _classify_chunk(
    texts: Sequence[str], model: OrientationModel | None, max_chars: int | None = MAX_TEXT_CHARS
) -> list[OrientationResult]:
    # Runs in a worker: the default model is loaded once per worker process.
    return (model or load_model()).classify_many(texts, max_chars=max_chars)


def classify_batch(
    texts: Iterable[str],
    n_jobs: int = 1,
    *,
    model: OrientationModel | None = None,
    chunk_size: int = 64,
    max_chars: int | None = MAX_TEXT_CHARS,
) -> list[OrientationResult]:
    """Classify many texts; result ``i`` equals ``classify(texts[i])``.

    Every result is kept until the list is returned: a CV-length result with
    its evidence takes about 90 KB, so 10,000 CVs hold about 1 GB. To score
    more texts than fit, stream them with :func:`iter_classify`.

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
    max_chars : int or None, default=10_000_000
        As in :func:`classify`: a longer text raises :class:`TextTooLongError`.

    Returns
    -------
    list of OrientationResult
        In the order of ``texts``.

    Raises
    ------
    TypeError
        If ``texts`` is a single string, or an item is not a ``str`` (checked
        before anything is classified).
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError("classify_batch() expects an iterable of str, not a single string")
    texts = list(texts)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"classify_batch(): item {i} is {type(t).__name__}, not str")
    return list(_stream(texts, n_jobs, model, chunk_size, max_chars))


def iter_classify(
    texts: Iterable[str],
    n_jobs: int = 1,
    *,
    model: OrientationModel | None = None,
    chunk_size: int = 64,
    max_chars: int | None = MAX_TEXT_CHARS,
) -> Iterator[OrientationResult]:
    """Classify texts lazily, yielding each result in the order of ``texts``.

    The same results as :func:`classify_batch`, but ``texts`` is read as the
    results are consumed (a generator of file contents works) and no result
    is kept once yielded, so memory stays flat however many texts there are.

    Parameters
    ----------
    texts : iterable of str
        The texts, in order; read ``chunk_size`` at a time.
    n_jobs : int, default=1
        Worker processes (joblib); ``-1`` uses every core. Only a few chunks
        per worker are in flight at once.
    model : OrientationModel, optional
        Defaults to the shipped model.
    chunk_size : int, default=64
        Texts classified (or sent to a worker) at a time.
    max_chars : int or None, default=10_000_000
        As in :func:`classify`: a longer text raises :class:`TextTooLongError`.

    Yields
    ------
    OrientationResult

    Raises
    ------
    TypeError
        If ``texts`` is a single string (at once), or when an item that is not
        a ``str`` is reached (the results before its chunk have been yielded).

    Examples
    --------
    >>> [r.label for r in iter_classify(["I manage upwards of 100 people.", "BSc Chemistry, 2015"])]
    ['management', 'neutral']
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError("iter_classify() expects an iterable of str, not a single string")
    return _stream(_checked(texts), n_jobs, model, chunk_size, max_chars)


def _checked(texts: Iterable[str]) -> Iterator[str]:
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"iter_classify(): item {i} is {type(t).__name__}, not str")
        yield t


def _chunks(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(texts)
    while chunk := list(islice(it, size)):
        yield chunk


def _stream(
    texts: Iterable[str],
    n_jobs: int,
    model: OrientationModel | None,
    chunk_size: int,
    max_chars: int | None,
) -> Iterator[OrientationResult]:
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    chunks = _chunks(texts, chunk_size)
    if n_jobs == 1:
        for chunk in chunks:
            yield from _classify_chunk(chunk, model, max_chars)
        return
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None:  # one chunk: not worth starting workers
        yield from _classify_chunk(first, model, max_chars)
        return
    from joblib import Parallel, delayed

    pending = chain([first, second], chunks)
    # return_as="generator" keeps the order and dispatches only a few chunks
    # ahead of the consumer (pre_dispatch), so memory stays bounded.
    parallel = Parallel(n_jobs=n_jobs, return_as="generator")
    parts = parallel(delayed(_classify_chunk)(c, model, max_chars) for c in pending)
    for part in parts:
        yield from part
