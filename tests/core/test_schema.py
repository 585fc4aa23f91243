"""The output schema: columns defined once, rows and frames filled from results."""

import sys

import pandas as pd
import pytest
from resources import CV, FRENCH

from leadership_nlp import classify
from leadership_nlp.core.schema import (
    DOCUMENT_SCHEMA,
    FRAME_SCHEMA,
    LABEL,
    LEADERSHIP_SCORE,
    RESULT_COLUMNS,
    RESULT_SCHEMA,
    SENTENCE_COLUMNS,
    SENTENCE_SCHEMA,
    SENTENCE_SHEET_SCHEMA,
    SPAN_OF_CONTROL,
    format_evidence,
    merge_evidence,
    result_row,
    sentence_rows,
    typed_frame,
)
from leadership_nlp.core.sentence_result import Evidence

SCHEMAS = [RESULT_SCHEMA, FRAME_SCHEMA, DOCUMENT_SCHEMA, SENTENCE_SCHEMA, SENTENCE_SHEET_SCHEMA]
FORMATS = {"string": "", "float64": ".4f", "Int64": "d"}


def ev(text, weight, label="management", start=0):
    return Evidence(text.lower(), text, start, start + len(text), weight, label)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_schema_has_unique_names_and_a_format_for_its_dtype(schema):
    names = [c.name for c in schema]
    assert len(names) == len(set(names))
    assert all(FORMATS[c.dtype] == c.format and c.heading and c.description for c in schema)


def test_the_schemas_are_built_from_one_another():
    assert [c.name for c in DOCUMENT_SCHEMA] == ["id", "path", *RESULT_COLUMNS, "error"]
    assert FRAME_SCHEMA == (*RESULT_SCHEMA, DOCUMENT_SCHEMA[-1])
    assert SENTENCE_SHEET_SCHEMA == (DOCUMENT_SCHEMA[0], *SENTENCE_SCHEMA)


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        (LEADERSHIP_SCORE, 0.03171, "0.0317"),
        (LEADERSHIP_SCORE, 1, "1.0000"),
        (SPAN_OF_CONTROL, 100, "100"),
        (SPAN_OF_CONTROL, None, ""),
        (LABEL, "balanced", "balanced"),
    ],
)
def test_column_show(column, value, shown):
    assert column.show(value) == shown


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], []),
        ([ev("KPIs", 2.0), ev("kpis", 1.0)], [("KPIs", "management", 3.0, 2)]),  # case does not matter
        (
            [ev("set  the\nbudget", 1.0), ev("Set the budget", 0.5)],
            [("set the budget", "management", 1.5, 2)],
        ),
        (
            [ev("coach", 1.0, "leadership"), ev("coach", 2.0, "management")],  # other label: kept apart
            [("coach", "management", 2.0, 1), ("coach", "leadership", 1.0, 1)],
        ),
        ([ev("a", 1.0), ev("b", 1.0)], [("a", "management", 1.0, 1), ("b", "management", 1.0, 1)]),  # stable
    ],
)
def test_merge_evidence(items, expected):
    assert merge_evidence(items) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "KPIs (management +3.00 ×2); coach (leadership +1.25); rota (management +0.50)"),
        ({"top": 1}, "KPIs (management +3.00 ×2)"),
        ({"labels": False}, "KPIs (+3.00 ×2); coach (+1.25); rota (+0.50)"),
    ],
)
def test_format_evidence(kwargs, expected):
    items = [ev("rota", 0.5), ev("KPIs", 1.5), ev("coach", 1.25, "leadership"), ev("KPIs", 1.5)]
    assert format_evidence(items, **kwargs) == expected


def test_format_evidence_of_nothing_is_empty():
    assert format_evidence([]) == ""


def test_result_row_fills_the_result_columns():
    result = classify(CV)
    row = result_row(result)
    assert list(row) == list(RESULT_COLUMNS)
    assert row["label"] == result.label == "management"
    assert row["leadership"] == round(result.scores["leadership"], 4)
    assert row["leadership"] + row["management"] == pytest.approx(1.0, abs=1e-4)
    assert row["span_of_control"] == 100 and row["language"] == "en"
    assert (row["n_leadership"], row["n_management"], row["n_neutral"]) == (
        result.counts["leadership"],
        result.counts["management"],
        result.counts["neutral"],
    )
    assert row["top_evidence"] == format_evidence(result.evidence, 5)
    assert result_row(result, top=1)["top_evidence"].count("(") == 1


def test_result_row_of_a_text_without_a_span_of_control():
    row = result_row(classify(FRENCH))
    assert row["span_of_control"] is None and row["language"] == "fr"


def test_sentence_rows_fill_the_sentence_columns():
    result = classify(CV)
    rows = sentence_rows(result)
    assert len(rows) == len(result.sentences)
    for i, (row, s) in enumerate(zip(rows, result.sentences, strict=True)):
        assert list(row) == list(SENTENCE_COLUMNS)
        assert row["sentence"] == i and CV[row["start"] : row["end"]] == row["text"] == s.text
        assert row["facets"] == ", ".join(s.facets)
        assert row["evidence"] == format_evidence(s.evidence, labels=False)


def test_typed_frame_types_every_column_and_keeps_missing_values():
    rows = [
        {c.name: None for c in RESULT_SCHEMA},
        result_row(classify(CV)),
    ]
    frame = typed_frame(rows, RESULT_SCHEMA)
    assert {c.name: str(frame[c.name].dtype) for c in RESULT_SCHEMA} == {
        c.name: str(pd.api.types.pandas_dtype(c.dtype)) for c in RESULT_SCHEMA
    }
    assert frame["span_of_control"].isna().tolist() == [True, False]
    assert frame["span_of_control"].iloc[1] == 100


def test_to_frame_is_the_sentence_table():
    result = classify(CV)
    table = result.to_frame()
    assert isinstance(table, pd.DataFrame)
    assert table.index.name == "sentence" and table.index.tolist() == list(range(len(result.sentences)))
    assert list(table.columns) == list(SENTENCE_COLUMNS[1:])
    assert {c.name: str(table[c.name].dtype) for c in SENTENCE_SCHEMA[1:]} == {
        c.name: str(pd.api.types.pandas_dtype(c.dtype)) for c in SENTENCE_SCHEMA[1:]
    }
    rows = sentence_rows(result)
    assert table.reset_index().astype(object).to_dict("records") == rows
    assert table["text"].tolist() == [s.text for s in result.sentences]


def test_to_frame_of_an_empty_text_has_the_columns_and_no_rows():
    table = classify("").to_frame()
    assert len(table) == 0 and list(table.columns) == list(SENTENCE_COLUMNS[1:])


def test_to_frame_without_pandas_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match=r'pip install "leadership-nlp\[pandas\]"'):
        classify(CV).to_frame()
