"""Sentence -> feature terms.

The model sees lemmas, not words: role nouns masked, gendered words and
grammatical person dropped, numbers folded, and words in the scope of a
negation marked, so "I do not set budgets" is not evidence of budgeting.
Each term keeps its character offsets so evidence can point at the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import srsly
from spacy.tokens import Doc, Span

from .constants import (
    BULLETS,
    CLAUSE_BREAKS,
    GENDERED_WORDS,
    NEGATION_PREFIX,
    NEGATORS,
    REGISTER_WORDS,
    ROLE_MASK,
    ROLE_NOUNS,
)

NUM_TOKEN = "_num_"


@dataclass(frozen=True)
class Term:
    """A feature term and the characters it came from (offsets into the doc)."""

    term: str
    start: int
    end: int


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Return the first names dropped before featurisation (``data/first_names.txt``).

    A name carries no orientation; dropping every name of the corpus keeps
    verdicts independent of a person's gender and origin.
    """
    text = files("leadership_nlp").joinpath("data/first_names.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    # spaCy's English lookup lemmas (spacy-lookups-data), as a plain dict
    # keyed by lowercase form: a dict lookup is the cheapest lemmatizer there is.
    # The package's files are gzipped JSON behind the paths it exposes.
    import spacy_lookups_data

    table = srsly.read_gzip_json(str(spacy_lookups_data.en["lemma_lookup"]) + ".gz")
    return {form: value for form, value in table.items() if form.islower()}


def lemma(word: str) -> str:
    """Return the lowercase lookup lemma of ``word``.

    Examples
    --------
    >>> lemma("Coached"), lemma("budgets"), lemma("KPIs")
    ('coach', 'budget', 'kpi')
    """
    lower = word.lower()
    found = _lemma_table().get(lower)
    if found is None and lower.endswith("s") and len(lower) > 3:
        # Acronym plurals ("KPIs") and words missing from the table.
        found = _lemma_table().get(lower[:-1], lower[:-1] if word[:-1].isupper() else None)
    return found or lower


def unigrams(span: Span | Doc, *, mask_roles: bool = True) -> list[Term]:
    """Return the normalised word terms of a sentence, in order.

    Parameters
    ----------
    span : spacy.tokens.Span or Doc
        The sentence.
    mask_roles : bool
        Replace role nouns (leader, manager, ...) by ``_role_``.
    """
    out: list[Term] = []
    negated = False
    for tok in span:
        text = tok.text
        lower = text.lower()
        if tok.is_space or text in BULLETS:
            continue
        if lower in NEGATORS:
            negated = True
            continue
        if lower in CLAUSE_BREAKS or tok.is_punct:
            negated = False
            continue
        if lower in GENDERED_WORDS or lower in REGISTER_WORDS or lower in first_names():
            continue
        if tok.like_num:
            term = NUM_TOKEN
        elif mask_roles and lower in ROLE_NOUNS:
            term = ROLE_MASK
        elif not any(c.isalpha() for c in text):
            continue
        else:
            term = lemma(text)
        if negated:
            term = NEGATION_PREFIX + term
        out.append(Term(term, tok.idx, tok.idx + len(text)))
    return out


def ngrams(words: list[Term], n_max: int = 2) -> list[Term]:
    """Return unigrams and contiguous n-grams up to ``n_max`` of ``words``."""
    out = list(words)
    for n in range(2, n_max + 1):
        for i in range(len(words) - n + 1):
            group = words[i : i + n]
            out.append(Term(" ".join(t.term for t in group), group[0].start, group[-1].end))
    return out
