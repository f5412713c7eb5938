"""Column widths of the DOCX tables: wide enough for the longest word of each column.

pandoc gives a table's columns widths in proportion to its Markdown source and Word lays them
out fixed, so a narrow column splits a long word ("Consultant|s", "Onderwijsvernieu|wing").
Each column gets at least its longest word (header words bold), measured in the report's
typeface with a margin that also covers the wider fonts a machine without Calibri substitutes
(LibreOffice takes DejaVu Sans, a quarter wider); the rest of the text width goes to the
columns in pandoc's proportions.
"""

from __future__ import annotations

import re

from lxml import etree

from evaltools.tools.fonts import text_width_em

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TWIPS_PER_PT = 20
# a word's measured width times this: room for a fallback font a quarter wider than ours
WORD_MARGIN = 1.3
CELL_PADDING = 2 * 108 + 40  # Word's default cell margins (left and right), and a little air
LIST_INDENT = 720  # pandoc's list indent per level (numbering.xml)
CELL_SIZE_PT, TEXT_SIZE_PT = 9.0, 10.5  # the styles Compact (table cells) and Normal
_GRID = re.compile(r"<w:tblGrid>(.*?)</w:tblGrid>", re.DOTALL)
# where Word may break a line: not at the no-break spaces typography puts inside dates
_BREAKS = re.compile(r"[ \t\r\n]+")


def word_width(word: str, *, bold: bool, size_pt: float) -> int:
    """The width in twips that ``word`` needs, with the margin for substituted fonts."""
    return round(text_width_em(word, bold=bold) * size_pt * TWIPS_PER_PT * WORD_MARGIN)


def longest_words(table: etree._Element) -> list[int]:
    """Per column of ``table``, the width its longest word needs in its cell (twips)."""
    columns = len(table.findall("w:tblGrid/w:gridCol", NS))
    needed = [0] * columns
    for row in table.findall("w:tr", NS):
        header = row.find("w:trPr/w:tblHeader", NS) is not None
        column = 0
        for cell in row.findall("w:tc", NS):
            span = cell.find("w:tcPr/w:gridSpan", NS)
            width = int(span.get(f"{{{W}}}val")) if span is not None else 1
            if width == 1 and column < columns:
                needed[column] = max(needed[column], _cell_need(cell, header))
            column += width
    return needed


def _cell_need(cell: etree._Element, header: bool) -> int:
    need = 0
    for paragraph in cell.iter(f"{{{W}}}p"):
        style = paragraph.find("w:pPr/w:pStyle", NS)
        compact = style is not None and style.get(f"{{{W}}}val") == "Compact"
        size = CELL_SIZE_PT if compact else TEXT_SIZE_PT
        level = paragraph.find("w:pPr/w:numPr/w:ilvl", NS)
        indent = (int(level.get(f"{{{W}}}val")) + 1) * LIST_INDENT if level is not None else 0
        text = "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t"))
        bold = header or paragraph.find(".//w:rPr/w:b", NS) is not None
        for word in _BREAKS.split(text):
            need = max(need, indent + word_width(word, bold=bold, size_pt=size))
    return need + CELL_PADDING


def column_widths(proportions: list[int], minimums: list[int], total: int) -> list[int]:
    """Widths summing to ``total``: each at least its minimum, the rest in proportion.

    If the minimums alone exceed ``total``, the widths are the minimums scaled down (a table
    with more long words than a page is wide)."""
    if sum(minimums) >= total:
        scale = total / (sum(minimums) or 1)
        return _exact([m * scale for m in minimums], total)
    fixed: set[int] = set()
    while True:
        free = [i for i in range(len(proportions)) if i not in fixed]
        room = total - sum(minimums[i] for i in fixed)
        weight = sum(proportions[i] for i in free) or 1
        widths = {i: room * proportions[i] / weight for i in free}
        short = {i for i in free if widths[i] < minimums[i]}
        if not short:
            break
        fixed |= short
    chosen = [minimums[i] if i in fixed else widths[i] for i in range(len(proportions))]
    return _exact(chosen, total)


def _exact(widths: list[float], total: int) -> list[int]:
    """Rounded widths whose sum is exactly ``total`` (the last column takes the rest)."""
    rounded = [round(w) for w in widths]
    if rounded:
        rounded[-1] += total - sum(rounded)
    return rounded


def fit_columns(document_xml: str, text_width: int) -> str:
    """``document_xml`` with every table's grid at ``text_width``, no column under its longest
    word. Only the grids change (a text substitution, in the tables' order): the rest of the
    part stays byte for byte as pandoc wrote it."""
    tables = etree.fromstring(document_xml.encode("utf-8")).iter(f"{{{W}}}tbl")
    needs = [longest_words(table) for table in tables]
    found = iter(needs)

    def widen(match: re.Match) -> str:
        proportions = [int(w) for w in re.findall(r'w:w="(\d+)"', match.group(1))]
        minimums = next(found, [0] * len(proportions))
        widths = column_widths(proportions, minimums, text_width)
        return "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}" />' for w in widths) + "</w:tblGrid>"

    return _GRID.sub(widen, document_xml)
