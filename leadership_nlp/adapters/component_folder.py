"""The folder of a saved component: a verified copy of its model, and its role-pattern files.

What :meth:`~leadership_nlp.adapters.component.OrientationComponent.to_disk`
writes and :meth:`~leadership_nlp.adapters.component.OrientationComponent.from_disk`
reads back: the model folder's manifest and every file it lists, and the
``role_patterns`` files as ``role_patterns/01-<name>.jsonl``, ``02-…`` (plain
files that can be read and edited).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.artifact import MANIFEST_FILE, ModelLoadError, listed_files, read_manifest, verify_folder
from ..core.files import replace_file

#: The folder of a saved component that holds its extra role-pattern files.
ROLE_PATTERNS_DIR = "role_patterns"


def copy_model_folder(source: Path, path: Path) -> None:
    """Copy the model folder ``source`` (its manifest and every file it lists) into ``path``.

    Raises
    ------
    leadership_nlp.ModelLoadError
        If the copy does not match its manifest.
    """
    for name in [MANIFEST_FILE, *listed_files(read_manifest(source))]:
        target = path / name
        if target.is_symlink() or not target.exists() or not (source / name).samefile(target):
            replace_file(target, (source / name).read_bytes())
    try:
        verify_folder(path)
    except ModelLoadError as exc:
        message = f"{source}: the copy does not match its manifest ({exc}); not saved"
        raise ModelLoadError(message) from None


def save_pattern_files(role_patterns: list[str], folder: Path) -> None:
    """Copy ``role_patterns``, in order, into ``folder``, removing pattern files left there before."""
    targets = [
        folder / f"{i:02d}-{re.sub(r'^[0-9]+-', '', Path(source).name)}"
        for i, source in enumerate(role_patterns, 1)
    ]
    if folder.is_symlink():  # a planted link: replaced by a folder of our own, never written through
        folder.unlink()
    if targets:
        folder.mkdir(exist_ok=True)
    for source, target in zip(role_patterns, targets, strict=True):
        if target.is_symlink() or not target.exists() or not Path(source).samefile(target):
            replace_file(target, Path(source).read_bytes())
    for old in folder.glob("*.jsonl") if folder.is_dir() else ():
        if old not in targets:  # left by an earlier save with other files
            old.unlink()


def saved_pattern_files(folder: Path) -> list[str]:
    """Return the pattern files saved in ``folder``, in order (none if there is no such folder)."""
    return [str(f) for f in sorted(folder.glob("*.jsonl"))] if folder.is_dir() else []
