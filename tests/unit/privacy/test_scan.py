"""Privacy of interview data: names from the key, contact details and quotes stop the render."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evaltools.privacy.output import output_findings
from evaltools.privacy.scan import (
    EMAIL,
    PHONE,
    Document,
    ForbiddenQuote,
    NameKey,
    PrivacyError,
    locate,
    name_pattern,
    quotes,
)
from evaltools.report.render import output_paths, render_report
from tests.conftest import DATA, MINI, PLANTED_QUOTE, Planted, add_to_cell_output

KEY = NameKey.model_validate(
    {"namen": [{"naam": "Joris Verzonnen", "rol": "projectleider", "varianten": ["J. Verzonnen"]}]}
)


@pytest.mark.parametrize(
    "text",
    [
        "06-12345678",
        "06 1234 5678",
        "030 123 45 67",
        "(030) 1234567",
        "+31 6 12345678",
        "+31 (0)30 123 45 67",
        "0031 20 1234567",
        "+32 2 123 45 67",
    ],
)
def test_phone_numbers_are_found(text: str) -> None:
    assert PHONE.search(f"Bel {text} gerust.")


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-31",
        "kenmerk 25109-003",
        "€ 80.000",
        "16 uur per week",
        "1 mei 2026",
        "3bb16804c97d1c617b2412529c189ad2100567e61f71be5fa092f75f610c5803",
        "0123456789abcdef",
        "B12, B13",
        "regel 0612",
    ],
)
def test_numbers_that_are_not_phone_numbers(text: str) -> None:
    assert not PHONE.search(text)


def test_email_addresses_are_found_but_not_code_or_handles() -> None:
    assert EMAIL.search("mail naar pl.alpha@voorbeeld.nl of zo")
    assert not EMAIL.search("zie @tbl-criterium en @sec-bijlage-hubs")


def test_names_match_as_whole_words_across_lines() -> None:
    pattern = name_pattern("Joris Verzonnen")
    assert pattern.search("volgens joris\n  verzonnen is dat zo")
    assert not pattern.search("Jorisverzonnen")
    document = Document(
        "x.yaml",
        [("regel 1", "tekst: >-"), ("regel 2", "  Joris"), ("regel 3", "  Verzonnen zegt")],
    )
    assert locate(pattern, [document]) == ("x.yaml", "regel 2")


def test_quotes_need_three_words() -> None:
    text = 'De term "hub" en „dit is een citaat” en “nog een lang citaat hier”.'
    assert quotes(text) == ["dit is een citaat", "nog een lang citaat hier"]


def test_output_findings_name_the_output_and_the_input() -> None:
    sources = [Document("ronde/beoordeling/a.yaml", [("regel 4", "tekst: J. Verzonnen belt")])]
    found = output_findings({"rapport.html": "Hier belt J. Verzonnen."}, KEY, [], sources)
    assert [str(f) for f in found] == [
        "ronde/beoordeling/a.yaml, regel 4: een naam uit names-key.yaml (schrijf in plaats "
        "daarvan: projectleider) staat in rapport.html; personen komen alleen voor met hun rol "
        "of een pseudoniem"
    ]
    quote = ForbiddenQuote("wij draaien op vrijwilligers", "ronde/interviews/b.md", "regel 9")
    found = output_findings(
        {"rapport.pdf": "zij zeiden: wij draaien\nop vrijwilligers"}, None, [quote], []
    )
    assert [str(f) for f in found] == [
        "het citaat 'wij draaien op vrijwilligers' uit ronde/interviews/b.md (regel 9) staat in "
        "rapport.pdf (niet gevonden in de invoer of de gegenereerde bronnen); de notities van "
        "dit interview zijn niet citeerbaar"
    ]


# --- the render refuses ---------------------------------------------------------------------


def copy_project(built_project: Path, tmp_path: Path) -> Path:
    project = tmp_path / "copy"
    shutil.copytree(built_project, project)
    shutil.copy(DATA / "names-key.yaml", project / "names-key.yaml")
    return project


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_a_quote_from_a_note_that_is_not_quotable_stops_the_render(
    planted_project: Planted,
) -> None:
    """A quote from beta's note planted in beta's assessment (tests/conftest.py): the render
    stops; with the note quotable, the render that follows publishes it."""
    assert planted_project.refused is not None, "the render was not refused"
    assert (
        "mini-ronde/beoordeling/beta.yaml, regel 22: de uitspraak citeert 'wij leveren elke "
        "maand een opdracht'"
    ) in planted_project.refused
    html = output_paths(planted_project.root, MINI)[0].read_text(encoding="utf-8")
    assert PLANTED_QUOTE in html
