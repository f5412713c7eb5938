"""``evaltools export <ronde>``: the round's coded evidence as ``report/_output/<ronde>.qdpx``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evaltools.export.files import project_schema, write_qdpx
from evaltools.export.project import Project, build_project
from evaltools.export.qde import PROJECT_FILE, archive_entries, validate
from evaltools.ingest.processed import read_config, read_tables
from evaltools.privacy.files import input_documents
from evaltools.privacy.output import output_findings
from evaltools.privacy.scan import Document, NameKey, PrivacyError, forbidden_quotes
from evaltools.round.paths import Layout

SUFFIX = ".qdpx"
LABEL = "het REFI-QDA-project"


@dataclass(frozen=True)
class Exported:
    path: Path
    counts: dict[str, int]


def export_path(layout: Layout) -> Path:
    return layout.output / f"{layout.round_id}{SUFFIX}"


def export_round(layout: Layout, names_key: NameKey | None) -> Exported:
    """Write the round's REFI-QDA project, or nothing (the previous file stays).

    1. read the round's tables and configuration (``data/processed/<ronde>/tables``, written
       by ``evaltools ingest``);
    2. build the project: a text source per interview note and zelfevaluatie, codes per
       criterion and kind, a case per hub, a coded selection per evidence item, the
       statements as notes (``export.project``);
    3. scan every text it carries for names from the key, e-mail addresses, phone numbers and
       quotes from notes that are not quotable, as the render scans the report (PrivacyError);
    4. validate ``project.qde`` against the REFI-QDA schema (InvalidProject);
    5. write ``report/_output/<ronde>.qdpx``, a zip with fixed times: same round, same bytes.
    """
    config = read_config(layout.tables)
    tables = read_tables(layout.tables)
    project = build_project(config, tables)
    leaks = privacy_findings(project, tables, names_key, [])
    if leaks:
        # where each leak came from: the round's inputs, read only when something was found
        raise PrivacyError(
            privacy_findings(project, tables, names_key, input_documents(layout.raw))
        )
    entries = archive_entries(project)
    validate(entries[PROJECT_FILE], project_schema())
    path = write_qdpx(export_path(layout), entries, config.date)
    return Exported(path, project.counts)


def privacy_findings(
    project: Project,
    tables: dict,
    names_key: NameKey | None,
    sources: list[Document],
):
    """Personal data and forbidden quotes in the project's texts, located in ``sources``."""
    document = Document(LABEL, project.texts())
    return output_findings({LABEL: document}, names_key, forbidden_quotes(tables), sources)
