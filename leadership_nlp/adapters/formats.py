"""Text out of document formats (PDF, DOCX, ODT, RTF), each bounded in time and size.

:func:`extract` runs a format's extractor on a file's bytes in a child process
that is killed after ``time_limit`` seconds (a crafted 13 KB PDF can keep a
parser busy for minutes) and whose address space is capped at
:data:`MEMORY_LIMIT` bytes where the platform allows it. ZIP-based formats
(DOCX, ODT) are refused before parsing when their parts would expand to more
than :data:`MAX_UNZIPPED_BYTES` (a zip bomb). Extractors return the text or
raise ``Problem``; :mod:`leadership_nlp.adapters.readers` turns that into a ``ReadError``.

:data:`FORMATS` is the one list of formats read through an extractor: adding a
format is an extractor and an entry there (the readers and the folder walk
take it from there).
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import multiprocessing
import signal
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

#: Seconds one file's text extraction may take before it is abandoned.
TIME_LIMIT = 60.0
#: Bytes of address space an extraction child may use (POSIX only).
MEMORY_LIMIT = 2 * 1024**3
#: Total uncompressed size of the parts of a DOCX or ODT.
MAX_UNZIPPED_BYTES = 200 * 1024**2
_MB = 1024 * 1024


class Problem(Exception):
    """Why a file has no text; ``str(problem)`` is the message for the user."""


# --- PDF ----------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """Return the text of a PDF, pages separated by blank lines."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if b"%PDF-" not in data[:1024]:
        raise Problem("not a valid PDF (no %PDF header)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings repeat the error, less clearly
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Problem("PDF is password-protected (encrypted: a password is needed to open it)")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except FileNotDecryptedError:
        raise Problem("PDF is password-protected (encrypted: a password is needed to open it)") from None
    except DependencyError as exc:  # AES without the cryptography package
        raise Problem(f"PDF is encrypted and cannot be opened here ({exc})") from None
    except Problem:
        raise
    except Exception as exc:  # pypdf raises many types on malformed input
        raise Problem(f"not a valid PDF ({exc or type(exc).__name__})") from exc
    return "\n\n".join(page for page in pages if page)


# --- ZIP-based formats ----------------------------------------------------------


def check_zip(data: bytes, kind: str) -> None:
    """Refuse a ZIP archive whose parts would expand past :data:`MAX_UNZIPPED_BYTES`.

    Only the archive's directory is read (zipfile never returns more than a
    part's declared size), so this is cheap and runs before any parsing.
    """
    if not data.startswith(b"PK\x03\x04"):
        raise Problem(f"not a valid {kind} (not a ZIP archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except Exception as exc:
        raise Problem(f"not a valid {kind} ({exc or type(exc).__name__})") from exc
    if total > MAX_UNZIPPED_BYTES:
        raise Problem(
            f"{kind} expands to {total / _MB:,.0f} MB, more than the "
            f"{MAX_UNZIPPED_BYTES / _MB:g} MB limit (a zip bomb?)"
        )


def _docx_blocks(container: object) -> Iterator[str]:
    """Yield paragraphs and table rows (cells tab-joined, merged ones once) in order."""
    from docx.table import Table

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if not isinstance(block, Table):
            yield block.text
            continue
        for row in block.rows:
            texts = ["\n".join(_docx_blocks(cell)).strip() for cell in row.cells]
            cells = [t for t, prev in zip(texts, ["", *texts], strict=False) if t and t != prev]
            if cells:
                yield "\t".join(cells)


def docx_text(data: bytes) -> str:
    """Return a Word .docx file's paragraphs and table rows, one per line."""
    import docx

    try:
        return "\n".join(_docx_blocks(docx.Document(io.BytesIO(data))))
    except Exception as exc:  # zipfile, lxml and python-docx errors
        raise Problem(f"not a valid DOCX ({exc or type(exc).__name__})") from exc


def odt_text(data: bytes) -> str:
    """Return an OpenDocument text file's paragraphs and headings, one per line."""
    from odf import teletype, text
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
        blocks = document.text.getElementsByType(text.P) + document.text.getElementsByType(text.H)
        order = {id(node): i for i, node in enumerate(_walk_nodes(document.text))}
        blocks.sort(key=lambda node: order.get(id(node), 0))
        return "\n".join(teletype.extractText(block) for block in blocks)
    except Exception as exc:
        raise Problem(f"not a valid ODT ({exc or type(exc).__name__})") from exc


def _walk_nodes(node: Any) -> Iterator[Any]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.childNodes))


def rtf_text(data: bytes) -> str:
    """Return the text of an RTF file (escaped characters read as cp1252)."""
    from striprtf.striprtf import rtf_to_text

    if not data.lstrip().startswith(b"{\\rtf"):
        raise Problem("not a valid RTF (no {\\rtf header)")
    try:
        return str(rtf_to_text(data.decode("latin-1"), errors="replace"))
    except Exception as exc:
        raise Problem(f"not a valid RTF ({exc or type(exc).__name__})") from exc


# --- the time- and memory-bounded child -------------------------------------------


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # Windows
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
    with contextlib.suppress(ValueError, OSError):  # e.g. macOS, which does not enforce it
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(send: Connection, extractor: Callable[[bytes], str], data: bytes, time_limit: float) -> None:
    send.send(("started", ""))  # the parent tells a child that never started from one that died
    _limit_memory()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent kills this child, quietly
    if hasattr(signal, "alarm"):  # and should the parent die, this child does not outlive the limit
        signal.alarm(math.ceil(time_limit) + 5)
    try:
        reply: tuple[str, str] = ("text", extractor(data))
    except Problem as exc:
        reply = ("problem", str(exc))
    except MemoryError:
        reply = ("problem", f"needs more than {MEMORY_LIMIT / _MB:,.0f} MB of memory to read")
    except Exception as exc:  # one file must never end a run
        reply = ("problem", f"cannot read ({type(exc).__name__}: {exc})")
    send.send(reply)
    send.close()


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__, "pypdf", "docx"])
        return context
    return multiprocessing.get_context("spawn")


def extract(extractor: Callable[[bytes], str], data: bytes, time_limit: float | None) -> str:
    """Return ``extractor(data)``, run in a child process killed after ``time_limit`` seconds.

    ``time_limit=None`` means :data:`TIME_LIMIT`; ``math.inf`` runs the extractor
    here, unbounded, as it runs inside a daemonic process (which may not start
    children). Raises :class:`Problem`.
    """
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    if math.isinf(time_limit) or multiprocessing.current_process().daemon:
        return extractor(data)
    context = _context()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, extractor, data, time_limit), daemon=True)
    child.start()
    send.close()
    started = False
    deadline = time.monotonic() + time_limit
    try:
        while True:
            if not receive.poll(max(0.0, deadline - time.monotonic())):
                raise Problem(f"reading took longer than the {time_limit:g} s limit (gave up)")
            kind, value = receive.recv()
            if kind != "started":
                break
            started = True
    except EOFError:
        child.join()
        if not started:
            # Python starts the child by importing the calling script again (forkserver,
            # spawn): a script that reads files at its top level fails there.
            raise Problem(
                f"the reader process could not start (exit code {child.exitcode}); in a script, "
                'call the reader under `if __name__ == "__main__":`'
            ) from None
        raise Problem(f"the reader stopped unexpectedly (exit code {child.exitcode})") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
        child.close()
    if kind == "problem":
        raise Problem(value)
    return str(value)


# --- the formats read through an extractor --------------------------------------


@dataclass(frozen=True)
class Format:
    """How one file type becomes text.

    Parameters
    ----------
    extractor : callable
        File bytes -> text (run by :func:`extract`, bounded in time and memory).
    empty : str
        The error when the file holds no text.
    zip_kind : str, optional
        For ZIP containers, the name :func:`check_zip` uses (checked before parsing).
    """

    extractor: Callable[[bytes], str]
    empty: str
    zip_kind: str | None = None


#: Suffix -> format, for the files whose text needs extracting.
FORMATS: dict[str, Format] = {
    ".pdf": Format(pdf_text, "no extractable text in PDF (scanned image?)"),
    ".docx": Format(docx_text, "no text in document", zip_kind="DOCX"),
    ".odt": Format(odt_text, "no text in document", zip_kind="ODT"),
    ".rtf": Format(rtf_text, "no text in document"),
}
#: Suffixes read as plain text (decoded, whatever the encoding).
PLAIN_SUFFIXES: tuple[str, ...] = (".txt", ".md")
