"""The evidence of a round: every answer and interview fragment a statement can rest on."""

from __future__ import annotations

from dataclasses import dataclass

from evaltools.inputs.interviews import InterviewNote
from evaltools.inputs.zelfevaluatie import FormAnswers, evidence_id


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
            if text:
                items.append(
                    Evidence(
                        evidence_id(hub, answer.criterion, kind),
                        hub,
                        answer.criterion,
                        "zelfevaluatie",
                        kind,
                        text,
                        file,
                        f"Criteria!{column}{row}",
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
    return items


def interview_evidence(note: InterviewNote, file: str) -> list[Evidence]:
    """Evidence items of one interview note: one per bullet."""
    return [
        Evidence(f.evidence_id, f.hub, f.criterion, "interview", f.kind, f.text, file, f.place)
        for f in note.fragments
    ]
