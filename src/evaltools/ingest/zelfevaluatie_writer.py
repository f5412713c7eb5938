"""The zelfevaluatie form written as an Excel workbook.

The layout (sheets, headers, rows) is the one its reader uses (``zelfevaluatie_xlsx``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evaltools.ingest.zelfevaluatie import FormAnswers, GoalAnswer, KpiAnswer, row_id
from evaltools.ingest.zelfevaluatie_xlsx import (
    CARRIED_COLUMN,
    CARRIED_HEADER,
    CRITERIA_HEADERS,
    CRITERIA_SHEET,
    FORM_VERSION,
    GOAL_HEADERS,
    GOAL_ID_COLUMN,
    GOAL_ROWS,
    GOALS_SHEET,
    ID_HEADER,
    KPI_CARRIED_COLUMN,
    KPI_HEADERS,
    KPI_ID_COLUMN,
    KPI_PREVIOUS_COLUMN,
    KPI_ROWS,
    KPI_SHEET,
    META_SHEET,
    PREVIOUS_VALUE_HEADER,
    WISH_HEADERS,
    WISH_ROWS,
    WISHES_SHEET,
)
from evaltools.round.models import GOAL_STATUSES, RoundConfig

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


OPEN = Protection(locked=False)


WRAP = Alignment(wrap_text=True, vertical="top")


def write_form(
    path: Path,
    config: RoundConfig,
    hub_id: str,
    previous_goals: list[GoalAnswer] | None = None,
    previous_round: str = "",
    previous_kpis: list[KpiAnswer] | None = None,
) -> None:
    """Write an empty zelfevaluatie form for one hub, pre-filled with last round's goals and
    KPIs (``previous_goals``, ``previous_kpis``, each with its id).

    Carried-over rows are marked in a locked column with the previous round's id, so that an
    untouched one can be told apart from a row the hub wrote itself. Every goal and KPI row has
    an id in a hidden, locked column: a carried-over row keeps its id, an empty row gets a new
    one (``row_id``), so that a reworded goal or renamed KPI is still the same one next round.
    """
    hub = config.hub(hub_id)
    workbook = Workbook()
    intro = workbook.active
    assert isinstance(intro, Worksheet)  # a new workbook holds one sheet, a worksheet
    intro.title = "Instructie"
    carried = (bool(previous_goals), bool(previous_kpis))
    _write_instructions(intro, config, hub.name, carried, previous_round)
    _write_goals_sheet(
        workbook.create_sheet(GOALS_SHEET),
        list(previous_goals or []),
        previous_round,
        config.round_id,
    )
    _write_criteria_sheet(workbook.create_sheet(CRITERIA_SHEET), config)
    _write_kpi_sheet(
        workbook.create_sheet(KPI_SHEET), list(previous_kpis or []), previous_round, config.round_id
    )
    _write_table_sheet(workbook.create_sheet(WISHES_SHEET), WISH_HEADERS, WISH_ROWS)
    meta = workbook.create_sheet(META_SHEET)
    for row, (key, value) in enumerate(
        [("ronde", config.round_id), ("hub", hub.id), ("formulierversie", FORM_VERSION)], start=1
    ):
        meta.cell(row, 1, key)
        meta.cell(row, 2, value)
    meta.protection.sheet = True
    meta.sheet_state = "veryHidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    moment = dt.datetime(config.date.year, config.date.month, config.date.day, 12)
    save_stable(workbook, path, moment)


def fill_form(path: Path, answers: FormAnswers) -> None:
    """Fill a generated form as a hub would (used for the sample round and tests)."""
    workbook = load_workbook(path)
    goals = workbook[GOALS_SHEET]
    for index, goal in enumerate(answers.goals, start=2):
        values = (goal.goal, goal.status, goal.explanation, goal.proof)
        for column, value in enumerate(values, start=2):
            goals.cell(index, column, value or None)
    criteria = workbook[CRITERIA_SHEET]
    rows = {criteria.cell(row, 6).value: row for row in range(2, criteria.max_row + 1)}
    for answer in answers.criteria:
        row = rows[answer.criterion]
        criteria.cell(row, 3, answer.level or None)
        criteria.cell(row, 4, answer.strengths or None)
        criteria.cell(row, 5, answer.attention or None)
    kpis = workbook[KPI_SHEET]
    for index, kpi in enumerate(answers.kpis, start=2):
        kpi_values = (kpi.name, kpi.unit, kpi.baseline, kpi.current, kpi.target, kpi.note)
        for column, kpi_value in enumerate(kpi_values, start=2):
            kpis.cell(index, column, None if kpi_value == "" else kpi_value)
    wishes = workbook[WISHES_SHEET]
    for index, wish in enumerate(answers.wishes, start=2):
        wishes.cell(index, 2, wish)
    save_stable(workbook, path, workbook.properties.created)


def save_stable(workbook: Workbook, path: Path, moment: dt.datetime) -> None:
    """Save with fixed document dates and zip times: the same form gives the same bytes.

    openpyxl stamps the save time into docProps/core.xml and the zip entries; the Verantwoording
    lists every input's SHA-256, so a regenerated form must not change it without cause.
    Every cell is written as the text or number it holds, never as a formula (``text_only``).
    """
    text_only(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(
                        rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)",
                        rf"\g<1>{stamp}\g<2>",
                        text,
                    )
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    path.write_bytes(out.getvalue())


def text_only(workbook: Workbook) -> None:
    """No formula from input text: every cell that openpyxl would write as one becomes text.

    openpyxl takes a string that starts with '=' for a formula; our workbooks hold only the
    round's and the hubs' text (a goal, a statement), never a formula of ours, so such a cell
    is typed as text (``t="s"``), which Excel and LibreOffice show as typed and never
    calculate. Text that starts with '+', '-' or '@' is text in a workbook already (only CSV
    reads it as a formula). The recalculation flag openpyxl sets by default is cleared too.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    workbook.calculation.fullCalcOnLoad = False


def _write_table_sheet(sheet: Worksheet, headers: tuple[str, ...], rows: int) -> None:
    _header(sheet, headers)
    for row in range(2, rows + 2):
        sheet.cell(row, 1, row - 1)
        for column in range(2, len(headers) + 1):
            cell = sheet.cell(row, column)
            cell.protection = OPEN
            cell.alignment = WRAP
    sheet.column_dimensions["A"].width = 5
    for letter in "BCDEFG"[: len(headers) - 1]:
        sheet.column_dimensions[letter].width = 18
    sheet.column_dimensions["B"].width = 45
    sheet.protection.sheet = True


def _locked_header(sheet: Worksheet, column: int, title: str, width: int = 18) -> None:
    header = sheet.cell(1, column, title)
    header.font = Font(bold=True)
    header.fill = HEADER_FILL
    sheet.column_dimensions[get_column_letter(column)].width = width


def _write_ids(sheet: Worksheet, column: int, ids: list[str]) -> None:
    """The ids in a hidden column: locked like every cell outside the input columns."""
    sheet.cell(1, column, ID_HEADER)
    for row, value in enumerate(ids, start=2):
        sheet.cell(row, column, value)
    sheet.column_dimensions[get_column_letter(column)].hidden = True


def _write_kpi_sheet(
    sheet: Worksheet, previous: list[KpiAnswer], previous_round: str, round_id: str
) -> None:
    rows = max(KPI_ROWS, len(previous) + 3)
    _write_table_sheet(sheet, KPI_HEADERS, rows)
    numbers = DataValidation(type="decimal", operator="between", formula1="-1E12", formula2="1E12")
    numbers.error = "Vul een getal in (zonder eenheid)."
    numbers.errorTitle = "Geen getal"
    numbers.showErrorMessage = True
    sheet.add_data_validation(numbers)
    numbers.add(f"D2:F{rows + 1}")
    if previous:
        _locked_header(sheet, KPI_CARRIED_COLUMN, CARRIED_HEADER)
        _locked_header(sheet, KPI_PREVIOUS_COLUMN, PREVIOUS_VALUE_HEADER)
    for row, kpi in enumerate(previous, start=2):
        for column, value in ((2, kpi.name), (3, kpi.unit), (4, kpi.baseline), (6, kpi.target)):
            sheet.cell(row, column, None if value in ("", None) else value)
        sheet.cell(row, KPI_CARRIED_COLUMN, previous_round or "ja")
        sheet.cell(row, KPI_PREVIOUS_COLUMN, kpi.current)
    ids = [kpi.id for kpi in previous]
    ids += [row_id(round_id, "kpi", row) for row in range(len(previous) + 1, rows + 1)]
    _write_ids(sheet, KPI_ID_COLUMN, ids)


def _write_goals_sheet(
    sheet: Worksheet, previous_goals: list[GoalAnswer], previous_round: str, round_id: str
) -> None:
    rows = max(GOAL_ROWS, len(previous_goals) + 3)
    _write_table_sheet(sheet, GOAL_HEADERS, rows)
    if previous_goals:
        _locked_header(sheet, CARRIED_COLUMN, CARRIED_HEADER)
    for row, goal in enumerate(previous_goals, start=2):
        sheet.cell(row, 2, goal.goal)
        sheet.cell(row, CARRIED_COLUMN, previous_round or "ja")
    ids = [goal.id for goal in previous_goals]
    ids += [row_id(round_id, "doel", row) for row in range(len(previous_goals) + 1, rows + 1)]
    _write_ids(sheet, GOAL_ID_COLUMN, ids)
    status = DataValidation(
        type="list", formula1='"' + ",".join(GOAL_STATUSES) + '"', allow_blank=True
    )
    status.error = "Kies een status uit de lijst."
    status.errorTitle = "Onbekende status"
    status.showErrorMessage = True
    sheet.add_data_validation(status)
    status.add(f"C2:C{rows + 1}")
    sheet.column_dimensions["D"].width = 45
    sheet.column_dimensions["E"].width = 30


def _write_criteria_sheet(sheet: Worksheet, config: RoundConfig) -> None:
    _header(sheet, CRITERIA_HEADERS)
    levels = DataValidation(
        type="list",
        allow_blank=True,
        formula1='"' + ",".join(level.name for level in config.rubric) + '"',
    )
    levels.error = "Kies een niveau uit de lijst."
    levels.errorTitle = "Onbekend niveau"
    levels.showErrorMessage = True
    levels.showInputMessage = True
    levels.promptTitle = "Zelfscore"
    levels.prompt = "; ".join(f"{level.score} = {level.name}" for level in config.rubric)
    sheet.add_data_validation(levels)
    for row, criterion in enumerate(config.criteria, start=2):
        sheet.cell(row, 1, criterion.name).alignment = WRAP
        sheet.cell(row, 2, criterion.definition).alignment = WRAP
        for column in (3, 4, 5):
            cell = sheet.cell(row, column)
            cell.protection = OPEN
            cell.alignment = WRAP
        sheet.cell(row, 6, criterion.id)
        sheet.row_dimensions[row].height = 90
    levels.add(f"C2:C{len(config.criteria) + 1}")
    for letter, width in zip("ABCDE", (28, 45, 16, 50, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["F"].hidden = True
    sheet.protection.sheet = True


def _write_instructions(
    sheet: Worksheet,
    config: RoundConfig,
    hub_name: str,
    carried: tuple[bool, bool] = (False, False),
    previous_round: str = "",
) -> None:
    """The Instructie tab; with rows carried over (goals, KPIs), what to do with them."""
    lines = [
        (f"Zelfevaluatie {hub_name}", True),
        (f"{config.title} — ronde {config.round_id} ({config.period})", False),
        ("", False),
        ("Zo vult u dit formulier in:", True),
        (
            "1. Doelen: vul per doel de status in (keuzelijst), een toelichting en waaruit de "
            "voortgang blijkt.",
            False,
        ),
        (
            f"2. Criteria: kies per {config.programme.criterion_noun} een zelfscore (keuzelijst) "
            "en noem sterktes en aandachtspunten; zet elk punt op een eigen regel, beginnend "
            "met '- '.",
            False,
        ),
        ("3. KPI: vul getallen in zonder eenheid; laat een cel leeg als er geen waarde is.", False),
        ("4. Ondersteuning: noem uw wensen voor ondersteuning, één per regel.", False),
        (
            "Kopteksten en het verborgen tabblad 'Formulier' zijn beveiligd: verander ze niet, "
            "anders kan het formulier niet worden ingelezen.",
            False,
        ),
    ]
    if any(carried):
        lines += [("", False), *_carried_instructions(carried, previous_round)]
    for row, (text, bold) in enumerate(lines, start=1):
        sheet.cell(row, 1, text).font = Font(bold=bold, size=14 if row == 1 else 11)
    sheet.column_dimensions["A"].width = 110
    sheet.protection.sheet = True


def _carried_instructions(
    carried: tuple[bool, bool], previous_round: str
) -> list[tuple[str, bool]]:
    """What a hub does with the goals and KPIs carried over from its previous form."""
    goals, kpis = carried
    earlier = f"ronde {previous_round}" if previous_round else "de vorige ronde"
    sheets = " en ".join(
        name for name, present in ((GOALS_SHEET, goals), (KPI_SHEET, kpis)) if present
    )
    lines = [
        (f"Overgenomen uit {earlier}", True),
        (
            f"In {sheets} staan al de regels die u in {earlier} invulde; de kolom "
            f"'{CARRIED_HEADER}' zegt uit welke ronde een regel komt.",
            False,
        ),
    ]
    if goals:
        lines += [
            (
                "- Doel: vul voor elk overgenomen doel de stand van nu in: status, toelichting en "
                "bewijs.",
                False,
            ),
            (
                "- Streeft u een doel niet meer na? Maak dan de hele regel leeg (doel, status, "
                "toelichting en bewijs).",
                False,
            ),
        ]
    if kpis:
        lines += [
            (
                f"- KPI: '{PREVIOUS_VALUE_HEADER}' is wat u de vorige keer opgaf; vul bij "
                "'Huidige waarde' de waarde van nu in.",
                False,
            ),
            (
                "- Meet u een KPI niet meer? Maak dan de hele regel leeg (KPI, eenheid, "
                "waarden en toelichting).",
                False,
            ),
        ]
    lines += [
        (
            "- Anders verwoorden mag: pas de tekst aan in dezelfde regel. Elke regel heeft een "
            "verborgen nummer (id),",
            False,
        ),
        (
            "  waarmee het rapport het doel of de KPI over de rondes volgt. Verplaats of kopieer "
            "een regel dus niet,",
            False,
        ),
        ("  en zet een nieuw doel of een nieuwe KPI in een lege regel.", False),
    ]
    return lines


def _header(sheet: Worksheet, headers: tuple[str, ...]) -> None:
    for column, title in enumerate(headers, start=1):
        cell = sheet.cell(1, column, title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    sheet.freeze_panes = "A2"
