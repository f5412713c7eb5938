"""The evidence of a round: every answer and interview fragment a statement can rest on."""

from __future__ import annotations

from dataclasses import dataclass

from evaltools.ingest.interviews import InterviewNote
from evaltools.ingest.zelfevaluatie import FormAnswers, evidence_id, split_bullets

CELL_KINDS = ("sterktes", "aandachtspunten")
"""Form columns whose cells hold points; each point is evidence of its own."""


@dataclass(frozen=True)
class Evidence:
    id: str
    hub: str
    criterion: str
    source: str
    """'zelfevaluatie' or 'interview'."""
    kind: str
    text: str
    file: str
    place: str


def form_evidence(answers: FormAnswers, file: str) -> list[Evidence]:
    """Evidence items of one zelfevaluatie form, in form order."""
    hub = answers.hub_id
    items = [
        Evidence(
            evidence_id(hub, "doel", g.number),
            hub,
            "",
            "zelfevaluatie",
            "doel",
            g.goal,
            file,
            g.place,
        )
        for g in answers.goals
    ]
    for answer in answers.criteria:
        row = answer.place.split("!C")[-1]
        for column, kind, text in (
            ("D", "sterktes", answer.strengths),
            ("E", "aandachtspunten", answer.attention),
        ):
            points = split_bullets(text)
            for number, (line, point) in enumerate(points, start=1):
                cell = f"Criteria!{column}{row}"
                items.append(
                    Evidence(
                        evidence_id(hub, answer.criterion, kind, number),
                        hub,
                        answer.criterion,
                        "zelfevaluatie",
                        kind,
                        point,
                        file,
                        # the line in the cell only where the cell holds more than one point
                        f"{cell}, regel {line}" if len(points) > 1 else cell,
                    )
                )
    items += [
        Evidence(
            evidence_id(hub, "kpi", k.number),
            hub,
            "",
            "zelfevaluatie",
            "kpi",
            k.name,
            file,
            k.place,
        )
        for k in answers.kpis
    ]
    places = answers.wish_places or [""] * len(answers.wishes)
    items += [
        Evidence(evidence_id(hub, "wens", n), hub, "", "zelfevaluatie", "wens", wish, file, place)
        for n, (wish, place) in enumerate(zip(answers.wishes, places, strict=True), start=1)
    ]
    return items


def cell_aliases(evidence: list[Evidence]) -> dict[str, tuple[str, ...]]:
    """Per-cell codes of earlier rounds (``ze-<hub>-<criterium>-sterktes``) and the codes of
    the points in that cell: an assessment that cites a whole cell still reads, and cites
    every point of it."""
    aliases: dict[str, tuple[str, ...]] = {}
    for item in evidence:
        if item.source == "zelfevaluatie" and item.kind in CELL_KINDS:
            cell = evidence_id(item.hub, item.criterion, item.kind)
            aliases[cell] = (*aliases.get(cell, ()), item.id)
    return aliases


def expand_sources(sources: list[str] | tuple[str, ...], aliases: dict) -> list[str]:
    """Cited codes with every per-cell code replaced by the codes of its points."""
    expanded: list[str] = []
    for source in sources:
        for code in aliases.get(source, (source,)):
            if code not in expanded:
                expanded.append(code)
    return expanded


def interview_evidence(note: InterviewNote, file: str) -> list[Evidence]:
    """Evidence items of one interview note: one per bullet."""
    return [
        Evidence(f.evidence_id, f.hub, f.criterion, "interview", f.kind, f.text, file, f.place)
        for f in note.fragments
    ]
