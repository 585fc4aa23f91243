"""The typed results of :func:`leadership_nlp.classify`, in one import.

Each lives with its concept: :mod:`~leadership_nlp.core.sentence_result`
(:class:`Evidence`, :class:`SentenceResult`), :mod:`~leadership_nlp.core.sentence_table`
(:class:`SentenceTable`), :mod:`~leadership_nlp.core.role_result` (:class:`RoleProfile`,
:class:`Budget`, :class:`Mention`) and :mod:`~leadership_nlp.core.document_result`
(:class:`OrientationResult`); this module only re-exports them.
"""

from __future__ import annotations

from .document_result import OrientationResult
from .role_result import Budget, Mention, RoleProfile
from .sentence_result import Evidence, SentenceResult
from .sentence_table import SentenceTable

__all__ = [
    "Budget",
    "Evidence",
    "Mention",
    "OrientationResult",
    "RoleProfile",
    "SentenceResult",
    "SentenceTable",
]
