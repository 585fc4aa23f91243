"""One text -> sentences -> sentence scores -> document verdict.

:func:`classify_texts` is the loop every model runs (:func:`classify_text` is
it for one text): it segments each text chunk by chunk (so memory stays bounded
whatever its length), reads each chunk's role profile, asks the model's scoring
for the sentence probabilities, evidence and facets of several texts' chunks at
once (:data:`BATCH_CHARS` characters a call), merges the role profile and
aggregates each text's verdict. :func:`classify_doc` runs the
same steps on the sentences of a Doc someone else tokenised and split (the
spaCy component). A model plugs in through
:class:`Scoring`; the compiled model and the scikit-learn pipeline both do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import NamedTuple, Protocol

import numpy as np
from spacy.tokens import Doc, Span

from ..core import language, role_profile, span_mark, span_yield
from .aggregate import Aggregator
from .constants import CHUNK_CHARS, LEADERSHIP, MANAGEMENT, MAX_SENTENCES, MAX_TEXT_CHARS, NEUTRAL
from .document_result import OrientationResult
from .evidence import Weighed
from .role_patterns import RolePatterns
from .role_result import RoleProfile
from .segment import iter_docs, sentences
from .sentence_table import SentenceTable
from .span_mark import Bounds


class TextTooLongError(ValueError):
    """A text is longer than the ``max_chars`` it may have; the message gives both lengths."""


#: What a model returns for one chunk's sentences: class probabilities
#: (one row per sentence), ``evidence(labels)`` -> the makings of the evidence
#: of the first sentences, each for its label index, and ``facets(indices)``
#: -> the facets of those sentences.
Scored = tuple[np.ndarray, Callable[[list[int]], Weighed], Callable[[list[int]], list[tuple[str, ...]]]]

#: Characters of text whose chunks are scored together: enough sentences that
#: NumPy's cost per call is spread thin (half a dozen job ads), few enough that
#: their docs, held meanwhile, leave little mark on memory (the memory
#: benchmark's 10,000 results: 298 MB scored chunk by chunk, 298.5 MB with
#: 10,000 characters, 299 to 300 MB with 20,000).
BATCH_CHARS = 10_000


class Chunk(NamedTuple):
    """One chunk's sentences to score, as :meth:`Scoring.score_chunk` takes them."""

    doc: Doc
    sents: list[Span]
    offset: int
    span_marks: Sequence[Bounds | None] | None = None
    #: Per sentence, its text to read again under guideline C.6 (:mod:`~leadership_nlp.core.span_yield`).
    behaviours: Sequence[str | None] | None = None


class Scoring(Protocol):
    """The part of a model that :func:`classify_text` needs."""

    #: Class names, in the column order of the probabilities.
    labels: tuple[str, ...]

    def score_chunk(
        self,
        doc: Doc,
        sents: list[Span],
        offset: int,
        span_marks: Sequence[Bounds | None] | None = None,
        behaviours: Sequence[str | None] | None = None,
    ) -> Scored:
        """Score the sentences of one chunk; evidence offsets are shifted by ``offset``.

        A scoring whose ``mark_spans`` attribute is true is given
        ``span_marks``, the sentences' span marks
        (:mod:`~leadership_nlp.core.span_mark`) from the role profile the
        caller has read already, and ``behaviours``, their texts to read again
        (:mod:`~leadership_nlp.core.span_yield`); any other is called without them.
        """
        ...


def score_all(scoring: Scoring, chunks: Sequence[Chunk]) -> list[Scored]:
    """Score each chunk: with the scoring's ``score_chunks`` (all at once) if it has one."""
    many = getattr(scoring, "score_chunks", None)
    if many is not None:
        return list(many(chunks))
    if getattr(scoring, "mark_spans", False):
        # behaviours only when there are some: a scoring written before they were has four parameters.
        return [
            scoring.score_chunk(*chunk[:4])
            if chunk.behaviours is None
            else scoring.score_chunk(*chunk[:4], behaviours=chunk.behaviours)
            for chunk in chunks
        ]
    # A scoring without span marks may not take them.
    return [scoring.score_chunk(chunk.doc, chunk.sents, chunk.offset) for chunk in chunks]


def check_sentences(X: Sequence[str | Span]) -> list[str | Span]:
    """Return ``X`` as a list of sentences, or raise ``TypeError`` for a bad one."""
    if isinstance(X, (str, bytes)):
        raise TypeError("expected a sequence of texts, got a single string")
    X = list(X)
    for item in X:
        if not isinstance(item, (str, Span)):
            raise TypeError(f"expected str items, got {type(item).__name__}")
    return X


def check_text(text: object, max_chars: int | None) -> None:
    """Raise the errors :func:`classify_text` raises for a bad ``text``, before any work."""
    if not isinstance(text, str):
        raise TypeError(f"classify() expects a str, got {type(text).__name__}")
    if max_chars is not None and len(text) > max_chars:
        raise TextTooLongError(
            f"text has {len(text):,} characters, more than max_chars={max_chars:,}; "
            "split it, or pass a larger max_chars (None for no limit)"
        )


def classify_text(
    text: str, scoring: Scoring, *, max_chars: int | None = MAX_TEXT_CHARS
) -> OrientationResult:
    """Classify one text with ``scoring``, sentence by sentence and as a whole.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    TextTooLongError
        If ``text`` has more than ``max_chars`` characters.
    """
    return classify_texts([text], scoring, max_chars=max_chars)[0]


def classify_texts(
    texts: Iterable[str], scoring: Scoring, *, max_chars: int | None = MAX_TEXT_CHARS
) -> list[OrientationResult]:
    """Classify each text as :func:`classify_text` does, scoring the chunks of several texts together.

    Chunks are scored :data:`BATCH_CHARS` characters at a time
    (:func:`score_all`); each result is the one the text gets alone.

    Raises
    ------
    TypeError, TextTooLongError
        As :func:`classify_text`, for the first bad text.
    """
    runs: list[_Run] = []
    pending: list[_Pending] = []
    size = 0
    for text in texts:
        check_text(text, max_chars)
        run = _Run(text, scoring)
        runs.append(run)
        for offset, doc, chunk in iter_docs(text):
            pending.append(run.prepare(doc, sentences(doc), offset, chunk))
            size += len(chunk)
            if size >= BATCH_CHARS:
                _score_pending(scoring, pending)
                pending, size = [], 0
    _score_pending(scoring, pending)
    return [run.result() for run in runs]


def _score_pending(scoring: Scoring, pending: list[_Pending]) -> None:
    # Score the pending chunks together, then add each to its text's run, in order.
    work = [p for p in pending if p.chunk.sents]
    for p, scored in zip(work, score_all(scoring, [p.chunk for p in work]), strict=True):
        p.run.finish(p, scored)


def classify_doc(
    doc: Doc, scoring: Scoring, sents: Sequence[Span] | None = None, patterns: RolePatterns | None = None
) -> OrientationResult:
    """Classify the given sentences of one tokenised ``doc``, and the doc as a whole.

    The same scoring, role profile, aggregation and result as
    :func:`classify_text`, on the doc's own tokens and sentences instead of
    the library's: what the spaCy component runs. Offsets in the result
    index ``doc.text``.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A tokenised doc.
    scoring : Scoring
        The model's scoring.
    sents : sequence of Span, optional
        Sentences of ``doc``, in order and not overlapping; by default
        :func:`~leadership_nlp.core.segment.sentences` of ``doc``, which needs
        sentence boundaries on it.
    patterns : RolePatterns, optional
        The role-profile patterns (:func:`leadership_nlp.core.role_profile.load_patterns`);
        by default the shipped ones plus those named in ``LEADERSHIP_NLP_ROLE_PATTERNS``.

    Raises
    ------
    ValueError
        If a span is not of ``doc``, or the spans are out of order or overlap;
        if ``sents`` is not given and ``doc`` has no sentence boundaries.
    """
    sents = sentences(doc) if sents is None else list(sents)
    end = 0
    for sent in sents:
        if sent.doc is not doc:
            raise ValueError("every sentence must be a span of the doc being classified")
        if sent.start < end:
            raise ValueError("sentences must be in order and not overlap")
        end = sent.end
    text = doc.text
    run = _Run(text, scoring, patterns)
    # Scored CHUNK_CHARS at a time, as classify_text scores its chunks, so the
    # features of a long doc are never all held at once.
    group: list[Span] = []
    size = 0
    for sent in sents:
        group.append(sent)
        size += sent.end_char - sent.start_char
        if size >= CHUNK_CHARS:
            run.add(doc, group, 0, text)
            group, size = [], 0
    run.add(doc, group, 0, text)
    return run.result()


class _Run:
    """The state of classifying one text: sentences are added chunk by chunk, then :meth:`result`."""

    def __init__(self, text: str, scoring: Scoring, patterns: RolePatterns | None = None):
        labels = scoring.labels
        if not {LEADERSHIP, MANAGEMENT, NEUTRAL} <= set(labels):
            raise ValueError(
                f"classify() needs a model with the classes {LEADERSHIP!r}, {MANAGEMENT!r} and "
                f"{NEUTRAL!r}; this one has {list(labels)}: use predict()/predict_proba() for other labels"
            )
        self.text = text
        self.scoring = scoring
        self.labels = labels
        self.i_lead, self.i_man = labels.index(LEADERSHIP), labels.index(MANAGEMENT)
        self.agg = Aggregator()
        self.table = SentenceTable(text, labels)
        # The role profile is built chunk by chunk and merged, so no Doc
        # outlives its chunk: memory stays bounded by CHUNK_CHARS whatever the
        # text's length.
        self.profile = RoleProfile()
        self.patterns = patterns
        self.n_sentences = 0

    def add(self, doc: Doc, sents: list[Span], offset: int, chunk: str) -> None:
        """Score ``sents`` of ``doc``; ``offset`` shifts doc offsets into the text, ``chunk`` is its text."""
        _score_pending(self.scoring, [self.prepare(doc, sents, offset, chunk)])

    def prepare(self, doc: Doc, sents: list[Span], offset: int, chunk: str) -> _Pending:
        """Read the role profile of ``sents`` (as :meth:`add`); return the chunk to score."""
        # The role profile first, over all the chunk's sentences (a count read
        # across a line break is read whether or not the listing stops between):
        # the model may read its counts (span marks).
        if not sents:
            return _Pending(self, Chunk(doc, sents, offset), RoleProfile(), chunk)
        patterns = self.patterns
        found = role_profile.extract(sents, patterns)
        marks = behaviours = None
        if getattr(self.scoring, "mark_spans", False):
            shipped = span_mark.reuse_mentions(sents, found.mentions, patterns)
            marks = span_mark.marks(sents, shipped)
            if getattr(self.scoring, "span_yield", None) is not None:
                behaviours = span_yield.behaviours(sents, shipped, marks)
        return _Pending(self, Chunk(doc, sents, offset, marks, behaviours), found, chunk)

    def finish(self, pending: _Pending, scored: Scored) -> None:
        """Add a prepared chunk's sentences, with their scores, to the text's result."""
        labels, table = self.labels, self.table
        _, sents, offset, _, _ = pending.chunk
        found = pending.found
        proba, evidence, facets_of = scored
        # Sentences past MAX_SENTENCES are scored for the verdict but not
        # listed, so their facets, evidence and mentions are not computed.
        listed = min(max(0, MAX_SENTENCES - len(table)), len(sents))
        winners = np.argmax(proba, axis=1).tolist()
        # Facets describe oriented sentences only; neutral ones get none.
        faceted = [i for i in range(listed) if labels[winners[i]] != NEUTRAL]
        facets = dict(zip(faceted, facets_of(faceted), strict=True)) if faceted else {}
        if len(sents) > listed:
            # Mentions of the sentences that are not listed are not kept.
            end = sents[listed].start_char
            found = replace(found, mentions=[m for m in found.mentions if m.start < end])
        self.profile = _merge_profile(self.profile, found, offset, pending.text)
        i_lead, i_man = self.i_lead, self.i_man
        for k, p in zip(winners, proba.tolist(), strict=True):
            self.agg.add(labels[k], p[i_lead], p[i_man])
        table._extend(
            [b for sent in sents[:listed] for b in (offset + sent.start_char, offset + sent.end_char)],
            winners[:listed],
            proba[:listed],
            evidence(winners[:listed]),
            [facets.get(i, ()) for i in range(listed)],
        )
        self.n_sentences += len(sents)

    def result(self) -> OrientationResult:
        """Return the verdict on everything added."""
        agg, table, n_sentences = self.agg, self.table, self.n_sentences
        label, scores = agg.verdict()
        lang = language.detect(self.text)
        warnings = []
        if lang.code != "en":
            warnings.append(lang.warning)
        if n_sentences > len(table):
            warnings.append(f"text has {n_sentences} sentences; only the first {len(table)} are listed")
        return OrientationResult(
            label=label,
            scores=scores,
            sentences=table,
            role_profile=self.profile,
            language=lang.code,
            warnings=warnings,
            truncated=n_sentences > len(table),
            counts=dict(agg.counts),
            confidence=agg.confidence,
        )


class _Pending(NamedTuple):
    # A chunk whose role profile is read, waiting to be scored with others.
    run: _Run
    chunk: Chunk
    found: RoleProfile
    text: str  # the chunk's text


def _merge_profile(acc: RoleProfile, new: RoleProfile, offset: int, chunk: str) -> RoleProfile:
    # Merge one chunk's role profile into the text's, exactly as one extract()
    # over all sentences would give: maxima, verbs in order of first
    # appearance, the first of equally large budgets. Mention offsets are
    # chunk-relative and are shifted into the text (and their text sliced
    # from the original chunk).
    def _max(a: int | None, b: int | None) -> int | None:
        return b if a is None else a if b is None else max(a, b)

    budget = acc.budget
    if new.budget is not None and (budget is None or new.budget.amount > budget.amount):
        budget = new.budget
    mentions = acc.mentions
    if new.mentions:
        mentions = mentions + [
            replace(m, text=chunk[m.start : m.end], start=m.start + offset, end=m.end + offset)
            for m in new.mentions
        ]
    return RoleProfile(
        span_of_control=_max(acc.span_of_control, new.span_of_control),
        role_verbs=acc.role_verbs + [v for v in new.role_verbs if v not in acc.role_verbs],
        direct_reports=_max(acc.direct_reports, new.direct_reports),
        budget=budget,
        sites=_max(acc.sites, new.sites),
        mentions=mentions,
    )
