"""The notebook pages reuse the report's numbering (report/filters/crossref.lua): the review
edition's read writes its labels, a page's Markdown outputs link to it with them."""

from __future__ import annotations

from pathlib import Path

import nbformat

from evaltools.report.provenance_files import (
    markdown_outputs_html,
    notebook_references,
    report_labels,
)
from evaltools.tools import pandoc
from tests.support.paths import REPO

FILTERS = REPO / "report" / "filters"
REPORT = """# Inleiding {#sec-inleiding}

## Aanpak {#sec-aanpak}

| a |
|---|
| 1 |

: Eerste {#tbl-eerste}

| b |
|---|
| 2 |

: Tweede {#tbl-tweede}
"""


def test_the_report_writes_its_labels_and_keeps_its_tree_as_it_was(tmp_path: Path) -> None:
    labels = tmp_path / "verwijzingen.json"
    options = ["--lua-filter", str(FILTERS / "crossref.lua")]
    plain = pandoc.convert(
        REPORT, "json", None, from_format="markdown", options=options, cwd=tmp_path, epoch=0
    )
    exported = pandoc.convert(
        REPORT,
        "json",
        None,
        from_format="markdown",
        options=[*options, "--metadata", f"crossref-export:{labels}"],
        cwd=tmp_path,
        epoch=0,
    )
    assert exported == plain  # the export leaves no trace in the document
    assert report_labels(labels) == {
        "sec-inleiding": "hoofdstuk 1",
        "sec-aanpak": "paragraaf 1.1",
        "tbl-eerste": "tabel 1",
        "tbl-tweede": "tabel 2",
    }


def _notebook(path: Path, outputs: list[str]) -> Path:
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/markdown": text, "text/plain": "x"})
        for text in outputs
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    return path


def test_a_pages_references_link_to_the_report_with_its_numbers(tmp_path: Path) -> None:
    notebook = _notebook(
        tmp_path / "n.ipynb",
        [
            "@tbl-tweede vat samen; zie ook @sec-aanpak en @tbl-weg.\n\n"
            "<!-- tekst: bevindingen/robuustheid -->\n\n### Kop\n\n#### Onderkop\n",
            "| b |\n|---|\n| 2 |\n\n: Tweede {#tbl-tweede}\n",
        ],
    )
    assert notebook_references(notebook) == ["sec-aanpak", "tbl-tweede", "tbl-weg"]
    labels = {"tbl-tweede": "tabel 2", "sec-aanpak": "paragraaf 1.1"}
    converted = markdown_outputs_html([notebook], REPO / "report", labels, "../r.html")
    first, second = (" ".join(html.split()) for html in converted[notebook])  # unwrapped
    assert '<a href="../r.html#tbl-tweede" title="in het rapport (review-editie)">Tabel 2</a>' in (
        first
    )
    assert '<a href="../r.html#sec-aanpak"' in first and ">paragraaf 1.1</a>" in first
    assert "@" not in first and "<!--" not in first and "tekst:" not in first
    assert "tbl-weg: niet in het rapport" in first
    # the output's headings start at level 2 under the page's title
    assert "<h2" in first and "<h3" in first and "<h4" not in first
    # a table the report numbers has its number here too
    assert "<strong>Tabel 2. </strong>Tweede" in second
