"""Golden files: the notebooks' Markdown outputs and the Typst source of the mini round, exactly.

After an intended change, refresh them with `make golden` and review the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evaltools.io.report_files import HUB_APPENDIX, notebook_outputs, quarto_dir
from evaltools.report.quarto import expand
from tests.conftest import MINI

pytestmark = pytest.mark.slow
GOLDEN = Path(__file__).parent / "data" / "golden"
UPDATE = os.environ.get("EVALTOOLS_UPDATE_GOLDEN") == "1"


def generated_files(project: Path) -> dict[str, str]:
    """The Markdown output of every labelled notebook cell the report embeds, and the Typst.

    ``fragments/<label>.md`` per cell of the analysis notebooks; ``fragments/hub-bijlagen.md``
    is the hub appendix as the report embeds it (one cell of each hub's notebook).
    """
    tree = quarto_dir(project / "data" / "processed" / MINI)
    files = {
        f"fragments/{label}.md": markdown
        for path in sorted((tree / "notebooks").glob("*.ipynb"))
        if not path.name.startswith("hub-")
        for label, markdown in notebook_outputs(path).items()
    }
    files["fragments/hub-bijlagen.md"] = expand(
        HUB_APPENDIX,
        lambda name: (tree / name).read_text(encoding="utf-8"),
        lambda notebook, label: notebook_outputs(tree / notebook).get(label),
    )
    files[f"{MINI}.typ"] = (tree / "_generated" / f"{MINI}.typ").read_text(encoding="utf-8")
    return dict(sorted(files.items()))


def test_generated_sources_equal_the_golden_files(built_project: Path) -> None:
    files = generated_files(built_project)
    if UPDATE:
        for name, text in files.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert sorted(files) == expected, "golden files missing or extra: run `make golden`"
    for name, text in files.items():
        assert text == (GOLDEN / name).read_text(encoding="utf-8"), name
