import copy
import json
import math

import joblib
import pytest
from resources import CV, JOB_AD

import leadership_nlp
from leadership_nlp import OrientationResult, api, classify, classify_batch, load_model
from leadership_nlp.core.shared_model import SharedModel


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I manage upwards of 100 people.", "management"),
        ("Inspired the team with a bold vision for growth.", "leadership"),
        ("Set quarterly budgets and KPIs for the sales team.", "management"),
        ("Mentored junior engineers into senior roles and promoted from within.", "leadership"),
        ("Bachelor of Science in Chemistry, 2015.", "neutral"),
        # Hard cases that word lists get wrong.
        ("Lead Data Engineer, Acme Ltd, 2019-2023", "neutral"),
        ("Lead author of two papers", "neutral"),
        ("Manage my own calendar in Outlook", "neutral"),
        ("Proficient in Excel", "neutral"),
        ("", "neutral"),
        ("   \n\t ", "neutral"),
    ],
)
def test_targets(text, label):
    assert classify(text).label == label


def test_negation_leans_leadership_and_budgets_is_not_management_evidence():
    r = classify("I do not set budgets; I coach the team to find their own way")
    assert r.label == "leadership"
    assert r.scores["leadership"] > 0.5
    for ev in r.evidence:
        assert not ("budget" in ev.text.lower() and ev.label == "management")


def test_job_ad_and_cv_get_same_orientation():
    ad, cv = classify("You will define the vision"), classify("I defined the vision")
    assert ad.label == cv.label == "leadership"
    assert ad.scores == pytest.approx(cv.scores, abs=1e-9)


def test_result_contract():
    r = classify(CV)
    assert isinstance(r, OrientationResult)
    assert r.label in ("leadership", "management", "balanced", "neutral")
    assert set(r.scores) == {"leadership", "management"}
    assert math.isclose(sum(r.scores.values()), 1.0)
    for s in r.sentences:
        assert CV[s.start : s.end] == s.text
        assert s.label in ("leadership", "management", "neutral")
        assert math.isclose(sum(s.scores.values()), 1.0)
        for ev in s.evidence:
            assert CV[ev.start : ev.end] == ev.text
            assert ev.weight > 0 and ev.label == s.label
        if s.label == "neutral":
            assert s.facets == []
        else:
            assert s.facets
    assert r.role_profile.span_of_control == 100
    assert "manage" in r.role_profile.role_verbs
    json.dumps(r.to_dict())


def test_cv_is_management_job_ad_is_leadership():
    assert classify(CV).label == "management"
    assert classify(JOB_AD).label == "leadership"


def test_single_sentence_is_never_balanced():
    r = classify("I set the budget and I inspire people with a vision.")
    assert len(r.sentences) == 1 and r.label != "balanced"


def test_two_opposed_sentences_are_balanced():
    r = classify("I set quarterly budgets and KPIs. I inspire people with a bold vision for growth.")
    assert r.label == "balanced"


@pytest.mark.parametrize("bad", [None, b"bytes", 3, ["a list"]])
def test_type_error_for_non_strings(bad):
    with pytest.raises(TypeError, match="str"):
        classify(bad)


def test_batch_equals_single_in_order():
    texts = [CV, JOB_AD, "", "I manage 12 engineers.", "Drove change across the firm."]
    assert classify_batch(texts) == [classify(t) for t in texts]


def test_batch_rejects_a_single_string():
    with pytest.raises(TypeError):
        classify_batch("I manage people")


def test_load_model_default_and_path(tmp_path):
    import shutil

    from leadership_nlp.api import default_model_path

    shutil.copytree(default_model_path(), tmp_path / "m")
    model = load_model(tmp_path / "m")
    assert model.classify("Set budgets").label == load_model().classify("Set budgets").label


def test_version_is_exposed():
    assert isinstance(leadership_nlp.__version__, str) and leadership_nlp.__version__


STREAM_TEXTS = [CV, JOB_AD, "", "I manage upwards of 100 people.", "BSc Chemistry, 2015", "Coached."] * 4


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_iter_classify_equals_classify_batch_in_order(n_jobs):
    expected = [r.to_dict() for r in classify_batch(STREAM_TEXTS)]
    streamed = leadership_nlp.iter_classify(iter(STREAM_TEXTS), n_jobs=n_jobs, chunk_size=5)
    assert not isinstance(streamed, list)
    assert [r.to_dict() for r in streamed] == expected


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_iter_classify_reads_texts_only_as_results_are_consumed(n_jobs):
    read = []

    def endless():
        i = 0
        while True:
            read.append(i)
            yield f"I manage a team of {i + 2} people."
            i += 1

    stream = leadership_nlp.iter_classify(endless(), chunk_size=3, n_jobs=n_jobs)
    first = [next(stream) for _ in range(4)]
    assert [r.role_profile.span_of_control for r in first] == [2, 3, 4, 5]
    # n_jobs=1: two chunks of three; n_jobs=2: one wave of two chunks per worker.
    assert len(read) == (6 if n_jobs == 1 else 12)
    stream.close()


def test_iter_classify_errors():
    with pytest.raises(TypeError, match="not a single string"):
        leadership_nlp.iter_classify("one text")
    stream = leadership_nlp.iter_classify(["fine", "also fine", 3, "never reached"], chunk_size=2)
    assert [r.label for r in (next(stream), next(stream))] == ["neutral", "neutral"]
    with pytest.raises(TypeError, match="item 2 is int"):
        next(stream)
    with pytest.raises(ValueError, match="chunk_size"):
        leadership_nlp.iter_classify(["x"], chunk_size=0)  # at once, before any text is read
    with pytest.raises(ValueError, match="chunk_size"):
        classify_batch(["x"], chunk_size=0)


def test_parallel_tasks_are_small(monkeypatch):
    sent = []
    packed = api._classify_packed

    def spy(texts, model, max_chars):
        sent.append((len(texts), model))
        return packed(texts, model, max_chars)

    monkeypatch.setattr(api, "_classify_packed", spy)
    texts = [f"I manage a team of {i + 2} people." for i in range(128)]
    expected = [r.to_dict() for r in classify_batch(texts)]
    model = load_model()
    with joblib.parallel_config(backend="threading"):  # the tasks, without processes
        assert [r.to_dict() for r in classify_batch(texts, n_jobs=2)] == expected
        assert sent == [(8, None)] * 16  # 8 tasks per worker: none waits long for another's last
        sent.clear()
        # Threads share this process's model: it is handed over as it is.
        assert [r.to_dict() for r in classify_batch(texts, n_jobs=2, model=model)] == expected
        assert sent == [(8, model)] * 16


def _leaning(label):
    # The shipped model with every sentence pushed towards ``label``: results
    # that only this model gives.
    model = copy.deepcopy(load_model())
    intercept = model.scorer.intercept.copy()
    intercept[model.labels.index(label)] += 5.0
    model.scorer.intercept = intercept
    return model


def test_a_given_model_reaches_worker_processes_through_one_shared_file(monkeypatch):
    shared = []
    real = api._shared
    monkeypatch.setattr(api, "_shared", lambda model: shared.append(real(model)) or shared[-1])
    model = _leaning("leadership")
    texts = [f"I set the budget for {i + 2} sites." for i in range(40)] + [CV]
    got = classify_batch(texts, n_jobs=2, model=model, chunk_size=4)
    assert [r.to_dict() for r in got] == [model.classify(t).to_dict() for t in texts]
    assert [r.label for r in got] != [r.label for r in classify_batch(texts)]  # not the default model
    assert len(shared) == 1 and isinstance(shared[0], SharedModel)
    assert not shared[0].path.parent.exists()  # removed when the run ended
    shared.clear()
    stream = leadership_nlp.iter_classify(iter(texts), n_jobs=2, model=model, chunk_size=4)
    assert next(stream).to_dict() == got[0].to_dict()
    assert shared[0].path.exists()
    stream.close()  # stopping early removes it too
    assert not shared[0].path.parent.exists()
