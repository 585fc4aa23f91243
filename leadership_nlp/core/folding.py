r"""Words written in lookalike characters -> the plain words they imitate.

"mаnage" with a Cyrillic "а", "ma\u200bnage" with a zero-width space,
"𝐦𝐚𝐧𝐚𝐠𝐞" in mathematical bold and "ﬁnance" with a PDF ligature read as
"manage" and "finance" to a person, but were unknown words to the model, so
a sentence could be hidden from it by a character no reader sees. Each
word is folded before it becomes a term or a lexeme attribute the role
profile matches (:func:`~leadership_nlp.core.normalise.make_nlp`); its
text, and every offset, stay as written.

Four steps, for words that are not plain ASCII: format characters
(Unicode category Cf: soft hyphens, zero-width spaces and joiners,
direction marks) are dropped; letters and digits in a compatibility form
take their NFKC form (full-width and mathematical letters, ligatures),
while symbols keep theirs ("№", "™", "½"); in a
word that has an ASCII letter, or whose letters are all lookalikes, letters
of other scripts that the Unicode confusables data
(``confusable-homoglyphs``) lists as lookalikes of an ASCII letter become
that letter; and a word whose letters are ASCII once their accents and other
combining marks are taken off ("mànàgéd", "m\u0301anage", "café") loses them.
A word of another script with letters of its own, "Москва" or "東京", or
with a letter that has no plain form ("Bjørn", "Straße"), is left as written
(but for the first three steps).

And a plain word typed with one slip ("manged", "insipred", "stratgy") reads
as the word it misspells, for the library's orientation words of six letters
or more (the facet lexicon's one-word cues and the role verbs), typed in
small letters, capitalised or in capitals: ``data/typos.json``, built by
:mod:`leadership_nlp.train.typos`, which leaves out any slip that is itself
an English word or a name, or about as common in web text as its word.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from functools import lru_cache
from importlib.resources import files
from typing import Any

#: What this module does, pinned by a model's knowledge check: a change of
#: these rules changes the terms of folded words.
RULES = (
    "drop Cf; NFKC of letters and digits; "
    "confusable letters -> ASCII in words with an ASCII letter or of confusables only; "
    "ASCII words of 4+ letters, small, capitalised or (6+) in capitals, in data/typos.json -> their word; "
    "combining marks dropped where the letters are then ASCII"
)


def fold(word: str) -> str:
    r"""Return ``word`` as the plain letters it imitates (see the module docstring).

    Examples
    --------
    >>> fold("m\u0430nage"), fold("ma\u200bnage"), fold("\ufb01nance"), fold("Москва"), fold("Manged")
    ('manage', 'manage', 'finance', 'Москва', 'Managed')
    >>> fold("mànàgéd"), fold("Bjørn")
    ('managed', 'Bjørn')
    """
    if word.isascii():
        if len(word) < 4 or not word.isalpha():
            return word
        return _respelled(word)
    return _fold(word)


def _respelled(word: str) -> str:
    # A slip of an orientation word ("Manged") as that word, in its case. Only
    # a word in small letters, with a capital first or in capitals throughout
    # (six letters or more): "MEMS", "LEDs", "OTAs" are acronyms, not slips.
    upper = word.isupper()
    plain = word[1:].islower() if not upper else len(word) > _ACRONYM_MAX
    found = _typos().get(word.lower()) if plain else None
    if found is None:
        return word
    if upper:
        return found.upper()
    return found[0].upper() + found[1:] if word[0].isupper() else found


#: The longest word in capitals read as an acronym rather than a slip.
_ACRONYM_MAX = 5


@lru_cache(maxsize=1)
def orientation_words() -> frozenset[str]:
    """Return the words a slip is read as (``data/typos.json``): orientation words.

    The lexicon's one-word cues and the role verbs, of six letters or more, with their
    inflected forms ("managed", "supervises", "inspire").
    """
    return frozenset(_typos().values())


@lru_cache(maxsize=1)
def _typos() -> dict[str, str]:
    table: dict[str, str] = json.loads(files("leadership_nlp").joinpath("data/typos.json").read_text("utf-8"))
    return table


@lru_cache(maxsize=1 << 14)
def _fold(word: str) -> str:
    # Per character: letters and digits take their compatibility form (ligatures,
    # full-width and mathematical letters); symbols keep theirs ("№" is no "No",
    # the negator; "™" no "TM"), and format characters go.
    word = "".join(_folded_char(c) for c in word)
    if any(not c.isascii() and c.isalpha() for c in word):
        table = _lookalikes()
        letters = [c for c in word if c.isalpha()]
        # A word in its own script is left alone unless every letter of it is a lookalike
        # ("а" for "a", "ТОР"): a real word of Russian or Greek has others ("Москва").
        if any(c.isascii() for c in letters) or all(ord(c) in table for c in letters):
            word = word.translate(table)
    return without_marks(word) if not word.isascii() else word


def without_marks(word: str) -> str:
    """Return ``word`` without its accents and combining marks if that leaves ASCII letters, else ``word``.

    Accents ("mànàgé") and stray combining marks read as the plain letters under them:
    an English model knows no accented word. The last step of :func:`fold`.

    Examples
    --------
    >>> without_marks("José"), without_marks("Bjørn")
    ('Jose', 'Bjørn')
    """
    bare = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
    return bare if bare.isascii() and any(c.isalpha() for c in bare) else word


def _folded_char(char: str) -> str:
    category = unicodedata.category(char)
    if category[0] == "L" or category == "Nd":
        return unicodedata.normalize("NFKC", char)
    return "" if category == "Cf" else char


@lru_cache(maxsize=1)
def _lookalikes() -> dict[int, str]:
    # Read only when a word with a letter that is not ASCII turns up, and read
    # from the package's data file rather than imported: its module keeps the
    # whole 1 MB of JSON alive (13 MB), the table below is about 0.1 MB.
    text = files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    data: dict[str, list[dict[str, Any]]] = json.loads(text)
    table: dict[int, str] = {}
    for char, glyphs in data.items():
        if len(char) != 1 or char.isascii() or not char.isalpha():
            continue
        plain = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalpha()]
        if plain:
            table[ord(char)] = plain[0]
    # The data maps a letter to its skeleton, in which a capital I is "l":
    # a capital keeps its case where its small letter has a lookalike
    # (Cyrillic "І" -> "I", not "l").
    for code, letter in list(table.items()):
        char = chr(code)
        small = char.lower()
        if char.isupper() and not letter.isupper() and len(small) == 1 and ord(small) in table:
            table[code] = table[ord(small)].upper()
    return table


def settings() -> dict[str, str]:
    """Return what folding depends on, for the model's knowledge pin.

    The rules, the Unicode version of this Python (categories, NFKC), the
    confusables data file (a new release of the package can map other
    letters) and the typo table.
    """
    data = files("confusable_homoglyphs").joinpath("confusables.json").read_bytes()
    typos = files("leadership_nlp").joinpath("data/typos.json").read_bytes()
    return {
        "rules": RULES,
        "unicode": unicodedata.unidata_version,
        "confusables": hashlib.sha256(data).hexdigest(),
        "typos": hashlib.sha256(typos).hexdigest(),
    }


def folded_attr(getter: Any, word: str) -> Any:
    """Return ``getter(fold(word))``: a spaCy lexeme attribute of the folded word.

    A word of format characters only (a lone zero-width joiner) folds to
    nothing; its attributes are those of the word as written.
    """
    global _last_folded
    # spaCy asks for a new lexeme's attributes one after another: the word is folded once
    # for all of them (the pair is replaced whole, so a thread never reads a torn one).
    last = _last_folded
    if last[0] != word:
        last = _last_folded = (word, fold(word) or word)
    return getter(last[1])


#: The last word :func:`folded_attr` folded, and what it folded to.
_last_folded: tuple[str, str] = ("", "")
