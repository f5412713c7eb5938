"""Templates for a round: per taking-part hub a zelfevaluatie form and an assessment skeleton."""

from __future__ import annotations

import dataclasses
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

from evaltools.ingest.evidence import Evidence
from evaltools.ingest.raw_round import (
    ASSESSMENTS_DIR,
    CONFIG_FILE,
    FORMS_DIR,
    read_round,
)
from evaltools.ingest.validate import catalogue, check_round
from evaltools.ingest.zelfevaluatie import (
    FormAnswers,
    GoalAnswer,
    KpiAnswer,
    answer_id,
    evidence_id,
)
from evaltools.ingest.zelfevaluatie_writer import write_form
from evaltools.round.models import Hub, RoundConfig, parse_model
from evaltools.round.new_files import refuse_existing, write_new_files
from evaltools.round.problems import InvalidRound, Problem
from evaltools.round.yaml_source import read_yaml


def load_config(folder: Path) -> RoundConfig:
    """The round configuration alone, or InvalidRound with its problems."""
    label = f"{Path(folder).name}/{CONFIG_FILE}"
    source, problems = read_yaml(Path(folder) / CONFIG_FILE, label)
    if source is None:
        raise InvalidRound(problems)
    config, problems = parse_model(RoundConfig, source, label)
    if config is None:
        raise InvalidRound(problems)
    return config


@dataclass(frozen=True)
class WrittenForm:
    path: Path
    previous_goals: int | None
    """Goals carried over from the previous round; None when that round has no form of the hub."""
    previous_kpis: int | None = None
    """KPIs carried over from the previous round; None when that round has no form of the hub."""


def write_forms(
    folder: Path, out_dir: Path, previous: Path | None = None
) -> tuple[list[WrittenForm], list[Problem]]:
    """``evaltools template zelfevaluatie``: ``<hub>.xlsx`` per taking-part hub, in ``folder``.

    1. read the round's configuration (hubs, criteria, rubric);
    2. with ``previous``: read that round's forms for each hub's goals and KPIs, with their ids;
    3. refuse targets that already exist;
    4. write each hub's form (its goals and KPIs from last time marked "Uit vorige ronde").

    With ``previous`` (the folder of the previous round) each form starts with the goals and
    KPIs (name, unit, baseline, target and last value) the same hub filled in last time.
    Returns the forms written and the problems of the previous round's forms that made a whole
    form unreadable (its hub then starts without goals).
    Existing files are never overwritten: then nothing is written (InvalidRound).
    """
    config = load_config(folder)
    answers, warnings = previous_answers(previous) if previous is not None else ({}, [])
    previous_round = Path(previous).name if previous is not None else ""
    paths = [Path(out_dir) / f"{hub.id}.xlsx" for hub in config.taking_part]
    refuse_existing(paths)
    written = []
    for hub, path in zip(config.taking_part, paths, strict=True):
        carried = answers.get(hub.id)
        goals, kpis = carried if carried is not None else (None, None)
        write_form(path, config, hub.id, goals, previous_round, kpis)
        written.append(
            WrittenForm(
                path,
                None if goals is None else len(goals),
                None if kpis is None else len(kpis),
            )
        )
    return written, warnings


def previous_answers(
    folder: Path,
) -> tuple[dict[str, tuple[list[GoalAnswer], list[KpiAnswer]]], list[Problem]]:
    """Per hub, the goals and KPIs of its filled form in the round in ``folder``, each with
    its id (the one in the form, or the one of its row in an old form without ids).

    Problems that lost a whole form come back as warnings; smaller problems of an old form
    do not matter for its goals and KPIs.
    """
    raw, problems = read_round(Path(folder))
    if raw is None:
        raise InvalidRound(problems)
    round_id = raw.config.round_id
    found = {
        answers.hub_id: (
            [
                dataclasses.replace(g, id=answer_id(round_id, "doel", g))
                for g in answers.goals
                if g.goal
            ],
            [
                dataclasses.replace(k, id=answer_id(round_id, "kpi", k))
                for k in answers.kpis
                if k.name
            ],
        )
        for _, answers in raw.forms
    }
    forms = f"{raw.folder.name}/{FORMS_DIR}/"
    return found, [p for p in problems if p.file.startswith(forms) and not p.place]


def write_assessment_skeletons(folder: Path, out_dir: Path | None = None) -> list[Path]:
    """``evaltools template beoordeling``: ``<hub>.yaml`` per taking-part hub, an assessment to
    fill in with all its evidence.

    1. read the round; stop on problems in its forms and notes (codes could shift);
    2. number the evidence catalogue (forms, wishes, interview fragments);
    3. per hub: a skeleton with every criterion and the evidence that may be cited;
    4. write the skeletons, or nothing when one already exists.

    The round's forms and interview notes must be free of problems first (evidence codes are
    numbered in note order, so a later fix could shift them). Problems in existing assessments
    do not stop the skeletons. By default the skeletons go to the round's ``beoordeling``
    folder; an existing file is never overwritten (InvalidRound, nothing written).
    """
    folder = Path(folder)
    raw, problems = check_round(folder)
    if raw is None:
        raise InvalidRound(problems)
    assessments = f"{folder.name}/{ASSESSMENTS_DIR}/"
    blocking = [problem for problem in problems if not problem.file.startswith(assessments)]
    if blocking:
        raise InvalidRound(blocking)
    out = Path(out_dir) if out_dir is not None else folder / ASSESSMENTS_DIR
    evidence = catalogue(raw)
    answers = {a.hub_id: a for _, a in raw.forms}
    files = {
        out / f"{hub.id}.yaml": assessment_skeleton(
            raw.config, hub, [e for e in evidence if e.hub == hub.id], answers.get(hub.id)
        )
        for hub in raw.config.taking_part
    }
    return write_new_files(files)


def assessment_skeleton(
    config: RoundConfig, hub: Hub, evidence: list[Evidence], answers: FormAnswers | None
) -> str:
    """The YAML text of an empty assessment, with the hub's evidence as comments in its cell.

    Evidence with a criterion sits under that criterion, split into the column it supports
    (sterktes, aandachtspunten) and context; goals, KPIs and the hub's meetings have no
    criterion and are listed once, above the criteria.
    """
    scores = [level.score for level in config.rubric]
    details = _answer_details(answers)
    lines = [
        f"# Beoordeling van {hub.name} in ronde {config.round_id}.",
        "# Gemaakt met 'evaltools template beoordeling'. Vul het type, het dominante kenmerk en",
        "# per criterium de score in, en vat het bewijs samen in sterktes en aandachtspunten,",
        "# elk als:",
        "#   - tekst: <de uitspraak>",
        "#     bronnen: [<code van het bewijs>, <code van het bewijs>]",
        "# De commentaarregels (#) met het bewijs mogen blijven staan.",
        "# Scores: " + ", ".join(f"{level.score} = {level.name}" for level in config.rubric) + ".",
        f"hub: {_scalar(hub.id)}",
        *_typology_lines(config),
        "randvoorwaarden: []  # uitspraken (tekst en bronnen) over wat nodig is om door te groeien",
        "onderscheidend:  # één uitspraak (tekst en bronnen): waarin de hub zich onderscheidt",
        'samenvatting: ""  # meerdere alinea\'s: schrijf "samenvatting: |" en de tekst eronder',
        "",
        "# Bewijs zonder criterium, te gebruiken bij elk criterium, de randvoorwaarden en",
        "# 'onderscheidend':",
    ]
    general = [item for item in evidence if not item.criterion]
    lines += _evidence_lines(general, details, "") or ["#   (geen doelen of KPI's)"]
    events = [event for event in config.events if hub.id in event.hubs]
    if events:
        lines.append("# Bijeenkomsten met deze hub:")
        for event in events:
            lines.append(f"#   ev-{event.id} ({event.kind}, {event.date.isoformat()}):")
            lines += textwrap.wrap(
                event.theme, width=_WIDTH, initial_indent="#     ", subsequent_indent="#     "
            )
    levels = {a.criterion: a.level for a in answers.criteria} if answers else {}
    lines += ["", "criteria:"]
    for criterion in config.criteria:
        items = [item for item in evidence if item.criterion == criterion.id]
        self_score = levels.get(criterion.id) or "geen"
        lines += [
            f"  {_scalar(criterion.id)}:  # {criterion.name}",
            f"    score:  # {min(scores)} t/m {max(scores)}; zelfscore van de hub: {self_score}",
        ]
        for column, label in (("sterktes", "sterktes"), ("aandachtspunten", "aandachtspunten")):
            column_items = [item for item in items if _column(item.kind) == column]
            lines.append(f"    # Bewijs voor {label}:")
            lines += _evidence_lines(column_items, details, "    ") or ["    #   (geen)"]
            lines.append(f"    {column}: []")
        context = [item for item in items if _column(item.kind) == "context"]
        if context:
            lines.append("    # Context:")
            lines += _evidence_lines(context, details, "    ")
    return "\n".join(lines) + "\n"


_WIDTH = 100


def _column(kind: str) -> str:
    """The assessment column an evidence kind supports."""
    return {
        "sterkte": "sterktes",
        "sterktes": "sterktes",
        "aandachtspunt": "aandachtspunten",
        "aandachtspunten": "aandachtspunten",
    }.get(kind, "context")


def _evidence_lines(items: list[Evidence], details: dict[str, str], indent: str) -> list[str]:
    """Comment lines for evidence items: code and place, then the text wrapped below it."""
    lines = []
    for item in items:
        lines.append(f"{indent}#   {item.id} ({item.source}, {item.place}):")
        text = (item.text + details.get(item.id, "")).strip()
        for paragraph in text.splitlines():
            lines += textwrap.wrap(
                " ".join(paragraph.split()),
                width=_WIDTH,
                initial_indent=f"{indent}#     ",
                subsequent_indent=f"{indent}#       "
                if paragraph.lstrip().startswith("-")
                else f"{indent}#     ",
                break_on_hyphens=False,
            )
    return lines


def _answer_details(answers: FormAnswers | None) -> dict[str, str]:
    """What a goal's or KPI's evidence text leaves out: status, values."""
    if answers is None:
        return {}
    hub = answers.hub_id
    details = {
        evidence_id(hub, "doel", goal.number): f" (status: {goal.status or 'niet ingevuld'})"
        for goal in answers.goals
    }
    for kpi in answers.kpis:
        values = ", ".join(
            f"{label} {_number(value)}"
            for label, value in (
                ("nulmeting", kpi.baseline),
                ("nu", kpi.current),
                ("streefwaarde", kpi.target),
            )
        )
        unit = f"eenheid: {kpi.unit}; " if kpi.unit else ""
        details[evidence_id(hub, "kpi", kpi.number)] = f" ({unit}{values})"
    return details


def _number(value: float | None) -> str:
    return "onbekend" if value is None else f"{value:g}".replace(".", ",")


def _or(values: tuple[str, ...]) -> str:
    return ", ".join(values[:-1]) + " of " + values[-1]


def _typology_lines(config: RoundConfig) -> list[str]:
    """The type fields of an assessment, for a programme with a typology (none without)."""
    typology = config.programme.typology
    if typology is None:
        return []
    return [
        "type:  # " + " of ".join(typology.type_names),
        "dominant_kenmerk:  # " + _or(tuple(typology.features)),
        'type_toelichting: ""',
    ]


def _scalar(text: str) -> str:
    """A YAML scalar that reads back as the same string (quoted only where YAML needs it)."""
    return text if yaml.safe_load(text) == text else f"'{text}'"
