"""Names written into the training text do not become features of the shipped model.

Names are dropped before featurisation (``leadership_nlp/data/first_names.txt``),
but only the names on that list: a name written into a new corpus unit or pool
sentence and not added to it becomes a feature (the fairness test swaps only
listed names). So every capitalised word of the training text (corpus and the
teacher's authored pool) that never occurs in lowercase there and is a term of
the shipped model must have been reviewed as not a name. Names spelt with
accents or inner capitals ("José", "McKenzie") and names that are also common
words ("Will") escape this check: they are for the reviewer of a new batch.
"""

import json
import re
from pathlib import Path

from leadership_nlp.core.terms import first_names

ROOT = Path(__file__).resolve().parents[2]
#: Everything the model trains on: corpus units, authored units, O*NET tasks, the unlabelled authored pool.
CORPUS_FILES = (
    "units.jsonl",
    "authored/statements.jsonl",
    "authored/registers.jsonl",
    "onet/tasks.jsonl",
    "distill/authored_pool.jsonl",
)
REVIEWED = ROOT / "tests" / "data" / "capitalised_reviewed.txt"
MODEL = ROOT / "leadership_nlp" / "data" / "model" / "inference.json"


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]


def _model_terms() -> set[str]:
    return set(json.loads(MODEL.read_text("utf-8"))["scorer"]["lemma_terms"])


def test_no_unreviewed_capitalised_word_carries_weight():
    text = " ".join(
        json.loads(line)["text"] for name in CORPUS_FILES for line in _lines(ROOT / "corpus" / name)
    )
    lowercase = set(re.findall(r"\b[a-z]+\b", text))
    terms = _model_terms()
    weighted = {w for w in re.findall(r"\b[A-Z][a-z]+\b", text) if w.lower() not in lowercase}
    weighted = {w for w in weighted if w.lower() in terms}
    reviewed = {w for w in _lines(REVIEWED) if not w.startswith("#")}
    assert weighted, "the check found no capitalised word at all: it is not reading the corpus"
    unreviewed = sorted(weighted - reviewed)
    assert not unreviewed, (
        f"capitalised words that carry weight and were never reviewed: {unreviewed}; add a person's "
        "name to leadership_nlp/data/first_names.txt (and retrain), anything else to "
        "tests/data/capitalised_reviewed.txt"
    )


def test_no_listed_name_is_a_model_term():
    assert not sorted(first_names() & _model_terms())
