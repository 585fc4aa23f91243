"""Language identification: non-English text is flagged, short or unsure text is English."""

import pytest
from resources import BULLETS, CHINESE, CV, EMPTY, FRENCH, GERMAN, JOB_AD, WHITESPACE

from leadership_nlp.core.language import MIN_CONFIDENCE, Language, detect

RUSSIAN = "Я руковожу командой из двенадцати человек и задаю видение компании."
ARABIC = "أنا أدير فريقًا من اثني عشر شخصًا"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (CV, "en"),
        (JOB_AD, "en"),
        (BULLETS, "en"),
        (FRENCH, "fr"),
        (GERMAN, "de"),
        (CHINESE, "zh"),  # one unspaced "word", decided by its script
        (RUSSIAN, "ru"),
        (ARABIC, "ar"),  # the identifier is unsure, but the script is not Latin
    ],
    ids=["cv", "job_ad", "bullets", "fr", "de", "zh", "ru", "ar"],
)
def test_detect(text, code):
    assert detect(text).code == code


@pytest.mark.parametrize("text", [EMPTY, WHITESPACE, "Set budgets", "Dirige l'équipe", "12/2019 - 03/2024"])
def test_a_text_too_short_to_identify_is_english_with_no_confidence(text):
    assert detect(text) == Language("en", 0.0)


def test_english_decided_by_stop_words_has_their_share_as_confidence():
    found = detect("I set the budget and the targets for the team.")
    assert found.code == "en" and found.confidence == pytest.approx(6 / 10)


@pytest.mark.parametrize("text", [FRENCH, GERMAN])
def test_a_latin_script_language_needs_a_confident_identifier(text):
    assert detect(text).confidence >= MIN_CONFIDENCE


def test_only_the_start_of_a_long_text_is_looked_at():
    assert detect(FRENCH * 100 + "\n" + CV).code == "fr"
    assert detect(CV * 40 + "\n" + FRENCH * 100).code == "en"


def test_the_warning_names_the_language_and_its_confidence():
    warning = Language("fr", 0.9987).warning
    assert "'fr'" in warning and "confidence 1.00" in warning and "not English" in warning
