"""Zelfevaluatie forms as a hub fills them in Excel (with openpyxl)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook


def set_goal_explanation(raw: Path, text: str) -> str:
    """Write ``text`` into alpha's first goal explanation; return the cell."""
    path = raw / "zelfevaluaties" / "alpha.xlsx"
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == "Vaste projectleider":
                    cell.value = text
                    workbook.save(path)
                    return f"{sheet.title}!{cell.coordinate}"
    raise AssertionError("goal explanation not found")
