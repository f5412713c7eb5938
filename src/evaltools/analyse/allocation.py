"""Allocation of funds over type x dominant kenmerk: percentages, euros and flags (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, TypeAlias

import pandas as pd

from evaltools.round.dutch import euro
from evaltools.round.errors import EvaltoolsError
from evaltools.round.models import Feature, HubType
from evaltools.round.programme import Typology, Unit, default_programme, typology_of

Weights: TypeAlias = Mapping[HubType, Mapping[Feature, int]]
"""The verdeelsleutel (``allocatie`` in round.yaml): percentage per type and kenmerk."""


class AllocationError(EvaltoolsError, ValueError):
    """The weights do not add up to 100%."""


@dataclass(frozen=True)
class Flag:
    hub_type: str
    feature: str
    message: str


def percentage_table(weights: Weights, typology: Typology | None = None) -> pd.DataFrame:
    """Types as rows, kenmerken as columns, with row and column totals; must total 100."""
    known = typology_of(typology)
    table = pd.DataFrame(
        [[weights.get(t, {}).get(f, 0) for f in known.features] for t in known.type_names],
        index=list(known.type_names),
        columns=list(known.features),
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


def allocation_flags(
    weights: Weights,
    profiles: pd.DataFrame,
    typology: Typology | None = None,
    unit: Unit | None = None,
) -> list[Flag]:
    """A weighted cell that no hub is in, and a hub in a cell without weight."""
    occupied = set(zip(profiles["type"], profiles["feature"], strict=True))
    known, unit = typology_of(typology), unit or default_programme().unit
    flags = []
    for hub_type in known.type_names:
        for feature in known.features:
            weight = weights.get(hub_type, {}).get(feature, 0)
            if weight and (hub_type, feature) not in occupied:
                flags.append(
                    Flag(
                        hub_type,
                        feature,
                        f"{weight}% is toegekend aan {hub_type} – "
                        f"{feature}, maar geen {unit.singular} heeft deze combinatie.",
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
                        f"{unit.singular}(s) {hubs} vallen in {hub_type} – "
                        f"{feature}, waar geen middelen aan zijn toegekend.",
                    )
                )
    return flags


def allocation_markdown(table: pd.DataFrame, after: str = "") -> str:
    """The advice for the client: the percentage table as a pipe table, then ``after`` (the
    sentence that names the budget, :func:`budget_text`, and the amounts when the round asks
    for them, :func:`allocation_amounts_markdown`).

    Per-hub splits and the flags of the allocation are for the consultants (``evaltools
    check``), not for the client's report.
    """
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
    if after:
        lines += [after.rstrip("\n"), ""]
    return "\n".join(lines)


def euro_table(percentages: pd.DataFrame, budget: float) -> pd.DataFrame:
    """The percentage table (with totals) as amounts: each cell is budget x percentage / 100."""
    return percentages.map(lambda share: Fraction(int(share) * Fraction(str(budget)), 100))


def hub_shares(
    weights: Weights,
    profiles: pd.DataFrame,
    hubs: pd.DataFrame,
    budget: float,
    typology: Typology | None = None,
) -> pd.DataFrame:
    """Per cell type x kenmerk its amount, divided equally over the hubs in that cell.

    One row per taking-part hub (configuration order) with its cell, the cell's weight, the
    number of hubs sharing it and the hub's ``amount``; then one row per weighted cell without
    hubs (``hub`` empty): that money is not assigned to anyone.
    """
    taking_part = hubs[hubs["status"] == "deelnemend"]
    cells = profiles.set_index("hub")[["type", "feature"]] if not profiles.empty else None
    occupants: dict[tuple[str, str], list[str]] = {}
    for hub in taking_part["hub"]:
        if cells is not None and hub in cells.index:
            occupants.setdefault(tuple(cells.loc[hub]), []).append(hub)
    money = Fraction(str(budget))
    labels = taking_part.set_index("hub")["label"]
    rows = []
    for hub in taking_part["hub"]:
        if cells is None or hub not in cells.index:
            continue
        hub_type, feature = cells.loc[hub]
        weight = weights.get(hub_type, {}).get(feature, 0)
        sharing = len(occupants[(hub_type, feature)])
        rows.append(
            {
                "hub": hub,
                "label": labels[hub],
                "type": hub_type,
                "feature": feature,
                "weight": weight,
                "sharing": sharing,
                "amount": money * weight / 100 / sharing,
            }
        )
    known = typology_of(typology)
    for hub_type in known.type_names:
        for feature in known.features:
            weight = weights.get(hub_type, {}).get(feature, 0)
            if weight and (hub_type, feature) not in occupants:
                rows.append(
                    {
                        "hub": "",
                        "label": "",
                        "type": hub_type,
                        "feature": feature,
                        "weight": weight,
                        "sharing": 0,
                        "amount": money * weight / 100,
                    }
                )
    return pd.DataFrame(
        rows, columns=["hub", "label", "type", "feature", "weight", "sharing", "amount"]
    )


def default_budget(hubs: pd.DataFrame) -> int:
    """Without a budget parameter: what the taking-part hubs received together in this round."""
    return int(hubs.loc[hubs["status"] == "deelnemend", "tier"].sum())


BudgetSource = Literal["override", "round", "fallback"]
BUDGET_SOURCES: tuple[BudgetSource, ...] = ("override", "round", "fallback")


@dataclass(frozen=True)
class Budget:
    """The amount the allocation divides, and where it comes from."""

    amount: float
    source: BudgetSource
    """``override`` (given to the analysis), ``round`` (round.yaml) or ``fallback``."""


def choose_budget(
    override: float | None,
    round_budget: float | None,
    hubs: pd.DataFrame,
    source: BudgetSource | Literal[""] = "",
) -> Budget:
    """The budget to divide: the override, else the round's budget, else what hubs received.

    ``source`` says where an ``override`` came from, when the pipeline chose the budget
    beforehand (``round``, ``fallback``; the allocation notebook's ``budget_source``); empty,
    it was given to the analysis.
    """
    if override is not None:
        if source and source not in BUDGET_SOURCES:
            raise AllocationError(
                f"budget_source is '{source}'; kies uit {', '.join(BUDGET_SOURCES)}, of laat "
                "het leeg voor een opgegeven budget."
            )
        return Budget(override, source or "override")
    if round_budget is not None:
        return Budget(round_budget, "round")
    return Budget(default_budget(hubs), "fallback")


def allocation_amounts_markdown(euros: pd.DataFrame, budget_text: str, currency: str = "€") -> str:
    """The amounts per cell as a pipe table with caption (only when the round asks for them)."""
    header = "| Type | " + " | ".join(c.capitalize() for c in euros.columns) + " |"
    lines = [budget_text, "", header, "|" + "---|" * (len(euros.columns) + 1)]
    for index, row in euros.iterrows():
        lines.append(
            f"| {str(index).capitalize()} | " + " | ".join(euro(v, currency) for v in row) + " |"
        )
    lines += [
        "",
        ": Verdeling van middelen naar type en dominant kenmerk (bedragen) "
        "{#tbl-allocatie-bedragen}",
        "",
    ]
    return "\n".join(lines)


def hub_share_lines(
    shares: pd.DataFrame, unit: Unit | None = None, currency: str = "€"
) -> list[str]:
    """Per hub (and per weighted cell without hubs) its amount at an equal split in the cell.

    For the consultants' review only: an equal split is a calculation, not the advice.
    """
    unit = unit or default_programme().unit
    return [
        (
            f"{row.label}: {euro(row.amount, currency)} ({row.type} – {row.feature}, {row.weight}% "
            f"gedeeld door {row.sharing})"
            if row.hub
            else f"niet toegewezen: {euro(row.amount, currency)} ({row.type} – {row.feature}, "
            f"{row.weight}%, geen {unit.singular} in deze cel)"
        )
        for row in shares.itertuples()
    ]


def budget_line(budget: Budget, unit: Unit | None = None, currency: str = "€") -> str:
    """One line for the notebook: the amount divided and where it comes from."""
    plural = (unit or default_programme().unit).plural
    where = {
        "round": "het budget van deze ronde (round.yaml)",
        "override": "opgegeven bij het uitvoeren van de analyse",
        "fallback": f"wat de deelnemende {plural} samen ontvingen (de ronde heeft geen budget)",
    }[budget.source]
    return f"Te verdelen budget: {euro(budget.amount, currency)}, {where}."


def budget_text(
    budget: Budget, unit: Unit | None = None, currency: str = "€", amounts: bool = True
) -> str:
    """The sentence that says which budget the allocation divides and where it comes from: it
    introduces the amounts (``amounts``), or without them follows the percentages."""
    amount = euro(budget.amount, currency)
    plural = (unit or default_programme().unit).plural
    used = {
        "round": f"het budget voor de volgende fase dat voor deze ronde is vastgelegd, {amount}",
        "override": f"een budget van {amount}, dat bij het uitvoeren van de analyse is opgegeven "
        "in plaats van het budget van de ronde",
        "fallback": f"een budget van {amount}, het bedrag dat de deelnemende {plural} in deze "
        "regeling samen ontvingen (voor deze ronde is geen budget vastgelegd)",
    }[budget.source]
    if not amounts:
        return f"Deze verdeling gaat uit van {used}."
    return (
        f"Uitgaande van {used}, komt deze verdeling neer op de bedragen in @tbl-allocatie-bedragen."
    )
