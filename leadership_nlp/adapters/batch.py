"""Batch scoring: find documents, read them, classify them, write one row each.

The pipeline behind ``leadership-nlp score`` (and the input side of ``report``):

1. :func:`plan` turns files and folders into :class:`Job` objects, one per
   document (one per row of a CSV input);
2. :func:`analyse` reads and classifies one job, never raising for a bad
   document: its problem goes into :attr:`Outcome.error`; :func:`iter_jobs`
   runs jobs in order, in worker processes when asked;
3. :mod:`leadership_nlp.adapters.output` writes each row as soon as it is ready, in
   one write followed by a flush, so an interrupted run keeps every finished
   row; it locks the output, records what the run was, and reads the rows
   back for ``--resume`` (repairing a cut-off last line).
"""

from __future__ import annotations

import contextlib
import csv
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar

from tqdm import tqdm

from ..api import default_model_path, load_model
from ..core.artifact import manifest_sha256
from ..core.schema import result_row
from ..core.types import OrientationResult
from .cells import FORMATS, OUTPUT_COLUMNS, format_row, id_cell, infer_format, unique_ids
from .errors import UsageError
from .output import RowWriter, check_output_path, open_output
from .readers import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    ReadError,
    iter_csv_documents,
    read_document,
    read_text_file,
    survey,
)
from .resume import resume_state, run_record

__all__ = [
    "FORMATS",
    "OUTPUT_COLUMNS",
    "Job",
    "Outcome",
    "RowWriter",
    "Summary",
    "UsageError",
    "analyse",
    "analyse_all",
    "format_row",
    "infer_format",
    "iter_jobs",
    "outcome_row",
    "plan",
    "resume_state",
    "score",
    "score_job",
]
_T = TypeVar("_T")


@dataclass(frozen=True)
class Job:
    """One document to score: a whole file (``text is None``) or one CSV row."""

    id: str
    path: str
    text: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of a job: a result, or the reason there is none."""

    id: str
    path: str
    result: OrientationResult | None = None
    error: str | None = None
    text: str | None = None


def _csv_header(path: str) -> str:
    """Return ``" (columns: a, b)"`` for a CSV file, or ``""`` if it cannot be read."""
    try:
        first = read_text_file(path).splitlines()[0]
        return " (columns: " + ", ".join(next(csv.reader([first]))) + ")"
    except (ReadError, IndexError, StopIteration, csv.Error):
        return ""


def _csv_jobs(path: str, text_column: str, id_column: str | None, max_bytes: int) -> list[Job]:
    jobs = []
    try:
        for doc in iter_csv_documents(path, text_column, id_column, max_bytes=max_bytes):
            empty = None if doc.text.strip() else f"empty text in column {text_column!r}"
            jobs.append(Job(doc.id, path, doc.text, empty))
    except ReadError as exc:  # unreadable file, missing column, malformed CSV
        if exc.problem.startswith("no column "):  # a misspelt --text-column/--id-column: the run is wrong
            raise UsageError(f"{path}: {exc.problem}") from None
        jobs.append(Job(path, path, error=exc.problem))
    return jobs


def plan(
    paths: Iterable[str | os.PathLike[str]],
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_symlinks: bool = False,
    others: list[Path] | None = None,
) -> list[Job]:
    """List the documents under ``paths``, one job per file or CSV row.

    Parameters
    ----------
    paths : iterable of path
        Files and folders (searched recursively for .txt, .md, .pdf, .docx, .odt, .rtf, .csv).
    text_column, id_column : str, optional
        The CSV columns holding the text and the id. Other files are read whole.
    exclude : iterable of path
        Files to leave out, such as the output file when it lies inside an input folder.
    max_bytes : int
        Size limit for a CSV file (which is read here); other files are read later.
    follow_symlinks : bool, default=False
        Read symbolic links in folders that lead out of them.
    others : list, optional
        Gets the files of other types found in folders (``.py``, ``.png``), which are not read.

    Returns
    -------
    list of Job
        A file's id and path are its path as found; a CSV row's id is its
        ``id_column`` value, else ``"<file name>:<row number>"``. A file found
        in a folder but not read (another type, a link out of the folder, a
        sub-folder that cannot be listed) is a job with its ``error``.

    Raises
    ------
    UsageError
        A path does not exist, nothing was found, or a CSV is given without ``text_column``.
    """
    paths = list(paths)
    try:
        found = survey(paths, follow_symlinks=follow_symlinks, others=others)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)[0].lower() + str(exc)[1:]) from None
    skip = {os.path.realpath(p) for p in exclude}
    found = [(f, reason) for f, reason in found if os.path.realpath(f) not in skip]
    files = [f for f, reason in found if reason is None]
    if not found:
        where = ", ".join(str(p) for p in paths)
        raise UsageError(f"no documents found in {where} (looked for {', '.join(SUPPORTED_SUFFIXES)})")
    tables = [str(f) for f in files if f.suffix.lower() == ".csv"]
    if tables and text_column is None:
        raise UsageError(
            f"{tables[0]} is a CSV file: name the column holding the text with --text-column NAME"
            f"{_csv_header(tables[0])}"
        )
    jobs: list[Job] = []
    for file, reason in found:
        name = os.path.normpath(file)
        if reason is not None:
            jobs.append(Job(name, name, error=reason))
        elif file.suffix.lower() == ".csv":
            jobs += _csv_jobs(name, str(text_column), id_column, max_bytes)
        else:
            jobs.append(Job(name, name))
    return jobs


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


@dataclass
class Summary:
    """Counts of a batch run."""

    scored: int = 0
    failed: int = 0
    skipped: int = 0
    #: Files of other types found in folders and not read (``.py``, ``.png``, ...).
    others: list[Path] = field(default_factory=list)


def not_read(others: Sequence[Path]) -> str:
    """Say how many files of other types were found in folders and not read, and which types ("" if none)."""
    if not others:
        return ""
    kinds = sorted({p.suffix.lower() or "no suffix" for p in others})
    shown = ", ".join(kinds[:5]) + (", ..." if len(kinds) > 5 else "")
    return f", {len(others)} other file{'s' * (len(others) > 1)} not read ({shown})"


def _label(item: Job | Outcome | dict[str, Any]) -> str:
    ident, path = (item["id"], item["path"]) if isinstance(item, dict) else (item.id, item.path)
    return path if ident == path else f"{ident} ({path})"


def score(
    paths: Sequence[str],
    *,
    output: str | None = None,
    fmt: str | None = None,
    resume: bool = False,
    text_column: str | None = None,
    id_column: str | None = None,
    n_jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    model_path: str | None = None,
    progress: bool = False,
    log: TextIO | None = None,
    follow_symlinks: bool = False,
) -> Summary:
    """Score documents and write one row each to ``output`` (default standard output).

    Rows are written in input order, each as soon as it is ready. A document
    that cannot be read or classified gets a row with its ``error`` and a
    ``skipped ...`` line on ``log``; the run goes on.

    Parameters
    ----------
    paths : sequence of str
        Files and folders, see :func:`plan`.
    output : str, optional
        Output file; None writes to standard output.
    fmt : {"csv", "jsonl"}, optional
        Default: from the output's suffix, else CSV.
    resume : bool, default=False
        Keep the rows already in ``output`` and score only the other documents.
    text_column, id_column, max_bytes, follow_symlinks
        See :func:`plan` and :func:`analyse`.
    n_jobs : int, default=1
        Worker processes; -1 for one per core.
    model_path : str, optional
        A model folder; default the shipped model.
    progress : bool, default=False
        Show a progress bar on ``log``.
    log : file object, optional
        Where messages go; default standard error.

    Returns
    -------
    Summary
        Documents scored, failed, and skipped because already in ``output``;
        the files of other types found in folders and not read.

    Raises
    ------
    UsageError
        Bad arguments (see :func:`plan`), an unwritable output, ``resume`` without ``output``.
    leadership_nlp.ModelLoadError
        The model cannot be loaded.
    """
    log = log or sys.stderr
    fmt = infer_format(output, fmt)
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if resume and output is None:
        raise UsageError("--resume needs -o/--output: the ids already scored are read from that file")
    if n_jobs == 0:
        raise UsageError("--n-jobs must be a positive number, or -1 for one per core")
    others: list[Path] = []
    if output is not None:
        check_output_path(output)  # a folder or a missing folder: before any work
    jobs = plan(
        paths,
        text_column=text_column,
        id_column=id_column,
        exclude=[output] if output else [],
        max_bytes=max_bytes,
        follow_symlinks=follow_symlinks,
        others=others,
    )
    jobs, renamed = unique_ids(jobs, fmt)
    if renamed:
        print(
            f"note: {renamed} document(s) have the id of an earlier one; "
            "they are written as '<id> (2)', '<id> (3)', ... in input order",
            file=log,
        )
    load_model(model_path)  # fail once, here, rather than once per document
    record = None
    if output is not None:
        record = run_record(
            paths=paths,
            fmt=fmt,
            text_column=text_column,
            id_column=id_column,
            model_sha256=manifest_sha256(model_path if model_path is not None else default_model_path()),
            ids=[job.id for job in jobs],
            tables=[job.path for job in jobs if Path(job.path).suffix.lower() == ".csv"],
        )
    with open_output(output, fmt, resume=resume, record=record) as (writer, done):
        todo = [job for job in jobs if id_cell(job.id, fmt) not in done]
        summary = Summary(skipped=len(jobs) - len(todo), others=others)
        bar = tqdm(total=len(todo), file=log, disable=not progress, unit="doc", leave=False)
        rows = iter_jobs(score_job, todo, n_jobs, max_bytes=max_bytes, model_path=model_path)
        try:
            for row in rows:
                writer.write(row)
                if row["error"]:
                    summary.failed += 1
                    bar.write(f"skipped {_label(row)}: {row['error']}", file=log)
                else:
                    summary.scored += 1
                bar.update()
        finally:
            bar.close()
            _stop(rows)
    return summary


def _stop(results: Iterator[Any]) -> None:
    # Closing joblib's generator on an interruption (Ctrl-C, SIGTERM) aborts
    # the run and terminates its worker processes, which would otherwise go
    # on with their current document, orphaned.
    close = getattr(results, "close", None)
    if close is not None:
        close()


def analyse_all(
    jobs: Sequence[Job],
    *,
    n_jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    model_path: str | None = None,
    progress: bool = False,
    log: TextIO | None = None,
) -> list[Outcome]:
    """Classify every job, keeping texts (for the report); problems are logged, not raised."""
    log = log or sys.stderr
    if n_jobs == 0:
        raise UsageError("--n-jobs must be a positive number, or -1 for one per core")
    load_model(model_path)
    outcomes = []
    kwargs = {"max_bytes": max_bytes, "model_path": model_path, "keep_text": True}
    with tqdm(total=len(jobs), file=log, disable=not progress, unit="doc", leave=False) as bar:
        results = iter_jobs(analyse, jobs, n_jobs, **kwargs)
        try:
            for outcome in results:
                outcomes.append(outcome)
                if outcome.error:
                    bar.write(f"skipped {_label(outcome)}: {outcome.error}", file=log)
                bar.update()
        finally:
            _stop(results)
    return outcomes
