"""Normalised text -> sentences.

Sentence splitting on the tokenizer of :mod:`~leadership_nlp.core.normalise`: spaCy's rule-based sentencizer,
plus line structure, because CVs are written in bullets and lines that carry
no full stop. Long texts are cut into chunks at line or sentence breaks so
that memory stays bounded whatever the input size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

import numpy as np
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from .constants import (
    BULLETS,
    CHUNK_CHARS,
    EXTRA_SENT_END,
    LINE_JOINERS,
    LINE_OBJECT_STARTS,
    LINE_VERB_PRECEDERS,
    LINE_VERBS,
)
from .folding import fold
from .normalise import make_doc, normalise, shared_nlp
from .once import once

if TYPE_CHECKING:
    from thinc.types import Ints2d

_SENTENCIZER = Sentencizer(punct_chars=sorted(set(Sentencizer.default_punct_chars) | set(EXTRA_SENT_END)))


@once
def _punct_char_ids() -> np.ndarray:
    return np.array(sorted({get_string_id(c) for c in _SENTENCIZER.punct_chars}), dtype=np.uint64)


def _punct_starts(orth: np.ndarray, is_punct: np.ndarray) -> np.ndarray:
    # spaCy's Sentencizer.predict over arrays, SENT_START values (1 or -1):
    # the first token starts a sentence, and so does every token that is
    # neither punctuation nor a sentence-final character when such a
    # character came after the last of those tokens ("ok. Next", "ok.) Next").
    final = in_sorted(orth, _punct_char_ids())
    word = np.flatnonzero(~(final | is_punct.astype(bool)))
    seen = np.concatenate([[0], np.cumsum(final)])
    after = np.concatenate([[0], word[:-1] + 1])
    starts = np.full(len(orth), -1, dtype=np.int64)
    starts[word[seen[word] > seen[after]]] = 1
    starts[0] = 1
    return starts


def _line_starts_sentence(prev_ws: str, token: str, prev_token: str, before_prev: str) -> bool:
    # A new line starts a sentence unless it merely continues a wrapped one:
    # PDF extraction breaks lines mid-sentence, and those continue in
    # lowercase or after a word that cannot end a line ("06/2014" / "to" /
    # "05/2019" is one date range, "Managed a team of" / "40 engineers" one line),
    # or after a role verb whose object is on the next line (see LINE_VERBS).
    # ``before_prev`` is the word before ``prev_token`` on its line, "" if none.
    token, prev_token = fold(token), fold(prev_token)  # as the words read ("оf" is "of")
    if prev_ws.count("\n") >= 2 or token in BULLETS:
        return True
    if prev_token in LINE_JOINERS:  # lowercase only: "Portland, OR" ends its line
        return False
    # The cheap tests first: this runs at every line break.
    verb_alone = prev_token.lower() in LINE_VERBS and verb_line_end(prev_token, fold(before_prev))
    if verb_alone and _object_start(token):
        return False  # "Managed" / "30 staff", not "Lead" / "Monzo Bank, 2019 - 2022"
    return not token[:1].islower()


def verb_line_end(word: str, before: str) -> bool:
    """Return whether a line that ends in ``word``, after ``before`` ("" if none), is a role verb alone.

    A role verb of ``LINE_VERBS`` with nothing before it on its line but a
    bullet, a subject, a modal or a link (``LINE_VERB_PRECEDERS``): its object
    may be on the next line ("I manage" / "100 people"), not a job title's
    ("Team Lead" / "2018 - 2020").
    """
    before = before.lower()
    return word.lower() in LINE_VERBS and (not before or before in BULLETS or before in LINE_VERB_PRECEDERS)


_YEAR_OR_DATE = re.compile(r"(?:19|20)\d\d(?!\d)|\d+[/.]\d")


def _object_start(token: str) -> bool:
    # Whether a line's first token can start a role verb's object: a figure
    # that is not a year or a date ("30", "£4m"), or a determiner or quantifier.
    if token[:1].isdigit():
        return not _YEAR_OR_DATE.match(token)
    return token[:1] in ("£", "$", "€") or token.lower() in LINE_OBJECT_STARTS


def line_head_word(text: str, start: int) -> str:
    """Return the last word before position ``start`` on its line of ``text``, or ""."""
    head = text[text.rfind("\n", 0, start) + 1 : start].split()
    return head[-1] if head else ""


def set_boundaries(doc: Doc, text: str | None = None) -> Doc:
    """Mark sentence starts on ``doc`` in place and return it.

    Punctuation decides as in spaCy's sentencizer ("e.g." and "Dr." are single
    tokens, so they never end a sentence); in addition every line break that
    is followed by a bullet or a line not starting in lowercase starts a new
    sentence, so a bullet list without full stops gives one sentence a bullet,
    unless the line before ends in a word that needs more ("a team of" /
    "40 engineers", "Managed" / "30 staff": ``LINE_JOINERS``, ``LINE_VERBS``).

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A tokenised doc.
    text : str, optional
        ``doc.text``, if the caller has it (``Doc.text`` is rebuilt token by
        token on every access).
    """
    if not len(doc):
        return doc
    arr = doc.to_array([ORTH, IS_PUNCT, IDX, LENGTH, IS_SPACE])
    sent_start = _punct_starts(arr[:, 0], arr[:, 1])
    text = doc.text if text is None else text
    if "." in text:
        _scale_ends(text, arr, sent_start)
        _abbreviation_continues(text, arr, sent_start)
    if "\n" in text:
        _line_starts(text, arr, sent_start)
    # One array write: setting Token.is_sent_start scans the doc each time.
    doc.from_array([SENT_START], cast("Ints2d", sent_start.astype(np.uint64)[:, None]))
    return doc


#: A number with its scale and a full stop, which spaCy keeps in one token ("3M.") or two ("2",
#: "m."), so that the stop never ended a sentence: "Managed a budget of £2m. Led a team of 5."
#: It ends one when a word in capitals or title case follows (not "£2m. of savings").
_SCALE_STOP = re.compile(r"\d ?(?:[kKmMbB]|bn|BN|mn|MN)\.(?=[ \t]+[A-Z])")


def _scale_ends(text: str, arr: np.ndarray, sent_start: np.ndarray) -> None:
    # The token after such a stop starts a sentence, if the stop ends its token.
    for m in _SCALE_STOP.finditer(text):
        i = int(np.searchsorted(arr[:, 2], m.end() - 1, side="right")) - 1
        if 0 <= i < len(arr) - 1 and arr[i, 2] + arr[i, 3] == m.end():
            sent_start[i + 1] = 1


#: Abbreviations written before a number, whose full stop spaCy splits off ("Rs", "."): the number
#: continues the sentence ("budget of Rs. 1.5 Cr.", "Branch No. 5", "approx. 40 staff", "team of
#: 30 (incl. 8 direct)"; not "excl.", whose number is left out of what the sentence counts).
_BEFORE_NUMBER = frozenset(
    "Rs rs RS No no Nos nos NO NOS Approx approx Ca ca Ref ref Tel tel Mob mob Incl incl INCL".split()
)
#: A full stop with a number after it, on the same line.
_STOP_NUMBER = re.compile(r"\.(?=[ \t]*\d)")

#: Abbreviated scale words before a currency code or a list's separator, as German writers put
#: them ("3,5 Mio. EUR", "2 Mrd. €", "budget €4,5 Mio., 2 plants", "€1,2 Mio. | 4 stores"): what
#: follows continues the sentence.
_BEFORE_CURRENCY = frozenset("Mio mio Mrd mrd Mill Tsd Cr cr".split())
#: The separators of a list that may follow such a stop.
_SEPARATORS = ",;|"
#: A full stop with a currency code or sign, or a list's separator, after it, on the same line.
_STOP_CURRENCY = re.compile(r"\.(?=[ \t]*(?:(?:EUR|CHF|USD|GBP|INR|ZAR|€|\$|£)(?![A-Za-z])|[,;|]))")

#: Abbreviations inside a sentence whose full stop spaCy splits off: a word in lowercase after one,
#: on the same line, continues the sentence ("Team size (incl. contractors): 14", "sales, etc. were
#: mine", "led the dept. through a merger"). Before a capital the stop may end a sentence ("etc. We").
_LOWER_STEMS = (
    "incl excl approx etc dept depts esp resp avg est govt mgmt yrs hrs mths wks vs cf ca ref mio mrd cr"
)
_BEFORE_LOWER = frozenset(w for stem in _LOWER_STEMS.split() for w in (stem, stem.capitalize()))
#: A full stop with a lowercase word after it, on the same line (after spaces, no-break spaces).
_STOP_LOWER = re.compile("\\.(?=[ \t\u00a0\u2007\u2009\u202f]+[a-z])")
#: The word a full stop ends: the run of word characters right before it (at most a few of them
#: are read; no abbreviation above is that long).
_WORD_END = re.compile(r"\w+\Z")
_WORD_WINDOW = 10


def settings() -> dict[str, object]:
    """Return where sentences end (the stops, abbreviations and patterns above), for the knowledge pin.

    A text's terms are read per sentence, so these shape a model's input as
    the tokenizer's rules do.
    """
    return {
        "punct_chars": sorted(_SENTENCIZER.punct_chars),
        "abbreviations": [
            sorted(_BEFORE_NUMBER),
            sorted(_BEFORE_CURRENCY),
            sorted(_BEFORE_LOWER),
            _SEPARATORS,
            _WORD_WINDOW,
        ],
        "patterns": [
            r.pattern for r in (_YEAR_OR_DATE, _SCALE_STOP, _STOP_NUMBER, _STOP_CURRENCY, _STOP_LOWER)
        ],
    }


def _anything(_: str) -> bool:
    # After a scale's stop before a currency code or a list's separator, whatever comes continues.
    return True


def _abbreviation_continues(text: str, arr: np.ndarray, sent_start: np.ndarray) -> None:
    # The number (or lowercase word) after such an abbreviation's stop does not start a sentence.
    # Found from the stops, which are few, rather than by searching for every abbreviation.
    for stops, words, continues in (
        (_STOP_NUMBER, _BEFORE_NUMBER, str.isdigit),
        (_STOP_LOWER, _BEFORE_LOWER, str.islower),
        (_STOP_CURRENCY, _BEFORE_CURRENCY, _anything),
    ):
        for m in stops.finditer(text):
            word = _WORD_END.search(text, max(m.start() - _WORD_WINDOW, 0), m.start())
            if word is None or word.group() not in words:
                continue
            # The token that holds the stop must end with it ("Rs" "." or "etc" "."), and the
            # space tokens after it (two spaces, a no-break space) start nothing either.
            j = int(np.searchsorted(arr[:, 2], m.end() - 1, side="right")) - 1
            if j < 0 or arr[j, 2] + arr[j, 3] != m.end():
                continue
            i = j + 1
            while i < len(arr) and arr[i, 4]:
                i += 1
            # A list's separator after the stop ("Mio., 2 plants") and the spaces after it too.
            while i + 1 < len(arr) and arr[i, 3] == 1 and text[arr[i, 2]] in _SEPARATORS:
                i += 1
                while i + 1 < len(arr) and arr[i, 4]:
                    i += 1
            if i < len(arr) and continues(text[arr[i, 2]]):
                sent_start[j + 1 : i + 1] = -1


def _line_starts(text: str, arr: np.ndarray, sent_start: np.ndarray) -> None:
    # Mark the tokens that start a line as sentence starts (see
    # _line_starts_sentence), in ``sent_start``. Only tokens right after a line
    # break can start a line: they are found from the newlines of the text
    # instead of visiting every token.
    newlines = [m.start() for m in re.finditer("\n", text)]
    # The token each newline falls in or after, all at once.
    before = (np.searchsorted(arr[:, 2], newlines, side="right") - 1).tolist()
    starts, lengths, is_space = (arr[:, c].tolist() for c in (2, 3, 4))
    n = len(starts)
    for j in before:
        i = j + 1
        if j < 0 or i >= n or is_space[i] or sent_start[i] == 1:
            continue
        # The whitespace between the two tokens: a space token's own text
        # (plus its trailing space), or the trailing whitespace of a word.
        ws = text[starts[j] : starts[i]] if is_space[j] else text[starts[j] + lengths[j] : starts[i]]
        k = j - 1 if is_space[j] and j > 0 else j
        prev = text[starts[k] : starts[k] + lengths[k]]
        # The word before prev matters only after a role verb: not read for every line.
        head = line_head_word(text, starts[k]) if fold(prev).lower() in LINE_VERBS else ""
        if "\n" in ws and _line_starts_sentence(ws, text[starts[i] : starts[i] + lengths[i]], prev, head):
            sent_start[i] = 1


def in_sorted(values: np.ndarray, sorted_ids: np.ndarray) -> np.ndarray:
    """Return ``np.isin(values, sorted_ids)`` for sorted, non-empty ``sorted_ids``.

    By binary search: ``np.isin`` sorts its inputs on every call, which costs
    more than the rest of a short doc's array work.
    """
    at = np.minimum(np.searchsorted(sorted_ids, values), len(sorted_ids) - 1)
    return sorted_ids[at] == values


@once
def _bullet_ids() -> np.ndarray:
    return np.array(sorted(get_string_id(b) for b in BULLETS), dtype=np.uint64)


def sentences(doc: Doc) -> list[Span]:
    """Return the non-empty sentences of a doc with boundaries set.

    Leading bullets and whitespace, and trailing whitespace, are not part of
    a sentence; a sentence of nothing else is dropped.

    Raises
    ------
    ValueError
        If ``doc`` has no sentence boundaries (as ``doc.sents`` does).
    """
    if not len(doc):
        return []
    if not doc.has_annotation("SENT_START"):
        raise ValueError("doc has no sentence boundaries; run set_boundaries(doc) first")
    # Read from the token arrays: the same spans as trimming each of
    # doc.sents token by token, without a Token object per token.
    arr = doc.to_array([SENT_START, IS_SPACE, ORTH])
    starts = np.flatnonzero(arr[:, 0] == 1)
    if not len(starts) or starts[0] != 0:
        starts = np.concatenate([[0], starts])
    skip_lead = (arr[:, 1] != 0) | in_sorted(arr[:, 2], _bullet_ids())
    space = (arr[:, 1] != 0).tolist()
    lead = skip_lead.tolist()
    bounds = starts.tolist() + [len(doc)]
    out = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        while start < end and lead[start]:
            start += 1
        while end > start and space[end - 1]:
            end -= 1
        if start < end:
            out.append(doc[start:end])
    return out


def iter_chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Split ``text`` into ``(offset, chunk)`` pieces of about ``size`` chars.

    Pieces end at a paragraph break, else a line break, else a sentence end,
    else a space, so a chunk boundary rarely falls inside a sentence; a text
    with none of these is cut hard.
    """
    n = len(text)
    pos = 0
    while pos < n:
        if n - pos <= size:
            yield pos, text[pos:]
            return
        window_end = pos + size
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            found = text.rfind(sep, pos + size // 2, window_end)
            if found != -1:
                cut = found + len(sep)
                break
        if cut == -1:
            cut = window_end
        yield pos, text[pos:cut]
        pos = cut


def iter_docs(text: str, nlp: Language | None = None) -> Iterator[tuple[int, Doc, str]]:
    """Yield ``(offset, doc, chunk)`` for each chunk of ``text``.

    Each doc has sentence boundaries set. ``chunk`` is the original text of
    the chunk; the doc sees the same number of characters, but with lone
    surrogates replaced, markup tags blanked and long runs of non-space
    characters replaced by a placeholder (or, in Chinese or Thai, broken up),
    so take text from ``chunk``, not from the doc.
    """
    nlp = nlp or shared_nlp()
    for offset, chunk in iter_chunks(text):
        seen = normalise(chunk)
        yield offset, set_boundaries(make_doc(seen, nlp), seen), chunk


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    r"""Return ``(start, end, text)`` for each sentence of ``text``.

    Examples
    --------
    >>> split_sentences("Set budgets\n- Coached staff e.g. Dr. Lee. Done")
    [(0, 11, 'Set budgets'), (14, 41, 'Coached staff e.g. Dr. Lee.'), (42, 46, 'Done')]
    """
    out = []
    for offset, doc, _chunk in iter_docs(text):
        for sent in sentences(doc):
            start = offset + sent.start_char
            end = offset + sent.end_char
            out.append((start, end, text[start:end]))
    return out
