"""Markdown built in code: escaping and grid tables."""

from __future__ import annotations

import pytest

from evaltools.report.markdown import escape, grid_table
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


def test_grid_table_never_ends_a_line_in_an_escaping_backslash() -> None:
    long_word = escape("a*" * 20)
    table = grid_table(["x"], [[[long_word]]], [8])
    assert "a\\*" in table
    assert all(not line.rstrip(" |").endswith("\\") for line in table.splitlines())
