"""Precision and recall of the role profile on a labelled set of sentences.

Run ``python -m leadership_nlp.train.role_profile_eval corpus/role_profiles/role_profile_set.jsonl``
(``--split NAME`` for one split: ``dev``, ``test``, ``fresh``, ``dev2`` .. ``dev20`` or the
held-out ``fresh3``; ``--errors`` to list the misses). Each
line of the set is ``{"id", "text", "span_of_control", "direct_reports", "budget", "sites",
"note", "split"}``, ``budget`` being ``{"amount", "currency"}`` or null.

A field counts as predicted when the profile states it and as correct when it equals the
label (a budget: the same currency and an amount within 0.5 %). Precision is correct over
predicted, recall correct over labelled; a wrong value counts against both.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.role_result import RoleProfile

#: The fields scored, in table order.
FIELDS = ("span_of_control", "direct_reports", "budget", "sites")


@dataclass(frozen=True)
class FieldScore:
    """Counts and rates for one field."""

    field: str
    labelled: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        """Correct over predicted (1.0 when nothing was predicted)."""
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Correct over labelled (1.0 when nothing was labelled)."""
        return self.correct / self.labelled if self.labelled else 1.0


def load_set(path: str | Path, split: str | None = None) -> list[dict[str, Any]]:
    """Read the labelled set, keeping one ``split`` ("dev", "fresh3", ...; "all" keeps every row) if given."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split in (None, "all") or r.get("split") == split]


def predicted(profile: RoleProfile, field: str) -> Any:
    """Return the value of ``field`` in ``profile``, in the labelled set's form."""
    value = getattr(profile, field)
    if field == "budget" and value is not None:
        return {"amount": value.amount, "currency": value.currency}
    return value


def same(field: str, gold: Any, pred: Any) -> bool:
    """Whether a predicted value matches its label."""
    if field == "budget":
        return gold["currency"] == pred["currency"] and abs(gold["amount"] - pred["amount"]) <= 0.005 * abs(
            gold["amount"]
        )
    return gold == pred


def profiles(texts: Iterable[str]) -> list[RoleProfile]:
    """Return the role profile of each text, as :func:`leadership_nlp.classify` gives it."""
    from ..api import classify_batch

    return [r.role_profile for r in classify_batch(list(texts))]


def evaluate(rows: Sequence[dict[str, Any]]) -> tuple[list[FieldScore], list[str]]:
    """Score the role profile on ``rows``; return the per-field scores and the errors."""
    found = profiles(r["text"] for r in rows)
    scores, errors = [], []
    for field in FIELDS:
        labelled = predicted_n = correct = 0
        for row, profile in zip(rows, found, strict=True):
            gold, pred = row[field], predicted(profile, field)
            labelled += gold is not None
            predicted_n += pred is not None
            ok = gold is not None and pred is not None and same(field, gold, pred)
            correct += ok
            if not ok and (gold is not None or pred is not None):
                errors.append(f"{row['id']} {field}: gold {gold} predicted {pred}  {row['text']!r}")
        scores.append(FieldScore(field, labelled, predicted_n, correct))
    return scores, errors


def table(scores: Sequence[FieldScore], title: str = "") -> str:
    """Return a plain-text table of the scores."""
    lines = [title] if title else []
    lines.append(f"{'field':<16}{'labelled':>9}{'predicted':>10}{'correct':>8}{'precision':>10}{'recall':>8}")
    for s in scores:
        lines.append(
            f"{s.field:<16}{s.labelled:>9}{s.predicted:>10}{s.correct:>8}{s.precision:>10.3f}{s.recall:>8.3f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the precision/recall table of each split of a labelled set."""
    parser = argparse.ArgumentParser(
        prog="python -m leadership_nlp.train.role_profile_eval", description=__doc__
    )
    parser.add_argument("path", help="labelled set (JSON Lines)")
    parser.add_argument(
        "--split", default=None, help="one split only (dev, test, fresh, dev2 .. dev20, fresh3 or all)"
    )
    parser.add_argument("--errors", action="store_true", help="list every wrong or missed value")
    args = parser.parse_args(argv)
    present = list(dict.fromkeys(r.get("split") for r in load_set(args.path) if r.get("split")))
    splits = [args.split] if args.split else [*present, "all"]
    for split in splits:
        rows = load_set(args.path, split)
        scores, errors = evaluate(rows)
        print(table(scores, f"{split} ({len(rows)} sentences)"))
        if args.errors:
            print("\n".join(errors))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
