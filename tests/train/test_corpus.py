import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadership_nlp.train.corpus import (
    CorpusError,
    Unit,
    coverage_gaps,
    format_statistics,
    load_corpus,
    near_copies,
    near_duplicates,
    statistics,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CORPUS)


def test_the_readme_statistics_are_the_command_output(corpus):
    # corpus/README.md quotes `leadership-nlp corpus stats`; it went stale once by 679 units.
    readme = (CORPUS / "README.md").read_text("utf-8")
    start = readme.index("\n\n", readme.index("Output of `leadership-nlp corpus stats`")) + 2
    end = readme.index("\n\n`authored/registers.jsonl` by label", start)
    assert readme[start:end].strip() == format_statistics(statistics(corpus)).strip()


def test_documents_match_seeds_byte_for_byte():
    if not SEEDS.exists():
        pytest.skip("../shared/seeds not present")
    for seed in sorted(SEEDS.glob("*.txt")):
        assert (CORPUS / "documents" / seed.name).read_bytes() == seed.read_bytes()


def test_offsets_slice_back(corpus):
    for u in corpus.units:
        if u.doc:
            assert corpus.documents[u.doc][u.start : u.end] == u.text, u.id


def test_every_sentence_is_covered(corpus):
    for doc, text in corpus.documents.items():
        spans = [(u.start, u.end) for u in corpus.units if u.doc == doc]
        assert coverage_gaps(text, spans) == [], doc


def test_statistics_are_balanced(corpus):
    stats = statistics(corpus)
    authored = {k.split(":")[1]: v for k, v in stats["label_by_source"].items() if k.startswith("authored")}
    total = sum(authored.values())
    assert total >= 500
    # The two oriented labels are balanced; neutral (CV layout and individual
    # tasks are most of a real CV) is between a fifth and a half of the set.
    oriented = authored["leadership"] + authored["management"]
    assert abs(authored["leadership"] - authored["management"]) <= 0.1 * oriented
    assert 0.2 * total <= authored["neutral"] <= 0.5 * total
    assert stats["document"].keys() == {"d0", "d1", "d2", "d3", "d4"}


def _broken_copy(tmp_path, mutate):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    lines = (root / "units.jsonl").read_text("utf-8").splitlines()
    lines = mutate(lines)
    (root / "units.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return root


def _edit(field, value, line=2):
    def mutate(lines):
        obj = json.loads(lines[line])
        obj[field] = value
        lines[line] = json.dumps(obj)
        return lines

    return mutate


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_edit("label", "boss"), "label 'boss'"),
        (_edit("start", 3), "text does not equal"),
        (_edit("facets", ["vibes"]), "facets"),
        (_edit("id", "d0-0001"), "duplicate id"),
        (lambda lines: lines[:3] + lines[4:], "not covered"),
        (lambda lines: lines + ["{not json"], "invalid JSON"),
    ],
)
def test_validation_names_file_line_and_problem(tmp_path, mutate, message):
    root = _broken_copy(tmp_path, mutate)
    with pytest.raises(CorpusError) as err:
        load_corpus(root)
    assert message in str(err.value)
    assert "units.jsonl" in str(err.value)


def test_near_duplicate_across_files_is_rejected(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    first = json.loads((root / "units.jsonl").read_text("utf-8").splitlines()[10])
    path = root / "authored" / "statements.jsonl"
    row = {
        "id": "a-9999",
        "text": first["text"] + " ",
        "label": "neutral",
        "facets": [],
        "register": "cv",
        "source": "authored",
        "based_on": [],
        "note": "",
    }
    path.write_text(path.read_text("utf-8") + json.dumps(row) + "\n", "utf-8")
    with pytest.raises(CorpusError, match="near-duplicate"):
        load_corpus(root)


def _add_authored_file(root, name, rows):
    (root / "authored" / name).write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")


def _authored_row(uid, text):
    return {
        "id": uid,
        "text": text,
        "label": "neutral",
        "facets": [],
        "register": "cv",
        "source": "authored",
        "based_on": [],
        "note": "",
    }


def test_every_authored_file_is_read(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    before = len(load_corpus(root).units)
    _add_authored_file(
        root, "zz_extra.jsonl", [_authored_row("z-0001", "Repainted the garden shed in one weekend")]
    )
    units = load_corpus(root).units
    assert len(units) == before + 1
    # authored files in sorted order, so the new one is the last authored unit
    assert [u.id for u in units if u.source == "authored"][-1] == "z-0001"


def test_onet_tasks_are_read_and_checked(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    tasks = root / "onet" / "tasks.jsonl"
    rows = [json.loads(line) for line in tasks.read_text("utf-8").splitlines()]
    assert sum(u.source == "onet" for u in load_corpus(root).units) == len(rows)
    rows[0]["source"] = "authored"
    tasks.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    with pytest.raises(CorpusError, match="tasks.jsonl:1: source must be 'onet'"):
        load_corpus(root)


@pytest.mark.parametrize(
    ("uid", "message"),
    [
        ("a-0001", "zz_extra.jsonl:1: duplicate id 'a-0001'"),
        ("z-0001", "near-duplicate texts a-0001 / z-0001"),
    ],
)
def test_checks_span_authored_files(tmp_path, uid, message):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    first = json.loads((root / "authored" / "statements.jsonl").read_text("utf-8").splitlines()[0])
    text = first["text"] + " again" if uid == "a-0001" else first["text"] + "!"
    _add_authored_file(root, "zz_extra.jsonl", [_authored_row(uid, text)])
    with pytest.raises(CorpusError) as err:
        load_corpus(root)
    assert message in str(err.value)


def _all_pairs(units, threshold, groups):
    # The definition, compared pair by pair.
    sets = [frozenset(w.lower() for w in re.findall(r"\w+", u.text)) for u in units]
    out = []
    for i in range(len(units)):
        for j in range(i + 1, len(units)):
            union = sets[i] | sets[j]
            if not union:
                continue
            sim = len(sets[i] & sets[j]) / len(union)
            same = [w.lower() for w in re.findall(r"\w+", units[i].text)] == [
                w.lower() for w in re.findall(r"\w+", units[j].text)
            ]
            if sim >= threshold and (groups[i] != groups[j] or same):
                out.append((units[i].id, units[j].id, sim))
    return out


@settings(max_examples=300)
@given(
    texts=st.lists(st.lists(st.sampled_from("a b c d e f g h i j".split()), max_size=12), max_size=25),
    threshold=st.sampled_from([0.3, 0.5, 0.7, 0.85, 1.0]),
    data=st.data(),
)
def test_near_duplicates_finds_every_pair_the_definition_finds(texts, threshold, data):
    units = [Unit(f"u{n}", " ".join(words), "neutral", (), "cv", "authored") for n, words in enumerate(texts)]
    groups = [data.draw(st.sampled_from("xy")) for _ in units]
    found = [(a.id, b.id, sim) for a, b, sim in near_duplicates(units, threshold, groups)]
    assert found == _all_pairs(units, threshold, groups)


def test_near_duplicates_of_the_corpus_equal_the_definition():
    corpus = load_corpus()
    units = corpus.units[::4]  # a quarter, so that the pairwise definition stays quick
    groups = [u.id for u in units]  # every unit its own group, so that every close pair counts
    found = [(a.id, b.id, sim) for a, b, sim in near_duplicates(units, 0.5, groups)]
    assert found == _all_pairs(units, 0.5, groups) and found  # a low threshold: some pairs exist


def test_the_same_words_in_one_file_are_a_duplicate_whatever_the_punctuation():
    texts = [("a", "Present"), ("b", "– Present"), ("c", "Checked the stock."), ("d", "stock the checked")]
    units = [Unit(uid, text, "neutral", (), "cv", "authored") for uid, text in texts]
    groups = ["x"] * len(units)  # one file: only the same words in the same order count
    assert [(a.id, b.id) for a, b, _ in near_duplicates(units, groups=groups)] == [("a", "b")]


@pytest.mark.parametrize("threshold", [0, -0.5, 1.5])
def test_near_duplicates_refuses_a_threshold_outside_0_1(threshold):
    with pytest.raises(ValueError, match="threshold"):
        near_duplicates([], threshold)


def test_near_copies_names_the_texts_that_copy_a_held_out_one():
    held = ["Inspect the pumps for leaks and wear.", "Order parts."]
    texts = ["Inspect pumps for leaks or wear", "Inspect the pumps", "order parts", "Write the report."]
    # word-set Jaccard: 5/8 (not a copy at 0.7), 3/7, 1, 0
    assert near_copies(texts, held) == {2}
    assert near_copies(texts, held, threshold=0.6) == {0, 2}
    assert near_copies(texts, []) == set() and near_copies([], held) == set()
