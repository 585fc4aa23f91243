"""Result -> one flat row: kept for existing imports; the schema lives in :mod:`leadership_nlp.schema`."""

from __future__ import annotations

from .schema import RESULT_COLUMNS, result_row

__all__ = ["RESULT_COLUMNS", "result_row"]
