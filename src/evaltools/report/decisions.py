"""The consultants' decisions on the findings of the check, as the report shows them (pure).

The findings come as data (``round.decisions``): the render command applies the decisions of
``controle/besluiten.yaml`` to the findings of ``evaltools check`` before the render.

- Under the part whose statement a finding is about (a table), the reason of an accepted
  finding, in both editions: the report does not state what the round's data contradicts
  without saying why it stands.
- In the review edition's Verantwoording, every decided finding (finding, decision, reason,
  role), and, when the client edition was refused, the findings still open.
"""

from __future__ import annotations

from collections.abc import Sequence

from evaltools.report.markdown import escape
from evaltools.round.decisions import ACCEPTED, CONTROL_DIR, DECISIONS_FILE, DecidedFinding
from evaltools.round.findings import Finding

DECISIONS_PART = "besluiten.md"


def decision_notes(decided: Sequence[DecidedFinding]) -> dict[str, list[str]]:
    """Per report part (the label of its notebook cell): the notes its accepted findings get."""
    notes: dict[str, list[str]] = {}
    for item in decided:
        if item.part and item.decision.decision == ACCEPTED:
            reason = escape(" ".join(item.decision.reason.split()))
            # a fenced div: the part may be followed at once by a heading
            text = f"::: {{.noot}}\n*Noot bij deze tabel.* {reason}\n:::\n"
            if text not in notes.get(item.part, []):
                notes.setdefault(item.part, []).append(text)
    return notes


def decisions_part(decided: Sequence[DecidedFinding], open_findings: Sequence[Finding]) -> str:
    """The section of the review edition's Verantwoording on the findings of the check."""
    parts = [
        "## Bevindingen van de controle en besluiten {.unnumbered .unlisted}\n",
        "Voor het rapport is de ronde gecontroleerd met `evaltools check`. Een bevinding die "
        "de gegevens van de ronde zelf tegenspreken, gaat alleen mee in de klanteditie met een "
        f"besluit van de consultants (`{CONTROL_DIR}/{DECISIONS_FILE}`): *gecorrigeerd* (de "
        "gegevens zijn aangepast) of *geaccepteerd* (de uitspraak blijft staan, met de reden "
        "erbij).\n",
    ]
    if open_findings:
        parts += [
            "**Open bevindingen.** Zolang deze fouten geen besluit hebben, is de klanteditie "
            "niet gemaakt; deze review-editie is gemaakt om erover te beslissen:\n",
            *[f"- {_finding(f)}" for f in open_findings],
            "",
        ]
    if decided:
        parts.append("**Besluiten.**\n")
        parts += [_decided(item) for item in decided]
    elif not open_findings:
        parts.append("*De controle vond geen fouten; er zijn geen besluiten nodig geweest.*")
    return "\n".join(parts) + "\n"


def _finding(finding: Finding) -> str:
    where = ", ".join(escape(p) for p in (finding.subject or finding.place,) if p)
    head = f"**{escape(finding.check[0].upper() + finding.check[1:])}** (`{finding.file}`"
    head += f", {where})" if where else ")"
    return f"{head}: {escape(finding.message)}" if finding.message else head


def _decided(item: DecidedFinding) -> str:
    decision = item.decision
    message = _finding(item.finding)
    if not item.finding.message:
        message += ": komt na de correctie niet meer voor"
    return (
        f"- {message}\\\n  *Besluit:* {escape(decision.decision)} door "
        f"{escape(decision.role)}. *Reden:* {escape(' '.join(decision.reason.split()))}"
    )
