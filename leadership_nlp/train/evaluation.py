"""Held-out evaluation of the model.

Leave-one-document-out, cross-validation, the development set, peers and the
feature ablation reported in ``models/MODEL_CARD.md``.
"""

from __future__ import annotations

import json
import re
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

from ..core.constants import DOCUMENT_LABELS, ROLE_MASK, ROLE_NOUNS, SENTENCE_LABELS
from .corpus import Corpus, Unit
from .features import FEATURE_SETS
from .training import DEFAULT_DISTILL, DEFAULT_PARAMS, fit_units

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


_ROLE_NOUN = re.compile(r"\b(?:" + "|".join(sorted(ROLE_NOUNS, key=len, reverse=True)) + r")\b", re.I)


def mask_role_nouns(text: str) -> str:
    """Replace role nouns by ``_role_`` in raw text, as the peers see it."""
    return _ROLE_NOUN.sub(ROLE_MASK, text)


def tfidf_peer(train: list[Unit], texts: list[str]) -> np.ndarray:
    """Peer: TF-IDF word 1-2-grams + char_wb 3-5-grams and logistic regression, role nouns masked."""
    pipe = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
        ),
        LogisticRegression(C=10, max_iter=5000, class_weight="balanced"),
    )
    pipe.fit([mask_role_nouns(u.text) for u in train], [u.label for u in train])
    return pipe.predict([mask_role_nouns(t) for t in texts])


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


def _predict(
    train: list[Unit], texts: list[str], predictor: Predictor | None, params: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, np.ndarray] | None]:
    # A peer's labels, or our model's labels with the model and its probabilities.
    if predictor is not None:
        return np.asarray(predictor(train, texts)), None
    model = fit_units(train, **params)
    proba = model.predict_proba(texts)
    return model.classes_[proba.argmax(axis=1)], (model, proba)


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
    extra: dict[str, Any] = {}
    pred, fitted = _predict(corpus.select(authored=authored), texts, predictor, params)
    if fitted is not None:
        extra["ece"] = round(expected_calibration_error(fitted[1], truth, fitted[0].classes_), 4)
    styles = sorted({r.get("style", "?") for r in dev})
    style_of = [r.get("style", "?") for r in dev]
    hits = np.asarray(pred) == truth
    per_style = {s: round(float(hits[[x == s for x in style_of]].mean()), 4) for s in styles}
    return {**metrics(list(truth), list(pred)), **extra, "per_style_accuracy": per_style}


def ablation(corpus: Corpus, validation: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Each feature set with and without authored statements and role-noun masking.

    Measured by LODO and on the validation set only (never the development set).
    """
    rows = []
    for features in FEATURE_SETS:
        for authored in (True, False):
            for mask in (True, False):
                params: dict[str, Any] = {"features": features, "mask_roles": mask, "calibrate": False}
                row = {
                    "features": features,
                    "authored": authored,
                    "mask_roles": mask,
                    "lodo_macro_f1": leave_one_document_out(corpus, ours(**params), authored=authored)[
                        "macro_f1"
                    ],
                }
                if validation["sentences"] and authored:
                    v = validation_evaluation(corpus, validation, **params)
                    row["validation_macro_f1"] = v["sentences"]["macro_f1"]
                rows.append(row)
    return rows


#: Hyper-parameters compared by ``leadership-nlp evaluate --grid`` (the rest as
#: ``DEFAULT_PARAMS`` and ``DEFAULT_DISTILL``).
DEFAULT_GRID: dict[str, list[Any]] = {
    "prior": [None, 0.5, 0.6, 0.7, 0.85],
    "distill_weight": [0.0, 0.3],
}


def grid(corpus: Corpus, space: dict[str, list[Any]] | None = None) -> list[dict[str, Any]]:
    """LODO, CV and validation scores of every combination of ``space`` (default :data:`DEFAULT_GRID`).

    The development set plays no part in choosing a configuration. The rule
    (model card): the highest mean of the validation sentence macro-F1 (real
    CV and job-ad lines, O*NET tasks) and the CV macro-F1 over the corpus
    (statements in the registers users write); LODO is reported beside them.
    LODO and CV are measured without distillation: the build-time teacher
    was trained on every corpus unit, held-out ones included.

    Returns
    -------
    list of dict
        One row per combination: its parameters, ``lodo_macro_f1``, ``cv_macro_f1``,
        ``validation_macro_f1`` and ``validation_documents`` (agreement).
    """
    space = DEFAULT_GRID if space is None else space
    validation = load_validation(corpus.root)
    keys = sorted(space)
    rows = []
    for values in product(*(space[k] for k in keys)):
        # Calibrated: the neutral prior's shift is scaled by the temperature.
        params = {
            **DEFAULT_PARAMS,
            **DEFAULT_DISTILL,
            **dict(zip(keys, values, strict=True)),
        }
        untaught = {**params, "distill_weight": 0.0}
        row: dict[str, Any] = {
            **dict(zip(keys, values, strict=True)),
            "lodo_macro_f1": leave_one_document_out(corpus, ours(**untaught))["macro_f1"],
            "cv_macro_f1": cross_validation(corpus, ours(**untaught))["macro_f1"],
        }
        if validation["sentences"]:
            v = validation_evaluation(corpus, validation, **params)
            row["validation_macro_f1"] = v["sentences"]["macro_f1"]
            row["validation_documents"] = v.get("documents", {}).get("agreement", float("nan"))
        rows.append(row)
    return rows


#: SOC minor group 1 of major groups 33-53: first-line supervisors under any title
#: ("Chefs and Head Cooks"); like SOC 11 they are the validity check, never used to choose.
SUPERVISOR_GROUP = re.compile(r"^(3[3-9]|4\d|5[0-3])-1\d{3}")

#: The validation set's folder inside the corpus: never trained on, used to choose.
VALIDATION_DIR = "validation"


def load_validation(root: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Read ``corpus/validation``: labelled sentences (O*NET tasks, document lines) and documents.

    Returns
    -------
    dict
        ``"sentences"``: dicts with ``text``, ``label`` and ``set`` (the file
        stem); ``"documents"``: dicts with ``id``, ``text``, ``label``, ``kind``.
        Empty lists when the folder is missing.
    """
    folder = Path(root) / VALIDATION_DIR
    out: dict[str, list[dict[str, Any]]] = {"sentences": [], "documents": []}
    for name in ("onet_tasks", "lines"):
        path = folder / f"{name}.jsonl"
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    if SUPERVISOR_GROUP.match(row.get("soc", "")):
                        continue  # a first-line supervisor under another title: the validity check's
                    out["sentences"].append({"text": row["text"], "label": row["label"], "set": name})
    path = folder / "documents.jsonl"
    if path.exists():
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                with open(folder / row["file"], encoding="utf-8", newline="") as fh:
                    text = fh.read()
                out["documents"].append({**row, "text": text})
    return out


def validation_evaluation(
    corpus: Corpus,
    validation: dict[str, list[dict[str, Any]]],
    *,
    predictor: Predictor | None = None,
    **params: Any,
) -> dict[str, Any]:
    """Train on the corpus, test on the validation set (sentences, and documents for our model).

    Reports macro-F1 over all validation sentences and per part, the share
    of neutral sentences called neutral, and (our model only) document-label
    agreement and per-length calibration.
    """
    sents = validation["sentences"]
    texts = [r["text"] for r in sents]
    truth = np.array([r["label"] for r in sents], dtype=object)
    out: dict[str, Any] = {}
    pred, fitted = _predict(corpus.select(authored=True), texts, predictor, params)
    if fitted is not None:
        model, proba = fitted
        out["ece"] = round(expected_calibration_error(proba, truth, model.classes_), 4)
        out["ece_by_length"] = _ece_by_length(texts, proba, truth, model.classes_)
    out["sentences"] = metrics(list(truth), list(pred))
    for part in sorted({r["set"] for r in sents}):
        idx = [i for i, r in enumerate(sents) if r["set"] == part]
        out[part] = metrics(list(truth[idx]), list(pred[idx]))
    neutral = truth == "neutral"
    out["neutral_called_neutral"] = round(float(np.mean(np.asarray(pred)[neutral] == "neutral")), 4)
    docs = validation["documents"]
    if fitted is not None and docs:
        results = [fitted[0].classify(d["text"]) for d in docs]
        got = [r.label for r in results]
        want = [d["label"] for d in docs]
        out["documents"] = {
            "agreement": round(float(np.mean([a == b for a, b in zip(got, want, strict=True)])), 4),
            "n": len(docs),
            "confusion": {
                "labels": list(DOCUMENT_LABELS),
                "matrix": confusion_matrix(want, got, labels=list(DOCUMENT_LABELS)).tolist(),
            },
            "neutral_called_neutral": round(
                float(np.mean([g == "neutral" for g, w in zip(got, want, strict=True) if w == "neutral"]))
                if "neutral" in want
                else float("nan"),
                4,
            ),
        }
    return out


#: Sentence-length buckets (in words) for calibration by length.
LENGTH_BUCKETS: tuple[tuple[int, int], ...] = ((1, 3), (4, 8), (9, 16), (17, 10_000))


def _ece_by_length(
    texts: list[str], proba: np.ndarray, truth: np.ndarray, classes: np.ndarray
) -> dict[str, dict[str, float]]:
    words = np.array([len(t.split()) for t in texts])
    out = {}
    for lo, hi in LENGTH_BUCKETS:
        mask = (words >= lo) & (words <= hi)
        if mask.any():
            out[f"{lo}-{hi} words" if hi < 10_000 else f"{lo}+ words"] = {
                "n": int(mask.sum()),
                "ece": round(expected_calibration_error(proba[mask], truth[mask], classes), 4),
                "mean_confidence": round(float(proba[mask].max(axis=1).mean()), 4),
                "accuracy": round(float(np.mean(classes[proba[mask].argmax(axis=1)] == truth[mask])), 4),
            }
    return out


def evaluate(
    corpus: Corpus, dev_path: str | Path | None, *, run_ablation: bool = False, run_grid: bool = False
) -> dict[str, Any]:
    """Run the full evaluation of the default configuration and the peers.

    The validation set (``corpus/validation``) and leave-one-document-out are
    what configurations are chosen on; the development set, when given, is
    reported once for the configuration that ships.
    """
    dev = load_dev(dev_path) if dev_path and Path(dev_path).exists() else None
    validation = load_validation(corpus.root)
    params = {**DEFAULT_PARAMS, **DEFAULT_DISTILL}
    report: dict[str, Any] = {"params": params, "units": len(corpus.units)}
    # Without distillation: the teacher was trained on every unit, held-out ones included.
    untaught = ours(distill_weight=0.0)
    report["lodo"] = leave_one_document_out(corpus, untaught)
    report["lodo_without_authored"] = leave_one_document_out(corpus, untaught, authored=False)
    report["cv"] = cross_validation(corpus, untaught)
    if validation["sentences"]:
        report["validation"] = validation_evaluation(corpus, validation)
        # The same student without the teacher's pool: what distillation adds.
        report["validation_without_distillation"] = validation_evaluation(
            corpus, validation, distill_weight=0.0
        )
    peers = {"tfidf_lr": tfidf_peer}
    report["peers"] = {
        name: {"lodo": leave_one_document_out(corpus, p)["macro_f1"]} for name, p in peers.items()
    }
    for name, p in peers.items():
        if validation["sentences"]:
            v = validation_evaluation(corpus, validation, predictor=p)
            report["peers"][name]["validation"] = v["sentences"]["macro_f1"]
            report["peers"][name]["validation_neutral_called_neutral"] = v["neutral_called_neutral"]
    teacher = _teacher_metrics(corpus.root)
    if teacher:
        report["teacher"] = teacher
    if dev is not None:
        report["dev"] = dev_evaluation(corpus, dev)
        report["dev_without_authored"] = dev_evaluation(corpus, dev, authored=False, distill_weight=0.0)
        for name, p in peers.items():
            report["peers"][name]["dev"] = dev_evaluation(corpus, dev, predictor=p)["macro_f1"]
    if run_ablation:
        report["ablation"] = ablation(corpus, validation)
    if run_grid:
        report["grid"] = grid(corpus)
    return report


def _teacher_metrics(root: Path) -> dict[str, Any] | None:
    # The build-time teacher's own figures (``models/distill/teacher.py``
    # writes them; evaluating it needs torch, so they are read, not recomputed).
    path = Path(root) / "distill" / "teacher_meta.json"
    if not path.exists():
        return None
    return json.loads(path.read_text("utf-8"))


def format_report(report: dict[str, Any]) -> str:
    """Render the evaluation report as Markdown."""
    out = ["| evaluation | macro-F1 | accuracy | n |", "|---|---:|---:|---:|"]
    for key in ("lodo", "lodo_without_authored", "cv", "dev", "dev_without_authored"):
        if key in report:
            r = report[key]
            out.append(f"| {key} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} | {r['n']} |")
    for key in ("validation", "validation_without_distillation"):
        if key in report:
            v = report[key]
            for part in ("sentences", "onet_tasks", "lines"):
                if part in v:
                    r = v[part]
                    out.append(f"| {key}: {part} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} | {r['n']} |")
    if "validation" in report:
        v = report["validation"]
        out += [
            "",
            f"Validation: neutral sentences called neutral {v['neutral_called_neutral']:.3f}; "
            f"expected calibration error {v['ece']:.3f}.",
        ]
        if "documents" in v:
            d = v["documents"]
            out.append(
                f"Validation documents: agreement with the analyst's label {d['agreement']:.3f} "
                f"(n={d['n']}); neutral documents called neutral {d['neutral_called_neutral']:.3f}."
            )
        out += ["", "| sentence length | n | ECE | mean confidence | accuracy |", "|---|---:|---:|---:|---:|"]
        out += [
            f"| {k} | {b['n']} | {b['ece']:.3f} | {b['mean_confidence']:.3f} | {b['accuracy']:.3f} |"
            for k, b in v["ece_by_length"].items()
        ]
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
    nan = float("nan")
    out += [
        "",
        "| peer (trained on our corpus) | LODO macro-F1 | validation macro-F1 | dev macro-F1 |",
        "|---|---:|---:|---:|",
    ]
    for name, r in report["peers"].items():
        out.append(f"| {name} | {r['lodo']:.3f} | {r.get('validation', nan):.3f} | {r.get('dev', nan):.3f} |")
    if "teacher" in report:
        t = report["teacher"]
        out += [
            "",
            f"Teacher (build time only, `models/distill/teacher.py`): {t['teacher']} embeddings + "
            f"logistic regression (C={t['C']:g}) on {t['corpus_units']} corpus units, 5-fold CV macro-F1 "
            f"{t['cv_macro_f1']:.3f}; it labelled {t['pool_size']:,} O*NET task statements "
            f"(top class: {t['pool_argmax']}).",
        ]
    if "ablation" in report:
        out += [
            "",
            "| features | authored | role masking | LODO macro-F1 | validation macro-F1 |",
            "|---|---|---|---:|---:|",
        ]
        for r in report["ablation"]:
            out.append(
                f"| {r['features']} | {r['authored']} | {r['mask_roles']} | {r['lodo_macro_f1']:.3f} | "
                f"{r.get('validation_macro_f1', nan):.3f} |"
            )
    if "grid" in report and report["grid"]:
        scores = ("lodo_macro_f1", "cv_macro_f1", "validation_macro_f1", "validation_documents")
        keys = [k for k in report["grid"][0] if k not in scores]
        out += [
            "",
            "| " + " | ".join(keys) + " | LODO macro-F1 | CV macro-F1 | validation macro-F1 "
            "| validation documents | rule: mean(validation, CV) |",
        ]
        out += ["|" + "---|" * len(keys) + "---:|---:|---:|---:|---:|"]
        for r in report["grid"]:
            cells = " | ".join(str(r[k]) for k in keys)
            v, cv = r.get("validation_macro_f1", nan), r.get("cv_macro_f1", nan)
            out.append(
                f"| {cells} | {r['lodo_macro_f1']:.3f} | {cv:.3f} | {v:.3f} | "
                f"{r.get('validation_documents', nan):.3f} | {(v + cv) / 2:.3f} |"
            )
    return "\n".join(out)
