"""Where ``classify_batch`` spends its time: cProfile shares of its stages.

    python benchmarks/stages.py [--n-texts 150] [--register cv] [--seed 0] [--texts FILE]

Prints the share of the profiled time (cumulative) of each stage of the data
flow, for the same generated texts as ``bench.py``. The texts are built by a
separate process (``cvtexts.py --write``) and read from JSON here, so the
profiled process never tokenizes the sentence pool: building the pool in this
process would fill spaCy's tokenizer cache with every pool word and
understate the tokenizer's share. ``--texts`` reads a file written earlier.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

import leadership_nlp

HERE = Path(__file__).resolve().parent

#: (module file, function) -> what the stage does.
STAGES = {
    ("segment.py", "iter_docs"): "tokenizer, sentencizer and line starts",
    ("term_arrays.py", "features_many"): "terms, n-gram and lexicon features (token arrays)",
    ("term_arrays.py", "_token_rows"): "one lookup per distinct word",
    ("evidence.py", "weigh"): "evidence features (ranked when read)",
    ("role_profile.py", "extract"): "role profile",
    ("segment.py", "sentences"): "sentence spans",
    ("model.py", "_facets"): "facets",
    ("sentence_table.py", "_extend"): "result table",
    ("language.py", "detect"): "language check",
    ("scorer.py", "predict_proba"): "probabilities",
}


def read_texts(args: argparse.Namespace) -> list[str]:
    """Return the texts to profile, built in a separate process unless ``args.texts`` is given."""
    if args.texts is None:
        args.texts = Path(tempfile.mkdtemp()) / "texts.json"
        flag = {"cv": "--cv", "job_ad": "--job-ads", "long_prose": "--long"}[args.register]
        cmd = [sys.executable, str(HERE / "cvtexts.py"), "--write", str(args.texts), flag, str(args.n_texts)]
        subprocess.run([*cmd, "--seed", str(args.seed)], check=True, capture_output=True)
    texts = json.loads(args.texts.read_text("utf-8"))[args.register][: args.n_texts]
    if len(texts) < args.n_texts:
        raise SystemExit(f"{args.texts} holds {len(texts)} {args.register} texts, {args.n_texts} asked")
    return texts


def main(argv: list[str] | None = None) -> int:
    """Profile ``classify_batch`` and print one line per stage."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-texts", type=int, default=150)
    ap.add_argument("--register", choices=("cv", "job_ad", "long_prose"), default="cv")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--texts", type=Path, help="a JSON file from cvtexts.py --write (default: build one now)")
    args = ap.parse_args(argv)
    texts = read_texts(args)
    # Model, lemma table, Matcher: warmed on a few words that are not from the pool.
    leadership_nlp.classify_batch(json.loads(args.texts.read_text("utf-8"))["warmup"])
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
