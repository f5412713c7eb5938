"""The preview's page is the HTML a render makes (issue 27): the preview writes it from the
report's tree in one pandoc process beside the edition's tree, not after it; the bytes are
those of the two steps a render takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaltools.report.editions import CLIENT, REVIEW, edition_stem
from evaltools.report.render import Outputs, render_report
from tests.support.paths import MINI
from tests.support.project import copy_of

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("edition", [CLIENT, REVIEW])
def test_the_preview_page_is_the_html_of_a_render(
    built_project: Path, tmp_path: Path, edition: str
) -> None:
    root = copy_of(built_project, tmp_path)
    processed = root / "data" / "processed" / MINI
    shown: list[list[Path]] = []
    preview = Outputs(
        formats=("html", "typ"), pages=False, folder=processed / "a", shown=shown.append
    )
    lines: list[str] = []
    render_report(root, MINI, lines.append, editions=(edition,), outputs=preview)
    name = f"{edition_stem(MINI, edition)}.html"
    assert shown == [[processed / "a" / name]]
    assert not any("hergebruikt" in line for line in lines)  # the page is always made
    # a render's own two steps (the edition's tree, then the HTML writer), nothing reused
    whole = Outputs(formats=("html",), pages=False, folder=processed / "b")
    render_report(root, MINI, again=True, editions=(edition,), outputs=whole)
    assert (processed / "a" / name).read_bytes() == (processed / "b" / name).read_bytes()
