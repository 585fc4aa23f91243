"""What ``score`` and ``report`` write, whatever the names, and how runs share an output.

Names that are not UTF-8, formula-like cells, line separators in ids, planted
links and hard links at the output, resuming another run, ids that collide,
two runs on one output, a folder given as -o, more jobs than CPUs, SIGTERM.
"""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from filelock import FileLock

from leadership_nlp import OrientationModel
from leadership_nlp.adapters import analysis, batch, commands
from leadership_nlp.adapters.cells import HEADER, format_row, id_cell, name_cell, printable, unique_ids
from leadership_nlp.adapters.cli import main
from leadership_nlp.adapters.jobs import Job
from leadership_nlp.core.schema import OUTPUT_COLUMNS
from leadership_nlp.train.save import save_model

LEAD = "I coach people to grow and share a bold vision for the future."
MANAGE = "I set the quarterly budgets and KPIs and run the weekly rota."


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([*map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def rows_of(path: Path) -> list[dict]:
    if path.suffix == ".xlsx":
        header, *rows = openpyxl.load_workbook(path)["documents"].values
        return [dict(zip(header, row, strict=True)) for row in rows]
    text = path.read_text("utf-8-sig")  # CSV starts with a byte order mark, for Excel
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.split("\n") if line]
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lead.txt").write_text(LEAD, "utf-8")
    (docs / "manage.txt").write_text(MANAGE, "utf-8")
    return docs


def leftovers(where: Path) -> list[str]:
    return [p.name for p in where.iterdir() if p.name.endswith(".tmp")]


# -- 1. file names that are not UTF-8 ----------------------------------------------------------


@pytest.fixture
def latin1_name(folder: Path) -> Path:
    raw = os.fsencode(folder) + b"/caf\xe9.txt"  # a Latin-1 name on a UTF-8 system
    try:
        fd = os.open(raw, os.O_WRONLY | os.O_CREAT, 0o644)
    except (OSError, UnicodeEncodeError):  # pragma: no cover - a file system that refuses the name
        pytest.skip("this file system refuses names that are not UTF-8")
    os.write(fd, LEAD.encode())
    os.close(fd)
    return folder / os.fsdecode(b"caf\xe9.txt")


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_name_that_is_not_utf8_is_written_escaped_and_resumed(
    latin1_name, folder, tmp_path, capsys, suffix
):
    out = tmp_path / f"scores{suffix}"
    code, _, err = run(capsys, "score", folder, "-o", out)
    assert code == 0, err
    rows = rows_of(out)
    assert len(rows) == 3 and all(r["label"] for r in rows)
    (odd,) = [r for r in rows if "caf" in r["id"]]
    assert odd["id"] == odd["path"] == f"{folder}/caf\\xe9.txt" and odd["label"] == "leadership"
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:-1]))  # as if the run had stopped before its last row
    code, _, err = run(capsys, "score", folder, "-o", out, "--resume")
    assert code == 0 and "scored 1, failed 0, 2 already in" in err
    assert sorted(r["id"] for r in rows_of(out)) == sorted(r["id"] for r in rows)  # none twice, none lost


def test_a_report_with_a_name_that_is_not_utf8(latin1_name, folder, tmp_path, capsys):
    out = tmp_path / "report.html"
    code, _, err = run(capsys, "report", folder, "-o", out)
    assert code == 0, err
    assert "caf\\xe9.txt" in out.read_text("utf-8") and leftovers(tmp_path) == []


def test_printable_names_are_stable_and_distinct():
    names = [os.fsdecode(b"caf\xe9"), os.fsdecode(b"caf\xe8"), "caf\udc00", "café"]
    cells = [name_cell(n) for n in names]
    assert cells == ["caf\\xe9", "caf\\xe8", "caf\\udc00", "café"]
    assert [name_cell(n) for n in names] == cells  # the same name, the same id
    assert all(c.encode("utf-8") for c in cells) and printable("plain") == "plain"


# -- 6. formula injection, and line separators in ids --------------------------------------


FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1,2)", "\tx", "\r=1"]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path, capsys):
    table = tmp_path / "profiles.csv"
    with open(table, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text"])
        for i, formula in enumerate(FORMULAS):
            writer.writerow([formula, LEAD if i % 2 else MANAGE])
    (tmp_path / "=HYPERLINK(1).txt").write_text(LEAD, "utf-8")
    out = tmp_path / "out" / "scores.csv"
    out.parent.mkdir()
    argv = ["score", table, tmp_path / "=HYPERLINK(1).txt", "--text-column", "text", "--id-column", "id"]
    assert run(capsys, *argv, "-o", out)[0] == 0
    rows = rows_of(out)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row
    ids = [r["id"] for r in rows]
    assert ids[:4] == ["'=cmd|' /C calc'!A0", "'+1+1", "'-2+3", "'@SUM(1,2)"]
    assert ids[4:6] == ["x", "'=1"]  # the CSV reader strips the id's blanks first
    assert rows[-1]["path"].startswith(str(tmp_path)) and "=HYPERLINK(1).txt" in rows[-1]["path"]
    # --resume reads the neutralised ids back: nothing is scored twice
    code, _, err = run(capsys, *argv, "-o", out, "--resume")
    assert code == 0 and f"scored 0, failed 0, {len(FORMULAS) + 1} already in" in err
    # JSON Lines is not a spreadsheet: ids as they are (escaped line breaks only)
    jsonl = tmp_path / "out" / "scores.jsonl"
    assert run(capsys, *argv, "-o", jsonl)[0] == 0
    assert [r["id"] for r in rows_of(jsonl)][:4] == FORMULAS[:4]


def test_line_separators_in_ids_never_split_a_row(tmp_path, capsys):
    ids = ["a\u2028b", "c\u2029d", "e\x85f", "g\nh", "g h"]
    table = tmp_path / "t.csv"
    with open(table, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["id", "text"], *[[i, LEAD] for i in ids]])
    for suffix in (".jsonl", ".csv"):
        out = tmp_path / f"o{suffix}"
        assert run(capsys, "score", table, "--text-column", "text", "--id-column", "id", "-o", out)[0] == 0
        text = out.read_text("utf-8")
        assert len(text.splitlines()) == len(ids) + (suffix == ".csv")  # str.splitlines splits on all of them
        written = [r["id"] for r in rows_of(out)]
        assert written == ["a\\u2028b", "c\\u2029d", "e\\x85f", "g\\nh", "g h"]  # distinct, one line each


# -- 5. links and hard links at the output ---------------------------------------------------


def test_a_symlink_planted_at_the_report_is_replaced_not_followed(folder, tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", "utf-8")
    out = tmp_path / "report.html"
    out.symlink_to(victim)
    planted = tmp_path / f".report.html.{os.getpid()}.tmp"  # the temporary name once used, predictable
    planted.symlink_to(victim)
    assert run(capsys, "report", folder, "-o", out)[0] == 0
    assert victim.read_text("utf-8") == "precious" and planted.is_symlink()
    assert (
        not out.is_symlink() and "<html" in out.read_text("utf-8") and leftovers(tmp_path) == [planted.name]
    )
    out.unlink()
    out.symlink_to(tmp_path / "no such folder" / "x.html")  # dangling: replaced too, not "no such folder"
    assert run(capsys, "report", folder, "-o", out)[0] == 0 and not out.is_symlink()


def test_a_symlink_planted_at_the_score_output(folder, tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", "utf-8")
    out = tmp_path / "scores.csv"
    out.symlink_to(victim)
    code, _, err = run(capsys, "score", folder, "-o", out, "--resume")
    assert code == 2 and "symbolic link" in err
    out.unlink()
    assert run(capsys, "score", folder, "-o", out)[0] == 0
    out.write_bytes(out.read_bytes() + b'"cut off')  # a resume repairs (rewrites) this file
    planted = tmp_path / f".scores.csv.{os.getpid()}.tmp"  # the temporary name once used, predictable
    planted.symlink_to(victim)
    assert run(capsys, "score", folder, "-o", out, "--resume")[0] == 0
    assert victim.read_text("utf-8") == "precious" and planted.is_symlink()
    out.unlink()
    out.symlink_to(victim)
    assert run(capsys, "score", folder, "-o", out)[0] == 0
    assert victim.read_text("utf-8") == "precious" and not out.is_symlink() and len(rows_of(out)) == 2


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_a_symlink_planted_at_any_output_is_replaced_never_written_through(folder, tmp_path, capsys, suffix):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", "utf-8")
    victim.chmod(0o755)
    out = tmp_path / f"scores{suffix}"
    out.symlink_to(victim)
    planted = tmp_path / f".{out.name}.{os.getpid()}.tmp"  # a temporary name once used, predictable
    planted.symlink_to(victim)
    code, _, err = run(capsys, "score", folder, "-o", out, "--resume")  # nothing is written through it
    assert code == 2 and ("symbolic link" in err or "--resume works with CSV" in err)
    assert err.startswith("error: ") and "Traceback" not in err and out.is_symlink()
    code, _, err = run(capsys, "score", folder, "-o", out)
    assert code == 0 and err.startswith("scored 2, failed 0")
    assert victim.read_text("utf-8") == "precious" and victim.stat().st_mode & 0o777 == 0o755
    assert not out.is_symlink() and len(rows_of(out)) == 2 and planted.is_symlink()
    assert out.stat().st_mode & 0o111 == 0  # the link's target's permissions are not copied
    dangling = tmp_path / f"dangling{suffix}"
    dangling.symlink_to(tmp_path / "no such folder" / "x")  # replaced too, not "no such folder"
    assert run(capsys, "score", folder, "-o", dangling)[0] == 0 and len(rows_of(dangling)) == 2


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx", ".html"])
def test_follow_symlinks_reads_the_same_inputs_whatever_the_output(folder, tmp_path, capsys, suffix):
    outside = tmp_path / "outside.txt"
    outside.write_text(LEAD, "utf-8")
    (folder / "link.txt").symlink_to(outside)
    command = "report" if suffix == ".html" else "score"
    out = tmp_path / f"out{suffix}"
    code, _, err = run(capsys, command, folder, "-o", out)
    assert code == 1 and "link.txt: symbolic link to" in err and "not followed (use --follow-symlinks" in err
    code, _, err = run(capsys, command, folder, "-o", out, "--follow-symlinks")
    assert code == 0 and "link.txt" not in err
    if suffix != ".html":
        assert sorted(Path(r["path"]).name for r in rows_of(out)) == ["lead.txt", "link.txt", "manage.txt"]


@pytest.mark.parametrize("resume", [False, True])
def test_an_output_hard_linked_to_an_input_leaves_the_input_alone(folder, tmp_path, capsys, resume):
    out = tmp_path / "scores.csv"
    if resume:
        assert run(capsys, "score", folder, "-o", out)[0] == 0
        out.write_bytes(out.read_bytes().rsplit(b"\n", 2)[0] + b"\n")  # drop the last row
    before = (folder / "lead.txt").read_bytes()
    other = tmp_path / "linked.txt"
    os.link(out if resume else folder / "lead.txt", other)
    if not resume:
        os.link(folder / "lead.txt", out)
    argv = ["score", folder, "-o", out, *(["--resume"] if resume else [])]
    assert run(capsys, *argv)[0] == 0
    assert (folder / "lead.txt").read_bytes() == before
    if resume:
        assert other.read_bytes().count(b"\n") == 2  # the other name still has the old content
    assert len(rows_of(out)) == 2 and os.stat(out).st_nlink == 1


@pytest.mark.parametrize(("command", "name"), [("report", "report.html"), ("score", "scores.xlsx")])
def test_no_temporary_file_is_left_when_the_output_is_a_folder(folder, tmp_path, capsys, command, name):
    out = tmp_path / name
    out.mkdir()
    code, _, err = run(capsys, command, folder, "-o", out)
    assert code == 2 and "is a folder" in err and leftovers(tmp_path) == []
    assert "scored" not in err  # refused before any work


# -- 7. resuming another run -----------------------------------------------------------------


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "profiles.csv"
    path.write_text(
        f'code,tasks,title\nA1,"{LEAD}",Coach\nB2,"{MANAGE}",Clerk\nC3,"{LEAD}",Mentor\n', "utf-8"
    )
    return path


def _interrupted(capsys, table: Path, out: Path, *options: str) -> bytes:
    assert run(capsys, "score", table, "--text-column", "tasks", *options, "-o", out)[0] == 0
    data = out.read_bytes()
    out.write_bytes(data[: data.rstrip(b"\n").rfind(b"\n") + 1])  # the last row is lost
    return out.read_bytes()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (["--text-column", "title"], "--text-column was 'tasks', now 'title'"),
        (["--text-column", "tasks", "--id-column", "code"], "--id-column was None, now 'code'"),
        ("model", "it was scored with another model"),
        ("insert", "profiles.csv changed since"),
        ("inputs", "inputs was"),
    ],
    ids=["text column", "id column", "model", "row inserted", "inputs"],
)
def test_resume_refuses_the_output_of_another_run(capsys, table, tmp_path, change, reason):
    out = tmp_path / "scores.csv"
    before = _interrupted(capsys, table, out)
    argv = ["score", table, "--text-column", "tasks"]
    if change == "model":
        tiny = OrientationModel(calibrate=False).fit(
            [LEAD, MANAGE, "Born in 1990"], ["leadership", "management", "neutral"]
        )
        save_model(tiny, tmp_path / "model")
        argv += ["--model", tmp_path / "model"]
    elif change == "insert":
        lines = table.read_text("utf-8").splitlines(keepends=True)
        table.write_text("".join([lines[0], f'Z0,"{MANAGE}",Clerk\n', *lines[1:]]), "utf-8")
    elif change == "inputs":
        (tmp_path / "extra.txt").write_text(LEAD, "utf-8")
        argv.insert(2, tmp_path / "extra.txt")
    else:
        argv = ["score", table, *change]
    code, stdout, err = run(capsys, *argv, "-o", out, "--resume")
    assert code == 2 and stdout == ""
    assert err.startswith(f"error: {out} is the output of another run: ") and reason in err
    assert err.count("\n") == 1 and "run without --resume" in err
    assert out.read_bytes() == before  # nothing was changed


def test_resume_without_a_record_of_the_run(capsys, table, tmp_path):
    out = tmp_path / "scores.csv"
    before = _interrupted(capsys, table, out)
    Path(f"{out}.run.json").unlink()
    code, _, err = run(capsys, "score", table, "--text-column", "tasks", "-o", out, "--resume")
    assert code == 2 and "no record of the run that wrote it" in err and out.read_bytes() == before


def test_the_same_run_resumes(capsys, table, tmp_path):
    out = tmp_path / "scores.jsonl"
    _interrupted(capsys, table, out)
    code, _, err = run(capsys, "score", table, "--text-column", "tasks", "-o", out, "--resume")
    assert code == 0 and "scored 1, failed 0, 2 already in" in err
    assert [r["id"] for r in rows_of(out)] == ["profiles.csv:1", "profiles.csv:2", "profiles.csv:3"]


# -- 8. ids that collide ---------------------------------------------------------------------


def test_duplicate_ids_are_made_unique_and_none_is_lost_on_resume(capsys, tmp_path, monkeypatch):
    table = tmp_path / "t.csv"
    table.write_text(f'id,text\nx,"{LEAD}"\nx,"{MANAGE}"\nx (2),"{LEAD}"\nx,"{LEAD}"\n', "utf-8")
    out = tmp_path / "scores.csv"
    argv = ["score", table, "--text-column", "text", "--id-column", "id", "-o", out]
    real, calls = analysis._read, []

    def interrupt_second(job, max_bytes):
        calls.append(job.id)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(job, max_bytes)

    monkeypatch.setattr(analysis, "_read", interrupt_second)
    monkeypatch.setattr(analysis, "BATCH_DOCUMENTS", 1)
    code, _, err = run(capsys, *argv)
    assert code == 130 and "2 document(s) have the id of an earlier one" in err
    monkeypatch.setattr(analysis, "_read", real)
    code, _, err = run(capsys, *argv, "--resume")
    assert code == 0 and "scored 3, failed 0, 1 already in" in err
    rows = rows_of(out)
    assert [r["id"] for r in rows] == ["x", "x (3)", "x (2)", "x (4)"]
    assert [r["label"] for r in rows] == ["leadership", "management", "leadership", "leadership"]


def test_unique_ids_is_deterministic():
    jobs = [Job(i, "p") for i in ["a", "a", "=a", "'=a", "a (2)"]]
    first, renamed = unique_ids(jobs, "csv")
    assert [j.id for j in first] == ["a", "a (3)", "=a", "'=a (2)", "a (2)"] and renamed == 2
    assert unique_ids(jobs, "csv") == (first, renamed)
    assert len({id_cell(j.id, "csv") for j in first}) == len(jobs)


# -- 9. two runs on one output ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_second_run_on_the_same_output_is_refused(folder, tmp_path, capsys, suffix):
    out = tmp_path / f"scores{suffix}"
    out.write_text("rows of the first run\n", "utf-8")
    with FileLock(f"{out}.lock", timeout=0):  # the first run holds the output
        for extra in [[]] if suffix == ".xlsx" else ([], ["--resume"]):
            code, _, err = run(capsys, "score", folder, "-o", out, *extra)
            assert code == 2 and "is being written by another leadership-nlp run" in err
    assert out.read_text("utf-8") == "rows of the first run\n"
    assert run(capsys, "score", folder, "-o", out)[0] == 0 and len(rows_of(out)) == 2  # once it is done


@pytest.mark.slow
def test_two_real_runs_on_the_same_output(tmp_path):
    # A real process meets a run that holds the output's lock. The lock is held
    # here rather than by a racing first run: a fast machine finished that run
    # before the second one started, and the test passed or failed by timing.
    from filelock import FileLock

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(20):
        (docs / f"cv{i:02d}.txt").write_text(f"CV {i}\n" + LEAD, "utf-8")
    out = tmp_path / "scores.jsonl"
    cmd = [sys.executable, "-m", "leadership_nlp", "score", str(docs), "-o", str(out), "-q"]
    with FileLock(f"{out}.lock", timeout=0):
        second = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert second.returncode == 2 and "being written by another" in second.stderr
    assert not out.exists()  # the refused run wrote nothing
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    ids = [r["id"] for r in rows_of(out)]
    assert len(ids) == len(set(ids)) == 20


# -- 19. a folder as output, a misspelt column; more jobs than CPUs ------------------------


@pytest.mark.parametrize("extra", [[], ["--resume"]])
def test_a_folder_as_output_is_a_usage_error(folder, tmp_path, capsys, extra):
    code, stdout, err = run(capsys, "score", folder, "-o", tmp_path, *extra)
    assert code == 2 and stdout == "" and err.startswith(f"error: {tmp_path} is a folder")


def test_n_jobs_is_capped_at_the_cpus(folder, tmp_path, capsys, monkeypatch):
    seen = []
    monkeypatch.setattr(commands, "_cpus", lambda: 1)
    monkeypatch.setattr(batch, "iter_jobs", lambda fn, jobs, n_jobs, **kw: seen.append(n_jobs) or iter([]))
    code, _, err = run(capsys, "score", folder, "-o", tmp_path / "s.csv", "--n-jobs", "16")
    assert code == 0 and seen == [1]
    assert "note: --n-jobs 16 is more than the 1 CPUs here; using 1" in err


# -- SIGTERM -------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry))
    return kids


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_sigterm_stops_the_worker_processes_and_keeps_the_rows(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(4):
        (docs / f"a{i}.txt").write_text(LEAD, "utf-8")
    for i in range(6):  # long documents (seconds each): the workers are busy when the signal comes
        (docs / f"b{i:02d}.txt").write_text((MANAGE + " ") * 10_000, "utf-8")
    out = tmp_path / "scores.csv"
    cmd = [
        sys.executable,
        "-m",
        "leadership_nlp.adapters.cli",
        "score",
        str(docs),
        "-o",
        str(out),
        "--n-jobs",
        "2",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120  # a synchronisation bound, not a speed check
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 3:
                break
            time.sleep(0.02)
        workers = _children(proc.pid)
        assert proc.poll() is None and workers, "the run ended before the signal"
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
        _, err = proc.communicate()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_running(w) for w in workers):
            time.sleep(0.05)
        assert not [w for w in workers if _running(w)], "worker processes outlived the run"
    finally:
        for pid in [proc.pid, *workers]:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
    assert code == 130 and "--resume" in err
    rows = rows_of(out)
    assert 2 <= len(rows) < 10 and all(r["label"] for r in rows)  # the header and 2 rows were seen


def test_the_header_is_the_output_columns():
    assert HEADER == format_row({c: c for c in OUTPUT_COLUMNS}, "csv")
