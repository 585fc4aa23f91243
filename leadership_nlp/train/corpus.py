"""Load and validate the labelled corpus (``corpus/``).

The corpus is the single source of truth the model trains and is evaluated
on: the five documents, their labelled units (``units.jsonl``), the
authored units (every ``authored/*.jsonl``, read in sorted order) and the
labelled O*NET task statements (``onet/tasks.jsonl``). Every problem is
reported with its file, line and cause.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.constants import FACETS, SENTENCE_LABELS

UNITS_FILE = "units.jsonl"
#: Authored units: every ``*.jsonl`` in this folder, in sorted order.
AUTHORED_DIR = "authored"
#: O*NET task statements outside the validity check, labelled by the guideline.
ONET_FILE = "onet/tasks.jsonl"
REGISTERS = ("descriptive", "heading", "cv", "role_profile", "job_ad", "third_person", "task")
_DOC_KEYS = ("id", "doc", "start", "end", "text", "label", "facets", "register", "source", "note")
_AUTHORED_KEYS = ("id", "text", "label", "facets", "register", "source", "based_on", "note")
_ONET_KEYS = ("id", "text", "label", "facets", "register", "source", "soc", "title", "stratum", "note")
#: Word-set Jaccard similarity at or above which two texts are near-duplicates.
NEAR_DUPLICATE = 0.85
_WORDS = re.compile(r"\w+")


class CorpusError(ValueError):
    """The corpus is invalid; ``problems`` lists every ``file:line: problem``."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n  ".join(problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} corpus problem(s):\n  {shown}{more}")


@dataclass(frozen=True)
class Unit:
    """One labelled unit: a sentence or clause of a document, or an authored statement."""

    id: str
    text: str
    label: str
    facets: tuple[str, ...]
    register: str
    source: str
    note: str = ""
    doc: str | None = None
    start: int | None = None
    end: int | None = None
    based_on: tuple[str, ...] = ()


@dataclass
class Corpus:
    """The validated corpus: documents by id and all units."""

    root: Path
    documents: dict[str, str]
    titles: dict[str, str]
    units: list[Unit] = field(default_factory=list)

    def select(self, *, authored: bool = True) -> list[Unit]:
        """Return the document units, plus the authored ones if ``authored``."""
        return [u for u in self.units if authored or u.source == "document"]


def default_root() -> Path:
    """Return ``./corpus`` if present, else the corpus of the source checkout."""
    here = Path.cwd() / "corpus"
    if (here / UNITS_FILE).exists():
        return here
    return Path(__file__).resolve().parents[2] / "corpus"


def _read_jsonl(path: Path, problems: list[str]) -> list[tuple[int, dict]]:
    rows = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{n}: invalid JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict):
            problems.append(f"{path}:{n}: expected a JSON object")
            continue
        rows.append((n, obj))
    return rows


def _check_common(where: str, obj: dict, keys: tuple[str, ...], problems: list[str]) -> bool:
    missing = [k for k in keys if k not in obj]
    if missing:
        problems.append(f"{where}: missing key(s) {', '.join(missing)}")
        return False
    if obj["label"] not in SENTENCE_LABELS:
        problems.append(f"{where}: label {obj['label']!r} not one of {SENTENCE_LABELS}")
    if not isinstance(obj["facets"], list) or any(f not in FACETS for f in obj["facets"]):
        problems.append(f"{where}: facets {obj['facets']!r} must be a list drawn from {FACETS}")
    elif obj["label"] == "neutral" and obj["facets"]:
        problems.append(f"{where}: a neutral unit has no facets")
    elif obj["label"] != "neutral" and not obj["facets"]:
        problems.append(f"{where}: an oriented unit needs at least one facet")
    if obj["register"] not in REGISTERS:
        problems.append(f"{where}: register {obj['register']!r} not one of {REGISTERS}")
    if not isinstance(obj["text"], str) or not obj["text"].strip():
        problems.append(f"{where}: empty text")
        return False
    return True


def _unit(obj: dict) -> Unit:
    return Unit(
        id=obj["id"],
        text=obj["text"],
        label=obj["label"],
        facets=tuple(obj["facets"]),
        register=obj["register"],
        source=obj["source"],
        note=obj.get("note", ""),
        doc=obj.get("doc"),
        start=obj.get("start"),
        end=obj.get("end"),
        based_on=tuple(obj.get("based_on", ())),
    )


def coverage_gaps(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of uncovered stretches of ``text``.

    Only stretches outside every span that contain a letter or digit count.
    """
    gaps, pos = [], 0
    for start, end in sorted(spans) + [(len(text), len(text))]:
        if start > pos and any(c.isalnum() for c in text[pos:start]):
            gaps.append((pos, start))
        pos = max(pos, end)
    return gaps


def _sequence(text: str) -> tuple[str, ...]:
    # The words in order, case and punctuation aside: "Present" and "– Present" are one text.
    return tuple(w.lower() for w in _WORDS.findall(text))


def _words(text: str) -> frozenset[str]:
    return frozenset(_sequence(text))


def near_duplicates(
    units: list[Unit], threshold: float = NEAR_DUPLICATE, groups: list[str] | None = None
) -> list[tuple[Unit, Unit, float]]:
    """Return near-duplicate pairs of units.

    Pairs from different groups (by default: sources; ``load_corpus`` passes
    each unit's file) whose word sets overlap by at least ``threshold``
    (Jaccard), plus, anywhere, texts with the same words in the same order
    (case and punctuation aside: a full stop or a dash makes no new unit).
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    groups = groups if groups is not None else [u.source for u in units]
    sets = [_words(u.text) for u in units]
    # Prefix filtering, so that only candidate pairs are compared, not all
    # n^2: with the words of every set in one order (rarest first), two sets
    # with Jaccard >= threshold share a word among the first
    # len - ceil(threshold * len) + 1 words of each.
    frequency = Counter(w for words in sets for w in words)
    index: dict[str, list[int]] = {}
    pairs = []
    for j, words in enumerate(sets):
        ordered = sorted(words, key=lambda w: (frequency[w], w))
        prefix = ordered[: len(ordered) - math.ceil(threshold * len(ordered) - 1e-9) + 1]
        for i in sorted({i for w in prefix for i in index.get(w, ())}):
            sim = len(sets[i] & words) / len(sets[i] | words)
            a, b = units[i], units[j]
            if sim >= threshold and (groups[i] != groups[j] or _sequence(a.text) == _sequence(b.text)):
                pairs.append((i, j, sim))
        for w in prefix:
            index.setdefault(w, []).append(j)
    return [(units[i], units[j], sim) for i, j, sim in sorted(pairs)]


#: Word-set Jaccard at or above which a training text is a copy of a held-out one: the same
#: task or sentence with a comma, an "and"/"or" or a word changed (O*NET files one task under
#: several occupations in such variants).
NEAR_COPY = 0.7


def near_copies(texts: list[str], held_out: list[str], threshold: float = NEAR_COPY) -> set[int]:
    """Return the indices of ``texts`` that are near copies of any ``held_out`` text.

    A near copy has a word-set Jaccard of at least ``threshold`` with a held-out
    text (:func:`near_duplicates` between the two groups).
    """
    units = [Unit(str(i), t, "neutral", (), "", "texts") for i, t in enumerate(texts)]
    units += [Unit(str(i), t, "neutral", (), "", "held_out") for i, t in enumerate(held_out)]
    return {
        int(u.id)
        for a, b, _ in near_duplicates(units, threshold)
        if a.source != b.source
        for u in (a, b)
        if u.source == "texts"
    }


def load_corpus(root: str | Path | None = None) -> Corpus:
    """Load and validate the corpus.

    Parameters
    ----------
    root : path, optional
        The ``corpus/`` folder; defaults to :func:`default_root`.

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        Listing every problem found, each as ``file:line: problem``.
    """
    root = Path(root) if root is not None else default_root()
    problems: list[str] = []
    index = root / "documents" / "index.tsv"
    if not index.exists():
        raise CorpusError([f"{index}: missing document index"])
    rows = list(csv.DictReader(index.read_text("utf-8").splitlines(), delimiter="\t"))
    documents = {r["id"]: (root / "documents" / r["file"]).read_text("utf-8") for r in rows}
    titles = {r["id"]: r["title"] for r in rows}
    corpus = Corpus(root, documents, titles)
    spans: dict[str, list[tuple[int, int]]] = {d: [] for d in documents}
    locations: list[str] = []

    path = root / UNITS_FILE
    last: tuple[str, int] = ("", -1)
    for n, obj in _read_jsonl(path, problems):
        where = f"{path}:{n}"
        if not _check_common(where, obj, _DOC_KEYS, problems):
            continue
        doc, start, end = obj["doc"], obj["start"], obj["end"]
        if doc not in documents:
            problems.append(f"{where}: unknown document {doc!r}")
            continue
        if documents[doc][start:end] != obj["text"]:
            problems.append(f"{where}: text does not equal document {doc}[{start}:{end}]")
        if (doc, start) < last:
            problems.append(f"{where}: units not sorted by (doc, start)")
        if spans[doc] and start < spans[doc][-1][1]:
            problems.append(f"{where}: overlaps the previous unit")
        last = (doc, start)
        spans[doc].append((start, end))
        corpus.units.append(_unit(obj))
        locations.append(where)
    for doc, text in documents.items():
        for start, end in coverage_gaps(text, spans[doc]):
            problems.append(
                f"{path}: document {doc} characters {start}-{end} not covered: {text[start:end]!r}"
            )

    for path in sorted((root / AUTHORED_DIR).glob("*.jsonl")):
        for n, obj in _read_jsonl(path, problems):
            where = f"{path}:{n}"
            if not _check_common(where, obj, _AUTHORED_KEYS, problems):
                continue
            if obj["source"] != "authored":
                problems.append(f"{where}: source must be 'authored'")
            corpus.units.append(_unit(obj))
            locations.append(where)

    path = root / ONET_FILE
    onet = _read_jsonl(path, problems) if path.exists() else []
    for n, obj in onet:
        where = f"{path}:{n}"
        if not _check_common(where, obj, _ONET_KEYS, problems):
            continue
        if obj["source"] != "onet" or obj["register"] != "task":
            problems.append(f"{where}: source must be 'onet' and register 'task'")
        corpus.units.append(_unit(obj))
        locations.append(where)

    seen: dict[str, str] = {}
    for u, where in zip(corpus.units, locations, strict=True):
        if u.id in seen:
            problems.append(f"{where}: duplicate id {u.id!r} (first at {seen[u.id]})")
        seen.setdefault(u.id, where)
    files = [where.rsplit(":", 1)[0] for where in locations]
    for a, b, sim in near_duplicates(corpus.units, groups=files):
        problems.append(
            f"near-duplicate texts {a.id} / {b.id} (similarity {sim:.2f}): {a.text!r} ~ {b.text!r}"
        )
    if problems:
        raise CorpusError(problems)
    return corpus


def corpus_hash(root: str | Path | None = None) -> str:
    """Return the SHA-256 of the corpus files, for model manifests."""
    root = Path(root) if root is not None else default_root()
    digest = hashlib.sha256()
    files = [
        *sorted((root / "documents").glob("*")),
        root / UNITS_FILE,
        *sorted((root / AUTHORED_DIR).glob("*.jsonl")),
        root / ONET_FILE,
    ]
    for p in files:
        if p.is_file():
            digest.update(p.relative_to(root).as_posix().encode())
            digest.update(p.read_bytes())
    return digest.hexdigest()


def statistics(corpus: Corpus) -> dict[str, Counter]:
    """Count units per label, facet, register, document and source."""
    units = corpus.units
    return {
        "label": Counter(u.label for u in units),
        "source": Counter(u.source for u in units),
        "document": Counter(u.doc for u in units if u.doc),
        "register": Counter(u.register for u in units),
        "facet": Counter(f"{u.label}:{f}" for u in units for f in u.facets),
        "label_by_source": Counter(f"{u.source}:{u.label}" for u in units),
    }


def format_statistics(stats: dict[str, Counter]) -> str:
    """Render :func:`statistics` as Markdown tables."""
    lines = []
    for name, counts in stats.items():
        lines += [f"| {name} | units |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in sorted(counts.items())]
        lines += [f"| **total** | {sum(counts.values())} |", ""]
    return "\n".join(lines)
