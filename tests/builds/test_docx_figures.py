"""Figures in the DOCX: a PNG that LibreOffice and Word without SVG support show, at the size of
the SVG, sharp, and with the figure's alt text as the picture's description.

LibreOffice (and Word before 2019/Microsoft 365) shows an SVG-only picture in a DOCX as an empty
box; pandoc adds a PNG fallback only when rsvg-convert is installed. The analysis writes a PNG
beside each SVG (``evaltools.analyse.figure_files``) and ``filters/media.lua`` puts it in the DOCX.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from pypdf import PdfReader

from evaltools.report.render import output_paths, review_paths
from tests.support.builds import needs_soffice
from tests.support.docx import PNG_SIGNATURE, docx_pictures
from tests.support.paths import FINAL, SAMPLE
from tests.support.text import flat

pytestmark = pytest.mark.slow

# Sharp enough in print at the size the DOCX shows the picture.
MIN_DPI = 150


EDITIONS = [(round_id, edition) for round_id in (SAMPLE, FINAL) for edition in ("klant", "review")]


def _editions(root: Path, round_id: str, edition: str) -> tuple[Path, Path]:
    html, _, docx = (output_paths if edition == "klant" else review_paths)(root, round_id)
    return html, docx


@pytest.mark.parametrize(("round_id", "edition"), EDITIONS)
def test_every_figure_of_both_docx_editions_is_a_sharp_png_with_its_alt_text(
    sample_project: Path, round_id: str, edition: str
) -> None:
    """Every figure of the edition (its HTML's figures, in order) is a picture in its DOCX: a
    non-empty PNG, the one the analysis wrote, at least MIN_DPI at its size, with the alt text."""
    html, docx = _editions(sample_project, round_id, edition)
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    figures = soup.select("figure img")
    pictures = docx_pictures(docx)
    assert figures and len(pictures) == len(figures)
    written = {
        hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (sample_project / "data" / "processed" / round_id / "analyse").rglob("*.png")
    }
    for picture, figure in zip(pictures, figures, strict=True):
        assert picture.data.startswith(PNG_SIGNATURE), picture.description[:60]
        assert hashlib.sha256(picture.data).hexdigest() in written, picture.description[:60]
        assert flat(picture.description) == flat(figure["alt"])
        with Image.open(io.BytesIO(picture.data)) as image:
            assert image.size[0] / picture.width >= MIN_DPI, picture.description[:60]
            assert image.size[1] / picture.height >= MIN_DPI, picture.description[:60]


@needs_soffice
def test_libreoffice_shows_every_figure_of_both_docx_editions(
    sample_project: Path, office_pdfs: Path
) -> None:
    """LibreOffice's PDF of each DOCX (tests/builds/conftest.py) holds an image for every picture
    (none before the PNGs: it drew an empty box). The round with a previous round: it has the
    changes grid too."""
    docxs = [_editions(sample_project, FINAL, edition)[1] for edition in ("klant", "review")]
    for docx in docxs:
        pictures = {hashlib.sha256(p.data).hexdigest() for p in docx_pictures(docx)}
        reader = PdfReader(office_pdfs / f"{docx.stem}.pdf")
        # LibreOffice shares one resource dictionary between pages: count each image once
        images = {
            reference.idnum
            for page in reader.pages
            for reference in page["/Resources"].get("/XObject", {}).values()
            if reference.get_object()["/Subtype"] == "/Image"
        }
        assert pictures and len(images) == len(pictures), docx.name
