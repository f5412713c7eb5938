"""Criterion matrices: per criterion, the table hub | strengths | points of attention."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evaltools.ingest.wederhoor import response_decisions, statement_id


@dataclass(frozen=True)
class Cell:
    """One bullet: the consultants' statement and the codes of the evidence it rests on."""

    text: str
    sources: tuple[str, ...]
    response: str = ""
    """The statement's id when the hub responded to it in the wederhoor (else '')."""
    decision: str = ""
    """The consultants' decision on that response."""


@dataclass(frozen=True)
class MatrixRow:
    hub: str
    label: str
    strengths: tuple[Cell, ...]
    attention: tuple[Cell, ...]


def source_codes(evidence: pd.DataFrame) -> dict[str, str]:
    """Short reader-facing codes (B1, B2, ...) for evidence ids, in catalogue order."""
    # a list first: iterating a pandas string column builds each value one call at a time, and
    # the catalogue grows with the hubs (every hub's notebook numbers the whole of it)
    return {eid: f"B{n}" for n, eid in enumerate(evidence["id"].tolist(), start=1)}


def criterion_matrix(tables: dict[str, pd.DataFrame], criterion: str) -> list[MatrixRow]:
    """Rows of one criterion's table, taking-part hubs in configuration order."""
    hubs = tables["hubs"]
    statements = tables["statements"]
    codes = source_codes(tables["evidence"])
    decisions = response_decisions(tables)
    # the criterion's statements grouped by hub and column in one pass, in table order (a
    # filter of the whole table per hub made the criterion tables grow with the square of
    # the hubs)
    cells: dict[tuple[str, str], list[Cell]] = {}
    for s in statements[statements["criterion"] == criterion].itertuples():
        response = statement_id(s.hub, criterion, s.column, s.number)
        cell = Cell(
            s.text,
            tuple(codes.get(i, i) for i in s.sources.split()),
            response if response in decisions else "",
            decisions.get(response, ""),
        )
        cells.setdefault((s.hub, s.column), []).append(cell)
    return [
        MatrixRow(
            hub.hub,
            hub.label,
            tuple(cells.get((hub.hub, "sterktes"), ())),
            tuple(cells.get((hub.hub, "aandachtspunten"), ())),
        )
        for hub in hubs[hubs["status"] == "deelnemend"].itertuples()
    ]


def empty_cells(tables: dict[str, pd.DataFrame]) -> list[tuple[str, str]]:
    """(hub, criterion) pairs of taking-part hubs with no statement at all."""
    hubs = tables["hubs"]
    statements = tables["statements"]
    filled = set(zip(statements["hub"], statements["criterion"], strict=True))
    return [
        (h, c)
        for h in hubs.loc[hubs["status"] == "deelnemend", "hub"]
        for c in tables["criteria"]["criterion"]
        if (h, c) not in filled
    ]
