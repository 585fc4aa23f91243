"""Results for people at a prompt or in a notebook: short reprs and an HTML summary.

:class:`~leadership_nlp.core.document_result.OrientationResult` and
:class:`~leadership_nlp.core.sentence_result.SentenceResult` call these for ``repr()`` and
Jupyter's ``_repr_html_``. A repr is one line of bounded length, however long
the text; the HTML shows the verdict, the scores, the role profile and a
table of the first sentences with their strongest evidence, every piece of
text escaped.
"""

from __future__ import annotations

import reprlib
from html import escape
from typing import TYPE_CHECKING

from .constants import LEADERSHIP, MANAGEMENT
from .palette import INK, TINTS, WARNING
from .schema import (
    EVIDENCE,
    SENTENCE_LABEL,
    SENTENCE_LEADERSHIP,
    SENTENCE_MANAGEMENT,
    TEXT,
    format_evidence,
)

if TYPE_CHECKING:
    from .result_view import ResultView
    from .role_result import RoleProfile

#: Sentences listed by ``_repr_html_``; ``to_frame()`` has them all.
HTML_SENTENCES = 50
#: Evidence items shown per sentence in the HTML table.
HTML_EVIDENCE = 3

_short = reprlib.Repr()
_short.maxstring = 60


def _n_sentences(result: ResultView) -> int:
    # Every scored sentence (counts), not only the ones returned (a truncated result lists fewer).
    return sum(result.counts.values()) if result.counts else len(result.sentences)


def result_repr(result: ResultView) -> str:
    """Return a one-line repr of a document result (under 200 characters).

    Examples
    --------
    >>> from leadership_nlp import classify
    >>> result_repr(classify(""))
    "<OrientationResult label='neutral' leadership=0.500 management=0.500 confidence=0.000 sentences=0>"
    """
    parts = [
        f"label={result.label!r}",
        f"leadership={result.scores.get(LEADERSHIP, 0.0):.3f}",
        f"management={result.scores.get(MANAGEMENT, 0.0):.3f}",
    ]
    confidence = getattr(result, "confidence", None)
    if isinstance(confidence, float):
        parts.append(f"confidence={confidence:.3f}")
    parts.append(f"sentences={_n_sentences(result)}")
    if result.role_profile.span_of_control is not None:
        parts.append(f"span_of_control={result.role_profile.span_of_control}")
    if result.language != "en":
        parts.append(f"language={_short.repr(result.language)}")
    if result.truncated:
        parts.append("truncated=True")
    return f"<OrientationResult {' '.join(parts)}>"


def _badge(label: str) -> str:
    color = TINTS.get(label, "#eeeeee")
    return (
        f'<span style="background:{color};color:{INK};padding:0 .4em;border-radius:.4em;'
        f'font-weight:600">{escape(label)}</span>'
    )


def _profile(result: ResultView) -> str:
    return escape(role_profile_summary(result.role_profile))


def role_profile_summary(profile: RoleProfile) -> str:
    """Return the stated role-profile figures in one line ("nothing stated" when none)."""
    parts = []
    if profile.span_of_control is not None:
        parts.append(f"span of control {profile.span_of_control}")
    if profile.direct_reports is not None:
        parts.append(f"direct reports {profile.direct_reports}")
    if profile.budget is not None:
        parts.append(f"budget {profile.budget.text}")
    if profile.sites is not None:
        parts.append(f"sites {profile.sites}")
    if profile.role_verbs:
        parts.append("role verbs: " + ", ".join(profile.role_verbs))
    return "; ".join(parts) if parts else "nothing stated"


def result_html(result: ResultView) -> str:
    """Return an HTML summary of a result: verdict, scores, role profile, a sentence table.

    At most :data:`HTML_SENTENCES` sentences are listed, each with its label,
    scores and :data:`HTML_EVIDENCE` strongest distinct evidence items. All
    text from the document is escaped.
    """
    n = _n_sentences(result)
    head = (
        f"<p>{_badge(result.label)} leadership {result.scores.get(LEADERSHIP, 0.0):.3f}, "
        f"management {result.scores.get(MANAGEMENT, 0.0):.3f} &middot; "
        f"{n} sentence{'' if n == 1 else 's'}</p>"
        f"<p>Role profile: {_profile(result)}</p>"
    )
    head += "".join(f'<p style="color:{WARNING}">warning: {escape(w)}</p>' for w in result.warnings)
    columns: tuple[str, ...] = (
        "#",
        SENTENCE_LABEL.heading,
        SENTENCE_LEADERSHIP.heading,
        SENTENCE_MANAGEMENT.heading,
    )
    columns += (TEXT.heading, EVIDENCE.heading)
    cells = "".join(f'<th style="text-align:left">{escape(c)}</th>' for c in columns)
    rows = []
    for i, s in enumerate(result.sentences[:HTML_SENTENCES]):
        rows.append(
            f"<tr><td>{i}</td><td>{_badge(s.label)}</td>"
            f"<td>{s.scores.get(LEADERSHIP, 0.0):.3f}</td><td>{s.scores.get(MANAGEMENT, 0.0):.3f}</td>"
            f'<td style="text-align:left">{escape(" ".join(s.text.split()))}</td>'
            f'<td style="text-align:left">{escape(format_evidence(s.evidence, HTML_EVIDENCE, labels=False))}'
            "</td></tr>"
        )
    table = f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(rows)}</tbody></table>" if rows else ""
    more = len(result.sentences) - HTML_SENTENCES
    tail = f"<p>&hellip; {more:,} more sentences: <code>result.to_frame()</code> has them all.</p>"
    return f'<div class="leadership-nlp-result">{head}{table}{tail if more > 0 else ""}</div>'
