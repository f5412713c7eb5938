"""Wederhoor in the report: drafts and forms sent, two forms returned and decided on, then the
round built; and the sample round's Wederhoor appendix."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaltools.report.files import notebook_outputs
from evaltools.report.render import output_paths
from evaltools.round.paths import Layout
from evaltools.tools import pandoc
from tests.support.builds import Planted
from tests.support.paths import MINI, SAMPLE
from tests.support.pdf_text import output_text_of
from tests.support.wederhoor_responses import (
    HUB_WORDS,
    NEW,
    OLD,
    POSITION,
)

pytestmark = pytest.mark.slow


def test_round_trip_into_all_three_formats(planted_project: Planted) -> None:
    """Drafts and forms sent, two forms returned and decided on (tests/builds/conftest.py), then
    validated, ingested, analysed and rendered."""
    project = planted_project.root
    assert planted_project.validated[0] == 0, planted_project.validated[1]
    assert "2 reactieformulieren" in planted_project.validated[1]
    layout = Layout(project, MINI)
    # chapter 3's criterion tables, as text (a grid-table cell wraps over several lines)
    criteria = layout.processed / "analyse" / "notebooks" / "criteria.ipynb"
    tables = notebook_outputs(criteria)["criteriumtabellen"]
    chapter = pandoc.convert(
        tables, "plain", None, from_format="markdown", options=["--wrap=none"], cwd=project, epoch=0
    )
    assert NEW in " ".join(chapter.split()) and "Vijf" not in chapter
    output = project / "report" / "_output"
    for ext in ("html", "pdf", "docx"):
        text = " ".join(output_text_of(output / f"{MINI}.{ext}").split())
        assert "Aangepast na de reactie van Technohub Alpha" in text, ext
        assert OLD in text and NEW in text, ext
        assert "Verschil van inzicht met Technohub Beta" in text, ext
        assert HUB_WORDS in text.replace("’", "'"), ext
        assert POSITION in text.replace("’", "'"), ext
        assert "gingen op 15 juni 2026 naar twee Technohubs" in text, ext


def test_the_sample_round_shows_a_correction_a_difference_and_silent_hubs(
    sample_project: Path,
) -> None:
    text = " ".join(output_text_of(output_paths(sample_project, SAMPLE)[1]).split())
    appendix = text[text.find("Bijlage 5: Wederhoor") :]
    assert appendix, "no appendix Wederhoor after the hubs' appendix"
    assert "Aangepast na de reactie van TechnoHUB Woerden" in appendix
    assert "drie metaalbedrijven en twee installatiebedrijven" in appendix
    assert "Verschil van inzicht met Technohub MIRA" in appendix
    assert "Technohub TINT heeft niet gereageerd op het concept." in appendix
    assert "De concepten voor wederhoor gingen op 8 april 2026 naar zeven Technohubs" in text
