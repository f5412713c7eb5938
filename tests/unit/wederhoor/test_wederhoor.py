"""Wederhoor: drafts and forms out, filled forms back, decisions, check, and the report.

Everything runs on a scratch copy of the mini round; the forms are the real ones that
``evaltools wederhoor`` writes, filled with openpyxl as a hub would fill them in Excel.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
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
from evaltools.report.wederhoor import wederhoor_accountability, wederhoor_appendix
from evaltools.review.command import review_round
from evaltools.tools import pandoc
from tests.support.checks import messages
from tests.support.paths import DATA, MINI, REPO, SAMPLE
from tests.support.project import make_project
from tests.support.wederhoor_responses import (
    NEW,
    OLD,
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
    assert messages(raw_of(project)) == []


def test_a_changed_statement_text_is_refused_with_file_and_cell(project: Path) -> None:
    path = return_form(project, "alpha", {"alpha-bedrijven-sterkte-1": ("ja", NEW, "")})
    workbook = load_workbook(path)
    sheet = workbook[SHEET]
    row = next(r for r in range(7, sheet.max_row + 1) if sheet.cell(r, 3).value == OLD)
    sheet.cell(row, 3, "Vijf bedrijven en twee scholen brengen praktijkvragen in.")
    workbook.save(path)
    problems = messages(raw_of(project))
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{MINI}/wederhoor/alpha.xlsx, Reacties!C{row}: veld 'Uitspraak': gevonden een "
        "gewijzigde tekst: 'Vijf bedrijven en twee scholen"
    )
    assert f"verwacht: de tekst zoals verzonden ('{OLD}')" in problems[0]


def test_a_form_of_another_hub_is_refused_with_file_and_cell(project: Path) -> None:
    return_form(project, "beta", {"beta-type": ("ja", "Type: systeemhub", "")}, name="alpha")
    problems = messages(raw_of(project))
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
    problems = messages(raw_of(project))
    assert any(p.startswith(f"{MINI}/wederhoor/alpha.xlsx, Reacties!A8:") for p in problems)
    assert any("'alpha-bedrijven-sterkte-9', een uitspraak die niet" in p for p in problems)
    assert any("Reacties!D" in p and "'ja' of 'nee'" in p for p in problems)
    sheet["B1"] = "2025-eind"
    workbook.save(path)
    assert any(
        p.startswith(f"{MINI}/wederhoor/alpha.xlsx, Reacties!B1: veld 'ronde'")
        for p in messages(raw_of(project))
    )


def test_a_decision_without_response_or_reason_is_a_problem(project: Path) -> None:
    (raw_of(project) / "wederhoor" / "besluiten.yaml").write_text(
        "beta:\n  beta-type:\n    besluit: niet overgenomen\n", encoding="utf-8"
    )
    problems = messages(raw_of(project))
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
    assert "Technohub Alpha stuurde één reactie" in appendix  # counts in words
    assert "over hem zegt" in appendix and "waarin hij per uitspraak" in appendix
    assert "over haar zegt" in wederhoor_appendix(build_tables(raw), "zij")


def test_the_client_verantwoording_names_no_file_and_differences_quote_the_statement() -> None:
    from evaltools.ingest.tables import build_tables
    from evaltools.ingest.validate import load_valid_round

    tables = build_tables(load_valid_round(REPO / "data" / "raw" / SAMPLE))
    assert "verzonden.yaml" in wederhoor_accountability(tables)
    client = wederhoor_accountability(tables, client=True)
    assert client and not re.search(r"[\w-]+/[\w.-]+\.(yaml|xlsx|md)", client)
    responses = tables["wederhoor_responses"]
    differing = responses[responses["decision"].isin(["deels overgenomen", "niet overgenomen"])]
    html = pandoc.convert(
        wederhoor_appendix(tables),
        "html",
        None,
        from_format="markdown",
        options=[],
        cwd=Path(),
        epoch=0,
    )
    cells = [" ".join(td.get_text(" ").split()) for td in BeautifulSoup(html, "html.parser")("td")]
    assert len(differing) >= 1
    for response in differing.itertuples():  # the statement itself, not its internal label
        quoted = f"“{response.current_text or response.sent_text}”"
        assert any(cell.startswith(quoted) for cell in cells), quoted


def test_a_round_without_wederhoor_has_no_appendix(tmp_path: Path) -> None:
    from evaltools.ingest.tables import build_tables

    root = make_project(tmp_path)
    raw, _ = check_round(raw_of(root))
    assert raw is not None
    assert wederhoor_appendix(build_tables(raw)) == ""


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
