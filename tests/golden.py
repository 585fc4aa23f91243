"""Reference outputs of the shipped model, to hold a refactoring to the last digits that matter.

``python tests/golden.py`` rewrites ``tests/data/golden.json``: for every
text of the corpus, the validation set, the role-profile set, the examples
and a few hundred generated CVs and job ads, the SHA-256 of
``classify(text).to_dict()`` as canonical JSON (floats at 8 decimals), and one
hash of ``predict_proba`` over the corpus sentences. ``tests/test_golden.py`` checks
the current code against it. Rewrite it only when the model is retrained on
purpose (the file records the model's manifest hash, so a stale file says so).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "data" / "golden.json"
GENERATED = 300


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _generated(pool: list[str], n: int) -> Iterator[tuple[str, str]]:
    # CV- and job-ad-shaped texts: headings, contact lines, dated jobs, bullets, prose.
    for i in range(n):
        rng = random.Random(f"golden:{i}")
        contact = f"c{i}@example.com | 07700 900{i % 1000:03d} | Leeds"
        lines = [f"Candidate {i:04d}", contact, "", "Experience"]
        for job in range(rng.randint(1, 3)):
            lines.append(f"Team Lead, 20{10 + job}-20{14 + job}")
            lines += [f"- {rng.choice(pool)}" for _ in range(rng.randint(2, 6))]
        prose = " ".join(rng.choice(pool).rstrip(".") + "." for _ in range(rng.randint(1, 4)))
        lines += ["", "About the role", prose]
        yield f"generated:{i}", "\n".join(lines)


def texts() -> list[tuple[str, str]]:
    """Return ``(id, text)`` for every reference text, in a fixed order."""
    from leadership_nlp.adapters.readers import iter_csv_documents, read_document

    out: list[tuple[str, str]] = []
    corpus = ROOT / "corpus"
    for row in _jsonl(corpus / "units.jsonl"):
        out.append((f"unit:{row['id']}", row["text"]))
    for name in ("statements", "registers"):
        for row in _jsonl(corpus / "authored" / f"{name}.jsonl"):
            out.append((f"{name}:{row['id']}", row["text"]))
    for path in sorted((corpus / "documents").glob("*.txt")):
        out.append((f"seed:{path.name}", path.read_text("utf-8")))
    validation = corpus / "validation"
    for name in ("lines", "onet_tasks"):
        for row in _jsonl(validation / f"{name}.jsonl"):
            out.append((f"validation-{name}:{row['id']}", row["text"]))
    for row in _jsonl(validation / "documents.jsonl"):
        out.append((f"validation-doc:{row['id']}", (validation / row["file"]).read_text("utf-8")))
    for row in _jsonl(corpus / "role_profiles" / "role_profile_set.jsonl"):
        out.append((f"role:{row['id']}", row["text"]))
    examples = ROOT / "examples"
    for path in sorted(examples.iterdir()):
        if path.suffix.lower() in {".txt", ".md", ".pdf", ".docx"} and path.name != "README.md":
            out.append((f"example:{path.name}", read_document(path)))
    for doc in iter_csv_documents(examples / "onet_role_profiles.csv", "tasks", "onet_soc_code"):
        out.append((f"example-csv:{doc.id}", doc.text))
    pool = [text for key, text in out if key.startswith(("unit:", "registers:", "validation-lines:"))]
    out += list(_generated(pool, GENERATED))
    return out


#: Decimals that floats keep before hashing: ``exp`` and BLAS kernels differ between CPUs in the
#: last bit (about 1e-16), so whole-float hashes made on one CPU fail on another; at 8 decimals a
#: hash changes with any real change and almost never with the last bit.
DECIMALS = 8


def _rounded(payload: object) -> object:
    if isinstance(payload, float):
        return round(payload, DECIMALS) + 0.0  # + 0.0: -0.0 and 0.0 hash alike
    if isinstance(payload, dict):
        return {k: _rounded(v) for k, v in payload.items()}
    if isinstance(payload, list | tuple):
        return [_rounded(v) for v in payload]
    return payload


def _digest(payload: object) -> str:
    text = json.dumps(_rounded(payload), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def compute() -> dict:
    """Return the reference record for the current code and shipped model."""
    import leadership_nlp
    from leadership_nlp.api import default_model_path
    from leadership_nlp.core.artifact import manifest_sha256

    model = leadership_nlp.load_model()
    items = texts()
    results = leadership_nlp.classify_batch([text for _, text in items])
    hashes = {key: _digest(result.to_dict()) for (key, _), result in zip(items, results, strict=True)}
    sentences = [text for key, text in items if key.startswith("unit:")]
    proba = np.ascontiguousarray(np.round(model.predict_proba(sentences), DECIMALS), dtype=np.float64)
    hashes["predict_proba:units"] = hashlib.sha256(proba.tobytes()).hexdigest()[:16]
    return {"model_manifest_sha256": manifest_sha256(default_model_path()), "hashes": hashes}


if __name__ == "__main__":
    record = compute()
    GOLDEN.write_text(json.dumps(record, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(record['hashes'])} reference hashes to {GOLDEN}", file=sys.stderr)
