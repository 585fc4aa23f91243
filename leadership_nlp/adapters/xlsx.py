"""Spreadsheet output: ``leadership-nlp score PATH... -o results.xlsx``.

The workbook has a "documents" sheet, one row per document with the columns
of the CSV output (:data:`leadership_nlp.core.schema.DOCUMENT_SCHEMA`), and a
"sentences" sheet, one row per sentence with the document's id, label, scores
and evidence (:data:`leadership_nlp.core.schema.SENTENCE_SHEET_SCHEMA`). A sheet
that would pass Excel's 1,048,576 rows continues in "sentences 2", and so on.

Nothing in a cell is ever a live formula: every text is stored as a string
cell, and one that starts like a formula (``=``, ``+``, ``-``, ``@``, a tab or
a line break) or reads like an error code (``#N/A``) is also marked "quote
prefix", so Excel keeps it as text even when the cell is edited. Characters
that XML cannot hold (control characters, lone surrogates) become U+FFFD, and
a text longer than Excel's 32,767 characters per cell is cut, ending in "…".

The workbook is built in openpyxl's streaming mode (bounded memory) in a
temporary file next to the output, which replaces the output only when it is
complete: an interrupted run saves the documents finished so far, and never
leaves half a file. The output gets the same care as CSV and JSON Lines
output (:mod:`leadership_nlp.adapters.safe_write`): the temporary file is created
exclusively and written through its own descriptor, so a symbolic link
planted at the output or at a temporary name is replaced, never followed;
the output is locked for the run; a folder or a missing folder is refused
before any work.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..core.schema import DOCUMENT_SCHEMA, SENTENCE_SHEET_SCHEMA, Column, sentence_rows
from .cells import is_xlsx as is_xlsx  # its home was here (old path leadership_nlp.xlsx)
from .output import check_output_path, locked
from .safe_write import mode_for

#: Sheet names.
DOCUMENTS_SHEET, SENTENCES_SHEET = "documents", "sentences"
#: Rows per sheet in Excel, the header included.
MAX_ROWS = 1_048_576
#: Characters per cell in Excel.
MAX_CELL_CHARS = 32_767
#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
# What XML 1.0 cannot hold: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NUMBER_FORMATS = {".4f": "0.0000", "d": "0"}
_WIDTHS = {"id": 28, "path": 28, "text": 80, "top_evidence": 60, "evidence": 50, "error": 40}


def clean_text(value: str) -> str:
    """Return ``value`` as a spreadsheet cell can hold it (unwritable characters, length)."""
    value = _UNWRITABLE.sub("\ufffd", value)
    return value if len(value) <= MAX_CELL_CHARS else value[: MAX_CELL_CHARS - 1] + "…"


def needs_quote(value: str) -> bool:
    """Say whether a spreadsheet could read ``value`` as a formula or an error code."""
    return value.startswith(FORMULA_STARTS) or value in _ERROR_CODES


class _Sheet:
    """A write-only sheet of one schema, continued in a new sheet when full."""

    def __init__(self, book: Any, title: str, schema: Sequence[Column]) -> None:
        self.book, self.title, self.schema = book, title, tuple(schema)
        self.parts = 0
        self._new()

    def _new(self) -> None:
        self.parts += 1
        name = self.title if self.parts == 1 else f"{self.title} {self.parts}"
        self.ws = self.book.create_sheet(name)
        self.ws.freeze_panes = "A2"
        for i, column in enumerate(self.schema, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(column.name, 14)
        self.rows = 0
        bold = Font(bold=True)
        header = []
        for column in self.schema:
            cell = WriteOnlyCell(self.ws, value=column.name)
            cell.font = bold
            header.append(cell)
        self._append(header)

    def _append(self, cells: list[Any]) -> None:
        self.ws.append(cells)
        self.rows += 1

    def _cell(self, column: Column, value: Any) -> Any:
        if value is None or isinstance(value, bool):
            return None if value is None else str(value)
        if isinstance(value, (int, float)):
            cell = WriteOnlyCell(self.ws, value=value)
            cell.number_format = _NUMBER_FORMATS.get(column.format, "General")
            return cell
        text = clean_text(str(value))
        cell = WriteOnlyCell(self.ws, value=text)
        cell.data_type = "s"  # never a formula or an error value, whatever the text
        if needs_quote(text):
            cell.quotePrefix = True
        return cell

    def write(self, row: dict[str, Any]) -> None:
        """Append one row (a dictionary keyed by the schema's column names)."""
        if self.rows >= MAX_ROWS:
            self.close()
            self._new()
        self._append([self._cell(c, row.get(c.name)) for c in self.schema])

    def close(self) -> None:
        """Set the filter buttons over the rows written."""
        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.schema))}{self.rows}"


class WorkbookWriter:
    """Write documents and their sentences into an .xlsx file, atomically.

    Use as a context manager: the file appears at ``path`` when the block
    ends, complete, also when it ends with an exception (the rows written so
    far are kept); if saving itself fails, ``path`` is left as it was.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> from leadership_nlp import classify
    >>> result = classify("I coach people to grow. Set the quarterly budget.")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = f"{folder}/out.xlsx"
    ...     with WorkbookWriter(path) as book:
    ...         book.write({"id": "=cv1", "path": "cv1.txt", "label": result.label}, result)
    ...     sheets = openpyxl.load_workbook(path)
    ...     sheets.sheetnames, sheets["documents"]["A2"].value, sheets["sentences"].max_row
    (['documents', 'sentences'], '=cv1', 3)
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.book = Workbook(write_only=True)
        self.documents = _Sheet(self.book, DOCUMENTS_SHEET, DOCUMENT_SCHEMA)
        self.sentences = _Sheet(self.book, SENTENCES_SHEET, SENTENCE_SHEET_SCHEMA)

    def write(self, row: dict[str, Any], result: Any = None) -> None:
        """Write a document's row and, given its result, one row per sentence."""
        self.write_rows(row, sentence_rows(result) if result is not None else [])

    def write_rows(self, row: dict[str, Any], sentences: Iterable[dict[str, Any]]) -> None:
        """Write a document's row and its sentence rows (as :func:`sentence_rows` gives them)."""
        self.documents.write(row)
        for sentence in sentences:
            self.sentences.write({"id": row.get("id"), **sentence})

    def save(self) -> None:
        """Write the workbook to a new temporary file, then rename it onto ``path``.

        The temporary file is written through the descriptor that created it
        (never reopened by name), and the rename replaces a link at ``path``
        rather than following it, as :func:`leadership_nlp.adapters.safe_write.new_file` does.
        """
        self.documents.close()
        self.sentences.close()
        mode = mode_for(self.path)  # a regular file's permissions are kept; a link's target is not read
        handle, temporary = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        try:
            with open(handle, "wb") as stream:
                self.book.save(stream)
                os.fchmod(stream.fileno(), mode)  # mkstemp's 0600, else
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def __enter__(self) -> WorkbookWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.save()


def _xlsx_jobs(
    jobs: Sequence[Any], *, max_bytes: int, model_path: str | None
) -> list[tuple[dict[str, Any], list[dict]]]:
    """Return each job's document row and sentence rows (runs in a worker when ``n_jobs > 1``)."""
    from .analysis import analyse_many, outcome_row

    return [
        (outcome_row(outcome), sentence_rows(outcome.result) if outcome.result is not None else [])
        for outcome in analyse_many(jobs, max_bytes=max_bytes, model_path=model_path)
    ]


def score_xlsx(
    paths: Sequence[str],
    output: str | os.PathLike[str],
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    n_jobs: int = 1,
    max_bytes: int | None = None,
    model_path: str | None = None,
    progress: bool = False,
    log: TextIO | None = None,
    follow_symlinks: bool = False,
) -> Any:
    """Score documents into an .xlsx workbook, as :func:`leadership_nlp.adapters.batch.score` does into CSV.

    Returns
    -------
    leadership_nlp.adapters.batch.Summary
        Documents scored and failed; the files of other types found in folders and not read.

    Raises
    ------
    leadership_nlp.adapters.errors.UsageError
        Bad arguments (see :func:`leadership_nlp.adapters.jobs.plan`), an output that is a folder or
        in a folder that does not exist, an output another run is writing, or one that cannot
        be written.
    """
    from tqdm import tqdm

    from ..api import load_model
    from .analysis import iter_jobs
    from .batch import Summary
    from .cells import unique_ids
    from .errors import UsageError
    from .jobs import plan
    from .readers import DEFAULT_MAX_BYTES

    log = log or sys.stderr
    max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    path = check_output_path(output, "scores.xlsx")  # a folder or a missing folder: before any work
    if n_jobs == 0:
        raise UsageError("--n-jobs must be a positive number, or -1 for one per core")
    summary = Summary()
    jobs = plan(
        paths,
        text_column=text_column,
        id_column=id_column,
        exclude=[output],
        max_bytes=max_bytes,
        follow_symlinks=follow_symlinks,
        others=summary.others,
    )
    # The same ids as CSV and JSON Lines output: a repeated id gets " (2)", " (3)", ...
    jobs, renamed = unique_ids(jobs, "jsonl")
    if renamed:
        print(f"note: {renamed} document(s) have the id of an earlier one; numbered in input order", file=log)
    load_model(model_path)  # fail once, here, rather than once per document
    kwargs = {"max_bytes": max_bytes, "model_path": model_path}
    with (
        locked(path),
        WorkbookWriter(path) as book,
        tqdm(total=len(jobs), file=log, disable=not progress, unit="doc", leave=False) as bar,
    ):
        for row, sentences in iter_jobs(_xlsx_jobs, jobs, n_jobs, **kwargs):
            book.write_rows(row, sentences)
            if row["error"]:
                summary.failed += 1
                where = row["path"] if row["id"] == row["path"] else f"{row['id']} ({row['path']})"
                bar.write(f"skipped {where}: {row['error']}", file=log)
            else:
                summary.scored += 1
            bar.update()
    return summary


def cmd_score_xlsx(args: argparse.Namespace, progress: bool) -> int:
    """Run ``leadership-nlp score ... -o FILE.xlsx``; return the exit status."""
    from .batch import not_read
    from .errors import UsageError

    if args.resume:
        raise UsageError(
            "--resume works with CSV and JSON Lines output; an .xlsx workbook is written whole "
            "(score to .csv to resume, or run again)"
        )
    try:
        summary = score_xlsx(
            args.paths,
            args.output,
            text_column=args.text_column,
            id_column=args.id_column,
            n_jobs=args.n_jobs,
            max_bytes=args.max_bytes,
            model_path=args.model,
            progress=progress,
            follow_symlinks=args.follow_symlinks,
        )
    except KeyboardInterrupt:
        print(f"interrupted: the documents scored so far are in {args.output}", file=sys.stderr)
        return 130
    if not args.quiet:
        others = not_read(summary.others)
        print(f"scored {summary.scored}, failed {summary.failed}{others} -> {args.output}", file=sys.stderr)
    return 1 if summary.failed else 0
