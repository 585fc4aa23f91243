import pytest

from leadership_nlp import classify
from leadership_nlp.role_profile import parse_number


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
    ("raw", "value"),
    [("1,200", 1200), ("twelve", 12), ("2.5", 2.5), ("12k", 12000), ("twenty-five", 25), ("many", None)],
)
def test_parse_number(raw, value):
    assert parse_number(raw) == value
