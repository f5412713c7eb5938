"""The real DVC pipeline in a clone, as `make report` runs it on a fresh one."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO
from tests.support.project import scratch_project


def run(root: Path, *command: str) -> str:
    """``command`` in ``root`` with this environment's scripts first on PATH (the DVC stages
    call `evaltools`); its output. It must succeed."""
    scripts = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(
        list(command), cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def git(root: Path, *args: str) -> str:
    return run(root, "git", "-c", "user.name=test", "-c", "user.email=test", *args)


def dvc_build(root: Path, *round_id: str) -> list[str]:
    """`make report [ROUND=...]` (`evaltools build`, as a process): the stages that ran."""
    output = run(root, sys.executable, "-m", "evaltools", "build", *round_id)
    return sorted(set(re.findall(r"Running stage '([^']+)'", output)))


def git_status(root: Path) -> list[str]:
    return git(root, "status", "--porcelain").splitlines()


def output_digests(root: Path, round_id: str) -> dict[str, str]:
    """The SHA-256 of each output of a round's report stage (the client edition in three
    formats and the notebook pages), by path in the project."""
    folder = root / "report" / "_output"
    files = [folder / f"{round_id}.{ext}" for ext in ("html", "pdf", "docx")]
    files += sorted((folder / f"{round_id}-notebooks").glob("*.html"))
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in files
    }


def dvc_clone(folder: Path, rounds: dict[str, Path], listed: list[str]) -> Path:
    """A project as a consultant gets it: committed in ``folder``/origin (code, notebooks,
    report sources, the DVC set-up and the raw files of ``rounds``; params.yaml lists
    ``listed``), cloned to ``folder``/project; the clone."""
    origin = scratch_project(REPO, folder / "origin", rounds)
    shutil.copytree(
        REPO / "src" / "evaltools",
        origin / "src" / "evaltools",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(REPO / ".dvc", origin / ".dvc", ignore=shutil.ignore_patterns("tmp", "cache"))
    for name in ("dvc.yaml", ".dvcignore", ".gitignore"):
        shutil.copy(REPO / name, origin / name)
    listing = "".join(f"  - {round_id}\n" for round_id in listed)
    (origin / "params.yaml").write_text(f"rounds:\n{listing}", encoding="utf-8")
    git(origin, "init", "-q")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "project")
    git(origin, "clone", "-q", str(origin), str(folder / "project"))
    return folder / "project"
