"""Where the component's results live on a spaCy Doc: extensions, ``doc.cats`` and ``doc.spans``.

- ``doc._.orientation``: the :class:`~leadership_nlp.core.document_result.OrientationResult`;
- ``span._.orientation``: the :class:`~leadership_nlp.core.sentence_result.SentenceResult` of
  the sentence a span lies in (``None`` if it spans several sentences, or
  lies in a sentence of only whitespace and bullets);
- ``doc.cats``: the ``leadership`` and ``management`` scores;
- ``doc.spans[spans_key]``: the evidence words, labelled by the orientation
  they support (what displaCy's ``style="span"`` renders);
- ``doc.spans[sentences_key]``: the oriented sentences, labelled.

The document result is stored in ``doc.user_data`` as plain data, so docs
survive ``Doc.to_bytes``, ``DocBin`` and ``nlp.pipe(..., n_process=2)``.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from spacy.tokens import Doc, Span, SpanGroup

from ..core.document_result import OrientationResult
from ..core.sentence_result import SentenceResult

#: Where ``doc._.orientation`` keeps its data: the key spaCy itself uses for
#: doc extensions, holding ``OrientationResult.to_dict()`` (msgpack-friendly).
#: (Typed ``Any``: spaCy types ``user_data`` as ``dict[str, Any]`` but keys it by tuples itself.)
_DATA_KEY: Any = ("._.", "orientation", None, None)


def _get_doc_orientation(doc: Doc) -> OrientationResult | None:
    data = doc.user_data.get(_DATA_KEY)
    return None if data is None else OrientationResult.from_dict(data)


def _set_doc_orientation(doc: Doc, value: OrientationResult | None) -> None:
    if value is None:
        doc.user_data.pop(_DATA_KEY, None)
    elif isinstance(value, OrientationResult):
        doc.user_data[_DATA_KEY] = value.to_dict()
    else:
        raise TypeError(f"doc._.orientation must be an OrientationResult or None, not {type(value).__name__}")


def _get_span_orientation(span: Span) -> SentenceResult | None:
    # The model's sentence that the span overlaps, if exactly one.
    data = span.doc.user_data.get(_DATA_KEY)
    if data is None or span.start_char >= span.end_char:
        return None
    sents = data["sentences"]
    i = bisect_left(sents, span.end_char, key=lambda s: s["start"])  # sents[:i] start before span end
    hits: list[dict[str, Any]] = []
    while i > 0 and sents[i - 1]["end"] > span.start_char and len(hits) < 2:
        hits.append(sents[i - 1])
        i -= 1
    return SentenceResult.from_dict(hits[0]) if len(hits) == 1 else None


def register_extensions() -> None:
    """Register ``doc._.orientation`` and ``span._.orientation`` (idempotent).

    ``doc._.orientation`` is the document's
    :class:`~leadership_nlp.core.document_result.OrientationResult` (``None`` before the
    component ran); ``span._.orientation`` is the
    :class:`~leadership_nlp.core.sentence_result.SentenceResult` of the one sentence the span
    overlaps, or ``None`` when it overlaps none or several.
    """
    if not Doc.has_extension("orientation"):
        Doc.set_extension("orientation", getter=_get_doc_orientation, setter=_set_doc_orientation)
    if not Span.has_extension("orientation"):
        Span.set_extension("orientation", getter=_get_span_orientation)


def annotate(doc: Doc, result: OrientationResult, spans_key: str, sentences_key: str) -> Doc:
    """Write ``result`` to ``doc``: ``doc._.orientation``, ``doc.cats`` and two span groups.

    ``doc.spans[spans_key]`` holds the evidence words, ``doc.spans[sentences_key]``
    the oriented sentences, each labelled by its orientation.
    """
    doc._.orientation = result
    doc.cats.update(result.scores)
    spans, seen = [], set()
    for sent in result.sentences:
        for ev in sent.evidence:
            span = doc.char_span(ev.start, ev.end, label=ev.label, alignment_mode="expand")
            if span is not None and (span.start, span.end, ev.label) not in seen:
                seen.add((span.start, span.end, ev.label))
                spans.append(span)
    doc.spans[spans_key] = SpanGroup(doc, name=spans_key, spans=spans)
    oriented = [
        span
        for sent in result.sentences
        if sent.label != "neutral"
        and (span := doc.char_span(sent.start, sent.end, label=sent.label, alignment_mode="expand"))
        is not None
    ]
    doc.spans[sentences_key] = SpanGroup(doc, name=sentences_key, spans=oriented)
    return doc
