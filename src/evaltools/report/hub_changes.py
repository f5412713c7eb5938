"""The paragraph "Veranderingen sinds de vorige ronde" in one hub's appendix section (pure).

The section of the report itself is ``report.changes``; the previous rounds are named relative
to this one, never by their id.
"""

from __future__ import annotations

import pandas as pd

from evaltools.analyse.changes import (
    BASELINE,
    RoundTables,
    goal_transitions,
    kpi_series,
    profile_changes,
    round_columns,
    score_changes,
)
from evaltools.report.changes import (
    counted,
    listing,
    past_note,
    round_labels,
    value_text,
    with_earlier,
)
from evaltools.report.markdown import escape


def hub_changes(rounds: list[RoundTables], hub: str) -> str:
    """The paragraph 'Veranderingen sinds de vorige ronde' in one hub's appendix section.

    Empty when there is no previous round.
    """
    if len(rounds) < 2:
        return ""
    previous, current = rounds[-2], rounds[-1]
    label = escape(current.label(hub))
    parts = [f"### Veranderingen sinds de vorige ronde {{#sec-hub-{hub}-veranderingen}}\n"]
    if hub not in previous.taking_part():
        note = past_note(rounds, hub)
        parts.append(
            f"{label} doet weer mee ({note}). Met de vorige ronde zijn geen scores te "
            "vergelijken.\n"
            if note
            else f"{label} is nieuw in deze ronde; er is geen vorige ronde om mee te vergelijken.\n"
        )
        if note:
            parts += _kpi_lines(rounds, hub)
        return "\n".join(parts)
    scores = score_changes(previous, current)
    mine = scores[scores["hub"] == hub].dropna(subset=["change"])
    up = [
        f"{escape(r.name)} ({r.previous} → {r.current})" for r in mine.itertuples() if r.change > 0
    ]
    down = [
        f"{escape(r.name)} ({r.previous} → {r.current})" for r in mine.itertuples() if r.change < 0
    ]
    same = int((mine["change"] == 0).sum())
    sentences = []
    if up:
        sentences.append(f"Hoger dan in de vorige ronde: {listing(up)}.")
    if down:
        sentences.append(f"Lager dan in de vorige ronde: {listing(down)}.")
    if same:
        sentences.append(f"Gelijk gebleven: {counted(same, 'criterium', 'criteria')}.")
    if mine.empty:
        sentences.append("Er zijn geen scores om met de vorige ronde te vergelijken.")
    profile = profile_changes(previous, current)
    row = profile[profile["hub"] == hub].iloc[0]
    if row["type_changed"]:
        sentences.append(f"Het type veranderde van {row['previous_type']} naar {row['type']}.")
    elif row["type"]:
        sentences.append(f"Het type bleef {row['type']}.")
    if row["feature_changed"]:
        sentences.append(
            f"Het dominante kenmerk veranderde van {row['previous_feature']} naar {row['feature']}."
        )
    parts.append(" ".join(sentences) + "\n")
    parts += _kpi_lines(rounds, hub)
    transitions = goal_transitions(previous, current, rounds[:-2])
    moved = transitions[
        (transitions["hub"] == hub)
        & (transitions["previous_status"] != "")
        & (transitions["status"] != "")
    ]
    goals = [
        f"- {escape(r.previous_status)} → {escape(r.status)}: {with_earlier(r.goal, r.earlier)}"
        for r in moved.itertuples()
    ]
    if goals:
        parts.append("Doelen uit de vorige ronde:\n")
        parts.append("\n".join(goals) + "\n")
    return "\n".join(parts)


def _kpi_lines(rounds: list[RoundTables], hub: str) -> list[str]:
    """The hub's KPIs over the rounds, one list item per KPI (none without KPIs)."""
    series = kpi_series(rounds)
    series = series[series["hub"] == hub]
    labels = [BASELINE, *[label.lower() for label in round_labels(len(rounds))]]
    columns = [BASELINE, *round_columns(series)]
    lines = []
    for _, kpi in series.iterrows():
        values = [
            f"{value_text(kpi[column])} ({name})"
            for column, name in zip(columns, labels, strict=True)
            if not pd.isna(kpi[column])
        ]
        gone = "" if not pd.isna(kpi[columns[-1]]) else " (niet opgegeven in deze ronde)"
        lines.append(f"- {with_earlier(kpi['name'], kpi['earlier'])}: {' → '.join(values)}{gone}")
    return ["KPI's over de rondes:\n", "\n".join(lines) + "\n"] if lines else []
