"""Load the validation set (never train on it).

Usage from the repository root::

    import importlib.util
    spec = importlib.util.spec_from_file_location("validation_loader", "corpus/validation/loader.py")
    loader = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loader)
    vs = loader.load()  # onet_tasks, documents, lines, statements, statements_b, statements_c, role_lines

Each list holds the JSON objects of the file of the same name; every document record also gets
``"text"``, the document read with ``newline=""`` so that line numbers match ``lines.jsonl``.
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = ("leadership", "management", "neutral")
DOC_LABELS = ("leadership", "management", "balanced", "neutral")
FACETS = ("goal", "horizon", "direction", "method", "people", "resources", "accountability")


def read_jsonl(path: Path) -> list[dict]:
    """Return the JSON objects of a JSON Lines file, one per non-empty line."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def document_lines(text: str) -> list[tuple[int, str]]:
    """Return ``(lineno, stripped line)`` for every non-empty line; lines are numbered from 1."""
    return [(n, line.strip()) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]


def load(root: Path = HERE) -> dict[str, list[dict]]:
    """Load the O*NET tasks, the documents (with their text), the lines and the writers' statements.

    Also the role-profile lines, which are reported beside the selection rule, not in its value.
    """
    root = Path(root)
    parts = ("onet_tasks", "documents", "lines", "statements", "statements_b", "statements_c", "role_lines")
    out: dict[str, list[dict]] = {name: [] for name in parts}
    for name in out:
        path = root / f"{name}.jsonl"
        if path.exists():
            out[name] = read_jsonl(path)
    for doc in out["documents"]:
        with open(root / doc["file"], encoding="utf-8", newline="") as fh:
            doc["text"] = fh.read()
    return out
