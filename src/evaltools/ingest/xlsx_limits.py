"""The limits of a spreadsheet form, checked while streaming it, before it is loaded.

openpyxl's read-only mode reads a sheet row by row from its XML without keeping it, so a form
with ten thousand rows or a megabyte in one cell is refused in bounded memory, before the
reader loads the whole workbook (see :mod:`evaltools.round.limits` for the numbers).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from evaltools.round.dutch import number
from evaltools.round.limits import (
    MAX_CELL_CHARS,
    MAX_FORM_CHARS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
)
from evaltools.round.problems import Problem

SHOWN_CELLS = 5
"""Cells over the limit named one by one per sheet; the rest are counted."""


ZELFEVALUATIE_ROWS = (MAX_SHEET_ROWS, "het formulier heeft er 10 tot 13")


def sheet_limit_problems(
    path: Path,
    file: str,
    rows: tuple[int, str] = ZELFEVALUATIE_ROWS,
    form_chars: int = MAX_FORM_CHARS,
) -> list[Problem]:
    """Every limit the workbook at ``path`` exceeds: rows and columns per sheet, characters per
    cell and per form, each with its sheet and cell (``rows``: the most filled rows per sheet
    and what the form has; ``form_chars``: all cells together). Empty when the file cannot be
    streamed:
    its reader then reports the damage in its own words."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - any damage is the reader's to report
        return []
    problems: list[Problem] = []
    total = 0
    try:
        for sheet in workbook.worksheets:
            # the size a sheet declares is not trusted: without it, rows are not padded
            sheet.reset_dimensions()
            found, chars = _sheet_problems(sheet, file, rows)
            problems += found
            total += chars
    except Exception:  # noqa: BLE001 - a sheet that cannot be streamed: the reader says why
        return problems
    finally:
        workbook.close()
    if total > form_chars:
        problems.append(
            Problem(
                file,
                "",
                "",
                f"{number(total, 0)} tekens in alle cellen samen",
                f"een formulier van hoogstens {number(form_chars, 0)} tekens (een "
                "ingevuld formulier heeft er zo'n 6.000); kort de toelichtingen in en zet "
                "lange stukken in een bijlage die als bewijs wordt genoemd",
            )
        )
    return problems


def _sheet_problems(sheet: object, file: str, rows: tuple[int, str]) -> tuple[list[Problem], int]:
    """The limits one sheet exceeds, and its characters; streamed, one row at a time."""
    title = sheet.title  # type: ignore[attr-defined]
    last_row = last_column = chars = 0
    long_cells: list[tuple[str, int]] = []
    long_count = 0
    for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        filled = False
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            text = str(value)
            if not text.strip():
                continue
            filled = True
            last_column = max(last_column, column)
            chars += len(text)
            if len(text) > MAX_CELL_CHARS:
                long_count += 1
                if len(long_cells) < SHOWN_CELLS:
                    long_cells.append((f"{get_column_letter(column)}{row_number}", len(text)))
        if filled:
            last_row = row_number
    problems = [
        Problem(
            file,
            f"{title}!{cell}",
            "",
            f"een cel met {number(length, 0)} tekens",
            f"hoogstens {number(MAX_CELL_CHARS, 0)} tekens per cel; kort de tekst in of zet "
            "een lang stuk in een bijlage die als bewijs wordt genoemd",
        )
        for cell, length in long_cells
    ]
    if long_count > len(long_cells):
        problems.append(
            Problem(
                file,
                title,
                "",
                f"nog {number(long_count - len(long_cells), 0)} cellen met meer dan "
                f"{number(MAX_CELL_CHARS, 0)} tekens",
                f"hoogstens {number(MAX_CELL_CHARS, 0)} tekens per cel",
            )
        )
    most, usual = rows
    if last_row > most:
        problems.append(
            Problem(
                file,
                f"{title}!A{last_row}",
                "",
                f"een tabblad ingevuld tot rij {number(last_row, 0)}",
                f"hoogstens {number(most, 0)} rijen per tabblad ({usual}); verwijder lege "
                "of overbodige regels, of vat samen",
            )
        )
    if last_column > MAX_SHEET_COLUMNS:
        problems.append(
            Problem(
                file,
                f"{title}!{get_column_letter(last_column)}1",
                "",
                f"een tabblad ingevuld tot kolom {get_column_letter(last_column)}",
                f"hoogstens {MAX_SHEET_COLUMNS} kolommen per tabblad (het formulier gebruikt "
                "er hoogstens 7); zet niets naast het formulier",
            )
        )
    return problems, chars
