"""Notebooks stay output-free in git: check them (`--check`: pre-commit, make lint) or clean them.

    python scripts/clean_notebooks.py --check notebooks/*.ipynb   # exit 1 naming what has output
    python scripts/clean_notebooks.py notebooks/*.ipynb           # remove outputs and counts

The executed notebooks of a round live in data/processed/<ronde>/ (not in git); the notebooks
in notebooks/ are the sources papermill runs, so outputs there are always a mistake.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat


def dirty_cells(notebook: nbformat.NotebookNode) -> list[int]:
    """The numbers (from 1) of the code cells that carry outputs or an execution count."""
    return [
        number
        for number, cell in enumerate(notebook.cells, start=1)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]


def clean(notebook: nbformat.NotebookNode) -> None:
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report, change nothing")
    parser.add_argument("paths", nargs="*", type=Path)
    arguments = parser.parse_args(argv)
    paths = arguments.paths or sorted(Path("notebooks").glob("*.ipynb"))
    found = []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        cells = dirty_cells(notebook)
        if not cells:
            continue
        if arguments.check:
            found.append(f"{path}: uitvoer in cel {', '.join(map(str, cells))}")
        else:
            clean(notebook)
            nbformat.write(notebook, path)
            print(f"schoongemaakt: {path}")
    if found:
        print("Notebooks met uitvoer (maak ze schoon met scripts/clean_notebooks.py):")
        print("\n".join(found))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
