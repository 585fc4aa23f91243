"""Counterfactual fairness: do verdicts move with a person's gender or origin.

Each check classifies a *group* of texts that differ only in who they are
about -- pronouns swapped (he/she, him/her, his/her, himself/herself),
titles swapped (Mr/Ms/Mrs/Miss/Mx), gendered nouns swapped (lads/lasses,
waiter/waitress, foreman/forewoman), or a first name replaced by names
typical of different genders and origins -- and records whether the labels
agree and how far any score moves: the document's leadership score and
every sentence's class probabilities. The shift of a group is the largest
difference between any two of its texts.

Run ``python -m leadership_nlp.train.fairness`` for the table of the model card.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..core.constants import LEADERSHIP

if TYPE_CHECKING:
    from ..core.document_result import OrientationResult
    from ..core.model import CompiledModel as Model
    from .estimator import OrientationModel

#: The largest score shift a counterfactual may cause (tests/train/test_fairness.py).
MAX_SHIFT = 0.01

#: Pronoun swaps (case is kept). "her" is both object and possessive; it maps
#: to "his", which reads wrongly in "told her" but is dropped the same way.
PRONOUN_SWAPS: dict[str, str] = {
    "he": "she",
    "she": "he",
    "him": "her",
    "his": "her",
    "her": "his",
    "hers": "his",
    "himself": "herself",
    "herself": "himself",
}
#: Gendered nouns and their counterparts (both ways; case is kept): words for people
#: ("lads", "sisters"), family and leave words, and job nouns ("waitress", "groundsman").
_NOUN_PAIRS: tuple[tuple[str, str], ...] = (
    ("man", "woman"),
    ("men", "women"),
    ("boy", "girl"),
    ("boys", "girls"),
    ("lad", "lass"),
    ("lads", "lasses"),
    ("guys", "gals"),
    ("gentlemen", "ladies"),
    ("brother", "sister"),
    ("brothers", "sisters"),
    ("father", "mother"),
    ("fathers", "mothers"),
    ("son", "daughter"),
    ("sons", "daughters"),
    ("husband", "wife"),
    ("husbands", "wives"),
    ("paternity", "maternity"),
    ("waiter", "waitress"),
    ("waiters", "waitresses"),
    ("host", "hostess"),
    ("hosts", "hostesses"),
    ("steward", "stewardess"),
    ("stewards", "stewardesses"),
    ("actor", "actress"),
    ("headmaster", "headmistress"),
    ("foreman", "forewoman"),
    ("foremen", "forewomen"),
    ("salesman", "saleswoman"),
    ("salesmen", "saleswomen"),
    ("tradesmen", "tradeswomen"),
    ("groundsman", "groundswoman"),
    ("groundsmen", "groundswomen"),
    ("postman", "postwoman"),
    ("postmen", "postwomen"),
    ("fishermen", "fisherwomen"),
    ("policeman", "policewoman"),
    ("draughtsman", "draughtswoman"),
    ("craftsmen", "craftswomen"),
    ("warehousemen", "warehousewomen"),
    ("journeyman", "journeywoman"),
    ("chairman", "chairwoman"),
    ("paternal", "maternal"),
    ("hero", "heroine"),
    ("usher", "usherette"),
    ("ushers", "usherettes"),
    ("headmasters", "headmistresses"),
    ("firemen", "firewomen"),
)
NOUN_SWAPS: dict[str, str] = {a: b for pair in _NOUN_PAIRS for a, b in (pair, pair[::-1])}
#: Titles compared in each title group.
TITLES: tuple[str, ...] = ("Mr", "Ms", "Mrs", "Miss", "Mx")
TITLE_SWAPS: dict[str, str] = {"mr": "ms", "ms": "mr", "mrs": "mr", "miss": "mr"}

#: (typically male, typically female, origin) first names.
NAME_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("James", "Mary", "English"),
    ("Oliver", "Olivia", "English"),
    ("Mohammed", "Fatima", "Arabic"),
    ("Wei", "Mei", "Chinese"),
    ("Kwame", "Ama", "Akan (Ghana)"),
    ("Raj", "Priya", "Indian"),
    ("José", "María", "Spanish"),
)
#: Every name substituted into a group, with the pronouns that go with it.
TEST_NAMES: tuple[tuple[str, str, str], ...] = tuple(
    (name, *pron) for m, f, _ in NAME_PAIRS for name, pron in ((m, ("he", "his")), (f, ("she", "her")))
)
#: First names that occur in the corpus and the bundled examples: a text
#: containing one of them gets it replaced by every name of ``TEST_NAMES``.
KNOWN_NAMES: frozenset[str] = frozenset(
    [n for n, _, _ in TEST_NAMES]
    + (
        "Aarav Aisha Aiyana Alejandra Amara Anjali Bogdan Bongani Carlos Chidi Daniel Dmitri Elif Ewa "
        "Greta Hannah Helena Hiro Hiroshi Ingrid Isabel Julien Kenji Kimberly Kofi Leila Lina Lucas "
        "Lucía Marek Mateo Matteo Mia Nadia Ngozi Olga Omar Pablo Peter Priyanka Rahul Ravi Rosa "
        "Samir Siobhan Sofia Sven Tariq Thandiwe Tomasz Tunde Yusuf Zainab Zanele Zara"
    ).split()
)
#: Sentences a name is put into; ``{name}``, ``{he}``/``{He}`` and ``{his}``
#: are filled in (``{title}`` in the title templates). They cover both orientations and a neutral line.
TEMPLATES: tuple[str, ...] = (
    "{name} manages a team of 12.",
    "{name} inspired the team with a vision.",
    "{name} sets quarterly budgets and KPIs for {his} team.",
    "{name} coached {his} direct reports to grow into bigger roles.",
    "{name} schedules shifts and signs off timesheets every week.",
    "{name} challenged the status quo and took strategic risks to grow the business.",
    "{name} kept every project on time and in scope.",
    "{name} lives in Leeds and speaks two languages.",
    "I report to {name}, who owns the budget. {He} sets the targets and {he} checks {his} KPIs daily.",
    "{name} built trust and empowered people; {he} shared a long-term vision for growth.",
)
TITLE_TEMPLATES: tuple[str, ...] = (
    "{title} Okafor sets the budget and monitors KPIs.",
    "{title} Okafor inspires people with a bold vision.",
    "Reporting to {title} Lindqvist, I schedule the rota.",
)
#: Sentences with gendered nouns, swapped for their counterparts (``swap_nouns``): the
#: role profile's people and the model's words alike.
NOUN_TEMPLATES: tuple[str, ...] = (
    "I've got 17 lads under me on the night shift.",
    "I run 20 gentlemen on the night shift.",
    "Qualified as a journeyman electrician; chairman of the safety committee.",
    "Supervised 12 postmen and 3 foremen on the early round.",
    "Led a crew of 40 men through the shutdown.",
    "Scheduled the waiters and hosts for the Saturday service.",
    "Trained the new groundsmen and set their weekly targets.",
    "Helped the sisters on the ward with the rotas.",
    "Covered a maternity leave in the finance team.",
    "Asked the guys to tidy the yard before the audit.",
)

_PRONOUN = re.compile(r"\b(" + "|".join(PRONOUN_SWAPS) + r")\b", re.I)
_NOUN = re.compile(r"\b(" + "|".join(NOUN_SWAPS) + r")\b", re.I)
_TITLE = re.compile(r"\b(?i:" + "|".join(TITLE_SWAPS) + r")\b(?=\.?\s+[A-Z])")
_NAME = re.compile(r"\b(" + "|".join(sorted(KNOWN_NAMES, key=len, reverse=True)) + r")\b", re.I)


def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word.lower()


def _swap(words: re.Pattern[str], swaps: dict[str, str], text: str) -> str:
    return words.sub(lambda m: _match_case(swaps[m.group(0).lower()], m.group(0)), text)


def swap_pronouns(text: str) -> str:
    """Swap gendered pronouns, keeping case.

    Examples
    --------
    >>> swap_pronouns("He told her his plan. She agreed.")
    'She told his her plan. He agreed.'
    """
    return _swap(_PRONOUN, PRONOUN_SWAPS, text)


def swap_nouns(text: str) -> str:
    """Swap gendered nouns for their counterparts, keeping case.

    Examples
    --------
    >>> swap_nouns("The lads and a Waitress thanked the foreman.")
    'The lasses and a Waiter thanked the forewoman.'
    """
    return _swap(_NOUN, NOUN_SWAPS, text)


def swap_titles(text: str) -> str:
    """Swap Mr/Ms/Mrs/Miss before a capitalised name, keeping case.

    Examples
    --------
    >>> swap_titles("Mr. Lee met Ms Okafor.")
    'Ms. Lee met Mr Okafor.'
    """
    return _swap(_TITLE, TITLE_SWAPS, text)


def replace_names(text: str, name: str) -> str:
    """Replace every known first name in ``text`` by ``name``, keeping case.

    Examples
    --------
    >>> replace_names("DANIEL OKAFOR-REID, daniel.okafor@example.com", "Priya")
    'PRIYA OKAFOR-REID, priya.okafor@example.com'
    """
    return _NAME.sub(lambda m: _match_case(name, m.group(0)), text)


@dataclass(frozen=True)
class Group:
    """Texts that differ only in who they are about."""

    kind: str
    source: str
    variants: tuple[str, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class GroupResult:
    """The labels of a group and the largest score differences within it.

    Attributes
    ----------
    group : Group
        The texts compared.
    labels : tuple of tuple of str
        Per text: the document label, then each sentence's label.
    shift : float
        Largest difference, between any two texts, of the document's
        leadership score or of any sentence's class probability.
    document_shift : float
        Largest difference of the document's leadership score alone.
    between : tuple of str
        The two variants that differ by ``shift``.
    """

    group: Group
    labels: tuple[tuple[str, ...], ...]
    shift: float
    document_shift: float
    between: tuple[str, str]

    @property
    def label_changed(self) -> bool:
        """True when two texts of the group differ in any label or in their sentences."""
        return len(set(self.labels)) > 1


def counterfactual_groups(items: Iterable[tuple[str, str]]) -> list[Group]:
    """Return the counterfactual groups of ``(source, text)`` items.

    A text yields a pronoun group if it has a gendered pronoun, a title
    group if it has a title before a name, and a name group (the text with
    each of ``TEST_NAMES``) if it has a known first name. The templates are
    added as name and title groups.
    """
    groups = []
    for source, text in items:
        swapped = swap_pronouns(text)
        if swapped != text:
            groups.append(Group("pronouns", source, ("original", "swapped"), (text, swapped)))
        swapped = swap_nouns(text)
        if swapped != text:
            groups.append(Group("nouns", source, ("original", "swapped"), (text, swapped)))
        swapped = swap_titles(text)
        if swapped != text:
            groups.append(Group("titles", source, ("original", "swapped"), (text, swapped)))
        if _NAME.search(text):
            names = tuple(n for n, _, _ in TEST_NAMES)
            texts = tuple(replace_names(text, n) for n in names)
            groups.append(Group("names", source, ("original", *names), (text, *texts)))
    for i, template in enumerate(TEMPLATES):
        texts = tuple(template.format(name=n, he=he, He=he.title(), his=his) for n, he, his in TEST_NAMES)
        groups.append(Group("templates", f"template {i + 1}", tuple(n for n, _, _ in TEST_NAMES), texts))
    for i, template in enumerate(TITLE_TEMPLATES):
        texts = tuple(template.format(title=t) for t in TITLES)
        groups.append(Group("titles", f"title template {i + 1}", TITLES, texts))
    for i, template in enumerate(NOUN_TEMPLATES):
        texts = (template, swap_nouns(template))
        groups.append(Group("nouns", f"noun template {i + 1}", ("original", "swapped"), texts))
    return groups


def _vector(result: OrientationResult) -> list[float]:
    # Everything that may not move: the document score and each sentence's
    # class probabilities.
    out = [result.scores[LEADERSHIP]]
    for s in result.sentences:
        out.extend(s.probabilities[c] for c in sorted(s.probabilities))
    return out


def measure(groups: Sequence[Group], model: Model | None = None) -> list[GroupResult]:
    """Classify every text of every group and measure the shift within each group."""
    from ..api import classify_batch, load_model

    model = model or load_model()
    unique = list(dict.fromkeys(t for g in groups for t in g.texts))
    by_text = dict(zip(unique, classify_batch(unique, model=model), strict=True))
    out = []
    for g in groups:
        results = [by_text[t] for t in g.texts]
        labels = tuple((r.label, *(s.label for s in r.sentences)) for r in results)
        vectors = [_vector(r) for r in results]
        width = min(len(v) for v in vectors)  # equal unless segmentation changed (a label change)
        shift, between = 0.0, ("-", "-")
        for k in range(width):
            column = [v[k] for v in vectors]
            lo = min(range(len(column)), key=column.__getitem__)
            hi = max(range(len(column)), key=column.__getitem__)
            if column[hi] - column[lo] > shift:
                shift, between = column[hi] - column[lo], (g.variants[lo], g.variants[hi])
        document = max(v[0] for v in vectors) - min(v[0] for v in vectors)
        out.append(GroupResult(g, labels, shift, document, between))
    return out


def default_items(
    corpus_root: str | Path | None = None, examples: str | Path | None = None
) -> list[tuple[str, str]]:
    """Return ``(source, text)`` for every corpus unit and every example .txt/.md file."""
    from .corpus import load_corpus

    corpus = load_corpus(corpus_root)
    items = [(u.id, u.text) for u in corpus.units]
    folder = Path(examples) if examples is not None else corpus.root.parent / "examples"
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix in (".txt", ".md") and path.name != "README.md":
                items.append((path.name, path.read_text("utf-8")))
    return items


def format_table(results: Sequence[GroupResult]) -> str:
    """Return a Markdown table of the maximum shift per kind of counterfactual."""
    lines = [
        "| counterfactual | groups | texts | groups with a label change | max shift, document score "
        "| max shift, any score | worst case |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    kinds = [
        k
        for k in ("pronouns", "titles", "nouns", "names", "templates")
        if any(r.group.kind == k for r in results)
    ]
    for kind in [*kinds, None]:
        rows = [r for r in results if kind is None or r.group.kind == kind]
        if not rows:
            continue
        worst = max(rows, key=lambda r: r.shift)
        changed = sum(r.label_changed for r in rows)
        texts = sum(len(r.group.texts) for r in rows)
        document = max(r.document_shift for r in rows)
        case = f"{worst.group.source}: {worst.between[0]} vs {worst.between[1]}" if worst.shift else ""
        name = kind or "**all**"
        lines.append(
            f"| {name} | {len(rows)} | {texts} | {changed} | {document:.4f} | {worst.shift:.4f} | {case} |"
        )
    return "\n".join(lines)


def name_weights(model: Model | None = None) -> list[tuple[str, float]]:
    """Return the features of the model that contain a known first name.

    Each feature comes with its largest absolute coefficient over the classes
    (in logit units, before temperature), largest first: the vocabulary
    entries a name can move a verdict through.
    """
    from ..api import load_model

    model = model or load_model()
    # A CompiledModel has coef_; an OrientationModel keeps it in its pipeline.
    coef = model.coef_ if hasattr(model, "coef_") else cast("OrientationModel", model).pipeline_[-1].coef_
    names = {n.lower() for n in KNOWN_NAMES}
    out = []
    for j, feature in enumerate(model.get_feature_names_out()):
        words = str(feature).partition("__")[2].split()
        if names.intersection(words):
            out.append((str(feature), float(abs(coef[:, j]).max())))
    return sorted(out, key=lambda fw: -fw[1])


def main(argv: list[str] | None = None) -> int:
    """Print the fairness table (and the worst groups) for the model card."""
    parser = argparse.ArgumentParser(
        prog="python -m leadership_nlp.train.fairness", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--corpus", help="corpus folder (default: ./corpus)")
    parser.add_argument("--examples", help="examples folder (default: next to the corpus)")
    parser.add_argument("--model", help="model folder (default: the shipped model)")
    parser.add_argument("--top", type=int, default=10, help="worst groups to list (default: 10)")
    args = parser.parse_args(argv)
    from ..api import load_model

    model = load_model(args.model)
    results = measure(counterfactual_groups(default_items(args.corpus, args.examples)), model)
    print(format_table(results))
    over = sum(r.shift > MAX_SHIFT for r in results)
    print(f"\n{over} of {len(results)} groups move a score by more than {MAX_SHIFT}")
    if args.top:
        print(f"\nworst {args.top} groups:")
    for r in sorted(results, key=lambda r: -r.shift)[: args.top]:
        flag = " LABEL CHANGED" if r.label_changed else ""
        print(f"  {r.shift:.4f}  {r.group.kind:9} {r.group.source}: {r.between[0]} vs {r.between[1]}{flag}")
    weights = name_weights(model)
    if weights:
        print(f"\nmodel features containing a first name ({len(weights)}), largest |coefficient| first:")
        for feature, weight in weights[: args.top]:
            print(f"  {weight:.3f}  {feature}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
