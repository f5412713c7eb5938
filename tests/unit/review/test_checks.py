"""`evaltools check`: one real change to the mini round per check, and the finding it causes."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from evaltools.cli import app
from evaltools.ingest.tables import build_tables
from evaltools.ingest.validate import load_valid_round
from evaltools.review.checks import Places, sourceless_findings
from evaltools.review.command import review_round, round_verdict
from evaltools.round.decisions import decision_template
from evaltools.round.findings import ERROR, WARNING
from tests.support.checks import findings_of
from tests.support.files import edit
from tests.support.paths import DATA, REPO, SAMPLE

RAW = "data/raw"


_reviewed: dict[tuple[str, str], list[str]] = {}  # (round folder in project, _digest): findings


def _digest(root: Path) -> str:
    """Of every file in the project ``root``: its path in the project and its bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def new_findings(raw: Path, change) -> list[str]:
    # the findings before the change are those of a project with the same files, if one was
    # reviewed already (most tests change a fresh copy of the mini round)
    root = raw.parents[2]
    key = (raw.relative_to(root).as_posix(), _digest(root))
    if key not in _reviewed:
        _reviewed[key] = findings_of(raw)
        # a finding that named its project's folder would not be one of a copy
        assert not any(str(root) in f for f in _reviewed[key]), _reviewed[key]
    before = _reviewed[key]
    change()
    return [f for f in findings_of(raw) if f not in before]


def test_the_mini_round_has_no_open_errors(mini_round: Path) -> None:
    # its errors (the allocation's empty cells, the budget line) are decided in
    # controle/besluiten.yaml
    raw_errors = [f for f in findings_of(mini_round) if f.startswith(ERROR)]
    assert raw_errors and all("verdeling van middelen" in f or "begroting" in f for f in raw_errors)
    verdict, _ = round_verdict(mini_round, mini_round.parents[2])
    assert verdict.blocking == []
    assert len(verdict.decided) == len(raw_errors)


def test_cell_without_evidence(mini_round: Path) -> None:
    beta = mini_round / "beoordeling" / "beta.yaml"
    found = new_findings(
        mini_round,
        lambda: edit(
            beta,
            "    aandachtspunten:\n      - tekst: Rollen zijn nog niet belegd.\n"
            "        bronnen: [iv-beta-robuustheid-1, ze-beta-robuustheid-aandachtspunten]\n",
            "    aandachtspunten: []\n",
        ),
    )
    assert (
        "fout | cel zonder bewijs | mini-ronde/beoordeling/beta.yaml, regel 13: Beta – "
        "Ontwikkelfase en robuustheid: de cel heeft geen uitspraak en dus geen bewijs (in het "
        "rapport staat er '–'); er is wel bewijs om op te steunen: B14, B17"
    ) in found


def test_statement_without_source_in_the_input(mini_round: Path) -> None:
    beta = mini_round / "beoordeling" / "beta.yaml"
    found = new_findings(
        mini_round, lambda: edit(beta, "bronnen: [iv-beta-bedrijven-1]", "bronnen: []")
    )
    assert len(found) == 1
    assert found[0].startswith(
        "fout | uitspraak zonder bron | mini-ronde/beoordeling/beta.yaml, regel 23: "
    )
    assert "bronnen" in found[0]


def test_statement_without_source_in_the_tables(mini_round: Path) -> None:
    tables = build_tables(load_valid_round(mini_round))
    tables["conditions"].loc[0, "sources"] = ""
    found = [str(f) for f in sourceless_findings(tables, Places())]
    assert found == [
        "mini-ronde/beoordeling/alpha.yaml: de uitspraak 'Financiering van de projectleider na "
        "2026 regelen.' noemt geen bron; zet onder 'bronnen' de codes van het bewijs waarop zij "
        "rust"
    ]


def test_evidence_no_statement_uses(mini_round: Path) -> None:
    note = mini_round / "interviews" / "alpha.md"
    found = new_findings(
        mini_round,
        lambda: edit(
            note,
            "- context: De regio telt veel maakbedrijven.\n",
            "- context: De regio telt veel maakbedrijven.\n"
            "- aandachtspunt: Bedrijven betalen nog niet mee.\n",
        ),
    )
    assert (
        "waarschuwing | ongebruikt bewijs | mini-ronde/interviews/alpha.md, regel 21: bewijs "
        "B13 (iv-alpha-bedrijven-3, aandachtspunt) wordt door geen enkele uitspraak gebruikt: "
        "'Bedrijven betalen nog niet mee.'"
    ) in found


def test_cell_resting_on_one_kind_of_source(mini_round: Path) -> None:
    alpha = mini_round / "beoordeling" / "alpha.yaml"
    found = new_findings(
        mini_round,
        lambda: edit(
            alpha,
            "bronnen: [ze-alpha-robuustheid-sterktes, iv-alpha-robuustheid-1]",
            "bronnen: [iv-alpha-robuustheid-1]",
        ),
    )
    assert any(
        f.startswith("waarschuwing | geen triangulatie | mini-ronde/beoordeling/alpha.yaml, regel ")
        and f.endswith(
            "Alpha – Ontwikkelfase en robuustheid: de uitspraken rusten alleen op het interview "
            "(B9, B10); er is geen bevestiging uit de zelfevaluatie"
        )
        for f in found
    ), found


def test_self_score_two_apart(mini_round: Path) -> None:
    alpha = mini_round / "beoordeling" / "alpha.yaml"
    found = new_findings(mini_round, lambda: edit(alpha, "score: 3", "score: 2"))
    assert (
        "waarschuwing | zelfscore wijkt af | mini-ronde/zelfevaluaties/alpha.xlsx, Criteria!C2: "
        "Alpha – Ontwikkelfase en robuustheid: de zelfscore (4) ligt 2 punten hoger dan de score "
        "van de consultants (2); licht het verschil toe of controleer beide scores"
    ) in found


def test_type_against_the_rule(mini_round: Path) -> None:
    alpha = mini_round / "beoordeling" / "alpha.yaml"
    found = new_findings(mini_round, lambda: edit(alpha, "type: systeemhub", "type: groeihub"))
    assert (
        "fout | type wijkt af van de regel | mini-ronde/beoordeling/alpha.yaml, regel 2: Alpha: "
        "het gekozen type is groeihub, maar de regel (systeemhub bij een gemiddelde van ten "
        "minste 3,0 en geen score onder 2) geeft systeemhub bij een gemiddelde van 3,50 en een "
        "laagste score van 3; geef in 'type_toelichting' aan waarom"
    ) in found


def test_type_against_the_rule_with_a_reason_is_a_warning(mini_round: Path) -> None:
    alpha = mini_round / "beoordeling" / "alpha.yaml"
    found = new_findings(
        mini_round,
        lambda: edit(
            alpha, "type: systeemhub", "type: groeihub\ntype_toelichting: Nog te kwetsbaar."
        ),
    )
    assert any(
        f.startswith("waarschuwing | type wijkt af van de regel |")
        and f.endswith("; de toelichting: 'Nog te kwetsbaar.'")
        for f in found
    ), found


def test_goal_without_status(mini_round: Path) -> None:
    path = mini_round / "zelfevaluaties" / "alpha.xlsx"
    workbook = load_workbook(path)
    sheet = workbook["Doelen"]
    assert sheet["B3"].value == "Tien bedrijven aansluiten"
    sheet["C3"].value = None
    workbook.save(path)
    found = [f for f in findings_of(mini_round) if "| doel zonder status |" in f]
    assert len(found) == 1
    assert found[0].startswith(
        "fout | doel zonder status | mini-ronde/zelfevaluaties/alpha.xlsx, Doelen!C3: "
    )


def test_taking_part_hub_without_interview(mini_round: Path) -> None:
    def change() -> None:
        (mini_round / "interviews" / "beta.md").unlink()
        beta = mini_round / "beoordeling" / "beta.yaml"
        text = beta.read_text(encoding="utf-8")
        text = text.replace("iv-beta-robuustheid-1, ", "").replace(
            "iv-beta-robuustheid-1", "ze-beta-robuustheid-aandachtspunten"
        )
        text = text.replace("iv-beta-bedrijven-1", "ze-beta-bedrijven-sterktes")
        beta.write_text(text, encoding="utf-8")

    found = new_findings(mini_round, change)
    assert (
        "fout | geen interview | mini-ronde/interviews/beta.md: Technohub Beta doet mee, maar er "
        "zijn geen interviewnotities; zonder interview rust de beoordeling alleen op de "
        "zelfevaluatie"
    ) in found


def test_a_hub_without_interview_and_assessment_is_decided_by_the_offered_template(
    mini_round: Path,
) -> None:
    """The decisions the refusal offers for a hub the round has no interview or assessment of
    name the file to write and the hub (and cell), and settle the findings once filled in."""
    (mini_round / "interviews" / "beta.md").unlink()
    (mini_round / "beoordeling" / "beta.yaml").unlink()
    root = mini_round.parents[2]
    verdict, _ = round_verdict(mini_round, root)
    missing = [f for f in verdict.blocking if f.check in ("geen interview", "cel zonder bewijs")]
    assert {f.check for f in missing} == {"geen interview", "cel zonder bewijs"}
    assert all(f.file and f.subject for f in missing), missing
    assert {f.file for f in missing if f.check == "cel zonder bewijs"} == {
        "mini-ronde/beoordeling/beta.yaml"
    }
    decisions = mini_round / "controle" / "besluiten.yaml"
    filled = [
        decision_template(f, "mini-ronde")
        .replace("<waarom, in woorden voor de lezer van het rapport>", "Volgt in de eindronde.")
        .replace("<uw rol, bijv. senior adviseur>", "senior adviseur")
        for f in missing
    ]
    decisions.write_text(
        decisions.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(filled) + "\n",
        encoding="utf-8",
    )
    verdict, _ = round_verdict(mini_round, root)
    assert not [f for f in verdict.blocking if f in missing]


def test_allocation_flag(mini_round: Path) -> None:
    alpha = mini_round / "beoordeling" / "alpha.yaml"
    found = new_findings(
        mini_round,
        lambda: edit(alpha, "dominant_kenmerk: innovatie", "dominant_kenmerk: ecosysteemfunctie"),
    )
    assert (
        "fout | verdeling van middelen | mini-ronde/round.yaml, regel 41: 40% is "
        "toegekend aan systeemhub – innovatie, maar geen Technohub heeft deze combinatie."
    ) in found


def test_sample_round_reports_the_weighted_cell_without_hubs() -> None:
    findings = findings_of(REPO / RAW / SAMPLE)
    flags = [f for f in findings if "| verdeling van middelen |" in f]
    assert flags == [
        "fout | verdeling van middelen | 2026-tussentijds/round.yaml, regel 332: 15% is "
        "toegekend aan groeihub – innovatie, maar geen Technohub heeft deze combinatie."
    ]
    # both slips of the published report are errors, each decided in controle/besluiten.yaml
    errors = [f for f in findings if f.startswith(ERROR)]
    assert len(errors) == 2 and any("| begroting en hubs |" in f for f in errors)
    verdict, _ = round_verdict(REPO / RAW / SAMPLE, REPO)
    assert verdict.blocking == []
    assert sorted(d.decision.decision for d in verdict.decided) == ["geaccepteerd"] * 2


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Aan de ronde doen zeven deelnemende Technohubs mee.",
            "fout | aantal in tekst klopt niet | mini-ronde/teksten/inleiding.md, regel 3: de "
            "tekst noemt 'zeven deelnemende Technohubs', maar de ronde heeft 2 deelnemende "
            "Technohubs; schrijf {{< var hubs.deelnemend >}} zodat het aantal uit de gegevens "
            "komt",
        ),
        (
            "Wij spraken 7 Technohubs.",
            "waarschuwing | aantal in tekst klopt niet | mini-ronde/teksten/inleiding.md, regel "
            "3: de tekst noemt '7 Technohubs', maar de ronde heeft 2 deelnemende Technohubs (als "
            "dit het totaal is); schrijf {{< var hubs.deelnemend >}} zodat het aantal uit de "
            "gegevens komt",
        ),
        (
            "We beoordeelden alle vier criteria.",
            "fout | aantal in tekst klopt niet | mini-ronde/teksten/inleiding.md, regel 3: de "
            "tekst noemt 'alle vier criteria', maar de ronde heeft 2 criteria",
        ),
    ],
)
def test_counts_in_texts_that_contradict_the_data(
    mini_round: Path, sentence: str, expected: str
) -> None:
    text = mini_round / "teksten" / "inleiding.md"
    found = new_findings(
        mini_round,
        lambda: edit(text, "en @sec-bijlage-hubs).\n", f"en @sec-bijlage-hubs).\n{sentence}\n"),
    )
    assert found == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "Een Technohub en twee deelnemende Technohubs.",
        "Drie Technohubs kwamen in aanmerking.",  # the total, with the withdrawn hub
        "Een aantal Technohubs en twee typen Technohub.",
        "De ronde telt {{< var hubs.deelnemend >}} Technohubs.",
    ],
)
def test_counts_that_agree_with_the_data_are_not_findings(mini_round: Path, sentence: str) -> None:
    text = mini_round / "teksten" / "inleiding.md"
    found = new_findings(
        mini_round,
        lambda: edit(text, "en @sec-bijlage-hubs).\n", f"en @sec-bijlage-hubs).\n{sentence}\n"),
    )
    assert found == []


def test_name_from_the_key_in_a_note(mini_round: Path) -> None:
    root = mini_round.parents[2]
    shutil.copy(DATA / "names-key.yaml", root / "names-key.yaml")
    note = mini_round / "interviews" / "beta.md"
    found = new_findings(
        mini_round,
        lambda: edit(
            note,
            "- sterkte: Twee bedrijven denken mee.",
            "- sterkte: Fenna Fictief belt bedrijven.",
        ),
    )
    assert found == [
        "fout | naam in de invoer | mini-ronde/interviews/beta.md, regel 17: een naam uit "
        "names-key.yaml (schrijf in plaats daarvan: coördinator van Technohub Beta) staat in de "
        "invoer; personen komen alleen voor met hun rol of een pseudoniem, zonder e-mailadres of "
        "telefoonnummer"
    ]


def test_contact_details_in_a_note(mini_round: Path) -> None:
    note = mini_round / "interviews" / "alpha.md"
    found = new_findings(
        mini_round,
        lambda: edit(
            note,
            "respondenten: [projectleider]",
            "respondenten: [projectleider, bereikbaar via pl@alpha.example of 06-12345678]",
        ),
    )
    assert [f.split(" | ")[1] for f in found] == [
        "e-mailadres in de invoer",
        "telefoonnummer in de invoer",
    ]
    assert "mini-ronde/interviews/alpha.md, regel 6: het e-mailadres 'p…@alpha.example'" in found[0]
    assert "12345678" not in " ".join(found)


def test_quote_from_a_note_that_is_not_quotable(mini_round: Path) -> None:
    note = mini_round / "interviews" / "beta.md"
    beta = mini_round / "beoordeling" / "beta.yaml"

    def change() -> None:
        edit(
            note,
            "- sterkte: Twee bedrijven denken mee.",
            '- sterkte: Twee bedrijven denken mee: "wij leveren elke maand een opdracht".',
        )
        edit(
            beta,
            "      - tekst: Twee bedrijven denken mee.",
            "      - tekst: 'Bedrijven zeggen: \"wij leveren elke maand een opdracht\".'",
        )

    found = new_findings(mini_round, change)
    assert found == [
        "fout | citaat uit niet-citeerbaar interview | mini-ronde/beoordeling/beta.yaml, regel "
        "22: de uitspraak citeert 'wij leveren elke maand een opdracht' en rust op een interview "
        "waarvan de notities niet citeerbaar zijn (citeerbaar: false); schrijf het als parafrase "
        "zonder aanhalingstekens of vraag toestemming om te citeren"
    ]
    edit(note, "respondenten: [coördinator]", "respondenten: [coördinator]\nciteerbaar: true")
    assert not [f for f in findings_of(mini_round) if "citaat" in f]


# --- the command ----------------------------------------------------------------------------


def test_check_command_writes_the_review_and_sets_the_exit_code(mini_round: Path) -> None:
    root = mini_round.parents[2]
    runner = CliRunner()
    result = runner.invoke(app, ["check", "mini-ronde", "--project", str(root)])
    assert result.exit_code == 1, result.output  # the mini round has warnings
    assert "Controle van ronde mini-ronde: 0 fouten en " in result.output
    page = root / "report" / "_output" / "mini-ronde-review.html"
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert "deze controle hoort niet bij het rapport" in html and "Zelfscore wijkt af" in html
    # its decided errors are shown as decided, with reason and role
    assert "<h2>Besloten (5)</h2>" in html and "<td>geaccepteerd</td>" in html
    assert "Besloten (controle/besluiten.yaml):" in result.output
    assert "  - geaccepteerd: begroting en hubs, Bijdrage per Technohub (adviseur)" in result.output
    result = runner.invoke(app, ["check", "mini-ronde", "--project", str(root), "--alleen-fouten"])
    assert result.exit_code == 0, result.output
    edit(mini_round / "beoordeling" / "alpha.yaml", "type: systeemhub", "type: groeihub")
    result = runner.invoke(app, ["check", "mini-ronde", "--project", str(root), "--alleen-fouten"])
    assert result.exit_code == 1
    assert re.search(
        r"Fouten:\n  - mini-ronde/beoordeling/alpha.yaml, regel 2: Alpha: ", result.output
    )


def test_check_reports_invalid_input_without_content_checks(mini_round: Path) -> None:
    edit(mini_round / "beoordeling" / "beta.yaml", "score: 2", "score: 7")
    findings, notes = review_round(mini_round, mini_round.parents[2])
    assert [f.check for f in findings] == ["invoer ongeldig"]
    assert findings[0].severity == ERROR and findings[0].file == "mini-ronde/beoordeling/beta.yaml"
    assert any("los die eerst op" in note for note in notes)
    assert WARNING not in {f.severity for f in findings}


def test_budget_line_counting_other_hubs_than_are_eligible() -> None:
    findings = [f for f in findings_of(REPO / RAW / SAMPLE) if "| begroting en hubs |" in f]
    assert len(findings) == 1
    assert findings[0].startswith("fout | begroting en hubs | 2026-tussentijds/round.yaml")
    assert findings[0].endswith(
        "rekent met 4 Technohubs van € 30.000, maar in 'hubs' komen er 3 voor dat bedrag in "
        "aanmerking, van wie 2 deelnemen."
    )


def test_budget_line_matching_the_eligible_hubs_is_no_finding(mini_round: Path) -> None:
    config = mini_round / "round.yaml"
    assert any("begroting en hubs" in f for f in findings_of(mini_round))
    edit(
        config,
        "{post: Bijdrage per Technohub, aantal: 2,",
        "{post: Bijdrage per Technohub, aantal: 1,",
    )
    assert not any("begroting en hubs" in f for f in findings_of(mini_round))


def _two_points_in_alpha_strengths(raw: Path) -> None:
    """alpha's robuustheid strengths cell holds two points instead of one."""
    path = raw / "zelfevaluaties" / "alpha.xlsx"
    workbook = load_workbook(path)
    cells = [c for row in workbook["Criteria"].iter_rows() for c in row]
    cell = next(c for c in cells if c.value == "- Vaste projectleider")
    cell.value = "- Vaste projectleider\n- Wekelijks overleg met de partners"
    workbook.save(path)


def test_statement_citing_a_whole_cell_of_several_points(mini_round: Path) -> None:
    found = new_findings(mini_round, lambda: _two_points_in_alpha_strengths(mini_round))
    assert (
        "waarschuwing | hele cel als bron | mini-ronde/beoordeling/alpha.yaml, regel 19: de "
        "uitspraak 'Vaste projectleiding zorgt voor continuïteit.' noemt de hele cel "
        "ze-alpha-robuustheid-sterktes als bron: 2 punten (ze-alpha-robuustheid-sterktes-1 "
        "(B3), ze-alpha-robuustheid-sterktes-2 (B4)); noem in 'bronnen' alleen de punten "
        "waarop de uitspraak rust"
    ) in found
    # citing the point it rests on is no finding
    alpha = mini_round / "beoordeling" / "alpha.yaml"
    edit(
        alpha,
        "bronnen: [ze-alpha-robuustheid-sterktes,",
        "bronnen: [ze-alpha-robuustheid-sterktes-1,",
    )
    assert not [f for f in findings_of(mini_round) if "hele cel als bron" in f]


def test_a_cell_of_one_point_may_be_cited_whole(mini_round: Path) -> None:
    assert not [f for f in findings_of(mini_round) if "hele cel als bron" in f]


def test_the_sample_round_cites_points_not_whole_cells() -> None:
    findings, _ = review_round(REPO / RAW / SAMPLE, REPO)
    assert [f for f in findings if f.check == "hele cel als bron"] == []
