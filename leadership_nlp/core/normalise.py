"""Text -> what the tokenizer sees, and the tokenizer itself.

The first step of the pipeline: :func:`normalise` cleans a chunk of text
(line breaks, lone surrogates, markup, long runs of non-words) without
changing its length, so every offset still indexes the original text; the
tokenizer is ``spacy.blank("en")``'s, less the whitespace special cases that
turned its cache off, with lexeme attributes read from folded words
(:func:`make_nlp`, :mod:`~leadership_nlp.core.folding`). Training, ``predict``,
``classify`` and the spaCy component's fallback all take this one road.
"""

from __future__ import annotations

import html
import re
import string
import threading
import unicodedata
from functools import lru_cache, partial
from itertools import product
from typing import Any, cast

from spacy.attrs import IS_PUNCT, IS_SPACE, IS_TITLE, LIKE_NUM, LOWER, NORM
from spacy.lang.en import English, EnglishDefaults
from spacy.language import Language
from spacy.tokens import Doc

from . import folding, lookups
from .constants import LINE_BREAKS, MAX_TOKEN_CHARS
from .once import once

_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")

#: Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer,
#: CJK punctuation, kana, CJK ideographs, full-width forms): a long run of
#: them is text, not junk.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)

#: What the tokenizer sees instead of a long run that is not words: a
#: private-use character, which is no letter, digit or punctuation.
_NOT_A_WORD = "\ue000"

#: A lone surrogate: a Python str may hold one (``surrogateescape`` data,
#: broken JSON), but spaCy cannot encode it.
_SURROGATE = re.compile("[\ud800-\udfff]")

#: An HTML/XML tag or comment. Quoted attribute values may not contain "<" or
#: ">", so a failed match never scans past the next angle bracket.
_TAG = re.compile(
    r"<!--.*?-->|</?([A-Za-z][A-Za-z0-9:-]*)(?:[^<>\"']|\"[^\"<>]*\"|'[^'<>]*')*/?>",
    re.S,
)
#: A character reference ("&amp;", "&#8217;").
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
#: Tags that end a block of text: they start a new sentence.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd div dl dt figcaption footer form h1 h2 h3 h4 h5 h6 "
    "head header hr html li main nav ol p pre section table tbody td tfoot th thead title tr ul".split()
)


#: Whitespace special cases of spaCy's English tokenizer. They split nothing
#: (whitespace is split anyway), but the first one matched in a Doc turns the
#: tokenizer's cache off for the rest of that Doc, so on a multi-line CV most
#: words were tokenized from scratch. Dropping them gives the same tokens.
_WHITESPACE_RULES = ("\n", "\t", " ", "\xa0")

#: The lexeme attributes the library reads (terms, sentence ends, the shipped
#: role patterns), computed from the folded word. The others keep spaCy's
#: getters on the word as written: a user's pattern file may test any of them.
#: (Folding every getter cost about a tenth more tokenizing time on new words.)
_READ_ATTRS = frozenset({LOWER, NORM, IS_PUNCT, IS_SPACE, LIKE_NUM, IS_TITLE})


#: Emoticons with a digit in spaCy's English special cases ("8)", ":3", "<3", "8D", "0.0"): they
#: kept a count from being a number, so "Team (8)", "(team of 8)", "Team size :3" and "<3 years"
#: had none. Without them the number splits off as in "(team of 12)". (Times, "10am", stay.)
_DIGIT_EMOTICONS = frozenset(
    k
    for k in EnglishDefaults.tokenizer_exceptions
    if re.search(r"\d", k) and not re.fullmatch(r"\d+[ap]\.?m\.?", k)
)


#: A colon between a word and a number splits off ("Team size:8", "Sites:~40", "Tel:07700"):
#: spaCy splits a colon only before a letter, so "size:8" was one token and the field had no
#: number. A colon after a digit stays ("10:30"). (Before a currency sign the amount would stay
#: one token with it, "£1.2": infixes split after prefixes are read.)
_FIELD_COLON = r"(?<=[A-Za-z]):(?=[0-9~])"


#: A colon and a dash after a field's label, as many Indian CVs write it ("Team Size:- 25",
#: "Budget:-Rs. 2 crore"): spaCy kept "Size:-" as one token, so the field had no label. The pair
#: splits off as one token (":-"), which the role patterns read wherever they read a colon.
_FIELD_COLON_DASH = r"(?<=[A-Za-z]):-"


class _EnglishDefaults(EnglishDefaults):
    infixes = [*EnglishDefaults.infixes, _FIELD_COLON, _FIELD_COLON_DASH + r"(?=[0-9~A-Za-z₹$£€])"]
    suffixes = [*(EnglishDefaults.suffixes or ()), _FIELD_COLON_DASH]
    tokenizer_exceptions = {
        k: v
        for k, v in EnglishDefaults.tokenizer_exceptions.items()
        if k not in _WHITESPACE_RULES and k not in _DIGIT_EMOTICONS
    }


class _English(English):
    # Still "en": a Doc of this pipeline reads as English everywhere.
    Defaults = _EnglishDefaults


def make_nlp() -> Language:
    """Return the tokenizer-only pipeline the library runs on.

    Returns
    -------
    spacy.language.Language
        ``spacy.blank("en")`` without the whitespace special cases (see
        ``_WHITESPACE_RULES``) and the emoticons with a digit
        (``_DIGIT_EMOTICONS``), whose lexemes have the attributes the
        library reads (``_READ_ATTRS``) computed from the folded word
        (:func:`~leadership_nlp.core.folding.fold`), so the role profile's
        patterns match "mаnage" written with a Cyrillic "а" as they match
        "manage"; a token's text is left as written. Sentence boundaries come
        from :func:`set_boundaries`.
    """
    # spaCy's way to change a language's data: a subclass with its own
    # Defaults. The tokenizer is built once, from the filtered exceptions
    # (setting ``tokenizer.rules`` afterwards loads every special case again).
    nlp = _English()
    # A new dict: the defaults' getters are shared with every other blank("en").
    vocab: Any = nlp.vocab
    vocab.lex_attr_getters = {
        attr: partial(folding.folded_attr, getter) if attr in _READ_ATTRS else getter
        for attr, getter in vocab.lex_attr_getters.items()
    }
    return nlp


@once
def shared_nlp() -> Language:
    """Return one cached :func:`make_nlp` pipeline per process."""
    return make_nlp()


def _defuse_long_runs(chunk: str) -> str:
    # A run of more than MAX_TOKEN_CHARS non-space characters is not words
    # (base64, a URL list, binary junk, a 10 MB line). The tokenizer sees it
    # as _NOT_A_WORD characters with a space every MAX_TOKEN_CHARS + 1 (same
    # length, so offsets hold): it stays a sentence of the text, but one with
    # no term, no sentence end and no affix split, so it yields no chance
    # evidence (a random 10 MB line, split by the tokenizer at "+" and "/",
    # gave pieces that read as management evidence) and costs little
    # (identical tokens hit the tokenizer's cache; the random line took
    # minutes). Scripts written without spaces (Chinese, Japanese, Thai, ...)
    # are text, though: there the run itself is only cut every
    # MAX_TOKEN_CHARS characters, to keep token sizes sane.
    # str.split() splits at the characters \s matches: no piece that long, no run.
    if len(chunk) <= MAX_TOKEN_CHARS or max(map(len, chunk.split()), default=0) <= MAX_TOKEN_CHARS:
        return chunk

    def _break(match: re.Match[str]) -> str:
        run = match.group(0)
        if 2 * len(_UNSPACED.findall(run)) < len(run):
            piece = _NOT_A_WORD * MAX_TOKEN_CHARS + " "
            return (piece * (len(run) // len(piece) + 1))[: len(run)]
        step = MAX_TOKEN_CHARS + 1
        return "".join(run[i : i + MAX_TOKEN_CHARS] + " " for i in range(0, len(run), step))[: len(run)]

    return _LONG_RUN.sub(_break, chunk)


def _blank_markup(chunk: str) -> str:
    # HTML pasted as text glued words to tags ("team</li><li" was one token,
    # so "team" was lost) and ran list items into one sentence. Tags become
    # spaces, block-level tags a paragraph break, and character references
    # their character, all padded to the same length so offsets still index
    # the original text.
    if "<" not in chunk and "&" not in chunk:
        return chunk

    def _tag(match: re.Match[str]) -> str:
        n = len(match.group(0))
        name = (match.group(1) or "").lower()
        return "\n\n" + " " * (n - 2) if name in _BLOCK_TAGS else " " * n

    def _entity(match: re.Match[str]) -> str:
        ref = match.group(0)
        char = html.unescape(ref)
        if char == ref:  # not a known reference ("P&Ls;"): leave the text alone
            return ref
        if len(char) != 1 or not char.isprintable():
            char = " "
        return char + " " * (len(ref) - 1)

    return _ENTITY.sub(_entity, _TAG.sub(_tag, chunk))


_LINE_BREAK_TABLE = str.maketrans({c: "\n" for c in LINE_BREAKS})
#: Full-width forms of ASCII ("ｍａｎａｇｅ．"), the ideographic space and
#: mathematical letters and digits ("𝐦𝐚𝐧𝐚𝐠𝐞"): their ASCII characters (NFKC),
#: one for one, so the tokenizer splits punctuation off them as it does off
#: ASCII words (lexemes are folded further: core.folding).
_AS_ASCII = re.compile("[\u3000\uff01-\uff5e\U0001d400-\U0001d7ff]")
_AS_ASCII_TABLE = {
    c: plain
    for c in (0x3000, *range(0xFF01, 0xFF5F), *range(0x1D400, 0x1D800))
    if len(plain := unicodedata.normalize("NFKC", chr(c))) == 1 and plain.isascii()
}
#: Any of them: a search finds none far faster than translate() copies the text.
_LINE_BREAK = re.compile(f"[{re.escape(''.join(LINE_BREAKS))}]")

#: Combining marks (accents written as a second character) right before the punctuation that
#: ends a word: the tokenizer splits a full stop or a comma only off a letter, so "rotas\u0301."
#: stayed one token. It sees a space there instead; other marks stay ("cafe\u0301-bar"), and
#: folding drops them (core.folding). A run of marks is matched from its start only and never
#: given back (a lookbehind and a possessive run): a long run cost time in its square.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD_END_MARKS = re.compile(f"(?<![{_MARKS}])[{_MARKS}]++(?=[^\\s\\w{_MARKS}]+(?:\\s|$))")
_ANY_MARK = re.compile(f"[{_MARKS}]")


def _free_word_ends(chunk: str) -> str:
    if not _ANY_MARK.search(chunk):
        return chunk
    return _WORD_END_MARKS.sub(lambda m: " " * len(m.group(0)), chunk)


#: A word spelled out letter by letter ("m a n a g e d", "m.a.n.a.g.e.d",
#: "M-A-N-A-G-E-D"): three or more single letters, each after the same separator.
_SPELLED = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]([ ._-])[A-Za-z](?:\1[A-Za-z])+(?![A-Za-z0-9])")
#: What every run of four or more spelled-out letters holds (its second and
#: third letters with their separators): a search that starts at a separator
#: is several times faster than one that tries every letter.
_SPELLED_HINT = re.compile(
    r" [A-Za-z] [A-Za-z] |\.[A-Za-z]\.[A-Za-z]\.|-[A-Za-z]-[A-Za-z]-|_[A-Za-z]_[A-Za-z]_"
)
#: What joins the letters of a spelled-out word: a zero-width space, which
#: the tokenizer does not split at and folding drops (core.folding).
_JOINER = "\u200b"
#: Letter runs and words longer than this are not read as words (bounded work).
_SPELLED_MAX = 40


#: A digit or symbol that may stand for a letter, next to a letter ("m4n4g3d",
#: "1nspired", "m@nage", "M*naged"): where a disguised word may be. It starts
#: with that character so that a search skips ahead fast (a pattern that
#: starts with a letter tries every letter).
_DIGIT_HINT = re.compile(r"[013457@*](?<=[A-Za-z][013457@*])|[013457@*](?=[A-Za-z])")
#: The characters of a word around a hint, and the rest of the word after it
#: ("_": an identifier, never read as a word).
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@*")
_WORD_REST = re.compile("[A-Za-z0-9_@*]*")
#: Characters written for the letters they resemble ("1" may be an "i" or an
#: "l"), and "*" for a letter left out ("M*naged").
_DIGIT_LETTERS = {
    "0": "o",
    "1": "il",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "*": string.ascii_lowercase,
}
#: A number with a unit ("10am", "24hrs", "3rd", "100k") is no disguised word.
_NUMBER_WITH_UNIT = re.compile("[0-9]+[A-Za-z]{1,3}")
#: Nor is a word with a number after it ("Win10", "new5", "NEC3", "candidate0").
_WORD_AND_NUMBER = re.compile("[A-Za-z]+[0-9]+")
#: Numeronyms: a letter count between the first and last letters, not letters.
_NUMERONYMS = frozenset(
    {"a11y", "l10n", "i18n", "g11n", "o11y", "c14n", "m17n", "p13n", "e13n", "s11n", "k8s"}
)
#: Next to these a word is part of an address or a file name ("jane.doe@acme.com", "a1.txt").
_ADDRESS_CHARS = frozenset("./\\:")


def _read_digits(chunk: str) -> str:
    # A word with digits or symbols written for letters ("m4n4g3d 4 t34m",
    # "m@nage", "M*naged") was a code to the model, and the tokenizer even
    # split "t34m" as a number and a unit. Where the characters, read as the
    # letters they resemble, spell one known English word
    # (lookups.known_words) and the word as written is none, the tokenizer
    # sees the letters: a model number, a version, a date, a grade or an
    # address ("Q4", "Win10", "new5", "Mar2019", "x86", "10am", "A*",
    # "jane.doe@acme.com") spells none and stays.
    hit = _DIGIT_HINT.search(chunk)
    if hit is None:
        return chunk
    pieces: list[str] = []
    done = 0
    while hit is not None:
        start = hit.start()
        while start > 0 and chunk[start - 1] in _WORD_CHARS:
            start -= 1
        end = cast("re.Match[str]", _WORD_REST.match(chunk, hit.end())).end()
        word = chunk[start:end]
        # An identifier, an address, a run longer than any word (not kept in the cache).
        before, after = chunk[start - 1 : start], chunk[end : end + 2]
        ignore = (
            "_" in word
            or len(word) > _SPELLED_MAX
            or before in _ADDRESS_CHARS
            or before.isalpha()  # a letter outside ASCII: part of a longer word ("ém4n4g3d")
            or after[:1].isalpha()
            or (after[:1] in _ADDRESS_CHARS and after[1:].isalnum())
        )
        read = word if ignore else _digits_as_letters(word)
        if read != word:
            pieces += [chunk[done:start], read]
            done = end
        hit = _DIGIT_HINT.search(chunk, end)
    return "".join(pieces) + chunk[done:] if pieces else chunk


@lru_cache(maxsize=1 << 12)
def _digits_as_letters(word: str) -> str:
    if (
        len(word) < 4
        or sum(c.isalpha() for c in word) < 2
        or any(not c.isalpha() and c not in _DIGIT_LETTERS for c in word)
        or word.count("1") + word.count("*") > 3
        or word.count("*") > 1
        or not word[0].isalnum()
        or not word[-1].isalnum()
        or _NUMBER_WITH_UNIT.fullmatch(word)
        or _WORD_AND_NUMBER.fullmatch(word)
        or word.lower().rstrip("s") in _NUMERONYMS
    ):
        return word
    known, lower = lookups.known_words(), word.lower()  # read only when such a word turns up
    if lower in known:
        return word
    if lower[0] == "4" and "for" + lower[1:] in known:
        return word  # "4ward", "4ever": "for", not "a"
    readings = {r for r in map("".join, product(*(_DIGIT_LETTERS.get(c, c) for c in lower))) if r in known}
    if len(readings) != 1:  # none, or several ("b*t": bat, bet, bit ...)
        return word
    spelled, upper = readings.pop(), word.isupper()  # "M4N4G3D": its letters in capitals
    letters = zip(word, spelled, strict=True)
    return "".join(c if c.isalpha() else r.upper() if upper else r for c, r in letters)


def _join_spelled(chunk: str) -> str:
    # A word spelled out with spaces, dots or hyphens between its letters (a
    # letter-spaced heading, "S K I L L S", or a word disguised from a
    # filter) was single letters to the model. Where the letters spell known
    # English words (lookups.known_words; spaces may also separate words:
    # "m a n a g e d a t e a m" is "managed a team"), the separators inside
    # each word become _JOINER: the same length, one token per word.
    if not _SPELLED_HINT.search(chunk):
        return chunk

    def _join(match: re.Match[str]) -> str:
        run, sep = match.group(0), match.group(1)
        letters = run[::2]
        ends = _spell(letters.lower(), several=sep == " ")
        if ends is None:
            return run
        out = list(run)
        for k in range(1, len(letters)):
            if k not in ends:
                out[2 * k - 1] = _JOINER
        return "".join(out)

    return _SPELLED.sub(_join, chunk)


def _spell(letters: str, *, several: bool) -> set[int] | None:
    # The end positions of the fewest known words that spell ``letters``
    # (one word unless ``several``; then "a" and "i" count as words, other
    # words need three letters), or None if there is no such reading or no
    # word of it has four letters (so initials, "U S A", are left alone).
    known, n = lookups.known_words(), len(letters)  # read only when letters are spelled out
    if n > _SPELLED_MAX:
        return None
    if not several:
        return {n} if n >= 4 and letters in known else None
    # best[i]: (words, ends) of the best reading of letters[:i].
    best: list[tuple[int, tuple[int, ...]] | None] = [(0, ())] + [None] * n
    for i in range(1, n + 1):
        for j in range(i):
            word, prev = letters[j:i], best[j]
            if prev is None or not (word in ("a", "i") or (len(word) >= 3 and word in known)):
                continue
            if best[i] is None or prev[0] + 1 < best[i][0]:  # type: ignore[index]
                best[i] = (prev[0] + 1, (*prev[1], i))
    found = best[n]
    if found is None:
        return None
    ends = found[1]
    if max(b - a for a, b in zip((0, *ends), ends, strict=False)) < 4:
        return None
    return set(ends)


#: A word hyphenated at the end of a line and continued in lowercase on the next ("man-" /
#: "age"), as PDF text of narrow columns has it.
_HYPHEN_BREAK = re.compile(r"-[ \t]*\n")  # what any of them holds: a far faster search
_HYPHENATED = re.compile(r"(?<![A-Za-z0-9/])([A-Za-z]+)(-[ \t]*\n[ \t]*)([a-z]+)(?![A-Za-z0-9/])")


def _join_hyphenated(chunk: str) -> str:
    # The halves were two words to the model and the line break started no sentence, so
    # "I super-" / "vised 25 staff" was "super" and "vised". Where the two halves make one
    # known English word (lookups.known_words) and are not both words themselves, the
    # hyphen and the break become _JOINER: the same length, one token. A compound stays
    # ("decision-" / "making", "day-to-" / "day", "well-" / "being", "set-" / "up"), and so
    # does a split into two words ("over-" / "all"), unless they make an orientation word
    # (folding.orientation_words: "man-" / "age" is "manage", not "man age").
    if not _HYPHEN_BREAK.search(chunk):
        return chunk
    known = lookups.known_words()

    def _join(match: re.Match[str]) -> str:
        head, gap, tail = match.groups()
        word = (head + tail).lower()
        if word not in known or (
            head.lower() in known and tail.lower() in known and word not in folding.orientation_words()
        ):
            return match.group(0)
        return head + _JOINER * len(gap) + tail

    return _HYPHENATED.sub(_join, chunk)


#: A word cut by hyphens, dots, underscores or stars inside a line ("man-aged", "super.vised",
#: "bud_get", "insp*ired"); its cuts all of one kind.
_INNER_HYPHENATED = re.compile(
    r"(?<![A-Za-z0-9/_.*-])[A-Za-z]+([-._*])[A-Za-z]+(?:\1[A-Za-z]+){0,2}(?![A-Za-z0-9/_*-]|\.[A-Za-z0-9])"
)


_CUT_HINT = re.compile(r"[A-Za-z][-._*][A-Za-z]")


def _join_cut_words(chunk: str) -> str:
    # An orientation word cut by hyphens (or dots, underscores, stars), as a filter-dodger or
    # a PDF without its line break writes it, was its pieces to the model ("man-aged" read
    # "man" and "aged"). Where the pieces make one of the words the lexicon and the role
    # patterns read (folding.orientation_words: "managed", "supervised", "budget", "inspire"),
    # the cuts become _JOINER: the same length, one token. Other compounds, names and
    # addresses stay ("long-term", "co-op", "e.g.", "budget.xlsx"); one that makes such a
    # word means it ("over-see", "road-map").
    if not _CUT_HINT.search(chunk):
        return chunk
    words = folding.orientation_words()

    def _join(match: re.Match[str]) -> str:
        run, cut = match.group(0), match.group(1)
        return run.replace(cut, _JOINER) if run.replace(cut, "").lower() in words else run

    return _INNER_HYPHENATED.sub(_join, chunk)


#: A letter written three or more times in a row ("maaanage", "suuupervised").
_REPEATED_HINT = re.compile(r"([A-Za-z])\1\1")
#: Any character three times: a search five times faster than for letters (mostly none is there).
_TRIPLE = re.compile(r"(.)\1\1")
#: A whole word with such a run in it.
_STRETCHED_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]*?([A-Za-z])\1\1[A-Za-z]*(?![A-Za-z0-9])")
_LETTER_RUN = re.compile(r"([A-Za-z])\1*")
#: Characters next to a word that make it part of an address, a path or an identifier.
_ADDRESS_SIDES = frozenset("/\\:@_")
#: Words with more stretched runs than this are left as written (bounded work).
_REPEATED_MAX_RUNS = 3


def _unstretch(chunk: str) -> str:
    # A word with a letter stretched for emphasis or to slip past a filter was unknown to the
    # model. Where it is no English word and keeping each run of three or more as two letters,
    # or else as one, gives one (lookups.known_words; two first: "gooood" is "good"), the extra
    # letters become _JOINER: the same length, and folding drops them. An address, a file
    # name or an identifier stays ("www.", "aaa_x"), and so does a reading under four letters.
    if not _TRIPLE.search(chunk) or not _REPEATED_HINT.search(chunk):
        return chunk
    known = lookups.known_words()

    def _fix(match: re.Match[str]) -> str:
        word, start, end = match.group(0), match.start(), match.end()
        if word.lower() in known:
            return word
        # Part of an address, a path or an identifier: a neighbour is one of "/\\:@_", or a dot
        # between this word and another ("www.aaa.com"; a full stop is no such dot).
        before, after = chunk[max(start - 2, 0) : start], chunk[end : end + 2]
        if before[-1:] in _ADDRESS_SIDES or after[:1] in _ADDRESS_SIDES:
            return word
        if (before[-1:] == "." and before[:1].isalnum()) or (after[:1] == "." and after[1:].isalnum()):
            return word
        runs = [m.group(0) for m in _LETTER_RUN.finditer(word)]
        stretched = [i for i, r in enumerate(runs) if len(r) >= 3]
        if len(stretched) > _REPEATED_MAX_RUNS:
            return word
        for keeps in product((2, 1), repeat=len(stretched)):
            kept = dict(zip(stretched, keeps, strict=True))
            reading = "".join(r[: kept.get(i, len(r))] for i, r in enumerate(runs))
            if len(reading) >= 4 and reading.lower() in known:
                return "".join(
                    r[: kept[i]] + _JOINER * (len(r) - kept[i]) if i in kept else r
                    for i, r in enumerate(runs)
                )
        return word

    return _STRETCHED_WORD.sub(_fix, chunk)


def normalise(chunk: str) -> str:
    """Return what the tokenizer sees of ``chunk``: the same length, cleaned.

    Every line break written as a newline (bare CR, form feed, U+2028 ...),
    full-width and mathematical forms of ASCII as ASCII, lone
    surrogates replaced by U+FFFD (spaCy cannot encode them), markup tags
    blanked and character references decoded, combining marks at the end of
    a word blanked (so punctuation splits off), words hyphenated across a line
    break, orientation words cut by hyphens or dots ("man-aged") and words with a letter
    stretched ("maaanage") read as the word, words disguised with digits
    for letters or spelled out letter by letter read as words, long runs of
    non-space characters neutralised; the same number of characters, so
    offsets index the original text.
    """
    if "\r\n" in chunk:
        chunk = chunk.replace("\r\n", " \n")  # one line break, not a paragraph break
    if _LINE_BREAK.search(chunk):
        chunk = chunk.translate(_LINE_BREAK_TABLE)
    chunk = _blank_markup(_SURROGATE.sub("\ufffd", chunk))
    # After the markup: a full-width "＜" in plain text must not open a tag.
    if _AS_ASCII.search(chunk):
        chunk = chunk.translate(_AS_ASCII_TABLE)
    chunk = _unstretch(_join_cut_words(_join_hyphenated(_free_word_ends(chunk))))
    return _defuse_long_runs(_join_spelled(_read_digits(chunk)))


def settings() -> dict[str, object]:
    """Return the clean-up's settings, for the model's knowledge pin.

    They shape the tokens a model was trained on as much as the tokenizer's
    rules do.
    """
    return {
        "max_token_chars": MAX_TOKEN_CHARS,
        "not_a_word": _NOT_A_WORD,
        "block_tags": sorted(_BLOCK_TAGS),
        "patterns": [
            p.pattern
            for p in (_LONG_RUN, _UNSPACED, _SURROGATE, _TAG, _ENTITY, _SPELLED, _WORD_END_MARKS, _HYPHENATED)
        ],
        "stretched": [
            _STRETCHED_WORD.pattern,
            _LETTER_RUN.pattern,
            sorted(_ADDRESS_SIDES),
            _REPEATED_MAX_RUNS,
            "two, then one; 4+ letters; not a dotted name",
        ],
        "hyphenated": "joined if a known word and not two known words, or an orientation word",
        "cut_words": [_INNER_HYPHENATED.pattern, "joined if an orientation word"],
        "spelled": [
            _SPELLED_HINT.pattern,
            _JOINER,
            _SPELLED_MAX,
            "fewest known words; a/i; 3+ letters; one of 4+",
        ],
        "digits": [
            _DIGIT_HINT.pattern,
            "".join(sorted(_WORD_CHARS)),
            _NUMBER_WITH_UNIT.pattern,
            _WORD_AND_NUMBER.pattern,
            sorted(_NUMERONYMS),
            "4 for 'for'",
            _DIGIT_LETTERS,
            "4+, 2+ letters, 3 ones or stars, 1 star, not at the ends, one reading, no address",
            sorted(_ADDRESS_CHARS),
        ],
        "known_words": lookups.settings(),
        "line_breaks": list(LINE_BREAKS),
        "as_ascii": _AS_ASCII.pattern,
        "folding": folding.settings(),
    }


#: Lexemes are made one text at a time. A new word's lexeme is in the
#: vocabulary before its attributes are computed, and computing them runs our
#: Python getters (folding), during which another thread may switch in: it
#: could then use, or mark with role-profile flags (core.role_flags), a lexeme
#: whose LOWER is not yet set. spaCy's tokenizer holds the GIL anyway, so the
#: lock costs threads no parallelism.
VOCAB_LOCK = threading.Lock()


def make_doc(text: str, nlp: Language | None = None) -> Doc:
    """Tokenise ``text`` (cleaned by :func:`normalise`) with ``nlp``, one text at a time (``VOCAB_LOCK``)."""
    nlp = nlp or shared_nlp()
    with VOCAB_LOCK:
        return nlp.make_doc(text)


def make_clean_doc(text: str, nlp: Language | None = None) -> Doc:
    """Tokenise one short text (a sentence) as ``iter_docs`` tokenises a chunk, without boundaries.

    The one road from a string to tokens outside ``classify``: ``fit`` and
    ``predict`` use it, so markup, line breaks and long runs are cleaned as
    they are for ``classify``; offsets still index ``text``.
    """
    return make_doc(normalise(text), nlp)
