"""Batch scoring: find documents, read them, classify them, write one row each.

The pipeline behind ``leadership-nlp score`` (and the input side of ``report``):

1. :func:`leadership_nlp.adapters.jobs.plan` turns files and folders into
   jobs, one per document (one per row of a CSV input);
2. :func:`leadership_nlp.adapters.analysis.analyse_many` reads a batch of
   jobs and classifies their texts together, never raising for a bad
   document: its problem goes into its outcome's ``error``; ``iter_jobs``
   runs the batches in order, in worker processes when asked;
3. :mod:`leadership_nlp.adapters.output` writes each row as soon as it is ready, in
   one write followed by a flush, so an interrupted run keeps every finished
   row; it locks the output, records what the run was, and reads the rows
   back for ``--resume`` (repairing a cut-off last line).

:func:`score` runs the three for ``score``, :func:`analyse_all` the first two
for ``report``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from ..api import default_model_path, load_model
from ..core.artifact import manifest_sha256
from .analysis import Outcome, analyse_many, iter_jobs, load_in_workers, score_jobs
from .cells import FORMATS, id_cell, infer_format, unique_ids
from .errors import UsageError
from .jobs import Job, plan
from .output import check_output_path, open_output
from .readers import DEFAULT_MAX_BYTES
from .resume import run_record

__all__ = ["Summary", "analyse_all", "not_read", "score"]


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
        See :func:`plan` and :func:`~leadership_nlp.adapters.analysis.analyse_many`.
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
    # Workers that load the model stand for this process's own load, which is
    # for failing once, here, rather than once per document. Not on --resume:
    # how many jobs remain is known only once the output is read.
    if resume or not load_in_workers(n_jobs, len(jobs), model_path):
        load_model(model_path)
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
        rows = iter_jobs(score_jobs, todo, n_jobs, max_bytes=max_bytes, model_path=model_path)
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
    if not load_in_workers(n_jobs, len(jobs), model_path):
        load_model(model_path)  # fail once, here, rather than once per document
    outcomes = []
    kwargs = {"max_bytes": max_bytes, "model_path": model_path, "keep_text": True}
    with tqdm(total=len(jobs), file=log, disable=not progress, unit="doc", leave=False) as bar:
        results = iter_jobs(analyse_many, jobs, n_jobs, **kwargs)
        try:
            for outcome in results:
                outcomes.append(outcome)
                if outcome.error:
                    bar.write(f"skipped {_label(outcome)}: {outcome.error}", file=log)
                bar.update()
        finally:
            _stop(results)
    return outcomes
