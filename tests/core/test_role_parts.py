"""The role Matchers in parts keep in one part the patterns whose order the role profile reads.

``role_parts`` runs, per window, one Matcher per part of the patterns that
can match there, one part after another, so matches of different parts are
not in the whole Matcher's order. The role profile reads that order only
among matches of one label that start at one token (figures: and end at
one token): held here on pattern pairs whose matches the whole Matcher
gives in another order than the patterns', where the first of them decides
the profile; and on which patterns share a part.
"""

import json

from spacy.tokens import Doc

from leadership_nlp.core import role_profile
from leadership_nlp.core.normalise import shared_nlp
from leadership_nlp.core.role_matcher import compiled_for
from leadership_nlp.core.role_parts import _ties

NUM = {"LOWER": {"REGEX": r"^\d+$"}}


def _whole(monkeypatch):
    monkeypatch.setattr(role_profile, "value_matches", lambda target, c, *_: list(c.values(target)))
    monkeypatch.setattr(role_profile, "steer_matches", lambda target, c, *_: list(c.steer(target)))


def _patterns(tmp_path, records):
    extra = tmp_path / "mine.jsonl"
    extra.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return role_profile.load_patterns(extra)


def _ids(c, matches):
    return [c.specs_by_id[key].id for key, _, _ in matches]


def test_figures_of_one_span_read_the_whole_matchers_first(tmp_path, monkeypatch):
    # "zorb of 12": the Matcher gives zorb_needs_trigger's match before
    # zorb_free's (whose first token is optional), though zorb_free comes
    # first; the first figure of a span is tried first and needs a trigger,
    # so the next of that span, which needs none, is read (_alternatives).
    patterns = _patterns(
        tmp_path,
        [
            {
                "kind": "pattern",
                "label": "span_of_control",
                "id": "zorb_free",
                "pattern": [{"LOWER": "zorb", "OP": "?"}, {"LOWER": "of"}, "@num"],
                "trigger": False,
            },
            {
                "kind": "pattern",
                "label": "span_of_control",
                "id": "zorb_needs_trigger",
                "pattern": [{"LOWER": "zorb"}, {"LOWER": "of"}, "@num"],
            },
        ],
    )
    c = compiled_for(patterns)
    doc = shared_nlp()("The zorb of 12 was here.")
    whole = [m for m in c.values(doc) if c.specs_by_id[m[0]].id.startswith("zorb")]
    assert _ids(c, whole) == ["zorb_needs_trigger", "zorb_free", "zorb_free"]
    assert [(s, e) for _, s, e in whole] == [(1, 4), (1, 4), (2, 4)]
    sents = [doc[:]]
    fast = role_profile.extract(sents, patterns)
    _whole(monkeypatch)
    assert fast == role_profile.extract(sents, patterns)
    assert fast.span_of_control == 12


def test_triggers_of_one_start_read_the_whole_matchers_first(tmp_path, monkeypatch):
    # "zorb blah 12 engineers": both triggers end before the count; the
    # Matcher gives zorb_direct's first, which makes the count direct.
    patterns = _patterns(
        tmp_path,
        [
            {
                "kind": "pattern",
                "label": "trigger",
                "id": "zorb_plain",
                "pattern": [{"LOWER": "zorb", "OP": "?"}, {"LOWER": "blah"}],
            },
            {
                "kind": "pattern",
                "label": "trigger",
                "id": "zorb_direct",
                "pattern": [{"LOWER": "zorb"}, {"LOWER": "blah"}],
                "direct": True,
            },
        ],
    )
    c = compiled_for(patterns)
    doc = shared_nlp()("I zorb blah 12 engineers.")
    whole = [m for m in c.steer(doc) if c.specs_by_id[m[0]].id.startswith("zorb")]
    assert _ids(c, whole) == ["zorb_direct", "zorb_plain", "zorb_plain"]
    sents = [doc[:]]
    fast = role_profile.extract(sents, patterns)
    _whole(monkeypatch)
    assert fast == role_profile.extract(sents, patterns)
    assert fast.span_of_control == fast.direct_reports == 12


def test_patterns_that_can_tie_share_a_part():
    optional_first = [{"LOWER": "team", "OP": "?"}, {"LOWER": "of"}, NUM]
    team_first = [{"LOWER": "team"}, {"LOWER": "of"}, NUM]
    number_first = [NUM, {"LOWER": {"IN": ["people", "staff"]}}]
    number_first_too = [NUM, {"LOWER": "+", "OP": "?"}, {"LOWER": {"IN": ["staff", "engineers"]}}]
    parts = _ties(
        [
            ("span_of_control", optional_first),
            ("span_of_control", team_first),  # starts and ends where the first can
            ("span_of_control", number_first),  # "team" is no number: never starts with them
            ("span_of_control", number_first_too),  # ends on "staff" where the last can
            ("sites", team_first),  # another label
            ("trigger", [{"LOWER": "my"}]),
            ("trigger", [{"LOWER": "my"}, {"LOWER": "team"}]),  # starts where the last can
            ("trigger", [{}, {"LOWER": "my"}]),  # starts anywhere
            ("trigger", [{"LOWER": "of"}]),
            ("veto", team_first),  # read as a set
            ("veto", team_first),
        ]
    )
    assert parts == [0, 0, 2, 2, 4, 5, 5, 5, 5, 9, 10]


def test_figures_ending_on_different_words_are_apart():
    parts = _ties(
        [
            ("span_of_control", [NUM, {"LOWER": "people"}]),
            ("span_of_control", [NUM, {"LOWER": "sites"}, {"LOWER": "people", "OP": "?"}]),
            ("span_of_control", [NUM, {"LOWER": "teams"}]),
            ("trigger", [{"LOWER": "lead"}, {"LOWER": "people"}]),
            ("trigger", [{"LOWER": "lead"}, {"LOWER": "teams"}]),  # triggers tie on their start
        ]
    )
    assert parts == [0, 0, 2, 3, 3]


def test_a_window_runs_only_the_patterns_its_words_allow():
    c = compiled_for(role_profile.load_patterns())
    doc = Doc(shared_nlp().vocab, words=["we", "run", "4", "depots"])
    values = c.parts(doc)[0]
    lowers, orths = [t.lower for t in doc], [t.orth for t in doc]
    held = {c.specs_by_id[k] for m in values.matchers(lowers, orths, doc.vocab.strings) for k in m._patterns}
    assert ("sites", "count_sites") in {(spec.label, spec.id) for spec in held}
    assert len(held) < len(c.flag_values) / 4
    assert values.matchers(lowers[:2], orths[:2], doc.vocab.strings) == []  # no number there
