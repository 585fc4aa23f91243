"""Human-readable terminal output for ``leadership-nlp classify``, coloured when it helps.

Colour is used only when the stream is a terminal, ``NO_COLOR`` is unset
(https://no-color.org) and the caller did not ask for plain text.
"""

from __future__ import annotations

import os
from typing import TextIO

from ..core.display import role_profile_summary
from ..core.document_result import OrientationResult
from ..core.palette import ANSI

_RESET = "\033[0m"
#: ANSI styles per label (the palette's, as the report's hues) and for headings.
STYLES: dict[str, str] = {**ANSI, "heading": "\033[1m", "muted": "\033[2m"}


def use_color(stream: TextIO, enabled: bool = True) -> bool:
    """Say whether to colour output written to ``stream``.

    Parameters
    ----------
    stream : file object
        Where the output goes.
    enabled : bool, default=True
        False for ``--no-color``.

    Returns
    -------
    bool
        True only if ``enabled``, ``NO_COLOR`` is unset or empty and ``stream`` is a TTY.
    """
    if not enabled or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, style: str, color: bool) -> str:
    """Wrap ``text`` in the ANSI style named ``style`` when ``color`` is true."""
    if not color or style not in STYLES:
        return text
    return f"{STYLES[style]}{text}{_RESET}"


def format_result(result: OrientationResult, *, color: bool = False, evidence: int = 4) -> str:
    """Format a classification for a person to read.

    Parameters
    ----------
    result : OrientationResult
        What :func:`leadership_nlp.classify` returned.
    color : bool, default=False
        Colour labels with ANSI escapes.
    evidence : int, default=4
        Evidence items shown per sentence.

    Returns
    -------
    str
        The verdict, both scores, the role profile and one entry per sentence.

    Examples
    --------
    >>> from leadership_nlp import classify
    >>> text = format_result(classify("I manage upwards of 100 people."))
    >>> text.split()[0], text.splitlines()[1]
    ('management', 'role profile: span of control 100; role verbs: manage')
    """
    lines = [
        f"{paint(result.label, result.label, color)}  "
        f"(leadership {result.scores['leadership']:.2f}, management {result.scores['management']:.2f})",
        f"{paint('role profile:', 'heading', color)} {role_profile_summary(result.role_profile)}",
    ]
    lines += [paint(f"warning: {w}", "muted", color) for w in result.warnings]
    width = max((len(s.label) for s in result.sentences), default=0)
    if result.sentences:
        lines.append(paint(f"sentences ({len(result.sentences)}):", "heading", color))
    for s in result.sentences:
        label = paint(s.label.ljust(width), s.label, color)
        lines.append(f"  {label}  {' '.join(s.text.split())}")
        if s.evidence:
            items = ", ".join(f"{e.text} ({e.label} {e.weight:+.2f})" for e in s.evidence[:evidence])
            lines.append(" " * (width + 4) + paint(f"evidence: {items}", "muted", color))
    if result.truncated:
        lines.append(paint("(only the first sentences are listed)", "muted", color))
    return "\n".join(lines)
