"""Criterion matrices: per criterion, the table Technohub | strengths | points of attention."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Cell:
    """One bullet: the consultants' statement and the codes of the evidence it rests on."""

    text: str
    sources: tuple[str, ...]


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
    rows = []
    for hub in hubs[hubs["status"] == "deelnemend"].itertuples():
        mine = statements[(statements["hub"] == hub.hub) & (statements["criterion"] == criterion)]

        def cells(column: str, mine: pd.DataFrame = mine) -> tuple[Cell, ...]:
            part = mine[mine["column"] == column]
            return tuple(
                Cell(s.text, tuple(codes.get(i, i) for i in s.sources.split()))
                for s in part.itertuples()
            )

        rows.append(MatrixRow(hub.hub, hub.label, cells("sterktes"), cells("aandachtspunten")))
    return rows


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
