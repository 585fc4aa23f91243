"""Sentence terms -> feature rows -> probabilities, without scikit-learn's wrappers.

The fitted pipeline (TF-IDF lemma n-grams and lexicon counts, then the
temperature-scaled linear classifier) is a fixed map. :class:`LinearScorer`
reads its vocabulary, IDF weights and coefficients once and applies them with
dict lookups and one sparse product per document. It computes what
``pipeline.predict_proba`` computes (a test holds it to 1e-9 on the corpus),
but skips scikit-learn's per-call validation, which cost more than the
arithmetic on sentence-sized inputs, and it records which words produced
each feature, so evidence needs no second pass over the sentence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.special import softmax

from . import lexicon
from .terms import Term

#: Where each feature of a sentence came from: column -> the words (as Terms).
Located = dict[int, list[Term]]


class LinearScorer:
    """The inference half of a fitted ``lemma`` / ``lexicon`` pipeline.

    Build it with :meth:`from_pipeline`, which returns ``None`` for feature
    sets it does not cover (character n-grams, word vectors); those keep
    using the pipeline itself.
    """

    def __init__(self, pipeline: Any):
        union = pipeline[0][-1]
        clf = pipeline[-1]
        self.n_features = 0
        self.vocabulary: dict[str, int] | None = None
        self.lexicon_columns: dict[str, int] | None = None
        for name, transformer in union.transformer_list:
            width = len(transformer.get_feature_names_out())
            if name == "lemma":
                self.vocabulary = {t: self.n_features + j for t, j in transformer.vocabulary_.items()}
                self.idf = np.concatenate([np.zeros(self.n_features), transformer.idf_]).tolist()
                self.sublinear = bool(transformer.sublinear_tf)
                self.n_max = int(transformer.analyzer.keywords["n_max"])
            else:
                self.lexicon_columns = {
                    str(n): self.n_features + j for j, n in enumerate(transformer.get_feature_names_out())
                }
            self.n_features += width
        self.coef_t = np.ascontiguousarray(clf.coef_.T)
        self.intercept = clf.intercept_
        self.temperature = clf.temperature_
        # A sentence with no known feature gets the classifier's empty label outright.
        self.empty = (
            (clf.classes_ == clf.empty_label).astype(float)
            if clf.empty_label is not None and clf.empty_label in clf.classes_
            else None
        )

    @classmethod
    def from_pipeline(cls, pipeline: Any) -> LinearScorer | None:
        """Return a scorer equivalent to ``pipeline``, or ``None`` if it cannot be one."""
        from .features import _ngram_analyzer

        union = pipeline[0][-1]
        names = [name for name, _ in union.transformer_list]
        if not names or set(names) - {"lemma", "lexicon"} or union.transformer_weights:
            return None
        if not hasattr(pipeline[-1], "temperature_"):
            return None
        if "lemma" in names:
            vec = union.named_transformers["lemma"]
            analyzer = getattr(vec, "analyzer", None)
            if (
                getattr(analyzer, "func", None) is not _ngram_analyzer
                or vec.norm != "l2"
                or not vec.use_idf
                or vec.binary
            ):
                return None
        return cls(pipeline)

    def transform(
        self, sentences: Sequence[list[Term]]
    ) -> tuple[sp.csr_matrix, list[dict[int, float]], list[Located]]:
        """Featurise sentences given as unigram terms.

        Returns
        -------
        matrix : scipy.sparse.csr_matrix
            One row per sentence, the pipeline's feature columns.
        rows : list of dict
            The same rows as ``{column: value}``.
        located : list of dict
            Per sentence, ``{column: [Term, ...]}``: the words behind each feature.
        """
        indptr, indices, data = [0], [], []
        rows: list[dict[int, float]] = []
        located: list[Located] = []
        for terms in sentences:
            row: dict[int, float] = {}
            where: Located = {}
            if self.vocabulary is not None:
                self._lemma_row(terms, row, where)
            if self.lexicon_columns is not None:
                self._lexicon_row(terms, row, where)
            cols = sorted(row)
            indices += cols
            data += [row[c] for c in cols]
            indptr.append(len(indices))
            rows.append(row)
            located.append(where)
        matrix = sp.csr_matrix(
            (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int32), indptr),
            shape=(len(sentences), self.n_features),
        )
        return matrix, rows, located

    def _lemma_row(self, terms: list[Term], row: dict[int, float], where: Located) -> None:
        # TfidfVectorizer.transform: counts of the known n-grams, sublinear
        # tf, times idf, then the l2 norm of this block.
        vocabulary = self.vocabulary
        words = [t.term for t in terms]
        counts: dict[int, int] = {}
        for n in range(1, self.n_max + 1):
            for i in range(len(words) - n + 1):
                if n == 1:
                    gram = words[i]
                elif n == 2:
                    gram = words[i] + " " + words[i + 1]
                else:
                    gram = " ".join(words[i : i + n])
                col = vocabulary.get(gram)
                if col is None:
                    continue
                counts[col] = counts.get(col, 0) + 1
                span = terms[i] if n == 1 else Term(gram, terms[i].start, terms[i + n - 1].end)
                where.setdefault(col, []).append(span)
        idf = self.idf
        values = {
            c: ((math.log(k) + 1.0) if self.sublinear else float(k)) * idf[c] for c, k in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in values.values()))
        if norm > 0:
            for c, v in values.items():
                row[c] = v / norm

    def _lexicon_row(self, terms: list[Term], row: dict[int, float], where: Located) -> None:
        # LexiconFeatures.transform: log1p of the summed cue weights per column.
        for name, (weight, spans) in lexicon.by_feature(terms).items():
            c = self.lexicon_columns[name]
            row[c] = float(np.log1p(weight))
            where[c] = spans

    def predict_proba(self, matrix: sp.csr_matrix) -> np.ndarray:
        """Return calibrated class probabilities, as ``OrientationClassifier.predict_proba``."""
        logits = (np.asarray(matrix @ self.coef_t) + self.intercept) / self.temperature
        proba = softmax(logits, axis=1)
        if self.empty is not None:
            proba[np.diff(matrix.indptr) == 0] = self.empty
        return proba
