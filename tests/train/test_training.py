"""Corpus -> model: parameters, the teacher's pool, deterministic training and the release."""

import json

import pytest
from conftest import TINY_FACETS, TINY_X, TINY_Y

from leadership_nlp import load_model
from leadership_nlp.train import training, tuning
from leadership_nlp.train.corpus import Corpus, Unit
from leadership_nlp.train.estimator import OrientationModel
from leadership_nlp.train.training import DEFAULT_PARAMS, distill_units, fit_units, release, train

UNITS = [
    Unit(f"u{i}", text, label, tuple(facets), "cv", "document" if i % 2 else "authored")
    for i, (text, label, facets) in enumerate(zip(TINY_X, TINY_Y, TINY_FACETS, strict=True))
]
POOL = [
    {
        "id": "p1",
        "text": "Drafted the weekly rota",
        "p": {"leadership": 0.01, "management": 0.98, "neutral": 0.01},
    },
    {"id": "p2", "text": "Maybe a vision", "p": {"leadership": 0.6, "management": 0.1, "neutral": 0.3}},
    {"id": "p3", "text": "Spoke at conferences", "p": {"other": 0.99, "neutral": 0.01}},
    {
        "id": "p4",
        "text": "Mentored apprentices",
        "p": {"leadership": 0.95, "management": 0.04, "neutral": 0.01},
    },
]

POOL_LABELS = {"p1": "management", "p2": "leadership", "p4": "leadership"}
# Task statements of an occupation, as the teacher writes the O*NET part of its pool.
POOL = [{**row, "soc": "43-4051.00"} for row in POOL]


@pytest.fixture
def pool_root(tmp_path):
    path = tmp_path / training.DISTILL_FILE
    path.parent.mkdir(parents=True)
    path.write_text(
        "\n".join(json.dumps(row) for row in POOL[:2])
        + "\n\n"
        + json.dumps(POOL[2])
        + "\n"
        + json.dumps(POOL[3]),
        "utf-8",
    )
    return tmp_path


@pytest.fixture
def fits(monkeypatch):
    """Record what each OrientationModel.fit is given."""
    seen = []
    real = OrientationModel.fit

    def spy(self, X, y, **kwargs):
        seen.append({"X": list(X), "y": list(y), **kwargs})
        return real(self, X, y, **kwargs)

    monkeypatch.setattr(OrientationModel, "fit", spy)
    return seen


def lemmas(model):
    return {n.split("__", 1)[1] for n in model.get_feature_names_out()}


def test_the_default_parameters_are_estimator_parameters():
    assert set(DEFAULT_PARAMS) <= set(OrientationModel().get_params())
    # distillation is measured in every report even when the shipped weight is 0
    distill = training.DEFAULT_DISTILL
    assert distill["distill_weight"] >= 0 and 0 < distill["distill_min_p"] <= 1
    assert any(w > 0 for w in tuning.DEFAULT_GRID["distill_weight"])


@pytest.mark.parametrize(
    ("min_p", "ids"),
    [(0.95, ["p1", "p4"]), (0.97, ["p1"]), (0.5, ["p1", "p2", "p4"]), (0.99, [])],
)
def test_distill_units_keep_the_sure_labels_of_the_known_classes(pool_root, min_p, ids):
    units = distill_units(pool_root, min_p=min_p)
    assert [u.id for u in units] == ids
    assert all(u.source == "distill" and u.facets == () and u.register == "cv" for u in units)
    assert all(u.label == POOL_LABELS[u.id] for u in units)


def test_distill_units_from_the_onet_statements_only(tmp_path):
    # Pool lines with an occupation code are O*NET task statements; authored pool sentences have none.
    path = tmp_path / training.DISTILL_FILE
    path.parent.mkdir(parents=True)
    rows = [{**POOL[0], "soc": "43-4051.00"}, {**POOL[3], "soc": ""}]
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    assert [u.id for u in distill_units(tmp_path, min_p=0.9, sources="all")] == ["p1", "p4"]
    assert [u.id for u in distill_units(tmp_path, min_p=0.9, sources="onet")] == ["p1"]
    with pytest.raises(ValueError, match="distill_sources"):
        distill_units(tmp_path, sources="authored")


def test_fit_units_learns_the_features_from_the_corpus_alone_if_asked(pool_root):
    def terms(model):
        return {n.split("__", 1)[1] for n in model.feature_names_}

    both = fit_units(UNITS, distill_root=pool_root, distill_weight=0.25, distill_vocabulary="all")
    corpus = fit_units(UNITS, distill_root=pool_root, distill_weight=0.25, distill_vocabulary="corpus")
    alone = fit_units(UNITS, distill_root=pool_root, distill_weight=0.0)
    assert {"rota", "apprentice"} <= terms(both)  # from the pool's "Drafted the weekly rota", ...
    assert terms(corpus) == terms(alone)
    with pytest.raises(ValueError, match="distill_vocabulary"):
        fit_units(UNITS, distill_root=pool_root, distill_vocabulary="pool")
    with pytest.raises(ValueError, match="distill_sources"):
        fit_units(UNITS, distill_root=pool_root, distill_weight=0.0, distill_sources="authored")


def test_without_a_pool_there_are_no_distill_units(tmp_path):
    assert distill_units(tmp_path) == []


def test_fit_units_uses_the_default_parameters_and_takes_overrides(tmp_path):
    model = fit_units(UNITS, distill_root=tmp_path, C=1.0)
    assert model.get_params() == {**OrientationModel().get_params(), **DEFAULT_PARAMS, "C": 1.0}
    assert list(model.classes_) == ["leadership", "management", "neutral"]


def test_fit_units_adds_the_pool_with_its_weight(pool_root, fits):
    model = fit_units(UNITS, distill_root=pool_root, distill_weight=0.25, distill_vocabulary="all")
    (fit,) = fits
    assert fit["X"] == [*TINY_X, "Drafted the weekly rota", "Mentored apprentices"]
    assert fit["sample_weight"] == [1.0] * len(UNITS) + [0.25, 0.25]
    assert fit["facets"][-2:] == [[], []]
    assert {"rota", "mentor"} <= lemmas(model)


def test_fit_units_with_no_distill_weight_leaves_the_pool_out(pool_root, fits):
    model = fit_units(UNITS, distill_root=pool_root, distill_weight=0.0)
    assert fits[0]["X"] == TINY_X and fits[0]["sample_weight"] is None
    assert not {"rota", "mentor"} & lemmas(model)


@pytest.mark.parametrize(("authored", "n"), [(True, 6), (False, 3)])
def test_train_selects_the_units_of_the_corpus(tmp_path, fits, authored, n):
    corpus = Corpus(tmp_path, {}, {}, UNITS)
    train(corpus, authored=authored)
    assert len(fits[0]["X"]) == n


def test_train_is_deterministic_on_a_small_corpus(tmp_path):
    corpus = Corpus(tmp_path, {}, {}, UNITS)
    a, b = train(corpus), train(corpus)
    assert (a.predict_proba(TINY_X) == b.predict_proba(TINY_X)).all()


def test_the_shipped_estimator_has_the_default_parameters(shipped_estimator):
    assert DEFAULT_PARAMS.items() <= shipped_estimator.get_params().items()


def test_release_saves_the_model_and_its_manifest_in_each_folder(tmp_path, pool_root, monkeypatch):
    corpus = Corpus(pool_root, {}, {}, UNITS)
    monkeypatch.setattr(training, "load_corpus", lambda root=None: corpus)
    monkeypatch.setattr(training, "corpus_hash", lambda root=None: "c" * 64)
    folders = [tmp_path / "a", tmp_path / "b"]
    model = release(folders, metrics={"macro_f1": 0.5}, C=2.0)
    assert model.C == 2.0
    manifests = [json.loads((f / "manifest.json").read_text("utf-8")) for f in folders]
    assert manifests[0]["training"] == manifests[1]["training"]
    info = manifests[0]
    assert info["corpus_sha256"] == "c" * 64 and info["metrics"] == {"macro_f1": 0.5}
    assert info["training"]["C"] == 2.0 and info["training"]["units"] == len(UNITS)
    assert info["training"]["distill_pool_sha256"] is not None
    assert load_model(folders[1]).predict(TINY_X).tolist() == model.predict(TINY_X).tolist()


def test_distill_units_leave_out_near_copies_of_validation_sentences(pool_root):
    # "Mentored apprentices" written again with a full stop is the same statement
    folder = pool_root / "validation"
    folder.mkdir()
    (folder / "statements_b.jsonl").write_text(
        json.dumps({"id": "sb-001", "text": "Mentored apprentices.", "label": "leadership"}) + "\n", "utf-8"
    )
    assert [u.id for u in distill_units(pool_root, min_p=0.95)] == ["p1"]


def test_the_shipped_pool_teaches_no_validation_sentence():
    from leadership_nlp.train.corpus import near_copies
    from leadership_nlp.train.validation_set import validation_texts

    units = distill_units(min_p=0.0)
    held = validation_texts(training.default_root())
    assert len(units) > 10_000 and len(held) > 2_000
    assert not near_copies([u.text for u in units], held)
    assert not {u.text.lower() for u in units} & {t.lower() for t in held}
