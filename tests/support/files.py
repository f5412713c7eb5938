"""Files of a project as the tests change and compare them."""

from __future__ import annotations

import hashlib
from pathlib import Path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in the text file ``path``: its first ``count`` occurrences, or
    every one (``count=-1``). ``old`` must be there, at least ``count`` times."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= max(count, 1), f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def report_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file of the published report of the project ``root`` (the review page is
    not the report)."""
    output = root / "report" / "_output"
    return {
        p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(output.rglob("*"))
        if p.is_file() and not p.name.endswith("-review.html")
    }
