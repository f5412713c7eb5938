"""Charts in the PDF float (no gap before them), except a chart that ends its section where it
fits on its page: floating, it went to the foot of its page, under the next section's heading
and the first rows of its table. ``filters/formats.lua`` hands such a chart to the template's
``section-end-chart``, which keeps it in the flow where it fits."""

from __future__ import annotations

from pathlib import Path

from evaltools.tools import pandoc
from tests.support.paths import REPO

IN_FLOW = "#section-end-chart["


def _typst(markdown: str, tmp_path: Path) -> str:
    output = tmp_path / "out.typ"
    options = ["--lua-filter", str(REPO / "report" / "filters" / "formats.lua")]
    pandoc.convert(
        markdown, "typst", output, from_format="markdown", options=options, cwd=tmp_path, epoch=0
    )
    return output.read_text(encoding="utf-8")


def test_a_chart_that_ends_its_section_stays_in_the_flow(tmp_path: Path) -> None:
    typst = _typst(
        "## Een\n\nTekst.\n\n![Eerste grafiek](een.svg)\n\n::: {.notebook-cell-end}\n:::\n\n"
        "## Twee\n\nTekst.\n\n![Tweede grafiek](twee.svg)\n\nMeer tekst.\n",
        tmp_path,
    )
    assert typst.count(IN_FLOW) == 1
    assert typst.index(IN_FLOW) < typst.index("Eerste grafiek") < typst.index("Twee")


def test_a_chart_with_text_after_it_in_its_section_floats(tmp_path: Path) -> None:
    typst = _typst("## Een\n\n![Grafiek](een.svg)\n\nTekst.\n\n### Deel\n\nTekst.\n", tmp_path)
    assert IN_FLOW not in typst
