"""The TF-IDF + logistic regression peer, and sentence accuracy on the validation set.

The peer is exactly the pipeline of :func:`leadership_nlp.train.predictors.tfidf_peer`
(TF-IDF words + character n-grams, logistic regression), trained on our corpus
in a process of its own and handed to the measuring process as a joblib file,
so the measuring process never featurises the corpus before it measures.

Accuracy is measured on the validation set's labelled sentences
(``corpus/validation``: the lines of its CVs and job ads, and its O*NET task
statements). The held-out dev set is not the benchmarks' business: the lead
evaluates it once per shipped model.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def fitted_tfidf(units: list[Any]) -> Any:
    """Fit and return exactly the pipeline of :func:`leadership_nlp.train.predictors.tfidf_peer`.

    ``tfidf_peer`` fits and predicts in one call and returns only predictions;
    wrapping its ``make_pipeline`` keeps hold of the fitted pipeline, so the
    peer is defined once, in the library's predictors module.
    """
    from unittest import mock

    from leadership_nlp.train import predictors

    built, make_pipeline = [], predictors.make_pipeline

    def keep(*steps: Any, **kwargs: Any) -> Any:
        built.append(make_pipeline(*steps, **kwargs))
        return built[-1]

    with mock.patch.object(predictors, "make_pipeline", keep):
        predictors.tfidf_peer(units, ["warm-up"])
    return built[0]


def fit_tfidf(p: dict[str, Any]) -> dict[str, Any]:
    """Train the peer on the corpus (every ``train_every``-th unit) and save it to ``p["out"]``."""
    import joblib

    from leadership_nlp.train.corpus import load_corpus

    units = load_corpus(REPO / "corpus").select(authored=True)[:: p.get("train_every", 1)]
    start = time.perf_counter()
    pipe = fitted_tfidf(units)
    fit_s = time.perf_counter() - start
    joblib.dump(pipe, p["out"])
    return {"units": len(units), "fit_s": round(fit_s, 2)}


def validation_sentences(root: Path = REPO / "corpus") -> tuple[list[str], list[str]]:
    """Return the validation set's labelled sentences as (texts, labels).

    Uses ``leadership_nlp.train.validation_set.load_validation`` where the library
    has it; otherwise reads ``corpus/validation/lines.jsonl`` and
    ``onet_tasks.jsonl`` directly.
    """
    try:
        from leadership_nlp.train.validation_set import load_validation
    except ImportError:  # a library without a validation set
        load_validation = None

    if load_validation is not None:
        rows = load_validation(root)
        # sentences only: the validation documents are whole texts, not sentences
        rows = rows if isinstance(rows, list) else rows.get("sentences", [])
    else:
        rows = []
        for name in ("lines.jsonl", "onet_tasks.jsonl"):
            path = root / "validation" / name
            if path.exists():
                rows += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if isinstance(r, dict) and r.get("text") and r.get("label")]
    return [r["text"] for r in rows], [r["label"] for r in rows]


def measure_accuracy(p: dict[str, Any]) -> dict[str, Any]:
    """Sentence macro-F1 on the validation set: ours, the TF-IDF peer and the pure-Python limit."""
    import joblib
    from limit import PureLimit

    import leadership_nlp
    from leadership_nlp.api import default_model_path
    from leadership_nlp.train.metrics import metrics

    texts, truth = validation_sentences()
    if not texts:
        return {"sentences": 0, "skipped": "no validation set found"}
    ours = leadership_nlp.load_model().predict(texts)
    peer = joblib.load(p["tfidf"]).predict(texts)
    lim = PureLimit(default_model_path())
    proba = lim.proba(texts)
    limit_labels = [lim.classes[k] for k in proba.argmax(axis=1)]

    def f1(pred: Any) -> float:
        return round(metrics(truth, [str(x) for x in pred])["macro_f1"], 4)

    return {
        "sentences": len(texts),
        "ours_macro_f1": f1(ours),
        "tfidf_macro_f1": f1(peer),
        "limit_macro_f1": f1(limit_labels),
        "limit_agrees_with_ours": round(
            sum(a == b for a, b in zip(ours, limit_labels, strict=True)) / len(texts), 4
        ),
    }
