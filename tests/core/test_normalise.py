"""Text -> what the tokenizer sees: same length, cleaned; and the tokenizer itself."""

import functools

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from resources import CHINESE, CV

from leadership_nlp.core.constants import LINE_BREAKS, MAX_TOKEN_CHARS
from leadership_nlp.core.normalise import (
    _DIGIT_EMOTICONS,
    _free_word_ends,
    make_clean_doc,
    make_nlp,
    normalise,
    shared_nlp,
)

NOT_A_WORD = "\ue000"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Set budgets", "Set budgets"),
        ("a\rb", "a\nb"),
        ("a\r\nb", "a \nb"),  # one line break, not a paragraph break
        ("a\x85b\x0cc\x0bd", "a\nb\nc\nd"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("x\ud800y", "x\ufffdy"),  # a lone surrogate, which spaCy cannot encode
        ("<b>budgets</b>", "   budgets    "),
        ("<li>team</li>", "\n\n  team\n\n   "),  # block tags start a new sentence
        ("x<br/>y", "x\n\n   y"),
        ("<!-- note -->Set", "             Set"),
        ("Coached &amp; mentored", "Coached &     mentored"),
        ("a&nbsp;b", "a      b"),  # a reference to an unprintable character is a space
        ("P&Ls;", "P&Ls;"),  # not a known reference: left alone
        ("x" * MAX_TOKEN_CHARS, "x" * MAX_TOKEN_CHARS),
        ("x" * (MAX_TOKEN_CHARS + 1), NOT_A_WORD * MAX_TOKEN_CHARS + " "),
        # A word hyphenated across a line break reads as the word; a compound keeps its parts.
        ("I super-\nvised a team", "I super\u200b\u200bvised a team"),
        ("manag-\n  ing", "manag\u200b\u200b\u200b\u200bing"),
        ("decision-\nmaking, self-\nled", "decision-\nmaking, self-\nled"),
        # Two words that also make one are left apart: "day-to-" / "day" is no "today";
        # unless they make an orientation word ("man-" / "age" is "manage").
        ("day-to-\nday, well-\nbeing, over-\nall", "day-to-\nday, well-\nbeing, over-\nall"),
        ("man-\nage, man-\naged", "man\u200b\u200bage, man\u200b\u200baged"),
        # An orientation word cut by hyphens inside a line reads as the word; other compounds stay.
        ("I man-aged a bud-get", "I man\u200baged a bud\u200bget"),
        ("su-per-vised, Over-saw, IN-SPIRE", "su\u200bper\u200bvised, Over\u200bsaw, IN\u200bSPIRE"),
        ("long-term, well-being, co-op, e-mail, peo-ple", "long-term, well-being, co-op, e-mail, peo-ple"),
        ("x-managed, man-aged-x, /man-aged, man-aged_1", "x-managed, man-aged-x, /man-aged, man-aged_1"),
        # ... or by dots, underscores or stars, all of one kind; names and addresses stay.
        ("man.aged, man_aged, insp*ired.", "man\u200baged, man\u200baged, insp\u200bired."),
        (
            "e.g. U.S.A. budget.xlsx www.manage.com man.aged.com man.aged-x",
            "e.g. U.S.A. budget.xlsx www.manage.com man.aged.com man.aged-x",
        ),
        ("https://x.org/superv-\nised", "https://x.org/superv-\nised"),
        ("Team A-\nTeam B", "Team A-\nTeam B"),  # the next line starts in capitals
        # A letter stretched for emphasis: two letters, else one, where that gives a known word.
        ("maaanage", "ma\u200b\u200bnage"),
        ("gooood", "goo\u200b\u200bd"),
        ("suuuperviiised", "su\u200b\u200bpervi\u200b\u200bsed"),
        ("www.aaa.com zzz III Brrr aaa_b Mooove2", "www.aaa.com zzz III Brrr aaa_b Mooove2"),
        # A combining mark before the punctuation that ends a word: a space, so the stop splits off.
        ("rotas\u0301. te\u0301am", "rotas . te\u0301am"),
        ("cafe\u0301-bar, re\u0301sume\u0301/CV", "cafe\u0301-bar, re\u0301sume\u0301/CV"),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("brk", LINE_BREAKS)
def test_every_line_break_is_written_as_a_newline(brk):
    assert normalise(f"Set budgets{brk}Coached staff") == "Set budgets\nCoached staff"


def test_a_long_run_in_a_script_without_spaces_is_only_cut():
    text = CHINESE * 20
    seen = normalise(text)
    assert len(seen) == len(text) and NOT_A_WORD not in seen
    # Only spaces are added, and the full-width comma is read as a comma.
    assert all(a == b for a, b in zip(seen, text.replace("\uff0c", ","), strict=True) if a != " ")
    assert max(len(piece) for piece in seen.split()) <= MAX_TOKEN_CHARS


def test_a_long_run_of_combining_marks_before_a_stop_is_blanked_whole():
    # The rule once tried every position of a run again (20,000 marks took 2.5 s, this run
    # would take minutes); it reads the run once, from its start.
    text = "x" + "\u0301" * 200_000 + ". y"
    assert _free_word_ends(text) == "x" + " " * 200_000 + ". y"


@given(st.text(max_size=400))
def test_normalise_keeps_the_length(text):
    assert len(normalise(text)) == len(text)


def test_make_clean_doc_tokenises_the_cleaned_text_with_offsets_into_the_original():
    text = "Set<b>budgets</b> &amp; KPIs"
    doc = make_clean_doc(text)
    words = [(t.text, t.idx) for t in doc if not t.is_space]
    assert words == [("Set", 0), ("budgets", 6), ("&", 18), ("KPIs", 24)]
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc if not t.is_space and t.text != "&")


def test_shared_nlp_is_one_pipeline_per_process():
    assert shared_nlp() is shared_nlp()
    assert shared_nlp().pipe_names == [] and shared_nlp().lang == "en"


def test_the_tokenizer_without_whitespace_special_cases_tokenizes_as_stock():
    # spaCy's whitespace special cases turned the tokenizer cache off for the
    # rest of a Doc (a speed matter, measured in benchmarks/); without them the
    # tokens must be the same.
    stock, ours = spacy.blank("en"), make_nlp()
    text = "Led 12 people.\n\tCut costs by 5%.\n- Don't stop\n  e.g. U.K. rota\u00a0x\n\n"
    assert [t.text for t in ours(text)] == [t.text for t in stock(text)]
    assert [t.text for t in ours(CV)] == [t.text for t in stock(CV)]
    assert not {"\n", "\t", " ", "\u00a0"} & set(ours.tokenizer.rules)


@functools.cache
def _tokenizers():
    # The stock tokenizer less the emoticons with a digit, which ours drops on purpose (below).
    stock = spacy.blank("en")
    stock.tokenizer.rules = {k: v for k, v in stock.tokenizer.rules.items() if k not in _DIGIT_EMOTICONS}
    return stock.tokenizer, make_nlp().tokenizer


@given(st.text(st.sampled_from(list("ab .,'-\n\t\u00a0\r:eg0U.K()")), max_size=60))
def test_the_tokenizer_without_whitespace_rules_gives_the_stock_tokens(text):
    stock, ours = _tokenizers()
    assert [(t.text, t.whitespace_) for t in ours(text)] == [(t.text, t.whitespace_) for t in stock(text)]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Store Manager (team of 8)", ["Store", "Manager", "(", "team", "of", "8", ")"]),
        ("Team size :3", ["Team", "size", ":", "3"]),
        ("<3 years", ["<", "3", "years"]),
        ("at 10am", ["at", "10", "am"]),  # times keep their special case
        # A field's colon splits off before a number, not after one.
        ("Team size:8 at 10:30", ["Team", "size", ":", "8", "at", "10:30"]),
        # A colon and a dash after a label ("Team Size:- 25") split off as one token, not in a
        # number range or an emoticon.
        ("Team Size:- 25", ["Team", "Size", ":-", "25"]),
        ("Headcount:-40", ["Headcount", ":-", "40"]),
        ("Note:- see below", ["Note", ":-", "see", "below"]),
        ("10:-20 and a :-) smile", ["10:-20", "and", "a", ":-)", "smile"]),
    ],
)
def test_counts_split_off_emoticons_and_field_colons(text, tokens):
    # spaCy's "8)", ":3" and "<3" kept a count from being a number.
    assert [t.text for t in make_nlp().make_doc(text)] == tokens
