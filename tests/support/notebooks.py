"""Executed notebooks and their pages, as the tests read and change them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.paths import MINI


def notebook_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Each executed notebook in ``folder``: its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.glob("*.ipynb"))}


def notebook_pages(root: Path) -> dict[str, bytes]:
    """The bytes of each notebook page of the mini round's report in project ``root``."""
    folder = root / "report" / "_output" / f"{MINI}-notebooks"
    return {p.stem: p.read_bytes() for p in sorted(folder.glob("*.html"))}


def add_to_cell_output(notebook: Path, label: str, markdown: str) -> None:
    """Append ``markdown`` to the Markdown output of the cell labelled ``label`` (in place)."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in data["cells"]:
        if cell["cell_type"] == "code" and f"#| label: {label}\n" in "".join(cell["source"]):
            for output in cell["outputs"]:
                if "text/markdown" in output.get("data", {}):
                    text = output["data"]["text/markdown"]
                    output["data"]["text/markdown"] = "".join(text) + markdown
                    notebook.write_text(json.dumps(data), encoding="utf-8")
                    return
    raise AssertionError(f"{notebook.name} heeft geen cel {label} met Markdown-uitvoer")
