"""The limits of a round (evaltools.round.limits), checked by validate: rows per sheet,
characters per cell and per form, hubs per round, id length, the budget's bounds; and links
out of the project. Each is a Dutch problem naming file and place, found in bounded time and
memory, with the offending text never echoed whole (issue 28)."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from evaltools.cli import app
from evaltools.round.limits import (
    MAX_BUDGET,
    MAX_CELL_CHARS,
    MAX_FORM_CHARS,
    MAX_HUBS,
    MAX_ID_CHARS,
    MAX_SHEET_ROWS,
)
from tests.support.checks import messages
from tests.support.files import edit

FORM = "mini-ronde/zelfevaluaties/alpha.xlsx"


def _append_goals(form: Path, rows: int, text: str) -> None:
    workbook = openpyxl.load_workbook(form)
    sheet = workbook["Doelen"]
    for row in range(2, rows + 2):
        sheet.cell(row, 2, f"{text} {row}")
        sheet.cell(row, 3, "op schema")
    workbook.save(form)


def test_ten_thousand_goal_rows_are_refused_with_the_sheet_and_row(mini_round: Path) -> None:
    _append_goals(mini_round / "zelfevaluaties" / "alpha.xlsx", 10_000, "Doel")
    started = time.monotonic()
    found = messages(mini_round)
    assert time.monotonic() - started < 30
    assert (
        f"{FORM}, Doelen!A10001: gevonden een tabblad ingevuld tot rij 10.001; verwacht: "
        f"hoogstens {MAX_SHEET_ROWS} rijen per tabblad (het formulier heeft er 10 tot 13); "
        "verwijder lege of overbodige regels, of vat samen."
    ) in found
    # the form was not read further: no goal of it is reported one by one
    assert not any("Doelen!B" in message for message in found)


def test_a_megabyte_in_one_cell_is_refused_without_echoing_it(mini_round: Path) -> None:
    form = mini_round / "zelfevaluaties" / "alpha.xlsx"
    workbook = openpyxl.load_workbook(form)
    workbook["Doelen"]["D2"] = "x" * 1_000_000
    workbook.save(form)
    found = messages(mini_round)
    # openpyxl keeps Excel's 32.767 characters of a cell
    assert (
        f"{FORM}, Doelen!D2: gevonden een cel met 32.767 tekens; verwacht: hoogstens "
        "2.000 tekens per cel; kort de tekst in of zet een lang stuk in een bijlage die als "
        "bewijs wordt genoemd."
    ) in found
    assert all(len(message) < 1000 for message in found)


def test_many_long_cells_are_named_a_few_and_counted(mini_round: Path) -> None:
    _append_goals(mini_round / "zelfevaluaties" / "alpha.xlsx", 8, "y" * (MAX_CELL_CHARS + 1))
    found = [m for m in messages(mini_round) if m.startswith(FORM)]
    assert [m.split(":")[0] for m in found if "een cel met" in m] == [
        f"{FORM}, Doelen!B{row}" for row in range(2, 7)
    ]
    assert any("Doelen: gevonden nog 3 cellen met meer dan 2.000 tekens" in m for m in found)


def test_a_form_over_its_character_limit_is_refused(mini_round: Path) -> None:
    rows = MAX_SHEET_ROWS - 1
    _append_goals(
        mini_round / "zelfevaluaties" / "alpha.xlsx", rows, "z" * (MAX_FORM_CHARS // rows)
    )
    found = messages(mini_round)
    assert any(
        m.startswith(f"{FORM}: gevonden ") and "tekens in alle cellen samen" in m for m in found
    ), found


def test_a_form_at_the_limits_is_accepted(mini_round: Path) -> None:
    _append_goals(mini_round / "zelfevaluaties" / "alpha.xlsx", MAX_SHEET_ROWS - 1, "Doel")
    assert not any("rijen per tabblad" in m for m in messages(mini_round))


def test_a_sheet_that_declares_a_huge_size_is_streamed_in_bounded_memory(
    mini_round: Path,
) -> None:
    """A cell at the last row of the sheet: read-only openpyxl pads every row before it when
    the sheet's declared size is trusted; the limit check does not."""
    form = mini_round / "zelfevaluaties" / "alpha.xlsx"
    workbook = openpyxl.load_workbook(form)
    workbook["Ondersteuning"]["XFD1048576"] = "laatste cel"
    workbook.save(form)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    found = messages(mini_round)
    assert time.monotonic() - started < 30
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 500 * 1024  # KiB
    assert f"{FORM}, Ondersteuning!A1048576: gevonden een tabblad ingevuld tot rij 1.048.576" in (
        " ".join(found)
    )
    assert any(
        f"{FORM}, Ondersteuning!XFD1: gevonden een tabblad ingevuld tot kolom XFD" in m
        for m in found
    )


def _config(mini_round: Path) -> tuple[Path, dict]:
    path = mini_round / "round.yaml"
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def test_more_hubs_than_the_limit_are_refused(mini_round: Path) -> None:
    path, config = _config(mini_round)
    model = config["hubs"][0]
    config["hubs"] = [{**model, "id": f"hub-{n}", "naam": f"Hub {n}"} for n in range(MAX_HUBS + 1)]
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    found = messages(mini_round)
    assert any(
        m.startswith("mini-ronde/round.yaml, regel ")
        and f"veld 'hubs': gevonden {MAX_HUBS + 1} waarden; verwacht: hoogstens {MAX_HUBS} waarden."
        in m
        for m in found
    ), found


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        (
            10**30,
            "gevonden '1000000000000000000000000000000'; verwacht: een getal van "
            "hoogstens 10.000.000.000.",
        ),
        (-1, "gevonden '-1'; verwacht: een getal groter dan 0."),
        (MAX_BUDGET + 1, "verwacht: een getal van hoogstens 10.000.000.000."),
    ],
)
def test_a_budget_out_of_bounds_is_a_dutch_problem(
    mini_round: Path, budget: int, expected: str
) -> None:
    path, config = _config(mini_round)
    config["budget"] = budget
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    found = messages(mini_round)
    assert any(
        m.startswith("mini-ronde/round.yaml, regel ") and "veld 'budget': " in m and expected in m
        for m in found
    ), found
    assert not any("Input should" in m or "greater than" in m for m in found)


def test_the_highest_budget_is_accepted(mini_round: Path) -> None:
    path, config = _config(mini_round)
    config["budget"] = MAX_BUDGET
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    assert not any("budget" in m for m in messages(mini_round))


def test_a_hub_id_over_the_id_limit_is_refused(mini_round: Path) -> None:
    long_id = "b" * (MAX_ID_CHARS + 1)
    edit(mini_round / "beoordeling" / "beta.yaml", "hub: beta", f"hub: {long_id}")
    assert (
        f"mini-ronde/beoordeling/beta.yaml, regel 1: veld 'hub': gevonden '{'b' * MAX_ID_CHARS}…' "
        f"({MAX_ID_CHARS + 1} tekens); verwacht: een tekst van hoogstens {MAX_ID_CHARS} tekens."
    ) in messages(mini_round)


@pytest.mark.parametrize("command", [["validate"], ["ingest"], ["render"]])
def test_a_round_id_of_240_characters_is_refused(command: list[str], tmp_path: Path) -> None:
    round_id = "r" * 240
    folder = tmp_path / round_id
    folder.mkdir()
    argument = str(folder) if command == ["validate"] else round_id
    extra = [] if command == ["validate"] else ["--project", str(tmp_path)]
    result = CliRunner().invoke(app, [*command, argument, *extra])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == (
        f"  - opdrachtregel: veld 'ronde': gevonden '{'r' * MAX_ID_CHARS}…' (240 tekens); "
        f"verwacht: een code van hoogstens {MAX_ID_CHARS} tekens (bijv. 2027-eind); de code "
        "wordt een map- en bestandsnaam."
    )


def test_a_round_folder_that_is_a_link_out_of_the_project_is_refused(
    mini_round: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elders" / "mini-ronde"
    outside.parent.mkdir()
    mini_round.rename(outside)
    mini_round.symlink_to(outside, target_is_directory=True)
    found = messages(mini_round)
    assert found == [
        "mini-ronde: gevonden een rondemap die een snelkoppeling (symbolische link) is, naar "
        f"{outside.as_posix()}; verwacht: de rondemap zelf onder data/raw; evaltools volgt geen "
        "links, omdat die naar bestanden buiten het project kunnen wijzen; kopieer de map naar "
        "deze plek."
    ]


def test_a_logo_linked_to_a_file_outside_is_refused(mini_round: Path, tmp_path: Path) -> None:
    outside = tmp_path / "geheim.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (mini_round / "logo.png").symlink_to(outside)
    assert (
        "mini-ronde/logo.png: gevonden een snelkoppeling (symbolische link) in plaats van een "
        "bestand"
    ) in " ".join(messages(mini_round))


@pytest.mark.parametrize("budget", ["1e30", "-1", "0", "nan", "inf"])
def test_a_budget_override_out_of_bounds_is_refused_before_the_analysis(
    budget: str, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        app, ["analyse", "r", "--budget", budget, "--project", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("--budget: gevonden ")
    assert "verwacht: een bedrag in euro's groter dan 0 en hoogstens 10.000.000.000" in (
        result.stderr
    )
    assert not (tmp_path / "data").exists()  # nothing started


def test_the_privacy_scan_of_a_huge_declared_sheet_is_streamed_too(mini_round: Path) -> None:
    """'evaltools check' scans every input file for names (privacy/files.py); a cell at
    XFD1048576 made it pad some 17 billion empty cells (found by the fuzz suite)."""
    from evaltools.privacy.files import input_documents

    form = mini_round / "zelfevaluaties" / "alpha.xlsx"
    workbook = openpyxl.load_workbook(form)
    workbook["Ondersteuning"]["XFD1048576"] = "laatste cel"
    workbook.save(form)
    started = time.monotonic()
    documents = {d.file: d for d in input_documents(mini_round)}
    assert time.monotonic() - started < 30
    assert ("Ondersteuning!XFD1048576", "laatste cel") in documents[FORM].segments


def test_a_response_form_over_the_limits_is_refused_before_it_is_loaded(tmp_path: Path) -> None:
    from evaltools.ingest.wederhoor_form import read_response_form

    form = tmp_path / "alpha.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["XFD1048576"] = "laatste cel"
    workbook.save(form)
    started = time.monotonic()
    response, problems = read_response_form(form, "mini-ronde/wederhoor/alpha.xlsx")
    assert time.monotonic() - started < 30
    assert response is None
    assert any("ingevuld tot rij 1.048.576" in str(p) for p in problems)
