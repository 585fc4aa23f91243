"""Reproduce the O*NET training sample of ``tasks.jsonl`` (ids, texts, strata; not the labels).

Run from the repository root with the O*NET 30.1 ``Task Statements.txt`` at hand::

    python corpus/onet/sample.py ../shared/data/onet/"Task Statements.txt"

It prints one JSON line per sampled statement (id, text, soc, title, stratum) in the order of
``tasks.jsonl``. Left out before sampling: the validity check (SOC major group 11, titles starting
with "First-Line Supervisors", and the SOC supervisor groups, minor group 1 of major groups 33-53)
and every statement of the validation set (by id and by text; after drawing, also near copies:
word-set Jaccard >= 0.7); a text listed under several occupations counts once.
"""

import csv
import importlib.util
import json
import random
import sys
from pathlib import Path

from leadership_nlp.train.corpus import near_copies
from leadership_nlp.train.validation_set import SUPERVISOR_GROUP

SEED = 20261204
N_RANDOM = 400
N_KEYWORD = 400
#: Draws of 400 + 400 (each added after the earlier ones were labelled; the third on 2026-12-05).
DRAWS = 3
VALIDATION = Path(__file__).resolve().parent.parent / "validation" / "onet_tasks.jsonl"


def _validation_sampler():
    spec = importlib.util.spec_from_file_location("sample_onet", VALIDATION.with_name("sample_onet.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: The validation sample's keyword stems, so that oriented tasks and hard negatives are common.
STEMS = _validation_sampler().STEMS


def allowed(soc: str, title: str) -> bool:
    """Whether an occupation may be trained on (outside the validity check)."""
    return not (
        soc.startswith("11-") or title.startswith("First-Line Supervisors") or SUPERVISOR_GROUP.match(soc)
    )


def sample(path: str) -> list[dict]:
    """Return the sample: per draw, 400 uniform, then 400 among the remaining keyword statements."""
    held = [json.loads(line) for line in VALIDATION.read_text("utf-8").splitlines() if line.strip()]
    held_ids = {row["id"] for row in held}
    held_texts = {row["text"].strip().lower() for row in held}
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [
            r
            for r in csv.DictReader(fh, delimiter="\t")
            if allowed(r["O*NET-SOC Code"], r["Title"])
            and f"onet-{r['Task ID']}" not in held_ids
            and r["Task"].strip().lower() not in held_texts
        ]
    first: dict[str, dict] = {}
    for r in rows:  # the same task text under several occupations: keep the first
        first.setdefault(r["Task"].strip().lower(), r)
    rows = list(first.values())
    rng = random.Random(SEED)
    out = []
    for _ in range(DRAWS):  # each draw from what earlier draws left; the first is unchanged by later ones
        uniform = rng.sample(rows, N_RANDOM)
        taken = {r["Task ID"] for r in uniform}
        rows = [r for r in rows if r["Task ID"] not in taken]
        pool = [r for r in rows if any(s in r["Task"].lower() for s in STEMS)]
        keyword = rng.sample(pool, N_KEYWORD)
        taken = {r["Task ID"] for r in keyword}
        rows = [r for r in rows if r["Task ID"] not in taken]
        out += [
            {
                "id": f"onet-{r['Task ID']}",
                "text": r["Task"],
                "soc": r["O*NET-SOC Code"],
                "title": r["Title"],
                "stratum": stratum,
            }
            for stratum, part in (("random", uniform), ("keyword", keyword))
            for r in part
        ]
    # A task written twice with a word or a comma changed is the same task: drop the training
    # copy of any validation statement (word-set Jaccard >= 0.7), after drawing, so the draws stay.
    copies = near_copies([row["text"] for row in out], [row["text"] for row in held])
    return [row for i, row in enumerate(out) if i not in copies]


if __name__ == "__main__":
    for item in sample(sys.argv[1]):
        print(json.dumps(item, ensure_ascii=False))
