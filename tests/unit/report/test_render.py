"""The render's refusals before it renders anything: a round not yet ingested (a round already
being rendered: tests/unit/round/test_lock_files.py)."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import run
from tests.support.paths import MINI
from tests.support.project import make_project


def test_render_before_ingest_says_what_to_run(tmp_path: Path) -> None:
    root = make_project(tmp_path / "fresh")
    code, output = run("render", MINI, "--project", str(root))
    assert code == 1
    assert f"Draai eerst 'evaltools ingest {MINI}' en 'evaltools analyse {MINI}'." in output
    assert not (root / "report" / "_output").exists()
