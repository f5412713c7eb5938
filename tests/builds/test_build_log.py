"""Every step prints its progress and appends to the round's build log (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaltools import cli
from evaltools.cli import app
from tests.support.builds import Build
from tests.support.paths import MINI
from tests.support.project import make_project

pytestmark = pytest.mark.slow


def test_steps_print_progress_and_write_the_build_log(mini_build: Build) -> None:
    # the session's mini build ran `evaltools ingest` and `evaltools analyse` (then render)
    output = mini_build.output["analyse"]
    # one progress line per executed notebook, numbered, with its time
    assert "analyse: [1/" in output
    assert "hub-alpha.ipynb" in output
    log = mini_build.log
    assert f"start: evaltools ingest {MINI}" in log
    assert f"start: evaltools analyse {MINI}" in log
    assert "hub-alpha.ipynb" in log
    assert log.count("klaar in") == 2


def test_quiet_keeps_the_terminal_free_but_not_the_log(tmp_path: Path, monkeypatch) -> None:
    # --stil holds for the rest of the process: undo it after this test
    monkeypatch.setitem(cli._QUIET, "on", False)
    root = make_project(tmp_path / "project")
    result = CliRunner().invoke(app, ["--stil", "ingest", MINI, "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "ingest:" not in result.output
    log = (root / "data" / "processed" / MINI / "build.log").read_text(encoding="utf-8")
    assert "klaar in" in log


def test_a_failed_step_is_logged_as_failed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "data" / "raw" / MINI / "round.yaml").write_text("ronde: [\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", MINI, "--project", str(root)])
    assert result.exit_code == 1
    log = (root / "data" / "processed" / MINI / "build.log").read_text(encoding="utf-8")
    assert "mislukt na" in log
