"""Reproducible CV-length benchmark texts, built from the corpus and ``examples/``.

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

import json
import random
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
    from leadership_nlp.corpus import load_corpus
    from leadership_nlp.readers import iter_csv_documents, read_document
    from leadership_nlp.segment import split_sentences

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


def save_pool(pool: list[str], path: Path) -> None:
    """Write the pool as JSON, for the measurement subprocesses."""
    path.write_text(json.dumps(pool), "utf-8")


def read_pool(path: Path) -> list[str]:
    """Read a pool written by :func:`save_pool`."""
    return json.loads(Path(path).read_text("utf-8"))
