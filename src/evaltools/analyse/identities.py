"""Which goal or KPI of one round is which of an earlier round: matched by id, text as fallback.

Every goal and KPI row of a form has an id (a hidden column of the form, see
``ingest.zelfevaluatie.row_id``); ``template zelfevaluatie --vorige`` carries last round's rows
over with their ids, so a reworded goal or a renamed KPI keeps its id and its series. A row of a
form without ids (an old form) is matched on its text instead (whitespace and case do not
count), the fallback that ``check`` reports ("op tekst vergeleken").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

BY_ID = "id"
BY_TEXT = "tekst"
NEW = "nieuw"


@dataclass(frozen=True)
class Match:
    """The series a row belongs to (the id of its first round) and how it was found."""

    key: str
    how: str


def text_key(text: object) -> str:
    """A text as it is compared: whitespace and case do not count."""
    return " ".join(str(text).split()).casefold()


def row_ids(table: pd.DataFrame, round_id: str, kind: str) -> list[tuple[str, bool]]:
    """Per row of a goals or KPI table: its id and whether the form held it.

    Tables written before forms had ids have no ``id`` column: their rows get the id of their
    number (``<round>-<kind>-<number>``), as an old form's rows do.
    """
    if "id" not in table.columns:
        numbers = table["number"] if "number" in table.columns else range(1, len(table) + 1)
        return [(f"{round_id}-{kind}-{number}", False) for number in numbers]
    in_form = (
        table["id_in_form"].astype(str).str.lower().isin(["true", "1"])
        if "id_in_form" in table.columns
        else pd.Series(False, index=table.index)
    )
    return [(str(value), bool(flag)) for value, flag in zip(table["id"], in_form, strict=True)]


def series_matches(
    rounds: Sequence[tuple[str, pd.DataFrame]], kind: str, text_column: str
) -> dict[tuple[str, str, str], Match]:
    """(round, hub, id) -> the series of that row, for every row of every round.

    ``rounds`` runs oldest first, each as (round id, its goals or KPI table). A row whose id
    appeared in an earlier round continues that series; a row without an id in its form
    continues the series whose latest text is the same (the fallback); any other row starts a
    series of its own. Within one round a series is continued by one row at most.
    """
    matches: dict[tuple[str, str, str], Match] = {}
    by_id: dict[tuple[str, str], str] = {}
    by_text: dict[tuple[str, str], str] = {}
    for round_id, table in rounds:
        if table.empty:
            continue
        taken: set[str] = set()
        found_texts: list[tuple[tuple[str, str], str]] = []
        for (row_id, in_form), hub, text in zip(
            row_ids(table, round_id, kind), table["hub"], table[text_column], strict=True
        ):
            earlier = by_id.get((hub, row_id))
            fallback = by_text.get((hub, text_key(text)))
            if earlier is not None and earlier not in taken:
                match = Match(earlier, BY_ID)
            elif not in_form and fallback is not None and fallback not in taken:
                match = Match(fallback, BY_TEXT)
            else:
                match = Match(f"{hub}:{row_id}", NEW)
            taken.add(match.key)
            matches[(round_id, hub, row_id)] = match
            by_id[(hub, row_id)] = match.key
            found_texts.append(((hub, text_key(text)), match.key))
        by_text.update(found_texts)
    return matches


def keyed(
    rounds: Sequence[tuple[str, pd.DataFrame]], kind: str, text_column: str
) -> list[pd.DataFrame]:
    """Each round's table with two columns more: ``series`` and ``matched`` (id/tekst/nieuw)."""
    matches = series_matches(rounds, kind, text_column)
    result = []
    for round_id, table in rounds:
        table = table.copy()
        if table.empty:
            result.append(table.assign(series=pd.Series(dtype=str), matched=pd.Series(dtype=str)))
            continue
        found = [
            matches[(round_id, hub, row_id)]
            for (row_id, _), hub in zip(row_ids(table, round_id, kind), table["hub"], strict=True)
        ]
        table["series"] = [m.key for m in found]
        table["matched"] = [m.how for m in found]
        result.append(table)
    return result


def wordings(tables: Sequence[pd.DataFrame], text_column: str) -> dict[tuple[str, str], list[str]]:
    """(hub, series) -> the row's text in each round that has it, oldest first.

    ``tables`` are the rounds' tables as :func:`keyed` returns them, oldest first.
    """
    found: dict[tuple[str, str], list[str]] = {}
    for table in tables:
        if table.empty:
            continue
        for hub, series, text in zip(
            table["hub"], table["series"], table[text_column], strict=True
        ):
            found.setdefault((hub, series), []).append(" ".join(str(text).split()))
    return found


def earlier_wording(texts: Sequence[str], now: str) -> str:
    """The earlier wordings of a row that differ from ``now`` (whitespace and case do not
    count), newest first, joined by '; '; empty when the row was never worded otherwise."""
    seen = {text_key(now)}
    earlier = []
    for text in reversed(texts):
        if text_key(text) not in seen:
            seen.add(text_key(text))
            earlier.append(text)
    return "; ".join(earlier)
