"""The output of one ``leadership-nlp score`` run: a row writer on a locked, safely written file.

- **One run per output.** ``score -o FILE`` holds an exclusive lock on
  ``FILE.lock`` for the whole run; a second run on the same output is refused.
- **Rows as they are ready.** Each row is written in a single write followed
  by a flush (:class:`RowWriter`), so an interrupted run keeps every finished row.

What a cell looks like is :mod:`leadership_nlp.adapters.cells`; how the file
is written, :mod:`leadership_nlp.adapters.safe_write`; what ``--resume``
keeps and checks, :mod:`leadership_nlp.adapters.resume`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, TextIO

from .cells import HEADER, format_row
from .errors import UsageError
from .resume import RUN_SUFFIX, check_run, read_output
from .safe_write import atomic_write_text, new_file

#: Written first in a CSV file: Excel then reads the file as UTF-8 (accented names).
BOM = "\ufeff"
LOCK_SUFFIX = ".lock"


class RowWriter:
    """Write rows to a stream, each in a single write followed by a flush.

    Parameters
    ----------
    stream : file object
        An open text stream (opened with ``newline=""``).
    fmt : {"csv", "jsonl"}
        Output format.
    header : bool
        Write the CSV header line first.
    """

    def __init__(self, stream: TextIO | IO[str], fmt: str, *, header: bool) -> None:
        self.stream = stream
        self.fmt = fmt
        if header and fmt == "csv":
            self._emit(HEADER)

    def _emit(self, line: str) -> None:
        self.stream.write(line)
        self.stream.flush()

    def write(self, row: dict[str, Any]) -> None:
        """Write one row (a dictionary keyed by :data:`~leadership_nlp.core.schema.OUTPUT_COLUMNS`)."""
        self._emit(format_row(row, self.fmt))


def check_output_path(output: str | os.PathLike[str], example: str = "scores.csv") -> Path:
    """Return ``output`` as a path, or raise :class:`UsageError` if it cannot be an output file.

    A link at ``output`` is not followed (it will be replaced): only a folder
    there, or a missing parent folder, is refused.
    """
    path = Path(output)
    if path.is_dir():
        raise UsageError(f"{output} is a folder; give -o a file name, e.g. {Path(output) / example}")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {output}: no such folder {path.parent}")
    return path


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold ``path``'s lock file for a run, or raise :class:`UsageError` if another run holds it."""
    from filelock import FileLock, Timeout

    lock = FileLock(f"{path}{LOCK_SUFFIX}", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise UsageError(
            f"{path} is being written by another leadership-nlp run (it holds {lock.lock_file}); "
            "wait for it to finish, or write to another -o"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def open_output(
    output: str | os.PathLike[str] | None, fmt: str, *, resume: bool, record: dict[str, Any] | None
) -> Iterator[tuple[RowWriter, set[str]]]:
    """Open a run's output: yield a row writer and the ids already written (``resume``).

    For a file: locked for the run; with ``resume``, its rows are read and
    ``record`` checked against ``FILE.run.json`` (see :func:`check_run`)
    before anything is changed; ``record`` is then written there; the rows
    kept are written to a new file that replaces ``output`` (a cut-off line
    and error rows dropped), and new rows are appended to it.

    Raises
    ------
    UsageError
        A folder or unwritable path, a run already writing it, or (resume) a
        file that is not score output or is the output of another run.
    """
    if output is None:
        yield RowWriter(sys.stdout, fmt, header=True), set()
        return
    path = check_output_path(output)
    with locked(path):
        kept: list[str] = []
        done: set[str] = set()
        if resume and path.is_symlink():
            raise UsageError(f"{output} is a symbolic link; not resuming through it")
        if resume and path.exists():
            try:
                kept, done, _ = read_output(path, fmt)
            except OSError as exc:
                raise UsageError(f"cannot read {output}: {exc.strerror or exc}") from None
            if done and record is not None:  # rows to keep: they must be of this run
                check_run(path, record)
        try:
            if record is not None:
                atomic_write_text(f"{path}{RUN_SUFFIX}", json.dumps(record, indent=2) + "\n")
            initial = "".join(line + "\n" for line in kept) if kept else (HEADER if fmt == "csv" else "")
            # CSV starts with a UTF-8 byte order mark, so that Excel reads it as UTF-8.
            stream = new_file(path, (BOM if fmt == "csv" else "") + initial)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
        try:
            yield RowWriter(stream, fmt, header=False), done
        finally:
            stream.close()
