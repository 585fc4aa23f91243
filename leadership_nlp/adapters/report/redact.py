"""Find the personal details a report should mask: e-mails, phone numbers, profile links, names.

Pure functions over a text: :func:`find_masks` returns character spans of the
original text, so the report can replace them while every sentence and
evidence offset stays valid. Names are found two ways: the first line of a
CV is usually the candidate's name, and any capitalised word on the package's
first-name list starts a name (with up to two capitalised words after it).
This is a safety net, not a guarantee: a name the rules do not recognise
(a surname alone, a name in lower case) is not masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import PurePath

from ..walk import SUPPORTED_SUFFIXES

#: What replaces each kind of detail.
PLACEHOLDERS: dict[str, str] = {
    "email": "[e-mail]",
    "phone": "[phone]",
    "link": "[profile link]",
    "name": "[name]",
}
#: Characters at the start of a text searched for the name line.
HEAD_CHARS = 300
#: A first line with more words than this is not a name.
MAX_NAME_WORDS = 5
#: Digits a phone number has at least (fewer is a year range, a date or an amount).
MIN_PHONE_DIGITS = 9

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_LINK = re.compile(r"(?:https?://)?(?:www\.)?(?:linkedin|github|xing|twitter|x)\.com/[^\s,;|)]+", re.I)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d ()./-]{6,}\d(?!\w)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NAME_WORD = re.compile(r"[A-ZÀ-ÞŁŚŻ][^\W\d_]*(?:['’-][^\W\d_]+)*\.?")
_LABELLED = re.compile(r"^\s*(?:full\s+)?name\s*:\s*(.+)$", re.I | re.M)
#: Words that make a first line a heading or a job title, not a name.
_NOT_NAME = frozenset(
    """curriculum vitae cv resume résumé profile summary experience contact details personal
    statement education skills objective about me manager management supervisor director head
    lead leader officer engineer analyst assistant consultant coordinator specialist executive
    chief president team job role description advert position vacancy of and the for in at
    senior junior associate principal nurse teacher developer designer administrator""".split()
)


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


@dataclass(frozen=True)
class Mask:
    """A span of the text to hide: ``text[start:end]`` is a detail of ``kind``."""

    start: int
    end: int
    kind: str

    @property
    def placeholder(self) -> str:
        """What the report shows instead."""
        return PLACEHOLDERS[self.kind]


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Return the package's list of first names, lower-cased."""
    text = resources.files("leadership_nlp").joinpath("data/first_names.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _name_line(text: str) -> tuple[int, int] | None:
    """Return the span of the first non-empty line if it reads as a person's name."""
    head = text[:HEAD_CHARS]
    match = re.search(r"\S[^\n]*", head)
    if not match:
        return None
    line = match.group().rstrip()
    words = line.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS or any(c.isdigit() or c in "@|:,/" for c in line):
        return None
    if not all(_NAME_WORD.fullmatch(w) for w in words):
        return None
    if any(w.lower().strip(".") in _NOT_NAME for w in words):
        return None
    return match.start(), match.start() + len(line)


def _listed_names(text: str) -> list[tuple[int, int]]:
    """Return spans of listed first names, each with up to two capitalised words after it."""
    names, spans = first_names(), []
    for match in _WORD.finditer(text):
        word = match.group()
        if not word[0].isupper() or word.lower() not in names:
            continue
        end = match.end()
        for _ in range(2):
            follow = re.match(r"[ \t]+([A-ZÀ-ÞŁŚŻ][^\W\d_]*(?:['’-][^\W\d_]+)*)", text[end:])
            if not follow or follow.group(1).lower() in _NOT_NAME:
                break
            end += follow.end()
        spans.append((match.start(), end))
    return spans


def _words_in(text: str, spans: list[tuple[int, int]]) -> set[str]:
    return {w.lower().rstrip(".") for s, e in spans for w in _WORD.findall(text[s:e]) if len(w) > 1}


def _name_spans(text: str) -> list[tuple[int, int]]:
    spans = _listed_names(text)
    if line := _name_line(text):
        spans.append(line)
    for match in _LABELLED.finditer(text):
        spans.append(match.span(1))
    return spans


def find_masks(text: str) -> list[Mask]:
    r"""Return the spans of ``text`` to mask, in order and not overlapping.

    Parameters
    ----------
    text : str
        A document as classified.

    Returns
    -------
    list of Mask
        E-mail addresses, profile links, phone numbers and person names.

    Examples
    --------
    >>> text = "Jo Example\njo@example.com | +44 7700 900123\nI coached Fiona Walsh in 2012-2016."
    >>> [(text[m.start:m.end], m.kind) for m in find_masks(text)]  # doctest: +NORMALIZE_WHITESPACE
    [('Jo Example', 'name'), ('jo@example.com', 'email'), ('+44 7700 900123', 'phone'),
     ('Fiona Walsh', 'name')]
    """
    found = [Mask(*m.span(), "email") for m in _EMAIL.finditer(text)]
    found += [Mask(*m.span(), "link") for m in _LINK.finditer(text)]
    for match in _PHONE.finditer(text):
        digits = _digits(match.group())
        if digits >= MIN_PHONE_DIGITS or (match.group().startswith("+") and digits >= 7):
            found.append(Mask(*match.span(), "phone"))
    spans = _name_spans(text)
    found += [Mask(start, end, "name") for start, end in spans]
    # The same names elsewhere: "Jo" in a reference, the surname in a sign-off.
    if words := _words_in(text, spans):
        for match in _WORD.finditer(text):
            if match.group()[0].isupper() and match.group().lower().rstrip(".") in words:
                found.append(Mask(*match.span(), "name"))
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mask] = []
    for mask in found:
        if kept and mask.start < kept[-1].end:
            if mask.end > kept[-1].end:
                kept[-1] = Mask(kept[-1].start, mask.end, kept[-1].kind)
            continue
        kept.append(mask)
    return kept


def redacted_label(index: int, label: str) -> str:
    """Return the label a redacted page gives a document: its number, and its file type.

    Examples
    --------
    >>> redacted_label(7, "cvs/Fiona_Walsh_cv.pdf"), redacted_label(8, "11-1011.00")
    ('document 7.pdf', 'document 8')
    """
    suffix = PurePath(label).suffix.lower()
    return f"document {index}" + (suffix if suffix in SUPPORTED_SUFFIXES else "")


def redact_paths(text: str) -> str:
    r"""Return ``text`` with every file path in it replaced by ``[path]``.

    Examples
    --------
    >>> redact_paths("not scored: symbolic link to /cvs/Fiona_Walsh.pdf, outside the folder")
    'not scored: symbolic link to [path] outside the folder'
    """
    return re.sub(r"[^\s,;]*[/\\][^\s,;]*,?", "[path]", text)
