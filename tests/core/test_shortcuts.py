"""The runtime's array shortcuts give exactly what their plain definitions give.

``classify`` reads terms from token arrays, finds line starts from the
newlines, trims sentences from arrays and runs the role Matcher only on
sentences that can match. Each shortcut is compared here with the plain,
token-by-token computation it replaces, on the corpus, the examples and
generated text. (The compiled scorer is held to the scikit-learn pipeline in
``tests/train/test_compile.py``.)
"""

import re
import sys
from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from resources import BULLETS, CV, JOB_AD

from leadership_nlp.core import role_profile
from leadership_nlp.core.normalise import make_clean_doc, shared_nlp
from leadership_nlp.core.segment import _line_starts_sentence, iter_docs, line_head_word, sentences
from leadership_nlp.core.terms import doc_unigrams, sentence_terms
from leadership_nlp.train.corpus import load_corpus

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def unit_texts():
    return [u.text for u in load_corpus().units]


def _texts():
    texts = [CV, JOB_AD, BULLETS, "I do not set budgets; I coach the team to find their own way"]
    texts += [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt")) + sorted(EXAMPLES.glob("*.md"))]
    return texts


def _unigrams_token_by_token(span, mask_roles=True, mark_titles=False):
    # The plain definition of the terms (one Token at a time), as reference.
    from spacy.lang.lex_attrs import like_url

    from leadership_nlp.core.constants import (
        BULLETS,
        CLAUSE_BREAKS,
        GENDER_FOLDS,
        GENDERED_WORDS,
        NEGATION_PREFIX,
        NEGATORS,
        REGISTER_WORDS,
        ROLE_MASK,
        ROLE_NOUNS,
    )
    from leadership_nlp.core.folding import fold
    from leadership_nlp.core.terms import NUM_TOKEN, first_names, lemma
    from leadership_nlp.core.title_line import TITLE_MARK

    out, negated = [], False
    for tok in span:
        text = fold(tok.text)
        lower = text.lower()
        if tok.is_space or text in BULLETS:
            continue
        if lower in NEGATORS:
            negated = True
            continue
        if lower == "than" and tok.i > span.start and tok.doc[tok.i - 1].lower_ == "rather":
            if out and out[-1][1] == tok.doc[tok.i - 1].idx:
                out.pop()  # "rather than" negates, as "not" does
            negated = True
            continue
        if lower in CLAUSE_BREAKS or tok.is_punct:
            negated = False
            continue
        if lower in GENDERED_WORDS or lower in REGISTER_WORDS or lower in first_names():
            continue
        if tok.like_num or re.fullmatch(r"[~≈]?\d[\d,.]*(k|m|mm|mn|bn|b)?\+?", lower):
            term = NUM_TOKEN  # "12", "twelve", "500k", "1.2m", "15+"
        elif lower in ("k", "m", "mm", "mn", "bn"):
            continue  # the scale of the number before it ("£5M")
        elif mask_roles and lower in ROLE_NOUNS:
            term = ROLE_MASK
        elif not any(c.isalpha() for c in text) or "@" in text or "://" in text:
            continue  # no letter, or an address
        elif lower.startswith("www.") or ("/" in text and like_url(text)):
            continue
        else:
            # gendered job nouns folded to one neutral word
            term = lemma(text)
            term = GENDER_FOLDS.get(lower) or GENDER_FOLDS.get(term, term)
            if mask_roles and term in ROLE_NOUNS:
                term = ROLE_MASK
        out.append((NEGATION_PREFIX + term if negated else term, tok.idx, tok.idx + len(tok.text)))
    bounds = _title_token_by_token(span) if mark_titles and len(span) else None
    if bounds is not None:
        out.append((TITLE_MARK, *bounds))
    return out


def _title_token_by_token(span):
    # The title shape (core.title_line), one Token at a time.
    from leadership_nlp.core.constants import BULLETS
    from leadership_nlp.core.terms import STOP_TERMS, lemma
    from leadership_nlp.core.title_line import (
        FIRST_PERSON,
        TITLE_CONNECTORS,
        TITLE_MAX_CAPS_WORDS,
        TITLE_MAX_WORDS,
    )

    tokens = [t for t in span if not (t.is_space or t.text in BULLETS)]
    if not tokens or tokens[-1].text in (".", "!", "?", "…", "..."):
        return None
    content = []
    for t in tokens:
        if not any(c.isalpha() for c in t.text) or t.text in TITLE_CONNECTORS:
            continue
        if t.text.lower() in FIRST_PERSON or not t.text[0].isupper():
            return None
        if t.text.lower() not in STOP_TERMS:
            content.append(t.text)
    if not content or len(content) > TITLE_MAX_WORDS:
        return None
    first = content[0].lower()
    if first.endswith(("ed", "ing")) and lemma(content[0]) != first:
        return None
    if len(content) > TITLE_MAX_CAPS_WORDS and all(w.isupper() and len(w) > 1 for w in content):
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


@pytest.mark.parametrize(("mask_roles", "mark_titles"), [(True, True), (True, False), (False, False)])
def test_doc_unigrams_equal_the_token_by_token_terms(mask_roles, mark_titles, unit_texts):
    extra = [
        "Staff Nurse, Telemetry",
        "From 2011 to 2016",
        "I coach rather than direct",
        "Head of Sales.",
        "•  X",
    ]
    for text in _texts() + unit_texts[:300] + extra:
        for _, doc, _ in iter_docs(text):
            sents = sentences(doc)
            bounds = [(s.start, s.end) for s in sents]
            fast = doc_unigrams(doc, bounds, mask_roles=mask_roles, mark_titles=mark_titles)
            reference = [_unigrams_token_by_token(s, mask_roles, mark_titles) for s in sents]
            assert [[tuple(t) for t in terms] for terms in fast] == reference
            # spans of one Doc, one pass
            assert sentence_terms(sents, mask_roles=mask_roles, mark_titles=mark_titles) == fast


def _boundaries_token_by_token(doc):
    # The plain definition of set_boundaries (visit every token), as reference.
    from leadership_nlp.core.segment import _SENTENCIZER

    _SENTENCIZER(doc)
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            ws = prev.text + prev.whitespace_ if prev.is_space else prev.whitespace_
            k = i - 2 if prev.is_space and i >= 2 else i - 1
            before = line_head_word(doc.text, doc[k].idx)
            if not doc[i].is_space and _line_starts_sentence(ws, doc[i].text, doc[k].text, before):
                doc[i].is_sent_start = True
    return [t.is_sent_start for t in doc]


LINES = st.lists(
    st.one_of(
        st.sampled_from(
            ["Set budgets", "coached staff", "Ran the rota.", "e.g. Dr. Lee", "I lead", "x", "to", "06/2014"]
            + ["Managed", "Team Lead", "we head", "30 staff", "A team"]
        ),
        st.sampled_from(["\n", "\n\n", " \n", "\n ", "\n- ", "\n• ", "\r\n", "\t\n", " ", "  ", "\n\n\n"]),
        st.text(st.characters(codec="utf-8", categories=["Zs", "Cc", "Ll", "Lu", "Po"]), max_size=4),
    ),
    max_size=30,
).map("".join)


@given(LINES)
def test_set_boundaries_equals_the_token_by_token_rule(text):
    from leadership_nlp.core.segment import set_boundaries

    nlp = shared_nlp()
    fast = [t.is_sent_start for t in set_boundaries(nlp.make_doc(text))]
    assert fast == _boundaries_token_by_token(nlp.make_doc(text))


def _role_profile_texts():
    import csv

    with open(EXAMPLES / "onet_role_profiles.csv", newline="", encoding="utf-8") as fh:
        onet = [row["description"] + "\n" + row["tasks"] for row in csv.DictReader(fh)]
    # Numbers next to every kind of keyword, and numbers with none (dates, phones).
    made = [
        f"{verb} {num} {mid}{noun}."
        for verb in ("Managed", "Led", "Ran", "Oversaw", "Built")
        for num in ("12", "twelve", "1,200", "£5M", "2019")
        for mid in ("", "senior ", "direct ")
        for noun in ("people", "reports", "sites", "warehouses", "budget", "dollars", "ideas", "team of 40")
    ]
    # A keyword three tokens from its number, the farthest a pattern allows.
    made += [
        "Led a team of about 40 nurses.",
        "Managed 12 senior software engineers.",
        "Ran 3 big new sites.",
    ]
    return onet + made


def test_role_profile_prefilter_changes_nothing(monkeypatch, unit_texts):
    texts = _texts() + unit_texts + _role_profile_texts()
    docs = [(doc, sentences(doc)) for t in texts for _, doc, _ in iter_docs(t)]
    fast = [role_profile.extract(s) for _, s in docs]
    monkeypatch.setattr(
        role_profile, "_candidates", lambda sents, c: ((s, breaks, None) for s, breaks in list(sents))
    )
    plain = [role_profile.extract(s) for _, s in docs]
    assert fast == plain
    assert sum(p.span_of_control is not None for p in fast) >= 5


def test_spacy_blank_imports_none_of_what_classifies(tmp_path):
    # spaCy imports every spacy_factories entry point (ours included) whenever
    # it builds any pipeline: ours must not drag scikit-learn in with it, nor
    # our own classifying modules (about 20 ms of imports from bytecode, paid by
    # every spacy.blank() where the package is installed); they load on first use.
    import subprocess

    heavy = (
        "sklearn",
        "scipy",
        "leadership_nlp.api",
        "leadership_nlp.core.document",
        "leadership_nlp.core.model",
        "leadership_nlp.core.role_patterns",
        "leadership_nlp.core.segment",
    )
    code = f"import sys, spacy; spacy.blank('en'); print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert spacy.blank("en").has_factory("leadership_orientation")


def _sentences_token_by_token(doc):
    # The plain definition of sentences(): trim each of doc.sents.
    from leadership_nlp.core.constants import BULLETS

    out = []
    for sent in doc.sents:
        start, end = sent.start, sent.end
        while start < end and (doc[start].is_space or doc[start].text in BULLETS):
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if start < end:
            out.append((start, end))
    return out


@given(LINES)
def test_sentences_equal_trimmed_doc_sents(text):
    from leadership_nlp.core.segment import set_boundaries

    doc = set_boundaries(shared_nlp().make_doc(text))
    assert [(s.start, s.end) for s in sentences(doc)] == _sentences_token_by_token(doc)


@given(LINES)
def test_doc_unigrams_equal_the_token_by_token_terms_on_any_lines(text):
    doc = shared_nlp().make_doc(text)
    assert [tuple(t) for t in doc_unigrams(doc, [(0, len(doc))])[0]] == _unigrams_token_by_token(doc[:])


@pytest.mark.parametrize(
    "text",
    [
        "Set<b>budgets</b> for the team",
        "Coached &amp; mentored staff",
        "Set budgets\r\nfor the team",
        "x" * 300,
    ],
)
def test_sentences_given_as_strings_take_the_same_road_as_classify(text):
    # fit/predict featurise strings with make_clean_doc, as classify cleans a chunk.
    (_, doc, _), *rest = list(iter_docs(text))
    assert not rest
    whole = doc_unigrams(doc, [(0, len(doc))])
    assert sentence_terms([text]) == whole == doc_unigrams(make_clean_doc(text), [(0, len(doc))])
