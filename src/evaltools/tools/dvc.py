"""DVC, from its PyPI package: ``dvc repro`` over the stages of dvc.yaml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def repro(root: Path, targets: list[str], extra: dict[str, str] | None = None) -> int:
    """Run ``dvc repro [targets]`` in ``root``; its output goes to the terminal.

    ``extra``: variables added to the environment of DVC and its stages.

    DVC's stages call ``evaltools``: this environment's scripts come first on the PATH, so the
    stages run the same evaltools as the caller.
    """
    scripts = str(Path(sys.executable).parent)
    environment = {
        **os.environ,
        **(extra or {}),
        "PATH": scripts + os.pathsep + os.environ.get("PATH", ""),
    }
    result = subprocess.run(
        [sys.executable, "-m", "dvc", "repro", *targets], cwd=root, env=environment, check=False
    )
    return result.returncode
