"""Sentence -> feature terms.

The model sees lemmas, not words: role nouns masked, gendered words and
grammatical person dropped, numbers folded, and words in the scope of a
negation marked, so "I do not set budgets" is not evidence of budgeting.
Each term keeps its character offsets so evidence can point at the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.resources import files
from typing import Any, NamedTuple, cast

from spacy.attrs import IDX, LENGTH, LIKE_NUM, ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.lang.lex_attrs import is_punct, like_url
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Span

from . import lookups, span_mark
from .constants import (
    AGENT_NOT_HEADS,
    AGENT_OPENERS,
    BULLETS,
    CALENDAR_WORDS,
    CLAUSE_BREAKS,
    GENDER_FOLDS,
    GENDERED_WORDS,
    IRREGULAR_PARTICIPLES,
    NEGATION_PREFIX,
    NEGATORS,
    REGISTER_WORDS,
    ROLE_MASK,
    ROLE_NOUNS,
    WORD_CACHE_MAX,
)
from .folding import fold, without_marks
from .normalise import make_clean_doc
from .title_line import TITLE_MARK, title_bounds

#: spaCy's English stop words, less the few that name a behaviour of the label
#: guide ("own" the plan, "keep" things running, "move" people, "together").
STOP_TERMS: frozenset[str] = frozenset(STOP_WORDS - {"own", "keep", "move", "together", "whole"}) | {
    NEGATION_PREFIX.rstrip("_")
}

NUM_TOKEN = "_num_"

#: The version of the rules that turn tokens into terms (negation scopes,
#: pairs such as "rather than", lemmas of words in capitals, title marks,
#: addresses dropped, scaled numbers, a passive's participle before its agent).
#: Bump it when they change: a model pins it, so one trained under other
#: rules is refused instead of being fed terms it never saw.
TERM_RULES = 8

#: A number with a scale or a plus written onto it ("500k", "1.2m", "3bn", "~40", "≈80", "15+"):
#: spaCy's ``like_num`` reads none of these as a number.
_SCALED_NUMBER = re.compile(r"[~≈]?\d[\d,.]*(?:k|m|mm|mn|bn|b)?\+?")

#: Scale words the tokenizer splits off a number ("£5M" is "£", "5", "M"): part of
#: the number, never a word of their own (the lemma table reads "m" as "be").
SCALE_SUFFIXES = frozenset({"k", "m", "mm", "mn", "bn"})


#: Terms that never weigh on their own: a number or a masked role noun says
#: nothing about behaviour ("of 100", "the _role_"); they count only inside an
#: n-gram with a content word ("_num_ people").
NOT_ALONE: frozenset[str] = frozenset({NUM_TOKEN, ROLE_MASK})


class Term(NamedTuple):
    """A feature term and the characters it came from (offsets into the doc)."""

    term: str
    start: int
    end: int


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Return the first names dropped before featurisation (``data/first_names.txt``).

    A name carries no orientation; dropping every name of the corpus keeps
    verdicts independent of a person's gender and origin. A name written with
    accents is listed as written and as its words read it, folded ("josé" and
    "jose"; :func:`~leadership_nlp.core.folding.without_marks`, which is all that
    :func:`~leadership_nlp.core.folding.fold` does to these names and needs no
    lookalike table: a test holds the two equal).
    """
    text = files("leadership_nlp").joinpath("data/first_names.txt").read_text("utf-8")
    names = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(names | {without_marks(n) for n in names if not n.isascii()})


#: Entries of spaCy's lookup table that are wrong for CV language: most read a
#: common noun of work as a rarer word's inflection ("crew" as the past of
#: "crow", "number" and "matter" as comparatives, "span" as the past of "spin",
#: "wound" as the past of "wind"), which splits a word's features from its
#: plural's and shows the reader evidence such as "crow" or "numb". Each maps the
#: form to itself (or its singular or base form). Not nouns in "-er" that are as
#: often comparatives ("cleaner code", "a fitter team").
LEMMA_FIXES: dict[str, str] = {
    "developed": "develop",
    "developing": "develop",
    "develope": "develop",
    "agenda": "agenda",
    "bespoke": "bespoke",
    "broker": "broker",
    "buffer": "buffer",
    "ceiling": "ceiling",
    "chiller": "chiller",
    "completer": "completer",
    "crew": "crew",
    "criteria": "criterion",
    "data": "data",
    "dive": "dive",
    "elder": "elder",
    "evening": "evening",
    "feed": "feed",
    "ground": "ground",
    "matter": "matter",
    "media": "media",
    "number": "number",
    "opera": "opera",
    "putting": "put",
    "rent": "rent",
    "sous": "sous",
    "span": "span",
    "tenderer": "tenderer",
    "weed": "weed",
    "wound": "wound",
}


def _lookup(form: str) -> str | None:
    # spaCy's English lookup lemmas (a dict lookup is the cheapest lemmatizer
    # there is) with our fixes first. A lowercase form only: the table also
    # holds forms with no cased letter ("'s", "--"), which a word lowercased
    # must not hit.
    if not form.islower():
        return None
    fixed = LEMMA_FIXES.get(form)
    return fixed if fixed is not None else lookups.lemma_table().get(form)


def lemma(word: str) -> str:
    """Return the lowercase lookup lemma of ``word``.

    Examples
    --------
    >>> lemma("Coached"), lemma("budgets"), lemma("KPIs")
    ('coach', 'budget', 'kpi')
    """
    lower = word.lower()
    if len(word) > 3 and word[-1] == "s" and word[:-1].isupper():
        # An acronym's plural (a capital stem of three characters or more and a small "s":
        # "KPIs", "LMSs") is the acronym, never a word of the table: "LEDs" is no form of
        # "lead". Shorter stems go through the table as any word ("PMs", "DRs", "HRs" as
        # "pms", "drs", "hr"), or they would meet a time ("pm"), a title ("dr") or a stop
        # word ("DOs" as "do"). A word in capitals throughout ("UPWARDS", "THIS", "BOSS")
        # is read as its lowercase form, so shouting changes no lemma; the price is that
        # "KPIS" stays "kpis" (and that "LED" alone reads as "lead", as "LED A TEAM" must).
        return lower[:-1]
    found = _lookup(lower)
    # Words missing from the table, as plurals; no plural ends in "ss" ("assess" is not
    # the plural of "asse", nor "brass" of "bra").
    if found is None and lower.endswith("s") and not lower.endswith("ss") and len(lower) > 3:
        found = _lookup(lower[:-1])
    return found or lower


# What a token contributes, by lexeme: every attribute doc_unigrams() reads is a
# lexeme attribute, so it is worked out once per distinct word, not per token.
_SKIP, _NEGATE, _BREAK, _NEGATE_AFTER = 0, 1, 2, 3

#: Two-word negators ("rather than"), by their last word: the lowercase
#: first word that must come right before it for the pair to negate. Tokens
#: are read one at a time, so the pair is recognised at its last word.
_NEGATOR_PAIRS: dict[str, str] = {
    words[1]: words[0] for words in (n.split() for n in NEGATORS) if len(words) == 2
}
if any(len(n.split()) > 2 for n in NEGATORS):
    raise ValueError("word_lists.tsv: a negator has more than two words")
#: The ORTH ids of "by" as a word may be written: the tokens the passive rule looks at.
BY_IDS: frozenset[int] = frozenset(get_string_id(w) for w in ("by", "By", "BY"))


def passive_agent(before: str, first: str, second: str) -> bool:
    """Return whether a "by" between ``before`` and ``first second`` opens a passive's agent.

    Then ``before``, the participle, names what the agent did, not necessarily
    the writer ("Mentored by the CTO", but also "orders raised by her buyers"):
    with the ``passive_agents`` switch it is marked like a negated word. Words
    as written (folded); ``first`` and ``second`` are "" past the sentence's end.
    See :data:`~leadership_nlp.core.constants.AGENT_OPENERS`.

    Examples
    --------
    >>> passive_agent("Mentored", "the", "CTO"), passive_agent("Supervised", "Dr.", "Lee")
    (True, True)
    >>> passive_agent("Led", "example", ""), passive_agent("Cut", "a", "third")
    (False, False)
    >>> passive_agent("signed", "Friday", ""), passive_agent("Led", "Example", "")
    (False, False)
    """
    low = before.lower()
    if low not in IRREGULAR_PARTICIPLES and not (len(low) > 3 and low.endswith("ed") and low.isalpha()):
        return False
    head = first.lower()
    if head in AGENT_OPENERS:
        return second.lower() not in AGENT_NOT_HEADS
    named = first[:1].isupper() and first.rstrip(".").isalpha()  # "Dr.", "Mr."
    return named and head not in CALENDAR_WORDS and head not in AGENT_NOT_HEADS


def _passive_at(strings: StringStore, orths: Sequence[int], k: int) -> bool:
    # Whether token k of a sentence's ORTH ids is a "by" after a passive's participle (k > 0).
    if orths[k] not in BY_IDS:
        return False
    words = [fold(strings[o]) for o in orths[k + 1 : k + 3]]
    words += [""] * (2 - len(words))
    return passive_agent(fold(strings[orths[k - 1]]), *words)


_KINDS: dict[tuple[str, bool], dict[int, int | str]] = {}


def _kind(doc: Doc, orth: int, mask_roles: bool, pairs: bool = True) -> int | str:
    # As the word reads, not as it is encoded ("mаnage" with a Cyrillic "а"),
    # and from the word alone, not from its lexeme: a spaCy pipeline's
    # vocabulary (the component's) computes lexeme attributes from the word as
    # written, and the kinds cache serves every vocabulary of a language.
    text = fold(doc.vocab.strings[orth])
    lower = text.lower()
    if not text or text.isspace() or text in BULLETS:
        return _SKIP
    if lower in NEGATORS:
        return _NEGATE
    if pairs and lower in _NEGATOR_PAIRS:
        return _NEGATE_AFTER
    if lower in CLAUSE_BREAKS or is_punct(text):
        return _BREAK
    # GENDERED_WORDS lists plurals as typed: by lemma, "missed" would go with "Miss".
    if lower in GENDERED_WORDS or lower in REGISTER_WORDS or lower in first_names():
        return _SKIP
    like_num = cast(Any, doc.vocab).lex_attr_getters.get(LIKE_NUM)
    if (like_num is not None and like_num(text)) or _SCALED_NUMBER.fullmatch(lower):
        return NUM_TOKEN
    if lower in SCALE_SUFFIXES:
        return _SKIP
    if mask_roles and lower in ROLE_NOUNS:
        return ROLE_MASK
    if not any(c.isalpha() for c in text) or is_address(text):
        return _SKIP
    # A gendered job noun and its counterparts read as one neutral word: "waitresses" and
    # "waiters" are "server", "chairwoman" and "chairman" "chair".
    found = lemma(text)
    found = GENDER_FOLDS.get(lower) or GENDER_FOLDS.get(found, found)
    return ROLE_MASK if mask_roles and found in ROLE_NOUNS else found


def is_address(word: str) -> bool:
    """Return whether a token is an email, a handle or a web address: never a term.

    An address says nothing about behaviour and often holds a name
    ("amara.okafor@...", "@amara_okafor", "linkedin.com/in/amara-okafor").
    Names with a dot stay words: spaCy's ``like_url`` alone would also take
    "Node.js", "b.sc" and "Amazon.com".

    Examples
    --------
    >>> [is_address(w) for w in ("Email:a.okafor@x.org", "www.okafor.dev", "linkedin.com/in/a-okafor")]
    [True, True, True]
    >>> [is_address(w) for w in ("Node.js", "ASP.NET", "b.sc", "24/7", "and/or", "e.g.")]
    [False, False, False, False, False, False]
    """
    return "@" in word or "://" in word or word.lower().startswith("www.") or ("/" in word and like_url(word))


def doc_unigrams(
    doc: Doc,
    bounds: Sequence[tuple[int, int]],
    *,
    mask_roles: bool = True,
    mark_titles: bool = False,
    span_marks: Sequence[tuple[int, int] | None] | None = None,
    passive_agents: bool = False,
) -> list[list[Term]]:
    """Return the normalised word terms of each token range of ``doc``.

    Read from the doc's token arrays in one pass (no ``Token`` objects); the
    one way words become terms, for training and classifying alike.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The tokenised text.
    bounds : sequence of (start, end)
        Token ranges, usually the sentences.
    mask_roles : bool
        Replace role nouns (leader, manager, ...) by ``_role_``.
    mark_titles : bool
        Add :data:`TITLE_MARK` to each range shaped like a title or heading.
    span_marks : sequence of (start, end) or None, optional
        Per range, the character offsets of its span mark
        (:func:`leadership_nlp.core.span_mark.find`), added as :data:`SPAN_MARK`.
    passive_agents : bool
        Mark a passive's participle before its agent like a negated word
        ("Mentored by the CTO" gives ``not_mentor``; :func:`passive_agent`).
    """
    rows = doc.to_array([ORTH, IDX, LENGTH]).tolist() if len(doc) else []
    kinds = _kinds(doc, mask_roles)
    out = [_terms(doc, rows[start:end], mask_roles, kinds, passive_agents) for start, end in bounds]
    if mark_titles:
        for terms, (start, end) in zip(out, bounds, strict=True):
            span = title_bounds(doc, rows[start:end])
            if span is not None:
                terms.append(Term(TITLE_MARK, *span))
    if span_marks is not None:
        for terms, mark in zip(out, span_marks, strict=True):
            if mark is not None:
                terms.append(Term(span_mark.SPAN_MARK, *mark))
    return out


def _kinds(doc: Doc, mask_roles: bool) -> dict[int, int | str]:
    kinds = _KINDS.setdefault((doc.lang_, mask_roles), {})
    if len(kinds) > WORD_CACHE_MAX:
        # Bounded memory on endless vocabularies (random junk, huge texts).
        kinds.clear()
    return kinds


def _terms(
    doc: Doc, rows: list[list[int]], mask_roles: bool, kinds: dict[int, int | str], passives: bool = False
) -> list[Term]:
    terms: list[Term] = []
    negated = False
    # tuple.__new__ skips the Python-level __new__ of the NamedTuple: one
    # Term per word of every sentence makes that frame a measurable cost.
    make = tuple.__new__
    prev_orth = prev_idx = -1
    for orth, idx, length in rows:
        kind = kinds.get(orth)
        if kind is None:
            kind = kinds[orth] = _kind(doc, orth, mask_roles)
        if kind == _NEGATE_AFTER:
            # The last word of "rather than": with the first word right before
            # it, the pair is one negator, like "not"; else the word itself.
            strings = doc.vocab.strings
            first = _NEGATOR_PAIRS[fold(strings[orth]).lower()]
            if prev_orth >= 0 and fold(strings[prev_orth]).lower() == first:
                if terms and terms[-1].start == prev_idx:
                    terms.pop()
                negated = True
                kind = _SKIP
            else:
                kind = _kind(doc, orth, mask_roles, pairs=False)
        prev_orth, prev_idx = orth, idx
        if kind.__class__ is int:
            if kind == _NEGATE:
                negated = True
            elif kind == _BREAK:
                negated = False
            continue
        terms.append(make(Term, (NEGATION_PREFIX + cast(str, kind) if negated else kind, idx, idx + length)))
    if passives:
        _mark_passives(doc, rows, terms)
    return terms


def _mark_passives(doc: Doc, rows: list[list[int]], terms: list[Term]) -> None:
    # A second pass, so the loop above costs nothing more with the switch off: the word
    # before a passive's "by" is marked like a negated word, unless it is negated already
    # or makes no term. (Only "rather" before "than" is ever taken out of ``terms``.)
    orths = [row[0] for row in rows]
    at = [k for k in range(1, len(rows)) if orths[k] in BY_IDS]
    if not at:
        return
    strings = doc.vocab.strings
    index = {term.start: i for i, term in enumerate(terms)}
    for k in at:
        i = index.get(rows[k - 1][1], -1)
        if i >= 0 and not terms[i].term.startswith(NEGATION_PREFIX) and _passive_at(strings, orths, k):
            term = terms[i]
            terms[i] = Term(NEGATION_PREFIX + term.term, term.start, term.end)


def is_content(term: str) -> bool:
    """Return whether a term may carry weight: not a stop word (negated or not).

    Stop words ("to", "and", "from") stay in a sentence's terms, so that
    negation scopes and multi-word cues ("within budget") still see them, but
    they are never features: a function word must not decide a verdict.
    """
    if term.startswith(NEGATION_PREFIX):
        term = term[len(NEGATION_PREFIX) :]
    return term not in STOP_TERMS


def content_terms(words: list[Term]) -> list[Term]:
    """Return the content terms of a sentence, in order (see :func:`is_content`)."""
    return [t for t in words if is_content(t.term)]


#: Terms that mark a whole sentence (a title shape, a span of control): unigrams only.
_MARKS = frozenset({TITLE_MARK, span_mark.SPAN_MARK})


def ngrams(words: list[Term], n_max: int = 2, skipgrams: bool = False, phrases: bool = False) -> list[Term]:
    """Return the n-gram features of a sentence's terms, in order.

    Unigrams, then contiguous n-grams up to ``n_max``, then (with
    ``skipgrams``) pairs one word apart written ``"a ~ c"`` — all over the
    content terms only, so "develop the junior team" gives "develop junior",
    "junior team" and "develop ~ team": a verb stays with its object.
    A term of :data:`NOT_ALONE` is no unigram, and no n-gram is made of those alone.
    With ``phrases``, last come the pairs of a content word and the stop word
    next to it (:func:`phrase_pairs`).
    """
    pairs = phrase_pairs(words) if phrases else []
    words = content_terms(words)
    out = [t for t in words if t.term not in NOT_ALONE]
    words = [t for t in words if t.term not in _MARKS]
    for n in range(2, n_max + 1):
        for i in range(len(words) - n + 1):
            group = words[i : i + n]
            if all(t.term in NOT_ALONE for t in group):
                continue
            out.append(Term(" ".join(t.term for t in group), group[0].start, group[-1].end))
    if skipgrams:
        for a, c in zip(words, words[2:], strict=False):
            if a.term in NOT_ALONE and c.term in NOT_ALONE:
                continue
            out.append(Term(f"{a.term} ~ {c.term}", a.start, c.end))
    return out + pairs


def phrase_pairs(words: list[Term]) -> list[Term]:
    """Return the pairs of a content word and the stop word right before or after it.

    "make sure", "responsible for", "sign off", "collaborate with": phrases
    whose sense a content word alone does not carry. The stop word never
    weighs alone (a pair of stop words is no feature), and neither does a
    term of :data:`NOT_ALONE` ("of _num_" is no phrase).

    Examples
    --------
    >>> [t.term for t in phrase_pairs(sentence_terms(["Make sure the rota is signed off"])[0])]
    ['make sure', 'sign off']
    """
    out = []
    for a, b in zip(words, words[1:], strict=False):
        content = is_content(a.term)
        if content == is_content(b.term) or (a.term if content else b.term) in NOT_ALONE:
            continue
        if a.term in _MARKS or b.term in _MARKS:  # a mark is no word
            continue
        out.append(Term(f"{a.term} {b.term}", a.start, b.end))
    return out


def sentence_runs(items: Iterable[str | Span | Doc]) -> list[tuple[Doc, list[tuple[int, int]]]]:
    """Return the sentences as runs: a doc and the token ranges of its consecutive sentences, in order.

    A ``str`` becomes a doc of its own, cleaned as ``classify`` cleans text
    (:func:`~leadership_nlp.core.normalise.make_clean_doc`); consecutive spans
    of one doc (a pipeline's sentences) form one run, which the role profile
    reads together.

    Raises
    ------
    TypeError
        For an item of any other type.
    """
    runs: list[tuple[Doc, list[tuple[int, int]]]] = []
    for item in items:
        if isinstance(item, str):
            item = make_clean_doc(item)
        if isinstance(item, Doc):
            doc, bounds = item, (0, len(item))
        elif isinstance(item, Span):
            doc, bounds = item.doc, (item.start, item.end)
        else:
            raise TypeError(f"expected str or a spaCy Span or Doc, got {type(item).__name__}")
        if runs and runs[-1][0] is doc and bounds[0] >= runs[-1][1][-1][1]:
            runs[-1][1].append(bounds)
        else:
            runs.append((doc, [bounds]))
    return runs


def sentence_terms(
    items: Iterable[str | Span | Doc],
    *,
    mask_roles: bool = True,
    mark_titles: bool = False,
    mark_spans: bool = False,
    passive_agents: bool = False,
) -> list[list[Term]]:
    """Return the unigram terms of each sentence, given as ``str``, ``Span`` or ``Doc``.

    A ``str`` is cleaned as ``classify`` cleans text before tokenising
    (:func:`~leadership_nlp.core.normalise.make_clean_doc`: markup, line
    breaks, long runs), so training, ``predict`` and ``classify`` see the
    same words. With ``mark_spans``, consecutive sentences of one doc are
    read by the role profile together, as ``classify`` reads a chunk's
    (:mod:`~leadership_nlp.core.span_mark`). ``passive_agents``: see :func:`doc_unigrams`.

    Raises
    ------
    TypeError
        For an item of any other type.
    """
    out: list[list[Term]] = []
    for doc, ranges in sentence_runs(items):
        marks = span_mark.find([doc[start:end] for start, end in ranges]) if mark_spans else None
        out += doc_unigrams(
            doc,
            ranges,
            mask_roles=mask_roles,
            mark_titles=mark_titles,
            span_marks=marks,
            passive_agents=passive_agents,
        )
    return out
