"""The O*NET task statements trained on (``corpus/onet/``) stay outside the validity check and validation."""

import csv
import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from leadership_nlp.train.validation_set import SUPERVISOR_GROUP

ROOT = Path(__file__).resolve().parents[2]
TASKS = ROOT / "corpus" / "onet" / "tasks.jsonl"
VALIDATION = ROOT / "corpus" / "validation" / "onet_tasks.jsonl"
ONET = ROOT.parent / "shared" / "data" / "onet" / "Task Statements.txt"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def tasks():
    return _rows(TASKS)


def _sample_module():
    spec = importlib.util.spec_from_file_location("onet_sample", ROOT / "corpus" / "onet" / "sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_schema(tasks):
    keys = {"id", "text", "label", "facets", "register", "source", "soc", "title", "stratum", "note"}
    for t in tasks:
        assert set(t) == keys, t["id"]
        assert re.fullmatch(r"onet-\d+", t["id"])
        assert re.fullmatch(r"\d\d-\d{4}\.\d\d", t["soc"]), t["id"]
        assert (t["source"], t["register"]) == ("onet", "task"), t["id"]
        assert t["note"], t["id"]
    # three draws of 400 + 400, less the 17 near copies of validation statements (corpus/onet/README.md)
    assert Counter(t["stratum"] for t in tasks) == {"random": 1196, "keyword": 1187}
    assert len({t["text"].lower() for t in tasks}) == len(tasks)


def test_no_validity_check_occupation(tasks):
    for t in tasks:
        assert not t["soc"].startswith("11-"), t["id"]
        assert not t["title"].startswith("First-Line Supervisors"), t["id"]
        assert not SUPERVISOR_GROUP.match(t["soc"]), t["id"]


def test_nothing_from_the_validation_set(tasks):
    held = _rows(VALIDATION)
    assert not {t["id"] for t in tasks} & {h["id"] for h in held}
    assert not {t["text"].lower() for t in tasks} & {h["text"].lower() for h in held}


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.lower()))


def test_no_near_copy_of_a_validation_statement(tasks):
    # the same task written twice with a comma or an "and"/"or" changed (word-set Jaccard >= 0.7)
    held = [_words(h["text"]) for h in _rows(VALIDATION)]
    near = [
        t["id"]
        for t in tasks
        if any(len(_words(t["text"]) & h) >= 0.7 * len(_words(t["text"]) | h) for h in held)
    ]
    assert not near


def test_sample_reproduces_from_source(tasks):
    if not ONET.exists():
        pytest.skip("O*NET Task Statements.txt not present")
    expected = _sample_module().sample(str(ONET))
    assert [{k: t[k] for k in ("id", "text", "soc", "title", "stratum")} for t in tasks] == expected
    with open(ONET, encoding="utf-8", newline="") as fh:
        source = {f"onet-{r['Task ID']}": r["Task"] for r in csv.DictReader(fh, delimiter="\t")}
    assert all(source[t["id"]] == t["text"] for t in tasks)
