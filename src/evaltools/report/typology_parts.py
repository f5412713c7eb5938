"""The typology's parts of the report (pure).

The type per hub, the combinations, and the rule against the consultants' decision.
"""

from __future__ import annotations

import pandas as pd

from evaltools.ingest.wederhoor import response_decisions
from evaltools.report.markdown import escape, grid_table
from evaltools.report.parts import source_list
from evaltools.round.programme import Typology, Unit, typology_of, unit_of


def typology_table(tables: dict[str, pd.DataFrame], unit: Unit | None = None) -> str:
    """hub | type | dominant kenmerk | proposed conditions (the consultants' decision)."""
    u = unit_of(unit)
    from evaltools.analyse.matrices import source_codes

    codes = source_codes(tables["evidence"])
    decisions = response_decisions(tables)
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
                [
                    f"- {escape(c.text)}"
                    + source_list(c.sources, codes, f"{h.hub}-randvoorwaarde-{c.number}", decisions)
                    for c in mine.itertuples()
                ]
                or ["–"],
            ]
        )
    return grid_table(
        [f"{u.singular}", "Type", "Dominant kenmerk", "Voorgestelde randvoorwaarden"],
        rows,
        [22, 12, 18, 56],
        f"Type, dominant kenmerk en randvoorwaarden per {u.singular}",
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


def typology_check_part(
    check: pd.DataFrame,
    rule,
    counts: pd.DataFrame,
    unit: Unit | None = None,
    typology: Typology | None = None,
) -> str:
    """The typology rule against the consultants' decision, and the counts per type x kenmerk.

    ``check`` comes from ``typology.typology_check``; every disagreement is listed with the
    consultants' reason (or a visible note that they gave none). The rule grants the first
    type of the programme's ``typology``, else the second.
    """
    u = unit_of(unit)
    first, second = typology_of(typology).types
    from evaltools.round.dutch import count_word, counted, fixed

    parts = []
    if rule is None:
        parts.append(
            "Voor deze ronde is geen regel voor de typologie vastgelegd; de indeling berust "
            "alleen op het oordeel van de consultants.\n"
        )
    else:
        suggested = check["suggested"].value_counts()
        rule_text = (
            f"{first.name} bij een gemiddelde score van ten minste {fixed(rule.mean_threshold)} "
            f"en geen criterium onder {count_word(rule.minimum_threshold)}, anders {second.name}"
        )
        parts.append(
            f"De indeling in @tbl-typologie is het besluit van de consultants. De regel van deze "
            f"ronde ({rule_text}) komt uit op "
            + " en ".join(
                counted(int(suggested.get(kind.name, 0)), kind.name, kind.plural)
                for kind in (first, second)
            )
            + "."
        )
        disagree = check[~check["agrees"]]
        if disagree.empty:
            parts[-1] += (
                f" Het besluit van de consultants wijkt voor geen {u.forms('enkele')[0]} af van de "
                "regel.\n"
            )
        else:
            parts[-1] += (
                f" Bij {count_word(len(disagree))} {u.singular}"
                f"{'s' if len(disagree) != 1 else ''} wijkt het besluit af van de regel; "
                "@tbl-typologie-afwijkingen geeft de toelichting van de consultants.\n"
            )
            rows = [
                [
                    [escape(r.label)],
                    [fixed(r.mean)],
                    [str(r.minimum)],
                    [r.suggested],
                    [r.decided],
                    [escape(r.reason) if r.reason else "*Geen toelichting gegeven.*"],
                ]
                for r in disagree.itertuples()
            ]
            parts.append(
                grid_table(
                    [f"{u.singular}", "Gemiddelde", "Laagste", "Regel", "Besluit", "Toelichting"],
                    rows,
                    [18, 10, 7, 11, 11, 47],
                    f"{u.plural} waar het besluit van de consultants afwijkt van de regel",
                    "tbl-typologie-afwijkingen",
                )
            )
    header = "| Type | " + " | ".join(c.capitalize() for c in counts.columns) + " |"
    lines = [header, "|---|" + "---|" * len(counts.columns)]
    for index, row in counts.iterrows():
        lines.append(
            f"| {str(index).capitalize()} | " + " | ".join(str(int(v)) for v in row) + " |"
        )
    parts.append(
        f"Het aantal {u.plural} per type en dominant kenmerk staat in @tbl-typologie-aantallen.\n\n"
        + "\n".join(lines)
        + f"\n\n: Aantal {u.plural} per type en dominant kenmerk {{#tbl-typologie-aantallen}}\n"
    )
    return "\n".join(parts)
