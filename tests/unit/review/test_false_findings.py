"""Every review check also has a case that must NOT raise its finding: a check that fires on
everything would pass the tests of tests/unit/review/test_checks.py, but not these."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evaltools.review.checks import CHECKS
from tests.support.checks import findings_of
from tests.support.files import edit
from tests.support.paths import DATA

ALPHA = "beoordeling/alpha.yaml"
BETA = "beoordeling/beta.yaml"


def of_check(raw: Path, check: str) -> list[str]:
    """The findings of one check; the input must stay valid, or the content checks never ran."""
    assert check in CHECKS
    findings = findings_of(raw)
    assert not [f for f in findings if " | invoer ongeldig | " in f], findings
    return [f for f in findings if f.split(" | ")[1] == check]


def test_the_clean_mini_round_raises_none_of_these(mini_round: Path) -> None:
    found = {f.split(" | ")[1] for f in findings_of(mini_round)}
    # the mini round's known warnings (tests/unit/review/test_checks.py) and nothing else
    assert found == {
        "geen triangulatie",
        "zelfscore wijkt af",
        "verdeling van middelen",
        "begroting en hubs",
        "ongebruikt bewijs",
    }


def test_a_cell_with_only_an_attention_point_has_evidence(mini_round: Path) -> None:
    # Beta's robuustheid has no strengths, only an attention point: not an empty cell
    assert of_check(mini_round, "cel zonder bewijs") == []


def test_a_statement_resting_on_an_event_has_a_source(mini_round: Path) -> None:
    edit(
        mini_round / ALPHA,
        "bronnen: [iv-alpha-robuustheid-2]\nonderscheidend",
        "bronnen: [ev-iv-alpha]\nonderscheidend",
    )
    assert of_check(mini_round, "uitspraak zonder bron") == []


def test_a_goal_with_a_status_only_in_other_words_has_a_status(mini_round: Path) -> None:
    # both hubs' goals carry a status ('behaald', 'op schema', 'vertraagd'): no finding
    assert of_check(mini_round, "doel zonder status") == []


def test_a_withdrawn_hub_needs_no_interview_and_a_word_note_counts(mini_round: Path) -> None:
    assert of_check(mini_round, "geen interview") == []  # gamma withdrew and has no note


def test_a_type_exactly_at_the_thresholds_agrees_with_the_rule(mini_round: Path) -> None:
    # alpha: scores 2 and 4, mean 3.0 (the threshold) and minimum 2 (the threshold): systeemhub
    edit(mini_round / ALPHA, "robuustheid:\n    score: 3", "robuustheid:\n    score: 2")
    assert of_check(mini_round, "type wijkt af van de regel") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "De twee deelnemende Technohubs en de twee criteria.",
        "Zeven bedrijven en 12 interviewers deden mee.",  # counts of other things
        "In 2026 kwamen 3 Technohubs in aanmerking.",  # the total with the withdrawn hub
        "Wij voerden 2 interviews en zagen 1 systeemhub en 1 groeihub.",
        "Alle 2 criteria.",
    ],
)
def test_counts_that_agree_or_count_something_else(mini_round: Path, sentence: str) -> None:
    edit(
        mini_round / "teksten" / "inleiding.md",
        "en @sec-bijlage-hubs).\n",
        f"en @sec-bijlage-hubs).\n{sentence}\n",
    )
    assert of_check(mini_round, "aantal in tekst klopt niet") == []


def test_roles_and_cross_references_are_no_personal_data(mini_round: Path) -> None:
    shutil.copy(DATA / "names-key.yaml", mini_round.parents[2] / "names-key.yaml")
    edit(
        mini_round / "teksten" / "inleiding.md",
        "en @sec-bijlage-hubs).\n",
        "en @sec-bijlage-hubs).\nDe projectleider van Technohub Alpha (zie @tbl-scores, versie "
        "3.11.7) gaf scores 3 4 2 3 3 4 2 1 3; Verzonnenstraat 12 en de Fictieve Fabriek.\n",
    )
    findings = findings_of(mini_round)
    assert not [f for f in findings if " | invoer ongeldig | " in f], findings
    for check in ("naam in de invoer", "e-mailadres in de invoer", "telefoonnummer in de invoer"):
        assert [f for f in findings if f.split(" | ")[1] == check] == [], check


def test_a_quote_found_in_a_cited_zelfevaluatie_answer_is_allowed(mini_round: Path) -> None:
    edit(
        mini_round / BETA,
        "- tekst: Rollen zijn nog niet belegd.",
        "- tekst: 'De hub schrijft \"Rollen nog open\" in de zelfevaluatie.'",
    )
    assert of_check(mini_round, "citaat uit niet-citeerbaar interview") == []


def test_a_cell_with_both_kinds_of_source_is_triangulated(mini_round: Path) -> None:
    before = of_check(mini_round, "geen triangulatie")
    assert len(before) == 1 and "Beta – Structurele betrokkenheid" in before[0]
    edit(
        mini_round / BETA,
        "bronnen: [iv-beta-bedrijven-1]",
        "bronnen: [iv-beta-bedrijven-1, ze-beta-bedrijven-sterktes]",
    )
    assert of_check(mini_round, "geen triangulatie") == []


def test_an_interview_confirmed_by_an_event_is_triangulated(mini_round: Path) -> None:
    edit(
        mini_round / BETA,
        "bronnen: [iv-beta-bedrijven-1]",
        "bronnen: [iv-beta-bedrijven-1, ev-iv-beta]",
    )
    assert of_check(mini_round, "geen triangulatie") == []


def test_a_self_score_one_point_apart_is_no_finding(mini_round: Path) -> None:
    assert len(of_check(mini_round, "zelfscore wijkt af")) == 1  # beta: 4 against 2
    edit(mini_round / BETA, "robuustheid:\n    score: 2", "robuustheid:\n    score: 3")
    assert of_check(mini_round, "zelfscore wijkt af") == []


def test_weights_only_where_hubs_are_is_no_allocation_flag(mini_round: Path) -> None:
    edit(
        mini_round / "round.yaml",
        "  systeemhub: {innovatie: 40, onderwijsvernieuwing: 10, ecosysteemfunctie: 20}\n"
        "  groeihub: {innovatie: 10, onderwijsvernieuwing: 10, ecosysteemfunctie: 10}",
        "  systeemhub: {innovatie: 60, onderwijsvernieuwing: 0, ecosysteemfunctie: 0}\n"
        "  groeihub: {innovatie: 0, onderwijsvernieuwing: 40, ecosysteemfunctie: 0}",
    )
    assert of_check(mini_round, "verdeling van middelen") == []


def test_a_budget_line_for_the_eligible_hubs_is_no_finding(mini_round: Path) -> None:
    edit(
        mini_round / "round.yaml",
        "{post: Bijdrage per Technohub, aantal: 2, bedrag: 80000}",
        "{post: Bijdrage per Technohub, aantal: 1, bedrag: 80000}",
    )
    assert of_check(mini_round, "begroting en hubs") == []


def test_evidence_cited_only_by_a_condition_is_used(mini_round: Path) -> None:
    unused = of_check(mini_round, "ongebruikt bewijs")
    assert any("iv-alpha-bedrijven-2" in f for f in unused)
    edit(
        mini_round / ALPHA,
        "bronnen: [iv-alpha-robuustheid-2]\nonderscheidend",
        "bronnen: [iv-alpha-robuustheid-2, iv-alpha-bedrijven-2]\nonderscheidend",
    )
    assert not any("iv-alpha-bedrijven-2" in f for f in of_check(mini_round, "ongebruikt bewijs"))


def test_valid_input_is_not_invalid(mini_round: Path) -> None:
    assert of_check(mini_round, "invoer ongeldig") == []
