"""Sentences shaped like a title or heading: "Staff Nurse, Telemetry", "What We Offer".

Such a line names a job, an employer or a section, not a behaviour (label
guide G.2). :mod:`~leadership_nlp.core.terms` adds :data:`TITLE_MARK` to the
terms of each one, and the model learns what the shape weighs. Casing is a
weak signal on its own, so the shape is kept narrow: a sentence written in
capitals or Title Case ("I MANAGE A TEAM OF 10", "Managed A Team Of 12")
must not read as a title, or shouting would hide its words.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .constants import BULLETS
from .folding import fold

#: The term added to a sentence shaped like a title or heading. A unigram
#: only, never part of an n-gram.
TITLE_MARK = "_title_line_"
#: A title or heading names a thing in a few words.
TITLE_MAX_WORDS = 6
#: ... and in capitals throughout, in fewer: "WORK EXPERIENCE", "SENIOR STAFF NURSE".
TITLE_MAX_CAPS_WORDS = 4
#: Lowercase words a title may contain ("Head of Sales and Marketing").
TITLE_CONNECTORS: frozenset[str] = frozenset("a an and at by de for in of on or the to with".split())
#: A title does not speak in the first person singular ("We", "Our" and "Us"
#: stay: "What We Offer", "About Us" are a job ad's headings).
FIRST_PERSON: frozenset[str] = frozenset("i i'm i’m i've i’ve me my".split())

# Token shapes, by lexeme: a code, or _WORD plus flags for a capitalised content word.
_SPACE, _NO_WORD, _CONNECTOR, _LOWER, _FINAL, _FIRST_PERSON = range(6)
_WORD, _ALL_CAPS, _VERB_FORM = 8, 16, 32
_SHAPES: dict[str, dict[int, int]] = {}
_SHAPES_MAX = 500_000


def title_bounds(doc: Doc, rows: list[list[int]]) -> tuple[int, int] | None:
    """Return the character span of a title-shaped sentence, or ``None``.

    ``rows`` are the sentence's ``(ORTH, IDX, LENGTH)`` token rows. Every word
    is capitalised or a connector, one to :data:`TITLE_MAX_WORDS` content
    words (:data:`TITLE_MAX_CAPS_WORDS` when all are in capitals), no word in
    the first person, no verb form ("Managed", "Leading") first, no full
    stop at the end. Leading bullets and surrounding space are not part of
    the span.
    """
    shapes = _SHAPES.setdefault(doc.lang_, {})
    if len(shapes) > _SHAPES_MAX:
        shapes.clear()  # bounded memory on endless vocabularies
    words = caps = 0
    last = _SPACE
    first = end = -1
    for orth, idx, length in rows:
        shape = shapes.get(orth)
        if shape is None:
            shape = shapes[orth] = _shape(doc, orth)
        if shape == _LOWER or shape == _FIRST_PERSON:
            return None
        if shape & _WORD:
            if not words and shape & _VERB_FORM:
                return None  # a CV bullet in capitals: "MANAGED THE ROTA"
            words += 1
            caps += bool(shape & _ALL_CAPS)
            if words > TITLE_MAX_WORDS:
                return None
        if shape != _SPACE:
            last = shape
            first = idx if first < 0 else first
            end = idx + length
    if not words or last == _FINAL or (caps == words and words > TITLE_MAX_CAPS_WORDS):
        return None
    return first, end


def _shape(doc: Doc, orth: int) -> int:
    from .terms import STOP_TERMS, lemma  # terms imports this module

    text = fold(doc.vocab.strings[orth])  # as the word reads ("Frоm" with a Cyrillic "о" is "From")
    if text.isspace() or text in BULLETS:
        return _SPACE
    if text in (".", "!", "?", "…", "..."):
        return _FINAL
    if not any(c.isalpha() for c in text):
        return _NO_WORD
    if text in TITLE_CONNECTORS:
        return _CONNECTOR
    lower = text.lower()
    if lower in FIRST_PERSON:
        return _FIRST_PERSON
    if not text[0].isupper():
        return _LOWER
    # A capitalised stop word ("From", "What") fits a title but does not make one:
    # "From 2011 to 2016" is a date range, and function words never weigh.
    if lower in STOP_TERMS:
        return _CONNECTOR
    shape = _WORD
    if text.isupper() and len(text) > 1:
        shape |= _ALL_CAPS
    if lower.endswith(("ed", "ing")) and lemma(text) != lower:
        shape |= _VERB_FORM
    return shape
