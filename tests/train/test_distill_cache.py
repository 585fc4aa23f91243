"""The cached teacher labels (corpus/distill/) and the runtime's independence from torch."""

import ast
import csv
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from leadership_nlp.core.constants import SENTENCE_LABELS

ROOT = Path(__file__).resolve().parents[2]
DISTILL = ROOT / "corpus" / "distill"
VALIDATION = ROOT / "corpus" / "validation"
ONET_TASKS = ROOT.parent / "shared" / "data" / "onet" / "Task Statements.txt"
#: O*NET 30.1 occupations titled "First-Line Supervisors ..." (outside SOC 11).
FIRST_LINE_SUPERVISORS = frozenset(
    "33-1011.00 33-1012.00 33-1021.00 33-1091.00 35-1012.00 37-1011.00 37-1012.00 39-1013.00 "
    "39-1014.00 39-1022.00 41-1011.00 41-1012.00 43-1011.00 45-1011.00 47-1011.00 49-1011.00 "
    "51-1011.00 53-1042.00 53-1043.00 53-1044.00".split()
)
FORBIDDEN_IMPORTS = {"torch", "sentence_transformers", "transformers"}


@pytest.fixture(scope="module")
def pool() -> list[dict]:
    lines = (DISTILL / "teacher_pool.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def meta() -> dict:
    return json.loads((DISTILL / "teacher_meta.json").read_text("utf-8"))


def test_schema(pool):
    assert len(pool) > 10_000
    for row in pool:
        assert set(row) == {"id", "text", "soc", "p"}
        if row["id"].startswith("onet-"):
            assert re.fullmatch(r"onet-\d+", row["id"])
            assert re.fullmatch(r"\d\d-\d{4}\.\d\d", row["soc"])
        else:  # an authored pool sentence (corpus/distill/authored_pool.jsonl)
            assert re.fullmatch(r"p[el]-\d{4}", row["id"]) and row["soc"] == "", row
        assert isinstance(row["text"], str) and row["text"].strip() == row["text"] != ""
        assert list(row["p"]) == list(SENTENCE_LABELS)


def test_ids_unique_and_sorted(pool):
    ids = [row["id"] for row in pool]
    assert ids == sorted(set(ids))


def test_probabilities_sum_to_one(pool):
    for row in pool:
        p = row["p"].values()
        assert all(0.0 <= v <= 1.0 for v in p)
        assert math.isclose(sum(p), 1.0, abs_tol=1e-3), row


def test_no_soc_11_or_first_line_supervisors(pool):
    assert not [r["id"] for r in pool if r["soc"].startswith("11-")]
    assert not [r["id"] for r in pool if r["soc"] in FIRST_LINE_SUPERVISORS]


@pytest.mark.skipif(not ONET_TASKS.exists(), reason="O*NET data folder not present")
def test_no_forbidden_title_against_onet():
    with ONET_TASKS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    forbidden = {
        f"onet-{r['Task ID']}"
        for r in rows
        if r["O*NET-SOC Code"].startswith("11-") or r["Title"].startswith("First-Line Supervisors")
    }
    ids = {json.loads(line)["id"] for line in (DISTILL / "teacher_pool.jsonl").open(encoding="utf-8")}
    assert forbidden and not ids & forbidden


def test_no_validation_statement(pool):
    files = [VALIDATION / f"{n}.jsonl" for n in ("onet_tasks", "lines", "statements")]
    files = [f for f in files if f.exists()]
    if not files:
        pytest.skip("no validation set yet")
    rows = [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines() if line.strip()]
    held = {r["id"] for r in rows}
    assert held and not held & {r["id"] for r in pool}
    # O*NET repeats some statements word for word under other Task IDs
    held_texts = {r["text"].strip().lower() for r in rows}
    assert not [r["id"] for r in pool if r["text"].lower() in held_texts]


def test_authored_pool_is_labelled_whole(pool, meta):
    path = DISTILL / "authored_pool.jsonl"
    if not path.exists():
        pytest.skip("no authored pool")
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert all(set(r) == {"id", "text"} for r in rows)
    # every authored sentence is labelled unless it repeats a corpus or validation text, as counted
    missing = {r["id"] for r in rows} - {r["id"] for r in pool}
    left_out = sum(v for k, v in meta["pool_left_out"].items() if k.startswith("authored_"))
    assert len(missing) == left_out
    assert meta["pool_sources"]["authored"] == len(rows) - left_out
    assert sum(meta["pool_sources"].values()) == meta["pool_size"]


def test_meta(pool, meta):
    assert re.fullmatch(r"[0-9a-f]{64}", meta["corpus_sha256"])
    assert meta["pool_size"] == len(pool)
    assert meta["labels"] == list(SENTENCE_LABELS)
    assert sum(meta["pool_argmax"].values()) == len(pool)
    assert 0.0 < meta["cv_macro_f1"] <= 1.0 and meta["C"] > 0
    assert meta["command"].startswith("HF_HUB_OFFLINE=1 python models/distill/teacher.py")


def test_meta_argmax_matches_pool(pool, meta):
    counts = dict.fromkeys(SENTENCE_LABELS, 0)
    for row in pool:
        counts[max(row["p"], key=row["p"].get)] += 1
    # rounding to 4 decimals may turn a near-tie; allow a handful
    assert all(abs(counts[k] - meta["pool_argmax"][k]) <= 5 for k in SENTENCE_LABELS)


def test_runtime_package_never_imports_torch():
    for path in (ROOT / "leadership_nlp").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            assert not {n.split(".")[0] for n in names} & FORBIDDEN_IMPORTS, f"{path}: {names}"


def test_import_loads_no_torch():
    code = (
        "import sys, leadership_nlp; "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
