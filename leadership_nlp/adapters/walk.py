"""Find the files to read under the paths a user gives, and say why any other file is not read.

The walk is iterative (a tree thousands of levels deep is fine) and reports,
rather than drops, what it cannot read: a file of another type, a folder it
cannot list, a symbolic link that leads out of the folder it was found in.
"""

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TypeAlias

from .formats import FORMATS, PLAIN_SUFFIXES

StrPath: TypeAlias = str | os.PathLike[str]
#: Every suffix read: plain text, the extracted formats, and CSV tables.
SUPPORTED_SUFFIXES: tuple[str, ...] = (*PLAIN_SUFFIXES, *FORMATS, ".csv")
#: Formats users meet that cannot be read, with what to do instead.
UNSUPPORTED = {
    ".doc": "old Word format: save it as .docx or PDF",
    ".docm": "macro-enabled Word file: save it as .docx or PDF",
    ".pages": "Apple Pages: export it as .docx or PDF",
    ".wpd": "WordPerfect: save it as .docx or PDF",
}
_SKIP = (".", "~$")  # dotfiles and Office lock files (~$cv.docx) are left out silently
FOLDER_DENIED = "permission denied: cannot list this folder, its files were not read"
NOT_FOLLOWED = "not followed (use --follow-symlinks to read it)"


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _walk(folder: Path, follow_symlinks: bool, others: list[Path]) -> list[tuple[Path, str | None]]:
    """Every file under ``folder`` with the reason it is not read (None: read it).

    Iterative (a tree thousands of levels deep is fine); a folder that cannot be
    listed is an entry with its reason; dotfiles, dot-folders and Office lock
    files are left out silently.
    """
    root = os.path.realpath(folder)
    found: list[tuple[Path, str | None]] = []
    top = os.stat(folder)
    stack, seen = [folder], {(top.st_dev, top.st_ino)}  # (not realpath: it is slow in deep trees)
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except PermissionError:
            found.append((current, FOLDER_DENIED))
            continue
        except OSError as exc:
            found.append(
                (current, f"cannot list this folder ({exc.strerror or exc}), its files were not read")
            )
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                link = entry.is_symlink()
            except OSError:
                is_dir, link = False, False
            if entry.name.startswith(".") or (not is_dir and entry.name.startswith(_SKIP)):
                continue
            target = os.path.realpath(path) if link else ""
            if link and not follow_symlinks and not _inside(target, root):
                found.append((path, f"symbolic link to {target}, outside the folder: {NOT_FOLLOWED}"))
            elif is_dir and (not link or follow_symlinks):
                try:
                    info = entry.stat()
                except OSError:
                    continue
                if (key := (info.st_dev, info.st_ino)) not in seen:  # a link loop is walked once
                    seen.add(key)
                    stack.append(path)
            elif not is_dir:
                kind = unreadable_kind(path)
                if kind is None or path.suffix.lower() in UNSUPPORTED:
                    found.append((path, kind))
                else:
                    others.append(path)
    return found


def unreadable_kind(path: Path) -> str | None:
    """Return why a file of this type is not read, or None for a supported type."""
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return None
    if suffix in UNSUPPORTED:
        return f"unsupported file type {suffix!r} ({UNSUPPORTED[suffix]})"
    return f"unsupported file type {suffix!r}, not read; supported: {', '.join(SUPPORTED_SUFFIXES)}"


def survey(
    paths: Iterable[StrPath], *, follow_symlinks: bool = False, others: list[Path] | None = None
) -> list[tuple[Path, str | None]]:
    """List the documents found under ``paths``, each with the reason it cannot be read, or None.

    Folders are searched (without recursion, so any depth works) and sorted;
    dotfiles, dot-folders and Office lock files (``~$cv.docx``) are left out.
    Files named explicitly are kept whatever their suffix (reason None: the
    reader reports them). In folders, a document that cannot be read (a
    ``.doc``), a folder that cannot be listed, or a symbolic link that leads
    out of its folder (unless ``follow_symlinks``) comes with its reason;
    files of other types (``.py``, ``.png``, ...) are appended to ``others``.
    Duplicates are dropped, and a path that leads to a file or folder already
    named (a folder and a link to it, ``cvs`` and ``./cvs/``, a hard link to a
    file named before) adds nothing.
    A missing path raises FileNotFoundError.
    """
    found: dict[Path, str | None] = {}
    others = [] if others is None else others
    named: set[tuple[int, int]] = set()  # (device, inode) of each path given
    for raw in paths:
        if not (path := Path(raw)).exists():
            raise FileNotFoundError(f"No such file or directory: '{raw}'")
        info = path.stat()
        key = (info.st_dev, info.st_ino)
        if info.st_ino and key in named:  # (some filesystems report no inode: 0)
            continue
        named.add(key)
        if not path.is_dir():
            found.setdefault(path, None)
            continue
        more: list[Path] = []
        for file, reason in sorted(_walk(path, follow_symlinks, more), key=lambda item: item[0]):
            found.setdefault(file, reason)
        others += sorted(more)
    return list(found.items())


def discover(paths: Iterable[StrPath], *, follow_symlinks: bool = False) -> list[Path]:
    """List the files to read, given files and folders: those :func:`survey` finds readable.

    Folders are searched recursively (and sorted) for files with a supported
    suffix in any case, skipping dotfiles and Office lock files. Files named
    explicitly are kept whatever their suffix, so the caller can report them.
    Duplicates are dropped. A missing path raises FileNotFoundError.
    """
    return [path for path, reason in survey(paths, follow_symlinks=follow_symlinks) if reason is None]
