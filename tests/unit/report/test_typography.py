"""One quote style in every format (``filters/typography.lua``): straight quotes typed in a text
become the curly ones the report uses, also where Typst's smart quotes would open a quote
again (after an ellipsis); evidence quoted in Bronnen stays as typed; dates do not break."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaltools.tools import pandoc
from tests.support.paths import REPO

FILTER = REPO / "report" / "filters" / "typography.lua"
TEXT = (
    "Een partnerprogramma 'Vrienden van...'. Zij zei \"ja\" op 1 maart 2026. "
    "Uit een formulier: \\'Vrienden van...\\'. "
    "[Een \\'letterlijk\\' citaat, \\'getypt\\']{.letterlijk} en [een 'los' citaat]{.letterlijk}\n"
)


def _converted(to: str, tmp_path: Path) -> Path:
    output = tmp_path / f"uit.{ {'typst': 'typ', 'html5': 'html'}.get(to, to) }"
    options = ["--lua-filter", str(FILTER)]
    pandoc.convert(TEXT, to, output, from_format="markdown", options=options, cwd=tmp_path, epoch=0)
    return output


def test_the_pdf_has_curly_quotes_even_after_an_ellipsis(tmp_path: Path) -> None:
    import typst
    from pypdf import PdfReader

    source = _converted("typst", tmp_path)
    pdf = tmp_path / "uit.pdf"
    typst.compile(str(source), output=str(pdf))
    text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "‘Vrienden van…’" in text
    assert "formulier: ‘Vrienden van…’" in text  # typed straight, escaped as our input is
    assert "“ja”" in text
    assert "'letterlijk'" in text  # evidence as typed


@pytest.mark.parametrize("to", ["html5", "docx"])
def test_html_and_docx_have_the_same_quotes(to: str, tmp_path: Path) -> None:
    output = _converted(to, tmp_path)
    if to == "docx":
        from docx import Document

        text = " ".join(p.text for p in Document(str(output)).paragraphs)
    else:
        text = output.read_text(encoding="utf-8")
    assert "‘Vrienden van…’" in text and "“ja”" in text
    assert "'letterlijk'" in text or "&#39;letterlijk&#39;" in text
    if to == "docx":
        assert "1\u00a0maart\u00a02026" in text
