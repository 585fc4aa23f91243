"""A role Matcher in parts: only the patterns whose words a window holds are run.

Almost every role pattern has required tokens that match only the words of
a list (``{"LOWER": {"IN": [...]}}``) or a regex, so it cannot match where
no word passes one of those tests; a window of a sentence holds the words of
a few of the patterns, and spaCy's ``Matcher`` spends its time per token and
pattern. :class:`Parts` runs, on each window, Matchers of the patterns that
can match there, built when a set of patterns is first met and kept.

Why the matches read the same as the whole Matcher's: a Matcher of some of
the patterns holds exactly the whole Matcher's states for those patterns, in
the same relative order (states never interact), so it gives the whole run's
matches of those patterns in the whole run's relative order, and the other
patterns have none in the window. The parts run one after another, so their
matches are not interleaved as in one run; what reads the matches depends on
their order only among matches of one label that start at the same token
(and, for figures, end at the same token): ``_alternatives`` in role_profile tries
the first of figures of one span, and ``govern`` the first of equally long
triggers, blocks or passes ending at or running into one token (role_triggers);
vetoes and ``trigger_after`` matches are read as sets. So two patterns that
could give such a pair of matches are always in one part (:func:`_ties`): by
the words their first and last tokens can match.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from spacy.matcher import Matcher
from spacy.strings import StringStore, get_string_id
from spacy.vocab import Vocab

from .constants import WORD_CACHE_MAX
from .role_patterns import VALUE_LABELS

__all__ = ["Parts", "required"]

#: The token attributes a need reads, as spaCy names them in a pattern.
_FIELDS = {"LOWER": "lower", "TEXT": "orth", "ORTH": "orth"}
#: Labels whose matches are read as sets: their order never matters.
_UNORDERED = frozenset({"veto", "trigger_after"})
#: Windows' bits, and Matchers of sets of patterns, remembered per Parts (cleared past these).
_BITS_MAX = 20_000
_BUILT_MAX = 2_000

#: One pattern: its Matcher key, its label, its tokens expanded (as written)
#: and the tokens the Matcher gets (with lexeme flags or as written).
Entry = tuple[str, str, list[dict[str, Any]], list[dict[Any, Any]]]


class Parts:
    """The patterns of one Matcher, run in parts on the patterns a window's words allow."""

    def __init__(self, vocab: Vocab, entries: list[Entry]):
        self.vocab = vocab
        self._keys = [key for key, _, _, _ in entries]
        self._tokens = [tokens for _, _, _, tokens in entries]
        # Each distinct test of a required token is a bit, and a pattern
        # needs the bits of its required tokens' tests: a window has a bit
        # where one of its words passes the test.
        bits: dict[_Need, int] = {}
        self._needs: list[int] = []
        for _, _, expanded, _ in entries:
            need = 0
            for test in _needs(expanded):
                need |= bits.setdefault(test, 1 << len(bits))
            self._needs.append(need)
        self._lower, self._orth = _Tests(), _Tests()
        for (field, value), bit in bits.items():
            (self._lower if field == "lower" else self._orth).add(value, bit)
        self._part = _ties([(label, expanded) for _, label, expanded, _ in entries])
        # The bits a window's words have -> the Matchers to run there; and
        # the Matchers by the patterns they hold.
        self._by_bits: dict[int, list[Matcher]] = {}
        self._built: dict[tuple[int, ...], Matcher] = {}
        self._lock = threading.Lock()

    def matchers(self, lowers: Iterable[int], orths: Iterable[int], strings: StringStore) -> list[Matcher]:
        """Return Matchers of the patterns that can match in a window of these LOWER and ORTH ids.

        One Matcher per part that has such patterns, holding those only.
        ``strings`` reads the ids.
        """
        have = self._lower.bits(lowers, strings)
        if self._orth:
            have |= self._orth.bits(orths, strings)
        matchers = self._by_bits.get(have)
        if matchers is None:
            matchers = self._matchers(have)
        return matchers

    def _matchers(self, have: int) -> list[Matcher]:
        # Locked: one Matcher per set of patterns, built on the vocabulary's StringStore.
        with self._lock:
            if len(self._by_bits) >= _BITS_MAX or len(self._built) >= _BUILT_MAX:
                self._by_bits.clear()  # bounded memory on endless texts
                self._built.clear()
            parts: dict[int, list[int]] = {}
            for i, need in enumerate(self._needs):
                if need & have == need:
                    parts.setdefault(self._part[i], []).append(i)
            out = []
            for held in map(tuple, parts.values()):
                matcher = self._built.get(held)
                if matcher is None:
                    # Not validated: the patterns were, as written (role_matcher).
                    matcher = Matcher(self.vocab, validate=False)
                    for i in held:
                        matcher.add(self._keys[i], [self._tokens[i]])
                    self._built[held] = matcher
                out.append(matcher)
            self._by_bits[have] = out
            return out


def required(tok: dict[str, Any]) -> bool:
    """Return whether a token pattern must match a token (its ``OP`` allows no zero count)."""
    op = str(tok.get("OP", "1"))
    return op not in ("?", "*", "!") and not op.startswith("{0") and not op.startswith("{,")


#: A test of a required token: a LOWER or ORTH id list (any of the ids), or a regex.
_Need = tuple[str, frozenset[int] | str]


def _needs(tokens: list[dict[str, Any]]) -> list[_Need]:
    # The tests of a pattern's required tokens that read the word alone:
    # a LOWER or TEXT/ORTH value or list (IN), or a regex (spaCy's REGEX
    # searches the form). A token's other tests only narrow it.
    out: list[_Need] = []
    for tok in tokens:
        if not required(tok):
            continue
        for attr, spec in tok.items():
            field = _FIELDS.get(attr.upper()) if isinstance(attr, str) else None
            if field is None:
                continue
            if isinstance(spec, str):
                out.append((field, frozenset([get_string_id(spec)])))
            elif isinstance(spec, dict) and isinstance(spec.get("IN"), list):
                out.append((field, frozenset(map(get_string_id, spec["IN"]))))
            if isinstance(spec, dict) and isinstance(spec.get("REGEX"), str):
                out.append((field, spec["REGEX"]))
    return out


class _Tests:
    """The needs of one field (LOWER or ORTH): which of their bits each word has."""

    def __init__(self) -> None:
        self._ids: dict[int, int] = {}
        self._regexes: list[tuple[int, Callable[[str], Any]]] = []
        # Word id -> its bits, worked out once per word.
        self._seen: dict[int, int] = {}

    def __bool__(self) -> bool:
        return bool(self._ids or self._regexes)

    def add(self, value: frozenset[int] | str, bit: int) -> None:
        if isinstance(value, str):
            self._regexes.append((bit, re.compile(value).search))
            return
        for w in value:
            self._ids[w] = self._ids.get(w, 0) | bit

    def bits(self, words: Iterable[int], strings: StringStore) -> int:
        """Return the bits of the tests some of ``words`` pass."""
        have = 0
        seen = self._seen
        for w in set(words):
            found = seen.get(w)
            if found is None:
                found = self._bits(w, strings)
            have |= found
        return have

    def _bits(self, word: int, strings: StringStore) -> int:
        if len(self._seen) > WORD_CACHE_MAX:
            self._seen.clear()  # bounded memory on endless vocabularies
        bits = self._ids.get(word, 0)
        if self._regexes:
            text = strings[word]
            for bit, search in self._regexes:
                if search(text):
                    bits |= bit
        self._seen[word] = bits
        return bits


def _ties(patterns: list[tuple[str, list[dict[str, Any]]]]) -> list[int]:
    # Each pattern's part (the index of the part's first pattern): patterns of
    # one label whose matches could start at one token (figures: and end at
    # one token) share a part, and so do those they share it with.
    part = list(range(len(patterns)))

    def root(i: int) -> int:
        while part[i] != i:
            i = part[i]
        return i

    by_label: dict[str, list[tuple[int, _Edge, _Edge]]] = {}
    for i, (label, tokens) in enumerate(patterns):
        if label not in _UNORDERED:
            by_label.setdefault(label, []).append((i, _Edge(tokens), _Edge(tokens[::-1])))
    for label, edges in by_label.items():
        for k, (i, first, last) in enumerate(edges):
            for j, first_j, last_j in edges[:k]:
                if first.meets(first_j) and (label not in VALUE_LABELS or last.meets(last_j)):
                    a, b = sorted((root(i), root(j)))
                    part[b] = a
    return [root(i) for i in range(len(patterns))]


class _Edge:
    """What a match's first token (of tokens reversed: its last) can be.

    Read from the tokens up to the first that must match one token: a word
    of their LOWER lists, or a word whose LOWER form passes one of their
    LOWER regexes, or (``anything``) any word. A token's other tests only
    narrow it.
    """

    def __init__(self, tokens: list[dict[str, Any]]):
        words: set[str] = set()
        regexes: set[str] = set()
        self.anything = False
        for tok in tokens:
            op = str(tok.get("OP", "1"))
            low = tok.get("LOWER")
            if isinstance(low, str):
                words.add(low)
            elif isinstance(low, dict) and isinstance(low.get("IN"), list):
                words.update(low["IN"])
            elif isinstance(low, dict) and isinstance(low.get("REGEX"), str):
                regexes.add(low["REGEX"])
            else:
                self.anything = True
            if op == "!":  # matches a word that fails its tests
                self.anything = True
            if op not in ("?", "*") and not op.startswith(("{0", "{,")):
                break
        # An id has no text to test (checked once: testing the growing set per token took
        # a tenth of the first classify()).
        if not all(isinstance(w, str) for w in words):
            self.anything = True
        self.words, self.regexes = frozenset(words), frozenset(regexes)

    def meets(self, other: _Edge) -> bool:
        """Return whether one word can be both (two regexes: always)."""
        if self.anything or other.anything or not self.words.isdisjoint(other.words):
            return True
        if self.regexes and other.regexes:
            return True
        mine = any(_passes(r, other.words) for r in self.regexes)
        return mine or any(_passes(r, self.words) for r in other.regexes)


@lru_cache(maxsize=1024)
def _passes(regex: str, words: frozenset[str]) -> bool:
    # Whether a word of ``words`` passes ``regex``, as spaCy's REGEX test reads a LOWER form.
    search = re.compile(regex).search
    return any(search(w) for w in words)
