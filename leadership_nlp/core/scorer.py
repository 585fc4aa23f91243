"""Sentence terms -> feature rows -> probabilities, without scikit-learn's wrappers.

The fitted pipeline (TF-IDF lemma n-grams and lexicon counts, then the
temperature-scaled linear classifier) is a fixed map. :class:`LinearScorer`
reads its vocabulary, IDF weights and coefficients once and applies them with
dict lookups and one sparse product per document (:class:`FeatureRows`, with
NumPy only: scipy.sparse cost 60 ms of start-up). It computes what
``pipeline.predict_proba`` computes (a test holds it to 1e-9 on the corpus),
but skips scikit-learn's per-call validation, which cost more than the
arithmetic on sentence-sized inputs, and it records which words produced
each feature, so evidence needs no second pass over the sentence.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from . import lexicon
from .constants import WORD_CACHE_MAX
from .terms import Term, is_content

#: What the lemma block needs of a content term: its unigram column, and the
#: next-word and next-but-one-word maps to the column of each known pair.
_TermInfo = tuple[int | None, dict[str, int] | None, dict[str, int] | None]
_UNSEEN: Any = object()
_UNKNOWN: _TermInfo = (None, None, None)

#: Where each feature of a sentence came from: column -> the words (as Terms).
Located = dict[int, list[Term]]


class FeatureRows:
    """Sentences' feature rows in compressed sparse row form (``data``, ``indices``, ``indptr``).

    What ``scipy.sparse.csr_matrix`` would hold, with the two operations the
    runtime needs. :meth:`dot` adds each row's products in index order, as
    scipy's CSR product does, so results are the same to the last bit.
    """

    __slots__ = ("data", "indices", "indptr", "n_features", "norms")

    def __init__(
        self,
        data: np.ndarray,
        indices: np.ndarray,
        indptr: np.ndarray,
        n_features: int,
        norms: Sequence[float] | np.ndarray = (),
    ):
        self.data, self.indices, self.indptr, self.n_features = data, indices, indptr, n_features
        #: Per row, the lemma block's norm (:meth:`LinearScorer.lemma_value`); empty if not known.
        self.norms = norms

    @property
    def shape(self) -> tuple[int, int]:
        """``(number of rows, number of feature columns)``."""
        return len(self.indptr) - 1, self.n_features

    def dot(self, dense: np.ndarray, index: np.ndarray | None = None) -> np.ndarray:
        """Return these rows ``@ dense`` for a ``(n_features, k)`` array, as a dense ``(n_rows, k)`` array.

        With ``index`` (an int per feature column), ``dense`` holds distinct rows only: column
        ``j``'s is ``dense[index[j]]``.
        """
        out = np.zeros((self.shape[0], dense.shape[1]))
        row_of = np.repeat(np.arange(self.shape[0]), np.diff(self.indptr))
        picked = dense[self.indices] if index is None else dense[index[self.indices]]
        # ufunc.at adds unbuffered, in order: each row sums its products left to right.
        np.add.at(out, row_of, self.data[:, None] * picked)
        return out

    def rows(self, start: int, stop: int) -> FeatureRows:
        """Return rows ``start`` to ``stop`` (views of these rows' arrays; the norms copied)."""
        first, last = int(self.indptr[start]), int(self.indptr[stop])
        norms = np.array(self.norms[start:stop], dtype=np.float64) if len(self.norms) else ()
        return FeatureRows(
            self.data[first:last],
            self.indices[first:last],
            self.indptr[start : stop + 1] - first,
            self.n_features,
            norms,
        )

    def take(self, rows: Sequence[int]) -> FeatureRows:
        """Return the rows ``rows``, in that order."""
        starts, ends = self.indptr[:-1][rows], self.indptr[1:][rows]
        pieces = [np.arange(a, b) for a, b in zip(starts, ends, strict=True)]
        picked = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
        indptr = np.concatenate([[0], np.cumsum(ends - starts)])
        norms = [self.norms[i] for i in rows] if len(self.norms) else ()
        return FeatureRows(self.data[picked], self.indices[picked], indptr, self.n_features, norms)

    def empty(self) -> np.ndarray:
        """Return, per row, whether it has no feature."""
        return np.diff(self.indptr) == 0


class PairIndex(NamedTuple):
    """The lemma block's word pairs as numbers: what :mod:`~leadership_nlp.core.term_arrays` looks up.

    ``ids[j]`` is ``(first, second, kind)`` for lemma column ``j``: the two words'
    indices into ``words`` and ``kind`` 1 for a pair "a b", 2 for a skipgram "a ~ b",
    0 (and -1, -1) for any other term. Worked out once, when a model is saved:
    splitting 75,000 terms cost about 50 ms of the first result.
    """

    words: list[str]
    ids: np.ndarray

    @classmethod
    def of(cls, terms: Sequence[str]) -> PairIndex:
        """Return the index of the lemma terms ``terms``, in column order."""
        words: dict[str, int] = {}
        ids = np.full((len(terms), 3), -1, dtype=np.int32)
        ids[:, 2] = 0
        for j, term in enumerate(terms):
            first, second, kind = cls.split(term)
            if kind:
                ids[j] = (words.setdefault(first, len(words)), words.setdefault(second, len(words)), kind)
        return cls(list(words), ids)

    @staticmethod
    def split(term: str) -> tuple[str, str, int]:
        """Return ``(first word, second word, kind)`` of a term; kind 0 (and two empty words) if no pair."""
        first, space, second = term.partition(" ")
        kind = 1
        if second.startswith("~ "):
            kind, second = 2, second[2:]
        if not space or " " in second:
            return "", "", 0  # a single word, or a longer n-gram
        return first, second, kind


class LinearScorer:
    """The inference half of a fitted ``lemma`` / ``lexicon`` pipeline, as plain arrays.

    :func:`leadership_nlp.train.compile.compile_scorer` builds it from a
    fitted pipeline. :meth:`state` and :meth:`from_state` turn it
    into JSON-ready metadata plus numeric arrays and back, so a model can be
    stored and loaded without pickling or scikit-learn.
    """

    def __init__(
        self,
        *,
        n_features: int,
        coef: np.ndarray,
        intercept: np.ndarray,
        temperature: float,
        empty: np.ndarray | None,
        lemma_offset: int | None = None,
        lemma_terms: Sequence[str] = (),
        idf: np.ndarray | None = None,
        sublinear: bool = True,
        n_max: int = 2,
        lexicon_offset: int | None = None,
        lexicon_names: Sequence[str] = (),
        skipgrams: bool = False,
        phrases: bool = False,
        norm_floor: float = 0.0,
        lexicon_scale: float = 1.0,
        pair_words: Sequence[str] | None = None,
        pair_ids: np.ndarray | None = None,
    ):
        self.n_features = int(n_features)
        self.lexicon_scale = float(lexicon_scale)
        self.skipgrams = bool(skipgrams)
        self.phrases = bool(phrases)
        self.norm_floor = float(norm_floor)
        # Lemma term -> column, built only when asked for (vocabulary): lookups go through column().
        self._vocabulary: dict[str, int] | None = None
        self.lexicon_columns: dict[str, int] | None = None
        self.idf: list[float] = [0.0] * self.n_features
        # Stop word -> next word -> its phrase pair's column (None: no pair);
        # a content word's maps are part of its _info.
        self._stop_pairs: dict[str, dict[str, int] | None] = {}
        # Column -> n-gram, for the pairs (a list: a model has tens of thousands of
        # columns); filled as the pair maps are read (_pair_maps).
        self._names: list[str] = [""] * self.n_features
        # term -> what the lemma block needs of it (see _term_info), worked out
        # once per distinct term instead of three lookups per word.
        self._info: dict[str, _TermInfo | None] = {}
        # The vocabulary in sorted order and each entry's column: a word's
        # pairs ("word next", "word ~ next") are neighbours there.
        self._sorted: list[str] = []
        self._sorted_cols: Sequence[int] = ()
        # The vocabulary's own str object of each word: a pair map keeps its
        # second words alive, and slicing makes a new str per pair.
        self._words: dict[str, str] = {}
        in_order = list(lemma_terms)
        if lemma_offset is not None:
            terms = in_order
            cols: Sequence[int] = range(lemma_offset, lemma_offset + len(terms))
            # TfidfVectorizer numbers its columns in sorted order; any other order is sorted once.
            if terms != sorted(terms):
                order = sorted(range(len(terms)), key=terms.__getitem__)
                terms, cols = [terms[i] for i in order], [lemma_offset + i for i in order]
            self._sorted, self._sorted_cols = terms, cols
            self._words = {t: t for t in terms if " " not in t}
            # One float object per distinct weight (a model has a few hundred among 75,000 terms):
            # as many objects took 1.8 MB.
            weights = np.asarray(idf, dtype=float).tolist()
            shared = dict(zip(weights, weights, strict=True))
            self.idf[lemma_offset : lemma_offset + len(in_order)] = list(map(shared.__getitem__, weights))
        if lexicon_offset is not None:
            self.lexicon_columns = {str(n): lexicon_offset + j for j, n in enumerate(lexicon_names)}
        self.sublinear = bool(sublinear)
        self.n_max = int(n_max)
        # Scoring reads the features' rows (coef_t); coef is a view of it, not a second copy.
        self.coef_t = np.ascontiguousarray(np.asarray(coef, dtype=np.float64).T)
        self.coef = self.coef_t.T
        self.coef.flags.writeable = False  # a write would change scores but not the evidence
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.temperature = float(temperature)
        # A sentence with no known feature gets the classifier's empty label outright.
        self.empty = None if empty is None else np.asarray(empty, dtype=np.float64)
        self._lemma = (lemma_offset, in_order)
        self._lexicon = (lexicon_offset, [str(n) for n in lexicon_names])
        # The lemma block's pairs as word ids (pair_index), as stored with the model, if it was.
        self._pair_index: PairIndex | None = None
        if pair_words is not None and pair_ids is not None:
            self._pair_index = PairIndex(list(pair_words), np.asarray(pair_ids, dtype=np.int32))

    def __getstate__(self) -> dict[str, Any]:
        # The term caches are rebuilt as texts come: a scorer sent to workers
        # (or pickled with a component) carries only its arrays.
        return {**self.__dict__, "_info": {}, "_stop_pairs": {}, "_vocabulary": None}

    @property
    def vocabulary(self) -> dict[str, int] | None:
        """Lemma term -> its column (None: the model has no lemma block); built when first asked for.

        Classifying never needs it (:meth:`column` finds a term in the sorted
        terms): as a dict, the model's 80,000 terms held about 4 MB.
        """
        offset, terms = self._lemma
        if offset is None:
            return None
        if self._vocabulary is None:
            self._vocabulary = dict(zip(terms, range(offset, offset + len(terms)), strict=True))
        return self._vocabulary

    def column(self, term: str) -> int | None:
        """Return the lemma column of ``term`` (None: not in the vocabulary, or no lemma block)."""
        terms = self._sorted
        k = bisect_left(terms, term)
        return self._sorted_cols[k] if k < len(terms) and terms[k] == term else None

    def state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Return ``(metadata, arrays)``: JSON-ready fields and numeric arrays."""
        meta = {
            "n_features": self.n_features,
            "temperature": self.temperature,
            "sublinear": self.sublinear,
            "n_max": self.n_max,
            "lemma_offset": self._lemma[0],
            "lemma_terms": self._lemma[1],
            "lexicon_offset": self._lexicon[0],
            "lexicon_names": self._lexicon[1],
            "skipgrams": self.skipgrams,
            "phrases": self.phrases,
            "norm_floor": self.norm_floor,
            "lexicon_scale": self.lexicon_scale,
        }
        arrays = {"coef": self.coef, "intercept": self.intercept}
        if self._lemma[0] is not None:
            start = self._lemma[0]
            arrays["idf"] = np.asarray(self.idf[start : start + len(self._lemma[1])])
        if self.empty is not None:
            arrays["empty"] = self.empty
        if self._lemma[0] is not None:
            index = self.pair_index()
            meta["pair_words"] = index.words
            arrays["pair_ids"] = index.ids
        return meta, arrays

    @property
    def lemma_offset(self) -> int | None:
        """The lemma block's first column (None: the model has no lemma block)."""
        return self._lemma[0]

    @property
    def lemma_terms(self) -> Sequence[str]:
        """The lemma block's terms in column order, from :attr:`lemma_offset` on."""
        return self._lemma[1]

    def pair_index(self) -> PairIndex:
        """Return the lemma block's pairs ("a b", "a ~ b") as word ids (see :class:`PairIndex`).

        Stored with the model; worked out from the vocabulary for a model saved without it.
        """
        if self._pair_index is None:
            self._pair_index = PairIndex.of(self._lemma[1])
        return self._pair_index

    @classmethod
    def from_state(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> LinearScorer:
        """Rebuild a scorer from :meth:`state` output."""
        return cls(
            n_features=meta["n_features"],
            coef=arrays["coef"],
            intercept=arrays["intercept"],
            temperature=meta["temperature"],
            empty=arrays.get("empty"),
            lemma_offset=meta["lemma_offset"],
            lemma_terms=meta["lemma_terms"],
            idf=arrays.get("idf"),
            sublinear=meta["sublinear"],
            n_max=meta["n_max"],
            lexicon_offset=meta["lexicon_offset"],
            lexicon_names=meta["lexicon_names"],
            skipgrams=bool(meta.get("skipgrams", False)),
            phrases=bool(meta.get("phrases", False)),
            norm_floor=float(meta.get("norm_floor", 0.0)),
            lexicon_scale=float(meta.get("lexicon_scale", 1.0)),
            pair_words=meta.get("pair_words"),
            pair_ids=arrays.get("pair_ids"),
        )

    def transform(
        self, sentences: Sequence[list[Term]]
    ) -> tuple[FeatureRows, list[dict[int, float]], list[Located]]:
        """Featurise sentences given as unigram terms.

        Returns
        -------
        matrix : FeatureRows
            One row per sentence, the pipeline's feature columns.
        rows : list of dict
            The same rows as ``{column: value}``.
        located : list of dict
            Per sentence, ``{column: [Term, ...]}``: the words behind each feature.
        """
        indptr, indices, data = [0], [], []
        rows: list[dict[int, float]] = []
        located: list[Located] = []
        norms: list[float] = []
        for terms in sentences:
            row: dict[int, float] = {}
            where: Located = {}
            norms.append(self._lemma_row(terms, row, where) if self._lemma[0] is not None else 1.0)
            if self.lexicon_columns is not None:
                self._lexicon_row(terms, row, where)
            cols = sorted(row)
            indices += cols
            data += [row[c] for c in cols]
            indptr.append(len(indices))
            rows.append(row)
            located.append(where)
        matrix = FeatureRows(
            np.asarray(data, dtype=np.float64),
            np.asarray(indices, dtype=np.int32),
            np.asarray(indptr, dtype=np.int64),
            self.n_features,
            norms,
        )
        return matrix, rows, located

    def _lemma_row(self, terms: list[Term], row: dict[int, float], where: Located) -> float:
        # TfidfVectorizer.transform over terms.ngrams: counts of the known
        # n-grams of the content terms, sublinear tf, times idf, then the
        # FloorNormalizer of this block. Each occurrence adds one span to
        # ``where``, so a column's count is its number of spans. Unigrams of
        # NOT_ALONE terms are never in the vocabulary. One pass finds the
        # unigrams and the word pairs (each word and the next, and with
        # skipgrams the one after the next) through a word -> other word ->
        # column map, so no string is built for the many pairs that are not
        # in the vocabulary; pairs are kept apart and added after the
        # unigrams, in the order the norm's sum has always had. Returns the
        # norm (see lemma_value).
        info = self._info
        if len(info) > WORD_CACHE_MAX:
            info.clear()  # bounded memory on endless vocabularies
        get, names, make = info.get, self._names, tuple.__new__
        pairs: Located = {}
        skips: Located = {}
        content: list[Term] = []
        bigrams = self.n_max >= 2
        skipgrams = self.skipgrams
        # The previous content term and the one before it, with their pair maps.
        last = before = None
        last_next = last_skip = before_skip = None
        # With phrases (terms.phrase_pairs): the previous term of any kind,
        # whether it was a stop word, and its next-word map. Which pairs may be
        # features (no mark, no NOT_ALONE term with a stop word) was settled in
        # training: only they are in the vocabulary, so a lookup that finds
        # nothing is the rule at work.
        phrases: Located | None = {} if self.phrases else None
        stop_pairs = self._stop_pairs
        prev: Term | None = None
        prev_stop = False
        prev_next: dict[str, int] | None = None
        for t in terms:
            term = t[0]
            found = get(term, _UNSEEN)
            if found is _UNSEEN:
                found = info[term] = self._term_info(term)
            if phrases is not None:
                stop = found is None
                if prev_next is not None and stop != prev_stop:
                    col = prev_next.get(term)
                    if col is not None:  # pairs are rare: setdefault's spare list costs little
                        phrases.setdefault(col, []).append(make(Term, (names[col], prev[1], t[2])))  # type: ignore[index]
                if stop:  # a closed set of words: their maps are kept for good
                    prev_next = stop_pairs.get(term, _UNSEEN)
                    if prev_next is _UNSEEN:
                        prev_next = stop_pairs[term] = self._pair_maps(term)[0]
                else:
                    prev_next = found[1]  # type: ignore[index]
                prev, prev_stop = t, stop
            if found is None:  # a stop word: never a feature on its own
                continue
            content.append(t)
            col, following, skipping = found
            if col is not None:
                spans = where.get(col)
                if spans is None:
                    where[col] = [t]
                else:
                    spans.append(t)
            if last_next is not None:
                col = last_next.get(term)
                if col is not None:
                    pairs.setdefault(col, []).append(make(Term, (names[col], last[1], t[2])))  # type: ignore[index]
            if before_skip is not None:
                col = before_skip.get(term)
                if col is not None:
                    skips.setdefault(col, []).append(make(Term, (names[col], before[1], t[2])))  # type: ignore[index]
            before, before_skip = last, last_skip
            last, last_next, last_skip = t, following if bigrams else None, skipping if skipgrams else None
        where.update(pairs)
        where.update(skips)
        if phrases:
            where.update(phrases)
        words = [t.term for t in content] if self.n_max >= 3 else []
        # Longer n-grams, in a model that has them: every window looked up, so the dict.
        vocabulary = (self.vocabulary or {}) if words else {}
        for n in range(3, self.n_max + 1):
            for i in range(len(words) - n + 1):
                gram = " ".join(words[i : i + n])
                col = vocabulary.get(gram)
                if col is not None:
                    where.setdefault(col, []).append(Term(gram, content[i].start, content[i + n - 1].end))
        idf = self.idf
        # lemma_value() per column, inlined: one dict comprehension per sentence.
        if self.sublinear:
            # log(1) + 1 == 1 exactly, so single occurrences skip the log.
            values = {
                c: idf[c] if len(s) == 1 else (math.log(len(s)) + 1.0) * idf[c] for c, s in where.items()
            }
        else:
            values = {c: float(len(s)) * idf[c] for c, s in where.items()}
        squared = sum([v * v for v in values.values()])
        norm = math.sqrt(max(squared, self.norm_floor))
        if squared > 0:
            for c, v in values.items():
                row[c] = v / norm
        return norm

    def lemma_value(self, col: int, count: int, norm: float) -> float:
        """Return the value of lemma column ``col`` occurring ``count`` times in a row of norm ``norm``.

        What :meth:`transform` computes, bit for bit (the same operations in
        the same order), so evidence can be rebuilt from a feature's count and
        its row's norm (:attr:`FeatureRows.norms`) instead of being stored.
        """
        idf = self.idf[col]
        if not self.sublinear:
            return float(count) * idf / norm
        return (idf if count == 1 else (math.log(count) + 1.0) * idf) / norm

    def value_source(self) -> bytes:
        """Return the bytes that decide :meth:`lemma_value` (IDF weights and settings), to fingerprint it."""
        settings = repr((self.n_features, self.sublinear, self.norm_floor, self.lexicon_scale)).encode()
        return settings + np.asarray(self.idf, dtype=np.float64).tobytes()

    def is_lexicon(self) -> np.ndarray:
        """Return, per feature column, whether it is a lexicon column (not a lemma n-gram)."""
        out = np.zeros(self.n_features, dtype=bool)
        out[list((self.lexicon_columns or {}).values())] = True
        return out

    def _term_info(self, term: str) -> _TermInfo | None:
        # None for a stop word; else the term's unigram column and the maps
        # from the next word (and the one after) to their pair's column.
        if not is_content(term):
            return None
        found = (self.column(term), *self._pair_maps(term))
        # Most distinct words are unknown to the model: they share one tuple.
        return _UNKNOWN if found == _UNKNOWN else found

    def _pair_maps(self, word: str) -> tuple[dict[str, int] | None, dict[str, int] | None]:
        # The columns of the pairs that start with ``word``, read off the sorted
        # vocabulary (every "word ..." term lies in [word + " ", word + "!")),
        # for the word's _info when it is first seen: building them for every
        # word at load cost more start-up than the rest of the model.
        following: dict[str, int] | None = None
        skipping: dict[str, int] | None = None
        lo = bisect_left(self._sorted, word + " ")
        for k in range(lo, bisect_left(self._sorted, word + "!", lo)):
            term, col = self._sorted[k], self._sorted_cols[k]
            _, second, kind = PairIndex.split(term)
            if kind == 0:
                continue  # a longer n-gram: read by the n-gram loop
            second = self._words.get(second, second)
            if kind == 2:
                if skipping is None:
                    skipping = {}
                skipping[second] = col
            else:
                if following is None:
                    following = {}
                following[second] = col
            self._names[col] = term
        return following, skipping

    def _lexicon_row(self, terms: list[Term], row: dict[int, float], where: Located) -> None:
        # LexiconFeatures.transform: log1p of the summed cue weights per column.
        assert self.lexicon_columns is not None  # transform() calls this only when it is set
        for name, (weight, spans) in lexicon.by_feature(terms).items():
            c = self.lexicon_columns[name]
            row[c] = self.lexicon_scale * float(np.log1p(weight))
            where[c] = spans

    def predict_proba(self, matrix: FeatureRows) -> np.ndarray:
        """Return calibrated class probabilities, as ``OrientationClassifier.predict_proba``."""
        logits = (matrix.dot(self.coef_t) + self.intercept) / self.temperature
        # scipy.special.softmax, without importing scipy.special.
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        proba = exp / exp.sum(axis=1, keepdims=True)
        if self.empty is not None:
            proba[matrix.empty()] = self.empty
        return proba
