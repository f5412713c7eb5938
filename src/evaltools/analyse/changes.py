"""What changed since the previous round(s): scores, types, KPI series, goals, hubs (pure).

Rounds are compared through their processed tables. Hubs are matched by id, criteria by id
(a renamed criterion is shown under its name in the current round), goals and KPIs by hub and
id, with their text as the fallback for forms without ids (``analyse.identities``). Only
hubs that take part in a round count as being in it: a withdrawn hub is not in the round.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from evaltools.analyse.identities import earlier_wording, keyed, wordings
from evaltools.round.models import RoundConfig

JOINED = "nieuw"
RETURNED = "terug"
LEFT = "vertrokken"
STAYED = "gebleven"
BASELINE = "nulmeting"


@dataclass(frozen=True)
class RoundTables:
    """One round's configuration and processed tables."""

    config: RoundConfig
    tables: dict[str, pd.DataFrame]

    @property
    def round_id(self) -> str:
        return self.config.round_id

    def taking_part(self) -> list[str]:
        return [hub.id for hub in self.config.taking_part]

    def label(self, hub: str) -> str:
        return next((h.label for h in self.config.hubs if h.id == hub), hub)


def hub_membership(
    previous: RoundTables, current: RoundTables, earlier: Sequence[RoundTables] = ()
) -> pd.DataFrame:
    """Every hub taking part in either round: 'nieuw', 'terug', 'vertrokken' or 'gebleven'.

    A hub taking part now but not in the previous round is 'terug' when an earlier round
    (``earlier``, any order, or the previous round itself) lists it, whether it took part
    there or withdrew; it is 'nieuw' only when no earlier round knew it. Current hubs first in
    the current configuration order, then the hubs that left in the previous round's order.
    """
    before, now = previous.taking_part(), current.taking_part()
    known = {hub.id for data in (previous, *earlier) for hub in data.config.hubs}
    rows = [
        {
            "hub": hub,
            "label": current.label(hub),
            "change": STAYED if hub in before else RETURNED if hub in known else JOINED,
        }
        for hub in now
    ]
    rows += [
        {"hub": hub, "label": previous.label(hub), "change": LEFT}
        for hub in before
        if hub not in now
    ]
    return pd.DataFrame(rows, columns=["hub", "label", "change"])


@dataclass(frozen=True)
class HubPast:
    """One hub in one earlier round: how many rounds back, its status and its name then."""

    back: int
    status: str
    name: str


def hub_history(rounds: Sequence[RoundTables], hub: str) -> list[HubPast]:
    """The hub in every round before the current one (``rounds`` oldest first), nearest first.

    Rounds that do not list the hub are left out; ``status`` is that round's (``deelnemend`` or
    ``teruggetrokken``), ``name`` its name there (a renamed hub keeps its id).
    """
    past = []
    for back, data in enumerate(reversed(rounds[:-1]), start=1):
        found = next((h for h in data.config.hubs if h.id == hub), None)
        if found is not None:
            past.append(HubPast(back, found.status, found.name))
    return past


def renamed_criteria(previous: RoundTables, current: RoundTables) -> pd.DataFrame:
    """Criteria of both rounds (same id) whose name changed: id, previous and current name."""
    old = {c.id: c.name for c in previous.config.criteria}
    rows = [
        {"criterion": c.id, "previous_name": old[c.id], "name": c.name}
        for c in current.config.criteria
        if c.id in old and old[c.id] != c.name
    ]
    return pd.DataFrame(rows, columns=["criterion", "previous_name", "name"])


def score_changes(
    previous: RoundTables, current: RoundTables, earlier: Sequence[RoundTables] = ()
) -> pd.DataFrame:
    """Per hub taking part now x criterion of the current round: previous and current score.

    ``change`` is current − previous; it is missing where either score is (a criterion that
    is new in this round has no previous score, nor has a hub that did not take part in the
    previous round). ``since`` is the hub's place in :func:`hub_membership` ('gebleven',
    'terug' or 'nieuw'; ``earlier`` as there). Rows in current configuration order.
    """
    columns = ["hub", "label", "since", "criterion", "name", "previous", "current", "change"]
    before = _scores(previous)
    now = _scores(current)
    since = _since(previous, current, earlier)
    rows = []
    for hub in current.taking_part():
        for criterion in current.config.criteria:
            old = before.get((hub, criterion.id)) if since[hub] == STAYED else None
            new = now.get((hub, criterion.id))
            rows.append(
                {
                    "hub": hub,
                    "label": current.label(hub),
                    "since": since[hub],
                    "criterion": criterion.id,
                    "name": criterion.name,
                    "previous": old,
                    "current": new,
                    "change": None if old is None or new is None else new - old,
                }
            )
    return pd.DataFrame(rows, columns=columns).astype(
        {"previous": "Int64", "current": "Int64", "change": "Int64"}
    )


def _since(
    previous: RoundTables, current: RoundTables, earlier: Sequence[RoundTables]
) -> dict[str, str]:
    """Per hub taking part now: 'gebleven', 'terug' or 'nieuw' (see :func:`hub_membership`)."""
    membership = hub_membership(previous, current, earlier)
    return dict(zip(membership["hub"], membership["change"], strict=True))


def _scores(data: RoundTables) -> dict[tuple[str, str], int]:
    scores = data.tables.get("scores", pd.DataFrame())
    if scores.empty:
        return {}
    return {(r.hub, r.criterion): int(r.score) for r in scores.itertuples()}


def profile_changes(
    previous: RoundTables, current: RoundTables, earlier: Sequence[RoundTables] = ()
) -> pd.DataFrame:
    """Per hub taking part now: type and dominant kenmerk before and now, and what changed.

    ``since`` as in :func:`score_changes`; a hub that did not take part in the previous round
    has no type or kenmerk there (empty) and nothing changed.
    """
    columns = [
        "hub",
        "label",
        "since",
        "previous_type",
        "type",
        "previous_feature",
        "feature",
        "type_changed",
        "feature_changed",
    ]
    before = _profiles(previous)
    now = _profiles(current)
    since = _since(previous, current, earlier)
    rows = []
    for hub in current.taking_part():
        old_type, old_feature = before.get(hub, ("", "")) if since[hub] == STAYED else ("", "")
        new_type, new_feature = now.get(hub, ("", ""))
        rows.append(
            {
                "hub": hub,
                "label": current.label(hub),
                "since": since[hub],
                "previous_type": old_type,
                "type": new_type,
                "previous_feature": old_feature,
                "feature": new_feature,
                "type_changed": bool(old_type and new_type and old_type != new_type),
                "feature_changed": bool(old_feature and new_feature and old_feature != new_feature),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _profiles(data: RoundTables) -> dict[str, tuple[str, str]]:
    profiles = data.tables.get("profiles", pd.DataFrame())
    if profiles.empty:
        return {}
    return {r.hub: (str(r.type), str(r.feature)) for r in profiles.itertuples()}


def kpi_series(rounds: list[RoundTables]) -> pd.DataFrame:
    """Every KPI of the hubs taking part in the last round, with a value per round.

    ``rounds`` runs from the oldest to the current round. Columns: hub, label, name, unit,
    ``earlier`` (the KPI's earlier names where it was renamed, newest first, '; ' between them;
    empty when it kept its name), ``nulmeting`` (the baseline given in the first round that
    has the KPI), then one column per round id with the KPI's current value in that round
    (missing where the round does not have it): :func:`round_columns`. A KPI is the same one
    in every round that has its id (a renamed KPI keeps its series); the name and unit are
    those of the latest round that has the KPI. Rows: hubs in current configuration order,
    KPIs in order of first appearance.
    """
    current = rounds[-1]
    ids = [data.round_id for data in rounds]
    found: dict[str, dict] = {}
    tables = keyed(
        [(d.round_id, d.tables.get("kpis", pd.DataFrame())) for d in rounds], "kpi", "name"
    )
    names = wordings(tables, "name")
    for data, kpis in zip(rounds, tables, strict=True):
        if kpis.empty:
            continue
        for kpi in kpis.itertuples():
            if kpi.hub not in current.taking_part():
                continue
            row = found.setdefault(
                kpi.series,
                {"hub": kpi.hub, BASELINE: _number(kpi.baseline), **dict.fromkeys(ids)},
            )
            if row[BASELINE] is None:
                row[BASELINE] = _number(kpi.baseline)
            row["name"] = " ".join(str(kpi.name).split())
            row["unit"] = "" if pd.isna(kpi.unit) else str(kpi.unit)
            row["earlier"] = earlier_wording(names[(kpi.hub, kpi.series)], row["name"])
            row[data.round_id] = _number(kpi.current)
    order = {hub: i for i, hub in enumerate(current.taking_part())}
    rows = sorted(found.values(), key=lambda row: order[row["hub"]])  # stable: first seen
    for row in rows:
        row["label"] = current.label(row["hub"])
    return pd.DataFrame(
        rows, columns=["hub", "label", "name", "unit", "earlier", BASELINE, *ids]
    ).astype({column: "Float64" for column in (BASELINE, *ids)})


def round_columns(series: pd.DataFrame) -> list[str]:
    """The round columns of :func:`kpi_series` (the round ids, oldest first)."""
    return list(series.columns[list(series.columns).index(BASELINE) + 1 :])


def _number(value: Any) -> float | None:  # a table cell: a number, NaN, None or ""
    if value is None or value == "" or pd.isna(value):
        return None
    return float(value)


def goal_transitions(
    previous: RoundTables, current: RoundTables, earlier: Sequence[RoundTables] = ()
) -> pd.DataFrame:
    """Goals of the hubs in both rounds with their status then and now.

    A goal in both rounds (the same id, or for a form without ids the same text) has both
    statuses and the current wording; a goal only in the current round (also every goal of a
    hub that did not take part in the previous round) has an empty ``previous_status``; a goal
    only in the previous round an empty ``status``. ``matched`` says how a goal in both rounds
    was found (``id`` or ``tekst``); ``earlier`` holds its earlier wordings where a hub reworded
    it (over ``earlier``, the rounds before the previous one, oldest first, and the previous
    round; newest first, '; ' between them), else it is empty. Hubs in current order; per hub
    the current goals in form order, then the dropped ones.
    """
    columns = ["hub", "label", "goal", "previous_status", "status", "matched", "earlier"]
    tables = keyed(
        [
            (d.round_id, d.tables.get("goals", pd.DataFrame()))
            for d in (*earlier, previous, current)
        ],
        "doel",
        "goal",
    )
    before, now = tables[-2], tables[-1]
    texts = wordings(tables[:-1], "goal")
    rows = []
    for hub in current.taking_part():
        # a hub that did not take part in the previous round (new, or returning) has only new
        # goals: counted as new, so that the counts add up to the round's goals
        taking_part_before = hub in previous.taking_part()
        old = {
            r.series: (str(r.goal), _status(r.status))
            for r in (_hub_rows(before, hub) if taking_part_before else ())
        }
        mine = list(_hub_rows(now, hub))
        kept = {r.series for r in mine}
        for r in mine:
            previous_status = old.get(r.series, ("", ""))[1]
            how = r.matched if r.series in old else ""
            reworded = (
                earlier_wording(texts.get((hub, r.series), []), str(r.goal))
                if r.series in old
                else ""
            )
            rows.append(
                [
                    hub,
                    current.label(hub),
                    str(r.goal),
                    previous_status,
                    _status(r.status),
                    how,
                    reworded,
                ]
            )
        for series, (goal, status) in old.items():
            if series not in kept:
                rows.append([hub, current.label(hub), goal, status, "", "", ""])
    return pd.DataFrame(rows, columns=columns)


REWORDED_KINDS = {"doel": ("goals", "goal"), "kpi": ("kpis", "name")}
"""The rows a hub may reword: kind -> (table, text column)."""


def reworded_rows(rounds: list[RoundTables]) -> dict[tuple[str, str, int], str]:
    """(kind, hub, row number) -> earlier wordings of the current round's goals ('doel') and
    KPIs ('kpi') that a hub reworded or renamed while the row kept its id (``rounds`` oldest
    first; see :func:`analyse.identities.earlier_wording`). Rows never worded otherwise are
    left out."""
    found: dict[tuple[str, str, int], str] = {}
    for kind, (name, column) in REWORDED_KINDS.items():
        tables = keyed(
            [(d.round_id, d.tables.get(name, pd.DataFrame())) for d in rounds], kind, column
        )
        texts = wordings(tables[:-1], column)
        if tables[-1].empty:
            continue
        for row in tables[-1].itertuples():
            text = getattr(row, column)
            wording = earlier_wording(texts.get((row.hub, row.series), []), str(text))
            if wording:
                found[(kind, row.hub, int(row.number))] = wording
    return found


def _hub_rows(table: pd.DataFrame, hub: str):  # noqa: ANN202 (an iterator of named tuples)
    return table[table["hub"] == hub].itertuples() if not table.empty else iter(())


def _status(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def transition_counts(transitions: pd.DataFrame) -> pd.DataFrame:
    """How many goals went from each status to each status (goals in both rounds only)."""
    both = transitions[(transitions["previous_status"] != "") & (transitions["status"] != "")]
    counts = both.groupby(["previous_status", "status"], sort=True).size().reset_index(name="count")
    return counts
