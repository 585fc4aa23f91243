"""Where ``classify_batch`` spends its time: cProfile shares of its stages.

    python benchmarks/stages.py [--n-texts 150] [--seed 0]

Prints the share of the profiled time (cumulative) of each stage of the data
flow, for the same generated CV-length texts as ``bench.py``. The shares are
what ``benchmarks/README.md`` ("Where the time goes") quotes.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats

import cvtexts

import leadership_nlp

#: (module file, function) -> what the stage does.
STAGES = {
    ("segment.py", "iter_docs"): "tokenizer, sentencizer and line starts",
    ("scorer.py", "transform"): "n-gram and lexicon features",
    ("evidence.py", "explain_located"): "evidence per sentence",
    ("terms.py", "doc_unigrams"): "token arrays to terms",
    ("role_profile.py", "extract"): "role profile",
    ("segment.py", "sentences"): "sentence spans",
    ("compiled.py", "_facets"): "facets",
    ("types.py", "append"): "result table",
    ("language.py", "detect"): "language check",
    ("scorer.py", "predict_proba"): "probabilities",
}


def main(argv: list[str] | None = None) -> int:
    """Profile ``classify_batch`` and print one line per stage."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-texts", type=int, default=150)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    texts = list(cvtexts.iter_texts(args.n_texts, cvtexts.sentence_pool(), args.seed))
    leadership_nlp.classify_batch(texts[:10])  # model, lemma table, Matcher
    profiler = cProfile.Profile()
    profiler.enable()
    results = leadership_nlp.classify_batch(texts)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = max(v[3] for k, v in stats.items() if k[2] == "classify_batch")
    sentences = sum(sum(r.counts.values()) for r in results)
    print(f"{len(texts)} texts, {sentences} sentences, {total:.2f} s profiled")
    for (path, _, name), v in sorted(stats.items(), key=lambda kv: -kv[1][3]):
        what = STAGES.get((path.rsplit("/", 1)[-1], name))
        if what:
            print(f"{100 * v[3] / total:5.1f} %  {name:16s} {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
