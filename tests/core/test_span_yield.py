"""Guideline C.6: a span of control yields to the behaviour that decides its sentence."""

import json

import numpy as np
import pytest

from leadership_nlp import load_model
from leadership_nlp.core import span_mark, span_yield
from leadership_nlp.core.model import CompiledModel
from leadership_nlp.core.normalise import make_clean_doc
from leadership_nlp.core.role_result import Mention
from leadership_nlp.core.segment import sentences, set_boundaries


def doc_sentences(text):
    return sentences(set_boundaries(make_clean_doc(text)))


def test_only_marked_sentences_are_read_again_with_the_mentions_blanked_in_place():
    text = "Wrote the reports. I head a team of 40 and took them through the merger. Done."
    sents = doc_sentences(text)
    mentions = [
        Mention("role_verb", "head", 21, 25),
        Mention("span_of_control", "team of 40", 28, 38, 40.0),
    ]
    marks = span_mark.marks(sents, mentions)
    texts = span_yield.behaviours(sents, mentions, marks)
    assert texts[0] is None and texts[2] is None
    again = texts[1]
    assert again is not None and len(again) == len(sents[1].text)  # offsets kept
    blank = " " * len("head") + " a " + " " * len("team of 40")
    assert again == "I " + blank + " and took them through the merger."


def test_a_sentence_that_states_a_budget_too_is_not_read_again():
    # With the amount blanked, the verb that held the budget would read as a behaviour.
    texts = span_yield.sentence_behaviours(
        [
            "You will own a marketing budget of €750k and manage 4 direct reports.",
            "You will manage 4 direct reports and take them through the rebrand.",
        ]
    )
    assert texts[0] is None
    assert texts[1] is not None and "rebrand" in texts[1]


def test_sentences_given_as_predict_takes_them_are_read_by_the_shipped_patterns():
    texts = span_yield.sentence_behaviours(["I manage 40 staff and coach them.", "Wrote the reports."])
    assert texts[1] is None
    assert texts[0] is not None and "40" not in texts[0] and "manage" not in texts[0] and "coach" in texts[0]


def _reread(rows):
    def reread(texts):
        return np.array([rows[t] for t in texts], dtype=float)

    return reread


def test_a_row_takes_the_second_reading_only_when_it_is_leadership_at_the_threshold():
    # Columns: leadership, management, neutral.
    proba = np.array([[0.1, 0.8, 0.1], [0.1, 0.8, 0.1], [0.2, 0.7, 0.1], [0.9, 0.05, 0.05], [0.1, 0.1, 0.8]])
    texts = ["strong", "weak", "other", "lead", None]
    again = {
        "strong": [0.75, 0.05, 0.2],  # leadership at the threshold: taken
        "weak": [0.65, 0.05, 0.3],  # leadership first, below the threshold: kept
        "other": [0.3, 0.2, 0.5],  # neutral first: kept
        "lead": [0.1, 0.8, 0.1],  # already leadership: not read again
    }
    before = proba.copy()
    span_yield.read_again(proba, texts, _reread(again), 0, 0.75)
    assert proba[0].tolist() == again["strong"]
    assert (proba[1:] == before[1:]).all()


@pytest.fixture(scope="module")
def yielding():
    shipped = load_model()
    return CompiledModel(
        shipped.scorer,
        classes=shipped.labels,
        mask_roles=shipped.mask_roles,
        mark_titles=shipped.mark_titles,
        mark_spans=shipped.mark_spans,
        passive_agents=shipped.passive_agents,
        span_yield=0.7,
    )


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # C.6: a span with a leadership behaviour is leadership.
        ("I head a 40-strong customer service team and took them through the merger.", "leadership"),
        ("Responsible for c. 35 FTE; I mentor each team lead towards their next role.", "leadership"),
        # A role verb and a count alone, or with a management behaviour, stay management.
        ("Javier leads a crew of fourteen.", "management"),
        ("I manage upwards of 100 people.", "management"),
        ("I manage 40 staff and set their rotas.", "management"),
    ],
)
def test_the_behaviour_decides_a_sentence_with_a_span(yielding, text, label):
    result = yielding.classify(text)
    assert result.label == label
    assert yielding.predict([text]).tolist() == [label]  # the estimator's interface reads it the same


def test_classify_and_predict_proba_agree_on_every_sentence(yielding):
    text = (
        "Operations Manager, 2016-2020\n"
        "I head a 40-strong customer service team and took them through the merger.\n"
        "Javier leads a crew of fourteen.\n"
        "Set the weekly rota for 12 drivers."
    )
    result = yielding.classify(text)
    proba = yielding.predict_proba([s.text for s in result.sentences])
    order = list(yielding.labels)
    for sentence, row in zip(result.sentences, proba, strict=True):
        assert [sentence.probabilities[c] for c in order] == pytest.approx(row.tolist(), abs=1e-9)


def test_the_threshold_is_saved_and_loaded(yielding, tmp_path):
    yielding.save(tmp_path)
    meta = json.loads((tmp_path / "inference.json").read_text("utf-8"))
    assert meta["span_yield"] == 0.7
    again = CompiledModel.from_bytes(
        (tmp_path / "inference.json").read_bytes(), (tmp_path / "inference.npz").read_bytes()
    )
    assert again.span_yield == 0.7


@pytest.mark.parametrize("bad", [2, 0, -0.5, True])
def test_a_threshold_that_is_no_probability_is_refused(bad):
    with pytest.raises(ValueError, match="span_yield is"):
        CompiledModel(load_model().scorer, classes=load_model().labels, mask_roles=True, span_yield=bad)


def test_the_estimator_reads_again_as_its_compiled_model_does_and_follows_set_params():
    from leadership_nlp.train.estimator import OrientationModel

    texts = [
        "I inspire the team with a bold vision for change.",
        "I coach people to grow and lead the change.",
        "I set the budgets and the weekly rota.",
        "I manage 40 staff and set their rotas and budgets.",
        "Born in 1990 in Leeds.",
        "Contact me by email.",
    ]
    labels = ["leadership", "leadership", "management", "management", "neutral", "neutral"]
    model = OrientationModel(mark_spans=True).fit(texts, labels)
    probe = ["I manage 40 staff and inspire them with a bold vision for change.", "I manage 40 staff."]
    assert model.compile().span_yield is None  # compiled and cached before the change below
    model.set_params(span_yield=0.34)  # after fitting: prediction-time only
    assert model.compile().span_yield == 0.34
    assert model.predict_proba(probe) == pytest.approx(model.compile().predict_proba(probe), abs=1e-9)
    assert [r.label for r in model.classify_many(probe)] == model.predict(probe).tolist()
