"""Scores of consultants and hubs: means, disagreements and scores by subsidy tier (pure)."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from evaltools.round import dutch
from evaltools.round.programme import Unit, unit_of


def hub_scores(scores: pd.DataFrame, self_scores: pd.DataFrame, hubs: pd.DataFrame) -> pd.DataFrame:
    """Per taking-part hub (configuration order): tier, mean and lowest score, mean self-score.

    ``mean`` is exact (a Fraction) so that rules on thresholds never suffer from rounding.
    """
    rows = []
    for hub in hubs[hubs["status"] == "deelnemend"].itertuples():
        mine = [int(s) for s in scores.loc[scores["hub"] == hub.hub, "score"]]
        own = (
            [int(s) for s in self_scores.loc[self_scores["hub"] == hub.hub, "self_score"].dropna()]
            if not self_scores.empty
            else []
        )
        rows.append(
            {
                "hub": hub.hub,
                "label": hub.label,
                "tier": int(hub.tier),
                "criteria": len(mine),
                "mean": Fraction(sum(mine), len(mine)) if mine else None,
                "minimum": min(mine) if mine else None,
                "self_mean": Fraction(sum(own), len(own)) if own else None,
            }
        )
    return pd.DataFrame(rows)


def score_differences(
    scores: pd.DataFrame,
    self_scores: pd.DataFrame,
    hubs: pd.DataFrame,
    criteria: pd.DataFrame,
    threshold: int = 2,
) -> pd.DataFrame:
    """Hub x criterion cells where self-score and consultants' score differ by ``threshold``+.

    ``difference`` is self-score minus the consultants' score (positive: the hub rates itself
    higher). Rows in configuration order of hubs, then criteria.
    """
    columns = ["hub", "label", "criterion", "name", "score", "self_score", "difference"]
    if scores.empty or self_scores.empty:
        return pd.DataFrame(columns=columns)
    merged = scores[["hub", "criterion", "score"]].merge(
        self_scores[["hub", "criterion", "self_score"]].dropna(), on=["hub", "criterion"]
    )
    merged["difference"] = merged["self_score"].astype(int) - merged["score"].astype(int)
    merged = merged[merged["difference"].abs() >= threshold]
    taking_part = hubs[hubs["status"] == "deelnemend"]
    hub_order = {h: i for i, h in enumerate(taking_part["hub"])}
    criterion_order = {c: i for i, c in enumerate(criteria["criterion"])}
    merged = merged[merged["hub"].isin(hub_order)]
    merged = merged.assign(
        label=merged["hub"].map(taking_part.set_index("hub")["label"]),
        name=merged["criterion"].map(criteria.set_index("criterion")["name"]),
        _h=merged["hub"].map(hub_order),
        _c=merged["criterion"].map(criterion_order),
    )
    merged = merged.sort_values(["_h", "_c"], kind="stable")
    return merged[columns].astype({"score": int, "self_score": int}).reset_index(drop=True)


def tier_comparison(hub_table: pd.DataFrame) -> pd.DataFrame:
    """Per subsidy tier (ascending): number of hubs, mean of their mean scores, lowest and highest.

    Every hub counts once (the mean of the hubs' means), whatever its number of criteria.
    """
    rows = []
    for tier, group in hub_table.dropna(subset=["mean"]).groupby("tier", sort=True):
        means = list(group["mean"])
        rows.append(
            {
                "tier": int(tier),
                "hubs": len(means),
                "mean": sum(means, Fraction(0)) / len(means),
                "lowest": min(means),
                "highest": max(means),
                "labels": ", ".join(group["label"]),
            }
        )
    return pd.DataFrame(rows)


def tier_sentence(comparison: pd.DataFrame, unit: Unit | None = None, currency: str = "€") -> str:
    """A descriptive Dutch paragraph with the numbers; no test, no claim of cause and effect."""
    u = unit_of(unit)
    if comparison.empty:
        return "Er zijn geen scores om de bijdragen mee te vergelijken.\n"
    clauses = []
    for row in comparison.sort_values("tier", ascending=False).itertuples():
        amount = dutch.euro(row.tier, currency)
        subject = (
            f"de {dutch.count_word(row.hubs)} {u.plural} met een bijdrage van "
            f"{amount} scoren gemiddeld {dutch.fixed(row.mean)}"
            if row.hubs > 1
            else f"de enige {u.singular} met een bijdrage van {amount} scoort "
            f"gemiddeld {dutch.fixed(row.mean)}"
        )
        if row.hubs > 1:
            subject += (
                f" (per {u.singular} van {dutch.fixed(row.lowest)} tot {dutch.fixed(row.highest)})"
            )
        clauses.append(subject)
    text = "; ".join(clauses)
    text = text[0].upper() + text[1:] + "."
    total = int(comparison["hubs"].sum())
    if len(comparison) == 2:
        low, high = comparison.sort_values("tier").itertuples()
        gap = abs(high.mean - low.mean)
        gap_text = f"Het verschil tussen de twee gemiddelden is {dutch.fixed(gap)} punt"
        # a spread claim only for a group that has one (two hubs or more) and where it holds
        wider = [
            r.tier
            for r in comparison.sort_values("tier", ascending=False).itertuples()
            if r.hubs > 1 and gap < r.highest - r.lowest
        ]
        if len(wider) == 2:
            text += f" {gap_text}, minder dan de spreiding binnen elk van beide groepen."
        elif wider:
            text += (
                f" {gap_text}, minder dan de spreiding binnen de groep met een bijdrage van "
                f"{dutch.euro(wider[0], currency)}."
            )
        else:
            text += f" {gap_text}."
    text += (
        f" Met {dutch.counted(total, u.singular, u.plural)} is dit een beschrijving, geen "
        "statistische toets: uit deze cijfers valt niet af te leiden of de hoogte van de "
        "bijdrage de scores beïnvloedt."
    )
    return text + "\n"


def paired_cells(scores: pd.DataFrame, self_scores: pd.DataFrame, hubs: pd.DataFrame) -> int:
    """Number of taking-part hub x criterion cells that have both a score and a self-score."""
    if scores.empty or self_scores.empty:
        return 0
    taking_part = set(hubs.loc[hubs["status"] == "deelnemend", "hub"])
    both = scores[["hub", "criterion"]].merge(
        self_scores.dropna(subset=["self_score"])[["hub", "criterion"]], on=["hub", "criterion"]
    )
    return int(both["hub"].isin(taking_part).sum())


def tier_alt_text(
    hub_table: pd.DataFrame,
    comparison: pd.DataFrame,
    unit: Unit | None = None,
    currency: str = "€",
) -> str:
    """Alt text of the tier figure, with every hub's mean and each group's mean."""
    u = unit_of(unit)
    groups = []
    for row in comparison.sort_values("tier", ascending=False).itertuples():
        members = hub_table[hub_table["tier"] == row.tier].dropna(subset=["mean"])
        listed = ", ".join(f"{m.label} {dutch.fixed(m.mean)}" for m in members.itertuples())
        amount = dutch.euro(row.tier, currency)
        groups.append(f"bijdrage {amount}: gemiddeld {dutch.fixed(row.mean)} ({listed})")
    return (
        f"Puntgrafiek van de gemiddelde score van de consultants per {u.singular}, gegroepeerd "
        "naar de bijdrage, met een stippellijn voor het gemiddelde van elke groep. "
        + "; ".join(groups)
        + "."
    )
