"""The render's refusals before it renders anything: a round not yet ingested, a round already
being rendered."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaltools.report.files import round_lock
from evaltools.report.quarto import ShortcodeError
from tests.support.cli import run
from tests.support.paths import MINI
from tests.support.project import make_project


def test_render_before_ingest_says_what_to_run(tmp_path: Path) -> None:
    root = make_project(tmp_path / "fresh")
    code, output = run("render", MINI, "--project", str(root))
    assert code == 1
    assert f"Draai eerst 'evaltools ingest {MINI}' en 'evaltools analyse {MINI}'." in output
    assert not (root / "report" / "_output").exists()


def test_a_second_render_of_the_same_round_is_refused_while_one_runs(tmp_path: Path) -> None:
    processed = tmp_path / "data" / "processed" / "ronde-a"
    with round_lock(processed):
        refused = pytest.raises(ShortcodeError, match="Er loopt al een render van ronde ronde-a")
        with refused, round_lock(processed):
            pass
        with round_lock(tmp_path / "data" / "processed" / "ronde-b"):
            pass  # another round is not held up
    with round_lock(processed):
        pass  # released
