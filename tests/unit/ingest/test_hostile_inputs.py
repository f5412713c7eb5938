"""Hostile and broken input files (issue 12, the input side): each is a Dutch problem that
names the file and place, found fast, never a traceback."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from evaltools.cli import app
from evaltools.round.yaml_source import parse_yaml
from tests.support.checks import messages
from tests.support.files import edit

BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]"
            for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


def test_billion_laughs_in_an_assessment_fails_fast_with_a_dutch_message(
    mini_round: Path,
) -> None:
    (mini_round / "beoordeling" / "beta.yaml").write_text(BILLION_LAUGHS + "\n", encoding="utf-8")
    started = time.monotonic()
    found = messages(mini_round)
    assert time.monotonic() - started < 20
    assert (
        "mini-ronde/beoordeling/beta.yaml, regel 7: gevonden meer dan 50 verwijzingen "
        "(YAML-aliassen '*'); verwacht: gewone YAML zonder verwijzingen (ankers '&' en "
        "aliassen '*'); schrijf de waarden uit."
    ) in found


def test_billion_laughs_in_round_yaml_fails_fast(mini_round: Path) -> None:
    config = mini_round / "round.yaml"
    config.write_text(BILLION_LAUGHS + "\n" + config.read_text(encoding="utf-8"), "utf-8")
    started = time.monotonic()
    found = messages(mini_round)
    assert time.monotonic() - started < 20
    assert found == [
        "mini-ronde/round.yaml, regel 7: gevonden meer dan 50 verwijzingen (YAML-aliassen '*'); "
        "verwacht: gewone YAML zonder verwijzingen (ankers '&' en aliassen '*'); schrijf de "
        "waarden uit."
    ]


def test_a_few_aliases_that_expand_to_too_much_are_refused() -> None:
    # under the alias limit, but every alias points at a list of lists: 10^5 values
    text = "a: &a [1,1,1,1,1,1,1,1,1,1]\n"
    for previous, name in zip("abcd", "bcde", strict=True):
        text += f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]\n"
    source, problems = parse_yaml(text, "x.yaml")
    assert source is None
    assert [str(p) for p in problems] == [
        "x.yaml, regel 1: gevonden meer dan 100000 waarden (met alle verwijzingen uitgeschreven); "
        "verwacht: een bestand met de opbouw van het voorbeeld."
    ]


def test_ten_thousand_deep_nesting_is_a_problem_not_a_recursion_error(mini_round: Path) -> None:
    (mini_round / "beoordeling" / "beta.yaml").write_text(
        "hub: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8"
    )
    assert (
        "mini-ronde/beoordeling/beta.yaml, regel 1: gevonden meer dan 40 niveaus van nesting; "
        "verwacht: een bestand met de opbouw van het voorbeeld (hooguit enkele niveaus diep)."
    ) in messages(mini_round)


def test_an_input_file_over_the_size_limit_is_refused_unread(mini_round: Path) -> None:
    note = mini_round / "interviews" / "beta.md"
    note.write_text(note.read_text(encoding="utf-8") + "x" * (3 * 1024 * 1024), "utf-8")
    assert (
        "mini-ronde/interviews/beta.md: gevonden een bestand van 3,0 MB; verwacht: een "
        "invoerbestand van hoogstens 2,0 MB; controleer of dit het goede bestand is."
    ) in messages(mini_round)


def _zip_bomb(path: Path, entry: str, size: int) -> None:
    """A valid zip whose one entry unpacks to ``size`` zero bytes (compresses ~1000:1)."""
    block = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(entry, "w", force_zip64=True) as handle,
    ):
        for _ in range(size // len(block)):
            handle.write(block)


def test_xlsx_zip_bomb_is_refused_before_parsing(mini_round: Path) -> None:
    form = mini_round / "zelfevaluaties" / "beta.xlsx"
    _zip_bomb(form, "xl/worksheets/sheet1.xml", 200 * 1024 * 1024)
    assert form.stat().st_size < 2 * 1024 * 1024
    started = time.monotonic()
    found = messages(mini_round)
    assert time.monotonic() - started < 20
    assert found == [
        "mini-ronde/zelfevaluaties/beta.xlsx: gevonden een bestand dat uitgepakt 200,0 MB in 1 "
        "delen zou worden (mogelijk een 'zip-bom'); verwacht: een document dat uitgepakt "
        "hoogstens 100,0 MB is; het bestand is niet geopend; vraag om het oorspronkelijke "
        "bestand."
    ]


def test_docx_with_a_huge_entry_is_refused_before_parsing(mini_round: Path) -> None:
    note = mini_round / "interviews" / "beta.docx"
    (mini_round / "interviews" / "beta.md").unlink()
    _zip_bomb(note, "word/document.xml", 150 * 1024 * 1024)
    assert (
        "mini-ronde/interviews/beta.docx: gevonden een bestand dat uitgepakt 150,0 MB in 1 "
        "delen zou worden (mogelijk een 'zip-bom'); verwacht: een document dat uitgepakt "
        "hoogstens 100,0 MB is; het bestand is niet geopend; vraag om het oorspronkelijke "
        "bestand."
    ) in messages(mini_round)


def test_impossible_date_is_a_problem_with_its_line(mini_round: Path) -> None:
    edit(mini_round / "interviews" / "beta.md", "datum: 2026-03-02", "datum: 2026-02-30")
    edit(mini_round / "round.yaml", "datum: 2026-06-30", "datum: 2026-13-01")
    assert messages(mini_round) == [
        "mini-ronde/round.yaml, regel 10: gevonden de datum '2026-13-01', die niet bestaat (die "
        "maand bestaat niet); verwacht: een bestaande datum als JJJJ-MM-DD."
    ]
    edit(mini_round / "round.yaml", "datum: 2026-13-01", "datum: 2026-06-30")
    assert messages(mini_round) == [
        "mini-ronde/interviews/beta.md, regel 3: gevonden de datum '2026-02-30', die niet bestaat "
        "(die dag heeft de maand niet); verwacht: een bestaande datum als JJJJ-MM-DD."
    ]


def test_latin1_files_name_the_file_and_the_likely_encoding(mini_round: Path) -> None:
    assessment = mini_round / "beoordeling" / "beta.yaml"
    text = assessment.read_text(encoding="utf-8").replace("Rollen", "Rollen in één overleg")
    assessment.write_bytes(text.encode("latin-1"))
    config = mini_round / "round.yaml"
    config.write_bytes(config.read_text(encoding="utf-8").encode("cp1252"))
    expected = (
        "gevonden tekst die geen UTF-8 is (waarschijnlijk Windows-1252 of Latin-1, een oudere "
        "Windows-codering); verwacht: tekst in UTF-8; sla het bestand opnieuw op met codering "
        "'UTF-8' (in Kladblok of Word: Opslaan als, Codering: UTF-8)."
    )
    # round.yaml cannot be read: the round stops there, with the first line that is not UTF-8
    line = next(n for n, x in enumerate(config.read_bytes().splitlines(), 1) if b"\x96" in x)
    assert messages(mini_round) == [f"mini-ronde/round.yaml, regel {line}: {expected}"]
    config.write_bytes(config.read_text(encoding="cp1252").encode("utf-8"))
    line = next(n for n, x in enumerate(text.splitlines(), 1) if "één" in x)
    assert messages(mini_round) == [f"mini-ronde/beoordeling/beta.yaml, regel {line}: {expected}"]


def test_utf16_note_is_named_as_utf16(mini_round: Path) -> None:
    note = mini_round / "interviews" / "beta.md"
    note.write_bytes(note.read_text(encoding="utf-8").encode("utf-16"))
    assert messages(mini_round) == [
        "mini-ronde/interviews/beta.md, regel 1: gevonden tekst die geen UTF-8 is (waarschijnlijk "
        "UTF-16 (Unicode zoals Windows 'Kladblok' dat soms opslaat)); verwacht: tekst in UTF-8; "
        "sla het bestand opnieuw op met codering 'UTF-8' (in Kladblok of Word: Opslaan als, "
        "Codering: UTF-8)."
    ]


def test_bom_and_crlf_read_like_plain_utf8(mini_round: Path) -> None:
    for path in (
        mini_round / "interviews" / "beta.md",
        mini_round / "beoordeling" / "beta.yaml",
        mini_round / "round.yaml",
    ):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    # a BOM on a note used to give "geen kopgegevens"; places stay the same lines
    assert messages(mini_round) == []
    edit(mini_round / "beoordeling" / "beta.yaml", "score: 2", "score: 7")
    assert messages(mini_round) == [
        "mini-ronde/beoordeling/beta.yaml, regel 14: veld 'criteria.robuustheid.score': "
        "gevonden '7'; verwacht: een score van de rubriek (1 t/m 4)."
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_symlinks_inside_a_round_are_refused_not_followed(mini_round: Path, tmp_path: Path) -> None:
    outside = tmp_path / "buiten.md"
    outside.write_text((mini_round / "interviews" / "beta.md").read_text("utf-8"), "utf-8")
    (mini_round / "interviews" / "beta.md").unlink()
    (mini_round / "interviews" / "beta.md").symlink_to(outside)
    (mini_round / "teksten" / "extra.md").symlink_to("/etc/os-release")
    found = messages(mini_round)
    link = (
        "gevonden een snelkoppeling (symbolische link) in plaats van een bestand; verwacht: een "
        "gewoon bestand in de rondemap; evaltools volgt geen links, omdat die naar bestanden "
        "buiten de ronde kunnen wijzen; kopieer het bestand zelf naar deze plek."
    )
    assert f"mini-ronde/interviews/beta.md: {link}" in found
    assert f"mini-ronde/teksten/extra.md: {link}" in found
    # the note behind the link was not read: its citations are not listed one by one
    assert not any("iv-beta" in message for message in found)


def test_formula_cell_without_cached_value_is_reported(mini_round: Path) -> None:
    form = mini_round / "zelfevaluaties" / "alpha.xlsx"
    workbook = openpyxl.load_workbook(form)
    workbook["KPI"]["E2"] = "=100+12"  # written by a script: no computed value stored
    workbook.save(form)
    assert messages(mini_round) == [
        "mini-ronde/zelfevaluaties/alpha.xlsx, KPI!E2: gevonden een formule (=100+12) zonder "
        "berekende waarde; verwacht: een waarde in de cel; open het formulier in Excel of "
        "LibreOffice en sla het op (dan wordt de formule uitgerekend), of typ de waarde zelf in."
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["ingest", "../../../outside/evil"],
        ["analyse", "../x"],
        ["render", "/etc"],
        ["check", "Ronde 1"],
        ["nieuwe-ronde", "2027-eind", "--vorige", "../x"],
    ],
)
def test_round_id_on_the_command_line_must_be_a_safe_name(command: list[str], tmp_path) -> None:
    result = CliRunner().invoke(app, [*command, "--project", str(tmp_path)])
    assert result.exit_code == 1, result.output
    bad = command[-1]
    assert result.stderr.splitlines() == [
        "1 probleem gevonden in de invoer (er is niets overschreven):",
        f"  - opdrachtregel: veld '{'vorige ronde' if '--vorige' in command else 'ronde'}': "
        f"gevonden '{bad}'; verwacht: een code van kleine letters, cijfers en streepjes die met "
        "een letter of cijfer begint (bijv. 2027-eind); geen schuine strepen, punten, spaties "
        "of hoofdletters.",
    ]
    assert list(tmp_path.iterdir()) == []


def test_hub_id_in_a_file_must_be_a_safe_name(mini_round: Path) -> None:
    edit(mini_round / "beoordeling" / "beta.yaml", "hub: beta", "hub: ../beta")
    assert (
        "mini-ronde/beoordeling/beta.yaml, regel 1: veld 'hub': gevonden '../beta'; verwacht: "
        "een code van kleine letters, cijfers en streepjes."
    ) in messages(mini_round)


@pytest.mark.parametrize("command", [["validate"], ["template", "beoordeling"]])
def test_round_folder_name_must_be_a_safe_id(command: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "Ronde 1"
    folder.mkdir()
    result = CliRunner().invoke(app, [*command, str(folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == (
        "  - opdrachtregel: veld 'ronde': gevonden 'Ronde 1'; verwacht: een code van kleine "
        "letters, cijfers en streepjes die met een letter of cijfer begint (bijv. 2027-eind); "
        "geen schuine strepen, punten, spaties of hoofdletters."
    )
    assert list(folder.iterdir()) == []
