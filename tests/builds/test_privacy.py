"""Privacy of interview data in the render: names from the key, contact details and quotes
stop it; what `check` reported in the input, the render refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evaltools.privacy.scan import PrivacyError
from evaltools.report.render import output_paths, render_report
from evaltools.review.command import review_round
from tests.support.builds import PLANTED_QUOTE, Planted
from tests.support.forms import set_goal_explanation
from tests.support.notebooks import add_to_cell_output
from tests.support.paths import DATA, MINI

pytestmark = pytest.mark.slow


def copy_project(built_project: Path, tmp_path: Path) -> Path:
    project = tmp_path / "copy"
    shutil.copytree(built_project, project)
    shutil.copy(DATA / "names-key.yaml", project / "names-key.yaml")
    return project


def test_a_name_from_the_key_in_a_note_stops_the_render(
    built_project: Path, tmp_path: Path
) -> None:
    project = copy_project(built_project, tmp_path)
    shutil.rmtree(project / "report" / "_output")
    note = project / "data" / "raw" / MINI / "interviews" / "beta.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(
        text.replace(
            "- sterkte: Twee bedrijven denken mee.", "- sterkte: Fenna Fictief belt bedrijven."
        ),
        encoding="utf-8",
    )
    with pytest.raises(PrivacyError) as caught:
        render_report(project, MINI)
    message = str(caught.value)
    assert "mini-ronde/interviews/beta.md, regel 17: een naam uit names-key.yaml" in message
    assert "coördinator van Technohub Beta" in message and "Fenna" not in message
    assert not (project / "report" / "_output").exists()
    assert not list((project / "data" / "processed" / MINI).glob(".render-*"))


def test_a_phone_number_in_an_output_stops_publishing(built_project: Path, tmp_path: Path) -> None:
    # the built report, as a render with the key and clean inputs makes it (planted_project)
    project = copy_project(built_project, tmp_path)
    before = {p.name: p.read_bytes() for p in output_paths(project, MINI)}
    # an analysis part that leaks a phone number (as a faulty notebook could)
    notebook = project / "data" / "processed" / MINI / "analyse" / "notebooks" / "criteria.ipynb"
    add_to_cell_output(notebook, "criteriumtabellen", "\nBel 06-12345678 voor vragen.\n")
    with pytest.raises(PrivacyError) as caught:
        render_report(project, MINI)
    message = str(caught.value)
    assert "quarto/notebooks/criteria.ipynb, cel criteriumtabellen, regel " in message
    # found in the text the render generated, which every format of both editions shows
    assert (
        "het telefoonnummer '06-1…' staat in de tekst van het rapport (mini-ronde.html, "
        "mini-ronde.pdf, mini-ronde.docx, mini-ronde-review-editie.html" in message
    )
    assert {p.name: p.read_bytes() for p in output_paths(project, MINI)} == before


def test_a_quote_from_a_note_that_is_not_quotable_stops_the_render(
    planted_project: Planted,
) -> None:
    """A quote from beta's note planted in beta's assessment (tests/builds/conftest.py): the render
    stops; with the note quotable, the render that follows publishes it."""
    assert planted_project.refused is not None, "the render was not refused"
    assert (
        "mini-ronde/beoordeling/beta.yaml, regel 22: de uitspraak citeert 'wij leveren elke "
        "maand een opdracht'"
    ) in planted_project.refused
    html = output_paths(planted_project.root, MINI)[0].read_text(encoding="utf-8")
    assert PLANTED_QUOTE in html


def test_the_render_refuses_what_check_reported(built_project: Path, tmp_path: Path) -> None:
    project = tmp_path / "copy"
    shutil.copytree(built_project, project)
    raw = project / "data" / "raw" / MINI
    cell = set_goal_explanation(raw, "Bel 06–12345678")
    checked, _ = review_round(raw, project)
    with pytest.raises(PrivacyError) as caught:
        render_report(project, MINI)
    assert [str(f) for f in caught.value.findings] == [
        str(f) for f in checked if "in de invoer" in f.check
    ]
    assert f"mini-ronde/zelfevaluaties/alpha.xlsx, {cell}" in str(caught.value)
