"""Configurations compared: the feature ablation and the hyper-parameter grid.

Both are scored by leave-one-document-out, cross-validation and the
validation set; the development set plays no part in choosing.
"""

from __future__ import annotations

from itertools import product
from typing import Any

import numpy as np

from ..core.constants import SENTENCE_LABELS
from .corpus import Corpus
from .features import FEATURE_SETS
from .held_out import cv_predictions, leave_one_document_out, lodo_predictions
from .metrics import macro_f1_of_confusions, metrics
from .predictors import ours
from .training import DEFAULT_DISTILL, DEFAULT_PARAMS
from .validation_set import load_validation, validation_evaluation


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
    "prior": [None, 0.5, 0.6, 0.7],
    "distill_weight": [0.0, 0.15, 0.3],
}


def rule_value(row: dict[str, Any]) -> float:
    """Return the selection rule's value of a :func:`grid` row: mean of validation, CV and LODO macro-F1.

    Differences under 0.001 are ties, broken by ``validation_documents``
    (model card). LODO joined the rule in the twelfth run (``models/selection.md``).
    """
    keys = ("validation_macro_f1", "cv_macro_f1", "lodo_macro_f1")
    return sum(float(row.get(k, float("nan"))) for k in keys) / len(keys)


def grid(corpus: Corpus, space: dict[str, list[Any]] | None = None) -> list[dict[str, Any]]:
    """LODO, CV and validation scores of every combination of ``space`` (default :data:`DEFAULT_GRID`).

    The development set plays no part in choosing a configuration. The rule
    (model card, :func:`rule_value`): among the configurations that keep the
    bounds (the tests), the highest mean of the validation sentence macro-F1
    (real CV and job-ad lines, O*NET tasks, statements by other writers), the
    CV macro-F1 over the corpus (statements in the registers users write) and
    the LODO macro-F1 (the essays). LODO and CV are measured without
    distillation: the build-time teacher was trained on every corpus unit,
    held-out ones included.

    Returns
    -------
    list of dict
        One row per combination: its parameters, ``lodo_macro_f1``, ``cv_macro_f1``,
        ``validation_macro_f1``, ``validation_statements`` and
        ``validation_statements_b``, ``validation_statements_c`` (macro-F1 on each
        writer's statements; C: role-profile and front-line CV lines),
        ``validation_onet_tasks`` (macro-F1 on the O*NET task statements: the
        only validation sentences no helper of ours wrote),
        ``validation_neutral`` (share of neutral sentences called neutral) and
        ``validation_documents`` (agreement); beside them, outside the rule,
        ``check_role_lines`` (macro-F1 on the role-profile lines of
        ``corpus/validation/role_lines.jsonl``) and how many of those lines changed
        label against the first row, net (``role_lines_changed``, ``role_lines_net``);
        and, against the first row, how many
        LODO, CV and validation sentences changed label, and of those how many are
        right now less how many were right before (``lodo_changed``, ``lodo_net``,
        ``cv_changed``, ...; :func:`changes`): one LODO unit moves the rule by about
        0.0017, more than a tie; and a 90 % paired bootstrap interval of the row's rule
        less the first row's (``rule_delta_low``, ``rule_delta_high``; :func:`rule_interval`).
    """
    space = DEFAULT_GRID if space is None else space
    validation = load_validation(corpus.root)
    keys = sorted(space)
    rows = []
    # Per row: (truth, predictions) of LODO, CV and the validation sentences, to compare rows.
    seen: list[dict[str, tuple[list[str], list[str]]]] = []
    # And of the check lines, compared apart: they are outside the rule and its interval.
    checked: list[dict[str, tuple[list[str], list[str]]]] = []
    for values in product(*(space[k] for k in keys)):
        # Calibrated: the neutral prior's shift is scaled by the temperature.
        params = {
            **DEFAULT_PARAMS,
            **DEFAULT_DISTILL,
            **dict(zip(keys, values, strict=True)),
        }
        untaught = {**params, "distill_weight": 0.0}
        lodo_true, lodo_pred, _ = lodo_predictions(corpus, ours(**untaught))
        cv_true, cv_pred = cv_predictions(corpus, ours(**untaught))
        predicted = {"lodo": (lodo_true, lodo_pred), "cv": (cv_true, cv_pred)}
        row: dict[str, Any] = {
            **dict(zip(keys, values, strict=True)),
            "lodo_macro_f1": metrics(lodo_true, lodo_pred)["macro_f1"],
            "cv_macro_f1": metrics(cv_true, cv_pred)["macro_f1"],
        }
        if validation["sentences"]:
            v = validation_evaluation(corpus, validation, keep_predictions=True, **params)
            if "predictions" in v:
                predicted["validation"] = ([r["label"] for r in validation["sentences"]], v["predictions"])
            row["validation_macro_f1"] = v["sentences"]["macro_f1"]
            # Reported beside the rule: text by writers the corpus never saw.
            row["validation_statements"] = v.get("statements", {}).get("macro_f1", float("nan"))
            row["validation_statements_b"] = v.get("statements_b", {}).get("macro_f1", float("nan"))
            row["validation_statements_c"] = v.get("statements_c", {}).get("macro_f1", float("nan"))
            # Beside the rule too: human-written text, and the neutral lines users bring most.
            row["validation_onet_tasks"] = v.get("onet_tasks", {}).get("macro_f1", float("nan"))
            row["validation_neutral"] = v.get("neutral_called_neutral", float("nan"))
            row["validation_documents"] = v.get("documents", {}).get("agreement", float("nan"))
            if "check_predictions" in v:
                for part, r in v["checks"].items():
                    row[f"check_{part}"] = r["macro_f1"]
                checked.append(_by_part(validation["checks"], v["check_predictions"]))
        rows.append(row)
        seen.append(predicted)
    for row, predicted in zip(rows, seen, strict=True):
        row.update(changes(seen[0], predicted))
        row.update(rule_interval(seen[0], predicted))
    if len(checked) == len(rows):
        for row, predicted in zip(rows, checked, strict=True):
            row.update(changes(checked[0], predicted))
    return rows


def _by_part(rows: list[dict[str, Any]], predicted: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    # (true labels, predicted labels) of each check part, in the rows' order.
    out: dict[str, tuple[list[str], list[str]]] = {}
    for row, label in zip(rows, predicted, strict=True):
        truth, pred = out.setdefault(row["set"], ([], []))
        truth.append(row["label"])
        pred.append(label)
    return out


def changes(
    first: dict[str, tuple[list[str], list[str]]], other: dict[str, tuple[list[str], list[str]]]
) -> dict[str, int]:
    """Return how many units ``other`` labels otherwise than ``first``, and the net gain, per evaluation.

    ``first`` and ``other`` map an evaluation ("lodo", "cv", "validation") to
    (true labels, predicted labels) of the same units in the same order.
    ``<name>_net`` is how many of the changed units are right in ``other``
    less how many were right in ``first``.

    Examples
    --------
    >>> changes({"lodo": (["a", "b", "c"], ["a", "a", "a"])}, {"lodo": (["a", "b", "c"], ["a", "b", "b"])})
    {'lodo_changed': 2, 'lodo_net': 1}
    """
    out = {}
    for name, (truth, before) in first.items():
        if name not in other:
            continue
        after = other[name][1]
        moved = [(t, b, a) for t, b, a in zip(truth, before, after, strict=True) if a != b]
        out[f"{name}_changed"] = len(moved)
        out[f"{name}_net"] = sum(a == t for t, _, a in moved) - sum(b == t for t, b, _ in moved)
    return out


#: Draws of the paired bootstrap of :func:`rule_interval`.
BOOTSTRAP_DRAWS = 2000


def rule_interval(
    first: dict[str, tuple[list[str], list[str]]],
    other: dict[str, tuple[list[str], list[str]]],
    *,
    draws: int = BOOTSTRAP_DRAWS,
    level: float = 0.9,
    seed: int = 0,
) -> dict[str, float]:
    """Return a paired bootstrap interval of the rule's value of ``other`` less that of ``first``.

    ``first`` and ``other`` are as in :func:`changes`. Each evaluation's units
    are drawn again with replacement, the same draw for both rows (so the interval
    is of the difference, not of either figure); macro-F1 of both is computed on
    the draw, and the rule's difference is the mean of the differences of the
    evaluations both rows have, as :func:`rule_value` averages them. It says how
    far the difference could move with other sentences of the same kind, and no
    more: units that come in groups (LODO's five essays, the validation set's
    documents), retraining and the folds' split are not drawn again, and LODO's
    units are drawn apart from CV's although they are among them, so it is a
    lower bound on the uncertainty. Reported beside the rule, not part of it
    (``models/selection.md``).

    A draw of n units only decides how many units of each (truth, first's label,
    other's label) kind it holds, so each draw is one multinomial over those 27
    kinds: the same distribution as drawing units, at a cost that does not grow
    with n. Seeded: the same predictions give the same interval.

    Examples
    --------
    >>> same = {"lodo": (["leadership", "neutral"], ["leadership", "leadership"])}
    >>> rule_interval(same, same)
    {'rule_delta_low': 0.0, 'rule_delta_high': 0.0}
    """
    code = {label: i for i, label in enumerate(SENTENCE_LABELS)}
    k = len(code)
    rng = np.random.default_rng(seed)
    delta = np.zeros(draws)
    used = 0
    for name in (name for name in first if name in other):
        (truth, before), after = first[name], other[name][1]
        kinds = [(code[t] * k + code[b]) * k + code[a] for t, b, a in zip(truth, before, after, strict=True)]
        if not kinds:
            continue
        share = np.bincount(kinds, minlength=k**3) / len(kinds)
        counts = rng.multinomial(len(kinds), share, size=draws).reshape(draws, k, k, k)
        delta += macro_f1_of_confusions(counts.sum(axis=2)) - macro_f1_of_confusions(counts.sum(axis=3))
        used += 1
    delta /= max(used, 1)
    tail = (1.0 - level) / 2
    low, high = np.quantile(delta, [tail, 1.0 - tail])
    return {"rule_delta_low": round(float(low), 4) + 0.0, "rule_delta_high": round(float(high), 4) + 0.0}
