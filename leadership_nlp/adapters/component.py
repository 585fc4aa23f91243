"""spaCy adapter: the ``leadership_orientation`` pipeline component.

``spacy.blank("en").add_pipe("leadership_orientation")`` works after
``pip install`` with no import of ours (the factory is also a
``spacy_factories`` entry point). The component classifies the Doc it is
given: its tokens as they are, and its own sentences when it has sentence
boundaries (a ``sentencizer``, a parser or ``senter`` earlier in the
pipeline); only a Doc with none gets the library's (bullets and lines start
sentences, see :func:`leadership_nlp.core.segment.set_boundaries`, the one
case where it writes ``token.is_sent_start``). It writes ``doc._.orientation``,
``span._.orientation``, ``doc.cats`` and two span groups, the evidence words
and the oriented sentences (see :mod:`leadership_nlp.adapters.spacy_doc`).

Its ``role_patterns`` setting adds an organisation's own role-profile
phrasings (JSON Lines pattern files, the format of
``leadership_nlp/data/role_patterns.jsonl``); ``nlp.to_disk`` saves them with
the model, as plain files in the component's ``role_patterns/`` folder.

:meth:`OrientationComponent.score` scores ``doc.cats`` against gold ``cats``
for ``nlp.evaluate``.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("leadership_orientation")
>>> doc = nlp("I manage upwards of 100 people. I coach people to grow.")
>>> doc._.orientation.label, [s._.orientation.label for s in doc.sents]
('balanced', ['management', 'leadership'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.training import Example, validate_examples
from spacy.util import minibatch

from ..core.artifact import ModelLoadError, manifest_sha256
from ..core.constants import LEADERSHIP, MANAGEMENT
from .component_folder import ROLE_PATTERNS_DIR, copy_model_folder, save_pattern_files, saved_pattern_files
from .spacy_doc import annotate, register_extensions

if TYPE_CHECKING:
    from ..api import Model
    from ..core.document import Scoring
    from ..core.role_patterns import RolePatterns

# What classifies (``core.document``, the role patterns, the sentence rules, ``api``) is
# imported on first use, not here, and the model loaded then: spaCy imports every
# ``spacy_factories`` entry point whenever it creates any pipeline, so an import here
# is paid by every ``spacy.blank()`` and ``spacy.load()`` where the package is installed.

FACTORY = "leadership_orientation"
DEFAULT_SPANS_KEY = "orientation_evidence"
#: The ``SpanGroup`` of the oriented sentences, each labelled by its orientation:
#: what displaCy's ``span`` style draws without overlaps (see ``palette.displacy_options``).
DEFAULT_SENTENCES_KEY = "orientation_sentences"


class OrientationComponent(Pipe):
    """Pipeline component that classifies each doc with the orientation model.

    The model is loaded (checksum verified) on first use, not when the
    component is created, so a pipeline saved with ``nlp.to_disk`` loads from
    its own copy of the model even where the original ``model`` path does not
    exist; a bad ``model`` path raises ``ModelLoadError`` on the first doc.
    Pickling the component carries the model's location and checksum,
    not the model: the receiving process loads the model once (cached per
    process) and refuses one whose checksum differs.

    Parameters
    ----------
    nlp : Language
        The pipeline.
    name : str, default="leadership_orientation"
        Component name.
    model : str or None, default=None
        A model folder (as written by ``leadership-nlp train``); ``None``
        uses the model shipped with the package.
    spans_key : str, default="orientation_evidence"
        Key of the evidence ``SpanGroup`` in ``doc.spans``.
    sentences_key : str, default="orientation_sentences"
        Key of the ``SpanGroup`` of oriented sentences (labelled leadership or management).
    role_patterns : str, list of str or None, default=None
        Extra role-profile pattern files (JSON Lines, the format of
        ``leadership_nlp/data/role_patterns.jsonl``), added in order after the
        shipped patterns and the files named in ``LEADERSHIP_NLP_ROLE_PATTERNS``.
        Read on first use, like the model; a bad record raises ``ValueError``
        naming its file and line. ``to_disk`` saves copies with the pipeline.
    """

    def __init__(
        self,
        nlp: Language | None,
        name: str = FACTORY,
        model: str | None = None,
        spans_key: str = DEFAULT_SPANS_KEY,
        sentences_key: str = DEFAULT_SENTENCES_KEY,
        role_patterns: str | list[str] | None = None,
    ):
        register_extensions()
        self.name = name
        self.model_path = None if model is None else str(model)
        self.spans_key = spans_key
        self.sentences_key = sentences_key
        paths = [role_patterns] if isinstance(role_patterns, (str, Path)) else role_patterns or []
        self.role_patterns: list[str] = [str(p) for p in paths]
        self._model: Model | None = None
        self._patterns: RolePatterns | None = None
        self._expected_sha256: str | None = None

    # -- the model ------------------------------------------------------------

    @property
    def model_folder(self) -> Path:
        """The folder the model is (or will be) loaded from."""
        from ..api import default_model_path

        return Path(self.model_path) if self.model_path is not None else default_model_path()

    @property
    def orientation_model(self) -> Model:
        """The model (as :func:`leadership_nlp.load_model` returns it), loaded on first use.

        Raises
        ------
        leadership_nlp.ModelLoadError
            If the folder is not a trusted model folder, or is not the model
            this component was pickled with.
        """
        if self._model is None:
            if self._expected_sha256 is not None:
                actual = manifest_sha256(self.model_folder)
                if actual != self._expected_sha256:
                    raise ModelLoadError(
                        f"{self.model_folder}: manifest SHA-256 {actual[:12]}… differs from the "
                        f"{self._expected_sha256[:12]}… this component was pickled with"
                    )
            from ..api import load_model

            self._model = load_model(self.model_path)
        return self._model

    @property
    def patterns(self) -> RolePatterns | None:
        """The role-profile patterns with ``role_patterns`` added, loaded on first use.

        ``None`` when the component has no files of its own: the role profile
        then uses the shipped patterns (and ``LEADERSHIP_NLP_ROLE_PATTERNS``),
        as :func:`leadership_nlp.classify` does.
        """
        if self._patterns is None and self.role_patterns:
            from ..core.role_patterns import env_files, load_patterns

            self._patterns = load_patterns(*env_files(), *self.role_patterns)
        return self._patterns

    # -- processing -----------------------------------------------------------

    @property
    def scoring(self) -> Scoring:
        """What scores the sentences of a Doc: the model's ``score_chunk`` hook."""
        model = self.orientation_model
        # A CompiledModel scores itself; an OrientationModel through the
        # scoring it derives once per fitted pipeline (as its classify() does).
        inference = getattr(model, "_inference", None)
        return inference().scoring if inference is not None else model

    def __call__(self, doc: Doc) -> Doc:
        """Classify ``doc``, sentence by sentence and as a whole, and write the result to it.

        Parameters
        ----------
        doc : Doc
            Classified as it is: its own tokens, and its own sentences if it
            has sentence boundaries; if it has none, the library's rules set
            them (``token.is_sent_start``), as :func:`leadership_nlp.classify`
            splits text.

        Returns
        -------
        Doc
            The same doc.
        """
        return self._process(doc, self.scoring, self.patterns)

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Classify docs from ``stream``, ``batch_size`` at a time.

        The model is loaded once per process (on first use), not per batch.
        Each failing doc goes to the pipeline's error handler
        (``nlp.set_error_handler``); the others are classified.
        """
        error_handler: Callable[..., Any] = self.get_error_handler()
        for batch in minibatch(stream, size=batch_size):
            try:
                scoring, patterns = self.scoring, self.patterns
            except Exception as exc:  # noqa: BLE001 - spaCy's error-handler protocol
                for doc in batch:
                    error_handler(self.name, self, [doc], exc)
                continue
            for doc in batch:
                try:
                    yield self._process(doc, scoring, patterns)
                except Exception as exc:  # noqa: BLE001 - spaCy's error-handler protocol
                    error_handler(self.name, self, [doc], exc)

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Score ``doc.cats`` against the gold ``cats`` of ``examples`` (what ``nlp.evaluate`` calls).

        The two scores are one lean (they sum to 1), so they are scored as
        exclusive classes: the reference docs carry ``{"leadership": 1.0,
        "management": 0.0}`` or the reverse. Returns spaCy's ``cats_*``
        figures (``cats_score`` is the macro F1, ``cats_macro_auc`` the ROC AUC).
        """
        validate_examples(examples, "OrientationComponent.score")
        kwargs.setdefault("labels", [LEADERSHIP, MANAGEMENT])
        kwargs.setdefault("multi_label", False)
        return Scorer.score_cats(examples, "cats", **kwargs)

    def _process(self, doc: Doc, scoring: Scoring, patterns: RolePatterns | None) -> Doc:
        from ..core.document import classify_doc
        from ..core.segment import sentences, set_boundaries

        if not doc.has_annotation("SENT_START"):
            set_boundaries(doc)
        return annotate(
            doc, classify_doc(doc, scoring, sentences(doc), patterns), self.spans_key, self.sentences_key
        )

    # -- serialisation --------------------------------------------------------

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Copy the model folder (its manifest and every file it lists) into ``path``.

        The ``role_patterns`` files are copied, in order, into ``path/role_patterns/``
        as ``01-<name>.jsonl``, ``02-…`` (plain files that can be read and edited).

        Raises
        ------
        leadership_nlp.ModelLoadError
            If the copy does not match its manifest.
        """
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        copy_model_folder(self.model_folder, path)
        save_pattern_files(self.role_patterns, path / ROLE_PATTERNS_DIR)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> OrientationComponent:
        """Load the model folder saved by :meth:`to_disk`, every file verified.

        Raises
        ------
        leadership_nlp.ModelLoadError
            If a file does not match the manifest saved with it.
        """
        from ..api import load_model

        self._model = load_model(path)
        self.model_path = str(Path(path).resolve())
        self._expected_sha256 = None
        self.role_patterns = saved_pattern_files(Path(path).resolve() / ROLE_PATTERNS_DIR)
        self._patterns = None
        _ = self.patterns  # read now: a bad saved file is an error of spacy.load, not of the first doc
        return self

    def __reduce__(self) -> tuple[Callable[..., OrientationComponent], tuple[dict[str, Any]]]:
        """Pickle the model's location and checksum, not the model."""
        sha = self._expected_sha256 or manifest_sha256(self.model_folder)
        state = {
            "name": self.name,
            "model_path": self.model_path,
            "spans_key": self.spans_key,
            "sentences_key": self.sentences_key,
            "role_patterns": self.role_patterns,
            "sha256": sha,
        }
        return _unpickle_component, (state,)


def _unpickle_component(state: dict[str, Any]) -> OrientationComponent:
    # The model loads on first use, in the unpickling process, checked against ``sha256``.
    component = OrientationComponent.__new__(OrientationComponent)
    OrientationComponent.__init__(
        component,
        None,
        state["name"],
        state["model_path"],
        state["spans_key"],
        state.get("sentences_key", DEFAULT_SENTENCES_KEY),
        state.get("role_patterns"),
    )
    component._expected_sha256 = state["sha256"]
    return component


@Language.factory(
    FACTORY,
    # No ``requires``: a bare tokenizer is enough. ``token.is_sent_start`` is
    # only written on a doc that has no sentence boundaries.
    assigns=["doc._.orientation", "span._.orientation", "doc.cats", "doc.spans", "token.is_sent_start"],
    default_config={
        "model": None,
        "spans_key": DEFAULT_SPANS_KEY,
        "sentences_key": DEFAULT_SENTENCES_KEY,
        "role_patterns": None,
    },
)
def make_orientation_component(
    nlp: Language,
    name: str,
    model: str | None,
    spans_key: str,
    sentences_key: str,
    role_patterns: str | list[str] | None,
) -> OrientationComponent:
    """Create the ``leadership_orientation`` component (see :class:`OrientationComponent`)."""
    return OrientationComponent(
        nlp, name, model=model, spans_key=spans_key, sentences_key=sentences_key, role_patterns=role_patterns
    )
