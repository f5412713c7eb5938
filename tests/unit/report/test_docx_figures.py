"""Figures in the DOCX: a PNG that LibreOffice and Word without SVG support show, at the size of
the SVG, sharp, and with the figure's alt text as the picture's description.

LibreOffice (and Word before 2019/Microsoft 365) shows an SVG-only picture in a DOCX as an empty
box; pandoc adds a PNG fallback only when rsvg-convert is installed. The analysis writes a PNG
beside each SVG (``evaltools.analyse.figure_files``) and ``filters/media.lua`` puts it in the DOCX.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import matplotlib.pyplot as plt
import pytest
from bs4 import BeautifulSoup
from PIL import Image
from pypdf import PdfReader

from evaltools.analyse.figure_files import PNG_DPI, save_figure
from evaltools.analyse.fragments import write_figure_parts
from evaltools.report.parts import figure_parts
from evaltools.report.render import output_paths, review_paths
from evaltools.tools import pandoc
from tests.conftest import FINAL, REPO, SAMPLE, needs_soffice

EMU_PER_INCH = 914_400
# Sharp enough in print at the size the DOCX shows the picture.
MIN_DPI = 150
NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
EMBED = f"{{{NS['r']}}}embed"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Picture:
    """One picture in a DOCX: its description, its size there (inches) and the image Word shows
    (the main blip; an SVG-only picture has none, ``data`` is then empty)."""

    description: str
    width: float
    height: float
    data: bytes


def docx_pictures(docx: Path) -> list[Picture]:
    """The pictures of ``docx`` in document order."""
    with zipfile.ZipFile(docx) as archive:
        document = ElementTree.fromstring(archive.read("word/document.xml"))
        rels = ElementTree.fromstring(archive.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.iterfind("rel:Relationship", NS)}
        pictures = []
        for inline in document.iter():
            if inline.tag not in (f"{{{NS['wp']}}}inline", f"{{{NS['wp']}}}anchor"):
                continue
            extent = inline.find("wp:extent", NS)
            blip = inline.find(".//a:blip", NS)
            target = targets.get(blip.get(EMBED)) if blip is not None else None
            pictures.append(
                Picture(
                    description=inline.find("wp:docPr", NS).get("descr", ""),
                    width=int(extent.get("cx")) / EMU_PER_INCH,
                    height=int(extent.get("cy")) / EMU_PER_INCH,
                    data=archive.read(f"word/{target}") if target else b"",
                )
            )
        return pictures


def flat(text: str) -> str:
    return " ".join(text.split())


def _figure(label: str) -> plt.Figure:
    figure, axes = plt.subplots(figsize=(4.2, 3.1))
    axes.plot([1, 2, 3], [2, 4, 3], marker="o")
    axes.set_title(label)
    return figure


def test_a_figure_is_saved_as_svg_and_a_byte_stable_png_at_a_fixed_dpi(tmp_path: Path) -> None:
    first = save_figure(_figure("Scores"), tmp_path / "een" / "scores", "Alt")
    second = save_figure(_figure("Scores"), tmp_path / "twee" / "scores", "Alt")
    assert [p.name for p in first] == ["scores.svg", "scores.png", "scores.alt.txt"]
    assert not list(tmp_path.rglob("*.pdf"))  # nothing reads a figure PDF
    for made, again in zip(first, second, strict=True):
        assert made.read_bytes() == again.read_bytes(), made.name
    png = first[1].read_bytes()
    assert png.startswith(PNG_SIGNATURE) and b"Software" not in png and b"matplotlib" not in png
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (round(4.2 * PNG_DPI), round(3.1 * PNG_DPI))
        assert image.info["dpi"] == pytest.approx((PNG_DPI, PNG_DPI), abs=0.01)


def _write(markdown: str, to: str, output: Path, cwd: Path) -> None:
    """Write ``markdown`` with the render's filters: crossref on the tree, then per format."""
    filters = ("crossref.lua", "media.lua", "formats.lua")
    options = [
        arg for name in filters for arg in ("--lua-filter", str(REPO / "report" / "filters" / name))
    ]
    pandoc.convert(markdown, to, output, from_format="markdown", options=options, cwd=cwd, epoch=0)


def test_the_docx_shows_the_png_beside_an_svg_and_html_keeps_the_svg(tmp_path: Path) -> None:
    figures = tmp_path / "_generated" / "figures"
    save_figure(_figure("Profiel"), figures / "profiel", "unused")
    (figures / "los.svg").write_bytes((figures / "profiel.svg").read_bytes())  # no PNG beside
    # a figure in two parts (a row per hub, split over pages): subfigures, each with its alt
    write_figure_parts(tmp_path / "_generated", "scores", [_figure("1"), _figure("2")], ["", ""])
    parts = figure_parts(
        [f"_generated/figures/scores-{i}.svg" for i in (1, 2)],
        "Scores",
        ["Heatmap deel een", "Heatmap deel twee"],
        "fig-scores",
        [("Alfa", "Beta"), ("Gamma", "Delta")],
    )
    markdown = (
        '![Profiel van een hub](_generated/figures/profiel.svg){#fig-profiel fig-alt="Puntgrafiek: '
        'score 2 en zelfscore 4"}\n\n'
        f"{parts}\n"
        "![Zonder PNG](_generated/figures/los.svg){#fig-los}\n"
    )
    _write(markdown, "docx", tmp_path / "uit.docx", tmp_path)
    profile, first, second, loose = docx_pictures(tmp_path / "uit.docx")
    assert profile.data == (figures / "profiel.png").read_bytes()
    assert profile.description == "Puntgrafiek: score 2 en zelfscore 4"
    # pandoc sizes the PNG from its dpi: the size of the SVG (4.2 x 3.1 inch)
    assert profile.width == pytest.approx(4.2, rel=0.01)
    assert profile.height == pytest.approx(3.1, rel=0.01)
    assert first.data == (figures / "scores-1.png").read_bytes()
    assert second.data == (figures / "scores-2.png").read_bytes()
    assert [first.description, second.description] == ["Heatmap deel een", "Heatmap deel twee"]
    assert loose.data == b""  # an SVG without a PNG beside it stays an SVG-only picture
    _write(markdown, "html5", tmp_path / "uit.html", tmp_path)
    html = (tmp_path / "uit.html").read_text(encoding="utf-8")
    # HTML shows the SVG itself, embedded by media.lua as a data URI (the page is one file)
    svg = base64.b64encode((figures / "profiel.svg").read_bytes()).decode("ascii")
    assert f'src="data:image/svg+xml;base64,{svg}"' in html and ".png" not in html


EDITIONS = [(round_id, edition) for round_id in (SAMPLE, FINAL) for edition in ("klant", "review")]


def _editions(root: Path, round_id: str, edition: str) -> tuple[Path, Path]:
    html, _, docx = (output_paths if edition == "klant" else review_paths)(root, round_id)
    return html, docx


@pytest.mark.slow
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


@pytest.mark.slow
@needs_soffice
def test_libreoffice_shows_every_figure_of_both_docx_editions(
    sample_project: Path, office_pdfs: Path
) -> None:
    """LibreOffice's PDF of each DOCX (tests/conftest.py) holds an image for every picture
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
