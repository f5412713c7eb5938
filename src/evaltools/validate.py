"""Cross-file rules of a round. Returns every problem; raises nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from evaltools.evidence import Evidence, form_evidence, interview_evidence
from evaltools.io.raw_round import RawRound, read_round
from evaltools.problems import InvalidRound, Problem, shown


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
                    "evenementen.hubs",
                    f"de onbekende hub '{unknown}'",
                    "een hub-code uit 'hubs'",
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


def _hub_checks(raw: RawRound, hub_ids: list[tuple[str, str]], what: str) -> list[Problem]:
    """Unknown and duplicate hubs among (file, hub id) pairs."""
    known = {hub.id for hub in raw.config.hubs}
    problems = []
    counts = Counter(hub for _, hub in hub_ids)
    for file, hub in hub_ids:
        if hub not in known:
            problems.append(
                Problem(
                    file,
                    "",
                    "hub",
                    f"de onbekende hub '{hub}'",
                    "een hub-code uit round.yaml: " + ", ".join(sorted(known)),
                )
            )
        elif counts[hub] > 1:
            others = [f for f, h in hub_ids if h == hub and f != file]
            problems.append(
                Problem(
                    file,
                    "",
                    "hub",
                    f"een tweede {what} voor hub '{hub}' (ook in {', '.join(others)})",
                    f"één {what} per hub",
                )
            )
    return problems


def _form_problems(raw: RawRound) -> list[Problem]:
    problems = _hub_checks(raw, [(f, a.hub_id) for f, a in raw.forms], "zelfevaluatie")
    delivered = {answers.hub_id for _, answers in raw.forms}
    for hub in raw.config.taking_part:
        if hub.form == "verwacht" and hub.id not in delivered:
            problems.append(
                Problem(
                    f"{raw.folder.name}/zelfevaluaties/{hub.id}.xlsx",
                    "",
                    "",
                    "geen zelfevaluatie",
                    f"het ingevulde formulier van {hub.name}, "
                    "of 'zelfevaluatie: niet_geleverd' bij deze hub in round.yaml",
                )
            )
    for file, answers in raw.forms:
        if Path(file).stem != answers.hub_id and answers.hub_id in {h.id for h in raw.config.hubs}:
            problems.append(
                Problem(
                    file,
                    "Formulier!B2",
                    "hub",
                    f"een formulier van hub '{answers.hub_id}'",
                    f"bestandsnaam {answers.hub_id}.xlsx",
                )
            )
    return problems


def _interview_problems(raw: RawRound) -> list[Problem]:
    return _hub_checks(raw, [(f, n.meta.hub) for f, n in raw.interviews], "interview")


def _assessment_problems(raw: RawRound, evidence: list[Evidence]) -> list[Problem]:
    config = raw.config
    problems = _hub_checks(raw, [(f, a.hub) for f, a, _ in raw.assessments], "beoordeling")
    known_ids = {item.id for item in evidence} | {f"ev-{event.id}" for event in config.events}
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
                        f"het onbekende criterium '{criterion}'",
                        "een criterium-code: " + ", ".join(criteria),
                    )
                )
        for criterion in criteria:
            if criterion not in assessment.criteria:
                problems.append(
                    Problem(
                        file,
                        source.place(("criteria",)),
                        f"criteria.{criterion}",
                        "niets",
                        "een oordeel voor elk criterium van de ronde",
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
                if source_id not in known_ids:
                    problems.append(
                        Problem(
                            file,
                            source.place((*location, "bronnen", index)),
                            ".".join(map(str, (*location, "bronnen"))),
                            f"de onbekende bron '{source_id}'",
                            "de code van een zelfevaluatie-antwoord (ze-...), "
                            "interviewfragment (iv-...) of bijeenkomst (ev-...)",
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
