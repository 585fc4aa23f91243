"""Sentences -> role profile: span of control, role verbs, direct reports, budget, sites.

Rule-based, with spaCy ``Matcher`` patterns over the tokens, because the
figures must be exact and checkable: every figure comes with its ``Mention``.
The patterns and word lists are data, ``data/role_patterns.jsonl``; more
files can be added (:func:`load_patterns`, or the ``LEADERSHIP_NLP_ROLE_PATTERNS``
environment variable for :func:`leadership_nlp.classify` and everything built on it).

A count ("12 engineers", "a team of 12") is a span of control only when a
*trigger* governs it: a trigger pattern ("manage", "responsible for",
"line manager to", "my") ends at most ``max_gap`` tokens before it with no
*block* ("hired", "for", "the head of") or clause break nearer, or a
``trigger_after`` pattern ("report to me") follows it. *Veto* patterns mark
numbers that are never a count (years, dates, percentages, an employer's
headcount). ``corpus/role_profiles/README.md`` has the guideline and the
file format.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import LOWER
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .segment import in_sorted, shared_nlp
from .types import Budget, Mention, RoleProfile

#: Extra pattern files, separated by ``os.pathsep``, added to the shipped ones.
ENV_VAR = "LEADERSHIP_NLP_ROLE_PATTERNS"
#: Counts of people or sites above this are not read as a role (a typo, an
#: ID or a population): "I manage 99999999999999999999 people" states no span.
MAX_COUNT = 10_000_000
#: Budgets above this (ten trillion) are dropped for the same reason.
MAX_AMOUNT = 1e13
#: How far a trigger may end before its count, in tokens, unless the trigger says less.
MAX_GAP = 8
#: Labels whose patterns give a figure; the others steer them.
VALUE_LABELS = ("span_of_control", "direct_reports", "sites", "budget")
_STEER_LABELS = ("trigger", "trigger_after", "block", "pass", "veto")
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORDS.update(
    {
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "dozen": 12,
    }
)
_MULTIPLIERS = {"hundred": 100, "thousand": 1000}
_SUFFIX = {"k": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9}
_DIGITS = re.compile(r"(\d+(?:\.\d+)?)(k|mm|mn|bn|m|b)?\+?")


def parse_number(text: str) -> float | None:
    """Parse "1,200", "2.5", "12k" or a number word ("twelve") into a float.

    Numbers of more than 15 digits are not parsed: a float cannot hold them
    exactly, and no team, budget or site count is that large.

    Examples
    --------
    >>> parse_number("1,200"), parse_number("twelve"), parse_number("12k"), parse_number("x")
    (1200.0, 12.0, 12000.0, None)
    """
    t = text.lower().replace(",", "").removesuffix(".")
    m = _DIGITS.fullmatch(t)
    if m:
        if len(m.group(1)) > 15:
            return None
        return float(m.group(1)) * (_SUFFIX[m.group(2)] if m.group(2) else 1)
    if t in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[t])
    if t in _MULTIPLIERS:
        return float(_MULTIPLIERS[t])
    parts = t.split("-")
    if len(parts) == 2 and all(p in _NUMBER_WORDS for p in parts):
        return float(_NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]])
    return None


@dataclass(frozen=True)
class PatternSpec:
    """What one pattern of the data file means."""

    label: str
    id: str
    trigger: bool = True
    value: str = "max"
    direct: bool = False
    max_gap: int = MAX_GAP
    labels: frozenset[str] | None = None


@dataclass
class RolePatterns:
    """Role-profile patterns loaded from one or more JSONL files: see :func:`load_patterns`."""

    words: dict[str, set[str]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    verbs: dict[str, str] = field(default_factory=dict)
    currencies: dict[str, str] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)
    patterns: list[tuple[PatternSpec, list[dict[str, Any]]]] = field(default_factory=list)

    def add_file(self, path: str | Path) -> None:
        """Add every record of a JSONL pattern file (see the module docstring)."""
        text = (path if hasattr(path, "read_text") else Path(path)).read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("//"):
                try:
                    self.add(json.loads(line))
                except (ValueError, KeyError, TypeError) as e:
                    raise ValueError(f"{path}:{n}: bad role pattern record: {e}") from None

    def add(self, rec: dict[str, Any]) -> None:
        """Add one record: ``words``, ``token``, ``role_verb``, ``currency``, ``scale`` or ``pattern``."""
        kind = rec["kind"]
        if kind == "words":
            words = {w.lower() for w in rec["words"]}
            self.words[rec["name"]] = (
                words if rec.get("replace") else self.words.get(rec["name"], set()) | words
            )
        elif kind == "token":
            self.tokens[rec["name"]] = rec["token"]
        elif kind == "role_verb":
            self.verbs.update({f.lower(): rec["lemma"] for f in rec["forms"]})
            self.words["role_verb_forms"] = set(self.verbs)
        elif kind == "currency":
            self.currencies.update({k.lower(): v for k, v in rec["codes"].items()})
        elif kind == "scale":
            self.scales.update({k.lower(): float(v) for k, v in rec["values"].items()})
        elif kind == "pattern":
            label = rec["label"]
            if label not in VALUE_LABELS + _STEER_LABELS:
                raise ValueError(f"unknown label {label!r}; one of {', '.join(VALUE_LABELS + _STEER_LABELS)}")
            spec = PatternSpec(
                label=label,
                id=str(rec["id"]),
                trigger=bool(rec.get("trigger", label in ("span_of_control", "sites"))),
                value=rec.get("value", "max"),
                direct=bool(rec.get("direct", False)),
                max_gap=int(rec.get("max_gap", MAX_GAP)),
                labels=frozenset(rec["labels"]) if "labels" in rec else None,
            )
            if spec.value not in ("max", "first", "last"):
                raise ValueError(f"value must be max, first or last, not {spec.value!r}")
            self.patterns.append((spec, rec["pattern"]))
        else:
            raise ValueError(f"unknown kind {kind!r}")

    def expand(self, tok: Any) -> dict[str, Any]:
        """One token pattern with its ``@name`` references replaced by their token or word list."""
        if isinstance(tok, str):
            if not tok.startswith("@"):
                raise ValueError(f"a token is a dict or an @name, not {tok!r}")
            tok = {"@": tok[1:]}
        out: dict[str, Any] = {}
        if "@" in tok:
            out.update(self.expand(self.tokens[tok["@"]]))
        for attr, spec in tok.items():
            if attr == "@":
                continue
            if isinstance(spec, dict):
                spec = {
                    op: self._words(v) if isinstance(v, str) and v.startswith("@") else v
                    for op, v in spec.items()
                }
                if isinstance(out.get(attr), dict):
                    spec = {**out[attr], **spec}
            out[attr] = spec
        return out

    def _words(self, ref: str) -> list[str]:
        # A word list, each word also with a full stop: spaCy keeps the
        # sentence's final period on some tokens ("£2m." "P&L.").
        words = self.words[ref[1:]]
        return sorted(words | {w + "." for w in words if not w.endswith(".")})


def load_patterns(*paths: str | Path, defaults: bool = True) -> RolePatterns:
    """Load the shipped role-profile patterns plus those in ``paths``.

    Each file is JSON Lines; a later file adds to the word lists and patterns
    of the earlier ones (a ``words`` record with ``"replace": true`` replaces
    a list). ``corpus/role_profiles/README.md`` documents the records.

    Examples
    --------
    >>> p = load_patterns()
    >>> "engineers" in p.words["people"], p.verbs["oversaw"]
    (True, 'oversee')
    """
    out = RolePatterns()
    if defaults:
        out.add_file(resources.files("leadership_nlp") / "data" / "role_patterns.jsonl")
    for path in paths:
        out.add_file(path)
    return out


@lru_cache(maxsize=4)
def _compiled(extra: tuple[str, ...]) -> _Compiled:
    return _Compiled(load_patterns(*extra))


def default_patterns() -> _Compiled:
    """Return the shipped patterns plus the files named in ``LEADERSHIP_NLP_ROLE_PATTERNS``, compiled once."""
    return _compiled(tuple(p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p))


class _Compiled:
    # A RolePatterns turned into one Matcher and the arrays the prefilter reads.
    def __init__(self, p: RolePatterns):
        strings = shared_nlp().vocab.strings
        self.p = p
        # Two matchers: the figures, then (only where a figure was found)
        # what steers them; most candidate sentences stop after the first.
        self.values = Matcher(shared_nlp().vocab)
        self.steer = Matcher(shared_nlp().vocab)
        self.specs: dict[str, PatternSpec] = {}
        reach: dict[int | None, set[str]] = {}
        self.num_re = re.compile(p.tokens["num"]["LOWER"]["REGEX"])
        for spec, pattern in p.patterns:
            key = f"{spec.label}/{spec.id}"
            tokens = [p.expand(t) for t in pattern]
            (self.values if spec.label in VALUE_LABELS else self.steer).add(key, [tokens])
            self.specs[key] = spec
            if spec.label in VALUE_LABELS:
                try:
                    words, far = _keyword(pattern, tokens, self.num_re)
                except ValueError as e:
                    raise ValueError(f"pattern {key}: {e}") from None
                # Two reaches only (each costs a pass over the doc): near, and far.
                far = None if far is None else 3 if far <= 3 else max(far, 6)
                reach.setdefault(far, set()).update(words)
        # A word may be needed at several reaches: the farthest counts.
        self.any_keyword = any("" in ws for ws in reach.values())
        done: set[str] = set()
        self.reach: list[tuple[int | None, np.ndarray]] = []
        for far in sorted(reach, key=lambda r: -1 if r is None else -r):
            ws = reach[far] - done
            done |= ws
            if ws:
                self.reach.append((far, np.unique(np.array([strings.add(w) for w in ws], dtype=np.uint64))))
        words = p.words
        self.people = words.get("people", set()) | words.get("person", set())
        self.units = words.get("unit", set()) | words.get("site", set())
        self.breaks = words.get("break", set())
        self.conj = words.get("conj", set())
        self.continues = words.get("continues", set())

        def ids(ws: Iterable[str]) -> np.ndarray:
            return np.unique(np.array([strings.add(w) for w in ws] or [0], dtype=np.uint64))

        self.verb_ids = ids(p.verbs)
        # Every LOWER id seen so far, sorted, and whether it is a number.
        self.seen = np.zeros(0, dtype=np.uint64)
        self.seen_num = np.zeros(0, dtype=bool)

    def numbers(self, lowers: np.ndarray) -> np.ndarray:
        """Flag the tokens (by LOWER id) that the ``num`` token pattern matches."""
        if len(self.seen):
            at = np.minimum(np.searchsorted(self.seen, lowers), len(self.seen) - 1)
            if (self.seen[at] == lowers).all():
                return self.seen_num[at]
            known = self.seen[at] == lowers
        else:
            known = np.zeros(len(lowers), dtype=bool)
        strings = shared_nlp().vocab.strings
        new = np.unique(lowers[~known])
        flags = np.array([bool(self.num_re.match(strings[u])) for u in new.tolist()], dtype=bool)
        ids = np.concatenate([self.seen, new])
        order = np.argsort(ids, kind="stable")
        self.seen, self.seen_num = ids[order], np.concatenate([self.seen_num, flags])[order]
        return self.seen_num[np.searchsorted(self.seen, lowers)]


def _required(tok: dict[str, Any]) -> bool:
    op = str(tok.get("OP", "1"))
    return op not in ("?", "*", "!") and not op.startswith("{0") and not op.startswith("{,")


def _most(tok: dict[str, Any]) -> int | None:
    # The most tokens one token pattern can cover, None if unbounded.
    op = str(tok.get("OP", "1"))
    if op in ("*", "+"):
        return None
    m = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op)
    if m:
        return None if m.group(2) and not m.group(3) else int(m.group(3) or m.group(1))
    return 1


def _is_number(raw: Any, tok: dict[str, Any], num_re: re.Pattern[str]) -> bool:
    # The num token, or a token of numbers only ("1", "one").
    if raw == "@num" or (isinstance(raw, dict) and raw.get("@") == "num"):
        return True
    low = tok.get("LOWER")
    words = (
        [low]
        if isinstance(low, str)
        else low.get("IN", [])
        if isinstance(low, dict) and set(low) == {"IN"}
        else []
    )
    return bool(words) and all(num_re.match(w.removesuffix(".")) for w in words)


def _keyword(
    raw: list[Any], tokens: list[dict[str, Any]], num_re: re.Pattern[str]
) -> tuple[set[str], int | None]:
    # The words of one required, literal token of a pattern, and the most
    # tokens it can be from the pattern's number: no match is possible
    # without one of them that near a number. {""} when the pattern has no
    # such token (every sentence with a number must then reach the Matcher).
    nums = [i for i, t in enumerate(raw) if _is_number(t, tokens[i], num_re) and _required(tokens[i])]
    common = {"of", "to", "and", "-", ":", "a", "the", "in", "for"}
    for k, tok in enumerate(tokens):
        low = tok.get("LOWER")
        if not _required(tok) or not nums:
            continue
        words = (
            {low}
            if isinstance(low, str)
            else set(low["IN"])
            if isinstance(low, dict) and set(low) == {"IN"}
            else set()
        )
        if not words or words & common:
            continue
        j = min(nums, key=lambda n: abs(n - k))
        between = [_most(t) for t in tokens[min(j, k) + 1 : max(j, k)]]
        return words, None if None in between else sum(between) + 1  # type: ignore[arg-type]
    if not nums:
        raise ValueError(
            "a span_of_control, direct_reports, sites or budget pattern needs a number token (@num)"
        )
    return {""}, None


def _verb_has_object(sent: Span, i: int, c: _Compiled) -> bool:
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


def _joined(sentences: Iterable[Span], c: _Compiled) -> Iterator[Span]:
    # A sentence that ends in "of", "to", "a"... continues on the next line
    # ("managed a team of" / "40 engineers"): the two are matched as one.
    pending: Span | None = None
    for sent in sentences:
        if (
            pending is not None
            and sent.doc is pending.doc
            and sent.start >= pending.end
            and _continues(pending, c)
            and all(sent.doc[k].is_space for k in range(pending.end, sent.start))
        ):
            pending = sent.doc[pending.start : sent.end]
            continue
        if pending is not None:
            yield pending
        pending = sent
    if pending is not None:
        yield pending


def _continues(sent: Span, c: _Compiled) -> bool:
    # Whether a sentence ends in a word that needs more ("of", "a"), or in
    # one the sentencizer split off its period ("approx" ".").
    doc = sent.doc
    last = doc[sent.end - 1].lower_
    if last == "." and len(sent) > 1:
        last = doc[sent.end - 2].lower_
    return last in c.continues or last.removesuffix(".") in c.continues


def _candidates(sentences: Iterable[Span], c: _Compiled) -> Iterator[tuple[Span, list[int] | None]]:
    # Every value pattern needs a number with one of its keywords at most
    # so many tokens away (see _keyword), and a role verb is one
    # token from a fixed list. So a sentence with such a pair goes to the
    # Matcher (None), one with a verb form gets its verb positions read off
    # the token array, and any other sentence cannot add anything. Most
    # sentences never reach the Matcher (a CV's numbers are mostly dates);
    # the arrays are read once per doc.
    flags: dict[int, tuple[Doc, np.ndarray, np.ndarray, np.ndarray]] = {}
    for sent in sentences:
        doc = sent.doc
        entry = flags.get(id(doc))
        if entry is None or entry[0] is not doc:
            lowers = doc.to_array(LOWER) if len(doc) else np.zeros(0, dtype=np.uint64)
            n = len(lowers)
            number = c.numbers(lowers)
            near = np.full(n, c.any_keyword)
            at = np.arange(n)
            for far, ids_ in c.reach:
                keys = np.concatenate([[0], np.cumsum(in_sorted(lowers, ids_))])
                far = n if far is None else far
                near |= keys[np.minimum(at + far + 1, n)] > keys[np.maximum(at - far, 0)]
            verb = in_sorted(lowers, c.verb_ids)
            zero = np.zeros(1, dtype=np.int64)
            entry = (
                doc,
                np.concatenate([zero, np.cumsum(number & near)]),
                np.concatenate([zero, np.cumsum(verb)]),
                verb,
            )
            flags[id(doc)] = entry
        _, pairs, verbs, verb = entry
        if pairs[sent.end] > pairs[sent.start]:
            yield sent, None
        elif verbs[sent.end] > verbs[sent.start]:
            yield sent, (np.flatnonzero(verb[sent.start : sent.end]) + sent.start).tolist()


def _numbers(seq: Sequence[Any], span: Span, c: _Compiled, vetoed: set[int]) -> list[float]:
    # The numbers in a match, in order: "twenty - five" and "two hundred" are one.
    out: list[float] = []
    prev_word = False
    for i in range(span.start, span.end):
        low = seq[i].lower_
        if i in vetoed or not c.num_re.match(low):
            if not (low == "-" and prev_word):
                prev_word = False
            continue
        if re.fullmatch(r"\d+[-–]\d+\+?", low):
            out.extend(float(x) for x in re.findall(r"\d+", low))
            prev_word = False
            continue
        value = parse_number(low)
        if value is None:
            prev_word = False
            continue
        is_word = low.isalpha()
        if is_word and prev_word and out:
            out[-1] = out[-1] * value if low in _MULTIPLIERS else out[-1] + value
        else:
            out.append(value)
        prev_word = is_word
    return out


_RANK = {"trigger": 0, "pass": 1, "block": 2}


def _governed(
    span: Span,
    label: str,
    lo: int,
    hi: int,
    seq: Sequence[Any],
    steer: dict[str, list[tuple[Span, PatternSpec]]],
    c: _Compiled,
) -> tuple[bool, bool]:
    # (governed, direct): is the count the writer's own people or sites?
    def applies(spec: PatternSpec) -> bool:
        return spec.labels is None or label in spec.labels

    def anchored(i: int) -> list[tuple[Span, PatternSpec]]:
        # Triggers and blocks whose last token before the count is i.
        return [
            (s, spec)
            for kind in ("trigger", "block", "pass")
            for s, spec in steer.get(kind, ())
            if s.start < span.start and min(s.end, span.start) - 1 == i and applies(spec)
        ]

    governed = direct = False
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
                # "Led and trained a team": a block right after a coordinated trigger.
                j = s.start - 1
                rescue = (
                    j > lo
                    and seq[j].lower_ in c.conj
                    and any(f[1].label == "trigger" for f in anchored(j - 1))
                )
                if not rescue:
                    break
                governed = True
                break
            if span.start - min(s.end, span.start) <= spec.max_gap:
                governed, direct = True, spec.direct
                break
            i = s.start
        i -= 1
    for s, spec in steer.get("trigger_after", ()):
        if span.end <= s.start <= span.end + MAX_GAP and s.end <= hi and applies(spec):
            if not any(seq[k].lower_ in c.breaks for k in range(span.end, s.start)):
                governed, direct = True, direct or spec.direct
    return governed, direct


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
    >>> from leadership_nlp.segment import shared_nlp
    >>> extract([shared_nlp()("I manage upwards of 100 people.")[:]]).span_of_control
    100
    """
    c = default_patterns() if patterns is None else _compiled_for(patterns)
    verbs: list[str] = []
    mentions: list[Mention] = []
    found: dict[str, list[float]] = {"span_of_control": [], "direct_reports": [], "sites": []}
    budgets: list[Budget] = []
    for sent, verb_at in _candidates(_joined(sentences, c), c):
        for i in verb_at if verb_at is not None else [t.i for t in sent if t.lower_ in c.p.verbs]:
            if _verb_has_object(sent, i, c):
                tok = sent.doc[i]
                if c.p.verbs[tok.lower_] not in verbs:
                    verbs.append(c.p.verbs[tok.lower_])
                mentions.append(Mention("role_verb", tok.text, tok.idx, tok.idx + len(tok.text)))
        if verb_at is None:
            _values(sent, c, found, budgets, mentions)
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


def _compiled_for(patterns: RolePatterns) -> _Compiled:
    cached = getattr(patterns, "_compiled", None)
    if cached is None:
        cached = _Compiled(patterns)
        object.__setattr__(patterns, "_compiled", cached)
    return cached


def _values(
    sent: Span, c: _Compiled, found: dict[str, list[float]], budgets: list[Budget], mentions: list[Mention]
) -> None:
    # Match one candidate sentence and add its figures.
    doc = sent.doc
    if any(t.is_space for t in sent):
        # A line break inside: match on the tokens without it.
        keep = [t.i for t in sent if not t.is_space]
        target: Doc | Span = Doc(doc.vocab, words=[doc[i].text for i in keep])
        seq: Any = target
        lo, hi = 0, len(keep)
    else:
        keep = None
        target = seq = sent
        seq = doc
        lo, hi = sent.start, sent.end
    by_label: dict[str, list[tuple[Span, PatternSpec]]] = {}
    found_values = c.values(target, as_spans=True)
    if not found_values:
        return
    for s in found_values + c.steer(target, as_spans=True):
        spec = c.specs[s.label_]
        by_label.setdefault(spec.label, []).append((s, spec))
    vetoed: dict[str, set[int]] = {lab: set() for lab in VALUE_LABELS}
    for s, spec in by_label.get("veto", ()):
        for lab in spec.labels or VALUE_LABELS:
            vetoed.setdefault(lab, set()).update(range(s.start, s.end))
    for label in VALUE_LABELS:
        spans = filter_spans([s for s, _ in by_label.get(label, ())])
        for s in spans:
            spec = c.specs[s.label_]
            numbers = _numbers(seq, s, c, vetoed[label])
            if not numbers:
                continue
            value = (
                max(numbers) if spec.value == "max" else numbers[0] if spec.value == "first" else numbers[-1]
            )
            direct = False
            if spec.trigger:
                governed, direct = _governed(s, label, lo, hi, seq, by_label, c)
                if not governed:
                    continue
            if label == "budget":
                amounts = _budget_amounts(seq, s, c, vetoed[label])
                if not amounts:
                    continue
                value = (
                    max(amounts)
                    if spec.value == "max"
                    else amounts[0]
                    if spec.value == "first"
                    else amounts[-1]
                )
                if not 0 < value <= MAX_AMOUNT:
                    continue
            elif not 0 < value <= MAX_COUNT:
                continue
            start, end = (s.start, s.end) if keep is None else (keep[s.start], keep[s.end - 1] + 1)
            span = doc[start:end]
            if label == "budget":
                cur = next(
                    (c.p.currencies[k] for t in span if (k := t.lower_.removesuffix(".")) in c.p.currencies),
                    None,
                )
                budgets.append(Budget(amount=value, currency=cur, text=span.text))
            else:
                found[label].append(value)
                if label == "direct_reports" or direct:
                    found["span_of_control"].append(value)
                    found["direct_reports"].append(value)
            mentions.append(Mention(label, span.text, span.start_char, span.end_char, value))


def _budget_amounts(seq: Sequence[Any], span: Span, c: _Compiled, vetoed: set[int]) -> list[float]:
    # The amounts in a budget match: each number times the scale word after it ("£5 m", "2 million").
    out = []
    for i in range(span.start, span.end):
        low = seq[i].lower_
        if i in vetoed or not c.num_re.match(low) or low.isalpha():
            continue
        value = parse_number(low)
        if value is None:
            continue
        scale = seq[i + 1].lower_.removesuffix(".") if i + 1 < span.end else ""
        out.append(value * c.p.scales.get(scale, 1.0))
    return out
