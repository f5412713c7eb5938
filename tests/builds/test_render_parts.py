"""The incremental render (issue 27): parts reused from the cache give a cold render's bytes.

The built mini project is copied; one hub's note changes and is built again (the report's
parts come from the cache but that hub's), then is changed back and built again. Every output
equals, byte for byte, the cold render of the same input (a render with ``again``, which reads
every part anew).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from evaltools.analyse import stage as analyse_stage
from evaltools.ingest import stage as ingest_stage
from evaltools.report.render import render_report
from evaltools.round.paths import Layout
from tests.support.builds import NEW_NOTE, OLD_NOTE
from tests.support.paths import MINI
from tests.support.project import copy_of

pytestmark = pytest.mark.slow


def _build(root: Path, *, again: bool) -> tuple[dict[str, str], list[str]]:
    layout = Layout(root, MINI)
    ingest_stage.ingest(layout)
    analyse_stage.analyse(layout)
    lines: list[str] = []
    render_report(root, MINI, lines.append, again=again)
    output = root / "report" / "_output"
    digests = {
        path.relative_to(output).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file() and path.name.startswith(MINI)
    }
    return digests, lines


def _parts_read(lines: list[str]) -> str:
    return next(line for line in lines if line.startswith("rapportonderdelen:"))


def test_a_warm_render_after_a_change_and_back_equals_the_cold_one(
    built_project: Path, tmp_path: Path
) -> None:
    root = copy_of(built_project, tmp_path)
    note = root / "data" / "raw" / MINI / "interviews" / "alpha.md"
    original = note.read_text("utf-8")
    assert OLD_NOTE in original
    cold, _ = _build(root, again=True)
    assert len(cold) >= 6  # both editions in three formats, and the notebook pages

    note.write_text(original.replace(OLD_NOTE, NEW_NOTE), encoding="utf-8")
    changed, lines = _build(root, again=False)
    read, total = (int(n) for n in _parts_read(lines).split()[1:4:2])
    assert 0 < read < total, _parts_read(lines)
    changed_cold, _ = _build(root, again=True)
    assert changed == changed_cold
    assert changed != cold

    note.write_text(original, encoding="utf-8")
    back, lines = _build(root, again=False)
    assert back == cold
