"""The facet lexicon: label-guide cues as data (``data/lexicon.tsv``)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from .constants import FACETS, ORIENTED
from .terms import Term, lemma


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: a lemma sequence that signals an orientation facet."""

    lemmas: tuple[str, ...]
    orientation: str
    facet: str
    weight: float


@lru_cache(maxsize=1)
def load_lexicon() -> tuple[Cue, ...]:
    """Read and validate the packaged lexicon.

    Returns
    -------
    tuple of Cue
        Entries in file order.
    """
    text = files("leadership_nlp").joinpath("data/lexicon.tsv").read_text("utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    cues = []
    seen: dict[tuple[tuple[str, ...], str, str], str] = {}
    for row in csv.DictReader(rows, delimiter="\t"):
        if row["orientation"] not in ORIENTED or row["facet"] not in FACETS:
            raise ValueError(f"lexicon.tsv: bad row {row!r}")
        words = row["term"].replace("-", " - ").split()
        lemmas = tuple(lemma(w) for w in words if w != "-")
        # Hyphens are split, so "long-term" and "long term" are one cue: listing
        # both would count a single "long-term" twice. (One phrase may still
        # name two facets, a row each.)
        key = (lemmas, row["orientation"], row["facet"])
        if key in seen:
            raise ValueError(f"lexicon.tsv: {row['term']!r} is the cue {seen[key]!r} again")
        seen[key] = row["term"]
        cues.append(Cue(lemmas, row["orientation"], row["facet"], float(row["weight"])))
    return tuple(cues)


def feature_names() -> list[str]:
    """Return one feature name per (orientation, facet) pair."""
    return [f"{o}:{f}" for o in ORIENTED for f in FACETS]


@lru_cache(maxsize=1)
def cue_index() -> dict[str, list[Cue]]:
    """Return the cues by their first lemma, each list in file order (the order they are matched)."""
    by_first: dict[str, list[Cue]] = {}
    for cue in load_lexicon():
        by_first.setdefault(cue.lemmas[0], []).append(cue)
    return by_first


def match(terms: list[Term]) -> list[tuple[Cue, Term]]:
    """Return the lexicon cues found in a sentence's unigram terms.

    Negated terms ("not_budget") never match, so negation removes a cue.
    The returned ``Term`` spans the matched words.
    """
    found = []
    words = [t.term for t in terms]
    index = cue_index()
    for i, word in enumerate(words):
        for cue in index.get(word, ()):
            n = len(cue.lemmas)
            if tuple(words[i : i + n]) == cue.lemmas:
                found.append((cue, Term(" ".join(cue.lemmas), terms[i].start, terms[i + n - 1].end)))
    return found


def by_feature(terms: list[Term]) -> dict[str, tuple[float, list[Term]]]:
    """Group a sentence's cues by feature name: the summed cue weight and the words of each.

    The one definition of a lexicon feature, shared by ``LexiconFeatures``
    (training), the fast scorer and the evidence locator.
    """
    out: dict[str, tuple[float, list[Term]]] = {}
    for cue, span in match(terms):
        name = f"{cue.orientation}:{cue.facet}"
        weight, spans = out.get(name, (0.0, []))
        out[name] = (weight + cue.weight, [*spans, span])
    return out
