"""``leadership-nlp report``: a self-contained, escaped HTML page, checked in headless chromium."""

import base64
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from leadership_nlp import classify
from leadership_nlp.cli import main
from leadership_nlp.report import COLORS, highlight, render_report
from leadership_nlp.scoring import Outcome

LEAD = "I coach people to grow and share a bold vision for the future."
MANAGE = "I set the quarterly budgets and KPIs and run the weekly rota."
ATTACK = "<script>document.documentElement.setAttribute('data-pwned', 'yes')</script>"
IMG_ATTACK = '<img src=x onerror="document.title=1">'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "cvs"
    docs.mkdir()
    (docs / "leader.txt").write_text(f"Jo Example\n\n{LEAD}\nI mentor new staff.", "utf-8")
    (docs / "manager.md").write_text(f"# CV\n\n- {MANAGE}\n- Supervised 40 staff.", "utf-8")
    (docs / "evil.txt").write_text(f"{ATTACK}\n{IMG_ATTACK}\n{LEAD}", "utf-8")
    (docs / "<b>bold.txt").write_text(MANAGE, "utf-8")
    (docs / "profiles.csv").write_text(f'code,tasks\nX-1,"{LEAD} {MANAGE}"\n', "utf-8")
    return docs


def make_report(folder: Path, tmp_path: Path, capsys, *extra: str) -> tuple[int, str, str]:
    out = tmp_path / "report.html"
    code = main(
        ["report", str(folder), "--text-column", "tasks", "--id-column", "code", "-o", str(out), *extra]
    )
    return code, out.read_text("utf-8"), capsys.readouterr().err


def test_report_page(folder: Path, tmp_path: Path, capsys) -> None:
    code, page, err = make_report(folder, tmp_path, capsys)
    assert code == 0 and "report of 5 documents (0 failed)" in err
    assert page.startswith("<!DOCTYPE html>") and page.count('<article id="doc-') == 5
    assert page.count("<tr") == 6  # heading + one row per document
    assert '<table id="summary-table">' in page and 'data-key="leadership" data-type="number"' in page
    assert "<svg" in page and page.count("<rect") >= 2  # the chart: at least two score ranges
    assert "X-1" in page and "span of control: 40" in page
    # displaCy's span style underlines the oriented sentences in their label's colour
    assert f"background: {COLORS['leadership']}" in page and f"background: {COLORS['management']}" in page
    assert "Strongest evidence" in page and "coach" in page


def test_report_is_self_contained(folder: Path, tmp_path: Path, capsys) -> None:
    page = make_report(folder, tmp_path, capsys)[1]
    assert "http://" not in page and "https://" not in page and "//" not in re.sub(r"<!--.*?-->", "", page)
    tags = " ".join(re.findall(r"<[^>]*>", page))  # escaped document text holds no "<"
    links = re.findall(r"""\b(?:src|href|action|srcset|xmlns)\s*=\s*["']?([^"' >]*)""", tags)
    assert links and all(link.startswith("#doc-") for link in links)
    assert "@import" not in page and "url(" not in page and "<link" not in page and "<iframe" not in page


def test_document_text_is_escaped(folder: Path, tmp_path: Path, capsys) -> None:
    page = make_report(folder, tmp_path, capsys)[1]
    assert page.count("<script") == 1  # only the page's own sorting script
    assert "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "&lt;img" in page and "&lt;b&gt;bold.txt" in page
    script = re.search(r"<script>(.*)</script>", page, re.S)[1]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page and "default-src 'none'" in page


def test_failed_documents_are_listed(folder: Path, tmp_path: Path, capsys) -> None:
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 no objects")
    code, page, err = make_report(folder, tmp_path, capsys)
    assert code == 1 and "skipped" in err and "broken.pdf" in err
    assert "Not scored: not a valid PDF" in page and "1 not scored" in page


def test_report_needs_an_output(folder: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(folder)])
    assert exit_info.value.code == 2


def test_report_usage_errors(folder: Path, tmp_path: Path, capsys) -> None:
    assert main(["report", str(folder), "-o", str(tmp_path / "r.html")]) == 2  # CSV without --text-column
    assert "--text-column" in capsys.readouterr().err
    out = tmp_path / "missing" / "r.html"
    assert main(["report", str(folder / "leader.txt"), "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith("error: cannot write")


def test_highlight_keeps_lines_and_marks_only_oriented_sentences() -> None:
    text = f"Jo Example\n\n{LEAD}\n{MANAGE}"
    markup = highlight(text, classify(text).sentences)
    assert markup.count("<br>") == 3
    assert re.search(r">\s*leadership\s*<", markup) and re.search(r">\s*management\s*<", markup)
    assert not re.search(r">\s*neutral\s*<", markup)
    assert highlight("", []) == ""


def test_render_report_of_nothing_scored() -> None:
    page = render_report([Outcome("a.pdf", "a.pdf", error="empty file")])
    assert "Not scored: empty file" in page and "<svg" in page


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
    ]


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs chromium (apt-get install chromium)")
def test_report_in_headless_chromium(folder: Path, tmp_path: Path, capsys) -> None:
    make_report(folder, tmp_path, capsys)
    url = (tmp_path / "report.html").as_uri()
    png = tmp_path / "report.png"
    run = [*chromium_command(tmp_path / "profile"), f"--screenshot={png}", "--window-size=1200,2000", url]
    subprocess.run(run, capture_output=True, timeout=120, check=True)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000

    dump = [*chromium_command(tmp_path / "profile2"), "--dump-dom", url + "#sort=leadership-desc"]
    dom = subprocess.run(dump, capture_output=True, text=True, timeout=120, check=True).stdout
    assert 'data-sortable="ready"' in dom  # the inline script ran despite the strict CSP
    assert 'data-pwned="yes"' not in dom and "<img" not in dom  # the documents' HTML did not
    assert f"background: {COLORS['leadership']}" in dom and f"background: {COLORS['management']}" in dom
    body = dom[dom.index("<tbody>") : dom.index("</tbody>")]
    scores = [float(re.findall(r'data-value="([^"]*)"', row)[3]) for row in body.split("<tr")[1:]]
    assert len(scores) == 5 and scores == sorted(scores, reverse=True)  # sorted by leadership score
