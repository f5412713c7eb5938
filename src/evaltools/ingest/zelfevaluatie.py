"""What a hub wrote in its zelfevaluatie form, as plain values (no file handling)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BULLET = re.compile(r"^\s*[-*•–]\s+")


@dataclass(frozen=True)
class GoalAnswer:
    number: int
    goal: str
    status: str
    explanation: str = ""
    proof: str = ""
    place: str = ""
    carried_over: str = ""
    """The previous round the goal was carried over from (``template zelfevaluatie --vorige``),
    or empty for a goal the hub wrote itself."""
    id: str = ""
    """The goal's id from the form's hidden id column; empty in a form without one (an old
    form): then :func:`row_id` gives it one from its row."""


@dataclass(frozen=True)
class CriterionAnswer:
    criterion: str
    level: str
    strengths: str = ""
    attention: str = ""
    place: str = ""
    """Cell of the self-score; strengths and attention points sit in the next two columns."""


@dataclass(frozen=True)
class KpiAnswer:
    number: int
    name: str
    unit: str = ""
    baseline: float | None = None
    current: float | None = None
    target: float | None = None
    note: str = ""
    place: str = ""
    id: str = ""
    """The KPI's id from the form's hidden id column; empty in an old form (see ``row_id``)."""
    carried_over: str = ""
    """The previous round the KPI was carried over from, or empty for a KPI the hub added."""


@dataclass(frozen=True)
class FormAnswers:
    round_id: str
    hub_id: str
    goals: list[GoalAnswer] = field(default_factory=list)
    criteria: list[CriterionAnswer] = field(default_factory=list)
    kpis: list[KpiAnswer] = field(default_factory=list)
    wishes: list[str] = field(default_factory=list)
    wish_places: list[str] = field(default_factory=list)
    """Cell of each wish (``Ondersteuning!B3``), in the order of ``wishes``."""


def evidence_id(hub_id: str, *parts: object) -> str:
    """The id under which an answer can be cited as evidence, e.g. ``ze-tint-doel-2``."""
    return "-".join(["ze", hub_id, *(str(part) for part in parts)])


def row_id(round_id: str, kind: str, row: int) -> str:
    """The id a form row gets in its round: ``2027-eind-doel-3`` (the third row of goals).

    ``template zelfevaluatie`` writes it into every empty row; a carried-over row keeps the id
    of the round it came from. A form without ids (an old one) gets the same id from its row.
    """
    return f"{round_id}-{kind}-{row}"


def answer_id(round_id: str, kind: str, answer: GoalAnswer | KpiAnswer) -> str:
    """The answer's id: the one in the form, else the one of its row (:func:`row_id`)."""
    if answer.id:
        return answer.id
    found = re.search(r"(\d+)$", answer.place)
    row = int(found.group(1)) - 1 if found else answer.number
    return row_id(round_id, kind, row)


def split_bullets(text: str) -> list[tuple[int, str]]:
    """The points of a form cell: (line in the cell, text), one per bullet.

    The form asks for one point per line, starting with '- '. A line that starts with a
    bullet opens a point and the lines under it continue it; in a cell without bullets every
    non-empty line is a point of its own.
    """
    lines = text.splitlines()
    bulleted = any(_BULLET.match(line) for line in lines)
    points: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if not bulleted or _BULLET.match(line) or not points:
            points.append((number, [_BULLET.sub("", line).strip()]))
        else:
            points[-1][1].append(line.strip())
    return [(number, " ".join(parts)) for number, parts in points]
