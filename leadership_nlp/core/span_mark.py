"""Role-profile counts -> a term of their sentence: the span mark.

"I manage the finance team of 8" and "I look after 45 people" state a span
of control, but in words the n-grams split ("manage finance", "finance
team"), so the classifier saw no management in them. The role profile reads
such counts exactly; a sentence in which it finds a span of control or
direct reports gets one more term, :data:`SPAN_MARK`, spanning the mention,
and the model learns its weight like any other term (as it learns the title
mark, :mod:`~leadership_nlp.core.title_line`), so "Led the team of 7
through a rebrand" can still lean to leadership.

Only the shipped patterns mark: pattern files a user adds
(``LEADERSHIP_NLP_ROLE_PATTERNS``) change the role profile, never the
features the model was trained on.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from spacy.tokens import Span

from .role_matcher import shipped_patterns
from .role_patterns import RolePatterns, env_files
from .role_profile import extract_compiled
from .role_result import Mention

#: The term of a sentence in which the role profile reads a count of people one manages.
SPAN_MARK = "_span_"

#: The role-profile mentions that mark their sentence.
KINDS = frozenset({"span_of_control", "direct_reports"})

#: Character offsets into the doc.
Bounds = tuple[int, int]

#: The version of the role-profile rules in code (triggers, number reading,
#: limits) that decide the marks: raise it when they change what they read,
#: so models trained before are refused (the data files are hashed).
ROLE_RULES = 3


def marks(sents: Sequence[Span], mentions: Iterable[Mention]) -> list[Bounds | None]:
    """Return, per sentence, the offsets of the first marking mention that starts in it (else ``None``).

    ``mentions`` are the role profile's, offsets into the sentences' doc.
    """
    starts = [s.start_char for s in sents]
    out: list[Bounds | None] = [None] * len(sents)
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        if m.kind not in KINDS:
            continue
        i = bisect_right(starts, m.start) - 1
        if i >= 0 and m.start < sents[i].end_char and out[i] is None:
            # A count read across a line break ("a team of" / "40 engineers") is
            # marked in the sentence it starts in, within that sentence.
            out[i] = (m.start, min(m.end, sents[i].end_char))
    return out


def shipped_mentions(sents: Sequence[Span]) -> list[Mention]:
    """Return the role profile's mentions in ``sents`` (one doc's sentences, in order), shipped patterns."""
    return extract_compiled(sents, shipped_patterns()).mentions if sents else []


def find(sents: Sequence[Span]) -> list[Bounds | None]:
    """Return the marks of ``sents`` (one doc's sentences, in order), read with the shipped patterns."""
    return marks(sents, shipped_mentions(sents))


def reuse_mentions(
    sents: Sequence[Span], mentions: list[Mention], patterns: RolePatterns | None
) -> list[Mention]:
    """Return the shipped patterns' mentions in ``sents``, given those a role profile read with ``patterns``.

    Those mentions serve when they came from the shipped patterns alone
    (``patterns`` is ``None`` and no extra files are named); else the
    sentences are read again with the shipped ones.
    """
    if patterns is None and not env_files():
        return mentions
    return shipped_mentions(sents)
