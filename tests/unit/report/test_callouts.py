"""A heading inside a callout is the callout's title: not numbered, not in a table of contents,
and it moves no number after it (report/filters/crossref.lua, then formats.lua as the render
runs them). Issue 25: a fresh round's 'Tekst ontbreekt' callouts were numbered 0.1, 3.9, ..."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaltools.report.quarto import place_parts
from evaltools.tools import pandoc
from tests.support.paths import REPO

FILTERS = REPO / "report" / "filters"
REPORT = """# Inleiding {#sec-inleiding}

::: {.callout-warning}
## Tekst ontbreekt

De ronde heeft nog geen tekst voor dit onderdeel.
:::

## Aanpak {#sec-aanpak}

Zie @sec-aanpak.

# Bevindingen {#sec-bevindingen}

<!-- tabel: nieuw -->

## Scores {#sec-scores}
"""


def _converted(tmp_path: Path, to: str, extra: list[str] | None = None) -> str:
    text, missing = place_parts(REPORT, {})
    assert missing == ["nieuw"]  # a generated part that is missing: a callout with a heading
    options = [
        "--lua-filter",
        str(FILTERS / "crossref.lua"),
        "--lua-filter",
        str(FILTERS / "formats.lua"),
        *(extra or []),
    ]
    return pandoc.convert(
        text, to, None, from_format="markdown", options=options, cwd=tmp_path, epoch=0
    )


@pytest.mark.parametrize("to", ["html", "typst", "markdown"])
def test_a_callout_heading_is_its_title_and_moves_no_number(tmp_path: Path, to: str) -> None:
    out = _converted(tmp_path, to)
    plain = re.sub(r"<[^>]+>", " ", out)
    words = " ".join(plain.split())
    assert "Tekst ontbreekt" in words and "Onderdeel ontbreekt" in words
    # no number before a callout's title ('1.1 Tekst ontbreekt' before the fix)
    assert not re.search(r"\d+(\.\d+)* (Tekst|Onderdeel) ontbreekt", words), words
    # the sections after the callouts keep their numbers
    assert "1.1 Aanpak" in words and "2 Bevindingen" in words and "2.1 Scores" in words
    assert "paragraaf 1.1" in words  # the cross-reference too


def test_a_callout_heading_is_not_in_the_table_of_contents(tmp_path: Path) -> None:
    out = _converted(tmp_path, "html", ["--toc", "--standalone"])
    toc = out[out.index('<nav id="TOC"') : out.index("</nav>")]
    assert "Aanpak" in toc and "Scores" in toc
    assert "ontbreekt" not in toc
