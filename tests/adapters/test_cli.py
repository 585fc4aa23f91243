"""The ``leadership-nlp`` command: classify, help, errors, and the installed console script."""

import csv
import io
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from leadership_nlp.adapters.cli import main

ROOT = Path(__file__).resolve().parents[2]
ANSI = "\033["


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def fake_stdin(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


def test_classify_plain(capsys) -> None:
    assert main(["classify", "I manage upwards of 100 people. I coach my team to grow."]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[0] in {"management", "balanced"} and "leadership 0." in lines[0]
    assert lines[1] == "role profile: span of control 100; role verbs: manage"
    assert "  management  I manage upwards of 100 people." in out
    assert "  leadership  I coach my team to grow." in out
    assert "evidence: " in out and "coach (leadership +" in out
    assert ANSI not in out  # captured output is not a terminal


def test_classify_colour_on_a_terminal_only(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    for argv, coloured in ([], True), (["--no-color"], False):
        monkeypatch.setattr("sys.stdout", terminal := FakeTerminal())
        assert main(["classify", "Coached people to grow.", *argv]) == 0
        assert (ANSI in terminal.getvalue()) is coloured
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("sys.stdout", terminal := FakeTerminal())
    main(["classify", "Coached people to grow."])
    assert ANSI not in terminal.getvalue()


def test_classify_json(capsys) -> None:
    assert main(["classify", "--json", "Set quarterly budgets and KPIs."]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["label"] == "management"
    assert set(data) >= {"label", "scores", "sentences", "role_profile"}
    assert data["sentences"][0]["evidence"][0]["label"] == "management"


def test_classify_standard_input(capsys, monkeypatch) -> None:
    monkeypatch.setattr(
        "sys.stdin", fake_stdin("Caf\xe9 owner. I inspire people with a vision.".encode("cp1252"))
    )
    assert main(["classify", "-", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["label"] == "leadership" and data["sentences"][0]["text"] == "Café owner."


def test_classify_empty_and_binary_standard_input(capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", fake_stdin(b""))
    assert main(["classify", "-"]) == 0
    assert capsys.readouterr().out.startswith("neutral")
    monkeypatch.setattr("sys.stdin", fake_stdin(bytes(range(256))))
    assert main(["classify", "-"]) == 2
    assert capsys.readouterr().err == "error: standard input: binary content, not text\n"


def test_classify_a_file_name_gives_a_hint(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("cv.txt").write_text("I coach people.", "utf-8")
    assert main(["classify", "cv.txt"]) == 0
    assert "leadership-nlp score cv.txt" in capsys.readouterr().err


def test_bad_model_folder_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["classify", "--model", str(tmp_path), "Set budgets."]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_top_level_help_lists_commands_and_exit_status(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for word in ("classify", "score", "report", "train", "evaluate", "corpus", "exit status:"):
        assert word in out


def test_unknown_command_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["grade", "x"])
    assert exit_info.value.code == 2


def console_script() -> str:
    name = "leadership-nlp.exe" if os.name == "nt" else "leadership-nlp"
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        if (folder / name).exists():
            return str(folder / name)
    pytest.fail("the leadership-nlp console script is not installed")


def test_readme_first_command_with_the_installed_script(tmp_path: Path) -> None:
    """``leadership-nlp score examples/ --text-column tasks --id-column onet_soc_code -o scores.csv``."""
    readme = (ROOT / "README.md").read_text("utf-8")
    command = "leadership-nlp score examples/ --text-column tasks --id-column onet_soc_code -o scores.csv"
    assert command in readme
    out = tmp_path / "scores.csv"
    argv = [console_script(), *command.split()[1:-1], str(out)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "%|" not in done.stderr  # no bar: stderr is a pipe
    rows = list(csv.DictReader(out.open(newline="", encoding="utf-8-sig")))
    profiles = list(csv.DictReader((ROOT / "examples/onet_role_profiles.csv").open(encoding="utf-8")))
    ids = {r["id"] for r in rows}
    assert {p["onet_soc_code"] for p in profiles} <= ids
    for name in ("cv_operations_manager.txt", "cv_retail_store_manager.pdf", "job_head_of_product.md"):
        assert f"examples/{name}" in ids
    assert "examples/cv_engineering_manager.docx" in ids
    assert all(r["error"] == "" and r["label"] for r in rows)
    labels = {r["id"]: r["label"] for r in rows}
    assert labels["examples/cv_operations_manager.txt"] == "management"
    assert labels["examples/cv_transformation_director.md"] == "leadership"
    assert done.stderr.strip().startswith(f"scored {len(rows)}, failed 0")
