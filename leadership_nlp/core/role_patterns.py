"""Role-profile patterns: the data files that say what to match.

``data/role_patterns.jsonl`` holds the word lists, token macros and spaCy
``Matcher`` patterns that :mod:`leadership_nlp.core.role_profile` applies; users add
their own files with :func:`load_patterns` or the ``LEADERSHIP_NLP_ROLE_PATTERNS``
environment variable. ``corpus/role_profiles/README.md`` documents the records.
:mod:`leadership_nlp.core.role_matcher` compiles them. The fixed word lists that
are not patterns (number words, multipliers, suffixes) are in
``data/role_vocabulary.json``, read by :func:`role_vocabulary`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .once import once

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
    #: A figure that opens its sentence ("Team of 18" as a line) needs no trigger.
    opens_line: bool = False
    #: A total of the writer's people ("140 screeners in total"): "also" read when it
    #: follows a count of the writer's own across a conjunction or clause break, as well as
    #: when a trigger governs it; "only" read so, never by a trigger ("another 30"). "": not.
    total: str = ""
    max_gap: int = MAX_GAP
    #: A block or veto that makes a count of people not the writer's (someone else's, negated,
    #: a wish, a requirement): a bracket of direct reports right after the count is not either.
    others: bool = False
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

    def __getstate__(self) -> dict[str, Any]:
        # Without the compiled form that role_matcher caches on the object: its
        # flag bits belong to this process's vocabulary, so it is compiled again
        # where the patterns are used.
        return {k: v for k, v in self.__dict__.items() if k != "_compiled"}

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
                opens_line=bool(rec.get("opens_line", False)),
                total=_total(rec.get("total", False)),
                max_gap=int(rec.get("max_gap", MAX_GAP)),
                others=bool(rec.get("others", False)),
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

    def expand(self, tok: Any, lists: dict[str, list[str]] | None = None) -> dict[str, Any]:
        """One token pattern with its ``@name`` references replaced by their token or word list.

        An ``IN`` or ``NOT_IN`` list may name word lists among its words
        (``["@role_verb_forms", "@relative_clause_ok", "who"]``): they are joined.
        ``lists``, a dict the caller keeps while it expands many tokens, holds each
        word list once: every token that names it alone then shares it (read it, do
        not change it), and it is built and checked once.
        """
        lists = {} if lists is None else lists
        if isinstance(tok, str):
            if not tok.startswith("@"):
                raise ValueError(f"a token is a dict or an @name, not {tok!r}")
            tok = {"@": tok[1:]}
        out: dict[str, Any] = {}
        if "@" in tok:
            out.update(self.expand(self.tokens[tok["@"]], lists))
        for attr, spec in tok.items():
            if attr == "@":
                continue
            if isinstance(spec, dict):
                spec = {op: self._values(v, lists) for op, v in spec.items()}
                if isinstance(out.get(attr), dict):
                    spec = {**out[attr], **spec}
            out[attr] = spec
        return out

    def _values(self, value: Any, lists: dict[str, list[str]]) -> Any:
        # "@name", or a list holding "@name"s among its words: the word lists, joined
        # (sorted as strings: a list may hold numbers too).
        if _is_ref(value):
            return self._words(value, lists)
        if isinstance(value, list) and any(_is_ref(v) for v in value):
            joined = {w for v in value for w in (self._words(v, lists) if _is_ref(v) else [v])}
            return sorted(joined, key=str)
        return value

    def _words(self, ref: str, lists: dict[str, list[str]]) -> list[str]:
        # A word list, each word also with a full stop: spaCy keeps the
        # sentence's final period on some tokens ("£2m." "P&L.").
        if ref not in lists:
            words = self.words[ref[1:]]
            lists[ref] = sorted(words | {w + "." for w in words if not w.endswith(".")})
        return lists[ref]


def _total(value: Any) -> str:
    # A pattern's "total" option: false, true or "only".
    if value is False or value is True:
        return "also" if value else ""
    if value == "only":
        return "only"
    raise ValueError(f"total must be true, false or 'only', not {value!r}")


def _is_ref(value: Any) -> bool:
    # "@people" names a word list; "@" alone is a word ("Team lead @ Acme").
    return isinstance(value, str) and value.startswith("@") and len(value) > 1


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


def env_files() -> tuple[str, ...]:
    """Return the pattern files named in ``LEADERSHIP_NLP_ROLE_PATTERNS``, in order."""
    return tuple(p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p)


@once
def role_vocabulary() -> dict[str, Any]:
    """Return the fixed role-profile word lists of ``data/role_vocabulary.json``, read once.

    Examples
    --------
    >>> v = role_vocabulary()
    >>> v["multipliers"]["dozen"], v["multipliers"]["thousand"], v["number_suffixes"]["bn"]
    (12, 1000, 1000000000.0)
    """
    data = resources.files("leadership_nlp") / "data" / "role_vocabulary.json"
    return dict(json.loads(data.read_text(encoding="utf-8")))
