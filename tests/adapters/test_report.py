"""``leadership-nlp report``: a self-contained, escaped, optionally redacted page, checked in chromium."""

import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st
from resources import CV, FRENCH

from leadership_nlp import classify
from leadership_nlp.adapters.analysis import Outcome
from leadership_nlp.adapters.cli import main
from leadership_nlp.adapters.report import MAX_SHOWN_CHARS, render_report
from leadership_nlp.adapters.report.redact import find_masks, redacted_label
from leadership_nlp.adapters.report.text import EVIDENCE, LINE, MASK, PARAGRAPH, TEXT, joined_breaks, pieces
from leadership_nlp.core.palette import COLORS, TINTS

LEAD = "I coach people to grow and share a bold vision for the future."
MANAGE = "I set the quarterly budgets and KPIs and run the weekly rota."
ATTACK = "<script>document.documentElement.setAttribute('data-pwned', 'yes')</script>"
IMG_ATTACK = '<img src=x onerror="document.title=1">'
STATIC = Path(__file__).resolve().parents[2] / "leadership_nlp" / "adapters" / "report" / "static"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "cvs"
    docs.mkdir()
    (docs / "leader.txt").write_text(f"Jo Example\n\n{LEAD}\nI mentor new staff.", "utf-8")
    (docs / "manager.md").write_text(f"# CV\n\n- {MANAGE}\n- Supervised 40 staff.", "utf-8")
    (docs / "evil.txt").write_text(f"{ATTACK}\n{IMG_ATTACK}\n{LEAD}", "utf-8")
    (docs / "<b>bold.txt").write_text(MANAGE, "utf-8")
    (docs / "profiles.csv").write_text(f'code,tasks\nX-1,"{LEAD} {MANAGE}"\n', "utf-8")
    (docs / "french.txt").write_text(FRENCH, "utf-8")
    (docs / "Fiona_Walsh_cv.txt").write_text(CV, "utf-8")
    return docs


def make_report(folder: Path, tmp_path: Path, capsys, *extra: str) -> tuple[int, str, str]:
    out = tmp_path / "report.html"
    code = main(
        ["report", str(folder), "--text-column", "tasks", "--id-column", "code", "-o", str(out), *extra]
    )
    return code, out.read_text("utf-8"), capsys.readouterr().err


def page_data(page: str) -> dict:
    return json.loads(
        re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)[1]
    )


def test_report_page(folder: Path, tmp_path: Path, capsys) -> None:
    code, page, err = make_report(folder, tmp_path, capsys)
    assert code == 0 and "report of 7 documents (0 failed)" in err
    assert page.startswith("<!DOCTYPE html>") and page.count('<article id="doc-') == 7
    rows = {row["id"]: row for row in page_data(page)["rows"]}
    assert set(rows) == {"leader.txt", "manager.md", "evil.txt", "<b>bold.txt", "X-1", "french.txt",
                         "Fiona_Walsh_cv.txt"}  # fmt: skip
    assert rows["manager.md"]["span"] == 40 and rows["manager.md"]["label"] == "management"
    assert rows["leader.txt"]["label"] == "leadership"
    confidence = getattr(classify(f"Jo Example\n\n{LEAD}\nI mentor new staff."), "confidence", None)
    assert rows["leader.txt"]["strength"] == (None if confidence is None else round(confidence, 2))
    assert rows["french.txt"]["language"] == "fr" and "non-English (fr)" in rows["french.txt"]["warnings"]
    assert any(w.startswith("very short text") for w in rows["<b>bold.txt"]["warnings"])
    assert rows["leader.txt"]["facets"]["leadership"] and len(rows["leader.txt"]["facets"]["management"]) == 7
    assert '<div id="grid"></div>' in page and 'id="export-xlsx"' in page and 'id="compare-charts"' in page
    assert '<select id="page-size">' in page  # the table's rows per page (filled by the script)
    assert "<svg" in page and page.count("<rect") >= 2  # the score chart: at least two score ranges
    assert "span of control: 40" in page and "Strongest evidence" in page
    # the palette is the one colour source: its colours are the page's CSS variables
    assert (
        f"--leadership:{COLORS['leadership']}" in page and f"--management-tint:{TINTS['management']}" in page
    )
    assert '<span class="l" title="leadership' in page and '<span class="m" title="management' in page
    # not redacted: the page says it holds personal data and never that it is safe to e-mail
    assert "Not redacted" in page and "safe to e-mail" not in page and "jordan@example.com" in page


def test_pdf_line_breaks_are_joined_for_display() -> None:
    text = "Profile\nI run tight, well-organised\nstores and every weekly sales\ntarget.\n- Plan it\n\nSkills"
    joins = joined_breaks(text)
    assert sorted(text[i - 5 : i] for i in joins) == ["nised", "sales"]
    kinds = [kind for piece in pieces(text, classify(text).sentences) for kind, _ in piece.parts]
    assert kinds.count(LINE) == 2 and kinds.count(PARAGRAPH) == 1  # after the heading and "target."
    assert joined_breaks("well-\norganised") == {5: ""} and joined_breaks("Led\nManaged") == {}


def test_lines_the_sentence_splitter_joined_are_joined_for_display() -> None:
    # "Managed" / "30 nursing staff" is one sentence: it was shown on two lines.
    text = "Experience\n- Managed\n30 nursing staff on a surgical ward\n- Led\nMonzo Bank"
    kinds = [kind for piece in pieces(text, classify(text).sentences) for kind, _ in piece.parts]
    shown = "".join(
        t if kind in (TEXT, EVIDENCE) else "|"
        for piece in pieces(text, classify(text).sentences)
        for kind, t in piece.parts
    )
    assert "Managed 30 nursing staff" in shown and "Led|Monzo Bank" in shown
    assert kinds.count(LINE) == 3


def shown_text(parts: list[tuple[str, str]]) -> str:
    return "".join(t if kind in (TEXT, EVIDENCE, MASK) else "\n" for kind, t in parts)


@given(st.text(alphabet=st.sampled_from("ab B.-\n,"), max_size=80))
def test_pieces_keep_every_character(text: str) -> None:
    result = classify(text)
    shown = shown_text([part for piece in pieces(text, result.sentences) for part in piece.parts])
    assert re.sub(r"\s", "", shown) == re.sub(r"\s", "", text)


def test_pieces_mark_sentences_evidence_and_masks() -> None:
    text = f"Jo Example\njo@example.com\n\n{LEAD}\n{MANAGE}"
    result = classify(text)
    marked = pieces(text, result.sentences, find_masks(text))
    assert [p.label for p in marked if p.label] == ["leadership", "management"]
    assert any(kind == EVIDENCE for p in marked if p.label for kind, _ in p.parts)
    shown = shown_text([part for p in marked for part in p.parts])
    assert "Jo Example" not in shown and "jo@example.com" not in shown and "[name]" in shown
    assert "[e-mail]" in shown and "budgets" in shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Karen Delacroix-Hughes\nStore Manager", [("Karen Delacroix-Hughes", "name")]),
        ("Head of Product\nYou will lead.", []),
        ("Shift Supervisor\nRun the rota.", []),
        ("Curriculum Vitae\nI lead.", []),
        (
            "CV\nkaren.dh@example.co.uk - 07700 900918",
            [("karen.dh@example.co.uk", "email"), ("07700 900918", "phone")],
        ),
        ("CV\nTel: +44 (0)20 7946 0958", [("+44 (0)20 7946 0958", "phone")]),
        ("CV\nCall (555) 123-4567 today", [("(555) 123-4567", "phone")]),
        ("CV\nStore Manager (2012 - 2017), 2012-2016, £620,000, 85 colleagues", []),
        ("CV\nlinkedin.com/in/karen-dh", [("linkedin.com/in/karen-dh", "link")]),
        ("CV\nI coached Fiona Walsh and Mia.", [("Fiona Walsh", "name"), ("Mia", "name")]),
        ("CV\nI coached Fiona Walsh, Mia", [("Fiona Walsh", "name"), ("Mia", "name")]),
        ("CV\nName: Sam Okafor\nI lead.", [("Sam Okafor", "name")]),
        ("Jordan Example\nReferences: Jordan was great.", [("Jordan Example", "name"), ("Jordan", "name")]),
    ],
)
def test_find_masks(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[m.start : m.end], m.kind) for m in find_masks(text)] == expected


@given(st.text(alphabet=st.sampled_from("Jo Fiona@ex.com+0123456789 -()\nab"), max_size=60))
def test_masks_are_ordered_and_disjoint(text: str) -> None:
    masks = find_masks(text)
    assert all(0 <= m.start < m.end <= len(text) for m in masks)
    assert all(a.end <= b.start for a, b in zip(masks, masks[1:], strict=False))


def test_a_redacted_document_is_named_by_its_number() -> None:
    # A surname no rule knows ("Walsh", "Okafor") must not survive in a file name.
    assert redacted_label(3, "/data/cvs/Fiona_Walsh_cv.pdf") == "document 3.pdf"
    assert redacted_label(4, "jo@example.com") == "document 4"
    assert redacted_label(5, "Sam_Okafor_07700900123.docx") == "document 5.docx"


def test_redacted_report(folder: Path, tmp_path: Path, capsys) -> None:
    page = make_report(folder, tmp_path, capsys, "--redact")[1]
    for detail in ("Jo Example", "Jordan", "jordan@example.com", "7946", "Fiona", str(folder)):
        assert detail not in page
    assert "[name]" in page and "[e-mail]" in page and "[phone]" in page
    assert re.search(r"Redacted: [1-9]\d* names, 1 e-mail addresses,\s+1 phone numbers", page)
    assert "Not redacted" not in page and "Walsh" not in page and re.search(r"document \d+\.txt", page)


def test_report_is_self_contained(folder: Path, tmp_path: Path, capsys) -> None:
    page = make_report(folder, tmp_path, capsys)[1]
    tags = " ".join(re.findall(r"<[a-zA-Z][^>]*>", page.split("<script")[0]))  # escaped text holds no "<"
    links = re.findall(r"""\b(?:src|href|action|srcset|formaction|poster|data)\s*=\s*["']?([^"' >]*)""", tags)
    assert links == []  # the table's and the comparison's links to #doc-N are made by the script
    assert "<link" not in page and "<iframe" not in page and "<object" not in page and "@import" not in page
    style = re.search(r"<style>(.*?)</style>", page, re.S)[1]
    assert all(url.startswith('"data:image/svg+xml') for url in re.findall(r"url\((.{20})", style))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]
    assert policy.startswith("default-src 'none'; script-src 'sha256-") and "unsafe" not in policy
    for kind, body in re.findall(r"<(script|style)>(.*?)</\1>", page, re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy, kind


def test_document_text_is_escaped(folder: Path, tmp_path: Path, capsys) -> None:
    page = make_report(folder, tmp_path, capsys)[1]
    assert page.count("<script") == 4  # the data and three inlined scripts (Grid.js, fflate, the report's)
    assert "<img" not in page and "<b>bold" not in page and "yes')</script>" not in page
    assert "&lt;script&gt;" in page and "&lt;img" in page and "&lt;b&gt;bold.txt" in page
    data = re.search(r'id="report-data">(.*?)</script>', page, re.S)[1]
    assert "<" not in data and "\\u003cb\\u003ebold.txt" in data


def test_failed_documents_are_listed(folder: Path, tmp_path: Path, capsys) -> None:
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 no objects")
    code, page, err = make_report(folder, tmp_path, capsys)
    assert code == 1 and "skipped" in err and "broken.pdf" in err
    assert "Not scored: not a valid PDF" in page and "1 not scored" in page
    row = next(r for r in page_data(page)["rows"] if r["id"] == "broken.pdf")
    assert row["label"] is None and row["warnings"][0].startswith("not scored: not a valid PDF")


def test_report_needs_an_output(folder: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(folder)])
    assert exit_info.value.code == 2


def test_report_usage_errors(folder: Path, tmp_path: Path, capsys) -> None:
    # A CSV named without --text-column: a usage error.
    assert main(["report", str(folder / "profiles.csv"), "-o", str(tmp_path / "r.html")]) == 2
    assert "--text-column" in capsys.readouterr().err
    # In a folder of other documents the CSV is a failed row and the rest is reported.
    assert main(["report", str(folder), "-o", str(tmp_path / "r.html")]) == 1
    assert "profiles.csv: a CSV file: name the column holding the text" in capsys.readouterr().err
    out = tmp_path / "missing" / "r.html"
    assert main(["report", str(folder / "leader.txt"), "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith("error: cannot write")


def test_render_report_of_nothing_scored() -> None:
    page = render_report([Outcome("a.pdf", "a.pdf", error="empty file")])
    assert "Not scored: empty file" in page and "<svg" in page and "1 not scored" in page


def cv(i: int) -> str:
    """A CV of about 3,000 characters, like the benchmarks' generated ones."""
    jobs = "\n".join(
        f"- {LEAD if (i + k) % 3 else MANAGE} Delivered project {k} for client {i}." for k in range(25)
    )
    return (
        f"Candidate {i}\ncandidate{i}@example.com | 07700 900{i:03d}\n\nExperience\n{jobs}\n\nSkills\nExcel"
    )


def test_size_per_document_is_bounded() -> None:
    texts = [cv(i) for i in range(20)]
    outcomes = [Outcome(f"cv_{i}.txt", f"cv_{i}.txt", classify(t), text=t) for i, t in enumerate(texts)]
    shell = len(render_report([]).encode())
    for redact in (False, True):
        per_document = (len(render_report(outcomes, redact=redact).encode()) - shell) / len(texts)
        assert 3_000 < per_document < 10_000, (redact, per_document)


def test_long_texts_are_cut_for_display() -> None:
    text = (LEAD + "\n") * (MAX_SHOWN_CHARS // len(LEAD) + 50)
    page = render_report([Outcome("long.txt", "long.txt", classify(text), text=text)])
    assert f"the first {MAX_SHOWN_CHARS:,} of {len(text):,} characters are shown" in page
    assert len(page.encode()) - len(render_report([]).encode()) < 3 * MAX_SHOWN_CHARS


NODE_EXPORT = """
const fflate = require(process.argv[1] + "/fflate.umd.js");
const vm = require("vm"), fs = require("fs");
const context = {};
const code = fs.readFileSync(process.argv[1] + "/report.js", "utf8");
vm.runInNewContext(code + ";this.R = LeadershipReport;", context);
const rows = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify({csv: context.R.csv(rows),
  xlsx: Buffer.from(context.R.xlsx(rows, fflate)).toString("base64"),
  french: rows.filter(r => context.R.matches(r, {language: "other"})).map(r => r.n)}));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the page's export code")
def test_exports_open_as_spreadsheets(folder: Path, tmp_path: Path, capsys) -> None:
    rows = page_data(make_report(folder, tmp_path, capsys)[1])["rows"]
    rows.append({**rows[0], "n": 99, "id": "=1+1"})  # a file name a spreadsheet would run as a formula
    run = subprocess.run(
        ["node", "-e", NODE_EXPORT, str(STATIC)],
        input=json.dumps(rows),
        capture_output=True,
        text=True,
        timeout=60,
    )
    out = json.loads(run.stdout)
    assert out["csv"].startswith(
        '\ufeff"#","document","label","leadership score"'
    )  # a BOM: Excel reads UTF-8
    assert '"\'=1+1"' in out["csv"] and out["csv"].count("\r\n") == len(rows) + 1
    assert out["french"] == [r["n"] for r in rows if r["language"] == "fr"]
    book = zipfile.ZipFile(io.BytesIO(base64.b64decode(out["xlsx"])))
    assert "[Content_Types].xml" in book.namelist() and book.testzip() is None
    sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    cells = [[c.findtext("x:v", namespaces=ns) or c.findtext(".//x:t", namespaces=ns) for c in row]
             for row in sheet.iterfind(".//x:row", ns)]  # fmt: skip
    assert len(cells) == len(rows) + 1 and cells[0][:3] == ["#", "document", "label"]
    assert {row[1] for row in cells[1:]} == {r["id"] for r in rows}
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "export.xlsx"
    path.write_bytes(base64.b64decode(out["xlsx"]))
    values = list(openpyxl.load_workbook(path).active.values)
    assert values[0][:2] == ("#", "document") and len(values) == len(rows) + 1


def chromium_command(profile: Path) -> list[str]:
    return [
        str(shutil.which("chromium")),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=10000",  # let the page's scripts finish before the capture
    ]


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs chromium (apt-get install chromium)")
def test_report_in_headless_chromium(folder: Path, tmp_path: Path, capsys) -> None:
    for i in range(23):  # 30 documents: more than the table's first page
        (folder / f"Candidate_{i:02d}_cv_senior_engineering_manager.txt").write_text(cv(i), "utf-8")
    make_report(folder, tmp_path, capsys)
    url = (tmp_path / "report.html").as_uri() + "#compare=1,2,5"
    # LEADERSHIP_NLP_SCREENSHOTS=folder keeps the screenshots to look at.
    shots = Path(os.environ.get("LEADERSHIP_NLP_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    sizes = {
        "report-1366x900.png": "1366,900",
        "report-wide.png": "1366,2600",
        "report-narrow.png": "800,1400",
    }
    for name, size in sizes.items():
        png = shots / name
        run = [
            *chromium_command(tmp_path / f"profile-{name}"),
            f"--screenshot={png}",
            f"--window-size={size}",
            url,
        ]
        subprocess.run(run, capture_output=True, timeout=120, check=True)
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000

    dump = [*chromium_command(tmp_path / "profile"), "--enable-logging=stderr", "--v=0", "--dump-dom", url]
    run = subprocess.run(dump, capture_output=True, text=True, timeout=120, check=True)
    dom = run.stdout
    assert "Content Security Policy" not in run.stderr  # the policy blocked none of the page's own code
    assert 'data-report="ready"' in dom  # the inline scripts ran despite the strict CSP
    assert 'data-pwned="yes"' not in dom and "<img" not in dom  # the documents' HTML did not
    body = dom[dom.index('<tbody class="gridjs-tbody">') : dom.index("</tbody>")]
    # the table grows with the page, a page of 25 rows at a time, and says so; no scroll box
    assert body.count('<tr class="gridjs-tr">') == 25 and body.count('type="checkbox"') == 25
    assert re.search(r"Showing <b>1</b> to <b>25</b> of <b>30</b> results", dom)
    chooser = dom.split('id="page-size"')[1].split("</select>")[0]
    assert re.findall(r'<option value="(\d+)"', chooser) == ["10", "25", "50", "100", "0"]  # 0: all
    assert "<wbr>" in body  # long file names break after "_", not mid-word
    assert dom.count('class="card"') == 3 and dom.count('class="bar-leadership"') >= 3  # the comparison
    assert "30 of 30 documents" in dom


def test_a_redacted_page_shows_no_path_in_errors() -> None:
    bad = Outcome(
        id="cvs/Fiona_Walsh.pdf",
        path="cvs/Fiona_Walsh.pdf",
        error="symbolic link to /home/hr/Walsh_F.pdf, outside the folder",
    )
    good = Outcome(id="cvs/Sam_Okafor.txt", path="cvs/Sam_Okafor.txt", result=classify(CV), text=CV)
    page = render_report([bad, good], redact=True)
    assert "Walsh" not in page and "Okafor" not in page and "/home/hr" not in page
    assert "symbolic link to [path]" in page
    plain = render_report([bad, good], redact=False)
    assert "/home/hr/Walsh_F.pdf" in plain  # without --redact the reason is shown as it is
