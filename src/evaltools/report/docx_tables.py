"""Column widths of the DOCX tables: wide enough for the longest word of each column.

pandoc gives a table's columns widths in proportion to its Markdown source and Word lays them
out fixed, so a narrow column splits a long word ("Consultant|s", "Onderwijsvernieu|wing").
Each column gets at least its longest word (header words bold), measured in the report's
typeface with a margin that also covers the wider fonts a machine without Calibri substitutes
(LibreOffice takes DejaVu Sans, a quarter wider); the rest of the text width goes to the
columns in pandoc's proportions. A table whose longest words are wider than the page is set
in smaller cells; one that is too wide even then gets a landscape page of its own (a
comparison of two rounds: seven columns of long criterion and hub names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from evaltools.tools.fonts import text_width_em

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TWIPS_PER_PT = 20
# a word's measured width times this: room for a fallback font a quarter wider than ours
WORD_MARGIN = 1.3
FALLBACK_WIDER = 1.25
CELL_PADDING = 2 * 108 + 40  # Word's default cell margins (left and right), and a little air
LIST_INDENT = 720  # pandoc's list indent per level (numbering.xml)
CELL_SIZE_PT, TEXT_SIZE_PT = 9.0, 10.5  # the styles Compact (table cells) and Normal
# A table whose longest words do not fit the page at CELL_SIZE_PT (a comparison of rounds:
# seven columns of long criterion names and "2 (weer terug)") is set smaller, with narrower
# cell margins: the style SMALL_STYLE (reference_docx) and SMALL_MARGIN on each side. Not a
# table only a little too wide: its columns, narrowed in proportion, still hold its words in
# the fallback font while the margin allows (WORD_MARGIN over FALLBACK_WIDER: 4 %).
SMALL_STYLE, SMALL_SIZE_PT = "CompactKlein", 7.5
SMALL_MARGIN = 57  # twips (1 mm), where Word's default is 108
SMALL_PADDING = 2 * SMALL_MARGIN + 40
_COMPACT = '<w:pStyle w:val="Compact" />'
_GRID = re.compile(r"<w:tblGrid>(.*?)</w:tblGrid>", re.DOTALL)
# where Word may break a line: not at the no-break spaces typography puts inside dates
_BREAKS = re.compile(r"[ \t\r\n]+")


def word_width(word: str, *, bold: bool, size_pt: float) -> int:
    """The width in twips that ``word`` needs, with the margin for substituted fonts."""
    return round(text_width_em(word, bold=bold) * size_pt * TWIPS_PER_PT * WORD_MARGIN)


def longest_words(table: etree._Element, small: bool = False) -> list[int]:
    """Per column of ``table``, the width its longest word needs in its cell (twips); with
    ``small``, set in SMALL_STYLE with SMALL_MARGIN."""
    columns = len(table.findall("w:tblGrid/w:gridCol", NS))
    needed = [0] * columns
    for row in table.findall("w:tr", NS):
        header = row.find("w:trPr/w:tblHeader", NS) is not None
        column = 0
        for cell in row.findall("w:tc", NS):
            span = cell.find("w:tcPr/w:gridSpan", NS)
            width = int(span.get(f"{{{W}}}val")) if span is not None else 1
            if width == 1 and column < columns:
                needed[column] = max(needed[column], _cell_need(cell, header, small))
            column += width
    return needed


def _cell_need(cell: etree._Element, header: bool, small: bool = False) -> int:
    need = 0
    for paragraph in cell.iter(f"{{{W}}}p"):
        style = paragraph.find("w:pPr/w:pStyle", NS)
        name = style.get(f"{{{W}}}val") if style is not None else None
        if name == SMALL_STYLE or (small and name == "Compact"):
            size = SMALL_SIZE_PT
        else:
            size = CELL_SIZE_PT if name == "Compact" else TEXT_SIZE_PT
        level = paragraph.find("w:pPr/w:numPr/w:ilvl", NS)
        indent = (int(level.get(f"{{{W}}}val")) + 1) * LIST_INDENT if level is not None else 0
        text = "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t"))
        bold = header or paragraph.find(".//w:rPr/w:b", NS) is not None
        for word in _BREAKS.split(text):
            need = max(need, indent + word_width(word, bold=bold, size_pt=size))
    return need + (SMALL_PADDING if small else CELL_PADDING)


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


def fit_columns(document_xml: str, text_width: int, landscape_width: int | None = None) -> str:
    """``document_xml`` with every table's grid at ``text_width``, no column under its longest
    word (:func:`longest_words`).

    A table too wide for that (by more than the fallback font's margin, see SMALL_STYLE) is
    set small; a table too wide even then gets a page of its own in landscape
    (``landscape_width``: the text width there), its caption with it, at the normal size if it
    fits there; if it is still too wide, its columns share the width in proportion to their
    longest words. Only grids, a small table's cell style and margins, and the section breaks
    around a landscape table change (text substitutions, in the tables' order): the rest of
    the part stays byte for byte as pandoc wrote it.
    """
    tables = list(etree.fromstring(document_xml.encode("utf-8")).iter(f"{{{W}}}tbl"))
    # a table inside a table: the substitutions below could not tell them apart
    if any(table.find(f".//{{{W}}}tbl") is not None for table in tables):
        grids = iter([longest_words(table) for table in tables])
        return _GRID.sub(lambda grid: _fit_grid(grid, next(grids, None), text_width), document_xml)
    # without the body's section properties, no section of another orientation can be made
    section = _final_section(document_xml)
    turned = landscape_width if section is not None else None
    layouts = [_layout(table, text_width, turned) for table in tables]
    found = iter(layouts)

    def fit(match: re.Match) -> str:
        layout = next(found, None)
        if layout is None:
            return match.group(0)
        table = match.group("table")
        if layout.small:
            margins = (
                f'<w:tblCellMar><w:left w:w="{SMALL_MARGIN}" w:type="dxa" />'
                f'<w:right w:w="{SMALL_MARGIN}" w:type="dxa" /></w:tblCellMar>'
            )
            table = table.replace(_COMPACT, f'<w:pStyle w:val="{SMALL_STYLE}" />')
            # in the schema's order: after the layout, before the look and the caption
            anchor = next(a for a in ("<w:tblLook ", "<w:tblCaption ", "</w:tblPr>") if a in table)
            table = table.replace(anchor, margins + anchor, 1)
        table = _GRID.sub(
            lambda grid: _fit_grid(grid, layout.minimums, layout.width), table, count=1
        )
        before = match.group("caption") or ""
        if section is None or not layout.landscape:
            return before + table
        # the section before ends here (its page as it was), the landscape one after the table
        return _section_break(section) + before + table + _section_break(_landscape(section))

    fitted = _CAPTIONED_TABLE.sub(fit, document_xml)
    if section is not None and any(layout.landscape for layout in layouts):
        # two landscape tables with nothing between them share their landscape section:
        # no empty portrait page between them
        between = re.escape(_section_break(_landscape(section)))
        between += r"((?:\s*<w:bookmark(?:Start|End) [^>]*/>)*\s*)"
        between += re.escape(_section_break(section))
        fitted = re.sub(between, r"\1", fitted)
        # footnotes numbered on through the sections, as in one section
        fitted = _notes_numbered_on(fitted)
    return fitted


@dataclass(frozen=True)
class _Layout:
    small: bool
    landscape: bool
    width: int
    minimums: list[int]


def _layout(table: etree._Element, width: int, landscape_width: int | None) -> _Layout:
    """How ``table`` fits: at 9 pt, set small, or on a landscape page (at 9 pt or small)."""
    bearable = WORD_MARGIN / FALLBACK_WIDER  # narrower than this, the fallback font breaks words
    normal = longest_words(table)
    if sum(normal) <= width * bearable:
        return _Layout(False, False, width, normal)
    small = longest_words(table, small=True)
    if sum(small) <= width * bearable or landscape_width is None:
        return _Layout(True, False, width, small)
    if sum(normal) <= landscape_width * bearable:
        return _Layout(False, True, landscape_width, normal)
    return _Layout(True, True, landscape_width, small)


# A table with, before it, its caption (pandoc writes it first) and the bookmarks that open
# there: they go to the landscape page with the table.
_CAPTIONED_TABLE = re.compile(
    r"(?P<caption>(?:<w:bookmarkStart [^>]*/>\s*)*"
    r'<w:p><w:pPr><w:pStyle w:val="TableCaption" />(?:(?!<w:p[ >]).)*?</w:p>\s*'
    r"(?:<w:bookmarkStart [^>]*/>\s*)*)?"
    r"(?P<table><w:tbl>.*?</w:tbl>)",
    re.DOTALL,
)
_SECTION = re.compile(r"<w:sectPr>(?:(?!<w:sectPr>).)*</w:sectPr>\s*</w:body>", re.DOTALL)
_NOTES_RESTART = re.compile(r"\s*<w:footnotePr>\s*<w:numRestart [^>]*/>\s*</w:footnotePr>")
_PAGE_SIZE = re.compile(r'<w:pgSz w:h="(\d+)" w:w="(\d+)" />')


def _final_section(document_xml: str) -> str | None:
    """The body's section properties (page size, margins, header and footer), if pandoc
    wrote them as expected."""
    found = _SECTION.search(document_xml)
    if found is None:
        return None
    section = found.group(0).removesuffix("</w:body>").rstrip()
    return section if _PAGE_SIZE.search(section) else None


def _landscape(section: str) -> str:
    return _PAGE_SIZE.sub(
        lambda size: f'<w:pgSz w:h="{size[2]}" w:w="{size[1]}" w:orient="landscape" />', section
    )


def _section_break(section: str) -> str:
    """A paragraph that ends a section with the properties ``section`` (no footnote restart)."""
    return f"<w:p><w:pPr>{_NOTES_RESTART.sub('', section)}</w:pPr></w:p>"


def _notes_numbered_on(document_xml: str) -> str:
    found = _SECTION.search(document_xml)
    if found is None:
        return document_xml
    section = _NOTES_RESTART.sub("", found.group(0))
    return document_xml[: found.start()] + section + document_xml[found.end() :]


def _fit_grid(grid: re.Match, minimums: list[int] | None, text_width: int) -> str:
    """The ``<w:tblGrid>`` of ``grid`` at ``text_width``, no column under its minimum."""
    proportions = [int(w) for w in re.findall(r'w:w="(\d+)"', grid.group(1))]
    widths = column_widths(proportions, minimums or [0] * len(proportions), text_width)
    return "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}" />' for w in widths) + "</w:tblGrid>"
