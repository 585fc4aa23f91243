"""The role Matchers run on windows of a sentence: around its numbers, then around its figures.

A figure (a value pattern's match) holds a number token and spans at most
``value_extent`` tokens; the triggers, blocks, passes and vetoes that
:func:`~leadership_nlp.core.role_triggers.govern` and the veto check read lie
within a fixed reach of the figure. So the Matchers need not visit the rest
of a long sentence, where nearly all of their time went.

Why a window gives the sentence's own matches, in the Matcher's order: the
Matcher keeps one state per (pattern, start) and states never interact, so a
run on ``target[lo:hi]`` holds exactly the whole run's states that start at
``lo`` or later, in the same relative order. A match is emitted at its last
token or the next one, so every match that ends before ``hi`` is emitted as
in the whole run; those ending at ``hi`` may be emitted only because the
window ends there, and are dropped unless the sentence ends there too.
Windows are disjoint and in order, and so are their matches. A window runs
only the patterns its words allow, in parts (role_parts), which keep the
Matcher's order wherever the role profile reads it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc, Span

from .role_matcher import NUMBER, Compiled
from .role_parts import Parts
from .role_patterns import MAX_GAP
from .segment import in_sorted

__all__ = ["may_steer", "steer_matches", "target_words", "value_matches", "windowed"]

Matches = list[tuple[int, int, int]]
#: A target's LOWER and ORTH ids, by token.
Words = tuple[list[int], list[int]]


def windowed(parts: Parts, target: Doc | Span, spans: Iterable[tuple[int, int]], words: Words) -> Matches:
    """Return the matches of ``parts`` on ``target`` that lie within one of ``spans``, by window and part.

    ``spans`` are ``(start, end)`` token positions in ``target``; they may
    overlap and run past its ends. ``words`` are the target's LOWER and ORTH ids.
    """
    n = len(target)
    out: Matches = []
    lo = hi = -1
    for start, end in sorted(spans):
        start, end = max(start, 0), min(end + 1, n)
        if start >= end:
            continue
        if start < hi:
            hi = max(hi, end)
            continue
        out += _window(parts, target, lo, hi, words)
        lo, hi = start, end
    return out + _window(parts, target, lo, hi, words)


def _window(parts: Parts, target: Doc | Span, lo: int, hi: int, words: Words) -> Matches:
    if lo < 0:
        return []
    lowers, orths = words
    matchers = parts.matchers(lowers[lo:hi], orths[lo:hi], target.vocab.strings)
    if not matchers:
        return []
    last = hi == len(target)
    window = target[lo:hi]
    return [(key, s + lo, e + lo) for m in matchers for key, s, e in m(window) if last or e + lo < hi]


def _whole(parts: Parts, target: Doc | Span, words: Words) -> Matches:
    return [m for matcher in parts.matchers(*words, target.vocab.strings) for m in matcher(target)]


def value_matches(target: Doc | Span, c: Compiled, words: Words | None = None) -> Matches:
    """Return the matches of ``c.values`` on ``target``, matched only around the number tokens, by part.

    ``words`` are the target's LOWER and ORTH ids (:func:`target_words`), if known.
    """
    lowers, orths = target_words(target) if words is None else words
    values = c.parts(target, orths)[0]
    reach = c.value_extent
    if reach is None or len(target) <= 3 * reach:
        # A short sentence is cheaper to match whole than to cut.
        return _whole(values, target, (lowers, orths))
    ids = np.array(lowers, dtype=np.uint64)
    # A figure holds a number with one of its pattern's keywords near.
    flags = c.flags(ids, target.vocab.strings)
    numbers = np.flatnonzero((flags & NUMBER).astype(bool) | in_sorted(ids, c.number_ids))
    spans = [(p - reach + 1, p + reach) for p in c.near_keyword(flags, numbers).tolist()]
    return windowed(values, target, spans, (lowers, orths))


def target_words(target: Doc | Span) -> Words:
    """Return the LOWER and ORTH ids of ``target``'s tokens."""
    rows = _rows(target, [LOWER, ORTH])
    return rows[:, 0].tolist(), rows[:, 1].tolist()


def _rows(target: Doc | Span, attrs: list[int | str]) -> np.ndarray:
    # The target's token attributes, one row per token. A Span's are read
    # off its doc unless the doc is much longer: Span.to_array costs about
    # ten times more per token than Doc.to_array.
    if isinstance(target, Doc):
        return np.asarray(target.to_array(attrs)).reshape(len(target), len(attrs))
    if len(target.doc) > 8 * len(target):
        rows = target.to_array(attrs)  # type: ignore[attr-defined]  # not in spaCy's stubs
        return np.asarray(rows).reshape(len(target), len(attrs))
    return np.asarray(target.doc.to_array(attrs))[target.start : target.end].reshape(len(target), len(attrs))


def may_steer(target: Doc | Span, c: Compiled, figures: Matches, words: Words | None = None) -> bool:
    """Return whether a steering match can change what ``figures`` give.

    A figure that needs a trigger gives nothing unless a trigger or
    ``trigger_after`` match lies in the window :func:`steer_matches` reads
    for it, and such a match needs a word of each of its pattern's required
    word lists there (``c.trigger_needs``). So when every figure needs a
    trigger and no trigger pattern has its words near one, the steering
    Matcher need not run: vetoes and blocks only ever take figures away.
    """
    reach = c.steer_extent
    if reach is None or c.trigger_needs is None:
        return True
    spans = []
    for key, start, end in figures:
        spec = c.specs_by_id[key]
        if not spec.trigger or spec.opens_line and start == 0:
            return True
        spans.append((max(start - MAX_GAP - 2 * reach - 2, 0), end + MAX_GAP + reach + 1))
    lowers = target_words(target)[0] if words is None else words[0]
    return any(c.may_trigger(lowers[lo:hi]) for lo, hi in spans)


def steer_matches(target: Doc | Span, c: Compiled, figures: Matches, words: Words | None = None) -> Matches:
    """Return the matches of ``c.steer`` on ``target`` that can steer ``figures``, by window and part.

    ``words`` are the target's LOWER and ORTH ids (:func:`target_words`), if known.
    """
    reach = c.steer_extent
    words = target_words(target) if words is None else words
    steer = c.parts(target, words[1])[1]
    if reach is None:
        return _whole(steer, target, words)
    spans = []
    for key, start, end in figures:
        if c.specs_by_id[key].trigger:
            # govern() reads matches ending up to MAX_GAP tokens before the
            # figure, one more before a block there (the rescue), and
            # trigger_after matches starting up to MAX_GAP tokens after it.
            spans.append((start - MAX_GAP - 2 * reach - 2, end + MAX_GAP + reach))
        else:
            # Only the vetoes that overlap it.
            spans.append((start - reach + 1, end + reach - 1))
    return windowed(steer, target, spans, words)
