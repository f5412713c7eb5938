"""What a readable round still lacks: the parts of a round in progress (pure).

A round is gathered over weeks: after ``nieuwe-ronde`` and the forms come the interviews, then
the assessments. A missing interview note or assessment is therefore no validation problem (the
round can be read, ingested and analysed, and the review edition shows what is there), but
``validate`` must not call such a round complete. These are its warnings: per taking-part hub
the note and the assessment that are not there yet, and a round without a single form.
"""

from __future__ import annotations

from collections.abc import Sized

from evaltools.ingest.raw_round import ASSESSMENTS_DIR, FORMS_DIR, INTERVIEWS_DIR, RawRound
from evaltools.round.findings import WARNING, Finding

CHECK = "nog niet compleet"


def missing_parts(raw: RawRound) -> list[Finding]:
    """Warnings: zero forms in the round; per taking-part hub (in round.yaml's order) no
    interview note, no assessment.

    Each names the file that is expected and how to make it. A missing form of a hub whose form
    is expected is a validation problem of its own (``validate``), not repeated here.
    """
    round_id = raw.folder.name
    taking_part = raw.config.taking_part
    warnings: list[Finding] = []
    if taking_part and not raw.forms:
        warnings.append(
            Finding(
                WARNING,
                CHECK,
                f"{round_id}/{FORMS_DIR}",
                "",
                "nog geen enkele ingevulde zelfevaluatie; zet het formulier van elke hub in "
                f"{FORMS_DIR}/<hub>.xlsx (lege formulieren maakt 'evaltools template "
                f"zelfevaluatie data/raw/{round_id}')",
            )
        )
    interviewed = {note.meta.hub for _, note in raw.interviews}
    assessed = {assessment.hub for _, assessment, _ in raw.assessments}
    assessed |= {
        str(data["hub"])
        for _, source in raw.assessment_sources
        if isinstance(data := source.data, dict) and data.get("hub")
    }
    for hub in taking_part:
        if hub.id not in interviewed:
            warnings.append(
                Finding(
                    WARNING,
                    CHECK,
                    f"{round_id}/{INTERVIEWS_DIR}/{hub.id}.md",
                    "",
                    f"nog geen interviewnotitie van {hub.name}; zet de notitie van het "
                    f"interview in {INTERVIEWS_DIR}/{hub.id}.md (of .docx; zie docs/ronde.md, "
                    "Interviewnotities)",
                    hub.id,
                )
            )
        if hub.id not in assessed:
            warnings.append(
                Finding(
                    WARNING,
                    CHECK,
                    f"{round_id}/{ASSESSMENTS_DIR}/{hub.id}.yaml",
                    "",
                    f"nog geen beoordeling van {hub.name}; een invulbestand met al het bewijs "
                    f"maakt 'evaltools template beoordeling data/raw/{round_id}' (zijn er al "
                    "beoordelingen, schrijf dan met --map naar een andere map en kopieer dit "
                    "bestand)",
                    hub.id,
                )
            )
    return warnings


def status_lines(raw: RawRound) -> list[str]:
    """What ``validate`` says of a round without problems: "in orde" with its counts, or
    "leesbaar, maar nog niet compleet" with a line per missing part and what a build does."""

    def number(items: Sized, one: str, more: str) -> str:
        return f"{len(items)} {one if len(items) == 1 else more}"

    counts = [
        number(raw.forms, "zelfevaluatie", "zelfevaluaties"),
        number(raw.interviews, "interview", "interviews"),
        number(raw.assessments, "beoordeling", "beoordelingen"),
    ]
    if raw.wederhoor is not None and raw.wederhoor.held:
        counts.append(
            number(raw.wederhoor.forms, "reactieformulier", "reactieformulieren") + " (wederhoor)"
        )
    round_id = raw.config.round_id
    missing = missing_parts(raw)
    if not missing:
        return [f"Ronde {round_id} is in orde: {', '.join(counts)}."]
    count = number(missing, "waarschuwing", "waarschuwingen")
    return [
        f"Ronde {round_id} is leesbaar, maar nog niet compleet ({count}): {', '.join(counts)}.",
        *[f"  - {item}" for item in missing],
        "Een bouw maakt de review-editie met wat er is; de klanteditie pas als "
        f"'evaltools check {round_id}' geen open fouten meer vindt (een hub zonder interview "
        "of beoordeling geeft daar fouten).",
    ]
