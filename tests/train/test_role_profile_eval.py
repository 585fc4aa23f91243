"""The role profile on its labelled set: precision and recall per field, printed after every run."""

from pathlib import Path

import pytest

from leadership_nlp.train.role_profile_eval import FIELDS, evaluate, load_set, table

SET = Path(__file__).resolve().parents[2] / "corpus" / "role_profiles" / "role_profile_set.jsonl"

#: (precision, recall) each field must reach on the splits the patterns were developed on or
#: first measured with (all but ``fresh3`` and ``dev12`` to ``dev24``).
TARGETS = {
    "span_of_control": (0.97, 0.90),
    "direct_reports": (0.95, 0.85),
    "budget": (0.95, 0.85),
    "sites": (0.95, 0.85),
}


#: The held-out split: 150 sentences written blind to the patterns by a writer who saw neither
#: them nor the other splits, for measuring, never tuning (corpus/role_profiles/README.md: 0.885 /
#: 0.711 for span of control with the patterns of 424ba83, 0.938 / 0.789 since 2026-12-07, when one
#: pattern was written after its misses had been read, 0.938 / 0.803 with totals, 0.954 / 0.816
#: with 2026-12-07's parentheses in lines of figures, "workmen" and "team strength"; well below the
#: targets). The floors sit a few sentences below those figures: they catch a pattern that loses
#: much, without making each new pattern pass this split (which would tune the patterns to it).
HELD_OUT = "fresh3"
FLOORS = {
    "span_of_control": (0.85, 0.66),
    "direct_reports": (0.85, 0.45),
    "budget": (0.9, 0.7),
    "sites": (0.95, 0.8),
}


#: Splits written blind, far below the targets, with floors of their own (as the held-out split
#: has) until their misses are developed and they join the development splits
#: (corpus/role_profiles/README.md). dev12 (2026-12-07: role-profile dimension rows, terse CV
#: lines, references): 0.885 / 0.581 for span of control at its first run, 0.899 / 0.667 once some of
#: its misses were developed. dev13 (2026-12-07: CV lines, references,
#: interview notes, job ads and informal speech from four countries): 0.867 / 0.661 at its first
#: run, 0.909 / 0.678 once some of its misses were developed. dev14 (2026-12-07: CV lines, role-profile
#: rows, job ads, references and notes from seven countries): 0.906 / 0.716 at its first run,
#: 0.927 / 0.761 once some of its misses were developed. dev15 (2026-12-07: second-language English
#: from ten countries, European number formats, zloty, yen, dirhams): 0.872 / 0.630 at its first
#: run, the same once a few of its (budget and sites) misses were developed. dev16 (2026-12-07:
#: public-sector and executive-search material from twelve countries): 0.862 / 0.633 at its first
#: run; a change for its misses was taken out after a review. dev17 (2026-12-07: CVs, LinkedIn
#: lines, job ads and role profiles from eight countries, military-to-civilian lines): 0.815 /
#: 0.667 at its first run, the same as with the patterns of the session's start (0.830 / 0.667
#: once wishes were vetoed from other splits' lines; 0.863 / 0.667 once student nurses and
#: applicants' pasts were; 0.923 / 0.727 once its totals phrased otherwise were developed).
#: dev18 (2026-12-07: public-sector recruiting, role profiles, job evaluations, references from
#: ten countries): 0.812 / 0.754 at its first run, the same as with the patterns of the session's
#: start; 0.839 / 0.754 once applicants' pasts were vetoed, 0.871 / 0.783 with totals. dev19
#: (2026-12-07: executive-search briefs, CVs, org charts, board papers and pasted tables from twelve
#: countries), not developed on: 0.804 / 0.662 at its first run (0.789 / 0.662 with the patterns of
#: the session's start) and with totals; its misses read since, none developed. dev20
#: (2026-12-07: NHS job evaluations and role profiles, South-East Asian, Nordic, Canadian and
#: Latin American recruiters' briefs, second-language CV lines; 148 kept), not developed on: 0.759
#: / 0.800 at its first run (0.741 / 0.782 with the patterns of the session's start). Then 23
#: lines of dev14 to dev20 were relabelled by the settled rule on whose role a reference or brief
#: describes (the guideline's "Whose role"), the patterns unchanged: dev19 0.911 / 0.662, dev20
#: 0.845 / 0.817; the floors were left where they were. dev21 (2026-12-07, late: workforce-planning
#: notes from north-west Europe, Gulf, Indian and East African recruiters' briefs and CV lines,
#: Australian, New Zealand, Canadian and US position descriptions; written blind to the patterns
#: and labelled by the settled "Whose role" rule), not read: 0.768 / 0.716 at its first run (the
#: patterns of the relabelling), direct reports 0.955 / 0.875, budget 0.931 / 0.818 -> 0.935 /
#: 0.879 with the currencies added the same night, sites 1.000 / 0.861. dev22 (the same night:
#: second-language hospitality CV lines from Southern Europe, Turkey and North Africa, military and
#: police CV lines rewritten for civilian jobs, ward and school role profiles from Ireland,
#: Australia, India and the Philippines; blind, by the "Whose role" rule), not read: 0.817 / 0.671
#: at its first run, the same with the patterns before the currencies, direct reports 0.625 /
#: 0.417 (12 labelled: no floor), budget 1.000 / 0.750, sites 0.875 / 0.808. dev21's misses were
#: then read and some developed (parentheses in a line of figures, "incl." before a number,
#: "team strength", workmen, two kinds of staff; four vetoes): 0.836 / 0.757, direct reports 1.000 / 0.917,
#: sites 1.000 / 0.889; dev22 stays unread. dev23 (2026-12-07, night: Latin American and Iberian
#: operations managers, construction, mining and energy site rosters from Africa and Australia,
#: airline, shipping and port operations; blind, by the "Whose role" rule), not read: 0.800 /
#: 0.644 at its first run (the same with the patterns before dev21's misses), direct reports
#: 1.000 / 0.833, budget 0.808 / 0.656, sites 0.722 / 0.394. A review's fixes later that night (a
#: bracket glued to a label's colon, "reports" inside an item's bracket) moved one line of each
#: unseen split to its label: dev22 0.820 / 0.685, dev23 0.803 / 0.655. dev24 (2026-12-08: 160
#: lines on the sites of operations managers in thirty trades, written blind to the patterns and to
#: dev23, 100 with sites, 60 look-alikes) read 0.796 / 0.430 on sites at its first run, then was
#: developed on (site nouns of many trades, a number before one site is its size): 0.920 / 0.690,
#: span of control 0.973 / 0.610 (mostly spans the patterns do not read yet), budget 1.000 / 0.947;
#: dev23's sites, run once after (not read), 0.722 / 0.394 -> 0.826 / 0.576. People after the
#: writer's sites (the same session): dev24 span of control 0.980 / 0.814 (0.831 with "across");
#: with a probe review's fixes (run three times in all; corpus/role_profiles/README.md) dev22 0.823
#: / 0.699, dev23 0.806 / 0.667, sites 0.818 / 0.545.
BELOW_TARGET = {
    "dev12": {
        "span_of_control": (0.85, 0.6),
        "direct_reports": (0.85, 0.6),
        "budget": (0.95, 0.85),
        "sites": (0.95, 0.65),
    },
    "dev13": {
        "span_of_control": (0.82, 0.6),
        "direct_reports": (0.9, 0.5),
        "budget": (0.85, 0.65),
        "sites": (0.85, 0.6),
    },
    "dev14": {
        "span_of_control": (0.85, 0.65),
        "direct_reports": (0.9, 0.8),
        "budget": (0.9, 0.7),
        "sites": (0.9, 0.7),
    },
    # No floor for dev15's direct reports: 12 labelled, too few for one.
    "dev15": {
        "span_of_control": (0.8, 0.55),
        "budget": (0.75, 0.4),
        "sites": (0.8, 0.5),
    },
    "dev16": {
        "span_of_control": (0.8, 0.6),
        "direct_reports": (0.6, 0.35),
        "budget": (0.85, 0.75),
        "sites": (0.9, 0.55),
    },
    "dev17": {
        "span_of_control": (0.78, 0.62),
        "direct_reports": (0.85, 0.85),
        "budget": (0.85, 0.78),
        "sites": (0.9, 0.68),
    },
    # No floor for dev18's direct reports: 12 labelled.
    "dev18": {
        "span_of_control": (0.78, 0.7),
        "budget": (0.95, 0.9),
        "sites": (0.95, 0.8),
    },
    "dev19": {
        "span_of_control": (0.78, 0.62),
        "direct_reports": (0.85, 0.7),
        "budget": (0.74, 0.66),
        "sites": (0.83, 0.62),
    },
    "dev20": {
        "span_of_control": (0.72, 0.76),
        "direct_reports": (0.75, 0.68),
        "budget": (0.9, 0.66),
        "sites": (0.85, 0.78),
    },
    "dev21": {
        "span_of_control": (0.72, 0.66),
        "direct_reports": (0.9, 0.8),
        "budget": (0.88, 0.8),
        "sites": (0.95, 0.8),
    },
    # No floor for dev22's direct reports: 12 labelled.
    "dev22": {
        "span_of_control": (0.77, 0.62),
        "budget": (0.95, 0.7),
        "sites": (0.82, 0.75),
    },
    "dev23": {
        "span_of_control": (0.75, 0.6),
        "direct_reports": (0.9, 0.75),
        "budget": (0.75, 0.6),
        "sites": (0.75, 0.5),
    },
    # No floor for dev24's direct reports: 7 labelled.
    "dev24": {
        "span_of_control": (0.95, 0.75),
        "budget": (0.95, 0.85),
        "sites": (0.88, 0.65),
    },
}


def _scores(rows, terminal_summary, title):
    found, errors = evaluate(rows)
    terminal_summary.append(table(found, f"role profile, {title} ({len(rows)} sentences)"))
    print("\n".join(errors))  # shown with a failing test, or with -s
    return {s.field: s for s in found}


@pytest.fixture(scope="module")
def scores(terminal_summary):
    rows = [r for r in load_set(SET) if r["split"] != HELD_OUT and r["split"] not in BELOW_TARGET]
    return _scores(rows, terminal_summary, "development splits")


@pytest.fixture(scope="module")
def below_target(terminal_summary):
    return {
        split: _scores(load_set(SET, split), terminal_summary, f"split {split}, below the targets")
        for split in BELOW_TARGET
    }


@pytest.fixture(scope="module")
def held_out(terminal_summary):
    return _scores(load_set(SET, HELD_OUT), terminal_summary, f"held-out split {HELD_OUT}")


def test_the_set_is_large_and_well_formed():
    rows = load_set(SET)
    assert len(rows) >= 1100
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)
    assert {r["split"] for r in rows} == {
        "dev",
        "test",
        "fresh",
        "fresh3",
        *(f"dev{n}" for n in range(2, 25)),
    }
    first = [r for r in rows if r["split"] in ("dev", "test")]
    assert 0.25 <= sum(r["split"] == "test" for r in first) / len(first) <= 0.35
    for r in rows:
        assert set(r) == {"id", "text", *FIELDS, "note", "split"}
        assert r["budget"] is None or (r["budget"]["amount"] > 0 and len(r["budget"]["currency"]) == 3)
    # Distractors: most sentences with a number state no span of control.
    assert sum(r["span_of_control"] is None for r in rows) >= 120


def _reaches(s, bounds, where):
    precision, recall = bounds
    assert s.precision >= precision, f"{s.field} precision {s.precision:.3f} < {precision} on {where}"
    assert s.recall >= recall, f"{s.field} recall {s.recall:.3f} < {recall} on {where}"


@pytest.mark.parametrize("field", FIELDS)
def test_precision_and_recall_reach_their_targets(scores, field):
    assert scores[field].labelled >= 15
    _reaches(scores[field], TARGETS[field], "the development splits")


@pytest.mark.parametrize("field", FIELDS)
def test_the_held_out_split_keeps_its_measured_figures(held_out, field):
    assert held_out[field].labelled >= 10
    _reaches(held_out[field], FLOORS[field], HELD_OUT)


@pytest.mark.parametrize(("split", "field"), [(s, f) for s, floors in BELOW_TARGET.items() for f in floors])
def test_the_splits_below_the_targets_keep_their_measured_figures(below_target, split, field):
    assert below_target[split][field].labelled >= 14
    _reaches(below_target[split][field], BELOW_TARGET[split][field], split)
