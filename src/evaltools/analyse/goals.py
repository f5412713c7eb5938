"""Goals and KPIs of the hubs' self-evaluations: status counts and computed change (pure)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from evaltools.round import dutch
from evaltools.round.models import GOAL_STATUSES
from evaltools.round.programme import Unit, unit_of

NOT_APPLICABLE = "n.v.t."
NO_VALUE = "–"


@dataclass(frozen=True)
class KpiChange:
    """Change of one KPI since the baseline, and how far it got toward its target.

    ``absolute`` is None when the baseline or the current value is missing; ``relative`` is
    also None when the baseline is zero (a relative change from nothing is undefined);
    ``progress`` is (current − baseline) / (target − baseline), None without a target or when
    the target equals the baseline; ``reached`` says whether the target has been met.
    """

    absolute: float | None
    relative: float | None
    progress: float | None
    reached: bool | None


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _known(value: float | None) -> float | None:
    """``value``, or None when it is missing (None or NaN)."""
    return None if _missing(value) else value


def kpi_change(baseline: float | None, current: float | None, target: float | None) -> KpiChange:
    """Absolute and relative change, progress toward the target, and whether it is reached.

    Example: 88 -> 112 with target 150 is +24, +27% (24/88), 39% of the way (24/62), not reached.
    """
    baseline, current, target = _known(baseline), _known(current), _known(target)
    if current is None:
        return KpiChange(None, None, None, None)
    reached = None
    if target is not None:
        falling = baseline is not None and target < baseline
        reached = current <= target if falling else current >= target
    if baseline is None:
        return KpiChange(None, None, None, reached)
    absolute = current - baseline
    relative = absolute / abs(baseline) if baseline != 0 else None
    progress = None
    if target is not None and target != baseline:
        progress = absolute / (target - baseline)
    return KpiChange(absolute, relative, progress, reached)


def kpi_table(kpis: pd.DataFrame, hubs: pd.DataFrame) -> pd.DataFrame:
    """Every KPI with its computed change, taking-part hubs in configuration order."""
    columns = ["absolute", "relative", "progress", "reached"]
    if kpis.empty:
        return pd.DataFrame(columns=["hub", "label", "number", "name", "unit", *columns])
    labels = hubs.set_index("hub")["label"]
    rows = []
    for kpi in kpis.itertuples():
        change = kpi_change(_value(kpi.baseline), _value(kpi.current), _value(kpi.target))
        rows.append(
            {
                "hub": kpi.hub,
                "label": labels.get(kpi.hub, kpi.hub),
                "number": kpi.number,
                "name": kpi.name,
                "unit": kpi.unit,
                "baseline": _value(kpi.baseline),
                "current": _value(kpi.current),
                "target": _value(kpi.target),
                "absolute": change.absolute,
                "relative": change.relative,
                "progress": change.progress,
                "reached": change.reached,
            }
        )
    return pd.DataFrame(rows)


def _value(value) -> float | None:
    return None if _missing(value) or value == "" else float(value)


def change_texts(row) -> dict[str, str]:
    """The report's wording of one row of ``kpi_table``: '+24', '+27%', '39%' or '–'/'n.v.t.'."""
    baseline, current, target = row["baseline"], row["current"], row["target"]
    absolute = NO_VALUE if _missing(row["absolute"]) else dutch.signed(row["absolute"])
    if _missing(row["absolute"]):
        relative = NO_VALUE
    elif _missing(row["relative"]):
        relative = NOT_APPLICABLE
    else:
        relative = dutch.percent(row["relative"], sign=True)
    if _missing(target):
        progress = NO_VALUE
    elif _missing(row["progress"]):
        progress = "bereikt" if row["reached"] is True else NO_VALUE
    else:
        progress = dutch.percent(row["progress"])
        if row["reached"] is True:
            progress += " (bereikt)"
    return {
        "baseline": NO_VALUE if _missing(baseline) else dutch.number(baseline, 2),
        "current": NO_VALUE if _missing(current) else dutch.number(current, 2),
        "target": NO_VALUE if _missing(target) else dutch.number(target, 2),
        "absolute": absolute,
        "relative": relative,
        "progress": progress,
    }


def kpi_texts(kpis: pd.DataFrame) -> pd.DataFrame:
    """``kpi_table`` with its values and changes in the report's wording (:func:`change_texts`)."""
    if kpis.empty:
        return kpis
    texts = pd.DataFrame([change_texts(row) for _, row in kpis.iterrows()], index=kpis.index)
    return kpis.drop(columns=list(texts.columns)).join(texts)


def goal_status_counts(goals: pd.DataFrame, hubs: pd.DataFrame) -> pd.DataFrame:
    """Taking-part hubs (labels, configuration order) x goal statuses, with a total column."""
    taking_part = hubs[hubs["status"] == "deelnemend"]
    statuses = list(GOAL_STATUSES)
    if goals.empty:
        table = pd.DataFrame(0, index=taking_part["hub"], columns=statuses)
    else:
        table = (
            pd.crosstab(goals["hub"], goals["status"])
            .reindex(index=taking_part["hub"], columns=statuses)
            .fillna(0)
            .astype(int)
        )
    table["totaal"] = table.sum(axis=1)
    table.index = list(taking_part["label"])
    return table


def status_sentence(
    counts: pd.Series,
    none: str = "",
    cite: str = "",
    unit: Unit | None = None,
) -> str:
    """'Van de vier doelen zijn er twee behaald, één op schema en één vertraagd.'

    ``counts`` holds the number of goals per status (and may hold 'totaal'); ``none`` is the
    sentence for no goals at all (default: '<De eenheid> heeft geen doelen opgegeven.');
    ``cite`` (e.g. ``@tbl-doelen``) goes in brackets at the end.
    Grammatical for every count: "Het enige doel is ...", "Beide doelen zijn ...", "Alle
    drie de doelen zijn ..." when every goal has the same status, and the verb agrees with the
    first count ("is er één behaald, twee ...").
    """
    u = unit_of(unit)
    total = int(counts.get("totaal", counts.sum()))
    if total == 0:
        return none or f"{u.The} heeft geen doelen opgegeven."
    parts = [f"{dutch.count_word(int(counts[s]))} {s}" for s in GOAL_STATUSES if counts.get(s, 0)]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
    end = f" ({cite})." if cite else "."
    if total == 1:
        return f"Het enige doel is {listed.split(' ', 1)[1]}{end}"
    if len(parts) == 1:  # every goal has the same status: not "van de drie zijn er drie"
        status = parts[0].split(" ", 1)[1]
        word = dutch.count_word(total)  # "alle drie de doelen", but "alle 27 doelen"
        whole = (
            "Beide doelen" if total == 2 else f"Alle {word}{'' if word.isdigit() else ' de'} doelen"
        )
        return f"{whole} zijn {status}{end}"
    first = next(int(counts[s]) for s in GOAL_STATUSES if counts.get(s, 0))
    verb = "is er" if first == 1 else "zijn er"
    return f"Van de {dutch.count_word(total)} doelen {verb} {listed}{end}"
