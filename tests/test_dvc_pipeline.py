"""The real DVC pipeline on the mini round: runs once, then skips, then reruns only what changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, REPO, make_project

pytestmark = pytest.mark.slow


def dvc(root: Path, *args: str) -> str:
    scripts = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(
        [sys.executable, "-m", "dvc", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def ran(output: str) -> set[str]:
    return {s for s in ("ingest", "analyse", "render") if f"Running stage '{s}'" in output}


def test_repro_runs_skips_and_reruns_exactly_the_dependent_stages(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    shutil.copytree(
        REPO / "src" / "evaltools",
        root / "src" / "evaltools",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(REPO / ".dvc", root / ".dvc", ignore=shutil.ignore_patterns("tmp", "cache"))
    shutil.copy(REPO / "dvc.yaml", root / "dvc.yaml")
    (root / "params.yaml").write_text(f"round: {MINI}\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)

    assert ran(dvc(root, "repro")) == {"ingest", "analyse", "render"}
    assert (root / "report" / "_output" / f"{MINI}.pdf").is_file()

    second = dvc(root, "repro")
    assert ran(second) == set()
    for stage in ("ingest", "analyse", "render"):
        assert f"Stage '{stage}' didn't change, skipping" in second

    text = root / "data" / "raw" / MINI / "teksten" / "inleiding.md"
    text.write_text(text.read_text() + "\nEen extra zin.\n")
    assert ran(dvc(root, "repro")) == {"render"}

    note = root / "data" / "raw" / MINI / "interviews" / "beta.md"
    note.write_text(note.read_text().replace("Twee bedrijven denken mee.", "Drie bedrijven."))
    assert ran(dvc(root, "repro")) == {"ingest", "analyse", "render"}
