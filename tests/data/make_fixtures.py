"""Regenerate the tiny PDF fixtures used by ``tests/adapters/test_readers.py``.

Run from the repository root with fpdf2 installed (``pip install fpdf2``)::

    python tests/data/make_fixtures.py
"""

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import EncryptionMethod

HERE = Path(__file__).parent


def _pdf(pages: list[str]) -> FPDF:
    pdf = FPDF()
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=UTC))  # reproducible
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return pdf


def main() -> None:
    """Write sample.pdf (two pages of text) and encrypted.pdf (password "secret")."""
    _pdf(
        [
            "Alex Example - Operations Manager\nCafé rota planning and budgets.",
            "Page two: coaching people to grow.",
        ]
    ).output(str(HERE / "sample.pdf"))
    locked = _pdf(["This text is behind a password."])
    locked.set_encryption(
        owner_password="owner",
        user_password="secret",
        encryption_method=EncryptionMethod.RC4,
    )
    locked.output(str(HERE / "encrypted.pdf"))


if __name__ == "__main__":
    main()
