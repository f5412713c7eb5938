"""git, read only: which commit the code is at and whether the working tree has changes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from evaltools.report.provenance import CodeVersion

# Files the build itself rewrites: they do not make the code "changed".
BUILD_WRITES = ("report/_variables.yml", "dvc.lock")


def code_version(root: Path) -> CodeVersion:
    """The commit of ``root`` and whether tracked or untracked files differ from it.

    Outside a git working tree (or without git) the commit is None.
    """
    git = shutil.which("git")
    if git is None:
        return CodeVersion(None)
    head = _run([git, "rev-parse", "--verify", "HEAD"], root)
    if head is None:
        return CodeVersion(None)
    excluded = [f":(exclude,top){path}" for path in BUILD_WRITES]
    status = _run(
        [git, "status", "--porcelain", "--untracked-files=normal", "--", ":/", *excluded], root
    )
    return CodeVersion(head.strip(), dirty=bool(status and status.strip()))


def _run(command: list[str], cwd: Path) -> str | None:
    try:
        result = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None
