"""The typo table: misspellings of the library's orientation words, and the word each one is.

``data/typos.json`` maps a misspelling ("manged", "insipred", "mentorred") to
the word it misspells; :func:`leadership_nlp.core.folding.fold` reads a word
found there as that word, so a cue or a role verb typed with one slip is
still read. The words are the one-word cues of the facet lexicon and the
role verbs, of at least six letters (a slip of a shorter word is too often
another word or a name: "leds", "gros", "Hird"), with their inflected forms
(spaCy's lemma table), all English words; the slips are one letter dropped
(not the last: "Visio" is a product, not "vision" cut short), doubled, or
swapped with the next. A slip is left out when it is itself an English word
(spaCy's lookup data, the first names), another of the words, a slip of two
different words, or about as common in web text as its word (spaCy's
lexeme probabilities: within a factor of 20, as "mentos" and "stales" are),
so that what is kept is a slip for sure. Built here, at build time, so that the run time needs
neither the lookup data's word list nor this work::

    python -m leadership_nlp.train.typos      # rewrite data/typos.json
"""

from __future__ import annotations

import json
import math
from importlib.resources import files
from pathlib import Path

from ..core.lexicon import load_lexicon
from ..core.lookups import known_words, lemma_table
from ..core.role_patterns import load_patterns
from ..core.terms import first_names

#: The shortest word whose slips are read (a slip of a shorter word is too often another word).
MIN_LETTERS = 6
#: A slip must be rarer than its word in web text by this much (natural log of the ratio): a
#: string about as common as the word is a word of its own ("mentos" for "mentors").
MIN_RARER = 3.0
PATH = Path(str(files("leadership_nlp").joinpath("data/typos.json")))


def words() -> set[str]:
    """Return the words whose slips are read: one-word cues and role verbs, with their forms."""
    patterns = load_patterns(defaults=True)
    lemmas = {cue.lemmas[0] for cue in load_lexicon() if len(cue.lemmas) == 1}
    lemmas |= set(patterns.verbs.values())
    english = known_words()
    found = lemmas | {form for form, lemma in lemma_table().items() if lemma in lemmas}
    return {w for w in found if w in english and len(w) >= MIN_LETTERS}


def slips(word: str) -> set[str]:
    """Return the words one slip away from ``word``: a letter dropped (not the last), doubled or swapped."""
    out = {word[:i] + word[i + 1 :] for i in range(len(word) - 1)}
    out |= {word[:i] + word[i] + word[i:] for i in range(len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    out.discard(word)
    return out


def build() -> dict[str, str]:
    """Return the table, misspelling -> word, sorted."""
    import spacy_lookups_data
    import srsly

    targets = words()
    english = known_words() | {n.lower() for n in first_names()}
    prob: dict[str, float] = srsly.read_gzip_json(str(spacy_lookups_data.en["lexeme_prob"]) + ".gz")
    table: dict[str, str] = {}
    clashes: set[str] = set()
    for word in sorted(targets):
        for slip in slips(word):
            if slip in english or slip in targets:
                continue
            # A slip never seen in web text is rare enough whatever its word.
            if prob.get(slip, -math.inf) > prob.get(word, -math.inf) - MIN_RARER:
                continue
            if table.setdefault(slip, word) != word:
                clashes.add(slip)
    return {k: v for k, v in sorted(table.items()) if k not in clashes}


def main() -> None:
    """Write ``data/typos.json``."""
    table = build()
    PATH.write_text(json.dumps(table, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(table)} misspellings of {len(set(table.values()))} words written to {PATH}")


if __name__ == "__main__":
    main()
