"""Office files are zip archives: their unpacked size is checked before anything parses them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from evaltools.round.input_files import package_problem


def within_limit(path: Path) -> bool:
    """Whether ``path`` is a readable zip within the limits of the round's input readers."""
    return zipfile.is_zipfile(path) and package_problem(path, path.name) is None
