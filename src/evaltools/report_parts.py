"""Markdown fragments of the report, generated from processed tables (pure functions)."""

from __future__ import annotations

import pandas as pd

from evaltools.markdown import escape, grid_table
from evaltools.matrices import Cell, MatrixRow


def euro(amount: float) -> str:
    """Dutch money notation: € 80.000."""
    return "€ " + f"{amount:,.0f}".replace(",", ".")


def _bullet(cell: Cell) -> str:
    marker = f" ^{','.join(escape(code) for code in cell.sources)}^" if cell.sources else ""
    return f"- {escape(cell.text)}{marker}"


def criterion_table(rows: list[MatrixRow], criterion: pd.Series) -> str:
    """The findings table of one criterion, with bullets and source codes in the cells."""
    body = [
        [
            [escape(row.label)],
            [_bullet(c) for c in row.strengths] or ["–"],
            [_bullet(c) for c in row.attention] or ["–"],
        ]
        for row in rows
    ]
    headers = [
        "Technohub",
        escape(criterion["strengths_label"]),
        escape(criterion["attention_label"]),
    ]
    caption = f"Bevindingen: {escape(criterion['name'])}"
    return grid_table(
        headers, body, [18, 44, 44], caption, f"tbl-criterium-{criterion['criterion']}"
    )


def criteria_list(criteria: pd.DataFrame) -> str:
    """The verduurzamingscriteria with their definitions, as a list."""
    return (
        "\n".join(f"- **{escape(c.name)}**: {escape(c.definition)}" for c in criteria.itertuples())
        + "\n"
    )


def tier_lists(hubs: pd.DataFrame) -> str:
    """Which hubs were eligible for which amount, and which withdrew and why."""
    parts = []
    for tier in sorted(hubs["tier"].unique()):
        eligible = hubs[hubs["tier"] == tier]
        parts.append(f"In aanmerking voor een bijdrage van {euro(tier)} kwamen:\n")
        parts += [
            f"- {escape(h.name)}" + (" (teruggetrokken)" if h.status != "deelnemend" else "")
            for h in eligible.itertuples()
        ]
        parts.append("")
    for h in hubs[hubs["status"] != "deelnemend"].itertuples():
        reason = f" Reden: {escape(h.reason)}" if h.reason else ""
        parts.append(f"{escape(h.name)} heeft uiteindelijk niet deelgenomen.{reason}\n")
    return "\n".join(parts)


def figure(path: str, caption: str, alt: str, identifier: str) -> str:
    """A figure with caption, id and alt text (Quarto syntax, also read by our filter)."""
    return f'![{escape(caption)}]({path}){{#{identifier} fig-alt="{_attribute(alt)}"}}\n'


def _attribute(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def criterion_tables(tables: dict[str, pd.DataFrame]) -> str:
    """All criterion tables, in configuration order, each under its own heading."""
    from evaltools.matrices import criterion_matrix

    parts = []
    for criterion in tables["criteria"].to_dict("records"):
        scope = f" ({escape(criterion['scope'])})" if criterion.get("scope") else ""
        parts.append(
            f"### {escape(criterion['name'])} {{#sec-criterium-{criterion['criterion']}}}\n"
        )
        if scope:
            parts.append(f"*Reikwijdte{scope.replace('(', ': ', 1).rstrip(')')}.*\n")
        parts.append(criterion_table(criterion_matrix(tables, criterion["criterion"]), criterion))
    return "\n".join(parts)


def scores_alt_text(tables: dict[str, pd.DataFrame]) -> str:
    """Alt text of the score figure that says what the figure shows, with the numbers."""
    scores = tables["scores"].merge(tables["hubs"][["hub", "label"]], on="hub")
    means = scores.groupby("label", sort=False)["score"].mean().round(1)
    listed = "; ".join(
        f"{label}: gemiddeld {mean:.1f}".replace(".", ",") for label, mean in means.items()
    )
    return (
        "Heatmap van de scores van de consultants per Technohub en criterium op een schaal "
        f"van 1 tot 4, met de zelfscore tussen haakjes. {listed}."
    )


def hub_summaries(tables: dict[str, pd.DataFrame]) -> str:
    """Per taking-part hub, in configuration order, its summary as the consultants wrote it."""
    profiles = tables["profiles"].set_index("hub")
    hubs = tables["hubs"]
    parts = []
    for hub in hubs[hubs["status"] == "deelnemend"].itertuples():
        parts.append(f"## {escape(hub.name)} {{#sec-hub-{hub.hub}}}\n")
        summary = profiles.at[hub.hub, "summary"] if hub.hub in profiles.index else ""
        paragraphs = [p for p in str(summary or "").split("\n\n") if p.strip()]
        parts += [escape(p) + "\n" for p in paragraphs] or ["*Nog geen samenvatting.*\n"]
    return "\n".join(parts)


def _codes(sources: str, codes: dict[str, str]) -> str:
    listed = [codes.get(s, s) for s in str(sources or "").split()]
    return f" ^{','.join(escape(c) for c in listed)}^" if listed else ""


def differentiation_table(tables: dict[str, pd.DataFrame]) -> str:
    """What sets each hub apart (one row per taking-part hub)."""
    from evaltools.matrices import source_codes

    codes = source_codes(tables["evidence"])
    profiles = tables["profiles"].set_index("hub")
    hubs = tables["hubs"]
    rows = [
        [
            [escape(h.label)],
            [
                escape(profiles.at[h.hub, "distinctive"])
                + _codes(profiles.at[h.hub, "distinctive_sources"], codes)
            ],
        ]
        for h in hubs[hubs["status"] == "deelnemend"].itertuples()
        if h.hub in profiles.index
    ]
    return grid_table(
        ["Technohub", "Wat onderscheidt deze Technohub?"],
        rows,
        [24, 82],
        "Wat elke Technohub onderscheidt",
        "tbl-differentiatie",
    )


def typology_table(tables: dict[str, pd.DataFrame]) -> str:
    """Technohub | type | dominant kenmerk | proposed conditions (the consultants' decision)."""
    from evaltools.matrices import source_codes

    codes = source_codes(tables["evidence"])
    profiles = tables["profiles"].set_index("hub")
    conditions = tables["conditions"]
    hubs = tables["hubs"]
    rows = []
    for h in hubs[hubs["status"] == "deelnemend"].itertuples():
        if h.hub not in profiles.index:
            continue
        mine = conditions[conditions["hub"] == h.hub]
        rows.append(
            [
                [escape(h.label)],
                [profiles.at[h.hub, "type"].capitalize()],
                [profiles.at[h.hub, "feature"].capitalize()],
                [f"- {escape(c.text)}{_codes(c.sources, codes)}" for c in mine.itertuples()]
                or ["–"],
            ]
        )
    return grid_table(
        ["Technohub", "Type", "Dominant kenmerk", "Voorgestelde randvoorwaarden"],
        rows,
        [22, 12, 18, 56],
        "Type, dominant kenmerk en randvoorwaarden per Technohub",
        "tbl-typologie",
    )


def combinations_table(config) -> str:
    """Per type x kenmerk: aim of the investment, what it funds, co-funding and steering."""
    rows = [
        [
            [f"{c.type.capitalize()} – {c.feature}"],
            [escape(c.goal)],
            [escape(c.funding)],
            [escape(c.steering)],
        ]
        for c in config.combinations
    ]
    return grid_table(
        ["Combinatie", "Doel van de investering", "Financiering", "Cofinanciering en sturing"],
        rows,
        [18, 30, 30, 30],
        "Uitwerking per type en dominant kenmerk",
        "tbl-combinaties",
    )


def budget_table(budget: pd.DataFrame) -> str:
    """The budget lines of the regeling with computed totals."""
    rows = []
    for line in budget.itertuples():
        count = "" if pd.isna(line.count) else f"{int(line.count)} ×"
        rows.append([[escape(line.item)], [count], [euro(line.amount)], [euro(line.total)]])
    total = budget["total"].sum()
    rows.append([["**Totaal**"], [""], [""], [f"**{euro(total)}**"]])
    return grid_table(
        ["Post", "Aantal", "Bedrag", "Totaal"],
        rows,
        [50, 8, 14, 14],
        "Begroting van de regeling (maximaal, inclusief btw)",
        "tbl-budget",
    )
