"""The DOCX column widths count what Word cannot break as one word."""

from __future__ import annotations

from lxml import etree

from evaltools.report.docx_tables import W, longest_words


def _table(*cells: str) -> etree._Element:
    row = "".join(f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>" for text in cells)
    grid = "<w:gridCol/>" * len(cells)
    return etree.fromstring(
        f'<w:tbl xmlns:w="{W}"><w:tblGrid>{grid}</w:tblGrid><w:tr>{row}</w:tr></w:tbl>'
    )


def test_a_date_with_no_break_spaces_is_one_word() -> None:
    """Typography joins a date with no-break spaces, so Word keeps it on one line: its column
    needs the whole date, not only its longest part."""
    joined, spaced = longest_words(_table("12\u00a0november\u00a02026", "12 november 2026"))
    assert joined > spaced
    assert spaced == longest_words(_table("november"))[0]
