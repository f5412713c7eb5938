"""git, read only: which commit the code is at and whether the code has uncommitted changes."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# What decides how a report is made: the package, the notebooks, the report's sources and the
# pinned versions. Not params.yaml (which rounds to build), not data/raw (each input file is
# listed with its SHA-256), not build outputs (ignored by git, or excluded below).
CODE_PATHS = (
    "src",
    "notebooks",
    "report",
    "pyproject.toml",
    "requirements.lock",
    "environment.yml",
    "dvc.yaml",
)
# Written by every render into report/: build state, never code.
BUILD_WRITES = ("report/_variables.yml", "report/_generated", "report/_output")


@dataclass(frozen=True)
class CodeVersion:
    commit: str | None
    """The git commit, or None when it is not known (no git, not a repository, no commit)."""
    changed: tuple[str, ...] | None = None
    """Code files that differ from the commit; None when that is not known."""
    reason: str = ""
    """Why the commit or the changes are not known (Dutch, for the reader)."""

    @property
    def dirty(self) -> bool | None:
        """True with uncommitted code changes, False without, None when unknown."""
        return None if self.changed is None else bool(self.changed)


def code_version(root: Path) -> CodeVersion:
    """The commit of ``root`` and the code files that differ from it.

    Without git, outside a git working tree, or when git cannot tell, the state is unknown
    (``CodeVersion.changed`` is None, with the reason), never "no changes".
    """
    git = shutil.which("git")
    if git is None:
        return CodeVersion(None, reason="git is op deze machine niet beschikbaar")
    top = _run([git, "rev-parse", "--show-toplevel"], root)
    if top is None:
        return CodeVersion(None, reason="de projectmap is geen git-repository")
    head = _run([git, "rev-parse", "--verify", "--quiet", "HEAD"], root)
    if head is None:
        return CodeVersion(None, reason="de git-repository heeft nog geen commit")
    pathspec = [f":(top){path}" for path in CODE_PATHS]
    pathspec += [f":(exclude,top){path}" for path in BUILD_WRITES]
    status = _run(
        [git, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *pathspec], root
    )
    if status is None:
        return CodeVersion(head.strip(), reason="git kon de wijzigingen niet bepalen")
    return CodeVersion(head.strip(), changed=_paths(status))


def _paths(status: str) -> tuple[str, ...]:
    """The paths of ``git status --porcelain=v1 -z`` (a rename's old name left out)."""
    entries = status.split("\0")
    paths, index = [], 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        paths.append(entry[3:])
        if entry[0] in "RC":
            index += 1  # the next entry is the old name
    return tuple(sorted(set(paths)))


def _run(command: list[str], cwd: Path) -> str | None:
    try:
        result = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None
