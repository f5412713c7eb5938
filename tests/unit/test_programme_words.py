"""No programme's words in the code: they come from round.yaml (programma:) or the packaged
default programme (src/evaltools/round/defaults/programma.yaml, the one file allowed)."""

from __future__ import annotations

from pathlib import Path

import evaltools

PACKAGE = Path(evaltools.__file__).parent
DEFAULTS = PACKAGE / "round" / "defaults" / "programma.yaml"


def test_no_technohub_in_src() -> None:
    found = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*"))
        if path.is_file()
        and path != DEFAULTS
        and "__pycache__" not in path.parts
        and "technohub" in path.read_bytes().decode("utf-8", "replace").lower()
    ]
    assert found == []


def test_the_defaults_name_the_sample_programme() -> None:
    """The test above would pass with a missing defaults file; the defaults must exist."""
    from evaltools.round.programme import default_programme

    assert default_programme().unit.plural == "Technohubs"


def test_the_typology_text_speaks_the_programme_s_types_and_article() -> None:
    """Another programme's types in the rule's sentence, and 'geen enkel' for a het-word."""
    import pandas as pd

    from evaltools.analyse.typology import type_feature_counts, typology_check
    from evaltools.report.typology_parts import typology_check_part
    from evaltools.round.models import TypologyRule
    from evaltools.round.programme import Typology, Unit

    typology = Typology.model_validate(
        {
            "typen": [
                {"naam": "koploper", "meervoud": "koplopers"},
                {"naam": "volger", "meervoud": "volgers"},
            ],
            "kenmerken": ["zorg", "onderwijs"],
        }
    )
    unit = Unit.model_validate(
        {"enkelvoud": "Fieldlab", "meervoud": "Fieldlabs", "lidwoord": "het"}
    )
    hubs = pd.DataFrame(
        [{"hub": h, "label": h.upper(), "status": "deelnemend", "tier": 1} for h in ("a", "b")]
    )
    scores = pd.DataFrame(
        [{"hub": h, "criterion": c, "score": s} for h, c, s in
         [("a", "x", 4), ("a", "y", 4), ("b", "x", 2), ("b", "y", 1)]]
    )  # fmt: skip
    profiles = pd.DataFrame(
        [
            {"hub": "a", "type": "koploper", "feature": "zorg", "type_reason": ""},
            {"hub": "b", "type": "volger", "feature": "onderwijs", "type_reason": ""},
        ]
    )
    rule = TypologyRule(drempel_gemiddelde=3.0, drempel_minimum=2)
    tables = {"hubs": hubs, "scores": scores, "profiles": profiles}
    check = typology_check(tables, rule, typology)
    assert list(check["suggested"]) == ["koploper", "volger"]
    counts = type_feature_counts(profiles, hubs, typology)
    text = " ".join(typology_check_part(check, rule, counts, unit, typology).split())
    assert "koploper bij een gemiddelde score van ten minste 3,0" in text
    assert "anders volger" in text
    assert "komt uit op één koploper en één volger" in text
    assert "wijkt voor geen enkel Fieldlab af van de regel" in text
    assert "hub" not in text.replace("@tbl-", "")


def test_criteria_words_and_reached_groups_come_from_the_programme(tmp_path: Path) -> None:
    """The criteria heading, the form's instructions and the limitations speak the round's
    programme; without a programma block, today's words of the sample programme."""
    import openpyxl
    import pandas as pd

    from evaltools.ingest.zelfevaluatie_writer import write_form
    from evaltools.new_round.forms import load_config
    from evaltools.report.limitations import limitations_part
    from evaltools.report.variables import programme_variables
    from tests.support.paths import DATA

    def read(folder: str) -> tuple[str, str, str]:
        config = load_config(DATA / folder)
        form = tmp_path / f"{folder}.xlsx"
        write_form(form, config, config.hubs[0].id)
        sheet = openpyxl.load_workbook(form)["Instructie"]
        instructions = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
        tables = {"kpis": pd.DataFrame(), "evidence": pd.DataFrame()}
        heading = programme_variables(config.programme)["programma"]["criteria_kop"]
        return heading, instructions, limitations_part(config, tables)

    heading, instructions, limits = read("mini-ronde")
    assert heading == "Criteria voor verduurzaming"
    assert "kies per verduurzamingscriterium een zelfscore" in instructions
    assert "effect bij bedrijven, medewerkers en studenten zelf" in limits
    heading, instructions, limits = read("tweede-programma")
    assert heading == "Criteria voor zorginnovatie"
    assert "kies per innovatiecriterium een zelfscore" in instructions
    assert "effect bij zorgverleners, cliënten en studenten zelf" in limits
    assert "verduurzam" not in (instructions + limits).lower()
