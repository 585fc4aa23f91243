"""The public functions: ``classify``, ``classify_batch``, ``iter_classify`` and ``load_model``."""

from __future__ import annotations

import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from .core.artifact import default_model_path, load_folder
from .core.constants import MAX_TEXT_CHARS
from .core.document_result import OrientationResult
from .core.sentence_table import features_travel
from .core.shared_model import SharedModel

if TYPE_CHECKING:  # the model brings NumPy and spaCy: imported when a model is loaded
    from .core.evidence import Explainer
    from .core.model import CompiledModel, TextClassifier

    #: What ``load_model`` returns: always the runtime model.
    Model = CompiledModel

#: Model folders kept loaded at once (the least recently used is dropped).
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()
_CACHE: OrderedDict[str, tuple[tuple[tuple[object, ...], ...], Model]] = OrderedDict()


def _fingerprint(folder: str) -> tuple[tuple[object, ...], ...] | None:
    # What changes when a folder is retrained, re-saved or tampered with in
    # place: its file names and each file's size, modification and change
    # times and inode. Statting a model folder's four files takes microseconds.
    try:
        with os.scandir(folder) as entries:
            stats = [(e.name, e.stat()) for e in entries]
    except OSError:
        return None
    return tuple(sorted((n, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino) for n, s in stats))


def _load_cached(folder: str) -> Model:
    # One cache for the package (the Dask workers and the spaCy component go
    # through load_model too), locked so that threads calling it at once in a
    # fresh process load a folder once, and keyed on the folder's fingerprint
    # so that a folder changed on disk is loaded and verified again, never
    # served stale.
    with _CACHE_LOCK:
        stamp = _fingerprint(folder)
        cached = _CACHE.get(folder)
        if cached is not None and stamp is not None and cached[0] == stamp:
            _CACHE.move_to_end(folder)
            return cached[1]
        _CACHE.pop(folder, None)
        model = load_folder(folder)
        if stamp is not None:
            _CACHE[folder] = (stamp, model)
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        return model


def load_model(path: str | Path | None = None) -> Model:
    """Load the default model, or a model folder written by ``leadership-nlp train``.

    Every file is checked against the folder's manifest before it is read:
    a file whose size or SHA-256 differs, or a missing or malformed
    manifest, is refused; so is a model trained on other knowledge (word
    lists, lexicon, lemma table, tokenizer settings) than this installation's.

    Loaded models are cached per folder and process (thread-safe). A folder
    that changed on disk since it was loaded (retrained or re-saved in
    place, a file replaced or deleted: noticed by each file's size,
    modification time and inode) is loaded and verified again.

    Parameters
    ----------
    path : path, optional
        A model folder (``manifest.json``, ``inference.json`` and
        ``inference.npz``, as written by ``leadership-nlp train`` or
        :func:`leadership_nlp.train.save.save_model`). Default: the model
        shipped with the package.

    Returns
    -------
    CompiledModel
        The model as plain arrays (no pickle, no scikit-learn).

    Raises
    ------
    leadership_nlp.ModelLoadError
        If the folder cannot be trusted or used.
    """
    folder = Path(path) if path is not None else default_model_path()
    return _load_cached(str(folder.resolve()))


def classify(
    text: str, *, model: TextClassifier | None = None, max_chars: int | None = MAX_TEXT_CHARS
) -> OrientationResult:
    """Classify a text as leadership-, management-oriented, balanced or neutral.

    Parameters
    ----------
    text : str
        A CV, job ad, role profile or single sentence.
    model : CompiledModel or OrientationModel, optional
        Defaults to the shipped model; a fitted estimator classifies through its compiled form.
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
    texts: Sequence[str], model: TextClassifier | None, max_chars: int | None = MAX_TEXT_CHARS
) -> list[OrientationResult]:
    # Runs in a worker: the default model is loaded once per worker process.
    return (model or load_model()).classify_many(texts, max_chars=max_chars)


def _classify_packed(
    texts: Sequence[str], model: TextClassifier | SharedModel | None, max_chars: int | None
) -> bytes:
    # Runs in a worker: the results pickled with their features, not their
    # ranked evidence (features_travel), for _unpacked in the parent.
    resolved = (model.get() if isinstance(model, SharedModel) else model) or load_model()
    results = resolved.classify_many(texts, max_chars=max_chars)
    with features_travel(getattr(resolved, "_explainer", None)):
        return pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)


def _unpacked(packed: bytes, model: TextClassifier | None) -> list[OrientationResult]:
    # The results' evidence is ranked by this process's model when first read:
    # the default model is loaded then, not here (a second, and its memory,
    # for results whose evidence may never be read).
    explainer = _default_explainer if model is None else getattr(model, "_explainer", None)
    with features_travel(explainer):
        results: list[OrientationResult] = pickle.loads(packed)
    return results


def _default_explainer() -> Explainer:
    return load_model()._explainer


def classify_batch(
    texts: Iterable[str],
    n_jobs: int = 1,
    *,
    model: TextClassifier | None = None,
    chunk_size: int = 64,
    max_chars: int | None = MAX_TEXT_CHARS,
) -> list[OrientationResult]:
    """Classify many texts; result ``i`` equals ``classify(texts[i])``.

    Every result is kept until the list is returned: a CV-length result with
    its evidence takes about 11 KB, so 10,000 CVs add about 110 MB to the
    process (see ``benchmarks/results.md``). To score more texts than fit,
    stream them with :func:`iter_classify`.

    Parameters
    ----------
    texts : iterable of str
        The texts, in order.
    n_jobs : int, default=1
        Worker processes (joblib); ``-1`` uses every core.
    model : CompiledModel or OrientationModel, optional
        Defaults to the shipped model; a fitted estimator classifies through its compiled form.
        With worker processes, a compiled model is written once to a private
        temporary file, which a worker reads when it first needs the model
        (:class:`~leadership_nlp.core.shared_model.SharedModel`).
    chunk_size : int, default=64
        Texts sent to a worker at a time, at most (fewer when that would give
        each worker fewer than eight tasks).
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
    TextTooLongError
        If a text is longer than ``max_chars``.
    ValueError
        If ``chunk_size`` is not a positive int.
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError("classify_batch() expects an iterable of str, not a single string")
    _check_chunk_size(chunk_size)
    texts = list(texts)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"classify_batch(): item {i} is {type(t).__name__}, not str")
    return list(_stream(texts, n_jobs, model, chunk_size, max_chars))


def iter_classify(
    texts: Iterable[str],
    n_jobs: int = 1,
    *,
    model: TextClassifier | None = None,
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
        Worker processes (joblib); ``-1`` uses every core. Texts go to the
        workers in waves of two chunks per worker; the next wave is read only
        when the previous one's results have been taken.
    model : CompiledModel or OrientationModel, optional
        Defaults to the shipped model; a fitted estimator classifies through its compiled form.
        With worker processes, a compiled model is written once to a private
        temporary file, which a worker reads when it first needs the model
        (:class:`~leadership_nlp.core.shared_model.SharedModel`).
    chunk_size : int, default=64
        Texts read and classified at a time; with workers, the texts sent to
        one at a time, at most (fewer when that would give each worker fewer
        than eight tasks of a wave).
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
    TextTooLongError
        When a text longer than ``max_chars`` is reached.
    ValueError
        If ``chunk_size`` is not a positive int (at once).

    Examples
    --------
    >>> [r.label for r in iter_classify(["I manage upwards of 100 people.", "BSc Chemistry, 2015"])]
    ['management', 'neutral']
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError("iter_classify() expects an iterable of str, not a single string")
    _check_chunk_size(chunk_size)
    return _stream(_checked(texts), n_jobs, model, chunk_size, max_chars, wave_chunks=2)


def _checked(texts: Iterable[str]) -> Iterator[str]:
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"iter_classify(): item {i} is {type(t).__name__}, not str")
        yield t


def _chunks(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(texts)
    while chunk := list(islice(it, size)):
        yield chunk


#: Worker tasks a wave gives each worker, at least: a worker that is done
#: early waits for the others' last task only. With 64-text tasks, n_jobs=2
#: lost about a fifth of its speed-up to that wait (benchmarks, "n_jobs").
_TASKS_PER_WORKER = 8


def _tasks(wave: list[list[str]], chunk_size: int, workers: int) -> list[list[str]]:
    # The wave's texts in order, cut into tasks of at most chunk_size texts,
    # smaller when that gives each worker fewer than _TASKS_PER_WORKER tasks.
    texts = [t for chunk in wave for t in chunk]
    size = min(chunk_size, max(1, -(-len(texts) // (_TASKS_PER_WORKER * workers))))
    return [texts[i : i + size] for i in range(0, len(texts), size)]


def _check_chunk_size(chunk_size: int) -> None:
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive int, got {chunk_size!r}")


def _stream(
    texts: Iterable[str],
    n_jobs: int,
    model: TextClassifier | None,
    chunk_size: int,
    max_chars: int | None,
    *,
    wave_chunks: int | None = None,
) -> Iterator[OrientationResult]:
    # ``wave_chunks`` per worker are read and classified at a time (None: all
    # at once, for classify_batch, which keeps every result anyway).
    chunks = _chunks(texts, chunk_size)
    compile_ = getattr(model, "compile", None)
    if n_jobs != 1 and compile_ is not None:
        model = compile_()  # a fitted estimator: workers get its compiled form, compiled once
    if n_jobs == 1:
        for chunk in chunks:
            yield from _classify_chunk(chunk, model, max_chars)
        return
    from joblib import Parallel, delayed, effective_n_jobs

    workers = max(1, effective_n_jobs(n_jobs))
    size = None if wave_chunks is None else wave_chunks * workers
    wave = list(islice(chunks, size))
    if len(wave) <= 1:  # one chunk: not worth starting workers
        for chunk in wave:
            yield from _classify_chunk(chunk, model, max_chars)
        return
    # Each wave is collected before the next is read, so the caller's iterator
    # is read on the caller's thread, at most one wave of results exists at a
    # time, and stopping early leaves no work running. The workers stay up
    # across waves (Parallel as a context manager).
    shared = _shared(model)
    sent: TextClassifier | SharedModel | None = model if shared is None else shared
    try:
        with Parallel(n_jobs=n_jobs) as parallel:
            while wave:
                tasks = _tasks(wave, chunk_size, workers)
                for packed in parallel(delayed(_classify_packed)(t, sent, max_chars) for t in tasks):
                    yield from _unpacked(packed, model)
                wave = list(islice(chunks, size)) if size is not None else []
    finally:
        if shared is not None:
            shared.close()


def _shared(model: TextClassifier | None) -> SharedModel | None:
    # A compiled model goes to each worker process once (SharedModel), not
    # with every batch of tasks; any other model, or workers that are threads or on
    # other machines (a joblib backend the caller chose), get it as before.
    from joblib import parallel

    from .core.model import CompiledModel

    if not isinstance(model, CompiledModel):
        return None
    if not isinstance(parallel.get_active_backend()[0], parallel.BACKENDS["loky"]):
        return None
    return SharedModel(model)
