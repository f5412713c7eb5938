"""The typology rule of round.yaml against the consultants' decision; counts per type x kenmerk."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import pandas as pd

from evaltools.round.models import TypologyRule
from evaltools.round.programme import Typology, typology_of


def suggested_type(
    scores: Sequence[int], rule: TypologyRule, typology: Typology | None = None
) -> str:
    """The programme's first type when the mean score >= drempel_gemiddelde and no score <
    drempel_minimum, else its second.

    Exact arithmetic: a mean of 18/6 meets a threshold of 3.0, one of 17/6 does not.
    """
    first, second = typology_of(typology).type_names
    if not scores:
        return second
    mean = Fraction(sum(scores), len(scores))
    threshold = Fraction(str(rule.mean_threshold))
    if mean >= threshold and min(scores) >= rule.minimum_threshold:
        return first
    return second


def typology_check(
    tables: dict[str, pd.DataFrame], rule: TypologyRule | None, typology: Typology | None = None
) -> pd.DataFrame:
    """Per taking-part hub: mean and lowest score, the rule's type, the decision, and the reason.

    The consultants' decision (beoordeling ``type``) stands; ``agrees`` marks where the rule
    would say the same. Without a rule, ``suggested`` is empty and every row agrees.
    """
    hubs = tables["hubs"]
    scores = tables["scores"]
    profiles = tables["profiles"].set_index("hub") if not tables["profiles"].empty else None
    rows = []
    for hub in hubs[hubs["status"] == "deelnemend"].itertuples():
        if profiles is None or hub.hub not in profiles.index:
            continue
        mine = [int(s) for s in scores.loc[scores["hub"] == hub.hub, "score"]]
        decided = profiles.at[hub.hub, "type"]
        suggested = suggested_type(mine, rule, typology) if rule is not None else None
        reason = profiles.at[hub.hub, "type_reason"]
        rows.append(
            {
                "hub": hub.hub,
                "label": hub.label,
                "mean": Fraction(sum(mine), len(mine)) if mine else None,
                "minimum": min(mine) if mine else None,
                "suggested": suggested,
                "decided": decided,
                "feature": profiles.at[hub.hub, "feature"],
                "agrees": suggested is None or suggested == decided,
                "reason": "" if pd.isna(reason) else str(reason),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "hub",
            "label",
            "mean",
            "minimum",
            "suggested",
            "decided",
            "feature",
            "agrees",
            "reason",
        ],
    )


def type_feature_counts(
    profiles: pd.DataFrame, hubs: pd.DataFrame, typology: Typology | None = None
) -> pd.DataFrame:
    """Number of taking-part hubs per type (rows) x dominant kenmerk (columns), with totals."""
    taking_part = set(hubs.loc[hubs["status"] == "deelnemend", "hub"])
    mine = profiles[profiles["hub"].isin(taking_part)] if not profiles.empty else profiles
    known = typology_of(typology)
    table = pd.DataFrame(0, index=list(known.type_names), columns=list(known.features))
    for row in mine.itertuples():
        table.loc[row.type, row.feature] += 1
    table["totaal"] = table.sum(axis=1)
    table.loc["totaal"] = table.sum(axis=0)
    return table
