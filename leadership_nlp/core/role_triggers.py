"""Whose count is it? The triggers, blocks and passes around a role-profile count.

A count ("12 engineers") is a span of control only when a trigger pattern
("manage", "responsible for", "my") ends at most its ``max_gap`` tokens before
it with no block ("hired", "for", "the head of") or clause break nearer, or a
``trigger_after`` pattern ("report to me") follows it within its ``max_gap``; a pass ("approximately")
is stepped over. :func:`govern` decides, for one count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from .role_matcher import Compiled, Match
from .role_numbers import YEAR
from .role_patterns import MAX_GAP, PatternSpec

_RANK = {"trigger": 0, "pass": 1, "block": 2}


class Governed(NamedTuple):
    """Whose a count is, as :func:`govern` reads it."""

    #: The writer's own people or sites.
    own: bool
    #: The writer's direct reports.
    direct: bool
    #: Not the writer's: a block marked ``"others"`` stopped the reading ("my manager leads",
    #: "who manages", "did not manage"), so a bracket of direct reports after it is not either.
    others: bool


class Steer:
    """One sentence's triggers, blocks and passes, and its ``trigger_after`` matches, by position.

    Triggers, blocks and passes by last and first token, ``trigger_after`` by
    first token: each count looks up a few positions instead of scanning every match.
    """

    def __init__(self, by_label: dict[str, list[tuple[Match, PatternSpec]]]):
        self.by_end: dict[int, list[tuple[Match, PatternSpec]]] = {}
        self.by_start: dict[int, list[tuple[Match, PatternSpec]]] = {}
        self.after: dict[int, list[tuple[Match, PatternSpec]]] = {}
        self.longest = 0
        for kind in ("trigger", "block", "pass"):
            for f in by_label.get(kind, ()):
                self.by_end.setdefault(f[0].end - 1, []).append(f)
                self.by_start.setdefault(f[0].start, []).append(f)
                self.longest = max(self.longest, f[0].end - f[0].start)
        for f in by_label.get("trigger_after", ()):
            self.after.setdefault(f[0].start, []).append(f)


def govern(
    span: Match,
    label: str,
    lo: int,
    hi: int,
    seq: Sequence[Any],
    steer: Steer,
    c: Compiled,
) -> Governed:
    """Return whether the count is the writer's own people or sites, directly, or someone else's."""

    def applies(spec: PatternSpec) -> bool:
        return spec.labels is None or label in spec.labels

    def anchored(i: int) -> list[tuple[Match, PatternSpec]]:
        # Triggers, blocks and passes whose last token before the count is i:
        # those ending at i, and at the count's first token those that run into it.
        found = [f for f in steer.by_end.get(i, ()) if f[0].end <= span.start]
        if i == span.start - 1:
            for start in range(max(span.start - steer.longest, 0), span.start):
                found += [f for f in steer.by_start.get(start, ()) if f[0].end > span.start]
        return [f for f in found if applies(f[1])]

    governed = direct = others = False
    i = span.start - 1
    while i >= lo and span.start - 1 - i <= MAX_GAP and seq[i].lower_ not in c.breaks:
        found = anchored(i)
        if found:
            # The longest wins ("responsible for" over "for", "the head of"
            # over "head of"); at equal length a block ("managed to").
            s, spec = max(found, key=lambda f: (min(f[0].end, span.start) - f[0].start, _RANK[f[1].label]))
            if spec.label == "pass":
                i = s.start - 1
                continue
            if spec.label == "block":
                # "Led and trained a team": a block right after a coordinated trigger;
                # not someone else's relative clause: "The team lead, who manages 9".
                j = s.start - 1
                rescue = (
                    j > lo
                    and seq[j].lower_ in c.conj
                    and not _relative_of_other(seq, lo, j, s.start, c)
                    and any(f[1].label == "trigger" for f in anchored(j - 1))
                )
                if not rescue:
                    others = spec.others
                    break
                governed = True
                break
            if span.start - min(s.end, span.start) <= spec.max_gap:
                governed, direct = True, spec.direct and not _beyond_direct(seq, s.end, span.start, c)
                break
            i = s.start
        i -= 1
    # The count's own number run ("a team of two hundred and ten") is not another number;
    # after a count that ends in its noun ("100 people and 5 managers report ...") or
    # across "and" before digits ("a team of 100 and 5 managers report ...") the next is.
    first = span.end
    if seq[span.end - 1].like_num:
        while first < hi and (seq[first].like_num or _and_number_word(seq, first, hi)):
            first += 1
    for start in range(span.end, min(span.end + MAX_GAP + 1, hi)):
        for s, spec in steer.after.get(start, ()):
            if others and seq[start].lower_ == "(":
                # A bracket ("(8 direct)") says the count is a team, not whose: it does not undo
                # a block of someone else's ("My manager leads a team of 30 (8 direct)"), as
                # "who report to me" does.
                continue
            if s.end <= hi and applies(spec) and start - span.end <= spec.max_gap:
                own = not spec.direct or not _subject_number(seq, first, start, c)
                governed, direct = True, direct or (spec.direct and own)
        if seq[start].lower_ in c.breaks:
            break
    return Governed(governed, direct, others and not governed)


def _relative_of_other(seq: Sequence[Any], lo: int, comma: int, block: int, c: Compiled) -> bool:
    # Whether the block at ``block`` opens a relative clause ("who manages") after a comma
    # and a noun phrase that names someone else ("The team lead", "our manager"), not the
    # writer's own role ("As the Store Manager", "I was the team lead").
    if seq[comma].lower_ != "," or seq[block].lower_ not in c.relative:
        return False
    for k in range(max(lo, comma - 4), comma):
        if seq[k].lower_ in c.relative_owner:
            return not (k > lo and seq[k - 1].lower_ in c.relative_self)
    return False


def _and_number_word(seq: Sequence[Any], i: int, hi: int) -> bool:
    # Whether "and" at i continues a number in words ("two hundred and ten").
    return seq[i].lower_ == "and" and i + 1 < hi and seq[i + 1].is_alpha and seq[i + 1].like_num


def _beyond_direct(seq: Sequence[Any], lo: int, hi: int, c: Compiled) -> bool:
    # Whether a word of c.not_direct follows another count between a direct
    # trigger and the count: "Line manage 6 people with a wider team of 40"
    # (the 40 are not all direct), not "Line manage the wider team of 7".
    counted = False
    for k in range(lo, hi):
        if counted and seq[k].lower_ in c.not_direct:
            return True
        counted = counted or seq[k].like_num
    return False


_OF_WHOM = frozenset({"whom", "them", "which"})


def _subject_number(seq: Sequence[Any], first: int, at: int, c: Compiled) -> bool:
    # Whether "report directly to me" at ``at`` has a number of its own as its
    # subject, after the count: "45 people, 3 of whom reported directly to me",
    # "an org of 110 (8 EMs report directly to me)", "2000 employees ... and 12
    # area managers report directly to me"; not "20 people across 2 shifts who
    # report directly to me", whose subject is the count.
    for n in range(max(first, at - 4), at):
        if not seq[n].like_num:
            continue
        if at - n <= 2:
            return True
        if at - n == 3 and seq[n + 1].lower_ == "of" and seq[n + 2].lower_ in _OF_WHOM:
            return True
        if (
            seq[at - 1].lower_ in c.people
            and not YEAR.match(seq[n].text)  # "since 2019 and those engineers ..."
            and all(seq[k].is_alpha and seq[k].is_lower and not seq[k].is_stop for k in range(n + 1, at))
        ):
            return True  # a number, its modifiers and a noun for people ("12 area managers")
    return False
