"""panache (a Quarto-aware Markdown linter, pip: panache-cli) as the tests run it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PANACHE = shutil.which("panache") or str(Path(sys.executable).parent / "panache")
needs_panache = pytest.mark.skipif(
    not Path(PANACHE).is_file(), reason="panache (pip: panache-cli, in de dev-extra) ontbreekt"
)


def lint(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PANACHE, "lint", "--message-format", "short", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
