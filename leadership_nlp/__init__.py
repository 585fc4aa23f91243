"""Tell whether a text is leadership- or management-oriented, and why.

>>> import leadership_nlp
>>> leadership_nlp.classify("Inspired the team with a bold vision for growth.").label
'leadership'

The heavy parts (spaCy, scikit-learn, the model) load on first use, so
``import leadership_nlp`` is cheap; spaCy imports this package whenever it
builds a pipeline, through the ``leadership_orientation`` entry point.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from . import moved
from .core.document_result import OrientationResult
from .core.role_result import Budget, Mention, RoleProfile
from .core.sentence_result import Evidence, SentenceResult
from .core.sentence_table import SentenceTable

if TYPE_CHECKING:
    from .adapters.frame import score_frame
    from .api import classify, classify_batch, iter_classify, load_model
    from .core.artifact import ModelLoadError
    from .core.document import TextTooLongError
    from .core.model import CompiledModel
    from .train.estimator import OrientationModel

moved.install()  # the 0.2 module paths (leadership_nlp.frame, ...) for one more release

try:
    __version__ = version("leadership-nlp")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

_LAZY = {
    "classify": "api",
    "classify_batch": "api",
    "iter_classify": "api",
    "load_model": "api",
    "CompiledModel": "core.model",
    "OrientationModel": "train.estimator",
    "TextTooLongError": "core.document",
    "ModelLoadError": "core.artifact",
    "score_frame": "adapters.frame",
}

__all__ = [
    "Budget",
    "CompiledModel",
    "Evidence",
    "Mention",
    "ModelLoadError",
    "OrientationModel",
    "OrientationResult",
    "RoleProfile",
    "SentenceResult",
    "SentenceTable",
    "TextTooLongError",
    "__version__",
    "classify",
    "classify_batch",
    "iter_classify",
    "load_model",
    "score_frame",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'leadership_nlp' has no attribute {name!r}")
    value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
