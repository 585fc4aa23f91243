import json
import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadership_nlp import classify
from leadership_nlp.core import role_profile
from leadership_nlp.core.normalise import shared_nlp
from leadership_nlp.core.role_numbers import parse_number
from leadership_nlp.core.role_patterns import role_vocabulary
from leadership_nlp.core.role_profile import extract


@pytest.mark.parametrize(
    ("text", "span", "verbs"),
    [
        ("I manage upwards of 100 people.", 100, ["manage"]),
        ("lead a team of 12 engineers", 12, ["lead"]),
        ("oversee three departments with 40 staff in total", 40, ["oversee"]),
        ("Managed 1,200 employees", 1200, ["manage"]),
        ("I supervise twelve nurses on the ward.", 12, ["supervise"]),
        ("Proficient in Excel", None, []),
        ("Lead author of two papers", None, []),
        ("Lead Data Engineer, Acme Ltd, 2019-2023", None, []),
        ("Manage my own calendar in Outlook", None, []),
        ("Hired 20 engineers in 2021.", None, []),
        ("Supervise a night shift of 40 warehouse operatives.", 40, ["supervise"]),
    ],
)
def test_span_of_control(text, span, verbs):
    profile = classify(text).role_profile
    assert profile.span_of_control == span
    assert profile.role_verbs == verbs


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # How people state the size of their own team, beyond "I manage N".
        ("Managing a team of ~40 engineers across 3 sites", "span_of_control", 40),
        ("My team is 14 people", "span_of_control", 14),
        ("My department consists of 30 staff.", "span_of_control", 30),
        ("My team is made up of 9 people.", "span_of_control", 9),
        ("I have a team of 14", "span_of_control", 14),
        ("I've got a team of 6.", "span_of_control", 6),
        ("I have over 40 people in my team.", "span_of_control", 40),
        ("You will have a team of 8.", "span_of_control", 8),
        ("Managed team (14)", "span_of_control", 14),
        ("I manage 100 ppl", "span_of_control", 100),
        # Not the writer's own team.
        ("We have a team of 40 engineers.", "span_of_control", None),
        ("I have worked with 40 engineers.", "span_of_control", None),
        ("I have trained 40 staff.", "span_of_control", None),
        (
            "Since 2020 I have grown three team members into heads of their own departments.",
            "span_of_control",
            None,
        ),
        ("My team is supported by 4 contractors.", "span_of_control", None),
        ("I have 10 years of experience managing people.", "span_of_control", None),
        # Role-profile fields, as forms and tables write them.
        ("Team size - 17", "span_of_control", 17),
        ("Headcount: ~120", "span_of_control", 120),
        ("hc 35 | budget 1.1M USD", "span_of_control", 35),
        ("Staff managed: 16", "span_of_control", 16),
        ("Indirect reports: 62", "span_of_control", 62),
        ("Line reports - 3", "direct_reports", 3),
        ("Locations covered: 6", "sites", 6),
        ("FTE: 0.8", "span_of_control", None),
        ("Employees: 9,000", "span_of_control", None),
        # Counts written in other ways.
        ("Managed a twenty-two person claims team.", "span_of_control", 22),
        ("Run a 6-person support desk.", "span_of_control", 6),
        ("Took over a team of 19 and hired 7 more.", "span_of_control", 19),
        ("Processed claims with 5 clerks I managed.", "span_of_control", 5),
        ("Led 12 4-person teams.", "span_of_control", 4),
        ("I joined as the manager leading a team of 12.", "span_of_control", 12),
        # A second level of people, as the largest count.
        ("Line-manage 2 supervisors; total team of 32 pickers.", "span_of_control", 32),
        ("I have 7 direct reports and about 50 skip-levels.", "span_of_control", 50),
        ("3 direct reports, 20 skip level reports", "span_of_control", 20),
        ("DRs: 7; indirect: 52", "span_of_control", 52),
        ("DRs: 7; indirect: 52", "direct_reports", 7),
        ("Team of 30 (8 direct)", "span_of_control", 30),
        ("Team of 30 (8 direct)", "direct_reports", 8),
        ("Span of control: 14 (direct 5)", "direct_reports", 5),
        ("Directly managing 2 and indirectly 14.", "span_of_control", 14),
        ("Directly managing 2 and indirectly 14.", "direct_reports", 2),
        ("Budget: USD 750,000 | Reports: 4 direct", "direct_reports", 4),
        ("My team has grown from 3 to 17 engineers since I took over.", "span_of_control", 17),
        # Other ways to say it.
        ("The 14-strong QA team is managed by me.", "span_of_control", 14),
        ("Handling a team of 25 members.", "span_of_control", 25),
        ("Oversaw c.350 staff across 9 leisure centres.", "span_of_control", 350),
        ("So basically I've got about twenty lads under me on site.", "span_of_control", 20),
        ("Managing a portfolio of 22 care homes across the South East.", "sites", 22),
        # Phrasings added on 2026-12-05 (the dev4 split's misses, written again here).
        ("You'll manage around 80 nursing and admin staff.", "span_of_control", 80),
        ("I supervise 6 HCAs on the night shift.", "span_of_control", 6),
        ("Manage at least 15 contractors on site.", "span_of_control", 15),
        ("Store manager at a 200-staff superstore.", "span_of_control", None),  # the employer's size
        ("Led the migration of a team of 20 to the new platform.", "span_of_control", 20),
        ("I oversee the work of 30 cleaning operatives.", "span_of_control", 30),
        ("I run an org of 120.", "span_of_control", 120),
        ("Grew my analytics group from 4 analysts to 25.", "span_of_control", 25),
        ("Managed the move of 300 employees to the new campus.", "span_of_control", None),
        # Numbers in words: one number each, never two or a part.
        ("I look after half a dozen junior designers.", "span_of_control", 6),
        ("I manage a half dozen engineers.", "span_of_control", 6),
        ("I lead a couple of dozen volunteers.", "span_of_control", 24),
        ("I manage a couple of hundred staff.", "span_of_control", 200),
        ("Led two dozen volunteers.", "span_of_control", 24),
        ("I manage a team of 2 dozen.", "span_of_control", 24),
        ("Currently heading a department of two hundred and ten staff.", "span_of_control", 210),
        ("Responsible for three hundred and fifty staff.", "span_of_control", 350),
        ("Managed a team of ten and two interns.", "span_of_control", 10),
        ("Responsible for one thousand two hundred staff.", "span_of_control", 1200),
        # A range in words is a range: its upper bound, not the sum.
        ("I have five-six direct reports.", "direct_reports", 6),
        ("Led seven-eight engineers.", "span_of_control", 8),
        ("Managed a team of one - two hundred", "span_of_control", 200),
        # "by" after a verb that is not a passive.
        ("Managing by objectives across 12 sites.", "sites", 12),
        ("Managing director of the business leading 40 staff.", "span_of_control", 40),
        ("Joined the company managing 12 engineers.", "span_of_control", 12),
        ("Area manager at the bank supervising 12 branches.", "sites", 12),
        ("Team of 30 (8 DRs)", "direct_reports", 8),
        ("DRS: 5", "direct_reports", 5),
        ("I manage two hundred three hundred staff.", "span_of_control", 300),
        ("I manage 12 in-house developers.", "span_of_control", 12),
        ("Oversee 5 chefs, 11 front-of-house staff and 2 kitchen porters.", "span_of_control", 11),
        ("Managed by KPIs, a team of 18 agents.", "span_of_control", 18),
        # Phrasings added on 2026-12-05 (the dev5 split's misses, written again here).
        ("Headcount (all sites, incl. agency): 85", "span_of_control", 85),
        ("No. of employees supervised (direct + indirect): 48", "span_of_control", 48),
        ("People supervised: 14", "span_of_control", 14),
        ("Managed people: 22 (direct: 5)", "direct_reports", 5),
        ("Directly reporting - 6", "direct_reports", 6),
        ("Responsible for 5 DRs.", "direct_reports", 5),
        ("Direct reports:\n7", "direct_reports", 7),
        ("Directly manage 3 supervisors; indirectly about 40 cleaners.", "span_of_control", 40),
        ("Group manager for 6 branch libraries.", "sites", 6),
        ("Built and maintained 6 React component libraries.", "sites", None),
        ("I manage 3 libraries used across the company.", "sites", None),
        ("Headcount (FY 2024): 140", "span_of_control", 140),
        ("Team size: 4-6 depending on the project", "span_of_control", 6),
        ("Headcount: 2023-2024 plan", "span_of_control", None),
        ("Team (formed 2019): 8", "span_of_control", 8),
        ("Worked alongside 6 DRs and 12 nurses on the ward.", "direct_reports", None),
        ("Set up 2 DRs for the bank's core systems.", "direct_reports", None),
        ("The policy indirectly affected 500 employees.", "span_of_control", None),
        ("Indirectly impacted 1,200 employees through the new rota system.", "span_of_control", None),
        ("I directly manage 3 sites.", "direct_reports", None),
        ("I directly manage 3 sites.", "sites", 3),
        ("Watch manager covering 3 fire stations.", "sites", 3),
        ("Chef de partie running 4 stations in the kitchen.", "sites", None),
        # A number between the count and "report directly to me" is the one that reports directly.
        ("I led 60 engineers, 4 of whom reported directly to me.", "direct_reports", 4),
        ("I led 60 engineers, 4 of whom reported directly to me.", "span_of_control", 60),
        ("Six team leads report directly to me.", "direct_reports", 6),
        ("Manage 20 people across 2 shifts who report directly to me.", "direct_reports", 20),
        ("I lead 9 engineers (2 contractors) who report directly to me.", "direct_reports", 9),
        ("A team of two hundred and ten who report directly to me.", "direct_reports", 210),
        ("An org of ~110 ppl (8 EMs report directly to me).", "direct_reports", None),
        # Not the writer's own.
        ("Interviewed and took on 14 seasonal pickers.", "span_of_control", None),
        ("Ran payroll for 3,000 staff.", "span_of_control", None),
        ("Hired 12 engineers and I led their onboarding.", "span_of_control", None),
        ("I have 20 colleagues in my office.", "span_of_control", None),
        ("Took over from two managers who left.", "span_of_control", None),
        ("Organisation: 5,000+ employees across the UK", "span_of_control", None),
        ("HGV Drivers - 21+ with a full licence", "span_of_control", None),
        ("Prepared the headcount 2024 forecast.", "span_of_control", None),
        ("I was managed by 3 different managers.", "span_of_control", None),
        ("Supervised by 2 senior nurses.", "span_of_control", None),
        # No count rather than a wrong one: vague numbers and a count in millions.
        ("I manage a few hundred staff.", "span_of_control", None),
        ("I manage one million people.", "span_of_control", None),
        ("Trained 12 in-house developers.", "span_of_control", None),
        ("Line managed by 2 directors.", "direct_reports", None),
        ("I indirectly influence 5 projects.", "span_of_control", None),
        ("Handled the payroll of 300 staff.", "span_of_control", None),
        ("Handled the recruitment of 30 engineers.", "span_of_control", None),
        ("Project managed the delivery of 120 residential homes.", "sites", None),
        ("Identified a £2m budgetary pressure.", "budget", None),
        ("Delivered a £3m cost base reduction.", "budget", None),
        ("Drs: 2 on each ward", "direct_reports", None),
        ("Swapped LEDs in 40 stores.", "sites", None),
        ("The trust runs 4 hospitals and employs 9,000 people.", "sites", None),
        ("Our company runs 12 stores across Wales.", "sites", None),
        ("As the trust's COO I run 4 hospitals.", "sites", 4),
        ("Joined a police force of 5,000 officers.", "span_of_control", None),
        ("Wrote the order-handling process that all 40 pickers follow.", "span_of_control", None),
        ("Built 200 homes for first-time buyers.", "sites", None),
        ("The company has a total headcount of 5,000.", "span_of_control", None),
        ("Company headcount: 3,500", "span_of_control", None),  # read 3,500 before org_headcount_field
        ("Company headcount\t3,500", "span_of_control", None),
        ("Company headcount 3,000; I have 4 direct reports", "span_of_control", 4),
        ("Team headcount: 45", "span_of_control", 45),
        ("Agency staff: 20", "span_of_control", 20),  # a kind of worker, not an employer
        ("Managed 5 sites and contract workers.", "span_of_control", None),
        ("Office: 12 High Street, London", "sites", None),
        ("My line manager heads a team of 50.", "span_of_control", None),
        ("The trust employs 9,000 people.", "span_of_control", None),
        ("Project manager on a £45m hospital build.", "sites", None),
        ("Assistant manager at a 300-store fashion chain.", "sites", None),
        ("Opened 20 new stores in two years.", "sites", None),
        ("Mentored five analysts and grew two into team leads.", "span_of_control", None),
        # A one-digit count before ")" or after ":" was one of spaCy's emoticons ("8)", ":3").
        ("Sales Manager (team of 8)", "span_of_control", 8),
        ("Managed a small team (8)", "span_of_control", 8),
        ("Team size :3", "span_of_control", 3),
        # A field's colon with no space before the number ("size:8" was one token).
        ("Team size:8", "span_of_control", 8),
        ("Direct reports:12", "direct_reports", 12),
        ("Sites:120", "sites", 120),
        # A range of years after a count is dates, not a range of counts (read 2023 before).
        ("8 direct reports — 2019–2023", "direct_reports", 8),
        ("Responsible for 8 sites – 2019–2023", "sites", 8),
        ("Acme Ltd – Team size: 8 – 2019–2023", "span_of_control", 8),
        ("Managed 20-25 staff", "span_of_control", 25),
        # Hedges in the direct-reports field, a plus after a count of sites.
        ("Direct reports: approx 8", "direct_reports", 8),
        ("Responsible for 8+ sites", "sites", 8),
    ],
)
def test_role_profile_fields_and_phrasings(text, field, value):
    assert getattr(classify(text).role_profile, field) == value


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("You'll manage a budget of two million pounds.", 2_000_000, "GBP"),
        ("I hold a budget of EUR 2.5 Mio.", 2_500_000, "EUR"),
        ("Budget of Rs. 2 Cr. for the region.", 20_000_000, "INR"),
        ("Oversaw a £14m cost base.", 14_000_000, "GBP"),
        ("Operations Director – 5 plants, ¥3.5 billion cost base.", 3_500_000_000, "JPY"),
        ("The post-holder will have budgetary responsibility for CHF 4 million.", 4_000_000, "CHF"),
        ("Budgetary responsibility: £3m", 3_000_000, "GBP"),
        ("Budgetary responsibility for 4 million euros.", 4_000_000, "EUR"),
        ("Controlled an opex budget of 80 lakh rupees.", 8_000_000, "INR"),
        ("Handled a budget of Rs 1.5 Cr.", 15_000_000, "INR"),
        ("Your budget will be $4M.", 4_000_000, "USD"),
        ("I run a departmental budget of roughly ₦250m.", 250_000_000, "NGN"),
        ("P&L responsibility of approx. USD 22 million.", 22_000_000, "USD"),
        ("Budget: AED 5m (opex)", 5_000_000, "AED"),
        ("My budget went up from NOK 8m to NOK 11m.", 11_000_000, "NOK"),
    ],
)
def test_budget_phrasings(text, amount, currency):
    budget = classify(text).role_profile.budget
    assert budget is not None and (budget.amount, budget.currency) == (amount, currency)


@pytest.mark.parametrize(
    "text",
    [
        "I do not manage 100 people.",
        "I have never managed a team of 10.",
        "I don't line manage the 6 analysts.",
        "I was not responsible for the 40 staff on site.",
        "I did not manage a team of 10 or set the budget.",
    ],
)
def test_a_negated_span_is_no_span_and_no_management(text):
    # Guideline rule 7: negated content is no evidence; the span mark must not bring it back.
    result = classify(text)
    assert result.role_profile.span_of_control is None
    assert result.label == "neutral"


@pytest.mark.parametrize(
    "text",
    [
        "a two hundred thousand pound budget",
        "a twenty-five million pound budget",
        "Came in under budget, $2m project.",
    ],
)
def test_a_budget_is_not_read_from_part_of_a_number_or_from_the_next_clause(text):
    # A run of number words is not read (a part would pass for the whole), nor money after a comma.
    assert classify(text).role_profile.budget is None


def test_budget_sites_direct_reports():
    p = classify("Responsible for a £5M budget across 4 sites, with 6 direct reports.").role_profile
    assert p.budget is not None and p.budget.amount == 5_000_000 and p.budget.currency == "GBP"
    assert p.sites == 4
    assert p.direct_reports == 6
    assert {m.kind for m in p.mentions} >= {"budget", "sites", "direct_reports"}


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        ("Supervise a night shift of 40 warehouse operatives.", None),
        ("Managed 12 store staff.", None),
        ("Ran 12 stores across the North West.", 12),
        ("Oversaw 3 warehouses and 2 depots.", 3),
    ],
)
def test_a_site_word_before_people_is_not_a_site_count(text, sites):
    assert classify(text).role_profile.sites == sites


def test_revenue_is_not_a_budget():
    assert classify("Grew revenue to $2.5m in two years.").role_profile.budget is None


def test_mentions_point_at_text():
    text = "Since 2019 I manage upwards of 100 people."
    for m in classify(text).role_profile.mentions:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ("Responsible for three hundred and fifty staff.", "three hundred and fifty staff"),
        ("I look after half a dozen junior designers.", "half a dozen junior designers"),
        # Two patterns hold parts of the same run of number words: one count, one mention.
        ("Currently heading a department of two hundred and ten staff.", "department of two hundred and ten"),
    ],
)
def test_a_mention_holds_every_word_its_count_was_read_from(text, mentioned):
    counts = [m for m in classify(text).role_profile.mentions if m.kind == "span_of_control"]
    assert [m.text for m in counts] == [mentioned]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1,200", 1200),
        ("twelve", 12),
        ("2.5", 2.5),
        ("12k", 12000),
        ("twenty-five", 25),
        ("many", None),
        ("1.5bn", 1.5e9),
        ("3mm", 3e6),
        ("40+", 40),
        ("12kk", None),
        ("~40", 40),
        ("c.350", 350),
        ("dozen", 12),
        # A decimal comma has one or two digits after it; a thousands separator three.
        ("1,2", 1.2),
        ("4,75", 4.75),
        ("2,5m", 2.5e6),
        ("12,000", 12000),
        ("1,234,567", 1234567),
    ],
)
def test_parse_number(raw, value):
    assert parse_number(raw) == value


def test_the_number_vocabulary_parses_and_the_num_token_matches_it():
    vocab = role_vocabulary()
    num = re.compile(role_profile.load_patterns().tokens["num"]["LOWER"]["REGEX"])
    for word, value in {**vocab["number_words"], **vocab["multipliers"]}.items():
        assert parse_number(word) == value
        assert word == "zero" or num.match(word), word
    for suffix, scale in vocab["number_suffixes"].items():
        assert parse_number(f"12{suffix}") == 12 * scale
        assert num.match(f"12{suffix}"), suffix


HUGE = ["9" * 20, "9" * 99, "9" * 400, "10000001", "12" + "0" * 30]


@pytest.mark.parametrize("number", HUGE)
def test_an_implausible_count_is_not_a_span(number):
    profile = classify(
        f"I manage {number} people across {number} sites with a ${number} budget."
    ).role_profile
    assert profile.span_of_control is None and profile.sites is None
    assert profile.budget is None or profile.budget.amount <= role_profile.MAX_AMOUNT


def test_the_largest_plausible_count_is_kept():
    assert classify("I manage 10,000,000 people.").role_profile.span_of_control == role_profile.MAX_COUNT


def test_a_huge_number_does_not_sink_a_frame():
    # Issue 16 #10: one such row raised OverflowError and lost every row.
    pd = pytest.importorskip("pandas")
    from leadership_nlp.adapters.frame import score_frame

    texts = [f"I manage {n} people." for n in HUGE] + ["I manage 12 people."]
    out = score_frame(pd.DataFrame({"text": texts}), "text")
    assert out["span_of_control"].isna().sum() == len(HUGE)
    assert out["span_of_control"].iloc[-1] == 12
    assert out["error"].isna().all()


def test_a_huge_number_does_not_sink_a_dask_frame():
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    import dask

    from leadership_nlp.adapters.dask import score_dataframe

    texts = [f"I manage {n} people." for n in HUGE] + ["I manage 12 people."]
    frame = dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=2)
    with dask.config.set(scheduler="synchronous"):
        out = score_dataframe(frame, "text").compute()
    assert out["span_of_control"].isna().sum() == len(HUGE)
    assert out["span_of_control"].iloc[-1] == 12


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Managed a team of\n40 engineers.", 40),
        ("Led a team of about\n25 nurses on the ward.", 25),
        ("Managing approx. 35 people.", 35),
        ("Managed a team.\n40 engineers joined the company that year.", None),
    ],
)
def test_a_count_split_by_a_line_break(text, span):
    assert classify(text).role_profile.span_of_control == span


def test_user_patterns_add_words_and_phrasings(tmp_path):
    nlp = shared_nlp()
    text = "Coxswain of 14 oarsmen."
    assert extract([nlp(text)[:]]).span_of_control is None
    extra = tmp_path / "mine.jsonl"
    extra.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"kind": "words", "name": "people", "words": ["oarsmen"]},
                {"kind": "words", "name": "role_noun", "words": ["coxswain"]},
            ]
        ),
        encoding="utf-8",
    )
    mine = role_profile.load_patterns(extra)
    assert extract([nlp(text)[:]], patterns=mine).span_of_control == 14
    # The shipped patterns are unchanged.
    assert extract([nlp(text)[:]]).span_of_control is None


def test_user_patterns_from_the_environment(tmp_path, monkeypatch):
    extra = tmp_path / "mine.jsonl"
    pattern = [{"LOWER": "pack"}, {"LOWER": "of"}, "@num"]
    extra.write_text(
        json.dumps({"kind": "pattern", "label": "span_of_control", "id": "pack_of", "pattern": pattern}),
        encoding="utf-8",
    )
    text = "I lead a pack of 9."
    assert classify(text).role_profile.span_of_control is None
    monkeypatch.setenv(role_profile.ENV_VAR, str(extra))
    assert classify(text).role_profile.span_of_control == 9


def test_a_word_test_joins_the_word_lists_it_names(tmp_path):
    # "@name"s among the words of an IN or NOT_IN list are joined, so a pattern file
    # names the role verb forms rather than copying them; "@" alone is a word.
    extra = tmp_path / "mine.jsonl"
    records = [
        {"kind": "words", "name": "crews", "words": ["gangs", "watches"]},
        {"kind": "words", "name": "crew_words", "words": ["crews"]},
        {"kind": "role_verb", "lemma": "marshal", "forms": ["marshal", "marshals", "marshalled"]},
        {
            "kind": "pattern",
            "label": "trigger",
            "id": "marshalled_crews",
            "pattern": [
                {"LOWER": {"IN": ["@role_verb_forms", "@"]}},
                {"LOWER": {"IN": ["@crews", "@crew_words"]}},
            ],
        },
    ]
    extra.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    mine = role_profile.load_patterns(extra)
    words = mine.expand(records[-1]["pattern"][1])["LOWER"]["IN"]
    assert words == sorted(["crews", "crews.", "gangs", "gangs.", "watches", "watches."])
    verbs = mine.expand(records[-1]["pattern"][0])["LOWER"]["IN"]
    assert {"@", "marshalled", "managed", "oversaw"} <= set(verbs) and "@role_verb_forms" not in verbs
    # A word list stands for what the lists hold when it is expanded, not when it was first read.
    mine.words["crews"].add("squads")
    assert "squads" in mine.expand(records[-1]["pattern"][1])["LOWER"]["IN"]
    assert "squads" in pickle.loads(pickle.dumps(mine)).expand(records[-1]["pattern"][1])["LOWER"]["IN"]
    # Lists of words and numbers sort as strings.
    assert mine.expand({"LOWER": {"IN": [7, "@crews"]}})["LOWER"]["IN"][0] == 7
    # The shipped vetoes name the role verb forms this way, with their own words beside them.
    shipped = role_profile.load_patterns()
    veto = next(p for s, p in shipped.patterns if s.id == "reports_to_boss_and")
    gap = next(shipped.expand(t)["LOWER"]["NOT_IN"] for t in veto if "NOT_IN" in str(t))
    assert {"managed", "oversaw", "responsible", "myself", ";"} <= set(gap)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"kind": "nope"}, "unknown kind"),
        ({"kind": "pattern", "label": "salary", "id": "x", "pattern": ["@num"]}, "unknown label"),
        (
            {"kind": "pattern", "label": "sites", "id": "x", "pattern": [{"LOWER": "depots"}]},
            "needs a number",
        ),
        (
            {"kind": "pattern", "label": "sites", "id": "x", "pattern": ["@num"], "value": "mean"},
            "value must be",
        ),
        (  # spaCy's pattern schema, checked when the file is loaded
            {"kind": "pattern", "label": "sites", "id": "x", "pattern": ["@num", {"LOWERR": "depots"}]},
            r"bad.jsonl:1: pattern sites/x: .*LOWERR",
        ),
    ],
)
def test_a_bad_pattern_file_is_refused_with_its_line(tmp_path, record, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        extract([shared_nlp()("I run 4 depots.")[:]], patterns=role_profile.load_patterns(bad))


def test_a_bad_pattern_file_named_in_the_environment_is_refused(tmp_path, monkeypatch):
    from leadership_nlp.core.role_matcher import default_patterns

    bad = tmp_path / "env_bad.jsonl"
    record = {"kind": "pattern", "label": "sites", "id": "x", "pattern": ["@num", {"LOWERR": "depots"}]}
    bad.write_text(json.dumps(record) + "\n", encoding="utf-8")
    monkeypatch.setenv("LEADERSHIP_NLP_ROLE_PATTERNS", str(bad))
    with pytest.raises(ValueError, match=r"env_bad.jsonl:1: pattern sites/x: .*LOWERR"):
        default_patterns()


def test_the_shipped_pattern_file_is_package_data():
    from importlib import resources

    lines = (
        (resources.files("leadership_nlp") / "data" / "role_patterns.jsonl").read_text("utf-8").splitlines()
    )
    kinds = {json.loads(line)["kind"] for line in lines}
    assert kinds == {"words", "token", "role_verb", "currency", "scale", "pattern"}


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 ,.-£$€k\nmanage people team of budget sites")), max_size=80
    )
)
def test_any_number_soup_gives_a_valid_profile(text):
    profile = classify(text).role_profile
    for value in (profile.span_of_control, profile.direct_reports, profile.sites):
        assert value is None or 0 < value <= role_profile.MAX_COUNT
    assert profile.budget is None or 0 < profile.budget.amount <= role_profile.MAX_AMOUNT
    for m in profile.mentions:
        assert text[m.start : m.end] == m.text


def test_a_doc_from_another_vocab():
    # A spaCy component gets the user's Doc: its StringStore lacks the pattern names.
    import spacy

    from leadership_nlp.core.segment import sentences, set_boundaries

    doc = set_boundaries(spacy.blank("en")("Managed 23 engineers across 4 depots with a £2m budget."))
    profile = extract(sentences(doc))
    assert (profile.span_of_control, profile.budget.amount, profile.sites) == (23, 2_000_000, 4)


def test_a_user_file_replaces_or_removes_a_shipped_pattern(tmp_path):
    nlp = shared_nlp()
    sent = nlp("Ran 12 stores.")[:]
    assert extract([sent]).sites == 12
    off = tmp_path / "off.jsonl"
    off.write_text(json.dumps({"kind": "pattern", "label": "sites", "id": "count_sites", "pattern": None}))
    assert extract([sent], patterns=role_profile.load_patterns(off)).sites is None


def test_an_unknown_reference_names_its_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    record = {"kind": "pattern", "label": "sites", "id": "x", "pattern": ["@num", {"LOWER": {"IN": "@nope"}}]}
    bad.write_text("\n" + json.dumps(record) + "\n")
    with pytest.raises(ValueError, match=r"bad.jsonl:2: pattern sites/x"):
        extract([shared_nlp()("I run 4 depots.")[:]], patterns=role_profile.load_patterns(bad))


def test_figure_keywords_at_more_reaches_than_flag_bits_still_reach_the_matcher(tmp_path):
    # Each pattern puts its keyword a different number of words before the
    # number: more reaches than a word's flags have bits, so the nearer ones
    # share the last bit; every figure must still be found.
    extra = tmp_path / "far.jsonl"
    records = [
        {
            "kind": "pattern",
            "label": "sites",
            "id": f"far{gap}",
            "pattern": [{"LOWER": f"depotword{gap}"}, {"IS_ALPHA": True, "OP": f"{{{gap}}}"}, "@num"],
            "trigger": False,
        }
        for gap in range(6, 46)
    ]
    extra.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    mine = role_profile.load_patterns(extra)
    assert len(role_profile.compiled_for(mine).reach) < len(records)
    for gap in (6, 20, 45):
        text = f"depotword{gap} " + "x " * gap + "7"
        assert extract([shared_nlp()(text)[:]], patterns=mine).sites == 7


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Managed team (2019)", None),  # read 2,019 before the year_paren veto
        ("Managed 12 staff (2019)", 12),  # read 2,019, then none: the vetoed "staff (2019)" hid "12 staff"
        ("Led the team (2019) of 12 people", 12),  # read 2,019
        ("Managed 12 staff (2019-2021)", 12),
        ("I manage a team (8)", 8),  # a count in brackets is still a count
    ],
)
def test_a_year_in_brackets_is_a_date_never_a_count(text, span):
    assert classify(text).role_profile.span_of_control == span


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Team: 8am start, Monday to Friday.", None),  # read 8 before clock_am_pm
        ("Team: 8 a.m. start", None),
        ("Team: 8 o'clock briefing", None),
        ("Team: 8 o’clock briefing", None),
        ("Team: 12 noon briefing", None),
        ("Team: 0700 start", None),  # read 700 before leading_zero
        ("Managed 12 staff from 7 a.m. to 3 p.m.", 12),
        ("I manage a team of 8 on the 6am shift", 8),
        ("Supervise 10 AM shift carers", 10),  # "AM shift" names the staff, not a time
        ("Manage 5 pm staff", 5),
        ("Manage a team of 12 am responsible for rota planning", 12),  # "I am", shortened
        ("Supervised 6 PM-shift staff", 6),
        ("Team Size: 06", 6),  # padding: a leading zero before one digit is still a count
        ("Handling a team of 06 Software Engineers.", 6),
    ],
)
def test_a_time_of_day_is_never_a_count(text, span):
    assert classify(text).role_profile.span_of_control == span


def test_pm_after_an_amount_is_per_month_not_a_time():
    profile = classify("Managed a budget of £15k pm, 3 staff").role_profile
    assert (profile.budget.amount if profile.budget else None, profile.span_of_control) == (15_000, 3)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Team size | 2019-21", None),  # a year range with a short second year
        ("Managed 12 (2019-21) staff", None),
        ("Team Leader 2020 – 23 staff", 23),  # but a count of people after a year stays a count
        ("Headcount grew during 2021 to 40 staff", 40),
        ("As of Jan 2024: 18 direct reports", 18),
        ("Managed 7-11 engineers", 11),  # a range of people, not the shop
        ("Managed 24-hour staff", None),  # a duration
    ],
)
def test_years_durations_and_ranges_of_people(text, span):
    assert classify(text).role_profile.span_of_control == span


@pytest.mark.parametrize(
    ("text", "span", "sites"),
    [
        ("Managed twenty-five (25) staff", 25, None),  # none before restated_people
        ("Managed 25 (twenty-five) staff", 25, None),
        ("Managed one hundred and twenty (120) staff", 120, None),
        ("Supervise five (5) technicians", 5, None),
        ("Led twelve (15) staff", 15, None),  # they disagree: the digits are read
        ("The team has twenty-five (25) nurses", None, None),  # no role verb, as without brackets
        ("Managed four (4) store managers", 4, None),  # people at stores, not stores
        # A bracket that restates nothing is no count.
        ("Managed 12 (2019-21) staff", None, None),
        ("Managed 25 (1) staff", None, None),
        ("Supervised 20 (16-19) volunteers", None, None),
        ("Managed 12 staff (2019)", 12, None),  # a vetoed figure hides no other
        ("Budget: £1.2m Sites: 4", None, 4),
        # A range of sites, but not a kind of site, a school year, a brand or opening hours.
        ("Responsible for 8-10 sites", None, 10),  # none before: read as "a 120-room hotel"
        ("Managed twenty-one stores", None, 21),
        ("Manager of a 120-room hotel", None, None),
        ("Business Manager of an 11-18 school; managed 25 support staff", 25, None),
        ("Led the 2023-24 school improvement plan across 3 schools", None, 3),
        ("Managed a 7-11 store in Dallas", None, None),
        ("Managed a 24-7 store", None, None),
        ("Executive Head of 2 11-16 schools", None, None),  # not 16 sites (2 would be right: not read)
        ("Responsible for 1-2-1 clinics", None, None),
    ],
)
def test_restated_counts_and_ranges_of_sites(text, span, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.sites) == (span, sites)


@pytest.mark.parametrize(
    "text",
    [
        "Reports: 6 direct, 40 indirect",
        "Team: 6 direct / 40 indirect",
        "I have 6 direct and 40 indirect reports",
    ],
)
def test_direct_and_indirect_counts_without_reports(text):
    # The first two read a span of 6 before indirect_after_direct.
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.direct_reports) == (40, 6)


@pytest.mark.parametrize(
    ("text", "span", "direct", "sites"),
    [
        # A .docx table's row is its cells joined by tabs (adapters/formats.py); none read before.
        ("Team size\t8", 8, None, None),
        ("Direct reports\t6", 6, 6, None),
        ("Number of direct reports\t7", 7, 7, None),
        ("Team size\t8-10", 10, None, None),
        ("People managed\t12", 12, None, None),
        ("Number of sites\t4", None, None, 4),
        ("Number of sites\t4-6", None, None, 6),  # read 4 before table_field_number_of_range
        ("Number of staff managed\t12", 12, None, None),
        ("| Team size | 8 |", 8, None, None),
        ("Indirect reports | 40", 40, None, None),
        ("Position\tStore Manager\nDirect reports\t6\nTeam size\t45\nNumber of sites\t1", 45, 6, 1),
        # One word is no field, a year no count, and a list's next item no value.
        ("Team | 8", None, None, None),
        ("| Staff | 8 |", None, None, None),
        ("Team size\t2019-21", None, None, None),
        ("Team size at 31 March 2024: 45", None, None, None),
        # Several cells in a row: each label keeps its own value (a tab is a cell boundary).
        ("Team size\t8\tDirect reports\t2", 8, 2, None),
        ("Direct reports\t6\tIndirect reports\t40", 40, 6, None),
        ("Salary\t£45,000\tTeam size\t8", 8, None, None),
        ("Team size\t12\tHours\t37.5", 12, None, None),
        # Without a separator a label is prose, not a field; scores and qualifiers are no count.
        ("Average team size 8 across the division", None, None, None),
        ("Staff led 4 training sessions", None, None, None),
        ("Team size\t5 out of 10", None, None, None),
        ("Team size\t4.2 / 5", None, None, None),
        ("Average team size\t8", None, None, None),
        ("Team count\t4", None, None, None),
        ("Direct reports\tone-to-one fortnightly", None, None, None),
        # A cell's value may be qualified as a field's is ("over 40" read none before).
        ("Team size\tover 40", 40, None, None),
        ("Team size\tup to 12", 12, None, None),
        ("Staff managed\tover 40", 40, None, None),
        ("| Team size | approx. 40 |", 40, None, None),
        ("Number of sites\tover 20", None, None, 20),
        ("Number of sites\tin 3 regions", None, None, None),  # "in" qualifies no cell
        ("Managed 12 staff\tin 3 stores", 12, None, 3),
    ],
)
def test_table_rows_of_a_role_profile(text, span, direct, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.direct_reports, profile.sites) == (span, direct, sites)


@pytest.mark.parametrize(
    ("text", "span", "direct", "sites"),
    [
        # A tab in prose is spacing, not a table's cell boundary (all read none before).
        ("I\tmanage\t100\tpeople", 100, None, None),  # every gap a tab
        ("I manage\t100 people", 100, None, None),  # a verb and its object
        ("I manage 100\tpeople", 100, None, None),  # a lowercase word after it
        ("Managed a team of\t12", 12, None, None),  # a word that needs more
        ("Led\t8 nurses on a 30-bed ward", 8, None, None),  # the sentence's first word, a role verb
        ("Oversee\t4 stores\tand 60 staff", 60, None, 4),
        ("Managed a team of 12\t2019 – 2021", 12, None, None),
        # Cells still: a capital or a figure after the tab, an approximate figure.
        ("People managed\t12", 12, None, None),
        ("Team size\tc.40", 40, None, None),
        ("Team size\tapprox 40", 40, None, None),
        ("Team size\t8\tDirect reports\t2", 8, 2, None),
        # Every gap a tab: still a cell between a figure and a capital (not "8 Direct reports");
        # "Team size 8" and "Direct reports 2" are read as fields without their colons.
        ("Team\tsize\t8\tDirect\treports\t2", 8, 2, None),
    ],
)
def test_a_tab_in_prose_is_spacing(text, span, direct, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.direct_reports, profile.sites) == (span, direct, sites)


@pytest.mark.parametrize(
    ("text", "span", "direct"),
    [
        # A flattened row of fields: the capitalised label after a figure starts the next field.
        ("Team size 11 Direct reports 3", 11, 3),
        ("Headcount 40 Direct reports 6 Budget £2m", 40, 6),
        ("Direct reports 6", 6, 6),
        ("I have 6 direct reports.", 6, 6),
        ("Direct reports 2019 review", None, None),
        # A frequency is no count.
        ("Met my 6 Direct reports 3 times a month", 6, 6),
        ("4 Direct reports 2 of whom are new to the role", 4, 4),
        ("Direct reports 6-8", 8, 8),
        # A count after "with", "wider", "extended" is not direct (read 40 direct reports before).
        ("Line manage 6 people with a wider team of 40.", 40, 6),
        ("Directly manage 5 team leaders and a wider team of 60", 60, 5),
        ("I line manage a team of 8", 8, 8),
        ("Directly supervise up to 15 staff", 15, 15),
        # ... only after another count: these describe the directly managed team itself.
        ("Line manage the wider team of 7", 7, 7),
        ("I directly manage a team with 9 nurses", 9, 9),
        # The number after a count and its noun is not part of the count ("and 5 managers").
        ("I manage 100 people and 5 managers report directly to me", 100, 5),
        # ... nor across "and" after "a team of" (read "100 and 5" as a range: 100 direct reports).
        ("I manage a team of 100 and 5 managers report directly to me.", 100, 5),
        ("I manage a team of 12 and 3 of them report directly to me.", 12, 3),
        ("Manage a team of 12; 3 of them report to me directly", 12, 3),
        # A part of the team that reports directly (read no direct reports before).
        ("I lead 40 engineers, 6 of whom are direct reports.", 40, 6),
        ("Oversee 60 staff, 8 of them direct reports", 60, 8),
        ("I managed 45 people, 3 of whom reported directly to me.", 45, 3),
        ("The company has 400 staff, 50 of whom are managers", None, None),
        ("Trained 30 nurses, 5 of whom were promoted", None, None),
        # A part of the team named by its number and people before "report directly to me"
        # (read the whole team as direct reports before).
        ("I manage 2000 employees across the region and 12 area managers report directly to me.", 2000, 12),
        ("Responsible for 230 people, with 7 regional managers reporting directly to me.", 230, 7),
        ("Manage 20 people across 2 shifts who report directly to me.", 20, 20),
        ("I manage 12 staff across 2 departments whose staff report directly to me", 12, 12),
        # Direct reports in other words (read none before).
        ("Led 8 analysts, with two reporting directly to me", 8, 2),
        ("Leading a 55-strong team; 5 team leaders are my direct reports.", 55, 5),
        ("Running a team of 64 pickers, with 4 shift managers as my direct reports.", 64, 4),
        # ... not in a negation, a part of a larger number, a year, or someone else's.
        ("None of the 12 managers are my direct reports.", None, None),
        ("Only 2 of the 12 managers are my direct reports.", None, None),
        ("Q3 2023 reporting directly to me: nobody", None, None),
        ("The other 20 engineers were my direct reports' reports.", None, None),
        # "N people directly" under a role verb is read since dev8 (the other senses a
        # review found, "directly employed by the client", are vetoed); a bare "line manage
        # N" since 2026-12-08 (the guideline's "line manage 4"), but not "line manages N",
        # whose subject is often someone else ("The deputy line manages 6").
        ("I manage 9 people directly and 45 indirectly.", 45, 9),
        ("I work with 9 people directly and 45 indirectly.", None, None),
        ("I manage 30 contractors directly employed by the client.", 30, None),
        ("I line manage 2 and indirectly lead 14.", 14, 2),
        ("The deputy line manages 6.", None, None),
        # ... someone else's direct reports are not the writer's.
        ("I coach 25 volunteers, 5 of whom are direct reports of the centre manager.", None, None),
        ("I lead 40 engineers, 6 of whom are direct reports to the CTO.", 40, None),
        ("I lead 40 engineers, 6 of whom are direct reports to me.", 40, 6),
        ("a team of two hundred and ten who report directly to me", 210, 210),
        # "direct and indirect" is a total (read 100 direct reports before).
        ("100 direct and indirect reports", 100, None),
        ("I have 6 direct and 40 indirect reports", 40, 6),
    ],
)
def test_a_wider_team_is_not_direct(text, span, direct):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.direct_reports) == (span, direct)


@pytest.mark.parametrize(
    ("text", "span", "mentions"),
    [
        # "and" joins two counts, not a range, unless "between" opens it.
        ("Led teams of 5 and 8 engineers.", 8, ["teams of 5", "8 engineers"]),
        ("Managed a team of 12 and 3 contractors.", 12, ["team of 12", "3 contractors"]),
        ("She manages a team of 30 and keeps everyone on task.", 30, ["team of 30"]),
        ("I manage a team of between 10 and 12.", 12, ["team of between 10 and 12"]),
        ("Supervised between 10 and 15 cleaners", 15, ["between 10 and 15 cleaners"]),
        ("Led 10 to 15 engineers", 15, ["10 to 15 engineers"]),
        # A count coordinated with one that counted is the writer's too.
        ("Grow a committed staff of 120 and 900 volunteers", 900, ["staff of 120", "900 volunteers"]),
        ("Built a team of 8 and 2,000 users", 8, ["team of 8"]),
        ("Grew the team to 12 and 300 customers", None, []),
    ],
)
def test_and_joins_two_counts(text, span, mentions):
    profile = classify(text).role_profile
    found = [m.text for m in profile.mentions if m.kind != "role_verb"]
    assert (profile.span_of_control, found) == (span, mentions)


@pytest.mark.parametrize(
    ("text", "span", "sites"),
    [
        # A year range in a field is a date where the text ends too (read 21 and 95 before).
        ("Team size: 2019-21", None, None),
        ("Team size: 1990-95", None, None),
        ("Managed 9 staff. Team size: 2019-21", 9, None),
        ("Team size: 8-10", 10, None),
        # A singular site noun between a count and another noun names what was counted.
        ("Led 2 store openings", None, None),
        ("Directed 2 school productions a year", None, None),
        ("Led Q3 2022 data centre migration", None, None),  # read 2022 sites before
        ("Supervised a 6-8 person clinic team", 8, None),  # read 8 sites before
        # ... not a count of sites, nor of places.
        ("Managed 12 stores", None, 12),
        ("Manage 1 store team of 40", 40, 1),
        ("Managed a 3-site practice", None, 3),
        ("Supervised 12 contract cleaners over 3 office buildings", 12, 3),
        ("Supervisor of 11 cleaners, responsible for 3 office sites", 11, 3),
        ("Managing a 14 store portfolio", None, 14),
        ("Regional Director, 30 store region, 600 colleagues", 600, 30),
        ("Supervised 6 hospital wards at night", None, None),
    ],
)
def test_dates_and_kinds_of_site_are_no_count(text, span, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.sites) == (span, sites)


@pytest.mark.parametrize(
    ("text", "span", "sites"),
    [
        # The places operations managers run, in many trades (a blind batch found the list short).
        ("Ran 6 regional hubs for the courier network.", None, 6),
        ("Station manager responsible for 9 outstations.", None, 9),
        ("Quarry manager for 4 quarries in Yorkshire.", None, 4),
        ("I oversee 27 substations and 40 technicians.", 40, 27),
        ("Run 3 container terminals and 1,300 employees.", 1300, 3),
        ("Area manager for 12 forecourts.", None, 12),
        ("Franchisee running five kiosks and two cafés.", None, 5),
        ("Responsible for 11 fire stations and 300 firefighters.", 300, 11),
        # Words that name other things: events, portfolios, parts of a hospital, clubs run as activities.
        ("Led 4 workshops for 60 stakeholders.", None, None),
        ("Managed a portfolio of 220 rental properties.", None, None),
        ("Responsible for 410 nursing staff across 14 wards and 3 theatres.", 410, None),
        ("I teach Year 9 and run 2 chess clubs.", None, None),
        # Terminals, ports, hubs, mills and bars only with a word that makes them places.
        ("Managed 40 terminals in the trading room.", None, None),
        ("Responsible for 300 POS terminals across 40 stores.", None, 40),
        ("Managed 12 ports on the firewall.", None, None),
        ("Ran 4 cocktail bars in Soho.", None, 4),
        ("Ran 5 cook stations and a brigade of 14.", 14, None),
        # A number before one site is its size, not a count of sites.
        ("Plant manager of a 1,320 MW plant.", None, None),
        ("Plant manager of a 1,320 MW plant", None, None),  # at the end of a line too
        ("Manager of a 500 bed hospital.", None, None),
        ("Oversaw 14 hotel properties.", None, 14),
        ("Managing a 14 store portfolio", None, 14),
        ("Ran 1 depot and 40 drivers.", 40, 1),
        ("Responsible for 4 branch libraries and 31 library staff.", 31, 4),
        ("She supervises a cleaning crew of 25 across three office blocks.", 25, 3),
        # People after the writer's sites, past the place they are in, are the writer's.
        ("Ran 5 depots across the North West, 300 drivers.", 300, 5),
        ("I run two quarries in Derbyshire with 85 people.", 85, 2),
        ("Area manager for 9 stores around Leeds and a team of 120.", 120, 9),
        ("Cluster GM: 3 hotels in Lisbon, 410 staff.", 410, 3),
        ("Area manager across 6 stores, 140 colleagues.", 140, 6),  # a role noun with "across"
        # Not where the place holds a number or a clause, nor where the sites are not the writer's.
        ("I run 3 stores in a company of 5,000 employees.", None, 3),
        ("I run 4 sites in the region, which employs 3,000 people.", None, 4),
        ("Audited 12 depots across the UK, 900 staff.", None, None),
        ("My manager runs 6 stores in Kent, 150 staff.", None, None),
        ("I run 3 gyms in Bristol and 2,500 members.", None, 3),
        ("Ran 5 hotels on the coast with 300 team members.", 300, 5),
        ("IT Manager — £1.5m budget, 14 sites, 3,000 employees", None, 14),  # an employer's word
    ],
)
def test_the_places_of_many_trades_and_the_people_after_them(text, span, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.sites) == (span, sites)


@pytest.mark.parametrize(
    ("text", "span", "sites"),
    [
        # A role verb at the end of a line, its object on the next (a PDF's line break).
        ("I manage\n100 people", 100, None),
        ("Managed\n30 nursing staff on a 28-bed surgical ward", 30, None),
        ("I head\nA faculty of 24 teachers", 24, None),
        ("Oversee\n4 stores and 60 staff", 60, 4),
        # A four-digit count, which the sentence splitter keeps apart (it may be a year).
        ("I manage\n2000 staff across the region", 2000, None),
        ("I managed\n2019: promoted to director", None, None),
        ("Managed\n2019 - 2021 Store Manager, Tesco", None, None),
        ("Team Lead\n2018 - 2020", None, None),
    ],
)
def test_a_role_verb_ending_a_line_reads_the_next(text, span, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.sites) == (span, sites)


@pytest.mark.parametrize(
    ("text", "span", "direct", "sites"),
    [
        # A form's label on one line, its value on the next (read nothing before).
        ("Team size\n8", 8, None, None),
        ("Team size\nc. 40", 40, None, None),
        ("Team size\nup to 20", 20, None, None),
        ("Team size\nfifteen", 15, None, None),
        ("Team size\n10-12", 12, None, None),
        ("Direct reports\n5", 5, 5, None),
        ("Direct reports\n2\nIndirect reports\n30", 30, 2, None),
        ("Number of sites\n3", None, None, 3),
        ("Sites managed\n6", None, None, 6),
        ("Span of control\n45", 45, None, None),
        ("Team size (FTE)\n8", 8, None, None),
        ("Team size\n8 (incl. 2 direct reports)", 8, 2, None),
        # ... not a year, a date, a phone number, nor a line that is no label.
        ("Team size\n2019 - 2022", None, None, None),
        ("Headcount\n2019", None, None, None),
        ("Phone\n0207 123 4567", None, None, None),
        ("Team\nEngineering", None, None, None),
        ("Team size\n\n8", None, None, None),
        # ... and a sentence whose words run on keeps its reading.
        ("Successfully managed\nover 30 staff", 30, None, None),
        ("Responsible for a large team\nover 40 people", 40, None, None),
        ("Managed\n30 staff", 30, None, None),
    ],
)
def test_a_label_line_takes_its_value_from_the_next(text, span, direct, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.direct_reports, profile.sites) == (span, direct, sites)


@pytest.mark.parametrize(
    ("text", "span", "direct", "sites"),
    [
        # Table rows with a qualified label or a site noun and its participle (read nothing before).
        ("Team size (FTE)\t8", 8, None, None),
        ("Direct reports (line)\t6", 6, 6, None),
        ("Headcount managed (incl. contractors)\t140", 140, None, None),
        ("Sites managed\t3", None, None, 3),
        ("Locations covered\t6", None, None, 6),
        # ... not a fraction of a post, nor a site noun alone.
        ("Team size (FTE)\t0.8", None, None, None),
        ("Branches\t3", None, None, None),
    ],
)
def test_qualified_table_labels(text, span, direct, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.direct_reports, profile.sites) == (span, direct, sites)


@pytest.mark.parametrize(
    ("text", "span", "direct", "sites"),
    [
        # A review's cases against a first version of the label, "and" and "of whom" readings.
        # A line that runs on is no label, though its words start and end like one.
        ("Line manager for\n6 engineers", 6, 6, None),
        ("Total responsibility for\n40 staff", 40, None, None),
        ("Budget responsibility for\n3 sites", None, None, 3),
        ("Team of\n40 that I manage", 40, None, None),
        # A count after a field is not coordinated with it.
        ("Team size: 12, 3,000 employees company-wide", 12, None, None),
        ("Headcount: 45, 1,200 employees on site", 45, None, None),
        # A year on the line after a verb or a label is a year.
        ("Managed\n2019 staff survey and action plan", None, None, None),
        ("Led\n2021 Staff Awards programme", None, None, None),
        ("I manage\n2019 staff", None, None, None),
        ("Span of control\n2020 restructure", None, None, None),
        # A numbered list or a count of something else is no value.
        ("Direct reports\n1. Jane Smith - Team Leader\n2. Raj Patel", None, None, None),
        ("Sites managed\n1. Leeds\n2. York", None, None, None),
        ("Team size\n1 x Team Leader\n6 x Operatives", None, None, None),
        ("Headcount\n2 open requisitions approved", None, None, None),
        # The value line's own reading is kept.
        ("Span of control\n6 direct, 200 indirect", 200, 6, None),
        # Sites, teams and other people's reports are not the writer's direct reports.
        ("I run 6 sites, 4 of which report directly to me", None, None, 6),
        ("My manager leads 60 staff, 8 of whom are direct reports", None, None, None),
        ("The department has 60 staff, 8 of whom are direct reports", None, None, None),
        # Two sizes of one team after "and": the larger.
        ("Managed teams of 5 and 8.", 8, None, None),
        ("Managed a team of 8 and 12 in the second year.", 12, None, None),
        # Areas are not sites.
        ("Locations covered\t6 countries", None, None, None),
    ],
)
def test_review_cases_of_labels_and_counts(text, span, direct, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.direct_reports, profile.sites) == (span, direct, sites)


def test_a_glued_currency_is_split_only_before_money():
    # "R2" before "team" stays a name: no piece "2" to count.
    assert classify("Led the R2 team of 8").role_profile.span_of_control == 8
    assert classify("Led R2 teams").role_profile.span_of_control is None
    mention = next(m for m in classify("Budget of R2.5m").role_profile.mentions if m.kind == "budget")
    assert mention.text == "Budget of R2.5m"  # the mention is the text's own words


@pytest.mark.parametrize(
    ("text", "span", "sites"),
    [
        # Facts listed after the writer's job title: the bars read as commas.
        ("Regional Manager | 8 branches | 95 staff", 95, 8),
        ("Store Manager | 12 staff", 12, None),
        # Not a form's row, someone else's title or a table.
        ("Manager | Jane Doe | 45 staff", None, None),
        ("Line Manager | Jane Doe | 45 staff", None, None),
        ("Reports to | Operations Manager | 3 sites | 120 staff", None, None),
        ("| Team size | 8 |", 8, None),
        # Spacing as PDF text has it.
        ("Regional  Manager |  8 branches\t| 95 staff", 95, 8),
        # A cell that opens like a figure but holds none: an employer, a year.
        ("Store Manager | About You | 300 stores", None, None),
        ("Branch Manager | RS Components | 300 branches", None, None),
        ("Store Manager | 2016 – 2019 | 300 stores", None, None),
        ("Store Manager | c. 45 staff", 45, None),
    ],
)
def test_bars_after_a_job_title(text, span, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.sites) == (span, sites)


def test_a_pipe_between_list_items_is_no_field():
    # "sites | 120" is not "Sites | 120": the 120 are staff (a first version read 120 sites).
    assert classify("Operations Manager | 3 sites | 120 staff | £8m budget").role_profile.sites != 120


@pytest.mark.parametrize(
    ("text", "span", "direct", "sites"),
    [
        # A blind split's misses (dev7): a field's first figure that is the direct reports ...
        ("Span of control: 6 direct, 200 indirect", 200, 6, None),
        ("Span of control: 100 direct and indirect", 100, None, None),
        # ... a count in brackets right after "my team", and words the lists lacked.
        ("My team (11 FTEs) sits within a wider department of 90", 11, None, None),
        ("my team (2018-2020)", None, None, None),
        ("Oversee 23 pharmacies", None, None, 23),
        ("Visited 23 pharmacies", None, None, None),
        ("Executive headteacher of two primary schools, 85 staff", 85, None, 2),
        ("Team lead (7 devs)", 7, None, None),
        # Building sites is opening them, not running them; a team built is led.
        ("Built 40 stores in five years", None, None, None),
        ("Built a team of 15 engineers", 15, None, None),
        ("Grew the estate to 40 stores", None, None, 40),
        # A general manager only where GM is qualified (not General Motors, GM crops).
        ("Cluster GM for three hotels on the Algarve", None, None, 3),
        ("Supplier to GM with 12 plants", None, None, None),
        ("Tested GM crops at 6 farms", None, None, None),
        # Someone else's team: a relative clause after "the team lead,", a manager helped,
        # a count managed by another.
        ("The team lead, who manages 9 people, will be your first point of contact.", None, None, None),
        ("Senior manager, who manages 40 staff across 3 sites", 40, None, 3),
        ("Helped the store manager run a team of 18", None, None, None),
        ("Regional office staff: 45 (managed by the Office Manager)", None, None, None),
        ("Team: 45 staff (managed by me)", 45, None, None),
        # Places and people served, not run or managed.
        ("Managed deliveries to 200 pharmacies", None, None, None),
        ("Managed account relationships with 40 clients and a team of 6", 6, None, None),
        ("Build tooling used by 300 developers", None, None, None),
        ("Led a migration affecting 200 engineers", None, None, None),
        # Direct and indirect counts: the indirect one is the span.
        ("Span of control: 6 direct, 200+ indirect", 200, 6, None),
        ("Span of control: 6 direct; 0 indirect", 6, None, None),
        ("Span of control: 15 direct; 3 agency staff", 15, None, None),
        ("Manage 100 direct/indirect reports", 100, None, None),
        # Not a unit of the writer's own in brackets.
        ("My peer group (8 managers)", None, None, None),
        ("My organisation (5,000 employees) was restructured", None, None, None),
        ("My team (approx. 30 staff)", 30, None, None),
        ("Led outreach to 12 indigenous peoples", None, None, None),
        # A count before "I'm responsible for" and another count is the writer's.
        ("Across 6 sites I'm responsible for 300+ operatives", 300, None, 6),
        ("Hired 12 engineers I was responsible for onboarding", None, None, None),
    ],
)
def test_dev7_misses(text, span, direct, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.direct_reports, profile.sites) == (span, direct, sites)


@pytest.mark.parametrize(
    ("text", "span", "direct", "sites"),
    [
        # Direct and indirect counts after the people: the larger is the span.
        ("I manage 9 people directly and 45 indirectly.", 45, 9, None),
        ("Managing 12 staff directly and a further 60 indirectly.", 60, 12, None),
        ("I supervise 6 nurses directly, and 20 more indirectly.", 20, 6, None),
        ("I manage 9 people directly.", 9, 9, None),
        ("I support 9 people directly and 45 indirectly.", None, None, None),
        ("I manage 40 staff directly employed by the trust.", 40, None, None),
        ("I manage 1,200 people directly and indirectly.", 1200, None, None),
        # A team phrase opening its line is the writer's, as a field is.
        ("Team of 18 (4 supervisors)", 18, None, None),
        ("• Team of 12 engineers, 2 shifts", 12, None, None),
        ("Store Manager\nTeam of 8", 8, None, None),
        ("• 30-strong team, 3 shifts", 30, None, None),
        ("Joined a team of 18.", None, None, None),
        ("Team of 12 friendly staff awaits you!", None, None, None),
        ("Team of 20: I was one of them.", None, None, None),
        ("Team of 10 managed by the Head of IT.", None, None, None),
        ("120-strong team at our Leeds site is hiring.", None, None, None),
        # The wider team after the direct reports; someone else's wider team.
        ("Three direct reports, 25 in the wider team.", 25, 3, None),
        ("I have 3 direct reports and a wider team of 27.", 27, 3, None),
        ("My manager has 25 in the wider team.", None, None, None),
        ("Trained 25 in the wider team on Excel.", None, None, None),
        # Direct reports in other words.
        ("Leading 5 regional managers (direct) and 60-70 field staff (indirect)", 70, 5, None),
        ("Hired 12 engineers (direct).", None, None, None),
        ("My direct reports are four, and in total I manage 50 people.", 50, 4, None),
        ("My direct reports are in 2 time zones.", None, None, None),
        ("Reporting directly to me: 9 store managers.", 9, 9, None),
        ("Reporting to me: 14 engineers.", 14, None, None),
        ("Line manager to nine; also mentor 3 apprentices.", 9, 9, None),
        # Not the writer's: an employer's size, a predecessor's or a manager's team.
        ("Team lead (7 devs), employer 2,000+ staff", 7, None, None),
        ("My predecessor led 30 people; I inherited a team of 12.", 12, None, None),
        ("Reporting to the Regional Director (team of 120), I manage 12 engineers.", 12, None, None),
        # A bracket of direct reports is its team's: someone else's team, someone else's reports.
        ("My manager leads a team of 30 (8 direct).", None, None, None),
        ("My manager leads a team of 30 (8 direct reports).", None, None, None),
        ("My manager leads a team of 30 (including 8 direct reports).", None, None, None),
        ("I lead a team of 30 (including 8 direct reports).", 30, 8, None),
        ("My boss runs a 90-person department (7 direct).", None, None, None),
        ("Reporting to the COO, who leads a team of 40 (6 direct).", None, None, None),
        ("Our director runs a department of 200 (12 direct).", None, None, None),
        ("I manage 12 people (4 direct). My manager leads a team of 30 (8 direct).", 12, 4, None),
        (
            "My director heads a 200-person division (10 direct); I lead one of its teams of 15 (4 direct).",
            15,
            4,
            None,
        ),
        ("I lead a team of 30 (8 direct).", 30, 8, None),
        ("Department of 200 (12 direct)", 200, 12, None),
        ("My manager's team of 30 was restructured.", None, None, None),
        ("My team's 12 engineers ship weekly.", 12, None, None),
        # A bracket of direct reports says how many are direct, whatever the trigger says.
        ("Line manager for a team of 20 (4 direct).", 20, 4, None),
        ("Line manager for a team of 20 (4 direct reports).", 20, 4, None),
        ("I line manage 20 staff (4 direct reports).", 20, 4, None),
        ("Candidate B line manages 14 underwriters (direct: 4).", 14, 4, None),
        ("I line manage 6 people.", 6, 6, None),
        # Not someone else's: the writer's bracket after an employer, or after people hired too.
        ("Head of Sales in a company of 300 people (6 direct).", 6, 6, None),
        ("Led, hired and trained a team of 30 (8 direct).", 30, 8, None),
        # Sites: distribution centres, a hyphenated word before the site noun.
        ("Operations Manager | 2 DCs | 310 FTE | £11m cost base", 310, None, 2),
        ("Oversee 3 warehouses and 5 cross-dock depots", None, None, 5),
        ("Managed a 50,000-sq-ft warehouse.", None, None, None),
        ("Ran the front desk of a 120-room boutique hotel.", None, None, None),
        ("Managed 15 high-street branch managers.", 15, None, None),
    ],
)
def test_dev8_misses(text, span, direct, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.direct_reports, profile.sites) == (span, direct, sites)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Responsible for the PLN 4 mln budget of the Warsaw branch", 4_000_000, "PLN"),
        ("Budget managed (annual): NZD 900,000", 900_000, "NZD"),
        ("Budget (FY 2024): £2m", 2_000_000, "GBP"),
        ("Budget (2023): 2,000,000 EUR", 2_000_000, "EUR"),
        ("Budget controlled: €300k", 300_000, "EUR"),
        ("Spend under management: $22M across facilities", 22_000_000, "USD"),
        ("Assets under management: $800M", None, None),
        # A currency glued to its amount (one token to the tokenizer), before a scale or a budget.
        ("Budget holder for R45 million capex programme", 45_000_000, "ZAR"),
        ("Rs50 lakh budget for the region", 5_000_000, "INR"),
        ("Opex budget: KSh120m", 120_000_000, "KES"),
        ("Managed a ~$750k budget", 750_000, "USD"),
        ("Increased sales by R45 million", None, None),
        ("Budget holder for R45  million capex", 45_000_000, "ZAR"),
        ("Budget holder for R45\nmillion capex", 45_000_000, "ZAR"),
        # European decimal commas, "Mio." / "Mrd." before a currency code, "€" after an amount.
        ("Budget: €1,2 Mio", 1_200_000, "EUR"),
        ("Budget responsibility of 3,5 Mio. EUR and disciplinary lead for 14 employees.", 3_500_000, "EUR"),
        ("Procurement spend under management: EUR 1,1 Mrd.", 1_100_000_000, "EUR"),
        ("Kept the 0,9 Mio. € IT budget on plan", 900_000, "EUR"),
        ("Budget: €1,250,000", 1_250_000, "EUR"),
        ("Scored 4,5 on the budget survey", None, None),
        # Rand written apart from its amount: only with a scale word (not the R language).
        ("Budget: R 2.4 million", 2_400_000, "ZAR"),
        ("Controlled an R 12 million budget.", 12_000_000, "ZAR"),
        ("Budget of R 4.2 for the licence", None, None),
        # A decimal comma makes an amount only before a scale word; German scales.
        ("Budget: £12,99", None, None),
        ("Budget: EUR 2,50", None, None),
        ("Budget: €2,5 Mill.", 2_500_000, "EUR"),
        ("Budget: CHF 1,5 Millionen", 1_500_000, "CHF"),
        ("Budget: €500 Tsd.", 500_000, "EUR"),
        ("Budget of €1,234 Mio.", 1_234_000, "EUR"),
        ("P&L owner — $12M", 12_000_000, "USD"),
        ("Held a EUR 3 Mio. budget.", 3_000_000, "EUR"),
        # Currencies as they are written where they are spent: ringgit, dirham, baht, rupiah, yuan.
        ("I hold an annual opex budget of RM 18.5 million.", 18_500_000, "MYR"),
        ("Ops Manager: 3 depots; 190 staff; RM14m opex", 14_000_000, "MYR"),
        ("Budget: 2 million ringgit", 2_000_000, "MYR"),
        ("Budget holder for Dh4.5m across our two Dubai clinics.", 4_500_000, "AED"),
        ("F&B: 5 outlets, 72 staff, budget 6.3m dirhams", 6_300_000, "AED"),
        ("Warehouse Manager, budget ฿40m", 40_000_000, "THB"),
        ("Managed a budget of Rp 2.5 billion.", 2_500_000_000, "IDR"),
        ("Opex RMB5m, 40 staff", 5_000_000, "CNY"),
        ("I own an RM 14m opex budget.", 14_000_000, "MYR"),
        # Apart from its amount, a currency in letters is read as its ISO code: every pattern
        # and veto of a currency sign applies ("Budget holder for", "Saved", "budget cut").
        ("Budget holder for RM 8 million", 8_000_000, "MYR"),
        ("Budget holder for Dhs 4.5 million across our two Dubai clinics.", 4_500_000, "AED"),
        ("Spend under management: RM 40m", 40_000_000, "MYR"),
        ("RM 450,000 budget", 450_000, "MYR"),
        ("Saved RM 2m in opex.", None, None),
        ("An RM 2m budget cut.", None, None),
        ("As RM I manage 12 staff and a small budget.", None, None),
        ("Budget of 12 OMR scanners.", None, None),
        ("I prepared the DH 2024 budget.", None, None),  # a year, not an amount
        ("Ran Dhs  4.5m of spend.", 4_500_000, "AED"),  # PDF spacing between currency and amount
        ("I work in Rm 12 of the annex with 4 colleagues.", None, None),
        ("The RM2 team has 12 people.", None, None),
        ("Budget: RM 4.", None, None),
    ],
)
def test_budget_fields_and_scales(text, amount, currency):
    budget = classify(text).role_profile.budget
    read = (budget.amount, budget.currency) if budget else (None, None)
    assert read == (amount, currency)


def test_a_stop_before_a_currency_code_does_not_end_the_sentence():
    result = classify("Budget of 2 Mio. EUR was mine. I led 5 people.")
    assert len(result.sentences) == 2
    assert result.role_profile.budget is not None and result.role_profile.budget.amount == 2_000_000


@pytest.mark.parametrize(
    ("text", "span", "direct", "sites"),
    [
        # DRs beside a total.
        ("Team: 6 DRs / 40 total", 40, 6, None),
        ("Head of Claims Operations — 4 DRs (29 total)", 29, 4, None),
        ("Set up 2 DRs / 4 total environments", None, None, None),
        # The wider team after people reporting directly.
        ("I have four people reporting directly to me and about 35 in the wider team.", 35, 4, None),
        ("My manager has four people reporting directly to her and 35 in the wider team.", None, None, None),
        # A line that lists figures beside a budget: its counts are the writer's.
        ("£2.5m budget, 4 sites, 52 staff", 52, None, 4),
        ("3 sites, budget £420k, team of 26", 26, None, 3),
        ("Head of Logistics – budget 1,8 Mio. CHF, 3 warehouses, 62 staff", 62, None, 3),
        ("Line-manage 2 supervisors; total team of 32 pickers.", 32, 2, None),
        # Trainers are staff (trainees are not).
        ("Managed 25 trainers.", 25, None, None),
        ("Trained 25 trainers.", None, None, None),
        # A currency glued to a number in the cell after the title is the employer's name unless
        # it is money ("R12 Retail", "RM12 Logistics"; "RM14m opex" is).
        ("Store Manager | R12 Retail | 300 stores", None, None, None),
        ("Operations Manager | RM12 Logistics | 300 stores", None, None, None),
        ("Regional Manager | RM14m opex | 8 branches | 95 staff", 95, None, 8),
        ("Ops Manager | R2,000,000 | 4 sites | 40 staff", 40, None, 4),
        ("Ops Manager | KSh120,000,000 | 4 depots | 85 drivers", 85, None, 4),
        # An item may name two kinds of people, the second without a number of its own.
        ("Ops Manager | Nairobi | 4 depots | 85 drivers & loaders | KES 120m opex", 85, None, 4),
        ("£2.5m budget, 4 sites, 52 nurses and HCAs", 52, None, 4),
        ("£2.5m budget, 52 staff and customers", None, None, None),
        ("£2.5m budget, 4 sites, 52 staff & employees", None, None, None),
        ("£2.5m budget, 4 sites and managers", None, None, None),
        # A parenthesis qualifies its item, and may make it someone else's.
        ("Store manager, 3 shops (Leeds & York), 52 staff", 52, None, 3),
        ("Shelter manager: 3 shelters (120 beds in total), 44 staff.", 44, None, None),
        ("Estates lead: 4 sites (incl. 2 depots), 60 staff", 60, None, 4),
        # A process applied to people, a wish, a rule for every such post, working alongside.
        ("Managed the recruitment of 300 seasonal staff.", None, None, None),
        ("Led the induction of 40 new starters.", None, None, None),
        ("Wish to lead a bigger team (50+) in my next role.", None, None, None),
        ("No team leader to have more than 12 direct reports.", None, None, None),
        ("Each supervisor should have at most 15 staff.", None, None, None),
        ("I coordinate with 5 site managers.", None, None, None),
        ("Coordinated 12 volunteers at the food bank.", 12, None, None),
        ("I have no team leader; I manage all 14 staff myself.", 14, None, None),
        ("I like to lead my team of 12 by example.", 12, None, None),
        # "excl." before a number still ends its sentence: the count it leaves out is no span.
        ("I manage 10 people (excl. 60 contractors).", 10, None, None),
        ("£900k budget (capex excl.), 2 sites, 30 staff", 30, None, 2),
        ("£2.5m budget (opex, 4 sites), 52 staff", 52, None, 4),
        ("Ops Manager | Team (52) | 3 stores", None, None, 3),
        ("Warehouse Manager, 2 warehouses (Leeds (main), York), 85 staff", 85, None, 2),
        ("Head of Ops (UK & Ireland): £2m budget, 4 sites, 52 staff", 52, None, 4),
        ("Head of Ops (UK): £2m budget, 4 sites, 52 staff", 52, None, 4),
        ("£1.2m budget, 3 depots, 45 staff (6 direct reports)", 45, 6, 3),
        ("£2.5m budget, 4 sites (visited monthly), 52 staff", None, None, None),
        # Two kinds of staff before the people; workmen.
        ("Director of Facilities: 14 schools, 210 custodial & maintenance staff", 210, None, 14),
        ("Plant Head: 1 plant, 650 workmen + 85 staff, opex £40m.", 650, None, 1),
        # Team strength (Indian English) as a field opening its line, direct reports inside it.
        ("Total team strength: 75 (incl. 5 direct).", 75, 5, None),
        ("Team strength: 40", 40, None, None),
        ("Team strength: 15-20", 20, None, None),
        ("Our team strength is 40 but we need 60.", None, None, None),
        ("My manager's team strength: 120", None, None, None),
        ("Hospital staff strength: 1,200", None, None, None),
        ("Company team strength: 5,000", None, None, None),
        # A field's colon and dash, as Indian CVs write them.
        ("Team Size:- 25", 25, None, None),
        ("Team Strength:- 25", 25, None, None),
        ("No. of Direct Reports:- 5", 5, 5, None),
        ("Sites:- 4", None, None, 4),
        # Not without a figure of the writer's, nor in a sentence about someone else.
        ("4 sites, 52 staff", None, None, None),
        ("The region had 14 stores, 300 staff and a £20m budget", None, None, None),
        ("Won a £3m contract, visiting 20 client sites", None, None, None),
        # Sites right after a team that opens its line.
        ("Team of 12 engineers across 2 sites", 12, None, 2),
        ("Team of 12 engineers; visited 2 sites", 12, None, None),
        ("Team of 12 engineers over 2 sites visited weekly", 12, None, None),
        ("Team of 8 at 2 sites and 4 more sites planned", 8, None, 2),
        # ... or after a budget.
        ("R12 million budget across 5 branches", None, None, 5),
        ("£2m budget across 4 sites visited monthly", None, None, None),
        ("Saved £2m across 4 sites", None, None, None),
        # A title line's bars, a "+" of a figure, a signed score, the writer's DRs among the items.
        ("Ops leader | 15 yrs | 6 sites | £30m P&L | 400+ people", 400, None, 6),
        ("Dept Head | £900k budget | 2 sites | 31 staff | 4 DRs", 31, 4, 2),
        ("Budget £500k, Glassdoor 4,2, eNPS +38, 22 staff", 22, None, None),
        ("Rs. 1.5 Cr. budget, 3 branches, 40 staff", 40, None, 3),
        ("Seeking: budget £2m+, 4+ sites, 50+ staff", None, None, None),
        # A field alone is no anchor; an org word before the list makes it the employer's.
        ("Team size: 8, 40 offices, 2,000 staff", 8, None, None),
        ("Trust budget £600m, 4 hospitals, 9,000 staff", None, None, None),
        ("Sponsorship budget £50k, 1,000 runners, 3 venues", None, None, None),
        # Decimal commas are never counts.
        ("Budget €2m, 1,2 sites, 40 staff", 40, None, None),
        ("Managed 2,3 warehouses", None, None, None),
        ("I lead a team of 1,5 FTE", None, None, None),
        # Items that are not whole counts, or name an event, a recruitment drive or an employer.
        ("£2.5m budget, 4 sites inspected, 52 staff trained", None, None, None),
        ("Rota coordinator | budget £60k | rotas for 80 nurses | 3 wards", None, None, None),
        ("Conference – budget €40k, 350 delegates, 2 venues, 12 speakers", None, None, None),
        ("Graduate recruitment – budget £250k, 1,400 applicants, 60 hires, 8 universities", None, None, None),
        ("CEO – budget £5m, 300 employees", None, None, None),
        # A label that names someone else, or a field of the same kind already there.
        ("About us – 2,000 staff, 40 offices, €300m revenue; Team size: 8", 8, None, None),
        ("About the school | budget £4.2m | 1,100 pupils | 85 staff | 2 campuses", None, None, None),
        ("The Trust: budget £600m, 4 hospitals, 9,000 staff", None, None, None),
        ("Organised the Christmas party – budget £1,000, 40 guests, 2 venues", None, None, None),
        ("Team size: 6; hospital: 4,500 staff, 3 sites", 6, None, None),
        ("Headcount: 45, 1,200 employees on site", 45, None, None),
        # The post's dates as an item; a stop after "Mio." before a list's separator.
        ("Plant Manager | budget €6,5 Mio. | 2 plants | 210 FTE | 2019–2024", 210, None, 2),
        ("Operations Manager – 2019–2023, budget €4,5 Mio., 2 plants, 180 staff", 180, None, 2),
    ],
)
def test_figure_lists_and_totals(text, span, direct, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.direct_reports, profile.sites) == (span, direct, sites)


def test_thousands_written_with_full_stops():
    assert classify("I manage 1.200 people").role_profile.span_of_control == 1200
    assert classify("I manage 2.125 FTE").role_profile.span_of_control == 2  # fractions of posts
    assert classify("£2m budget, 2 sites, 0.500 FTE").role_profile.span_of_control is None
    budget = classify("Cost centre responsibility: 780.000 EUR opex").role_profile.budget
    assert budget is not None and (budget.amount, budget.currency) == (780_000, "EUR")
    assert classify("A 2,5 Mio. € budget cut hit my department in 2020.").role_profile.budget is None


def test_a_managers_budget_is_not_the_writers():
    theirs = classify("My manager held a budget of £6.5m; I prepared the monthly forecasts")
    assert theirs.role_profile.budget is None
    mine = classify("I held a budget of £6.5m and my manager had 40 staff").role_profile.budget
    assert mine is not None and mine.amount == 6_500_000


@pytest.mark.parametrize(
    ("text", "span", "amount", "mention"),
    [
        # Spaces between thousands (one space, a no-break, narrow or thin space): one number.
        ("I lead 1 600 employees across the region.", 1600, None, "1 600 employees"),
        ("I lead 1\u00a0600 employees.", 1600, None, "1\u00a0600 employees"),
        ("I lead 1\u202f600 employees.", 1600, None, "1\u202f600 employees"),
        ("I manage a team of 1 200 people.", 1200, None, "team of 1 200"),
        ("Responsible for 12 000 staff", 12000, None, "12 000 staff"),
        ("Led 3 000+ employees", 3000, None, "3 000+ employees"),
        ("I manage 12 000 employees and 3 500 contractors", 12000, None, "12 000 employees"),
        ("Budget: £2 500 000", None, 2_500_000, "Budget: £2 500 000"),
        ("I manage a budget of € 1 200 000 and 45 staff.", 45, 1_200_000, "budget of € 1 200 000"),
        # A number not read for sure is not read at all: no part of it passes for the whole
        # (Indian grouping, "12 00 000", is read).
        ("I lead a 1 600-strong team.", 1600, None, "1 600-strong team"),
        ("Managed 2 100-seat halls and 12 staff", 12, None, "12 staff"),
        ("Managed 2 100-seat halls", None, None, None),
        ("I lead 12 34 56 staff", None, None, None),
        ("Budget: Rs 12 00 000", None, 1_200_000, "Budget: Rs 12 00 000"),
        # Before a German scale a comma is a decimal one: the groups join without it.
        ("Budget: €1 500 Mio.", None, 1_500_000_000, "Budget: €1 500 Mio"),
        ("Opex budget £1 250k, 18 staff", 18, 1_250_000, "budget £1 250k"),
        ("I hold a budget of 2 500 000 € and manage 40 staff.", 40, 2_500_000, "budget of 2 500 000 €"),
        ("I lead 1  600 employees", None, None, None),
        ("I lead 1\u2002600 employees", None, None, None),
        ("Headcount: 45  120 contractors", 45, None, "Headcount: 45"),
        ("I manage 2 000 120 staff", None, None, None),
        ("Budget: £1 000 500", None, None, None),
        ("Budget: £1 200 000-£1 500 000", None, None, None),
        ("Led our 2 100-person teams", None, None, None),
        # A range, a figure space, a joined number that looks like a year.
        ("Headcount: 12 000-15 000", 15000, None, "Headcount: 12 000-15 000"),
        ("Team size 1 200-1 500", 1500, None, "Team size 1 200-1 500"),
        ("I lead 1\u2007600 employees", 1600, None, "1\u2007600 employees"),
        ("Team size 2 000", 2000, None, "Team size 2 000"),
        ("\u00a01 600 employees report to me", 1600, None, "1 600 employees"),
        # Not across a line break, nor a group of more or fewer than three digits.
        ("Sites: 3\n120 staff", None, None, None),
        ("In 2019 I led 120 staff", 120, None, "120 staff"),
        ("I lead 5 1200 staff", 1200, None, "1200 staff"),
    ],
)
def test_spaces_between_thousands(text, span, amount, mention):
    profile = classify(text).role_profile
    assert profile.span_of_control == span
    assert (profile.budget.amount if profile.budget else None) == amount
    if mention is not None:
        assert mention in [m.text for m in profile.mentions]


@pytest.mark.parametrize(
    ("text", "span", "sites"),
    [
        # An area is no count: "2,000 sq ft office" read 2,000 sites.
        ("Managed a team of 12 in a 2,000 sq ft office", 12, None),
        ("Managed a team of 12 in a 2 000 sq ft office", 12, None),
        ("I run 3 stores and a 500 m² warehouse", None, 3),
        ("I manage 4 sites across 40 acres", None, 4),
        # A field whose colon a PDF table or a form lost.
        ("Led 6 SQ analysts (software quality).", 6, None),
        ("Team size 12", 12, None),
        ("Team size 8-10", 10, None),
        # Only "team size" is read bare: "Ran the staff count 3 times a year" is no field.
        ("Staff count 45 | Budget £2m", None, None),
        ("Team size 2024 plan", None, None),
        ("Team size 0.8", None, None),
    ],
)
def test_areas_and_fields_without_a_colon(text, span, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.sites) == (span, sites)


@pytest.mark.parametrize(
    ("text", "groups", "unsure"),
    [
        ("1 600 staff", ["600"], []),
        ("a 1 200 000 budget", ["200", "000"], []),
        ("Rs 12 00 000", ["00", "000"], []),
        ("2 100-seat halls", [], ["100"]),
        ("a 1 600-strong team", ["600"], []),
        ("12 000-15 000", ["000", "000"], []),
        ("12 34 56", [], ["12", "34", "56"]),
        ("2 000 120", [], ["2", "000", "120"]),
        ("1  600", [], ["600"]),
        ("3\n120 staff", [], []),
        ("", [], []),
        ("600", [], []),
    ],
)
def test_thousands_groups(text, groups, unsure):
    from leadership_nlp.core.role_numbers import thousands_groups

    doc = shared_nlp()(text)
    found, vetoed = thousands_groups(doc, range(len(doc)))
    assert sorted(doc[i].text for i in found) == sorted(groups)
    assert sorted(doc[i].text for i in vetoed) == sorted(unsure)


@pytest.mark.parametrize(
    ("text", "span", "direct", "sites"),
    [
        # Counts in a relative clause about the described person, and after a figure's people.
        ("She is a senior carer, and the 24 carers she is responsible for on days rate her.", 24, None, None),
        ("The 9 porters he line manages asked for him by name.", 9, None, None),
        ("Cut sickness absence in the team of 14 cleaners I supervised.", 14, None, None),
        ("Hired 12 engineers I was responsible for onboarding.", None, None, None),
        ("The 40 students he teaches love him.", None, None, None),
        ("The 40 stores they manage are all in London.", None, None, None),
        ("Join our group: the 45 hotels we run.", None, None, None),
        # Reporting to the post, or under "them" below the writer's direct reports.
        ("Depot manager. 60 drivers report to the post-holder.", 60, None, None),
        ("Each morning 15 drivers report to the post office depot.", None, None, None),
        ("Two shift leads report directly to me, with 30 pickers beneath them.", 30, 2, None),
        # Kinds of staff in a list or with coordinated modifiers; the people of places the title runs.
        ("Business manager leading 14 office, site and catering staff.", 14, None, None),
        ("Station Manager with 80 wholetime and on-call firefighters under my command.", 80, None, None),
        ("Operations manager overseeing 2 plants in Pune with about 900 operators.", 900, None, 2),
        ("Team leader at a call centre with 300 agents across two floors.", None, None, None),
        ("Team leader at a call centre, with 300 agents across two floors.", None, None, None),
        ("Head of Sales at a fintech, with 400 employees in London.", None, None, None),
        ("Race director for a half marathon with 3,000 finishers.", None, None, None),
        # On my team, not on my shift or in my department (colleagues).
        ("Set targets for the 3 copywriters on my team.", 3, None, None),
        ("There were 8 nurses on my shift.", None, None, None),
        ("I sit with 30 engineers in my department.", None, None, None),
        # Occupations named by their own nouns; trainees and peers are not a span.
        ("Farm manager, managing 6 stockmen and tractor drivers.", 6, None, None),
        ("Port supervisor in charge of 40 stevedores per shift.", 40, None, None),
        ("Supervised and signed off the logbooks of 8 apprentice plumbers.", None, None, None),
        ("Head of Student Services leading 14 student support advisers.", 14, None, None),
        ("Supervised 14 student nurses on placement each year.", None, None, None),
        ("Clinical educator; I also manage 6 staff nurses and 10 student nurses.", 6, None, None),
        ("Clinical lead for 20 student social workers on placement.", None, None, None),
        ("Library Services Manager: I supervise 25 student assistants at the desk.", 25, None, None),
        ("Managed a team of 12 student advisors in the Student Hub.", 12, None, None),
        ("Deputy manager with 2 other deputy managers on the rota.", None, None, None),
        ("As senior team leader I line manage 2 other team leaders.", 2, 2, None),
        ("I manage 5 supervisors and 30 other staff.", 30, None, None),
        # Words that are also machines, events or customers stay out of the people.
        ("Maintenance manager responsible for 4 cross-belt sorters.", None, None, None),
        ("Territory manager responsible for 120 HCPs.", None, None, None),
        ("Organised and ran 4 fundraisers for the school.", None, None, None),
        # Someone else's: a director the writer reports to, an employer's size, a counted clause.
        ("Will report to the Head of Estates and work closely with 12 coordinators.", None, None, None),
        ("I report to the Director and manage 12 staff.", 12, None, None),
        ("Chief Executive of a 180-staff housing association.", None, None, None),
        ("Led a 40-strong trust finance team.", 40, None, None),
        ("Supervising 5 dispatchers who route around 90 drivers.", 5, None, None),
        ("I line manage four shift leaders, who in turn supervise 60 nurses.", 60, 4, None),
        ("I lead 5 site managers, who run teams totalling 200 operatives.", 200, None, None),
        ("Manage 5 supervisors who lead and train 40 operatives.", 40, None, None),
        # Direct reports named as such; the owner-operator's sites, not an owner's.
        ("Call centre team leader with 12 agents as direct reports.", 12, 12, None),
        ("Owner-operator of 3 coffee shops.", None, None, 3),
        ("PA to the owner of 3 restaurants in Bath.", None, None, None),
        ("Wrote a quarterly report covering 14 warehouses.", None, None, None),
    ],
)
def test_relative_clauses_lists_and_whose_people(text, span, direct, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.direct_reports, profile.sites) == (span, direct, sites)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("NZ$1.4m operating budget", 1_400_000, "NZD"),
        ("Facilities budget: S$3.2m", 3_200_000, "SGD"),
        ("HK$2m budget for the fit-out", 2_000_000, "HKD"),
        ("Budget holder for a £250k book fund.", 250_000, "GBP"),
        ("Budget of GHS 1.2 million for the region", 1_200_000, "GHS"),
        ("Budget of MYR 800k for the two outlets", 800_000, "MYR"),
        # "RM" is a job title as often as a currency; no budget without a budget's figure.
        ("Agreed the RM 4 budget lines with finance.", None, None),
        ("Budget holder for a book fund.", None, None),
    ],
)
def test_more_currencies_and_budget_holders(text, amount, currency):
    budget = classify(text).role_profile.budget
    found = None if budget is None else (budget.amount, budget.currency)
    assert found == (None if amount is None else (amount, currency))


@pytest.mark.parametrize(
    ("text", "span", "direct"),
    [
        # "his", "her", "their" team: the writer cannot tell whose ("Reported to the Head of IT.
        # His team of 40 ran the service desk.").
        ("His crew of 12 completed the shutdown two days early.", None, None),
        ("I worked for the director and her team of 40.", None, None),
        ("Their workforce of 2,500 spans 12 countries.", None, None),
        ("Under his leadership, our 40-strong team won the award.", None, None),
        ("Under my leadership, the team of 30 cut handling time.", 30, None),
        ("Reporting line of 6 (all Band 6 physiotherapists)", 6, None),
        ("Oversaw capex while managing a reporting line of 11 engineers.", 11, None),
        # "DRs" needs a trigger ("Responsible for 7 DRs"): it is also disaster recovery.
        ("Resp. for a £850k maintenance budget and 9 DRs", None, None),
        ("Rota cover from 2 Drs on call.", None, None),
    ],
)
def test_teams_under_my_leadership_and_shorthand(text, span, direct):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.direct_reports) == (span, direct)


@pytest.mark.parametrize(
    ("text", "span", "sites"),
    [
        # A line that opens with the post's title or a scope label lists the post's own figures.
        ("Site Manager — Leeds depot; 2 shifts, 48 staff", 48, None),
        ("Branch Manager, Greenfields | R120m turnover | 85 staff", 85, None),
        ("Sales Manager, Acme | 12 reps", 12, None),
        ("Sales Manager, Acme | 2016–2020 | 12 reps", None, None),  # a job entry: as with its stores
        # Its dates, with months or before the separator, make a job entry too; a Branch
        # Manager runs one branch, so the branches counted are the employer's.
        ("Store Manager | Jan 2016 - present | 300 stores", None, None),
        ("Sales Manager, Acme | Jan 2016–Dec 2020 | 12 reps", None, None),
        ("Store Manager | 03/2016 – 05/2019 | 40 staff", None, None),
        ("Store Manager (2016–2019) | 300 stores", None, None),
        ("Branch Manager, RS Components | 300 branches", None, None),
        ("Pharmacy Manager, Boots | 40 pharmacies", None, None),
        ("Area Manager, Boots | 40 pharmacies", None, 40),
        ("Area Manager | 2016 – ongoing | 40 staff", None, None),
        ("Area Manager | Q1 2016 – Q3 2019 | 40 staff", None, None),
        ("Store Manager | '16 – '19 | 300 stores", None, None),
        ("Store Manager | Jun '16 – Mar '19 | 65 staff", None, None),
        # Without an employer's name a post may run several of its kind of site; a unit of
        # people that names the post is its own.
        ("Store Manager • 3 stores • 65 staff", 65, 3),
        ("Site Manager; 3 sites; 120 staff", 120, 3),
        ("Team Leader, Tesco | team of 12", 12, None),
        ("Chief of Staff | 12 staff", 12, None),
        ("Multi-site Manager | 5 sites, 90 staff", 90, 5),
        # The top of an employer lists the employer's size.
        ("Managing Director | 300 staff", None, None),
        ("Founder & CEO | 45 employees", None, None),
        ("Dimensions: 45 staff, 3 sites", 45, 3),
        # A scope label needs no trigger word elsewhere in the line.
        ("Dimensions: 45 engineers", 45, None),
        ("Accountabilities: 14 nurses, 2 sites", 14, 2),
        # "and", "&", "+" and "/" join a title to more words; they do not end it.
        ("The manager and 40 staff", None, None),
        ("The manager & 40 staff", None, None),
        ("Scope: 12 engineers | 2 sites", 12, 2),
        ("Head chef, 60-cover bistro; brigade of 6", 6, None),
        ("Store Manager | 40 team members", 40, None),
        # Not the post's staff: members, clients, pupils, an employer's people, a job title alone.
        ("Lead Pastor | 400 members", None, None),
        ("Community Manager, Discord | 12,000 members", None, None),
        ("Account Manager | 40 clients | 3 territories", None, None),
        ("Remit: 4 schools, 1,200 pupils", None, 4),
        ("Scope: 3,000 employees company-wide", None, None),
        ("Nurse, Ward 7 | 30 beds | 12 nurses", None, None),
        ("Team Leader, Aldi | 1,200 stores | 40,000 employees", None, None),
        # Fields whose key names the people and the verb; WTE only there (not the post's hours).
        ("Volunteers supervised: approx. 150", 150, None),
        ("Nursing WTE managed: 31", 31, None),
        ("Ward Manager | 1.0 WTE | Band 7", None, None),
        ("Talent Lead | 300 HC growth target for FY25", None, None),
        ("Merchandise Manager — 120 casuals SKUs, 2 ranges", None, None),
        ("Headcount approx. 2024", None, None),
    ],
)
def test_the_posts_own_line_of_figures(text, span, sites):
    profile = classify(text).role_profile
    assert (profile.span_of_control, profile.sites) == (span, sites)


@pytest.mark.parametrize(
    ("text", "span", "direct", "budget", "sites"),
    [
        # A job ad's requirement is the applicant's past, not the post's figures ...
        ("Candidates must have solid experience leading crews of 15 or more.", None, None, None, None),
        ("Essential: experience of managing budgets over £3m.", None, None, None, None),
        ("Experience running teams of 20+ would be an advantage.", None, None, None, None),
        ("Experience of supervising 12 drivers is essential.", None, None, None, None),
        # ... but the writer's own experience and the post's duties are read.
        ("I would bring my experience of leading a 45-strong team.", 45, None, None, None),
        ("You will lead a team of 14 and manage a budget of £900k.", 14, None, 900_000, None),
        ("You will see from my CV that I have experience leading 40 staff.", 40, None, None, None),
        ("I would bring 15 years of experience leading teams of up to 60 people.", 60, None, None, None),
        ("My experience of leading 45 staff would be an advantage in this role.", 45, None, None, None),
        (
            "Candidates will ideally have retail experience and will run 8 stores with 150 staff.",
            150,
            None,
            None,
            8,
        ),
        ("You will use your experience to lead a team of 20 engineers.", 20, None, None, None),
        # The employer a job ad describes ("we are a/an ...") is no one's span or sites.
        ("We are a regional chain of 23 garden centres.", None, None, None, None),
        ("We're an independent group of 6 veterinary practices.", None, None, None, None),
        ("We're hiring someone to run our 30-strong night shift.", 30, None, None, None),
        ("We are a small team of 6 that I manage day to day.", 6, None, None, None),
        # A unit of sites counts sites, not people.
        ("I head a network of 12 libraries and 8 clinics.", None, None, None, 8),
        ("Led a team of 18 warehouse operatives.", 18, None, None, None),
        ("Head of a team of 40 campus security officers.", 40, None, None, None),
        ("Supervise a team of 8 stores operatives.", 8, None, None, None),
        # A negation of direct reports reaches past a dash.
        ("No direct reports – 15 volunteers on the rota.", None, None, None, None),
        # Grown, written with an arrow: the larger.
        ("Team of 4 → 16 over two years.", 16, None, None, None),
        ("Ran a team of 6 → 10 after the merger.", 10, None, None, None),
        ("Team lead, team of 4 → 2022.", 4, None, None, None),
        # More words for sites.
        ("I run 5 supermarkets and 2 petrol stations.", None, None, None, 5),
        ("Oversee 3 car dealerships in Leeds.", None, None, None, 3),
    ],
)
def test_requirements_employers_units_of_sites_and_arrows(text, span, direct, budget, sites):
    rp = classify(text).role_profile
    got = (rp.span_of_control, rp.direct_reports, rp.budget and rp.budget.amount, rp.sites)
    assert got == (span, direct, budget, sites)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        # Indian digit grouping (lakh, crore).
        ("Annual budget: ₹2,50,00,000 across the zone.", 25_000_000, "INR"),
        ("Budget of Rs 45,00,000 for maintenance.", 4_500_000, "INR"),
        # A code after a bare "$" says which dollar; "$" alone stays USD.
        ("Operating budget of $4.5M AUD.", 4_500_000, "AUD"),
        ("Budget: $750k NZD", 750_000, "NZD"),
        ("Budget: $750k USD", 750_000, "USD"),
        ("Budget of $750k.", 750_000, "USD"),
        ("Held a budget of $1.2M CAD for the region.", 1_200_000, "CAD"),
        # A code that is a word of the phrase, or of the next sentence, names no dollar.
        ("Budget holder for $250k CAD software renewals.", 250_000, "USD"),
        ("Owned a $300k CAD software budget.", 300_000, "USD"),
        ("Budget: $2m. CAD drawings are my team's.", 2_000_000, "USD"),
        # A range written "from ... up to ...": its top.
        ("Ran budgets from £40k up to £2.2m.", 2_200_000, "GBP"),
    ],
)
def test_indian_grouping_dollar_codes_and_budget_ranges(text, amount, currency):
    budget = classify(text).role_profile.budget
    assert budget is not None and (budget.amount, budget.currency) == (amount, currency)


@pytest.mark.parametrize(
    ("text", "span", "direct", "sites"),
    [
        # "HC" is a headcount after a count, in a post's line of figures.
        ("Branch Manager | 3 branches | ~85 HC", 85, None, 3),
        ("Ops Lead | 40 HC reduction delivered in 2023", None, None, None),
        # "report in to me": "into" written apart.
        ("Twelve engineers report in to me.", 12, None, None),
        # A field of the wider team, opening its line ...
        ("Direct reports: 3. Wider team: ~40 FTE.", 40, 3, None),
        # ... not a phrase inside a sentence, which other patterns read.
        ("I line manage 3 analysts and support a wider group of about 30.", 3, 3, None),
        # A team grown from one size to another: the larger.
        ("This year my team has grown from 4 to 11 people.", 11, None, None),
        # Sites after a budget, with "our" before them.
        ("Budget holder for £2m opex across our three depots.", None, None, 3),
        ("General Manager, 3 resorts on the coast.", None, None, 3),
    ],
)
def test_headcount_report_in_to_wider_fields_growth_and_sites_after_our(text, span, direct, sites):
    rp = classify(text).role_profile
    assert (rp.span_of_control, rp.direct_reports, rp.sites) == (span, direct, sites)


def test_rand_written_out_is_a_currency():
    budget = classify("I run a budget of six million rand.").role_profile.budget
    assert budget is not None and (budget.amount, budget.currency) == (6_000_000, "ZAR")


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        # Zloty, and a tilde between a budget noun and its amount.
        ("Budget: 2,5 mln zł rocznie", 2_500_000, "PLN"),
        ("P&L responsibility ~ 9 Mio EUR", 9_000_000, "EUR"),
        ("Managed a budget of ~$450k.", 450_000, "USD"),
    ],
)
def test_zloty_polish_scales_and_a_tilde(text, amount, currency):
    budget = classify(text).role_profile.budget
    assert budget is not None and (budget.amount, budget.currency) == (amount, currency)


@pytest.mark.parametrize(
    "text",
    [
        "Came in under budget ~£50k.",
        "Delivered the refit under budget - £50k saving.",
        "Project over budget ~ £200k after the delays.",
        # "mld" is no scale: in UK schools it is moderate learning difficulties.
        "Managed a £8,000 MLD resources budget.",
    ],
)
def test_savings_and_overspends_are_no_budget_and_mld_no_scale(text):
    budget = classify(text).role_profile.budget
    assert budget is None or budget.amount < 10_000


@pytest.mark.parametrize(
    ("text", "span", "sites"),
    [
        ("Head of Airside Operations: 2 airports, 300 staff.", 300, 2),
        # A site word before a role noun names the people, not a site.
        ("I line manage 1 restaurant manager and 2 sous chefs.", 2, None),
        ("Area manager for 6 stores and their 6 store managers.", 6, 6),
    ],
)
def test_airports_and_site_words_before_role_nouns(text, span, sites):
    rp = classify(text).role_profile
    assert (rp.span_of_control, rp.sites) == (span, sites)


@pytest.mark.parametrize(
    ("text", "span", "sites"),
    [
        # An employer's headcount on a post's line is not the post's span.
        ("Store Manager, Tesco | 300,000 employees", None, None),
        ("Sales Manager, 5 reps, Acme Software Solutions Ltd, Reading, 250 employees", 5, None),
        ("Store Manager, 45 staff, Sainsbury's Local, Canary Wharf, London, 150,000 colleagues", 45, None),
        ("IT Manager — £1.5m budget, 14 sites, 3,000 employees", None, 14),
        ("Payroll Officer | 3,000 employees paid weekly", None, None),
        ("About us – 2,000 employees, 40 offices", None, None),
    ],
)
def test_an_employers_headcount_on_a_posts_line_is_not_the_span(text, span, sites):
    rp = classify(text).role_profile
    assert (rp.span_of_control, rp.sites) == (span, sites)


@pytest.mark.parametrize(
    ("text", "span", "budget", "sites"),
    [
        # A review's probes of the new vetoes: the writer's own figures stay read.
        ("I should mention my experience managing 45 staff across 3 sites at Tesco.", 45, None, 3),
        ("Candidates need experience leading teams as you will manage 45 staff.", 45, None, None),
        ("Team grew from 8 to 30 engineers in 2 years.", 30, None, None),
        ("Full control over budget of $5M and 40 staff.", None, (5_000_000, "USD"), None),
        ("Tooling budget $300k CAD/CAE.", None, (300_000, "USD"), None),
        ("I supervise 30 HC workers across the borough.", 30, None, None),
        ("I manage a team of 30 facilities maintenance technicians.", 30, None, None),
        ("We are a lean team running 9 depots; I head it.", None, None, 9),
    ],
)
def test_the_vetoes_keep_the_writers_own_figures(text, span, budget, sites):
    rp = classify(text).role_profile
    got_budget = rp.budget and (rp.budget.amount, rp.budget.currency)
    assert (rp.span_of_control, got_budget, rp.sites) == (span, budget, sites)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # A wish or a plan is not the writer's team ...
        ("In my next role I am looking to lead a team of 25 and own a budget.", None),
        ("I would love to lead a team of 15 engineers one day.", None),
        ("Aiming to manage 40+ people within two years.", None),
        ("Seeking to lead a team of 20.", None),
        ("Seeking a new role leading 20+ people.", None),
        ("Objective: to lead a team of 30 in a fast-growing company.", None),
        ("My goal is to manage 50 people.", None),
        # ... but a wish beside the writer's present team leaves it read, and a job ad's post is read.
        ("We are seeking a manager to lead a team of 20.", 20),
        ("I am keen to mention that I manage 40 staff.", 40),
        ("Looking to manage a larger team; currently lead 25 engineers.", 25),
        ("I am looking to build on my experience of managing 45 staff.", 45),
        ("I manage 12 engineers; my goal is to grow the team.", 12),
    ],
)
def test_a_wish_to_lead_is_no_span(text, span):
    assert classify(text).role_profile.span_of_control == span


@pytest.mark.parametrize(
    ("text", "span", "direct"),
    [
        # A job ad's requirement about the applicant's past is not the post's team ...
        ("Applicants must have managed a team of at least 10 in a warehouse.", None, None),
        ("Ideally you will have led teams of 5-10 in a contact centre.", None, None),
        ("Candidates should have previously supervised 5+ people.", None, None),
        ("Must have managed teams of 10+.", None, None),
        # ... but what the post holder will have is.
        ("You will have 12 direct reports.", 12, 12),
        ("You will have line management of 8 engineers.", 8, 8),
        ("You will manage a team of 100 and must have managed budgets before.", 100, None),
        ("You will have direct line management of 12 staff.", 12, 12),
        ("You will have lead responsibility for 12 paramedics.", 12, None),
        ("You must have managed people, as you'll lead 35 officers.", 35, None),
        # ... and the writer's own future or past stays the writer's.
        ("By March I will have managed 40 staff for three years.", 40, None),
        ("I must have managed over 300 people during my 20 years in retail.", 300, None),
    ],
)
def test_an_applicants_past_is_no_span(text, span, direct):
    rp = classify(text).role_profile
    assert (rp.span_of_control, rp.direct_reports) == (span, direct)


def test_a_figure_that_overlaps_a_longer_one_is_tried_after_it():
    # The Matcher's overlapping variants: the longest (then the earliest) first, and
    # each shorter variant that overlaps only it after it, to be read if it is not
    # ("Team grew from 8 to 30 engineers": a longer pattern that needs a trigger must
    # not hide a shorter one that a trigger governs).
    from leadership_nlp.core.role_matcher import Match

    long, short, inner, apart, across = (object() for _ in range(5))
    figures = [
        (Match(2, 4), short, [8.0]),
        (Match(0, 6), long, [8.0, 30.0]),
        (Match(4, 5), inner, [30.0]),
        (Match(8, 10), apart, [3.0]),
        (Match(5, 9), across, [30.0, 3.0]),  # overlaps two kept figures: never read
    ]
    groups = role_profile._alternatives(figures)
    assert [[spec for _, spec, _ in g] for g in groups] == [[long, short, inner], [apart]]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # A part of a group: the part the verb governs ...
        ("Managed 12 of 40 engineers.", 12),
        ("I manage 5 of the 30 nurses on the ward.", 5),
        ("I supervise 4 of the 20 drivers on nights.", 4),
        # ... but the writer's own group is the span, whatever part a verb picks out.
        ("Grew five of my 12 transport supervisors into depot managers.", 12),
        ("Two of my 8 reports are new.", 8),
    ],
)
def test_a_part_of_a_group_is_the_part_the_verb_governs(text, span):
    assert classify(text).role_profile.span_of_control == span


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # A range after "span of control" is its upper bound, as everywhere else ...
        ("Span of control 8 to 30.", 30),
        ("Span of control: 8-30 staff.", 30),
        ("Span of control: approx. 40 - 55", 55),
        ("Span of control: twelve to fifteen", 15),
        # ... the larger figure, as in a field ("Team size: 30-8" is 30) ...
        ("Span of control: 25 - 2 teams", 25),
        ("Span of control: 14 - 3 of them managers", 14),
        # ... never an amount, a year or a time ...
        ("Span of control: 10 to 100k budget", 10),
        ("Span of control: 2019-2021", None),
        ("Span of control: 10 to 2pm", 10),
        # ... a range before the direct reports keeps the indirect count ...
        ("Span of control: 5-7 direct reports, 40 indirect", 40),
        # ... and a single figure stays what it was.
        ("Span of control: 25", 25),
    ],
)
def test_a_range_after_span_of_control_is_its_upper_bound(text, span):
    assert classify(text).role_profile.span_of_control == span


@pytest.mark.parametrize(
    ("text", "span", "sites"),
    [
        # A count's noun before a dash is an item of a list, not a field's label ...
        ("Manager, 15 stores — 1,050 staff", 1050, 15),
        ("Regional manager: 15 stores – 1,050 staff", 1050, 15),
        ("Manager, 40 staff — 3 sites", 40, 3),
        ("Area Manager: 6 sites - 200 staff - £3m budget", 200, 6),
        ("Country Manager, 40 outlets — 1,200+ staff", 1200, 40),
        ("Manager, 40 staff — 3 retail sites", 40, 3),
        # ... while a field's label opens its own item.
        ("Stores — 12", None, 12),
        ("Staff - 35", 35, None),
        ("Team — 12 engineers", 12, None),
    ],
)
def test_a_dash_after_a_counted_noun_starts_the_next_item(text, span, sites):
    rp = classify(text).role_profile
    assert (rp.span_of_control, rp.sites) == (span, sites)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # Occupations the people list gained (from O*NET titles outside management) ...
        ("I manage 140 security screeners across two terminals.", 140),
        ("About 45 installers report into me.", 45),
        ("Supervised 12 steamfitters and 4 pipelayers on the plant shutdown.", 12),
        ("Lead a team of 9 logisticians.", 9),
        # ... but not machines or people served.
        ("Fleet: 65 prime movers and 120 trailers under my control.", None),
        ("Maintenance manager responsible for 4 cross-belt sorters.", None),
        ("I coach 30 athletes in the academy squad.", None),
    ],
)
def test_occupations_are_people(text, span):
    assert classify(text).role_profile.span_of_control == span


@pytest.mark.parametrize(
    ("text", "span", "direct"),
    [
        # A total right after a count of the writer's own is the writer's people, across
        # a semicolon too ...
        ("6 team leaders report directly to me; 140 screeners in total.", 140, 6),
        ("Ward Manager with 2 deputies reporting directly to me and 31 nursing staff overall.", 31, 2),
        ("I line manage 4 supervisors; 60 care workers in total.", 60, 4),
        ("3 supervisors report to me; 45 cleaners overall.", 45, None),
        ("The post-holder will line manage 4 coordinators; 35 staff in total.", 35, 4),
        ("I oversee 4 charge nurses; 90 nurses and HCAs in total.", 90, None),
        ("Directly managed 3 shift leads; total crew at peak ~90 for the festival.", 90, 3),
        ("I manage 6 direct reports; 40 staff in total.", 40, 6),
        # The writer's people after "and" where the manager's sentence has no count of its own.
        ("My manager has retired and 12 staff now report to me.", 12, None),
        ("My boss has promoted me and 6 analysts now report to me.", 6, None),
        ("I manage 6 supervisors; 140 staff in total across my 3 hospitals.", 140, None),
        ("I manage 9 store managers; 310 staff in total across 9 stores.", 310, None),
        ("I manage 3 supervisors; 40 operatives in total, who are employed by the council.", 40, None),
        ("I manage 5 managers; 150 staff in total of the 3,000 at my company.", 150, None),
        # ... not a total after it, which is no total of the writer's (totals do not chain).
        ("I manage 6 supervisors; 140 staff in total; 5,000 employees overall.", 140, None),
        # ... a total that opens its line is a field of the writer's ...
        ("Reporting directly to me: 3 shift leads. Total teem c. 50.", 50, 3),
        ("Total headcount at peak 120.", 120, None),
        # ... people reporting up through the writer or the writer's managers or deputies ...
        ("About 120 staff report up through my two deputies.", 120, None),
        ("200 contractors report in through my team leads.", 200, None),
        ("About 300 operatives report up through me.", 300, None),
        # ... and a trigger still reads a total it governs.
        ("I manage 200 staff in total across the site.", 200, None),
        # A count that follows "another" or "a further" is read as before (no total of its own).
        ("I manage 8 nurses and another 30 agency nurses.", 30, None),
        ("I manage 10 permanent staff and a further 20 seasonal workers.", 20, None),
    ],
)
def test_a_total_after_the_writers_own_count_is_the_span(text, span, direct):
    rp = classify(text).role_profile
    assert (rp.span_of_control, rp.direct_reports) == (span, direct)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # An employer's size is not a span, whatever word says it is a total ...
        ("The company has 5,000 employees in total.", None),
        ("We are 300 staff overall across the group.", None),
        ("The hospital employs 2,000 staff in total", None),
        ("Our organisation employs 1,200 people overall.", None),
        ("The company kept headcount flat at 5,000.", None),
        ("We kept headcount flat at 40 while revenue doubled.", None),
        ("The firm's total headcount is 900.", None),
        # ... nor being in a team, people the writer does not manage, a total of a place ...
        ("I joined a team of 40 in total.", None),
        ("I was one of 40 staff in total.", None),
        ("We trained 120 staff in total.", None),
        ("There are 50 volunteers in total.", None),
        ("Kept the 12 staff on during the refurbishment.", None),
        ("I manage 6 supervisors; 5,000 employees in total across the company.", 6),
        ("I manage 6 supervisors; 5,000 employees in total, across the whole of the company.", 6),
        ("I manage 6 supervisors; 5,000 employees in total worldwide.", 6),
        ("I manage 6 supervisors; 5,000 employees in total at my company.", 6),
        ("I manage 6 supervisors and 140 in total across the company.", 6),
        ("I lead 3 engineers; 200 employees overall in the plant.", 3),
        ("I manage 6 supervisors and 5,000 employees in total across the company.", 6),
        ("I manage 6 supervisors; 5,000 staff in total, worldwide.", 6),
        ("I manage 6 supervisors; 5,000 people in total work for the group.", 6),
        ("Total staff 1,400 across the group.", None),
        # A count of direct reports without a trigger, a field's item, anchors no total.
        ("Group CEO: 8 direct reports; 45,000 employees in total.", 8),
        ("6 direct reports; 40 staff in total.", 6),
        ("I manage 6 direct reports; 5,000 employees in total across the group.", 6),
        ("My line manager has 6 direct reports; 140 screeners in total.", None),
        # The writer's manager's people, past a word before the noun or an "and".
        ("My line manager has 6 direct reports.", None),
        ("My manager has 4 direct reports and 60 staff overall.", None),
        ("My manager leads 6 supervisors and 80 staff in total.", None),
        ("Our CEO has 8 direct reports and 5,000 employees overall.", None),
        ("I manage 3 nurses; the hospital has 2,000 staff in total.", 3),
        # ... someone else's count and total, or another of something else.
        ("Ref: she had 3 supervisors reporting to her and 40 staff in total.", None),
        ("My manager leads 6 team leaders; 140 screeners in total.", None),
        ("I manage 2 staff and another 3 sites.", 2),
        ("I manage 5 engineers and another 30 projects.", 5),
        ("I lead 6 nurses and another 20 who work nights under a different manager.", 6),
        ("About 50 engineers report up through my colleagues.", None),
        ("I manage 6 supervisors and 40 overall satisfaction.", 6),
        # A headcount held is read by no total (another's as often as the writer's).
        ("The CEO kept headcount flat at 5,000.", None),
        ("My predecessor kept the team at 12.", None),
        ("I joined my team at 22 as a graduate.", None),
        ("Kept the team at 4 stores during the refit.", None),
    ],
)
def test_a_total_of_the_employer_or_of_someone_else_is_no_span(text, span):
    assert classify(text).role_profile.span_of_control == span


def test_a_currency_in_letters_needs_a_code_the_patterns_read(tmp_path):
    from leadership_nlp.core.role_matcher import Compiled
    from leadership_nlp.core.role_patterns import load_patterns

    extra = tmp_path / "letters.jsonl"
    extra.write_text('{"kind": "words", "name": "currency_letters", "words": ["zz"]}\n', "utf-8")
    with pytest.raises(ValueError, match="currency_letters: 'zz' needs a currency code"):
        Compiled(load_patterns(extra))


def test_the_shipped_patterns_pass_spacys_schema_and_a_pattern_it_refuses_is_refused():
    from spacy.schemas import validate_token_pattern

    from leadership_nlp.core.role_matcher import Compiled
    from leadership_nlp.core.role_patterns import load_patterns

    p = load_patterns()
    lists: dict = {}
    expanded = [[p.expand(t, lists) for t in pattern] for _, pattern in p.patterns]
    assert len(expanded) > 200
    assert [validate_token_pattern(tokens) for tokens in expanded] == [[]] * len(expanded)
    # A pattern spaCy refuses is refused by the compile, with its source.
    bad = load_patterns()
    rec = {
        "kind": "pattern",
        "id": "bad",
        "label": "span_of_control",
        "pattern": [{"LOWER": {"NOT_A_TEST": 1}}],
    }
    bad.add(rec, source="x.jsonl:1")
    with pytest.raises(ValueError, match=r"x.jsonl:1: pattern span_of_control/bad: \[pattern -> 0 -> LOWER"):
        Compiled(bad)


@pytest.mark.parametrize(
    "text",
    [
        "£2.5m budget, 4 sites, 1,300 drivers (not employed by us)",
        "£2.5m budget, 4 sites, 52 staff (not mine)",
        "£2.5m budget, 4 sites, 52 staff (the area director's)",
    ],
)
def test_a_parenthesis_can_make_an_items_count_someone_elses(text):
    # (The line's sites go with it: the whole line is refused, as for an item's own words.)
    assert classify(text).role_profile.span_of_control is None


@pytest.mark.parametrize(
    ("text", "span", "direct"),
    [
        # A bare count after a role verb is people where what follows says so: a bracket or a
        # clause of direct reports, a breakdown into people ...
        ("I manage 12 (4 direct).", 12, 4),
        ("Manage 30+ (5 direct)", 30, 5),
        ("I lead 22 (6 direct reports) across two shifts.", 22, 6),
        ("Line managing 3 (2 analysts, 1 apprentice).", 3, 3),
        ("He currently manages 40 (through 4 supervisors).", 40, None),
        ("Managing 40, including 8 direct reports.", 40, 8),
        ("I supervise 150, with 7 direct reports.", 150, 7),
        ("Currently lead 30, of whom 5 report directly to me.", 30, 5),
        ("Oversee 60, directly manage 6.", 60, 6),
        ("Managing 13 directly.", 13, 13),
        ("I line manage 3 and mentor two graduates.", 3, 3),
        ("The post-holder will line manage 3 and hold a budget of £250k.", 3, 3),
        # ... or "I", "only", "now", "currently" before the verb, the count ending the sentence:
        # the writer's team today ...
        ("After the merger I now lead 26.", 26, None),
        ("I only manage five.", 5, None),
        # ... but not "only" as "no more than", someone else as the subject, nor a count
        # that goes on ("Now leading 45 at the Derby depot" is left unread with them).
        ("Only managed 2 in the final over.", None, None),
        ("My team leader currently manages 7.", None, None),
        ("I currently manage 3 (Tesco, Asda and Aldi).", None, None),
        ("I currently lead 2 and support a third workstream.", None, None),
        # Not a bare count of things, a title's grade, a race, a year, a decimal, or a noun after it.
        ("Accounts: I manage 14 (3 of them key accounts).", None, None),
        ("Team Lead 2 (Platform), 2019-2022.", None, None),
        ("Ran 5k every morning.", None, None),
        ("Managed 2019.", None, None),
        ("Managed 3 directly funded projects.", None, None),
        ("Managed 3 directly-funded projects.", None, None),
        ("Managed 12, 4 of which were fixed-price contracts.", None, None),
        ("Promoted to Lead 5 (3 direct reports).", 3, 3),
        ("I manage 2.5 (FTE) of budget lines.", None, None),
        ("Managed 4, all delivered on time.", None, None),
        # "line manage" with someone else as its subject stays unread.
        ("The deputy line manages 6.", None, None),
        ("Last year my deputy line managed 5.", None, None),
    ],
)
def test_a_bare_count_after_a_role_verb(text, span, direct):
    rp = classify(text).role_profile
    assert (rp.span_of_control, rp.direct_reports) == (span, direct)


@pytest.mark.parametrize(
    ("text", "span", "direct", "sites"),
    [
        # Someone else's team, named without "my" or "our": a predecessor, a manager in a
        # relative clause after "report to", a possessive of a name ...
        ("The previous manager led a team of 25 (5 direct).", None, None, None),
        ("I report to the COO, who has 9 direct reports and 60 staff overall.", None, None, None),
        ("The regional director, to whom I report, oversees 450 staff and 3 sites.", None, None, None),
        ("The outgoing head chef had 14 in the brigade.", None, None, None),
        ("The store manager before me ran 3 stores and 90 staff.", None, None, None),
        ("I report to the COO, who has 9 direct reports.", None, None, None),
        ("The area director, to whom I report, oversees 300 staff.", None, None, None),
        ("Priya's line manager oversees a team of 50.", None, None, None),
        ("The firm's founder still leads the 20-person design team.", None, None, None),
        ("I supported the head of care, whose team of 35 covered three homes.", None, None, None),
        ("Analyst to Priya (Head of Logistics, 120 staff).", None, None, None),
        ("HR business partner to the sales director (1,400 employees).", None, None, None),
        # ... not a team the writer took over, nor a job ad's post.
        ("I took over the previous manager's team of 25 in March.", 25, None, None),
        ("I joined as the interim manager leading 18 care staff.", 18, None, None),
        ("The outgoing manager has left me 25 staff.", 25, None, None),
        ("I report to the COO, who appointed me to lead 35 engineers.", 35, None, None),
        ("Appointed as the group's MD overseeing 3 plants and 400 staff.", 400, None, 3),
        ("The new manager will lead 12 engineers across 2 sites.", 12, None, 2),
        ("You will report to the COO and lead a team of 9.", 9, None, None),
        ("Assistant manager to the GM, leading a team of 12 (4 direct).", 12, 4, None),
        ("Executive Assistant to the CEO (managing a team of 3 PAs).", 3, None, None),
        ("My manager at the time ran a 50-strong team; I now lead 8.", 8, None, None),
        ("Deputy to the Head of Service (who manages 80), with my own team of 9.", 9, None, None),
    ],
)
def test_someone_elses_team_without_my_or_our(text, span, direct, sites):
    rp = classify(text).role_profile
    assert (rp.span_of_control, rp.direct_reports, rp.sites) == (span, direct, sites)
