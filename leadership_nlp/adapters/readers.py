"""Turn CVs, job descriptions and role profiles on disk into plain text.

Readers take a ``path`` and keyword ``max_bytes`` (default 50 MB) and raise only
:class:`ReadError`, for a missing, unreadable, blank, too large, binary or corrupt file.
PDF, DOCX, ODT and RTF are parsed in a child process bounded in time and memory
(:mod:`leadership_nlp.adapters.formats`).
"""

import contextlib
import csv
import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import charset_normalizer

from ..core.constants import MAX_TEXT_CHARS
from . import formats
from .formats import MAX_UNZIPPED_BYTES, TIME_LIMIT  # noqa: F401 (documented here too)
from .walk import SUPPORTED_SUFFIXES, UNSUPPORTED, discover, survey, unreadable_kind

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_UNZIPPED_BYTES",
    "SUPPORTED_SUFFIXES",
    "TIME_LIMIT",
    "UNSUPPORTED",
    "Document",
    "ReadError",
    "discover",
    "iter_csv_documents",
    "read_document",
    "read_extracted",
    "read_text_file",
    "survey",
]

StrPath: TypeAlias = str | os.PathLike[str]
_MB = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * _MB
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")
_BOM32 = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")  # tested before UTF-16's
_BOM16 = (b"\xff\xfe", b"\xfe\xff")  # as BOM_UTF32_LE starts with BOM_UTF16_LE
_NO_GUESS = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]


class ReadError(Exception):
    """A bad file: ``str(err)`` is ``"{path}: {problem}"``, both kept as attributes."""

    def __init__(self, path: StrPath, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class Document:
    """One text to classify: an identifier, the file it came from, its text."""

    id: str
    path: str
    text: str


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    return f"{n / _MB:.1f} MB" if n >= _MB else f"{n / 1024:.1f} KB"


def _read_bytes(path: StrPath, max_bytes: int) -> bytes:
    """Return the bytes of a regular, non-empty file of at most ``max_bytes``."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a special file"
            raise ReadError(path, f"not a regular file but {kind}")
        if info.st_size == 0:
            raise ReadError(path, "empty file")
        if info.st_size > max_bytes:
            limit = f"{max_bytes / _MB:g} MB" if max_bytes >= _MB else _size(max_bytes)
            size = _size(info.st_size)
            raise ReadError(path, f"file is {size}, larger than the {limit} limit")
        with open(path, "rb") as handle:
            return handle.read(max_bytes)
    except FileNotFoundError:
        raise ReadError(path, "file not found") from None
    except PermissionError:
        raise ReadError(path, "permission denied") from None
    except OSError as exc:
        raise ReadError(path, f"cannot read file ({exc.strerror or exc})") from None


def binary_head(head: bytes) -> bool:
    """Tell from the first bytes of a file or stream that it is binary, as :func:`_decode` would."""
    if head[:4] in _BOM32 or head[:2] in _BOM16 or not _looks_binary(head[:8192]):
        return False
    return _wide_without_bom(head[: len(head) - len(head) % 4], partial=True) is None


def _wide_without_bom(data: bytes, partial: bool = False) -> str | None:
    """Return UTF-16/32 text without a BOM, told by its NUL bytes (Latin-script text), or None.

    ``partial``: ``data`` is the start of the text, maybe cut inside a character.
    """
    head = data[: 8192 - 8192 % 4]
    if len(head) < 8 or len(data) % 2 or b"\x00" not in head:
        return None
    for encoding, width in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        if len(data) % width:
            continue
        text_at = 0 if encoding.endswith("le") else width - 1  # where an ASCII letter's byte is
        units = [head[i : i + width] for i in range(0, len(head) - width + 1, width)]
        mostly_narrow = sum(u[text_at] != 0 and u.count(0) == width - 1 for u in units) >= 0.7 * len(units)
        if not mostly_narrow:
            continue
        try:
            text = data.decode(encoding, "replace" if partial else "strict")
        except UnicodeDecodeError:
            return None
        if not _looks_binary(text[:4096].encode("utf-8", "surrogatepass")):
            return text
    return None


def _looks_binary(head: bytes) -> bool:
    """Tell binary content: a NUL byte or over 10% control characters."""
    controls = sum(1 for b in head if (b < 32 or b == 127) and b not in _TEXT_CONTROLS)
    return b"\x00" in head or controls > 0.1 * len(head)


def _decode(path: StrPath, data: bytes) -> str:
    """Decode as UTF-16/32 with a BOM, else UTF-8 (BOM-aware), else best guess.

    UTF-16/32 without a BOM is recognised by its NUL bytes when most
    characters are Latin (the usual case of a Windows "Unicode" text file).
    """
    wide = "utf-32" if data[:4] in _BOM32 else "utf-16" if data[:2] in _BOM16 else ""
    if wide:
        try:
            return data.decode(wide)
        except UnicodeDecodeError:
            raise ReadError(path, f"invalid {wide.upper()} text") from None
    if (text := _wide_without_bom(data)) is not None:
        return text
    if _looks_binary(data[:8192]):
        raise ReadError(path, "binary content, not text")
    with contextlib.suppress(UnicodeDecodeError):
        return data.decode("utf-8-sig")
    guesses = [  # cp1252 wins ties: short Western text is often guessed as cp1250
        charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]).best(),
        charset_normalizer.from_bytes(data, cp_exclusion=_NO_GUESS).best(),
    ]
    if not (found := [guess for guess in guesses if guess is not None]):
        raise ReadError(path, "binary content, not text (no text encoding fits)")
    return str(min(found, key=lambda guess: guess.chaos))


def _non_blank(path: StrPath, text: str, problem: str) -> str:
    if not text.strip():
        raise ReadError(path, problem)
    return text


def read_text_file(path: StrPath, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a plain-text file (.txt, .md, .csv, ...) whatever its encoding.

    UTF-8 (with or without BOM) is tried first, UTF-16/32 when a BOM says so,
    then charset-normalizer's best guess (e.g. cp1252). Line endings are kept.

    Returns
    -------
    str
        The decoded text.
    """
    text = _decode(path, _read_bytes(path, max_bytes))
    return _non_blank(path, text, "no text content (only whitespace)")


def read_extracted(
    path: StrPath, *, max_bytes: int = DEFAULT_MAX_BYTES, time_limit: float | None = None
) -> str:
    """Extract the text of a file of one of :data:`~leadership_nlp.adapters.formats.FORMATS`.

    PDF pages are separated by blank lines; DOCX paragraphs and tables (rows
    tab-separated; headers, footers and text boxes left out) and ODT headings
    and paragraphs come one per line. Encrypted PDFs that open without a
    password are read. Also raises ReadError for a corrupt or
    password-protected file, one without text (e.g. a scanned image), a ZIP
    container whose parts expand to more than :data:`MAX_UNZIPPED_BYTES`,
    or one that takes longer than ``time_limit`` seconds (None:
    :data:`TIME_LIMIT`; ``math.inf``: no limit).
    """
    data = _read_bytes(path, max_bytes)
    kind = formats.FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise ReadError(path, f"not a format read by extraction ({', '.join(formats.FORMATS)})")
    try:
        if kind.zip_kind:
            formats.check_zip(data, kind.zip_kind)
        text = formats.extract(kind.extractor, data, time_limit)
    except formats.Problem as exc:
        raise ReadError(path, str(exc)) from None
    return _non_blank(path, text, kind.empty)


def iter_csv_documents(
    path: StrPath,
    text_column: str,
    id_column: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document]:
    """Yield one :class:`Document` per row of a CSV file with a header row.

    Any encoding; quoted cells may span lines, and a cell may be as long as the
    file (a text over ``MAX_TEXT_CHARS`` is refused later, as one error row).
    Also raises ReadError, after the rows before it, for a missing column
    (naming the available ones), a malformed CSV, or a quote left open, which
    would otherwise swallow every following row into one cell.

    Parameters
    ----------
    text_column, id_column : str
        Headers of the text and (optional) id columns. An empty text cell gives
        ``text=""``; without an id the id is ``"<filename>:<row number>"``
        (the first row after the header being 1).
    """
    text = _decode(path, _read_bytes(path, max_bytes))
    # The csv module refuses cells over 131,072 characters, and would lose that
    # row and every row after it: no cell can be longer than the file.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1, MAX_TEXT_CHARS + 1))
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        for wanted in (text_column, id_column):
            if wanted is not None and wanted not in (reader.fieldnames or []):
                have = ", ".join(repr(c) for c in reader.fieldnames or [])
                raise ReadError(path, f"no column {wanted!r}; available: {have}")
        name = Path(path).name
        line = reader.line_num + 1
        for number, row in enumerate(reader, start=1):
            row_id = (row.get(id_column) or "").strip() if id_column else ""
            cell = row.get(text_column) or ""
            yield Document(id=row_id or f"{name}:{number}", path=str(path), text=cell)
            line = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            problem = (
                f"malformed CSV: the quote opened in the row starting on line {line} is never "
                "closed, so that row and every line after it would be read as one cell"
            )
        else:
            problem = (
                f"malformed CSV in the row starting on line {line} ({exc}); the rows after it were not read"
            )
        raise ReadError(path, problem) from None


def read_document(
    path: StrPath, *, max_bytes: int = DEFAULT_MAX_BYTES, time_limit: float | None = None
) -> str:
    """Read a supported file as text, choosing the reader by (case-insensitive) suffix.

    ``.pdf``, ``.docx``, ``.odt`` and ``.rtf`` go to :func:`read_extracted`
    (bounded by ``time_limit``); ``.txt``, ``.md`` and ``.csv`` are read whole
    by :func:`read_text_file` (see :func:`iter_csv_documents`). Other
    suffixes raise ReadError, saying why.
    """
    suffix = Path(path).suffix.lower()
    if suffix in formats.FORMATS:
        return read_extracted(path, max_bytes=max_bytes, time_limit=time_limit)
    if suffix in SUPPORTED_SUFFIXES:
        return read_text_file(path, max_bytes=max_bytes)
    raise ReadError(path, unreadable_kind(Path(path)) or "unsupported file type")
