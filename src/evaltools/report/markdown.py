"""Pandoc Markdown built in code: input text is escaped so it is shown, never interpreted, and
tables are pandoc document trees that pandoc itself writes as Markdown."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from evaltools.round.dutch import MONTHS
from evaltools.tools import fonts, pandoc

_PUNCTUATION = set(string.punctuation)
# The Markdown variant the report is read with (without math, as a round without `wiskunde`):
# cells are read as the report reads them.
READ_MARKDOWN = pandoc.markdown(math=False)
# What pandoc writes: grid tables only (cells may hold lists and paragraphs), and no `smart`, so
# that a dash or quote stays the character it is for a reader without `smart`.
GRID_MARKDOWN = "markdown-smart-simple_tables-multiline_tables-pipe_tables"
_NO_ATTR: list[Any] = ["", [], []]
# The writer's line length: columns get their widths as shares of it, and a caption never wraps.
LINE_LENGTH = 10_000
# Between the tables of one pandoc run; the Markdown writer passes raw HTML through as it is.
SEPARATOR = "<!-- evaltools: next table -->"


def escape(text: str) -> str:
    """Text from an input file as literal Markdown: every ASCII punctuation mark is escaped.

    Pandoc treats a backslash before any ASCII punctuation as that character, so ``<script>``,
    ``#``, ``$``, ``*``, ``@`` and ``_`` reach HTML, DOCX and Typst as plain characters.
    """
    flat = " ".join(str(text).split())
    return "".join(f"\\{char}" if char in _PUNCTUATION else char for char in flat)


@dataclass(frozen=True)
class Table:
    """A table to write: header texts, rows of cells (each a list of Markdown lines) and the
    column widths in characters, which fix the relative widths of the columns in every output."""

    headers: list[str]
    rows: list[list[list[str]]]
    widths: list[int]
    caption: str = ""
    identifier: str = ""

    @property
    def column_widths(self) -> list[int]:
        """``widths``, widened where needed so that the longest word of a column (plus a list
        indent) fits: pandoc never cuts a word, so this keeps the relative widths true."""
        table = [[[header] for header in self.headers], *self.rows]
        return [
            max(
                [
                    width,
                    *(len(word) + 2 for row in table for line in row[i] for word in line.split()),
                ]
            )
            for i, width in enumerate(self.widths)
        ]

    @property
    def shares(self) -> list[float]:
        """Each column's share of the table's width, from its content: the widths asked for,
        but never so narrow that the column's longest word (set in the report's typeface, a
        header word in bold) does not fit on the PDF page, where a table is widest
        (``TABLE_WIDTH_PT``). A column that needs more takes it from the others in proportion
        to their width; when the words together are wider than the page, each column gets its
        longest word's share."""
        return fitted_shares(
            [w + 3.5 for w in self.column_widths],
            [self._needed(i) for i in range(len(self.headers))],
            TABLE_WIDTH_PT * READ_SHARE,
        )

    def _needed(self, column: int) -> float:
        """Points the column needs on the page for its longest word, inset and list indent."""
        words = [(word, True, 0.0) for word in _words(self.headers[column])]
        for row in self.rows:
            for line in row[column]:
                indent = LIST_INDENT_PT if line.lstrip().startswith(("- ", "* ")) else 0.0
                words += [(word, False, indent) for word in _words(line)]
        return CELL_INSET_PT + max(
            (fonts.text_width(w, CELL_SIZE_PT, bold) + indent for w, bold, indent in words),
            default=0.0,
        )


# How the PDF sets a table (report/templates/rapport.typ): the text width of an A4 page with
# 2.3 cm margins, cells in 8.5 pt with 5 pt inset left and right. The PDF's columns are the
# narrowest of the three outputs, so widths that fit there fit in HTML and DOCX too.
TABLE_WIDTH_PT = (210 - 2 * 23) / 25.4 * 72
CELL_SIZE_PT = 8.5
# pandoc, reading a grid table back, gives its columns together a little less than the whole
# width (the borders count in the line's length): 96% at the least for a table of more than
# 72 characters; a narrower table is set narrower than the page, with room to spare.
READ_SHARE = 0.96
CELL_INSET_PT = 10.0 + 2.0  # and 2 pt so that a word never touches its neighbour
LIST_INDENT_PT = 8.5
_MARKUP = re.compile(r"\{[^}]*\}|\]\([^)]*\)|\\(?=.)|[*^\[\]]")


_MONTHS = "|".join(MONTHS)
_DATE = re.compile(rf"\b(?:\d{{1,2}} )?(?:{_MONTHS}) \d{{4}}\b")
"""A date the PDF does not break ("12 november 2026", "mei 2025": filters/typography.lua joins
it with non-breaking spaces): one word for the column's width."""


def _words(line: str) -> list[str]:
    """The words of a cell's Markdown line as the reader sees them (no markup, no escapes);
    a date is one word, as the PDF sets it."""
    text = _MARKUP.sub("", line.lstrip("-* ").strip())
    text = _DATE.sub(lambda match: match.group().replace(" ", "\x00"), text)
    return [word.replace("\x00", " ") for word in text.split()]


def fitted_shares(wanted: list[float], needed: list[float], total: float) -> list[float]:
    """Shares (summing to one) of ``total`` for columns that want widths in proportion to
    ``wanted`` and need at least ``needed`` (same unit as ``total``).

    Columns whose share would be too narrow get what they need; the rest is divided over the
    others in proportion to ``wanted``, again until every column has enough. When the needs
    alone exceed ``total``, the shares are in proportion to the needs.
    """
    if sum(needed) >= total:
        return [n / sum(needed) for n in needed]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(wanted)) if i not in fixed]
        room = total - sum(fixed.values())
        weight = sum(wanted[i] for i in free)
        short = [i for i in free if room * wanted[i] / weight < needed[i]]
        if not short:
            break
        fixed.update({i: needed[i] for i in short})
    return [
        fixed[i] / total if i in fixed else room * wanted[i] / weight / total
        for i in range(len(wanted))
    ]


def grid_table(
    headers: list[str],
    rows: list[list[list[str]]],
    widths: list[int],
    caption: str = "",
    identifier: str = "",
) -> str:
    """A table as pandoc writes it in Markdown (a grid table, cells wrapped to ``widths``)."""
    return grid_tables([Table(headers, rows, widths, caption, identifier)])[0]


def grid_tables(tables: list[Table]) -> list[str]:
    """Several tables in one pandoc run: one document tree, written by pandoc as Markdown.

    pandoc reads the cells' Markdown into the tree, then lays out and escapes each table
    itself; a long word widens its column rather than being cut.
    """
    if not tables:
        return []
    blocks: list[dict[str, Any]] = []
    for number, table in enumerate(tables):
        if number:
            blocks.append({"t": "RawBlock", "c": ["html", SEPARATOR]})
        blocks.append(table_tree(table))
    text = pandoc.markdown_from_tree(
        blocks, raw_format=READ_MARKDOWN, to=GRID_MARKDOWN, columns=LINE_LENGTH
    )
    return [part.strip("\n") + "\n" for part in text.split(SEPARATOR)]


def table_tree(table: Table) -> dict[str, Any]:
    """The pandoc ``Table`` node: left-aligned columns, one header row, cells as raw Markdown.

    A column of ``width`` characters takes that many (plus border and padding, and a half that
    keeps pandoc from rounding down) of the writer's ``LINE_LENGTH``.
    """

    def row(cells: list[list[str]]) -> list[Any]:
        return [_NO_ATTR, [[_NO_ATTR, {"t": "AlignDefault"}, 1, 1, [_raw(c)]] for c in cells]]

    return {
        "t": "Table",
        "c": [
            [table.identifier, [], []],
            [None, [_raw([table.caption])] if table.caption else []],
            [
                [{"t": "AlignLeft"}, {"t": "ColWidth", "c": width / LINE_LENGTH}]
                for width in _markdown_widths(table)
            ],
            [_NO_ATTR, [row([[h] for h in table.headers])]],
            [[_NO_ATTR, 0, [], [row(cells) for cells in table.rows]]],
            [_NO_ATTR, []],
        ],
    }


def _raw(lines: list[str]) -> dict[str, Any]:
    return {"t": "RawBlock", "c": ["markdown", "\n".join(lines)]}


def _markdown_widths(table: Table) -> list[float]:
    """The columns' widths in characters of the written Markdown: their shares of a line long
    enough that every column still holds its longest word (plus border, padding and a half
    that keeps pandoc from rounding down), so that pandoc, which widens a column rather than
    cut a word, keeps the shares."""
    minimum = [w + 3.5 for w in table.column_widths]
    shares = table.shares
    line = max(max(m / s for m, s in zip(minimum, shares, strict=True)), sum(minimum))
    return [s * line for s in shares]
