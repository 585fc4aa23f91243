"""The sentence table ranks evidence when a sentence is read, and gives what ranking at once gave.

``classify`` keeps each sentence's features that favour its label
(``evidence.weigh``) and ranks them on access (``evidence.ranked``). Held
here to ``evidence.explain`` run on every sentence as it is scored, and the
table's pickled form (the ranked evidence, as earlier releases pickled it)
to the table itself.
"""

import pickle
from array import array

import numpy as np
import pytest
from resources import BULLETS, CV, JOB_AD

from leadership_nlp import load_model
from leadership_nlp.core.constants import MAX_SENTENCES
from leadership_nlp.core.evidence import Explainer, Weighed, explain
from leadership_nlp.core.sentence_table import SentenceTable, features_travel
from leadership_nlp.core.terms import doc_unigrams
from leadership_nlp.train.corpus import load_corpus


@pytest.fixture(scope="module")
def texts():
    units = [u.text for u in load_corpus().units]
    # Units joined into long texts too: sentences far into a text, several chunks.
    return [CV, JOB_AD, BULLETS, "", *units[:400], "\n".join(units[:300]) * 3]


def _explained(model, text):
    # The evidence of every sentence by explain(), from the rows doc_unigrams + transform build
    # for the chunks classify() scores (which it featurises over token arrays: term_arrays).
    chunks = []
    score_chunks = model.score_chunks

    def scoring(scored):
        for doc, sents, offset, span_marks, _ in scored:
            bounds = [(s.start, s.end) for s in sents]
            terms = doc_unigrams(
                doc, bounds, mask_roles=model.mask_roles, mark_titles=model.mark_titles, span_marks=span_marks
            )
            chunks.append((offset, model.scorer.transform(terms)))
        return score_chunks(scored)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(model, "score_chunks", scoring)
        result = model.classify(text)
    delta = model._explainer.delta.tolist()
    out = []
    for offset, (matrix, rows, located) in chunks:
        for i, k in enumerate(np.argmax(model.scorer.predict_proba(matrix), axis=1).tolist()):
            out.append(explain(rows[i], located[i], delta[k], model._explainer.names, offset))
    return result, out


def test_evidence_ranked_on_reading_equals_explain(texts):
    model = load_model()
    n = 0
    for text in texts:
        result, expected = _explained(model, text)
        expected = expected[: len(result.sentences)]
        got = [[(e.term, e.start, e.end, e.weight) for e in s.evidence] for s in result.sentences]
        assert got == expected
        n += sum(map(len, got))
    assert n > 2000


def test_a_pickled_table_reads_the_same(texts):
    model = load_model()
    for text in texts[:60] + texts[-1:]:
        table = model.classify(text).sentences
        copy = pickle.loads(pickle.dumps(table))
        assert copy._explainer is None  # the ranked evidence travelled, not the features
        assert copy == table and list(copy) == list(table) and repr(copy) == repr(table)
        assert pickle.dumps(copy) == pickle.dumps(table)


def test_offsets_and_columns_that_do_not_fit_widen_the_arrays():
    text = "x" * 70_000 + " set budgets"
    table = SentenceTable(text, ["leadership", "management", "neutral"])
    names = {70_000: "budget"}
    delta = np.zeros((3, 70_001))
    delta[1, 70_000] = 0.25
    explainer = Explainer(names, delta, lambda col, count, norm: 4.0 * count / norm, np.zeros(70_001, bool))
    evidence = Weighed(
        explainer=explainer,
        ptr=np.array([0, 1, 1]),
        cols=np.array([70_000]),
        counts=np.array([1]),
        bounds=np.array([70_005, 70_011]),
        norms=np.array([2.0, 1.0]),
        kept=np.zeros(0),
        kept_ptr=np.array([0, 0, 0]),
    )
    table._extend(
        [0, 70_011, 70_011, 70_012], [1, 2], np.array([[0.2, 0.7, 0.1], [0.1, 0.1, 0.8]]), evidence, [(), ()]
    )
    assert [(e.term, e.start, e.end, e.text, e.weight) for e in table[0].evidence] == [
        ("budget", 70_005, 70_011, "budget", 0.5)
    ]
    assert table[1].evidence == []
    # the column's low 16 bits in the two-byte store, the rest beside it; the span's start too:
    # its low byte, and 70,005 >> 8 = 273 beside it (widened to two bytes)
    assert table._f_cols.typecode == "H" and list(table._f_high_at) == [0] and list(table._f_high) == [1]
    assert table._s_starts.typecode == "B" and list(table._s_starts) == [70_005 & 0xFF]
    assert list(table._s_high_at) == [0] and table._s_high.typecode == "H" and list(table._s_high) == [273]
    assert isinstance(table._bounds, array)


def test_counts_and_high_column_bits_kept_only_where_unusual_read_back_in_place():
    # Span counts are 1 and columns fit 16 bits almost always: the table keeps the exceptions
    # apart (position, value) and puts them back when a sentence is read.
    text = "alpha beta alpha gamma. delta"
    table = SentenceTable(text, ["leadership", "management", "neutral"])
    names = {3: "alpha", 70_000: "beta", 131_075: "gamma", 9: "delta"}
    delta = np.zeros((3, 131_076))
    delta[0, [3, 70_000, 131_075, 9]] = 1.0
    explainer = Explainer(names, delta, lambda col, count, norm: float(count), np.zeros(131_076, bool))
    evidence = Weighed(
        explainer=explainer,
        ptr=np.array([0, 3, 4]),
        cols=np.array([3, 70_000, 131_075, 9]),
        counts=np.array([2, 1, 1, 1]),
        bounds=np.array([0, 5, 11, 16, 6, 10, 17, 22, 24, 29]),
        norms=np.array([1.0, 1.0]),
        kept=np.zeros(0),
        kept_ptr=np.array([0, 0, 0]),
    )
    table._extend([0, 23, 24, 29], [0, 0], np.array([[0.8, 0.1, 0.1], [0.7, 0.2, 0.1]]), evidence, [(), ()])
    assert list(table._f_cols) == [3, 70_000 - 65_536, 131_075 - 131_072, 9]
    assert (list(table._f_high_at), list(table._f_high)) == ([1, 2], [1, 2])
    assert (list(table._f_counts_at), list(table._f_counts)) == ([0], [2])
    found = [(e.term, e.text, e.start, e.weight) for e in table[0].evidence]
    assert sorted(found) == [
        ("alpha", "alpha", 0, 1.0),
        ("alpha", "alpha", 11, 1.0),
        ("beta", "beta", 6, 1.0),
        ("gamma", "gamma", 17, 1.0),
    ]
    assert [(e.term, e.start, e.end) for e in table[1].evidence] == [("delta", 24, 29)]
    assert pickle.loads(pickle.dumps(table)) == table


def test_a_results_evidence_reads_only_the_wanted_sentences(texts):
    model = load_model()
    labels = set()
    for text in texts[:150] + texts[-1:]:
        result = model.classify(text)
        for r in (result, pickle.loads(pickle.dumps(result))):
            wanted = {"leadership", "management", "neutral"} if r.label == "neutral" else {r.label}
            wanted = {"leadership", "management"} if r.label == "balanced" else wanted
            plain = [e for s in r.sentences for e in s.evidence if e.label in wanted]
            assert r.evidence == sorted(plain, key=lambda e: -e.weight)
        labels.add(result.label)
    assert labels >= {"leadership", "management", "neutral"}


def test_a_negative_value_is_refused_not_wrapped():
    from leadership_nlp.core.sentence_table import _grown

    assert list(_grown(array("H"), np.array([1, 70_000]))) == [1, 70_000]  # widened, not wrapped
    # to the narrowest type that holds the values: a column over 65,535 takes 4 bytes, not 8
    assert _grown(array("H"), np.array([70_000])).typecode == "I"
    assert _grown(array("B"), np.array([300])).typecode == "H"
    assert list(_grown(array("H"), np.array([1 << 40]))) == [1 << 40]
    assert _grown(array("I"), np.array([1 << 40])).typecode == "Q"
    with pytest.raises(ValueError, match="negative"):
        _grown(array("H"), np.array([3, -1]))


def _doubled(explainer: Explainer) -> Explainer:
    # Another model's explainer: the same columns, other contrasts.
    return Explainer(explainer.names, explainer.delta * 2, explainer.value, explainer.stored)


def test_tables_travel_with_their_features_between_processes_of_one_model(texts):
    model = load_model()
    other = _doubled(model._explainer)
    for text in texts[:40] + texts[-1:]:
        table = model.classify(text).sentences
        with features_travel(model._explainer):
            packed = pickle.dumps(table)
            copy = pickle.loads(packed)
        if not len(table):  # nothing scored: no features, the (empty) evidence travels
            assert copy == table and copy._explainer is None
            continue
        assert copy._explainer is model._explainer  # the features travelled, not the evidence
        assert copy == table and repr(copy) == repr(table)
        assert pickle.dumps(copy) == pickle.dumps(table)  # and pickle as evidence again outside the block
        with pytest.raises(ValueError, match="its model's explainer"):
            pickle.loads(packed)  # outside the block: no model to rank with
        with features_travel(other), pytest.raises(ValueError, match="its model's explainer"):
            pickle.loads(packed)  # another model would rank other evidence
        with features_travel(other):  # a table of another model travels as ranked evidence
            assert pickle.loads(pickle.dumps(table))._explainer is None


def test_a_span_far_into_its_sentence_reads_back_and_travels():
    # A start past 255 characters from its sentence's start: its low byte in the table, the
    # rest beside it, read back in place, also after travelling with the features.
    model = load_model()
    text = "Worked on " + ", ".join(f"report {i}" for i in range(40)) + " and coached the team to set goals."
    table = model.classify(text).sentences
    far = {e.term: e.start for s in table for e in s.evidence if e.start - s.start > 255}
    assert far["team"] == text.index("team") and far["goal"] == text.index("goals") > 255
    assert len(table._s_high) > 0
    with features_travel(model._explainer):
        copy = pickle.loads(pickle.dumps(table))
    assert copy._explainer is model._explainer and copy == table


def test_the_ranked_pickle_cuts_the_text_as_the_features_pickle_does():
    model = load_model()
    text = "\n".join(f"Coached {i} engineers and set the budget." for i in range(MAX_SENTENCES + 20))
    table = model.classify(text).sentences
    assert len(table) == MAX_SENTENCES
    ranked = pickle.loads(pickle.dumps(table))
    with features_travel(model._explainer):
        travelled = pickle.loads(pickle.dumps(table))
    assert len(ranked._text) == len(travelled._text) < len(text)
    assert ranked == travelled == table


@pytest.mark.parametrize("text", ["features", "features  \n", "2"])
def test_a_text_like_the_features_marker_pickles_as_any_other(text):
    table = load_model().classify(text).sentences
    assert pickle.loads(pickle.dumps(table)) == table


def test_travelled_tables_get_the_model_only_when_first_read(texts):
    model = load_model()
    table = model.classify(texts[0]).sentences
    with features_travel(model._explainer):
        packed = pickle.dumps(table)
    asked = []

    def explainer():
        asked.append(1)
        return model._explainer

    with features_travel(explainer):
        copy = pickle.loads(packed)
    assert asked == []  # unpickling needs no model
    assert copy == table and asked == [1] and copy._explainer is model._explainer
    other = _doubled(model._explainer)
    with features_travel(lambda: other):
        wrong = pickle.loads(packed)
    with pytest.raises(ValueError, match="its model's explainer"):
        wrong[0].evidence  # noqa: B018 - read: the other model is refused then
