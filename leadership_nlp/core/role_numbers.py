"""Numbers in role-profile text: "1,200", "12k", "twelve", "twenty - five", "two hundred and ten", "£5 m".

The number words, multipliers ("hundred", "dozen"), fractions ("half a
dozen") and suffixes ("k", "bn") are data,
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

#: A four-digit year as the role patterns' ``year`` token reads it ("2019", not "2,019" or "2045").
YEAR = re.compile(r"(?:19[5-9]\d|20[0-3]\d)$")
#: A decimal comma: one or two digits after it ("1,2", "2,5m"); three make a thousands separator.
_DECIMAL_COMMA = re.compile(r"(\d+),(\d{1,2}(?:[a-z]+)?\+?)")
#: Full stops between thousands ("780.000 EUR", "1.500.000 €", "1.200 Mitarbeiter").
_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
#: Scale words of German writers, before which a comma is a decimal comma whatever follows it
#: ("1,234 Mio." is 1.234 million; "1,234 million" in English is 1,234 million).
COMMA_SCALES = frozenset({"mio", "mrd", "mill", "millionen", "milliarden", "tsd"})
#: Units counted in fractions: "2.125 FTE" is two and a bit posts, not 2,125.
_FRACTION_UNITS = frozenset({"fte", "ftes", "wte", "wtes"})


#: The groups of a number written with spaces between thousands ("1 600", "~1 500", "12 00 000"):
#: the first, a group of three digits, a lakh group of two (Indian grouping), and a last group
#: with decimals or a suffix ("2 500 000.00", "£1 250k").
_FIRST_GROUP = re.compile(r"(?:~|≈|c\.)?[1-9]\d{0,2}")
_NEXT_GROUP, _LAKH_GROUP = re.compile(r"\d{3}"), re.compile(r"\d{2}")
_LAST_GROUP = re.compile(r"\d{3}(?:[.,]\d{1,2}|k|m|mn|bn)", re.IGNORECASE)
#: A token that can start such a number, and one that can continue it.
_GROUP_START = re.compile(r"(?:~|≈|c\.)?\d{1,3}")
_GROUP_MORE = re.compile(r"\d{2,3}|\d{3}(?:[.,]\d{1,2}|k|m|mn|bn)", re.IGNORECASE)
#: Singular determiners: before a number, they make a hyphenated compound after it one thing
#: ("a 1 600-strong team"; not "our 2 100-person teams").
_ONE_THING = frozenset({"a", "an", "one", "each", "every", "this", "that", "single"})
#: Spaces that spaCy makes tokens of, used between thousands (no-break, narrow no-break, thin, figure).
_GROUP_SPACES = frozenset({"\u00a0", "\u202f", "\u2009", "\u2007"})
#: A token that glues a group of thousands to something else ("000-£1" in "£1 200 000-£1 500 000").
_GLUED_GROUP = re.compile(r"\d{3}\D.*")
#: Digits, spaces, digits: without it in a sentence there is no number in groups (nor a doubtful one).
_SPACED_DIGITS = re.compile(r"\d\s+\d")


@dataclass(frozen=True)
class _Numbers:
    words: dict[str, int]
    multipliers: dict[str, int]
    fractions: dict[str, float]
    suffixes: dict[str, float]
    digits: re.Pattern[str]


@once
def _vocabulary() -> _Numbers:
    v = role_vocabulary()
    suffixes = v["number_suffixes"]
    # Longest first, so that a suffix is never cut short by its first letter ("mm", "m").
    alternation = "|".join(sorted(suffixes, key=lambda s: (-len(s), s)))
    digits = re.compile(rf"(\d+(?:\.\d+)?)({alternation})?\+?")
    return _Numbers(v["number_words"], v["multipliers"], v["fractions"], suffixes, digits)


def parse_number(text: str) -> float | None:
    """Parse "1,200", "2.5", "1,2" (a decimal comma), "12k", "~40", "c.350" or "twelve" into a float.

    Numbers of more than 15 digits are not parsed: a float cannot hold them
    exactly, and no team, budget or site count is that large.

    Examples
    --------
    >>> [parse_number(t) for t in ("1,200", "1,2", "twelve", "12k", "~40", "x")]
    [1200.0, 1.2, 12.0, 12000.0, 40.0, None]
    """
    v = _vocabulary()
    t = text.lower().removesuffix(".").lstrip("~≈").removeprefix("c.")
    # One or two digits after a comma make it a decimal comma ("€1,2 Mio", "2,5m");
    # three or more, a thousands separator ("1,200").
    decimal = _DECIMAL_COMMA.fullmatch(t)
    t = f"{decimal[1]}.{decimal[2]}" if decimal else t.replace(",", "")
    if t.count(".") > 1 and _DOT_THOUSANDS.fullmatch(t):
        t = t.replace(".", "")  # "1.500.000"; one full stop is a decimal point here: see read_separators
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


def read_separators(number: str, after: str, scaled: bool, amount: bool) -> str | None:
    """Return ``number`` (lowercase) with its separators read by what follows it, or ``None``.

    ``after`` is the next word (lowercase, without a full stop), ``scaled`` whether it is a scale
    word, ``amount`` whether the number is money. A decimal comma makes an amount only before a
    scale word ("€1,2 Mio", "1,234 Mio."): "£12,99" is no budget of a role, "1,5 FTE" and "1,2
    sites" no count. Full stops between thousands make a count ("1.200 Mitarbeiter", not "2.125
    FTE") and an amount without a scale word ("780.000 EUR"; "€1.500m" keeps its decimal point).

    Examples
    --------
    >>> read_separators("1,2", "mio", scaled=True, amount=True), read_separators("1,2", "sites", False, False)
    ('1.2', None)
    """
    comma = "," in number and "." not in number
    if _DECIMAL_COMMA.fullmatch(number) or (comma and after in COMMA_SCALES):
        return number.replace(",", ".") if amount and scaled else None
    if _DOT_THOUSANDS.fullmatch(number) and after not in _FRACTION_UNITS and not (amount and scaled):
        return number.replace(".", "")
    return number


def thousands_groups(doc: Any, positions: Sequence[int]) -> tuple[frozenset[int], frozenset[int]]:
    """Return the numbers written in groups of thousands among the tokens at ``positions``.

    ``positions`` are doc positions, in order (a sentence's). "1 600 employees", "12 000
    staff", "~1 500 people", "£2 500 000.00", "£1 250k", "Rs 12 00 000" (one space, or a
    no-break, narrow, thin or figure space, between groups) are one number each: the first
    set holds the positions of the tokens that continue the number before them, never a
    number alone. The second holds the positions of tokens that cannot be read for sure,
    so they are not read: a group glued to a hyphen ("2 100-seat halls": the 2 is read;
    but "a 1 600-strong team" after a singular determiner is one number, and "12 000-15
    000" a range), every group of a run no grouping explains ("12 34 56", "2 000 120",
    "1 200 000-£1"), and a number after another space ("1  600", "1\u2002600"). Not across a
    line break or a tab ("Sites: 3" / "120 staff").
    """
    if not positions or not _SPACED_DIGITS.search(doc[positions[0] : positions[-1] + 1].text):
        return frozenset(), frozenset()  # most sentences: no token-by-token walk on the hot path
    groups: set[int] = set()
    unsure: set[int] = set()
    n = len(doc)

    def gap(t: Any) -> bool:  # a token of spaces within a line
        return not t.text.strip() and "\n" not in t.text and "\t" not in t.text

    positions = [p for p in positions if not gap(doc[p])]
    run: list[int] = []  # doc positions of digit tokens one space apart
    for p in [*positions, -1]:
        if p >= 0 and run:
            a = run[-1]
            between = doc[a + 1] if p == a + 2 and gap(doc[a + 1]) else None
            joined = (p == a + 1 and doc[a].whitespace_ == " ") or (
                between is not None
                and between.text in _GROUP_SPACES
                and not (doc[a].whitespace_ or between.whitespace_)
            )
            if joined and _GROUP_MORE.fullmatch(doc[p].text):
                run.append(p)
                continue
            if joined and _GLUED_GROUP.fullmatch(doc[p].text):
                unsure.update([*run, p])  # "1 200 000-£1 500 000": where the number ends is unsure
                run = []
                continue
            if between is not None and doc[p].text[:1].isdigit():
                unsure.add(p)  # "1  600", "1\u2002600": a column gap as likely as a separator
        _read_run(doc, run, n, groups, unsure)
        run = [p] if p >= 0 and _GROUP_START.fullmatch(doc[p].text) else []
    return frozenset(groups), frozenset(unsure)


def _read_run(doc: Any, run: list[int], n: int, groups: set[int], unsure: set[int]) -> None:
    # Split a run of digit tokens one space apart into numbers (thousands_groups).
    # A group glued to a hyphen ends the run and is not read ("2 100-seat halls": two halls),
    # unless a singular determiner makes the whole one number ("a 1 600-strong team") or a
    # number follows the hyphen (a range: "12 000-15 000").
    if len(run) < 2:
        return
    one = run[0] > 0 and doc[run[0] - 1].lower_ in _ONE_THING
    for i, p in enumerate(run):
        hyphen = not doc[p].whitespace_ and p + 1 < n and doc[p + 1].text in ("-", "–")
        ranged = hyphen and p + 2 < n and doc[p + 2].text[:1].isdigit() and not doc[p + 1].whitespace_
        if hyphen and i > 0 and not one and not ranged:
            unsure.add(p)
            run = run[:i]
            break
    if len(run) < 2:
        return
    # One number per run: anything else in it makes every part unsure ("12 34 56", "2 000 120",
    # read as 2,000,120 or as 2,000 and 120).
    texts = [doc[p].text for p in run]
    j = 1
    if not _FIRST_GROUP.fullmatch(texts[0]):
        j = 0
    elif len(texts[0].lstrip("~≈c.")) <= 2 and _LAKH_GROUP.fullmatch(texts[1]):
        while j < len(run) and _LAKH_GROUP.fullmatch(texts[j]):
            j += 1
        if j < len(run) and (_NEXT_GROUP.fullmatch(texts[j]) or _LAST_GROUP.fullmatch(texts[j])):
            j += 1
        else:
            j = 0  # lakh groups end in three digits
    else:
        while j < len(run) and (_NEXT_GROUP.fullmatch(texts[j]) or _LAST_GROUP.fullmatch(texts[j])):
            j += 1
            if _LAST_GROUP.fullmatch(texts[j - 1]):
                break
    if j < len(run) or _after_zeros(texts[1:j]):
        unsure.update(run)
        return
    groups.update(run[1:])


def _after_zeros(groups: list[str]) -> bool:
    # Whether a group other than "000" follows a "000" ("2 000 120"; not "2 500 000", "1 000 000").
    return any(a == "000" and b[:3] != "000" for a, b in zip(groups, groups[1:], strict=False))


def numbers_in(
    seq: Sequence[Any], span: Match, c: Compiled, vetoed: set[int], amount: bool = False
) -> list[float]:
    """Return the numbers in a match, in order: each of these is one number.

    "twenty - five", "three hundred and fifty" and "one thousand two hundred"
    (a run of number words, read whole where the match holds a part of it),
    "3 dozen" (a number times a multiplier word), "half a dozen" and "a
    couple of hundred" (a part of a multiplier); "five - six", "forty - fifty" and "two hundred
    - three hundred" are two numbers each (a range), not their sum. Separators are read as
    :func:`read_separators` says, ``amount`` telling whether the match is money.
    """
    v = _vocabulary()
    multipliers = v.multipliers
    lo, hi = _whole_run(seq, span, vetoed)
    out: list[float] = []
    prev_word = False  # the last token read was a number word ("two", "hundred")
    prev_number = False  # the last token was a number of any kind ("3", "two")
    after_multiplier = False  # ... and it was a multiplier ("hundred")
    # Of out[-1] as it is built: the part a larger multiplier has fixed
    # ("one thousand" in "one thousand two hundred"), and that multiplier.
    fixed, last_multiplier = 0.0, 0
    for i in range(lo, hi):
        low = seq[i].lower_
        if i in vetoed or not c.num_re.match(low):
            # A hyphen inside a run of number words, or "and" after a multiplier
            # and before a number word, continues the number.
            joins = low == "-" or (
                low == "and" and after_multiplier and i + 1 < hi and seq[i + 1].lower_ in v.words
            )
            if not (joins and prev_word):
                prev_word = False
            prev_number = after_multiplier = False
            continue
        after = seq[i + 1].lower_.removesuffix(".") if i + 1 < len(seq) else ""
        read = read_separators(low, after, after in c.p.scales, amount)
        if read is None:
            prev_word = prev_number = after_multiplier = False
            continue
        low = read
        if re.fullmatch(r"\d+[-–]\d+\+?", low):
            out.extend(float(x) for x in re.findall(r"\d+", low))
            prev_word = prev_number = after_multiplier = False
            continue
        value = parse_number(low)
        if value is None:
            prev_word = prev_number = after_multiplier = False
            continue
        is_word = low.isalpha()
        if low in multipliers and prev_number and out:
            # "two hundred", "3 dozen", "one thousand two hundred"
            part = out[-1] - fixed
            if value > last_multiplier:
                out[-1] *= value
                fixed = out[-1]
            elif part * value < last_multiplier:
                out[-1] = fixed + part * value
            else:  # "two hundred three hundred": a range, the next number
                out[-1] = fixed
                out.append(part * value)
                fixed = out[-1]
            last_multiplier = int(value)
        elif is_word and prev_word and out and _adds(out[-1], value):
            out[-1] += value  # "twenty - five", "two hundred and ten"
        else:
            if low in multipliers and (fraction := _part(seq, i)[0]) is not None:
                value *= fraction  # "half a dozen", "a couple of hundred"
            out.append(value)
            fixed, last_multiplier = 0.0, int(value) if low in multipliers else 0
        prev_word, prev_number, after_multiplier = is_word, True, low in multipliers
    return out


def _adds(number: float, word: float) -> bool:
    # Whether a number word after ``number`` is part of it ("twenty five",
    # "two hundred and ten") rather than the next number of a range ("five
    # six", "forty fifty").
    tens = number % 100
    return (20 <= tens < 100 and tens % 10 == 0 and word < 10) or (number >= 100 and tens == 0 and word < 100)


def _whole_run(seq: Sequence[Any], span: Match, vetoed: set[int]) -> tuple[int, int]:
    # The match widened to the whole run of number words it starts or ends in:
    # a pattern's number token is one word, so "Responsible for three hundred
    # and fifty staff" matches from "hundred", and "a department of two" stops
    # before "hundred and ten staff".
    v = _vocabulary()

    def word(i: int) -> bool:
        if not 0 <= i < len(seq) or i in vetoed:
            return False
        low = seq[i].lower_
        return low in v.words or low in v.multipliers

    def joiner(i: int) -> bool:
        return 0 <= i < len(seq) and seq[i].lower_ in ("-", "and") and word(i - 1) and word(i + 1)

    lo, hi = span.start, span.end
    while word(lo) and (word(lo - 1) or joiner(lo - 1)):
        lo -= 1 if word(lo - 1) else 2
    while word(hi - 1) and (word(hi) or joiner(hi)):
        hi += 1 if word(hi) else 2
    return lo, hi


def number_bounds(seq: Sequence[Any], span: Match, vetoed: set[int]) -> tuple[int, int, tuple[int, ...]]:
    """Return the token range of a match read whole, and the positions of its number words.

    The match widened to the runs of number words it starts or ends in, and
    to the fraction before a multiplier ("half a dozen"), so that a mention
    shows all the words its value was read from; the positions tell two
    matches that read the same run of number words.
    """
    v = _vocabulary()
    lo, hi = _whole_run(seq, span, vetoed)
    if seq[lo].lower_ in v.multipliers:
        lo -= _part(seq, lo)[1]
    words = tuple(i for i in range(lo, hi) if seq[i].lower_ in v.words or seq[i].lower_ in v.multipliers)
    return lo, hi, words


def _part(seq: Sequence[Any], i: int) -> tuple[float | None, int]:
    # The part of a multiplier seq[i] that the words before it take, and how
    # many words give it: "a half dozen" (0.5, 1), "half a dozen" (0.5, 2),
    # "a couple of hundred" (2, 2); (None, 0) if none.
    fractions = _vocabulary().fractions
    before = [seq[k].lower_ if k >= 0 else "" for k in (i - 1, i - 2)]
    if before[0] in fractions:  # "a half dozen"
        return fractions[before[0]], 1
    if before[0] in ("a", "an", "of") and before[1] in fractions:  # "half a dozen", "a couple of hundred"
        return fractions[before[1]], 2
    return None, 0


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
        read = read_separators(low, scale, scale in c.p.scales, amount=True)
        if read is None:
            continue
        value = parse_number(read)
        if value is None:
            continue
        out.append(value * c.p.scales.get(scale, 1.0))
    return out
