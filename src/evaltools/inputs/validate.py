"""Cross-file rules of a round. Returns every problem; raises nothing."""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path

from evaltools.inputs.evidence import Evidence, form_evidence, interview_evidence
from evaltools.inputs.models import Hub, field_name
from evaltools.inputs.problems import InvalidRound, Problem, shown
from evaltools.io.raw_round import FORMS_DIR, RawRound, read_round


def check_round(folder: Path) -> tuple[RawRound | None, list[Problem]]:
    """Read a round folder and apply every rule; the round is usable only without problems."""
    raw, problems = read_round(folder)
    if raw is None:
        return None, problems
    problems += _config_problems(raw)
    problems += _form_problems(raw)
    problems += _interview_problems(raw)
    problems += _assessment_problems(raw, catalogue(raw))
    return raw, sorted(set(problems))


def load_valid_round(folder: Path) -> RawRound:
    """The round in ``folder``, or InvalidRound listing every problem."""
    raw, problems = check_round(folder)
    if problems or raw is None:
        raise InvalidRound(problems)
    return raw


def catalogue(raw: RawRound) -> list[Evidence]:
    """All evidence of the round, forms first, in configuration order of hubs."""
    items: list[Evidence] = []
    for file, answers in raw.forms:
        items += form_evidence(answers, file)
    for file, note in raw.interviews:
        items += interview_evidence(note, file)
    order = {hub.id: index for index, hub in enumerate(raw.config.hubs)}
    return sorted(
        items, key=lambda item: (order.get(item.hub, len(order)), item.source == "interview")
    )


def _config_problems(raw: RawRound) -> list[Problem]:
    config, source = raw.config, raw.config_source
    file = f"{raw.folder.name}/round.yaml"
    problems = []
    if config.round_id != raw.folder.name:
        problems.append(
            Problem(
                file,
                source.place(("ronde",)),
                "ronde",
                shown(config.round_id),
                f"de naam van de rondemap ('{raw.folder.name}')",
            )
        )
    for key, values in (
        ("hubs", [h.id for h in config.hubs]),
        ("criteria", [c.id for c in config.criteria]),
        ("evenementen", [e.id for e in config.events]),
    ):
        for index, value in enumerate(values):
            if values.index(value) != index:
                problems.append(
                    Problem(
                        file,
                        source.place((key, index, "id")),
                        f"{key}.id",
                        f"de dubbele code '{value}'",
                        "een unieke code",
                    )
                )
    scores = [level.score for level in config.rubric]
    if sorted(scores) != list(range(1, len(scores) + 1)):
        problems.append(
            Problem(
                file,
                source.place(("rubriek",)),
                "rubriek",
                f"de scores {scores}",
                "oplopende scores 1, 2, 3, ...",
            )
        )
    for index, criterion in enumerate(config.criteria):
        if sorted(criterion.levels) != sorted(scores):
            problems.append(
                Problem(
                    file,
                    source.place(("criteria", index, "niveaus")),
                    f"criteria.{criterion.id}.niveaus",
                    f"de niveaus {sorted(criterion.levels)}",
                    f"een omschrijving voor elk niveau {sorted(scores)}",
                )
            )
    hub_ids = {hub.id for hub in config.hubs}
    for index, event in enumerate(config.events):
        for unknown in sorted(set(event.hubs) - hub_ids):
            problems.append(
                Problem(
                    file,
                    source.place(("evenementen", index, "hubs")),
                    field_name(source.data, ("evenementen", index, "hubs")),
                    f"'{unknown}', een hub die niet in round.yaml staat",
                    "een hub-code uit 'hubs': " + ", ".join(h.id for h in config.hubs),
                )
            )
    for index, logo in enumerate(config.logos):
        if not (raw.folder / logo.file).is_file():
            problems.append(
                Problem(
                    file,
                    source.place(("logos", index, "bestand")),
                    f"logos[{index + 1}].bestand",
                    f"'{logo.file}', een bestand dat niet in de rondemap staat",
                    "de naam van een afbeelding in de rondemap (bijvoorbeeld logos/klant.png)",
                )
            )
    if config.allocation:
        total = sum(sum(row.values()) for row in config.allocation.values())
        if total != 100:
            problems.append(
                Problem(
                    file,
                    source.place(("allocatie",)),
                    "allocatie",
                    f"percentages die samen {total}% zijn",
                    "percentages die samen precies 100% zijn",
                )
            )
    return problems


_ONE_PER_HUB = {
    "zelfevaluatie": "één zelfevaluatie per hub; verwijder het verkeerde formulier",
    "interview": "één interview per hub; zet alle notities van deze hub in één bestand",
    "beoordeling": "één beoordeling per hub; voeg de twee bestanden samen tot één",
}


def _hub_checks(raw: RawRound, hub_ids: list[tuple[str, str, str]], what: str) -> list[Problem]:
    """Unknown and duplicate hubs among (file, place, hub id) triples."""
    known = [hub.id for hub in raw.config.hubs]
    problems = []
    counts = Counter(hub for _, _, hub in hub_ids)
    for file, place, hub in hub_ids:
        if hub not in known:
            problems.append(
                Problem(
                    file,
                    place,
                    "hub",
                    f"{shown(hub)}, een hub die niet in round.yaml staat",
                    "een hub-code uit round.yaml: " + ", ".join(known),
                )
            )
        elif counts[hub] > 1:
            others = ", ".join(f for f, _, h in hub_ids if h == hub and f != file)
            problems.append(
                Problem(
                    file,
                    place,
                    "hub",
                    f"'{hub}', maar er is voor die hub nog een {what}: {others}",
                    _ONE_PER_HUB[what],
                )
            )
    return problems


def _form_problems(raw: RawRound) -> list[Problem]:
    problems = _hub_checks(
        raw, [(f, "Formulier!B2", a.hub_id) for f, a in raw.forms], "zelfevaluatie"
    )
    delivered = {answers.hub_id for _, answers in raw.forms}
    missing = {hub.id for hub in _missing_forms(raw)}
    config_file = f"{raw.folder.name}/round.yaml"
    for index, hub in enumerate(raw.config.hubs):
        if not hub.taking_part:
            continue
        if hub.id in missing:
            problems.append(
                Problem(
                    f"{raw.folder.name}/zelfevaluaties/{hub.id}.xlsx",
                    "",
                    "",
                    "niets (het bestand ontbreekt)",
                    f"het ingevulde zelfevaluatieformulier van {hub.name}; heeft deze hub geen "
                    "formulier ingeleverd, zet dan 'zelfevaluatie: niet_geleverd' bij de hub "
                    "in round.yaml",
                )
            )
        if hub.form == "niet_geleverd" and hub.id in delivered:
            problems.append(
                Problem(
                    config_file,
                    raw.config_source.place(("hubs", index, "zelfevaluatie")),
                    field_name(raw.config_source.data, ("hubs", index, "zelfevaluatie")),
                    f"'niet_geleverd' bij hub '{hub.id}', maar de zelfevaluatie van die hub "
                    "is er wel",
                    "'verwacht' (of haal de regel 'zelfevaluatie: niet_geleverd' weg)",
                )
            )
    known = {h.id for h in raw.config.hubs}
    for file, answers in raw.forms:
        if Path(file).stem != answers.hub_id and answers.hub_id in known:
            problems.append(
                Problem(
                    file,
                    "Formulier!B2",
                    "hub",
                    f"een formulier van hub '{answers.hub_id}' onder een andere naam",
                    f"de bestandsnaam {answers.hub_id}.xlsx; hernoem het bestand",
                )
            )
    return problems


def _missing_forms(raw: RawRound) -> list[Hub]:
    """Taking-part hubs whose form is expected but absent (an unreadable form is not absent)."""
    received = {answers.hub_id for _, answers in raw.forms}
    received |= {Path(file).stem for file in raw.unreadable if f"/{FORMS_DIR}/" in file}
    return [
        hub for hub in raw.config.taking_part if hub.form == "verwacht" and hub.id not in received
    ]


def _interview_problems(raw: RawRound) -> list[Problem]:
    return _hub_checks(raw, [(f, n.hub_place, n.meta.hub) for f, n in raw.interviews], "interview")


def _assessment_problems(raw: RawRound, evidence: list[Evidence]) -> list[Problem]:
    config = raw.config
    problems = _hub_checks(
        raw, [(f, s.place(("hub",)), a.hub) for f, a, s in raw.assessments], "beoordeling"
    )
    known_ids = {item.id for item in evidence} | {f"ev-{event.id}" for event in config.events}
    # codes from a file that could not be read, or from a missing form, have their own
    # problem: do not list every citation of them again
    unchecked = tuple(
        ("ze-" if f"/{FORMS_DIR}/" in file else "iv-") + Path(file).stem + "-"
        for file in raw.unreadable
    ) + tuple(f"ze-{hub.id}-" for hub in _missing_forms(raw))
    criteria = [criterion.id for criterion in config.criteria]
    scores = [level.score for level in config.rubric]
    for file, assessment, source in raw.assessments:
        for criterion in assessment.criteria:
            if criterion not in criteria:
                problems.append(
                    Problem(
                        file,
                        source.place(("criteria", criterion)),
                        "criteria",
                        f"'{criterion}', een criterium dat niet in round.yaml staat",
                        "een criterium-code uit round.yaml: " + ", ".join(criteria),
                    )
                )
        for criterion in criteria:
            if criterion not in assessment.criteria:
                problems.append(
                    Problem(
                        file,
                        source.place(("criteria",)),
                        f"criteria.{criterion}",
                        "niets (het criterium ontbreekt)",
                        "een oordeel (score, sterktes en aandachtspunten) voor elk criterium "
                        "van de ronde",
                    )
                )
        for criterion, judgement in assessment.criteria.items():
            if judgement.score not in scores:
                problems.append(
                    Problem(
                        file,
                        source.place(("criteria", criterion, "score")),
                        f"criteria.{criterion}.score",
                        shown(judgement.score),
                        f"een score van de rubriek ({min(scores)} t/m {max(scores)})",
                    )
                )
        for location, statement in _statements(assessment):
            for index, source_id in enumerate(statement.sources):
                if source_id not in known_ids and not source_id.startswith(unchecked):
                    family = "-".join(source_id.split("-")[:2]) + "-"
                    candidates = sorted(i for i in known_ids if i.startswith(family))
                    close = difflib.get_close_matches(source_id, candidates, n=1)
                    hint = f"; misschien bedoelt u '{close[0]}'" if close else ""
                    problems.append(
                        Problem(
                            file,
                            source.place((*location, "bronnen", index)),
                            field_name(source.data, (*location, "bronnen")),
                            f"'{source_id}', een bron die niet bestaat",
                            "de code van een zelfevaluatie-antwoord (ze-...), "
                            f"interviewfragment (iv-...) of bijeenkomst (ev-...){hint}",
                        )
                    )
    return problems


def _statements(assessment):
    for criterion, judgement in assessment.criteria.items():
        for column, key in (
            (judgement.strengths, "sterktes"),
            (judgement.attention, "aandachtspunten"),
        ):
            for index, statement in enumerate(column):
                yield ("criteria", criterion, key, index), statement
    for index, statement in enumerate(assessment.conditions):
        yield ("randvoorwaarden", index), statement
    if assessment.distinctive is not None:
        yield ("onderscheidend",), assessment.distinctive
