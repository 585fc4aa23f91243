"""A chunk's sentences -> feature rows, from token arrays: the featuriser ``classify`` runs.

:func:`~leadership_nlp.core.terms.doc_unigrams` and
:meth:`~leadership_nlp.core.scorer.LinearScorer.transform` define the features with
one Python object per word (training and ``predict`` use them). :class:`ArrayFeaturiser`
gives the same rows from arrays: one lookup per distinct word of a chunk, then NumPy
over the chunk's tokens for negation scopes, n-grams, counts and TF-IDF values, and the
words behind each feature as character offsets (:class:`SpanTable`), which evidence
reads only for the features that favour a sentence's label. Tests hold the two to the
same rows, bit for bit, and the same spans.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import NamedTuple, cast

import numpy as np
from spacy.attrs import IDX, LENGTH, ORTH
from spacy.tokens import Doc

from . import lexicon
from .constants import NEGATION_PREFIX, WORD_CACHE_MAX
from .folding import fold
from .scorer import FeatureRows, LinearScorer
from .span_mark import SPAN_MARK, Bounds
from .terms import (
    _BREAK,
    _NEGATE,
    _NEGATE_AFTER,
    _NEGATOR_PAIRS,
    _SKIP,
    BY_IDS,
    _kind,
    _kinds,
    _passive_at,
    is_content,
)
from .title_line import TITLE_MARK, title_bounds

#: A token that becomes a term (its kind is the term's text).
_TERM = 4
#: What a term contributes: is it content, its unigram column, its word id in the pair
#: tables, does a lexicon cue start with it (-1: none).
_NO_TERM = (0, -1, -1, 0)
#: Occurrence order of the marks a sentence may end with, after every word.
_TITLE_ORDER, _SPAN_ORDER = 1 << 40, (1 << 40) + 1
#: The feature groups, in the order their columns enter a row's norm (LinearScorer._lemma_row).
_UNIGRAM, _PAIR, _SKIPGRAM, _PHRASE = 0, 1, 2, 3
_GROUP = 1 << 42


class SpanTable(NamedTuple):
    """The words behind each stored value of a :class:`FeatureRows`, as character offsets.

    Entry ``k`` of the rows (``data[k]``, ``indices[k]``) came from the spans
    ``bounds[2 * ptr[k] : 2 * ptr[k + 1]]``, flat ``start, end`` pairs in the order the
    words occur, offsets into the chunk.
    """

    ptr: np.ndarray
    bounds: np.ndarray

    def entries(self, start: int, stop: int) -> SpanTable:
        """Return the spans of stored values ``start`` to ``stop``, as a table of their own."""
        first, last = int(self.ptr[start]), int(self.ptr[stop])
        return SpanTable(self.ptr[start : stop + 1] - first, self.bounds[2 * first : 2 * last])


class Part(NamedTuple):
    """Sentences to featurise: token ranges of a doc, and their span marks (or None)."""

    doc: Doc
    bounds: Sequence[Bounds]
    span_marks: Sequence[Bounds | None] | None = None


class _Groups(NamedTuple):
    # One entry per (sentence, column) of a chunk's rows: its value and its spans
    # (``counts`` of them each, in turn in the flat start, end pairs of ``bounds``), and
    # per sentence the lemma block's norm.
    sent: np.ndarray
    col: np.ndarray
    value: np.ndarray
    counts: np.ndarray
    bounds: np.ndarray
    norms: np.ndarray


#: terms.BY_IDS as an array, for np.isin.
_BY_ARRAY = np.array(sorted(BY_IDS), dtype=np.uint64)


class _Words:
    # The words seen so far: each ORTH id's slot in ``rows`` (kind, plain and negated term
    # values). Words with the same row share its slot (most words are unknown to the model),
    # so ``rows`` stays as small as the vocabulary. A row is written before its slot is
    # published.

    def __init__(self) -> None:
        self.slots: dict[int, int] = {}
        self.by_row: dict[tuple[int, ...], int] = {}
        self.rows = np.zeros((256, 9), dtype=np.int32)
        self.lock = threading.Lock()

    def add(self, orth: int, row: tuple[int, ...]) -> int:
        slot = self.by_row.get(row)
        if slot is None:
            slot = len(self.by_row)
            if slot == len(self.rows):
                grown = np.zeros((2 * slot, 9), dtype=np.int32)
                grown[:slot] = self.rows
                self.rows = grown
            self.rows[slot] = row
            self.by_row[row] = slot
        self.slots[orth] = slot
        return slot


class _PairTable(NamedTuple):
    # Word -> id, and the sorted keys (first id * size + second id) of the vocabulary's
    # pairs "a b" and skipgrams "a ~ b", with each key's column.
    words: dict[str, int]
    size: int
    pairs: np.ndarray
    pair_cols: np.ndarray
    skips: np.ndarray
    skip_cols: np.ndarray
    idf: np.ndarray  # the lemma block's IDF weights, by column


def _pair_table(scorer: LinearScorer) -> _PairTable:
    index = scorer.pair_index()
    offset = scorer.lemma_offset or 0
    size = len(index.words) + 1
    keys = []
    for kind in (1, 2):
        rows = np.flatnonzero(index.ids[:, 2] == kind)
        key = index.ids[rows, 0].astype(np.int64) * size + index.ids[rows, 1]
        order = np.argsort(key, kind="stable")
        keys.append((key[order], (rows[order] + offset).astype(np.int32)))
    words = {word: i for i, word in enumerate(index.words)}
    idf = np.asarray(scorer.idf, dtype=np.float64)
    return _PairTable(words, size, keys[0][0], keys[0][1], keys[1][0], keys[1][1], idf)


def _lookup(keys: np.ndarray, cols: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    # The column of each wanted key, -1 where it is not in the sorted ``keys``.
    if not len(keys) or not len(wanted):
        return np.full(len(wanted), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, cols[at], -1)


class ArrayFeaturiser:
    """The rows :meth:`LinearScorer.transform` gives for a chunk's sentences, computed over arrays.

    For models whose lemma block has unigrams and pairs only (``n_max`` at most 2) and sublinear
    TF, as the shipped model's; :meth:`supports` says (the model classifies others through
    :meth:`LinearScorer.transform`).

    Parameters
    ----------
    scorer : LinearScorer
        The model's scorer.
    mask_roles, mark_titles, passive_agents : bool
        As the model's terms were made (:func:`~leadership_nlp.core.terms.doc_unigrams`).
    """

    def __init__(self, scorer: LinearScorer, *, mask_roles: bool, mark_titles: bool, passive_agents: bool):
        self.scorer = scorer
        self.mask_roles = mask_roles
        self.mark_titles = mark_titles
        self.passive_agents = passive_agents
        self._table: _PairTable | None = None
        # The words seen so far: by ORTH id, their kind and plain and negated term values.
        self._words = _Words()
        self._cue_first = frozenset(cue.lemmas[0] for cue in lexicon.load_lexicon())
        self._logs = [0.0, 1.0]  # math.log(n) + 1.0, by count n (replaced, never changed in place)

    def __getstate__(self) -> dict[str, object]:
        # The caches are rebuilt as texts come: a featuriser sent to workers carries none.
        state = {**self.__dict__, "_table": None}
        del state["_words"]  # holds a lock
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._words = _Words()

    @staticmethod
    def supports(scorer: LinearScorer) -> bool:
        """Return whether the scorer's features are ones this featuriser computes."""
        return scorer.lemma_offset is not None and scorer.n_max <= 2 and scorer.sublinear

    def features(
        self,
        doc: Doc,
        bounds: Sequence[Bounds],
        span_marks: Sequence[Bounds | None] | None = None,
    ) -> tuple[FeatureRows, SpanTable]:
        """Return the feature rows of the token ranges ``bounds`` of ``doc``, and the words behind them.

        ``span_marks`` are the ranges' span marks (:func:`~leadership_nlp.core.span_mark.find`),
        as :func:`~leadership_nlp.core.terms.doc_unigrams` takes them.
        """
        return self.features_many([Part(doc, bounds, span_marks)])

    def features_many(self, parts: Sequence[Part]) -> tuple[FeatureRows, SpanTable]:
        """Return :meth:`features` of several parts at once: their rows one after the other.

        The rows of part ``j`` follow those of the parts before it; each row is the one
        :meth:`features` gives alone (a sentence's row depends on its own words only). One
        pass of NumPy over many short docs costs much less than one per doc: on short
        texts the calls, not the tokens, are what take the time. Offsets stay relative
        to each part's doc. The docs must share a vocabulary (ORTH ids are read as one).
        """
        if self._table is None:
            self._table = _pair_table(self.scorer)  # one assignment: another thread sees all or none
        docs = [part.doc for part in parts]
        # Per part, the (ORTH, IDX, LENGTH) rows of its sentences' tokens, and the sentences' lengths.
        part_rows, all_lengths = [], []
        n = 0
        marks: list[tuple[int, int, int, int, str]] = []  # the marks a sentence ends with, after its words
        for doc, bounds, span_marks in parts:
            arr = doc.to_array([ORTH, IDX, LENGTH]) if len(doc) else np.zeros((0, 3), dtype=np.uint64)
            count = len(bounds)
            starts = np.fromiter((b[0] for b in bounds), dtype=np.int64, count=count)
            lengths = np.fromiter((b[1] - b[0] for b in bounds), dtype=np.int64, count=count)
            firsts = np.cumsum(lengths) - lengths  # each range's first position in the part
            pos = np.repeat(starts - firsts, lengths) + np.arange(int(lengths.sum()), dtype=np.int64)
            part_rows.append(arr[pos])
            all_lengths.append(lengths)
            # A title shape, a span of control.
            if self.mark_titles:
                for i, (start, end) in enumerate(bounds):
                    span = title_bounds(doc, arr[start:end].tolist())
                    if span is not None:
                        marks.append((n + i, _TITLE_ORDER, span[0], span[1], TITLE_MARK))
            for i, mark in enumerate(span_marks or ()):
                if mark is not None:
                    marks.append((n + i, _SPAN_ORDER, mark[0], mark[1], SPAN_MARK))
            n += count
        rows_in = np.concatenate(part_rows) if part_rows else np.zeros((0, 3), dtype=np.uint64)
        lengths = np.concatenate(all_lengths) if all_lengths else np.zeros(0, dtype=np.int64)
        total = int(lengths.sum())
        firsts = np.cumsum(lengths) - lengths  # each range's first flat position
        sent = np.repeat(np.arange(n, dtype=np.int64), lengths)
        # The doc of each flat position, for the few words read as strings.
        part_ends = np.cumsum([len(t) for t in part_rows]).tolist()

        def doc_at(flat: int) -> Doc:
            return docs[bisect_right(part_ends, flat)]

        orths = rows_in[:, 0]
        rows = self._token_rows(doc_at, orths)
        code = rows[:, 0].copy()
        texts: dict[int, str] = {}  # flat position -> term, for words read other than by their row
        if (code == _NEGATE_AFTER).any():
            texts = self._negator_pairs(doc_at, orths, sent, code, rows)
        # Negation scopes: a term is negated when a negator came after the last clause break
        # or the start of its sentence. Positions are doubled so that a sentence's start lies
        # just before its first token.
        twice = 2 * np.arange(total, dtype=np.int64)
        negator = np.where(code == _NEGATE, twice, -2)
        reset = np.where(code == _BREAK, twice, -2)
        opening = firsts[lengths > 0]
        reset[opening] = np.maximum(reset[opening], twice[opening] - 1)
        negated = np.maximum.accumulate(negator) > np.maximum.accumulate(reset)
        if self.passive_agents:
            self._mark_passives(doc_at, orths, sent, firsts, lengths, code, negated)
        at = np.flatnonzero(code == _TERM)
        values = np.where(negated[at, None], rows[at, 5:9], rows[at, 1:5])
        t_sent, t_order = sent[at], at.astype(np.int64)
        t_start = rows_in[at, 1].astype(np.int64)
        t_end = t_start + rows_in[at, 2].astype(np.int64)
        if marks:
            extra = np.array([self._term_values(m[4]) for m in marks], dtype=np.int64)
            values = np.concatenate([values, extra])
            t_sent = np.concatenate([t_sent, [m[0] for m in marks]])
            t_order = np.concatenate([t_order, [m[1] for m in marks]])
            t_start = np.concatenate([t_start, [m[2] for m in marks]])
            t_end = np.concatenate([t_end, [m[3] for m in marks]])
            order = np.lexsort((t_order, t_sent))
            values, t_sent, t_order, t_start, t_end = (
                x[order] for x in (values, t_sent, t_order, t_start, t_end)
            )
        groups = self._lemma_groups(n, values, t_sent, t_start, t_end)
        if values[:, 3].any():

            def text(k: int) -> str:
                # Term k's text: a word's (negated or not) or a mark's.
                flat = int(t_order[k])
                if flat >= _TITLE_ORDER:
                    return TITLE_MARK if flat == _TITLE_ORDER else SPAN_MARK
                word = texts.get(flat) or cast(str, self._word_kind(doc_at(flat), int(orths[flat])))
                return NEGATION_PREFIX + word if negated[flat] else word

            groups = self._with_lexicon(groups, values, t_sent, t_start, t_end, text)
        return self._assemble(n, *groups)

    # -- words -> values ------------------------------------------------------

    def _token_rows(self, doc_at: Callable[[int], Doc], orths: np.ndarray) -> np.ndarray:
        # Each token's row (kind, plain term's values, negated term's values), from one
        # lookup per distinct word; ``doc_at(position)`` is the doc a token is of.
        words = self._words
        if len(words.slots) > WORD_CACHE_MAX:
            # Bounded memory on endless vocabularies. A new store, not a cleared one:
            # another thread may be reading this one.
            words = self._words = _Words()
        distinct, first, inverse = np.unique(orths, return_index=True, return_inverse=True)
        distinct_ids = distinct.tolist()
        get = words.slots.get
        slots = [get(orth, -1) for orth in distinct_ids]
        if -1 in slots:
            with words.lock:
                for j, orth in enumerate(distinct_ids):
                    if slots[j] < 0:
                        slot = words.slots.get(orth)  # another thread's, perhaps
                        if slot is None:
                            kind = self._word_kind(doc_at(int(first[j])), orth)
                            slot = words.add(orth, self._kind_row(kind))
                        slots[j] = slot
        return words.rows[np.asarray(slots, dtype=np.int64)[inverse.reshape(-1)]].astype(np.int64)

    def _word_kind(self, doc: Doc, orth: int) -> int | str:
        # What a word contributes (terms._kind), through the kinds cache terms.py keeps.
        kinds = _kinds(doc, self.mask_roles)
        kind = kinds.get(orth)
        if kind is None:
            kind = kinds[orth] = _kind(doc, orth, self.mask_roles)
        return kind

    def _kind_row(self, kind: int | str) -> tuple[int, ...]:
        if isinstance(kind, int):
            return (kind, *_NO_TERM, *_NO_TERM)
        return (_TERM, *self._term_values(kind), *self._term_values(NEGATION_PREFIX + kind))

    def _term_values(self, term: str) -> tuple[int, int, int, int]:
        table = cast(_PairTable, self._table)
        column = self.scorer.column(term)
        return (
            int(is_content(term)),
            -1 if column is None else column,
            table.words.get(term, -1),
            int(term in self._cue_first),
        )

    def _negator_pairs(
        self,
        doc_at: Callable[[int], Doc],
        orths: np.ndarray,
        sent: np.ndarray,
        code: np.ndarray,
        rows: np.ndarray,
    ) -> dict[int, str]:
        # The last word of "rather than": with the first word right before it in its
        # sentence, the pair is one negator (and the first word no term); else the word
        # is read on its own (terms._terms). Rare: read word by word. Returns the terms
        # of the words read on their own, by flat position.
        texts = {}
        for k in np.flatnonzero(code == _NEGATE_AFTER).tolist():
            doc = doc_at(k)
            strings = doc.vocab.strings
            first = _NEGATOR_PAIRS[fold(strings[int(orths[k])]).lower()]
            if k > 0 and sent[k - 1] == sent[k] and fold(strings[int(orths[k - 1])]).lower() == first:
                if code[k - 1] == _TERM:
                    code[k - 1] = _SKIP
                code[k] = _NEGATE
                continue
            kind = _kind(doc, int(orths[k]), self.mask_roles, False)
            rows[k] = self._kind_row(kind)
            code[k] = rows[k, 0]
            if isinstance(kind, str):
                texts[k] = kind
        return texts

    @staticmethod
    def _mark_passives(
        doc_at: Callable[[int], Doc],
        orths: np.ndarray,
        sent: np.ndarray,
        firsts: np.ndarray,
        lengths: np.ndarray,
        code: np.ndarray,
        negated: np.ndarray,
    ) -> None:
        # A participle right before "by" and a passive's agent is marked like a negated
        # word (terms._passive_at, read on the sentence's words). Rare: read word by word.
        for k in np.flatnonzero(np.isin(orths, _BY_ARRAY)).tolist():
            s = int(sent[k])
            first = int(firsts[s])
            if k == first or code[k - 1] != _TERM:
                continue
            words = orths[first : first + int(lengths[s])].tolist()
            if _passive_at(doc_at(k).vocab.strings, words, k - first):
                negated[k - 1] = True

    # -- values -> rows -------------------------------------------------------

    def _lemma_groups(
        self, n: int, values: np.ndarray, t_sent: np.ndarray, t_start: np.ndarray, t_end: np.ndarray
    ) -> _Groups:
        # The lemma block: each occurrence of a known n-gram, counted per sentence and
        # column, sublinear TF times IDF, over the row's floored norm.
        scorer, table = self.scorer, cast(_PairTable, self._table)
        content, unigram, word = values[:, 0] == 1, values[:, 1], values[:, 2]
        index = np.arange(len(values), dtype=np.int64)
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray, int]] = []
        known = content & (unigram >= 0)
        found.append((index[known], index[known], unigram[known], _UNIGRAM))
        seq = index[content]
        for gap, keys, cols, group, on in (
            (1, table.pairs, table.pair_cols, _PAIR, True),
            (2, table.skips, table.skip_cols, _SKIPGRAM, scorer.skipgrams),
        ):
            if on and len(seq) > gap:
                a, b = seq[:-gap], seq[gap:]
                ok = (t_sent[a] == t_sent[b]) & (word[a] >= 0) & (word[b] >= 0)
                a, b = a[ok], b[ok]
                found.append((a, b, _lookup(keys, cols, word[a] * table.size + word[b]), group))
        if scorer.phrases and len(values) > 1:
            # A content word and the stop word next to it (terms.phrase_pairs).
            a, b = index[:-1], index[1:]
            ok = (t_sent[a] == t_sent[b]) & (content[a] != content[b]) & (word[a] >= 0) & (word[b] >= 0)
            a, b = a[ok], b[ok]
            found.append(
                (a, b, _lookup(table.pairs, table.pair_cols, word[a] * table.size + word[b]), _PHRASE)
            )
        hits = [(a[c >= 0], b[c >= 0], c[c >= 0], g) for a, b, c, g in found]
        o_sent = np.concatenate([t_sent[b] for _, b, _, _ in hits])
        o_col = np.concatenate([c for _, _, c, _ in hits])
        o_key = np.concatenate([g * _GROUP + b for _, b, _, g in hits])  # where it was first found
        o_start = np.concatenate([t_start[a] for a, _, _, _ in hits])
        o_end = np.concatenate([t_end[b] for _, b, _, _ in hits])
        order = np.lexsort((o_key, o_col, o_sent))
        o_sent, o_col, o_key = o_sent[order], o_col[order], o_key[order]
        bounds = np.empty(2 * len(order), dtype=np.int64)
        bounds[0::2], bounds[1::2] = o_start[order], o_end[order]
        # One entry per (sentence, column): its occurrences are consecutive, in text order.
        new = np.ones(len(order), dtype=bool)
        new[1:] = (o_sent[1:] != o_sent[:-1]) | (o_col[1:] != o_col[:-1])
        head = np.flatnonzero(new)
        counts = np.diff(np.append(head, len(order)))
        g_sent, g_col, g_first = o_sent[head], o_col[head], o_key[head]
        logs, most = self._logs, int(counts.max()) if len(counts) else 0
        if len(logs) <= most:  # a new list, so that another thread never reads a half-grown one
            logs = self._logs = logs + [math.log(k) + 1.0 for k in range(len(logs), most + 1)]
        value = np.asarray(logs)[counts] * table.idf[g_col]
        # The norm adds the squares in the order the row's columns were first found
        # (unigrams, pairs, skipgrams, phrases), with Python's sum, as transform() does.
        by_first = np.lexsort((g_first, g_sent))
        squares = (value * value)[by_first].tolist()
        ends = np.searchsorted(g_sent[by_first], np.arange(n + 1)).tolist()
        sums = np.array([sum(squares[ends[i] : ends[i + 1]]) for i in range(n)], dtype=np.float64)
        norms = np.sqrt(np.maximum(sums, scorer.norm_floor))
        return _Groups(g_sent, g_col, value / norms[g_sent], counts, bounds, norms)

    def _with_lexicon(
        self,
        groups: _Groups,
        values: np.ndarray,
        t_sent: np.ndarray,
        t_start: np.ndarray,
        t_end: np.ndarray,
        text: Callable[[int], str],
    ) -> _Groups:
        # The lexicon block (lexicon.by_feature): the cues that start at each term a cue
        # starts with, their weights summed per sentence and feature in the order they are
        # found, as LexiconFeatures sums them.
        scorer = self.scorer
        columns = scorer.lexicon_columns
        if columns is None:
            return groups
        index = lexicon.cue_index()
        found: dict[tuple[int, int], tuple[float, list[int]]] = {}
        last = len(values) - 1
        for k in np.flatnonzero(values[:, 3] == 1).tolist():
            sent = int(t_sent[k])
            for cue in index[text(k)]:
                end = k + len(cue.lemmas) - 1
                if end > k and (
                    end > last
                    or int(t_sent[end]) != sent
                    or any(text(k + j) != w for j, w in enumerate(cue.lemmas[1:], 1))
                ):
                    continue
                key = (sent, columns[f"{cue.orientation}:{cue.facet}"])
                weight, spans = found.get(key, (0.0, []))
                found[key] = (weight + cue.weight, [*spans, int(t_start[k]), int(t_end[end])])
        if not found:
            return groups
        keys = list(found)
        weights = [found[key][0] for key in keys]
        return _Groups(
            np.concatenate([groups.sent, [key[0] for key in keys]]),
            np.concatenate([groups.col, [key[1] for key in keys]]),
            np.concatenate([groups.value, [scorer.lexicon_scale * float(np.log1p(w)) for w in weights]]),
            np.concatenate([groups.counts, [len(found[key][1]) // 2 for key in keys]]),
            np.concatenate(
                [groups.bounds, np.asarray([b for key in keys for b in found[key][1]], dtype=np.int64)]
            ),
            groups.norms,
        )

    def _assemble(
        self,
        n: int,
        sent: np.ndarray,
        col: np.ndarray,
        value: np.ndarray,
        count: np.ndarray,
        bounds: np.ndarray,
        norms: np.ndarray,
    ) -> tuple[FeatureRows, SpanTable]:
        # Rows in CSR order (by sentence, then column), each entry's spans with it.
        order = np.lexsort((col, sent))
        old_ptr = np.concatenate([[0], np.cumsum(count)]).astype(np.int64)
        count = count[order]
        ptr = np.concatenate([[0], np.cumsum(count)]).astype(np.int64)
        picked = np.repeat(old_ptr[order] - ptr[:-1], count) + np.arange(ptr[-1], dtype=np.int64)
        indptr = np.searchsorted(sent[order], np.arange(n + 1)).astype(np.int64)
        rows = FeatureRows(value[order], col[order].astype(np.int32), indptr, self.scorer.n_features, norms)
        return rows, SpanTable(ptr, bounds.reshape(-1, 2)[picked].reshape(-1))
