"""Spreadsheet output: ``score -o FILE.xlsx`` read back with openpyxl, and CSV that Excel opens."""

import codecs
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from leadership_nlp import classify
from leadership_nlp.adapters import xlsx
from leadership_nlp.adapters.cells import is_xlsx
from leadership_nlp.adapters.cli import main
from leadership_nlp.adapters.xlsx import MAX_CELL_CHARS, WorkbookWriter, clean_text, needs_quote
from leadership_nlp.core.schema import OUTPUT_COLUMNS, SENTENCE_COLUMNS, sentence_rows

LEAD = "I coach people to grow and share a bold vision for the future."
MANAGE = "Maintained the ward budgets. Maintained the staff rota. Maintained staffing levels and KPIs."
#: Ids a spreadsheet would run as formulas, or read as an error value, if written as they are.
DANGEROUS = [
    '=HYPERLINK("http://x.example","click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
    "=",
]
SAFE = ["Zoë Müller", "cv 7", "1e5", "", "a=b"]


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main(["score", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def cells(sheet) -> list[list[object]]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


def same(cell: object, text: str) -> bool:
    if cell is None:
        return text == ""
    if isinstance(cell, (int, float)):
        return float(text) == cell
    return cell == text


def scored_ids(capsys, table: Path, tmp_path: Path) -> list[str]:
    """The ids as ``score`` writes them to JSON Lines, which changes nothing but line breaks."""
    out = tmp_path / "ids.jsonl"
    run(capsys, table, "--text-column", "text", "--id-column", "code", "-o", out)
    return [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()]


def assert_no_formula(book) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert cell.data_type != "e", (sheet.title, cell.coordinate, cell.value)


@pytest.fixture
def table(tmp_path: Path) -> Path:
    """A CSV input whose ids are dangerous or accented, with one empty text."""
    path = tmp_path / "in.csv"
    texts = [LEAD, MANAGE] * 8
    ids = DANGEROUS + SAFE
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "text"])
        writer.writerows((i, "" if i == "cv 7" else t) for i, t in zip(ids, texts, strict=False))
    return path


def test_workbook_round_trips_with_the_csv_columns_and_no_formula(table, tmp_path, capsys):
    book_path, csv_path = tmp_path / "out.xlsx", tmp_path / "out.csv"
    code, _, err = run(capsys, table, "--text-column", "text", "--id-column", "code", "-o", book_path)
    assert code == 1 and "scored 12, failed 1" in err  # the empty text is an error row, as in CSV
    assert run(capsys, table, "--text-column", "text", "--id-column", "code", "-o", csv_path)[0] == 1
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["documents", "sentences"]
    assert_no_formula(book)
    documents = cells(book["documents"])
    assert documents[0] == list(OUTPUT_COLUMNS)
    with csv_path.open(newline="", encoding="utf-8-sig") as handle:
        expected = list(csv.reader(handle))
    # The CSV's rows, ids aside (CSV may neutralise them in its own way): its text "0.0317" is
    # the workbook's number 0.0317, its "" an empty cell.
    assert len(documents) == len(expected) == 1 + len(DANGEROUS + SAFE)
    for got, want in zip(documents, expected, strict=True):
        assert [same(g, w) for g, w in zip(got[1:], want[1:], strict=True)] == [True] * (len(want) - 1)
    expected_ids = [i or None for i in scored_ids(capsys, table, tmp_path)]
    assert [row[0] for row in documents[1:]] == expected_ids
    assert sum(i in expected_ids for i in DANGEROUS) >= 6  # they reach the workbook as they are
    sheet = book["documents"]
    for row in sheet.iter_rows(min_row=2, max_col=1):
        assert row[0].quotePrefix == needs_quote(row[0].value or "")
    assert (
        sheet.freeze_panes == "A2"
        and sheet.auto_filter.ref == f"A1:{get_column_letter(len(OUTPUT_COLUMNS))}{len(documents)}"
    )


def test_sentences_sheet_has_every_sentence_with_its_document(table, tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    run(capsys, table, "--text-column", "text", "--id-column", "code", "-o", out)
    rows = cells(openpyxl.load_workbook(out)["sentences"])
    assert rows[0] == ["id", *SENTENCE_COLUMNS]
    expected = []
    for ident, text in zip(scored_ids(capsys, table, tmp_path), [LEAD, MANAGE] * 8, strict=False):
        if ident != "cv 7":
            expected += [[ident, *r.values()] for r in sentence_rows(classify(text))]
    got = [[("" if v is None else v) for v in row] for row in rows[1:]]
    assert got == expected
    assert {r[SENTENCE_COLUMNS.index("label") + 1] for r in rows[1:]} == {"leadership", "management"}


@given(st.text(max_size=60))
def test_any_text_is_kept_as_text(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("h") / "t.xlsx"
    with WorkbookWriter(path) as book:
        book.write({"id": value, "path": value, "error": value})
    workbook = openpyxl.load_workbook(path)
    assert_no_formula(workbook)
    (row,) = list(workbook["documents"].iter_rows(min_row=2))
    expected = clean_text(value) or None  # an empty string is an empty cell
    assert [row[0].value, row[1].value, row[-1].value] == [expected] * 3


def test_unwritable_characters_and_overlong_text_are_made_writable(tmp_path):
    path = tmp_path / "t.xlsx"
    long = "x" * (MAX_CELL_CHARS + 10)
    with WorkbookWriter(path) as book:
        book.write({"id": "a\x00b\x1bc\ud800d\uffff", "error": long})
    (row,) = list(openpyxl.load_workbook(path)["documents"].iter_rows(min_row=2, values_only=True))
    assert row[0] == "a\ufffdb\ufffdc\ufffdd\ufffd"
    assert len(row[-1]) == MAX_CELL_CHARS and row[-1].endswith("…")


def test_a_full_sheet_continues_in_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)  # header + 2 rows per sheet
    path = tmp_path / "t.xlsx"
    result = classify("I coach people. I set budgets. I run the rota. I share the vision. Thanks.")
    with WorkbookWriter(path) as book:
        book.write({"id": "cv"}, result)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["documents", "sentences", "sentences 2", "sentences 3"]
    parts = [cells(workbook[name]) for name in workbook.sheetnames[1:]]
    assert all(part[0] == ["id", *SENTENCE_COLUMNS] for part in parts)
    assert (
        [row[1] for part in parts for row in part[1:]]
        == list(range(len(result.sentences)))
        == [0, 1, 2, 3, 4]
    )


def test_an_interrupted_block_keeps_the_rows_written_and_a_failed_save_keeps_the_old_file(
    tmp_path, monkeypatch
):
    path = tmp_path / "t.xlsx"
    with pytest.raises(KeyboardInterrupt), WorkbookWriter(path) as book:
        book.write({"id": "first"})
        raise KeyboardInterrupt
    assert cells(openpyxl.load_workbook(path)["documents"])[1][0] == "first"
    before = path.read_bytes()

    def fails(source: str, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(xlsx.os, "replace", fails)
    with pytest.raises(OSError, match="disk full"), WorkbookWriter(path) as book:
        book.write({"id": "second"})
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]


def test_resume_is_refused_for_a_workbook(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(LEAD, "utf-8")
    code, _, err = run(capsys, tmp_path / "a.txt", "-o", tmp_path / "out.xlsx", "--resume")
    assert code == 2 and "--resume works with CSV and JSON Lines" in err
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize(
    ("output", "fmt", "expected"),
    [("a.xlsx", None, True), ("A.XLSX", None, True), ("a.xlsx", "csv", False), ("a.csv", None, False)]
    + [(None, None, False), ("a.xlsx.csv", None, False)],
)
def test_is_xlsx(output, fmt, expected):
    assert is_xlsx(output, fmt) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1", True), ("+1", True), ("-1", True), ("@x", True), ("\tx", True), ("\rx", True)]
    + [("#N/A", True), ("#DIV/0!", True), ("x=1", False), ("", False), ("#hashtag", False)],
)
def test_needs_quote(value, expected):
    assert needs_quote(value) is expected


# CSV for Excel: a UTF-8 byte order mark, exactly one, also after --resume.


def test_csv_starts_with_one_bom_and_resume_adds_none(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("Zoë.txt", "Renée.txt", "Ōta.txt"):
        (folder / name).write_text(LEAD, "utf-8")
    out = tmp_path / "out.csv"
    assert run(capsys, folder, "-o", out)[0] == 0
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + b"id,path,") and data.count(codecs.BOM_UTF8) == 1
    out.write_bytes(data[: data.rstrip(b"\n").rfind(b"\n") + 10])  # cut inside the last row
    code, _, err = run(capsys, folder, "-o", out, "--resume")
    assert code == 0 and "scored 1, failed 0, 2 already in" in err
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + b"id,path,") and data.count(codecs.BOM_UTF8) == 1
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted(Path(r["path"]).name for r in rows) == ["Renée.txt", "Zoë.txt", "Ōta.txt"]
    assert run(capsys, folder, "-o", out, "--resume")[0] == 0  # a complete file resumed: still one BOM
    assert out.read_bytes().count(codecs.BOM_UTF8) == 1 and out.read_bytes().count(b"\n") == 4


def test_json_lines_and_standard_output_have_no_bom(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(LEAD, "utf-8")
    out = tmp_path / "out.jsonl"
    assert run(capsys, tmp_path / "a.txt", "-o", out)[0] == 0
    assert json.loads(out.read_bytes())["label"] == "leadership"  # json.loads refuses a BOM
    code, stdout, _ = run(capsys, tmp_path / "a.txt")
    assert code == 0 and stdout.startswith("id,path,")


def test_the_workbook_gets_ordinary_permissions(tmp_path):
    path = tmp_path / "t.xlsx"
    umask = os.umask(0o022)
    try:
        WorkbookWriter(path).save()
        assert path.stat().st_mode & 0o777 == 0o644  # not the temporary file's 0600
        path.chmod(0o640)
        WorkbookWriter(path).save()
        assert path.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its permissions
    finally:
        os.umask(umask)


def test_scoring_to_csv_never_imports_openpyxl(tmp_path):
    # Half a second of start-up for every CSV or JSON Lines run: openpyxl is for workbooks only.
    (tmp_path / "a.txt").write_text(LEAD, "utf-8")
    code = (
        "import sys\n"
        "from leadership_nlp.adapters.cli import main\n"
        f"assert main(['score', {str(tmp_path / 'a.txt')!r}, '-o', {str(tmp_path / 'a.csv')!r}, '-q']) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "a.csv").read_text("utf-8").count("\n") == 2  # the header and one row
