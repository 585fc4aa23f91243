"""The benchmarks run end to end in smoke mode and report every figure.

No timing is asserted: smoke sizes are too small to mean anything and
machines differ. How to run the full benchmark is in ``benchmarks/README.md``.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bench  # noqa: E402
import cvtexts  # noqa: E402

SYSTEMS = ("floor", "floor_fix", "limit", "tfidf", "ours")
REGISTERS = ("cv", "job_ad", "long_prose")
POOL = [f"Sentence number {i} about budgets, people and plans for the team." for i in range(50)] + [
    "We coach the team",
    "I don't set the budget!",
    "KPIs are reviewed weekly?",
]


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
def test_speed_reports_every_system_on_every_register(smoke):
    speed = smoke["results"]["speed"]
    assert set(speed["registers"]) == set(REGISTERS)
    for reg, r in speed["registers"].items():
        assert r["texts"] == bench.SMOKE[f"speed_{reg}"]
        assert set(r["systems"]) == set(SYSTEMS)
        for name in SYSTEMS:
            _positive(r["systems"][name], "seconds", "words_per_s", "ratio_to_floor")
        assert r["systems"]["floor"]["ratio_to_floor"] == 1.0
        for name in ("limit", "tfidf", "ours"):  # every text got a label from each system
            assert sum(r["systems"][name]["labels"].values()) == r["texts"]
        assert 0 <= r["limit_agrees_with_ours"] <= 1
    _positive(speed["tfidf_fit"], "units", "fit_s")


@pytest.mark.slow
def test_startup_memory_parallel_cli_and_accuracy_are_reported(smoke):
    res = smoke["results"]
    s = res["startup"]
    _positive(s, "ours_first_result_s", "floor_first_result_s", "ratio_to_floor")
    assert len(s["runs"]["ours"]) == len(s["runs"]["floor"]) == s["repeats"]
    m = res["memory"]
    assert m["texts"] == bench.SMOKE["memory_texts"]
    _positive(m, "peak_rss_mb", "rss_before_mb", "seconds")
    p = res["parallel"]
    _positive(p, "speedup")
    assert p["texts"] == bench.SMOKE["parallel_texts"]
    assert sum(p["n_jobs_1"]["labels"].values()) == sum(p["n_jobs_2"]["labels"].values()) == p["texts"]
    assert p["same_labels"]  # one process or two, the same verdicts
    c = res["cli"]
    _positive(c, "speedup")
    assert c["n_jobs_1"]["rows"] == c["n_jobs_2"]["rows"] == bench.SMOKE["cli_files"]
    assert len(c["pair_speedups"]) == len(bench.CLI_ORDER) // 2 and all(r > 0 for r in c["pair_speedups"])
    a = res["accuracy"]
    assert a["sentences"] > 100
    for key in ("ours_macro_f1", "tfidf_macro_f1", "limit_macro_f1", "limit_agrees_with_ours"):
        assert 0 < a[key] <= 1


@pytest.mark.slow
def test_markdown_has_every_table_and_the_cpu(smoke):
    md, res = smoke["markdown"], smoke["results"]
    assert md.strip() == smoke["stdout"].strip()
    for heading in (
        "### Speed",
        "### Time to the first result",
        "### Memory",
        "### `classify_batch`",
        "### CLI",
        "Speed-up of each consecutive pair of runs (1-2, 3-4, ...): ",
    ):
        assert heading in md
    assert "### Accuracy" in md and f"CPU {res['machine']['cpu']}" in md and res["machine"]["cpu"]
    assert set(res["runs"]) == set(bench.SECTIONS)


@pytest.mark.slow
def test_merge_reruns_one_section_and_keeps_the_others(smoke):
    paths = smoke["paths"]
    before = json.loads(paths["json"].read_text("utf-8"))
    commit = before["machine"]["commit"]
    assert {r["commit"] for r in before["runs"].values()} == {commit}
    # A file written before runs named their commit: its sections take the file's commit.
    before["machine"]["commit"] = "abc1234"
    del before["runs"]["speed"]["commit"]
    paths["json"].write_text(json.dumps(before), "utf-8")
    args = ("--smoke", "--only", "startup", "--merge", "--json", str(paths["json"]))
    _bench(*args, "--markdown", str(paths["markdown"]))
    after = json.loads(paths["json"].read_text("utf-8"))
    assert after["speed"] == before["speed"] and after["cli"] == before["cli"]
    assert after["runs"]["startup"]["command"].endswith(str(paths["markdown"]))
    assert after["runs"]["speed"]["commit"] == "abc1234"
    assert after["runs"]["cli"]["commit"] == after["runs"]["startup"]["commit"] == commit
    md = paths["markdown"].read_text("utf-8")
    assert "code: each section names its commit" in md and "on code at abc1234 on " in md


def test_each_cli_pair_gives_the_one_job_time_over_the_two_job_time():
    assert bench.pair_speedups((1, 2, 2, 1, 1, 2), (10.0, 5.0, 6.0, 12.0, 9.0, 6.0)) == [2.0, 2.0, 1.5]
    assert bench.pair_speedups(bench.CLI_ORDER, [1.0] * len(bench.CLI_ORDER)) == [1.0] * 3
    for order, walls in (((1, 1, 2, 2), (1.0,) * 4), ((1, 2, 1), (1.0,) * 3), ((1, 2), (1.0,))):
        with pytest.raises(ValueError, match="do not come in pairs"):
            bench.pair_speedups(order, walls)


def test_the_fixed_floor_drops_exactly_the_whitespace_rules():
    stock, fixed = bench.stock_floor(), bench.fixed_floor()
    assert set(stock.tokenizer.rules) - set(fixed.tokenizer.rules) == set(bench.WHITESPACE_RULES)
    text = "Jo Example\n\n- Led a team of 5.\tSet the budget.\xa0 Done  twice."
    assert [t.text for t in stock(text)] == [t.text for t in fixed(text)]


def test_texts_are_reproducible_in_each_register():
    for make in cvtexts.REGISTERS.values():
        text = make(5, POOL, seed=1)
        assert text == make(5, POOL, seed=1)
        assert text != make(6, POOL, seed=1) and text != make(5, POOL, seed=2)
    cv = cvtexts.make_text(5, POOL, seed=1)
    assert 250 <= len(cv.split()) <= 700 and "\n- " in cv
    assert list(cvtexts.iter_texts(2, POOL, seed=1, start=5)) == [cv, cvtexts.make_text(6, POOL, seed=1)]


def test_job_ads_are_paragraphs_of_full_sentences_without_bullets():
    for i in range(20):
        ad = cvtexts.make_job_ad(i, POOL)
        paragraphs = ad.split("\n\n")
        assert 3 <= len(paragraphs) <= 5
        for par in paragraphs:
            assert "\n" not in par and not par.startswith("- ")
            assert par[-1] in ".!?"
            assert sum(par.count(c) for c in ".!?") >= 3


def test_long_prose_sentences_have_40_to_80_words():
    import random

    rng = random.Random(0)
    for _ in range(50):
        sentence = cvtexts.make_long_sentence(rng, POOL)
        assert 40 <= len(sentence.split()) <= 80, sentence
        assert sentence.endswith(".") and sentence.count(".") == 1


def test_limit_labels_agree_with_the_library_on_simple_sentences():
    from limit import PureLimit

    import leadership_nlp
    from leadership_nlp.api import default_model_path

    lim = PureLimit(default_model_path())
    texts = [
        "I coach and inspire the team to pursue a bold vision for growth.",
        "I set the weekly rota, track KPIs and keep the budget on target.",
        "Email: jo@example.com",
    ]
    assert [lim.predict(t) for t in texts] == [r.label for r in leadership_nlp.classify_batch(texts)]
    assert lim.sentences("Led a team\nand kept going. Then more!\n\n- A bullet") == [
        "Led a team and kept going.",
        "Then more!",
        "- A bullet",
    ]
