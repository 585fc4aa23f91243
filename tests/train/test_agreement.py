"""Inter-labeller agreement: Cohen's kappa, label agreement and facet overlap against second labels."""

import json

import pytest

from leadership_nlp.train.agreement import agreement, agreement_report
from leadership_nlp.train.corpus import Corpus, Unit

UNITS = [
    Unit("u0", "Inspired people", "leadership", ("people",), "cv", "document"),
    Unit("u1", "Set the budget", "management", ("resources",), "cv", "document"),
    Unit("u2", "Born in 1990", "neutral", (), "cv", "document"),
    Unit("u3", "Lives in Leeds", "neutral", (), "cv", "authored"),
]
SECOND = [
    {"id": "u0", "label": "leadership", "facets": ["people", "direction"]},
    {"id": "u1", "label": "management", "facets": ["resources"]},
    {"id": "u2", "label": "neutral", "facets": []},
    {"id": "u3", "label": "leadership", "facets": ["people"]},
]


@pytest.fixture
def corpus(tmp_path):
    return Corpus(tmp_path, {}, {}, list(UNITS))


def test_agreement_measures_the_units_both_labelled(corpus):
    found = agreement(corpus, SECOND)
    assert found["n"] == 4
    assert found["label_agreement"] == 0.75
    assert found["kappa"] == pytest.approx((0.75 - 5 / 16) / (1 - 5 / 16), abs=1e-3)
    assert found["facet_jaccard"] == 0.75  # 1/2 and 1, over the oriented units both label alike
    assert found["disagreements"] == [
        {"id": "u3", "text": "Lives in Leeds", "first": "neutral", "second": "leadership"}
    ]


def test_perfect_agreement(corpus):
    second = [{"id": u.id, "label": u.label, "facets": list(u.facets)} for u in UNITS]
    found = agreement(corpus, second)
    assert (found["kappa"], found["label_agreement"], found["facet_jaccard"]) == (1.0, 1.0, 1.0)
    assert found["disagreements"] == []


def test_kappa_is_undefined_when_both_use_one_label(corpus, tmp_path):
    # A batch of neutral lines labelled neutral twice agrees fully, but kappa has no
    # chance baseline to beat: it is reported as such, and the file still counts pooled.
    second = [{"id": "u2", "label": "neutral"}, {"id": "u3", "label": "neutral"}]
    assert agreement(corpus, second)["kappa"] is None
    path = tmp_path / "neutral.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in second), "utf-8")
    other = tmp_path / "all.jsonl"
    other.write_text("\n".join(json.dumps({"id": u.id, "label": u.label}) for u in UNITS[:2]), "utf-8")
    lines = agreement_report(corpus, [path, other]).splitlines()
    assert lines[2] == "| neutral.jsonl | 2 | n/a (one label) | 1.000 | None |"
    assert lines[4] == "| **all samples pooled** | 4 | 1.000 | 1.000 | None |"


def test_without_second_facets_there_is_no_facet_jaccard(corpus):
    second = [{"id": u.id, "label": u.label} for u in UNITS]
    assert agreement(corpus, second)["facet_jaccard"] is None


def test_the_validation_sentences_are_measured_too(corpus, tmp_path):
    folder = tmp_path / "validation"
    folder.mkdir()
    row = {"id": "v1", "text": "Coached staff", "label": "leadership", "facets": ["people"]}
    (folder / "lines.jsonl").write_text(json.dumps(row) + "\n\n", "utf-8")
    found = agreement(corpus, [{"id": "v1", "label": "management"}, {"id": "u2", "label": "neutral"}])
    assert found["n"] == 2 and found["label_agreement"] == 0.5
    assert found["disagreements"][0]["id"] == "v1" and found["disagreements"][0]["text"] == "Coached staff"


def test_the_report_has_a_row_per_file_and_lists_the_disagreements(corpus, tmp_path):
    paths = []
    for name, rows in (("second_a.jsonl", SECOND), ("second_b.jsonl", SECOND[:3])):
        path = tmp_path / name
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
        paths.append(path)
    report = agreement_report(corpus, paths)
    lines = report.splitlines()
    assert lines[0].startswith("| sample | units | Cohen's kappa")
    assert lines[2] == "| second_a.jsonl | 4 | 0.636 | 0.750 | 0.75 |"
    assert lines[3] == "| second_b.jsonl | 3 | 1.000 | 1.000 | 0.75 |"
    pooled = agreement(corpus, SECOND + SECOND[:3])
    assert lines[4] == f"| **all samples pooled** | 7 | {pooled['kappa']:.3f} | 0.857 | 0.75 |"
    assert lines[-2:] == ["Disagreements:", "- u3 (neutral vs leadership): Lives in Leeds"]


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (
            [*SECOND, {"id": "not-in-the-corpus", "label": "neutral"}],
            "1 id.s. not in the corpus: not-in-the-corpus",
        ),
        ([], "no second labels"),
    ],
)
def test_second_labels_the_corpus_lacks_are_refused_not_left_out(corpus, second, message):
    # A wrong file or corpus must not be measured on whatever few units happen to match.
    with pytest.raises(ValueError, match=message):
        agreement(corpus, second)


def test_the_command_says_what_is_wrong_with_a_second_labels_file(tmp_path, capsys):
    from leadership_nlp.adapters.cli import main

    unknown = tmp_path / "second.jsonl"
    unknown.write_text(json.dumps({"id": "zz-1", "label": "neutral"}) + "\n", "utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", "utf-8")
    not_a_record = tmp_path / "list.jsonl"
    not_a_record.write_text('["u0", "neutral"]\n', "utf-8")
    for path, message in (
        (unknown, "not in the corpus: zz-1"),
        (broken, "Expecting"),
        (not_a_record, "record 1 is not an object with an id and a label"),
        (tmp_path / "x", "No such"),
    ):
        assert main(["corpus", "agreement", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and message in err and "Traceback" not in err
