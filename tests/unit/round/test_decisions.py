"""Decisions on the findings of the check: reading and validating controle/besluiten.yaml,
matching them to findings, and the gate's refusal."""

from __future__ import annotations

import shutil
from pathlib import Path

from evaltools.ingest.validate import check_round
from evaltools.new_round.create import create_new_round
from evaltools.review.gate import refusal
from evaltools.round.decisions import (
    DECISION_CHECK,
    Decision,
    RecordedDecision,
    apply_decisions,
    decision_template,
)
from evaltools.round.findings import ERROR, WARNING, Finding
from tests.support.paths import MINI, REPO, SAMPLE

ROUND = "r"
CELL = Finding(
    ERROR,
    "verdeling van middelen",
    "r/round.yaml",
    "regel 40",
    "15% is toegekend aan groeihub – innovatie, maar geen Technohub heeft deze combinatie.",
    "groeihub – innovatie",
)
GAP = Finding(WARNING, "zelfscore wijkt af", "r/zelfevaluaties/a.xlsx", "Criteria!C2", "hoger")


def _decision(decision: str = "geaccepteerd", **keys: str) -> RecordedDecision:
    data = {
        "controle": "verdeling van middelen",
        "bestand": "round.yaml",
        "betreft": "groeihub – innovatie",
        "besluit": decision,
        "reden": "Het aandeel is voor een Technohub die later instroomt.",
        "rol": "adviseur",
        **keys,
    }
    return RecordedDecision(Decision.model_validate(data), "r/controle/besluiten.yaml", "regel 3")


def test_an_accepted_finding_is_decided_and_no_longer_blocks() -> None:
    verdict = apply_decisions([CELL, GAP], [_decision()], ROUND, {CELL.check: "allocatie"})
    assert verdict.findings == [GAP] and verdict.blocking == []
    assert [(d.finding, d.part) for d in verdict.decided] == [(CELL, "allocatie")]


def test_the_subject_survives_a_moved_line_a_new_message_case_and_dash() -> None:
    moved = Finding(ERROR, CELL.check, CELL.file, "regel 77", "anders gezegd", CELL.subject)
    decision = _decision(betreft="Groeihub - innovatie")
    assert apply_decisions([moved], [decision], ROUND).blocking == []


def test_a_decision_on_another_subject_leaves_the_error_open() -> None:
    verdict = apply_decisions([CELL], [_decision(betreft="groeihub – onderwijsvernieuwing")], ROUND)
    assert verdict.blocking == [CELL]
    stale = [f for f in verdict.findings if f.check == DECISION_CHECK]
    assert len(stale) == 1 and stale[0].severity == WARNING
    assert stale[0].file == "r/controle/besluiten.yaml" and stale[0].place == "regel 3"
    assert "hoort bij geen bevinding" in stale[0].message


def test_a_finding_without_subject_is_named_by_its_place() -> None:
    gap = _decision(controle="zelfscore wijkt af", bestand="zelfevaluaties/a.xlsx", betreft="")
    assert apply_decisions([GAP], [gap], ROUND).findings != []  # no place: no match
    placed = _decision(
        controle="zelfscore wijkt af",
        bestand="zelfevaluaties/a.xlsx",
        betreft="",
        plaats="Criteria!C2",
    )
    verdict = apply_decisions([GAP], [placed], ROUND)
    assert verdict.findings == [] and len(verdict.decided) == 1


def test_a_finding_with_a_subject_may_still_be_named_by_its_place() -> None:
    """A decision recorded by place (as offered before the finding had a subject) holds."""
    by_place = _decision(betreft="", plaats="regel 40")
    verdict = apply_decisions([CELL], [by_place], ROUND)
    assert verdict.findings == [] and len(verdict.decided) == 1
    whole_file = Finding(ERROR, "geen interview", "r/interviews/b.md", "", "geen notitie", "B")
    offered_before = _decision(controle="geen interview", bestand="interviews/b.md", betreft="")
    assert apply_decisions([whole_file], [offered_before], ROUND).findings == []


def test_a_correction_that_did_not_take_is_an_error() -> None:
    verdict = apply_decisions([CELL], [_decision("gecorrigeerd")], ROUND)
    assert CELL in verdict.blocking
    failed = [f for f in verdict.blocking if f.check == DECISION_CHECK]
    assert len(failed) == 1 and "de correctie is niet gelukt" in failed[0].message
    assert verdict.decided == []


def test_a_correction_whose_finding_is_gone_is_decided() -> None:
    verdict = apply_decisions([], [_decision("gecorrigeerd")], ROUND, {CELL.check: "allocatie"})
    assert verdict.findings == []
    [decided] = verdict.decided
    assert decided.decision.decision == "gecorrigeerd" and decided.finding.message == ""
    assert decided.finding.file == "r/round.yaml" and decided.part == "allocatie"


def test_the_template_and_the_refusal_name_the_finding_and_how_to_decide() -> None:
    template = decision_template(CELL, ROUND)
    assert "controle: verdeling van middelen\n" in template
    assert "bestand: round.yaml\n" in template and "betreft: groeihub – innovatie\n" in template
    assert "plaats: Criteria!C2" in decision_template(GAP, ROUND)
    message = refusal(ROUND, [CELL])
    assert message.startswith("De klanteditie van ronde r is niet gemaakt")
    assert "  - [verdeling van middelen] r/round.yaml, regel 40: 15% is toegekend" in message
    assert "data/raw/r/controle/besluiten.yaml" in message and template in message


# --- reading and validating the file (with the round) --------------------------------------------


def _write(mini_round: Path, text: str) -> Path:
    folder = mini_round / "controle"
    folder.mkdir(exist_ok=True)
    path = folder / "besluiten.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_rounds_with_decisions_validate() -> None:
    for folder in (REPO / "data" / "raw" / SAMPLE, REPO / "tests" / "data" / "2027-eind"):
        raw, problems = check_round(folder)
        assert problems == [] and raw is not None and raw.decisions, folder


def test_every_problem_of_the_decisions_at_once(mini_round: Path) -> None:
    _write(
        mini_round,
        "besluiten:\n"
        "  - controle: verdeling van middelen\n"
        "    bestand: round.yaml\n"
        "    betreft: groeihub – innovatie\n"
        "    besluit: goedgekeurd\n"
        "    rol: adviseur\n"
        "  - controle: begroting en hubs\n"
        "    bestand: round.yaml\n"
        "    betreft: Bijdrage per Technohub\n"
        "    plaats: regel 35\n"
        "    besluit: geaccepteerd\n"
        "    reden: Zo vastgesteld.\n"
        "    rol: adviseur\n",
    )
    (mini_round / "controle" / "notities.txt").write_text("x", encoding="utf-8")
    _, problems = check_round(mini_round)
    shown = [str(p) for p in problems if "controle/" in p.file]
    file = f"{MINI}/controle/besluiten.yaml"
    assert any(s.startswith(f"{file}, regel 5: veld 'besluiten[1].besluit'") for s in shown), shown
    assert any("gecorrigeerd of geaccepteerd" in s for s in shown), shown
    assert any(s.startswith(f"{file}, regel 2: veld 'besluiten[1].reden'") for s in shown), shown
    assert len(shown) == 3 and any("notities.txt" in s for s in shown), shown


def test_two_decisions_on_one_finding_and_both_what_and_where(mini_round: Path) -> None:
    one = (
        "  - controle: begroting en hubs\n    bestand: round.yaml\n"
        "    betreft: Bijdrage per Technohub\n    besluit: geaccepteerd\n"
        "    reden: Zo vastgesteld.\n    rol: adviseur\n"
    )
    _write(mini_round, "besluiten:\n" + one + one)
    _, problems = check_round(mini_round)
    assert [p.place for p in problems] == ["regel 8"]
    assert "een tweede besluit over dezelfde bevinding" in str(problems[0])
    assert "het eerste staat op regel 2" in str(problems[0])
    _write(
        mini_round,
        "besluiten:\n" + one.replace("    besluit:", "    plaats: regel 3\n    besluit:"),
    )
    _, problems = check_round(mini_round)
    assert len(problems) == 1 and "zowel 'betreft' als 'plaats'" in str(problems[0])


def test_a_new_round_does_not_carry_the_decisions(tmp_path: Path) -> None:
    # decisions are per round: the next round's findings are decided anew
    shutil.copytree(REPO / "data" / "raw" / SAMPLE, tmp_path / SAMPLE)
    assert (tmp_path / SAMPLE / "controle" / "besluiten.yaml").is_file()
    written = create_new_round(tmp_path, "2027-volgende", SAMPLE)
    assert written and not (tmp_path / "2027-volgende" / "controle").exists()
    assert not any("controle" in p.relative_to(tmp_path).parts for p in written)


def test_the_template_filled_in_only_halfway_is_refused(mini_round: Path) -> None:
    _write(mini_round, "besluiten:\n" + decision_template(CELL, MINI) + "\n")
    _, problems = check_round(mini_round)
    assert sorted(p.field for p in problems) == ["reden", "rol"]
    assert all("nog de invulhulp" in str(p) for p in problems)
