"""The zelfevaluatie form as an Excel workbook: written from the round configuration, read back.

The same constants lay out the form and read it, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evaltools.ingest.zelfevaluatie import CriterionAnswer, FormAnswers, GoalAnswer, KpiAnswer
from evaltools.round.input_files import package_problem
from evaltools.round.models import GOAL_STATUSES, RoundConfig
from evaltools.round.problems import Problem, empty_file, shown

FORM_VERSION = "1"
META_SHEET = "Formulier"
GOALS_SHEET = "Doelen"
CRITERIA_SHEET = "Criteria"
KPI_SHEET = "KPI"
WISHES_SHEET = "Ondersteuning"
GOAL_ROWS = 10
KPI_ROWS = 12
WISH_ROWS = 10
GOAL_HEADERS = ("Nr", "Doel", "Status", "Toelichting", "Bewijs")
CARRIED_HEADER = "Uit vorige ronde"
"""Header of the locked column that marks goals carried over from the previous round; forms
without it (made without --vorige, or before it existed) read the same."""
CARRIED_COLUMN = len(GOAL_HEADERS) + 1
CRITERIA_HEADERS = ("Criterium", "Omschrijving", "Zelfscore", "Sterktes", "Aandachtspunten", "id")
KPI_HEADERS = ("Nr", "KPI", "Eenheid", "Nulmeting", "Huidige waarde", "Streefwaarde", "Toelichting")
WISH_HEADERS = ("Nr", "Wens voor ondersteuning")
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_OPEN = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")


def write_form(
    path: Path,
    config: RoundConfig,
    hub_id: str,
    previous_goals: list[str] | None = None,
    previous_round: str = "",
) -> None:
    """Write an empty zelfevaluatie form for one hub, pre-filled with last round's goals.

    Carried-over goals are marked in a locked column with the previous round's id, so that an
    untouched one can be told apart from a goal the hub wrote itself.
    """
    hub = config.hub(hub_id)
    workbook = Workbook()
    intro = workbook.active
    intro.title = "Instructie"
    _write_instructions(intro, config, hub.name)
    _write_goals_sheet(
        workbook.create_sheet(GOALS_SHEET), list(previous_goals or []), previous_round
    )
    _write_criteria_sheet(workbook.create_sheet(CRITERIA_SHEET), config)
    _write_table_sheet(workbook.create_sheet(KPI_SHEET), KPI_HEADERS, KPI_ROWS)
    kpi = workbook[KPI_SHEET]
    numbers = DataValidation(type="decimal", operator="between", formula1="-1E12", formula2="1E12")
    numbers.error = "Vul een getal in (zonder eenheid)."
    numbers.errorTitle = "Geen getal"
    numbers.showErrorMessage = True
    kpi.add_data_validation(numbers)
    numbers.add(f"D2:F{KPI_ROWS + 1}")
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
    _save_stable(workbook, path, moment)


def fill_form(path: Path, answers: FormAnswers) -> None:
    """Fill a generated form as a Technohub would (used for the sample round and tests)."""
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
        values = (kpi.name, kpi.unit, kpi.baseline, kpi.current, kpi.target, kpi.note)
        for column, value in enumerate(values, start=2):
            kpis.cell(index, column, None if value == "" else value)
    wishes = workbook[WISHES_SHEET]
    for index, wish in enumerate(answers.wishes, start=2):
        wishes.cell(index, 2, wish)
    _save_stable(workbook, path, workbook.properties.created)


def _save_stable(workbook: Workbook, path: Path, moment: dt.datetime) -> None:
    """Save with fixed document dates and zip times: the same form gives the same bytes.

    openpyxl stamps the save time into docProps/core.xml and the zip entries; the Verantwoording
    lists every input's SHA-256, so a regenerated form must not change it without cause.
    """
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


def read_form(
    path: Path, file: str, config: RoundConfig
) -> tuple[FormAnswers | None, list[Problem]]:
    """Read a filled form; every problem found is returned, none is raised."""
    if path.suffix.lower() != ".xlsx":
        kind = f"van het type '{path.suffix}'" if path.suffix else "zonder extensie"
        return None, [
            Problem(
                file,
                "",
                "",
                f"een bestand {kind}",
                "het zelfevaluatieformulier als Excel-bestand (.xlsx), gemaakt met "
                "'evaltools template zelfevaluatie'; vraag de hub het formulier als .xlsx "
                "op te slaan",
            )
        ]
    if path.stat().st_size == 0:
        return None, [
            empty_file(
                file,
                "het ingevulde zelfevaluatieformulier; vraag de hub het opnieuw te sturen",
            )
        ]
    refused = package_problem(path, file)
    if refused is not None:
        return None, [refused]
    try:
        workbook, problems = _load_values(path, file)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        return None, [
            Problem(
                file,
                "",
                "",
                "een beschadigd bestand dat Excel niet kan openen (het is geen echt .xlsx-bestand)",
                "een Excel-bestand dat in Excel of LibreOffice opent; vraag de hub het "
                "formulier opnieuw op te slaan als Excel-werkmap (.xlsx) en het opnieuw te sturen",
            )
        ]
    missing = [
        name
        for name in (META_SHEET, GOALS_SHEET, CRITERIA_SHEET, KPI_SHEET, WISHES_SHEET)
        if name not in workbook.sheetnames
    ]
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        return None, [
            Problem(
                file,
                "",
                "tabbladen",
                f"een werkmap zonder de tabbladen {names}",
                "het formulier van 'evaltools template zelfevaluatie' met al zijn tabbladen "
                "(hernoem of verwijder geen tabbladen)",
            )
        ]
    meta_sheet = workbook[META_SHEET]
    meta = {meta_sheet.cell(r, 1).value: meta_sheet.cell(r, 2).value for r in range(1, 4)}
    round_id, hub_id = _text(meta.get("ronde")), _text(meta.get("hub"))
    if round_id != config.round_id:
        problems.append(
            Problem(
                file,
                f"{META_SHEET}!B1",
                "ronde",
                f"een formulier van ronde {shown(round_id)}",
                f"het formulier van deze ronde ('{config.round_id}'); maak het met "
                "'evaltools template zelfevaluatie' en laat de hub dat invullen",
            )
        )
    version = _text(meta.get("formulierversie"))
    if version != FORM_VERSION:
        problems.append(
            Problem(
                file,
                f"{META_SHEET}!B3",
                "formulierversie",
                f"formulierversie {shown(version)}",
                f"formulierversie '{FORM_VERSION}'; maak het formulier opnieuw met "
                "'evaltools template zelfevaluatie'",
            )
        )
    goals = _read_goals(workbook[GOALS_SHEET], file, problems)
    criteria = _read_criteria(workbook[CRITERIA_SHEET], file, config, problems)
    kpis = _read_kpis(workbook[KPI_SHEET], file, problems)
    sheet = workbook[WISHES_SHEET]
    wish_rows = [r for r in range(2, sheet.max_row + 1) if _text(sheet.cell(r, 2).value)]
    wishes = [_text(sheet.cell(r, 2).value) for r in wish_rows]
    wish_places = [f"{WISHES_SHEET}!B{r}" for r in wish_rows]
    answers = FormAnswers(round_id, hub_id, goals, criteria, kpis, wishes, wish_places)
    return answers, problems


def _load_values(path: Path, file: str) -> tuple[Workbook, list[Problem]]:
    """The workbook with every cell's value, and a problem per formula without a stored value.

    Loaded once with formulas: a cell without a formula reads the same either way, so a form
    without formulas (one typed in Excel or LibreOffice, the usual case) is not loaded a second
    time. Only a form with formulas is loaded again for the values Excel stored with them.
    A formula cell without a stored value (a file written by a script) would read as empty, so
    each such cell in the answer sheets is a problem with its cell.
    """
    formulas = load_workbook(path, data_only=False)
    formula_cells = {
        sheet.title: [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
        for sheet in formulas.worksheets
    }
    if not any(formula_cells.values()):
        return formulas, []
    values = load_workbook(path, data_only=True)
    problems = []
    for name in (GOALS_SHEET, CRITERIA_SHEET, KPI_SHEET, WISHES_SHEET):
        for cell in formula_cells.get(name, []):
            if values[name][cell.coordinate].value is not None:
                continue
            formula = str(cell.value)
            problems.append(
                Problem(
                    file,
                    f"{name}!{cell.coordinate}",
                    "",
                    f"een formule ({formula[:40]}) zonder berekende waarde",
                    "een waarde in de cel; open het formulier in Excel of LibreOffice en "
                    "sla het op (dan wordt de formule uitgerekend), of typ de waarde zelf in",
                )
            )
    return values, problems


def _read_goals(sheet: Worksheet, file: str, problems: list[Problem]) -> list[GoalAnswer]:
    goals = []
    marked = _text(sheet.cell(1, CARRIED_COLUMN).value) == CARRIED_HEADER
    for row in range(2, sheet.max_row + 1):
        goal, status, explanation, proof = (_text(sheet.cell(row, c).value) for c in range(2, 6))
        if not (goal or status or explanation or proof):
            continue
        carried = _text(sheet.cell(row, CARRIED_COLUMN).value) if marked else ""
        if carried and not status:
            earlier = f" ({carried})" if carried != "ja" else ""
            untouched = "" if explanation or proof else ", en nog niet bijgewerkt"
            problems.append(
                Problem(
                    file,
                    f"{GOALS_SHEET}!C{row}",
                    "Status",
                    f"niets (leeg) bij een doel dat is overgenomen uit de vorige ronde"
                    f"{earlier}{untouched}",
                    "de stand van dit doel nu, met een status uit de keuzelijst ("
                    + ", ".join(GOAL_STATUSES)
                    + "); geldt het doel niet meer, maak dan de hele regel leeg "
                    "(doel, status, toelichting en bewijs)",
                )
            )
            goals.append(
                GoalAnswer(
                    len(goals) + 1,
                    goal,
                    status,
                    explanation,
                    proof,
                    f"{GOALS_SHEET}!B{row}",
                    carried,
                )
            )
            continue
        if not goal:
            problems.append(
                Problem(
                    file,
                    f"{GOALS_SHEET}!B{row}",
                    "Doel",
                    shown(goal),
                    "de omschrijving van het doel (of maak de hele regel leeg)",
                )
            )
        if status not in GOAL_STATUSES:
            problems.append(
                Problem(
                    file,
                    f"{GOALS_SHEET}!C{row}",
                    "Status",
                    shown(status),
                    "een status uit de keuzelijst: " + ", ".join(GOAL_STATUSES),
                )
            )
        goals.append(
            GoalAnswer(
                len(goals) + 1, goal, status, explanation, proof, f"{GOALS_SHEET}!B{row}", carried
            )
        )
    return goals


def _read_criteria(
    sheet: Worksheet, file: str, config: RoundConfig, problems: list[Problem]
) -> list[CriterionAnswer]:
    levels = [level.name for level in config.rubric]
    names = {criterion.id: criterion.name for criterion in config.criteria}
    answers = []
    seen = set()
    for row in range(2, sheet.max_row + 1):
        criterion = _text(sheet.cell(row, 6).value)
        if not criterion:
            continue
        seen.add(criterion)
        level, strengths, attention = (_text(sheet.cell(row, c).value) for c in (3, 4, 5))
        if criterion not in names:
            problems.append(
                Problem(
                    file,
                    f"{CRITERIA_SHEET}!F{row}",
                    "Criterium",
                    f"het criterium '{criterion}', dat niet in deze ronde voorkomt",
                    "alleen de criteria van de ronde: "
                    + ", ".join(names)
                    + "; maak het formulier opnieuw met 'evaltools template zelfevaluatie'",
                )
            )
        elif level not in levels:
            problems.append(
                Problem(
                    file,
                    f"{CRITERIA_SHEET}!C{row}",
                    f"Zelfscore ({names[criterion]})",
                    shown(level),
                    "een niveau uit de keuzelijst: " + ", ".join(levels),
                )
            )
        answers.append(
            CriterionAnswer(criterion, level, strengths, attention, f"{CRITERIA_SHEET}!C{row}")
        )
    for criterion in config.criteria:
        if criterion.id not in seen:
            problems.append(
                Problem(
                    file,
                    CRITERIA_SHEET,
                    "Criterium",
                    f"geen regel voor '{criterion.name}'",
                    "een regel per criterium van de ronde; maak het formulier opnieuw met "
                    "'evaltools template zelfevaluatie'",
                )
            )
    return answers


def _read_kpis(sheet: Worksheet, file: str, problems: list[Problem]) -> list[KpiAnswer]:
    kpis = []
    for row in range(2, sheet.max_row + 1):
        cells = [sheet.cell(row, c).value for c in range(2, 8)]
        if all(value is None or _text(value) == "" for value in cells):
            continue
        name = _text(cells[0])
        if not name:
            problems.append(
                Problem(
                    file,
                    f"{KPI_SHEET}!B{row}",
                    "KPI",
                    shown(name),
                    "de naam van de KPI (of maak de hele regel leeg)",
                )
            )
        numbers = []
        for column, value in zip("DEF", cells[2:5], strict=True):
            if value is None or (isinstance(value, str) and not value.strip()):
                numbers.append(None)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                numbers.append(float(value))
            else:
                numbers.append(None)
                problems.append(
                    Problem(
                        file,
                        f"{KPI_SHEET}!{column}{row}",
                        KPI_HEADERS[ord(column) - ord("A")],
                        shown(value),
                        "een getal zonder eenheid, of leeg",
                    )
                )
        kpis.append(
            KpiAnswer(
                len(kpis) + 1,
                name,
                _text(cells[1]),
                *numbers,
                _text(cells[5]),
                f"{KPI_SHEET}!B{row}",
            )
        )
    return kpis


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _header(sheet: Worksheet, headers: tuple[str, ...]) -> None:
    for column, title in enumerate(headers, start=1):
        cell = sheet.cell(1, column, title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    sheet.freeze_panes = "A2"


def _write_table_sheet(sheet: Worksheet, headers: tuple[str, ...], rows: int) -> None:
    _header(sheet, headers)
    for row in range(2, rows + 2):
        sheet.cell(row, 1, row - 1)
        for column in range(2, len(headers) + 1):
            cell = sheet.cell(row, column)
            cell.protection = _OPEN
            cell.alignment = _WRAP
    sheet.column_dimensions["A"].width = 5
    for letter in "BCDEFG"[: len(headers) - 1]:
        sheet.column_dimensions[letter].width = 18
    sheet.column_dimensions["B"].width = 45
    sheet.protection.sheet = True


def _write_goals_sheet(sheet: Worksheet, previous_goals: list[str], previous_round: str) -> None:
    rows = max(GOAL_ROWS, len(previous_goals) + 3)
    _write_table_sheet(sheet, GOAL_HEADERS, rows)
    if previous_goals:
        header = sheet.cell(1, CARRIED_COLUMN, CARRIED_HEADER)
        header.font = Font(bold=True)
        header.fill = _HEADER_FILL
        sheet.column_dimensions["F"].width = 18
    for row, goal in enumerate(previous_goals, start=2):
        sheet.cell(row, 2, goal)
        sheet.cell(row, CARRIED_COLUMN, previous_round or "ja")
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
        sheet.cell(row, 1, criterion.name).alignment = _WRAP
        sheet.cell(row, 2, criterion.definition).alignment = _WRAP
        for column in (3, 4, 5):
            cell = sheet.cell(row, column)
            cell.protection = _OPEN
            cell.alignment = _WRAP
        sheet.cell(row, 6, criterion.id)
        sheet.row_dimensions[row].height = 90
    levels.add(f"C2:C{len(config.criteria) + 1}")
    for letter, width in zip("ABCDE", (28, 45, 16, 50, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["F"].hidden = True
    sheet.protection.sheet = True


def _write_instructions(sheet: Worksheet, config: RoundConfig, hub_name: str) -> None:
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
            "2. Criteria: kies per verduurzamingscriterium een zelfscore (keuzelijst) en noem "
            "sterktes en aandachtspunten; zet elk punt op een eigen regel, beginnend met '- '.",
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
    for row, (text, bold) in enumerate(lines, start=1):
        sheet.cell(row, 1, text).font = Font(bold=bold, size=14 if row == 1 else 11)
    sheet.column_dimensions["A"].width = 110
    sheet.protection.sheet = True
