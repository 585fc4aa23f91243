"""One self-contained HTML page an analyst can work in: why each document got its verdict.

The page has a summary table that fills the window (filter, search, sort,
CSV and XLSX export; the vendored Grid.js library draws it), a comparison of
two to four candidates' facet profiles side by side, a chart of the scores,
and every document as readable text (lines a PDF broke joined) with its
leadership and management sentences highlighted and their evidence in bold.

It loads nothing from the network: the libraries, styles and data are inline,
and a Content-Security-Policy allows only the page's own scripts and styles
(by hash), so a document carrying HTML cannot run code (Jinja2 escapes every
string too). With ``redact=True`` e-mails, phone numbers, profile links and
names are masked (:mod:`leadership_nlp.adapters.report.redact`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ..analysis import Outcome
from ..errors import UsageError
from .render import COLORS, EVIDENCE_ITEMS, MAX_SHOWN_CHARS, SHORT_TEXT_WORDS, render_report

__all__ = [
    "COLORS",
    "EVIDENCE_ITEMS",
    "MAX_SHOWN_CHARS",
    "SHORT_TEXT_WORDS",
    "render_report",
    "write_report",
]


def write_report(
    outcomes: Sequence[Outcome], path: str | os.PathLike[str], *, title: str, redact: bool = False
) -> None:
    """Write :func:`render_report` to ``path`` atomically (a temporary file, then a rename).

    Raises
    ------
    UsageError
        The file cannot be written.
    """
    from ..safe_write import atomic_write_text

    try:  # a new file renamed over ``path``: a link planted there is never followed
        atomic_write_text(path, render_report(outcomes, title=title, redact=redact))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
