"""Numbers and facts the round texts may cite via ``{{< var name >}}``, computed from data."""

from __future__ import annotations

from typing import Any

import pandas as pd

from evaltools.inputs.models import RoundConfig

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def dutch_date(value) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def capitalised(text: str) -> str:
    """The text with its first letter upper case, the rest as written ("eindevaluatie")."""
    return text[:1].upper() + text[1:]


def report_variables(config: RoundConfig, tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """The variables of ``_variables.yml``: counts are counted, never typed."""
    hubs = tables["hubs"]
    taking_part = hubs[hubs["status"] == "deelnemend"]
    events = tables["events"]
    profiles = tables.get("profiles", pd.DataFrame())
    kinds = events["kind"].value_counts() if not events.empty else pd.Series(dtype=int)
    types = profiles["type"].value_counts() if not profiles.empty else pd.Series(dtype=int)
    return {
        "ronde": {
            "id": config.round_id,
            "titel": config.title,
            # the kind mid-sentence ("eindevaluatie") and at the start of a heading
            "soort": config.kind,
            "soort_hoofdletter": capitalised(config.kind),
            "periode": config.period,
            "opdrachtgever": config.client,
            "kenmerk": config.reference,
            "plaats": config.place,
            "datum": dutch_date(config.date),
        },
        "hubs": {
            "totaal": int(len(hubs)),
            "deelnemend": int(len(taking_part)),
            "teruggetrokken": int(len(hubs) - len(taking_part)),
            **{
                f"bedrag_{int(tier)}": int((taking_part["tier"] == tier).sum())
                for tier in sorted(hubs["tier"].unique())
            },
        },
        "evenementen": {
            kind: int(kinds.get(kind, 0))
            for kind in ("kennissessie", "werkbezoek", "begeleidingscommissie", "interview")
        },
        "typologie": {kind: int(types.get(kind, 0)) for kind in ("systeemhub", "groeihub")},
    }


def report_metadata(config: RoundConfig) -> dict[str, Any]:
    """Title block of the report, from the round configuration."""
    return {
        "title": config.title,
        "subtitle": config.subtitle,
        "date": dutch_date(config.date),
        "author": [author.role for author in config.authors],
        "opdrachtgever": config.client,
        "uitvoering": ", ".join(config.executors),
        "kenmerk": config.reference,
        "plaats": config.place,
        "soort": config.kind,
        "periode": config.period,
        "lang": "nl",
        "toc-title": "Inhoud",
        "abstract-title": "Over dit rapport",
        # Only the DOCX writer shows an abstract: there it carries the cover facts.
        "abstract": f"Opdrachtgever: {config.client} | Periode: {config.period} "
        f"| {config.place}, {dutch_date(config.date)} "
        f"| Kenmerk: {config.reference} | Uitvoering: {', '.join(config.executors)}",
    }
