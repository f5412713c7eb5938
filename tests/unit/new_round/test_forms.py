"""The zelfevaluatie form and the assessment skeleton: what hubs and consultants fill in."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from evaltools.cli import app
from evaltools.ingest.validate import catalogue, check_round
from evaltools.ingest.zelfevaluatie import CriterionAnswer, FormAnswers, GoalAnswer, KpiAnswer
from evaltools.ingest.zelfevaluatie_writer import fill_form, write_form
from evaltools.ingest.zelfevaluatie_xlsx import (
    CRITERIA_SHEET,
    GOALS_SHEET,
    KPI_SHEET,
    META_SHEET,
    WISHES_SHEET,
    read_form,
)
from evaltools.new_round.forms import load_config
from evaltools.round.models import GOAL_STATUSES, Assessment
from tests.support.paths import DATA, REPO

SAMPLE = REPO / "data" / "raw" / "2026-tussentijds"

ANSWERS = FormAnswers(
    "mini-ronde",
    "alpha",
    goals=[
        GoalAnswer(1, "Projectleiding borgen", "behaald", "Vaste projectleider", "aanstelling"),
        GoalAnswer(2, "Tien bedrijven aansluiten", "op schema"),
        GoalAnswer(3, "Een verdienmodel; met 'puntkomma' en \"aanhalingstekens\"", "bijgesteld"),
    ],
    criteria=[
        CriterionAnswer("robuustheid", "Geborgd", "- Vaste projectleider\n- Eigen ruimte", ""),
        CriterionAnswer("bedrijven", "In ontwikkeling", "", "- Nog geen bijdragen"),
    ],
    kpis=[
        KpiAnswer(1, "Volgers op LinkedIn", "aantal", 88.0, 112.0, 150.0, "groeit"),
        KpiAnswer(2, "Aandeel vrouwen", "%", None, 12.5, None, ""),
        KpiAnswer(3, "Omzet uit diensten", "", 0.0, None, 25000.0, "nog geen nulmeting"),
    ],
    wishes=["Hulp bij het verdienmodel", "Een gedeeld dashboard"],
)


def blank_form(tmp_path: Path, hub: str = "alpha") -> Path:
    path = tmp_path / f"{hub}.xlsx"
    write_form(path, load_config(DATA / "mini-ronde"), hub)
    return path


def test_filled_form_reads_back_exactly_what_was_filled(tmp_path: Path) -> None:
    path = blank_form(tmp_path)
    fill_form(path, ANSWERS)
    answers, problems = read_form(path, "alpha.xlsx", load_config(DATA / "mini-ronde"))
    assert problems == []
    place = dataclasses.replace
    assert answers == FormAnswers(
        "mini-ronde",
        "alpha",
        goals=[
            place(g, place=f"Doelen!B{n + 2}", id=f"mini-ronde-doel-{n + 1}")
            for n, g in enumerate(ANSWERS.goals)
        ],
        criteria=[place(c, place=f"Criteria!C{n + 2}") for n, c in enumerate(ANSWERS.criteria)],
        kpis=[
            place(k, place=f"KPI!B{n + 2}", id=f"mini-ronde-kpi-{n + 1}")
            for n, k in enumerate(ANSWERS.kpis)
        ],
        wishes=ANSWERS.wishes,
        wish_places=["Ondersteuning!B2", "Ondersteuning!B3"],
    )
    # empty KPI cells stay None, not 0
    assert [k.baseline for k in answers.kpis] == [88.0, None, 0.0]


def _validations(sheet) -> list[tuple[str, str, str]]:
    return [(v.type, v.formula1, str(v.sqref)) for v in sheet.data_validations.dataValidation]


def test_dropdowns_are_real_excel_data_validations(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(blank_form(tmp_path))
    assert _validations(workbook[GOALS_SHEET]) == [
        ("list", '"' + ",".join(GOAL_STATUSES) + '"', "C2:C11")
    ]
    assert _validations(workbook[CRITERIA_SHEET]) == [
        ("list", '"Beginnend,In ontwikkeling,Gevorderd,Geborgd"', "C2:C3")
    ]
    (kpi,) = workbook[KPI_SHEET].data_validations.dataValidation
    assert (kpi.type, kpi.operator, str(kpi.sqref)) == ("decimal", "between", "D2:F13")
    for validation in (
        *workbook[GOALS_SHEET].data_validations.dataValidation,
        *workbook[CRITERIA_SHEET].data_validations.dataValidation,
        kpi,
    ):
        assert validation.showErrorMessage and validation.error


def test_sheets_are_protected_with_only_the_input_cells_open(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(blank_form(tmp_path))
    inputs = {
        GOALS_SHEET: ("B2:E11", 5),
        CRITERIA_SHEET: ("C2:E3", 6),
        KPI_SHEET: ("B2:G13", 7),
        WISHES_SHEET: ("B2:B11", 2),
    }
    for name, (cells, columns) in inputs.items():
        sheet = workbook[name]
        assert sheet.protection.sheet, name
        for column in range(1, columns + 1):
            assert sheet.cell(1, column).protection.locked, f"{name} header {column}"
        open_cells = {cell.coordinate for row in sheet[cells] for cell in row}
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=columns):
            for cell in row:
                assert cell.protection.locked == (cell.coordinate not in open_cells), (
                    f"{name}!{cell.coordinate}"
                )
    meta = workbook[META_SHEET]
    assert meta.sheet_state == "veryHidden" and meta.protection.sheet
    assert workbook["Instructie"].protection.sheet


def _soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        pytest.skip("LibreOffice (soffice) staat niet op PATH; installeer libreoffice-calc-nogui")
    return path


def _convert(soffice: str, source: Path, kind: str, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    profile = (out / "profiel").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            kind,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{source.stem}.{kind}"


def test_libreoffice_opens_the_form(tmp_path: Path) -> None:
    soffice = _soffice()
    form = blank_form(tmp_path)
    fill_form(form, ANSWERS)
    pdf = _convert(soffice, form, "pdf", tmp_path / "pdf")
    assert pdf.is_file() and pdf.stat().st_size > 0
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Zelfevaluatie Technohub Alpha" in text
    assert "Projectleiding borgen" in text  # a filled cell, not only the instructions
    assert "formulierversie" not in text  # the hidden sheet is not shown


def test_form_saved_again_by_libreoffice_still_reads_the_same(tmp_path: Path) -> None:
    soffice = _soffice()
    config = load_config(DATA / "mini-ronde")
    form = blank_form(tmp_path)
    fill_form(form, ANSWERS)
    saved = _convert(soffice, form, "xlsx", tmp_path / "opgeslagen")
    assert read_form(saved, "alpha.xlsx", config) == read_form(form, "alpha.xlsx", config)
    workbook = openpyxl.load_workbook(saved)
    assert _validations(workbook[CRITERIA_SHEET]) == [
        ("list", '"Beginnend,In ontwikkeling,Gevorderd,Geborgd"', "C2:C3")
    ]
    assert workbook[CRITERIA_SHEET].protection.sheet


def _next_round(tmp_path: Path, extra_hub: bool = True) -> Path:
    folder = tmp_path / "mini-ronde-2"
    folder.mkdir()
    text = (DATA / "mini-ronde" / "round.yaml").read_text(encoding="utf-8")
    text = text.replace("ronde: mini-ronde", "ronde: mini-ronde-2")
    if extra_hub:
        text = text.replace(
            "hubs:\n",
            "hubs:\n  - {id: delta, naam: Technohub Delta, bedrag: 30000, status: deelnemend}\n",
        )
    (folder / "round.yaml").write_text(text, encoding="utf-8")
    return folder


def _goals(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path)[GOALS_SHEET]
    return [sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value]


def test_template_zelfevaluatie_carries_goals_over_from_the_previous_round(
    mini_round: Path, tmp_path: Path
) -> None:
    folder, out = _next_round(tmp_path), tmp_path / "formulieren"
    command = ["template", "zelfevaluatie", str(folder), "--vorige", str(mini_round)]
    result = CliRunner().invoke(app, [*command, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Geschreven: {(out / 'delta.xlsx').as_posix()} "
        "(geen formulier van deze hub in de vorige ronde)",
        f"Geschreven: {(out / 'alpha.xlsx').as_posix()} "
        "(twee doelen en twee KPI's uit de vorige ronde)",
        f"Geschreven: {(out / 'beta.xlsx').as_posix()} (één doel en één KPI uit de vorige ronde)",
    ]
    assert _goals(out / "alpha.xlsx") == ["Projectleiding borgen", "Tien bedrijven aansluiten"]
    assert _goals(out / "beta.xlsx") == ["Opleiding starten met het ROC"]
    assert _goals(out / "delta.xlsx") == []
    # the new form belongs to the new round, with its dropdowns
    workbook = openpyxl.load_workbook(out / "alpha.xlsx")
    assert workbook[META_SHEET]["B1"].value == "mini-ronde-2"
    assert _validations(workbook[GOALS_SHEET])[0][2] == "C2:C11"


def test_template_zelfevaluatie_never_overwrites_a_form(tmp_path: Path) -> None:
    folder, out = _next_round(tmp_path, extra_hub=False), tmp_path / "formulieren"
    out.mkdir()
    (out / "beta.xlsx").write_bytes(b"ingevuld door de hub")
    result = CliRunner().invoke(app, ["template", "zelfevaluatie", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        "1 probleem gevonden in de invoer (er is niets overschreven):\n"
        f"  - {(out / 'beta.xlsx').as_posix()}: gevonden een bestand dat al bestaat; verwacht: "
        "geen bestand op deze plek, want evaltools overschrijft nooit een bestaand bestand; "
        "verplaats of verwijder het als u opnieuw wilt beginnen, of kies met --map een andere "
        "map.\n"
    )
    assert (out / "beta.xlsx").read_bytes() == b"ingevuld door de hub"
    assert not (out / "alpha.xlsx").exists()


def _block(text: str, key: str) -> str:
    """The lines of one criterion in a skeleton, from its key to the next criterion."""
    start = text.index(f"\n  {key}:")
    following = re.search(r"\n  [a-z0-9-]+:", text[start + 1 :])
    return text[start : start + 1 + following.start()] if following else text[start:]


@pytest.mark.parametrize("folder", ["mini", "sample"])
def test_assessment_skeleton_charts_every_piece_of_evidence(
    folder: str, mini_round: Path, tmp_path: Path
) -> None:
    round_folder = mini_round if folder == "mini" else SAMPLE
    raw, problems = check_round(round_folder)
    assert problems == []
    out = tmp_path / "skeletten"
    result = CliRunner().invoke(
        app, ["template", "beoordeling", str(round_folder), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    hubs = [hub.id for hub in raw.config.taking_part]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{hub}.yaml" for hub in hubs)
    aliases = [field.alias or name for name, field in Assessment.model_fields.items()]
    criteria = [criterion.id for criterion in raw.config.criteria]
    evidence = catalogue(raw)
    for hub in hubs:
        text = (out / f"{hub}.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        assert list(data) == aliases
        assert data["hub"] == hub
        assert data["criteria"] == {
            c: {"score": None, "sterktes": [], "aandachtspunten": []} for c in criteria
        }
        head = text[: text.index("\ncriteria:")]
        for item in (e for e in evidence if e.hub == hub):
            assert len(re.findall(rf"#   {re.escape(item.id)} \(", text)) == 1, item.id
            where = _block(text, item.criterion) if item.criterion else head
            assert f"#   {item.id} ({item.source}, {item.place}):" in where, item.id
            if item.kind in ("sterkte", "sterktes"):
                column = where[where.index("# Bewijs voor sterktes:") :]
                assert column.index(item.id) < column.index("sterktes: []")


def test_filled_skeleton_is_a_valid_assessment(mini_round: Path, tmp_path: Path) -> None:
    out = tmp_path / "skeletten"
    result = CliRunner().invoke(
        app, ["template", "beoordeling", str(mini_round), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((out / "beta.yaml").read_text(encoding="utf-8"))
    data |= {"type": "groeihub", "dominant_kenmerk": "innovatie"}
    for judgement in data["criteria"].values():
        judgement["score"] = 2
    data["criteria"]["bedrijven"]["sterktes"] = [
        {"tekst": "Twee bedrijven denken mee.", "bronnen": ["iv-beta-bedrijven-1"]}
    ]
    (mini_round / "beoordeling" / "beta.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    assert check_round(mini_round)[1] == []


def test_template_beoordeling_never_overwrites_an_assessment(mini_round: Path) -> None:
    before = {p.name: p.read_bytes() for p in (mini_round / "beoordeling").iterdir()}
    result = CliRunner().invoke(app, ["template", "beoordeling", str(mini_round)])
    assert result.exit_code == 1
    folder = (mini_round / "beoordeling").as_posix()
    assert result.stderr.splitlines() == [
        "2 problemen gevonden in de invoer (er is niets overschreven):",
        *(
            f"  - {folder}/{hub}.yaml: gevonden een bestand dat al bestaat; verwacht: geen "
            "bestand op deze plek, want evaltools overschrijft nooit een bestaand bestand; "
            "verplaats of verwijder het als u opnieuw wilt beginnen, of kies met --map een "
            "andere map."
            for hub in ("alpha", "beta")
        ),
    ]
    assert {p.name: p.read_bytes() for p in (mini_round / "beoordeling").iterdir()} == before


def test_template_beoordeling_waits_for_readable_forms_and_notes(
    mini_round: Path, tmp_path: Path
) -> None:
    (mini_round / "zelfevaluaties" / "beta.xlsx").write_bytes(b"")
    out = tmp_path / "skeletten"
    result = CliRunner().invoke(
        app, ["template", "beoordeling", str(mini_round), "--out", str(out)]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "1 probleem gevonden in de invoer (er is niets overschreven):",
        "  - mini-ronde/zelfevaluaties/beta.xlsx: gevonden een leeg bestand (0 bytes); verwacht: "
        "het ingevulde zelfevaluatieformulier; vraag de hub het opnieuw te sturen.",
    ]
    assert not out.exists()


def test_template_zelfevaluatie_warns_about_an_unreadable_previous_form(
    mini_round: Path, tmp_path: Path
) -> None:
    (mini_round / "zelfevaluaties" / "beta.xlsx").write_text("kapot\n", encoding="utf-8")
    folder, out = _next_round(tmp_path, extra_hub=False), tmp_path / "formulieren"
    command = ["template", "zelfevaluatie", str(folder), "--vorige", str(mini_round)]
    result = CliRunner().invoke(app, [*command, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Let op, formulier uit de vorige ronde niet te lezen: mini-ronde/zelfevaluaties/beta.xlsx: "
        "gevonden een beschadigd bestand dat Excel niet kan openen (het is geen echt "
        ".xlsx-bestand); verwacht: een Excel-bestand dat in Excel of LibreOffice opent; vraag de "
        "hub het formulier opnieuw op te slaan als Excel-werkmap (.xlsx) en het opnieuw te "
        "sturen.\n"
    )
    assert result.stdout.splitlines()[1] == (
        f"Geschreven: {(out / 'beta.xlsx').as_posix()} "
        "(geen formulier van deze hub in de vorige ronde)"
    )
    assert _goals(out / "alpha.xlsx") == ["Projectleiding borgen", "Tien bedrijven aansluiten"]


def test_untouched_carried_over_goal_says_where_it_comes_from_and_what_to_do(
    mini_round: Path, tmp_path: Path
) -> None:
    folder, out = _next_round(tmp_path, extra_hub=False), tmp_path / "formulieren"
    command = ["template", "zelfevaluatie", str(folder), "--vorige", str(mini_round)]
    assert CliRunner().invoke(app, [*command, "--out", str(out)]).exit_code == 0
    form = out / "alpha.xlsx"
    sheet = openpyxl.load_workbook(form)[GOALS_SHEET]
    # the carried-over goals are marked in a locked column; the hub's own rows are not
    assert [sheet.cell(r, 6).value for r in range(1, 5)] == [
        "Uit vorige ronde",
        "mini-ronde",
        "mini-ronde",
        None,
    ]
    assert sheet.cell(2, 6).protection.locked and not sheet.cell(2, 3).protection.locked
    # the hub updates the first goal, adds one of its own without status, leaves the second
    workbook = openpyxl.load_workbook(form)
    goals = workbook[GOALS_SHEET]
    goals["C2"] = "behaald"
    goals["B4"] = "Eigen nieuw doel"
    workbook.save(form)
    answers, problems = read_form(
        form, "mini-ronde-2/zelfevaluaties/alpha.xlsx", load_config(folder)
    )
    assert [str(p) for p in problems if p.place.startswith(GOALS_SHEET)] == [
        "mini-ronde-2/zelfevaluaties/alpha.xlsx, Doelen!C3: veld 'Status': gevonden niets (leeg) "
        "bij een doel dat is overgenomen uit de vorige ronde (mini-ronde), en nog niet "
        "bijgewerkt; verwacht: de stand van dit doel nu, met een status uit de keuzelijst "
        "(behaald, op schema, vertraagd, bijgesteld, niet gestart); geldt het doel niet meer, "
        "maak dan de hele regel leeg (doel, status, toelichting en bewijs).",
        "mini-ronde-2/zelfevaluaties/alpha.xlsx, Doelen!C4: veld 'Status': gevonden niets "
        "(leeg); verwacht: een status uit de keuzelijst: behaald, op schema, vertraagd, "
        "bijgesteld, niet gestart.",
    ]
    assert [g.carried_over for g in answers.goals] == ["mini-ronde", "mini-ronde", ""]


def _instructions(form: Path) -> list[str]:
    sheet = openpyxl.load_workbook(form)["Instructie"]
    return [str(sheet.cell(row, 1).value or "") for row in range(1, sheet.max_row + 1)]


def test_the_instructions_explain_the_carried_over_rows(mini_round: Path, tmp_path: Path) -> None:
    folder, out = _next_round(tmp_path), tmp_path / "formulieren"
    command = ["template", "zelfevaluatie", str(folder), "--vorige", str(mini_round)]
    assert CliRunner().invoke(app, [*command, "--out", str(out)]).exit_code == 0
    text = "\n".join(_instructions(out / "alpha.xlsx"))
    assert "Overgenomen uit ronde mini-ronde" in text
    assert "In Doelen en KPI staan al de regels die u in ronde mini-ronde invulde" in text
    assert "'Uit vorige ronde'" in text  # the column that marks them
    assert "'Waarde vorige ronde' is wat u de vorige keer opgaf" in text  # the last value
    assert "Streeft u een doel niet meer na? Maak dan de hele regel leeg" in text
    assert "Meet u een KPI niet meer? Maak dan de hele regel leeg" in text
    # rewording keeps the series: the same row, its hidden id
    assert "pas de tekst aan in dezelfde regel" in text and "verborgen nummer (id)" in text
    sheet = openpyxl.load_workbook(out / "alpha.xlsx")["Instructie"]
    assert sheet.protection.sheet
    # a hub without a form in the previous round has nothing carried over: no such text
    assert not any("Overgenomen" in line for line in _instructions(out / "delta.xlsx"))


def test_a_form_without_carried_rows_has_the_plain_instructions(mini_round: Path) -> None:
    out = mini_round.parent / "formulieren"
    result = CliRunner().invoke(
        app, ["template", "zelfevaluatie", str(mini_round), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = _instructions(out / "alpha.xlsx")
    assert lines[-1].startswith("Kopteksten en het verborgen tabblad 'Formulier' zijn beveiligd")
    assert not any("vorige ronde" in line for line in lines)
