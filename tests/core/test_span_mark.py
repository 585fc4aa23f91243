"""Sentences in which the role profile reads a span of control get a term of their own."""

import json

import pytest

from leadership_nlp import classify, load_model
from leadership_nlp.core import role_profile, span_mark
from leadership_nlp.core.normalise import make_clean_doc
from leadership_nlp.core.role_result import Mention
from leadership_nlp.core.segment import sentences, set_boundaries
from leadership_nlp.core.terms import Term, ngrams, sentence_terms

SPAN = span_mark.SPAN_MARK


def doc_sentences(text):
    return sentences(set_boundaries(make_clean_doc(text)))


def test_a_mention_marks_the_sentence_it_starts_in():
    sents = doc_sentences("Wrote the reports. I manage a team of 8 and 3 direct reports. Done.")
    mentions = [
        Mention("role_verb", "manage", 21, 27),  # not a count: no mark
        Mention("span_of_control", "team of 8", 30, 39, 8.0),
        Mention("direct_reports", "3 direct reports", 44, 60, 3.0),  # same sentence: the first mark stays
    ]
    assert span_mark.marks(sents, mentions) == [None, (30, 39), None]


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("I manage the finance team of 8.", "team of 8"),
        ("I have 14 direct reports.", "14 direct reports"),
        ("The company employs 500 people.", None),
        ("Managed the budgets and rotas.", None),
        ("Grew revenue by 40% in 2019.", None),
    ],
)
def test_sentence_terms_mark_the_counts_the_role_profile_reads(text, marked):
    terms = sentence_terms([text], mark_spans=True)[0]
    found = [text[t.start : t.end] for t in terms if t.term == SPAN]
    assert found == ([] if marked is None else [marked])
    assert SPAN not in [t.term for t in sentence_terms([text])[0]]  # off unless asked


def test_the_mark_is_a_unigram_only():
    terms = [Term("manage", 0, 6), Term("team", 7, 11), Term(SPAN, 7, 16)]
    assert [t.term for t in ngrams(terms)] == ["manage", "team", SPAN, "manage team"]


def test_the_shipped_model_marks_spans_and_classify_agrees_with_predict():
    model = load_model()
    assert model.mark_spans
    texts = ["I manage the finance team of 8.", "I look after a team of six.", "Developed unit tests."]
    by_classify = [classify(t).sentences[0] for t in texts]
    assert [s.label for s in by_classify] == list(model.predict(texts))
    proba = model.predict_proba(texts)
    for s, p in zip(by_classify, proba, strict=True):
        assert all(abs(s.probabilities[k] - p[i]) < 1e-9 for i, k in enumerate(model.labels))


@pytest.mark.parametrize(
    "text",
    [
        "I manage upwards of 100 people.",
        "I manage the finance team of 8.",
        "I look after a team of six.",
        "Managed the front-of-house team of 20.",
        "I supervise the night shift team of 15.",
        "Team lead for 8 engineers.",
    ],
)
def test_role_profile_phrasings_are_management_with_the_count_as_evidence(text):
    r = classify(text)
    assert r.label == "management"
    assert r.role_profile.span_of_control is not None
    assert any(SPAN in e.term for e in r.evidence)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # Guideline C.6: a span of control with another behaviour is labelled by that behaviour.
        (
            "Manage 30 warehouse staff and won them over to a new picking system they now improve"
            " themselves.",
            "leadership",
        ),
        ("She heads a 12-person lab and has grown two of her technicians into scientists.", "leadership"),
        ("You will lead 60 drivers through the move to electric vans.", "leadership"),
        ("Supervise 14 cleaners and draw up their weekly rota.", "management"),
        # A number of people the writer does not head is no span (C.6, G.2).
        ("The hospital employs 3,000 staff.", "neutral"),
        ("Worked on a 20-strong roofing crew for three summers.", "neutral"),
        ("One of 9 nurses on the night shift.", "neutral"),
    ],
)
def test_a_span_with_another_behaviour_is_labelled_by_the_behaviour(text, label):
    assert classify(text).label == label


def test_extra_pattern_files_change_the_profile_not_the_scores(tmp_path, monkeypatch):
    extra = tmp_path / "mine.jsonl"
    pattern = [{"LOWER": "pack"}, {"LOWER": "of"}, "@num"]
    record = {"kind": "pattern", "label": "span_of_control", "id": "pack_of", "pattern": pattern}
    extra.write_text(json.dumps(record), encoding="utf-8")
    text = "I lead a pack of 9 and manage the finance team of 8."
    before = classify(text)
    monkeypatch.setenv(role_profile.ENV_VAR, str(extra))
    after = classify(text)
    assert (before.role_profile.span_of_control, after.role_profile.span_of_control) == (8, 9)
    assert after.to_dict()["sentences"] == before.to_dict()["sentences"]


def test_spans_of_one_doc_in_any_order_get_the_marks_they_get_alone():
    # predict() on a pipeline's spans: repeated, reversed or overlapping spans are read apart.
    model = load_model()
    sents = doc_sentences("Wrote the reports. I manage the finance team of 8. Done.")
    alone = [model.predict_proba([s])[0] for s in sents]
    for order in ([1, 1], [1, 0], [2, 1, 0], [0, 1, 2]):
        together = model.predict_proba([sents[i] for i in order])
        for i, row in zip(order, together, strict=True):
            assert abs(row - alone[i]).max() < 1e-12
    whole = sents[0].doc[:]
    assert abs(model.predict_proba([whole, sents[1]])[1] - alone[1]).max() < 1e-12


def test_the_listing_limit_changes_no_score(monkeypatch):
    # A count read across a line break is read whether or not the listing stops between.
    from leadership_nlp.core import document

    text = "Wrote reports.\n\nManaged a team of\n\n40 engineers."
    full = classify(text)
    monkeypatch.setattr(document, "MAX_SENTENCES", 2)
    cut = classify(text)
    assert cut.scores == full.scores
    assert [s.probabilities for s in cut.sentences] == [s.probabilities for s in full.sentences[:2]]
    for s in full.sentences:
        assert all(s.start <= e.start and e.end <= s.end for e in s.evidence)


def test_a_user_pattern_may_test_any_token_attribute(tmp_path, monkeypatch):
    extra = tmp_path / "mine.jsonl"
    pattern = [{"LOWER": "pack"}, {"LOWER": "of"}, "@num", {"IS_ALPHA": True, "IS_LOWER": True}]
    record = {"kind": "pattern", "label": "span_of_control", "id": "pack_of", "pattern": pattern}
    extra.write_text(json.dumps(record), encoding="utf-8")
    monkeypatch.setenv(role_profile.ENV_VAR, str(extra))
    assert classify("I lead a pack of 12 volunteers.").role_profile.span_of_control == 12
