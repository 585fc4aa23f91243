"""spaCy's English lookup data (spacy-lookups-data): the lemma table, and the words it knows."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import srsly


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """Return spaCy's English lookup lemmas, form -> lemma, as a plain dict.

    The package's files are gzipped JSON behind the paths it exposes. Callers
    must not change the dict (it is shared).
    """
    table: dict[str, str] = srsly.read_gzip_json(_path("lemma_lookup"))
    # JSON gives each value its own str: 41,580 of them for 26,007 lemmas. One
    # object per lemma (a form's own where it is its lemma) saves about 1 MB.
    shared = {form: form for form in table}
    return {form: shared.setdefault(lemma, lemma) for form, lemma in table.items()}


def _path(table: str) -> str:
    import spacy_lookups_data

    return str(spacy_lookups_data.en[table]) + ".gz"


def data_files() -> dict[str, str]:
    """Return the paths of the lookup tables read here, by name (to pin them by hash)."""
    return {name: _path(name) for name in ("lemma_lookup", "lemma_index")}


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Return the lowercase English words spaCy's data knows (about 110,000).

    The lemma table's forms and lemmas, the WordNet base forms of its lemma
    index and spaCy's stop words: what counts as an English word when a
    disguised word is read back ("m a n a g e d", "m4n4g3d"); a reading that
    is not one is not taken.

    Examples
    --------
    >>> {"managed", "manage", "team"} <= known_words(), "m4n4g3d" in known_words()
    (True, False)
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    table = lemma_table()
    index: dict[str, list[str]] = srsly.read_gzip_json(_path("lemma_index"))
    words = (*table, *table.values(), *(w for forms in index.values() for w in forms), *STOP_WORDS)
    return frozenset(w for w in words if w.isalpha() and w.islower())


def settings() -> dict[str, str]:
    """Return the hash of the lemma index, the part of :func:`known_words` the lemma table's pin misses."""
    with open(_path("lemma_index"), "rb") as fh:
        return {"lemma_index": hashlib.sha256(fh.read()).hexdigest()}
