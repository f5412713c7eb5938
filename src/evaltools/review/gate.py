"""The sign-off gate of the render: no client edition while the check reports an open error.

``evaltools render`` first runs the check of the round (``evaltools check``) and applies the
consultants' decisions (``controle/besluiten.yaml``, see :mod:`evaltools.round.decisions`).

- No open error: both editions are made; the reason of every accepted finding stands under
  its table, and the review edition's Verantwoording lists every decided finding.
- An open error: the client edition is not made (its last good files stay untouched); the
  review edition is made, with the open findings in its Verantwoording, because the reviewers
  need it to decide; the command ends with a Dutch message naming every open error and how to
  record a decision, and exit code 1.
- Input that does not validate: nothing is made (the tables would not match the inputs).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from evaltools.report.editions import CLIENT, REVIEW
from evaltools.report.render import render_report
from evaltools.review.command import round_verdict
from evaltools.round.decisions import CONTROL_DIR, DECISIONS_FILE, decision_template
from evaltools.round.findings import Finding
from evaltools.round.paths import Layout

INVALID_INPUT = "invoer ongeldig"
# templates shown in the refusal: enough to copy from, not a page of YAML
SHOWN_TEMPLATES = 3


def gated_render(
    root: Path,
    round_id: str,
    progress: Callable[[str], None] | None = None,
    *,
    again: bool = False,
) -> tuple[list[Path], str | None]:
    """``evaltools render`` behind the gate: the paths written, and the refusal (None: none).

    1. the check of the round with its decisions (:func:`round_verdict`; timed in the log);
    2. input that does not validate: nothing is made, the message names every problem;
    3. render (:func:`render_report`) both editions, or only the review edition while an error
       is open, with the decided findings (notes under their tables, the Verantwoording);
    4. with an open error, the refusal: every open error and the decision to record.
    """
    layout = Layout(root, round_id)
    started = time.monotonic()
    verdict, _ = round_verdict(layout.raw, layout.root)
    blocking = verdict.blocking
    if progress is not None:
        shown = f"{time.monotonic() - started:.1f}".replace(".", ",")
        progress(f"controle (evaltools check) {shown} s")
    invalid = [f for f in blocking if f.check == INVALID_INPUT]
    if invalid:
        return [], invalid_input(round_id, invalid)
    editions = (REVIEW,) if blocking else (CLIENT, REVIEW)
    paths = render_report(
        layout.root,
        round_id,
        progress,
        again=again,
        decided=verdict.decided,
        open_findings=blocking,
        editions=editions,
    )
    return paths, refusal(round_id, blocking) if blocking else None


def invalid_input(round_id: str, problems: Sequence[Finding]) -> str:
    """The message when the round's input does not validate: nothing was made."""
    return "\n".join(
        [
            "Het rapport is niet gemaakt; het vorige rapport is ongewijzigd. De invoer van "
            f"ronde {round_id} heeft fouten; los ze op (alle problemen: 'evaltools validate "
            f"data/raw/{round_id}'):",
            *[f"  - {f}" for f in problems],
        ]
    )


def refusal(round_id: str, blocking: Sequence[Finding]) -> str:
    """The message of a refused client edition: every open error, and how to decide on one."""
    decisions = f"data/raw/{round_id}/{CONTROL_DIR}/{DECISIONS_FILE}"
    count = f"{len(blocking)} {'fout' if len(blocking) == 1 else 'fouten'}"
    lines = [
        f"De klanteditie van ronde {round_id} is niet gemaakt: de controle vond {count} "
        "zonder besluit van de consultants. De vorige klanteditie is ongewijzigd; de "
        "review-editie is wel bijgewerkt en noemt deze fouten in haar Verantwoording.",
        *[f"  - [{f.check}] {f}" for f in blocking],
        "Corrigeer de gegevens, of leg per fout een besluit vast in " + decisions + ":",
        "besluiten:",
        *[decision_template(f, round_id) for f in blocking[:SHOWN_TEMPLATES]],
    ]
    if len(blocking) > SHOWN_TEMPLATES:
        lines.append(f"  # ... en zo verder voor de andere {len(blocking) - SHOWN_TEMPLATES}")
    lines.append(
        f"Zie docs/controle.md; 'evaltools check {round_id}' toont alle bevindingen en wat al "
        "besloten is."
    )
    return "\n".join(lines)
