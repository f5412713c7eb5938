"""What a Technohub wrote in its zelfevaluatie form, as plain values (no file handling)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GoalAnswer:
    number: int
    goal: str
    status: str
    explanation: str = ""
    proof: str = ""
    place: str = ""


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


@dataclass(frozen=True)
class FormAnswers:
    round_id: str
    hub_id: str
    goals: list[GoalAnswer] = field(default_factory=list)
    criteria: list[CriterionAnswer] = field(default_factory=list)
    kpis: list[KpiAnswer] = field(default_factory=list)
    wishes: list[str] = field(default_factory=list)


def evidence_id(hub_id: str, *parts: object) -> str:
    """The id under which an answer can be cited as evidence, e.g. ``ze-tint-doel-2``."""
    return "-".join(["ze", hub_id, *(str(part) for part in parts)])
