"""`evaltools nieuwe-ronde`: a new round from the previous one."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from evaltools.cli import app
from evaltools.ingest.texts import STUB_MARKER
from evaltools.review.command import review_round
from tests.support.project import make_project

NEW = "mini-vervolg"


def new_round(root: Path) -> tuple[Path, object]:
    result = CliRunner().invoke(
        app, ["nieuwe-ronde", NEW, "--vorige", "mini-ronde", "--project", str(root)]
    )
    return root / "data" / "raw" / NEW, result


def test_new_round_carries_the_frame_over_and_leaves_the_round_fields_empty(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path)
    folder, result = new_round(root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Geschreven: data/raw/{NEW}/round.yaml",
        f"Geschreven: data/raw/{NEW}/teksten/inleiding.md",
        f"Geschreven: data/raw/{NEW}/woordenlijst.txt",
        f"Vul de lege velden in data/raw/{NEW}/round.yaml in en draai "
        f"'evaltools validate data/raw/{NEW}'.",
    ]
    new = yaml.safe_load((folder / "round.yaml").read_text(encoding="utf-8"))
    old = yaml.safe_load(
        (root / "data" / "raw" / "mini-ronde" / "round.yaml").read_text(encoding="utf-8")
    )
    assert new["ronde"] == NEW and new["vorige_ronde"] == "mini-ronde"
    for key in ("hubs", "criteria", "rubriek", "typologie", "allocatie", "opdrachtgever"):
        assert new[key] == old[key], key
    for key in ("soort", "titel", "periode", "periode_begin", "periode_einde", "kenmerk"):
        assert new[key] is None, key
    assert new["datum"] is None and new["evenementen"] == []


def test_validate_names_every_field_that_must_change(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    folder, _ = new_round(root)
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "5 problemen gevonden in de invoer (er is niets overschreven):"
    text = (folder / "round.yaml").read_text(encoding="utf-8").splitlines()

    def line(key: str) -> int:
        return next(n for n, x in enumerate(text, 1) if x.startswith(f"{key}:"))

    assert lines[1:] == [
        f"  - {NEW}/round.yaml, regel {line('soort')}: veld 'soort': gevonden niets (leeg); "
        "verwacht: tekst.",
        f"  - {NEW}/round.yaml, regel {line('titel')}: veld 'titel': gevonden niets (leeg); "
        "verwacht: tekst.",
        f"  - {NEW}/round.yaml, regel {line('periode')}: veld 'periode': gevonden niets (leeg); "
        "verwacht: tekst.",
        f"  - {NEW}/round.yaml, regel {line('kenmerk')}: veld 'kenmerk': gevonden niets (leeg); "
        "verwacht: tekst.",
        f"  - {NEW}/round.yaml, regel {line('datum')}: veld 'datum': gevonden niets (leeg); "
        "verwacht: een datum als JJJJ-MM-DD.",
    ]
    # optional fields (budget, exact period) may stay empty; then validate passes the config
    fill(folder)
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert not any(x.startswith(f"  - {NEW}/round.yaml") for x in result.stderr.splitlines())


def fill(folder: Path) -> None:
    """Fill in the fields that nieuwe-ronde left empty, as a consultant would."""
    values = {
        "soort": "eindevaluatie",
        "titel": "Eindevaluatie Minihubs",
        "periode": "juli – december 2026",
        "kenmerk": "T-002",
        "datum": "2026-12-15",
    }
    path = folder / "round.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [
        f"{line.split(':')[0]}: {values[line.split(':')[0]]}"
        if line.split(":")[0] in values
        else line
        for line in lines
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_text_stubs_and_copied_texts_are_check_warnings(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    folder, _ = new_round(root)
    fill(folder)
    stub = (folder / "teksten" / "inleiding.md").read_text(encoding="utf-8")
    previous = root / "data" / "raw" / "mini-ronde" / "teksten" / "inleiding.md"
    assert stub.startswith(STUB_MARKER + "\n")
    headings = [x for x in previous.read_text(encoding="utf-8").splitlines() if x.startswith("#")]
    assert [x for x in stub.splitlines() if x.startswith("#")] == headings

    def warnings() -> list[str]:
        findings, _ = review_round(folder, root)
        return [str(f) for f in findings if f.check == "tekst uit vorige ronde"]

    assert warnings() == [
        f"{NEW}/teksten/inleiding.md: deze tekst is nog het skelet van 'evaltools nieuwe-ronde': "
        "schrijf de tekst voor deze ronde en haal de eerste regel (de markering) weg"
    ]
    shutil.copy(previous, folder / "teksten" / "inleiding.md")
    assert warnings() == [
        f"{NEW}/teksten/inleiding.md: deze tekst is ongewijzigd overgenomen uit ronde mini-ronde "
        "(mini-ronde/teksten/inleiding.md): werk hem bij voor deze ronde"
    ]
    (folder / "teksten" / "inleiding.md").write_text("# Inleiding\n\nNieuw.\n", encoding="utf-8")
    assert warnings() == []


def test_new_round_never_overwrites(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    folder, _ = new_round(root)
    (folder / "round.yaml").write_text("ronde: al bezig\n", encoding="utf-8")
    _, result = new_round(root)
    assert result.exit_code == 1
    assert "gevonden een bestand dat al bestaat" in result.stderr
    assert (folder / "round.yaml").read_text(encoding="utf-8") == "ronde: al bezig\n"


def test_new_round_from_a_round_that_does_not_exist(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["nieuwe-ronde", NEW, "--vorige", "bestaat-niet", "--project", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "1 probleem gevonden in de invoer (er is niets overschreven):",
        "  - bestaat-niet/round.yaml: gevonden geen bestand; verwacht: het bestand "
        "bestaat-niet/round.yaml.",
    ]
    assert not (tmp_path / "data" / "raw" / NEW).exists()


def test_a_text_stub_keeps_the_generated_list_of_appendices() -> None:
    from evaltools.new_round.config import text_stub

    stub = text_stub("# Leeswijzer\n\nTekst.\n\n::: {.bijlagenlijst}\n:::\n", "r1")
    assert "# Leeswijzer" in stub and "::: {.bijlagenlijst}\n:::" in stub and "Tekst." not in stub


def test_new_round_copies_the_word_list_and_the_programme_settings(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    previous = root / "data" / "raw" / "mini-ronde"
    words = "# namen\nTechnohub\nLogistics\noZone\n"
    (previous / "woordenlijst.txt").write_text(words, encoding="utf-8")
    config = previous / "round.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "wiskunde: true\nklant_zonder_bijlagen: [alpha]\n",
        encoding="utf-8",
    )
    folder, result = new_round(root)
    assert result.exit_code == 0, result.output
    assert f"Geschreven: data/raw/{NEW}/woordenlijst.txt" in result.stdout.splitlines()
    assert (folder / "woordenlijst.txt").read_text(encoding="utf-8") == words
    new = yaml.safe_load((folder / "round.yaml").read_text(encoding="utf-8"))
    assert new["wiskunde"] is True and new["klant_zonder_bijlagen"] == ["alpha"]


def test_a_text_stub_keeps_the_markers_of_generated_tables_and_lists() -> None:
    """Without them the next round's report silently loses its typology and allocation tables
    (found by making a second round through our own templates)."""
    from evaltools.new_round.config import text_stub

    previous = (
        "# Concreet\n\nTekst over @tbl-typologie.\n\n<!-- tabel: typologie -->\n\n"
        "Meer tekst.\n\n<!-- lijst: criteria -->\n"
    )
    stub = text_stub(previous, "r1")
    assert "<!-- tabel: typologie -->" in stub and "<!-- lijst: criteria -->" in stub
    assert stub.index("# Concreet") < stub.index("<!-- tabel: typologie -->")
    assert "Tekst over" not in stub
