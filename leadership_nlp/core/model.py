"""The runtime model: a trained model as plain arrays, the one class that classifies texts.

Training fits a scikit-learn estimator
(:class:`~leadership_nlp.train.estimator.OrientationModel`), whose pipeline
is a fixed linear map; :func:`leadership_nlp.train.compile.compile_model`
copies what that map needs — the vocabulary, IDF weights, lexicon columns,
coefficients, temperature and the facet model's coefficients — into a
:class:`CompiledModel`, stored as ``inference.json`` and ``inference.npz``
(no pickle: loading them cannot run code) and applied by
:class:`~leadership_nlp.core.scorer.LinearScorer`. ``load_model`` always
returns this class; it needs neither scikit-learn nor the training code.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

import numpy as np
from spacy.tokens import Span

from . import knowledge, span_mark, span_yield
from .constants import ARRAYS_FILE, LEADERSHIP, MAX_TEXT_CHARS, META_FILE
from .document import Chunk, Scored, check_sentences, classify_text, classify_texts
from .document_result import OrientationResult
from .evidence import Explainer, Weighed, contrast, weigh
from .files import replace_file
from .model_check import check_shapes
from .scorer import FeatureRows, LinearScorer, Located
from .span_mark import Bounds
from .span_yield import check as check_span_yield
from .term_arrays import ArrayFeaturiser, Part, SpanTable
from .terms import doc_unigrams, sentence_terms

if TYPE_CHECKING:
    from sklearn.base import BaseEstimator
    from spacy.tokens import Doc

#: Version of the compiled format (the two files above). 2: content-only
#: n-grams, the norm floor and the knowledge hashes (0.2); a version-1 model's
#: n-grams would silently never fire, so it is refused.
COMPILED_VERSION = 2
#: Unpacked size above which arrays are refused (the shipped ones take about 1 MB).
_MAX_ARRAY_BYTES = 1 << 30
#: The estimator a compiled model was trained as: what ``clone`` gives back,
#: unfitted. Named, not imported: the runtime never loads the training code.
ESTIMATOR = "leadership_nlp.train.estimator:OrientationModel"


class TextClassifier(Protocol):
    """What classifies whole texts: a :class:`CompiledModel`, or a fitted estimator (compiled on use)."""

    def classify(self, text: str, *, max_chars: int | None = ...) -> OrientationResult: ...  # noqa: D102

    def classify_many(  # noqa: D102
        self, texts: Iterable[str], *, max_chars: int | None = ...
    ) -> list[OrientationResult]: ...


class CompiledModel:
    """A fitted orientation model that classifies without scikit-learn.

    It has the prediction side of the estimator's interface — ``classify``,
    ``classify_many``, ``predict``, ``predict_proba``, ``decision_function``,
    ``predict_facets``, ``score``, ``classes_``, ``get_feature_names_out`` —
    with the estimator's results. It is not refitted in place (``fit``
    refuses): ``sklearn.base.clone`` gives the unfitted estimator with the
    same parameters, so ``cross_val_score(load_model(), X, y)`` refits that.

    Parameters
    ----------
    scorer : LinearScorer
        Features and calibrated probabilities.
    classes : sequence of str
        Class names, in the scorer's coefficient row order.
    mask_roles : bool
        Whether role nouns are masked before featurising.
    mark_titles : bool
        Whether sentences shaped like a title or heading get a term of their own.
    mark_spans : bool
        Whether sentences in which the role profile reads a span of control get
        a term of their own (:mod:`~leadership_nlp.core.span_mark`).
    passive_agents : bool
        Whether a passive's participle before its agent is marked like a negated
        word (:func:`~leadership_nlp.core.terms.passive_agent`).
    span_yield : float or None
        With span marks: a marked sentence not read as leadership is read again
        without its role-profile words, and takes that reading when it is
        leadership with this probability or more (guideline C.6;
        :mod:`~leadership_nlp.core.span_yield`). ``None``: never.
    facet_classes, facet_coef, facet_intercept : optional
        The one-vs-rest logistic facet model (names, coefficients, intercepts).
    params : dict, optional
        The estimator's parameters (``OrientationModel.get_params()``).
    """

    def __init__(
        self,
        scorer: LinearScorer,
        *,
        classes: Sequence[str],
        mask_roles: bool,
        mark_titles: bool = False,
        mark_spans: bool = False,
        passive_agents: bool = False,
        span_yield: float | None = None,
        facet_classes: Sequence[str] = (),
        facet_coef: np.ndarray | None = None,
        facet_intercept: np.ndarray | None = None,
        params: dict[str, Any] | None = None,
    ):
        self.scorer = scorer
        self.labels = tuple(str(c) for c in classes)
        self.classes_ = np.array(self.labels, dtype=object)
        self.mask_roles = bool(mask_roles)
        self.mark_titles = bool(mark_titles)
        self.mark_spans = bool(mark_spans)
        self.passive_agents = bool(passive_agents)
        self.span_yield = check_span_yield(span_yield)
        self.params = dict(params or {})
        self.facet_classes = tuple(str(f) for f in facet_classes)
        # The facet coefficients of the columns that have any (about half of them) and each
        # column's row among them, a column without any the last row (zeros): 2 MB less.
        self._facet_rows: tuple[np.ndarray, np.ndarray] | None = None
        if facet_coef is not None:
            coef_t = np.asarray(facet_coef, dtype=np.float64).T
            used = np.flatnonzero(np.any(coef_t != 0, axis=1))
            index = np.full(len(coef_t), len(used), dtype=np.int32)
            index[used] = np.arange(len(used), dtype=np.int32)
            values = np.zeros((len(used) + 1, coef_t.shape[1]), dtype=np.float64)
            values[:-1] = coef_t[used]
            self._facet_rows = (index, values)
        self.facet_intercept = None if facet_intercept is None else np.asarray(facet_intercept)
        # The evidence arithmetic: the contrast of each column per class, and the columns' short names.
        self._explainer = Explainer(
            _column_names(scorer),
            contrast(scorer.coef, scorer.temperature),
            scorer.lemma_value,
            scorer.is_lexicon(),
            scorer.value_source,
        )
        self._facet_sets: dict[tuple[int, ...], tuple[str, ...]] = {}
        # classify's featuriser, over token arrays; the same rows as doc_unigrams + transform.
        self._featuriser = (
            ArrayFeaturiser(
                scorer,
                mask_roles=self.mask_roles,
                mark_titles=self.mark_titles,
                passive_agents=self.passive_agents,
            )
            if ArrayFeaturiser.supports(scorer)
            else None
        )

    # -- saving and loading ------------------------------------------------------

    def save(self, directory: str | Path) -> list[Path]:
        """Write ``inference.json`` and ``inference.npz`` into ``directory``; return their paths."""
        directory = Path(directory)
        arrays: dict[str, Any]  # the scorer's arrays, then the facets' too
        meta, arrays = self.scorer.state()
        meta = {
            "compiled_version": COMPILED_VERSION,
            "classes": list(self.labels),
            "mask_roles": self.mask_roles,
            "mark_titles": self.mark_titles,
            "mark_spans": self.mark_spans,
            "passive_agents": self.passive_agents,
            "span_yield": self.span_yield,
            "params": self.params,
            "facet_classes": list(self.facet_classes),
            "scorer": meta,
            "knowledge": knowledge.fingerprint(),
        }
        if self._facet_rows is not None:
            index, values = self._facet_rows
            arrays = {**arrays, "facet_coef": values[index].T, "facet_intercept": self.facet_intercept}
        buffer = io.BytesIO()
        # Stored, not deflated: 8 MB instead of 3.6, read in a third of the time (inflating
        # took 11 ms of every start-up); git and the wheel compress them anyway.
        np.savez(buffer, **arrays)
        # New files renamed into place: a link planted at either name is replaced, not followed.
        return [
            replace_file(directory / META_FILE, (json.dumps(meta, sort_keys=True) + "\n").encode()),
            replace_file(directory / ARRAYS_FILE, buffer.getvalue()),
        ]

    @classmethod
    def from_bytes(cls, meta_bytes: bytes, arrays_bytes: bytes) -> CompiledModel:
        """Rebuild a model from the bytes of its two files (already checked against the manifest).

        Raises
        ------
        ValueError
            If the files are not a compiled model of a supported version.
        """
        return cls.from_parsed(json.loads(meta_bytes.decode("utf-8")), arrays_bytes)[0]

    @classmethod
    def from_parsed(cls, meta: Any, arrays_bytes: bytes) -> tuple[CompiledModel, dict[str, np.ndarray]]:
        """Return :meth:`from_bytes` on the parsed metadata, and the arrays it read (parsed once)."""
        if not isinstance(meta, dict) or meta.get("compiled_version") != COMPILED_VERSION:
            found = meta.get("compiled_version") if isinstance(meta, dict) else None
            raise ValueError(
                f"compiled format {found!r}, this version reads {COMPILED_VERSION} "
                "(a model trained with leadership-nlp 0.1): retrain it with `leadership-nlp train`"
            )
        with zipfile.ZipFile(io.BytesIO(arrays_bytes)) as archive:
            if sum(info.file_size for info in archive.infolist()) > _MAX_ARRAY_BYTES:
                raise ValueError(f"arrays larger than {_MAX_ARRAY_BYTES:,} bytes once unpacked")
        # allow_pickle=False: an .npz can hold pickled objects; these hold numbers only.
        with np.load(io.BytesIO(arrays_bytes), allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        check_shapes(meta, arrays)
        changed = knowledge.mismatches(meta.get("knowledge"))
        if changed:
            raise ValueError(
                "the model was trained with other knowledge than this installation has "
                f"({', '.join(changed)} changed): retrain it with `leadership-nlp train`"
            )
        model = cls(
            LinearScorer.from_state(meta["scorer"], arrays),
            classes=meta["classes"],
            mask_roles=meta["mask_roles"],
            mark_titles=meta.get("mark_titles", False),
            mark_spans=meta.get("mark_spans", False),
            passive_agents=meta.get("passive_agents", False),
            span_yield=meta.get("span_yield"),
            facet_classes=meta["facet_classes"],
            facet_coef=arrays.get("facet_coef"),
            facet_intercept=arrays.get("facet_intercept"),
            params=meta["params"],
        )
        return model, arrays

    # -- scikit-learn conventions ------------------------------------------------

    def __sklearn_tags__(self) -> Any:  # noqa: D105
        # A fitted text classifier: one string per sample, not a numeric 2-D
        # array. Asked for by scikit-learn (cross_val_score, the scorers), which
        # is imported by then.
        from sklearn.utils import ClassifierTags, InputTags, Tags, TargetTags

        return Tags(
            estimator_type="classifier",
            target_tags=TargetTags(required=True),
            classifier_tags=ClassifierTags(),
            input_tags=InputTags(two_d_array=False, string=True),
        )

    def __sklearn_clone__(self) -> BaseEstimator:
        # clone() gives the unfitted estimator with the same parameters.
        module, name = ESTIMATOR.split(":")
        return getattr(import_module(module), name)(**self.params)

    def fit(self, X: object, y: object = None, **fit_params: object) -> NoReturn:
        """Refuse: a compiled model is fitted once, by training, and never refitted in place.

        ``sklearn.base.clone(model).fit(X, y)`` trains a new estimator with
        the same parameters; that is what ``cross_val_score`` does (it checks
        that ``fit`` exists, then fits clones).

        Raises
        ------
        TypeError
            Always.
        """
        raise TypeError(
            "a compiled model is not refitted in place: train a new one with "
            "sklearn.base.clone(model).fit(X, y), or `leadership-nlp train`"
        )

    def score(self, X: Sequence[str | Span], y: Sequence[str]) -> float:
        """Return the accuracy of :meth:`predict` on sentences ``X`` against labels ``y``."""
        return float(np.mean(self.predict(X) == np.asarray(y, dtype=object)))

    # -- classifying texts -----------------------------------------------------

    def classify(self, text: str, *, max_chars: int | None = MAX_TEXT_CHARS) -> OrientationResult:
        """Classify one text, sentence by sentence and as a whole.

        Parameters, result and errors as :func:`~leadership_nlp.core.document.classify_text`.
        """
        return classify_text(text, self, max_chars=max_chars)

    def classify_many(
        self, texts: Iterable[str], *, max_chars: int | None = MAX_TEXT_CHARS
    ) -> list[OrientationResult]:
        """Classify each text; the same results as :meth:`classify` one by one."""
        return classify_texts(texts, self, max_chars=max_chars)

    def score_chunk(
        self,
        doc: Doc,
        sents: list[Span],
        offset: int,
        span_marks: Sequence[Bounds | None] | None = None,
        behaviours: Sequence[str | None] | None = None,
    ) -> Scored:
        """Score one chunk's sentences (the :class:`~leadership_nlp.core.document.Scoring` hook).

        ``span_marks`` and ``behaviours`` are the sentences' span marks and
        texts to read again (:mod:`~leadership_nlp.core.span_yield`) when the
        caller has read the role profile already; else, if the model marks
        spans, they are read here.
        """
        return self.score_chunks([Chunk(doc, sents, offset, span_marks, behaviours)])[0]

    def score_chunks(self, chunks: Sequence[Chunk]) -> list[Scored]:
        """Score several chunks at once: what :meth:`score_chunk` gives for each, in one pass.

        The sentences of all the chunks are featurised and scored together
        (:meth:`ArrayFeaturiser.features_many`): NumPy's cost per call, not per
        token, is most of the time on short texts.
        """
        parts = []
        texts: list[str | None] = []  # per sentence, what span_yield reads again (only when set)
        for doc, sents, _, span_marks, behaviours in chunks:
            if not self.mark_spans:
                span_marks = behaviours = None
            elif span_marks is None or (behaviours is None and self.span_yield is not None):
                found = span_mark.shipped_mentions(sents)
                span_marks = span_mark.marks(sents, found)
                if self.span_yield is not None:
                    behaviours = span_yield.behaviours(sents, found, span_marks)
            parts.append(Part(doc, [(s.start, s.end) for s in sents], span_marks))
            if self.span_yield is not None:
                texts += behaviours if behaviours is not None else [None] * len(sents)
        if self._featuriser is None:
            return self._reference_chunks(parts, [chunk.offset for chunk in chunks], texts)
        matrix, located = self._featuriser.features_many(parts)
        proba = self._yield(self.scorer.predict_proba(matrix), texts)
        out = []
        start = 0
        for part, chunk in zip(parts, chunks, strict=True):
            stop = start + len(part.bounds)
            rows = matrix.rows(start, stop)
            spans = located.entries(int(matrix.indptr[start]), int(matrix.indptr[stop]))
            out.append(self._scored(rows, spans, chunk.offset, proba[start:stop]))
            start = stop
        return out

    def _reference_chunks(
        self, parts: list[Part], offsets: list[int], texts: list[str | None]
    ) -> list[Scored]:
        # score_chunks by the definition's rows, chunk by chunk.
        out, start = [], 0
        for part, offset in zip(parts, offsets, strict=True):
            rows, located = self._reference_rows(part)
            proba = self._yield(self.scorer.predict_proba(rows), texts[start : start + len(part.bounds)])
            out.append(self._scored(rows, located, offset, proba))
            start += len(part.bounds)
        return out

    def _reference_rows(self, part: Part) -> tuple[FeatureRows, list[Located]]:
        # The definition's rows (doc_unigrams + transform), for models the array featuriser does not support.
        terms = doc_unigrams(
            part.doc,
            part.bounds,
            mask_roles=self.mask_roles,
            mark_titles=self.mark_titles,
            span_marks=part.span_marks,
            passive_agents=self.passive_agents,
        )
        matrix, _, located = self.scorer.transform(terms)
        return matrix, located

    def _scored(
        self,
        matrix: FeatureRows,
        located: SpanTable | list[Located],
        offset: int,
        proba: np.ndarray | None = None,
    ) -> Scored:
        def evidence(winners: list[int]) -> Weighed:
            csr = (matrix.data, matrix.indices, matrix.indptr)
            return weigh(*csr, located, winners, self._explainer, matrix.norms, offset)

        if proba is None:
            proba = self.scorer.predict_proba(matrix)
        return proba, evidence, lambda indices: self._facets(matrix.take(indices))

    # -- the estimator's prediction interface, over sentences ------------------

    def predict_proba(self, X: Sequence[str | Span]) -> np.ndarray:
        """Return calibrated class probabilities, columns in ``classes_`` order."""
        X = check_sentences(X)
        proba = self.scorer.predict_proba(self._matrix(X))
        if self.span_yield is None or not self.mark_spans:
            return proba
        return self._yield(proba, span_yield.sentence_behaviours(X))

    def _plain_proba(self, texts: list[str]) -> np.ndarray:
        return self.scorer.predict_proba(self._matrix(texts))

    def _yield(self, proba: np.ndarray, texts: Sequence[str | None]) -> np.ndarray:
        # Guideline C.6 (span_yield): marked sentences read again without their role-profile words.
        if self.span_yield is not None and LEADERSHIP in self.labels and any(t is not None for t in texts):
            lead = self.labels.index(LEADERSHIP)
            span_yield.read_again(proba, texts, self._plain_proba, lead, self.span_yield)
        return proba

    def predict(self, X: Sequence[str | Span]) -> np.ndarray:
        """Return the label of each sentence."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def decision_function(self, X: Sequence[str | Span]) -> np.ndarray:
        """Return the temperature-scaled logits, as ``OrientationModel.decision_function``."""
        scorer = self.scorer
        logits = (self._matrix(X).dot(scorer.coef_t) + scorer.intercept) / scorer.temperature
        return logits[:, 1] - logits[:, 0] if len(self.labels) == 2 else logits

    def predict_facets(self, X: Sequence[str | Span]) -> list[list[str]]:
        """Return the facets of each sentence (empty when there is no facet model)."""
        return [list(f) for f in self._facets(self._matrix(X))]

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return the names of the features the classifier weighs ("lemma__coach", ...)."""
        # Built when asked (about 2.5 MB of strings a loaded model need not hold).
        return np.array(_column_names(self.scorer, prefixed=True), dtype=object)

    @property
    def coef_(self) -> np.ndarray:
        """The classifier's coefficients (before temperature), one row per class."""
        return self.scorer.coef

    def _matrix(self, X: Sequence[str | Span]) -> FeatureRows:
        terms = sentence_terms(
            check_sentences(X),
            mask_roles=self.mask_roles,
            mark_titles=self.mark_titles,
            mark_spans=self.mark_spans,
            passive_agents=self.passive_agents,
        )
        return self.scorer.transform(terms)[0]

    def _facets(self, matrix: FeatureRows) -> list[tuple[str, ...]]:
        if self._facet_rows is None:
            return [() for _ in range(matrix.shape[0])]
        index, values = self._facet_rows
        logits = matrix.dot(values, index) + self.facet_intercept
        out = []
        for chosen in chosen_facets(0.5 * (1.0 + np.tanh(0.5 * logits))):  # the logistic function
            names = self._facet_sets.get(chosen)
            if names is None:
                names = self._facet_sets[chosen] = tuple(self.facet_classes[j] for j in chosen)
            out.append(names)
        return out


def chosen_facets(proba: np.ndarray) -> list[tuple[int, ...]]:
    """Return, per row of one-vs-rest facet probabilities, the facets chosen.

    Every facet at 0.5 or more; with none, the most likely one.
    """
    best = np.argmax(proba, axis=1).tolist()
    # Over Python lists: a handful of facets, where numpy calls per row cost more.
    hits = (proba >= 0.5).tolist()
    return [tuple([j for j, hit in enumerate(row) if hit]) or (k,) for row, k in zip(hits, best, strict=True)]


def _column_names(scorer: LinearScorer, *, prefixed: bool = False) -> list[str]:
    # Each column's feature name ("coach"), or with its branch ("lemma__coach").
    names = [""] * scorer.n_features
    offset, terms = scorer.lemma_offset, scorer.lemma_terms
    lemma = zip(terms, range(offset, offset + len(terms)), strict=True) if offset is not None else ()
    for branch, columns in (("lemma", lemma), ("lexicon", (scorer.lexicon_columns or {}).items())):
        for name, j in columns:
            names[j] = f"{branch}__{name}" if prefixed else name
    return names
