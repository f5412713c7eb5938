"""Wederhoor: drafts and forms out, filled forms back, decisions, check, and the report.

Everything runs on a scratch copy of the mini round; the forms are the real ones that
``evaltools wederhoor`` writes, filled with openpyxl as a hub would fill them in Excel.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from evaltools.cli import app
from evaltools.ingest.validate import check_round
from evaltools.ingest.wederhoor import (
    SHEET,
    hub_statements,
    statements_hash,
)
from evaltools.ingest.wederhoor_form import read_response_form
from evaltools.privacy.files import pdf_text
from evaltools.report.files import notebook_outputs
from evaltools.report.render import output_paths
from evaltools.report.wederhoor import wederhoor_appendix
from evaltools.review.command import review_round
from evaltools.round.paths import Layout
from evaltools.tools import pandoc
from tests.conftest import DATA, MINI, SAMPLE, Planted, make_project, output_text_of
from tests.support.wederhoor_responses import (
    HUB_WORDS,
    NEW,
    OLD,
    POSITION,
    SENT,
    decide,
    fill_two_forms,
    raw_of,
    return_form,
)


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project after 'evaltools wederhoor' (drafts and forms in <root>/uit)."""
    root = make_project(tmp_path_factory.mktemp("wederhoor"))
    result = CliRunner().invoke(
        app,
        [
            "wederhoor",
            MINI,
            "--project",
            str(root),
            "--out",
            str(root / "uit"),
            "--verzonden",
            SENT.isoformat(),
        ],
    )
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def project(sent: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sent project for a test that changes it."""
    return Path(shutil.copytree(sent, tmp_path / "project"))


def problems_of(root: Path) -> list[str]:
    _, problems = check_round(raw_of(root))
    return [str(problem) for problem in problems]


# --- out ---------------------------------------------------------------------------------


def test_drafts_forms_and_record_are_written(sent: Path) -> None:
    out = sent / "uit"
    assert sorted(p.name for p in out.iterdir()) == [
        "alpha-concept.pdf",
        "alpha.xlsx",
        "beta-concept.pdf",
        "beta.xlsx",
    ]
    record = yaml.safe_load((raw_of(sent) / "wederhoor" / "verzonden.yaml").read_text("utf-8"))
    assert record["verzonden"] == SENT.isoformat()
    alpha = record["hubs"]["alpha"]
    assert alpha["uitspraken"]["alpha-bedrijven-sterkte-1"] == OLD
    assert alpha["sha256"] == statements_hash(MINI, "alpha", alpha["uitspraken"])
    # the form: protected header with round, hub and hash; a list choice in column D
    sheet = load_workbook(out / "alpha.xlsx")[SHEET]
    assert [sheet.cell(r, 2).value for r in (1, 2, 3)] == [MINI, "alpha", alpha["sha256"]]
    assert sheet.protection.sheet
    assert sheet["B3"].protection.locked and not sheet["D7"].protection.locked
    ids = [sheet.cell(r, 1).value for r in range(7, sheet.max_row + 1)]
    assert ids == list(alpha["uitspraken"])
    assert any('"ja,nee"' in v.formula1 for v in sheet.data_validations.dataValidation)
    # the draft records the same hash
    assert alpha["sha256"] in pdf_text(out / "alpha-concept.pdf").replace("\n", "")


def test_the_draft_of_a_hub_holds_nothing_about_another_hub(sent: Path) -> None:
    raw, _ = check_round(raw_of(sent))
    assert raw is not None
    beta = next(a for _, a, _ in raw.assessments if a.hub == "beta")
    alpha_text = " ".join(pdf_text(sent / "uit" / "alpha-concept.pdf").split())
    assert "Technohub Alpha" in alpha_text and OLD in alpha_text
    for word in ["Beta", "beta-", "Gamma"] + [s.text for s in hub_statements(beta, raw.config)]:
        assert word not in alpha_text, word


def test_nothing_is_overwritten(sent: Path) -> None:
    before = (raw_of(sent) / "wederhoor" / "verzonden.yaml").read_bytes()
    result = CliRunner().invoke(
        app, ["wederhoor", MINI, "--project", str(sent), "--out", str(sent / "uit")]
    )
    assert result.exit_code == 1
    assert "verzonden.yaml" in result.output and "alpha-concept.pdf" in result.output
    assert (raw_of(sent) / "wederhoor" / "verzonden.yaml").read_bytes() == before


# --- back --------------------------------------------------------------------------------


def test_a_filled_form_is_read_with_its_responses(project: Path) -> None:
    path = return_form(project, "alpha", {"alpha-bedrijven-sterkte-1": ("ja", NEW, "")})
    form, problems = read_response_form(path, "x.xlsx")
    assert problems == [] and form is not None
    assert [(r.statement, r.wrong, r.correction) for r in form.responses] == [
        ("alpha-bedrijven-sterkte-1", "ja", NEW)
    ]
    assert problems_of(project) == []


def test_a_changed_statement_text_is_refused_with_file_and_cell(project: Path) -> None:
    path = return_form(project, "alpha", {"alpha-bedrijven-sterkte-1": ("ja", NEW, "")})
    workbook = load_workbook(path)
    sheet = workbook[SHEET]
    row = next(r for r in range(7, sheet.max_row + 1) if sheet.cell(r, 3).value == OLD)
    sheet.cell(row, 3, "Vijf bedrijven en twee scholen brengen praktijkvragen in.")
    workbook.save(path)
    problems = problems_of(project)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{MINI}/wederhoor/alpha.xlsx, Reacties!C{row}: veld 'Uitspraak': gevonden een "
        "gewijzigde tekst: 'Vijf bedrijven en twee scholen"
    )
    assert f"verwacht: de tekst zoals verzonden ('{OLD}')" in problems[0]


def test_a_form_of_another_hub_is_refused_with_file_and_cell(project: Path) -> None:
    return_form(project, "beta", {"beta-type": ("ja", "Type: systeemhub", "")}, name="alpha")
    problems = problems_of(project)
    assert problems == [
        f"{MINI}/wederhoor/alpha.xlsx, Reacties!B2: veld 'hub': gevonden een formulier van "
        "hub 'beta' in het bestand alpha.xlsx; verwacht: het formulier van de hub die de "
        "bestandsnaam noemt; zet elk formulier onder de naam <hub>.xlsx waaronder het is "
        "verstuurd."
    ]


def test_other_round_unknown_statement_and_missing_choice_are_problems(project: Path) -> None:
    path = return_form(project, "alpha", {"alpha-bedrijven-sterkte-1": ("", NEW, "")})
    workbook = load_workbook(path)
    sheet = workbook[SHEET]
    sheet["A8"] = "alpha-bedrijven-sterkte-9"
    workbook.save(path)
    problems = problems_of(project)
    assert any(p.startswith(f"{MINI}/wederhoor/alpha.xlsx, Reacties!A8:") for p in problems)
    assert any("'alpha-bedrijven-sterkte-9', een uitspraak die niet" in p for p in problems)
    assert any("Reacties!D" in p and "'ja' of 'nee'" in p for p in problems)
    sheet["B1"] = "2025-eind"
    workbook.save(path)
    assert any(
        p.startswith(f"{MINI}/wederhoor/alpha.xlsx, Reacties!B1: veld 'ronde'")
        for p in problems_of(project)
    )


def test_a_decision_without_response_or_reason_is_a_problem(project: Path) -> None:
    (raw_of(project) / "wederhoor" / "besluiten.yaml").write_text(
        "beta:\n  beta-type:\n    besluit: niet overgenomen\n", encoding="utf-8"
    )
    problems = problems_of(project)
    assert any("besluiten.yaml, regel 2" in p and "niet gereageerd" in p for p in problems)
    assert any("besluiten.yaml, regel 3" in p and "toelichting" in p for p in problems)


# --- decision and check ------------------------------------------------------------------


def test_check_reports_a_response_without_decision(project: Path) -> None:
    fill_two_forms(project)
    findings, _ = review_round(raw_of(project), project)
    open_ones = [f for f in findings if f.check == "reactie zonder besluit"]
    assert [(f.severity, f.file, f.place) for f in open_ones] == [
        ("fout", f"{MINI}/wederhoor/alpha.xlsx", "Reacties!D9"),
        ("fout", f"{MINI}/wederhoor/beta.xlsx", "Reacties!D9"),
    ]
    decide(project)
    findings, _ = review_round(raw_of(project), project)
    assert [f for f in findings if "wederhoor" in f.file or f.check.startswith("uitspraak")] == []


def test_check_reports_a_statement_changed_without_response(project: Path) -> None:
    beta = raw_of(project) / "beoordeling" / "beta.yaml"
    text = beta.read_text(encoding="utf-8")
    beta.write_text(text.replace("Twee bedrijven denken mee.", "Drie bedrijven."), "utf-8")
    findings, _ = review_round(raw_of(project), project)
    changed = [f for f in findings if f.check == "uitspraak gewijzigd sinds het concept"]
    assert len(changed) == 1
    assert changed[0].file == f"{MINI}/beoordeling/beta.yaml"
    assert changed[0].place.startswith("regel ")
    assert "'beta-bedrijven-sterkte-1'" in changed[0].message
    assert "was: Twee bedrijven denken mee.; nu: Drie bedrijven." in changed[0].message


# --- in the report -----------------------------------------------------------------------


def test_a_hub_that_did_not_respond_is_named(project: Path) -> None:
    return_form(project, "alpha", {"alpha-bedrijven-sterkte-1": ("nee", "", "Klopt.")})
    from evaltools.ingest.tables import build_tables

    raw, problems = check_round(raw_of(project))
    assert problems == [] and raw is not None
    appendix = wederhoor_appendix(build_tables(raw))
    assert "Technohub Beta heeft niet gereageerd op het concept." in appendix
    assert "Technohub Alpha stuurde 1 reactie" in appendix


def test_a_round_without_wederhoor_has_no_appendix(tmp_path: Path) -> None:
    from evaltools.ingest.tables import build_tables

    root = make_project(tmp_path)
    raw, _ = check_round(raw_of(root))
    assert raw is not None
    assert wederhoor_appendix(build_tables(raw)) == ""


@pytest.mark.slow
def test_round_trip_into_all_three_formats(planted_project: Planted) -> None:
    """Drafts and forms sent, two forms returned and decided on (tests/conftest.py), then
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
        assert "gingen op 15 juni 2026 naar 2 Technohubs" in text, ext


@pytest.mark.slow
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
    assert "De concepten voor wederhoor gingen op 8 april 2026 naar 7 Technohubs" in text


def test_a_name_from_the_key_stops_the_drafts(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    shutil.copy(DATA / "names-key.yaml", root / "names-key.yaml")
    beta = raw_of(root) / "beoordeling" / "beta.yaml"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace(
            "Twee bedrijven denken mee.", "Fenna Fictief belt bedrijven."
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["wederhoor", MINI, "--project", str(root), "--out", str(root / "uit")]
    )
    assert result.exit_code == 1
    assert "De concepten zijn niet gemaakt." in result.output
    assert f"{MINI}/beoordeling/beta.yaml, regel" in result.output
    assert "Fenna" not in result.output
    assert not (root / "uit").exists()
    assert not (raw_of(root) / "wederhoor" / "verzonden.yaml").exists()
