"""Disguised words read as the words they imitate: lookalike or invisible characters, digits for
letters, letters spelled out one by one (hypothesis)."""

import math

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from leadership_nlp import classify, load_model
from leadership_nlp.core import lookups
from leadership_nlp.core.document import classify_doc
from leadership_nlp.core.folding import fold
from leadership_nlp.core.normalise import make_nlp, normalise
from leadership_nlp.core.segment import set_boundaries

#: Oriented and neutral sentences whose verdict, evidence and role profile must survive the disguise.
SENTENCES = (
    "I manage a team of 12 engineers and set their rotas.",
    "Inspired the team with a bold vision for growth and coached new managers.",
    "Oversee a headcount of 200 across three sites with a budget of £4m.",
    "Rather than managing people, I test software and write unit tests.",
    "Developed unit tests for the billing service.",
    "Led 12 direct reports through a restructure.",
)

#: Characters no reader sees (soft hyphen, zero-width space, joiners, word joiner, BOM).
INVISIBLE = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
#: Cyrillic and Greek letters that look like Latin ones.
LOOKALIKE = dict(zip("aeopcxyiTMI", "аеорсхуіТМІ", strict=True))


def same_reading(plain: str, disguised: str) -> None:
    a, b = classify(plain), classify(disguised)
    assert b.label == a.label
    assert all(math.isclose(b.scores[k], a.scores[k], abs_tol=1e-9) for k in a.scores)
    assert [s.label for s in b.sentences] == [s.label for s in a.sentences]
    for sa, sb in zip(a.sentences, b.sentences, strict=True):
        p, q = sa.probabilities, sb.probabilities
        assert all(math.isclose(q[k], p[k], abs_tol=1e-9) for k in p)
        assert [e.term for e in sb.evidence] == [e.term for e in sa.evidence]
        # Evidence points at the disguised text as written.
        assert all(e.text == disguised[e.start : e.end] for e in sb.evidence)
    pa, pb = a.role_profile, b.role_profile
    assert (pb.span_of_control, pb.direct_reports, pb.sites, pb.role_verbs) == (
        pa.span_of_control,
        pa.direct_reports,
        pa.sites,
        pa.role_verbs,
    )
    assert (pb.budget and pb.budget.amount) == (pa.budget and pa.budget.amount)


@st.composite
def invisible_inside_words(draw: st.DrawFn) -> tuple[str, str]:
    plain = draw(st.sampled_from(SENTENCES))
    # Positions inside a word: after a letter that another letter follows.
    inside = [i for i in range(1, len(plain)) if plain[i - 1].isalpha() and plain[i].isalpha()]
    at = draw(st.lists(st.sampled_from(inside), min_size=1, max_size=6, unique=True))
    chars = list(plain)
    for i in sorted(at, reverse=True):
        chars.insert(i, draw(st.sampled_from(INVISIBLE)))
    return plain, "".join(chars)


@st.composite
def lookalike_letters(draw: st.DrawFn) -> tuple[str, str]:
    plain = draw(st.sampled_from(SENTENCES))
    where = [i for i, c in enumerate(plain) if c in LOOKALIKE]
    at = set(draw(st.lists(st.sampled_from(where), min_size=1, max_size=8, unique=True)))
    return plain, "".join(LOOKALIKE[c] if i in at else c for i, c in enumerate(plain))


@settings(max_examples=40, deadline=None)
@given(invisible_inside_words())
def test_invisible_characters_inside_words_change_nothing(pair):
    same_reading(*pair)


@settings(max_examples=40, deadline=None)
@given(lookalike_letters())
def test_lookalike_letters_change_nothing(pair):
    same_reading(*pair)


@pytest.mark.parametrize("plain", SENTENCES)
def test_full_width_and_mathematical_letters_read_as_ascii(plain):
    full_width = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in plain)
    same_reading(plain, full_width)
    bold = "".join(
        chr(0x1D400 + ord(c) - ord("A"))
        if "A" <= c <= "Z"
        else chr(0x1D41A + ord(c) - ord("a"))
        if "a" <= c <= "z"
        else chr(0x1D7CE + ord(c) - ord("0"))
        if "0" <= c <= "9"
        else c
        for c in plain
    )
    same_reading(plain, bold)


def test_pdf_ligatures_read_as_their_letters():
    plain = "Managed the finance team's office budget."
    same_reading(plain, plain.replace("ffi", "\ufb03").replace("fi", "\ufb01"))


@pytest.mark.parametrize("word", ["Москва", "東京", "Ελλάδα", "Bjørn", "Straße", "हिन्दी", "€5m"])
def test_words_of_other_scripts_and_letters_without_a_plain_form_are_left_as_written(word):
    assert fold(word) == word


@pytest.mark.parametrize(
    ("word", "reads"),
    [("Zürich", "Zurich"), ("café", "cafe"), ("résumé", "resume"), ("naïve", "naive"), ("ÉQUIPE", "EQUIPE")],
)
def test_accented_latin_words_read_without_their_accents(word, reads):
    assert fold(word) == reads


#: Accents an attacker can put on every vowel, and marks that combine with any letter.
ACCENTED = str.maketrans("aeiouAEIOU", "àéîõüÀÉÎÕÜ")


@pytest.mark.parametrize("plain", SENTENCES)
def test_accents_change_nothing(plain):
    same_reading(plain, plain.translate(ACCENTED))


# "£4m." is a number and the tokenizer's special case "m.", which no disguised "m" matches.
@pytest.mark.parametrize("plain", [s for s in SENTENCES if "m." not in s])
def test_combining_marks_on_every_letter_change_nothing(plain):
    same_reading(plain, "".join(c + "\u0301" if c.isalpha() else c for c in plain))


@pytest.mark.parametrize("plain", SENTENCES)
def test_words_hyphenated_at_a_line_break_and_stretched_letters_change_nothing(plain):
    # The longest word of the sentence, hyphenated across a line break nearest its middle
    # where its halves are not two words themselves ("head-" / "count" stays two words); then
    # its first vowel written three times.
    known = lookups.known_words()
    word = max(plain.rstrip(".").split(), key=len)
    half = min(
        (k for k in range(2, len(word) - 1) if not (word[:k].lower() in known and word[k:] in known)),
        key=lambda k: abs(k - len(word) // 2),
    )
    same_reading(plain, plain.replace(word, f"{word[:half]}-\n{word[half:]}", 1))
    vowel = next(i for i, c in enumerate(word) if c in "aeiou")
    same_reading(plain, plain.replace(word, word[:vowel] + word[vowel] * 2 + word[vowel:], 1))


def test_combining_marks_keep_the_text_length_and_let_punctuation_split():
    text = "Set the rotas\u0301. Coached sta\u0301ff\u0301, too."
    seen = normalise(text)
    assert len(seen) == len(text) and seen.count("\u0301") == 1  # only the mark inside "staff"
    assert [s.label for s in classify(text).sentences] == [
        s.label for s in classify("Set the rotas. Coached staff, too.").sentences
    ]


def test_the_first_names_list_folds_its_accented_names_as_fold_does():
    from leadership_nlp.core.terms import first_names

    accented = [n for n in first_names() if not n.isascii()]
    assert accented and all(fold(n) in first_names() for n in accented)


def test_an_accented_first_name_is_dropped_as_the_name_is():
    plain = classify("José coached the new sales team.")
    assert classify("Jose coached the new sales team.").scores == plain.scores
    assert all(e.text not in ("José", "Jose") for s in plain.sentences for e in s.evidence)


def test_a_word_of_lookalikes_only_reads_as_latin():
    assert fold("\u0430") == "a"  # Cyrillic "а", the article
    assert fold("ТОР") == "TOP"


def test_capital_lookalikes_keep_their_case():
    # The confusables data maps a capital I to the skeleton "l".
    assert fold("VІSION") == "VISION"  # Cyrillic capital І
    assert fold("ΙNSPIRE") == "INSPIRE"  # Greek capital Iota
    assert fold("ınspire") == "inspire"  # dotless i


def test_full_width_forms_keep_the_length():
    text = "Ｉ ｍａｎａｇｅ ａ ｔｅａｍ．\u3000Ｄｏｎｅ"
    assert normalise(text) == "I manage a team. Done"
    assert len(normalise(text)) == len(text)


def test_other_blank_pipelines_keep_spacys_attributes():
    # make_nlp folds its own vocabulary's attributes, not spaCy's shared defaults.
    make_nlp()
    assert spacy.blank("en").vocab["m\u0430nage"].lower_ == "m\u0430nage"
    assert make_nlp().vocab["m\u0430nage"].lower_ == "manage"


def test_a_spacy_pipelines_doc_reads_the_folded_words_too():
    # The component classifies the pipeline's own Doc, whose vocabulary does not fold: terms
    # still do, so the verdict holds; the role profile reads that vocabulary's own LOWER, so a
    # disguised count there is not read (and marks no span).
    nlp = spacy.blank("en")
    plain, disguised = SENTENCES[0], SENTENCES[0].replace("manage", "m\u0430n\u200bage")
    scoring = load_model()
    a = classify_doc(set_boundaries(nlp(plain)), scoring)
    b = classify_doc(set_boundaries(nlp(disguised)), scoring)
    assert b.label == a.label == "management"
    assert "manage" in {e.term for e in b.sentences[0].evidence}


@pytest.mark.parametrize("symbol", ["№", "™", "½", "…", "℅"])
def test_symbols_keep_their_form(symbol):
    # NFKC would make "№" the word "No", a negator: only letters and digits are folded.
    assert fold(symbol) == symbol
    plain = classify("Managed project 3 budgets and staff rotas.")
    with_symbol = classify(f"Managed project {symbol} 3 budgets and staff rotas.")
    assert not [e.term for e in with_symbol.evidence if e.term.startswith("not_")]
    assert with_symbol.label == plain.label


def test_lookalike_letters_in_title_lines_and_line_breaks_read_as_plain():
    same_reading("From 2011 to 2016", "Fr\u043em 2011 to 2016")  # Cyrillic "о"
    same_reading(
        "Managed a team of\n40 engineers across three sites.",
        "Managed a team \u043ef\n40 engineers across three sites.",
    )


def test_full_width_angle_brackets_in_plain_text_are_no_markup():
    assert normalise("a\uff1cb and c\uff1ed") == "a<b and c>d"


def test_the_kinds_cache_reads_the_word_not_a_vocabularys_lexeme():
    # The spaCy component's vocabulary does not fold: classifying its docs first must not
    # change what classify() gives afterwards (the kinds cache serves both).
    from leadership_nlp.core import terms

    text = "Coached 1\u200b200 volunteers to grow into leaders."
    terms._KINDS.clear()
    before = classify(text).to_dict()
    terms._KINDS.clear()
    nlp = spacy.blank("en")
    classify_doc(set_boundaries(nlp(text)), load_model())
    assert classify(text).to_dict() == before


#: Digits written for the letters they resemble.
AS_DIGITS = str.maketrans({"a": "4", "e": "3", "o": "0"})


@pytest.mark.parametrize("plain", SENTENCES)
def test_digits_written_for_letters_read_as_the_word(plain):
    # Every word of four or more letters as "m4n4g3", but for its last letter ("writ3" is
    # "writ" and a number, as "new5" or "Win10" are); numbers stay numbers.
    disguised = " ".join(
        w[:-1].translate(AS_DIGITS) + w[-1] if len(w) >= 4 and w.isalpha() else w for w in plain.split(" ")
    )
    assert disguised != plain
    same_reading(plain, disguised)


@pytest.mark.parametrize(
    ("written", "reads"),
    [
        ("m4n4g3d", "managed"),
        ("M4N4G3D", "MANAGED"),
        ("Mentor3d", "Mentored"),
        ("1nspired", "inspired"),  # "1" read as "i" ...
        ("c0ntro1", "control"),  # ... or as "l"
        ("L34D", "LEAD"),
        ("vi5i0n", "vision"),
        ("a t34m of 5", "a team of 5"),  # the tokenizer no longer splits "t34" and "m"
        ("M@n@ged", "Managed"),
        ("M*naged", "Managed"),  # a letter starred out: the one word it can be
        ("4ttended f10w", "attended flow"),
    ],
)
def test_digits_written_for_letters_read_as_letters(written, reads):
    assert normalise(written) == reads


@pytest.mark.parametrize(
    "text",
    [
        "Q4 5G B2B x86 A4 G4S",  # codes: too short, or digits that stand for no letter
        "Win10 new5 Python3 Office365 ISO9001 Mar2019 thr33",  # a word or name with a number after it
        "10am 24hrs 3rd 100k",  # numbers with a unit ("10am" could spell "loam")
        "registers_new5_second.jsonl new7..11",  # identifiers
        "jane.d0e@acme.com @handle a1.txt",  # addresses and file names
        "**Managed** b*t Grade A* M*N*G*D",  # markdown, several readings, a grade, too many stars
        "a11y l10n o11y 4ward 4ever",  # numeronyms, and "4" for "for"
        "ém4n4g3d m4n4g3dé",  # part of a longer word
    ],
)
def test_codes_versions_and_numbers_with_units_stay_as_written(text):
    assert normalise(text) == text


def test_known_words_read_disguised_words_back():
    from leadership_nlp.core.lookups import known_words

    assert {"managed", "team", "their", "across"} <= known_words()
    assert not {"m4n4g3d", "t34m", "manged"} & known_words()


@pytest.mark.parametrize("sep", [" ", ".", "-"])
@pytest.mark.parametrize("plain", SENTENCES)
def test_words_spelled_out_letter_by_letter_read_as_the_word(plain, sep):
    # "I m a n a g e a team": every word of four or more letters spelled out.
    disguised = " ".join(sep.join(w) if len(w) >= 4 and w.isalpha() else w for w in plain.split(" "))
    same_reading(plain, disguised)


def test_spelled_out_words_run_together_split_into_words():
    assert [t.lower_ for t in make_nlp()(normalise("M a n a g e d a t e a m"))] == ["managed", "a", "team"]
    result = classify("m a n a g e d a team of 10 people")
    assert result.label == "management" and result.role_profile.span_of_control == 10
    assert "manage" in {e.term for e in result.evidence}


@pytest.mark.parametrize(
    "text",
    ["U S A and A B C", "U.S.A. e.g. a.m. M.B.A.", "x y z w", "grades A B and C", "a-b-c", "Plan B C D E"],
)
def test_letters_that_spell_no_word_of_four_letters_stay_apart(text):
    assert normalise(text) == text


def test_a_letter_spaced_heading_reads_as_its_word():
    assert normalise("S K I L L S\nPython") == "S\u200bK\u200bI\u200bL\u200bL\u200bS\nPython"
    assert [t.lower_ for t in make_nlp()(normalise("W O R K E X P E R I E N C E"))] == ["work", "experience"]


@given(st.text(st.sampled_from(list("manged tI.-_")), max_size=60))
def test_spelled_out_letters_only_ever_change_separators_to_a_joiner(text):
    seen = normalise(text)
    assert len(seen) == len(text)
    assert all(a == b or (a == "\u200b" and b in " .-_") for a, b in zip(seen, text, strict=True))


@given(st.text(st.sampled_from(list("managedt01345 _Q.@*")), max_size=60))
def test_digits_read_as_letters_only_ever_replace_digits(text):
    seen = normalise(text)
    assert len(seen) == len(text)
    for a, b in zip(seen, text, strict=True):
        assert a == b or (b in "01345@*" and a.isalpha()) or (a == "\u200b" and b in " ._")


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_orientation_words_cut_by_hyphens_or_dots_change_nothing(data):
    # "I man-aged a team", "su-per-vised", "In.spired": one to three hyphens (dots,
    # underscores, stars) inside each orientation word of a sentence
    # (folding.orientation_words), wherever they fall.
    from leadership_nlp.core.folding import orientation_words

    plain = data.draw(st.sampled_from(SENTENCES))
    words = orientation_words()
    out = []
    for word in plain.split(" "):
        bare = word.rstrip(".,")
        if bare.lower() in words:
            cuts = data.draw(st.lists(st.integers(1, len(bare) - 1), min_size=1, max_size=3, unique=True))
            cut = data.draw(st.sampled_from("-._*"))
            for k in sorted(cuts, reverse=True):
                bare = bare[:k] + cut + bare[k:]
            word = bare + word[len(word.rstrip(".,")) :]
        out.append(word)
    same_reading(plain, " ".join(out))


@pytest.mark.parametrize(
    ("plain", "slipped"),
    [
        (
            "I manage a team of 12 engineers and set their rotas.",
            "I mnage a team of 12 engineers and set their rotas.",
        ),
        (
            "Inspired the team with a bold vision for growth and coached new managers.",
            "Insipred the team with a bold vison for growth and coahced new managers.",
        ),
        ("Led 12 direct reports through a restructure.", "Led 12 drect reports through a restructure."),
        ("Supervised 30 warehouse staff.", "SUPERVISSED 30 warehouse staff."),
    ],
)
def test_a_slip_in_an_orientation_word_reads_as_the_word(plain, slipped):
    same_reading(plain, slipped)


@pytest.mark.parametrize(
    "word", ["Visio", "MEMS", "LEDs", "OTAs", "manger", "Manger", "teams", "Mentor", "visions", "mAnged"]
)
def test_products_acronyms_and_english_words_are_no_slips(word):
    # "Visio" is a product (a last letter dropped is not read), "MEMS" and "LEDs" acronyms,
    # "manger" a word, "mAnged" no word as typed.
    assert fold(word) == word
