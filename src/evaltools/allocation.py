"""Allocation of funds over type x dominant kenmerk: percentages, euros and flags (pure)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evaltools.models import FEATURES, HUB_TYPES


class AllocationError(ValueError):
    """The weights do not add up to 100%."""


@dataclass(frozen=True)
class Flag:
    hub_type: str
    feature: str
    message: str


def percentage_table(weights: dict[str, dict[str, int]]) -> pd.DataFrame:
    """Types as rows, kenmerken as columns, with row and column totals; must total 100."""
    table = pd.DataFrame(
        [[weights.get(t, {}).get(f, 0) for f in FEATURES] for t in HUB_TYPES],
        index=list(HUB_TYPES),
        columns=list(FEATURES),
    )
    total = int(table.to_numpy().sum())
    if total != 100:
        raise AllocationError(
            f"De verdeelsleutel in round.yaml (allocatie) telt op tot {total}% in plaats van "
            "100%. Pas de percentages aan zodat ze samen 100% zijn."
        )
    table["totaal"] = table.sum(axis=1)
    table.loc["totaal"] = table.sum(axis=0)
    return table


def allocation_flags(weights: dict[str, dict[str, int]], profiles: pd.DataFrame) -> list[Flag]:
    """A weighted cell that no hub is in, and a hub in a cell without weight."""
    occupied = set(zip(profiles["type"], profiles["feature"], strict=True))
    flags = []
    for hub_type in HUB_TYPES:
        for feature in FEATURES:
            weight = weights.get(hub_type, {}).get(feature, 0)
            if weight and (hub_type, feature) not in occupied:
                flags.append(
                    Flag(
                        hub_type,
                        feature,
                        f"{weight}% is toegekend aan {hub_type} – "
                        f"{feature}, maar geen Technohub heeft deze combinatie.",
                    )
                )
            if not weight and (hub_type, feature) in occupied:
                hubs = ", ".join(
                    profiles.loc[
                        (profiles["type"] == hub_type) & (profiles["feature"] == feature), "hub"
                    ]
                )
                flags.append(
                    Flag(
                        hub_type,
                        feature,
                        f"Technohub(s) {hubs} vallen in {hub_type} – "
                        f"{feature}, waar geen middelen aan zijn toegekend.",
                    )
                )
    return flags


def allocation_markdown(table: pd.DataFrame, flags: list[Flag]) -> str:
    """The percentage table as a pipe table, with any flags as a warning callout."""
    header = "| Type | " + " | ".join(c.capitalize() for c in table.columns) + " |"
    lines = [header, "|" + "---|" * (len(table.columns) + 1)]
    for index, row in table.iterrows():
        lines.append(
            f"| {str(index).capitalize()} | " + " | ".join(f"{int(v)}%" for v in row) + " |"
        )
    lines += [
        "",
        ": Verdeling van middelen naar type en dominant kenmerk (percentages) {#tbl-allocatie}",
        "",
    ]
    if flags:
        lines += ["::: {.callout-warning}", "## Aandachtspunt bij de verdeling", ""]
        lines += [f"- {flag.message}" for flag in flags]
        lines += [":::", ""]
    return "\n".join(lines)
