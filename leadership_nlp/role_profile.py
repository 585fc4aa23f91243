"""Sentences -> role profile: span of control, role verbs, budget, sites.

Rule-based, with spaCy ``Matcher`` patterns over the tokens, because the
figures must be exact and checkable: every figure comes with its ``Mention``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np
from spacy.attrs import LIKE_NUM, LOWER
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .once import once
from .segment import in_sorted, shared_nlp
from .terms import lemma
from .types import Budget, Mention, RoleProfile

_ROLE_VERBS = ("manage", "lead", "oversee", "supervise", "head", "direct", "run", "coordinate")
_VERB_FORMS = {
    "manage": ["manage", "manages", "managed", "managing"],
    "lead": ["lead", "leads", "led", "leading"],
    "oversee": ["oversee", "oversees", "oversaw", "overseen", "overseeing"],
    "supervise": ["supervise", "supervises", "supervised", "supervising"],
    "head": ["head", "heads", "headed", "heading"],
    "direct": ["direct", "directs", "directed", "directing"],
    "run": ["run", "runs", "ran", "running"],
    "coordinate": ["coordinate", "coordinates", "coordinated", "coordinating"],
}
_PEOPLE = """people person staff employee worker engineer developer colleague member report
associate operative agent nurse analyst technician driver volunteer consultant fte headcount
individual personnel crew supervisor specialist salesperson salespeople representative rep
officer teacher contractor designer scientist researcher accountant clerk assistant
professional manager leader""".split()
_PEOPLE_FORMS = sorted({w for p in _PEOPLE for w in (p, p + "s", p + "es")})
_UNITS = """team teams department departments group groups function functions unit units
division divisions project projects programme programmes program programs site sites
operation operations organisation organization store stores branch branches shift shifts
rota rotas""".split()
_SITES = """site location store branch office plant warehouse depot factory clinic hospital
school restaurant hotel country region campus centre center facility""".split()
_SITE_FORMS = sorted({w for s in _SITES for w in (s, s + "s", s + "es")} | {"countries", "facilities"})
_CURRENCY = {
    "£": "GBP",
    "$": "USD",
    "€": "EUR",
    "¥": "JPY",
    "gbp": "GBP",
    "usd": "USD",
    "eur": "EUR",
    "pounds": "GBP",
    "dollars": "USD",
    "euros": "EUR",
}
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "b": 1e9, "billion": 1e9}
_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_WORDS.update(
    {
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "thousand": 1000,
        "dozen": 12,
        "a": 1,
    }
)
_NUM = {"LIKE_NUM": True}


def parse_number(text: str) -> float | None:
    """Parse "1,200", "2.5", "12k" or a number word ("twelve") into a float.

    Examples
    --------
    >>> parse_number("1,200"), parse_number("twelve"), parse_number("12k"), parse_number("x")
    (1200.0, 12.0, 12000.0, None)
    """
    t = text.lower().replace(",", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(k|m|bn)?\+?", t)
    if m:
        return float(m.group(1)) * (_SCALE[m.group(2)] if m.group(2) else 1)
    if t in _WORDS:
        return float(_WORDS[t])
    parts = t.split("-")
    if len(parts) == 2 and all(p in _WORDS for p in parts):
        return float(_WORDS[parts[0]] + _WORDS[parts[1]])
    return None


@once
def _matcher() -> Matcher:
    m = Matcher(shared_nlp().vocab)
    between = {"IS_ALPHA": True, "OP": "?", "LOWER": {"NOT_IN": ["and", "or", "with", "in", "across"]}}
    m.add("PEOPLE", [[_NUM, between, between, {"LOWER": {"IN": _PEOPLE_FORMS}}]])
    m.add(
        "TEAM_OF",
        [
            [
                {"LOWER": {"IN": ["team", "teams", "staff", "crew", "workforce", "group"]}},
                {"LOWER": "of"},
                {"LOWER": {"IN": ["over", "about", "around", "some"]}, "OP": "?"},
                _NUM,
            ]
        ],
    )
    m.add("DIRECT_REPORTS", [[_NUM, {"LOWER": "direct"}, {"LOWER": {"IN": ["reports", "report"]}}]])
    m.add("SITES", [[_NUM, between, {"LOWER": {"IN": _SITE_FORMS}}]])
    m.add(
        "BUDGET",
        [
            [{"LOWER": {"IN": ["£", "$", "€", "¥"]}}, _NUM, {"LOWER": {"IN": list(_SCALE)}, "OP": "?"}],
            [
                _NUM,
                {"LOWER": {"IN": list(_SCALE)}, "OP": "?"},
                {"LOWER": {"IN": ["gbp", "usd", "eur", "pounds", "dollars", "euros"]}},
            ],
        ],
    )
    forms = [f for fs in _VERB_FORMS.values() for f in fs]
    m.add("ROLE_VERB", [[{"LOWER": {"IN": forms}}]])
    return m


def _verb_has_object(sent: Span, i: int) -> bool:
    # "manage 100 people", "lead a team" count; "Lead author", "manage my calendar",
    # and a job title ("Lead Data Engineer") do not.
    doc = sent.doc
    if i + 1 < sent.end and doc[i].is_title and doc[i + 1].is_title:
        return False
    if doc[i].lower_ == "direct" and i + 1 < sent.end and doc[i + 1].lower_.startswith("report"):
        return False
    for tok in doc[i + 1 : min(i + 6, sent.end)]:
        low = tok.lower_
        if low in _PEOPLE_FORMS or low in _UNITS:
            return True
        if tok.is_punct:
            return False
    return False


def _names_people_after(sent: Span, span: Span) -> bool:
    # The token after a SITES match is a people noun when the site word is a
    # modifier ("40 warehouse operatives", "12 store staff"), not a count of sites.
    return span.end < sent.end and sent.doc[span.end].lower_ in _PEOPLE_FORMS


def _value(span: Span) -> float | None:
    nums = [parse_number(t.text) for t in span if t.like_num]
    nums = [n for n in nums if n is not None]
    return nums[-1] if nums else None


def _longest(sent: Span, matcher: Matcher) -> list[tuple[str, Span]]:
    # The Matcher returns every overlapping variant ("£5" and "£5M"); keep the
    # longest match of each kind. ``as_spans`` gives doc offsets, not the
    # sentence-relative ones of the tuple form.
    by_kind: dict[str, list[Span]] = {}
    for span in matcher(sent, as_spans=True):
        by_kind.setdefault(span.label_, []).append(span)
    out = [(kind, span) for kind, spans in by_kind.items() for span in filter_spans(spans)]
    return sorted(out, key=lambda ks: ks[1].start)


#: Words one of which every pattern but ROLE_VERB needs, within _NEAR tokens of its number.
_KEYWORDS = (
    set(_PEOPLE_FORMS)  # "reports" among them (DIRECT_REPORTS)
    | set(_SITE_FORMS)
    | {"team", "teams", "staff", "crew", "workforce", "group"}
    | {"£", "$", "€", "¥", "gbp", "usd", "eur", "pounds", "dollars", "euros"}
)
#: The farthest a pattern's keyword is from its number: "a team of about 40", "12 senior lead engineers".
_NEAR = 3


@once
def _lowers() -> tuple[np.ndarray, np.ndarray]:
    # Sorted string ids of the verb forms and of the keywords.
    strings = shared_nlp().vocab.strings
    forms = [f for fs in _VERB_FORMS.values() for f in fs]
    verbs = np.unique(np.array([strings.add(f) for f in forms], dtype=np.uint64))
    keywords = np.unique(np.array([strings.add(w) for w in _KEYWORDS], dtype=np.uint64))
    return verbs, keywords


def _candidates(sentences: Iterable[Span]) -> Iterator[tuple[Span, list[tuple[str, Span]] | None]]:
    # Every pattern but ROLE_VERB needs a number-like token with one of
    # _KEYWORDS at most _NEAR tokens before or after it, and ROLE_VERB is one
    # token from a fixed list. So a sentence with such a pair goes to the
    # Matcher (None), one with a verb form gets its ROLE_VERB matches read
    # off the token array, and any other sentence cannot match at all. Most
    # sentences never reach the Matcher (a CV's numbers are mostly dates);
    # the arrays are read once per doc.
    flags: dict[int, tuple[Doc, np.ndarray, np.ndarray, np.ndarray]] = {}
    verb_ids, keyword_ids = _lowers()
    for sent in sentences:
        doc = sent.doc
        entry = flags.get(id(doc))
        if entry is None or entry[0] is not doc:
            arr = doc.to_array([LIKE_NUM, LOWER]) if len(doc) else np.zeros((0, 2), dtype=np.uint64)
            n = len(arr)
            verb = in_sorted(arr[:, 1], verb_ids)
            keys = np.concatenate([[0], np.cumsum(in_sorted(arr[:, 1], keyword_ids))])
            at = np.arange(n)
            near = keys[np.minimum(at + _NEAR + 1, n)] > keys[np.maximum(at - _NEAR, 0)]
            zero = np.zeros(1, dtype=np.int64)
            entry = (
                doc,
                np.concatenate([zero, np.cumsum((arr[:, 0] != 0) & near)]),
                np.concatenate([zero, np.cumsum(verb)]),
                verb,
            )
            flags[id(doc)] = entry
        _, pairs, verbs, verb = entry
        if pairs[sent.end] > pairs[sent.start]:
            yield sent, None
        elif verbs[sent.end] > verbs[sent.start]:
            found = np.flatnonzero(verb[sent.start : sent.end]) + sent.start
            yield sent, [("ROLE_VERB", doc[i : i + 1]) for i in found.tolist()]


def extract(sentences: Iterable[Span]) -> RoleProfile:
    """Build the role profile of a text from its sentences.

    Examples
    --------
    >>> from leadership_nlp.segment import shared_nlp
    >>> extract([shared_nlp()("I manage upwards of 100 people.")[:]]).span_of_control
    100
    """
    matcher = _matcher()
    verbs: list[str] = []
    mentions: list[Mention] = []
    people: list[float] = []
    reports: list[float] = []
    sites: list[float] = []
    budgets: list[Budget] = []
    for sent, verbs_only in _candidates(sentences):
        found = _longest(sent, matcher) if verbs_only is None else verbs_only
        sent_verbs = [
            span for kind, span in found if kind == "ROLE_VERB" and _verb_has_object(sent, span.start)
        ]
        for span in sent_verbs:
            if lemma(span.text) not in verbs:
                verbs.append(lemma(span.text))
            mentions.append(Mention("role_verb", span.text, span.start_char, span.end_char))
        has_budget_word = any(kind == "BUDGET" for kind, _ in found) and any(
            t.lower_ in ("budget", "budgets", "spend", "p&l", "cost") for t in sent
        )
        for kind, span in found:
            value = _value(span)
            if kind == "ROLE_VERB" or value is None:
                continue
            if kind in ("PEOPLE", "TEAM_OF") and (sent_verbs or kind == "TEAM_OF"):
                people.append(value)
            elif kind == "DIRECT_REPORTS":
                reports.append(value)
                people.append(value)
            elif kind == "SITES":
                if _names_people_after(sent, span):
                    continue  # "40 warehouse operatives": the site word describes people
                sites.append(value)
            elif kind == "BUDGET" and has_budget_word:
                scale = next((_SCALE[t.lower_] for t in span if t.lower_ in _SCALE), 1.0)
                cur = next((_CURRENCY[t.lower_] for t in span if t.lower_ in _CURRENCY), None)
                budgets.append(Budget(amount=value * scale, currency=cur, text=span.text))
            else:
                continue
            mentions.append(Mention(kind.lower(), span.text, span.start_char, span.end_char, value))
    return RoleProfile(
        span_of_control=int(max(people)) if people else None,
        role_verbs=verbs,
        direct_reports=int(max(reports)) if reports else None,
        budget=max(budgets, key=lambda b: b.amount) if budgets else None,
        sites=int(max(sites)) if sites else None,
        mentions=mentions,
    )
