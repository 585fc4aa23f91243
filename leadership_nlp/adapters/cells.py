r"""Cells and rows of ``leadership-nlp score`` output: what a written cell looks like.

- **Names that are not UTF-8.** A file name with a byte that is not UTF-8
  (``caf\xe9.txt`` on Linux) reaches Python as a lone surrogate, which no
  UTF-8 file can hold. Ids and paths are written with such bytes as
  ``\xe9`` (other lone surrogates as ``\udcxx``): the same name always
  gives the same id, and ``--resume`` finds it again.
- **One row, one line.** In ids and paths, line breaks and tabs are written
  escaped (``\n``, ``\r``, ``\t``, ``\u2028`` ...), so two names that
  differ only there stay two ids; in other text cells they become spaces.
  JSON Lines output never holds a raw U+2028, U+2029 or U+0085, which some
  readers take for line ends.
- **Spreadsheet-safe CSV.** A CSV text cell starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return would run as a formula in a
  spreadsheet; it is written with a leading ``'``, as OWASP recommends for
  CSV exports (JSON Lines is written as is).

An id is written alike wherever it is written (:func:`id_cell`), and
:func:`unique_ids` keeps two documents from sharing one.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

from ..core.schema import OUTPUT_COLUMNS

FORMATS: tuple[str, ...] = ("csv", "jsonl")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


class _Job(Protocol):
    """A dataclass with a string ``id``: what :func:`unique_ids` renames."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def id(self) -> str: ...


_J = TypeVar("_J", bound=_Job)

#: Encoding error handler that writes an undecodable byte as ``\xNN``.
ESCAPE_ERRORS = "leadership_nlp.escape"


def _escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        # A byte that was not UTF-8 in a file name (os.fsdecode's surrogateescape).
        out.append(f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}")
    return "".join(out), error.end


codecs.register_error(ESCAPE_ERRORS, _escape)


def printable(text: str) -> str:
    r"""Return ``text`` with lone surrogates (undecodable bytes of a name) escaped; valid text unchanged.

    Examples
    --------
    >>> import os
    >>> printable(os.fsdecode(b"caf\xe9.txt"))
    'caf\\xe9.txt'
    >>> printable("café.txt")
    'café.txt'
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", ESCAPE_ERRORS).decode("utf-8")
    return text


# str.splitlines() ends a line at each of these; a row must hold none of them raw.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_NAME_ESCAPES = str.maketrans(
    {c: f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" for c in _BREAKS}
    | {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
)
# JSON allows these raw inside strings; some JSON Lines readers split lines on them.
_JSON_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})
_TO_SPACE = str.maketrans(dict.fromkeys(_BREAKS, " "))
#: A CSV cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def name_cell(value: str) -> str:
    """Return an id or path as written: undecodable bytes, line breaks and tabs escaped."""
    return printable(value).translate(_NAME_ESCAPES)


def spreadsheet_safe(value: str) -> str:
    r"""Prefix ``'`` to a cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR).

    Examples
    --------
    >>> spreadsheet_safe('=HYPERLINK("http://x")'), spreadsheet_safe("cv.txt")
    ('\'=HYPERLINK("http://x")', 'cv.txt')
    """
    return "'" + value if value.startswith(FORMULA_START) else value


def id_cell(value: str, fmt: str) -> str:
    """Return an id exactly as it is written in format ``fmt`` (what ``--resume`` reads back)."""
    cell = name_cell(value)
    return spreadsheet_safe(cell) if fmt == "csv" else cell


def _cell(column: str, value: Any, fmt: str) -> Any:
    if not isinstance(value, str):
        return value
    cell = name_cell(value) if column in ("id", "path") else printable(value).translate(_TO_SPACE)
    return spreadsheet_safe(cell) if fmt == "csv" else cell


def format_row(row: dict[str, Any], fmt: str) -> str:
    """Return one row as a line of CSV or JSON, ending in a newline."""
    values = [_cell(column, row.get(column), fmt) for column in OUTPUT_COLUMNS]
    if fmt == "jsonl":
        line = json.dumps(dict(zip(OUTPUT_COLUMNS, values, strict=True)), ensure_ascii=False)
        return (
            line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085") + "\n"
        )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(["" if v is None else v for v in values])
    return buffer.getvalue()


HEADER = format_row(dict(zip(OUTPUT_COLUMNS, OUTPUT_COLUMNS, strict=True)), "csv")


def unique_ids(jobs: Sequence[_J], fmt: str) -> tuple[list[_J], int]:
    """Make the written ids of ``jobs`` unique: a repeated id gets `` (2)``, `` (3)``... in input order.

    Two documents can share an id (a repeated value in ``--id-column``; two
    file names that are written alike). Each would be counted as done when
    the other is, so ``--resume`` would never score it. The first keeps its
    id; the same inputs always give the same ids.

    Returns
    -------
    jobs : list
        The jobs, renamed where needed (``dataclasses.replace(job, id=...)``).
    renamed : int
        How many were renamed.
    """
    used = {id_cell(job.id, fmt) for job in jobs}
    seen: set[str] = set()
    out, renamed = [], 0
    for job in jobs:
        key = id_cell(job.id, fmt)
        if key in seen:
            n = 2
            while id_cell(f"{job.id} ({n})", fmt) in used:
                n += 1
            job = replace(job, id=f"{job.id} ({n})")
            key = id_cell(job.id, fmt)
            used.add(key)
            renamed += 1
        seen.add(key)
        out.append(job)
    return out, renamed


def infer_format(output: str | os.PathLike[str] | None, fmt: str | None = None) -> str:
    """Return ``fmt`` if given, else "jsonl" for a .jsonl/.ndjson/.json output, else "csv"."""
    if fmt:
        return fmt
    return "jsonl" if output and Path(output).suffix.lower() in _JSONL_SUFFIXES else "csv"


def is_xlsx(output: str | os.PathLike[str] | None, fmt: str | None = None) -> bool:
    """Say whether ``score`` should write a workbook: an ``.xlsx`` output and no other ``--format``.

    Here, not in :mod:`.xlsx`: deciding must not import openpyxl (half a second
    of every ``score`` run that writes CSV or JSON Lines).
    """
    return fmt in (None, "xlsx") and output is not None and Path(output).suffix.lower() == ".xlsx"
