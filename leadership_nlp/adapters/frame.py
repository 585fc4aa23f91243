"""pandas adapter: score a column of texts, one result row per row.

Needs pandas (``pip install "leadership-nlp[pandas]"``).

:func:`score_frame` adds :data:`~leadership_nlp.core.schema.RESULT_COLUMNS` plus an
``error`` column to a copy of the frame. The columns have fixed nullable
dtypes (:func:`result_dtypes`), so every frame, empty or not, pandas 2 or 3,
gets the same schema, which :mod:`leadership_nlp.adapters.dask` relies on for ``meta``.

Missing cells (``None``, ``NaN``, ``pd.NA``) are not texts: their result
columns are null and ``error`` says ``"missing text"``; a text longer than
``MAX_TEXT_CHARS`` (10 million characters) gets null results and an ``error``
giving its length, rather than aborting the frame. Any other non-string cell is
a ``TypeError``, as in :func:`leadership_nlp.classify`; nothing is silently
converted.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"text": ["I manage upwards of 100 people.", None]}, index=["a", "b"])
>>> out = score_frame(df, "text")
>>> out[["label", "span_of_control", "error"]]
        label  span_of_control         error
a  management              100          <NA>
b        <NA>             <NA>  missing text
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from ..core.schema import (
    ERROR,
    FRAME_SCHEMA,
    RESULT_COLUMNS,
    dtypes,
    pandas,
    result_row,
    typed_frame,
)

if TYPE_CHECKING:
    import pandas as pd

    from ..api import Model

#: Extra column: why a row has no result (``None`` when it has one).
ERROR_COLUMN = ERROR.name
#: Every column :func:`score_frame` adds, in order (before any prefix).
FRAME_COLUMNS: tuple[str, ...] = tuple(c.name for c in FRAME_SCHEMA)
MISSING_TEXT = "missing text"


def result_dtypes() -> dict[str, Any]:
    """Return the dtype of each column in :data:`FRAME_COLUMNS`.

    Scores are ``float64`` (``NaN`` when missing), counts and span of control
    nullable ``Int64``, text columns nullable ``string``.

    Returns
    -------
    dict
        Column name -> pandas dtype.
    """
    return dtypes(FRAME_SCHEMA)


def is_missing(value: object) -> bool:
    """Return True for ``None``, a float ``NaN``, ``pd.NA`` and ``pd.NaT``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    pd = pandas()
    return value is pd.NA or value is pd.NaT


def missing_row() -> dict[str, Any]:
    """Return the row given to a missing text: null results, ``error="missing text"``."""
    return {**{col: None for col in RESULT_COLUMNS}, ERROR_COLUMN: MISSING_TEXT}


def text_positions(texts: Sequence[object]) -> list[int]:
    """Return the positions of the ``str`` items; the others must be missing.

    Raises
    ------
    TypeError
        If an item is neither a ``str`` nor missing.
    """
    keep = []
    for i, value in enumerate(texts):
        if isinstance(value, str):
            keep.append(i)
        elif not is_missing(value):
            raise TypeError(
                f"item {i}: expected a str (or a missing value), got {type(value).__name__} {value!r:.80}"
            )
    return keep


def score_rows(
    texts: Sequence[object], *, n_jobs: int = 1, model: Model | None = None
) -> list[dict[str, Any]]:
    """Score texts into rows of :data:`FRAME_COLUMNS` values, in order.

    Parameters
    ----------
    texts : sequence
        Strings, or missing values (see the module docstring).
    n_jobs : int, default=1
        Worker processes, as in :func:`leadership_nlp.classify_batch`.
    model : CompiledModel or OrientationModel, optional
        Defaults to the shipped model; not loaded if no item is a ``str``.

    Returns
    -------
    list of dict

    Raises
    ------
    TypeError
        If an item is neither a ``str`` nor missing.
    """
    from ..api import classify_batch
    from ..core.constants import MAX_TEXT_CHARS

    keep = text_positions(texts)
    strings = cast("Sequence[str]", texts)  # read only at the positions in keep, which hold a str
    rows = [missing_row() for _ in texts]
    too_long = [i for i in keep if len(strings[i]) > MAX_TEXT_CHARS]
    for i in too_long:
        # One oversized cell must not abort the frame: it gets an error instead.
        rows[i][ERROR_COLUMN] = f"text too long ({len(strings[i]):,} characters, limit {MAX_TEXT_CHARS:,})"
    keep = [i for i in keep if len(strings[i]) <= MAX_TEXT_CHARS]
    if keep:
        results = classify_batch([strings[i] for i in keep], n_jobs=n_jobs, model=model)
        for i, result in zip(keep, results, strict=True):
            rows[i] = {**result_row(result), ERROR_COLUMN: None}
    return rows


def score_frame(
    df: pd.DataFrame,
    text_column: str,
    *,
    n_jobs: int = 1,
    model: Model | None = None,
    prefix: str = "",
) -> pd.DataFrame:
    """Return a copy of ``df`` with a result column per :data:`FRAME_COLUMNS`.

    Parameters
    ----------
    df : pandas.DataFrame
        Any index; it is kept, as are the row order and the other columns.
    text_column : str
        The column holding the texts.
    n_jobs : int, default=1
        Worker processes (see :func:`leadership_nlp.classify_batch`).
    model : CompiledModel or OrientationModel, optional
        Defaults to the shipped model. Not loaded when ``df`` is empty.
    prefix : str, default=""
        Prepended to each added column name, e.g. ``"orientation_"``.

    Returns
    -------
    pandas.DataFrame
        ``label``, ``leadership``, ``management``, ``span_of_control``,
        ``n_leadership``, ``n_management``, ``n_neutral``, ``top_evidence``,
        ``language`` (as :func:`leadership_nlp.core.schema.result_row` gives them
        for ``classify(text)``) and ``error`` (null, or ``"missing text"``
        for a missing cell), with the dtypes of :func:`result_dtypes`.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame, or a cell is neither a ``str`` nor missing.
    KeyError
        If ``text_column`` is not a column of ``df``.
    ValueError
        If an added column would overwrite an existing one (use ``prefix``),
        or ``text_column`` names several columns.
    """
    pd = pandas()
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"score_frame() expects a pandas DataFrame, got {type(df).__name__}")
    if text_column not in df.columns:
        raise KeyError(f"column {text_column!r} not in the frame; its columns are {list(df.columns)}")
    if not isinstance(df[text_column], pd.Series):
        raise ValueError(f"column {text_column!r} occurs more than once in the frame")
    names = {col: f"{prefix}{col}" for col in FRAME_COLUMNS}
    clash = [name for name in names.values() if name in df.columns]
    if clash:
        raise ValueError(
            f"the frame already has column(s) {clash}; pass prefix= to add them under other names"
        )
    values = df[text_column].tolist()
    for label, value in zip(df.index, values, strict=True):
        if not isinstance(value, str) and not is_missing(value):
            raise TypeError(
                f"column {text_column!r}, row {label!r}: expected a str (or a missing value), "
                f"got {type(value).__name__} {value!r:.80}"
            )
    rows = score_rows(values, n_jobs=n_jobs, model=model)
    added = typed_frame(rows, FRAME_SCHEMA, df.index)
    out = df.copy()
    for col in FRAME_COLUMNS:
        out[names[col]] = added[col]
    return out
