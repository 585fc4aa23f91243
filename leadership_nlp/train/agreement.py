"""Inter-labeller agreement on a sample of the corpus or of the validation set.

Cohen's kappa between the labels and a second, independent labelling
(``corpus/agreement/``, ``corpus/validation/agreement/``).
"""

from __future__ import annotations

import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from .corpus import Corpus, Unit
from .validation_set import CHECK_PARTS, SENTENCE_PARTS


def agreement(corpus: Corpus, second: list[dict]) -> dict:
    """Compare second labels (``id``, ``label``, ``facets``) with the corpus.

    Returns
    -------
    dict
        ``n``, ``kappa`` (label; ``None`` when both labellings use one and the
        same label, where kappa is undefined), ``label_agreement``,
        ``facet_jaccard`` (mean Jaccard of facet sets over units both call
        oriented) and ``disagreements``.

    Raises
    ------
    ValueError
        If the second labels are empty or name a unit the corpus does not
        have (a wrong file or corpus would otherwise be measured on fewer units).
    """
    by_id = {u.id: u for u in corpus.units} | _validation_units(corpus)
    missing = [str(r.get("id")) for r in second if r.get("id") not in by_id]
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise ValueError(f"{len(missing)} id(s) not in the corpus: {', '.join(missing[:5])}{more}")
    if not second:
        raise ValueError("no second labels")
    pairs = [(by_id[r["id"]], r) for r in second]
    first = [u.label for u, _ in pairs]
    other = [r["label"] for _, r in pairs]
    jac = []
    for u, r in pairs:
        if u.label != "neutral" and r["label"] == u.label and "facets" in r:
            a, b = set(u.facets), set(r.get("facets", []))
            jac.append(len(a & b) / len(a | b) if a | b else 1.0)
    # Kappa measures agreement beyond chance; a sample all of one label on both
    # sides (a batch of neutral lines) has no chance baseline to beat.
    kappa = None if len(set(first) | set(other)) < 2 else round(float(cohen_kappa_score(first, other)), 3)
    return {
        "n": len(pairs),
        "kappa": kappa,
        "label_agreement": round(sum(map(str.__eq__, first, other)) / max(len(pairs), 1), 3),
        "facet_jaccard": round(sum(jac) / len(jac), 3) if jac else None,
        "disagreements": [
            {"id": u.id, "text": u.text, "first": u.label, "second": r["label"]}
            for u, r in pairs
            if u.label != r["label"]
        ],
    }


def _validation_units(corpus: Corpus) -> dict[str, Unit]:
    # The validation set's labelled sentences, so its second labels are
    # measured by the same command (they are never training units).
    out = {}
    for name in (*SENTENCE_PARTS, *CHECK_PARTS):
        path = corpus.root / "validation" / f"{name}.jsonl"
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    out[row["id"]] = Unit(
                        row["id"], row["text"], row["label"], tuple(row.get("facets", ())), "cv", "validation"
                    )
    return out


def agreement_report(corpus: Corpus, paths: list[Path]) -> str:
    """Markdown summary of agreement for each second-labeller file, and for all of them pooled.

    Raises
    ------
    OSError, ValueError
        For a file that cannot be read, is not JSON Lines, or names units the corpus lacks.
    """
    lines = [
        "| sample | units | Cohen's kappa | label agreement | facet Jaccard |",
        "|---|---:|---:|---:|---:|",
    ]
    details = []
    pooled: list[dict] = []
    for path in paths:
        try:
            rows = [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]
            bad = next(
                (
                    i
                    for i, r in enumerate(rows, 1)
                    if not (isinstance(r, dict) and "id" in r and "label" in r)
                ),
                0,
            )
            if bad:
                raise ValueError(f"record {bad} is not an object with an id and a label")
            a = agreement(corpus, rows)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            raise ValueError(f"{path}: {exc}") from None
        lines.append(_row(path.name, a))
        details += [f"- {d['id']} ({d['first']} vs {d['second']}): {d['text']}" for d in a["disagreements"]]
        pooled += rows
    if len(paths) > 1:
        lines.append(_row("**all samples pooled**", agreement(corpus, pooled)))
    return "\n".join(lines + ["", "Disagreements:"] + details)


def _row(name: str, a: dict) -> str:
    kappa = "n/a (one label)" if a["kappa"] is None else f"{a['kappa']:.3f}"
    return f"| {name} | {a['n']} | {kappa} | {a['label_agreement']:.3f} | {a['facet_jaccard']} |"
