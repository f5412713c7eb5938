"""The consultants' decisions on the findings of ``evaltools check`` (pure).

A round records them in ``data/raw/<ronde>/controle/besluiten.yaml``, beside its wederhoor
decisions::

    besluiten:
      - controle: verdeling van middelen     # the check, as 'evaltools check' names it
        bestand: round.yaml                  # the file, within the round folder
        betreft: groeihub – innovatie        # what the finding is about (or 'plaats: regel 12')
        besluit: geaccepteerd                # or: gecorrigeerd
        reden: ...                           # in words a reader of the report understands
        rol: senior adviseur                 # a role, never a person's name

A decision names its finding by what stays the same when the message is reworded: the check,
the file and what the finding is about (``betreft``: a cell, a budget line, a phrase), or, for a
finding that names nothing more stable, its place. ``gecorrigeerd``: the data was corrected, so
the finding no longer occurs (if it still does, the correction did not take). ``geaccepteerd``:
the statement stays, and the reason is shown where it stands in the report. The client edition
is rendered only when every error (``fout``) has an accepted decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from evaltools.round.findings import ERROR, WARNING, Finding
from evaltools.round.models import Text, _Model

CONTROL_DIR = "controle"
DECISIONS_FILE = "besluiten.yaml"
CORRECTED = "gecorrigeerd"
ACCEPTED = "geaccepteerd"
DECISION_CHECK = "besluit over een bevinding"


class Decision(_Model):
    check: Text = Field(alias="controle")
    file: Text = Field(alias="bestand")
    subject: str = Field("", alias="betreft")
    place: str = Field("", alias="plaats")
    decision: Literal["gecorrigeerd", "geaccepteerd"] = Field(alias="besluit")
    reason: Text = Field(alias="reden")
    role: Text = Field(alias="rol")

    @property
    def about(self) -> str:
        """What or where, as written."""
        return _flat(self.subject) or _flat(self.place)

    @property
    def key(self) -> tuple[str, str, str]:
        """(check, file within the round, what it is about or its place)."""
        return (
            _same(self.check),
            _flat(self.file).removeprefix("./"),
            _same(self.subject) or _same(self.place),
        )


class DecisionsFile(_Model):
    """``controle/besluiten.yaml``: the list of decisions."""

    decisions: list[Decision] = Field(default_factory=list, alias="besluiten")


@dataclass(frozen=True)
class RecordedDecision:
    """A decision with where it stands (for messages)."""

    decision: Decision
    file: str
    """``<ronde>/controle/besluiten.yaml``."""
    place: str
    """``regel N`` of the decision in that file."""


@dataclass(frozen=True)
class DecidedFinding:
    """A finding of this run and the decision on it; ``part`` is the report part (the label of
    the notebook cell) whose statement the finding is about, '' when none."""

    finding: Finding
    decision: Decision
    part: str = ""


@dataclass(frozen=True)
class Verdict:
    """The findings of a round after its decisions."""

    findings: list[Finding]
    """Every finding without a decision, and the findings about decisions themselves."""
    decided: list[DecidedFinding]
    """Findings with an accepted decision, and corrected ones (whose finding is gone: the
    finding is the decision's description of it)."""

    @property
    def blocking(self) -> list[Finding]:
        """The errors: while any is left, the client edition is not made."""
        return [f for f in self.findings if f.severity == ERROR]


def _flat(text: object) -> str:
    return " ".join(str(text or "").split())


def _same(text: object) -> str:
    """Text as a key compares: whitespace folded, case and the kind of dash ignored."""
    return _flat(text).replace("\u2013", "-").replace("\u2014", "-").casefold()


def finding_key(finding: Finding, round_id: str) -> tuple[str, str, str]:
    """How a decision names ``finding``: check, file within the round, subject or place."""
    file = finding.file.removeprefix(f"{round_id}/")
    return (_same(finding.check), file, _same(finding.subject) or _same(finding.place))


def duplicate_places(decisions: list[RecordedDecision]) -> list[tuple[RecordedDecision, str]]:
    """Decisions that name a finding an earlier decision named: (decision, earlier place)."""
    seen: dict[tuple[str, str, str], str] = {}
    duplicates = []
    for recorded in decisions:
        key = recorded.decision.key
        if key in seen:
            duplicates.append((recorded, seen[key]))
        else:
            seen[key] = recorded.place
    return duplicates


def apply_decisions(
    findings: list[Finding],
    decisions: list[RecordedDecision],
    round_id: str,
    parts: dict[str, str] | None = None,
) -> Verdict:
    """Match every decision to the findings of this run.

    An accepted finding leaves ``findings`` for ``decided``; a corrected decision whose finding
    still occurs is an error (the correction did not take), an accepted one that matches no
    finding a warning (the decision is stale). ``parts`` maps a check to the report part its
    statement stands in.
    """
    parts = parts or {}
    by_key = {d.decision.key: d for d in decisions}
    open_findings: list[Finding] = []
    decided: list[DecidedFinding] = []
    matched = set()
    for finding in findings:
        key = finding_key(finding, round_id)
        recorded = by_key.get(key)
        if recorded is None and finding.subject:
            # named by its place instead: as a decision did before the finding had a subject
            key = (*key[:2], _same(finding.place))
            recorded = by_key.get(key)
        if recorded is None:
            open_findings.append(finding)
            continue
        matched.add(key)
        if recorded.decision.decision == ACCEPTED:
            decided.append(DecidedFinding(finding, recorded.decision, parts.get(finding.check, "")))
            continue
        open_findings += [
            finding,
            Finding(
                ERROR,
                DECISION_CHECK,
                recorded.file,
                recorded.place,
                f"het besluit zegt '{CORRECTED}', maar de bevinding '{finding.check}' komt nog "
                f"steeds voor ({finding.message}); de correctie is niet gelukt: corrigeer de "
                f"gegevens, of kies '{ACCEPTED}' met een reden",
                finding.subject or finding.place,
            ),
        ]
    for recorded in decisions:
        decision = recorded.decision
        if decision.key in matched:
            continue
        if decision.decision == CORRECTED:
            file = f"{round_id}/{decision.key[1]}"
            described = Finding(
                ERROR, decision.check, file, decision.place, "", _flat(decision.subject)
            )
            decided.append(DecidedFinding(described, decision, parts.get(decision.check, "")))
            continue
        open_findings.append(
            Finding(
                WARNING,
                DECISION_CHECK,
                recorded.file,
                recorded.place,
                f"het besluit '{ACCEPTED}' over '{decision.check}' in {decision.file} "
                f"({decision.about or 'het hele bestand'}) hoort bij geen bevinding van deze "
                "controle: de bevinding is verdwenen of anders benoemd; haal het besluit weg of "
                "pas 'controle', 'bestand' en 'betreft' of 'plaats' aan",
                decision.about,
            )
        )
    return Verdict(open_findings, decided)


def decision_template(finding: Finding, round_id: str) -> str:
    """The YAML a consultant adds to controle/besluiten.yaml to decide on ``finding``."""
    check, file = finding.check, finding.file.removeprefix(f"{round_id}/")
    which = (
        f"betreft: {_yaml_text(finding.subject)}"
        if _flat(finding.subject)
        else f"plaats: {_yaml_text(finding.place)}"
    )
    return (
        f"  - controle: {_yaml_text(check)}\n"
        f"    bestand: {_yaml_text(file)}\n"
        f"    {which}\n"
        f"    besluit: {ACCEPTED}  # of: {CORRECTED} (na correctie van de gegevens)\n"
        "    reden: <waarom, in woorden voor de lezer van het rapport>\n"
        "    rol: <uw rol, bijv. senior adviseur>"
    )


def _yaml_text(text: str) -> str:
    flat = _flat(text)
    plain = (
        flat
        and ": " not in flat
        and " #" not in flat
        and not flat.endswith(":")
        and flat[0] not in "-?:,[]{}#&*!|>'\"%@`"
    )
    return flat if plain else "'" + flat.replace("'", "''") + "'"
