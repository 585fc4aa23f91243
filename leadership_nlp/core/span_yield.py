"""Guideline C.6: a span of control yields to the behaviour that decides its sentence.

"I head a 40-strong customer service team and took them through the merger"
states a span of control and a behaviour, and by the guideline the behaviour
decides: leadership. The span mark (:mod:`~leadership_nlp.core.span_mark`) is
a term the model weighs like any other, and it outweighs most behaviours, so
such sentences read as management. A model with ``span_yield`` reads a marked
sentence it does not call leadership once more, with the words of its role
profile blanked (role verbs, counts and sites, and with them the mark): when
the rest reads as leadership with probability ``span_yield`` or more, the
sentence takes those probabilities. A sentence that also states a budget is
not read again (see :func:`behaviours`). A role verb and a count alone
("Javier leads a crew of fourteen") leave nothing to read and stay
management, as does a span with a management behaviour ("I manage 40 staff
and set their rotas").

Blanking keeps every other character where it was, so the second reading is
of the same sentence, not of a paraphrase; it is a string, read as ``predict``
reads one, the same way at training, evaluation and run time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
from spacy.tokens import Span

from . import span_mark
from .role_result import Mention
from .span_mark import Bounds
from .terms import sentence_runs


def check(threshold: object) -> float | None:
    """Return ``threshold`` as a float (``None`` stays); ``ValueError`` if it is no probability in (0, 1]."""
    if threshold is None:
        return None
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise ValueError(f"span_yield is {threshold!r}, expected None or a probability in (0, 1]")
    return float(threshold)


def behaviours(
    sents: Sequence[Span], mentions: Iterable[Mention], marks: Sequence[Bounds | None]
) -> list[str | None]:
    """Return, per sentence with a span mark, its text with the role profile's mentions blanked, or None.

    ``mentions`` are offsets into the sentences' doc (the shipped patterns'
    role profile, as the marks are). A sentence that also states a budget is
    not read again (None): a budget held is management as well (guideline B.1,
    resources), and with its amount blanked the verb that held it reads as a
    behaviour ("You will own a marketing budget of €750k and manage 4 direct
    reports" would leave "own").
    """
    mentions = list(mentions)
    out: list[str | None] = []
    for sent, mark in zip(sents, marks, strict=True):
        lo, hi = sent.start_char, sent.end_char
        if mark is None or any(m.kind == "budget" and m.start < hi and lo < m.end for m in mentions):
            out.append(None)
            continue
        chars = list(sent.text)
        for m in mentions:
            start, end = max(m.start, lo), min(m.end, hi)
            if start < end:
                chars[start - lo : end - lo] = " " * (end - start)
        out.append("".join(chars))
    return out


def sentence_behaviours(items: Iterable[str | Span]) -> list[str | None]:
    """Return :func:`behaviours` of sentences given as ``predict`` takes them (a doc's spans together)."""
    out: list[str | None] = []
    for doc, ranges in sentence_runs(items):
        sents = [doc[start:end] for start, end in ranges]
        found = span_mark.shipped_mentions(sents)
        out += behaviours(sents, found, span_mark.marks(sents, found))
    return out


def read_again(
    proba: np.ndarray,
    texts: Sequence[str | None],
    reread: Callable[[list[str]], np.ndarray],
    leadership: int,
    threshold: float,
) -> None:
    """Replace, in place, rows of ``proba`` not led by leadership with their texts' probabilities.

    A row with a text (its :func:`behaviours`) takes the probabilities
    ``reread`` gives that text when those have leadership (column
    ``leadership``) first, at ``threshold`` or more.
    """
    rows = [i for i, t in enumerate(texts) if t is not None and int(np.argmax(proba[i])) != leadership]
    if not rows:
        return
    again = reread([str(texts[i]) for i in rows])
    for k, i in enumerate(rows):
        if int(np.argmax(again[k])) == leadership and again[k, leadership] >= threshold:
            proba[i] = again[k]
