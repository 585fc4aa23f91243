"""Writing a file without following a link planted at its name.

A model folder, a saved spaCy component and every output are written to a
new file made with exclusive creation in the target folder and renamed over
the target (``os.replace``): a symbolic link planted at the name is replaced,
never written through, and a file hard-linked to the target keeps its content.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


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


def replace_file(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` as the file ``path``: a new file renamed over it; return the path.

    Raises
    ------
    OSError
        The folder cannot be written (no temporary file is left behind).
    """
    path = Path(path)
    mode = mode_for(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with open(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path
