"""Dask scoring on a real distributed cluster of two worker processes."""

import os
from collections import Counter

import dask
import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster, get_task_stream
from resources import BULLETS, CV, EMPTY, FRENCH, JOB_AD

from leadership_nlp import OrientationModel, classify
from leadership_nlp.adapters.dask import model_loads, score_bag, score_dataframe
from leadership_nlp.adapters.frame import FRAME_COLUMNS, MISSING_TEXT, score_frame, score_rows
from leadership_nlp.core.schema import result_row
from leadership_nlp.train.save import save_model

TEXTS = [
    CV,
    JOB_AD,
    BULLETS,
    EMPTY,
    FRENCH,
    None,
    "I manage upwards of 100 people.",
    "I coach people to grow.",
] * 3


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def frame():
    index = pd.Index([f"row{i:02d}" for i in range(len(TEXTS))], name="key")
    return pd.DataFrame({"text": TEXTS, "n": range(len(TEXTS))}, index=index)


def _local_row(text):
    return {**result_row(classify(text)), "error": None} if text is not None else None


def test_score_bag_gives_local_rows(client):
    rows = score_bag(db.from_sequence(TEXTS, npartitions=6)).compute()
    assert rows == score_rows(TEXTS)
    for text, row in zip(TEXTS, rows, strict=True):
        assert list(row) == list(FRAME_COLUMNS)
        assert row == (_local_row(text) or {**dict.fromkeys(FRAME_COLUMNS), "error": MISSING_TEXT})


def test_score_bag_full_results_equal_classify(client):
    results = score_bag(db.from_sequence(TEXTS, npartitions=4), full=True).compute()
    assert results == [classify(t).to_dict() if t is not None else None for t in TEXTS]


def test_score_dataframe_equals_score_frame(client, frame):
    ddf = dd.from_pandas(frame, npartitions=5)
    scored = score_dataframe(ddf, "text")
    assert list(scored.columns) == ["text", "n", *FRAME_COLUMNS]
    assert scored.divisions == ddf.divisions
    out = scored.compute()
    pd.testing.assert_frame_equal(out, score_frame(ddf.compute(), "text"), check_exact=True)
    pd.testing.assert_series_equal(out.dtypes, scored.dtypes)  # meta is right
    assert out["label"].tolist()[:3] == [classify(t).label for t in TEXTS[:3]]
    assert out.index.tolist() == frame.index.tolist()


def test_model_is_loaded_once_per_worker_process(client, frame):
    bag = db.from_sequence(TEXTS, npartitions=8)
    ddf = dd.from_pandas(frame, npartitions=6)
    with get_task_stream(client) as stream:
        for _ in range(2):
            score_bag(bag).compute()
            score_dataframe(ddf, "text").compute()
    tasks = Counter(
        t["worker"] for t in stream.data if isinstance(t["key"], tuple) and t["key"][0].startswith("_score")
    )
    loads = client.run(model_loads)
    pids = client.run(os.getpid)
    assert len(set(pids.values())) == 2  # two separate worker processes
    assert sum(tasks.values()) >= 20 and max(tasks.values()) >= 5  # many partitions per worker ...
    for worker, count in tasks.items():
        assert loads[worker] == {None: 1}, (worker, count, loads)  # ... and one load each


def test_custom_model_path_is_loaded_by_the_workers(client, tmp_path, tiny_model):
    tiny = tiny_model
    save_model(tiny, tmp_path)
    texts = ["Shared a vision with people", "I set the budget", "Proficient in Excel"] * 4
    rows = score_bag(db.from_sequence(texts, npartitions=4), model=tmp_path).compute()
    assert rows == [{**result_row(classify(t, model=tiny)), "error": None} for t in texts]
    loads = client.run(model_loads)
    assert all(n.get(str(tmp_path), 0) <= 1 for n in loads.values())
    assert sum(n.get(str(tmp_path), 0) for n in loads.values()) >= 1


def test_bad_input_fails_clearly(client, frame):
    ddf = dd.from_pandas(frame, npartitions=2)
    with pytest.raises(KeyError, match="'body' not in the frame"):
        score_dataframe(ddf, "body")  # checked at once, on the meta
    with pytest.raises(ValueError, match="pass prefix="):
        score_dataframe(ddf.assign(label="x"), "text")
    with pytest.raises(TypeError, match="dask.bag.Bag"):
        score_bag(["I set budgets"])
    with pytest.raises(TypeError, match="dask.dataframe.DataFrame"):
        score_dataframe(frame, "text")
    with pytest.raises(TypeError, match="path of a model folder"):
        score_bag(db.from_sequence(["I set budgets"]), model=OrientationModel())
    with pytest.raises(TypeError, match="item 1: expected a str"):
        score_bag(db.from_sequence(["I set budgets", 42], npartitions=1)).compute()


def test_prefix_reaches_the_partitions(client):
    ddf = dd.from_pandas(pd.DataFrame({"text": ["I set budgets"] * 4, "label": ["gold"] * 4}), npartitions=2)
    out = score_dataframe(ddf, "text", prefix="o_").compute()
    assert out["o_label"].tolist() == ["management"] * 4 and out["label"].tolist() == ["gold"] * 4


def test_local_scheduler_loads_once_per_process():
    # Counted from this test's first run on: tests run before it in this process (another file's,
    # with the test workers) may have loaded the shipped model and had it leave the package's
    # cache of four models, and a load after that is a new load.
    bag = db.from_sequence(["I set budgets", "I coach people to grow."] * 4, npartitions=4)
    before = model_loads().get(None, 0)
    rows = score_bag(bag).compute(scheduler="sync")
    first = model_loads()[None]
    assert first - before <= 1
    for _ in range(2):
        rows = score_bag(bag).compute(scheduler="sync")
    assert [r["label"] for r in rows[:2]] == ["management", "leadership"]
    assert model_loads()[None] == first
    with dask.config.set(scheduler="threads"):
        score_bag(bag).compute()
    assert model_loads()[None] == first


def test_a_scored_bag_becomes_a_frame_with_the_schema_dtypes():
    import dask.bag as db

    from leadership_nlp.adapters.dask import bag_meta, score_bag

    bag = db.from_sequence(
        ["I manage upwards of 100 people.", None, "I coach people to grow."], npartitions=2
    )
    frame = score_bag(bag).to_dataframe(meta=bag_meta()).compute()
    assert frame["label"].tolist()[0] == "management" and frame["span_of_control"].tolist()[0] == 100
    assert frame["error"].tolist()[1] == "missing text"
    assert dict(frame.dtypes.astype(str)) == dict(bag_meta().dtypes.astype(str))
