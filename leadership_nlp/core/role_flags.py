"""Word-list and regex tests of the role patterns as lexeme flags, which the Matcher reads in C.

spaCy's ``Matcher`` checks ``{"LOWER": {"IN": [...]}}``, ``NOT_IN`` and
``REGEX`` by calling a Python object per token and test, which made it take
about 60 % longer on the role patterns. Every such test of ``LOWER`` or
``TEXT`` depends on the lexeme only, so :class:`LexemeFlags` gives each
distinct test a free lexeme flag bit (the ones ``Vocab.add_flag`` hands out),
rewrites the token pattern to ``{bit: True}``, and sets the bits of a word's
lexeme the first time the word is about to be matched (:meth:`LexemeFlags.mark`).
A test is worked out as spaCy works it out, on the same string ids, so the
matches are the same. Tests past the free bits stay Python predicates.
Only the library's own vocabulary is marked (it never runs in a spaCy memory
zone, whose lexemes would come back without their bits).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from spacy.strings import get_string_id
from spacy.vocab import Vocab

#: Lexeme flag bits spaCy leaves free (1-18 are IS_ALPHA ... IS_CURRENCY).
FREE_BITS = range(19, 64)
#: The token attributes whose tests are lexeme tests, as spaCy names them in a pattern.
_LEXEME_ATTRS = {"LOWER": "lower", "TEXT": "orth", "ORTH": "orth"}

#: One test: (lexeme attribute, operator, frozen value).
_Key = tuple[str, str, Any]


_REGISTRY_LOCK = threading.Lock()
_REGISTRY: dict[int, LexemeFlags] = {}


def lexeme_flags(vocab: Vocab) -> LexemeFlags:
    """Return the one :class:`LexemeFlags` of ``vocab``.

    One per vocabulary, shared by every compiled pattern set: a bit must
    mean the same test on every lexeme, whichever patterns asked for it.
    """
    with _REGISTRY_LOCK:
        found = _REGISTRY.get(id(vocab))
        if found is None or found.vocab is not vocab:
            found = _REGISTRY[id(vocab)] = LexemeFlags(vocab)
        return found


class LexemeFlags:
    """Flag bits for the lexeme tests of token patterns, on one vocabulary (see :func:`lexeme_flags`).

    The bits are those no lexeme attribute getter of ``vocab`` uses, so
    spaCy's own flags are never overwritten.
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        # Bits are handed out and lexemes marked under the lock: a lexeme
        # marked while a bit was being added would miss that bit.
        self._lock = threading.Lock()
        used = set(getattr(vocab, "lex_attr_getters", None) or ())  # not in spaCy's type stubs
        self._free = [b for b in FREE_BITS if b not in used]
        self._bits: dict[_Key, int] = {}
        # The tests by kind, so that a word's bits take a few lookups, not
        # one call per test: word id -> the bits of the IN tests it is in,
        # and of the NOT_IN tests it fails (those are set for every other
        # word, in ``_not_in``); and the regexes, by bit.
        self._in: dict[str, dict[int, int]] = {"lower": {}, "orth": {}}
        self._out: dict[str, dict[int, int]] = {"lower": {}, "orth": {}}
        self._not_in = 0
        self._regexes: list[tuple[int, str, Callable[[str], Any]]] = []
        self._plain_lists: dict[int, tuple[Any, bool]] = {}
        self.mask = 0
        # ORTH ids whose lexemes have their bits set.
        self.marked: set[int] = set()

    def rewrite(self, token: dict[str, Any]) -> dict[Any, Any]:
        """Return ``token`` (an expanded token pattern) with its lexeme tests as flag bits."""
        return self.rewrite_all([token])[0]

    def rewrite_all(self, tokens: Iterable[dict[str, Any]]) -> list[dict[Any, Any]]:
        """Return each of ``tokens`` rewritten as by :meth:`rewrite`.

        A word list that many of them share (``RolePatterns.expand``) is checked once per call.
        """
        tokens = list(tokens)  # not read under the lock: reading it may use these flags
        with self._lock:
            try:
                return [self._rewrite(t) for t in tokens]
            finally:
                self._plain_lists.clear()  # the lists stay alive only for the call

    def _rewrite(self, token: dict[str, Any]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}  # flag bits are int keys
        for attr, spec in token.items():
            field = _LEXEME_ATTRS.get(attr.upper()) if isinstance(attr, str) else None
            if (
                field is None
                or not isinstance(spec, dict)
                or not spec
                or not all(map(self._plain, spec.items()))
            ):
                out[attr] = spec
                continue
            bits = [self._bit(field, op, value) for op, value in spec.items()]
            if None in bits:  # out of free bits: spaCy tests this attribute as before
                out[attr] = spec
                continue
            out.update((bit, True) for bit in bits)
        return out

    def _bit(self, field: str, op: str, value: Any) -> int | None:
        key: _Key = (field, op, value if isinstance(value, str) else tuple(value))
        bit = self._bits.get(key)
        if bit is not None:
            return bit
        if not self._free:
            return None
        bit = self._bits[key] = self._free.pop(0)
        flag = 1 << bit
        self.mask |= flag
        # Every word is marked again, with the new bit too, before it is next matched.
        self.marked = set()
        if op == "REGEX":
            self._regexes.append((flag, field, re.compile(value).search))
            return bit
        if op == "NOT_IN":
            self._not_in |= flag
        table = self._in[field] if op == "IN" else self._out[field]
        # The string ids spaCy's _SetPredicate compares.
        for word_id in {get_string_id(v) for v in value}:
            table[word_id] = table.get(word_id, 0) | flag
        return bit

    def _plain(self, op_value: tuple[Any, Any]) -> bool:
        # A test this module makes as spaCy does: a regex string, or a list of words. A word
        # list shared by many tokens (RolePatterns._words) is checked once per rewrite_all,
        # kept alive here until it returns (so that its id is not reused meanwhile).
        op, value = op_value
        if op == "REGEX":
            return isinstance(value, str)
        if op not in ("IN", "NOT_IN") or not isinstance(value, (list, tuple)):
            return False
        seen = self._plain_lists.get(id(value))
        if seen is None or seen[0] is not value:
            seen = self._plain_lists[id(value)] = (value, all(isinstance(v, (str, int)) for v in value))
        return seen[1]

    def mark(self, orths: Iterable[int]) -> None:
        """Set the flag bits on the lexemes of ``orths`` (ORTH ids of this vocabulary) that lack them."""
        new = set(orths).difference(self.marked)
        if not new or not self.mask:
            return
        with self._lock:
            self._mark(new)

    def _mark(self, new: set[int]) -> None:
        vocab, keep = self.vocab, ~self.mask
        in_lower, in_orth = self._in["lower"].get, self._in["orth"].get
        out_lower, out_orth = self._out["lower"].get, self._out["orth"].get
        for orth in new:
            lex = vocab[orth]
            lower = lex.lower
            bits = self._not_in | in_lower(lower, 0) | in_orth(orth, 0)
            bits &= ~(out_lower(lower, 0) | out_orth(orth, 0))
            for flag, field, search in self._regexes:
                if search(lex.lower_ if field == "lower" else lex.orth_):
                    bits |= flag
            lex.flags = (lex.flags & keep) | bits
        # Added after the bits are set: a word in ``marked`` is ready to match.
        self.marked.update(new)
