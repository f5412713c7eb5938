"""The data of a hub's one-page factsheet, for the Typst template ``templates/factsheet.typ``.

The template reads these data as JSON from ``sys.inputs`` (typst-py ``sys_inputs``), so every
text from an input file reaches Typst as a string value, never as source: ``#``, ``*``, ``$``,
``<``, ``@`` or ``//`` in a goal or summary stay characters and never become markup, code or
comments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from evaltools.report.hub_parts import HubFacts
from evaltools.report.variables import dutch_date
from evaltools.round import dutch
from evaltools.round.models import RoundConfig

KPI_COLUMNS = ("name", "baseline", "current", "absolute", "relative", "target", "progress")


def _flat(text: object) -> str:
    """Whitespace folded to single spaces, as Markdown would show it."""
    return " ".join(str(text).split())


def factsheet_data(facts: HubFacts, config: RoundConfig, figure: str) -> dict[str, Any]:
    """What the factsheet of one hub shows; ``figure`` is the profile SVG next to the template."""
    type_line = (
        f"{facts.hub_type.capitalize()}, dominant kenmerk: {facts.feature}"
        if facts.hub_type
        else "Nog niet ingedeeld"
    )
    values: dict[str, Any] = {
        "round_title": f"{config.title} · {config.period}",
        "the": config.programme.unit.the,
        "client": (
            f"Opdrachtgever: {config.client} · uitvoering: {', '.join(config.executors)} · "
            f"kenmerk {config.reference} · {config.place}, {dutch_date(config.date)}"
        ),
        "name": facts.name,
        "hub_type": type_line,
        "tier": dutch.euro(facts.tier, config.programme.currency),
        "mean": f"{facts.mean} (zelfscore {facts.self_mean})",
        "scale": "Schaal: "
        + ", ".join(f"{level.score} {level.name}" for level in config.rubric)
        + ".",
        "status": facts.status_sentence,
        "reason": facts.type_reason,
        "profile": figure,
    }
    flat: dict[str, Any] = {key: _flat(value) for key, value in values.items()}
    flat["goals"] = [{"goal": _flat(g["goal"]), "status": _flat(g["status"])} for g in facts.goals]
    flat["kpis"] = [{key: _flat(k[key]) for key in KPI_COLUMNS} for k in facts.kpis]
    flat["conditions"] = [_flat(c["text"]) for c in facts.conditions]
    flat["summary"] = [_flat(p) for p in facts.summary]
    flat["typology"] = facts.typology
    return flat


def factsheet_timestamp(config: RoundConfig) -> dt.datetime:
    """The fixed date stamped into every factsheet: noon UTC of the round date (as the report)."""
    date = config.date
    return dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.UTC)
