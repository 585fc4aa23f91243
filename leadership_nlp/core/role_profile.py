"""Sentences -> role profile: span of control, role verbs, direct reports, budget, sites.

Rule-based, with spaCy ``Matcher`` patterns over the tokens, because the
figures must be exact and checkable: every figure comes with its ``Mention``.
The patterns and word lists are data, ``data/role_patterns.jsonl`` and
``data/role_vocabulary.json``; more pattern files can be added
(:func:`load_patterns`, or the ``LEADERSHIP_NLP_ROLE_PATTERNS`` environment
variable for :func:`leadership_nlp.classify` and everything built on it).

A count ("12 engineers", "a team of 12") is a span of control only when a
*trigger* governs it: a trigger pattern ("manage", "responsible for",
"line manager to", "my") ends at most ``max_gap`` tokens before it with no
*block* ("hired", "for", "the head of") or clause break nearer, or a
``trigger_after`` pattern ("report to me") follows it. *Veto* patterns mark
numbers that are never a count (years, dates, percentages, an employer's
headcount). ``corpus/role_profiles/README.md`` has the guideline and the
file format.

The parts: :mod:`~leadership_nlp.core.role_patterns` loads the pattern files,
:mod:`~leadership_nlp.core.role_matcher` compiles them,
:mod:`~leadership_nlp.core.role_windows` runs them on the parts of a sentence that can match
(:mod:`~leadership_nlp.core.role_parts`: only the patterns whose words are there),
:mod:`~leadership_nlp.core.role_numbers` reads the numbers of a match and
:mod:`~leadership_nlp.core.role_triggers` decides whose count it is; this
module finds the candidate sentences and builds the :class:`RoleProfile`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from spacy.attrs import IS_SPACE, LOWER, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from .normalise import VOCAB_LOCK
from .role_matcher import NUMBER, VERB, Compiled, Match, compiled_for, default_patterns
from .role_numbers import (
    COMMA_SCALES,
    YEAR,
    budget_amounts,
    number_bounds,
    numbers_in,
    parse_number,
    thousands_groups,
)
from .role_patterns import ENV_VAR, VALUE_LABELS, PatternSpec, RolePatterns, load_patterns
from .role_result import Budget, Mention, RoleProfile
from .role_triggers import Governed, Steer, govern
from .role_windows import may_steer, steer_matches, target_words, value_matches
from .segment import verb_line_end

__all__ = ["ENV_VAR", "MAX_AMOUNT", "MAX_COUNT", "RolePatterns", "extract", "load_patterns", "parse_number"]

#: Counts of people or sites above this are not read as a role (a typo, an
#: ID or a population): "I manage 99999999999999999999 people" states no span.
MAX_COUNT = 10_000_000
#: Budgets above this (ten trillion) are dropped for the same reason.
MAX_AMOUNT = 1e13
#: The most words an item of a line of figures holds ("£800k non-pay budget", "team of 26").
_ITEM_MAX_WORDS = 5
#: An item of a line of figures that only dates it: "2019–2024", "2021 - present", "Jan 2016 – Mar.
#: 2019", "03/2016 – 05/2019".
_DATES = re.compile(
    r"(?:(?:0?[1-9]|1[0-2])[/.])?(?:19|20)\d\d(?:[-–/](?:19|20)?\d\d)?|[-–/]"
    r"|to|till|until|since|from|present|now|current|date|today|ongoing|q[1-4]|h[12]"
    r"|spring|summer|autumn|fall|winter"
    r"|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)


def _verb_has_object(sent: Span, i: int, c: Compiled) -> bool:
    # "manage 100 people", "lead a team" count; "Lead author", "manage my calendar",
    # and a job title ("Lead Data Engineer") do not.
    doc = sent.doc
    if i + 1 < sent.end and doc[i].is_title and doc[i + 1].is_title:
        return False
    if doc[i].lower_ == "direct" and i + 1 < sent.end and doc[i + 1].lower_.startswith("report"):
        return False
    for tok in doc[i + 1 : min(i + 6, sent.end)]:
        low = tok.lower_
        if low in c.people or low in c.units:
            return True
        if tok.is_punct:
            return False
    return False


def _joined(sentences: Iterable[Span], c: Compiled) -> Iterator[tuple[Span, frozenset[int]]]:
    # A sentence that ends in "of", "to", "a"... continues on the next line
    # ("managed a team of" / "40 engineers"): the two are matched as one. So
    # does a form's label whose value is on the next line ("Team size" / "8"),
    # with the line break as a cell boundary (the doc positions yielded with it).
    pending: Span | None = None
    breaks: frozenset[int] = frozenset()
    for sent in sentences:
        if (
            pending is not None
            and sent.doc is pending.doc
            and sent.start >= pending.end
            and all(sent.doc[k].is_space for k in range(pending.end, sent.start))
        ):
            if _continues(pending, c):
                pending = sent.doc[pending.start : sent.end]
                continue
            # Most sentences start with a word: the next tests need a figure first.
            first = sent.doc[sent.start].lower_
            if c.num_re.match(first) or first in c.cell_approx:
                if (more := _label_then_value(pending, sent, c)) is not None:
                    pending, breaks = sent.doc[pending.start : sent.end], breaks | more
                    continue
                if _verb_then_count(pending, sent, c):
                    pending = sent.doc[pending.start : sent.end]
                    continue
        if pending is not None:
            yield pending, breaks
        pending, breaks = sent, frozenset()
    if pending is not None:
        yield pending, breaks


#: The most words a form's label on a line of its own has ("Number of direct reports (line)").
_LABEL_MAX_WORDS = 8


def _label_line(words: list[Token], c: Compiled) -> bool:
    # Whether the words of a line can be a table row's label, whose value the
    # next line holds: a few words without a figure, which start and end as
    # a table pattern's label does ("Team size", "Sites managed", "Team size
    # (FTE)"), not a sentence whose words run on ("Successfully managed").
    if not words or len(words) > _LABEL_MAX_WORDS or any(c.num_re.match(t.lower_) for t in words):
        return False
    end = len(words) - 1
    if words[end].text == ")":
        end = next((k for k in range(end - 1, 0, -1) if words[k].text == "("), 0) - 1
    if end < 0 or words[end].lower_ in c.continues:  # "Line manager for" / "6 engineers" runs on
        return False
    return words[0].lower_ in c.label_starts and words[end].lower_ in c.label_ends


#: What may follow a form's value on its line: "8 (incl. 2 direct reports)", "12+", "3, all in
#: Leeds"; besides these, a word for people or sites, or a stop word. Not "direct": "Span of
#: control" / "6 direct, 200 indirect" is read from the second line alone.
_VALUE_FOLLOWERS = frozenset({"(", "+", ",", ";", "/", "total", "fte", "ftes"})


def _value_line(doc: Doc, start: int, c: Compiled) -> bool:
    # Whether the line from doc position ``start`` (its next sentence may
    # start on it) is a form's value: a figure, maybe qualified ("c. 40", "up
    # to 20") or a range ("10-12"), alone or followed by a word about it; not
    # an item of a numbered list ("1. Jane Smith", "1) Leeds"), a count of
    # something else ("2 open requisitions") or a year ("Headcount" / "2019").
    words = []
    for t in doc[start : start + 12]:
        if "\n" in t.text:
            break
        if not t.is_space:
            words.append(t)
    k = 0
    while k < len(words) and words[k].lower_ in c.cell_approx:
        k += 1
    if k == len(words) or not c.num_re.match(words[k].lower_) or YEAR.match(words[k].text):
        return False
    rest = words[k + 1 :]
    if rest and rest[0].text in ("-", "–", "to") and len(rest) > 1 and c.num_re.match(rest[1].lower_):
        rest = rest[2:]
    if not rest:
        return True
    nxt = rest[0]
    if nxt.text in (".", ")", ":"):
        return len(rest) == 1 and nxt.text == "."  # "8." ends the value, "1. Jane Smith" is a list
    low = nxt.lower_
    return low in _VALUE_FOLLOWERS or low in c.people or low in c.units or (nxt.is_stop and nxt.is_lower)


def _line_start(doc: Doc, i: int) -> bool:
    return i == 0 or "\n" in doc[i - 1].text_with_ws


def _label_then_value(label: Span, value: Span, c: Compiled) -> frozenset[int] | None:
    # The one line break between a line that is a form's label and a next
    # line that starts with its value ("Team size" / "8"): the doc positions
    # of the whitespace between them, or None.
    doc = label.doc
    if (
        len(label) > 2 * _LABEL_MAX_WORDS
        or not _line_start(doc, label.start)
        or not _value_line(doc, value.start, c)
    ):
        return None  # the cheap tests first: this runs on every pair of sentences
    words = [t for t in label if not t.is_space]
    if not _label_line(words, c):
        return None
    gap = range(words[-1].i + 1, value.start)
    if sum(doc[k].text.count("\n") for k in gap) != 1:  # a blank line between: no form's row
        return None
    return frozenset(k for k in gap if doc[k].is_space)


def _verb_then_count(line: Span, nxt: Span, c: Compiled) -> bool:
    # "I manage" / "2000 staff": a role verb alone on its line (after a bullet,
    # a subject or a modal, as segment.set_boundaries joins lines) and a count
    # of people or sites starting the next. The sentence splitter keeps a
    # four-digit figure on a line of its own (it may be a year); the count is
    # read only with its noun in lowercase and no noun after it.
    count = [t for t in nxt[:4] if not t.is_space]
    if len(count) < 2 or not c.num_re.match(count[0].lower_) or len(line) > 4:
        return False
    if YEAR.match(count[0].text) and int(count[0].text) % 100:
        return False  # "I manage" / "2019 staff" may be that year's staff; "2000 staff" is a count
    if not count[1].is_lower or (count[1].lower_ not in c.people and count[1].lower_ not in c.units):
        return False
    if len(count) > 2 and count[2].is_alpha and not count[2].is_stop:
        return False  # "Managed" / "2019 staff survey", "Led" / "2021 Staff Awards": an event of that year
    words = [t for t in line if not t.is_space]
    if (
        not words
        or len(words) > 2
        or not verb_line_end(words[-1].text, words[0].text if len(words) == 2 else "")
    ):
        return False
    return sum(t.text.count("\n") for t in line.doc[words[-1].i : nxt.start + 1]) == 1


def _inner_label_break(sent: Span, c: Compiled) -> frozenset[int]:
    # A sentence's first line break, as a cell boundary, when its first line
    # is a form's label and the next starts with the value: "Team size" /
    # "c. 40" is one sentence, its second line starting in lowercase.
    doc = sent.doc
    k = next((k for k in range(sent.start, sent.end) if "\n" in doc[k].text and doc[k].is_space), None)
    if k is None or doc[k].text.count("\n") != 1 or not _line_start(doc, sent.start):
        return frozenset()
    words = [t for t in doc[sent.start : k] if not t.is_space]
    if _label_line(words, c) and _value_line(doc, k + 1, c):
        return frozenset((k,))
    return frozenset()


_FIELD_SEPARATORS = frozenset({":", "):", "-", "–", "—", "=", "|"})


def _cell_break(sent: Span, i: int, c: Compiled, spaced: bool) -> bool:
    # Whether the whitespace token at doc position i is a tab with no line
    # break between two words of the sentence ("Team size<TAB>8"), not beside
    # a field's own separator ("Team size:<TAB>8"). A tab is spacing where the
    # words run on as prose: a word that needs more before it ("a team of<TAB>12"),
    # a lowercase word after it ("100<TAB>people", but "Team size<TAB>c.40" is a
    # cell), a verb and its object ("I manage<TAB>100 people", "Led<TAB>8 nurses"),
    # or every gap of the sentence a tab (``spaced`` False: its spaces were replaced),
    # except between a figure and a capitalised word ("Team<TAB>size<TAB>8<TAB>Direct").
    doc = sent.doc
    if not sent.start < i < sent.end - 1 or "\t" not in doc[i].text or "\n" in doc[i].text:
        return False
    before, after = doc[i - 1], doc[i + 1]
    if before.is_space or after.is_space or {before.text, after.text} & _FIELD_SEPARATORS:
        return False
    low, next_low = before.lower_, after.lower_
    if low in c.continues:
        return False
    if after.text[:1].islower() and not c.num_re.match(next_low) and next_low not in c.cell_approx:
        return False
    if low in c.verb_before_object and before.text[:1].islower():
        return False
    if i - 1 == sent.start and low in c.p.verbs:
        return False
    return spaced or (c.num_re.match(low) is not None and after.text[:1].isupper())


def _spaced(sent: Span) -> bool:
    # Whether a space joins two of the sentence's words (a table's cells hold
    # words that spaces join, "Team size<TAB>8").
    return any(t.whitespace_ == " " for t in sent[:-1])


def _continues(sent: Span, c: Compiled) -> bool:
    # Whether a sentence ends in a word that needs more ("of", "a"), or in
    # one the sentencizer split off its period ("approx" ".").
    doc = sent.doc
    last = doc[sent.end - 1].lower_
    if last == "." and len(sent) > 1:
        last = doc[sent.end - 2].lower_
    return last in c.continues or last.removesuffix(".") in c.continues


def _candidates(
    sentences: Iterable[tuple[Span, frozenset[int]]], c: Compiled
) -> Iterator[tuple[Span, frozenset[int], list[int] | None]]:
    # Every value pattern needs a number with one of its keywords at most
    # so many tokens away (see _keyword), and a role verb is one
    # token from a fixed list. So a sentence with such a pair goes to the
    # Matcher (None), one with a verb form gets its verb positions read off
    # the token array, and any other sentence cannot add anything. Most
    # sentences never reach the Matcher (a CV's numbers are mostly dates);
    # the word flags are read once per doc, and a doc's few numbers and
    # verbs are looked up per sentence by position.
    # A pair found on the whole doc may have its keyword in the next
    # sentence ("2016-2020" / "Managed a team"): a sentence with one is
    # checked again within its own bounds (Compiled.keyword_near).
    # A currency glued to its amount ("R45 million") holds its own keyword: its sentence
    # goes to the Matcher as it is (_values splits it, or not); so does a currency in letters
    # just before an amount ("RM 2m budget", which _glued_money reads as its ISO code, or not).
    found: dict[int, tuple[Doc, list[int], list[int], np.ndarray, list[int]]] = {}
    for sent, breaks in sentences:
        doc = sent.doc
        entry = found.get(id(doc))
        if entry is None or entry[0] is not doc:
            lowers = doc.to_array(LOWER) if len(doc) else np.zeros(0, dtype=np.uint64)
            flags = c.flags(lowers, doc.vocab.strings)
            numbers = np.flatnonzero(flags & NUMBER)
            pairs = c.near_keyword(flags, numbers).tolist()
            strings = doc.vocab.strings
            glued = [
                i
                for i in numbers.tolist()
                if c.glued_pieces(int(lowers[i]), strings) or _after_letters(doc, i, lowers, c)
            ]
            entry = found[id(doc)] = (doc, pairs, np.flatnonzero(flags & VERB).tolist(), flags, glued)
        _, pairs, verbs, flags, glued = entry
        start, end = sent.start, sent.end
        k = bisect_left(pairs, start)
        j = bisect_left(pairs, end, k)
        g = bisect_left(glued, start)
        if (j > k and c.keyword_near(flags[start:end], [p - start for p in pairs[k:j]])) or (
            g < len(glued) and glued[g] < end
        ):
            yield sent, breaks, None
            continue
        k = bisect_left(verbs, start)
        j = bisect_left(verbs, end, k)
        if j > k:
            yield sent, breaks, verbs[k:j]


def _after_letters(doc: Doc, i: int, lowers: np.ndarray, c: Compiled) -> bool:
    # Whether the word before token ``i`` (across spacing: "RM  40m", "RM\n40m") is a currency in
    # letters (_glued_money reads the pair as in "RM 40m").
    if not c.currency_letters:
        return False
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return j >= 0 and doc.vocab.strings[int(lowers[j])] in c.currency_letters


def extract(sentences: Iterable[Span], patterns: RolePatterns | None = None) -> RoleProfile:
    """Build the role profile of a text from its sentences.

    Parameters
    ----------
    sentences : iterable of spacy.tokens.Span
        The sentences of one text, in order.
    patterns : RolePatterns, optional
        From :func:`load_patterns`; by default the shipped patterns plus the
        files named in the ``LEADERSHIP_NLP_ROLE_PATTERNS`` environment variable.

    Examples
    --------
    >>> from leadership_nlp.core.normalise import shared_nlp
    >>> extract([shared_nlp()("I manage upwards of 100 people.")[:]]).span_of_control
    100
    """
    return extract_compiled(sentences, default_patterns() if patterns is None else compiled_for(patterns))


def extract_compiled(sentences: Iterable[Span], c: Compiled) -> RoleProfile:
    """Build the role profile of a text from its sentences, with compiled patterns (see :func:`extract`)."""
    verbs: list[str] = []
    mentions: list[Mention] = []
    found: dict[str, list[float]] = {"span_of_control": [], "direct_reports": [], "sites": []}
    budgets: list[Budget] = []
    words = _DocWords()
    for sent, breaks, verb_at in _candidates(_joined(sentences, c), c):
        if verb_at is None:  # a Matcher candidate, its verbs not yet read
            lowers = words.of(sent.doc)[0]
            at = [i for i in range(sent.start, sent.end) if lowers[i] in c.verb_ids]
            _add_verbs(sent, at, c, verbs, mentions)
            _values(sent, breaks, c, found, budgets, mentions, words.of(sent.doc))
        else:
            _add_verbs(sent, verb_at, c, verbs, mentions)
    mentions.sort(key=lambda m: m.start)

    def top(name: str) -> int | None:
        return int(max(found[name])) if found[name] else None

    return RoleProfile(
        span_of_control=top("span_of_control"),
        role_verbs=verbs,
        direct_reports=top("direct_reports"),
        budget=max(budgets, key=lambda b: b.amount) if budgets else None,
        sites=top("sites"),
        mentions=mentions,
    )


def _add_verbs(sent: Span, at: list[int], c: Compiled, verbs: list[str], mentions: list[Mention]) -> None:
    # The role verbs at token positions ``at`` of the sentence that have an object.
    for i in at:
        if _verb_has_object(sent, i, c):
            tok = sent.doc[i]
            if c.p.verbs[tok.lower_] not in verbs:
                verbs.append(c.p.verbs[tok.lower_])
            mentions.append(Mention("role_verb", tok.text, tok.idx, tok.idx + len(tok.text)))


def _coordinated(seq: Any, end: int, start: int, c: Compiled) -> bool:
    # Whether one conjunction ("and", ",", "&") is all that stands between a
    # governed figure ending at ``end`` and a count starting at ``start``.
    return end >= 0 and start - end == 1 and seq[end].lower_ in c.conj


def _totals(
    seq: Any, own: set[int], total: Match, lo: int, hi: int, label: str, steer: Steer, c: Compiled
) -> bool:
    # Whether a total follows a figure of the writer's own that ends at one of ``own``, with
    # one or two joints between (c.total_joint: a conjunction or a clause break, ";" too,
    # which no trigger reaches across), maybe after a trigger that follows the figure: "6 team
    # leaders report directly to me; 140 screeners in total", "2 deputies reporting directly
    # to me and 31 nursing staff overall"; not "I manage 3 nurses; the hospital has 2,000
    # staff in total" (more than a joint between), nor a total of a place or the employer
    # after it ("; 5,000 employees in total across the company": _place_after).
    start = total.start
    k = start - 1
    while k >= lo and start - 1 - k < 2 and seq[k].lower_ in c.total_joint:
        k -= 1
    if k == start - 1 or _place_after(seq, total.end, hi, c, c.total_place):
        return False
    end = k + 1
    if end in own:
        return True
    return any(
        s.end == end and s.start in own and (spec.labels is None or label in spec.labels)
        for after in steer.after.values()
        for s, spec in after
    )


#: Tokens after a total in which a place or the employer makes it theirs.
_PLACE_REACH = 8


def _place_after(seq: Any, end: int, hi: int, c: Compiled, places: frozenset[str] | set[str]) -> bool:
    # Whether one of ``places`` (c.total_place: places and employers; c.total_employer: the
    # employer alone) follows a total closely, in its clause (a break or c.total_place_stop
    # ends it: "..., who work for me across two shifts"): right after it, punctuation aside
    # ("in total, worldwide"), or after a preposition (c.total_place_prep: "in total, across
    # the whole of the company", "overall in the plant"). After "my" or "our" only the
    # employer counts ("at my company"), and a counted place is the writer's ("across 9
    # stores", "across my three sites").
    prep = mine = False
    adjacent = True
    for k in range(end, min(end + _PLACE_REACH, hi)):
        tok = seq[k]
        low = tok.lower_
        if low in c.breaks or low in c.total_place_stop or tok.like_num:
            return False
        if tok.is_punct:
            continue
        if low in ("my", "our"):  # grammar, not vocabulary: the writer's own
            mine = True
        elif low in c.total_place_prep:
            prep = True
        elif low in places and (prep or adjacent) and (not mine or low in c.total_employer):
            return True
        adjacent = False
    return False


def _bracket_open(seq: Any, s: Match, lo: int) -> int:
    # Where the bracket opens that the figure opens or comes first in ("(8 direct)", "(8 direct
    # reports)", "(including 8 direct reports)", "(incl. 8 direct)"), or -1.
    at = s.start
    while at > lo and seq[at].lower_ != "(" and seq[at - 1].lower_ in _BRACKET_LEAD and s.start - at < 2:
        at -= 1
    if seq[at].lower_ != "(" and at > lo:
        at -= 1
    return at if seq[at].lower_ == "(" else -1


#: Words a bracket of direct reports may open with before its count.
_BRACKET_LEAD = frozenset({"incl", "including", "incl.", "."})


def _line_team_end(seq: Any, s: Match, lo: int, hi: int, c: Compiled) -> int:
    # Where a figure opening a line that reads as a role-profile field ends, with its
    # people ("Team of 18 (4 supervisors)", "30-strong team, 3 shifts", "Team of 12
    # engineers| across 2 sites"), or -1: not a sentence that goes on about it ("Team
    # of 12 friendly staff awaits you", "Team of 20: I was one of them", "Team of 10
    # led by the CTO").
    if s.start != lo or any(seq[i].lower_ in c.line_figure_not for i in range(s.end, hi)):
        return -1
    after = s.end
    for i in range(s.end, min(s.end + 4, hi)):  # its people: "Team of 12 senior engineers"
        if seq[i].lower_ in c.people:
            after = i + 1
            break
        if not seq[i].is_alpha or seq[i].lower_ in c.line_figure_next:
            break
    return after if after >= hi or seq[after].lower_ in c.line_figure_next else -1


def _sites_after(seq: Any, s: Match, ends: set[int], hi: int, c: Compiled) -> bool:
    # Whether a count of sites follows a figure of the writer's that ends at one of ``ends`` (a
    # team that opens the line, a budget), joined by "across", "over" ..., with nothing after it
    # that makes the sites visited or someone else's.
    joint = s.start - 1
    if joint > 0 and seq[joint].lower_ in ("our", "my"):
        joint -= 1  # "R14.5m opex across our two depots"
    if joint < 0 or joint not in ends or seq[joint].lower_ not in c.team_sites:
        return False
    return not any(_names_another(seq[k].lower_, c) for k in range(s.end, hi))


def _size_of_one_site(seq: Any, s: Match, hi: int, value: float, c: Compiled) -> bool:
    # Whether a number above 1 before a singular site noun is the size of that one site ("a
    # 1,320 MW plant", "a 500 bed hospital", at the end of a line too), not a count of sites:
    # not "1 depot", nor where a head follows ("4 branch libraries", "a 14 store portfolio").
    if value <= 1 or seq[s.end - 1].lower_ not in c.site_singular:
        return False
    return s.end >= hi or seq[s.end].lower_ not in c.site_heads


def _not_staff(seq: Any, s: Match, c: Compiled) -> bool:
    # Whether a count of people names an employer's headcount or people who are not staff
    # ("3,000 employees", "2,500 members"; not "210 team members").
    last = seq[s.end - 1].lower_
    if last in c.figure_list_not:
        return True
    return last in c.sites_people_not and not (
        s.end - 2 >= s.start and seq[s.end - 2].lower_ in _STAFF_BEFORE
    )


#: Words that make a word of ``sites_people_not`` staff: "team members", "crew members".
_STAFF_BEFORE = frozenset({"team", "staff", "crew", "squad", "faculty"})


def _people_after_sites(seq: Any, ends: set[int], start: int, c: Compiled) -> bool:
    # Whether a count of people at ``start`` follows a count of the writer's sites that ends at
    # one of ``ends``, past at most the place they are in and one joint: "three GP surgeries, 45
    # staff", "7 CEDIS across northern Mexico, 1,600 people", "two collieries in Mpumalanga with
    # 1,900 people", "nine clinics across Sydney's north shore and a team of 70". The place holds
    # no number and no clause break.
    k = start - 1
    if k > 0 and seq[k].lower_ in ("a", "an"):
        k -= 1  # "... and a team of 70"
    if k < 1 or seq[k].lower_ not in c.sites_people_joint:
        return False
    if k in ends:
        return True
    for end in ends:
        if end < k <= end + _PLACE_MAX and seq[end].lower_ in c.sites_place:
            place = range(end + 1, k)
            if not any(
                seq[j].like_num or seq[j].lower_ in c.breaks or seq[j].lower_ in c.relative for j in place
            ):
                return True
    return False


#: The most tokens of a place between a count of sites and the joint before a count of people.
_PLACE_MAX = 7


def _free_labels(
    by_label: dict[str, list[tuple[Match, PatternSpec]]], vetoed: dict[str, set[int]]
) -> set[str]:
    # The labels of the sentence's figures that need no trigger (a budget, a field), not vetoed.
    return {
        label
        for label in VALUE_LABELS
        for s, spec in by_label.get(label, ())
        if not spec.trigger and not vetoed[label].issuperset(range(s.start, s.end))
    }


def _figure_items(seq: Any, lo: int, hi: int, c: Compiled, post: int = -1) -> list[tuple[int, int]]:
    # The items of a line that lists figures and nothing else ("£2.5m budget, 4 sites, 52 staff",
    # "Head of Logistics – budget 1,8 Mio. CHF, 3 warehouses, 62 staff"), as (start, end)
    # positions of their words: beside a budget or after the post's title (the caller's
    # condition; ``post``, where the title's separator is: one item is then enough), a count
    # that is a whole item is the writer's as a field's is. Empty unless every item holds a
    # number in a few words (or, after "&", "and" or "/", names more of the people of the item
    # before it: _more_people), none of them of a sentence about someone else's team or an
    # employer ("The region had 14 stores, 300 staff", "3,000 employees company-wide", "1,400
    # applicants, 60 hires"),
    # and no label before the list or inside an item names someone else ("About us – 2,000
    # staff, 40 offices", "Peer: Head of Sales – ...", "Team size: 6; hospital: 4,500 staff").
    first = next((i for i in range(lo, hi) if c.num_re.match(seq[i].lower_)), hi)
    # A parenthesis qualifies what it follows ("Head of Ops (UK & Ireland):", "3 shops (Leeds &
    # York)", "3 shelters (120 beds in total)"): its separators split nothing, and an item's
    # parenthesis neither counts in its words nor holds its number, but may make it someone
    # else's (_aside_names_another).
    inside = _in_parentheses(seq, lo, hi, c)
    # The label: the words before the last separator that comes before the first number ("Head
    # of Logistics –", "Branch Manager, Durban –", a title line's "Ops leader |").
    seps = (i + 1 for i in range(lo, first) if _label_sep(seq[i].lower_, c) and i not in inside)
    start = max(seps, default=lo)
    if post >= 0 and _job_entry(seq, lo, post, start):
        return []
    if any(_names_another(seq[k].lower_, c) for k in range(lo, first)):  # "Trust budget £600m, ..."
        return []
    items: list[tuple[int, int]] = []
    begin = start
    for i in range(start, hi + 1):
        if i < hi and (
            seq[i].lower_ not in c.figure_list_sep or i in inside or _plus_of_figure(seq, i, hi, c)
        ):
            continue
        piece = [k for k in range(begin, i) if not seq[k].is_punct]
        at = [k for k in piece if k not in inside]
        aside = [seq[k].lower_ for k in piece if k in inside]
        if not any(c.num_re.match(seq[k].lower_.lstrip("+-")) for k in at):
            at, aside = piece, []  # the count is in the brackets: "Team (52)", "(3 sites)"
        joined = begin > start and seq[begin - 1].lower_ in _ITEM_JOINERS
        begin = i + 1
        if not at:
            continue
        words = [seq[k].lower_ for k in at]
        if joined and items and at[0] == items[-1][1] + 1 and _more_people(seq, items[-1], words, c):
            continue  # more kinds of the item's people: "85 drivers & loaders", "40 nurses and HCAs"
        if all(_is_date(seq, k) for k in at):
            if post >= 0:
                return []  # a job entry's dates: "Store Manager | 2016 – 2019 | 300 stores", the chain's
            continue  # the dates of the post: "Plant Manager | ... | 210 FTE | 2019–2024"
        if len(words) > _ITEM_MAX_WORDS or not any(c.num_re.match(w.lstrip("+-")) for w in words):
            return []  # a signed score is a number too: "eNPS +38"
        if any(w in c.line_figure_not or w in c.figure_list_not for w in words):
            return []
        if len(aside) > _ITEM_MAX_WORDS or any(_aside_names_another(w, c) for w in aside):
            return []  # "~1,300 drivers (not employed by us)", "45 staff (the area director's)"
        if post >= 0 and any(
            seq[k].lower_ in c.post_item_not and seq[k - 1].lower_ not in c.units for k in at
        ):
            return []  # a post's line of figures: "Lead Pastor | 400 members" (not "40 team members")
        if post >= 0 and _titles_own_unit(seq, lo, post, start, at, c):
            return []
        colon = next((k for k in range(at[0], at[-1]) if seq[k].lower_ == ":"), None)
        if colon is not None and any(_names_another(seq[k].lower_, c) for k in range(at[0], colon)):
            return []
        items.append((at[0], at[-1] + 1))
    return items if len(items) > (0 if post >= 0 else 1) else []


def _in_parentheses(seq: Any, lo: int, hi: int, c: Compiled) -> set[int]:
    # The positions inside closed round brackets, the brackets included, outermost pairs (a
    # closer may be glued to punctuation: spaCy writes "(UK):" as "(", "UK", "):"). A pair that
    # holds a list of its own, a separator and a number ("budget (opex, 4 sites), 52 staff"), is
    # read as items, not as an aside.
    inside: set[int] = set()
    depth, opened = 0, -1
    for k in range(lo, hi):
        word = seq[k].lower_
        if word == "(":
            if depth == 0:
                opened = k
            depth += 1
        elif depth and ")" in word and not any(ch.isalnum() for ch in word):
            depth -= 1
            if depth == 0 and _closer_sep(word, c):
                inside.update(range(opened, k))  # "(UK & Ireland):": the colon ends the label
                continue
            if depth == 0:
                held = range(opened + 1, k)
                listed = any(seq[j].lower_ in c.figure_list_sep for j in held)
                if not (listed and any(c.num_re.match(seq[j].lower_) for j in held)):
                    inside.update(range(opened, k + 1))
    return inside


def _label_sep(word: str, c: Compiled) -> bool:
    # A separator that ends a line's label, glued to the bracket before it too (_closer_sep).
    return word in c.figure_list_seps or _closer_sep(word, c)


def _closer_sep(word: str, c: Compiled) -> bool:
    # A closing bracket glued to a label's separator: spaCy writes "Head of Ops (UK & Ireland):
    # ..." with "):" as one token.
    return word.startswith(")") and word[1:] in c.figure_list_seps


def _aside_names_another(word: str, c: Compiled) -> bool:
    # Words in an item's parenthesis that make its figure someone else's: those of a label
    # (_names_another: "(the area director's)", "(reporting to the COO)") and "not" ("(not mine)").
    return word == "not" or _names_another(word, c)


#: Separators that join two kinds of people in one item of a line of figures.
_ITEM_JOINERS = frozenset({"&", "and", "/"})


def _more_people(seq: Any, item: tuple[int, int], words: list[str], c: Compiled) -> bool:
    # Whether an item piece with no number names more people of the item before it (which ends in
    # a word for people): a word for people last, a few modifiers before it ("loaders", "medical
    # staff", "HCAs"), none of the words that make a line's figures someone else's ("52 staff &
    # employees", "52 staff and hires" stay as they were: not a line of the writer's figures).
    if seq[item[1] - 1].lower_ not in c.people or not (len(words) <= 3 and words[-1] in c.people):
        return False
    return all(w.isalpha() and w not in c.line_figure_not and w not in c.figure_list_not for w in words)


def _is_date(seq: Any, k: int) -> bool:
    # A word of a date, a two-digit year after its apostrophe too ("Jun '16": the tokenizer
    # splits it off).
    word = seq[k].lower_
    return bool(_DATES.fullmatch(word)) or (
        len(word) == 2 and word.isdigit() and k > 0 and seq[k - 1].lower_ in ("'", "’")
    )


def _job_entry(seq: Any, lo: int, post: int, start: int) -> bool:
    # Whether the line is a job entry, whose figures are the employer's: a cell with no figure
    # after a bar ("Manager | Jane Doe | 45 staff", "Branch Manager | RS Components | 300
    # branches") or the post's dates before its figures ("Sales Manager, Acme | Jan 2016–Dec
    # 2020 | 12 reps", "Store Manager (2016–2019) | 300 stores").
    if seq[post].lower_ == "|" and start > post + 1:
        return True
    return any(_is_date(seq, k) and seq[k].lower_[0].isdigit() for k in range(lo, start))


def _titles_own_unit(seq: Any, lo: int, post: int, start: int, at: list[int], c: Compiled) -> bool:
    # Whether an item counts the kind of site that names the post, after an employer's name: the
    # employer's more often than the post's ("Branch Manager, RS Components | 300 branches").
    # Without an employer the post may run several ("Store Manager • 3 stores • 65 staff").
    if not any(seq[k].is_alpha and not _is_date(seq, k) for k in range(post + 1, start)):
        return False
    title = {seq[k].lower_ for k in range(lo, post)}
    plurals = {f for t in title for f in (t, t + "s", t + "es", t[:-1] + "ies" if t.endswith("y") else t)}
    return any(seq[k].lower_ in c.site_words and seq[k].lower_ in plurals for k in at)


def _post_first(seq: Any, lo: int, hi: int, c: Compiled) -> int:
    # Where the separator ends the job title or scope label that opens the line, before any
    # number (else -1): the scope of the post follows as items ("Site Manager — Durban depot;
    # 3 shifts, 55 staff", "Store Manager, Pick n Pay | R310m turnover | 240 staff",
    # "Dimensions: 45 staff, 3 sites"), as it does beside a budget, and one item is enough
    # ("Store Manager | 12 staff"). "and", "&", "+" and "/" join, not end, a title ("The manager
    # and 40 staff"), nor does a hyphen inside a word ("Multi-site Manager | 5 sites"). The top of
    # an employer lists its size ("Managing Director | 300 staff"), as in _title_list.
    for i in range(lo, hi):
        word = seq[i].lower_
        if word == "-" and i > lo and not seq[i - 1].whitespace_ and not seq[i].whitespace_:
            continue
        if word in c.post_seps:
            title = {seq[k].lower_ for k in range(lo, i)}
            if any(w in c.role_nouns or w in c.scope_labels for w in title) and not _employer_top(title):
                return i
            return -1
        if c.num_re.match(word):
            return -1
    return -1


def _plus_of_figure(seq: Any, i: int, hi: int, c: Compiled) -> bool:
    # Whether a "+" belongs to the figure before it ("400+ people") rather than joining two items
    # ("£1.4m + 3 depots"): only a number may follow a joining one.
    return seq[i].lower_ == "+" and (i + 1 >= hi or not c.num_re.match(seq[i + 1].lower_))


def _names_another(word: str, c: Compiled) -> bool:
    # A word of a label that makes the figures after it someone else's or an employer's.
    return word in c.line_figure_not or word in c.figure_list_not or word in c.figure_list_label_not


def _is_item(seq: Any, s: Match, items: list[tuple[int, int]], c: Compiled) -> bool:
    # Whether a figure is a whole item of a line of figures (_figure_items), after any
    # approximation ("c. 40 staff"): not "52 staff trained", "rotas for 80 nurses".
    return any(
        a <= s.start and s.end == b and all(seq[k].lower_ in c.approx_words for k in range(a, s.start))
        for a, b in items
    )


def _dollar_code_after(seq: Sequence[Any], first: int, last: int, hi: int, c: Compiled) -> bool:
    # Whether an amount read with a bare "$" is followed, in its sentence (``hi``), by a currency
    # code that ends the phrase ("$1.2M CAD", "$900k NZD."): "$" is the sign of many dollars, and
    # the code says which. A code is three capitals naming another currency, followed by the
    # sentence's end, ")" or a preposition ("$1.2M CAD for the region"), not a word or a joiner
    # ("$250k CAD software renewals", "$300k CAD/CAE", "$85k PHP, JS and Python": names).
    if last >= hi or not any(t.lower_ == "$" for t in seq[first:last]):
        return False
    word = seq[last].text
    code = word.lower()
    if not (len(word) == 3 and word.isupper() and code in c.p.currencies):
        return False
    if c.p.currencies[code] == c.p.currencies.get("$"):
        return False
    after = seq[last + 1] if last + 1 < hi else None
    if after is None or after.text in (".", ";", ")", "|"):
        return True
    # A preposition may follow ("for the region"), not a joiner of names ("CAD/CAE", "CAD and BIM").
    return after.is_stop and after.lower_ not in ("and", "or")


def _pick(values: list[float], how: str) -> float:
    return max(values) if how == "max" else values[0] if how == "first" else values[-1]


#: A value pattern's match, its pattern, and the numbers read from it.
_Figure = tuple[Match, PatternSpec, list[float]]


def _alternatives(found: list[_Figure]) -> list[list[_Figure]]:
    # The Matcher returns every overlapping variant ("£5" and "£5M"). One group per
    # figure kept as spacy.util.filter_spans keeps spans (the longest, then the
    # earliest), in text order, with the variants that overlap it alone after it,
    # longest first: a variant is tried when the kept figure is not read, whatever
    # the reason (no trigger governs it, its value is out of range), so that a longer
    # pattern no trigger governs cannot hide a shorter one that a trigger does (a
    # pattern for "my team grew from 6 to 13" once hid "30 engineers" in "Team grew
    # from 8 to 30 engineers"). Every variant that overlaps no figure read is tried, so
    # two disjoint variants of one rejected figure may both be read. A rejected variant
    # may still end a team that opens the line (team_end), as a rejected kept figure
    # always could.
    ordered = sorted(found, key=lambda f: (f[0].start - f[0].end, f[0].start))
    kept: list[list[_Figure]] = []
    taken: set[int] = set()
    for figure in ordered:
        m = figure[0]
        if taken.isdisjoint(range(m.start, m.end)):
            kept.append([figure])
            taken.update(range(m.start, m.end))
    heads = {id(g[0]) for g in kept}
    for figure in ordered:
        m = figure[0]
        if id(figure) in heads:
            continue
        over = [g for g in kept if g[0][0].start < m.end and m.start < g[0][0].end]
        if len(over) == 1:  # a variant across two kept figures is never read, as before
            over[0].append(figure)
    return sorted(kept, key=lambda g: g[0][0].start)


def _glued_money(sent: Span, lowers: list[int], space: list[int], c: Compiled) -> dict[int, tuple[str, ...]]:
    # The sentence's currencies glued to their amounts ("R45", "KSh120", "~$750k"), by doc
    # position, with their pieces: with a scale of their own or before one ("R3m", "R45
    # million", "Rs50 lakh"), or of a thousand or more next to a budget word ("R450,000
    # budget", "Budget: R$450,000"), so that "the R2 team", "Oracle R12 budget module" stay names.
    if c.glued_re is None:
        return {}
    strings = sent.doc.vocab.strings
    words = [i for i in range(sent.start, sent.end) if not space[i]]  # "R45  million", "R45\nmillion"
    out: dict[int, tuple[str, ...]] = {}

    def budget_before(k: int) -> bool:  # a budget word among the four words before position k
        return any(strings[lowers[w]] in c.budget_nouns for w in words[max(0, k - 4) : k])

    for k, i in enumerate(words):
        word = strings[lowers[i]]
        if word in c.currency_letters:
            # Apart from its amount ("RM 14m", "Dhs 4.5 million"): read as its ISO code on the
            # same terms as glued to it, so "As RM I manage 12", "the RM 4 budget lines" stay names.
            code = c.p.currencies.get(word, "").lower()
            if k + 1 < len(words) and code in c.currency_words:
                amount = strings[lowers[words[k + 1]]]
                after = strings[lowers[words[k + 2]]] if k + 2 < len(words) else ""
                if c.num_re.fullmatch(amount) and _money_amount(amount, after, budget_before(k), c):
                    out[i] = (code,)
            continue
        split = c.glued_pieces(lowers[i], strings)
        if not split:
            continue
        after = strings[lowers[words[k + 1]]] if k + 1 < len(words) else ""
        if _money_amount(split[-1], after, budget_before(k), c):
            out[i] = split
    return out


def _money_amount(amount: str, after: str, budget_before: bool, c: Compiled) -> bool:
    # Whether an amount after a currency that is also a name is money: with a scale of its own or
    # before one ("R45m.", a full stop ending the sentence; "R45 million"), or of a thousand or
    # more next to a budget word, after it or (``budget_before``) a few words before the currency
    # ("R450,000 budget", "Budget: R$450,000").
    if amount[-1].isalpha() or after.removesuffix(".") in c.p.scales:
        return True
    if YEAR.match(amount):
        return False  # "the DH 2024 budget", "the R2025 budget": a year
    return (parse_number(amount) or 0) >= 1000 and (after in c.budget_nouns or budget_before)


_BAR = get_string_id("|")
#: Words that make a line's first cell something other than the writer's own title: someone
#: else's ("Reports to | Operations Manager", "PA, Managing Director", "Assisted Regional
#: Manager"), a form's label ("Line manager | Jane Doe"), the top of an employer ("Managing
#: Director | 300 staff": its size), or a cell that runs on ("Regional Manager, 2011 - 2016").
_NOT_TITLE = frozenset(
    """: , - – — ( ) to for by with 's ' report reports reporting under my our the line former
    assisted assisting supported supporting shadowing shadowed mentored hired worked working
    pa ea assistant secretary client reference managing chief ceo founder executive""".split()
)


def _employer_top(title: set[str]) -> bool:
    # A title at the top of an employer, whose line of figures is the employer's size: "Managing
    # Director", "CEO", "Founder", "Chief Executive" (not "Chief of Staff", "Executive Chef").
    return bool(title & {"managing", "ceo", "founder", "cofounder"}) or {"chief", "executive"} <= title


#: Role nouns that head a title from its front: "Head of Engineering | 40 staff".
_HEAD_OF = frozenset({"head", "director", "manager", "lead", "leader", "supervisor"})


def _title_list(sent: Span, words: tuple[list[int], list[int], list[int]], c: Compiled) -> frozenset[int]:
    # The bars of a line that lists figures after the writer's job title ("Regional Manager |
    # 8 branches | 95 staff"): read as commas, as "Regional Manager, 8 branches, 95 staff"
    # is. The first cell must be a title of two to ten words that ends in a role noun or
    # opens with one and "of", with nothing that makes it someone else's; each bar is read
    # so only while the cell after it opens with a figure ("Store Manager | Tesco | 300
    # stores": the employer's cell ends the list). A table's bars stay cell boundaries.
    lowers, space, orths = words
    tokens = [i for i in range(sent.start, sent.end) if not space[i]]  # PDF text has double spaces
    bars = [k for k, i in enumerate(tokens) if orths[i] == _BAR]
    if not bars or not 2 <= bars[0] <= 10:  # "Manager | Jane Doe" is a form's row
        return frozenset()
    strings = sent.doc.vocab.strings
    cells = [strings[lowers[i]] for i in tokens]
    first = cells[: bars[0]]
    titled = first[-1] in c.role_nouns or (first[0] in _HEAD_OF and first[1] == "of")
    if not titled or any(w in _NOT_TITLE for w in first):
        return frozenset()
    read = []
    for n, bar in enumerate(bars):
        end = bars[n + 1] if n + 1 < len(bars) else len(cells)
        if not _opens_figure(cells[bar + 1 : min(end, bar + 4)], c):
            break
        read.append(tokens[bar])
    return frozenset(read)


def _opens_figure(words: list[str], c: Compiled) -> bool:
    # Whether a cell whose first words are ``words`` opens with a figure: a number that is
    # no year or a currency glued to its amount, first or after an approximation or a
    # currency ("45 staff", "c. 40 staff", "£ 8m budget", "R45 million"; not "About You",
    # "RS Components", "2016 - 2019", "visited 30 stores", "Organisation of 5,000 people"). A
    # currency glued to its amount is money on _money_amount's terms, not a name ("R12 Retail",
    # "RM12 Logistics": the employer's cell).
    def figure(k: int) -> bool:
        w = words[k]
        if c.num_re.match(w) and not YEAR.match(w):
            return True
        glued = c.glued_re.fullmatch(w) if c.glued_re else None
        if glued is None:
            return False
        after = words[k + 1] if k + 1 < len(words) else ""
        # Beside a title a grouped amount needs no budget word: "Ops Manager | R2,000,000 | 40 staff".
        return _money_amount(glued.groups()[-1], after, True, c)

    if not words:
        return False
    if figure(0):
        return True
    lead = words[0] in c.approx_words or words[0] in c.currency_words
    return lead and any(figure(k) for k in range(1, min(3, len(words))))


def _merge_groups(keep: list[int], cells: list[str], grouped: frozenset[int], ends: dict[int, int]) -> None:
    # Join each number in groups of thousands into the cell of its first group, with commas
    # as a number in digits has them ("1 600" -> "1,600", "£2 500 000,00" -> "2,500,000.00":
    # "2 000" is no year; Indian grouping without them, "12 00 000" -> "1200000"), dropping
    # the other groups from ``keep`` (and ``ends`` gains where each joined number ends in the doc).
    if not grouped:
        return
    numbers: list[tuple[int, list[str]]] = []  # per kept token: its position and its cells
    for i, cell in zip(keep, cells, strict=True):
        if i in grouped and numbers:
            numbers[-1][1].append(cell.replace(",", "."))
            ends[numbers[-1][0]] = i + 1
        else:
            numbers.append((i, [cell]))
    keep[:] = [i for i, _ in numbers]
    after = [parts[0].lower().removesuffix(".") for _, parts in numbers[1:]] + [""]
    # No commas before a German scale either: there a comma is a decimal one ("€1 500 Mio.").
    cells[:] = [
        parts[0]
        if len(parts) == 1
        else ("" if next_word in COMMA_SCALES or any(len(p) == 2 for p in parts[1:]) else ",").join(parts)
        for (_, parts), next_word in zip(numbers, after, strict=True)
    ]


def _split(
    doc: Doc, keep: list[int], cells: list[str], glued: dict[int, tuple[str, ...]]
) -> tuple[Doc, Doc, int, int, tuple[list[int], list[int]]]:
    # The tokens ``cells`` (of doc positions ``keep``) as a Doc to match on, each glued
    # currency and amount as its pieces; ``keep`` gains the pieces' position, so that
    # mentions map back to the doc's tokens.
    if glued:
        pairs = [
            (i, piece) for i, cell in zip(keep, cells, strict=True) for piece in (glued.get(i) or (cell,))
        ]
        keep[:] = [i for i, _ in pairs]
        cells = [piece for _, piece in pairs]
    with VOCAB_LOCK:  # new lexemes: see normalise.VOCAB_LOCK
        target = Doc(doc.vocab, words=cells)
    return target, target, 0, len(keep), target_words(target)  # the windows read LOWER and ORTH


class _DocWords:
    """The LOWER ids, IS_SPACE flags and ORTH ids of a text's docs, by token, read once per doc.

    So the candidate sentences' verbs, line breaks and Matcher windows are
    looked up by position, without a Token object per word.
    """

    def __init__(self) -> None:
        self._by_doc: dict[int, tuple[Doc, list[int], list[int], list[int]]] = {}

    def of(self, doc: Doc) -> tuple[list[int], list[int], list[int]]:
        entry = self._by_doc.get(id(doc))
        if entry is None or entry[0] is not doc:
            attrs = [LOWER, IS_SPACE, ORTH]
            arr = np.asarray(doc.to_array(attrs)) if len(doc) else np.zeros((0, 3), np.uint64)
            entry = self._by_doc[id(doc)] = (doc, *(arr[:, k].tolist() for k in range(3)))
        return entry[1], entry[2], entry[3]


def _values(
    sent: Span,
    breaks: frozenset[int],
    c: Compiled,
    found: dict[str, list[float]],
    budgets: list[Budget],
    mentions: list[Mention],
    words: tuple[list[int], list[int], list[int]],
) -> None:
    # Match one candidate sentence and add its figures; ``breaks`` are the
    # doc positions of line breaks between a label and its value (_joined),
    # ``words`` LOWER, IS_SPACE and ORTH of the doc's tokens (_DocWords).
    lowers, space, orths = words
    doc = sent.doc
    glued = _glued_money(sent, lowers, space, c)
    pieces = {get_string_id(piece) for split in glued.values() for piece in split}
    if not c.may_count(set(lowers[sent.start : sent.end]) | pieces):
        return  # nothing there could govern a figure, and every figure needs governing
    keep: list[int] | None
    target: Doc | Span
    seq: Any
    listed = _title_list(sent, words, c)
    # A number in groups of thousands ("1 600 employees", "£2 500 000") is matched on as one
    # token; tokens that cannot be read for sure ("2 100-seat halls") are vetoed.
    grouped, unsure_at = thousands_groups(doc, range(sent.start, sent.end))
    ends: dict[int, int] = {}  # a merged number's doc position -> the end of its last group
    if (glued or listed or grouped) and not any(space[sent.start : sent.end]):
        keep = list(range(sent.start, sent.end))
        cells = ["," if i in listed else doc[i].text for i in keep]
        _merge_groups(keep, cells, grouped, ends)
        target, seq, lo, hi, ids = _split(doc, keep, cells, glued)
    elif any(space[sent.start : sent.end]):
        # A line break inside: match on the tokens without it. A tab between
        # two words is a table's cell boundary (the .docx reader joins a row's
        # cells with tabs): it stays, as "|", so that "Team size<TAB>8<TAB>Direct
        # reports<TAB>2" is two fields, not "8 Direct reports" (unless it is
        # spacing in prose: _cell_break).
        tabs = any(space[i] and "\t" in doc[i].text for i in range(sent.start, sent.end))
        spaced = tabs and _spaced(sent)
        tokens = range(sent.start, sent.end)
        breaks = breaks | _inner_label_break(sent, c)
        keep = [i for i in tokens if not space[i] or i in breaks or tabs and _cell_break(sent, i, c, spaced)]
        cells = ["|" if space[i] else "," if i in listed else doc[i].text for i in keep]
        _merge_groups(keep, cells, grouped, ends)
        target, seq, lo, hi, ids = _split(doc, keep, cells, glued)
    else:
        keep = None
        target, seq = sent, doc
        lo, hi = sent.start, sent.end
        ids = lowers[lo:hi], orths[lo:hi]
    # Matches as token positions in seq (tuples, not labelled Spans: the
    # pattern names need not be in the doc's StringStore).
    by_label: dict[str, list[tuple[Match, PatternSpec]]] = {}
    found_values = value_matches(target, c, ids)
    # The steering matches need not run when they can change nothing, unless the figures
    # may be items of the post's own line (_post_first), which need no trigger.
    if not found_values:
        return
    post = _post_first(seq, lo, hi, c)
    if post < 0 and not may_steer(target, c, found_values, ids):
        return
    for match_id, start, end in found_values + steer_matches(target, c, found_values, ids):
        spec = c.specs_by_id[match_id]
        by_label.setdefault(spec.label, []).append((Match(start + lo, end + lo), spec))
    vetoes = unsure_at if keep is None else {j for j, i in enumerate(keep) if i in unsure_at}
    vetoed: dict[str, set[int]] = {lab: set(vetoes) for lab in VALUE_LABELS}
    for s, spec in by_label.get("veto", ()):
        for lab in spec.labels or VALUE_LABELS:
            vetoed.setdefault(lab, set()).update(range(s.start, s.end))
    steer = Steer(by_label)
    free_labels = _free_labels(by_label, vetoed)
    items: list[tuple[int, int]] = []
    if "budget" in free_labels:
        items = _figure_items(seq, lo, hi, c)
    elif post >= 0:
        items = _figure_items(seq, lo, hi, c, post=post)
    team_end = -1  # where a team that opens the line ends ("Team of 12 engineers| across 2 sites")
    # Where the sentence's budgets end: sites right after one are where it is spent ("R12 million
    # budget| across 5 branches").
    budget_ends = {
        m.end for m, _ in by_label.get("budget", ()) if not vetoed["budget"].issuperset(range(m.start, m.end))
    }
    # Where the counts of direct reports a trigger governs end ("I manage 6 direct reports"): the
    # writer's, so a total right after one is the writer's span too ("...; 40 staff in total").
    direct_own = {
        m.end
        for m, _ in by_label.get("direct_reports", ())
        if numbers_in(seq, m, c, vetoed["direct_reports"])
        and govern(m, "span_of_control", lo, hi, seq, steer, c).own
    }
    # Where the counts of people a block or veto made someone else's end ("My manager leads a
    # team of 30"): a bracket of direct reports right there is that team's ("(8 direct)"), not
    # the writer's, though it needs no trigger of its own.
    others_end: set[int] = set()
    # Where the writer's counts of sites end (a trigger governs them, or they are items of the
    # post's line of figures): people counted right after them are the writer's too, unless
    # counted in an employer's word ("IT Manager — £1.5m budget, 14 sites, 3,000 employees").
    # Only read where the sentence has counts of people too.
    own_sites = {
        m.end
        for m, _ in (by_label.get("sites", ()) if "span_of_control" in by_label else ())
        if numbers_in(seq, m, c, vetoed["sites"])
        and (govern(m, "sites", lo, hi, seq, steer, c).own or _is_item(seq, m, items, c))
    }
    # Where brackets of direct reports open ("(4 direct)"): a count right before one is not all
    # direct, whatever its trigger ("Line manager for a team of 20 (4 direct)").
    bracket_starts = {
        at for m, _ in by_label.get("direct_reports", ()) if (at := _bracket_open(seq, m, lo)) >= 0
    }
    # The tokens of vetoes that make a count of people someone else's (or a wish, or a
    # requirement of the applicant's past): "My manager leads a team of 30".
    others_vetoed = {
        k
        for m, spec in by_label.get("veto", ())
        if spec.others and (spec.labels is None or "span_of_control" in spec.labels)
        for k in range(m.start, m.end)
    }
    for label in VALUE_LABELS:
        # Number-word runs already read whole by a figure of this label: two
        # figures that each hold part of "two hundred and ten" are one count.
        whole_runs: set[tuple[int, ...]] = set()
        # A figure whose numbers are all vetoed hides nothing: "Budget: £1.2m
        # Sites: 4" keeps its 4 sites beside the vetoed "1.2m Sites".
        readable = [
            (s, spec, numbers_in(seq, s, c, vetoed[label], amount=label == "budget"))
            for s, spec in by_label.get(label, [])
        ]
        if label == "span_of_control":
            others_end.update(
                s.end
                for s, _, numbers in readable
                if not numbers and not others_vetoed.isdisjoint(range(s.start, s.end))
            )
        governed_end = -1  # where the last figure of this label that a trigger governed ends
        # Where the figures of this label a trigger governed, or a team opening its line, end
        # (for spans, direct reports a trigger governs too): a total right after one is the
        # writer's too. Not a count of direct reports without a trigger, a field's item ("Group
        # CEO: 8 direct reports; 45,000 employees in total"), nor a total itself (no chains).
        own: set[int] = set(direct_own) if label == "span_of_control" else set()
        # The tokens of the figures of this label read so far; the generator below checks
        # it as each figure comes up, so a variant that overlaps a figure read is skipped.
        read: set[int] = set()
        for s, spec, numbers in (
            figure
            for group in _alternatives([f for f in readable if f[2]])
            for figure in group
            if read.isdisjoint(range(figure[0].start, figure[0].end))
        ):
            first, last, run = (
                number_bounds(seq, s, vetoed[label]) if label != "budget" else (s.start, s.end, ())
            )
            widened = first < s.start or last > s.end
            if widened and run in whole_runs:
                continue
            value = _pick(numbers, spec.value)
            direct = False
            governed = False
            opens = _line_team_end(seq, s, lo, hi, c) if spec.opens_line else -1
            if opens >= 0 and spec.total and _place_after(seq, s.end, hi, c, c.total_employer):
                read.update(range(s.start, s.end))  # "Total staff 1,400 across the group": the employer's
                continue
            if opens >= 0 and label == "span_of_control":
                team_end = opens
            if spec.trigger and opens < 0:
                governed, direct, others = (
                    govern(s, label, lo, hi, seq, steer, c)
                    if spec.total != "only"
                    else Governed(False, False, False)
                )
                # A count coordinated with one a trigger governed is the writer's
                # too: "grow a committed staff of 120 and 900 volunteers" (not
                # after a field: "Team size: 12 and 3,000 employees company-wide").
                governed = governed or _coordinated(seq, governed_end, s.start, c)
                if label == "span_of_control" and not governed and not _not_staff(seq, s, c):
                    governed = _people_after_sites(seq, own_sites, s.start, c)
                # A total after a figure of the writer's, reached by its trigger or coordinated
                # with it, yields to the employer after it ("I manage 6 supervisors and 5,000
                # employees in total across the company"), not to a place, which is as often
                # the writer's ("... and 25 cleaners in total at the university campus"); one
                # the trigger governs alone yields to neither ("I manage 200 staff in total
                # across the company").
                employer = c.total_employer
                before = governed_end >= 0 or any(end <= s.start for end in own)
                if governed and spec.total and before and _place_after(seq, s.end, hi, c, employer):
                    read.update(range(s.start, s.end))  # nor its shorter variants ("5,000 employees")
                    continue
                # A total right after a count of the writer's own totals the writer's people:
                # "6 team leaders report directly to me; 140 screeners in total".
                if not governed and spec.total:
                    governed = _totals(seq, own, s, lo, hi, label, steer, c)
                # Read, but no anchor for a count coordinated after it (_coordinated): an item
                # of a line of figures, the writer's as a field is (_figure_items), unless a field
                # already gives this label ("Headcount: 45, 1,200 employees on site"); sites right
                # after a team that opens the line or a budget ("Team of 12 engineers across 2
                # sites", "R12 million budget across 5 branches").
                if not (
                    governed
                    or (label not in free_labels and _is_item(seq, s, items, c))
                    or (label == "sites" and _sites_after(seq, s, budget_ends | {team_end}, hi, c))
                ):
                    if others and label == "span_of_control":
                        others_end.add(s.end)  # refused as someone else's: so is a bracket after it
                    continue
            elif label == "direct_reports" and _bracket_open(seq, s, lo) in others_end:
                # A bracket right after someone else's count ("a team of 30 (8 direct)"); nor a
                # shorter reading inside it.
                read.update(range(s.start, s.end))
                continue
            if label == "budget":
                amounts = budget_amounts(seq, s, c, vetoed[label])
                if not amounts:
                    continue
                value = _pick(amounts, spec.value)
                if not 0 < value <= MAX_AMOUNT:
                    continue
            elif label == "sites" and _size_of_one_site(seq, s, hi, value, c):
                continue
            elif not 1 <= value <= MAX_COUNT:  # a count of people or sites, not "FTE: 0.8"
                continue
            if run:
                whole_runs.add(run)
            if governed and not spec.total:
                governed_end = s.end
            if (governed or opens >= 0) and not spec.total:
                own.add(s.end)
            # The words the value was read from.
            first, last = min(s.start, first), max(s.end, last)
            code_after = label == "budget" and _dollar_code_after(seq, first, last, hi, c)
            if code_after:
                last += 1  # "$1.2M CAD": the code says which dollar
            start, end = (
                (first, last) if keep is None else (keep[first], ends.get(keep[last - 1], keep[last - 1] + 1))
            )
            span = doc[start:end]
            if label == "budget":
                # Read off the matched tokens (a glued "R45" is "zar" and "45" there).
                # The first currency of the matched tokens, or the code read after a bare "$".
                codes = [k for t in seq[first:last] if (k := t.lower_.removesuffix(".")) in c.p.currencies]
                cur = c.p.currencies[codes[-1] if code_after else codes[0]] if codes else None
                budgets.append(Budget(amount=value, currency=cur, text=span.text))
            else:
                found[label].append(value)
                if label == "direct_reports" or (
                    direct and label == "span_of_control" and s.end not in bracket_starts
                ):
                    found["span_of_control"].append(value)
                    found["direct_reports"].append(value)
            mentions.append(Mention(label, span.text, span.start_char, span.end_char, value))
            read.update(range(s.start, s.end))
