"""Checks on the project itself: pins agree, boundaries hold, notebooks are clean, CLI is Dutch."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

from evaltools.cli import app

REPO = Path(__file__).resolve().parents[2]


# A requirement line of requirements.lock: `name==version [; marker]`, then its hashes.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*==[^\s;\\]+(?: ; [^\\]+?)?)\s*\\?$")


def lock_pins() -> list[str]:
    text = (REPO / "requirements.lock").read_text()
    return [m.group(1) for line in text.splitlines() if (m := PIN.match(line))]


def test_every_pin_of_the_lock_file_carries_hashes() -> None:
    blocks = re.split(r"\n(?=\S)", (REPO / "requirements.lock").read_text())
    requirements = [b for b in blocks if not b.startswith("#")]
    assert len(requirements) == len(lock_pins()) > 50
    for block in requirements:
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", block), block.splitlines()[0]


def test_environment_yml_pins_equal_the_lock_file() -> None:
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    pip = next(d for d in environment["dependencies"] if isinstance(d, dict))["pip"]
    pinned = {entry for entry in pip if "==" in entry}
    assert pinned == set(lock_pins())
    python = next(d for d in environment["dependencies"] if str(d).startswith("python="))
    assert python == "python=3.11"


def test_every_dependency_of_pyproject_is_pinned() -> None:
    text = (REPO / "pyproject.toml").read_text()
    names = re.findall(r'^\s+"([A-Za-z0-9_.-]+)[><=]', text, re.MULTILINE)
    lock = (REPO / "requirements.lock").read_text().lower().replace("_", "-")
    missing = [n for n in names if f"\n{n.lower().replace('_', '-')}==" not in lock]
    assert names and not missing


def test_dvc_does_not_phone_home() -> None:
    config = (REPO / ".dvc" / "config").read_text()
    assert re.search(r"^\s*analytics\s*=\s*false\s*$", config, re.MULTILINE)


def test_notebooks_are_stored_without_outputs() -> None:
    notebooks = sorted((REPO / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        cells = json.loads(path.read_text())["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, path.name
        tags = [c.get("metadata", {}).get("tags", []) for c in cells]
        assert sum("parameters" in t for t in tags) == 1, path.name


# Who may open files: tests/unit/test_layout.py (the readers and writers of each package).


def test_command_line_help_is_dutch() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for phrase in ("Controleer een ronde", "Bouw alles wat verouderd is", "Maak het rapport"):
        assert phrase in " ".join(result.output.split())


def test_generated_output_is_ignored_by_git() -> None:
    ignored = (REPO / ".gitignore").read_text().splitlines()
    for entry in ("/data/processed/*", "/report/_output/", ".venv/"):
        assert entry in ignored
