"""Wederhoor: every hub checks what the report says about it (pure: models and rules).

The statements a hub checks are the consultants' statements in its beoordeling, each with an
id that stays the same as long as the statement keeps its place (``<hub>-<criterium>-sterkte-2``,
``<hub>-randvoorwaarde-1``, ``<hub>-samenvatting-3``, ...). Consultants correct a statement
in place; a new statement goes at the end of its list, so no id moves.

Three inputs in ``data/raw/<ronde>/wederhoor/``:

- ``verzonden.yaml``, written by ``evaltools wederhoor``: when the drafts went out and, per
  hub, every statement as sent with the SHA-256 of that list;
- ``<hub>.xlsx``, the returned response forms;
- ``besluiten.yaml``, the consultants' decision on every response:
  ``<hub>: {<uitspraak-id>: {besluit: overgenomen|deels overgenomen|niet overgenomen,
  toelichting: ...}}``. It sits beside the beoordeling rather than in it, so the beoordeling
  keeps saying only what the report says, and the decisions can be read on their own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd
from pydantic import Field

from evaltools.round.models import Assessment, RoundConfig, Text, _Model
from evaltools.round.problems import Problem, shown
from evaltools.round.yaml_source import YamlSource

WEDERHOOR_DIR = "wederhoor"
SENT_FILE = "verzonden.yaml"
DECISIONS_FILE = "besluiten.yaml"
TAKEN_OVER = "overgenomen"
PARTLY = "deels overgenomen"
NOT_TAKEN_OVER = "niet overgenomen"
DECISIONS: tuple[str, ...] = (TAKEN_OVER, PARTLY, NOT_TAKEN_OVER)
YES, NO = "ja", "nee"


@dataclass(frozen=True)
class DraftStatement:
    """One statement a hub is asked to check: its id, where it stands and its text."""

    id: str
    part: str
    """Where the statement stands in the report, in words ('Robuustheid: sterkte 2')."""
    text: str
    location: tuple[Any, ...]
    """Its place in the beoordeling (for messages): ``("criteria", "robuustheid", ...)``."""


def flat(text: object) -> str:
    """Text as shown and compared: whitespace folded to single spaces."""
    return " ".join(str(text or "").split())


def hub_statements(assessment: Assessment, config: RoundConfig) -> list[DraftStatement]:
    """Every statement of a hub's beoordeling that the report shows, in report order."""
    hub = assessment.hub
    names = {criterion.id: criterion.name for criterion in config.criteria}
    statements: list[DraftStatement] = []
    for criterion in config.criteria:
        judgement = assessment.criteria.get(criterion.id)
        if judgement is None:
            continue
        for key, word, items in (
            ("sterktes", "sterkte", judgement.strengths),
            ("aandachtspunten", "aandachtspunt", judgement.attention),
        ):
            for number, statement in enumerate(items, start=1):
                statements.append(
                    DraftStatement(
                        f"{hub}-{criterion.id}-{word}-{number}",
                        f"{names[criterion.id]}: {word} {number}",
                        flat(statement.text),
                        ("criteria", criterion.id, key, number - 1, "tekst"),
                    )
                )
    statements.append(
        DraftStatement(
            f"{hub}-type",
            "Type en dominant kenmerk",
            f"Type: {assessment.type}; dominant kenmerk: {assessment.feature}",
            ("type",),
        )
    )
    if flat(assessment.type_reason):
        statements.append(
            DraftStatement(
                f"{hub}-type-toelichting",
                "Toelichting op het type",
                flat(assessment.type_reason),
                ("type_toelichting",),
            )
        )
    for number, statement in enumerate(assessment.conditions, start=1):
        statements.append(
            DraftStatement(
                f"{hub}-randvoorwaarde-{number}",
                f"Randvoorwaarde {number}",
                flat(statement.text),
                ("randvoorwaarden", number - 1, "tekst"),
            )
        )
    if assessment.distinctive is not None:
        statements.append(
            DraftStatement(
                f"{hub}-onderscheidend",
                "Wat de Technohub onderscheidt",
                flat(assessment.distinctive.text),
                ("onderscheidend", "tekst"),
            )
        )
    paragraphs = [flat(p) for p in assessment.summary.split("\n\n") if p.strip()]
    for number, paragraph in enumerate(paragraphs, start=1):
        statements.append(
            DraftStatement(
                f"{hub}-samenvatting-{number}",
                f"Samenvatting, alinea {number}",
                paragraph,
                ("samenvatting",),
            )
        )
    return statements


def statements_hash(round_id: str, hub: str, statements: dict[str, str]) -> str:
    """SHA-256 of what was sent to a hub: round, hub and every statement id with its text.

    Computed over canonical JSON, so anyone can recompute it from ``verzonden.yaml``.
    """
    payload = json.dumps(
        {"ronde": round_id, "hub": hub, "uitspraken": [[k, v] for k, v in statements.items()]},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class SentHub(_Model):
    sha256: Text
    statements: dict[str, Text] = Field(alias="uitspraken")


class SentRecord(_Model):
    """``verzonden.yaml``: what went to which hub, and when."""

    round_id: Text = Field(alias="ronde")
    sent: dt.date = Field(alias="verzonden")
    hubs: dict[str, SentHub]


def sent_record(
    round_id: str, sent: dt.date, statements: dict[str, list[DraftStatement]]
) -> dict[str, Any]:
    """The data of ``verzonden.yaml`` (with the Dutch keys) for drafts sent on ``sent``."""
    hubs = {}
    for hub, items in statements.items():
        texts = {item.id: item.text for item in items}
        hubs[hub] = {"sha256": statements_hash(round_id, hub, texts), "uitspraken": texts}
    return {"ronde": round_id, "verzonden": sent.isoformat(), "hubs": hubs}


class Decision(_Model):
    decision: Literal["overgenomen", "deels overgenomen", "niet overgenomen"] = Field(
        alias="besluit"
    )
    reason: str = Field("", alias="toelichting")


class Decisions(_Model):
    """``besluiten.yaml``: per hub, per statement id, the consultants' decision."""

    hubs: dict[str, dict[str, Decision]]


@dataclass(frozen=True)
class Response:
    """One row of a returned form in which the hub wrote anything."""

    statement: str
    sent_text: str
    wrong: str
    """'ja', 'nee' or '' (not filled in)."""
    correction: str
    explanation: str
    row: int


@dataclass(frozen=True)
class ResponseForm:
    """A returned response form as read, before any cross-file rule."""

    round_id: str
    hub_id: str
    sha256: str
    responses: list[Response]
    rows: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Every statement row of the form: id -> (row, text as it stands in the form)."""


@dataclass
class WederhoorInput:
    """What ``data/raw/<ronde>/wederhoor/`` holds, as read (``None`` for an absent file)."""

    sent: SentRecord | None = None
    sent_file: str = ""
    sent_source: YamlSource | None = None
    forms: list[tuple[str, ResponseForm]] = field(default_factory=list)
    decisions: Decisions | None = None
    decisions_file: str = ""
    decisions_source: YamlSource | None = None

    @property
    def held(self) -> bool:
        return self.sent is not None or bool(self.forms) or self.decisions is not None


# Where a form shows what; the reader and the writer both use these.
SHEET = "Reacties"
HEADER_ROWS = {"ronde": 1, "hub": 2, "sha256": 3, "formulierversie": 4}
TABLE_HEADER_ROW = 6
COLUMNS = (
    "Uitspraak-id",
    "Onderdeel",
    "Uitspraak",
    "Feitelijk onjuist (ja/nee)",
    "Voorgestelde correctie",
    "Toelichting",
)


def wederhoor_problems(
    wederhoor: WederhoorInput,
    config: RoundConfig,
    assessments: list[tuple[str, Assessment, YamlSource]],
    folder: str,
) -> list[Problem]:
    """Cross-file rules of the wederhoor inputs; ``folder`` labels files (``<ronde>/wederhoor``)."""
    problems: list[Problem] = []
    sent = wederhoor.sent
    known = [hub.id for hub in config.hubs]
    if sent is not None:
        source = wederhoor.sent_source
        assert source is not None
        if sent.round_id != config.round_id:
            problems.append(
                Problem(
                    wederhoor.sent_file,
                    source.place(("ronde",)),
                    "ronde",
                    f"de ronde {shown(sent.round_id)}",
                    f"ronde '{config.round_id}'; maak de concepten opnieuw met "
                    "'evaltools wederhoor'",
                )
            )
        for hub, item in sent.hubs.items():
            if hub not in known:
                problems.append(
                    Problem(
                        wederhoor.sent_file,
                        source.place(("hubs", hub)),
                        "hubs",
                        f"{shown(hub)}, een hub die niet in round.yaml staat",
                        "een hub-code uit round.yaml: " + ", ".join(known),
                    )
                )
            elif statements_hash(config.round_id, hub, dict(item.statements)) != item.sha256:
                problems.append(
                    Problem(
                        wederhoor.sent_file,
                        source.place(("hubs", hub, "sha256")),
                        f"hubs.{hub}.sha256",
                        "een SHA-256 die niet past bij de uitspraken eronder (het bestand is "
                        "met de hand gewijzigd)",
                        "verzonden.yaml zoals 'evaltools wederhoor' het schreef; zet het terug "
                        "uit git",
                    )
                )
    elif wederhoor.forms or wederhoor.decisions is not None:
        problems.append(
            Problem(
                f"{folder}/{SENT_FILE}",
                "",
                "",
                "niets (het bestand ontbreekt)",
                "het verslag van wat verzonden is, dat 'evaltools wederhoor' schrijft; zonder "
                "dat bestand kan een reactie niet aan de verzonden uitspraken worden getoetst",
            )
        )
    problems += _form_problems(wederhoor, config, folder)
    problems += _decision_problems(wederhoor, config)
    return problems


def _form_problems(wederhoor: WederhoorInput, config: RoundConfig, folder: str) -> list[Problem]:
    problems: list[Problem] = []
    sent = wederhoor.sent
    seen: dict[str, str] = {}
    for file, form in wederhoor.forms:
        stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]

        def at(row: int, column: int) -> str:
            return f"{SHEET}!{'ABCDEF'[column - 1]}{row}"

        if form.round_id != config.round_id:
            problems.append(
                Problem(
                    file,
                    at(HEADER_ROWS["ronde"], 2),
                    "ronde",
                    f"een formulier van ronde {shown(form.round_id)}",
                    f"het reactieformulier van deze ronde ('{config.round_id}')",
                )
            )
            continue
        hub_place = at(HEADER_ROWS["hub"], 2)
        if form.hub_id != stem:
            problems.append(
                Problem(
                    file,
                    hub_place,
                    "hub",
                    f"een formulier van hub {shown(form.hub_id)} in het bestand {stem}.xlsx",
                    "het formulier van de hub die de bestandsnaam noemt; zet elk formulier "
                    "onder de naam <hub>.xlsx waaronder het is verstuurd",
                )
            )
            continue
        if form.hub_id in seen:
            problems.append(
                Problem(
                    file,
                    hub_place,
                    "hub",
                    f"een tweede formulier van hub '{form.hub_id}' (ook: {seen[form.hub_id]})",
                    "één reactieformulier per hub; voeg de reacties samen in één formulier",
                )
            )
        seen[form.hub_id] = file
        if sent is None:
            continue
        sent_hub = sent.hubs.get(form.hub_id)
        if sent_hub is None:
            problems.append(
                Problem(
                    file,
                    hub_place,
                    "hub",
                    f"een formulier van hub {shown(form.hub_id)}, naar wie geen concept is "
                    "verzonden",
                    "alleen formulieren van hubs in wederhoor/verzonden.yaml: "
                    + ", ".join(sent.hubs),
                )
            )
            continue
        if form.sha256 != sent_hub.sha256:
            problems.append(
                Problem(
                    file,
                    at(HEADER_ROWS["sha256"], 2),
                    "SHA-256",
                    f"{shown(form.sha256)}, niet de versie die naar deze hub is verzonden",
                    f"'{sent_hub.sha256}' (wederhoor/verzonden.yaml); laat de hub het "
                    "verzonden formulier invullen",
                )
            )
        for statement, (row, text) in form.rows.items():
            if statement not in sent_hub.statements:
                problems.append(
                    Problem(
                        file,
                        at(row, 1),
                        COLUMNS[0],
                        f"{shown(statement)}, een uitspraak die niet naar deze hub is verzonden",
                        "alleen de uitspraak-id's van het verzonden formulier (verander de "
                        "kolom Uitspraak-id niet en voeg geen regels toe)",
                    )
                )
            elif flat(text) != sent_hub.statements[statement]:
                problems.append(
                    Problem(
                        file,
                        at(row, 3),
                        COLUMNS[2],
                        f"een gewijzigde tekst: {shown(flat(text))}",
                        f"de tekst zoals verzonden ('{sent_hub.statements[statement]}'); zet "
                        "een correctie in de kolom Voorgestelde correctie, niet in de uitspraak",
                    )
                )
        for response in form.responses:
            if response.wrong not in (YES, NO):
                problems.append(
                    Problem(
                        file,
                        at(response.row, 4),
                        COLUMNS[3],
                        shown(response.wrong),
                        "'ja' of 'nee' uit de keuzelijst, omdat er bij deze uitspraak een "
                        "correctie of toelichting staat",
                    )
                )
            elif response.wrong == YES and not (response.correction or response.explanation):
                problems.append(
                    Problem(
                        file,
                        at(response.row, 5),
                        COLUMNS[4],
                        "niets (leeg), terwijl de uitspraak feitelijk onjuist heet",
                        "een voorgestelde correctie of een toelichting op wat er onjuist is",
                    )
                )
    return problems


def _decision_problems(wederhoor: WederhoorInput, config: RoundConfig) -> list[Problem]:
    decisions, source = wederhoor.decisions, wederhoor.decisions_source
    if decisions is None or source is None:
        return []
    responses = {
        (form.hub_id, response.statement)
        for _, form in wederhoor.forms
        for response in form.responses
    }
    problems = []
    known = [hub.id for hub in config.hubs]
    for hub, items in decisions.hubs.items():
        if hub not in known:
            problems.append(
                Problem(
                    wederhoor.decisions_file,
                    source.place((hub,)),
                    hub,
                    f"{shown(hub)}, een hub die niet in round.yaml staat",
                    "een hub-code uit round.yaml: " + ", ".join(known),
                )
            )
            continue
        for statement, decision in items.items():
            place = source.place((hub, statement))
            if (hub, statement) not in responses:
                problems.append(
                    Problem(
                        wederhoor.decisions_file,
                        place,
                        f"{hub}.{statement}",
                        f"een besluit over {shown(statement)}, maar {hub} heeft op die "
                        "uitspraak niet gereageerd",
                        "alleen besluiten over reacties in wederhoor/<hub>.xlsx (controleer "
                        "de uitspraak-id)",
                    )
                )
            if decision.decision != TAKEN_OVER and not flat(decision.reason):
                problems.append(
                    Problem(
                        wederhoor.decisions_file,
                        source.place((hub, statement, "besluit")),
                        f"{hub}.{statement}.toelichting",
                        "niets (leeg)",
                        f"bij '{decision.decision}' de reden: het standpunt van de consultants "
                        "dat het rapport naast de reactie van de hub zet",
                    )
                )
    return problems


STATEMENT_COLUMNS = [
    "hub",
    "statement",
    "part",
    "sent_text",
    "current_text",
    "assessment_file",
    "assessment_place",
]
RESPONSE_COLUMNS = [
    "hub",
    "statement",
    "part",
    "sent_text",
    "current_text",
    "wrong",
    "correction",
    "explanation",
    "decision",
    "reason",
    "file",
    "place",
    "decision_place",
]
HUB_COLUMNS = ["hub", "sent", "sha256", "statements", "responded", "file"]


def wederhoor_tables(
    wederhoor: WederhoorInput,
    config: RoundConfig,
    assessments: list[tuple[str, Assessment, YamlSource]],
) -> dict[str, pd.DataFrame]:
    """Tables of a validated wederhoor: hubs sent to, statements as sent and now, responses."""
    current: dict[str, dict[str, tuple[DraftStatement, str, str]]] = {}
    for file, assessment, source in assessments:
        current[assessment.hub] = {
            item.id: (item, file, source.place(item.location))
            for item in hub_statements(assessment, config)
        }
    sent = wederhoor.sent
    hubs, statements, responses = [], [], []
    forms = {form.hub_id: (file, form) for file, form in wederhoor.forms}
    decisions = wederhoor.decisions.hubs if wederhoor.decisions else {}
    order = {hub.id: index for index, hub in enumerate(config.hubs)}
    for hub, item in sorted((sent.hubs if sent else {}).items(), key=lambda h: order[h[0]]):
        now = current.get(hub, {})
        hubs.append(
            {
                "hub": hub,
                "sent": sent.sent.isoformat() if sent else "",
                "sha256": item.sha256,
                "statements": len(item.statements),
                "responded": hub in forms,
                "file": forms[hub][0] if hub in forms else "",
            }
        )
        for statement, text in item.statements.items():
            found = now.get(statement)
            statements.append(
                {
                    "hub": hub,
                    "statement": statement,
                    "part": found[0].part if found else "",
                    "sent_text": text,
                    "current_text": found[0].text if found else "",
                    "assessment_file": found[1] if found else "",
                    "assessment_place": found[2] if found else "",
                }
            )
        if hub not in forms:
            continue
        file, form = forms[hub]
        for response in form.responses:
            found = now.get(response.statement)
            decision = decisions.get(hub, {}).get(response.statement)
            responses.append(
                {
                    "hub": hub,
                    "statement": response.statement,
                    "part": found[0].part if found else "",
                    "sent_text": response.sent_text,
                    "current_text": found[0].text if found else "",
                    "wrong": response.wrong,
                    "correction": response.correction,
                    "explanation": response.explanation,
                    "decision": decision.decision if decision else "",
                    "reason": flat(decision.reason) if decision else "",
                    "file": file,
                    "place": f"{SHEET}!D{response.row}",
                    "decision_place": wederhoor.decisions_source.place((hub, response.statement))
                    if decision and wederhoor.decisions_source
                    else "",
                }
            )
    return {
        "wederhoor_hubs": pd.DataFrame(hubs, columns=HUB_COLUMNS),
        "wederhoor_statements": pd.DataFrame(statements, columns=STATEMENT_COLUMNS),
        "wederhoor_responses": pd.DataFrame(responses, columns=RESPONSE_COLUMNS),
    }
