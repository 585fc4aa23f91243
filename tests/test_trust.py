"""Model loading that a forger or an in-place retrain cannot fool.

- A compiled model whose manifest was recomputed after its fields were edited
  is refused at load, field by field, instead of hanging, raising ``KeyError``
  at classify time or scoring NaN.
- ``load_model(path)`` and ``spacy.load(path)`` notice a folder retrained,
  re-saved or broken in place: they never return the model that was there before.
"""

import hashlib
import io
import json
import os

import numpy as np
import pytest
import spacy

import leadership_nlp
from leadership_nlp import ModelLoadError, OrientationModel
from leadership_nlp.core.artifact import MANIFEST_FILE
from leadership_nlp.core.constants import ARRAYS_FILE, META_FILE
from leadership_nlp.train.save import save_model

LEAD = ["Shared a vision", "Inspired people", "Coached the team to grow"]
MANAGE = ["Set the budget", "Scheduled shifts", "Tracked the KPIs"]
NEUTRAL = ["Born in 1990", "Lives in Leeds", "Proficient in Excel"]


def fit(flip: bool = False) -> OrientationModel:
    lead, manage = (MANAGE, LEAD) if flip else (LEAD, MANAGE)
    X = lead + manage + NEUTRAL
    y = ["leadership"] * 3 + ["management"] * 3 + ["neutral"] * 3
    return OrientationModel(calibrate=False).fit(X, y)


@pytest.fixture(scope="module")
def tiny():
    return fit()


@pytest.fixture(scope="module")
def flipped():
    return fit(flip=True)


@pytest.fixture
def folder(tmp_path, tiny):
    save_model(tiny, tmp_path / "model")
    return tmp_path / "model"


def rehash(folder, name):
    """Recompute the manifest entry of ``name``: what a forger with write access does."""
    manifest = json.loads((folder / MANIFEST_FILE).read_text("utf-8"))
    data = (folder / name).read_bytes()
    for entry in manifest["files"]:
        if entry["file"] == name:
            entry.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest), "utf-8")


def forge_meta(folder, change):
    meta = json.loads((folder / META_FILE).read_text("utf-8"))
    change(meta)
    (folder / META_FILE).write_text(json.dumps(meta), "utf-8")
    rehash(folder, META_FILE)


def forge_arrays(folder, change):
    with np.load(folder / ARRAYS_FILE) as npz:
        arrays = {k: npz[k] for k in npz.files}
    change(arrays)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    (folder / ARRAYS_FILE).write_bytes(buffer.getvalue())
    rehash(folder, ARRAYS_FILE)


SENTENCE = "I coach people and set the budget. Shared a vision for growth and change."


def _word_ids_past_the_words(arrays):
    ids = arrays["pair_ids"].copy()
    words = ids[:, :2]  # a view: the pairs' word ids
    words[words >= 0] += 10**6
    arrays.update(pair_ids=ids)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m["scorer"].update(n_max=10**9), r"scorer\.n_max is 1000000000"),  # hung classify
        (lambda m: m["scorer"].update(n_max="2"), r"scorer\.n_max is '2'"),
        (lambda m: m["scorer"].update(n_max=0), r"scorer\.n_max is 0"),
        (lambda m: m["scorer"].update(sublinear="false"), r"scorer\.sublinear must be true or false"),
        (lambda m: m.update(mask_roles="no"), "mask_roles must be true or false"),
        (lambda m: m.update(passive_agents=1), "passive_agents must be true or false"),
        (lambda m: m.update(span_yield=2), "span_yield is 2, expected null or a probability"),
        (lambda m: m.update(span_yield="0.7"), "span_yield is '0.7', expected null or a probability"),
        (lambda m: m["scorer"].update(temperature=1e-300), r"scorer\.temperature is 1e-300"),
        (lambda m: m["scorer"].pop("sublinear"), r"scorer\.sublinear is missing"),
        (lambda m: m.pop("facet_classes"), "facet_classes is missing"),
        (  # a lexicon feature without a column: KeyError at classify time
            lambda m: m["scorer"].update(lexicon_names=[*m["scorer"]["lexicon_names"][:-1], "x:y"]),
            r"scorer\.lexicon_names do not match this library's lexicon",
        ),
    ],
    ids=[
        "n_max huge",
        "n_max str",
        "n_max 0",
        "sublinear",
        "mask_roles",
        "passive_agents",
        "span_yield 2",
        "span_yield str",
        "temperature",
        "missing",
        "facets",
        "lexicon",
    ],
)
def test_forged_metadata_is_refused_at_load(folder, change, message):
    forge_meta(folder, change)
    with pytest.raises(ModelLoadError, match=r"compiled model cannot be read \(" + message):
        leadership_nlp.load_model(folder)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.update(coef=a["coef"] * 1e300), "coef holds a value beyond"),  # NaN scores
        (lambda a: a.update(idf=-a["idf"]), "idf holds a negative weight"),
        (lambda a: a.update(empty=np.array([0.9, 0.9, 0.9])), "empty is not a probability"),
        # Word ids past the pair words, an index for other terms: silently other features.
        (_word_ids_past_the_words, "pair_ids out of range"),
        (lambda a: a.update(pair_ids=a["pair_ids"][::-1].copy()), "pair_ids do not spell lemma_terms"),
        (lambda a: a.update(pair_ids=a["pair_ids"][:-1]), "pair_ids shape"),
        (lambda a: a.update(pair_ids=a["pair_ids"].astype(float)), "pair_ids shape"),
        (lambda a: a.update(pair_ids=np.full_like(a["pair_ids"], 7)), "pair_ids kinds"),
    ],
    ids=[
        "huge coef",
        "negative idf",
        "empty",
        "pair ids range",
        "pair ids reversed",
        "pair ids shape",
        "pair ids float",
        "pair kinds",
    ],
)
def test_forged_arrays_are_refused_at_load(folder, change, message):
    forge_arrays(folder, change)
    with pytest.raises(ModelLoadError, match=message):
        leadership_nlp.load_model(folder)


def test_a_pair_index_of_other_words_is_refused_at_load(folder):
    # Checksums recomputed after the words were reversed: every score would move silently.
    forge_meta(folder, lambda m: m["scorer"].update(pair_words=m["scorer"]["pair_words"][::-1]))
    with pytest.raises(ModelLoadError, match="pair_ids do not spell lemma_terms"):
        leadership_nlp.load_model(folder)


def test_an_unforged_model_still_loads_and_classifies(folder):
    result = leadership_nlp.load_model(folder).classify(SENTENCE)
    assert all(np.isfinite(list(result.scores.values())))


# -- a folder changed in place ---------------------------------------------------------


def labels(model):
    return [model.classify(t).label for t in ("Shared a vision", "Set the budget")]


def test_load_model_notices_a_folder_retrained_in_place(folder, flipped):
    first = leadership_nlp.load_model(folder)
    assert leadership_nlp.load_model(folder) is first  # cached while unchanged
    assert labels(first) == ["leadership", "management"]
    save_model(flipped, folder)  # retrained into the same folder
    second = leadership_nlp.load_model(folder)
    assert second is not first and labels(second) == ["management", "leadership"]


def test_load_model_notices_a_resave_with_the_same_sizes(folder, tiny):
    first = leadership_nlp.load_model(folder)
    stamp = (folder / META_FILE).stat().st_mtime_ns
    save_model(tiny, folder)  # same bytes, new files: loaded and verified again
    os.utime(folder / META_FILE, ns=(stamp, stamp))  # even with the old modification time
    assert leadership_nlp.load_model(folder) is not first


def test_load_model_refuses_a_folder_broken_after_it_was_loaded(folder):
    leadership_nlp.load_model(folder)
    (folder / MANIFEST_FILE).unlink()
    (folder / ARRAYS_FILE).write_bytes(b"corrupt")
    with pytest.raises(ModelLoadError, match="manifest missing"):
        leadership_nlp.load_model(folder)


def test_spacy_load_notices_a_pipeline_resaved_in_place(folder, flipped, tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("leadership_orientation", config={"model": str(folder)})
    nlp.to_disk(tmp_path / "pipeline")
    first = spacy.load(tmp_path / "pipeline")
    assert first("Shared a vision").cats["leadership"] > 0.5
    save_model(flipped, tmp_path / "pipeline" / "leadership_orientation")
    second = spacy.load(tmp_path / "pipeline")
    assert second("Shared a vision").cats["leadership"] < 0.5


def test_the_dask_adapter_uses_the_one_cache(folder, flipped):
    pytest.importorskip("dask")
    from leadership_nlp.adapters.dask import model_loads, worker_model

    first = worker_model(folder)
    assert first is leadership_nlp.load_model(folder) and worker_model(folder) is first
    before = model_loads()[os.fspath(folder)]
    save_model(flipped, folder)
    assert labels(worker_model(folder)) == ["management", "leadership"]
    assert model_loads()[os.fspath(folder)] == before + 1
