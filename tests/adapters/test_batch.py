"""``leadership-nlp score``: inputs, outputs, bad files, resume and exit codes, via the CLI."""

import csv
import io
import json
import os
import pickle
import shutil
from pathlib import Path

import docx
import joblib
import pytest

from leadership_nlp.adapters import analysis
from leadership_nlp.adapters.cli import main
from leadership_nlp.adapters.errors import UsageError
from leadership_nlp.adapters.jobs import Job
from leadership_nlp.adapters.resume import resume_state
from leadership_nlp.core.schema import OUTPUT_COLUMNS, RESULT_COLUMNS

DATA = Path(__file__).resolve().parents[1] / "data"
LEAD = "I coach people to grow and share a bold vision for the future."
MANAGE = "I set the quarterly budgets and KPIs and run the weekly rota."


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A folder with one small document in each supported format, one in a subfolder."""
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "lead.txt").write_text(LEAD, encoding="utf-8")
    (folder / "sub" / "manage.md").write_text(f"# CV\n\n- {MANAGE}\n", encoding="utf-8")
    document = docx.Document()
    document.add_paragraph(MANAGE)
    document.save(folder / "ops.docx")
    shutil.copy(DATA / "sample.pdf", folder / "sample.pdf")
    return folder


def score(capsys, *argv: object) -> tuple[int, str, str]:
    code = main(["score", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:  # CSV output starts with a BOM
        return list(csv.DictReader(handle))


def test_folder_to_csv(docs: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "scores.csv"
    code, stdout, err = score(capsys, docs, "-o", out)
    assert code == 0 and stdout == ""
    rows = read_csv(out)
    assert list(rows[0]) == ["id", "path", *RESULT_COLUMNS, "error"]
    by_name = {Path(r["path"]).name: r for r in rows}
    assert sorted(by_name) == ["lead.txt", "manage.md", "ops.docx", "sample.pdf"]
    assert by_name["lead.txt"]["label"] == "leadership"
    assert by_name["manage.md"]["label"] == by_name["ops.docx"]["label"] == "management"
    assert all(r["error"] == "" and r["id"] == r["path"] for r in rows)
    assert float(by_name["lead.txt"]["leadership"]) + float(by_name["lead.txt"]["management"]) == 1
    assert "scored 4, failed 0" in err


def test_stdout_jsonl_and_format_from_suffix(docs: Path, tmp_path: Path, capsys) -> None:
    code, stdout, _ = score(capsys, docs / "lead.txt", "--format", "jsonl")
    assert code == 0
    (row,) = [json.loads(line) for line in stdout.splitlines()]
    assert list(row) == list(OUTPUT_COLUMNS)
    assert row["label"] == "leadership" and row["error"] is None and row["n_leadership"] == 1

    out = tmp_path / "scores.jsonl"
    assert score(capsys, docs, "-o", out)[0] == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == 4 and all(r["error"] is None for r in rows)


def test_csv_column_inputs(tmp_path: Path, capsys) -> None:
    table = tmp_path / "profiles.csv"
    table.write_text(f'code,title,tasks\nA1,Coach,"{LEAD}"\nB2,Clerk,"{MANAGE}"\nC3,Blank,\n', "utf-8")
    code, stdout, err = score(capsys, table, "--text-column", "tasks", "--id-column", "code")
    assert code == 1  # the blank row failed
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert [(r["id"], r["label"]) for r in rows] == [("A1", "leadership"), ("B2", "management"), ("C3", "")]
    assert rows[2]["error"] == "empty text in column 'tasks'"
    assert f"skipped C3 ({table}): empty text" in err

    code, stdout, _ = score(capsys, table, "--text-column", "tasks")  # default ids
    assert [r["id"] for r in csv.DictReader(io.StringIO(stdout))] == [f"profiles.csv:{i}" for i in (1, 2, 3)]


def test_csv_without_text_column_is_a_usage_error(tmp_path: Path, capsys) -> None:
    table = tmp_path / "profiles.csv"
    table.write_text("code,tasks\nA1,Coached people\n", "utf-8")
    code, stdout, err = score(capsys, tmp_path)
    assert code == 2 and stdout == ""
    assert err.startswith("error: ") and "--text-column" in err and "(columns: code, tasks)" in err
    assert "Traceback" not in err


def test_a_csv_among_other_documents_is_an_error_row(tmp_path: Path, capsys) -> None:
    # One stray CSV in a folder of CVs stopped the whole run before.
    (tmp_path / "cv.txt").write_text(LEAD, "utf-8")
    (tmp_path / "notes.csv").write_text("code,tasks\nA1,Coached people\n", "utf-8")
    code, stdout, err = score(capsys, tmp_path)
    assert code == 1  # a row failed
    rows = {Path(r["path"]).name: r for r in csv.DictReader(io.StringIO(stdout))}
    assert rows["cv.txt"]["label"] == "leadership" and rows["cv.txt"]["error"] == ""
    assert rows["notes.csv"]["label"] == "" and "--text-column" in rows["notes.csv"]["error"]
    assert "(columns: code, tasks)" in rows["notes.csv"]["error"] and "Traceback" not in err
    # Named on the command line, it is still the command that is wrong.
    code, stdout, err = score(capsys, tmp_path / "notes.csv", tmp_path / "cv.txt")
    assert code == 2 and stdout == "" and "--text-column" in err


def test_a_column_missing_from_one_csv_of_a_folder_is_an_error_row(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.csv").write_text(f'code,tasks\nA1,"{LEAD}"\n', "utf-8")
    (tmp_path / "b.csv").write_text("code,title\nB1,Clerk\n", "utf-8")
    code, stdout, err = score(capsys, tmp_path, "--text-column", "tasks")
    assert code == 1
    rows = {Path(r["path"]).name: r for r in csv.DictReader(io.StringIO(stdout))}
    assert rows["a.csv"]["label"] == "leadership"
    assert rows["b.csv"]["error"] == "no column 'tasks'; available: 'code', 'title'"
    # In no CSV at all: a misspelt column, a usage error (an unreadable CSV beside them changes nothing).
    (tmp_path / "empty.csv").write_text("", "utf-8")
    code, stdout, err = score(capsys, tmp_path, "--text-column", "task")
    assert code == 2 and stdout == "" and "no column 'task'" in err


def test_a_misspelt_column_is_a_usage_error_listing_the_columns(tmp_path: Path, capsys) -> None:
    table = tmp_path / "profiles.csv"
    table.write_text("code,tasks\nA1,Coached people\n", "utf-8")
    code, stdout, err = score(capsys, table, "--text-column", "task")
    assert code == 2 and stdout == ""
    assert err == f"error: {table}: no column 'task'; available: 'code', 'tasks'\n"
    code, _, err = score(capsys, table, "--text-column", "tasks", "--id-column", "kode")
    assert code == 2 and "no column 'kode'; available: 'code', 'tasks'" in err


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("corrupt.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage", "not a valid PDF"),
        ("junk.txt", bytes(range(256)) * 8, "binary content"),
        ("empty.md", b"", "empty file"),
        ("undecodable.txt", b"\xff\xfeA\x00\x00\xd8", "invalid UTF-16"),
        ("large.txt", b"I set budgets. " * 14_000, "larger than the 100.0 KB limit"),
        ("fake.docx", b"not a zip archive", "not a valid DOCX"),
    ],
)
def test_bad_file_is_reported_and_skipped(
    docs: Path, tmp_path: Path, capsys, name: str, content: bytes, problem: str
) -> None:
    (docs / name).write_bytes(content)
    out = tmp_path / "scores.csv"
    code, _, err = score(capsys, docs, "-o", out, "--max-bytes", "100k")
    assert code == 1
    rows = {Path(r["path"]).name: r for r in read_csv(out)}
    assert problem in rows[name]["error"] and rows[name]["label"] == ""
    assert all(r["label"] and not r["error"] for n, r in rows.items() if n != name)
    assert f"skipped {docs / name}: " in err and problem in err
    assert "Traceback" not in err and "EOF marker" not in err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(docs: Path, capsys) -> None:
    secret = docs / "secret.txt"
    secret.write_text(MANAGE, "utf-8")
    secret.chmod(0)
    try:
        code, stdout, _ = score(capsys, docs)
    finally:
        secret.chmod(0o600)
    assert code == 1 and "permission denied" in stdout


def test_unreadable_file_simulated(docs: Path, capsys, monkeypatch) -> None:
    from leadership_nlp.adapters import readers

    real_open = open

    def deny(path, *args, **kwargs):
        if str(path).endswith("lead.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(readers, "open", deny, raising=False)
    code, stdout, _ = score(capsys, docs)
    assert code == 1
    rows = {Path(r["path"]).name: r for r in csv.DictReader(io.StringIO(stdout))}
    assert rows["lead.txt"]["error"] == "permission denied" and rows["ops.docx"]["error"] == ""


def _mixed_jobs(folder: Path) -> list[Job]:
    """Readable files, CSV-row texts, a missing file and a planned error, in a mixed order."""
    jobs = [Job(p.name, str(p)) for p in sorted(folder.rglob("*")) if p.is_file()]
    jobs.insert(1, Job("row", "t.csv", text=f"{MANAGE}\n\n{LEAD}"))
    jobs.insert(3, Job("gone", str(folder / "gone.txt")))
    jobs.insert(4, Job("refused", "big.txt", error="file is larger than 1 byte"))
    jobs.append(Job("empty", "t.csv", text=""))
    return jobs


@pytest.mark.parametrize("batch_chars", [1, 80, 1_000_000])
def test_a_batch_gives_what_each_job_gives_alone(docs: Path, monkeypatch, batch_chars: int) -> None:
    jobs = _mixed_jobs(docs)
    alone = [analysis.analyse_many([job], keep_text=True)[0] for job in jobs]
    classify_many, calls = analysis.load_model().classify_many, []
    monkeypatch.setattr(analysis, "BATCH_CHARS", batch_chars)
    monkeypatch.setattr(
        type(analysis.load_model()),
        "classify_many",
        lambda self, texts, **kw: calls.append(1) or classify_many(texts, **kw),
    )
    together = analysis.analyse_many(jobs, keep_text=True)
    assert [(o.id, o.error, o.text) for o in together] == [(o.id, o.error, o.text) for o in alone]
    assert [o.result.to_dict() if o.result else None for o in together] == [
        o.result.to_dict() if o.result else None for o in alone
    ]
    assert together[3].error and together[4].error == "file is larger than 1 byte"
    # Six texts were read: one call each, one for all, or some sharing a call.
    assert len(calls) in {1: {6}, 80: {2, 3, 4, 5}, 1_000_000: {1}}[batch_chars]


def test_a_text_that_fails_fails_alone_in_its_batch(docs: Path, monkeypatch) -> None:
    model = analysis.load_model()

    class Fussy:
        def classify_many(self, texts, **kw):
            texts = list(texts)
            if any("BOOM" in text for text in texts):
                raise ValueError("no BOOM here")
            return model.classify_many(texts, **kw)

        def classify(self, text, **kw):
            return self.classify_many([text], **kw)[0]

    monkeypatch.setattr(analysis, "load_model", lambda path=None: Fussy())
    jobs = [Job("a", "t.csv", text=LEAD), Job("b", "t.csv", text="BOOM"), Job("c", "t.csv", text=MANAGE)]
    a, b, c = analysis.analyse_many(jobs)
    assert b.result is None and b.error == "could not classify (ValueError: no BOOM here)"
    assert a.result.label == "leadership" and c.result.label == "management" and not a.error and not c.error


def test_batches_keep_the_order_and_give_every_worker_several(monkeypatch) -> None:
    jobs = [Job(str(i), str(i)) for i in range(100)]
    serial = analysis.batches(jobs)
    assert [len(b) for b in serial] == [16] * 6 + [4] and [j for b in serial for j in b] == jobs
    monkeypatch.setattr(joblib, "effective_n_jobs", lambda n: 2)
    assert [len(b) for b in analysis.batches(jobs, 2)] == [13] * 7 + [9]
    assert [len(b) for b in analysis.batches(jobs[:5], 2)] == [1] * 5
    assert analysis.batches([], 2) == []


def test_interrupted_run_keeps_rows_and_resume_finishes(docs: Path, tmp_path: Path, capsys, monkeypatch):
    out = tmp_path / "scores.csv"
    real_read, calls = analysis._read, []

    def interrupt_third(job, max_bytes):
        calls.append(job.id)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_read(job, max_bytes)

    monkeypatch.setattr(analysis, "_read", interrupt_third)
    monkeypatch.setattr(analysis, "BATCH_DOCUMENTS", 2)
    code, _, err = score(capsys, docs, "-o", out)
    assert code == 130 and "--resume" in err
    first = [r["id"] for r in read_csv(out)]
    assert first == calls[:2]  # the finished batch's rows were on disk before the interruption

    calls.clear()
    code, _, err = score(capsys, docs, "-o", out, "--resume")
    assert code == 0 and "2 already in" in err
    ids = [r["id"] for r in read_csv(out)]
    assert len(calls) == 2 and set(calls).isdisjoint(first)
    assert len(ids) == len(set(ids)) == 4


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_resume_repairs_a_truncated_last_line(docs: Path, tmp_path: Path, capsys, fmt: str) -> None:
    out = tmp_path / f"scores.{fmt}"
    assert score(capsys, docs, "-o", out)[0] == 0
    data = out.read_bytes()
    out.write_bytes(data[: data.rstrip(b"\n").rfind(b"\n") + 20])  # cut inside the last row
    code, _, err = score(capsys, docs, "-o", out, "--resume")
    assert code == 0 and "scored 1, failed 0, 3 already in" in err
    text = out.read_text("utf-8")
    if fmt == "csv":
        ids = [r["id"] for r in read_csv(out)]
    else:
        ids = [json.loads(line)["id"] for line in text.splitlines()]
    assert len(ids) == len(set(ids)) == 4 and text.endswith("\n")


def test_resume_retries_failed_documents(docs: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "scores.jsonl"
    (docs / "late.txt").write_bytes(b"")
    assert score(capsys, docs, "-o", out)[0] == 1
    (docs / "late.txt").write_text(LEAD, "utf-8")  # the analyst fixes the file
    assert score(capsys, docs, "-o", out, "--resume")[0] == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    late = [r for r in rows if r["id"].endswith("late.txt")]
    assert len(rows) == 5 and len(late) == 1 and late[0]["label"] == "leadership"


def test_resume_when_everything_is_done(docs: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "scores.csv"
    score(capsys, docs, "-o", out)
    before = out.read_bytes()
    code, _, err = score(capsys, docs, "-o", out, "--resume")
    assert code == 0 and out.read_bytes() == before and "scored 0, failed 0, 4 already in" in err


def test_resume_refuses_a_file_that_is_not_score_output(docs: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "notes.csv"
    out.write_text("name,salary\nAda,100\n", "utf-8")
    code, _, err = score(capsys, docs, "-o", out, "--resume")
    assert code == 2 and "not leadership-nlp csv output" in err
    assert out.read_text("utf-8") == "name,salary\nAda,100\n"


def test_resume_state_of_a_cut_off_header(tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    out.write_text("id,path,lab", "utf-8")
    assert resume_state(out, "csv") == set() and out.read_bytes() == b""
    out.write_text("Dear Sir", "utf-8")
    with pytest.raises(UsageError):
        resume_state(out, "csv")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--resume"], "--resume needs -o/--output"),
        (["missing-folder"], "no such file or directory: 'missing-folder'"),
    ],
)
def test_usage_errors(docs: Path, capsys, monkeypatch, argv: list[str], message: str) -> None:
    monkeypatch.chdir(docs)
    code, stdout, err = score(capsys, ".", *argv) if argv == ["--resume"] else score(capsys, *argv)
    assert code == 2 and stdout == ""
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_folder_without_documents(tmp_path: Path, capsys) -> None:
    (tmp_path / "photo.png").write_text("x", "utf-8")  # .rtf is read since issue 16
    code, _, err = score(capsys, tmp_path)
    assert code == 2 and "no documents found" in err


def test_output_inside_an_input_folder_is_not_an_input(docs: Path, capsys) -> None:
    out = docs / "scores.csv"
    out.write_text("stale", "utf-8")
    code, _, _ = score(capsys, docs, "-o", out, "--text-column", "tasks")
    assert code == 0 and len(read_csv(out)) == 4


def test_unwritable_output(docs: Path, tmp_path: Path, capsys) -> None:
    code, _, err = score(capsys, docs, "-o", tmp_path / "no" / "such" / "dir" / "scores.csv")
    assert code == 2 and err.startswith("error: cannot write")


@pytest.mark.parametrize("argv", [[], ["--n-jobs", "0"], ["--max-bytes", "lots"], ["--format", "xml"]])
def test_argument_errors_exit_2(docs: Path, capsys, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["score", *(argv and [str(docs), *argv])])
    assert exit_info.value.code == 2
    assert "usage: leadership-nlp score" in capsys.readouterr().err


def test_help_documents_exit_status(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["score", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "exit status:" in text and "0  every document was scored" in text and "2  usage error" in text


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_and_quiet(docs: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    (docs / "empty.txt").write_bytes(b"")
    monkeypatch.setattr("sys.stderr", terminal := FakeTerminal())
    assert main(["score", str(docs), "-o", str(tmp_path / "a.csv")]) == 1
    assert "| 0/5 [" in terminal.getvalue() and "doc/s" in terminal.getvalue()

    monkeypatch.setattr("sys.stderr", terminal := FakeTerminal())
    assert main(["score", str(docs), "-o", str(tmp_path / "b.csv"), "--quiet"]) == 1
    assert terminal.getvalue() == f"skipped {docs / 'empty.txt'}: empty file\n"  # errors only


def test_no_progress_bar_when_stderr_is_not_a_terminal(docs: Path, tmp_path: Path, capsys) -> None:
    _, _, err = score(capsys, docs, "-o", tmp_path / "a.csv")
    assert "%|" not in err and "\r" not in err


def test_parallel_rows_equal_serial_rows(docs: Path, capsys) -> None:
    (docs / "empty.txt").write_bytes(b"")
    serial = score(capsys, docs, "--n-jobs", "1")[1]
    # Threads keep the test fast (worker processes take seconds to import spaCy);
    # the process path needs only what pickles, checked below.
    with joblib.parallel_config(backend="threading"):
        code, parallel, _ = score(capsys, docs, "--n-jobs", "2")
    assert code == 1 and parallel == serial and len(serial.splitlines()) == 6
    job = Job("x", str(docs / "lead.txt"))
    assert pickle.loads(pickle.dumps(job)) == job
    rows = analysis.score_jobs([job])
    assert pickle.loads(pickle.dumps(rows)) == rows and rows[0]["label"] == "leadership"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_killed_run_leaves_parseable_rows_and_resume_completes_them(tmp_path: Path, fmt: str) -> None:
    # A real SIGKILL of the installed command mid-run: no handler runs, so only
    # what was written and flushed row by row survives.
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "cvs"
    folder.mkdir()
    line = "Set quarterly budgets and KPIs; coached the team to grow. "
    for i in range(120):
        (folder / f"cv{i:03d}.txt").write_text(f"CV {i}\n" + line * 20, "utf-8")
    out = tmp_path / f"scores.{fmt}"
    cmd = [
        sys.executable,
        "-m",
        "leadership_nlp.adapters.cli",
        "score",
        str(folder),
        "-o",
        str(out),
        "--quiet",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300  # a synchronisation bound, not a speed check
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 6:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    data = out.read_text("utf-8-sig")
    complete = data[: data.rfind("\n") + 1]  # a last line cut mid-write is what --resume repairs
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(complete)))
    else:
        rows = [json.loads(x) for x in complete.splitlines()]
    assert 5 <= len(rows) < 120 and all(r["label"] for r in rows)
    done = [r["id"] for r in rows]
    code = subprocess.run([*cmd, "--resume"], capture_output=True, text=True).returncode
    assert code == 0
    final = read_csv(out) if fmt == "csv" else [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    ids = [r["id"] for r in final]
    assert len(ids) == len(set(ids)) == 120  # every document once: no duplicate, none lost
    assert ids[: len(done)] == done


class _Workers:
    """Stands in for joblib.Parallel when the workers load the model: records the loads, or fails."""

    def __init__(self, fails: bool):
        self.fails, self.calls = fails, []

    def __call__(self, n_jobs: int):
        def run(tasks):
            tasks = list(tasks)
            self.calls.append(len(tasks))
            if self.fails:
                raise RuntimeError("a worker could not start")
            return [fn(*args, **kwargs) for fn, args, kwargs in tasks]

        return run


def _in_process(fn, jobs, n_jobs, **kwargs):
    return iter(fn(jobs, **kwargs))


@pytest.mark.parametrize("fails", [False, True])
def test_workers_load_the_model_before_the_run_and_the_parent_only_if_they_failed(
    docs: Path, capsys, monkeypatch, fails: bool
) -> None:
    workers, loads = _Workers(fails), []
    monkeypatch.setattr(joblib, "Parallel", workers)
    monkeypatch.setattr("leadership_nlp.adapters.batch.iter_jobs", _in_process)
    monkeypatch.setattr("leadership_nlp.adapters.batch.load_model", lambda path=None: loads.append(path))
    code, out, _ = score(capsys, docs, "--n-jobs", "2")
    assert code == 0 and len(out.splitlines()) == 5
    assert workers.calls == [min(4, joblib.effective_n_jobs(2))]  # one load per worker, before any row
    assert loads == ([None] if fails else [])  # the parent loads it only to report a failure


def test_resume_loads_the_model_in_the_parent(docs: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    workers, loads = _Workers(fails=False), []
    monkeypatch.setattr(joblib, "Parallel", workers)
    monkeypatch.setattr("leadership_nlp.adapters.batch.iter_jobs", _in_process)
    monkeypatch.setattr("leadership_nlp.adapters.batch.load_model", lambda path=None: loads.append(path))
    out = tmp_path / "s.csv"
    assert score(capsys, docs, "-o", out, "--n-jobs", "2", "--resume")[0] == 0
    # How many jobs remain is known only once the output is read: no workers started for it.
    assert workers.calls == [] and loads == [None] and len(read_csv(out)) == 4


def test_a_bad_model_with_workers_is_one_clear_error(docs: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    workers = _Workers(fails=True)
    monkeypatch.setattr(joblib, "Parallel", workers)
    code, out, err = score(capsys, docs, "--n-jobs", "2", "--model", tmp_path / "no-model")
    assert workers.calls  # the workers were asked first
    assert code == 2 and out == "" and "Traceback" not in err
    assert "error:" in err and "no-model" in err


def test_no_workers_are_started_for_one_job_or_one_process(monkeypatch) -> None:
    workers = _Workers(fails=False)
    monkeypatch.setattr(joblib, "Parallel", workers)
    assert not analysis.load_in_workers(1, 10) and not analysis.load_in_workers(2, 1)
    assert workers.calls == []
    assert analysis.load_in_workers(-1, 10) and workers.calls == [min(10, joblib.effective_n_jobs(-1))]
