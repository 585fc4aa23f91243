"""Regenerate the example .docx and .pdf documents in this folder.

Usage (needs python-docx and fpdf2: ``pip install python-docx fpdf2``)::

    python examples/make_examples.py

The documents are invented (no real people or employers). Their text is kept
below in a tiny Markdown-like markup: ``# `` title, ``## `` section heading,
``- `` bullet, ``| a | b |`` table row (the first row is the header), and any
other line is a paragraph. The output is deterministic: fixed metadata dates
and ZIP timestamps, so re-running it leaves the files byte-identical (for the
same python-docx and fpdf2 versions).
"""

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
FIXED_DATE = datetime(2025, 1, 1, tzinfo=UTC)
NAIVE_DATE = FIXED_DATE.replace(tzinfo=None)  # python-docx wants naive UTC datetimes

WAREHOUSE_SHIFT_SUPERVISOR = """\
# Warehouse Shift Supervisor
Harbour Point Logistics - Thurrock Distribution Centre, Essex, UK
Permanent, full time - £31,500 plus £3,000 night-shift allowance
## The role
We are looking for an organised, hands-on Shift Supervisor to run our night shift in a busy ambient grocery warehouse. You will make sure every shift is properly staffed, that work is allocated to hit hourly pick and load targets, and that procedures are followed safely and consistently.
## Key responsibilities
- Supervise a shift of 25 to 30 warehouse operatives and two team leaders.
- Allocate staff to picking, packing and loading at the start of each shift, and move people between areas to keep to the hourly plan.
- Build and maintain the shift rota, approve holiday requests and arrange cover for absence.
- Monitor productivity, accuracy and dispatch times against KPIs, and report results at the end of every shift.
- Control overtime and agency hours within the agreed labour budget.
- Carry out return-to-work interviews and manage attendance in line with company policy.
- Make sure health and safety, manual handling and equipment procedures are followed; complete daily safety checks and incident reports.
- Complete the shift handover log and escalate equipment, stock or staffing issues to the Operations Manager.
## Shift pattern
| Shift | Hours | Headcount |
| Night A (Sun-Wed) | 22:00 - 08:00 | 28 |
| Night B (Wed-Sat) | 22:00 - 08:00 | 26 |
## What you will need
- At least two years' supervisory experience in a warehouse or distribution centre.
- Working knowledge of a warehouse management system and Excel.
- A counterbalance or reach truck licence is desirable.
- Good planning skills and the ability to meet tight deadlines.
## What we offer
Shift allowance, overtime at time and a half, 25 days' holiday, pension and free on-site parking.
Apply with your CV to jobs@example.com, quoting reference TDC-0425.
"""

ENGINEERING_MANAGER = """\
# Tomasz Wierzbicki
Engineering Manager - Edinburgh, UK - tomasz.wierzbicki@example.net - 07700 900623
## Profile
Engineering manager with nine years in software, the last five leading teams. I care about two things in equal measure: delivering reliable software on time and on budget, and growing engineers who can set their own direction.
## Experience
Engineering Manager, Quayside Payments (2020 - present)
- Manage three squads (22 engineers) building the merchant onboarding platform; run quarterly planning, track delivery against milestones and report progress to the CTO.
- Own the team's hiring plan and a £1.8m staff and tooling budget; hired 11 engineers in 18 months.
- Introduced on-call rotas and incident reviews, cutting the time to resolve major incidents by 40%.
- Shaped a technical vision for moving to event-driven services and brought the wider engineering group along through open design reviews.
- Coach every engineer through individual growth plans; four have become tech leads.
Senior Software Engineer, Northlight Analytics (2016 - 2020)
- Led the design of a data ingestion service processing 50 million events a day.
- Mentored graduates and ran the internal Python guild.
## Education
MSc Computer Science, University of Forthbridge, 2016
BSc Mathematics, University of Forthbridge, 2015
## Skills
| Area | Highlights |
| Management | Delivery planning, budgets, hiring, performance reviews, OKRs |
| Leadership | Technical vision, coaching, building trust, leading change |
| Technical | Python, Go, Kubernetes, PostgreSQL, event-driven architecture |
"""

RETAIL_STORE_MANAGER = """\
# Karen Delacroix-Hughes
Store Manager - Nottingham, UK - karen.dh@example.com - 07700 900918
## Profile
Retail store manager with 14 years' experience in high-volume supermarkets. I run tight, well-organised stores: the right people on the right shifts, costs under control and every weekly sales and shrinkage target tracked and acted on.
## Experience
Store Manager, Freshway Supermarkets, Nottingham (2017 - present)
- Manage a store of 85 colleagues and four department managers, with a weekly turnover of £620,000.
- Plan the staffing schedule four weeks ahead and adjust hours to match footfall, keeping wage costs within 0.2% of budget.
- Review sales, waste, shrinkage and availability KPIs every morning and assign actions to department managers.
- Reduced stock loss by 25% through tighter delivery checks, daily counts of high-risk lines and regular loss-prevention audits.
- Ensure compliance with food safety, health and safety and licensing rules; the store holds the top food hygiene rating.
- Handle recruitment, inductions, appraisals, absence management and disciplinary hearings.
Deputy Store Manager, Freshway Supermarkets, Derby (2012 - 2017)
- Ran the store in the manager's absence, opening and closing procedures, cash office and banking.
- Organised stock-takes and planogram resets to head-office deadlines.
## Education
Foundation Degree in Retail Management, Trentside College, 2011
Level 3 Award in Supervising Food Safety
## Skills
Staff scheduling, budget and wage control, KPI and sales reporting, stock control, loss prevention, compliance, recruitment
"""

JUNIOR_DATA_ANALYST = """\
# Priyanka Raman
Junior Data Analyst - Cardiff, UK - priyanka.raman@example.org - 07700 900274
## Summary
Recent graduate in statistics looking for a junior data analyst role. Comfortable cleaning messy data, building dashboards and explaining results in plain language.
## Education
BSc (Hons) Mathematics and Statistics, First Class, University of Glanmor, 2024
- Dissertation: forecasting daily energy demand with seasonal ARIMA and gradient boosting models.
- Modules: regression, time series, Bayesian statistics, databases, machine learning.
## Experience
Data Analyst Intern, Cwm Energy Co-operative (June - September 2023)
- Cleaned and merged three years of smart-meter readings (12 million rows) using Python and pandas.
- Built a Power BI dashboard showing monthly usage by tariff and region.
- Wrote SQL queries to check data quality and documented the results.
Student Ambassador, University of Glanmor (2022 - 2024)
- Gave campus tours and answered questions from prospective students at open days.
## Projects
- Analysis of local air-quality sensor data, published as a Jupyter notebook on GitHub.
- Kaggle competition on house prices: top 15% with a cross-validated gradient boosting model.
## Skills
Python (pandas, NumPy, scikit-learn, matplotlib), SQL, R, Excel, Power BI, Git, statistics, data visualisation
## Interests
Running, chess and volunteering at a local coding club.
"""

DOCUMENTS = {
    "job_warehouse_shift_supervisor.docx": WAREHOUSE_SHIFT_SUPERVISOR,
    "cv_engineering_manager.docx": ENGINEERING_MANAGER,
    "cv_retail_store_manager.pdf": RETAIL_STORE_MANAGER,
    "cv_junior_data_analyst.pdf": JUNIOR_DATA_ANALYST,
}


def parse(source: str) -> list[tuple[str, object]]:
    """Split the markup into ``(kind, content)`` blocks; table rows are grouped."""
    blocks: list[tuple[str, object]] = []
    for line in source.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells)  # type: ignore[attr-defined]
            else:
                blocks.append(("table", [cells]))
        elif line.startswith("## "):
            blocks.append(("heading", line[3:]))
        elif line.startswith("# "):
            blocks.append(("title", line[2:]))
        elif line.startswith("- "):
            blocks.append(("bullet", line[2:]))
        else:
            blocks.append(("paragraph", line))
    return blocks


def write_docx(source: str, path: Path) -> None:
    """Render the markup with python-docx and save it with fixed timestamps."""
    document = docx.Document()
    props = document.core_properties
    props.author = props.last_modified_by = "leadership-nlp examples"
    props.created = props.modified = props.last_printed = NAIVE_DATE
    props.revision = 1
    for kind, content in parse(source):
        if kind == "title":
            props.title = str(content)
            document.add_heading(str(content), level=0)
        elif kind == "heading":
            document.add_heading(str(content), level=1)
        elif kind == "bullet":
            document.add_paragraph(str(content), style="List Bullet")
        elif kind == "table":
            rows: list[list[str]] = content  # type: ignore[assignment]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
                    if r == 0:
                        table.cell(r, c).paragraphs[0].runs[0].bold = True
        else:
            document.add_paragraph(str(content))
    buffer = io.BytesIO()
    document.save(buffer)
    # python-docx stamps ZIP entries with the current time: rewrite them fixed.
    with (
        zipfile.ZipFile(buffer) as source_zip,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source_zip.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source_zip.read(info.filename))


def write_pdf(source: str, path: Path) -> None:
    """Render the markup with fpdf2's core Helvetica font (Latin-1 text only)."""
    source.encode("latin-1")  # fail early on characters the core fonts lack
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_author("leadership-nlp examples")
    pdf.set_margins(20, 18, 20)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for kind, content in parse(source):
        if kind == "title":
            pdf.set_title(str(content))
            pdf.set_font("Helvetica", "B", 18)
            pdf.multi_cell(width, 9, str(content), new_x="LMARGIN", new_y="NEXT")
        elif kind == "heading":
            pdf.ln(3)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(width, 7, str(content), new_x="LMARGIN", new_y="NEXT")
        elif kind == "bullet":
            pdf.set_font("Helvetica", "", 10)
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(width - 4, 5, f"- {content}", new_x="LMARGIN", new_y="NEXT")
        elif kind == "table":
            pdf.set_font("Helvetica", "", 10)
            with pdf.table() as table:
                for row in content:  # type: ignore[attr-defined]
                    table.row(row)
        else:
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(width, 5, str(content), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def main() -> None:
    """Write every document in ``DOCUMENTS`` next to this script."""
    for name, source in DOCUMENTS.items():
        path = HERE / name
        (write_docx if path.suffix == ".docx" else write_pdf)(source, path)
        print(f"wrote {path.relative_to(HERE.parent)} ({len(source.split())} words)")


if __name__ == "__main__":
    main()
