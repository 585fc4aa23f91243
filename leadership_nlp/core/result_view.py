"""What the writers read of a document result: the shape of :class:`OrientationResult`.

:mod:`~leadership_nlp.core.schema` (rows, frames) and
:mod:`~leadership_nlp.core.display` (repr, HTML) read results through this
protocol, so that the result class can offer ``repr``, ``_repr_html_`` and
``to_frame`` through them without the modules importing each other in a circle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from .role_result import RoleProfile
from .sentence_result import Evidence, SentenceResult


class ResultView(Protocol):
    """The read-only attributes of a :class:`~leadership_nlp.core.document_result.OrientationResult`."""

    @property
    def label(self) -> str: ...  # noqa: D102

    @property
    def scores(self) -> Mapping[str, float]: ...  # noqa: D102

    @property
    def sentences(self) -> Sequence[SentenceResult]: ...  # noqa: D102

    @property
    def role_profile(self) -> RoleProfile: ...  # noqa: D102

    @property
    def language(self) -> str: ...  # noqa: D102

    @property
    def warnings(self) -> Sequence[str]: ...  # noqa: D102

    @property
    def truncated(self) -> bool: ...  # noqa: D102

    @property
    def counts(self) -> Mapping[str, int]: ...  # noqa: D102

    @property
    def confidence(self) -> float: ...  # noqa: D102

    @property
    def evidence(self) -> list[Evidence]: ...  # noqa: D102
