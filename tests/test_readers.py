"""Tests for leadership_nlp.readers: formats, encodings and every failure mode."""

import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from leadership_nlp.readers import (
    SUPPORTED_SUFFIXES,
    Document,
    ReadError,
    discover,
    iter_csv_documents,
    read_document,
    read_docx,
    read_pdf,
    read_text_file,
)

DATA = Path(__file__).parent / "data"
BINARY_JUNK = bytes(range(256)) * 8


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


# --- plain text and encodings -------------------------------------------------


def test_utf8_text_round_trip(tmp_path: Path) -> None:
    text = "Head of Product\n\nSets the vision — and coaches people to grow. 🚀\r\n"
    path = write(tmp_path / "ad.txt", text)
    assert read_text_file(path) == text
    assert read_document(path) == text


def test_markdown_read_as_text(tmp_path: Path) -> None:
    path = write(tmp_path / "cv.MD", "# Jo Bloggs\n\n- Managed the rota\n")
    assert read_document(path) == "# Jo Bloggs\n\n- Managed the rota\n"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "Café"),
        ("latin-1", "Café"),
        ("cp1252", "Café manager: rota planning, budgets and KPIs for 40 staff.\n"),
        ("latin-1", "Führungskraft für 40 Mitarbeiter, Budgetverantwortung.\n"),
        ("cp1252", "Jürgen Müller – Führungskraft, “lean” methods, naïve résumé\n"),
    ],
)
def test_legacy_western_encodings(tmp_path: Path, encoding: str, text: str) -> None:
    path = write(tmp_path / "cv.txt", text, encoding)
    assert read_text_file(path) == text


def test_other_legacy_encoding_detected(tmp_path: Path) -> None:
    text = "Руководитель отдела продаж. Управление командой из 12 человек."
    path = write(tmp_path / "cv.txt", text, "cp1251")
    assert read_text_file(path) == text


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", "\ufeffCafé leader", "utf-8")
    assert read_text_file(path) == "Café leader"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "notepad.txt", "Café supervisor", encoding)
    assert read_text_file(path) == "Café supervisor"


# --- docx ---------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Sam Example", level=1)
    document.add_paragraph("Operations Manager. I manage upwards of 100 people.")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Skill"
    table.cell(0, 1).text = "Level"
    table.cell(0, 2).text = "Years"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Rota planning"
    table.cell(1, 2).text = "8"
    document.add_paragraph("Café après the table.")
    document.save(str(path))
    return path


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    text = read_docx(make_docx(tmp_path / "cv.docx"))
    lines = text.splitlines()
    assert lines[0] == "Sam Example"
    assert "I manage upwards of 100 people." in lines[1]
    assert "Skill\tLevel\tYears" in lines
    assert "Rota planning\t8" in lines  # merged cell appears once
    assert lines[-1] == "Café après the table."
    assert read_document(tmp_path / "cv.docx") == text


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(ReadError, match="no text"):
        read_docx(path)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"This is a plain text file renamed to .docx", "not a ZIP archive"),
        (b"PK\x03\x04 truncated zip", "not a valid DOCX"),
        ("zip-without-word", "not a valid DOCX"),
    ],
)
def test_corrupt_docx(tmp_path: Path, content: bytes | str, fragment: str) -> None:
    path = tmp_path / "bad.docx"
    if content == "zip-without-word":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "not a Word document")
    else:
        write(path, content)
    with pytest.raises(ReadError, match=fragment) as info:
        read_docx(path)
    assert str(info.value).startswith(str(path))


# --- pdf ----------------------------------------------------------------------


def test_pdf_fixture_pages() -> None:
    text = read_pdf(DATA / "sample.pdf")
    assert text == (
        "Alex Example - Operations Manager\nCafé rota planning and budgets."
        "\n\nPage two: coaching people to grow."
    )
    assert read_document(DATA / "sample.pdf") == text


def test_pdf_generated_with_fpdf2(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "Warehouse Shift Supervisor\nRotas, targets, Café.")
    path = tmp_path / "ad.pdf"
    pdf.output(str(path))
    assert read_pdf(path) == "Warehouse Shift Supervisor\nRotas, targets, Café."


def test_encrypted_pdf() -> None:
    with pytest.raises(ReadError, match="password-protected"):
        read_pdf(DATA / "encrypted.pdf")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"%PDF-1.7\n this is not really a pdf", "not a valid PDF"),
        (BINARY_JUNK, "not a valid PDF (no %PDF header)"),
        ("truncated", "not a valid PDF"),
    ],
)
def test_corrupt_pdf(tmp_path: Path, content: bytes | str, fragment: str) -> None:
    if content == "truncated":
        whole = (DATA / "sample.pdf").read_bytes()
        content = whole[: len(whole) // 2]
    path = write(tmp_path / "report.pdf", content)
    with pytest.raises(ReadError, match=re.escape(fragment)) as info:
        read_pdf(path)
    assert str(info.value).startswith(f"{path}: not a valid PDF")


# --- failures shared by every reader ------------------------------------------

READERS = [read_text_file, read_pdf, read_docx, read_document]


@pytest.mark.parametrize("reader", READERS)
def test_empty_file(tmp_path: Path, reader) -> None:
    path = write(tmp_path / "empty.txt", b"")
    with pytest.raises(ReadError, match="empty file"):
        reader(path)


@pytest.mark.parametrize("reader", READERS)
def test_missing_file(tmp_path: Path, reader) -> None:
    with pytest.raises(ReadError, match="file not found"):
        reader(tmp_path / "nope.txt")


@pytest.mark.parametrize("reader", READERS)
def test_too_large(tmp_path: Path, reader) -> None:
    path = write(tmp_path / "big.txt", "x" * 3000)
    with pytest.raises(ReadError, match="larger than the 1000 bytes limit"):
        reader(path, max_bytes=1000)


def test_too_large_message_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse file: no 3 MB actually written
        handle.truncate(3 * 1024 * 1024)
    with pytest.raises(ReadError, match=r"file is 3\.0 MB, larger than the 2 MB limit"):
        read_text_file(path, max_bytes=2 * 1024 * 1024)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root (or a non-POSIX system) can read anything",
)
@pytest.mark.parametrize("reader", READERS)
def test_permission_denied(tmp_path: Path, reader) -> None:
    path = write(tmp_path / "secret.txt", "top secret")
    path.chmod(0)
    try:
        with pytest.raises(ReadError, match="permission denied"):
            reader(path)
    finally:
        path.chmod(0o600)


def test_permission_denied_simulated(tmp_path: Path, monkeypatch) -> None:
    """Covers the same path when the suite runs as root (CI containers)."""
    from leadership_nlp import readers

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(readers, "open", deny, raising=False)
    path = write(tmp_path / "secret.txt", "top secret")
    with pytest.raises(ReadError, match=f"^{re.escape(str(path))}: permission denied$"):
        read_document(path)


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="not a regular file but a directory"):
        read_text_file(tmp_path)


@pytest.mark.parametrize(
    "content",
    [BINARY_JUNK, b"MZ\x90\x00\x03\x00\x00\x00", b"\x01\x02\x03\x04\x05abc" * 50],
)
def test_binary_junk(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path / "photo.txt", content)
    with pytest.raises(ReadError, match="binary content, not text"):
        read_text_file(path)


def test_whitespace_only(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="only whitespace"):
        read_text_file(write(tmp_path / "blank.md", " \n\t\r\n "))


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = write(tmp_path / "old.doc", "Word 97")
    with pytest.raises(ReadError, match=r"unsupported file type '\.doc'"):
        read_document(path)


# --- csv ----------------------------------------------------------------------

CSV = (
    "id,title,text\r\n"
    'a1,Ops,"I manage upwards of 100 people, rotas and budgets."\r\n'
    'b2,Head,"Sets the vision.\r\nCoaches people to grow."\r\n'
    ",Blank,\r\n"
)


def test_csv_default_ids(tmp_path: Path) -> None:
    path = write(tmp_path / "roles.csv", CSV)
    docs = list(iter_csv_documents(path, "text"))
    assert [d.id for d in docs] == ["roles.csv:1", "roles.csv:2", "roles.csv:3"]
    assert docs[0] == Document(
        id="roles.csv:1",
        path=str(path),
        text="I manage upwards of 100 people, rotas and budgets.",
    )
    assert docs[1].text == "Sets the vision.\r\nCoaches people to grow."
    assert docs[2].text == ""


def test_csv_id_column_and_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "roles.csv", CSV.replace("Ops", "Café"), "cp1252")
    docs = list(iter_csv_documents(path, "title", id_column="id"))
    assert [(d.id, d.text) for d in docs] == [
        ("a1", "Café"),
        ("b2", "Head"),
        ("roles.csv:3", "Blank"),  # empty id cell falls back to the row number
    ]


def test_csv_short_row_gives_empty_text(tmp_path: Path) -> None:
    path = write(tmp_path / "short.csv", "id,text\nx\n")
    assert list(iter_csv_documents(path, "text")) == [Document(id="short.csv:1", path=str(path), text="")]


@pytest.mark.parametrize("kwargs", [{"text_column": "body"}, {"id_column": "key"}])
def test_csv_missing_column(tmp_path: Path, kwargs: dict[str, str]) -> None:
    path = write(tmp_path / "roles.csv", CSV)
    kwargs = {"text_column": "text", **kwargs}
    with pytest.raises(ReadError, match="available: 'id', 'title', 'text'") as info:
        list(iter_csv_documents(path, **kwargs))
    assert "no column" in str(info.value)


def test_csv_malformed(tmp_path: Path) -> None:
    path = write(tmp_path / "huge_cell.csv", "text\n" + "x" * 200_000 + "\n")
    with pytest.raises(ReadError, match="malformed CSV"):
        list(iter_csv_documents(path, "text"))


def test_csv_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "data.csv", BINARY_JUNK)
    with pytest.raises(ReadError, match="binary content"):
        list(iter_csv_documents(path, "text"))


# --- discover -----------------------------------------------------------------


def test_discover_order_and_filtering(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.PDF",
        "notes.xlsx",
        "sub/z.docx",
        "sub/deeper/c.md",
        "a-sub/x.csv",
        ".hidden.txt",
        "~$lock.docx",
        ".git/config.txt",
    ]:
        write(tmp_path / name, "text")
    found = discover([tmp_path])
    relative = [p.relative_to(tmp_path).as_posix() for p in found]
    assert relative == sorted(relative, key=lambda r: Path(r).parts)
    assert relative == [
        "a-sub/x.csv",
        "a.PDF",
        "b.txt",
        "sub/deeper/c.md",
        "sub/z.docx",
    ]
    assert discover([tmp_path]) == found  # deterministic


def test_discover_keeps_explicit_files_and_order(tmp_path: Path) -> None:
    odd = write(tmp_path / "notes.xlsx", "x")
    folder_file = write(tmp_path / "dir" / "cv.txt", "x")
    result = discover([odd, str(tmp_path / "dir"), folder_file])
    assert result == [odd, folder_file]  # duplicate dropped, order kept


def test_discover_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nope"):
        discover([tmp_path / "nope"])


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".pdf", ".docx", ".csv")


# --- properties ---------------------------------------------------------------

# Printable text plus ordinary whitespace; control characters are excluded
# because a high ratio of them is (deliberately) rejected as binary content.
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cc"], include_characters="\t\n\r"),
    min_size=1,
    max_size=300,
)
FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@FAST
@given(text=TEXT)
def test_utf8_text_reads_back_identically(tmp_path: Path, text: str) -> None:
    assume(text.strip() and not text.startswith("\ufeff"))  # a leading BOM is dropped
    path = write(tmp_path / "prop.txt", text)
    assert read_text_file(path) == text


@FAST
@given(text=st.text(st.sampled_from(" \t\r\n\x0c\u2003"), max_size=20))
def test_blank_text_is_an_error(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "blank.txt", text)
    with pytest.raises(ReadError, match="empty file|only whitespace"):
        read_text_file(path)


JUNK = st.binary(max_size=600)
MAGIC = st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe"])


@FAST
@given(
    data=st.builds(bytes.__add__, MAGIC, JUNK),
    suffix=st.sampled_from(SUPPORTED_SUFFIXES),
)
def test_any_bytes_give_text_or_read_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = write(tmp_path / f"fuzz{suffix}", data)
    try:
        assert isinstance(read_document(path), str)
    except ReadError as error:
        assert str(error).startswith(str(path))
