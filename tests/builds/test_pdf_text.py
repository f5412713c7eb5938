"""The tests' PDF reader (tests/support/pdf_text.py) gives pypdf's text of every page, drawings
or not."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from evaltools.report.render import output_paths
from tests.support.paths import MINI
from tests.support.pdf_text import pdf_pages

pytestmark = pytest.mark.slow


def test_the_pages_text_equals_pypdfs_own(built_project: Path) -> None:
    """On a report (tables, figures drawn as paths) and a factsheet (a figure per criterion),
    as the tests read them (``pdf_pages``: other tests read these files too)."""
    factsheet = sorted((built_project / "data" / "processed" / MINI).rglob("factsheets/*.pdf"))[0]
    for pdf in (output_paths(built_project, MINI)[1], factsheet):
        plain = [page.extract_text() or "" for page in PdfReader(pdf).pages]
        assert len(plain) >= 1 and all(plain), pdf.name
        assert list(pdf_pages(pdf)) == plain, pdf.name
