"""One text -> sentences -> scores -> verdict: the loop every model runs."""

import functools

import pytest
from resources import BULLETS, CV, EMPTY, FRENCH, JOB_AD, WHITESPACE

from leadership_nlp.core import segment
from leadership_nlp.core.document import (
    TextTooLongError,
    check_sentences,
    classify_doc,
    classify_text,
    classify_texts,
)
from leadership_nlp.core.normalise import shared_nlp


@pytest.fixture(scope="module")
def scoring(tiny_model):
    return tiny_model.compile()


def small_chunks(monkeypatch, size):
    chunks = functools.partial(segment.iter_chunks, size=size)
    monkeypatch.setattr(segment, "iter_chunks", chunks)
    return chunks


@pytest.mark.parametrize("text", [CV, JOB_AD, CV + "\n" + JOB_AD], ids=["cv", "job_ad", "both"])
def test_a_text_in_many_chunks_gets_the_result_of_one_chunk(text, scoring, monkeypatch):
    whole = classify_text(text, scoring)
    chunks = small_chunks(monkeypatch, 120)
    assert len(list(chunks(text))) > 1
    chunked = classify_text(text, scoring)
    assert chunked.to_dict() == whole.to_dict()
    assert [text[s.start : s.end] for s in chunked.sentences] == [s.text for s in chunked.sentences]


def test_the_role_profile_merges_across_chunks(monkeypatch):
    from leadership_nlp import load_model

    model = load_model()
    text = CV + "\n\nLed a team of 12 nurses.\n\nRan 5 sites."
    whole = classify_text(text, model).role_profile
    small_chunks(monkeypatch, 80)
    chunked = classify_text(text, model).role_profile
    assert chunked == whole
    assert chunked.span_of_control == 100 and chunked.sites == 5
    assert all(text[m.start : m.end] == m.text for m in chunked.mentions)


@pytest.mark.parametrize("text", [EMPTY, WHITESPACE])
def test_an_empty_text_is_neutral_with_no_sentences(text, scoring):
    result = classify_text(text, scoring)
    assert result.label == "neutral" and result.scores == {"leadership": 0.5, "management": 0.5}
    assert list(result.sentences) == [] and result.counts == {"leadership": 0, "management": 0, "neutral": 0}
    assert result.confidence == 0.0 and result.warnings == []


def test_counts_cover_every_sentence(scoring):
    result = classify_text(BULLETS, scoring)
    assert sum(result.counts.values()) == len(result.sentences) == 4
    assert [s.label for s in result.sentences].count("neutral") == result.counts["neutral"]


def test_non_english_text_is_flagged_in_the_result(scoring):
    result = classify_text(FRENCH, scoring)
    assert result.language == "fr"
    assert len(result.warnings) == 1 and "'fr'" in result.warnings[0] and "not English" in result.warnings[0]


@pytest.mark.parametrize(("length", "max_chars"), [(11, 10), (101, 100), (1, 0)])
def test_a_text_longer_than_max_chars_is_refused(length, max_chars, scoring):
    with pytest.raises(TextTooLongError, match=rf"{length:,} characters, more than max_chars={max_chars:,}"):
        classify_text("x" * length, scoring, max_chars=max_chars)
    assert issubclass(TextTooLongError, ValueError)


@pytest.mark.parametrize("max_chars", [11, None])
def test_a_text_within_max_chars_is_classified(max_chars, scoring):
    assert classify_text("Set budgets", scoring, max_chars=max_chars).sentences


@pytest.mark.parametrize("value", [b"Set budgets", None, 3, ["Set budgets"]])
def test_a_text_that_is_no_str_is_a_type_error(value, scoring):
    with pytest.raises(TypeError, match=f"expects a str, got {type(value).__name__}"):
        classify_text(value, scoring)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Set budgets", "a single string"),
        (b"Set budgets", "a single string"),
        (["Set budgets", 3], "got int"),
        (["Set budgets", None], "got NoneType"),
    ],
)
def test_check_sentences_refuses_what_is_no_sequence_of_sentences(value, message):
    with pytest.raises(TypeError, match=message):
        check_sentences(value)


def test_check_sentences_lists_any_iterable():
    assert check_sentences(s for s in ("Set budgets", "Coached staff")) == ["Set budgets", "Coached staff"]


def test_classify_doc_equals_classify_text_on_the_same_sentences(scoring):
    ((_, doc, _),) = list(segment.iter_docs(CV))
    assert classify_doc(doc, scoring).to_dict() == classify_text(CV, scoring).to_dict()


def test_classify_doc_scores_only_the_given_sentences(scoring):
    ((_, doc, _),) = list(segment.iter_docs(BULLETS))
    sents = segment.sentences(doc)
    result = classify_doc(doc, scoring, sents[1:3])
    assert [s.text for s in result.sentences] == ["Coached staff", "Ran the rota"]
    assert sum(result.counts.values()) == 2


def test_classify_doc_refuses_spans_of_another_doc_or_out_of_order(scoring):
    ((_, doc, _),) = list(segment.iter_docs(BULLETS))
    other = shared_nlp()("Set budgets")
    sents = segment.sentences(doc)
    with pytest.raises(ValueError, match="span of the doc"):
        classify_doc(doc, scoring, [other[:]])
    with pytest.raises(ValueError, match="in order and not overlap"):
        classify_doc(doc, scoring, [sents[1], sents[0]])
    with pytest.raises(ValueError, match="in order and not overlap"):
        classify_doc(doc, scoring, [doc[0:3], doc[1:4]])


class _OtherLabels:
    labels = ("yes", "no")

    def score_chunk(self, doc, sents, offset):  # pragma: no cover - never reached
        raise AssertionError


def test_a_model_without_the_three_classes_cannot_classify_texts():
    with pytest.raises(ValueError, match=r"needs a model with the classes.*\['yes', 'no'\]"):
        classify_text(CV, _OtherLabels())


def test_texts_scored_together_get_the_results_they_get_alone(monkeypatch):
    # classify_texts scores the chunks of many texts in one pass (BATCH_CHARS at a time):
    # each result must be the one its text gets with every chunk scored alone, to the last bit.
    from leadership_nlp import load_model
    from leadership_nlp.core import document

    model = load_model()
    texts = [CV, JOB_AD, BULLETS, EMPTY, WHITESPACE, FRENCH, "Led a team of 12 nurses.", "to"]
    texts.append(CV + JOB_AD * 3)
    small_chunks(monkeypatch, 400)  # texts in several chunks, batches ending inside a text
    monkeypatch.setattr(document, "BATCH_CHARS", 1)
    alone = [r.to_dict() for r in document.classify_texts(texts, model)]
    assert any(s["evidence"] for r in alone for s in r["sentences"])
    for size in (300, 2_000, 10**9):
        monkeypatch.setattr(document, "BATCH_CHARS", size)
        assert [r.to_dict() for r in document.classify_texts(texts, model)] == alone


def test_classify_texts_refuses_the_first_bad_text(scoring):
    with pytest.raises(TypeError, match="expects a str, got int"):
        classify_texts(["Led the team.", 3], scoring)
    with pytest.raises(TextTooLongError):
        classify_texts(["Led the team.", "x" * 50], scoring, max_chars=20)


def test_a_scoring_with_span_marks_and_the_four_parameters_of_before_is_still_called():
    # score_chunk(doc, sents, offset, span_marks) without behaviours: score_all passes them only when set.
    from leadership_nlp import load_model
    from leadership_nlp.core.document import classify_text

    model = load_model()
    calls = []

    class Before:
        labels = model.labels
        mark_spans = True

        def score_chunk(self, doc, sents, offset, span_marks=None):
            calls.append(span_marks)
            return model.score_chunk(doc, sents, offset, span_marks)

    result = classify_text("I manage 40 staff. I set the rota.", Before())
    assert result.label == model.classify("I manage 40 staff. I set the rota.").label
    assert calls and calls[0] is not None  # the marks still reach it
