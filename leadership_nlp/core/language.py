"""Language identification, so non-English text is flagged, not scored blind.

A fast path decides most English text from spaCy's English stop words; the
rest goes to py3langid (a well-kept, offline naive-Bayes identifier, loaded
lazily). A text written mostly in a non-Latin script (Arabic, Chinese,
Cyrillic, ...) is never English, however unsure the identifier is about which
language it is. Very short texts ("Set budgets") are too short to identify
and are taken as English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

#: Characters of a text that are looked at: enough to decide, bounded cost.
SAMPLE_CHARS = 4000
#: At least this many words before a text is identified at all.
MIN_WORDS = 4
#: Share of English stop words above which a text is English without asking the model.
STOP_SHARE = 0.12
#: py3langid's normalised probability needed to call a text non-English.
MIN_CONFIDENCE = 0.9
#: Below this share of Latin-script letters a text is not English, whatever
#: the identifier's confidence (it is then only unsure *which* language).
MIN_LATIN_SHARE = 0.5
#: Letters needed before the script share is trusted (CJK writes a sentence
#: as one "word", so this counts letters, not words).
MIN_SCRIPT_LETTERS = 4

_WORD = re.compile(r"[^\W\d_]+")
#: Basic Latin, Latin-1, Latin Extended-A/B, IPA and Latin Extended Additional letters.
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u0250-\u02af\u1e00-\u1eff]")


@dataclass(frozen=True)
class Language:
    """A detected language: ISO 639-1 ``code`` and its ``confidence``."""

    code: str
    confidence: float

    @property
    def warning(self) -> str:
        """The warning attached to a result in this language."""
        return (
            f"text looks like language {self.code!r} (confidence {self.confidence:.2f}), not English; "
            "the model is trained on English and its verdict is unreliable"
        )


@lru_cache(maxsize=1)
def _identifier():  # noqa: ANN202 - py3langid has no public type for it
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> Language:
    """Return the language of ``text`` ("en" when short or unsure).

    Examples
    --------
    >>> detect("I set the budget and the targets for the team.").code
    'en'
    >>> detect("Je dirige une équipe de douze personnes et je fixe la vision.").code
    'fr'
    """
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    letters = sum(map(len, words))
    if letters >= MIN_SCRIPT_LETTERS:
        # Counted by deletion (one C-level pass), not by listing every letter.
        joined = "".join(words)
        latin = letters if joined.isascii() else letters - len(_LATIN.sub("", joined))
        if latin / letters < MIN_LATIN_SHARE:
            # Mostly non-Latin letters: not English even when the identifier
            # is unsure (Arabic scored 0.84 "ar" and used to fall back to
            # "en"), and even with fewer than MIN_WORDS words (an unspaced
            # Chinese sentence is one word).
            code, prob = _identifier().classify(sample)
            return Language(str(code) if code != "en" else "und", float(prob) if code != "en" else 0.0)
    if len(words) < MIN_WORDS:
        return Language("en", 0.0)
    stop_share = sum(map(STOP_WORDS.__contains__, map(str.lower, words))) / len(words)
    if stop_share >= STOP_SHARE:
        return Language("en", stop_share)
    code, prob = _identifier().classify(sample)
    if code == "en" or prob < MIN_CONFIDENCE:
        return Language("en", float(prob) if code == "en" else 0.0)
    return Language(str(code), float(prob))
