"""Held-out evaluation of the model.

Leave-one-document-out, cross-validation, the development set, peers and the
feature ablation reported in ``models/MODEL_CARD.md``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline, make_union

from .constants import SENTENCE_LABELS
from .corpus import Corpus, Unit
from .features import FEATURE_SETS
from .training import DEFAULT_PARAMS, fit_units

#: Default location of the development set, relative to the repository root.
DEV_SET = Path("..") / "shared" / "eval" / "dev_statements.jsonl"

Predictor = Callable[[list[Unit], list[str]], np.ndarray]


def load_dev(path: str | Path) -> list[dict[str, str]]:
    """Read the development statements (never trained on)."""
    rows = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()]
    for n, row in enumerate(rows, 1):
        if row.get("label") not in SENTENCE_LABELS or not isinstance(row.get("text"), str):
            raise ValueError(f"{path}:{n}: needs a text and a label in {SENTENCE_LABELS}")
    return rows


def expected_calibration_error(
    proba: np.ndarray, y_true: np.ndarray, classes: np.ndarray, bins: int = 10
) -> float:
    """Return the expected calibration error of the top-class probability (equal-width bins)."""
    conf = proba.max(axis=1)
    correct = classes[proba.argmax(axis=1)] == y_true
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            ece += mask.mean() * abs(conf[mask].mean() - correct[mask].mean())
    return float(ece)


def metrics(y_true: Sequence[str], y_pred: Sequence[str]) -> dict[str, Any]:
    """Macro-F1 over the three labels, per-class precision/recall/F1, confusion matrix."""
    labels = list(SENTENCE_LABELS)
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    return {
        "macro_f1": round(
            float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)), 4
        ),
        "accuracy": round(float(np.mean(np.asarray(y_true) == np.asarray(y_pred))), 4),
        "per_class": {
            lab: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(s[i]),
            }
            for i, lab in enumerate(labels)
        },
        "confusion": {"labels": labels, "matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist()},
        "n": len(y_true),
    }


def ours(**params: Any) -> Predictor:
    """Predictor for our model with ``params`` (see ``DEFAULT_PARAMS``)."""

    def predict(train: list[Unit], texts: list[str]) -> np.ndarray:
        return fit_units(train, **params).predict(texts)

    return predict


def tfidf_peer(train: list[Unit], texts: list[str]) -> np.ndarray:
    """Peer: TF-IDF words + character n-grams and logistic regression, raw text."""
    pipe = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        ),
        LogisticRegression(C=10, max_iter=5000, class_weight="balanced"),
    )
    return pipe.fit([u.text for u in train], [u.label for u in train]).predict(texts)


def leave_one_document_out(corpus: Corpus, predictor: Predictor, *, authored: bool = True) -> dict[str, Any]:
    """Test on each document in turn, trained without its units, and pool.

    Authored statements stay in training when ``authored`` is true, except
    those written from the held-out document (``based_on`` names it): they
    restate its ideas, so keeping them would let the model see the test
    document in other words.
    """
    y_true, y_pred, per_doc = [], [], {}
    for doc in sorted(corpus.documents):
        train = [u for u in corpus.select(authored=authored) if u.doc != doc and doc not in u.based_on]
        test = [u for u in corpus.units if u.doc == doc]
        pred = predictor(train, [u.text for u in test])
        truth = [u.label for u in test]
        per_doc[doc] = round(
            float(f1_score(truth, pred, labels=list(SENTENCE_LABELS), average="macro", zero_division=0)), 4
        )
        y_true += truth
        y_pred += list(pred)
    return {**metrics(y_true, y_pred), "per_document_macro_f1": per_doc}


def cross_validation(corpus: Corpus, predictor: Predictor, folds: int = 5) -> dict[str, Any]:
    """Stratified k-fold cross-validation over all units (documents and authored)."""
    units = corpus.units
    labels = np.array([u.label for u in units])
    pred = np.empty(len(units), dtype=object)
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=0).split(np.zeros(len(units)), labels):
        pred[te] = predictor([units[i] for i in tr], [units[i].text for i in te])
    return metrics(list(labels), list(pred))


def dev_evaluation(
    corpus: Corpus,
    dev: list[dict[str, str]],
    *,
    authored: bool = True,
    predictor: Predictor | None = None,
    **params: Any,
) -> dict[str, Any]:
    """Train on the whole corpus, test on the development statements."""
    texts = [r["text"] for r in dev]
    truth = np.array([r["label"] for r in dev])
    train = corpus.select(authored=authored)
    extra: dict[str, Any] = {}
    if predictor is None:
        model = fit_units(train, **params)
        proba = model.predict_proba(texts)
        pred = model.classes_[proba.argmax(axis=1)]
        extra["ece"] = round(expected_calibration_error(proba, truth, model.classes_), 4)
    else:
        pred = predictor(train, texts)
    styles = sorted({r.get("style", "?") for r in dev})
    style_of = [r.get("style", "?") for r in dev]
    hits = np.asarray(pred) == truth
    per_style = {s: round(float(hits[[x == s for x in style_of]].mean()), 4) for s in styles}
    return {**metrics(list(truth), list(pred)), **extra, "per_style_accuracy": per_style}


def ablation(corpus: Corpus, dev: list[dict[str, str]] | None) -> list[dict[str, Any]]:
    """Each feature set with and without authored statements and role-noun masking."""
    rows = []
    for features in FEATURE_SETS:
        for authored in (True, False):
            for mask in (True, False):
                params = {"features": features, "mask_roles": mask, "calibrate": False}
                row = {
                    "features": features,
                    "authored": authored,
                    "mask_roles": mask,
                    "lodo_macro_f1": leave_one_document_out(corpus, ours(**params), authored=authored)[
                        "macro_f1"
                    ],
                }
                if dev is not None:
                    row["dev_macro_f1"] = dev_evaluation(corpus, dev, authored=authored, **params)["macro_f1"]
                rows.append(row)
    return rows


#: Hyper-parameters compared by ``leadership-nlp evaluate --grid`` (the rest as ``DEFAULT_PARAMS``).
DEFAULT_GRID: dict[str, list[Any]] = {"C": [1.0, 2.0, 4.0, 8.0], "min_df": [1, 2], "ngram_max": [2, 3]}


def grid(corpus: Corpus, space: dict[str, list[Any]] | None = None) -> list[dict[str, Any]]:
    """LODO and CV macro-F1 of every combination of ``space`` (default :data:`DEFAULT_GRID`).

    Only held-out corpus metrics: the development set plays no part in
    choosing a configuration. Calibration is off, since temperature scaling
    never changes which class wins.

    Returns
    -------
    list of dict
        One row per combination: its parameters, ``lodo_macro_f1`` and ``cv_macro_f1``.
    """
    space = DEFAULT_GRID if space is None else space
    keys = sorted(space)
    rows = []
    for values in product(*(space[k] for k in keys)):
        params = {**DEFAULT_PARAMS, **dict(zip(keys, values, strict=True)), "calibrate": False}
        rows.append(
            {
                **dict(zip(keys, values, strict=True)),
                "lodo_macro_f1": leave_one_document_out(corpus, ours(**params))["macro_f1"],
                "cv_macro_f1": cross_validation(corpus, ours(**params))["macro_f1"],
            }
        )
    return rows


def evaluate(
    corpus: Corpus, dev_path: str | Path | None, *, run_ablation: bool = False, run_grid: bool = False
) -> dict[str, Any]:
    """Run the full evaluation of the default configuration and the peers."""
    dev = load_dev(dev_path) if dev_path and Path(dev_path).exists() else None
    report: dict[str, Any] = {"params": DEFAULT_PARAMS, "units": len(corpus.units)}
    report["lodo"] = leave_one_document_out(corpus, ours())
    report["lodo_without_authored"] = leave_one_document_out(corpus, ours(), authored=False)
    report["cv"] = cross_validation(corpus, ours())
    peers = {"tfidf_lr": tfidf_peer}
    report["peers"] = {
        name: {"lodo": leave_one_document_out(corpus, p)["macro_f1"]} for name, p in peers.items()
    }
    if dev is not None:
        report["dev"] = dev_evaluation(corpus, dev)
        report["dev_without_authored"] = dev_evaluation(corpus, dev, authored=False)
        for name, p in peers.items():
            report["peers"][name]["dev"] = dev_evaluation(corpus, dev, predictor=p)["macro_f1"]
    if run_ablation:
        report["ablation"] = ablation(corpus, dev)
    if run_grid:
        report["grid"] = grid(corpus)
    return report


def format_report(report: dict[str, Any]) -> str:
    """Render the evaluation report as Markdown."""
    out = ["| evaluation | macro-F1 | accuracy | n |", "|---|---:|---:|---:|"]
    for key in ("lodo", "lodo_without_authored", "cv", "dev", "dev_without_authored"):
        if key in report:
            r = report[key]
            out.append(f"| {key} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} | {r['n']} |")
    if "dev" in report:
        d = report["dev"]
        out += [
            "",
            f"Dev-set expected calibration error: {d['ece']:.3f}",
            "",
            "| dev class | precision | recall | F1 |",
            "|---|---:|---:|---:|",
        ]
        out += [
            f"| {k} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |"
            for k, v in d["per_class"].items()
        ]
        out += ["", "| dev style | accuracy |", "|---|---:|"]
        out += [f"| {k} | {v:.3f} |" for k, v in d["per_style_accuracy"].items()]
        out += [
            "",
            "Dev confusion (rows true, columns predicted: " + ", ".join(d["confusion"]["labels"]) + ")",
            "",
        ]
        out += ["    " + " ".join(f"{x:4d}" for x in row) for row in d["confusion"]["matrix"]]
    out += ["", "| peer (trained on our corpus) | LODO macro-F1 | dev macro-F1 |", "|---|---:|---:|"]
    for name, r in report["peers"].items():
        out.append(f"| {name} | {r['lodo']:.3f} | {r.get('dev', float('nan')):.3f} |")
    if "ablation" in report:
        out += [
            "",
            "| features | authored | role masking | LODO macro-F1 | dev macro-F1 |",
            "|---|---|---|---:|---:|",
        ]
        for r in report["ablation"]:
            out.append(
                f"| {r['features']} | {r['authored']} | {r['mask_roles']} | {r['lodo_macro_f1']:.3f} | "
                f"{r.get('dev_macro_f1', float('nan')):.3f} |"
            )
    if "grid" in report:
        keys = [k for k in report["grid"][0] if not k.endswith("_macro_f1")] if report["grid"] else []
        out += ["", "| " + " | ".join(keys) + " | LODO macro-F1 | CV macro-F1 |"]
        out += ["|" + "---|" * len(keys) + "---:|---:|"]
        for r in report["grid"]:
            cells = " | ".join(str(r[k]) for k in keys)
            out.append(f"| {cells} | {r['lodo_macro_f1']:.3f} | {r['cv_macro_f1']:.3f} |")
    return "\n".join(out)
