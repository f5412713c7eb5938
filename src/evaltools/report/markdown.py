"""Pandoc Markdown built in code: input text is escaped so it is shown, never interpreted, and
tables are pandoc document trees that pandoc itself writes as Markdown."""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from evaltools.tools import pandoc

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
                [{"t": "AlignLeft"}, {"t": "ColWidth", "c": (w + 3.5) / LINE_LENGTH}]
                for w in table.column_widths
            ],
            [_NO_ATTR, [row([[h] for h in table.headers])]],
            [[_NO_ATTR, 0, [], [row(cells) for cells in table.rows]]],
            [_NO_ATTR, []],
        ],
    }


def _raw(lines: list[str]) -> dict[str, Any]:
    return {"t": "RawBlock", "c": ["markdown", "\n".join(lines)]}
