"""The analysis computations with hand-computed expectations (pure functions, no notebooks)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from evaltools.analyse.allocation import (
    AllocationError,
    Budget,
    allocation_amounts_markdown,
    allocation_flags,
    allocation_markdown,
    budget_text,
    choose_budget,
    default_budget,
    euro_table,
    hub_share_lines,
    hub_shares,
    percentage_table,
)
from evaltools.analyse.goals import (
    change_texts,
    goal_status_counts,
    kpi_change,
    kpi_table,
    status_sentence,
)
from evaltools.analyse.scoring import (
    hub_scores,
    paired_cells,
    score_differences,
    tier_comparison,
    tier_sentence,
)
from evaltools.analyse.typology import suggested_type, type_feature_counts, typology_check
from evaltools.report.parts import budget_table, goals_part, scores_part
from evaltools.report.typology_parts import typology_check_part
from evaltools.round import dutch
from evaltools.round.models import TypologyRule

RULE = TypologyRule(drempel_gemiddelde=3.0, drempel_minimum=2)


def hubs_table(*rows: tuple[str, str, int, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"hub": h, "label": label, "tier": tier, "status": status, "name": f"Technohub {label}"}
            for h, label, tier, status in rows
        ]
    )


HUBS = hubs_table(
    ("a", "Alfa", 80000, "deelnemend"),
    ("b", "Bravo", 30000, "deelnemend"),
    ("c", "Charlie", 80000, "deelnemend"),
    ("x", "Xray", 30000, "teruggetrokken"),
)


# --- formatting --------------------------------------------------------------------------------


def test_dutch_numbers_round_half_up() -> None:
    assert dutch.number(2.5, 0) == "3"  # not banker's rounding
    assert dutch.number(1234567.0) == "1.234.567"
    assert dutch.number(2.25) == "2,3"
    assert dutch.fixed(3) == "3,0"
    assert dutch.fixed(Fraction(89, 30)) == "3,0"
    assert dutch.signed(24.0) == "+24"
    assert dutch.signed(-2.0) == "−2"
    assert dutch.signed(0.0) == "0"
    assert dutch.percent(24 / 88, sign=True) == "+27%"
    assert dutch.percent(Fraction(-1, 8), sign=True) == "−13%"
    assert dutch.euro(Fraction(170625, 2)) == "€ 85.313"
    assert dutch.count_word(7) == "zeven" and dutch.count_word(27) == "27"


def test_every_euro_amount_is_written_by_the_one_formatter() -> None:
    budget = pd.DataFrame(
        [{"item": "Bijdrage", "count": 1, "amount": 12500.5, "total": 12500.5}]
    )  # half a euro rounds up, as in dutch.euro: never banker's rounding to € 12.500
    assert dutch.euro(12500.5) == "€ 12.501"
    assert budget_table(budget).count("€ 12.501") == 3


# --- KPIs and goals ------------------------------------------------------------------------------


def test_kpi_change_of_88_to_112_followers_is_plus_24_and_27_percent() -> None:
    change = kpi_change(88, 112, 150)
    assert change.absolute == 24
    assert change.relative == pytest.approx(24 / 88)
    assert change.progress == pytest.approx(24 / 62)
    assert change.reached is False
    row = {"baseline": 88.0, "current": 112.0, "target": 150.0, **change.__dict__}
    texts = change_texts(row)
    assert (texts["absolute"], texts["relative"], texts["progress"]) == ("+24", "+27%", "39%")


def test_zero_baseline_has_no_relative_change() -> None:
    change = kpi_change(0, 5, 10)
    assert change.absolute == 5 and change.relative is None
    assert change.progress == pytest.approx(0.5)
    texts = change_texts({"baseline": 0.0, "current": 5.0, "target": 10.0, **change.__dict__})
    assert texts["relative"] == "n.v.t." and texts["absolute"] == "+5"
    assert texts["progress"] == "50%"


def test_missing_baseline_or_current_gives_no_change() -> None:
    no_baseline = kpi_change(None, 12, None)
    assert (no_baseline.absolute, no_baseline.relative, no_baseline.progress) == (None, None, None)
    texts = change_texts(
        {"baseline": None, "current": 12.0, "target": None, **no_baseline.__dict__}
    )
    assert (texts["baseline"], texts["absolute"], texts["relative"]) == ("–", "–", "–")
    assert texts["progress"] == "–"
    no_current = kpi_change(4, float("nan"), 10)
    assert no_current == type(no_current)(None, None, None, None)
    # without a baseline the target can still be reached
    assert kpi_change(None, 12, 10).reached is True


def test_progress_toward_a_target_below_the_baseline_and_target_reached() -> None:
    falling = kpi_change(10, 6, 5)
    assert falling.progress == pytest.approx(0.8) and falling.reached is False
    assert kpi_change(10, 4, 5).reached is True
    over = kpi_change(4, 12, 10)
    assert over.progress == pytest.approx(8 / 6) and over.reached is True
    texts = change_texts({"baseline": 4.0, "current": 12.0, "target": 10.0, **over.__dict__})
    assert texts["progress"] == "133% (bereikt)" and texts["relative"] == "+200%"
    flat = kpi_change(3, 3, 3)
    assert flat.progress is None and flat.reached is True


def test_kpi_table_reads_processed_kpis() -> None:
    kpis = pd.DataFrame(
        [
            {"hub": "a", "number": 1, "name": "Volgers", "unit": "aantal", "baseline": 88.0,
             "current": 112.0, "target": 150.0},
            {"hub": "b", "number": 1, "name": "Deelnemers", "unit": "aantal",
             "baseline": float("nan"), "current": 12.0, "target": float("nan")},
        ]
    )  # fmt: skip
    table = kpi_table(kpis, HUBS)
    assert list(table["label"]) == ["Alfa", "Bravo"]
    assert table.loc[0, "absolute"] == 24 and pd.isna(table.loc[1, "absolute"])
    assert kpi_table(kpis.iloc[0:0], HUBS).empty


def test_goal_status_counts_and_sentence() -> None:
    goals = pd.DataFrame(
        {
            "hub": ["a", "a", "a", "a", "b", "x"],
            "status": ["behaald", "behaald", "vertraagd", "op schema", "niet gestart", "behaald"],
        }
    )
    counts = goal_status_counts(goals, HUBS)
    assert list(counts.index) == ["Alfa", "Bravo", "Charlie"]  # withdrawn hub left out
    assert counts.loc["Alfa"].to_dict() == {
        "behaald": 2,
        "op schema": 1,
        "vertraagd": 1,
        "bijgesteld": 0,
        "niet gestart": 0,
        "totaal": 4,
    }
    assert counts.loc["Charlie", "totaal"] == 0
    assert status_sentence(counts.loc["Alfa"]) == (
        "Van de vier doelen zijn er twee behaald, één op schema en één vertraagd."
    )
    assert status_sentence(counts.loc["Bravo"]) == "Het enige doel is niet gestart."
    # grammatical for every count: one status for all, and the verb agrees with the first count
    same = pd.Series({"behaald": 0, "op schema": 3, "vertraagd": 0, "totaal": 3})
    assert status_sentence(same) == "Alle drie de doelen zijn op schema."
    both = pd.Series({"behaald": 2, "totaal": 2})
    assert status_sentence(both, cite="@tbl-doelen") == "Beide doelen zijn behaald (@tbl-doelen)."
    one_first = pd.Series({"behaald": 1, "op schema": 2, "totaal": 3})
    assert status_sentence(one_first) == "Van de drie doelen is er één behaald en twee op schema."
    assert status_sentence(counts.loc["Charlie"]) == "De Technohub heeft geen doelen opgegeven."


def test_goals_part_counts_goals_and_kpis() -> None:
    goals = pd.DataFrame({"hub": ["a", "b", "b"], "status": ["behaald", "vertraagd", "behaald"]})
    kpis = kpi_table(
        pd.DataFrame(
            [
                {"hub": "a", "number": 1, "name": "K1", "unit": "", "baseline": 0.0,
                 "current": 5.0, "target": 5.0},
                {"hub": "b", "number": 1, "name": "K2", "unit": "", "baseline": float("nan"),
                 "current": 3.0, "target": 10.0},
            ]
        ),
        HUBS,
    )  # fmt: skip
    text = goals_part(goal_status_counts(goals, HUBS), kpis)
    assert "Van de drie doelen zijn er twee behaald en één vertraagd (@tbl-doelen)." in text
    assert "De Technohubs gaven samen twee KPI's op. Bij één daarvan zijn nulmeting" in text
    assert "twee KPI's hebben een streefwaarde, en die is bij één al bereikt" in text


# --- scores and tiers ----------------------------------------------------------------------------

CRITERIA = pd.DataFrame({"criterion": ["r", "s"], "name": ["Robuust", "Samen"]})


def scores_of(values: dict[str, tuple[int, int]], column: str = "score") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"hub": hub, "criterion": criterion, column: value}
            for hub, pair in values.items()
            for criterion, value in zip(("r", "s"), pair, strict=True)
        ]
    )


SCORES = scores_of({"a": (3, 4), "b": (2, 2), "c": (2, 3), "x": (1, 1)})
SELF = scores_of({"a": (4, 4), "b": (4, 1), "c": (3, 3), "x": (4, 4)}, "self_score")


def test_score_differences_of_two_or_more_in_configuration_order() -> None:
    differences = score_differences(SCORES, SELF, HUBS, CRITERIA, threshold=2)
    assert differences[["hub", "criterion", "score", "self_score", "difference"]].to_dict(
        "records"
    ) == [{"hub": "b", "criterion": "r", "score": 2, "self_score": 4, "difference": 2}]
    assert len(score_differences(SCORES, SELF, HUBS, CRITERIA, threshold=1)) == 4
    assert paired_cells(SCORES, SELF, HUBS) == 6
    text = scores_part("FIGUUR\n", differences, 2, 6)
    assert "In één van de zes cellen wijkt de zelfscore twee of meer af" in text
    assert "telkens schat de Technohub zichzelf hoger in" in text


def test_tier_comparison_describes_without_claiming() -> None:
    per_hub = hub_scores(SCORES, SELF, HUBS)
    assert list(per_hub["mean"]) == [Fraction(7, 2), Fraction(2), Fraction(5, 2)]
    assert list(per_hub["self_mean"]) == [Fraction(4), Fraction(5, 2), Fraction(3)]
    comparison = tier_comparison(per_hub)
    assert comparison[["tier", "hubs"]].to_dict("records") == [
        {"tier": 30000, "hubs": 1},
        {"tier": 80000, "hubs": 2},
    ]
    # 80k: Alfa 3.5 and Charlie 2.5 -> mean 3.0, range 1.0; 30k: Bravo 2.0
    assert comparison.loc[1, "mean"] == 3 and comparison.loc[1, "lowest"] == Fraction(5, 2)
    sentence = tier_sentence(comparison)
    assert sentence.startswith(
        "De twee Technohubs met een bijdrage van € 80.000 scoren gemiddeld 3,0 (per Technohub "
        "van 2,5 tot 3,5); de enige Technohub met een bijdrage van € 30.000 scoort gemiddeld 2,0."
    )
    assert "Het verschil tussen de twee gemiddelden is 1,0 punt." in sentence
    assert "Met drie Technohubs is dit een beschrijving, geen statistische toets" in sentence


def test_tier_sentence_compares_the_gap_with_the_spread() -> None:
    per_hub = pd.DataFrame(
        {
            "label": ["A", "B", "C", "D"],
            "tier": [80000, 80000, 30000, 30000],
            "mean": [Fraction(3), Fraction(2), Fraction(5, 2), Fraction(3, 2)],
        }
    )
    sentence = tier_sentence(tier_comparison(per_hub))
    # means 2.5 and 2.0: gap 0.5 is less than both spreads (1.0 and 1.0)
    assert "is 0,5 punt, minder dan de spreiding binnen elk van beide groepen." in sentence


@pytest.mark.parametrize(
    ("tiers", "means", "claim"),
    [
        # one group: no gap, no spread claim
        ([80000, 80000, 80000], [Fraction(3), Fraction(2), Fraction(1)], None),
        # two groups, one of a single hub: only the other group has a spread
        (
            [80000, 80000, 30000],
            [Fraction(4), Fraction(2), Fraction(5, 2)],
            "is 0,5 punt, minder dan de spreiding binnen de groep met een bijdrage van € 80.000.",
        ),
        # two groups of one hub each: no spread at all
        ([80000, 30000], [Fraction(3), Fraction(2)], "is 1,0 punt."),
        # two groups, the gap wider than one group's spread only
        (
            [80000, 80000, 30000, 30000],
            [Fraction(3), Fraction(2), Fraction(7, 2), Fraction(13, 4)],
            "is 0,9 punt, minder dan de spreiding binnen de groep met een bijdrage van € 80.000.",
        ),
    ],
)
def test_tier_sentence_claims_a_spread_only_where_it_holds(
    tiers: list[int], means: list[Fraction], claim: str | None
) -> None:
    labels = [chr(ord("A") + i) for i in range(len(tiers))]
    per_hub = pd.DataFrame({"label": labels, "tier": tiers, "mean": means})
    sentence = tier_sentence(tier_comparison(per_hub))
    if claim is None:
        assert "verschil" not in sentence and "spreiding" not in sentence
    else:
        assert claim in sentence
        assert "elk van beide" not in sentence
    assert "Nul" not in sentence and f"Met {len(tiers)} " not in sentence


def test_tier_sentence_of_one_hub_counts_it_in_the_singular() -> None:
    per_hub = pd.DataFrame({"label": ["A"], "tier": [80000], "mean": [Fraction(3)]})
    assert "Met één Technohub is dit" in tier_sentence(tier_comparison(per_hub))


# --- typology ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([3, 3, 3, 3, 3, 3], "systeemhub"),  # mean exactly 3.0: meets the threshold
        ([4, 4, 3, 3, 2, 2], "systeemhub"),  # lowest exactly 2: not below the minimum
        ([4, 3, 3, 3, 3, 2], "systeemhub"),  # 18/6 with a 2
        ([3, 3, 3, 3, 3, 2], "groeihub"),  # 17/6 is below 3.0
        ([4, 4, 4, 4, 4, 1], "groeihub"),  # mean 3.5, but one criterion below 2
        ([], "groeihub"),
    ],
)
def test_typology_rule_on_its_boundaries(scores: list[int], expected: str) -> None:
    assert suggested_type(scores, RULE) == expected


def test_typology_rule_is_exact_for_decimal_thresholds() -> None:
    rule = TypologyRule(drempel_gemiddelde=3.1, drempel_minimum=1)
    assert suggested_type([3] * 9 + [4], rule) == "systeemhub"  # 31/10 == 3.1
    assert suggested_type([3] * 10, rule) == "groeihub"


def test_typology_check_lists_every_disagreement_with_its_reason() -> None:
    profiles = pd.DataFrame(
        [
            {"hub": "a", "type": "systeemhub", "feature": "innovatie", "type_reason": ""},
            {"hub": "b", "type": "systeemhub", "feature": "innovatie",
             "type_reason": "Sterk netwerk ondanks lage scores."},
            {"hub": "c", "type": "groeihub", "feature": "ecosysteemfunctie",
             "type_reason": float("nan")},
        ]
    )  # fmt: skip
    tables = {"hubs": HUBS, "scores": SCORES, "profiles": profiles}
    check = typology_check(tables, RULE)
    assert list(check["suggested"]) == ["systeemhub", "groeihub", "groeihub"]
    assert list(check["agrees"]) == [True, False, True]
    counts = type_feature_counts(profiles, HUBS)
    text = typology_check_part(check, RULE, counts)
    assert "komt uit op één systeemhub en twee groeihubs" in text
    assert "Bij één Technohub wijkt het besluit af van de regel" in text
    assert "Sterk netwerk ondanks lage scores." in text  # a table cell: pandoc escapes it
    assert counts.loc["systeemhub", "innovatie"] == 2
    assert counts.loc["groeihub", "ecosysteemfunctie"] == 1
    assert counts.loc["totaal", "totaal"] == 3
    without = typology_check(tables, None)
    assert without["agrees"].all() and without["suggested"].isna().all()
    assert "geen regel voor de typologie" in typology_check_part(without, None, counts)


# --- allocation ----------------------------------------------------------------------------------

WEIGHTS = {
    "systeemhub": {"innovatie": 30, "onderwijsvernieuwing": 15, "ecosysteemfunctie": 25},
    "groeihub": {"innovatie": 15, "onderwijsvernieuwing": 5, "ecosysteemfunctie": 10},
}
PROFILES = pd.DataFrame(
    {
        "hub": ["a", "b", "c"],
        "type": ["systeemhub", "systeemhub", "groeihub"],
        "feature": ["innovatie", "innovatie", "ecosysteemfunctie"],
    }
)


def test_percentage_table_totals_and_the_100_percent_rule() -> None:
    table = percentage_table(WEIGHTS)
    assert table.loc["systeemhub", "totaal"] == 70 and table.loc["groeihub", "totaal"] == 30
    assert table.loc["totaal", "innovatie"] == 45 and table.loc["totaal", "totaal"] == 100
    wrong = {**WEIGHTS, "groeihub": {**WEIGHTS["groeihub"], "innovatie": 10}}
    with pytest.raises(AllocationError, match=r"telt op tot 95% in plaats van 100%"):
        percentage_table(wrong)


def test_euros_and_share_per_hub_for_a_budget_of_one_million() -> None:
    euros = euro_table(percentage_table(WEIGHTS), 1_000_000)
    assert euros.loc["systeemhub", "innovatie"] == 300_000
    assert euros.loc["groeihub", "totaal"] == 300_000
    assert euros.loc["totaal", "totaal"] == 1_000_000
    shares = hub_shares(WEIGHTS, PROFILES, HUBS, 1_000_000)
    assigned = shares[shares["hub"] != ""].set_index("hub")
    assert assigned.loc["a", "amount"] == 150_000 and assigned.loc["b", "amount"] == 150_000
    assert assigned.loc["a", "sharing"] == 2
    assert assigned.loc["c", "amount"] == 100_000
    unassigned = shares[shares["hub"] == ""]
    assert [(r.type, r.feature, r.amount) for r in unassigned.itertuples()] == [
        ("systeemhub", "onderwijsvernieuwing", 150_000),
        ("systeemhub", "ecosysteemfunctie", 250_000),
        ("groeihub", "innovatie", 150_000),
        ("groeihub", "onderwijsvernieuwing", 50_000),
    ]
    assert sum(shares["amount"]) == 1_000_000
    text = allocation_amounts_markdown(euros, budget_text(Budget(1_000_000, "round")))
    assert text.startswith(
        "Uitgaande van het budget voor de volgende fase dat voor deze ronde is vastgelegd, "
        "€ 1.000.000, komt deze verdeling"
    )
    assert "€ 300.000" in text and "{#tbl-allocatie-bedragen}" in text
    lines = hub_share_lines(shares)
    assert any(line.startswith("niet toegewezen: € 150.000") for line in lines)


def test_amounts_are_exact_and_rounded_half_up_for_display() -> None:
    shares = hub_shares(WEIGHTS, PROFILES, HUBS, 682_501)
    a = shares.set_index("hub").loc["a", "amount"]
    assert a == Fraction(682_501 * 30, 200)  # 102375.15, exactly
    assert dutch.euro(a) == "€ 102.375"


def test_flags_for_a_weighted_cell_without_hubs_and_a_hub_without_weight() -> None:
    weights = {
        "systeemhub": {"innovatie": 60, "onderwijsvernieuwing": 0, "ecosysteemfunctie": 0},
        "groeihub": {"innovatie": 40, "onderwijsvernieuwing": 0, "ecosysteemfunctie": 0},
    }
    profiles = pd.DataFrame(
        {"hub": ["a", "c"], "type": ["systeemhub", "systeemhub"],
         "feature": ["innovatie", "ecosysteemfunctie"]}
    )  # fmt: skip
    flags = allocation_flags(weights, profiles)
    assert [(f.hub_type, f.feature) for f in flags] == [
        ("systeemhub", "ecosysteemfunctie"),
        ("groeihub", "innovatie"),
    ]
    assert "geen middelen" in flags[0].message and "c" in flags[0].message
    assert "40% is toegekend aan groeihub – innovatie" in flags[1].message
    shares = hub_shares(weights, profiles, HUBS, 1000)
    assert shares.set_index("hub").loc["c", "amount"] == 0
    text = allocation_markdown(percentage_table(weights), "BEDRAGEN")
    # the flags are for the review, not for the client's text
    assert "BEDRAGEN" in text and "callout" not in text and "geen Technohub" not in text


def test_budget_is_the_override_else_the_rounds_else_what_the_hubs_received() -> None:
    assert default_budget(HUBS) == 80000 + 30000 + 80000
    assert choose_budget(None, None, HUBS) == Budget(190000, "fallback")
    assert choose_budget(None, 500_000, HUBS) == Budget(500_000, "round")
    assert choose_budget(750_000, 500_000, HUBS) == Budget(750_000, "override")
    assert choose_budget(750_000, None, HUBS) == Budget(750_000, "override")
    fallback = budget_text(Budget(190000, "fallback"))
    assert "€ 190.000, het bedrag dat de deelnemende Technohubs" in fallback
    assert "geen budget vastgelegd" in fallback
    assert "€ 750.000, dat bij het uitvoeren van de analyse is opgegeven in plaats van" in (
        budget_text(Budget(750_000, "override"))
    )


def test_a_budget_chosen_beforehand_keeps_its_source() -> None:
    """The pipeline passes the budget it chose and where it came from (budget_source), so that
    the executed notebook names the amount and a rerun with those parameters says the same."""
    from evaltools.analyse import stage
    from evaltools.analyse.allocation import AllocationError, budget_line

    assert choose_budget(500_000, None, HUBS, "round") == Budget(500_000, "round")
    assert choose_budget(190_000, None, HUBS, "fallback") == Budget(190_000, "fallback")
    assert choose_budget(190_000, None, HUBS, "") == Budget(190_000, "override")
    with pytest.raises(AllocationError, match="budget_source is 'ronde'; kies uit override"):
        choose_budget(1, None, HUBS, "ronde")  # type: ignore[arg-type]
    assert stage._budget(None, 500_000, Path("ongebruikt")) == {
        "budget": 500_000,
        "budget_source": "round",
    }
    assert stage._budget(750_000, 500_000, Path("ongebruikt"))["budget_source"] == "override"
    assert budget_line(Budget(500_000, "round")) == (
        "Te verdelen budget: € 500.000, het budget van deze ronde (round.yaml)."
    )


def test_the_allocation_names_its_budget_and_where_it_comes_from_without_amounts() -> None:
    """Issue 25: the client edition named no budget (the amounts table is optional); the
    sentence under the percentages says which budget they divide, in the round's currency."""
    table = percentage_table(WEIGHTS)
    sentences = {
        source: budget_text(Budget(amount, source), amounts=False)
        for source, amount in (("round", 600_000), ("fallback", 190_000), ("override", 750_000))
    }
    assert sentences["round"] == (
        "Deze verdeling gaat uit van het budget voor de volgende fase dat voor deze ronde is "
        "vastgelegd, € 600.000."
    )
    assert sentences["fallback"].startswith("Deze verdeling gaat uit van een budget van € 190.000")
    assert "samen ontvingen (voor deze ronde is geen budget vastgelegd)" in sentences["fallback"]
    assert "€ 750.000, dat bij het uitvoeren van de analyse is opgegeven" in sentences["override"]
    assert all("@tbl-allocatie-bedragen" not in text for text in sentences.values())
    text = allocation_markdown(table, sentences["round"])
    caption = text.index("{#tbl-allocatie}")
    assert text.index("€ 600.000") > caption  # under the percentage table
    euro_text = budget_text(Budget(600_000, "round"), currency="EUR", amounts=False)
    assert euro_text.endswith("vastgelegd, EUR 600.000.")
