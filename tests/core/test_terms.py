"""Sentence -> feature terms: lemmas, masks, dropped words, negation scopes, n-grams."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from resources import CV

from leadership_nlp import classify
from leadership_nlp.core.constants import GENDERED_WORDS, NEGATION_PREFIX, REGISTER_WORDS, ROLE_MASK
from leadership_nlp.core.normalise import shared_nlp
from leadership_nlp.core.span_mark import SPAN_MARK
from leadership_nlp.core.terms import (
    NOT_ALONE,
    NUM_TOKEN,
    STOP_TERMS,
    TITLE_MARK,
    Term,
    content_terms,
    first_names,
    is_content,
    lemma,
    ngrams,
    phrase_pairs,
    sentence_terms,
)


def terms(text, **kwargs):
    return [t.term for t in sentence_terms([text], **kwargs)[0]]


def grams(text, **kwargs):
    return [t.term for t in ngrams(sentence_terms([text])[0], **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("do not set budgets", ["do", "not_set", "not_budget"]),
        ("I don't set budgets", ["do", "not_set", "not_budget"]),
        ("Set budgets without approval", ["set", "budget", "not_approval"]),
        ("Neither budgets nor rotas", ["not_budget", "not_rota"]),
        ("I never delegate; I coach", ["not_delegate", "coach"]),  # a clause break ends the scope
        ("No budgets, but coached staff", ["not_budget", "coach", "staff"]),
        ("Hired staff. Never cut pay", ["hire", "staff", "not_cut", "not_pay"]),
        ("Set budgets while coaching staff", ["set", "budget", "coach", "staff"]),
    ],
)
def test_negation_marks_the_words_up_to_a_clause_break(text, expected):
    assert terms(text) == expected


def test_rather_than_negates_what_follows():
    assert terms("I coach people rather than direct them") == ["coach", "people", "not_direct"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mentored by the CTO.", ["not_mentor", "by", "cto"]),
        ("Supervised by Dr. Lee", ["not_supervise", "by", "dr.", "lee"]),
        ("I was led by an outstanding captain", ["not_lead", "by", "outstanding", "captain"]),
        # Not an agent: a means, a share, a time, the writer, or no participle before "by".
        ("Led by example", ["lead", "by", "example"]),
        ("Costs reduced by a third", ["cost", "reduce", "by", NUM_TOKEN]),
        ("Timesheets signed by Friday", ["timesheets", "sign", "by", "friday"]),
        ("Delivered by the deadline", ["deliver", "by", "deadline"]),
        ("Rota run by me", ["rota", "run", "by"]),
        ("Cut costs by the end of June", ["cut", "cost", "by", "end", "of", "june"]),
    ],
)
def test_a_participle_before_its_agent_is_marked_when_asked(text, expected):
    assert terms(text, passive_agents=True) == expected
    assert terms(text) == [t.removeprefix("not_") for t in expected]  # off by default


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("more than 100 people", ["much", "than", NUM_TOKEN, "people"]),  # "than" alone is a word
        ("rather good than bad", ["rather", "good", "than", "bad"]),  # the pair must be adjacent
        ("not rather than direct", ["not_direct"]),  # already negated: still one negator
        ("I would rather him than manage budgets", ["rather", "than", "manage", "budget"]),  # not a pair
    ],
)
def test_than_negates_only_after_rather(text, expected):
    assert terms(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Staff Nurse, Telemetry",
        "Head of Operations",
        "Production Supervisor (Days)",
        "WORK EXPERIENCE",
        "What We Offer",
        "Team Leader – Customer Contact Centre, 2019–2023",
        "Skills",
        "SENIOR STAFF NURSE",
        # A job title in sentence case: its first part ends in a head noun.
        "Team lead",
        "Shift supervisor",
        "Deputy head teacher",
        "Sales & marketing lead",
        "Band 6 nurse",
        "Team lead, Acme",
        "Team lead at Acme Ltd",
        "Team lead – Acme (2019 - 2021)",
        "Support worker",
        "Marketing manager",  # an "-ing" noun first
        "Nursing assistant, Ward 7",
        "Registered manager",
        "Head of department",  # the head first, then "of"
        "Director of operations, NHS Trust",
        "Night-shift supervisor",  # a hyphen inside a word ends nothing
        "Training coordinator",
    ],
)
def test_a_line_shaped_like_a_title_gets_the_title_mark(text):
    found = sentence_terms([text], mark_titles=True)[0]
    assert found[-1] == Term(TITLE_MARK, 0, len(text))
    assert TITLE_MARK not in terms(text)  # only when asked


def test_the_title_mark_spans_the_words_not_the_bullet_or_the_space():
    text = "• Staff Nurse, Telemetry\n"
    assert sentence_terms([text], mark_titles=True)[0][-1] == Term(TITLE_MARK, 2, 24)


@pytest.mark.parametrize(
    "text",
    [
        "Managed a team of 12",  # a lowercase word
        "Head of Sales.",  # a full stop ends a sentence, not a title
        "From 2011 to 2016",  # only stop words and numbers
        "2019 - 2023",
        "Apple Banana Cherry Date Elder Fig Grape",  # too long for a title
        # Shouting or Title Case does not make a sentence a title:
        "I MANAGE A TEAM OF 10 ENGINEERS",  # the first person
        "My Team Of Nurses",
        "MANAGED THE ROTA",  # a verb form first: a CV bullet
        "Coached Junior Staff",
        "SENIOR STAFF NURSE EMERGENCY DEPARTMENT",  # five words in capitals
        # Sentence case is a title only when it names a job:
        "Lead a team of 5",  # a connector other than "of", "and"
        "Report to the store manager",
        "Coach new team leader",  # a verb that starts bullets, never titles
        "Mentor junior developer",
        "Develop unit tests",  # no head noun last
        "team lead",  # lowercase first
        "Team lead, responsible for budgets",  # lowercase after the title
        "Line manager: Deputy Head",  # a field, not a title
        "Senior clinical nurse specialist lead",  # five words
        "Promoted to team lead",  # a verb form first
        "Line manager of 6",  # "of" joins no sentence-case title but after "Head", "Director", "Chief"
        "Head of the department",
        "Lead and coach",  # a bullet's verb after "and"
        "Brief shift supervisor",
        "Line manage deputy manager",  # a bullet's verb inside it, in any form
        "Line manages deputy manager",
        "Manages deputy manager",
        "Lead and  coach",  # a double space keeps "and" a join
        # A Title Case line with a word in mixed case keeps its old reading: no mark.
        "Senior iOS Developer",
        "Senior .NET Developer",
        "Strategic leader",  # a self-description
        "Rota and budget manager",  # a responsibility, not a job
        "Managing the rota",  # Title Case and sentence case keep "no verb form first"
        "Leading Change",
    ],
)
def test_other_lines_get_no_title_mark(text):
    assert TITLE_MARK not in terms(text, mark_titles=True)


def test_the_title_mark_is_a_unigram_only():
    found = [t.term for t in ngrams(sentence_terms(["Staff Nurse"], mark_titles=True)[0])]
    assert found == ["staff", "nurse", TITLE_MARK, "staff nurse"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Led the manager team", ["lead", ROLE_MASK, "team"]),
        ("Leaders inspire", [ROLE_MASK, "inspire"]),
        ("Management of the budget", [ROLE_MASK, "of", "budget"]),
    ],
)
def test_role_nouns_are_masked(text, expected):
    assert terms(text) == expected


def test_role_nouns_are_kept_when_masking_is_off():
    assert terms("Led the manager team", mask_roles=False) == ["lead", "manager", "team"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She coached her team", ["coach", "team"]),
        ("He and his brother ran the rota", ["and", "run", "rota"]),
        ("You will define the vision", ["define", "vision"]),  # job-ad register
        ("I defined the vision", ["define", "vision"]),  # CV register: the same terms
        ("James set budgets", ["set", "budget"]),  # a first name of the list
    ],
)
def test_gendered_register_words_and_first_names_are_dropped(text, expected):
    assert terms(text) == expected


def test_the_dropped_word_lists_leave_no_trace_in_any_term():
    words = {t.term for t in sentence_terms([CV, "She told him the successful candidate will lead us"])[0]}
    assert not words & (GENDERED_WORDS | REGISTER_WORDS | first_names())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Managed 100 people", ["manage", NUM_TOKEN, "people"]),
        ("Managed twelve people", ["manage", NUM_TOKEN, "people"]),
        ("Cut costs by 5%", ["cut", "cost", "by", NUM_TOKEN]),
        ("- Set budgets", ["set", "budget"]),  # bullets and punctuation are no terms
        ("• Coached staff!", ["coach", "staff"]),
    ],
)
def test_numbers_fold_to_one_token_and_symbols_are_no_terms(text, expected):
    assert terms(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Coached", "coach"), ("budgets", "budget"), ("KPIs", "kpi"), ("developed", "develop"), ("ran", "run")],
)
def test_lemma(word, expected):
    assert lemma(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # spaCy's table reads these as a rarer word's inflection ("crow", "numb", "spin", "fee").
        ("crew", "crew"),
        ("crews", "crew"),
        ("number", "number"),
        ("Numbers", "number"),
        ("span", "span"),
        ("feed", "feed"),
        ("criteria", "criterion"),
        ("wound", "wound"),  # "wound care", not "wind care"
        ("broker", "broker"),
        # Nouns in "-er" that are as often comparatives keep the table's reading.
        ("cleaner", "clean"),
        ("fitter", "fit"),
        # No plural ends in "ss": the table's "asses" and "bras" must not be reached.
        ("assess", "assess"),
        ("Assess", "assess"),
        ("brass", "brass"),
        ("bosses", "boss"),
        # An acronym's plural is the acronym, never a word of the table.
        ("LEDs", "led"),
        ("LMSs", "lms"),
        ("KPIs", "kpi"),
        # ... of a stem of three letters or more: "PMs" is not "pm" (a time), "DRs" not "dr".
        ("PMs", "pms"),
        ("DRs", "drs"),
    ],
)
def test_lemma_keeps_a_work_noun_that_the_table_misreads(word, expected):
    assert lemma(word) == expected


def test_the_evidence_names_the_crew_not_a_crow():
    result = classify("I coordinate the night crew and brief the crews on every number that matters.")
    shown = {e.term for s in result.sentences for e in s.evidence}
    assert shown & {"crew", "number"}
    assert not shown & {"crow", "numb", "matt"}


@pytest.mark.parametrize(
    "word",
    ["upwards", "budgets", "always", "towards", "stakeholders", "kpis", "this", "boss", "focus", "plus"],
)
def test_a_word_in_capitals_has_the_lemma_of_its_lowercase_form(word):
    # Only a capital stem with a small "s" ("KPIs") is an acronym plural:
    # "UPWARDS" was read as the plural of "UPWARD".
    assert lemma(word.upper()) == lemma(word.capitalize()) == lemma(word)


def test_terms_keep_their_character_offsets():
    text = "I do not set budgets"
    found = sentence_terms([text])[0]
    assert found == [Term("do", 2, 4), Term("not_set", 9, 12), Term("not_budget", 13, 20)]
    assert [text[t.start : t.end] for t in found] == ["do", "set", "budgets"]


def test_spans_of_one_doc_give_the_terms_of_each_span():
    doc = shared_nlp()("Set budgets. Coached staff.")
    by_span = sentence_terms([doc[0:3], doc[3:6]])
    assert [[t.term for t in s] for s in by_span] == [["set", "budget"], ["coach", "staff"]]
    assert [t.term for t in sentence_terms([doc])[0]] == ["set", "budget", "coach", "staff"]


@pytest.mark.parametrize("item", [3, b"Set budgets", None])
def test_an_item_that_is_no_text_is_a_type_error(item):
    with pytest.raises(TypeError, match=type(item).__name__):
        sentence_terms([item])


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("budget", True),
        ("not_budget", True),
        ("the", False),
        ("not_the", False),
        ("not", False),
        ("own", True),
    ],
)
def test_is_content(term, expected):
    assert is_content(term) is expected


def test_stop_words_stay_terms_but_are_never_features():
    words = sentence_terms(["Coached staff to work within the budget"])[0]
    assert "within" in [t.term for t in words]
    assert [t.term for t in content_terms(words)] == ["coach", "staff", "work", "budget"]
    assert not {g for t in ngrams(words, 3, skipgrams=True) for g in t.term.split()} & STOP_TERMS


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("Set budgets", {}, ["set", "budget", "set budget"]),
        ("Set budgets", {"n_max": 1}, ["set", "budget"]),
        ("develop the junior team", {}, ["develop", "junior", "team", "develop junior", "junior team"]),
        (
            "develop the junior team",
            {"skipgrams": True},
            ["develop", "junior", "team", "develop junior", "junior team", "develop ~ team"],
        ),
        ("do not set budgets", {}, ["not_set", "not_budget", "not_set not_budget"]),
        ("Managed 100 people", {}, ["manage", "people", "manage _num_", "_num_ people"]),
        ("Managed 12 of 100", {"skipgrams": True}, ["manage", "manage _num_", "manage ~ _num_"]),
        ("Led the manager team", {}, ["lead", "team", "lead _role_", "_role_ team"]),
        ("100 of 200", {"n_max": 3, "skipgrams": True}, []),
        # Phrase pairs come last: a stop word with the content word next to it.
        (
            "Make sure budgets are signed off",
            {"phrases": True},
            ["sure", "budget", "sign", "sure budget", "budget sign", "make sure", "sign off"],
        ),
        # Never two stop words, never a stop word with a number or a masked role noun.
        (
            "Reported to the manager for 12 of them",
            {"phrases": True},
            ["report", "report _role_", "report to"],
        ),
    ],
)
def test_ngrams(text, kwargs, expected):
    assert grams(text, **kwargs) == expected


def test_an_ngram_spans_its_words():
    text = "develop the junior team"
    found = {t.term: text[t.start : t.end] for t in ngrams(sentence_terms([text])[0], skipgrams=True)}
    assert found["junior team"] == "junior team"
    assert found["develop ~ team"] == "develop the junior team"


def test_numbers_and_role_masks_never_weigh_alone():
    assert NOT_ALONE == {NUM_TOKEN, ROLE_MASK}
    assert NEGATION_PREFIX.rstrip("_") in STOP_TERMS


PHRASE_WORDS = [
    "make",
    "sure",
    "to",
    "of",
    "for",
    "budget",
    "_num_",
    "_role_",
    "not_for",
    "not_budget",
    TITLE_MARK,
    SPAN_MARK,
]


@given(st.lists(st.sampled_from(PHRASE_WORDS), max_size=12))
def test_a_phrase_pair_is_one_content_word_and_one_stop_word(words):
    terms = [Term(w, 3 * i, 3 * i + 2) for i, w in enumerate(words)]
    # Every neighbouring pair of one content word (not a number or role mask)
    # and one stop word, spanning both, in order: no more, no fewer.
    expected = [
        Term(f"{a.term} {b.term}", a.start, b.end)
        for a, b in zip(terms, terms[1:], strict=False)
        if not {a.term, b.term} & {TITLE_MARK, SPAN_MARK}
        and len([w for w in (a.term, b.term) if is_content(w)]) == 1
        and not {a.term, b.term} & NOT_ALONE
    ]
    assert phrase_pairs(terms) == expected
    # Without phrases no n-gram holds a stop word; with them the pairs come last.
    plain = ngrams(terms, 2, skipgrams=True)
    assert not {w for t in plain for w in t.term.split()} & STOP_TERMS
    assert ngrams(terms, 2, skipgrams=True, phrases=True) == plain + expected


@pytest.mark.parametrize(
    "address",
    [
        "amara.okafor@example.com",
        "Email:amara.okafor@gmail.com",
        "mailto:amara.okafor@gmail.com",
        "@amara_okafor",
        "www.amaraokafor.com",
        "https://amaraokafor.dev",
        "linkedin.com/in/amara-okafor",
    ],
)
def test_addresses_are_no_terms(address):
    assert terms(f"Contact {address} for references") == ["contact", "for", "reference"]


@pytest.mark.parametrize(
    "word", ["Node.js", "ASP.NET", "asp.net", "b.sc", "Amazon.com", "24/7", "and/or", "P&L"]
)
def test_words_with_dots_and_slashes_stay_terms(word):
    assert len(terms(f"Skills {word}")) == 2
