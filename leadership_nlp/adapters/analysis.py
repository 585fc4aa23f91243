"""Analysing one job: read it, classify it, and never raise for a bad document.

:func:`analyse` turns a :class:`~leadership_nlp.adapters.jobs.Job` into an
:class:`Outcome`, whose ``error`` holds what went wrong; :func:`outcome_row`
flattens it into an output row; :func:`iter_jobs` runs jobs in order, in
worker processes when asked.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..api import load_model
from ..core.document_result import OrientationResult
from ..core.schema import OUTPUT_COLUMNS, result_row
from .jobs import Job
from .readers import DEFAULT_MAX_BYTES, ReadError, read_document

_T = TypeVar("_T")


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


def analyse(
    job: Job,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    model_path: str | None = None,
    keep_text: bool = False,
) -> Outcome:
    """Read and classify one job; a bad document gives an outcome with ``error`` set.

    Parameters
    ----------
    job : Job
        What :func:`plan` listed.
    max_bytes : int
        Files larger than this are refused.
    model_path : str, optional
        A model folder; default the shipped model.
    keep_text : bool, default=False
        Return the text too (the HTML report shows it).

    Returns
    -------
    Outcome
    """
    if job.error:
        return Outcome(job.id, job.path, error=job.error)
    try:
        with _pypdf_quiet():  # its warnings would repeat, less clearly, the row's error
            text = job.text if job.text is not None else read_document(job.path, max_bytes=max_bytes)
    except ReadError as exc:
        return Outcome(job.id, job.path, error=exc.problem)
    try:
        result = load_model(model_path).classify(text)
    except Exception as exc:  # one document must never end a batch
        return Outcome(job.id, job.path, error=f"could not classify ({type(exc).__name__}: {exc})")
    return Outcome(job.id, job.path, result, None, text if keep_text else None)


def outcome_row(outcome: Outcome) -> dict[str, Any]:
    """Flatten an outcome into a dictionary with the :data:`OUTPUT_COLUMNS` keys."""
    row: dict[str, Any] = dict.fromkeys(OUTPUT_COLUMNS)
    row.update(id=outcome.id, path=outcome.path, error=outcome.error)
    if outcome.result is not None:
        row.update(result_row(outcome.result))
    return row


def score_job(
    job: Job, *, max_bytes: int = DEFAULT_MAX_BYTES, model_path: str | None = None
) -> dict[str, Any]:
    """Return the output row of one job (runs in a worker when ``n_jobs > 1``)."""
    return outcome_row(analyse(job, max_bytes=max_bytes, model_path=model_path))


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


def iter_jobs(fn: Callable[..., _T], jobs: Sequence[Job], n_jobs: int = 1, **kwargs: Any) -> Iterator[_T]:
    """Yield ``fn(job, **kwargs)`` for each job, in order, as each becomes ready.

    With ``n_jobs`` other than 1, jobs run in joblib worker processes (``-1``:
    one per core), each loading the model once.
    """
    if n_jobs == 1 or len(jobs) < 2:
        return (fn(job, **kwargs) for job in jobs)
    from joblib import Parallel, delayed

    parallel = Parallel(n_jobs=n_jobs, return_as="generator")
    return iter(parallel(delayed(fn)(job, **kwargs) for job in jobs))
