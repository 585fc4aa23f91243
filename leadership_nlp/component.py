"""spaCy adapter: the ``leadership_orientation`` pipeline component.

``spacy.blank("en").add_pipe("leadership_orientation")`` works after
``pip install`` (the factory is also a ``spacy_factories`` entry point). The
component writes the document result to ``doc._.orientation``, each sentence's
result to ``span._.orientation``, the two scores to ``doc.cats`` and the
evidence words to the ``doc.spans`` group named by ``spans_key``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import minibatch

from .api import default_model_path, load_model
from .persist import MANIFEST_FILE, MODEL_FILE
from .segment import set_boundaries
from .types import OrientationResult, SentenceResult

FACTORY = "leadership_orientation"
DEFAULT_SPANS_KEY = "orientation_evidence"


def _span_orientation(span: Span) -> SentenceResult | None:
    result = span.doc._.orientation
    if result is None:
        return None
    for sent in result.sentences:
        if sent.start >= span.start_char and sent.end <= span.end_char:
            return sent
    return None


def register_extensions() -> None:
    """Register ``doc._.orientation`` and ``span._.orientation`` (idempotent)."""
    if not Doc.has_extension("orientation"):
        Doc.set_extension("orientation", default=None)
    if not Span.has_extension("orientation"):
        Span.set_extension("orientation", getter=_span_orientation)


class OrientationComponent:
    """Pipeline component that classifies each doc with an ``OrientationModel``.

    Parameters
    ----------
    nlp : Language
        The pipeline (its vocab is shared).
    name : str
        Component name.
    model : str or None
        A model folder; ``None`` uses the model shipped with the package.
    spans_key : str
        Key of the evidence ``SpanGroup`` in ``doc.spans``.
    """

    def __init__(
        self, nlp: Language, name: str = FACTORY, model: str | None = None, spans_key: str = DEFAULT_SPANS_KEY
    ):
        register_extensions()
        self.name = name
        self.model_path = model
        self.spans_key = spans_key
        self.model = load_model(model)

    def __call__(self, doc: Doc) -> Doc:
        """Classify ``doc`` and write the result to its containers."""
        if not doc.has_annotation("SENT_START"):
            set_boundaries(doc)
        result: OrientationResult = self.model.classify(doc.text)
        doc._.orientation = result
        doc.cats = dict(result.scores)
        spans = []
        for sent in result.sentences:
            for ev in sent.evidence:
                span = doc.char_span(ev.start, ev.end, label=ev.label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=spans)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Classify docs from ``stream`` in batches of ``batch_size``."""
        for batch in minibatch(stream, size=batch_size):
            yield from (self(doc) for doc in batch)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Copy the model folder (model and manifest) into ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        source = Path(self.model_path) if self.model_path else default_model_path()
        for name in (MODEL_FILE, MANIFEST_FILE):
            shutil.copyfile(source / name, path / name)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> OrientationComponent:
        """Load the model folder saved by :meth:`to_disk` (checksum verified)."""
        self.model_path = str(path)
        self.model = load_model(path)
        return self


@Language.factory(
    FACTORY,
    assigns=["doc._.orientation", "span._.orientation", "doc.cats", "doc.spans"],
    default_config={"model": None, "spans_key": DEFAULT_SPANS_KEY},
)
def make_orientation_component(
    nlp: Language, name: str, model: str | None, spans_key: str
) -> OrientationComponent:
    """Create the ``leadership_orientation`` component (see :class:`OrientationComponent`)."""
    return OrientationComponent(nlp, name, model=model, spans_key=spans_key)
