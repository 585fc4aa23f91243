"""The failure patterns measured on real CVs and job ads (issue: the model, second version).

Each pattern is reproduced with text written for this file (the real sets stay
outside the repository): function words, individual-contributor work read
through one word in another sense, a cue word against its context, oriented
lines without a lexicon word, and documents with little evidence.
"""

import json
from pathlib import Path

import pytest
from resources import CV

import leadership_nlp
from leadership_nlp.core.terms import STOP_TERMS

# 1. Function words and layout lines decide nothing.
LAYOUT = [
    "to",
    "and",
    "Thanks and Regards",
    "Kind regards,",
    "From 2011 to 2016",
    "03/2012\nto\n11/2017",
    "Jan 2019 – Present",
    "WORK EXPERIENCE",
    "Leeds, West Yorkshire",
]

# 2. Doing the work yourself is neutral, whatever word it borrows.
INDIVIDUAL_WORK = [
    "Develop unit tests for the invoicing service",
    "Took drink orders at the bar during evening service",
    "Deployed code changes to the staging server",
    "Loaded customer files into the target warehouse tables",
    "Cashier at First Trust Savings Bank",
    "Revised every evening in order to pass the bar exam",
    "Advocate",
    "Drove a refrigerated van on a fixed delivery route",
]


@pytest.mark.parametrize("text", LAYOUT + INDIVIDUAL_WORK)
def test_non_oriented_lines_are_neutral(text):
    r = leadership_nlp.classify(text)
    assert r.label == "neutral", [(s.text, s.label, s.evidence) for s in r.sentences]


def test_a_date_range_broken_over_lines_is_one_neutral_sentence():
    r = leadership_nlp.classify("Store supervisor\n06/2014\nto\n05/2019\n")
    assert [s.text for s in r.sentences] == ["Store supervisor", "06/2014\nto\n05/2019"]
    assert r.sentences[1].label == "neutral"


def test_no_evidence_item_is_a_stop_word_a_number_or_punctuation():
    texts = LAYOUT + INDIVIDUAL_WORK + [CV, "I manage upwards of 100 people.", "To the team: and, or, but."]
    for r in leadership_nlp.classify_batch(texts):
        for s in r.sentences:
            for e in s.evidence:
                words = [w.strip(".,;:!?()") for w in e.text.lower().split()]
                # A single-word item is a content word; a phrase has at least one.
                assert any(w and w not in STOP_TERMS and any(c.isalpha() for c in w) for w in words), (
                    s.text,
                    e,
                )
                if len(words) == 1:
                    assert words[0] not in STOP_TERMS, (s.text, e)


@pytest.mark.parametrize(
    ("word", "sentence"),
    [
        ("Coach", "I coach my analysts every week so they grow into senior roles."),
        ("Delegate", "I delegate the daily tasks and check each one against the rota."),
        ("Rota", "I draw up the staff rota and fill every gap in the shifts."),
        ("Mentor", "I mentor two junior engineers and help them plan their careers."),
    ],
)
def test_a_lone_word_is_less_certain_than_a_sentence_that_says_more(word, sentence):
    # A one-word line is little evidence: it must not get the weight of a sentence
    # (0.1 gave "to" 0.99). Measured: no lone word above 0.95, and the 1-3-word
    # bucket is the best calibrated on the validation set (model card).
    lone = leadership_nlp.classify(word).sentences[0].probabilities
    full = leadership_nlp.classify(sentence).sentences[0].probabilities
    side = max(("leadership", "management"), key=full.get)
    assert lone[side] < full[side] and lone[side] < 0.96, (word, lone, full)


# Plain work told in everyday words that oriented lines also use ("new", "help", "check",
# "keep", "shift"): written for this file before the corpus's everyday-words batch, which the
# shipped model was retrained with; 24 of the 40 were oriented before it, 11 after (model card;
# 11 again after the twelfth run's batch). The bound holds the gain; the lines still misread are
# listed when it fails.
EVERYDAY_WORDS = [
    "Helped customers choose the right mortgage product.",
    "Apply today – interviews this week!",
    "Junior Analyst, Solberg Energi",
    "Checked stock levels and reordered paper for the print room.",
    "Kept accurate records of every sample received.",
    "Signed for deliveries at the front desk.",
    "Covered reception during lunch breaks.",
    "Filled prescriptions accurately in a busy pharmacy.",
    "Worked the early morning shift at the bakery.",
    "Built a new website for a local bakery using WordPress.",
    "Brought in 40 new clients through cold calling.",
    "Won the regional sales award in 2019.",
    "Asked clients about their dietary needs before each session.",
    "Shared weekly updates with the client by email.",
    "Moved 300 boxes of files to the new archive.",
    "Talked customers through the returns process.",
    "I believe in writing clean, tested code.",
    "Full-time, 37.5 hours per week, Monday to Friday.",
    "Run weekly backups of the shared drive.",
    "Held a full UK driving licence since 2008.",
    "Answered the phones and kept the diary for two partners.",
    "Checked in guests and handled room keys at the hotel front desk.",
    "Spotted and fixed a pricing error in the quarterly invoices.",
    "Designed new packaging for our organic tea range.",
    "Pushed code to production twice a day.",
    "Took part in the annual stock count.",
    "Turned around urgent translation jobs within 24 hours.",
    "Ran the till and kept the shop floor tidy.",
    "Listed new products on Amazon and eBay.",
    "Grew tomatoes and peppers in the university greenhouse.",
    "Help desk analyst, 2018 to 2021",
    "Security guard at a shopping centre, nights.",
    "Wrote a weekly column for the local paper.",
    "Kept the kitchen clean and in line with food hygiene rules.",
    "Booked travel and hotels for the sales team.",
    "Answered questions from the public at the museum's front desk.",
    "Thinks creatively about new recipes and seasonal menus.",
    "Idea: a faster way to sort the mail, which I built in Excel.",
    "Looking for a new challenge in software testing.",
    "Drove a forklift in a busy distribution centre.",
]


def test_everyday_words_in_plain_work_mostly_stay_neutral():
    results = leadership_nlp.classify_batch(EVERYDAY_WORDS)
    misread = [(t, r.label) for t, r in zip(EVERYDAY_WORDS, results, strict=True) if r.label != "neutral"]
    assert len(misread) <= 11, misread


def probe(name):
    """Return a probe file's rows and its misread lines as (text, label, model's label)."""
    lines = (Path(__file__).parent / "data" / name).read_text("utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    results = leadership_nlp.classify_batch([r["text"] for r in rows])
    wrong = [
        (r["text"], r["label"], x.label) for r, x in zip(rows, results, strict=True) if x.label != r["label"]
    ]
    return rows, wrong


def test_a_second_everyday_words_probe_by_another_writer():
    # 60 plain lines and 40 oriented ones with the same kind of words, written after the retrain
    # by a helper who saw neither the corpus nor the first probe: the ninth run's model read 27 of
    # the 60 as oriented and got 39 of the 40 right (model card), the tenth's 13 and 40, the
    # twelfth's 11 and 40. The bounds hold both sides.
    rows, wrong = probe("everyday_probe.jsonl")
    assert len(rows) == 100
    assert sum(r[1] == "neutral" for r in wrong) <= 11, wrong
    assert not [w for w in wrong if w[1] != "neutral"], wrong


def test_what_others_do_to_the_writer_probe():
    # 40 lines by a helper who read only the guideline (2026-12-06; a second labeller, blind,
    # agreed on all 40, labels kept in the session note): 26 neutral lines in which the writer
    # receives someone else's supervision, training, appraisal or hiring ("Mentored by a senior
    # paralegal ...", 20 with a participle and "by"), and 14 oriented controls in which "by"
    # brings a share, a time, a means or the writer ("... drawn up by me every Thursday"). The
    # shipped model (passive_agents off) misreads 10 of the 26 and 1 of the 14; with
    # passive_agents on, 6 and 1 (models/selection.md).
    rows, wrong = probe("passive_probe.jsonl")
    assert len(rows) == 40 and sum(r["label"] == "neutral" for r in rows) == 26
    assert sum(w[1] == "neutral" for w in wrong) <= 10, wrong
    assert sum(w[1] != "neutral" for w in wrong) <= 1, wrong


def test_a_span_with_a_behaviour_probe():
    # 40 lines by a helper who read only the guideline (2026-12-07), for C.6: 16 leadership lines
    # with a span of control and a leadership behaviour ("Looked after 11 direct reports ... and
    # brought them through the switch from paper claims to an online portal"), 6 management lines
    # with a span and a management behaviour, 6 spans alone (management) and 12 neutral lines
    # with a count of people that is no span ("One of a crew of seven ..."). A second labeller,
    # blind, agreed on all 40 (``second_label``). The shipped model reads 9 of the 16 leadership
    # lines as management (the span mark outweighs the behaviour) and 2 neutral lines as oriented
    # (1 before the lemma fixes of 2026-12-07: "crew" had been read as "crow", whose weight "One of
    # a crew of seven on a Peterhead whitefish boat ..." did not reach; as "crew" it is management
    # 0.52).
    rows, wrong = probe("span_probe.jsonl")
    assert len(rows) == 40 and all(r["label"] == r["second_label"] for r in rows)
    assert sum(r["kind"] == "span_with_leadership" for r in rows) == 16
    assert sum(w[1] == "leadership" for w in wrong) <= 9, wrong
    assert not [w for w in wrong if w[1] == "management"], wrong
    assert sum(w[1] == "neutral" for w in wrong) <= 2, wrong


# Job titles and headings name a job or a section, not a behaviour, even with role words in them.
@pytest.mark.parametrize(
    "text",
    [
        "Staff Pharmacist, Riverside Clinic",
        "Night Shift Supervisor (Warehouse)",
        "Head of Customer Service | Northgate Telecom | 2018 – 2022",
        "Junior Quantity Surveyor",
        "Leadership & Team Development",
        # ... in sentence case too (all four read oriented before).
        "Team lead",
        "Shift supervisor, Tesco",
        "Deputy head teacher",
        "People lead at Monzo",
        "Head of department",
    ],
)
def test_a_title_or_heading_alone_is_neutral(text):
    r = leadership_nlp.classify(text)
    assert r.label == "neutral", [(s.text, s.label, s.evidence) for s in r.sentences]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Managed A Team Of 14 Field Engineers And Their Rotas", "management"),
        ("Set The Vision And Inspired The Whole Team To Follow It", "leadership"),
        # A bullet in sentence case that ends in a job noun is no title.
        ("Coach new team leaders", "leadership"),
        ("Lead a team of 5 engineers", "management"),
    ],
)
def test_an_oriented_sentence_in_title_case_stays_oriented(text, label):
    # Casing marks a title; it does not hide the words of an oriented line.
    assert leadership_nlp.classify(text).label == label


# 3. A cue word does not override a sentence that negates or reverses it.
@pytest.mark.parametrize(
    "text",
    [
        "I have never had to set a budget.",
        "No targets or KPIs were part of this role.",
    ],
)
def test_a_negated_cue_is_not_evidence(text):
    assert leadership_nlp.classify(text).label == "neutral"


def test_what_comes_after_rather_than_is_not_evidence():
    r = leadership_nlp.classify("I persuade people rather than manage budgets.")
    terms = {e.term for e in r.sentences[0].evidence}
    assert r.label == "leadership" and "persuade" in terms
    assert not {"manage", "budget", "manage budget"} & terms  # only their negated forms may count


# 4. Oriented lines in words the lexicon does not have.
@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Persuaded three rival departments to back a common direction for the next five years",
            "leadership",
        ),
        ("Helped each of my engineers work out where they wanted their careers to go", "leadership"),
        ("Drew up the weekly staff rota and covered every absence", "management"),
        ("Checked that every team member logged their hours against the agreed codes", "management"),
    ],
)
def test_oriented_lines_without_lexicon_words(text, label):
    assert leadership_nlp.classify(text).label == label


# 5. A document verdict rests on evidence, not on one line.
DEVELOPER_CV = """Priya Raman
Software developer
priya.raman@example.com | +44 7700 900123

EXPERIENCE
Backend developer, Northwind Payments
04/2019
to
present
- Develop and test REST services in Python and Go
- Deployed code changes to production twice a week
- Wrote the data migration scripts for the new ledger
- Reviewed pull requests and fixed flaky integration tests

Junior developer, Tailspin Games
2016 – 2019
- Built the build pipeline for the mobile client
- Profiled and sped up the rendering loop by 30%

EDUCATION
BSc Computer Science, University of Leeds, 2016

SKILLS
Python, Go, PostgreSQL, Docker, Kubernetes
"""


def test_a_developer_cv_is_neutral():
    r = leadership_nlp.classify(DEVELOPER_CV)
    assert r.label == "neutral", [(s.text, s.label) for s in r.sentences if s.label != "neutral"]
    assert r.confidence < 0.2


def test_one_oriented_line_among_many_neutral_ones_is_neutral():
    lines = [f"Line {i}: processed invoice batch {i} for the accounts team" for i in range(22)]
    text = "\n".join(lines[:11] + ["I set the quarterly budget for the whole department."] + lines[11:])
    r = leadership_nlp.classify(text)
    assert r.label == "neutral"
    assert 0 < r.confidence < 0.1
    assert "confidence" in r.to_dict()


def test_confidence_grows_with_the_share_of_oriented_text():
    one = leadership_nlp.classify("I set the quarterly budget.").confidence
    mixed = leadership_nlp.classify(
        "I set the quarterly budget.\nI answer the phone.\nI file the post."
    ).confidence
    assert 0 < mixed < one <= 1


def test_a_long_cv_with_a_clear_block_of_management_bullets_stays_management():
    # Much oriented weight is enough evidence, however many layout lines surround it.
    bullets = [
        "Drew up the weekly staff rota for 40 people",
        "Set and tracked the quarterly budget of the depot",
        "Delegated daily tasks to shift leads and checked them against the plan",
        "Ran weekly one-to-ones and appraisals with my direct reports",
        "Kept overtime within budget every quarter",
        "Hired and onboarded twelve warehouse operatives to our procedures",
    ]
    skills = [f"Skill {i}: forklift licence level {i}" for i in range(30)]
    r = leadership_nlp.classify("\n".join(bullets + skills))
    assert r.counts["management"] >= 5
    assert r.label == "management", (r.confidence, r.counts)


def test_writing_a_sentence_in_capitals_or_title_case_rarely_changes_its_label():
    # The title mark reads casing; it must not let shouting hide a sentence's words. Bounds
    # measured on the shipped model (capitals 5.1 %, Title Case 9.5 %, lowercase 0.3 % of the
    # corpus's oriented units change label, full stop removed); the wider first shape changed 17 %.
    from leadership_nlp.train.corpus import load_corpus

    model = leadership_nlp.load_model()
    texts = [u.text.rstrip(".!?… ") for u in load_corpus().units if u.label != "neutral"]
    base = model.predict(texts)
    for change, bound in ((str.upper, 0.06), (str.title, 0.10), (str.lower, 0.01)):
        changed = model.predict([change(t) for t in texts]) != base
        assert changed.mean() <= bound, (change.__name__, changed.mean())


@pytest.mark.parametrize(
    "text",
    [
        "Maintained the budgets.",
        pytest.param(
            "Maintained the rota.",
            marks=pytest.mark.xfail(
                strict=True, reason="a rota of no stated owner is read as one's own work"
            ),
        ),
    ],
)
def test_maintaining_budgets_is_management(text):
    assert leadership_nlp.classify(text).label == "management"
