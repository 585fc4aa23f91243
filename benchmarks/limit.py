"""A pure-Python limit: the shipped model's labels at the least cost Python allows.

Regex tokens and sentences, one cached dict lookup per distinct word (word ->
model term, worked out once with the library's lemma and word lists), the
shipped model's vocabulary, IDF, lexicon cues and coefficients read from
``inference.json`` + ``inference.npz``, unigram and bigram lookups, and one
numpy product per text. Labels only: no evidence, facets or role profile. It
approximates the library's tokens, sentence splits and term rules (no
"rather than" pair, a simpler title shape), so it agrees with
``classify_batch`` on most document labels, not all (the benchmark reports
how many).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
from spacy.lang.en.lex_attrs import like_num

from leadership_nlp.core import constants as C
from leadership_nlp.core.aggregate import Aggregator
from leadership_nlp.core.lexicon import load_lexicon
from leadership_nlp.core.terms import STOP_TERMS, first_names, is_content, lemma
from leadership_nlp.core.title_line import (
    FIRST_PERSON,
    TITLE_CONNECTORS,
    TITLE_MARK,
    TITLE_MAX_CAPS_WORDS,
    TITLE_MAX_WORDS,
)

TOKEN = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|\w+(?=n['’]t\b)|n['’]t\b|['’]\w+|\w+(?:\.\w+)*|[^\w\s]")
SENT_END = re.compile(r"(?<=[.!?])\s+")
SKIP, NEG, BREAK = 0, 1, 2


def _is_title(words: list[str]) -> bool:
    # The library's title shape (core.title_line) over regex tokens, less its verb-form rule.
    content = []
    for w in words:
        if not any(c.isalpha() for c in w) or w in TITLE_CONNECTORS:
            continue
        if not w[0].isupper() or w.lower() in FIRST_PERSON:
            return False
        if w.lower() not in STOP_TERMS:
            content.append(w)
    shouted = all(w.isupper() and len(w) > 1 for w in content) and len(content) > TITLE_MAX_CAPS_WORDS
    return 0 < len(content) <= TITLE_MAX_WORDS and not shouted and words[-1] not in (".", "!", "?")


class PureLimit:
    """Labels from the shipped model with regex tokens and plain dicts."""

    def __init__(self, model_dir: Path):
        meta = json.loads((model_dir / "inference.json").read_text("utf-8"))
        arrays, s = np.load(model_dir / "inference.npz"), meta["scorer"]
        self.classes = meta["classes"]
        self.coef_t = np.ascontiguousarray(arrays["coef"].T)
        self.intercept, self.temp, self.empty = arrays["intercept"], s["temperature"], arrays["empty"]
        off, self.idf = s["lemma_offset"], arrays["idf"].tolist()
        self.uni, self.bi = {}, {}  # term -> idf index; first -> {second -> idf index}
        for j, t in enumerate(s["lemma_terms"]):
            a, _, b = t.partition(" ")
            (self.bi.setdefault(a, {}).__setitem__(b, j) if b else self.uni.__setitem__(t, j))
        self.off, self.lex_off = off, s["lexicon_offset"]
        self.floor, self.lex_scale = s.get("norm_floor", 0.0), s.get("lexicon_scale", 1.0)
        names = {n: k for k, n in enumerate(s["lexicon_names"])}
        self.cues = {}  # first lemma -> [(lemmas, lexicon column, weight)]
        for c in load_lexicon():
            self.cues.setdefault(c.lemmas[0], []).append(
                (c.lemmas, names[f"{c.orientation}:{c.facet}"], c.weight)
            )
        self.kinds: dict[str, int | str] = {}
        self.mark_titles = meta.get("mark_titles", False)

    def _kind(self, w: str) -> int | str:
        lw = w.lower()
        if w in C.BULLETS or lw in C.GENDERED_WORDS or lw in C.REGISTER_WORDS or lw in first_names():
            return SKIP
        if lw in C.NEGATORS:
            return NEG
        if lw in C.CLAUSE_BREAKS or not w[0].isalnum():
            return BREAK
        if like_num(w):
            return "_num_"
        if lw in C.ROLE_NOUNS:
            return C.ROLE_MASK
        return lemma(w) if any(c.isalpha() for c in w) else SKIP

    def _terms(self, words: list[str]) -> list[str]:
        out, neg, kinds = [], False, self.kinds
        for w in words:
            k = kinds.get(w)
            if k is None:
                k = kinds[w] = self._kind(w)
            if k.__class__ is int:
                neg = (k == NEG) or (neg and k == SKIP)
            else:
                out.append(C.NEGATION_PREFIX + k if neg else k)
        if self.mark_titles and _is_title(words):
            out.append(TITLE_MARK)
        return out

    def sentences(self, text: str) -> list[str]:
        """Lines (a lower-case line continues the one before), then full stops."""
        lines: list[str] = []
        for line in text.splitlines():
            if line := line.strip():
                cont = lines and line[0].islower() and line[0] not in C.BULLETS
                lines[-1:] = [lines[-1] + " " + line] if cont else [*lines[-1:], line]
        return [s for line in lines for s in SENT_END.split(line)]

    def proba(self, sentences: list[str]) -> np.ndarray:
        """Class probabilities per sentence: one product of the coefficients per call."""
        rows, cols, vals, uni, bi, idf = [], [], [], self.uni, self.bi, self.idf
        for r, s in enumerate(sentences):
            t, counts, lex = self._terms(TOKEN.findall(s)), {}, {}
            for k, a in enumerate(t):  # lexicon cues see every term (stop words included)
                for lemmas, col, w in self.cues.get(a, ()):
                    if tuple(t[k : k + len(lemmas)]) == lemmas:
                        lex[col] = lex.get(col, 0.0) + w
            c = [a for a in t if is_content(a)]  # n-grams see the content terms only
            for k, a in enumerate(c):
                j = uni.get(a)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
                if k + 1 < len(c) and (j := bi.get(a, {}).get(c[k + 1])) is not None:
                    counts[j] = counts.get(j, 0) + 1
            v = {j: (math.log(n) + 1.0) * idf[j] for j, n in counts.items()}
            squared = sum(x * x for x in v.values())
            norm = math.sqrt(max(squared, self.floor)) or 1.0
            for j, x in v.items():
                rows.append(r), cols.append(self.off + j), vals.append(x / norm)
            for col, w in lex.items():
                rows.append(r), cols.append(self.lex_off + col), vals.append(self.lex_scale * math.log1p(w))
        logits = np.zeros((len(sentences), len(self.classes)))
        rows, cols = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
        np.add.at(logits, rows, self.coef_t[cols] * np.asarray(vals)[:, None])
        logits = (logits + self.intercept) / self.temp
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        p[np.bincount(rows, minlength=len(sentences)) == 0] = self.empty
        return p

    def predict(self, text: str) -> str:
        """Return the document label of ``text``."""
        sentences = self.sentences(text)
        agg, (lead, man) = Aggregator(), (self.classes.index(C.LEADERSHIP), self.classes.index(C.MANAGEMENT))
        if sentences:
            p = self.proba(sentences)
            for row, k in zip(p.tolist(), p.argmax(axis=1).tolist(), strict=True):
                agg.add(self.classes[k], row[lead], row[man])
        return agg.verdict()[0]
