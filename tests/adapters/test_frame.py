"""score_frame: result columns added to a pandas DataFrame, index preserved."""

import numpy as np
import pandas as pd
import pytest
from resources import BULLETS, CV, EMPTY, FRENCH, JOB_AD, WHITESPACE

from leadership_nlp import classify
from leadership_nlp.adapters.frame import FRAME_COLUMNS, MISSING_TEXT, result_dtypes, score_frame
from leadership_nlp.core.schema import RESULT_COLUMNS, result_row

TEXTS = [CV, JOB_AD, BULLETS, EMPTY, WHITESPACE, FRENCH, "I manage upwards of 100 people."]


@pytest.fixture(scope="module")
def frame():
    return pd.DataFrame(
        {"id": range(len(TEXTS)), "text": TEXTS},
        index=pd.Index([f"doc{i}" for i in reversed(range(len(TEXTS)))], name="key"),
    )


def test_rows_equal_classify(frame):
    out = score_frame(frame, "text")
    rows = [{**result_row(classify(text)), "error": None} for text in TEXTS]
    expected = pd.DataFrame(rows, index=frame.index).astype(result_dtypes())
    pd.testing.assert_frame_equal(out[list(FRAME_COLUMNS)], expected, check_exact=True)


def test_frame_shape_index_and_other_columns_are_kept(frame):
    before = frame.copy()
    out = score_frame(frame, "text")
    pd.testing.assert_frame_equal(frame, before)  # the input is not modified
    assert out is not frame
    assert list(out.columns) == ["id", "text", *FRAME_COLUMNS]
    pd.testing.assert_index_equal(out.index, frame.index)
    pd.testing.assert_frame_equal(out[["id", "text"]], frame)
    assert out.loc["doc0", "span_of_control"] == 100 and out.loc["doc0", "label"] == "management"


def test_dtypes_are_fixed_and_the_same_when_empty(frame):
    expected = pd.Series(result_dtypes())
    out = score_frame(frame, "text")
    empty = score_frame(frame.iloc[:0], "text")
    pd.testing.assert_series_equal(out.dtypes[list(FRAME_COLUMNS)], expected)
    pd.testing.assert_series_equal(empty.dtypes[list(FRAME_COLUMNS)], expected)
    assert len(empty) == 0


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA], ids=["None", "nan", "NA"])
def test_missing_cells_get_an_error_not_a_guess(missing):
    df = pd.DataFrame({"text": ["I coach people to grow.", missing]}, dtype=object)
    out = score_frame(df, "text")
    assert out.loc[0, "label"] == "leadership" and pd.isna(out.loc[0, "error"])
    assert out.loc[1, "error"] == MISSING_TEXT
    assert all(pd.isna(out.loc[1, c]) for c in RESULT_COLUMNS)


def test_a_too_long_cell_gets_an_error_and_the_others_are_scored():
    huge = "I set budgets. " * 700_000  # 10.5 million characters
    df = pd.DataFrame({"text": ["I coach people to grow.", huge]})
    out = score_frame(df, "text")
    assert out.loc[0, "label"] == "leadership" and pd.isna(out.loc[0, "error"])
    assert out.loc[1, "error"] == "text too long (10,500,000 characters, limit 10,000,000)"
    assert all(pd.isna(out.loc[1, c]) for c in RESULT_COLUMNS)


@pytest.mark.parametrize("bad", [42, b"I set budgets", ["I set budgets"]], ids=["int", "bytes", "list"])
def test_non_string_cells_are_a_type_error(bad):
    df = pd.DataFrame({"text": ["I set budgets", bad]}, index=["ok", "bad"], dtype=object)
    with pytest.raises(TypeError, match=r"column 'text', row 'bad': expected a str"):
        score_frame(df, "text")


def test_missing_column_is_a_key_error(frame):
    with pytest.raises(KeyError, match=r"'body' not in the frame; its columns are \['id', 'text'\]"):
        score_frame(frame, "body")


def test_not_a_frame_is_a_type_error():
    with pytest.raises(TypeError, match="DataFrame"):
        score_frame(pd.Series(["I set budgets"]), "text")


def test_prefix_avoids_clashes():
    df = pd.DataFrame({"text": ["I set budgets"], "label": ["gold"]})
    with pytest.raises(ValueError, match=r"already has column\(s\) \['label'\]; pass prefix="):
        score_frame(df, "text")
    out = score_frame(df, "text", prefix="o_")
    assert list(out.columns) == ["text", "label", *(f"o_{c}" for c in FRAME_COLUMNS)]
    assert out.loc[0, "label"] == "gold" and out.loc[0, "o_label"] == "management"


@pytest.mark.parametrize("dtype", ["string", "category", object])
def test_text_column_dtypes(dtype):
    df = pd.DataFrame({"text": ["I set budgets", "I coach people to grow.", None]}).astype({"text": dtype})
    out = score_frame(df, "text")
    assert out["label"].tolist()[:2] == ["management", "leadership"]
    assert out.loc[2, "error"] == MISSING_TEXT


def test_custom_model_is_used(tiny_model):
    tiny = tiny_model
    df = pd.DataFrame({"text": ["Shared a vision with people", "I set the budget"]})
    out = score_frame(df, "text", model=tiny)
    assert out["label"].tolist() == [classify(t, model=tiny).label for t in df["text"]]
    assert out["leadership"].tolist() == [
        result_row(classify(t, model=tiny))["leadership"] for t in df["text"]
    ]


def test_multiindex_and_duplicate_labels_are_kept():
    index = pd.MultiIndex.from_tuples([("a", 1), ("a", 1), ("b", 2)])
    df = pd.DataFrame({"text": ["I set budgets", "I coach people to grow.", ""]}, index=index)
    out = score_frame(df, "text")
    pd.testing.assert_index_equal(out.index, index)
    assert out["label"].tolist() == ["management", "leadership", "neutral"]


# The output schema: one home for names and dtypes; top evidence without repeats.


def test_frame_columns_and_dtypes_come_from_the_schema():
    from leadership_nlp.adapters.cells import OUTPUT_COLUMNS as SCORE_COLUMNS
    from leadership_nlp.core.schema import FRAME_SCHEMA, OUTPUT_COLUMNS

    assert FRAME_COLUMNS == tuple(c.name for c in FRAME_SCHEMA) == (*RESULT_COLUMNS, "error")
    assert SCORE_COLUMNS == OUTPUT_COLUMNS == ("id", "path", *FRAME_COLUMNS)
    assert {k: str(v) for k, v in result_dtypes().items()} == {c.name: c.dtype for c in FRAME_SCHEMA}


def test_top_evidence_names_each_word_once_with_summed_weights():
    lines = ["the ward budgets.", "the rota.", "the staffing levels.", "the KPIs."]
    text = "\n".join(f"Maintained {line}" for line in lines)
    result = classify(text)
    items = result_row(result)["top_evidence"].split("; ")
    words = [item.rsplit(" (", 1)[0].lower() for item in items]
    assert len(words) == len(set(words)) >= 3  # each word once
    maintained = [e for e in result.evidence if e.text.lower() == "maintained"]
    assert len(maintained) >= 2  # the old column read "Maintained; Maintained; ..."
    total = sum(e.weight for e in maintained)
    assert f"Maintained (management {total:+.2f} ×{len(maintained)})" in items


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        ([("Set", 1.0)], "Set (management +1.00)"),
        ([("set", 1.0), ("KPIs", 1.5), ("Set", 1.0)], "set (management +2.00 ×2); KPIs (management +1.50)"),
        ([("a  b", 0.5), ("A b", 0.25)], "a b (management +0.75 ×2)"),
    ],
)
def test_format_evidence(items, expected):
    from leadership_nlp import Evidence
    from leadership_nlp.core.schema import format_evidence

    evidence = [Evidence(text.lower(), text, 0, len(text), w, "management") for text, w in items]
    assert format_evidence(evidence) == expected
