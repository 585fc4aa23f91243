"""The role-profile comparison over the repository's texts: what it reads, what it prints, what it hides."""

import json

import pytest

from leadership_nlp.train import role_profile_diff as diff


@pytest.fixture()
def root(tmp_path):
    (tmp_path / "corpus" / "role_profiles").mkdir(parents=True)
    (tmp_path / "corpus" / "validation" / "documents").mkdir(parents=True)
    (tmp_path / "examples").mkdir()
    rows = [
        {"id": "a", "text": "I manage 12 engineers.", "split": "dev"},
        {"id": "b", "text": "I lead 30 nurses.", "split": "fresh3"},
        {"id": "c", "text": "I manage 12 engineers.", "split": "dev"},  # a repeat is read once
    ]
    (tmp_path / diff.ROLE_PROFILE_SET).write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    (tmp_path / "corpus" / "units.jsonl").write_text('{"text": "Set the budget."}\n{"id": 1}\n', "utf-8")
    (tmp_path / "examples" / "cv.txt").write_text("Store manager\nRan 3 stores.\n", encoding="utf-8")
    (tmp_path / "examples" / "cv.pdf").write_bytes(b"%PDF-1.4")  # not plain text: left out
    return tmp_path


def test_every_distinct_text_of_the_corpus_files_and_plain_documents_is_read(root):
    assert diff.repository_texts(root) == [
        "I manage 12 engineers.",
        "I lead 30 nurses.",
        "Set the budget.",
        "Store manager\nRan 3 stores.\n",
    ]


def test_written_profiles_compare_and_hidden_splits_are_only_counted(root, capsys):
    before, after = root / "before.json", root / "after.json"
    assert diff.main(["--root", str(root), "--write", str(before)]) == 0
    data = json.loads(before.read_text("utf-8"))
    assert data["profiles"][0]["span_of_control"] == 12 and data["profiles"][0]["role_verbs"] == ["manage"]
    # A change in two texts, one of them in a split kept unseen.
    data["profiles"][0]["span_of_control"] = 11
    data["profiles"][1]["span_of_control"] = None
    after.write_text(json.dumps(data), "utf-8")
    capsys.readouterr()
    assert diff.main(["--root", str(root), str(before), str(after), "--hide", "fresh3"]) == 0
    out = capsys.readouterr().out
    assert "'I manage 12 engineers.'\n  before: span_of_control=12" in out
    assert "after:  span_of_control=11" in out
    assert "nurses" not in out
    assert out.rstrip().endswith("2 of 4 texts changed (1 of them in fresh3, not shown)")


def test_write_replaces_a_planted_link_instead_of_following_it(root, tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me", "utf-8")
    out = root / "profiles.json"
    out.symlink_to(target)
    diff.main(["--root", str(root), "--write", str(out)])
    assert target.read_text("utf-8") == "keep me"
    assert not out.is_symlink() and json.loads(out.read_text("utf-8"))["texts"]


def test_bad_arguments_are_refused_with_a_message(root, tmp_path, capsys):
    with pytest.raises(SystemExit):
        diff.main([str(tmp_path / "missing.json"), str(tmp_path / "missing.json")])
    assert "cannot compare" in capsys.readouterr().err
    good = root / "good.json"
    diff.main(["--root", str(root), "--write", str(good)])
    # A misspelt split would hide nothing and print what it should keep unseen: refused.
    with pytest.raises(SystemExit):
        diff.main(["--root", str(root), str(good), str(good), "--hide", "Fresh3"])
    assert "has no split Fresh3" in capsys.readouterr().err
    bad = root / "bad.json"
    bad.write_text(json.dumps({"texts": ["a", "b"], "profiles": [{}]}), "utf-8")
    with pytest.raises(SystemExit):
        diff.main(["--root", str(root), str(good), str(bad)])
    assert "was not written by --write" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        diff.main(["--root", str(root), "--write", str(bad), "--hide", "fresh3"])
    assert "no --hide" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        diff.main(["--root", str(tmp_path / "nowhere"), "--write", str(tmp_path / "x.json")])
    assert "is not a folder" in capsys.readouterr().err
