"""The output schema: every column the library writes, defined once.

``leadership-nlp score`` (CSV, JSON Lines, .xlsx), :func:`leadership_nlp.adapters.frame.score_frame`,
:meth:`OrientationResult.to_frame <leadership_nlp.OrientationResult.to_frame>`, the Dask
functions and the HTML report take their column names, dtypes, headings and formats from here,
and their values from :func:`result_row` and :func:`sentence_rows`. A new column is one
:class:`Column` in a tuple below and one key in the function that fills it.

Examples
--------
>>> [c.name for c in DOCUMENT_SCHEMA][:4]
['id', 'path', 'label', 'leadership']
>>> LEADERSHIP_SCORE.heading, LEADERSHIP_SCORE.show(0.03171), SPAN_OF_CONTROL.show(None)
('Leadership score', '0.0317', '')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .constants import LEADERSHIP, MANAGEMENT, NEUTRAL, THIN_EVIDENCE

if TYPE_CHECKING:
    import pandas as pd

    from .result_view import ResultView
    from .sentence_result import Evidence


@dataclass(frozen=True, slots=True)
class Column:
    """One output column.

    Attributes
    ----------
    name : str
        The key in a row dictionary, the CSV/JSON/spreadsheet header and the DataFrame column.
    dtype : str
        The pandas dtype: ``"string"`` (nullable text), ``"float64"`` (``NaN`` when
        missing) or ``"Int64"`` (nullable integer).
    heading : str
        The column's title for people (the HTML report, a table on screen).
    format : str
        A :func:`format` spec for showing a value: ``".4f"``, ``"d"`` or ``""`` (as is).
    description : str
        What the column holds, in one line.
    """

    name: str
    dtype: str
    heading: str
    format: str
    description: str

    def show(self, value: Any) -> str:
        """Return ``value`` formatted for people: ``""`` for a missing value."""
        return "" if value is None else format(value, self.format)


def _text(name: str, heading: str, description: str) -> Column:
    return Column(name, "string", heading, "", description)


def _score(name: str, heading: str, description: str) -> Column:
    return Column(name, "float64", heading, ".4f", description)


def _count(name: str, heading: str, description: str) -> Column:
    return Column(name, "Int64", heading, "d", description)


DOCUMENT_ID = _text("id", "Document", "the file's path, or a CSV row's id")
PATH = _text("path", "File", "the file read (for a CSV row: the CSV file)")
LABEL = _text("label", "Verdict", "leadership, management, balanced or neutral")
LEADERSHIP_SCORE = _score(LEADERSHIP, "Leadership score", "leadership score; the two scores sum to 1")
MANAGEMENT_SCORE = _score(MANAGEMENT, "Management score", "management score; the two scores sum to 1")
CONFIDENCE = _score(
    "confidence",
    "Evidence strength",
    f"share of the text with orientation evidence, 0-1; under {THIN_EVIDENCE} the verdict is neutral",
)
SPAN_OF_CONTROL = _count(
    "span_of_control", "Span of control", "the most people the text says the writer leads or manages"
)
N_LEADERSHIP = _count("n_leadership", "Leadership sentences", "sentences labelled leadership")
N_MANAGEMENT = _count("n_management", "Management sentences", "sentences labelled management")
N_NEUTRAL = _count("n_neutral", "Neutral sentences", "sentences labelled neutral")
TOP_EVIDENCE = _text(
    "top_evidence", "Top evidence", "the strongest distinct words or phrases, weights summed over the text"
)
LANGUAGE = _text("language", "Language", "detected language (the model reads English)")
ERROR = _text("error", "Error", "why the document could not be scored; empty when it was")

#: The columns a result fills (:func:`result_row`), in order.
RESULT_SCHEMA: tuple[Column, ...] = (
    LABEL,
    LEADERSHIP_SCORE,
    MANAGEMENT_SCORE,
    CONFIDENCE,
    SPAN_OF_CONTROL,
    N_LEADERSHIP,
    N_MANAGEMENT,
    N_NEUTRAL,
    TOP_EVIDENCE,
    LANGUAGE,
)
#: The columns :func:`leadership_nlp.adapters.frame.score_frame` adds.
FRAME_SCHEMA: tuple[Column, ...] = (*RESULT_SCHEMA, ERROR)
#: One row per document: ``leadership-nlp score`` output (CSV, JSON Lines, the "documents" sheet).
DOCUMENT_SCHEMA: tuple[Column, ...] = (DOCUMENT_ID, PATH, *RESULT_SCHEMA, ERROR)

SENTENCE = _count("sentence", "Sentence", "the sentence's position in the document, from 0")
START = _count("start", "Start", "character offset of the sentence in the document")
END = _count("end", "End", "character offset just past the sentence")
TEXT = _text("text", "Text", "the sentence as written")
SENTENCE_LABEL = _text("label", "Label", "the sentence's label: leadership, management or neutral")
SENTENCE_LEADERSHIP = _score(LEADERSHIP, "Leadership score", "the sentence's lean towards leadership")
SENTENCE_MANAGEMENT = _score(MANAGEMENT, "Management score", "the sentence's lean towards management")
EVIDENCE = _text("evidence", "Evidence", "the words that decided the sentence's label, with weights")
FACETS = _text("facets", "Facets", "facets of the label guide the sentence touches, comma-separated")

#: One row per sentence (:func:`sentence_rows`, ``OrientationResult.to_frame()``).
SENTENCE_SCHEMA: tuple[Column, ...] = (
    SENTENCE,
    START,
    END,
    TEXT,
    SENTENCE_LABEL,
    SENTENCE_LEADERSHIP,
    SENTENCE_MANAGEMENT,
    EVIDENCE,
    FACETS,
)
#: The "sentences" sheet of an .xlsx output: the document's id, then :data:`SENTENCE_SCHEMA`.
SENTENCE_SHEET_SCHEMA: tuple[Column, ...] = (DOCUMENT_ID, *SENTENCE_SCHEMA)

#: Column names of :data:`RESULT_SCHEMA`, in order.
RESULT_COLUMNS: tuple[str, ...] = tuple(c.name for c in RESULT_SCHEMA)
#: Column names of :data:`DOCUMENT_SCHEMA`, in order.
OUTPUT_COLUMNS: tuple[str, ...] = tuple(c.name for c in DOCUMENT_SCHEMA)
#: Column names of :data:`SENTENCE_SCHEMA`, in order.
SENTENCE_COLUMNS: tuple[str, ...] = tuple(c.name for c in SENTENCE_SCHEMA)


def merge_evidence(evidence: Iterable[Evidence]) -> list[tuple[str, str, float, int]]:
    """Merge evidence items that are the same words, strongest total first.

    Items are the same when their texts match ignoring case and spacing and
    they support the same label; their weights are summed.

    Returns
    -------
    list of (text, label, weight, count)
        ``text`` as first written; ``count`` the number of items merged.
    """
    merged: dict[tuple[str, str], list[Any]] = {}
    for e in evidence:
        key = (" ".join(e.text.lower().split()), e.label)
        if key in merged:
            merged[key][2] += e.weight
            merged[key][3] += 1
        else:
            merged[key] = [" ".join(e.text.split()), e.label, e.weight, 1]
    ranked = sorted(merged.values(), key=lambda item: -item[2])  # stable: first seen wins ties
    return [(text, label, weight, count) for text, label, weight, count in ranked]


def format_evidence(evidence: Iterable[Evidence], top: int | None = None, *, labels: bool = True) -> str:
    """Return the ``top`` strongest distinct evidence items as one string.

    Each item reads ``words (label +weight)``, or ``words (+weight)`` without
    ``labels``; ``×n`` after the weight says it was found ``n`` times (the
    weight is the sum). Items are separated by ``"; "``.

    Examples
    --------
    >>> from leadership_nlp.core.sentence_result import Evidence
    >>> items = [Evidence("maintain", "Maintained", 0, 10, 1.5, "management")] * 3
    >>> format_evidence(items + [Evidence("kpi", "KPIs", 20, 24, 2.0, "management")])
    'Maintained (management +4.50 ×3); KPIs (management +2.00)'
    """
    parts = []
    for text, label, weight, count in merge_evidence(evidence)[:top]:
        times = f" ×{count}" if count > 1 else ""
        parts.append(f"{text} ({label + ' ' if labels else ''}{weight:+.2f}{times})")
    return "; ".join(parts)


def result_row(result: ResultView, top: int = 5) -> dict[str, Any]:
    """Flatten a result into the :data:`RESULT_COLUMNS` values.

    ``top_evidence`` lists the ``top`` strongest distinct evidence items of the
    verdict (see :func:`format_evidence`).
    """
    counts = result.counts
    return {
        LABEL.name: result.label,
        LEADERSHIP_SCORE.name: round(result.scores[LEADERSHIP], 4),
        MANAGEMENT_SCORE.name: round(result.scores[MANAGEMENT], 4),
        CONFIDENCE.name: round(result.confidence, 4),
        SPAN_OF_CONTROL.name: result.role_profile.span_of_control,
        N_LEADERSHIP.name: counts.get(LEADERSHIP, 0),
        N_MANAGEMENT.name: counts.get(MANAGEMENT, 0),
        N_NEUTRAL.name: counts.get(NEUTRAL, 0),
        TOP_EVIDENCE.name: format_evidence(result.evidence, top),
        LANGUAGE.name: result.language,
    }


def sentence_rows(result: ResultView) -> list[dict[str, Any]]:
    """Return one row of :data:`SENTENCE_COLUMNS` values per sentence of ``result``.

    Scores are rounded to 4 decimals like the document's; ``evidence`` lists
    the sentence's distinct evidence items without their label (it is the
    sentence's), ``facets`` joins the facets with ", ".
    """
    return [
        {
            SENTENCE.name: i,
            START.name: s.start,
            END.name: s.end,
            TEXT.name: s.text,
            SENTENCE_LABEL.name: s.label,
            SENTENCE_LEADERSHIP.name: round(s.scores[LEADERSHIP], 4),
            SENTENCE_MANAGEMENT.name: round(s.scores[MANAGEMENT], 4),
            EVIDENCE.name: format_evidence(s.evidence, labels=False),
            FACETS.name: ", ".join(s.facets),
        }
        for i, s in enumerate(result.sentences)
    ]


# -- as pandas frames (pandas is an extra: imported when a frame is asked for) ----------


def pandas() -> Any:
    """Return the pandas module, or raise an ``ImportError`` naming the extra that installs it."""
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError('data frames need pandas: pip install "leadership-nlp[pandas]"') from None
    return pandas


def dtypes(schema: tuple[Column, ...]) -> dict[str, Any]:
    """Return each column's pandas dtype."""
    pd = pandas()
    return {c.name: pd.api.types.pandas_dtype(c.dtype) for c in schema}


def typed_frame(rows: list[dict[str, Any]], schema: tuple[Column, ...], index: Any = None) -> pd.DataFrame:
    """Build a frame with one column per ``schema`` entry, typed by its dtype, from row dicts."""
    pd = pandas()
    columns = {
        c.name: pd.Series([row[c.name] for row in rows], index=index, dtype=object).astype(dtype)
        for c, dtype in zip(schema, dtypes(schema).values(), strict=True)
    }
    return pd.DataFrame(columns, index=index)


def sentence_frame(result: ResultView) -> pd.DataFrame:
    """Return the sentence table of a result as a DataFrame, one row per sentence.

    The columns are :data:`SENTENCE_SCHEMA` with its dtypes, the index the
    sentence's position (named ``"sentence"``); values as
    :func:`sentence_rows` gives them. This is
    :meth:`OrientationResult.to_frame <leadership_nlp.OrientationResult.to_frame>`.

    Examples
    --------
    >>> from leadership_nlp import classify
    >>> table = sentence_frame(classify("I coach people to grow. Set the budget."))
    >>> table.index.name, table["label"].tolist()
    ('sentence', ['leadership', 'management'])
    >>> list(table.columns)
    ['start', 'end', 'text', 'label', 'leadership', 'management', 'evidence', 'facets']
    """
    pd = pandas()
    rows = sentence_rows(result)
    index = pd.RangeIndex(len(rows), name=SENTENCE_SCHEMA[0].name)
    return typed_frame(rows, SENTENCE_SCHEMA, index).drop(columns=SENTENCE_SCHEMA[0].name)
