import csv
import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VALIDATION = ROOT / "corpus" / "validation"
ONET = ROOT.parent / "shared" / "data" / "onet" / "Task Statements.txt"


def _module(name):
    spec = importlib.util.spec_from_file_location(f"validation_{name}", VALIDATION / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


loader = _module("loader")


@pytest.fixture(scope="module")
def vs():
    return loader.load()


def _check_label_and_facets(item):
    assert item["label"] in loader.LABELS, item["id"]
    facets = item["facets"]
    assert all(f in loader.FACETS for f in facets), item["id"]
    assert facets == sorted(facets, key=loader.FACETS.index), item["id"]
    assert len(set(facets)) == len(facets), item["id"]
    if item["label"] == "neutral":
        assert facets == [], item["id"]
    else:
        assert facets, item["id"]
    assert isinstance(item["note"], str)


def test_onet_schema_and_labels(vs):
    tasks = vs["onet_tasks"]
    assert len(tasks) == 600
    keys = {"id", "text", "label", "facets", "soc", "title", "stratum", "note"}
    for t in tasks:
        assert set(t) == keys, t["id"]
        assert re.fullmatch(r"onet-\d+", t["id"])
        assert re.fullmatch(r"\d\d-\d{4}\.\d\d", t["soc"]), t["id"]
        assert t["text"].strip() == t["text"] and t["text"]
        _check_label_and_facets(t)
    assert len({t["id"] for t in tasks}) == len(tasks)
    assert Counter(t["stratum"] for t in tasks) == {"random": 300, "keyword": 300}


def test_onet_excludes_the_validity_check_occupations(vs):
    for t in vs["onet_tasks"]:
        assert not t["soc"].startswith("11-"), t["id"]
        assert not t["title"].startswith("First-Line Supervisors"), t["id"]


def test_onet_keyword_stratum_has_a_stem(vs):
    sample = _module("sample_onet")
    for t in vs["onet_tasks"]:
        if t["stratum"] == "keyword":
            assert sample.has_stem(t["text"]), t["id"]


def test_onet_sample_reproduces_from_source(vs):
    if not ONET.exists():
        pytest.skip("O*NET Task Statements.txt not present")
    sample = _module("sample_onet")
    expected = sample.sample(str(ONET))
    got = [{k: t[k] for k in ("id", "text", "soc", "title", "stratum")} for t in vs["onet_tasks"]]
    assert got == expected
    with open(ONET, encoding="utf-8", newline="") as fh:
        source = {f"onet-{r['Task ID']}": r for r in csv.DictReader(fh, delimiter="\t")}
    for t in vs["onet_tasks"]:
        assert source[t["id"]]["Task"] == t["text"]
