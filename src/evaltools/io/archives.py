"""Office files are zip archives: their unpacked size is checked before anything parses them."""

from __future__ import annotations

import zipfile
from pathlib import Path

# More than this unpacked is no form or note of a round (a zip bomb): never parsed.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def unpacked_size(path: Path) -> int | None:
    """The declared unpacked size of all entries, or None when it is no readable zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return None


def within_limit(path: Path) -> bool:
    size = unpacked_size(path)
    return size is not None and size <= MAX_UNPACKED_BYTES
