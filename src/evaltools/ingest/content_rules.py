"""Rules on what a round's texts and citations say: a statement cites its own hub's evidence
(or a source the round declares shared), and every text is one the report can print.

Names and statements with control characters, bidi overrides or zero-width characters are
refused by the schema (``round.models``); the hubs' own text (form answers, interview notes)
gets the same refusal here, with its cell or line. A character the report's typeface cannot
draw (an emoji in a hub name) would fail the PDF at the end of a render; it is refused here,
before anything runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from evaltools.ingest.evidence import Evidence, cell_aliases
from evaltools.ingest.raw_round import RawRound
from evaltools.ingest.zelfevaluatie import FormAnswers
from evaltools.round.models import RoundConfig, field_name
from evaltools.round.problems import Problem
from evaltools.round.text_safety import UNSAFE, code, printable, unsafe_characters
from evaltools.round.yaml_source import YamlSource
from evaltools.tools.fonts import REPORT_FONT, report_font_characters

SHARED_KEY = "gedeelde_bronnen"


def statements(data: dict) -> Iterator[tuple[tuple[Any, ...], list]]:
    """(location, cited codes) of every statement in an assessment's YAML data."""

    def cited(statement: object) -> list:
        sources = statement.get("bronnen") if isinstance(statement, dict) else None
        return sources if isinstance(sources, list) else []

    judgements = data.get("criteria")
    for criterion, judgement in (judgements if isinstance(judgements, dict) else {}).items():
        if not isinstance(judgement, dict):
            continue
        for key in ("sterktes", "aandachtspunten"):
            column = judgement.get(key)
            for index, statement in enumerate(column if isinstance(column, list) else []):
                yield ("criteria", criterion, key, index), cited(statement)
    conditions = data.get("randvoorwaarden")
    for index, statement in enumerate(conditions if isinstance(conditions, list) else []):
        yield ("randvoorwaarden", index), cited(statement)
    if data.get("onderscheidend") is not None:
        yield ("onderscheidend",), cited(data["onderscheidend"])


def _owners(config: RoundConfig, evidence: list[Evidence]) -> dict[str, frozenset[str]]:
    """Per citable code, the hubs whose evidence it is (an event: the hubs it names)."""
    owners = {item.id: frozenset({item.hub}) for item in evidence}
    for alias, ids in cell_aliases(evidence).items():
        owners[alias] = frozenset(owners[ids[0]])
    for event in config.events:
        if event.hubs:  # an event without hubs is one for every hub
            owners[f"ev-{event.id}"] = frozenset(event.hubs)
    return owners


def foreign_evidence_problems(raw: RawRound, evidence: list[Evidence]) -> list[Problem]:
    """A statement about one hub that cites another hub's evidence, not declared shared."""
    config = raw.config
    owners = _owners(config, evidence)
    names = {hub.id: hub.name for hub in config.hubs}
    problems = []
    for file, source in raw.assessment_sources:
        data = source.data if isinstance(source.data, dict) else {}
        hub = data.get("hub")
        if hub not in {h.id for h in config.taking_part}:
            continue  # an unknown or withdrawn hub has its own problem
        for location, sources in statements(data):
            for index, cited in enumerate(sources):
                owner = owners.get(cited) if isinstance(cited, str) else None
                if owner is None or hub in owner:
                    continue
                if any(shared.allows(cited, hub) for shared in config.shared_sources):
                    continue
                other = ", ".join(f"{names.get(o, o)} ({o})" for o in sorted(owner))
                problems.append(
                    Problem(
                        file,
                        source.place((*location, "bronnen", index)),
                        field_name(source.data, (*location, "bronnen")),
                        f"'{cited}', een bron van een andere hub: {other}",
                        f"alleen bronnen van {names[hub]} ({hub}); is de bron echt gedeeld "
                        "(bijv. een gezamenlijk interview), zet haar dan in round.yaml onder "
                        f"'{SHARED_KEY}' met de hubs die haar mogen noemen (docs/ronde.md)",
                    )
                )
    return problems


def shared_source_problems(raw: RawRound, evidence: list[Evidence]) -> list[Problem]:
    """round.yaml's shared sources name existing hubs and evidence."""
    config, source = raw.config, raw.config_source
    hubs = {hub.id for hub in config.hubs}
    codes = set(_owners(config, evidence))
    file = f"{raw.folder.name}/round.yaml"
    problems = []
    for index, shared in enumerate(config.shared_sources):
        at = (SHARED_KEY, index)
        for position, hub in enumerate(shared.hubs):
            if hub not in hubs:
                problems.append(
                    Problem(
                        file,
                        source.place((*at, "hubs", position)),
                        field_name(source.data, (*at, "hubs")),
                        f"'{hub}', een hub die niet in round.yaml staat",
                        "een hub-code uit 'hubs' van round.yaml: " + ", ".join(sorted(hubs)),
                    )
                )
        pattern = shared.source
        found = (
            any(c.startswith(pattern[:-1]) for c in codes)
            if pattern.endswith("*")
            else pattern in codes
        )
        if not found:
            problems.append(
                Problem(
                    file,
                    source.place((*at, "bron")),
                    field_name(source.data, (*at, "bron")),
                    f"'{pattern}', een bron die niet bestaat",
                    "de code van een zelfevaluatie-antwoord (ze-...) of interviewfragment "
                    "(iv-...), of het begin van codes met '*' (bijv. iv-tint-*)",
                )
            )
    return problems


def _font_problem(file: str, place: str, field: str, text: str) -> Problem | None:
    covered = report_font_characters()
    missing = sorted(
        {c for c in text if ord(c) not in covered and c not in "\n\t" and not UNSAFE.match(c)}
    )
    if not missing:
        return None
    shown = ", ".join(f"'{printable(c)}' ({code(c)})" for c in missing[:5])
    return Problem(
        file,
        place,
        field,
        f"{'het teken' if len(missing) == 1 else 'de tekens'} {shown}, "
        f"{'dat' if len(missing) == 1 else 'die'} het lettertype van het rapport "
        f"({REPORT_FONT}) niet kan tonen",
        "tekst met letters en tekens die het rapport kan tonen (de PDF zou mislukken); laat "
        "het teken weg of schrijf het uit in woorden",
    )


def _strings(data: Any, location: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(data, str):
        yield location, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*location, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*location, index))


def _yaml_problems(file: str, source: YamlSource) -> list[Problem]:
    found = (
        _font_problem(file, source.place(at), field_name(source.data, at), text)
        for at, text in _strings(source.data, ())
    )
    return [problem for problem in found if problem is not None]


def _form_texts(answers: FormAnswers) -> Iterator[tuple[str, str]]:
    """(cell, text) of every text a hub typed in its form."""

    def cell(place: str, column: str) -> str:
        sheet, _, at = place.partition("!")
        return f"{sheet}!{column}{at.lstrip('ABCDEFGH')}"

    for goal in answers.goals:
        for column, text in zip("BDE", (goal.goal, goal.explanation, goal.proof), strict=True):
            yield cell(goal.place, column), text
    for answer in answers.criteria:
        yield cell(answer.place, "D"), answer.strengths
        yield cell(answer.place, "E"), answer.attention
    for kpi in answers.kpis:
        for column, text in zip("BCG", (kpi.name, kpi.unit, kpi.note), strict=True):
            yield cell(kpi.place, column), text
    yield from zip(answers.wish_places, answers.wishes, strict=False)


def character_problems(raw: RawRound, evidence: list[Evidence]) -> list[Problem]:
    """Text the report cannot print: unsafe characters in the hubs' answers and notes, and
    characters the report's typeface lacks anywhere in round.yaml, assessments, answers and
    notes."""
    problems = _yaml_problems(f"{raw.folder.name}/round.yaml", raw.config_source)
    for file, source in raw.assessment_sources:
        problems += _yaml_problems(file, source)
    texts = [(file, place, text) for file, a in raw.forms for place, text in _form_texts(a)]
    texts += [(e.file, e.place, e.text) for e in evidence if e.source == "interview"]
    for file, place, text in texts:
        found = unsafe_characters(text)
        if found:
            problems.append(
                Problem(
                    file,
                    place,
                    "",
                    f"tekst met {found}",
                    "gewone tekst; zulke onzichtbare tekens laten een terminal springen of "
                    "tonen tekst omgekeerd; typ de tekst opnieuw of verwijder het teken",
                )
            )
        problem = _font_problem(file, place, "", text)
        if problem is not None:
            problems.append(problem)
    return problems


def text_character_problems(texts: dict[str, str], math: bool) -> list[Problem]:
    """The round texts (teksten/*.md), per line: unsafe characters and missing glyphs (not
    in a round with formulas, whose symbols the math font draws)."""
    problems = []
    for label, text in texts.items():
        for number, line in enumerate(text.splitlines(), 1):
            found = unsafe_characters(line)
            if found:
                problems.append(
                    Problem(
                        label,
                        f"regel {number}",
                        "",
                        f"tekst met {found}",
                        "gewone tekst; verwijder het onzichtbare teken",
                    )
                )
            problem = None if math else _font_problem(label, f"regel {number}", "", line)
            if problem is not None:
                problems.append(problem)
    return problems
