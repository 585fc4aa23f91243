"""A classified text as readable pieces: lines a PDF broke joined, sentences marked, details masked.

Pure functions over the original text and its offsets, so that every
sentence, evidence and mask offset stays valid. The report's template turns
the pieces into HTML (and escapes every string); nothing here writes markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from ...core.constants import ORIENTED
from ...core.sentence_result import SentenceResult
from .redact import Mask

#: Evidence terms shown in bold per sentence: the strongest ones that are not stop words.
BOLD_TERMS = 3
#: Words that cannot end a sentence, so a line ending with one runs on.
_RUNS_ON = frozenset("a an and the of to in for with on at by or as from into our their its".split())
_BULLET = re.compile(r"\s*(?:[-–—•*·▪●◦>]|\d{1,2}[.)])\s")

#: Part kinds: plain text, an evidence term, a masked detail, a line break, a paragraph break.
TEXT, EVIDENCE, MASK, LINE, PARAGRAPH = "t", "e", "x", "b", "p"


@dataclass
class Piece:
    """A run of the text: a sentence marked with its label (``label`` set) or plain text."""

    label: str | None = None
    title: str = ""
    parts: list[tuple[str, str]] = field(default_factory=list)


def joined_breaks(text: str) -> dict[int, str]:
    r"""Return the line breaks of ``text`` that broke a sentence, with what replaces each.

    A single line break is joined when the next line continues the sentence:
    it starts with a lower-case letter, or the line before ends with a comma,
    an ampersand or a word that cannot end a sentence ("and", "of", ...), and
    the next line is not a bullet. A word hyphenated across lines is joined
    without a space. Blank lines, bullets and headings are kept.

    Examples
    --------
    >>> text = "Led a team of twelve\nengineers.\n- Set budgets\nProfile\nI coach"
    >>> joined_breaks(text)
    {20: ' '}
    """
    joins: dict[int, str] = {}
    lines = text.split("\n")
    position = 0
    for line, after in zip(lines, lines[1:], strict=False):
        position += len(line)
        before, next_line = line.rstrip(), after.lstrip()
        if before and next_line and not _BULLET.match(after):
            first = next_line[0]
            last = before.rsplit(None, 1)[-1].lower()
            continues = first.islower() or (
                first.isalnum() and (before.endswith((",", "&")) or last in _RUNS_ON)
            )
            if continues:
                hyphenated = before.endswith("-") and before[-2:-1].isalpha() and first.islower()
                joins[position] = "" if hyphenated else " "
        position += 1
    return joins


def _plain(text: str, start: int, end: int, joins: dict[int, str]) -> list[tuple[str, str]]:
    """Return ``text[start:end]`` as text, line-break and paragraph-break parts."""
    parts: list[tuple[str, str]] = []
    position = start
    for match in re.finditer(r"[ \t\r\f\v]*\n\s*", text[start:end]):
        gap_start, gap_end = start + match.start(), start + match.end()
        if gap_start > position:
            parts.append((TEXT, text[position:gap_start]))
        newlines = match.group().count("\n")
        first = text.index("\n", gap_start)
        if newlines >= 2:
            parts.append((PARAGRAPH, ""))
        elif first in joins:
            parts.append((TEXT, joins[first]))
        else:
            parts.append((LINE, ""))
        position = gap_end
    if position < end:
        parts.append((TEXT, text[position:end]))
    return parts


def _marked(
    text: str, start: int, end: int, marks: list[tuple[int, int, str, str]], joins: dict[int, str]
) -> list[tuple[str, str]]:
    """Return ``text[start:end]`` as parts, with ``marks`` (start, end, kind, shown) in place."""
    parts: list[tuple[str, str]] = []
    position = start
    for mark_start, mark_end, kind, shown in marks:
        if mark_start < position or mark_end > end:
            continue  # overlaps an earlier mark, or runs past this run of text
        parts += _plain(text, position, mark_start, joins)
        parts.append((kind, shown))
        position = mark_end
    return parts + _plain(text, position, end, joins)


def _title(sentence: SentenceResult) -> str:
    score = sentence.scores.get(sentence.label, 0.0)
    facets = f" · {', '.join(sentence.facets)}" if sentence.facets else ""
    return f"{sentence.label} {score:.2f}{facets}"


def pieces(
    text: str, sentences: Sequence[SentenceResult], masks: Sequence[Mask] = (), limit: int | None = None
) -> list[Piece]:
    """Return ``text`` as pieces for display.

    Parameters
    ----------
    text : str
        The classified text.
    sentences : sequence of SentenceResult
        Its sentences, with offsets into ``text``, in order.
    masks : sequence of Mask
        Spans to show as placeholders, in order, not overlapping.
    limit : int, optional
        Characters shown (the rest is left out).

    Returns
    -------
    list of Piece
        Leadership and management sentences with their label, a title and
        their strongest evidence terms marked; everything else as plain pieces. The
        pieces' parts hold every shown character of ``text`` except masked
        ones and joined line breaks.
    """
    end_of_text = len(text) if limit is None else min(limit, len(text))
    joins = joined_breaks(text[:end_of_text])
    # A line break inside a sentence is one the sentence splitter joined
    # ("Managed" / "30 staff", "06/2014" / "to" / "05/2019"): shown as a space too.
    for sentence in sentences:
        for at in range(sentence.start, min(sentence.end, end_of_text)):
            if text[at] == "\n":
                joins.setdefault(at, " ")
    mask_marks = [(m.start, m.end, MASK, m.placeholder) for m in masks]
    out: list[Piece] = []
    position = 0

    def plain(stop: int) -> None:
        inside = [m for m in mask_marks if position <= m[0] and m[1] <= stop]
        if stop > position:
            out.append(Piece(parts=_marked(text, position, stop, inside, joins)))

    for sentence in sentences:
        start, end = max(sentence.start, position), min(sentence.end, end_of_text)
        if start >= end or sentence.label not in ORIENTED:
            continue
        plain(start)
        covered = [m for m in mask_marks if m[0] < end and m[1] > start]
        start, end = min([start] + [m[0] for m in covered]), max([end] + [m[1] for m in covered])
        end = min(end, end_of_text)
        strongest = sorted(
            (e for e in sentence.evidence if e.label == sentence.label and e.text.lower() not in STOP_WORDS),
            key=lambda e: -e.weight,
        )[:BOLD_TERMS]
        evidence = [
            (e.start, e.end, EVIDENCE, text[e.start : e.end])
            for e in strongest
            if start <= e.start < e.end <= end and not any(m[0] < e.end and e.start < m[1] for m in covered)
        ]
        marks = sorted(covered + evidence, key=lambda m: (m[0], -m[1]))
        out.append(Piece(sentence.label, _title(sentence), _marked(text, start, end, marks, joins)))
        position = end
    plain(end_of_text)
    return out
