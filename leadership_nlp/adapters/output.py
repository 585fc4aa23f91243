r"""Writing ``leadership-nlp score`` output: cells, rows, files, resume and locks.

What a written cell looks like, whatever the input:

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

What a written file is:

- **Never through a planted link.** Files are written to a new temporary file
  made with exclusive creation in the target folder (``tempfile.mkstemp``)
  and renamed over the target, so a symbolic link planted at the output name
  is replaced, never followed, and an output hard-linked to another file
  (an input, say) leaves that file as it was.
- **One run per output.** ``score -o FILE`` holds an exclusive lock on
  ``FILE.lock`` for the whole run; a second run on the same output is refused.
- **Resume only the same run.** ``FILE.run.json`` records what the run was
  (inputs, columns, format, the model's manifest checksum, the library
  version and the documents' ids); ``--resume`` refuses an output whose
  record does not match the run asked for.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, ClassVar, Protocol, TextIO, TypeVar

from ..core.artifact import sha256_file
from ..core.schema import OUTPUT_COLUMNS

#: Columns of ``leadership-nlp score`` output, in order.
#: Written first in a CSV file: Excel then reads the file as UTF-8 (accented names).
BOM = "\ufeff"
FORMATS: tuple[str, ...] = ("csv", "jsonl")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
RUN_SUFFIX = ".run.json"
LOCK_SUFFIX = ".lock"


class _Job(Protocol):
    """A dataclass with a string ``id``: what :func:`unique_ids` renames."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def id(self) -> str: ...


_J = TypeVar("_J", bound=_Job)


class UsageError(Exception):
    """A mistake in how the command was called; the CLI prints it and exits with status 2."""


# -- cells -------------------------------------------------------------------------------

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


# -- files -------------------------------------------------------------------------------


def mode_for(path: Path) -> int:
    """Return the permissions for a file written at ``path``.

    An existing regular file keeps its permissions; a new one (or one replacing
    a link, whose target is not read) gets the usual 0o666 less the umask
    (``mkstemp`` alone would give 0o600).
    """
    with contextlib.suppress(OSError):
        st = os.lstat(path)
        if stat.S_ISREG(st.st_mode):
            return stat.S_IMODE(st.st_mode)
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def new_file(path: str | os.PathLike[str], initial: str = "") -> TextIO:
    """Put a new file holding ``initial`` at ``path`` and return it open for appending.

    The file is created exclusively in ``path``'s folder under a random name
    and renamed over ``path``: a symbolic link at ``path`` is replaced, not
    followed, and a file hard-linked to ``path`` keeps its content.
    """
    path = Path(path)
    mode = mode_for(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        stream = open(fd, "w", encoding="utf-8", errors=ESCAPE_ERRORS, newline="")  # noqa: SIM115
    except BaseException:
        os.close(fd)
        os.unlink(temporary)
        raise
    try:
        os.fchmod(fd, mode)
        stream.write(initial)
        stream.flush()
        os.replace(temporary, path)
    except BaseException:
        stream.close()
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return stream


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    r"""Write ``text`` to ``path`` in UTF-8 through a new file and a rename (see :func:`new_file`).

    Readers see the old file or the new one, never a part; undecodable bytes
    of file names in ``text`` are written as ``\xNN``.

    Raises
    ------
    OSError
        The folder cannot be written (no temporary file is left behind).
    """
    new_file(path, text).close()


# -- resume ------------------------------------------------------------------------------


def infer_format(output: str | os.PathLike[str] | None, fmt: str | None = None) -> str:
    """Return ``fmt`` if given, else "jsonl" for a .jsonl/.ndjson/.json output, else "csv"."""
    if fmt:
        return fmt
    return "jsonl" if output and Path(output).suffix.lower() in _JSONL_SUFFIXES else "csv"


def _parse_line(line: str, fmt: str) -> dict[str, Any] | None:
    """Return the row on one output line, or None if the line is not a complete row."""
    try:
        if fmt == "jsonl":
            row = json.loads(line)
            return row if isinstance(row, dict) and list(row) == list(OUTPUT_COLUMNS) else None
        values = next(csv.reader([line]))
    except (ValueError, csv.Error, StopIteration):
        return None
    return dict(zip(OUTPUT_COLUMNS, values, strict=True)) if len(values) == len(OUTPUT_COLUMNS) else None


def read_output(path: str | os.PathLike[str], fmt: str) -> tuple[list[str], set[str], bool]:
    """Read an output file for resuming, changing nothing.

    Returns
    -------
    kept : list of str
        The lines to keep (the CSV header and the rows without an error).
    done : set of str
        The ids of those rows, as written.
    changed : bool
        Whether ``kept`` differs from the file (a cut-off last line, or rows
        with an error, which are dropped so that their documents are tried again).

    Raises
    ------
    UsageError
        The file is not ``leadership-nlp score`` output in format ``fmt``.
    """
    path = Path(path)
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):  # CSV is written with one, for Excel
        data = data[len(codecs.BOM_UTF8) :]
    if not data:
        return [], set(), False
    cut = data.rfind(b"\n") + 1
    refuse = f"not leadership-nlp {fmt} output; not resuming (run without --resume to start over)"
    try:
        lines, tail = data[:cut].decode("utf-8").split("\n")[:-1], data[cut:].decode("utf-8", "replace")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is {refuse}") from None
    header = HEADER.rstrip("\n")
    if not lines:  # only a cut-off first line: drop it, unless it is someone else's file
        start = header if fmt == "csv" else '{"id": '
        if not (start.startswith(tail) or tail.startswith(start)):
            raise UsageError(f"{path} is {refuse}")
        return [], set(), True
    if fmt == "csv" and lines[0] != header:
        raise UsageError(f"{path} is {refuse}")
    kept, done = lines[:1] if fmt == "csv" else [], set()
    for number, line in enumerate(lines[len(kept) :], start=len(kept) + 1):
        row = _parse_line(line, fmt)
        if row is None:
            raise UsageError(f"{path}, line {number}, is {refuse}")
        if not row["error"]:
            done.add(row["id"])
            kept.append(line)
    return kept, done, bool(tail) or len(kept) != len(lines)


def resume_state(path: str | os.PathLike[str], fmt: str) -> set[str]:
    """Return the ids already scored in an output file, readying it for appending.

    A last line cut off by an interrupted run is removed; rows that record an
    error are removed too, so that their documents are tried again. The file is
    rewritten (atomically) only when something was removed.

    Raises
    ------
    UsageError
        The file is not ``leadership-nlp score`` output in format ``fmt``.
    """
    path = Path(path)
    if not path.exists():
        return set()
    kept, done, changed = read_output(path, fmt)
    if changed:
        atomic_write_text(path, "".join(line + "\n" for line in kept))
    return done


# -- what a run was ----------------------------------------------------------------------


def run_record(
    *,
    paths: Sequence[str | os.PathLike[str]],
    fmt: str,
    text_column: str | None,
    id_column: str | None,
    model_sha256: str,
    ids: Sequence[str],
    tables: Sequence[str],
) -> dict[str, Any]:
    """Describe a run, for ``FILE.run.json``: what ``--resume`` must find unchanged.

    Parameters
    ----------
    paths : sequence of path
        The inputs as given (recorded as absolute paths).
    fmt, text_column, id_column
        The options of the run.
    model_sha256 : str
        The SHA-256 of the model folder's manifest (it pins every model file).
    ids : sequence of str
        The documents' ids, in order (a CSV row inserted shifts row-number ids).
    tables : sequence of str
        The CSV inputs, whose contents are recorded by SHA-256.
    """
    from ..core.artifact import own_version

    written = "\n".join(id_cell(i, fmt) for i in ids)
    return {
        "leadership-nlp": own_version(),
        "format": fmt,
        "model_sha256": model_sha256,
        "inputs": [name_cell(os.path.abspath(os.fsdecode(p))) for p in paths],
        "text_column": text_column,
        "id_column": id_column,
        "tables": {name_cell(os.path.abspath(t)): sha256_file(Path(t)) for t in sorted(set(tables))},
        "documents": len(ids),
        "ids_sha256": hashlib.sha256(written.encode("utf-8", ESCAPE_ERRORS)).hexdigest(),
    }


def _difference(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """Say in words how run ``new`` differs from the recorded ``old``; None if it does not."""
    for key in ("leadership-nlp", "format", "model_sha256", "inputs", "text_column", "id_column", "tables"):
        was, now = old.get(key), new[key]
        if was == now:
            continue
        if key == "leadership-nlp":
            return f"it was written by leadership-nlp {was}, this is {now}"
        if key == "model_sha256":
            return (
                f"it was scored with another model (manifest SHA-256 {str(was)[:12]}… then, {now[:12]}… now)"
            )
        if key == "tables" and isinstance(was, dict) and set(was) == set(now):
            changed = next(t for t in now if was[t] != now[t])
            return f"{changed} changed since (rows added, removed or edited)"
        option = {"text_column": "--text-column", "id_column": "--id-column"}.get(key, key)
        return f"{option} was {was!r}, now {now!r}"
    if (old.get("documents"), old.get("ids_sha256")) != (new["documents"], new["ids_sha256"]):
        return (
            f"the inputs now hold other documents ({old.get('documents')} then, {new['documents']} now, "
            "or other ids)"
        )
    return None


def check_run(output: Path, record: dict[str, Any]) -> None:
    """Refuse to resume ``output`` unless its ``.run.json`` describes the run ``record``.

    Raises
    ------
    UsageError
        The record is missing, unreadable or describes another run.
    """
    sidecar = Path(f"{output}{RUN_SUFFIX}")
    advice = "run without --resume to start over, or write to another -o"
    try:
        old = json.loads(sidecar.read_text("utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{output}: no record of the run that wrote it ({sidecar.name}); {advice}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{output}: cannot read {sidecar.name} ({type(exc).__name__}); {advice}") from None
    reason = _difference(old, record) if isinstance(old, dict) else "its record is malformed"
    if reason:
        raise UsageError(f"{output} is the output of another run: {reason}; {advice}")


# -- the output of one run ---------------------------------------------------------------


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
        """Write one row (a dictionary keyed by :data:`OUTPUT_COLUMNS`)."""
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
