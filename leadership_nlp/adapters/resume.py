"""Resuming ``leadership-nlp score``: the rows already written, and what the run was.

- **Resume only the same run.** ``FILE.run.json`` records what the run was
  (inputs, columns, format, the model's manifest checksum, the library
  version and the documents' ids); ``--resume`` refuses an output whose
  record does not match the run asked for.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.artifact import sha256_file
from ..core.schema import OUTPUT_COLUMNS
from .cells import ESCAPE_ERRORS, HEADER, id_cell, name_cell
from .errors import UsageError
from .safe_write import atomic_write_text

RUN_SUFFIX = ".run.json"


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
