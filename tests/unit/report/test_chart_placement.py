"""Charts in the PDF: in the flow where they fit under the text before them, floating on to the
next page where they do not (no gap before them), unless the page is two thirds full already:
then the chart starts the next page in the flow. A floating chart never passes the next heading.
A chart that simply floated could be set above text that comes before it: at the foot of its
page, under the next section's heading and the first rows of its table, or at the top of the
next page, above the last row of the table before it. ``filters/formats.lua`` hands every chart
to the template's ``placed-chart``."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaltools.tools import pandoc
from tests.support.paths import REPO

PLACED = "#placed-chart["
TEMPLATE = REPO / "report" / "templates" / "rapport.typ"


def _typst(markdown: str, tmp_path: Path) -> str:
    output = tmp_path / "out.typ"
    options = ["--lua-filter", str(REPO / "report" / "filters" / "formats.lua")]
    pandoc.convert(
        markdown, "typst", output, from_format="markdown", options=options, cwd=tmp_path, epoch=0
    )
    return output.read_text(encoding="utf-8")


def test_every_chart_goes_through_placed_chart(tmp_path: Path) -> None:
    typst = _typst(
        "## Een\n\nTekst.\n\n![Eerste grafiek](een.svg)\n\n::: {.notebook-cell-end}\n:::\n\n"
        "## Twee\n\nTekst.\n\n![Tweede grafiek](twee.svg)\n\nMeer tekst.\n",
        tmp_path,
    )
    assert typst.count(PLACED) == 2
    assert typst.index(PLACED) < typst.index("Eerste grafiek") < typst.index("Twee")


def _placement(tmp_path: Path, words_before: int) -> list[str]:
    """The lines of a one-chart document built with the report's own placed-chart: text,
    a chart of 12 cm, the next section."""
    import typst
    from pypdf import PdfReader

    source = TEMPLATE.read_text(encoding="utf-8")
    start = source.index("#let placed-chart(body) = {")
    end = source.index("\n}\n", start) + 3
    document = (
        '#set page(paper: "a4", margin: (x: 2.3cm, top: 2.6cm, bottom: 2.4cm))\n'
        "#show figure.where(kind: image): set figure(placement: auto)\n"
        + source[start:end]
        + f"#lorem({words_before})\n\n"
        + "#placed-chart[#figure(rect(width: 100%, height: 12cm), caption: [Grafiek])]\n"
        + "= Volgende sectie\n#lorem(300)\n"
    )
    (tmp_path / "doc.typ").write_text(document, encoding="utf-8")
    typst.compile(str(tmp_path / "doc.typ"), output=str(tmp_path / "doc.pdf"))
    return [page.extract_text() for page in PdfReader(tmp_path / "doc.pdf").pages]


@pytest.mark.parametrize("words_before", [150, 420, 560])
def test_a_chart_never_stands_above_text_that_precedes_it_and_leaves_no_gap(
    tmp_path: Path, words_before: int
) -> None:
    pages = _placement(tmp_path, words_before)
    chart = next(i for i, page in enumerate(pages) if "Grafiek" in page)
    heading = next(i for i, page in enumerate(pages) if "Volgende sectie" in page)
    if words_before == 150:  # room under the text: the chart in the flow, before the next section
        assert chart == heading == 0
        assert pages[0].index("Grafiek") < pages[0].index("Volgende sectie")
    elif words_before == 420:  # no room: the next section fills the page, the chart heads the next
        assert heading == 0 and chart == 1
    else:  # a page two thirds full: the chart starts the next page, the next section follows it
        assert chart == heading == 1
        assert pages[1].index("Grafiek") < pages[1].index("Volgende sectie")


def test_a_floating_chart_never_passes_the_next_heading(tmp_path: Path) -> None:
    """A chart that floats on to the next page is set there before the next heading: the text
    after it fills this page, the heading waits for the chart."""
    import typst
    from pypdf import PdfReader

    source = TEMPLATE.read_text(encoding="utf-8")
    start = source.index("#let placed-chart(body) = {")
    end = source.index("\n}\n", start) + 3
    flush = next(line for line in source.splitlines() if "place.flush()" in line)
    document = (
        '#set page(paper: "a4", margin: (x: 2.3cm, top: 2.6cm, bottom: 2.4cm))\n'
        "#show figure.where(kind: image): set figure(placement: auto)\n"
        + flush
        + "\n"
        + source[start:end]
        + "#lorem(420)\n\n"
        + "#placed-chart[#figure(rect(width: 100%, height: 12cm), caption: [Grafiek])]\n"
        + "#lorem(150)\n=== Volgende kop\n#lorem(100)\n"
    )
    (tmp_path / "doc.typ").write_text(document, encoding="utf-8")
    typst.compile(str(tmp_path / "doc.typ"), output=str(tmp_path / "doc.pdf"))
    pages = [page.extract_text() for page in PdfReader(tmp_path / "doc.pdf").pages]
    text = "\n".join(pages)
    assert "Grafiek" not in pages[0]  # it floated
    assert text.index("Grafiek") < text.index("Volgende kop")
