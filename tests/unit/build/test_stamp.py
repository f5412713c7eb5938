"""`evaltools build` with nothing changed since its last success skips DVC (issue 13: no-op)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from typer.testing import CliRunner

from evaltools.build import stamp as build_stamp
from evaltools.cli import app
from tests.support.paths import REPO

ROUND = "r1"


def make_tree(root: Path) -> Path:
    """The files dvc.yaml names for one round; no .dvc folder, so DVC itself would fail."""
    shutil.copy(REPO / "dvc.yaml", root / "dvc.yaml")
    (root / "params.yaml").write_text(f"rounds:\n  - {ROUND}\n", encoding="utf-8")
    for name in ("data/raw/r1/round.yaml", "notebooks/hub.ipynb", "src/evaltools/a.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n", encoding="utf-8")
    out = root / "report" / "_output" / f"{ROUND}.pdf"
    out.parent.mkdir(parents=True)
    out.write_bytes(b"%PDF")
    return root


def test_a_recorded_build_is_current_until_a_declared_file_changes(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    assert not build_stamp.is_current(root, [ROUND])
    build_stamp.record(root, [ROUND])
    assert build_stamp.is_current(root, [ROUND])
    # byte code is no dependency (.dvcignore)
    (root / "src" / "evaltools" / "__pycache__").mkdir()
    (root / "src" / "evaltools" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert build_stamp.is_current(root, [ROUND])
    # another round's stamp is its own
    assert not build_stamp.is_current(root, [ROUND, "r2"])
    raw = root / "data" / "raw" / ROUND / "round.yaml"
    raw.write_text("y\n", encoding="utf-8")
    os.utime(raw, ns=(1, 1))
    assert not build_stamp.is_current(root, [ROUND])


def test_a_removed_output_or_new_input_file_is_a_change(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    build_stamp.record(root, [ROUND])
    (root / "report" / "_output" / f"{ROUND}.pdf").unlink()
    assert not build_stamp.is_current(root, [ROUND])
    build_stamp.record(root, [ROUND])
    (root / "data" / "raw" / ROUND / "interviews").mkdir()
    (root / "data" / "raw" / ROUND / "interviews" / "a.md").write_text("-", encoding="utf-8")
    assert not build_stamp.is_current(root, [ROUND])


def test_a_dvc_yaml_it_cannot_read_leaves_the_decision_to_dvc(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    build_stamp.record(root, [ROUND])
    text = (root / "dvc.yaml").read_text(encoding="utf-8")
    (root / "dvc.yaml").write_text(text.replace("${item}", "${other}"), encoding="utf-8")
    assert build_stamp.fingerprint(root, [ROUND]) is None
    assert not build_stamp.is_current(root, [ROUND])


def test_build_skips_dvc_only_when_nothing_changed(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    build_stamp.record(root, [ROUND])
    runner = CliRunner()
    result = runner.invoke(app, ["build", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "Niets veranderd" in result.output
    # a change: DVC runs (and fails here, since this tree is no DVC project)
    (root / "notebooks" / "hub.ipynb").write_text("changed\n", encoding="utf-8")
    result = runner.invoke(app, ["build", "--project", str(root)])
    assert result.exit_code == 1
    assert "De bouw is mislukt" in result.output
    # a failed build leaves no record: the next build asks DVC again
    assert not build_stamp.is_current(root, [ROUND])
    # --dvc asks DVC even when nothing changed
    (root / "notebooks" / "hub.ipynb").write_text("x\n", encoding="utf-8")
    build_stamp.record(root, [ROUND])
    result = runner.invoke(app, ["build", "--dvc", "--project", str(root)])
    assert result.exit_code == 1
