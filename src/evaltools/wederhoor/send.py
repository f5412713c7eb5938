"""Send the wederhoor: per taking-part hub a draft (PDF) and a response form (.xlsx)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evaltools.ingest.tables import build_tables
from evaltools.ingest.validate import load_valid_round
from evaltools.ingest.wederhoor import (
    SENT_FILE,
    WEDERHOOR_DIR,
    hub_statements,
    sent_record,
)
from evaltools.ingest.wederhoor_form import write_response_form
from evaltools.privacy.files import input_documents
from evaltools.privacy.scan import CONTACT_FILES, NameKey, PrivacyError, input_findings
from evaltools.report.hub_parts import hub_facts
from evaltools.report.wederhoor import DRAFT_TEMPLATE, draft_data
from evaltools.round.new_files import refuse_existing
from evaltools.wederhoor.drafts import write_draft_pdf, write_sent_record

DRAFT_SUFFIX = "-concept.pdf"


@dataclass(frozen=True)
class SentDraft:
    hub: str
    draft: Path
    form: Path
    statements: int
    sha256: str


def write_drafts(
    folder: Path, out_dir: Path, sent: dt.date, names_key: NameKey | None = None
) -> list[SentDraft]:
    """``evaltools wederhoor``: ``<hub>-concept.pdf`` and ``<hub>.xlsx`` per taking-part hub.

    1. read and validate the round; scan its inputs for names, e-mail addresses and phones;
    2. refuse targets that already exist;
    3. per taking-part hub with an assessment: its statements (with their ids) and what the
       report says about it (scores, type, findings);
    4. write the draft (PDF via Typst) and the response form into ``out_dir``;
    5. record what was sent (date, statements, SHA-256) in ``wederhoor/verzonden.yaml``.

    The round must be valid. What was sent is recorded in ``<ronde>/wederhoor/verzonden.yaml``
    (date, per hub every statement and their SHA-256): returned forms are checked against it,
    and the report's appendix and Verantwoording are built from it. Nothing is overwritten:
    with any target already there, nothing is written (InvalidRound). As for the report, a
    name from the names key in any input, or contact details where they do not belong, stop
    it before anything is written (PrivacyError).
    """
    raw = load_valid_round(folder)
    refused = input_findings(input_documents(folder), names_key, CONTACT_FILES)
    if refused:
        raise PrivacyError(refused)
    config = raw.config
    record_path = Path(folder) / WEDERHOOR_DIR / SENT_FILE
    assessments = {assessment.hub: assessment for _, assessment, _ in raw.assessments}
    hubs = [hub for hub in config.taking_part if hub.id in assessments]
    targets = [record_path]
    for hub in hubs:
        targets += [out_dir / f"{hub.id}{DRAFT_SUFFIX}", out_dir / f"{hub.id}.xlsx"]
    refuse_existing(targets)
    statements = {hub.id: hub_statements(assessments[hub.id], config) for hub in hubs}
    record = sent_record(config.round_id, sent, statements)
    tables = build_tables(raw)
    moment = dt.datetime(sent.year, sent.month, sent.day, 12, tzinfo=dt.UTC)
    written = []
    for hub in hubs:
        sha256 = record["hubs"][hub.id]["sha256"]
        facts = hub_facts(tables, config, hub.id)
        data = draft_data(config, facts, statements[hub.id], _scores(tables, hub.id), sha256, sent)
        draft = write_draft_pdf(out_dir / f"{hub.id}{DRAFT_SUFFIX}", DRAFT_TEMPLATE, data, moment)
        form = out_dir / f"{hub.id}.xlsx"
        write_response_form(form, config, hub.id, statements[hub.id], sha256, sent)
        written.append(SentDraft(hub.id, draft, form, len(statements[hub.id]), sha256))
    write_sent_record(record_path, record, config.programme.unit)
    return written


def _scores(tables: dict[str, pd.DataFrame], hub: str) -> dict[str, tuple[int | None, int | None]]:
    scores = tables["scores"]
    own = tables["self_scores"]
    result: dict[str, tuple[int | None, int | None]] = {}
    for row in scores[scores["hub"] == hub].itertuples():
        result[row.criterion] = (int(row.score), None)
    if not own.empty:
        for row in own[own["hub"] == hub].itertuples():
            if not pd.isna(row.self_score):
                score = result.get(row.criterion, (None, None))[0]
                result[row.criterion] = (score, int(row.self_score))
    return result
