"""The array featuriser gives the rows and words of doc_unigrams + LinearScorer.transform, bit for bit."""

import pickle
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leadership_nlp
from leadership_nlp.core import role_profile, span_mark
from leadership_nlp.core.scorer import LinearScorer, PairIndex
from leadership_nlp.core.segment import iter_docs, sentences
from leadership_nlp.core.term_arrays import ArrayFeaturiser, Part
from leadership_nlp.core.terms import doc_unigrams

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from golden import texts as reference_texts  # noqa: E402


@pytest.fixture(scope="module")
def model():
    return leadership_nlp.load_model()


def featurisers(model, passive_agents=None):
    passive = model.passive_agents if passive_agents is None else passive_agents
    return ArrayFeaturiser(
        model.scorer, mask_roles=model.mask_roles, mark_titles=model.mark_titles, passive_agents=passive
    )


def assert_same_rows(model, featuriser, text):
    """Each chunk of ``text``: the same CSR rows, norms and spans both ways (the featuriser's settings)."""
    for _, doc, _ in iter_docs(text):
        sents = sentences(doc)
        if not sents:
            continue
        marks = span_mark.marks(
            sents, span_mark.reuse_mentions(sents, role_profile.extract(sents).mentions, None)
        )
        bounds = [(s.start, s.end) for s in sents]
        terms = doc_unigrams(
            doc,
            bounds,
            mask_roles=model.mask_roles,
            mark_titles=model.mark_titles,
            span_marks=marks,
            passive_agents=featuriser.passive_agents,
        )
        want, _, located = model.scorer.transform(terms)
        got, spans = featuriser.features(doc, bounds, marks)
        assert np.array_equal(got.indptr, want.indptr)
        assert np.array_equal(got.indices, want.indices)
        assert np.array_equal(got.data, want.data)  # bit for bit, not approximately
        assert np.array_equal(np.asarray(got.norms), np.asarray(want.norms))
        entry = 0
        for row in located:
            for col in sorted(row):
                expected = [(t.start, t.end) for t in row[col]]
                pairs = spans.bounds[2 * spans.ptr[entry] : 2 * spans.ptr[entry + 1]].tolist()
                assert list(zip(pairs[::2], pairs[1::2], strict=True)) == expected
                entry += 1
        assert entry == len(got.indices)


def test_the_same_rows_and_words_on_the_reference_texts(model):
    # Every 7th reference text (corpus units, validation lines and documents, role
    # profiles, examples, generated CVs and job ads): about 1,300 texts.
    featuriser = featurisers(model)
    for _, text in reference_texts()[::7]:
        assert_same_rows(model, featuriser, text)


#: Words that exercise negation scopes, "rather than", passives' agents, clause breaks, stop words next to
#: content words (phrases), role nouns, numbers, title shapes and lexicon cues of one and
#: several words.
WORDS = [
    "I", "not", "never", "no", "rather", "than", "Rather", "than,", "and", "but", ";", ",", ".", "\n",
    "- ", "managed", "manage", "the", "team", "of", "40", "people", "budget", "within", "long", "term",
    "long-term", "day", "to", "vision", "Vision", "Led", "LEAD", "coached", "manager", "on", "time",
    "one", "new", "process", "make", "sure", "big", "picture", "Head", "Sales", "inspire", "strategy",
    "by", "By", "Mentored", "supervised", "Dr.", "Friday", "a", "third", "example", "her", "Amara",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_the_same_rows_and_words_on_any_word_sequence(model, words):
    assert_same_rows(model, featurisers(model), " ".join(words))


#: Pieces that put a participle, "by" and an agent (or something like one) next to each other.
PASSIVE_PIECES = [
    "Mentored by the", "supervised by Dr.", "Managed by", "signed by Friday", "led by example",
    "not managed by the", "Supervised. By the", "rather than by the", "by by", "Supervised by\nthe",
    "Fred by the CTO", "coached by my", "trained by a third",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS + PASSIVE_PIECES), max_size=30))
def test_the_same_rows_with_passive_agents_marked_on_any_word_sequence(model, words):
    # The switch the shipped model may not use: both featurisers mark the same participles.
    assert_same_rows(model, featurisers(model, passive_agents=True), " ".join(words))


@pytest.mark.parametrize(
    "text",
    [
        "Mentored by the CTO. Supervised by Dr. Lee, not managed by a boss.",
        "not supervised by the CTO",  # negated already
        "Supervised. By the CTO",  # "by" opens the next sentence
        "Supervised by",  # "by" ends it
        "managed rather than by the CTO",  # "than" makes no term
        "Amara by the CTO",  # a name makes no term
        "Supervised by by the CTO, and managed by the board and by the CTO",
        "Supervised by\nthe CTO",
        "Coached by the CTO and supervised by Dr. Lee in 2019, led by example",
    ],
)
def test_the_same_rows_with_passive_agents_marked_at_the_edges(model, text):
    assert_same_rows(model, featurisers(model, passive_agents=True), text)


def test_the_switch_reaches_the_rows_and_the_reference_texts_agree(model):
    # Not vacuous: marked participles change the rows ("not_supervise" is a column).
    on, off = featurisers(model, passive_agents=True), featurisers(model, passive_agents=False)
    doc = next(iter_docs("Supervised by a senior nurse on every shift."))[1]
    bounds = [(s.start, s.end) for s in sentences(doc)]
    assert not np.array_equal(on.features(doc, bounds)[0].indices, off.features(doc, bounds)[0].indices)
    for _, text in reference_texts()[3::29]:
        assert_same_rows(model, on, text)


def test_a_model_saved_without_its_pair_index_gives_the_same_rows(model):
    meta, arrays = model.scorer.state()
    meta.pop("pair_words")
    arrays.pop("pair_ids")
    older = LinearScorer.from_state(meta, arrays)
    assert older.pair_index().words == model.scorer.pair_index().words
    assert np.array_equal(older.pair_index().ids, model.scorer.pair_index().ids)
    index = PairIndex.of(["budget", "set budget", "set ~ team", "a b c"])
    assert index.words == ["set", "budget", "team"]
    assert index.ids.tolist() == [[-1, -1, 0], [0, 1, 1], [0, 2, 2], [-1, -1, 0]]


def test_a_pickled_featuriser_carries_no_cache_and_gives_the_same_rows(model):
    featuriser = featurisers(model)
    text = "I managed a team of 40 and set the budget. Not a vision, rather than a plan."
    assert_same_rows(model, featuriser, text)
    copy = pickle.loads(pickle.dumps(featuriser))
    assert copy._table is None and not copy._words.slots
    assert_same_rows(model, copy, text)


def test_parts_featurised_together_get_the_rows_they_get_alone(model):
    # features_many: the rows of many docs in one pass are each doc's own rows, in order.
    featuriser = featurisers(model)
    parts = []
    for _, text in reference_texts()[::97]:
        for _, doc, _ in iter_docs(text):
            sents = sentences(doc)
            marks = span_mark.marks(
                sents, span_mark.reuse_mentions(sents, role_profile.extract(sents).mentions, None)
            )
            parts.append(Part(doc, [(s.start, s.end) for s in sents], marks))
        parts.append(Part(doc, []))  # a part with no sentence
    assert len(parts) > 20
    together, spans = featuriser.features_many(parts)
    start = 0
    for part in parts:
        alone, alone_spans = featuriser.features(*part)
        stop = start + len(part.bounds)
        rows = together.rows(start, stop)
        entries = spans.entries(int(together.indptr[start]), int(together.indptr[stop]))
        for got, want in zip(
            (rows.indptr, rows.indices, rows.data, rows.norms, entries.ptr, entries.bounds),
            (alone.indptr, alone.indices, alone.data, alone.norms, alone_spans.ptr, alone_spans.bounds),
            strict=True,
        ):
            assert np.array_equal(np.asarray(got), np.asarray(want))
        start = stop
    assert start == together.shape[0]
