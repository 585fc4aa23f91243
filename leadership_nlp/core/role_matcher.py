"""Role-profile patterns compiled: the spaCy ``Matcher`` objects and the prefilter's word ids.

:func:`default_patterns` compiles the shipped patterns (plus the files named in
``LEADERSHIP_NLP_ROLE_PATTERNS``) once; :func:`compiled_for` compiles a user's
:class:`~leadership_nlp.core.role_patterns.RolePatterns`. :class:`Match` is one
match as token positions.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from itertools import repeat
from typing import Any, NamedTuple

import numpy as np
from spacy.matcher import Matcher
from spacy.schemas import validate_token_pattern
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from .constants import WORD_CACHE_MAX
from .normalise import shared_nlp
from .once import paused_gc
from .role_flags import lexeme_flags
from .role_parts import Parts, required
from .role_patterns import VALUE_LABELS, PatternSpec, RolePatterns, env_files, load_patterns, role_vocabulary

#: A word's flags (:meth:`Compiled.flags`): the ``num`` token pattern
#: matches it, it is a role verb, it is a keyword of the first reach (the next
#: reaches take the next bits).
NUMBER, VERB, KEYWORD = 1, 2, 4
#: The reach of a keyword any number of tokens from its number.
_UNBOUNDED = 1 << 40


class Match(NamedTuple):
    """A pattern match: token positions in the matched sequence."""

    start: int
    end: int


#: Pattern sets are compiled one at a time: ``lru_cache`` does not lock while
#: it computes, so threads that asked at once each compiled their own set,
#: and the lexeme flag bits they handed out and marked interleaved with the
#: other threads' matching (seven threads of eight read no trigger in a
#: fresh process).
_COMPILE_LOCK = threading.Lock()


def _compiled(extra: tuple[str, ...]) -> Compiled:
    with _COMPILE_LOCK:
        return _compiled_once(extra)


@lru_cache(maxsize=4)
def _compiled_once(extra: tuple[str, ...]) -> Compiled:
    # The collector paused: the compile builds tens of thousands of long-lived objects.
    with paused_gc():
        return Compiled(load_patterns(*extra))


def default_patterns() -> Compiled:
    """Return the shipped patterns plus the files named in ``LEADERSHIP_NLP_ROLE_PATTERNS``, compiled once."""
    return _compiled(env_files())


def shipped_patterns() -> Compiled:
    """Return the shipped patterns alone, compiled once (:func:`default_patterns` without extra files)."""
    return _compiled(())


class Compiled:
    """A :class:`RolePatterns` compiled: the value and steering patterns, and the prefilter's word ids.

    Every expanded pattern is checked against spaCy's token-pattern schema
    (the shipped file too: a model's pin on it is checked only when a model
    loads); one that fails is refused with a ``ValueError`` that names its
    file and line.
    """

    def __init__(self, p: RolePatterns):
        vocab = shared_nlp().vocab
        strings = vocab.strings
        self.p = p
        # Two sets of patterns: the figures, then (only where a figure was
        # found) what steers them; most candidate sentences stop after the
        # first. Their word-list and regex tests are lexeme flags of the shared
        # vocabulary (role_flags); docs of another vocabulary get the same
        # patterns with spaCy's own tests.
        self.lexeme_flags = lexeme_flags(vocab)
        # The sentences' windows run the patterns in parts (role_parts); the
        # whole Matchers, with flags and as written (values, steer), are built
        # when first asked for.
        self._flag: tuple[Matcher, Matcher] | None = None
        self._plain: tuple[Matcher, Matcher] | None = None
        self._plain_parts: tuple[Parts, Parts] | None = None
        self._lazy_lock = threading.Lock()
        self.specs: dict[str, PatternSpec] = {}
        self.specs_by_id: dict[int, PatternSpec] = {}
        # Where a figure keyword can be from its number (offset range) and
        # the keywords, by side: -1 before the number, 1 after, 0 either.
        reach: dict[int, tuple[tuple[int, int], set[str]]] = {}
        self.num_re = re.compile(p.tokens["num"]["LOWER"]["REGEX"])
        # A currency glued to its amount, one token to the tokenizer ("R45", "~$750k"): its
        # groups are the pieces the role profile reads it as (see glued_pieces).
        glued = p.tokens.get("glued_money")
        self.glued_re = None if glued is None else re.compile(glued["LOWER"]["REGEX"])
        self._glued: dict[int, tuple[str, ...]] = {}
        # The most tokens a figure, and a steering match, can span (None:
        # unbounded), and the number words figures spell out ("one" person):
        # the Matchers need only run around them (role_windows).
        self.value_extent: int | None = 1
        self.steer_extent: int | None = 1
        number_words: set[str] = set()
        expanded: list[tuple[str, bool, list[dict[str, Any]]]] = []
        # Per trigger and trigger_after pattern, the word lists of its required
        # tokens: a match needs a word of each (None: some pattern needs none).
        trigger_needs: list[tuple[frozenset[int], ...]] | None = []
        # The same for the figure patterns that need no trigger.
        free_needs: list[tuple[frozenset[int], ...]] | None = []
        lists: dict[str, list[str]] = {}  # each word list built once for this compile
        for spec, pattern in p.patterns:
            key = f"{spec.label}/{spec.id}"
            try:
                tokens = [p.expand(t, lists) for t in pattern]
                if errors := validate_token_pattern(tokens):
                    raise ValueError("; ".join(errors))
                expanded.append((key, spec.label in VALUE_LABELS, tokens))
                if spec.label in VALUE_LABELS:
                    words, near = _keyword(pattern, tokens, self.num_re)
                    number_words.update(_literal_numbers(pattern, tokens, self.num_re))
                    self.value_extent = _longer(self.value_extent, tokens)
                else:
                    self.steer_extent = _longer(self.steer_extent, tokens)
                if spec.label in ("trigger", "trigger_after") and trigger_needs is not None:
                    needs = tuple(frozenset(map(strings.add, w)) for w in _required_words(tokens))
                    trigger_needs = trigger_needs + [needs] if needs else None
                # A figure that may open its line ("Team of 18") can count without a trigger.
                free = not spec.trigger or spec.opens_line
                if spec.label in VALUE_LABELS and free and free_needs is not None:
                    needs = tuple(frozenset(map(strings.add, w)) for w in _required_words(tokens))
                    free_needs = free_needs + [needs] if needs else None
            except (ValueError, KeyError, TypeError) as e:
                where = f"{spec.source}: " if spec.source else ""
                raise ValueError(f"{where}pattern {key}: {e}") from None
            self.specs[key] = spec
            self.specs_by_id[strings.add(key)] = spec
            if spec.label in VALUE_LABELS:
                # One reach per side of the number (each costs a pass over the
                # doc), as wide as its widest pattern needs.
                lo, hi = near
                side = (lo > 0) - (hi < 0)
                if side in reach:
                    (was_lo, was_hi), was_words = reach[side]
                    lo, hi = min(lo, was_lo), max(hi, was_hi)
                    words = words | was_words
                reach[side] = ((lo, hi), words)
        # Flag bits are few: the tests run most often get them first, those
        # of the figures, then those of the steering patterns' first tokens
        # (tried at every token); rewrite_all() hands out bits as it meets tests.
        flags = self.lexeme_flags
        figures_first = [t for _, value, ts in expanded if value for t in ts]
        flags.rewrite_all(figures_first + [ts[0] for _, _, ts in expanded])
        self._expanded = expanded
        # Each pattern's tokens with their tests as flag bits.
        rewritten = iter(flags.rewrite_all(t for _, _, tokens in expanded for t in tokens))
        self._flagged = [[next(rewritten) for _ in tokens] for _, _, tokens in expanded]
        self._flag_parts = self._parts(self._flagged)
        # The words a table row's label can start and end with (the tokens
        # before its cell boundary): a line of such a label puts its value on
        # the next line ("Team size" / "8"); see role_profile._label_line.
        self.label_starts, self.label_ends = _label_words(t for _, value, t in expanded if value)
        # Some figure pattern has no keyword: any number may start a figure.
        self.keywordless = any("" in ws for _, ws in reach.values())
        # Each reach is one bit of a word's flags (see flags()).
        self.reach: list[tuple[tuple[int, int], int, frozenset[int]]] = [
            (near, KEYWORD << n, frozenset(strings.add(w) for w in ws))
            for n, (near, ws) in enumerate(reach[side] for side in sorted(reach))
        ]
        named = p.words
        self.people = named.get("people", set()) | named.get("person", set())
        self.units = named.get("unit", set()) | named.get("site", set())
        self.site_words = named.get("site", set())
        self.budget_nouns = named.get("budget_noun", set())
        self.role_nouns = named.get("role_noun", set())
        self.scope_labels = named.get("scope_label", set())
        self.post_item_not = named.get("post_item_not", set())
        self.currency_words = named.get("currency_before", set())
        self.currency_letters = named.get("currency_letters", set())
        for word in sorted(self.currency_letters):
            # Read as their ISO code (role_profile._glued_money), which the patterns must read.
            if p.currencies.get(word, "").lower() not in self.currency_words - self.currency_letters:
                raise ValueError(
                    f"currency_letters: {word!r} needs a currency code listed in currency_before"
                )
        self.approx_words = named.get("approx", set())
        self.breaks = named.get("break", set())
        self.conj = named.get("conj", set())
        self.total_joint = named.get("total_joint", set())
        self.total_place = named.get("total_place", set())
        self.total_place_prep = named.get("total_place_prep", set())
        self.total_place_stop = named.get("total_place_stop", set())
        self.total_employer = named.get("total_employer", set())
        self.relative = named.get("relative", set())
        self.relative_owner = named.get("relative_owner", set())
        self.relative_self = named.get("relative_self", set())
        self.not_direct = named.get("not_direct", set())
        self.verb_before_object = named.get("verb_before_object", set())
        self.cell_approx = named.get("cell_approx", set())
        self.continues = named.get("continues", set())
        self.line_figure_next = named.get("line_figure_next", set())
        self.line_figure_not = named.get("line_figure_not", set())
        self.figure_list_sep = named.get("figure_list_sep", set())
        self.figure_list_label = named.get("figure_list_label", set())
        self.figure_list_seps = self.figure_list_label | self.figure_list_sep
        self.post_seps = self.figure_list_label | named.get("post_label_sep", set())
        self.figure_list_not = named.get("figure_list_not", set()) | named.get("org", set())
        self.figure_list_label_not = named.get("figure_list_label_not", set())
        self.team_sites = named.get("team_sites", set())
        self.sites_place = named.get("sites_place", set())
        self.sites_people_joint = named.get("sites_people_joint", set())
        self.sites_people_not = named.get("sites_people_not", set())
        self.site_singular = named.get("site_singular", set())
        self.site_heads = (
            named.get("site", set()) | named.get("site_unit", set()) | named.get("site_head", set())
        )
        self.verb_ids = frozenset(strings.add(w) for w in p.verbs)
        self.trigger_needs = None if trigger_needs is None else tuple(trigger_needs)
        # What a sentence needs for any figure of it to count (None: unknown): a trigger's
        # words, a free figure's, or a job title or scope label, which may open a line of
        # the post's own figures ("Dimensions: 45 engineers"; role_profile._post_first).
        post = (frozenset(strings.add(w) for w in self.role_nouns | self.scope_labels),)
        self.count_needs = (
            None if trigger_needs is None or free_needs is None else (*trigger_needs, *free_needs, post)
        )
        self._may_trigger = None if self.trigger_needs is None else _AnyNeeds(self.trigger_needs)
        self._may_count = None if self.count_needs is None else _AnyNeeds(self.count_needs)
        # Sorted, for in_sorted(); sorted() rather than np.unique, which imports numpy.ma (25 ms at start-up).
        self.number_ids = np.array(sorted({strings.add(w) for w in number_words} or {0}), dtype=np.uint64)
        # Every LOWER id seen so far -> its flags (threads may add the same
        # word at once: they add the same flags).
        self._seen: dict[int, int] = {}

    def __reduce__(self) -> tuple[type[Compiled], tuple[RolePatterns]]:
        # Compiled again where unpickled: the flag bits belong to this
        # process's vocabulary and are set on its lexemes only.
        return Compiled, (self.p,)

    @property
    def values(self) -> Matcher:
        """The figure patterns as written, for docs of any vocabulary (built when first asked for)."""
        return self._plain_matchers()[0]

    @property
    def steer(self) -> Matcher:
        """The steering patterns as written, for docs of any vocabulary (built when first asked for)."""
        return self._plain_matchers()[1]

    @property
    def flag_values(self) -> Matcher:
        """The figure patterns with flags, for the shared vocabulary's docs (built when first asked for)."""
        return self._flag_matchers()[0]

    @property
    def flag_steer(self) -> Matcher:
        """The steering patterns with flags, for the shared vocabulary's docs (built when first asked for)."""
        return self._flag_matchers()[1]

    def _plain_matchers(self) -> tuple[Matcher, Matcher]:
        # Locked: threads that ask at once share one pair.
        if self._plain is None:
            with self._lazy_lock:
                if self._plain is None:
                    self._plain = self._whole([tokens for _, _, tokens in self._expanded])
        return self._plain

    def _flag_matchers(self) -> tuple[Matcher, Matcher]:
        if self._flag is None:
            with self._lazy_lock:
                if self._flag is None:
                    self._flag = self._whole(self._flagged)
        return self._flag

    def _whole(self, patterns: list[list[dict[Any, Any]]]) -> tuple[Matcher, Matcher]:
        # Not validated: spaCy's pattern schema has no flag keys; the patterns
        # were validated as written.
        vocab = self.lexeme_flags.vocab
        values, steer = Matcher(vocab, validate=False), Matcher(vocab, validate=False)
        for (key, value, _), tokens in zip(self._expanded, patterns, strict=True):
            (values if value else steer).add(key, [tokens])
        return values, steer

    def _parts(self, patterns: list[list[dict[Any, Any]]]) -> tuple[Parts, Parts]:
        # The value and steering patterns in parts (role_parts), each given as ``patterns``.
        vocab = self.lexeme_flags.vocab
        entries = [
            (value, (key, self.specs[key].label, expanded, tokens))
            for (key, value, expanded), tokens in zip(self._expanded, patterns, strict=True)
        ]
        return Parts(vocab, [e for v, e in entries if v]), Parts(vocab, [e for v, e in entries if not v])

    def parts(self, target: Doc | Span, orths: Iterable[int] | None = None) -> tuple[Parts, Parts]:
        """Return the value and steering patterns in parts (role_parts) to run on ``target``.

        As :meth:`matchers` (``orths`` may give the ORTH ids of ``target``):
        with flags on the shared vocabulary, once the lexemes of ``target``
        have them; else as written.
        """
        if target.vocab is not self.lexeme_flags.vocab:
            if self._plain_parts is None:
                with self._lazy_lock:
                    if self._plain_parts is None:
                        self._plain_parts = self._parts([tokens for _, _, tokens in self._expanded])
            return self._plain_parts
        self.lexeme_flags.mark((t.orth for t in target) if orths is None else orths)
        return self._flag_parts

    def may_count(self, words: set[int]) -> bool:
        """Return whether a figure can count in a sentence of these LOWER ids.

        A figure counts only if it needs no trigger, a trigger or
        ``trigger_after`` match governs it, within the sentence (each such
        pattern needs a word of each of its required word lists there), or
        the line opens with a job title or scope label (``role_noun``,
        ``scope_label``) whose figures follow.
        """
        return self._may_count is None or self._may_count(words)

    def may_trigger(self, words: Iterable[int]) -> bool:
        """Return whether a trigger or ``trigger_after`` pattern can match among these LOWER ids.

        Each needs a word of each of its required word lists (``trigger_needs``;
        None: unknown, and any can).
        """
        return self._may_trigger is None or self._may_trigger(words)

    def matchers(self, target: Doc | Span, orths: Iterable[int] | None = None) -> tuple[Matcher, Matcher]:
        """Return the value and steering Matchers to run on ``target`` (whose ORTH ids ``orths`` may give).

        On the shared vocabulary, the flag Matchers, once the lexemes of
        ``target`` have their flags; else ``values`` and ``steer``, which
        test words as spaCy does and give the same matches on any vocabulary.
        """
        if target.vocab is not self.lexeme_flags.vocab:
            return self._plain_matchers()
        self.lexeme_flags.mark((t.orth for t in target) if orths is None else orths)
        return self._flag_matchers()

    def flags(self, lowers: np.ndarray, strings: StringStore) -> np.ndarray:
        """Return each token's flags (by LOWER id, read in ``strings``): ``NUMBER``, ``VERB``, keyword bits.

        Worked out once per distinct word and kept in a dict: looking a
        text's words up one by one costs less than a binary search in a
        sorted table that each new word has to be inserted into.
        """
        table = self._seen
        if len(table) > WORD_CACHE_MAX:
            table.clear()  # bounded memory on endless vocabularies
        words = lowers.tolist()
        out = np.fromiter(map(table.get, words, repeat(-1)), dtype=np.int64, count=len(words))
        if len(words) and out.min() < 0:
            for k in np.flatnonzero(out < 0).tolist():
                word = words[k]
                found = table.get(word)
                if found is None:
                    found = table[word] = self._flags(word, strings[word])
                out[k] = found
        return out.astype(np.uint32)

    def glued_pieces(self, lower: int, strings: StringStore) -> tuple[str, ...]:
        """Return the pieces of a currency glued to its amount ("r45" -> "zar", "45"), or ``()``.

        ``lower`` is a token's LOWER id; the pieces are lowercase, approximation first
        ("~$750k" -> "~", "$", "750k"), a currency the patterns do not read before a
        figure as its ISO code (``_currency_word``).
        """
        found = self._glued.get(lower)
        if found is None:
            if not self._seen.get(lower, NUMBER) & NUMBER:
                return ()  # flags() read it (the role profile's prefilter does, per doc): no number
            m = self.glued_re.fullmatch(strings[lower]) if self.glued_re is not None else None
            if m is None:
                return ()  # not kept: one entry per word of every sentence read would be megabytes
            if len(self._glued) > WORD_CACHE_MAX:
                self._glued.clear()  # bounded memory on endless vocabularies
            found = self._glued[lower] = tuple(self._currency_word(g) for g in m.groups() if g)
        return found

    def _currency_word(self, piece: str) -> str:
        # A currency the patterns do not read before a figure ("r": "R 4 budget codes", "Oracle
        # R12") as its ISO code, which they do ("zar"); any other piece as it is.
        code = self.p.currencies.get(piece, "").lower()
        return code if piece not in self.currency_words and code in self.currency_words else piece

    def _flags(self, lower: int, text: str) -> int:
        glued = self.glued_re is not None and self.glued_re.fullmatch(text)
        bits = NUMBER if self.num_re.match(text) or glued else 0
        if lower in self.verb_ids:
            bits |= VERB
        for _, bit, ids in self.reach:
            if lower in ids:
                bits |= bit
        return bits

    def near_keyword(self, flags: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Return those of the sorted positions ``at`` that have a figure keyword near (``_keyword``)."""
        if self.keywordless or not len(at):
            return at
        near = np.zeros(len(at), dtype=bool)
        for (lo, hi), bit, _ in self.reach:
            keys = np.flatnonzero(flags & bit)
            if not len(keys):
                continue
            # The first keyword at or after at + lo, if it is no further than at + hi.
            first = keys[np.minimum(np.searchsorted(keys, at + lo), len(keys) - 1)]
            near |= (first >= at + lo) & (first <= at + hi)
        return at[near]

    def keyword_near(self, flags: np.ndarray, at: list[int]) -> bool:
        """Return whether a position of ``at`` has a figure keyword near, within one sentence's ``flags``."""
        if self.keywordless:
            return bool(at)
        n = len(flags)
        for (lo, hi), bit, _ in self.reach:
            for p in at:
                if (flags[max(p + lo, 0) : min(p + hi + 1, n)] & bit).any():
                    return True
        return False


class _AnyNeeds:
    """Whether some pattern has a word of each of its required word lists among words (LOWER ids).

    By bits: a word has the bits of the lists that hold it, a pattern needs
    the bits of its lists.
    """

    def __init__(self, patterns: Iterable[tuple[frozenset[int], ...]]):
        bits: dict[frozenset[int], int] = {}
        self._needs: set[int] = set()
        for p in patterns:
            need = 0
            for ids in p:
                need |= bits.setdefault(ids, 1 << len(bits))
            self._needs.add(need)
        self._bits: dict[int, int] = {}
        for ids, bit in bits.items():
            for w in ids:
                self._bits[w] = self._bits.get(w, 0) | bit

    def __call__(self, words: Iterable[int]) -> bool:
        have = 0
        get = self._bits.get
        for w in words:
            have |= get(w, 0)
        return any(need & have == need for need in self._needs)


def _label_words(patterns: Iterable[list[dict[str, Any]]]) -> tuple[frozenset[str], frozenset[str]]:
    # The LOWER words of the first tokens and of the tokens before the cell
    # boundary ("|", alone or in a separator list) of the patterns that have
    # one; an optional token adds the next (or the previous) one's words too.
    starts: set[str] = set()
    ends: set[str] = set()

    def words(tok: dict[str, Any]) -> list[str]:
        low = tok.get("LOWER")
        return [low] if isinstance(low, str) else list(low.get("IN", ())) if isinstance(low, dict) else []

    for tokens in patterns:
        sep = next((j for j, t in enumerate(tokens) if t.get("ORTH") == "|" or "|" in words(t)), None)
        if not sep:
            continue
        for j in range(sep):
            starts.update(words(tokens[j]))
            if required(tokens[j]):
                break
        for j in range(sep - 1, -1, -1):
            ends.update(words(tokens[j]))
            if required(tokens[j]):
                break
    return frozenset(starts), frozenset(ends)


def _required_words(tokens: list[dict[str, Any]]) -> list[list[str]]:
    # The LOWER word lists of a pattern's required tokens. A token's other
    # tests (TEXT NOT_IN "Drs") only narrow it: its LOWER list is still needed.
    out = []
    for tok in tokens:
        low = tok.get("LOWER")
        if not required(tok):
            continue
        if isinstance(low, str):
            out.append([low])
        elif isinstance(low, dict) and set(low) == {"IN"} and isinstance(low["IN"], list):
            out.append(low["IN"])
    return out


def _most(tok: dict[str, Any]) -> int | None:
    # The most tokens one token pattern can cover, None if unbounded.
    op = str(tok.get("OP", "1"))
    if op in ("*", "+"):
        return None
    m = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op)
    if m:
        return None if m.group(2) and not m.group(3) else int(m.group(3) or m.group(1))
    return 1


def _longer(extent: int | None, tokens: list[dict[str, Any]]) -> int | None:
    # The larger of extent and the most tokens the pattern can cover; None is unbounded.
    most = [_most(t) for t in tokens]
    return None if extent is None or None in most else max(extent, sum(m for m in most if m is not None))


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


def _literal_numbers(raw: list[Any], tokens: list[dict[str, Any]], num_re: re.Pattern[str]) -> set[str]:
    # The words of a pattern's number tokens given as a word list: the num
    # token matches "1." but not "one.", which the list @one holds.
    out: set[str] = set()
    for r, tok in zip(raw, tokens, strict=True):
        low: Any = tok.get("LOWER")
        if isinstance(r, dict) and "@" not in r and _is_number(r, tok, num_re):
            out.update([low] if isinstance(low, str) else low["IN"])
    return out


def _keyword(
    raw: list[Any], tokens: list[dict[str, Any]], num_re: re.Pattern[str]
) -> tuple[set[str], tuple[int, int]]:
    # The words of one required, literal token of a pattern, and the range of
    # its offsets from the pattern's nearest number token (negative: before
    # it): no match is possible without one of them that near a number.
    # {""} when the pattern has no such token (every sentence with a number
    # must then reach the Matcher).
    nums = [i for i, t in enumerate(raw) if _is_number(t, tokens[i], num_re) and required(tokens[i])]
    common = set(role_vocabulary()["not_keywords"])
    for k, tok in enumerate(tokens):
        low = tok.get("LOWER")
        if not required(tok) or not nums or k in nums:  # a number is no keyword: "one" is everywhere
            continue
        words = (
            {low}
            if isinstance(low, str)
            else set(low["IN"]) - set(low.get("NOT_IN", ()))
            if isinstance(low, dict) and "IN" in low and set(low) <= {"IN", "NOT_IN"}
            else set()
        )
        if not words or words & common:
            continue
        j = min(nums, key=lambda n: abs(n - k))
        between = [_most(t) for t in tokens[min(j, k) + 1 : max(j, k)]]
        far = _UNBOUNDED if None in between else sum(between) + 1  # type: ignore[arg-type]
        return words, (0, 0) if k == j else (1, far) if k > j else (-far, -1)
    if not nums:
        raise ValueError(
            "a span_of_control, direct_reports, sites or budget pattern needs a number token (@num)"
        )
    return {""}, (0, 0)


def compiled_for(patterns: RolePatterns) -> Compiled:
    """Return ``patterns`` compiled, once per object (records added later are not seen)."""
    cached = getattr(patterns, "_compiled", None)
    if cached is None:
        with _COMPILE_LOCK, paused_gc():
            cached = getattr(patterns, "_compiled", None)
            if cached is None:
                cached = Compiled(patterns)
                object.__setattr__(patterns, "_compiled", cached)
    return cached
