"""Reproducible benchmark texts in three registers, built from the corpus and ``examples/``.

Registers: CV text (:func:`make_text`: contact line, profile, jobs with
bulleted achievements, skills, education), job-ad prose (:func:`make_job_ad`:
paragraphs of several full sentences, no bullets) and long-sentence prose
(:func:`make_long_prose`: sentences of 40-80 words, pool sentences joined with
commas and conjunctions).

Run as a script, it builds the pool and writes the texts to a JSON file::

    python benchmarks/cvtexts.py --write texts.json --cv 2000 --job-ads 1000 --long 1000

so that a measuring process reads ready texts and never tokenizes the pool
itself (building the pool fills spaCy's tokenizer cache with every pool word,
which would make any tokenizer-bound measurement after it look faster).

The sentence pool is every labelled corpus unit, every sentence of the example
CVs and job ads, and every O*NET task statement in
``examples/onet_role_profiles.csv``. Text ``i`` of a run is drawn from the pool
with ``random.Random(f"{seed}:{i}")``, so the same seed gives the same texts in
any order, in any process, and a stream of texts needs no list in memory.

O*NET task statements: this data includes information from the O*NET 30.1
Database by the U.S. Department of Labor, Employment and Training
Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a
trademark of USDOL/ETA. USDOL/ETA has not approved, endorsed, or tested these
modifications.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_SUFFIXES = (".txt", ".md", ".pdf", ".docx")
TITLES = (
    "Operations Manager, Northfield Logistics",
    "Head of Product, Example Software Ltd",
    "Ward Manager, Example General Hospital",
    "Store Manager, Example Foods",
    "Engineering Manager, Example Cloud",
    "Director of Transformation, Example Bank",
    "Shift Supervisor, Example Warehousing",
    "Team Lead, Example Analytics",
)
SKILLS = (
    "Skills: Excel, SQL, Power BI, SAP, Jira, Lean Six Sigma, PRINCE2.",
    "Languages: English (native), French (working).",
    "Tools: Salesforce, Tableau, Python, Confluence.",
)
EDUCATION = (
    "BSc Business Studies, University of Example, 2012",
    "MBA, Example Business School, 2016",
    "BA Economics, Example College, 2009",
)


def sentence_pool(repo: Path = REPO) -> list[str]:
    """Return the deduplicated sentences texts are drawn from, in a fixed order.

    Parameters
    ----------
    repo : Path
        The repository root (with ``corpus/`` and ``examples/``).

    Returns
    -------
    list of str
        Sentences of at least three words.
    """
    from leadership_nlp.adapters.readers import iter_csv_documents, read_document
    from leadership_nlp.core.segment import split_sentences
    from leadership_nlp.train.corpus import load_corpus

    texts = [u.text for u in load_corpus(repo / "corpus").units]
    examples = repo / "examples"
    for path in sorted(examples.iterdir()):
        if path.suffix.lower() in EXAMPLE_SUFFIXES and path.name != "README.md":
            texts += [s for _, _, s in split_sentences(read_document(path))]
    for doc in iter_csv_documents(examples / "onet_role_profiles.csv", "tasks"):
        texts += [s for _, _, s in split_sentences(doc.text)]
    clean = (" ".join(t.split()) for t in texts)
    return list(dict.fromkeys(t for t in clean if len(t.split()) >= 3))


def make_text(i: int, pool: list[str], seed: int = 0) -> str:
    """Return benchmark text ``i``: a CV of 250-550 words.

    A name and contact line, a profile paragraph, two or three jobs with
    bulleted achievements, skills and education, the sentences drawn from
    ``pool``.
    """
    rng = random.Random(f"{seed}:{i}")
    target = rng.randint(250, 550)
    lines = [f"Candidate {i:06d}", f"candidate{i}@example.com | 07700 900{i % 1000:03d} | Leeds", ""]
    lines += ["Profile", " ".join(rng.choice(pool) for _ in range(rng.randint(2, 3))), "", "Experience"]
    words = sum(len(line.split()) for line in lines)
    jobs = rng.randint(2, 3)
    for job in range(jobs):
        lines.append(f"{rng.choice(TITLES)}, {2024 - 4 * (job + 1)}-{2024 - 4 * job}")
        share = (target - words) // (jobs - job)
        used = 0
        while used < share:
            bullet = rng.choice(pool)
            lines.append(f"- {bullet}")
            used += len(bullet.split())
        words += used
        lines.append("")
    lines += ["Skills", rng.choice(SKILLS), "", "Education", rng.choice(EDUCATION)]
    return "\n".join(lines)


def iter_texts(n: int, pool: list[str], seed: int = 0, start: int = 0) -> Iterator[str]:
    """Yield texts ``start`` to ``start + n - 1`` one at a time (a stream)."""
    for i in range(start, start + n):
        yield make_text(i, pool, seed)


def _sentence(s: str) -> str:
    # A pool sentence as a full sentence: O*NET statements and CV bullets often lack the full stop.
    return s if s[-1] in ".!?" else s + "."


def make_job_ad(i: int, pool: list[str], seed: int = 0) -> str:
    """Return job-ad text ``i``: 3-5 paragraphs of 3-6 full sentences each, no bullets."""
    rng = random.Random(f"ad:{seed}:{i}")
    paragraphs = []
    for _ in range(rng.randint(3, 5)):
        paragraphs.append(" ".join(_sentence(rng.choice(pool)) for _ in range(rng.randint(3, 6))))
    return "\n\n".join(paragraphs)


JOINERS = (", and ", ", while ", ", but ", ", so ", "; ", ", and then ", ", which means ")


def _clause(s: str) -> str:
    s = s.rstrip(".!?;: ")
    # Lower-case the first word unless it is an acronym or "I".
    first = s.split(" ", 1)[0]
    return s if first.isupper() or first == "I" else s[:1].lower() + s[1:]


def make_long_sentence(rng: random.Random, pool: list[str]) -> str:
    """Return one sentence of 40-80 words: pool sentences joined by commas and conjunctions.

    A single pool sentence longer than 80 words stays as it is.
    """
    target = rng.randint(40, 80)
    parts = [rng.choice(pool).rstrip(".!?;: ")]
    words = len(parts[0].split())
    while words < 40:
        nxt = _clause(rng.choice(pool))
        n = len(nxt.split())
        if words + n > max(target, 40) and words + n > 80:
            continue
        parts.append(rng.choice(JOINERS) + nxt)
        words += n
    return "".join(parts) + "."


def make_long_prose(i: int, pool: list[str], seed: int = 0) -> str:
    """Return long-sentence prose ``i``: 2-3 paragraphs of 2-4 sentences of 40-80 words."""
    rng = random.Random(f"long:{seed}:{i}")
    return "\n\n".join(
        " ".join(make_long_sentence(rng, pool) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(2, 3))
    )


REGISTERS = {"cv": make_text, "job_ad": make_job_ad, "long_prose": make_long_prose}

#: Warm-up texts, not from the pool: they load models and tables, and add
#: only a handful of words to any cache.
WARMUP = [
    "Jo Example\njo@example.com\n\nI manage a team of five and set the budget.\n- Coached two new leads.",
    "We are looking for a shift lead. You will plan rotas, inspire the team and report to the owner.",
]


def build(sizes: dict[str, int], seed: int = 0, repo: Path = REPO) -> dict:
    """Return ``{"pool_sentences": n, "warmup": [...], register: [texts]}`` for ``sizes``."""
    pool = sentence_pool(repo)
    out: dict = {"pool_sentences": len(pool), "seed": seed, "warmup": WARMUP}
    for name, make in REGISTERS.items():
        out[name] = [make(i, pool, seed) for i in range(sizes.get(name, 0))]
    return out


def words(text: str) -> int:
    """Whitespace-separated words: the unit of every words/s figure."""
    return len(text.split())


def main(argv: list[str] | None = None) -> int:
    """Write the benchmark texts to a JSON file (see the module docstring)."""
    ap = argparse.ArgumentParser(description="write benchmark texts as JSON")
    ap.add_argument("--write", type=Path, required=True)
    ap.add_argument("--cv", type=int, default=0)
    ap.add_argument("--job-ads", type=int, default=0)
    ap.add_argument("--long", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    data = build({"cv": args.cv, "job_ad": args.job_ads, "long_prose": args.long}, args.seed)
    args.write.write_text(json.dumps(data), "utf-8")
    print(json.dumps({k: len(v) if isinstance(v, list) else v for k, v in data.items()}))
    return 0


def save_pool(pool: list[str], path: Path) -> None:
    """Write the pool as JSON, for the measurement subprocesses."""
    path.write_text(json.dumps(pool), "utf-8")


def read_pool(path: Path) -> list[str]:
    """Read a pool written by :func:`save_pool`."""
    return json.loads(Path(path).read_text("utf-8"))


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
