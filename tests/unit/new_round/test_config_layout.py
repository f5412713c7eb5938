"""`evaltools nieuwe-ronde` keeps the previous round.yaml's comments, key order and layout."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from evaltools.cli import app
from evaltools.new_round.config import EMPTY_KEYS, new_round_config
from tests.support.paths import DATA, REPO
from tests.support.project import make_project

PREVIOUS = """\
# Kop van de vorige ronde.
ronde: r1  # id van de ronde
soort: tussentijdse evaluatie
titel: Titel
# Periode in woorden:
periode: mei 2025 – mei 2026  # op de voorkant
kenmerk: K-1
datum: 2026-04-29
# De gedeelde bronnen gelden alleen voor deze ronde.
gedeelde_bronnen:
  - bron: iv-a-*
    hubs: [b]  # samen
    reden: samen

# De auteurs, alleen rollen.
auteurs:
  - rol: adviseur  # geen naam
hubs:
  # eerst de grote
  - {id: a, naam: A, bedrag: 1, status: deelnemend, zelfevaluatie: niet_geleverd}
  - id: b
    naam: B  # korte naam volgt
    zelfevaluatie: niet_geleverd  # leverde niets
    bedrag: 2
  - zelfevaluatie: niet_geleverd
    id: c
    naam: C
# Bijeenkomsten:
evenementen:
  - {id: x, soort: interview, datum: 2026-01-01, hubs: [a]}
# Typologie, drempels.
typologie: {drempel_gemiddelde: 3.0, drempel_minimum: 2}
budget: 100  # euro
"""


def test_the_new_round_yaml_keeps_comments_order_and_layout() -> None:
    text = new_round_config(PREVIOUS, "r2", "r1")
    hints = dict(EMPTY_KEYS)
    assert text.splitlines()[:5] == [
        "# Ronde r2, gemaakt met 'evaltools nieuwe-ronde' uit ronde r1.",
        "# Hubs, criteria, rubriek, typologieregel en verdeelsleutel komen uit de vorige ronde;",
        "# pas ze aan waar de nieuwe ronde anders is. De lege velden hieronder horen bij één",
        "# ronde: vul ze in ('evaltools validate' noemt wat nog ontbreekt).",
        "# Kop van de vorige ronde.",
    ]
    assert text.splitlines()[5:] == [
        "ronde: r2  # id van de ronde",
        "vorige_ronde: r1",
        f"soort:  # {hints['soort']}",
        f"titel:  # {hints['titel']}",
        "# Periode in woorden:",
        f"periode:  # {hints['periode']}",
        f"periode_begin:  # {hints['periode_begin']}",
        f"periode_einde:  # {hints['periode_einde']}",
        f"kenmerk:  # {hints['kenmerk']}",
        f"datum:  # {hints['datum']}",
        # gedeelde_bronnen (evidence of one round) is gone with the comment above it
        "# De auteurs, alleen rollen.",
        "auteurs:",
        "  - rol: adviseur  # geen naam",
        "hubs:",
        "  # eerst de grote",
        "  - {id: a, naam: A, bedrag: 1, status: deelnemend}",
        "  - id: b",
        "    naam: B  # korte naam volgt",
        "    bedrag: 2",
        "  - id: c",
        "    naam: C",
        "# Bijeenkomsten:",
        "evenementen: []  # de bijeenkomsten van deze ronde",
        "# Typologie, drempels.",
        "typologie: {drempel_gemiddelde: 3.0, drempel_minimum: 2}",
        f"budget:  # {hints['budget']}",
    ]


def test_a_round_yaml_the_edit_does_not_foresee_is_written_anew() -> None:
    # one flow mapping: the keys are not at the start of their lines
    previous = "{ronde: r1, titel: T, hubs: [{id: a, naam: A, zelfevaluatie: niet_geleverd}]}\n"
    text = new_round_config(previous, "r2", "r1")
    data = yaml.safe_load(text)
    assert data["ronde"] == "r2" and data["vorige_ronde"] == "r1"
    assert data["titel"] is None and data["evenementen"] == []
    assert data["hubs"] == [{"id": "a", "naam": "A"}]


def test_the_sample_round_yaml_keeps_every_comment_and_carried_line() -> None:
    for folder in (REPO / "data" / "raw" / "2026-tussentijds", DATA / "2027-eind"):
        previous = (folder / "round.yaml").read_text(encoding="utf-8")
        text = new_round_config(previous, "volgende", folder.name)
        new_lines = set(text.splitlines())
        comments = [line for line in previous.splitlines() if line.lstrip().startswith("#")]
        assert comments and all(line in new_lines for line in comments), folder.name
        # the lines of the hubs, criteria and rubric stand as they were written
        old = yaml.safe_load(previous)
        new = yaml.safe_load(text)
        for key in ("hubs", "criteria", "rubriek", "programma", "achterpagina"):
            assert new.get(key) == old.get(key), key
        start = previous.index("\ncriteria:")
        end = previous.index("\nhubs:")
        assert previous[start:end] in text


def test_nieuwe_ronde_keeps_the_comments_of_round_yaml(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    config = root / "data" / "raw" / "mini-ronde" / "round.yaml"
    comments = [x for x in config.read_text(encoding="utf-8").splitlines() if x.startswith("#")]
    result = CliRunner().invoke(
        app, ["nieuwe-ronde", "mini-vervolg", "--vorige", "mini-ronde", "--project", str(root)]
    )
    assert result.exit_code == 0, result.output
    text = (root / "data" / "raw" / "mini-vervolg" / "round.yaml").read_text(encoding="utf-8")
    assert comments and all(line in text.splitlines() for line in comments)
    assert "  - {id: alpha, naam: Technohub Alpha, korte_naam: Alpha, plaats: Zwolle, " in text


def test_the_header_of_a_round_made_by_nieuwe_ronde_makes_way_for_the_next() -> None:
    """Round three made from round two: round two's own header (which describes round two)
    goes, the consultants' comments stay; a header changed by hand is theirs and stays."""
    second = new_round_config(PREVIOUS, "r2", "r1")
    third = new_round_config(second, "r3", "r2")
    assert third.startswith("# Ronde r3, gemaakt met 'evaltools nieuwe-ronde' uit ronde r2.")
    assert "ronde r1." not in third and third.count("gemaakt met 'evaltools nieuwe-ronde'") == 1
    assert "# Kop van de vorige ronde." in third and "# De auteurs, alleen rollen." in third
    assert yaml.safe_load(third)["ronde"] == "r3"

    edited = second.replace("pas ze aan waar", "pas ze vooral aan waar")
    kept = new_round_config(edited, "r3", "r2")
    assert "pas ze vooral aan waar" in kept
    assert kept.count("gemaakt met 'evaltools nieuwe-ronde'") == 2

    windows = new_round_config(second.replace("\n", "\r\n"), "r3", "r2")
    assert windows.count("gemaakt met 'evaltools nieuwe-ronde'") == 1
