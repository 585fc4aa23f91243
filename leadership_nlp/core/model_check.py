"""Field-by-field checks of a compiled model's files, run at load time.

The manifest's checksums prove that the files are the ones the manifest
names; they do not prove that the manifest's author wrote sensible values.
A folder whose manifest was recomputed after its files were edited would
otherwise load and then hang (``n_max`` of a billion makes every sentence
loop a billion times), raise ``KeyError`` at classify time (a lexicon
feature the model has no column for) or give NaN scores (coefficients near
the float limit). :func:`check_metadata`, :func:`check_shapes` and :func:`check_arrays` refuse
such a folder at load, naming the field.

The ranges are wide: a model trained by ``leadership-nlp train`` with any
parameter its docs allow is far inside them.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .constants import LEADERSHIP, MANAGEMENT

#: Largest n-gram length accepted (training uses 1-3).
MAX_NGRAM = 8
#: Largest number of feature columns accepted.
MAX_FEATURES = 10_000_000
#: Range of the calibration temperature.
TEMPERATURE_RANGE = (1e-3, 1e3)
#: Largest absolute value of a coefficient, intercept or IDF weight.
MAX_WEIGHT = 1e6
#: Arrays of whole numbers (indices), not weights.
INDEX_ARRAYS = frozenset({"pair_ids"})


class ModelCheckError(ValueError):
    """A compiled model's field has a value the library cannot use; the message names it."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _strings(value: Any, field: str, *, unique: bool = True) -> list[str]:
    # set(map(type, ...)) and all(): tens of thousands of terms checked at C speed.
    if not isinstance(value, list) or not set(map(type, value)) <= {str} or not all(value):
        raise ModelCheckError(f"{field} must be a list of non-empty strings")
    if unique and len(set(value)) != len(value):
        raise ModelCheckError(f"{field} has duplicates")
    return value


def _field(meta: dict[str, Any], name: str, where: str) -> Any:
    if name not in meta:
        raise ModelCheckError(f"{where}{name} is missing")
    return meta[name]


def check_metadata(meta: Any) -> None:
    """Check every field of a parsed ``inference.json`` that inference reads.

    Raises
    ------
    ModelCheckError
        Naming the first field that is missing, of the wrong type or out of range.
    """
    from .lexicon import feature_names

    if not isinstance(meta, dict):
        raise ModelCheckError("the metadata is not a JSON object")
    _strings(_field(meta, "classes", ""), "classes")
    if not isinstance(_field(meta, "mask_roles", ""), bool):
        raise ModelCheckError("mask_roles must be true or false")
    if not isinstance(meta.get("mark_titles", False), bool):  # absent before 0.3: False
        raise ModelCheckError("mark_titles must be true or false")
    if not isinstance(meta.get("mark_spans", False), bool):  # absent before 0.3: False
        raise ModelCheckError("mark_spans must be true or false")
    if not isinstance(meta.get("passive_agents", False), bool):  # absent before TERM_RULES 7: False
        raise ModelCheckError("passive_agents must be true or false")
    y = meta.get("span_yield")  # absent before 0.3's C.6 rule: None
    if y is not None and not (isinstance(y, (int, float)) and not isinstance(y, bool) and 0 < y <= 1):
        raise ModelCheckError(f"span_yield is {y!r}, expected null or a probability above 0 and at most 1")
    if not isinstance(_field(meta, "params", ""), dict):
        raise ModelCheckError("params must be an object")
    _strings(_field(meta, "facet_classes", ""), "facet_classes")
    sc = _field(meta, "scorer", "")
    if not isinstance(sc, dict):
        raise ModelCheckError("scorer must be an object")
    n = _field(sc, "n_features", "scorer.")
    if not (_is_int(n) and 0 < n <= MAX_FEATURES):
        raise ModelCheckError(f"scorer.n_features is {n!r}, expected an int from 1 to {MAX_FEATURES:,}")
    n_max = _field(sc, "n_max", "scorer.")
    if not (_is_int(n_max) and 1 <= n_max <= MAX_NGRAM):
        raise ModelCheckError(f"scorer.n_max is {n_max!r}, expected an int from 1 to {MAX_NGRAM}")
    low, high = TEMPERATURE_RANGE
    t = _field(sc, "temperature", "scorer.")
    if not (
        isinstance(t, (int, float)) and not isinstance(t, bool) and math.isfinite(t) and low <= t <= high
    ):
        raise ModelCheckError(f"scorer.temperature is {t!r}, expected a number from {low:g} to {high:g}")
    if not isinstance(_field(sc, "sublinear", "scorer."), bool):
        raise ModelCheckError("scorer.sublinear must be true or false")
    for branch, names_key in (("lemma", "lemma_terms"), ("lexicon", "lexicon_names")):
        offset = _field(sc, f"{branch}_offset", "scorer.")
        names = _field(sc, names_key, "scorer.")
        if offset is None:
            continue
        if not (_is_int(offset) and offset >= 0):
            raise ModelCheckError(f"scorer.{branch}_offset is {offset!r}, expected an int >= 0 or null")
        _strings(names, f"scorer.{names_key}")
        if offset + len(names) > n:
            raise ModelCheckError(f"scorer.{names_key} runs past scorer.n_features")
    if "pair_words" in sc:  # absent before 0.3: worked out from lemma_terms at load
        _strings(sc["pair_words"], "scorer.pair_words")
    if sc["lexicon_offset"] is not None and set(sc["lexicon_names"]) != set(feature_names()):
        # Every lexicon feature the library can find needs a column, or classify raises KeyError.
        raise ModelCheckError(
            "scorer.lexicon_names do not match this library's lexicon features "
            "(a model trained with another lexicon: retrain with `leadership-nlp train`)"
        )


def check_arrays(arrays: dict[str, np.ndarray]) -> None:
    """Check the magnitudes of a compiled model's arrays (shapes are checked when it is built).

    Raises
    ------
    ModelCheckError
        A weight so large that scores overflow to NaN, a negative IDF, or an
        ``empty`` row that is not a probability distribution.
    """
    for name, array in arrays.items():
        values = np.asarray(array)
        if name in INDEX_ARRAYS:
            continue  # whole numbers, checked against the metadata by check_shapes
        if values.dtype.kind != "f" or not np.isfinite(values).all():
            raise ModelCheckError(f"{name} holds values that are not finite floats")
        if values.size and float(np.abs(values).max()) > MAX_WEIGHT:
            raise ModelCheckError(f"{name} holds a value beyond ±{MAX_WEIGHT:g}")
    if "idf" in arrays and arrays["idf"].size and float(arrays["idf"].min()) < 0:
        raise ModelCheckError("idf holds a negative weight")
    empty = arrays.get("empty")
    if empty is not None and not (
        float(empty.min(initial=0.0)) >= 0.0 and abs(float(empty.sum()) - 1.0) < 1e-6
    ):
        raise ModelCheckError("empty is not a probability distribution")


#: Rows of a stored pair index compared with the terms they stand for (spread over the index).
PAIR_SAMPLE = 512


def _pairs_spell_terms(ids: np.ndarray, words: list[str], terms: list[str]) -> bool:
    # A sample of the index's rows, evenly spread, must spell their terms: an index forged or
    # saved for other terms (reversed, shifted) would silently change every score.
    from .scorer import PairIndex

    for j in range(0, len(terms), max(1, len(terms) // PAIR_SAMPLE)):
        first, second, kind = PairIndex.split(terms[j])
        row = [int(x) for x in ids[j]]
        stored = (words[row[0]], words[row[1]], row[2]) if row[2] else ("", "", 0)
        if stored != (first, second, kind):
            return False
    return True


def check_shapes(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
    """Check that the metadata and the arrays of a compiled model fit together.

    Raises
    ------
    ValueError
        Naming what does not fit, so that such files are refused at load, not
        by an ``IndexError`` inside ``classify()``.
    """
    sc = meta["scorer"]
    n, classes = sc["n_features"], meta["classes"]
    k = len(classes)

    def check(ok: bool, what: str) -> None:
        if not ok:
            raise ValueError(what)

    check(isinstance(n, int) and 0 < n <= 10_000_000, "n_features out of range")
    check(len(set(classes)) == k and {LEADERSHIP, MANAGEMENT} <= set(classes), "classes")
    check(arrays["coef"].shape == (k, n) and arrays["intercept"].shape == (k,), "coef/intercept shape")
    check("empty" not in arrays or arrays["empty"].shape == (k,), "empty shape")
    check(math.isfinite(sc["temperature"]) and sc["temperature"] > 0, "temperature")
    check(isinstance(sc["n_max"], int) and 1 <= sc["n_max"] <= 5, "n_max out of range")
    floor, scale = sc.get("norm_floor", 0.0), sc.get("lexicon_scale", 1.0)
    check(isinstance(floor, (int, float)) and math.isfinite(floor) and floor >= 0, "norm_floor")
    check(isinstance(scale, (int, float)) and math.isfinite(scale) and scale > 0, "lexicon_scale")
    check(isinstance(sc.get("skipgrams", False), bool), "skipgrams")
    check(isinstance(sc.get("phrases", False), bool), "phrases")
    blocks = []
    for branch in ("lemma", "lexicon"):
        offset, names = sc[f"{branch}_offset"], sc["lemma_terms" if branch == "lemma" else "lexicon_names"]
        if offset is None:
            continue
        check(set(map(type, names)) <= {str} and len(set(names)) == len(names), "feature names")
        check(isinstance(offset, int) and 0 <= offset and offset + len(names) <= n, "feature block range")
        blocks.append((offset, offset + len(names)))
    check(bool(blocks), "no feature block")
    check(len(blocks) < 2 or blocks[0][1] <= blocks[1][0] or blocks[1][1] <= blocks[0][0], "blocks overlap")
    if sc["lemma_offset"] is not None:
        check(arrays.get("idf", np.empty(0)).shape == (len(sc["lemma_terms"]),), "idf shape")
    m = len(meta["facet_classes"])
    if "facet_coef" in arrays:
        shapes = arrays["facet_coef"].shape, arrays["facet_intercept"].shape
        check(shapes == ((m, n), (m,)), "facet shapes")
    if "pair_ids" in arrays:
        ids, words = arrays["pair_ids"], sc.get("pair_words")
        check(isinstance(words, list), "pair_ids without pair_words")
        check(ids.dtype.kind == "i" and ids.shape == (len(sc["lemma_terms"]), 3), "pair_ids shape")
        if ids.size:
            pair = ids[:, 2] != 0
            check(bool(np.isin(ids[:, 2], (0, 1, 2)).all()), "pair_ids kinds")
            check(bool((ids[~pair, :2] == -1).all()), "pair_ids of a single term")
            inside = (ids[pair, :2] >= 0) & (ids[pair, :2] < len(words))  # type: ignore[arg-type]
            check(bool(inside.all()), "pair_ids out of range")
            check(_pairs_spell_terms(ids, words, sc["lemma_terms"]), "pair_ids do not spell lemma_terms")
    for name, array in arrays.items():
        if name in INDEX_ARRAYS:
            continue
        check(array.dtype.kind == "f" and bool(np.isfinite(array).all()), f"{name}: not finite floats")
