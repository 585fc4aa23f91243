"""Role-profile patterns: the data file, users' own files, and the compiled Matcher.

``data/role_patterns.jsonl`` holds the word lists, token macros and spaCy
``Matcher`` patterns that :mod:`leadership_nlp.core.role_profile` applies; users add
their own files with :func:`load_patterns` or the ``LEADERSHIP_NLP_ROLE_PATTERNS``
environment variable. ``corpus/role_profiles/README.md`` documents the records.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np
from spacy.matcher import Matcher
from spacy.strings import StringStore

from .segment import shared_nlp

#: Extra pattern files, separated by ``os.pathsep``, added to the shipped ones.
ENV_VAR = "LEADERSHIP_NLP_ROLE_PATTERNS"
#: How far a trigger may end before its count, in tokens, unless the trigger says less.
MAX_GAP = 8
#: Labels whose patterns give a figure; the others steer them.
VALUE_LABELS = ("span_of_control", "direct_reports", "sites", "budget")
STEER_LABELS = ("trigger", "trigger_after", "block", "pass", "veto")


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
    source: str = ""


@dataclass
class RolePatterns:
    """Role-profile patterns loaded from one or more JSONL files: see :func:`load_patterns`."""

    words: dict[str, set[str]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    verbs: dict[str, str] = field(default_factory=dict)
    currencies: dict[str, str] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)
    patterns: list[tuple[PatternSpec, list[dict[str, Any]]]] = field(default_factory=list)

    def add_file(self, path: str | Path | Traversable) -> None:
        """Add every record of a JSONL pattern file (see the module docstring)."""
        text = (path if hasattr(path, "read_text") else Path(path)).read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("//"):
                try:
                    self.add(json.loads(line), source=f"{path}:{n}")
                except (ValueError, KeyError, TypeError) as e:
                    raise ValueError(f"{path}:{n}: bad role pattern record: {e}") from None

    def add(self, rec: dict[str, Any], source: str = "") -> None:
        """Add one record: ``words``, ``token``, ``role_verb``, ``currency``, ``scale`` or ``pattern``.

        A pattern with the label and id of an earlier one replaces it; with
        ``"pattern": null`` it removes it.
        """
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
            if label not in VALUE_LABELS + STEER_LABELS:
                raise ValueError(f"unknown label {label!r}; one of {', '.join(VALUE_LABELS + STEER_LABELS)}")
            spec = PatternSpec(
                label=label,
                id=str(rec["id"]),
                trigger=bool(rec.get("trigger", label in ("span_of_control", "sites"))),
                value=rec.get("value", "max"),
                direct=bool(rec.get("direct", False)),
                max_gap=int(rec.get("max_gap", MAX_GAP)),
                labels=frozenset(rec["labels"]) if "labels" in rec else None,
                source=source,
            )
            if spec.value not in ("max", "first", "last"):
                raise ValueError(f"value must be max, first or last, not {spec.value!r}")
            self.patterns = [(s, p) for s, p in self.patterns if (s.label, s.id) != (spec.label, spec.id)]
            if rec["pattern"] is not None:
                if not isinstance(rec["pattern"], list) or not rec["pattern"]:
                    raise ValueError("pattern must be a non-empty list of tokens")
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
def _compiled(extra: tuple[str, ...]) -> Compiled:
    return Compiled(load_patterns(*extra))


def env_files() -> tuple[str, ...]:
    """Return the pattern files named in ``LEADERSHIP_NLP_ROLE_PATTERNS``, in order."""
    return tuple(p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p)


def default_patterns() -> Compiled:
    """Return the shipped patterns plus the files named in ``LEADERSHIP_NLP_ROLE_PATTERNS``, compiled once."""
    return _compiled(env_files())


class Compiled:
    """A :class:`RolePatterns` compiled: two Matchers and the word ids the prefilter reads."""

    def __init__(self, p: RolePatterns):
        strings = shared_nlp().vocab.strings
        self.p = p
        # Two matchers: the figures, then (only where a figure was found)
        # what steers them; most candidate sentences stop after the first.
        self.values = Matcher(shared_nlp().vocab)
        self.steer = Matcher(shared_nlp().vocab)
        self.specs: dict[str, PatternSpec] = {}
        self.specs_by_id: dict[int, PatternSpec] = {}
        reach: dict[int | None, set[str]] = {}
        self.num_re = re.compile(p.tokens["num"]["LOWER"]["REGEX"])
        for spec, pattern in p.patterns:
            key = f"{spec.label}/{spec.id}"
            try:
                tokens = [p.expand(t) for t in pattern]
                (self.values if spec.label in VALUE_LABELS else self.steer).add(key, [tokens])
                if spec.label in VALUE_LABELS:
                    words, far = _keyword(pattern, tokens, self.num_re)
            except (ValueError, KeyError, TypeError) as e:
                where = f"{spec.source}: " if spec.source else ""
                raise ValueError(f"{where}pattern {key}: {e}") from None
            self.specs[key] = spec
            self.specs_by_id[strings.add(key)] = spec
            if spec.label in VALUE_LABELS:
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
        named = p.words
        self.people = named.get("people", set()) | named.get("person", set())
        self.units = named.get("unit", set()) | named.get("site", set())
        self.breaks = named.get("break", set())
        self.conj = named.get("conj", set())
        self.continues = named.get("continues", set())

        def ids(ws: Iterable[str]) -> np.ndarray:
            return np.unique(np.array([strings.add(w) for w in ws] or [0], dtype=np.uint64))

        self.verb_ids = ids(p.verbs)
        # Every LOWER id seen so far, sorted, and whether it is a number: one
        # tuple, replaced whole, so threads sharing this object never read a
        # half-updated pair (a lost update is only recomputed later).
        self.seen: tuple[np.ndarray, np.ndarray] = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=bool))

    def numbers(self, lowers: np.ndarray, strings: StringStore) -> np.ndarray:
        """Flag the tokens (by LOWER id, read in ``strings``) that the ``num`` token pattern matches."""
        seen, seen_num = self.seen
        if len(seen):
            at = np.minimum(np.searchsorted(seen, lowers), len(seen) - 1)
            known = seen[at] == lowers
            if known.all():
                return seen_num[at]
        else:
            known = np.zeros(len(lowers), dtype=bool)
        new = np.unique(lowers[~known])
        flags = np.array([bool(self.num_re.match(strings[u])) for u in new.tolist()], dtype=bool)
        ids = np.concatenate([seen, new])
        order = np.argsort(ids, kind="stable")
        seen, seen_num = ids[order], np.concatenate([seen_num, flags])[order]
        self.seen = (seen, seen_num)
        return seen_num[np.searchsorted(seen, lowers)]


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


def compiled_for(patterns: RolePatterns) -> Compiled:
    """Return ``patterns`` compiled, once per object (records added later are not seen)."""
    cached = getattr(patterns, "_compiled", None)
    if cached is None:
        cached = Compiled(patterns)
        object.__setattr__(patterns, "_compiled", cached)
    return cached
