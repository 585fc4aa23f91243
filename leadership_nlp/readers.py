"""Turn CVs, job descriptions and role profiles on disk into plain text.

Readers take a ``path`` and keyword ``max_bytes`` (default 50 MB) and raise only
:class:`ReadError`, for a missing, unreadable, blank, too large, binary or corrupt file.
"""

import contextlib
import csv
import io
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import charset_normalizer
import docx
import pypdf
from docx.table import Table

StrPath: TypeAlias = str | os.PathLike[str]
SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".csv")
_MB = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * _MB
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")
_BOM32 = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")  # tested before UTF-16's
_BOM16 = (b"\xff\xfe", b"\xfe\xff")  # as BOM_UTF32_LE starts with BOM_UTF16_LE
_NO_GUESS = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
_SKIP = (".", "~$")  # discover() skips dotfiles and Office lock files (~$cv.docx)


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


def _decode(path: StrPath, data: bytes) -> str:
    """Decode as UTF-16/32 with a BOM, else UTF-8 (BOM-aware), else best guess."""
    wide = "utf-32" if data[:4] in _BOM32 else "utf-16" if data[:2] in _BOM16 else ""
    if wide:
        try:
            return data.decode(wide)
        except UnicodeDecodeError:
            raise ReadError(path, f"invalid {wide.upper()} text") from None
    head = data[:8192]  # binary: a NUL byte or over 10% control characters
    controls = sum(1 for b in head if (b < 32 or b == 127) and b not in _TEXT_CONTROLS)
    if b"\x00" in head or controls > 0.1 * len(head):
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


def read_pdf(path: StrPath, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Extract the text of a PDF with pypdf, pages separated by blank lines.

    Also raises ReadError for a corrupt or password-protected PDF, or one
    without extractable text (e.g. a scanned image).
    """
    data = _read_bytes(path, max_bytes)
    if b"%PDF-" not in data[:1024]:
        raise ReadError(path, "not a valid PDF (no %PDF header)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(path, "PDF is password-protected")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many types on malformed input
        problem = f"not a valid PDF ({exc or type(exc).__name__})"
        raise ReadError(path, problem) from exc
    text = "\n\n".join(page for page in pages if page)
    return _non_blank(path, text, "no extractable text in PDF (scanned image?)")


def _docx_blocks(container: object) -> Iterator[str]:
    """Yield paragraphs and table rows (cells tab-joined, merged ones once) in order."""
    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if not isinstance(block, Table):
            yield block.text
            continue
        for row in block.rows:
            texts = ["\n".join(_docx_blocks(cell)).strip() for cell in row.cells]
            cells = [t for t, prev in zip(texts, ["", *texts], strict=False) if t and t != prev]
            if cells:
                yield "\t".join(cells)


def read_docx(path: StrPath, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Extract a Word .docx file's paragraphs and tables, one per line.

    Table rows become tab-separated lines; headers, footers and text boxes are
    left out. Also raises ReadError for a file that is not a valid .docx.
    """
    data = _read_bytes(path, max_bytes)
    if not data.startswith(b"PK\x03\x04"):
        raise ReadError(path, "not a valid DOCX (not a ZIP archive)")
    try:
        text = "\n".join(_docx_blocks(docx.Document(io.BytesIO(data))))
    except Exception as exc:  # zipfile, lxml and python-docx errors
        problem = f"not a valid DOCX ({exc or type(exc).__name__})"
        raise ReadError(path, problem) from exc
    return _non_blank(path, text, "no text in document")


def iter_csv_documents(
    path: StrPath,
    text_column: str,
    id_column: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document]:
    """Yield one :class:`Document` per row of a CSV file with a header row.

    Any encoding; quoted cells may span lines. Also raises ReadError for a
    missing column (naming the available ones) or a malformed CSV.

    Parameters
    ----------
    text_column, id_column : str
        Headers of the text and (optional) id columns. An empty text cell gives
        ``text=""``; without an id the id is ``"<filename>:<row number>"``
        (the first row after the header being 1).
    """
    text = _decode(path, _read_bytes(path, max_bytes))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for wanted in (text_column, id_column):
            if wanted is not None and wanted not in (reader.fieldnames or []):
                have = ", ".join(repr(c) for c in reader.fieldnames or [])
                raise ReadError(path, f"no column {wanted!r}; available: {have}")
        name = Path(path).name
        for number, row in enumerate(reader, start=1):
            row_id = (row.get(id_column) or "").strip() if id_column else ""
            text = row.get(text_column) or ""
            yield Document(id=row_id or f"{name}:{number}", path=str(path), text=text)
    except csv.Error as exc:
        problem = f"malformed CSV near line {reader.line_num} ({exc})"
        raise ReadError(path, problem) from None


def discover(paths: Iterable[StrPath]) -> list[Path]:
    """List the files to read, given files and folders.

    Folders are searched recursively (and sorted) for files with a supported
    suffix in any case, skipping dotfiles and Office lock files. Files named
    explicitly are kept whatever their suffix, so the caller can report them.
    Duplicates are dropped. A missing path raises FileNotFoundError.
    """
    found: list[Path] = []
    for raw in paths:
        if not (path := Path(raw)).exists():
            raise FileNotFoundError(f"No such file or directory: '{raw}'")
        if not path.is_dir():
            found.append(path)
            continue
        inside: list[Path] = []
        for root, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            inside += [Path(root, n) for n in files if not n.startswith(_SKIP)]
        ok = [f for f in inside if f.suffix.lower() in SUPPORTED_SUFFIXES]
        found += sorted(f for f in ok if f.is_file())
    return list(dict.fromkeys(found))


def read_document(path: StrPath, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a supported file as text, choosing the reader by (case-insensitive) suffix.

    ``.pdf`` and ``.docx`` go to :func:`read_pdf` and :func:`read_docx`;
    ``.txt``, ``.md`` and ``.csv`` are read whole by :func:`read_text_file`
    (see :func:`iter_csv_documents`). Other suffixes raise ReadError.
    """
    suffix = Path(path).suffix.lower()
    reader = {".pdf": read_pdf, ".docx": read_docx}.get(suffix, read_text_file)
    if suffix in SUPPORTED_SUFFIXES:
        return reader(path, max_bytes=max_bytes)
    kinds = ", ".join(SUPPORTED_SUFFIXES)
    raise ReadError(path, f"unsupported file type {suffix!r}; supported: {kinds}")
