"""The evaluation protocol: what each held-out split may and may not train on."""

import numpy as np
import pytest

from leadership_nlp.train import dev_set, evaluation, tuning
from leadership_nlp.train.corpus import load_corpus
from leadership_nlp.train.held_out import cross_validation, leave_one_document_out
from leadership_nlp.train.metrics import macro_f1_of_confusions, metrics


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def _spy(calls):
    def predict(train, texts):
        calls.append((train, texts))
        return np.array(["neutral"] * len(texts), dtype=object)

    return predict


def test_lodo_never_trains_on_the_held_out_document_or_statements_written_from_it(corpus):
    calls = []
    report = leave_one_document_out(corpus, _spy(calls))
    docs = sorted(corpus.documents)
    assert len(calls) == len(docs) and report["n"] == sum(1 for u in corpus.units if u.source == "document")
    for doc, (train, texts) in zip(docs, calls, strict=True):
        held_out = {u.text for u in corpus.units if u.doc == doc}
        assert set(texts) == held_out
        assert not [u for u in train if u.doc == doc or doc in u.based_on]
        # Authored statements written from other documents (or none) still train.
        assert any(u.source == "authored" for u in train)
    # The exclusion is real: some authored statements are based on each document.
    for doc in docs:
        assert any(doc in u.based_on for u in corpus.units)


def test_lodo_without_authored_trains_on_documents_only(corpus):
    calls = []
    leave_one_document_out(corpus, _spy(calls), authored=False)
    assert all(u.source == "document" for train, _ in calls for u in train)


def test_cross_validation_tests_every_unit_once(corpus):
    calls = []
    report = cross_validation(corpus, _spy(calls), folds=5)
    tested = [t for _, texts in calls for t in texts]
    assert len(tested) == len(corpus.units) == report["n"]
    for train, texts in calls:
        assert not {u.text for u in train} & set(texts)


def test_grid_scores_every_combination_by_lodo_and_validation_only(corpus, monkeypatch):
    seen, validated = [], []

    def fake_ours(**params):
        seen.append(params)
        return _spy([])

    def fake_validation(corpus, validation, **params):
        validated.append(params)
        return {
            "sentences": {"macro_f1": 0.5},
            "onet_tasks": {"macro_f1": 0.375},
            "neutral_called_neutral": 0.875,
            "documents": {"agreement": 0.25},
        }

    monkeypatch.setattr(tuning, "ours", fake_ours)
    monkeypatch.setattr(tuning, "validation_evaluation", fake_validation)
    monkeypatch.setattr(
        tuning, "load_validation", lambda root: {"sentences": [{"text": "x"}], "documents": []}
    )
    for name in ("dev_evaluation", "load_dev"):
        assert not hasattr(tuning, name)
        monkeypatch.setattr(dev_set, name, lambda *a, **k: pytest.fail("grid must not use dev"))
    rows = tuning.grid(corpus, {"C": [1.0, 2.0], "min_df": [1, 2]})
    assert [(r["C"], r["min_df"]) for r in rows] == [(1.0, 1), (1.0, 2), (2.0, 1), (2.0, 2)]
    assert all(0.0 <= r["lodo_macro_f1"] <= 1.0 and r["validation_macro_f1"] == 0.5 for r in rows)
    assert all(r["validation_onet_tasks"] == 0.375 and r["validation_neutral"] == 0.875 for r in rows)
    assert len(seen) == 8 and len(validated) == 4  # one LODO, one CV and one validation run each
    assert {(p["C"], p["min_df"]) for p in seen} == {(1.0, 1), (1.0, 2), (2.0, 1), (2.0, 2)}
    table = evaluation.format_report({"peers": {}, "grid": rows})
    assert (
        "| C | min_df | LODO macro-F1 | CV macro-F1 | validation macro-F1 | of which statements: writer A "
        "| writer B | C (role profiles) | O*NET tasks | neutral called neutral "
        "| validation documents |" in table
    )
    assert table.count("| 0.375 | 0.875 | 0.250 |") == 4
    assert table.count("\n| 1.0 |") == 2


def test_the_grid_counts_the_units_each_row_changes_against_the_first(corpus, monkeypatch):
    # Row C=2 calls every LODO and CV unit leadership, row C=1 neutral; on validation, C=2 moves
    # two sentences, one to its label and one away from it.
    def fake_ours(**params):
        label = "leadership" if params["C"] == 2.0 else "neutral"
        return lambda train, texts: np.array([label] * len(texts), dtype=object)

    sentences = [{"text": t, "label": "neutral"} for t in ("a", "b", "c")]
    sentences[1]["label"] = "management"

    def fake_validation(corpus, validation, keep_predictions=False, **params):
        moved = ["neutral", "management", "leadership"] if params["C"] == 2.0 else ["neutral"] * 3
        return {"sentences": {"macro_f1": 0.5}, **({"predictions": moved} if keep_predictions else {})}

    monkeypatch.setattr(tuning, "ours", fake_ours)
    monkeypatch.setattr(tuning, "validation_evaluation", fake_validation)
    monkeypatch.setattr(tuning, "load_validation", lambda root: {"sentences": sentences, "documents": []})
    first, second = tuning.grid(corpus, {"C": [1.0, 2.0]})
    n = len(corpus.units)
    lodo = [u for u in corpus.units if u.doc in corpus.documents]
    assert (first["lodo_changed"], first["cv_changed"], first["validation_changed"]) == (0, 0, 0)
    assert (second["lodo_changed"], second["cv_changed"], second["validation_changed"]) == (len(lodo), n, 2)
    gained = sum(u.label == "leadership" for u in lodo) - sum(u.label == "neutral" for u in lodo)
    assert second["lodo_net"] == gained and second["validation_net"] == 0
    table = evaluation.format_report({"peers": {}, "grid": [first, second]})
    assert "changed against the first row (net now right): LODO, CV, validation |" in table
    assert f"| {len(lodo)} ({gained:+d}), {n} (" in table and ", 2 (+0) |" in table
    # The interval of the rule's difference: none for the first row against itself.
    assert (first["rule_delta_low"], first["rule_delta_high"]) == (0.0, 0.0)
    # The interval holds the difference it is drawn around: every LODO and CV unit leadership
    # instead of neutral, and the two validation sentences moved.
    truths = {"lodo": [u.label for u in lodo], "cv": [u.label for u in corpus.units]}
    point = sum(
        metrics(t, ["leadership"] * len(t))["macro_f1"] - metrics(t, ["neutral"] * len(t))["macro_f1"]
        for t in truths.values()
    )
    labels = [r["label"] for r in sentences]
    point += metrics(labels, ["neutral", "management", "leadership"])["macro_f1"]
    point -= metrics(labels, ["neutral"] * 3)["macro_f1"]
    assert second["rule_delta_low"] < point / 3 < second["rule_delta_high"], (second, point / 3)
    assert "rule less the first row's (90 % paired bootstrap interval) |" in table
    assert "| +0.0000 (+0.0000, +0.0000) |" in table


def test_the_check_lines_are_reported_beside_the_rule_never_in_it(corpus, monkeypatch):
    # The check part's macro-F1 and changes are a column of their own; the rule, its interval and
    # the validation changes are those of the sentences alone.
    def fake_ours(**params):
        return lambda train, texts: np.array(["neutral"] * len(texts), dtype=object)

    sentences = [{"text": "a", "label": "neutral", "set": "lines"}]
    checks = [{"text": t, "label": "management", "set": "role_lines"} for t in ("x", "y")]

    def fake_validation(corpus, validation, keep_predictions=False, **params):
        moved = ["management", "neutral"] if params["C"] == 2.0 else ["neutral", "neutral"]
        return {
            "sentences": {"macro_f1": 0.5},
            "checks": {"role_lines": metrics(["management"] * 2, moved)},
            **({"predictions": ["neutral"], "check_predictions": moved} if keep_predictions else {}),
        }

    monkeypatch.setattr(tuning, "ours", fake_ours)
    monkeypatch.setattr(tuning, "validation_evaluation", fake_validation)
    monkeypatch.setattr(
        tuning, "load_validation", lambda root: {"sentences": sentences, "checks": checks, "documents": []}
    )
    first, second = tuning.grid(corpus, {"C": [1.0, 2.0]})
    assert (second["role_lines_changed"], second["role_lines_net"]) == (1, 1)
    assert second["validation_changed"] == 0 and tuning.rule_value(first) == tuning.rule_value(second)
    assert (second["rule_delta_low"], second["rule_delta_high"]) == (0.0, 0.0)
    table = evaluation.format_report({"peers": {}, "grid": [first, second]})
    assert "beside the rule: role-profile lines (changed, net) |" in table
    assert f"| {second['check_role_lines']:.3f} (1, +1) |" in table


def test_validation_figures_are_the_same_with_the_check_lines_predicted_beside_them():
    from leadership_nlp.train.corpus import load_corpus
    from leadership_nlp.train.validation_set import load_validation, validation_evaluation

    corpus = load_corpus()
    validation = load_validation(corpus.root)
    assert validation["checks"], "the validation set has check lines"
    small = {"sentences": validation["sentences"][:60], "documents": []}

    def peer(train, texts):  # a fixed rule, so that the figures compare exactly
        return np.array(["management" if "manag" in t.lower() else "neutral" for t in texts], dtype=object)

    alone = validation_evaluation(corpus, small, predictor=peer)
    both = validation_evaluation(corpus, {**small, "checks": validation["checks"]}, predictor=peer)
    assert "checks" not in alone and both["sentences"] == alone["sentences"]
    assert both["checks"]["role_lines"]["n"] == len(validation["checks"])


LABELS = ("leadership", "management", "neutral")


@pytest.mark.parametrize("seed", range(5))
def test_the_macro_f1_of_a_stack_of_confusions_is_scikit_learns(seed):
    from sklearn.metrics import confusion_matrix, f1_score

    rng = np.random.default_rng(seed)
    # Small samples, so that some labels are never true or never predicted.
    pairs = [(rng.choice(LABELS, n), rng.choice(LABELS, n)) for n in rng.integers(1, 12, size=20)]
    stack = np.array([confusion_matrix(t, p, labels=LABELS) for t, p in pairs])
    want = [f1_score(t, p, labels=LABELS, average="macro", zero_division=0) for t, p in pairs]
    np.testing.assert_allclose(macro_f1_of_confusions(stack), want, rtol=0, atol=1e-12)


def _rows(rng, n, right_first, right_other):
    # One evaluation of n units: each row right on a share of the units, wrong ones moved to
    # the next label; the two rows' errors independent of each other.
    truth = rng.choice(LABELS, n)
    nxt = {a: b for a, b in zip(LABELS, LABELS[1:] + LABELS[:1], strict=True)}
    first = [t if rng.random() < right_first else nxt[t] for t in truth]
    other = [t if rng.random() < right_other else nxt[t] for t in truth]
    return list(truth), first, other


def test_the_rule_interval_is_the_bootstrap_of_drawn_units():
    # The multinomial shortcut against the plain bootstrap (units drawn by index; macro-F1 as
    # checked above): the same interval, to the Monte Carlo error of 2,000 draws each.
    rng = np.random.default_rng(7)
    sets = {name: _rows(rng, n, 0.8, 0.83) for name, n in (("lodo", 150), ("cv", 400), ("validation", 250))}
    first = {name: (t, f) for name, (t, f, _) in sets.items()}
    other = {name: (t, o) for name, (t, _, o) in sets.items()}
    got = tuning.rule_interval(first, other)
    draws = np.zeros(2000)
    code = {label: i for i, label in enumerate(LABELS)}
    for t, f, o in sets.values():
        t, f, o = (np.array([code[x] for x in labels]) for labels in (t, f, o))
        for i in range(len(draws)):
            idx = rng.integers(0, len(t), len(t))
            before, after = (np.bincount(t[idx] * 3 + p[idx], minlength=9).reshape(1, 3, 3) for p in (f, o))
            draws[i] += (macro_f1_of_confusions(after) - macro_f1_of_confusions(before))[0]
    low, high = np.quantile(draws / 3, [0.05, 0.95])
    assert got["rule_delta_low"] < 0 < got["rule_delta_high"], got  # a 3-point gain on few units
    assert abs(got["rule_delta_low"] - low) < 0.006, (got, low)
    assert abs(got["rule_delta_high"] - high) < 0.006, (got, high)


def test_a_clear_gain_has_an_interval_above_zero_and_the_same_predictions_give_the_same_interval():
    rng = np.random.default_rng(3)
    sets = {name: _rows(rng, 600, 0.7, 0.9) for name in ("lodo", "cv", "validation")}
    first = {name: (t, f) for name, (t, f, _) in sets.items()}
    other = {name: (t, o) for name, (t, _, o) in sets.items()}
    got = tuning.rule_interval(first, other)
    assert 0 < got["rule_delta_low"] < got["rule_delta_high"], got
    assert tuning.rule_interval(first, other) == got
    assert tuning.rule_interval(other, first)["rule_delta_high"] < 0


def test_a_research_feature_set_is_evaluated_on_sentences_without_classifying_documents():
    # The ablation compares char n-grams too; they have no compiled form, so whole documents
    # (classified through it) are left out instead of ending the run.
    from leadership_nlp.train.corpus import load_corpus
    from leadership_nlp.train.validation_set import load_validation, validation_evaluation

    corpus = load_corpus()
    validation = load_validation(corpus.root)
    validation = {"sentences": validation["sentences"][:40], "documents": validation["documents"][:2]}
    assert validation["documents"], "the validation set has documents"
    research = validation_evaluation(corpus, validation, features="char", calibrate=False)
    assert "documents" not in research and 0.0 <= research["sentences"]["macro_f1"] <= 1.0
    shipped = validation_evaluation(corpus, validation, features="lemma+lexicon", calibrate=False)
    assert shipped["documents"]["n"] == 2


def test_calibration_is_reported_per_register_of_the_validation_set():
    from leadership_nlp.train.corpus import load_corpus
    from leadership_nlp.train.validation_set import load_validation, validation_evaluation

    corpus = load_corpus()
    sents = load_validation(corpus.root)["sentences"]
    parts = sorted({r["set"] for r in sents})
    sample = [r for part in parts for r in [r for r in sents if r["set"] == part][:30]]
    found = validation_evaluation(corpus, {"sentences": sample, "documents": []}, calibrate=False)
    assert (
        sorted(found["ece_by_part"])
        == parts
        == ["lines", "onet_tasks", "statements", "statements_b", "statements_c"]
    )
    assert all(0.0 <= e <= 1.0 for e in found["ece_by_part"].values())
    assert found["ece_by_part"] != {p: found["ece"] for p in parts}  # measured per part, not copied
    line = next(
        x
        for x in evaluation.format_report({"peers": {}, "validation": found}).splitlines()
        if "ECE" in x or "calibration" in x
    )
    assert all(f"{p} {found['ece_by_part'][p]:.3f}" in line for p in parts)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["norm_floor=100,200"], {"norm_floor": [100, 200]}),
        (["prior=null,0.5", "mark_titles=false,true"], {"prior": [None, 0.5], "mark_titles": [False, True]}),
        ([], {}),
    ],
)
def test_grid_space_values_are_json(items, expected):
    from leadership_nlp.adapters.commands import grid_space

    assert grid_space(items) == expected


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("norm_floor", "not KEY=V1,V2"),
        ("colour=1", "unknown parameter 'colour'"),
        ("C=big", "must be JSON"),
        ("min_df=2", "'min_df' given twice"),
    ],
)
def test_a_bad_grid_space_is_a_usage_error(item, message, capsys):
    from leadership_nlp.adapters.cli import main

    assert main(["evaluate", "--grid", "--grid-space", "min_df=1", "--grid-space", item]) == 2
    assert message in capsys.readouterr().err


def test_grid_space_without_grid_is_a_usage_error(capsys):
    from leadership_nlp.adapters.cli import main

    assert main(["evaluate", "--grid-space", "C=1,2"]) == 2
    assert "--grid-space needs --grid" in capsys.readouterr().err


def test_evaluate_passes_the_grid_space_to_the_grid(monkeypatch, capsys):
    from leadership_nlp.adapters.cli import main

    seen = {}

    def fake_evaluate(corpus, dev, *, run_ablation, run_grid, grid_space):
        seen.update(run_grid=run_grid, grid_space=grid_space)
        return {"peers": {}}

    monkeypatch.setattr(evaluation, "evaluate", fake_evaluate)
    assert main(["evaluate", "--grid", "--grid-space", "C=1,2"]) == 0
    assert seen == {"run_grid": True, "grid_space": {"C": [1, 2]}}


@pytest.mark.parametrize(
    ("weight", "pool", "key", "other"),
    [
        (0.0, True, "validation_with_distillation", evaluation.COMPARE_DISTILL_WEIGHT),
        (0.3, True, "validation_without_distillation", 0.0),
        (0.0, False, None, None),  # no pool: no "with distillation" row that would be the same model
    ],
)
def test_the_report_sets_the_other_side_of_distillation_beside_the_model(
    corpus, monkeypatch, weight, pool, key, other
):
    seen = []

    def validation(corpus, validation, distill_weight=None, **kw):
        seen.append(distill_weight)
        return {"sentences": {"macro_f1": 0.5, "accuracy": 0.5, "n": 1}, "neutral_called_neutral": 1.0}

    fake = {"macro_f1": 0.5, "accuracy": 0.5, "n": 1}
    monkeypatch.setattr(evaluation, "validation_evaluation", validation)
    monkeypatch.setattr(evaluation, "leave_one_document_out", lambda *a, **k: fake)
    monkeypatch.setattr(evaluation, "cross_validation", lambda *a, **k: fake)
    distill = {**evaluation.DEFAULT_DISTILL, "distill_weight": weight}
    monkeypatch.setattr(evaluation, "DEFAULT_DISTILL", distill)
    monkeypatch.setattr(evaluation, "distill_units", lambda *a, **k: ["unit"] if pool else [])
    monkeypatch.setattr(evaluation, "_teacher_metrics", lambda root: None)
    report = evaluation.evaluate(corpus, None)
    assert [k for k in report if k.startswith("validation_")] == ([key] if key else [])
    # the model itself (distill_weight from its parameters), then the other side, then the peer
    assert seen == ([None, other, None] if key else [None, None])


def test_the_rule_weighs_validation_cv_and_lodo_equally():
    rule_value = tuning.rule_value
    row = {"validation_macro_f1": 0.89, "cv_macro_f1": 0.85, "lodo_macro_f1": 0.62, "prior": 0.5}
    assert rule_value(row) == pytest.approx((0.89 + 0.85 + 0.62) / 3)
    # A configuration that gains 0.002 on validation and CV but loses 0.046 on the essays loses.
    better_lodo = {"validation_macro_f1": 0.883, "cv_macro_f1": 0.852, "lodo_macro_f1": 0.680}
    worse_lodo = {"validation_macro_f1": 0.885, "cv_macro_f1": 0.855, "lodo_macro_f1": 0.634}
    assert rule_value(better_lodo) > rule_value(worse_lodo)


def test_the_report_sets_each_peer_beside_the_model_on_every_validation_part():
    part = {"accuracy": 0.9, "n": 10}
    report = {
        "validation": {
            "sentences": {**part, "macro_f1": 0.80},
            "lines": {**part, "macro_f1": 0.81},
            "statements_c": {**part, "macro_f1": 0.84},
            "neutral_called_neutral": 0.9,
            "ece": 0.02,
            "ece_by_length": {},
        },
        "peers": {
            "tfidf_lr": {
                "lodo": 0.6,
                "validation": 0.82,
                "validation_parts": {"lines": 0.79, "statements_c": 0.89},
            }
        },
    }
    lines = evaluation.format_report(report).splitlines()
    at = lines.index("| validation part (macro-F1) | ours | tfidf_lr |")
    assert lines[at + 2 : at + 4] == ["| lines | 0.810 | 0.790 |", "| statements_c | 0.840 | 0.890 |"]
    # A report without per-part peer figures (older reports) has no such table.
    del report["peers"]["tfidf_lr"]["validation_parts"]
    assert "validation part (macro-F1)" not in evaluation.format_report(report)
