"""The wederhoor response form as an Excel workbook: written per hub, read back.

The sheet ``Reacties`` starts with a protected header (round, hub, SHA-256 of what was sent,
form version), then one row per statement: id, where it stands, its text (all protected), and
the three columns the hub fills in. The same constants lay out the form and read it.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evaltools.ingest.wederhoor import (
    COLUMNS,
    HEADER_ROWS,
    NO,
    SHEET,
    TABLE_HEADER_ROW,
    YES,
    DraftStatement,
    Response,
    ResponseForm,
)
from evaltools.ingest.xlsx_limits import sheet_limit_problems
from evaltools.ingest.zelfevaluatie_writer import HEADER_FILL, OPEN, WRAP, save_stable
from evaltools.ingest.zelfevaluatie_xlsx import formula_problem, formula_text
from evaltools.round.limits import MAX_RESPONSE_CHARS, MAX_RESPONSE_ROWS
from evaltools.round.models import RoundConfig
from evaltools.round.problems import Problem, empty_file, shown
from evaltools.round.programme import Unit

FORM_VERSION = "1"
INSTRUCTION_SHEET = "Instructie"
_LABELS = {
    "ronde": "Ronde",
    "hub": "{singular}",
    "sha256": "SHA-256 van het concept",
    "formulierversie": "Formulierversie",
}


def write_response_form(
    path: Path,
    config: RoundConfig,
    hub_id: str,
    statements: list[DraftStatement],
    sha256: str,
    sent: dt.date,
    unit: Unit | None = None,
) -> None:
    """Write the response form of one hub: every statement with its id and text."""
    u = unit or config.programme.unit
    hub = config.hub(hub_id)
    workbook = Workbook()
    intro = workbook.active
    assert isinstance(intro, Worksheet)  # a new workbook holds one sheet, a worksheet
    intro.title = INSTRUCTION_SHEET
    lines = [
        (f"Wederhoor {hub.name}", True),
        (f"{config.title} — ronde {config.round_id} ({config.period})", False),
        ("", False),
        (
            f"Bij dit formulier hoort het concept met alles wat het rapport over uw {u.singular} "
            "zegt. Controleer elke uitspraak op feitelijke onjuistheden.",
            False,
        ),
        ("Zo vult u het tabblad 'Reacties' in:", True),
        ("1. Kies bij een uitspraak die feitelijk onjuist is 'ja' in de keuzelijst.", False),
        ("2. Zet in 'Voorgestelde correctie' de tekst zoals die volgens u moet luiden.", False),
        (
            "3. Licht in 'Toelichting' toe waarom; u kunt daar ook reageren op een uitspraak "
            "die niet feitelijk onjuist is (kies dan 'nee').",
            False,
        ),
        ("Laat regels zonder opmerking leeg.", False),
        (
            "De kop van het tabblad, de uitspraak-id's en de teksten zijn beveiligd: verander "
            "ze niet, anders kan het formulier niet worden ingelezen.",
            False,
        ),
    ]
    for row, (text, bold) in enumerate(lines, start=1):
        intro.cell(row, 1, text).font = Font(bold=bold, size=14 if row == 1 else 11)
    intro.column_dimensions["A"].width = 110
    intro.protection.sheet = True

    sheet = workbook.create_sheet(SHEET)
    values = {
        "ronde": config.round_id,
        "hub": hub.id,
        "sha256": sha256,
        "formulierversie": FORM_VERSION,
    }
    for key, row in HEADER_ROWS.items():
        sheet.cell(row, 1, _LABELS[key].format(singular=u.singular)).font = Font(bold=True)
        sheet.cell(row, 2, values[key])
    sheet.cell(HEADER_ROWS["hub"], 3, hub.name)
    sheet.cell(HEADER_ROWS["ronde"], 3, f"concept verzonden op {sent.isoformat()}")
    for column, title in enumerate(COLUMNS, start=1):
        cell = sheet.cell(TABLE_HEADER_ROW, column, title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    first = TABLE_HEADER_ROW + 1
    for row, statement in enumerate(statements, start=first):
        for column, value in enumerate((statement.id, statement.part, statement.text), start=1):
            sheet.cell(row, column, value).alignment = WRAP
        for column in (4, 5, 6):
            cell = sheet.cell(row, column)
            cell.protection = OPEN
            cell.alignment = WRAP
    last = first + len(statements) - 1
    choice = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    choice.error = "Kies 'ja' of 'nee'."
    choice.errorTitle = "Ongeldige keuze"
    choice.showErrorMessage = True
    sheet.add_data_validation(choice)
    if statements:
        choice.add(f"D{first}:D{last}")
    for letter, width in zip("ABCDEF", (26, 24, 60, 14, 50, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{first}"
    sheet.protection.sheet = True
    workbook.active = 1
    path.parent.mkdir(parents=True, exist_ok=True)
    save_stable(workbook, path, dt.datetime(sent.year, sent.month, sent.day, 12))


def fill_response_form(path: Path, answers: dict[str, tuple[str, str, str]]) -> None:
    """Fill a response form as a hub would: statement id -> (ja/nee, correction, explanation)."""
    workbook = load_workbook(path)
    sheet = workbook[SHEET]
    rows = {sheet.cell(row, 1).value: row for row in range(TABLE_HEADER_ROW + 1, sheet.max_row + 1)}
    for statement, values in answers.items():
        for column, value in enumerate(values, start=4):
            sheet.cell(rows[statement], column, value or None)
    save_stable(workbook, path, workbook.properties.created)


def read_response_form(path: Path, file: str) -> tuple[ResponseForm | None, list[Problem]]:
    """Read a returned form; every problem of the file itself is returned, none raised.

    Whether the form belongs to this round and hub and matches what was sent is a cross-file
    rule (``inputs.wederhoor.wederhoor_problems``).
    """
    if path.suffix.lower() != ".xlsx":
        kind = f"van het type '{path.suffix}'" if path.suffix else "zonder extensie"
        return None, [
            Problem(
                file,
                "",
                "",
                f"een bestand {kind}",
                "het reactieformulier als Excel-bestand (.xlsx), gemaakt met 'evaltools "
                "wederhoor'; of de besluiten in besluiten.yaml",
            )
        ]
    if path.stat().st_size == 0:
        return None, [empty_file(file, "het ingevulde reactieformulier; vraag het opnieuw op")]
    # streamed first: a sheet filled up to XFD1048576 is refused before it is loaded
    row_limit = (MAX_RESPONSE_ROWS, "één per uitspraak van het concept")
    limits = sheet_limit_problems(path, file, row_limit, MAX_RESPONSE_CHARS)
    if limits:
        return None, limits
    try:
        workbook = load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        return None, [
            Problem(
                file,
                "",
                "",
                "een beschadigd bestand dat Excel niet kan openen (het is geen echt .xlsx-bestand)",
                "een Excel-bestand dat in Excel of LibreOffice opent; vraag de hub het "
                "formulier opnieuw op te slaan als Excel-werkmap (.xlsx)",
            )
        ]
    if SHEET not in workbook.sheetnames:
        return None, [
            Problem(
                file,
                "",
                "tabbladen",
                f"een werkmap zonder het tabblad '{SHEET}'",
                "het reactieformulier van 'evaltools wederhoor' (hernoem of verwijder geen "
                "tabbladen)",
            )
        ]
    sheet = workbook[SHEET]
    formulas = [
        formula_problem(file, f"{SHEET}!{cell.coordinate}", formula_text(cell.value))
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    if formulas:  # a formula is never read as a response: each is named, nothing is read
        return None, formulas
    header = {key: _text(sheet.cell(row, 2).value) for key, row in HEADER_ROWS.items()}
    problems = []
    if header["formulierversie"] != FORM_VERSION:
        problems.append(
            Problem(
                file,
                f"{SHEET}!B{HEADER_ROWS['formulierversie']}",
                "formulierversie",
                f"formulierversie {shown(header['formulierversie'])}",
                f"formulierversie '{FORM_VERSION}'; gebruik het formulier van 'evaltools "
                "wederhoor'",
            )
        )
    titles = tuple(_text(sheet.cell(TABLE_HEADER_ROW, c).value) for c in range(1, 7))
    if titles != COLUMNS:
        problems.append(
            Problem(
                file,
                f"{SHEET}!A{TABLE_HEADER_ROW}",
                "kolommen",
                "andere kolomkoppen: " + ", ".join(f"'{t}'" for t in titles),
                "de kolommen " + ", ".join(f"'{t}'" for t in COLUMNS) + " (verander de kop niet)",
            )
        )
        return None, problems
    rows: dict[str, tuple[int, str]] = {}
    responses = []
    for row in range(TABLE_HEADER_ROW + 1, sheet.max_row + 1):
        statement, _, text, wrong, correction, explanation = (
            _text(sheet.cell(row, c).value) for c in range(1, 7)
        )
        if not (statement or text or wrong or correction or explanation):
            continue
        if not statement:
            problems.append(
                Problem(
                    file,
                    f"{SHEET}!A{row}",
                    COLUMNS[0],
                    "niets (leeg)",
                    "de uitspraak-id van het verzonden formulier (voeg geen regels toe)",
                )
            )
            continue
        if statement in rows:
            problems.append(
                Problem(
                    file,
                    f"{SHEET}!A{row}",
                    COLUMNS[0],
                    f"{shown(statement)} voor de tweede keer (ook in regel {rows[statement][0]})",
                    "elke uitspraak één keer; zet alle opmerkingen over een uitspraak in één regel",
                )
            )
            continue
        rows[statement] = (row, text)
        if wrong or correction or explanation:
            responses.append(Response(statement, text, wrong.lower(), correction, explanation, row))
    form = ResponseForm(header["ronde"], header["hub"], header["sha256"], responses, rows)
    return form, problems


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()
