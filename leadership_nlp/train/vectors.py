"""Static word vectors distilled from MiniLM (``models/distill/vectors.npz``), for research.

The ``vectors`` feature sets of ``leadership-nlp evaluate --ablation`` use
them; the shipped model does not, so the table lives in a source checkout,
not in the installed package. It is built once, at build time, by
``models/distill/vectors.py`` (model2vec over sentence-transformers'
all-MiniLM-L6-v2), and read as a numpy array without pickle. A sentence's
vector is the mean of its words' vectors. The branch has no compiled form, so
a model using it predicts sentences only (research).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ..core.constants import NEGATION_PREFIX
from ..core.terms import NUM_TOKEN, Term

#: Where the table lives in a source checkout, relative to its root.
TABLE = Path("models") / "distill" / "vectors.npz"


def table_path() -> Path:
    """Return the table of the source checkout this package runs from, or of the working folder."""
    for root in (Path(__file__).resolve().parents[2], Path.cwd()):
        if (root / TABLE).is_file():
            return root / TABLE
    return Path.cwd() / TABLE


@lru_cache(maxsize=1)
def load_table() -> tuple[dict[str, int], np.ndarray, str]:
    """Return ``(row of each word, vectors as float32, SHA-256 of the file)``.

    Raises
    ------
    FileNotFoundError
        Outside a source checkout (the research table is not installed with the package).
    """
    path = table_path()
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: the word-vector table of the research feature set 'vectors' is in a source "
            f"checkout of leadership-nlp ({TABLE}), not in the installed package: run from the checkout"
        )
    raw = path.read_bytes()
    with path.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
        words = [str(w) for w in data["words"]]
        vectors = data["vectors"].astype(np.float32)
    return {w: i for i, w in enumerate(words)}, vectors, hashlib.sha256(raw).hexdigest()


def _rows(terms: list[Term], index: dict[str, int]) -> list[tuple[Term, int]]:
    # Negated words and number placeholders carry no vector.
    return [
        (t, index[t.term])
        for t in terms
        if t.term in index and not t.term.startswith(NEGATION_PREFIX) and t.term != NUM_TOKEN
    ]


class StaticVectors(TransformerMixin, BaseEstimator):
    """Mean distilled word vector of each sentence's terms.

    Parameters
    ----------
    scale : float, default=1.0
        Multiplier of the vectors, to balance them against sparse features.
    """

    def __init__(self, scale: float = 1.0):
        self.scale = scale

    def fit(self, X: list[list[Term]], y: object = None) -> StaticVectors:
        """Record the table's checksum and size."""
        _, vectors, digest = load_table()
        self.table_sha256_ = digest
        self.n_dims_ = vectors.shape[1]
        return self

    def _table(self) -> tuple[dict[str, int], np.ndarray]:
        check_is_fitted(self, "table_sha256_")
        index, vectors, digest = load_table()
        if digest != self.table_sha256_:
            raise RuntimeError("the vectors.npz found is not the table this model was trained with")
        return index, vectors

    def transform(self, X: list[list[Term]]) -> sp.csr_matrix:
        """Return one row per sentence: the scaled mean vector of its words."""
        index, vectors = self._table()
        out = np.zeros((len(X), self.n_dims_), dtype=np.float64)
        for r, terms in enumerate(X):
            rows = [i for _, i in _rows(terms, index)]
            if rows:
                out[r] = vectors[rows].mean(axis=0) * self.scale
        return sp.csr_matrix(out)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return ``dim0`` ... ``dimN``."""
        check_is_fitted(self, "n_dims_")
        return np.array([f"dim{i}" for i in range(self.n_dims_)], dtype=object)
