"""Dask adapter: score bags and dataframes of texts on any Dask scheduler.

Needs the ``dask`` extra (``pip install "leadership-nlp[dask]"``). Works on
the local schedulers and on a ``distributed`` cluster: create a
``dask.distributed.Client("tcp://scheduler:8786")`` first and the functions
here run on its workers.

The model is loaded once per worker process, not per partition or per text:
tasks carry only the model's *path* (``None`` for the model shipped with the
package), and each process loads it through :func:`leadership_nlp.load_model`,
whose cache keeps a folder loaded until it changes on disk (:func:`worker_model`).
Every worker needs leadership-nlp installed (the same version as the client,
for identical results) and, for a custom model, the model folder at the same
path. :func:`model_loads` tells how many loads a process did, e.g.
``client.run(model_loads)``.

Examples
--------
>>> import dask.bag as db
>>> bag = db.from_sequence(["I manage upwards of 100 people.", "I coach people to grow."])
>>> [row["label"] for row in score_bag(bag).compute(scheduler="sync")]
['management', 'leadership']
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from .frame import missing_row, score_frame, score_rows, text_positions

if TYPE_CHECKING:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    from ..api import Model

ModelPath = str | os.PathLike[str] | None

_LOCK = threading.Lock()
# The model last returned per key, weakly held: only to count loads, not a cache.
_SEEN: dict[str | None, weakref.ref[Model]] = {}
_LOADS: dict[str | None, int] = {}


def _dask(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            f'leadership_nlp.adapters.dask needs {module}: pip install "leadership-nlp[dask]"'
        ) from None


def _key(model: ModelPath) -> str | None:
    if model is None:
        return None
    if not isinstance(model, (str, os.PathLike)):
        raise TypeError(
            f"model must be the path of a model folder that the workers can read, not {type(model).__name__}"
        )
    return os.fspath(model)


def worker_model(model: ModelPath = None) -> Model:
    """Return the model for ``model``, loading it at most once in this process.

    Thread-safe: workers running several tasks at once still load once. The
    model comes from :func:`leadership_nlp.load_model` (one cache per
    process), so a folder retrained in place is loaded again, not served stale.

    Parameters
    ----------
    model : path, optional
        A model folder as seen by this process; ``None`` for the shipped model.

    Returns
    -------
    CompiledModel

    Raises
    ------
    leadership_nlp.ModelLoadError
        If the folder cannot be trusted or used.
    """
    key = _key(model)
    from ..api import load_model

    loaded = load_model(key)  # the package's one model cache: reloads a folder changed on disk
    with _LOCK:
        seen = _SEEN.get(key)
        if seen is None or seen() is not loaded:
            _SEEN[key] = weakref.ref(loaded)
            _LOADS[key] = _LOADS.get(key, 0) + 1
    return loaded


def model_loads() -> dict[str | None, int]:
    """Return how many times this process loaded each model (``None``: the shipped one).

    A folder that changed on disk between tasks counts a second load.

    Run it on every worker with ``client.run(model_loads)``: each count is 1
    at most, however many partitions a worker scored.
    """
    return dict(_LOADS)


def _score_partition(
    texts: Iterable[object], model: str | None, full: bool
) -> Sequence[dict[str, Any] | None]:
    texts = list(texts)
    keep = set(text_positions(texts))  # type errors before any model is loaded
    if not keep:
        return [None if full else missing_row() for _ in texts]
    m = worker_model(model)
    if not full:
        return score_rows(texts, model=m)
    # The positions in keep hold a str.
    return [m.classify(cast(str, t)).to_dict() if i in keep else None for i, t in enumerate(texts)]


def bag_meta() -> Any:
    """Return the empty frame ``score_bag(bag).to_dataframe(meta=bag_meta())`` needs.

    Dask cannot infer a frame's columns from a bag of dicts without computing
    one; these are the flat rows' columns with the output schema's dtypes.
    """
    pd = _dask("pandas")
    from ..core.schema import FRAME_SCHEMA

    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in FRAME_SCHEMA})


def score_bag(bag: db.Bag, *, model: ModelPath = None, full: bool = False) -> db.Bag:
    """Score a bag of texts; one plain ``dict`` per text, in order.

    Parameters
    ----------
    bag : dask.bag.Bag
        Texts (``str``); missing items (``None``, ``NaN``) are allowed.
    model : path, optional
        A model folder readable by every worker; ``None`` for the shipped model.
    full : bool, default=False
        ``False``: flat rows with the columns of
        :data:`leadership_nlp.adapters.frame.FRAME_COLUMNS`, as :func:`score_frame`
        gives them (``bag.to_dataframe(meta=bag_meta())`` turns them into a
        frame with the same dtypes; a missing item gives a row with
        ``error="missing text"``). ``True``: the whole
        result, ``OrientationResult.to_dict()`` (JSON-ready, sentences and
        evidence included; ``None`` for a missing item).

    Returns
    -------
    dask.bag.Bag
        Of dicts; computing raises ``TypeError`` for an item that is neither
        a ``str`` nor missing.
    """
    bag_module = _dask("dask.bag")
    if not isinstance(bag, bag_module.Bag):
        raise TypeError(f"score_bag() expects a dask.bag.Bag, got {type(bag).__name__}")
    return bag.map_partitions(_score_partition, _key(model), bool(full))


def _score_frame_partition(
    df: pd.DataFrame, text_column: str, model: str | None, prefix: str
) -> pd.DataFrame:
    return score_frame(df, text_column, model=worker_model(model), prefix=prefix)


def score_dataframe(
    ddf: dd.DataFrame, text_column: str, *, model: ModelPath = None, prefix: str = ""
) -> dd.DataFrame:
    """Add the :func:`leadership_nlp.adapters.frame.score_frame` columns to a Dask dataframe.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        Index, divisions, order and other columns are kept.
    text_column : str
        The column holding the texts.
    model : path, optional
        A model folder readable by every worker; ``None`` for the shipped model.
    prefix : str, default=""
        Prepended to each added column name.

    Returns
    -------
    dask.dataframe.DataFrame
        Lazy; each computed partition equals ``score_frame`` of that partition.

    Raises
    ------
    KeyError, ValueError
        At once, as :func:`score_frame` would (checked on ``ddf``'s meta).
    """
    dd_module = _dask("dask.dataframe")
    if not isinstance(ddf, dd_module.DataFrame):
        raise TypeError(f"score_dataframe() expects a dask.dataframe.DataFrame, got {type(ddf).__name__}")
    meta = score_frame(ddf._meta, text_column, prefix=prefix)  # no rows: checks names, loads no model
    return ddf.map_partitions(_score_frame_partition, text_column, _key(model), prefix, meta=meta)
