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
from evaltools.round.programme import Unit
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


def statement_id(hub: str, criterion: str, column: str, number: int) -> str:
    """The id of a hub's statement in a criterion's column (``sterktes``, ``aandachtspunten``),
    numbered from 1: ``<hub>-<criterium>-sterkte-2``."""
    word = "sterkte" if column == "sterktes" else "aandachtspunt"
    return f"{hub}-{criterion}-{word}-{number}"


def response_decisions(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Statement id -> the consultants' decision on the hub's response to it, for every
    response that has one (the Wederhoor appendix shows each of those)."""
    responses = tables.get("wederhoor_responses", pd.DataFrame())
    if responses is None or responses.empty:
        return {}
    return {
        str(statement): str(decision)
        for statement, decision in zip(responses["statement"], responses["decision"], strict=True)
        if decision in DECISIONS
    }


def hub_statements(
    assessment: Assessment, config: RoundConfig, unit: Unit | None = None
) -> list[DraftStatement]:
    """Every statement of a hub's beoordeling that the report shows, in report order."""
    u = unit or config.programme.unit
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
                        statement_id(hub, criterion.id, key, number),
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
                f"Wat {u.the} onderscheidt",
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
