"""The role profile on its labelled set: precision and recall per field, printed after every run."""

from pathlib import Path

import pytest

from leadership_nlp.train.role_profile_eval import FIELDS, evaluate, load_set, table

SET = Path(__file__).resolve().parents[2] / "corpus" / "role_profiles" / "role_profile_set.jsonl"

#: (precision, recall) each field must reach on the whole set.
TARGETS = {
    "span_of_control": (0.97, 0.90),
    "direct_reports": (0.95, 0.85),
    "budget": (0.95, 0.85),
    "sites": (0.95, 0.85),
}


@pytest.fixture(scope="module")
def scores(terminal_summary):
    rows = load_set(SET)
    found, errors = evaluate(rows)
    terminal_summary.append(table(found, f"role profile, whole set ({len(rows)} sentences)"))
    print("\n".join(errors))  # shown with a failing test, or with -s
    return {s.field: s for s in found}


def test_the_set_is_large_and_well_formed():
    rows = load_set(SET)
    assert len(rows) >= 320
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)
    assert {r["split"] for r in rows} == {"dev", "test", "fresh"}
    first = [r for r in rows if r["split"] != "fresh"]
    assert 0.25 <= sum(r["split"] == "test" for r in first) / len(first) <= 0.35
    for r in rows:
        assert set(r) == {"id", "text", *FIELDS, "note", "split"}
        assert r["budget"] is None or (r["budget"]["amount"] > 0 and len(r["budget"]["currency"]) == 3)
    # Distractors: most sentences with a number state no span of control.
    assert sum(r["span_of_control"] is None for r in rows) >= 120


@pytest.mark.parametrize("field", FIELDS)
def test_precision_and_recall_reach_their_targets(scores, field):
    precision, recall = TARGETS[field]
    s = scores[field]
    assert s.labelled >= 15
    assert s.precision >= precision, f"{field} precision {s.precision:.3f} < {precision}"
    assert s.recall >= recall, f"{field} recall {s.recall:.3f} < {recall}"
