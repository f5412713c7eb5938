"""The check "op tekst vergeleken": goals and KPIs that a next round can only match on their text.

A form of version 2 holds an id per goal and KPI row (``template zelfevaluatie``), and the
rounds are compared on it. A row of a form without ids (an old form, or one whose hidden column
was emptied) is compared with the previous round on its text: a reworded goal or renamed KPI then
counts as new. Pure: takes the round's tables.
"""

from __future__ import annotations

import pandas as pd

from evaltools.round.findings import WARNING, Finding
from evaltools.round.models import RoundConfig

CHECK = "op tekst vergeleken"


def text_match_findings(config: RoundConfig, tables: dict[str, pd.DataFrame]) -> list[Finding]:
    """A warning per goal or KPI row without an id in its form, in a round with a previous
    round (``vorige_ronde``): file, sheet and row, and what to do."""
    if not config.previous_round:
        return []
    findings = []
    for name, kind, text_column in (("goals", "doel", "goal"), ("kpis", "KPI", "name")):
        table = tables.get(name, pd.DataFrame())
        if table.empty or "id_in_form" not in table.columns:
            continue
        for row in table.itertuples():
            if str(row.id_in_form).lower() in ("true", "1"):
                continue
            text = " ".join(str(getattr(row, text_column)).split())
            findings.append(
                Finding(
                    WARNING,
                    CHECK,
                    str(row.file),
                    str(row.place),
                    f"{kind} '{text[:60]}' heeft geen id in het formulier en wordt alleen op zijn "
                    "tekst met de vorige ronde vergeleken; een andere formulering telt dan als "
                    "nieuw. Maak de formulieren van een ronde met 'evaltools template "
                    "zelfevaluatie --vorige', dan houdt elke regel zijn id.",
                )
            )
    return findings
