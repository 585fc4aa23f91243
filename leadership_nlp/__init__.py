"""Tell whether a text is leadership- or management-oriented, and why.

>>> import leadership_nlp
>>> leadership_nlp.classify("Inspired the team with a bold vision for growth.").label
'leadership'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import classify, classify_batch, load_model
from .model import OrientationModel
from .persist import ModelLoadError
from .types import Budget, Evidence, Mention, OrientationResult, RoleProfile, SentenceResult

try:
    __version__ = version("leadership-nlp")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "Budget",
    "Evidence",
    "Mention",
    "ModelLoadError",
    "OrientationModel",
    "OrientationResult",
    "RoleProfile",
    "SentenceResult",
    "__version__",
    "classify",
    "classify_batch",
    "load_model",
]
