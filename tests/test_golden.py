"""Golden files: the generated Markdown fragments and Typst source of the mini round, exactly.

After an intended change, refresh them with `make golden` and review the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import MINI

pytestmark = pytest.mark.slow
GOLDEN = Path(__file__).parent / "data" / "golden"
UPDATE = os.environ.get("EVALTOOLS_UPDATE_GOLDEN") == "1"


def generated_files(project: Path) -> dict[str, Path]:
    fragments = project / "data" / "processed" / MINI / "analyse" / "fragments"
    files = {f"fragments/{p.name}": p for p in sorted(fragments.glob("*.md"))}
    files[f"{MINI}.typ"] = project / "report" / "_generated" / f"{MINI}.typ"
    return files


def test_generated_sources_equal_the_golden_files(built_project: Path) -> None:
    files = generated_files(built_project)
    if UPDATE:
        for name, path in files.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    expected = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert sorted(files) == expected, "golden files missing or extra: run `make golden`"
    for name, path in files.items():
        assert path.read_text(encoding="utf-8") == (GOLDEN / name).read_text(encoding="utf-8"), name
