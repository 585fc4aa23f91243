"""Analysing jobs: read them, classify them, and never raise for a bad document.

:func:`analyse_many` turns :class:`~leadership_nlp.adapters.jobs.Job` objects
into :class:`Outcome` objects, whose ``error`` holds what went wrong, reading
the documents one by one and classifying their texts together;
:func:`outcome_row` flattens an outcome into an output row; :func:`iter_jobs`
runs jobs in order, a batch at a time, in worker processes when asked.
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..api import load_model
from ..core.document_result import OrientationResult
from ..core.schema import OUTPUT_COLUMNS, result_row
from .jobs import Job
from .readers import DEFAULT_MAX_BYTES, ReadError, read_document

_T = TypeVar("_T")

#: Documents in one batch: ``classify_many`` featurises the sentences of many
#: texts in one pass, which a call per document cannot do (a folder of CVs
#: scored one file a call took 1.3-1.5x as long, measured ad hoc).
BATCH_DOCUMENTS = 16
#: Text classified in one ``classify_many`` call at most, so that a batch of
#: large files is not all held at once (a larger text is classified alone).
BATCH_CHARS = 1_000_000


@dataclass(frozen=True)
class Outcome:
    """What became of a job: a result, or the reason there is none."""

    id: str
    path: str
    result: OrientationResult | None = None
    error: str | None = None
    text: str | None = None


@contextlib.contextmanager
def _pypdf_quiet() -> Iterator[None]:
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _read(job: Job, max_bytes: int) -> str | Outcome:
    """Return the job's text, or the outcome that says why there is none."""
    if job.error:
        return Outcome(job.id, job.path, error=job.error)
    if job.text is not None:
        return job.text
    try:
        with _pypdf_quiet():  # its warnings would repeat, less clearly, the row's error
            return read_document(job.path, max_bytes=max_bytes)
    except ReadError as exc:
        return Outcome(job.id, job.path, error=exc.problem)


def _failed(job: Job, exc: Exception) -> Outcome:
    return Outcome(job.id, job.path, error=f"could not classify ({type(exc).__name__}: {exc})")


def _classify(read: list[tuple[Job, str]], model_path: str | None, keep_text: bool) -> list[Outcome]:
    """Classify the texts read in one call; if it raises, text by text, so one document fails alone."""
    try:
        results = load_model(model_path).classify_many(text for _, text in read)
    except Exception:  # one document must never end a batch: find which one it was
        outcomes = []
        for job, text in read:
            try:
                result = load_model(model_path).classify(text)
            except Exception as exc:
                outcomes.append(_failed(job, exc))
            else:
                outcomes.append(Outcome(job.id, job.path, result, None, text if keep_text else None))
        return outcomes
    return [
        Outcome(job.id, job.path, result, None, text if keep_text else None)
        for (job, text), result in zip(read, results, strict=True)
    ]


def analyse_many(
    jobs: Sequence[Job],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    model_path: str | None = None,
    keep_text: bool = False,
) -> list[Outcome]:
    """Read and classify jobs; a bad document gives an outcome with ``error`` set.

    The outcomes are those the jobs give one at a time, in the same order;
    the texts are classified together, up to :data:`BATCH_CHARS` a call.

    Parameters
    ----------
    jobs : sequence of Job
        What :func:`~leadership_nlp.adapters.jobs.plan` listed.
    max_bytes : int
        Files larger than this are refused.
    model_path : str, optional
        A model folder; default the shipped model.
    keep_text : bool, default=False
        Return the texts too (the HTML report shows them).

    Returns
    -------
    list of Outcome
    """
    outcomes: list[Outcome | None] = [None] * len(jobs)
    read: list[tuple[int, Job, str]] = []
    chars = 0

    def classify() -> None:
        done = _classify([(job, text) for _, job, text in read], model_path, keep_text)
        for (i, _, _), outcome in zip(read, done, strict=True):
            outcomes[i] = outcome
        read.clear()

    for i, job in enumerate(jobs):
        text = _read(job, max_bytes)
        if isinstance(text, Outcome):
            outcomes[i] = text
            continue
        if read and chars + len(text) > BATCH_CHARS:
            classify()
            chars = 0
        read.append((i, job, text))
        chars += len(text)
    if read:
        classify()
    return [outcome for outcome in outcomes if outcome is not None]


def outcome_row(outcome: Outcome) -> dict[str, Any]:
    """Flatten an outcome into a dictionary with the :data:`OUTPUT_COLUMNS` keys."""
    row: dict[str, Any] = dict.fromkeys(OUTPUT_COLUMNS)
    row.update(id=outcome.id, path=outcome.path, error=outcome.error)
    if outcome.result is not None:
        row.update(result_row(outcome.result))
    return row


def score_jobs(
    jobs: Sequence[Job], *, max_bytes: int = DEFAULT_MAX_BYTES, model_path: str | None = None
) -> list[dict[str, Any]]:
    """Return the output rows of a batch of jobs (runs in a worker when ``n_jobs > 1``)."""
    outcomes = analyse_many(jobs, max_bytes=max_bytes, model_path=model_path)
    return [outcome_row(outcome) for outcome in outcomes]


def _load(model_path: str | None) -> None:
    load_model(model_path)  # in the worker; nothing comes back (a model is megabytes to pickle)


def load_in_workers(n_jobs: int, n_tasks: int, model_path: str | None = None) -> bool:
    """Start the workers of ``iter_jobs(..., n_jobs)`` for ``n_tasks`` jobs, each loading the model.

    Return whether they loaded it: then this process need not load it to fail
    early on a bad model (about a second of start-up, while the workers start
    anyway). False when the jobs would run in this process, or when the
    workers failed (the caller then loads the model itself and reports why).
    :func:`iter_jobs` finds the workers up: joblib keeps its executor for the
    same ``n_jobs`` and settings.
    """
    if n_jobs == 1 or n_tasks < 2:
        return False
    from joblib import Parallel, delayed, effective_n_jobs

    try:
        Parallel(n_jobs=n_jobs)(
            delayed(_load)(model_path) for _ in range(min(n_tasks, effective_n_jobs(n_jobs)))
        )
    except Exception:  # noqa: BLE001 - reported by the caller's own load_model
        return False
    return True


def batches(jobs: Sequence[Job], n_jobs: int = 1) -> list[Sequence[Job]]:
    """Split jobs into batches of at most :data:`BATCH_DOCUMENTS`, in order.

    With workers, batches are smaller when there are few jobs, so that each
    worker gets several (``-1``: one worker per core).
    """
    size = BATCH_DOCUMENTS
    if n_jobs != 1:
        from joblib import effective_n_jobs

        size = max(1, min(size, math.ceil(len(jobs) / (4 * effective_n_jobs(n_jobs)))))
    return [jobs[start : start + size] for start in range(0, len(jobs), size)]


def iter_jobs(
    fn: Callable[..., list[_T]], jobs: Sequence[Job], n_jobs: int = 1, **kwargs: Any
) -> Iterator[_T]:
    """Yield what ``fn(batch, **kwargs)`` returns for each batch of jobs, in order, as each is ready.

    ``fn`` returns one item per job of its batch (see :func:`batches`). With
    ``n_jobs`` other than 1, batches run in joblib worker processes (``-1``:
    one per core), each loading the model once.
    """
    parts = batches(jobs, n_jobs)
    if n_jobs == 1 or len(jobs) < 2:
        return (item for part in parts for item in fn(part, **kwargs))
    from joblib import Parallel, delayed

    parallel = Parallel(n_jobs=n_jobs, return_as="generator")
    return _Flat(parallel(delayed(fn)(part, **kwargs) for part in parts))


class _Flat(Iterator[_T]):
    """The items of joblib's batches, one by one; ``close()`` closes joblib's generator (see batch._stop)."""

    def __init__(self, results: Iterator[list[_T]]) -> None:
        self._results = results
        self._items: Iterator[_T] = iter(())

    def __next__(self) -> _T:
        while True:
            for item in self._items:
                return item
            self._items = iter(next(self._results))

    def close(self) -> None:
        close = getattr(self._results, "close", None)
        if close is not None:
            close()
