"""One colour palette for every surface: the HTML report, the terminal and the notebooks.

The hues follow Okabe and Ito's colour-blind-safe palette: leadership is
bluish green, management orange, balanced reddish purple, neutral grey.
``COLORS`` are the strong colours (chart bars, badges, the terminal),
``TINTS`` their light versions for highlighting text so it stays readable,
and ``ANSI`` the nearest terminal styles.

Examples
--------
>>> COLORS["leadership"], TINTS["management"]
('#009e73', '#fbe3b0')
"""

from __future__ import annotations

from .constants import BALANCED, LEADERSHIP, MANAGEMENT, NEUTRAL

#: Strong colour per label (charts, badges).
COLORS: dict[str, str] = {
    LEADERSHIP: "#009e73",
    MANAGEMENT: "#e69f00",
    BALANCED: "#cc79a7",
    NEUTRAL: "#999999",
}
#: Light colour per label, for highlighted text (dark text stays readable on it).
TINTS: dict[str, str] = {
    LEADERSHIP: "#c9ecdf",
    MANAGEMENT: "#fbe3b0",
    BALANCED: "#f2d9e8",
    NEUTRAL: "#ececec",
}
#: The nearest ANSI terminal style per label.
ANSI: dict[str, str] = {
    LEADERSHIP: "\033[1;32m",  # bold green
    MANAGEMENT: "\033[1;33m",  # bold yellow
    BALANCED: "\033[1;35m",  # bold magenta
    NEUTRAL: "\033[2m",  # dim
}
#: Text, muted text, rules and the warning colour of the report.
INK, MUTED, RULE, WARNING = "#1d2327", "#5f6b76", "#e4e7ea", "#b3261e"


def displacy_options(spans_key: str = "orientation_sentences") -> dict[str, object]:
    """Return displaCy ``span`` options that draw the component's oriented sentences in these colours.

    Examples
    --------
    >>> displacy_options()["colors"]["leadership"]
    '#c9ecdf'
    """
    return {"spans_key": spans_key, "colors": {LEADERSHIP: TINTS[LEADERSHIP], MANAGEMENT: TINTS[MANAGEMENT]}}
