"""The zelfevaluatie form as an Excel workbook: written from the round configuration, read back.

The same constants lay out the form and read it, so the two cannot drift apart.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from evaltools.ingest.xlsx_limits import sheet_limit_problems
from evaltools.ingest.zelfevaluatie import CriterionAnswer, FormAnswers, GoalAnswer, KpiAnswer
from evaltools.round.input_files import package_problem
from evaltools.round.models import GOAL_STATUSES, RoundConfig
from evaltools.round.problems import Problem, empty_file, shown

FORM_VERSION = "2"
READ_VERSIONS = ("1", FORM_VERSION)
"""Form versions read: version 1 has no id columns (its rows get ids from their place)."""
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
ID_HEADER = "id"
"""Header of the hidden, locked column that holds each goal's and KPI's id (form version 2)."""
GOAL_ID_COLUMN = CARRIED_COLUMN + 1
CRITERIA_HEADERS = ("Criterium", "Omschrijving", "Zelfscore", "Sterktes", "Aandachtspunten", "id")
KPI_HEADERS = ("Nr", "KPI", "Eenheid", "Nulmeting", "Huidige waarde", "Streefwaarde", "Toelichting")
KPI_CARRIED_COLUMN = len(KPI_HEADERS) + 1
PREVIOUS_VALUE_HEADER = "Waarde vorige ronde"
KPI_PREVIOUS_COLUMN = KPI_CARRIED_COLUMN + 1
KPI_ID_COLUMN = KPI_PREVIOUS_COLUMN + 1
WISH_HEADERS = ("Nr", "Wens voor ondersteuning")


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
    # streamed first: a form over the limits is never loaded whole
    limits = sheet_limit_problems(path, file)
    if limits:
        return None, limits
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
    if version not in READ_VERSIONS:
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


NUMBER_COLUMNS = {KPI_SHEET: "DEF"}
"""Where a formula may stand: a KPI's numbers, read as the value Excel stored with it."""


def _load_values(path: Path, file: str) -> tuple[Workbook, list[Problem]]:
    """The workbook with every cell's value, and a problem per formula we do not read.

    Loaded once with formulas: a cell without a formula reads the same either way, so a form
    without formulas (one typed in Excel or LibreOffice, the usual case) is not loaded a second
    time. A formula is never read as text: in a text cell it is a problem naming the formula.
    In a KPI's numbers the value Excel stored with the formula is read; a formula without a
    stored value (a file written by a script) would read as empty, so it is a problem too.
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
            formula = formula_text(cell.value)
            if cell.coordinate.rstrip("0123456789") not in NUMBER_COLUMNS.get(name, ""):
                problems.append(formula_problem(file, f"{name}!{cell.coordinate}", formula))
                values[name][cell.coordinate].value = formula  # no follow-up "leeg"
                continue
            if values[name][cell.coordinate].value is not None:
                continue
            problems.append(
                Problem(
                    file,
                    f"{name}!{cell.coordinate}",
                    "",
                    f"een formule ({formula}) zonder berekende waarde",
                    "een waarde in de cel; open het formulier in Excel of LibreOffice en "
                    "sla het op (dan wordt de formule uitgerekend), of typ de waarde zelf in",
                )
            )
    return values, problems


def formula_text(value: object) -> str:
    """A formula as a message shows it: its first 40 characters."""
    text = str(getattr(value, "text", value))
    return text if len(text) <= 40 else text[:40] + "…"


def formula_problem(file: str, place: str, formula: str) -> Problem:
    """A formula where the form expects text: named, never read as content."""
    return Problem(
        file,
        place,
        "",
        f"een formule ({formula}) in plaats van tekst",
        "de tekst zelf, zonder formule; begint de tekst met '=', typ dan eerst een apostrof "
        "(') zodat Excel of LibreOffice hem als tekst bewaart",
    )


def _column_reader(sheet: Worksheet, column: int, header: str):  # noqa: ANN202
    """The text of a row's cell in ``column`` when its header is ``header``, else ''."""
    present = _text(sheet.cell(1, column).value) == header
    return lambda row: _text(sheet.cell(row, column).value) if present else ""


def _read_goals(sheet: Worksheet, file: str, problems: list[Problem]) -> list[GoalAnswer]:
    goals: list[GoalAnswer] = []
    carried_of = _column_reader(sheet, CARRIED_COLUMN, CARRIED_HEADER)
    id_of = _column_reader(sheet, GOAL_ID_COLUMN, ID_HEADER)
    for row in range(2, sheet.max_row + 1):
        goal, status, explanation, proof = (_text(sheet.cell(row, c).value) for c in range(2, 6))
        if not (goal or status or explanation or proof):
            continue
        carried = carried_of(row)
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
        else:
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
                len(goals) + 1,
                goal,
                status,
                explanation,
                proof,
                f"{GOALS_SHEET}!B{row}",
                carried,
                id_of(row),
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
    for expected in config.criteria:
        if expected.id not in seen:
            problems.append(
                Problem(
                    file,
                    CRITERIA_SHEET,
                    "Criterium",
                    f"geen regel voor '{expected.name}'",
                    "een regel per criterium van de ronde; maak het formulier opnieuw met "
                    "'evaltools template zelfevaluatie'",
                )
            )
    return answers


def _read_kpis(sheet: Worksheet, file: str, problems: list[Problem]) -> list[KpiAnswer]:
    kpis: list[KpiAnswer] = []
    carried_of = _column_reader(sheet, KPI_CARRIED_COLUMN, CARRIED_HEADER)
    id_of = _column_reader(sheet, KPI_ID_COLUMN, ID_HEADER)
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
        numbers: list[float | None] = []
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
        baseline, current, target = numbers
        kpis.append(
            KpiAnswer(
                len(kpis) + 1,
                name,
                _text(cells[1]),
                baseline,
                current,
                target,
                _text(cells[5]),
                f"{KPI_SHEET}!B{row}",
                id_of(row),
                carried_of(row),
            )
        )
    return kpis


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()
