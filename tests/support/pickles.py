"""A planted pickle: what a cache entry from elsewhere could do when unpickled."""

from __future__ import annotations

from pathlib import Path


class Payload:
    """A pickle that, when unpickled, writes a file: what a planted cache entry could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "uitgevoerd"))
