"""Results that read well: short reprs and ``_repr_html_``."""

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from resources import BULLETS, CHINESE, CV, EMPTY, FRENCH, JOB_AD

from leadership_nlp import OrientationResult, RoleProfile, classify
from leadership_nlp.core.display import HTML_SENTENCES

TEXTS = [CV, JOB_AD, BULLETS, EMPTY, FRENCH, CHINESE]
LONG = "I coach people to grow. I set the quarterly budgets. Filed the reports.\n" * 400


@pytest.mark.parametrize("text", [*TEXTS, LONG], ids=["cv", "job_ad", "bullets", "empty", "fr", "zh", "long"])
def test_reprs_are_one_short_line(text):
    result = classify(text)
    line = repr(result)
    assert len(line) < 200 and "\n" not in line
    assert line.startswith(f"<OrientationResult label={result.label!r} leadership=")
    assert f"sentences={sum(result.counts.values())}" in line
    for sentence in result.sentences[:50]:
        assert len(repr(sentence)) < 200 and "\n" not in repr(sentence)


def test_repr_names_the_span_of_control_and_language():
    assert "span_of_control=100" in repr(classify(CV))
    assert "span_of_control" not in repr(classify("I coach people to grow."))
    assert "language='fr'" in repr(classify(FRENCH)) and "language" not in repr(classify(CV))
    sentence = classify("I manage upwards of 100 people.").sentences[0]
    assert repr(sentence).startswith("<SentenceResult label='management' leadership=0.")
    assert repr(sentence).endswith("start=0 end=31 text='I manage upwards of 100 people.'>")


@given(st.text(max_size=300))
def test_any_text_gives_short_reprs(text):
    result = classify(text)
    assert len(repr(result)) < 200 and "\n" not in repr(result)
    assert all(len(repr(s)) < 200 and "\n" not in repr(s) for s in result.sentences)


def test_repr_of_a_hand_made_result():
    result = OrientationResult("neutral", {"leadership": 0.5, "management": 0.5}, [], RoleProfile())
    assert (
        repr(result) == "<OrientationResult label='neutral' leadership=0.500 management=0.500 "
        "confidence=0.000 sentences=0>"
    )


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open, self.rows, self.text = [], 0, []

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)
        self.rows += tag == "tr"

    def handle_endtag(self, tag):
        assert self.open.pop() == tag

    def handle_data(self, data):
        self.text.append(data)


def test_html_has_the_verdict_scores_and_a_sentence_table():
    result = classify(CV)
    page = result._repr_html_()
    tags = _Tags()
    tags.feed(page)
    assert tags.open == []  # every tag closed, in order
    assert tags.rows == 1 + len(result.sentences)  # a heading row, then one per sentence
    text = "".join(tags.text)
    assert f"{result.label} leadership {result.scores['leadership']:.3f}" in text
    assert "span of control 100" in text and "Evidence" in text
    evidence = result.sentences[4].evidence[0]
    assert f"{evidence.text} ({evidence.weight:+.2f})" in text  # evidence with its weight


def test_html_escapes_the_text():
    page = classify('<script>alert("x")</script> I coach people & set <b>budgets</b>.')._repr_html_()
    assert "<script" not in page and "<b>" not in page
    assert "&lt;/script&gt;" in page and "&amp; set &lt;b&gt;budgets&lt;/b&gt;" in page
    tags = _Tags()
    tags.feed(page)
    assert "script" not in tags.open and "b" not in tags.open


def test_html_lists_the_first_sentences_and_says_how_many_more():
    result = classify(LONG)
    tags = _Tags()
    tags.feed(result._repr_html_())
    assert tags.rows == 1 + HTML_SENTENCES
    more = len(result.sentences) - HTML_SENTENCES
    assert f"{more:,} more sentences" in "".join(tags.text)
