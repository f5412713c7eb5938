"""A render reports each of its steps with its time in the round's build log (issue 13), and
what it reused (issue 27)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaltools.cli import app
from tests.support.paths import MINI
from tests.support.project import copy_of

pytestmark = pytest.mark.slow


def _render(project: Path, *options: str) -> tuple[str, list[str]]:
    """``evaltools render`` of the mini round: its part of the build log, and the steps that
    were made (with their time)."""
    command = ["--stil", "render", MINI, "--project", str(project), *options]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    log = (project / "data" / "processed" / MINI / "build.log").read_text(encoding="utf-8")
    render = log[log.rindex(f"start: evaltools render {MINI}") :]
    return render, re.findall(r"render (.+) \d+,\d s$", render, re.MULTILINE)


def test_render_logs_every_step_with_its_time(built_project: Path, tmp_path: Path) -> None:
    # a copy: other tests read the shared build while this one renders
    built_project = copy_of(built_project, tmp_path)
    # --opnieuw: every step is made, with its time
    forced, steps = _render(built_project, "--opnieuw")
    for edition in ("klanteditie", "review-editie"):
        assert f"{edition} lezen en filteren (pandoc)" in steps
        for output in ("html (pandoc)", "docx (pandoc)", "typst-bron (pandoc)", "pdf (typst)"):
            assert f"{edition} {output}" in steps
    assert "hergebruikt" not in forced

    # rendered before and nothing changed: every format and page is reused, and said so
    render, steps = _render(built_project)
    for edition in ("klanteditie", "review-editie"):
        assert f"{edition} lezen en filteren (pandoc)" in steps
        for output in ("html", "docx", "pdf"):
            assert f"render {edition} {output} hergebruikt" in render
        assert not [step for step in steps if step.startswith(f"{edition} typst-bron")]
    pages = sorted(p.stem for p in (built_project / "data/processed" / MINI).rglob("*.ipynb"))
    reused = re.findall(r"render notebookpagina (\S+) hergebruikt$", render, re.MULTILINE)
    made = {s.removeprefix("notebookpagina ") for s in steps if "pagina" in s}
    assert sorted(reused) == sorted(set(pages))
    assert not made
    assert "rapport lezen en bronnenbijlage (pandoc)" in steps
    assert "privacycontrole" in steps and "publiceren" in steps
    assert "klaar in" in render
