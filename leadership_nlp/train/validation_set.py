"""The validation set (``corpus/validation``): never trained on, what configurations are chosen on."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix

from ..core.constants import DOCUMENT_LABELS
from .compile import compilable
from .corpus import Corpus
from .metrics import ece_by_length, expected_calibration_error, metrics
from .predictors import Predictor, fit_and_predict

#: SOC minor group 1 of major groups 33-53: first-line supervisors under any title
#: ("Chefs and Head Cooks"); like SOC 11 they are the validity check, never used to choose.
SUPERVISOR_GROUP = re.compile(r"^(3[3-9]|4\d|5[0-3])-1\d{3}")

#: The validation set's folder inside the corpus: never trained on, used to choose.
VALIDATION_DIR = "validation"
#: Its files of labelled sentences (``<part>.jsonl``), one part each in the reports.
SENTENCE_PARTS: tuple[str, ...] = ("onet_tasks", "lines", "statements", "statements_b", "statements_c")
#: Labelled lines reported beside the selection rule, not in its value (and never trained on):
#: ``role_lines``, lines of the role-profile set labelled for orientation, mostly spans of
#: control, where a change aimed at guideline C.6 shows what it breaks; for such a change a
#: configuration that loses on them, net, does not ship (``models/MODEL_CARD.md``).
CHECK_PARTS: tuple[str, ...] = ("role_lines",)


def validation_texts(root: str | Path) -> list[str]:
    """Return the text of every labelled sentence of ``corpus/validation`` (all parts, supervisors too)."""
    folder = Path(root) / VALIDATION_DIR
    out = []
    for name in (*SENTENCE_PARTS, *CHECK_PARTS):
        path = folder / f"{name}.jsonl"
        if path.exists():
            out += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line.strip()]
    return out


def load_validation(root: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Read ``corpus/validation``: labelled sentences (O*NET tasks, lines, statements) and documents.

    Returns
    -------
    dict
        ``"sentences"``: dicts with ``text``, ``label`` and ``set`` (the file
        stem); ``"checks"``: the same for :data:`CHECK_PARTS`; ``"documents"``:
        dicts with ``id``, ``text``, ``label``, ``kind``. Empty lists when the
        folder is missing.
    """
    folder = Path(root) / VALIDATION_DIR
    out: dict[str, list[dict[str, Any]]] = {"sentences": [], "checks": [], "documents": []}
    for key, names in (("sentences", SENTENCE_PARTS), ("checks", CHECK_PARTS)):
        for name in names:
            path = folder / f"{name}.jsonl"
            if not path.exists():
                continue
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    if SUPERVISOR_GROUP.match(row.get("soc", "")):
                        continue  # a first-line supervisor under another title: the validity check's
                    out[key].append({"text": row["text"], "label": row["label"], "set": name})
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
    keep_predictions: bool = False,
    **params: Any,
) -> dict[str, Any]:
    """Train on the corpus, test on the validation set (sentences, and documents for our model).

    Reports macro-F1 over all validation sentences and per part, the share
    of neutral sentences called neutral, and (our model only) document-label
    agreement and calibration per part (register) and per sentence length;
    with ``keep_predictions``, also each sentence's predicted label (``"predictions"``,
    in the order of ``validation["sentences"]``). The check parts (``validation["checks"]``)
    are predicted by the same model and reported apart, under ``"checks"`` (macro-F1 per
    part; with ``keep_predictions``, ``"check_predictions"``): none of the figures above
    includes them.
    """
    sents = validation["sentences"]
    checks = validation.get("checks", [])
    texts = [r["text"] for r in sents]
    truth = np.array([r["label"] for r in sents], dtype=object)
    out: dict[str, Any] = {}
    pred, fitted = fit_and_predict(
        corpus.select(authored=True), texts + [r["text"] for r in checks], predictor, params
    )
    pred, check_pred = pred[: len(texts)], pred[len(texts) :]
    if checks:
        out["checks"] = {
            part: metrics(
                [r["label"] for r in checks if r["set"] == part],
                [str(p) for r, p in zip(checks, check_pred, strict=True) if r["set"] == part],
            )
            for part in sorted({r["set"] for r in checks})
        }
        if keep_predictions:
            out["check_predictions"] = [str(p) for p in check_pred]
    if fitted is not None:
        model, proba = fitted[0], fitted[1][: len(texts)]
        fitted = model, proba
        out["ece"] = round(expected_calibration_error(proba, truth, model.classes_), 4)
        out["ece_by_length"] = ece_by_length(texts, proba, truth, model.classes_)
    out["sentences"] = metrics(list(truth), list(pred))
    if keep_predictions:
        out["predictions"] = [str(p) for p in pred]
    for part in sorted({r["set"] for r in sents}):
        idx = [i for i, r in enumerate(sents) if r["set"] == part]
        out[part] = metrics(list(truth[idx]), list(pred[idx]))
        if fitted is not None:
            ece = expected_calibration_error(fitted[1][idx], truth[idx], fitted[0].classes_)
            out.setdefault("ece_by_part", {})[part] = round(ece, 4)
    neutral = truth == "neutral"
    out["neutral_called_neutral"] = round(float(np.mean(np.asarray(pred)[neutral] == "neutral")), 4)
    docs = validation["documents"]
    # Whole documents are classified through the compiled model; the research
    # feature sets (char, vectors) have none, so they are judged on sentences only.
    if fitted is not None and docs and compilable(fitted[0]):
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
