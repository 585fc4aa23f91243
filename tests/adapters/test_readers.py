"""Tests for leadership_nlp.adapters.readers: formats, encodings and every failure mode."""

import io
import math
import os
import re
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from leadership_nlp.adapters.readers import (
    MAX_UNZIPPED_BYTES,
    SUPPORTED_SUFFIXES,
    TIME_LIMIT,
    Document,
    ReadError,
    discover,
    iter_csv_documents,
    read_document,
    read_extracted,
    read_text_file,
    survey,
)

DATA = Path(__file__).resolve().parents[1] / "data"
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
    text = read_extracted(make_docx(tmp_path / "cv.docx"))
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
        read_extracted(path)


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
        read_extracted(path)
    assert str(info.value).startswith(str(path))


# --- pdf ----------------------------------------------------------------------


def test_pdf_fixture_pages() -> None:
    text = read_extracted(DATA / "sample.pdf")
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
    assert read_extracted(path) == "Warehouse Shift Supervisor\nRotas, targets, Café."


def test_encrypted_pdf() -> None:
    with pytest.raises(ReadError, match="password-protected"):
        read_extracted(DATA / "encrypted.pdf")


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
        read_extracted(path)
    assert str(info.value).startswith(f"{path}: not a valid PDF")


# --- failures shared by every reader ------------------------------------------

READERS = [read_text_file, read_extracted, read_document]


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
    from leadership_nlp.adapters import readers

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
    path = write(tmp_path / "stray_quote.csv", 'text\n"Sets budgets"; rotas\nCoaches people\n')
    with pytest.raises(ReadError, match="malformed CSV in the row starting on line 2"):
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
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".pdf", ".docx", ".odt", ".rtf", ".csv")


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


# --- issue 16: attacks on the readers ---------------------------------------------


def _slow_pdf(path: Path, pages: int, ops: int) -> Path:
    """A tiny PDF whose pages share one compressed content stream of ``ops`` text operators."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 1 Tf " + b"(a) Tj " * ops + b"ET")
    content = writer._add_object(stream.flate_encode())
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    resources = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Contents")] = content
        page[NameObject("/Resources")] = resources
    writer.write(path)
    return path


def test_slow_pdf_is_given_up_at_the_time_limit(tmp_path: Path) -> None:
    # 9 KB, over a minute of pypdf without a limit (50 pages x 20,000 operators).
    path = _slow_pdf(tmp_path / "slow.pdf", pages=50, ops=20_000)
    assert path.stat().st_size < 16_000
    started = time.monotonic()
    with pytest.raises(ReadError, match=r"reading took longer than the 1 s limit"):
        read_extracted(path, time_limit=1)
    assert time.monotonic() - started < 10
    with pytest.raises(ReadError, match=r"longer than the 1 s limit"):
        read_document(path, time_limit=1)


def test_time_limit_default_and_in_process_reading(tmp_path: Path, monkeypatch) -> None:
    from leadership_nlp.adapters import formats as readers_formats

    assert TIME_LIMIT == readers_formats.TIME_LIMIT == 60
    monkeypatch.setattr(readers_formats, "TIME_LIMIT", 0.5)
    with pytest.raises(ReadError, match=r"longer than the 0\.5 s limit"):
        read_extracted(_slow_pdf(tmp_path / "slow.pdf", pages=50, ops=20_000))
    # math.inf reads in this process, unbounded: the same text as the child gives
    assert read_extracted(DATA / "sample.pdf", time_limit=math.inf) == read_extracted(DATA / "sample.pdf")


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    # A valid DOCX with one extra part of 210 MB of zeros: 1 MB on disk.
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes("Ran the night shift rota.")))
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        with bomb.open("word/media/zeros.bin", "w", force_zip64=True) as part:
            for _ in range(210):
                part.write(bytes(1 << 20))
    assert path.stat().st_size < 2 * 1024 * 1024 < 210 * 1024 * 1024 > MAX_UNZIPPED_BYTES
    started = time.monotonic()
    with pytest.raises(
        ReadError, match=r"DOCX expands to 21\d MB, more than the 200 MB limit \(a zip bomb\?\)"
    ):
        read_extracted(path)
    assert time.monotonic() - started < 1  # only the archive's directory was read


def test_docx_just_under_the_unzipped_limit_is_read(tmp_path: Path, monkeypatch) -> None:
    from leadership_nlp.adapters import formats as readers_formats

    path = write(tmp_path / "cv.docx", _docx_bytes("Coached the shift leads."))
    with zipfile.ZipFile(path) as archive:
        total = sum(i.file_size for i in archive.infolist())
    monkeypatch.setattr(readers_formats, "MAX_UNZIPPED_BYTES", total)
    assert read_extracted(path) == "Coached the shift leads."
    monkeypatch.setattr(readers_formats, "MAX_UNZIPPED_BYTES", total - 1)
    with pytest.raises(ReadError, match="zip bomb"):
        read_extracted(path)


def test_csv_cell_longer_than_the_csv_module_limit_keeps_every_row(tmp_path: Path) -> None:
    long_text = "I set the budget. " * 12_000  # 216,000 characters, over csv's 131,072
    rows = ["id,text", "a,First row.", f'b,"{long_text}"', "c,Last row."]
    path = write(tmp_path / "long.csv", "\n".join(rows) + "\n")
    docs = list(iter_csv_documents(path, "text", "id"))
    assert [(d.id, len(d.text)) for d in docs] == [("a", 10), ("b", len(long_text)), ("c", 9)]
    assert docs[1].text == long_text


def test_csv_unterminated_quote_is_an_error_not_swallowed_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "open.csv", 'id,text\na,Fine.\nb,"Never closed\nc,Swallowed\nd,Also\n')
    docs = []
    with pytest.raises(ReadError, match=r"quote opened in the row starting on line 3 is never closed"):
        for doc in iter_csv_documents(path, "text", "id"):
            docs.append(doc)
    assert [d.id for d in docs] == ["a"]  # the rows before it are kept


def _encrypted_pdf(path: Path, user_password: str, algorithm: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(DATA / "sample.pdf"))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    writer.write(path)
    return path


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_aes_pdf_with_owner_password_only_is_read(tmp_path: Path, algorithm: str) -> None:
    path = _encrypted_pdf(tmp_path / "owner.pdf", "", algorithm)
    assert read_extracted(path) == read_extracted(DATA / "sample.pdf")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_needing_a_password_says_so(tmp_path: Path, algorithm: str) -> None:
    path = _encrypted_pdf(tmp_path / "locked.pdf", "user-secret", algorithm)
    with pytest.raises(ReadError, match=r"password-protected \(encrypted: a password is needed") as info:
        read_extracted(path)
    assert "not a valid" not in str(info.value)


def test_odt_and_rtf_are_read(tmp_path: Path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Shift Lead"))
    document.text.addElement(P(text="Planned the rota and the budget."))
    document.text.addElement(P(text="Coached new staff."))
    document.save(str(tmp_path / "cv.odt"))
    assert (
        read_document(tmp_path / "cv.odt")
        == "Shift Lead\nPlanned the rota and the budget.\nCoached new staff."
    )
    rtf = r"{\rtf1\ansi\ansicpg1252 {\b Shift Lead}\par Planned the rota for the caf\'e9.\par}"
    path = write(tmp_path / "cv.rtf", rtf)
    assert read_document(path).split() == ["Shift", "Lead", "Planned", "the", "rota", "for", "the", "café."]
    with pytest.raises(ReadError, match="not a valid RTF"):
        read_document(write(tmp_path / "fake.rtf", "plain words"))
    with pytest.raises(ReadError, match="not a valid ODT"):
        read_document(write(tmp_path / "fake.odt", b"PK\x03\x04 not really"))


def test_doc_and_other_types_say_why_they_are_not_read(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"unsupported file type '\.doc' \(old Word format: save it as"):
        read_document(write(tmp_path / "old.doc", b"\xd0\xcf\x11\xe0 Word 97"))
    with pytest.raises(ReadError, match=r"unsupported file type '\.png', not read; supported: \.txt"):
        read_document(write(tmp_path / "logo.png", b"\x89PNG"))


def test_survey_reports_what_discover_leaves_out(tmp_path: Path) -> None:
    for name in ["cv.pdf", "cv.doc", "logo.png", ".DS_Store", "~$cv.docx", "sub/notes", "sub/cv.PAGES"]:
        write(tmp_path / name, "x")
    others: list[Path] = []
    found = {p.relative_to(tmp_path).as_posix(): reason for p, reason in survey([tmp_path], others=others)}
    assert found == {
        "cv.doc": "unsupported file type '.doc' (old Word format: save it as .docx or PDF)",
        "cv.pdf": None,
        "sub/cv.PAGES": "unsupported file type '.pages' (Apple Pages: export it as .docx or PDF)",
    }
    assert others == [tmp_path / "logo.png", tmp_path / "sub" / "notes"]
    assert discover([tmp_path]) == [tmp_path / "cv.pdf"]


def test_unreadable_sub_folder_is_reported(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "a.txt", "x")
    write(tmp_path / "locked" / "b.txt", "x")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert survey([tmp_path]) == [
        (tmp_path / "a.txt", None),
        (tmp_path / "locked", "permission denied: cannot list this folder, its files were not read"),
    ]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_sub_folder_is_reported_for_real(tmp_path: Path) -> None:
    write(tmp_path / "locked" / "b.txt", "x")
    (tmp_path / "locked").chmod(0)
    try:
        ((path, reason),) = survey([tmp_path])
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert path == tmp_path / "locked" and reason.startswith("permission denied")


def test_a_thousand_levels_deep_is_no_recursion_error(tmp_path: Path) -> None:
    deep, levels = tmp_path, sys.getrecursionlimit() + 200
    for _ in range(levels):  # Path.mkdir(parents=True) would recurse
        deep = deep / "d"
        deep.mkdir()
    (deep / "cv.txt").write_text("Led the team.", "utf-8")
    try:
        (found,) = discover([tmp_path])
        assert found == deep / "cv.txt", "the file at the bottom was not found"
        assert read_document(found) == "Led the team."
    finally:  # bottom up: shutil.rmtree, which cleans pytest's old folders, would recurse
        (deep / "cv.txt").unlink()
        for _ in range(levels):
            deep.rmdir()
            deep = deep.parent


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symlinks_out_of_the_folder_are_not_followed_unless_asked(tmp_path: Path) -> None:
    secret = write(tmp_path / "outside" / "secret.txt", "root:x:0:0")
    write(tmp_path / "outside" / "more" / "other.txt", "Other.")
    folder = tmp_path / "cvs"
    write(folder / "cv.txt", "Led the team.")
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "alias.txt").symlink_to(folder / "cv.txt")  # inside the folder: read
    (folder / "more").symlink_to(tmp_path / "outside" / "more", target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    found = dict(survey([folder]))
    assert found[folder / "alias.txt"] is None and found[folder / "cv.txt"] is None
    assert "outside the folder: not followed (use --follow-symlinks" in found[folder / "passwd.txt"]
    assert "not followed" in found[folder / "more"]
    assert not any("secret" in str(p) or "other" in str(p) for p in found)
    followed = dict(survey([folder], follow_symlinks=True))
    assert followed[folder / "passwd.txt"] is None and followed[folder / "more" / "other.txt"] is None
    assert all(reason is None for reason in followed.values())
    assert len(followed) == 4  # the link loop is walked once


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_folder_named_twice_is_read_once(tmp_path: Path) -> None:
    # A folder and a link to it (or the same folder spelt twice) give each document once.
    folder = tmp_path / "cvs"
    write(folder / "cv.txt", "Led the team.")
    (tmp_path / "link").symlink_to(folder, target_is_directory=True)
    assert discover([folder, tmp_path / "link", f"{folder}/", folder / "cv.txt"]) == [folder / "cv.txt"]
    assert discover([tmp_path / "link", folder]) == [tmp_path / "link" / "cv.txt"]


def test_files_on_a_filesystem_without_inodes_are_all_read(tmp_path: Path, monkeypatch) -> None:
    # Some filesystems report inode 0 for every file: no two of them are then the same.
    for name in ("a.txt", "b.txt"):
        write(tmp_path / name, "Led the team.")
    stat = Path.stat

    def no_inode(self: Path, **kw: bool) -> os.stat_result:
        r = stat(self, **kw)
        return os.stat_result((r.st_mode, 0, r.st_dev, r.st_nlink, r.st_uid, r.st_gid, r.st_size, 0, 0, 0))

    monkeypatch.setattr(Path, "stat", no_inode)
    assert discover([tmp_path / "a.txt", tmp_path / "b.txt"]) == [tmp_path / "a.txt", tmp_path / "b.txt"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom(tmp_path: Path, encoding: str) -> None:
    text = "Équipe de 12 personnes.\r\nI set the budget, coached the café team — and led 3 sites.\n"
    path = write(tmp_path / "wide.txt", text, encoding)
    assert read_text_file(path) == text


@FAST
@given(text=TEXT, encoding=st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]))
def test_wide_latin_text_without_bom_reads_back(tmp_path: Path, text: str, encoding: str) -> None:
    text = "Rota and budget. " + text  # mostly Latin, as the detection assumes
    assume(text.strip() and sum(c.isascii() for c in text) > 0.8 * len(text))
    path = write(tmp_path / "wide.txt", text.encode(encoding, "surrogatepass"))
    try:
        assert read_text_file(path) == text
    except ReadError as error:  # e.g. a lone surrogate: never a wrong text, never a crash
        assert "binary" in str(error) or "invalid" in str(error)


def _hog(data: bytes) -> str:
    """An extractor that wants more memory than a child may have."""
    return str(len(bytearray(3 * 1024**3)))


def _crash(data: bytes) -> str:
    os._exit(3)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_extraction_child_is_bounded_in_memory_and_survives_a_crash() -> None:
    from leadership_nlp.adapters import formats as readers_formats

    with pytest.raises(readers_formats.Problem, match=r"needs more than 2,048 MB of memory"):
        readers_formats.extract(_hog, b"", time_limit=30)
    with pytest.raises(readers_formats.Problem, match=r"the reader stopped unexpectedly \(exit code 3\)"):
        readers_formats.extract(_crash, b"", time_limit=30)


@pytest.mark.skipif(sys.platform == "win32", reason="the child is started as on Linux and macOS")
def test_a_script_that_reads_at_its_top_level_is_told_why_the_reader_cannot_start(tmp_path) -> None:
    # The reader's child process imports the calling script again (forkserver, spawn); a
    # script without `if __name__ == "__main__":` fails there, before the child can run.
    import subprocess
    from pathlib import Path

    docx = Path(__file__).resolve().parents[2] / "examples" / "cv_engineering_manager.docx"
    script = tmp_path / "read_cv.py"
    script.write_text(
        "import sys\n"
        "from leadership_nlp.adapters.readers import ReadError, read_document\n"
        "try:\n"
        "    read_document(sys.argv[1])\n"
        "except ReadError as error:\n"
        "    print('ERROR', error)\n"
    )
    done = subprocess.run(
        [sys.executable, str(script), str(docx)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert "the reader process could not start" in done.stdout, (done.stdout, done.stderr[-500:])
    assert '__name__ == "__main__"' in done.stdout
