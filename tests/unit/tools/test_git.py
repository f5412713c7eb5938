"""What the Verantwoording says of the code: its git commit and whether it had changes that
were not committed (only code counts), or why that is unknown."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from evaltools.tools.git import CodeVersion, code_version


def _git(root: Path):
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is niet geïnstalleerd op deze machine")

    def run(*args: str) -> str:
        return subprocess.run(
            [git, "-c", "user.name=test", "-c", "user.email=test", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    return run


def test_code_version_counts_only_code_as_uncommitted_changes(tmp_path: Path) -> None:
    run = _git(tmp_path)
    unknown = code_version(tmp_path)
    assert unknown.commit is None and unknown.dirty is None
    assert "geen git-repository" in unknown.reason
    run("init", "-q")
    assert code_version(tmp_path).dirty is None, "no commit yet: unknown, not clean"
    for path in ("src/evaltools/code.py", "report/index.qmd", "params.yaml", "dvc.yaml"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x = 1\n")
    (tmp_path / "report" / "_variables.yml").write_text("a: 1\n")
    run("add", ".")
    run("commit", "-q", "-m", "start")
    head = run("rev-parse", "HEAD").strip()
    assert code_version(tmp_path) == code_version(tmp_path / "report")
    assert code_version(tmp_path) == CodeVersion(head, changed=())
    # what a consultant changes for a round, and what a build writes, is not code
    (tmp_path / "params.yaml").write_text("rounds: [a, b]\n")
    (tmp_path / "data" / "raw" / "b").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "b" / "round.yaml").write_text("ronde: b\n")
    (tmp_path / "report" / "_variables.yml").write_text("a: 2\n")
    (tmp_path / "dvc.lock").write_text("schema: '2.0'\n")
    assert code_version(tmp_path).dirty is False
    (tmp_path / "src" / "evaltools" / "code.py").write_text("x = 2\n")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "nieuw.ipynb").write_text("{}\n")
    assert code_version(tmp_path).changed == ("notebooks/nieuw.ipynb", "src/evaltools/code.py")


def test_code_version_is_unknown_when_git_cannot_tell(tmp_path: Path, monkeypatch) -> None:
    run = _git(tmp_path)
    run("init", "-q")
    (tmp_path / "code.py").write_text("x = 1\n")
    run("add", ".")
    run("commit", "-q", "-m", "start")
    (tmp_path / ".git" / "index").write_bytes(b"not an index")
    broken = code_version(tmp_path)
    assert broken.commit is not None and broken.dirty is None and broken.reason
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))
    without = code_version(tmp_path)
    assert without.commit is None and without.dirty is None and "niet beschikbaar" in without.reason
