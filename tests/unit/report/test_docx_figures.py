"""Figures in the DOCX: a PNG that LibreOffice and Word without SVG support show, at the size of
the SVG, sharp, and with the figure's alt text as the picture's description.

LibreOffice (and Word before 2019/Microsoft 365) shows an SVG-only picture in a DOCX as an empty
box; pandoc adds a PNG fallback only when rsvg-convert is installed. The analysis writes a PNG
beside each SVG (``evaltools.analyse.figure_files``) and ``filters/media.lua`` puts it in the DOCX.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from PIL import Image

from evaltools.analyse.figure_files import PNG_DPI, save_figure
from evaltools.analyse.fragments import write_figure_parts
from evaltools.report.parts import figure_parts
from evaltools.tools import pandoc
from tests.support.docx import PNG_SIGNATURE, docx_pictures
from tests.support.paths import REPO


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
