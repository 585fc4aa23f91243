"""The benchmarks run end to end in smoke mode and report every figure.

No timing is asserted: smoke sizes are too small to mean anything and
machines differ. The full run and its table are in ``benchmarks/README.md``.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SMOKE_TEXTS = 20
SMOKE_SCALING = [5, 10, 20]


def _bench(*args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(BENCHMARKS / "bench.py"), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return proc


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    paths = {"json": out / "results.json", "markdown": out / "results.md"}
    proc = _bench("--smoke", "--json", str(paths["json"]), "--markdown", str(paths["markdown"]))
    return {
        "results": json.loads(paths["json"].read_text("utf-8")),
        "markdown": paths["markdown"].read_text("utf-8"),
        "stdout": proc.stdout,
        "paths": paths,
    }


def _positive(row: dict, *keys: str) -> None:
    for key in keys:
        assert row[key] > 0, (key, row)


@pytest.mark.slow
def test_throughput_reports_rates_memory_and_the_spacy_ratio(smoke):
    t = smoke["results"]["throughput"]
    for key in ("spacy_floor", "ours_1", "ours_2", "ours_stream"):
        assert t[key]["texts"] == SMOKE_TEXTS
        _positive(t[key], "seconds", "texts_per_s", "words_per_s", "peak_rss_mb", "sentences")
        assert t[key]["words"] >= 250 * SMOKE_TEXTS  # CV-length texts
    for key in ("ours_1", "ours_2", "ours_stream"):
        _positive(t[key], "ratio_to_spacy_floor", "rss_before_mb")
        assert sum(t[key]["labels"].values()) == SMOKE_TEXTS
    assert t["ours_2"]["worker_peak_rss_mb"] > 0  # two worker processes really ran
    # The same texts give the same verdicts in one process or two.
    assert t["ours_1"]["labels"] == t["ours_2"]["labels"]
    assert t["ours_1"]["sentences"] == t["ours_2"]["sentences"]
    # Streaming gives the same verdicts as the list.
    assert t["ours_stream"]["stream"] and t["ours_stream"]["labels"] == t["ours_1"]["labels"]
    assert t["ours_stream"]["sentences"] == t["ours_1"]["sentences"]


@pytest.mark.slow
def test_interleaved_ratio(smoke):
    r = smoke["results"]["ratio"]
    assert r["texts"] == 10
    for key in ("spacy_floor", "ours_1"):
        _positive(r[key], "seconds", "texts_per_s", "words_per_s")
    assert r["ratio_to_spacy_floor"] > 0


@pytest.mark.slow
def test_startup_reports_times_and_model_size(smoke):
    s = smoke["results"]["startup"]
    _positive(s, "repeats", "median_import_s", "median_import_and_load_s", "median_process_wall_s")
    _positive(s, "median_import_spacy_s", "median_blank_en_s")  # the floor any spaCy library pays
    assert len(s["floor_runs"]) == s["repeats"]
    assert s["median_first_classify_s"] >= 0
    files = s["model"]["files"]
    assert {"model.joblib", "manifest.json"} <= set(files)
    assert s["model"]["total_bytes"] == sum(files.values()) > 0


@pytest.mark.slow
def test_scaling_streams_each_size(smoke):
    rows = smoke["results"]["scaling"]["rows"]
    assert [r["texts"] for r in rows] == SMOKE_SCALING
    for r in rows:
        _positive(r, "seconds", "texts_per_s", "ms_per_text", "peak_rss_mb", "rss_before_mb")


@pytest.mark.slow
def test_peers_report_speed_and_dev_f1_or_say_why_not(smoke):
    p = smoke["results"]["peers"]
    for key in ("ours_sentences", "tfidf_lr"):
        _positive(p[key], "texts_per_s", "sentences_per_s", "words_per_s")
        f1 = p[key]["dev_macro_f1"]
        assert f1 is None or 0 <= f1 <= 1
    minilm = p["minilm"]
    if "skipped" in minilm:
        assert "not installed" in minilm["skipped"]
    else:
        for head in ("zero_shot", "lr"):
            _positive(minilm[head], "texts_per_s", "words_per_s")


@pytest.mark.slow
def test_markdown_has_every_table_and_the_machine(smoke):
    md = smoke["markdown"]
    assert md.strip() == smoke["stdout"].strip()
    for heading in ("### Throughput", "### Ratio", "### Start-up", "### Scaling", "### Peers"):
        assert heading in md
    assert "ratio to spaCy floor" in md and "Machine: " in md and "Measured by `" in md
    runs = smoke["results"]["runs"]
    assert set(runs) == {"throughput", "ratio", "startup", "scaling", "peers"}


@pytest.mark.slow
def test_merge_reruns_one_section_and_keeps_the_others(smoke):
    paths = smoke["paths"]
    before = json.loads(paths["json"].read_text("utf-8"))
    _bench(
        "--smoke",
        "--only",
        "startup",
        "--merge",
        "--json",
        str(paths["json"]),
        "--markdown",
        str(paths["markdown"]),
    )
    after = json.loads(paths["json"].read_text("utf-8"))
    assert after["throughput"] == before["throughput"] and after["peers"] == before["peers"]
    assert after["runs"]["startup"]["command"].endswith(str(paths["markdown"]))


def test_texts_are_reproducible_and_cv_length(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import cvtexts

    pool = [f"Sentence number {i} about budgets, people and plans for the team." for i in range(50)]
    text = cvtexts.make_text(5, pool, seed=1)
    assert text == cvtexts.make_text(5, pool, seed=1)
    assert text != cvtexts.make_text(6, pool, seed=1) and text != cvtexts.make_text(5, pool, seed=2)
    assert 250 <= len(text.split()) <= 700
    assert list(cvtexts.iter_texts(2, pool, seed=1, start=5)) == [text, cvtexts.make_text(6, pool, seed=1)]
