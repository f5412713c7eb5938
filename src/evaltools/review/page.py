"""The review page of evaltools check (HTML, never part of the report) and its terminal summary."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence

from evaltools.review.checks import CHECKS
from evaltools.round.decisions import CONTROL_DIR, DECISIONS_FILE, DecidedFinding
from evaltools.round.findings import ERROR, Finding

HOW_TO_DECIDE = (
    f"Een fout die zo blijft, leg je vast als besluit in {CONTROL_DIR}/{DECISIONS_FILE} van de "
    "ronde (controle, bestand, betreft of plaats, besluit, reden, rol; zie docs/controle.md); "
    "zolang een fout geen besluit heeft, maakt 'evaltools render' de klanteditie niet."
)


def counts(findings: Sequence[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.severity == ERROR)
    return errors, len(findings) - errors


def summary(
    round_id: str,
    findings: Sequence[Finding],
    notes: Sequence[str] = (),
    decided: Sequence[DecidedFinding] = (),
) -> str:
    """The terminal summary: totals, a line per check, then every error, then what is decided."""
    errors, warnings = counts(findings)
    if not findings:
        lines = [f"Controle van ronde {round_id}: geen bevindingen."]
    else:
        lines = [
            f"Controle van ronde {round_id}: {_plural(errors, 'fout', 'fouten')} en "
            f"{_plural(warnings, 'waarschuwing', 'waarschuwingen')}."
        ]
        per_check = Counter((f.check, f.severity) for f in findings)
        order = {check: index for index, check in enumerate(CHECKS)}
        for (check, severity), number in sorted(
            per_check.items(), key=lambda item: (order.get(item[0][0], 99), item[0][1])
        ):
            lines.append(f"  {severity:<13} {check}: {number}")
        shown = [f for f in findings if f.severity == ERROR]
        if shown:
            lines.append("Fouten:")
            lines += [f"  - {finding}" for finding in shown]
            lines.append(HOW_TO_DECIDE)
    if decided:
        lines.append(f"Besloten ({CONTROL_DIR}/{DECISIONS_FILE}):")
        lines += [
            f"  - {d.decision.decision}: {d.finding.check}, {_about(d)} ({d.decision.role})"
            for d in decided
        ]
    lines += list(notes)
    return "\n".join(lines)


def _about(decided: DecidedFinding) -> str:
    finding = decided.finding
    return finding.subject or ", ".join(p for p in (finding.file, finding.place) if p)


def _plural(number: int, one: str, more: str) -> str:
    return f"{number} {one if number == 1 else more}"


def review_html(
    round_id: str,
    findings: Sequence[Finding],
    notes: Sequence[str] = (),
    decided: Sequence[DecidedFinding] = (),
) -> str:
    """A self-contained HTML page with every open finding, grouped by check, then the
    findings the consultants decided on."""
    errors, warnings = counts(findings)
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>Controle van ronde {esc(round_id)}</title>",
        "<style>",
        "body{font-family:'Segoe UI',Arial,sans-serif;max-width:72rem;margin:2rem auto;"
        "padding:0 1.5rem;color:#1b1f24;line-height:1.5}",
        "h1,h2{color:#1f3a5f}table{border-collapse:collapse;width:100%;font-size:.9rem}",
        "th{text-align:left;border-bottom:2px solid #1f3a5f;padding:.3rem}",
        "td{vertical-align:top;border-bottom:1px solid #c5ccd6;padding:.3rem}",
        ".fout{color:#a40e26;font-weight:bold}.waarschuwing{color:#8a5a00}",
        ".note{color:#5b6b7d}code{font-size:.9em}",
        "</style></head><body>",
        f"<h1>Controle van ronde {esc(round_id)}</h1>",
        '<p class="note">Alleen voor de consultants: deze controle hoort niet bij het '
        "rapport voor de opdrachtgever.</p>",
        f"<p><span class='fout'>{_plural(errors, 'fout', 'fouten')}</span>, "
        f"<span class='waarschuwing'>{_plural(warnings, 'waarschuwing', 'waarschuwingen')}"
        "</span>.</p>",
    ]
    parts += [f'<p class="note">{esc(note)}</p>' for note in notes]
    if errors:
        parts.append(f'<p class="note">{esc(HOW_TO_DECIDE)}</p>')
    if not findings:
        parts.append("<p>Geen open bevindingen: de ronde is in orde.</p>")
    order = {check: index for index, check in enumerate(CHECKS)}
    for check in sorted({f.check for f in findings}, key=lambda c: (order.get(c, 99), c)):
        mine = [f for f in findings if f.check == check]
        parts += [
            f"<h2>{esc(check[0].upper() + check[1:])} ({len(mine)})</h2>",
            "<table><thead><tr><th>Ernst</th><th>Bestand</th><th>Plaats</th>"
            "<th>Bevinding</th></tr></thead><tbody>",
        ]
        parts += [
            f"<tr><td class='{esc(f.severity)}'>{esc(f.severity)}</td>"
            f"<td><code>{esc(f.file)}</code></td><td>{esc(f.place)}</td>"
            f"<td>{esc(f.message)}</td></tr>"
            for f in mine
        ]
        parts.append("</tbody></table>")
    if decided:
        parts += [
            f"<h2>Besloten ({len(decided)})</h2>",
            f'<p class="note">Uit {esc(CONTROL_DIR)}/{esc(DECISIONS_FILE)}; de review-editie '
            "van het rapport noemt ze in de Verantwoording.</p>",
            "<table><thead><tr><th>Controle</th><th>Bestand</th><th>Betreft</th>"
            "<th>Bevinding</th><th>Besluit</th><th>Reden</th><th>Rol</th></tr></thead><tbody>",
        ]
        parts += [
            f"<tr><td>{esc(d.finding.check)}</td><td><code>{esc(d.finding.file)}</code></td>"
            f"<td>{esc(d.finding.subject or d.finding.place)}</td>"
            f"<td>{esc(d.finding.message or '(komt niet meer voor)')}</td>"
            f"<td>{esc(d.decision.decision)}</td><td>{esc(d.decision.reason)}</td>"
            f"<td>{esc(d.decision.role)}</td></tr>"
            for d in decided
        ]
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
