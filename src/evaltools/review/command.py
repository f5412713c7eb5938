"""Files of the review of a round: what ``evaltools check`` reads and the page it writes."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evaltools.ingest.raw_round import ASSESSMENTS_DIR
from evaltools.ingest.tables import build_tables
from evaltools.ingest.validate import check_round
from evaltools.privacy.files import input_documents, read_names_key
from evaltools.privacy.scan import (
    CONTACT_FILES,
    Document,
    NameKey,
    input_findings,
    statement_quote_findings,
    unescape_markdown,
)
from evaltools.report.files import notebook_outputs
from evaltools.review.checks import (
    CHECKS,
    REPORT_PARTS,
    Places,
    allocation_notes,
    assessment_places,
    problem_findings,
    review,
)
from evaltools.review.citations import whole_cell_findings
from evaltools.review.copied_statements import copied_statement_findings
from evaltools.review.dictionary import dutch_dictionary, read_round_word_list
from evaltools.review.spelling import WORD_LIST, read_word_list, round_names, spelling_findings
from evaltools.review.text_checks import copied_text_findings
from evaltools.review.wederhoor import wederhoor_findings
from evaltools.round.decisions import RecordedDecision, Verdict, apply_decisions
from evaltools.round.findings import Finding, sort_findings
from evaltools.round.models import RoundConfig
from evaltools.round.paths import Layout
from evaltools.round.problems import InvalidRound
from evaltools.round.yaml_source import YamlSource, read_yaml


@dataclass
class ReviewInput:
    """A round as the review sees it; ``tables`` only when the round could be read whole."""

    round_id: str
    config: RoundConfig | None
    tables: dict[str, pd.DataFrame] | None
    documents: list[Document]
    places: Places
    key: NameKey | None
    problems: list[Finding] = field(default_factory=list)
    decisions: list[RecordedDecision] = field(default_factory=list)
    assessments: list[tuple[str, YamlSource]] = field(default_factory=list)
    """Each assessment's file and parsed YAML (also one with a schema problem)."""


def load_review_input(raw_dir: Path, root: Path) -> ReviewInput:
    """Validate the round, build its tables in memory and read every input's text."""
    # the parses of an ingested round's files are reused: the check rereads every input
    cache = Layout(root, Path(raw_dir).name).input_cache
    raw, problems = check_round(raw_dir, cache if cache.parent.is_dir() else None)
    findings = problem_findings(problems)
    try:
        key = read_names_key(root)
    except InvalidRound as error:
        key = None
        findings += problem_findings(error.problems)
    documents = input_documents(raw_dir)
    if raw is None:
        return ReviewInput(Path(raw_dir).name, None, None, documents, Places(), key, findings)
    tables = build_tables(raw) if not problems else None
    if tables is not None:
        findings += whole_cell_findings(raw)
    return ReviewInput(
        raw.config.round_id,
        raw.config,
        tables,
        documents,
        assessment_places(raw),
        key,
        findings,
        raw.decisions,
        raw.assessment_sources,
    )


def round_verdict(raw_dir: Path, root: Path) -> tuple[Verdict, list[str]]:
    """``evaltools check``: the findings of the round after its decisions.

    1. every finding of the round (:func:`review_round`);
    2. the consultants' decisions of ``controle/besluiten.yaml`` (read with the round) applied:
       an accepted finding is decided, a corrected one that still occurs and a stale accepted
       one become findings themselves (see :func:`evaltools.round.decisions.apply_decisions`);
    3. what is still open, sorted in the order of ``CHECKS``, and what was decided.
    """
    findings, notes, data = _review(raw_dir, root)
    verdict = apply_decisions(findings, data.decisions, data.round_id, REPORT_PARTS)
    return Verdict(sort_findings(verdict.findings, CHECKS), verdict.decided), notes


def review_round(raw_dir: Path, root: Path) -> tuple[list[Finding], list[str]]:
    """``evaltools check``: every finding of the round, and notes on what could not be checked.

    1. read the round (its problems are findings too), the names key and every input's text;
    2. scan the inputs for names from the key, e-mail addresses and phone numbers;
    3. with valid input: the content checks (evidence, sources, triangulation, scores, type,
       goals, interviews, allocation, budget, counts in texts), quotes, wederhoor, spelling;
    4. compare the texts with the previous round's (skeletons left, texts copied unchanged);
    5. sort the findings in the order of ``CHECKS``.

    The consultants' decisions are not applied here: see :func:`round_verdict`.
    """
    findings, notes, _ = _review(raw_dir, root)
    return findings, notes


def _review(raw_dir: Path, root: Path) -> tuple[list[Finding], list[str], ReviewInput]:
    data = load_review_input(raw_dir, root)
    findings = list(data.problems)
    notes = []
    if data.key is None:
        notes.append(
            "Er is geen names-key.yaml in de projectmap: namen van personen zijn niet "
            "gecontroleerd (e-mailadressen en telefoonnummers wel)."
        )
    findings += input_findings(data.documents, data.key, CONTACT_FILES)
    if data.tables is None or data.config is None:
        notes.append(
            "De invoer heeft fouten: los die eerst op; daarna volgen de inhoudelijke controles."
        )
    else:
        texts = [d for d in data.documents if "/teksten/" in d.file]
        findings += review(data.config, data.tables, texts, data.places)
        notes += allocation_notes(data.config, data.tables)
        findings += statement_quote_findings(data.tables, data.documents)
        findings += wederhoor_findings(data.tables, data.round_id)
        spelling, spelling_notes = spelling_review(
            raw_dir, root, data.documents, round_names(data.config)
        )
        findings += spelling
        notes += spelling_notes
    previous = data.config.previous_round if data.config is not None else None
    if previous and (Path(raw_dir).parent / previous).is_dir():
        # texts of a new round still as 'nieuwe-ronde' wrote them, or copied unchanged
        earlier = input_documents(Path(raw_dir).parent / previous)
        findings += copied_text_findings(
            [d for d in data.documents if "/teksten/" in d.file],
            [d for d in earlier if "/teksten/" in d.file],
            previous,
        )
        if data.config is not None:  # assessment statements copied unchanged
            findings += copied_statement_findings(
                data.config,
                data.assessments,
                previous_assessments(Path(raw_dir).parent / previous),
                previous,
            )
    return sort_findings(findings, CHECKS), notes, data


def previous_assessments(folder: Path) -> list[tuple[str, YamlSource]]:
    """The assessments of the previous round in ``folder`` (file label, parsed YAML); one that
    cannot be read is left out (it was that round's problem, not this one's)."""
    found = []
    assessments = folder / ASSESSMENTS_DIR
    for path in sorted(assessments.glob("*.yaml")) if assessments.is_dir() else []:
        if path.is_symlink() or not path.is_file():
            continue
        label = f"{folder.name}/{ASSESSMENTS_DIR}/{path.name}"
        source, _ = read_yaml(path, label)
        if source is not None:
            found.append((label, source))
    return found


# The texts a reader of the report meets: the consultants' texts, judgements and round.yaml.
SPELLED_INPUTS = ("/teksten/", "/beoordeling/", "/round.yaml")


def spelling_review(
    raw_dir: Path, root: Path, documents: list[Document], names: AbstractSet[str] = frozenset()
) -> tuple[list[Finding], list[str]]:
    """Spell check of the round's texts, then of the generated parts of its last analysis."""
    raw_dir = Path(raw_dir)
    known = dutch_dictionary()
    word_list = read_word_list(read_round_word_list(raw_dir, WORD_LIST)) | set(names)
    inputs = [d for d in documents if any(part in d.file for part in SPELLED_INPUTS)]
    findings = spelling_findings(inputs, known, word_list)
    notebooks = Layout(root, raw_dir.name).analysis / "notebooks"
    # the generated sentences: every labelled cell output the report embeds
    generated = [
        Document(
            f"{path.relative_to(root).as_posix()}, cel {label}",
            [
                (f"regel {n}", unescape_markdown(line))
                for n, line in enumerate(text.splitlines(), 1)
            ],
        )
        for path in sorted(notebooks.glob("*.ipynb"))
        for label, text in notebook_outputs(path).items()
    ]
    if not generated:
        known.save()  # the verdicts of this check, for the next
        return findings, [
            "De gegenereerde zinnen zijn niet op spelling gecontroleerd: draai eerst "
            f"'evaltools analyse {raw_dir.name}'."
        ]
    seen = {f.message.split("'")[1] for f in findings}
    findings += spelling_findings(generated, known, word_list, already=seen)
    known.save()
    return findings, []


def write_review(path: Path, page: str) -> Path:
    """Write the review page (report/_output/<ronde>-review.html)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
