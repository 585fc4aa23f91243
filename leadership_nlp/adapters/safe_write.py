"""Writing a file safely: a new file made in the target folder, renamed over the target.

- **Never through a planted link.** Files are written to a new temporary file
  made with exclusive creation in the target folder (``tempfile.mkstemp``)
  and renamed over the target, so a symbolic link planted at the output name
  is replaced, never followed, and an output hard-linked to another file
  (an input, say) leaves that file as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TextIO

from ..core.files import mode_for
from .cells import ESCAPE_ERRORS


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
