"""The evaluation report of ``leadership-nlp evaluate``: run it, render it as Markdown.

Leave-one-document-out and cross-validation (:mod:`~leadership_nlp.train.held_out`),
the validation set (:mod:`~leadership_nlp.train.validation_set`), the
development set (:mod:`~leadership_nlp.train.dev_set`), the peers
(:mod:`~leadership_nlp.train.predictors`) and the feature ablation and grid
(:mod:`~leadership_nlp.train.tuning`), as reported in ``models/MODEL_CARD.md``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .corpus import Corpus
from .dev_set import dev_evaluation, load_dev
from .held_out import cross_validation, leave_one_document_out
from .predictors import ours, tfidf_peer
from .training import DEFAULT_DISTILL, DEFAULT_PARAMS, distill_units
from .tuning import ablation, grid, rule_value
from .validation_set import CHECK_PARTS, SENTENCE_PARTS, load_validation, validation_evaluation

#: The pool weight reported beside a model trained without the pool (the middle of the default grid).
COMPARE_DISTILL_WEIGHT = 0.15


def evaluate(
    corpus: Corpus,
    dev_path: str | Path | None,
    *,
    run_ablation: bool = False,
    run_grid: bool = False,
    grid_space: dict[str, list[Any]] | None = None,
) -> dict[str, Any]:
    """Run the full evaluation of the default configuration and the peers.

    The validation set (``corpus/validation``) and leave-one-document-out are
    what configurations are chosen on; the development set, when given, is
    reported once for the configuration that ships. ``grid_space`` replaces
    the default grid (:data:`~leadership_nlp.train.tuning.DEFAULT_GRID`).
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
        # The same student on the other side of distillation, for the side-by-side:
        # without the teacher's pool where it is used, with it where it is not.
        if params["distill_weight"]:
            report["validation_without_distillation"] = validation_evaluation(
                corpus, validation, distill_weight=0.0
            )
        elif distill_units(corpus.root, min_p=params["distill_min_p"], sources=params["distill_sources"]):
            report["validation_with_distillation"] = validation_evaluation(
                corpus, validation, distill_weight=COMPARE_DISTILL_WEIGHT
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
            # Per part too: where a peer leads is where the corpus lacks something.
            report["peers"][name]["validation_parts"] = {
                part: v[part]["macro_f1"] for part in SENTENCE_PARTS if part in v
            } | {part: r["macro_f1"] for part, r in v.get("checks", {}).items()}
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
        report["grid"] = grid(corpus, grid_space)
    return report


def _teacher_metrics(root: Path) -> dict[str, Any] | None:
    # The build-time teacher's own figures (``models/distill/teacher.py``
    # writes them; evaluating it needs torch, so they are read, not recomputed).
    path = Path(root) / "distill" / "teacher_meta.json"
    if not path.exists():
        return None
    return json.loads(path.read_text("utf-8"))


def _pool_sources(teacher: dict[str, Any]) -> str:
    sources = teacher.get("pool_sources", {"onet": teacher["pool_size"]})
    onet, authored = sources.get("onet", 0), sources.get("authored", 0)
    return f"{onet:,} O*NET task statements, {authored:,} authored sentences"


def _peer_parts(report: dict[str, Any]) -> list[str]:
    # The model beside each peer on every part of the validation set (macro-F1).
    peers = {name: r["validation_parts"] for name, r in report["peers"].items() if r.get("validation_parts")}
    ours = {**report.get("validation", {}), **report.get("validation", {}).get("checks", {})}
    parts = [p for p in (*SENTENCE_PARTS, *CHECK_PARTS) if p in ours and all(p in v for v in peers.values())]
    if not peers or not parts:
        return []
    out = [
        "",
        "| validation part (macro-F1) | ours | " + " | ".join(peers) + " |",
        "|---|---:|" + "---:|" * len(peers),
    ]
    for part in parts:
        cells = " | ".join(f"{v[part]:.3f}" for v in peers.values())
        out.append(f"| {part} | {ours[part]['macro_f1']:.3f} | {cells} |")
    return out


def format_report(report: dict[str, Any]) -> str:
    """Render the evaluation report as Markdown."""
    out = ["| evaluation | macro-F1 | accuracy | n |", "|---|---:|---:|---:|"]
    for key in ("lodo", "lodo_without_authored", "cv", "dev", "dev_without_authored"):
        if key in report:
            r = report[key]
            out.append(f"| {key} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} | {r['n']} |")
    for key in ("validation", "validation_without_distillation", "validation_with_distillation"):
        if key in report:
            v = report[key]
            for part in ("sentences", *SENTENCE_PARTS):
                if part in v:
                    r = v[part]
                    out.append(f"| {key}: {part} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} | {r['n']} |")
    if "validation" in report:
        v = report["validation"]
        out += [
            "",
            f"Validation: neutral sentences called neutral {v['neutral_called_neutral']:.3f}; "
            f"expected calibration error {v['ece']:.3f}"
            + "".join(f"; {part} {ece:.3f}" for part, ece in v.get("ece_by_part", {}).items())
            + ".",
        ]
        for part, r in v.get("checks", {}).items():
            out.append(
                f"Beside the rule, not in its value: {part} (`corpus/validation/{part}.jsonl`) macro-F1 "
                f"{r['macro_f1']:.3f}, accuracy {r['accuracy']:.3f} (n={r['n']})."
            )
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
    out += _peer_parts(report)
    if "teacher" in report:
        t = report["teacher"]
        out += [
            "",
            f"Teacher (build time only, `models/distill/teacher.py`): {t['teacher']} embeddings + "
            f"logistic regression (C={t['C']:g}) on {t['corpus_units']} corpus units, 5-fold CV macro-F1 "
            f"{t['cv_macro_f1']:.3f}; it labelled {t['pool_size']:,} pool statements "
            + f"({_pool_sources(t)}; top class: {t['pool_argmax']}).",
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
        scores = (
            "lodo_macro_f1",
            "cv_macro_f1",
            "validation_macro_f1",
            "validation_statements",
            "validation_statements_b",
            "validation_statements_c",
            "validation_onet_tasks",
            "validation_neutral",
            "validation_documents",
            "check_role_lines",
        )
        moved = [
            f"{name}_{what}"
            for name in ("lodo", "cv", "validation", "role_lines")
            for what in ("changed", "net")
        ]
        interval = ["rule_delta_low", "rule_delta_high"]
        keys = [k for k in report["grid"][0] if k not in scores and k not in moved and k not in interval]
        show_moved = any(k in report["grid"][0] for k in moved)
        show_interval = all(k in report["grid"][0] for k in interval)
        show_check = "check_role_lines" in report["grid"][0]
        out += [
            "",
            "| " + " | ".join(keys) + " | LODO macro-F1 | CV macro-F1 | validation macro-F1 "
            "| of which statements: writer A | writer B | C (role profiles) | O*NET tasks "
            "| neutral called neutral "
            "| validation documents | rule: mean(validation, CV, LODO) |"
            + (" changed against the first row (net now right): LODO, CV, validation |" * show_moved)
            + (" rule less the first row's (90 % paired bootstrap interval) |" * show_interval)
            + (" beside the rule: role-profile lines (changed, net) |" * show_check),
        ]
        out += ["|" + "---|" * len(keys) + "---:|" * (10 + show_moved + show_interval + show_check)]
        base = rule_value(report["grid"][0])
        for r in report["grid"]:
            cells = " | ".join(str(r[k]) for k in keys)
            v, cv = r.get("validation_macro_f1", nan), r.get("cv_macro_f1", nan)
            out.append(
                f"| {cells} | {r['lodo_macro_f1']:.3f} | {cv:.3f} | {v:.3f} | "
                f"{r.get('validation_statements', nan):.3f} | {r.get('validation_statements_b', nan):.3f} | "
                f"{r.get('validation_statements_c', nan):.3f} | "
                f"{r.get('validation_onet_tasks', nan):.3f} | {r.get('validation_neutral', nan):.3f} | "
                f"{r.get('validation_documents', nan):.3f} | {rule_value(r):.4f} |"
                + (f" {_moved(r)} |" if show_moved else "")
                + (f" {rule_value(r) - base:+.4f} ({_interval(r)}) |" if show_interval else "")
                + (f" {_check(r)} |" if show_check else "")
            )
    return "\n".join(out)


def _moved(row: dict[str, Any]) -> str:
    # "1 (-1), 12 (+2), 5 (+1)": units whose label changed against the grid's first row, and
    # how many more of them are right now than were before.
    return ", ".join(
        f"{row[f'{name}_changed']} ({row[f'{name}_net']:+d})"
        for name in ("lodo", "cv", "validation")
        if f"{name}_changed" in row
    )


def _check(row: dict[str, Any]) -> str:
    # "0.659 (4, -2)": macro-F1 on the role-profile lines, and their changes against the first row.
    moved = (
        f" ({row['role_lines_changed']}, {row['role_lines_net']:+d})" if "role_lines_changed" in row else ""
    )
    return f"{row.get('check_role_lines', float('nan')):.3f}{moved}"


def _interval(row: dict[str, Any]) -> str:
    # "-0.0120, +0.0080": the 90 % paired bootstrap interval of the rule's difference.
    return f"{row['rule_delta_low']:+.4f}, {row['rule_delta_high']:+.4f}"
