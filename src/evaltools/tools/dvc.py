"""DVC, from its PyPI package: ``dvc repro`` over the stages of dvc.yaml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def repro(root: Path, targets: list[str]) -> int:
    """Run ``dvc repro [targets]`` in ``root``; its output goes to the terminal.

    DVC's stages call ``evaltools``: this environment's scripts come first on the PATH, so the
    stages run the same evaltools as the caller.
    """
    scripts = str(Path(sys.executable).parent)
    environment = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(
        [sys.executable, "-m", "dvc", "repro", *targets], cwd=root, env=environment, check=False
    )
    return result.returncode
