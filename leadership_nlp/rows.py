"""Result -> one flat row, the shape shared by the CLI, pandas and Dask outputs."""

from __future__ import annotations

from typing import Any

from .constants import LEADERSHIP, MANAGEMENT, NEUTRAL
from .types import OrientationResult

#: Columns added by ``score``, ``score_frame`` and the Dask functions, in order.
RESULT_COLUMNS: tuple[str, ...] = (
    "label",
    "leadership",
    "management",
    "span_of_control",
    "n_leadership",
    "n_management",
    "n_neutral",
    "top_evidence",
    "language",
)


def result_row(result: OrientationResult, top: int = 5) -> dict[str, Any]:
    """Flatten a result into the :data:`RESULT_COLUMNS` values.

    ``top_evidence`` joins the ``top`` strongest evidence items as
    ``"words (label +weight)"``, separated by "; ".
    """
    counts = result.counts
    evidence = "; ".join(f"{e.text} ({e.label} {e.weight:+.2f})" for e in result.evidence[:top])
    return {
        "label": result.label,
        "leadership": round(result.scores[LEADERSHIP], 4),
        "management": round(result.scores[MANAGEMENT], 4),
        "span_of_control": result.role_profile.span_of_control,
        "n_leadership": counts.get(LEADERSHIP, 0),
        "n_management": counts.get(MANAGEMENT, 0),
        "n_neutral": counts.get(NEUTRAL, 0),
        "top_evidence": evidence,
        "language": result.language,
    }
