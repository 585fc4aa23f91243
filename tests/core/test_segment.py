import pytest
from hypothesis import given
from hypothesis import strategies as st
from resources import BULLETS

from leadership_nlp.core.segment import iter_chunks, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Set budgets\n- Coached staff", ["Set budgets", "Coached staff"]),
        (BULLETS, ["Set budgets", "Coached staff", "Ran the rota", "Drove change"]),
        ("We met Dr. Smith e.g. on Monday. Then left.", ["We met Dr. Smith e.g. on Monday.", "Then left."]),
        ("I manage a team of\nengineers in Leeds.", ["I manage a team of\nengineers in Leeds."]),
        (
            "Managers create policy…Leaders have the vision",
            ["Managers create policy…", "Leaders have the vision"],
        ),
        ("Heading\n\nbody text here.", ["Heading", "body text here."]),
        ("", []),
        ("   \n ", []),
        # A number's scale keeps its full stop in its token ("m.", "3M."): it still ends a sentence
        # before a capital, and not before a small letter.
        ("Managed a budget of £2m. Led a team of 5.", ["Managed a budget of £2m.", "Led a team of 5."]),
        ("Saved $3M. Hired 4 engineers.", ["Saved $3M.", "Hired 4 engineers."]),
        ("Cut £2m. of costs.", ["Cut £2m. of costs."]),
        # An abbreviation's stop before a number does not end a sentence (spaCy splits "Rs" ".").
        ("Budget of Rs. 1.5 Cr. Led a team.", ["Budget of Rs. 1.5 Cr.", "Led a team."]),
        ("Licence No. 000000 (QLD)", ["Licence No. 000000 (QLD)"]),
        ("Oversaw approx. 40 staff. Good.", ["Oversaw approx. 40 staff.", "Good."]),
        ("Team of 30 (incl. 8 direct). Good.", ["Team of 30 (incl. 8 direct).", "Good."]),
        ("I joined in May. 2020 was hard.", ["I joined in May.", "2020 was hard."]),
        # Nor before a lowercase word on the same line ("incl.", "etc."), only before a capital.
        ("Headcount (total, incl. contractors): 140", ["Headcount (total, incl. contractors): 140"]),
        ("Led the dept. through a merger.", ["Led the dept. through a merger."]),
        ("Sales, stock, etc. We ran it all.", ["Sales, stock, etc.", "We ran it all."]),
        ("Budget excl.\nbonus pool", ["Budget excl.", "bonus pool"]),
        ("Sales, stock, etc.  next year we grew.", ["Sales, stock, etc.  next year we grew."]),
        ("Sales, stock, etc.\u00a0next year we grew.", ["Sales, stock, etc.\u00a0next year we grew."]),
    ],
)
def test_split_sentences(text, expected):
    assert [s for _, _, s in split_sentences(text)] == expected


def test_chunks_cover_text_exactly():
    text = ("word " * 9000 + "\n") * 3
    chunks = list(iter_chunks(text, size=5000))
    assert "".join(c for _, c in chunks) == text
    assert all(text[o : o + len(c)] == c for o, c in chunks)
    assert max(len(c) for _, c in chunks) <= 5000


def test_long_run_without_spaces_is_bounded():
    sents = split_sentences("x" * 300_000)
    assert sents and all(s == "x" * 300_000 or len(s) <= 300_000 for _, _, s in sents)
    assert all(e - s <= 20_000 for s, e, _ in sents)


@given(st.text(max_size=300))
def test_offsets_slice_back(text):
    for start, end, sent in split_sentences(text):
        assert text[start:end] == sent
        assert sent.strip() == sent and sent


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0c", "\x0b"])
def test_every_line_break_separates_bullet_lines(brk):
    text = brk.join(["Set budgets", "Coached staff", "Ran the rota", "Hired two nurses"])
    assert [t for _, _, t in split_sentences(text)] == [
        "Set budgets",
        "Coached staff",
        "Ran the rota",
        "Hired two nurses",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06/2014\nto\n05/2019", ["06/2014\nto\n05/2019"]),
        (
            "Managed a team of\n40 engineers\nCoached staff",
            ["Managed a team of\n40 engineers", "Coached staff"],
        ),
        ("Sales and\nMarketing lead", ["Sales and\nMarketing lead"]),
        ("Kept the books\nRan payroll", ["Kept the books", "Ran payroll"]),
        # A role verb needs its object: the next line continues the sentence.
        ("I manage\n100 people", ["I manage\n100 people"]),
        ("Responsible for managing\nA team of 30", ["Responsible for managing\nA team of 30"]),
        ("Hired and led\n8 engineers", ["Hired and led\n8 engineers"]),
        ("You'll lead\nThe Engineering and QA teams", ["You'll lead\nThe Engineering and QA teams"]),
        ("Managed\n30 nursing staff", ["Managed\n30 nursing staff"]),
        ("• Led\n8 engineers", ["Led\n8 engineers"]),  # the bullet is not part of the sentence
        ("I head\nA faculty of 24", ["I head\nA faculty of 24"]),
        ("I manage\n£4m budget", ["I manage\n£4m budget"]),
        ("Currently lead\n12 engineers", ["Currently lead\n12 engineers"]),
        # ... but not a job title that ends in one ("lead", "head"), nor across a blank line or a bullet.
        ("Team Lead\n2018 - 2020", ["Team Lead", "2018 - 2020"]),
        ("Team lead\n2018 - 2020", ["Team lead", "2018 - 2020"]),
        ("Department Head\nAcme Ltd", ["Department Head", "Acme Ltd"]),
        ("I manage\n\n100 people", ["I manage", "100 people"]),
        ("Lead\nMonzo Bank, 2019 - 2022", ["Lead", "Monzo Bank, 2019 - 2022"]),
        ("Managed\n2019 - 2021", ["Managed", "2019 - 2021"]),
        ("Promoted to Lead\nAcme Ltd", ["Promoted to Lead", "Acme Ltd"]),
        ("Cycling and Running\nReferences available", ["Cycling and Running", "References available"]),
        ("The rota I managed\nDeputy Manager | Costa", ["The rota I managed", "Deputy Manager | Costa"]),
        ("Managed\n- Budgets", ["Managed", "Budgets"]),
    ],
)
def test_lines_a_pdf_broke_are_joined(text, expected):
    assert [t for _, _, t in split_sentences(text)] == expected


def test_an_uppercase_word_at_the_end_of_a_line_does_not_join_it():
    # "OR" (Oregon) and "IN" (Indiana) are not the joining words "or" and "in".
    for text in ("Portland, OR\nCoached staff to grow", "Indianapolis, IN\nSenior engineer, Acme"):
        assert len(split_sentences(text)) == 2, text
