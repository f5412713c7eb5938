"""Review checks of the wederhoor (pure): responses without a decision, statements changed
since the draft that no response asked for, decisions to take over that changed nothing."""

from __future__ import annotations

import pandas as pd

from evaltools.ingest.wederhoor import DECISIONS_FILE, NOT_TAKEN_OVER, PARTLY, TAKEN_OVER
from evaltools.round.findings import ERROR, WARNING, Finding

NO_DECISION = "reactie zonder besluit"
UNASKED_CHANGE = "uitspraak gewijzigd sinds het concept"
NOTHING_CHANGED = "besluit zonder wijziging"
CHECKS = (NO_DECISION, UNASKED_CHANGE, NOTHING_CHANGED)


def _clip(text: object, length: int = 70) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def wederhoor_findings(tables: dict[str, pd.DataFrame], round_id: str) -> list[Finding]:
    """Every wederhoor finding of a round whose tables were built (none without wederhoor)."""
    responses = tables.get("wederhoor_responses", pd.DataFrame())
    statements = tables.get("wederhoor_statements", pd.DataFrame())
    if statements is None or statements.empty:
        return []
    responses = responses.fillna("")
    statements = statements.fillna("")
    decisions_file = f"{round_id}/wederhoor/{DECISIONS_FILE}"
    findings = []
    asked = set()
    for row in responses.itertuples():
        if not row.decision:
            findings.append(
                Finding(
                    ERROR,
                    NO_DECISION,
                    row.file,
                    row.place,
                    f"de reactie van {row.hub} op '{row.statement}' ({_clip(row.sent_text)}) "
                    f"heeft geen besluit; zet in {decisions_file} onder {row.hub}: "
                    f"'{row.statement}:' met 'besluit: overgenomen' (en de uitspraak "
                    "aangepast), 'deels overgenomen' of 'niet overgenomen', en een "
                    "'toelichting:'",
                )
            )
        elif row.decision in (TAKEN_OVER, PARTLY):
            asked.add((row.hub, row.statement))
            if row.sent_text == row.current_text:
                findings.append(
                    Finding(
                        WARNING,
                        NOTHING_CHANGED,
                        decisions_file,
                        row.decision_place,
                        f"de reactie van {row.hub} op '{row.statement}' is '{row.decision}', "
                        "maar de uitspraak in de beoordeling is nog dezelfde als in het "
                        "concept; pas de uitspraak aan of kies 'niet overgenomen'",
                    )
                )
        elif row.decision == NOT_TAKEN_OVER:
            continue
    for row in statements.itertuples():
        if row.current_text == row.sent_text or (row.hub, row.statement) in asked:
            continue
        now = _clip(row.current_text) if row.current_text else "(de uitspraak bestaat niet meer)"
        findings.append(
            Finding(
                WARNING,
                UNASKED_CHANGE,
                row.assessment_file or f"{round_id}/wederhoor/verzonden.yaml",
                row.assessment_place,
                f"'{row.statement}' is gewijzigd sinds het concept voor wederhoor "
                f"(was: {_clip(row.sent_text)}; nu: {now}) zonder reactie van {row.hub} die "
                "daarom vroeg (of met een reactie die niet is overgenomen); leg de hub de "
                "nieuwe tekst voor of zet de oude terug",
            )
        )
    return findings
