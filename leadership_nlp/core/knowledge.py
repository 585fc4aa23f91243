"""What a trained model knows besides its weights, pinned by hash.

A model's features depend on data outside its arrays: the facet lexicon, the
first-name and word lists that are dropped or masked, the stop words, the
lemma table, the text clean-up's settings, the version of the rules that
turn tokens into terms, where sentences end, the role patterns that mark a
span of control, and the tokenizer's rules. If any of them changes
after training, the same weights would be applied to other features — a
silently wrong model, or a ``KeyError`` deep inside ``classify``.
:func:`fingerprint` hashes each of them; a compiled model records the hashes
when saved and is refused with a clear message when the installed knowledge
differs.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.resources import files
from typing import Any


def _digest(value: Any) -> str:
    data = value if isinstance(value, bytes) else json.dumps(value, sort_keys=True, default=sorted).encode()
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def fingerprint() -> dict[str, str]:
    """Return ``{name: sha256}`` of every piece of knowledge the features depend on."""
    from ..core import constants
    from . import segment, span_mark, title_line
    from .lookups import data_files
    from .normalise import settings, shared_nlp
    from .terms import LEMMA_FIXES, NOT_ALONE, NUM_TOKEN, STOP_TERMS, TERM_RULES

    data = files("leadership_nlp").joinpath("data")
    tokenizer: Any = shared_nlp().tokenizer
    with open(data_files()["lemma_lookup"], "rb") as fh:
        lemma_bytes = fh.read()
    return {
        "lexicon.tsv": _digest(data.joinpath("lexicon.tsv").read_bytes()),
        "first_names.txt": _digest(data.joinpath("first_names.txt").read_bytes()),
        "word_lists": _digest(
            {
                name: sorted(getattr(constants, name))
                for name in (
                    "ROLE_NOUNS",
                    "GENDERED_WORDS",
                    "REGISTER_WORDS",
                    "NEGATORS",
                    "CLAUSE_BREAKS",
                    "AGENT_OPENERS",
                    "AGENT_NOT_HEADS",
                    "IRREGULAR_PARTICIPLES",
                    "CALENDAR_WORDS",
                )
            }
            | {
                "stop_terms": sorted(STOP_TERMS),
                "lemma_fixes": LEMMA_FIXES,
                "not_alone": sorted(NOT_ALONE),
                "marks": [NUM_TOKEN, constants.ROLE_MASK, constants.NEGATION_PREFIX],
                "line_joiners": sorted(constants.LINE_JOINERS),
                "line_verbs": sorted(constants.LINE_VERBS),
                "line_verb_preceders": sorted(constants.LINE_VERB_PRECEDERS),
                "line_object_starts": sorted(constants.LINE_OBJECT_STARTS),
                "line_breaks": list(constants.LINE_BREAKS),
                "bullets": sorted(constants.BULLETS),
                "gender_folds": sorted(constants.GENDER_FOLDS.items()),
            }
        ),
        "lemma_table": _digest(lemma_bytes),
        "clean_up": _digest(settings()),
        "term_rules": _digest(
            {
                "version": TERM_RULES,
                "title_line": [
                    title_line.TITLE_MARK,
                    title_line.TITLE_MAX_WORDS,
                    title_line.TITLE_MAX_CAPS_WORDS,
                    sorted(title_line.TITLE_CONNECTORS),
                    sorted(title_line.FIRST_PERSON),
                    sorted(title_line.TITLE_HEADS),
                    title_line.TITLE_MAX_SENTENCE_CASE_WORDS,
                    sorted(title_line.TITLE_BULLET_WORDS),
                    sorted(title_line.TITLE_NOT_IN),
                    sorted(title_line.TITLE_FORM_OPENERS),
                    sorted(title_line.TITLE_HEAD_OF),
                    sorted(title_line._SEPARATOR_SPACES | title_line._SEPARATOR_MARKS),
                ],
            }
        ),
        # Where sentences end: the terms of a text are read per sentence.
        "sentences": _digest(segment.settings()),
        # The role profile marks sentences with a span of control (span_mark).
        "role_patterns": _digest(
            {
                "role_patterns.jsonl": _digest(data.joinpath("role_patterns.jsonl").read_bytes()),
                "role_vocabulary.json": _digest(data.joinpath("role_vocabulary.json").read_bytes()),
                "span_mark": [span_mark.SPAN_MARK, sorted(span_mark.KINDS), span_mark.ROLE_RULES],
            }
        ),
        "tokenizer": _digest(
            {
                "rules": sorted((k, repr(v)) for k, v in (tokenizer.rules or {}).items()),
                "prefix": _pattern(tokenizer.prefix_search),
                "suffix": _pattern(tokenizer.suffix_search),
                "infix": _pattern(tokenizer.infix_finditer),
            }
        ),
    }


def _pattern(bound_method: Any) -> str | None:
    # spaCy keeps a compiled regex's bound search/finditer method.
    regex = getattr(bound_method, "__self__", None)
    return getattr(regex, "pattern", None)


def mismatches(pinned: dict[str, str] | None) -> list[str]:
    """Return the names whose installed hash differs from ``pinned``.

    A name on one side only counts as a difference, and a model that pins
    nothing (``None``) differs in everything.
    """
    current = fingerprint()
    if not isinstance(pinned, dict):
        return sorted(current)
    return sorted(name for name in set(pinned) | set(current) if current.get(name) != pinned.get(name))
