"""Markdown built in code: escaping, and tables that pandoc writes from its document tree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaltools.report.markdown import READ_MARKDOWN, Table, escape, grid_table, grid_tables
from evaltools.tools import pandoc


def to_html(markdown: str) -> str:
    from pathlib import Path

    return pandoc.convert(
        markdown, "html5", None, from_format="markdown-raw_html", options=[], cwd=Path(), epoch=0
    )


def test_escape_backslashes_every_ascii_punctuation_mark() -> None:
    assert escape("a*b_c#d") == r"a\*b\_c\#d"
    assert escape("  twee\n regels ") == "twee regels"
    assert escape("ë – é") == "ë – é"


@pytest.mark.parametrize(
    "text",
    [
        "<script>x</script>",
        "$1$ en *nadruk*",
        "@tbl-x",
        "# kop",
        "[link](http://x.invalid)",
        "1. geen lijst",
        "a\\b",
    ],
)
def test_escaped_text_comes_out_of_pandoc_as_written(text: str) -> None:
    html = to_html(escape(text))
    assert "<script" not in html and "<em>" not in html and "<a " not in html
    from bs4 import BeautifulSoup

    assert BeautifulSoup(html, "html.parser").get_text().strip() == text


def test_grid_table_keeps_lists_in_cells_and_never_cuts_a_word() -> None:
    table = grid_table(
        ["Technohub", "Sterktes"],
        [[["Noordoostpolderhubnaam"], ["- eerste punt met een vrij lange zin erin", "- tweede"]]],
        [10, 20],
        "Bijschrift",
        "tbl-test",
    )
    lines = table.splitlines()
    assert lines[0] == "+" + "-" * 26 + "+" + "-" * 22 + "+"
    assert len({len(line) for line in lines[:-2]}) == 1  # a proper grid: every line equally long
    assert "Noordoostpolderhubnaam" in table
    assert lines[-1] == ": Bijschrift {#tbl-test}"
    html = to_html(table)
    assert html.count("<li>") == 2 and 'id="tbl-test"' in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>x</script> $1$ *nadruk* @tbl-x",
        "a\\b {{< var x >}} <!-- tekst: x -->",
        "a | b +---+ ==== 1. geen lijst",
        "- geen lijst 'enkel' \"dubbel\" -- --- – …",
    ],
)
def test_escaped_text_in_a_table_cell_comes_out_of_pandoc_as_written(text: str) -> None:
    from bs4 import BeautifulSoup

    table = grid_table(["Kop"], [[[escape(text)]]], [12], escape(text))
    html = pandoc.convert(
        table, "html5", None, from_format=READ_MARKDOWN, options=[], cwd=Path(), epoch=0
    )
    assert "<script" not in html and "<em>" not in html and "<a " not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("td").get_text(" ").split() == text.split()
    assert soup.find("caption").get_text(" ").split() == text.split()


def test_tables_written_in_one_pandoc_run_equal_tables_written_alone() -> None:
    first = Table(["a", "b"], [[["x"], ["- y", "- z"]]], [10, 20], "Een", "tbl-een")
    second = Table(["c"], [[["**vet**"]], [[""]]], [40])
    together = grid_tables([first, second])
    assert together == [
        grid_table(first.headers, first.rows, first.widths, first.caption, first.identifier),
        grid_table(second.headers, second.rows, second.widths),
    ]
    assert together[0].endswith(": Een {#tbl-een}\n") and together[1].startswith("+---")
    assert grid_tables([]) == []


def test_grid_table_never_ends_a_line_in_an_escaping_backslash() -> None:
    long_word = escape("a*" * 20)
    table = grid_table(["x"], [[[long_word]]], [8])
    assert "a\\*" in table
    assert all(not line.rstrip(" |").endswith("\\") for line in table.splitlines())


def test_cells_are_read_as_the_report_is_read() -> None:
    assert pandoc.markdown(math=False) == READ_MARKDOWN


def _typst_columns(markdown: str) -> list[float]:
    """The column widths (shares of the table) pandoc gives the PDF for one grid table."""
    import re

    typst = pandoc.convert(
        markdown, "typst", None, from_format=READ_MARKDOWN, options=[], cwd=Path(), epoch=0
    )
    found = re.search(r"columns: \(([^)]*)\)", typst)
    assert found, typst
    return [float(p.strip(" %")) / 100 for p in found.group(1).split(",") if p.strip()]


def test_every_column_holds_its_longest_word_on_the_pdf_page() -> None:
    """A meetings table of a round with long words elsewhere: 'Begeleidingscommissie' must
    not run into the place next to it ('BegeleidingscommissieUtrecht'), and score headers
    must not run into each other, however many columns the round has."""
    from evaltools.report.markdown import CELL_INSET_PT, CELL_SIZE_PT, TABLE_WIDTH_PT
    from evaltools.tools.fonts import text_width

    meetings = Table(
        ["Datum", "Soort", "Plaats", "Onderwerp", "Technohubs"],
        [
            [
                ["12 november 2026"],  # the PDF never breaks a date (typography.lua)
                ["Begeleidingscommissie"],
                ["Utrecht"],
                ["Kennisdelingsbijeenkomstenreeks over samenwerkingsverbanden"],
                ["Technohub Noordoostpolder, Technohub Smart Metrology & Manufacturing"],
            ]
        ],
        [16, 14, 18, 40, 18],
    )
    criteria = [
        "Structurele betrokkenheid",
        "Toekomstperspectief en opschaalbaarheid",
        "Samenwerking met onderwijs",
        "Inhoudelijke focus",
        "Ontwikkelfase",
    ]
    scores = Table(["Technohub", *criteria], [[["Utrecht"], *[["3 (+1)"]] * 5]], [18, *[12] * 5])
    for table in (meetings, scores):
        shares = _typst_columns(grid_table(table.headers, table.rows, table.widths))
        for column, share in enumerate(shares):
            texts = [(table.headers[column], True)] + [
                (line, False) for row in table.rows for line in row[column]
            ]
            longest = max(
                text_width(word, CELL_SIZE_PT, bold)
                for text, bold in texts
                for word in re.sub(
                    r"(\d+) (november) (\d{4})", "\\1\u00a0\\2\u00a0\\3", text
                ).split(" ")
            )
            assert share * TABLE_WIDTH_PT >= longest + CELL_INSET_PT - 0.5, (column, shares)


def test_fitted_shares_keep_the_wanted_proportions_where_they_fit() -> None:
    from evaltools.report.markdown import fitted_shares

    assert fitted_shares([1, 1, 2], [10, 10, 10], 100) == [0.25, 0.25, 0.5]
    # the first column needs 40 of 100: the others share the rest as 1:2
    assert fitted_shares([1, 1, 2], [40, 10, 10], 100) == pytest.approx([0.4, 0.2, 0.4])
    # more needed than there is: in proportion to the needs
    assert fitted_shares([1, 1], [90, 30], 100) == [0.75, 0.25]
