"""Pandoc Markdown built in code: input text is escaped so it is shown, never interpreted."""

from __future__ import annotations

import string

_PUNCTUATION = set(string.punctuation)


def escape(text: str) -> str:
    """Text from an input file as literal Markdown: every ASCII punctuation mark is escaped.

    Pandoc treats a backslash before any ASCII punctuation as that character, so ``<script>``,
    ``#``, ``$``, ``*``, ``@`` and ``_`` reach HTML, DOCX and Typst as plain characters.
    """
    flat = " ".join(str(text).split())
    return "".join(f"\\{char}" if char in _PUNCTUATION else char for char in flat)


def grid_table(
    headers: list[str],
    rows: list[list[list[str]]],
    widths: list[int],
    caption: str = "",
    identifier: str = "",
) -> str:
    """A pandoc grid table; every cell is a list of Markdown lines (bullet lists allowed).

    ``widths`` are the column widths in characters; they also fix the relative widths in the
    output. Cell lines are wrapped to fit.
    """

    def wrap(lines: list[str], width: int) -> list[str]:
        out: list[str] = []
        for line in lines:
            out += _fill(line, width, "  " if line.startswith("- ") else "")
        return out

    def render_row(cells: list[list[str]]) -> list[str]:
        wrapped = [wrap(cell, width) for cell, width in zip(cells, widths, strict=True)]
        height = max(len(cell) for cell in wrapped)
        return [
            "|"
            + "|".join(
                f" {(cell[i] if i < len(cell) else ''):<{w}} "
                for cell, w in zip(wrapped, widths, strict=True)
            )
            + "|"
            for i in range(height)
        ]

    # a column is at least as wide as its longest word (+ list indent): no word is ever cut
    table = [[[header] for header in headers], *rows]
    widths = [
        max([width, *(len(word) + 2 for row in table for line in row[i] for word in line.split())])
        for i, width in enumerate(widths)
    ]
    border = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    header_border = "+" + "+".join(":" + "=" * (w + 1) for w in widths) + "+"
    lines = [border, *render_row([[h] for h in headers]), header_border]
    for row in rows:
        lines += [*render_row(row), border]
    if caption:
        suffix = f" {{#{identifier}}}" if identifier else ""
        lines += ["", f": {caption}{suffix}"]
    return "\n".join(lines) + "\n"


def _fill(line: str, width: int, indent: str) -> list[str]:
    """Greedy wrap on spaces; a word longer than the cell is cut, never inside an escape."""
    words: list[str] = []
    room = width - len(indent)
    for word in line.split():
        while len(word) > room:
            cut = room
            while cut > 1 and (len(word[:cut]) - len(word[:cut].rstrip("\\"))) % 2:
                cut -= 1
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        limit = width if not lines else room
        if len(candidate) > limit and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return [lines[0], *(indent + rest for rest in lines[1:])]
