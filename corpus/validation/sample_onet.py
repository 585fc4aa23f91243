"""Reproduce the O*NET task sample of ``onet_tasks.jsonl`` (ids, texts, strata; not the labels).

Run from the repository root with the O*NET 30.1 ``Task Statements.txt`` at hand::

    python corpus/validation/sample_onet.py ../shared/data/onet/"Task Statements.txt"

It prints one JSON line per sampled statement (id, text, soc, title, stratum) in the order of
``onet_tasks.jsonl``. Occupations of SOC major group 11 and titles starting with
"First-Line Supervisors" are excluded before sampling.
"""

import csv
import json
import random
import sys

SEED = 20261203
N_RANDOM = 300
N_KEYWORD = 300
STEMS = (
    "supervis", "direct", "coordinat", "manag", "plan", "schedul", "train", "budget", "develop",
    "lead", "polic", "procedur", "staff", "assign", "evaluat", "motivat", "strateg", "goal",
    "improv", "change",
)  # fmt: skip


def allowed(soc: str, title: str) -> bool:
    """Whether an occupation may be used for validation (not SOC 11, not First-Line Supervisors)."""
    return not soc.startswith("11-") and not title.startswith("First-Line Supervisors")


def has_stem(text: str) -> bool:
    """Whether a task statement contains one of the keyword stems (case-insensitive)."""
    low = text.lower()
    return any(stem in low for stem in STEMS)


def sample(path: str) -> list[dict]:
    """Return the sampled statements: 300 uniform, then 300 among the remaining keyword statements."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if allowed(r["O*NET-SOC Code"], r["Title"])]
    rng = random.Random(SEED)
    uniform = rng.sample(rows, N_RANDOM)
    taken = {r["Task ID"] for r in uniform}
    pool = [r for r in rows if r["Task ID"] not in taken and has_stem(r["Task"])]
    keyword = rng.sample(pool, N_KEYWORD)
    out = []
    for stratum, part in (("random", uniform), ("keyword", keyword)):
        for r in part:
            out.append(
                {
                    "id": f"onet-{r['Task ID']}",
                    "text": r["Task"],
                    "soc": r["O*NET-SOC Code"],
                    "title": r["Title"],
                    "stratum": stratum,
                }
            )
    return out


if __name__ == "__main__":
    for item in sample(sys.argv[1]):
        print(json.dumps(item, ensure_ascii=False))
