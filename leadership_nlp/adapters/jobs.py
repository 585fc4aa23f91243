"""Planning a batch: files, folders and CSV rows become :class:`Job` objects, one per document.

:func:`plan` finds the documents under the paths given (one job per file,
one per row of a CSV input); a file found but not to be read becomes a job
with its ``error``, scored as a row that says why.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .readers import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    ReadError,
    iter_csv_documents,
    read_text_file,
    survey,
)


@dataclass(frozen=True)
class Job:
    """One document to score: a whole file (``text is None``) or one CSV row."""

    id: str
    path: str
    text: str | None = None
    error: str | None = None


def _csv_header(path: str) -> str:
    """Return ``" (columns: a, b)"`` for a CSV file, or ``""`` if it cannot be read."""
    try:
        first = read_text_file(path).splitlines()[0]
        return " (columns: " + ", ".join(next(csv.reader([first]))) + ")"
    except (ReadError, IndexError, StopIteration, csv.Error):
        return ""


def _csv_jobs(
    path: str, text_column: str, id_column: str | None, max_bytes: int
) -> tuple[list[Job], str | None, bool]:
    # The jobs of a CSV file's rows, then a job with the file's error if it
    # cannot be read to its end; the problem if it lacks a column named on
    # the command line; and whether its header was read with those columns.
    jobs = []
    try:
        for doc in iter_csv_documents(path, text_column, id_column, max_bytes=max_bytes):
            empty = None if doc.text.strip() else f"empty text in column {text_column!r}"
            jobs.append(Job(doc.id, path, doc.text, empty))
    except ReadError as exc:  # unreadable file, missing column, malformed CSV
        # The rows read before a malformed one are kept.
        jobs.append(Job(path, path, error=exc.problem))
        missing = exc.problem.startswith("no column ")
        return jobs, exc.problem if missing else None, len(jobs) > 1
    return jobs, None, True


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
        A path does not exist, nothing was found, a CSV is named in ``paths``
        (or nothing but CSVs is found) without ``text_column``, or a column
        named is in no CSV found (or not in one named). A CSV found in a
        folder beside other documents is a job with its error instead.
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
    named = {os.path.realpath(p) for p in paths}
    if tables and text_column is None:
        # A CSV named on the command line, or nothing but CSVs, and no column:
        # the command is wrong. A CSV among other documents in a folder gets
        # an error row instead, so that the rest is scored.
        asked = [t for t in tables if os.path.realpath(t) in named]
        if asked or len(tables) == len(files):
            first = (asked or tables)[0]
            raise UsageError(f"{first} is a CSV file: {_NO_COLUMN}{_csv_header(first)}")
    jobs: list[Job] = []
    missing: list[tuple[str, str]] = []  # CSV files without a column named on the command line
    columns_found = False  # some CSV has the columns named
    for file, reason in found:
        name = os.path.normpath(file)
        if reason is not None:
            jobs.append(Job(name, name, error=reason))
        elif file.suffix.lower() != ".csv":
            jobs.append(Job(name, name))
        elif text_column is None:
            jobs.append(Job(name, name, error=f"a CSV file: {_NO_COLUMN}{_csv_header(name)}"))
        else:
            rows, problem, read = _csv_jobs(name, text_column, id_column, max_bytes)
            jobs += rows
            columns_found = columns_found or read
            if problem is not None:
                missing.append((name, problem))
    # A misspelt --text-column or --id-column (no CSV read has it, or one
    # named on the command line lacks it): the command is wrong.
    wrong = [(n, p) for n, p in missing if os.path.realpath(n) in named]
    if missing and (wrong or not columns_found):
        name, problem = (wrong or missing)[0]
        raise UsageError(f"{name}: {problem}")
    return jobs


_NO_COLUMN = "name the column holding the text with --text-column NAME"
