"""Numbers in role-profile text: "1,200", "12k", "twelve", "twenty - five", "two hundred", "£5 m".

The number words, multipliers ("hundred") and suffixes ("k", "bn") are data,
``data/role_vocabulary.json``; the scale words of budgets ("million") are
``scale`` records of ``data/role_patterns.jsonl``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .once import once
from .role_matcher import Compiled, Match
from .role_patterns import role_vocabulary


@dataclass(frozen=True)
class _Numbers:
    words: dict[str, int]
    multipliers: dict[str, int]
    suffixes: dict[str, float]
    digits: re.Pattern[str]


@once
def _vocabulary() -> _Numbers:
    v = role_vocabulary()
    suffixes = v["number_suffixes"]
    # Longest first, so that a suffix is never cut short by its first letter ("mm", "m").
    alternation = "|".join(sorted(suffixes, key=lambda s: (-len(s), s)))
    digits = re.compile(rf"(\d+(?:\.\d+)?)({alternation})?\+?")
    return _Numbers(v["number_words"], v["multipliers"], suffixes, digits)


def parse_number(text: str) -> float | None:
    """Parse "1,200", "2.5", "12k", "~40" or a number word ("twelve") into a float.

    Numbers of more than 15 digits are not parsed: a float cannot hold them
    exactly, and no team, budget or site count is that large.

    Examples
    --------
    >>> [parse_number(t) for t in ("1,200", "twelve", "12k", "~40", "x")]
    [1200.0, 12.0, 12000.0, 40.0, None]
    """
    v = _vocabulary()
    t = text.lower().replace(",", "").removesuffix(".").lstrip("~≈")
    m = v.digits.fullmatch(t)
    if m:
        if len(m.group(1)) > 15:
            return None
        return float(m.group(1)) * (v.suffixes[m.group(2)] if m.group(2) else 1)
    if t in v.words:
        return float(v.words[t])
    if t in v.multipliers:
        return float(v.multipliers[t])
    parts = t.split("-")
    if len(parts) == 2 and all(p in v.words for p in parts):
        return float(v.words[parts[0]] + v.words[parts[1]])
    return None


def numbers_in(seq: Sequence[Any], span: Match, c: Compiled, vetoed: set[int]) -> list[float]:
    """Return the numbers in a match, in order: "twenty - five" and "two hundred" are one each."""
    multipliers = _vocabulary().multipliers
    out: list[float] = []
    prev_word = False
    for i in range(span.start, span.end):
        low = seq[i].lower_
        if i in vetoed or not c.num_re.match(low):
            if not (low == "-" and prev_word):
                prev_word = False
            continue
        if re.fullmatch(r"\d+[-–]\d+\+?", low):
            out.extend(float(x) for x in re.findall(r"\d+", low))
            prev_word = False
            continue
        value = parse_number(low)
        if value is None:
            prev_word = False
            continue
        is_word = low.isalpha()
        if is_word and prev_word and out:
            out[-1] = out[-1] * value if low in multipliers else out[-1] + value
        else:
            out.append(value)
        prev_word = is_word
    return out


def budget_amounts(seq: Sequence[Any], span: Match, c: Compiled, vetoed: set[int]) -> list[float]:
    """Return the amounts in a budget match: each number times the scale word after it ("£5 m").

    A number word counts only alone before a scale word ("two million pounds"):
    alone without one ("a budget of one team") it is no amount, and a run of
    number words ("two hundred thousand", "twenty-five million") is not read,
    so that a part of it never passes for the whole.
    """
    out = []
    for i in range(span.start, span.end):
        low = seq[i].lower_
        if i in vetoed or not c.num_re.match(low):
            continue
        scale = seq[i + 1].lower_.removesuffix(".") if i + 1 < span.end else ""
        if low.isalpha():
            before = seq[i - 1].lower_ if i > 0 else ""  # also just before the match
            if scale not in c.p.scales or before == "-" or (before.isalpha() and c.num_re.match(before)):
                continue
        value = parse_number(low)
        if value is None:
            continue
        out.append(value * c.p.scales.get(scale, 1.0))
    return out
