"""Cross-file rules of a round. Returns every problem; raises nothing."""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from pathlib import Path

from evaltools.ingest.content_rules import (
    character_problems,
    foreign_evidence_problems,
    shared_source_problems,
    text_character_problems,
)
from evaltools.ingest.content_rules import statements as _statements
from evaltools.ingest.evidence import Evidence, cell_aliases, form_evidence, interview_evidence
from evaltools.ingest.programme_rules import programme_problems
from evaltools.ingest.raw_round import FORMS_DIR, TEXTS_DIR, RawRound, read_round
from evaltools.ingest.round_texts import read_round_texts
from evaltools.ingest.texts import text_problems
from evaltools.ingest.wederhoor import WEDERHOOR_DIR
from evaltools.ingest.wederhoor_rules import wederhoor_problems
from evaltools.round.models import Hub, field_name
from evaltools.round.problems import InvalidRound, Problem, shown


def check_round(
    folder: Path, cache_dir: Path | None = None
) -> tuple[RawRound | None, list[Problem]]:
    """``evaltools validate``: read a round folder and apply every rule; the round is usable
    only without problems.

    1. read every input file (round.yaml, forms, notes, assessments, wederhoor);
    2. find the causes first: forms and notes of unknown hubs, whose evidence codes break;
    3. check the assessments' citations against the evidence catalogue, then round.yaml, the
       dates, the forms and the notes;
    4. read and check the round's texts (includes, links, images stay inside the round);
    5. check the wederhoor folder against what was sent.

    ``cache_dir``: where parsed input files are kept for the next read (see ``read_round``).
    """
    raw, problems = read_round(folder, cache_dir)
    if raw is None:
        return None, problems
    causes, evidence = _broken_sources(raw), catalogue(raw)
    found, broken = _assessment_problems(raw, evidence, causes)
    found += foreign_evidence_problems(raw, evidence) + shared_source_problems(raw, evidence)
    found += character_problems(raw, evidence)
    problems += _config_problems(raw) + programme_problems(raw)
    problems += _date_problems(raw)
    problems += _form_problems(raw, broken)
    problems += _interview_problems(raw, broken)
    problems += found
    texts, found = read_round_texts(raw.folder / TEXTS_DIR, raw.folder.parent)
    problems += found + text_problems(texts, math=raw.config.math)
    problems += text_character_problems(texts, raw.config.math)
    if raw.wederhoor is not None:
        problems += wederhoor_problems(
            raw.wederhoor, raw.config, raw.assessments, f"{raw.folder.name}/{WEDERHOOR_DIR}"
        )
    return raw, sorted(set(problems))


Cause = tuple[str, str]
"""A file and place whose problem breaks the citations of its evidence."""


def _broken_sources(raw: RawRound) -> dict[Cause, tuple[str, ...]]:
    """Per form or note with an unknown hub: the code prefixes its evidence would have had.

    Citations of those codes fail because of that one cause; they are counted with it instead
    of being listed one by one.
    """
    known = {hub.id for hub in raw.config.hubs}
    causes: dict[Cause, tuple[str, ...]] = {}
    for file, answers in raw.forms:
        if answers.hub_id not in known:
            causes[(file, "Formulier!B2")] = (f"ze-{Path(file).stem}-", f"ze-{answers.hub_id}-")
    for file, note in raw.interviews:
        if note.meta.hub not in known:
            causes[(file, note.hub_place)] = (f"iv-{Path(file).stem}-", f"iv-{note.meta.hub}-")
    return causes


def load_valid_round(folder: Path, cache_dir: Path | None = None) -> RawRound:
    """The round in ``folder``, or InvalidRound listing every problem."""
    raw, problems = check_round(folder, cache_dir)
    if problems or raw is None:
        raise InvalidRound(problems)
    return raw


def catalogue(raw: RawRound) -> list[Evidence]:
    """All evidence of the round, one document after another: per hub in configuration order
    its zelfevaluatie (in form order), then its interview notes (each in note order).

    The codes B1, B2, ... number this list, so the codes of one document are consecutive and
    the Bronnen appendix names each document once."""
    items: list[Evidence] = []
    for file, answers in raw.forms:
        items += form_evidence(answers, file)
    for file, note in raw.interviews:
        items += interview_evidence(note, file)
    order = {hub.id: index for index, hub in enumerate(raw.config.hubs)}
    # stable: within a document the items keep their order
    return sorted(
        items,
        key=lambda item: (order.get(item.hub, len(order)), item.source == "interview", item.file),
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


def _date_problems(raw: RawRound) -> list[Problem]:
    """A period that ends before it starts; meetings and interviews outside the period or
    after the date of the report."""
    config, source = raw.config, raw.config_source
    file = f"{raw.folder.name}/round.yaml"
    start, end = config.period_start, config.period_end
    problems = []
    if start is not None and end is not None and start > end:
        problems.append(
            Problem(
                file,
                source.place(("periode_begin",)),
                "periode_begin",
                f"een periode die begint ({start.isoformat()}) na het einde ({end.isoformat()})",
                "periode_begin vóór periode_einde (zijn de twee datums verwisseld?)",
            )
        )
        start = end = None  # every other date would be 'outside' a reversed period

    def outside(day: dt.date) -> str:
        if start is not None and day < start:
            return f"vóór het begin van de periode van de ronde ({start.isoformat()})"
        if end is not None and day > end:
            return f"na het einde van de periode van de ronde ({end.isoformat()})"
        if day > config.date:
            return f"na de datum van het rapport ({config.date.isoformat()})"
        return ""

    def expected() -> str:
        if start is not None and end is not None:
            window = f"tussen {start.isoformat()} en {end.isoformat()}"
        else:
            window = f"op of vóór {config.date.isoformat()}"
        return (
            f"een datum {window}; controleer het jaartal, of pas de periode (periode_begin, "
            "periode_einde) of de datum van het rapport in round.yaml aan"
        )

    for index, event in enumerate(config.events):
        if why := outside(event.date):
            problems.append(
                Problem(
                    file,
                    source.place(("evenementen", index, "datum")),
                    field_name(source.data, ("evenementen", index, "datum")),
                    f"{event.date.isoformat()}, {why}",
                    expected(),
                )
            )
    for note_file, note in raw.interviews:
        if why := outside(note.meta.date):
            problems.append(
                Problem(
                    note_file,
                    note.date_place,
                    "datum",
                    f"{note.meta.date.isoformat()}, {why}",
                    expected(),
                )
            )
    return problems


_ONE_PER_HUB = {
    "zelfevaluatie": "één zelfevaluatie per hub; verwijder het verkeerde formulier",
    "interview": "één interview per hub; zet alle notities van deze hub in één bestand",
    "beoordeling": "één beoordeling per hub; voeg de twee bestanden samen tot één",
}


def _hub_checks(
    raw: RawRound,
    hub_ids: list[tuple[str, str, str]],
    what: str,
    broken: dict[tuple[str, str], int] | None = None,
) -> list[Problem]:
    """Unknown, withdrawn and duplicate hubs among (file, place, hub id) triples.

    ``broken`` counts, per (file, place), the citations that fail because of this file's hub:
    the cause is told once, with that count, instead of every citation after it.
    """
    known = [hub.id for hub in raw.config.hubs]
    withdrawn = {hub.id for hub in raw.config.hubs if not hub.taking_part}
    problems = []
    counts = Counter(hub for _, _, hub in hub_ids)
    for file, place, hub in hub_ids:
        if hub not in known:
            count = (broken or {}).get((file, place), 0)
            consequence = (
                ""
                if not count
                else f" (daardoor verwijst {count} bron in de beoordelingen naar niets)"
                if count == 1
                else f" (daardoor verwijzen {count} bronnen in de beoordelingen naar niets)"
            )
            problems.append(
                Problem(
                    file,
                    place,
                    "hub",
                    f"{shown(hub)}, een hub die niet in round.yaml staat{consequence}",
                    "een hub-code uit round.yaml: " + ", ".join(known),
                )
            )
        elif hub in withdrawn:
            problems.append(
                Problem(
                    file,
                    place,
                    "hub",
                    f"'{hub}', een hub die niet deelneemt (status 'teruggetrokken' in round.yaml)",
                    f"alleen een {what} van een deelnemende hub; haal dit bestand uit de ronde, "
                    "of zet de hub in round.yaml op 'status: deelnemend' als hij toch meedoet",
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


def _form_problems(raw: RawRound, broken: dict[Cause, int]) -> list[Problem]:
    problems = _hub_checks(
        raw, [(f, "Formulier!B2", a.hub_id) for f, a in raw.forms], "zelfevaluatie", broken
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


def _interview_problems(raw: RawRound, broken: dict[Cause, int]) -> list[Problem]:
    return _hub_checks(
        raw, [(f, n.hub_place, n.meta.hub) for f, n in raw.interviews], "interview", broken
    )


def _assessment_problems(
    raw: RawRound, evidence: list[Evidence], causes: dict[Cause, tuple[str, ...]]
) -> tuple[list[Problem], dict[Cause, int]]:
    """Cross-file problems of every assessment, and per cause the citations it broke.

    The rules read the YAML data, not the validated model: an assessment with a schema problem
    (reported by ``read_round``) still has its hub, criteria and citations checked in the same
    run.
    """
    config = raw.config
    hubs = [
        (file, source.place(("hub",)), data["hub"])
        for file, source in raw.assessment_sources
        if isinstance(data := source.data, dict) and isinstance(data.get("hub"), str)
    ]
    problems = _hub_checks(raw, hubs, "beoordeling")
    known_ids = {item.id for item in evidence} | {f"ev-{event.id}" for event in config.events}
    known_ids |= set(cell_aliases(evidence))  # per-cell codes of earlier rounds still read
    # codes from a file that could not be read, or from a missing form, have their own
    # problem: do not list every citation of them again
    unchecked = tuple(
        ("ze-" if f"/{FORMS_DIR}/" in file else "iv-") + Path(file).stem + "-"
        for file in raw.unreadable
    ) + tuple(f"ze-{hub.id}-" for hub in _missing_forms(raw))
    broken: dict[Cause, int] = Counter()
    criteria = [criterion.id for criterion in config.criteria]
    scores = [level.score for level in config.rubric]
    for file, source in raw.assessment_sources:
        data = source.data if isinstance(source.data, dict) else {}
        judgements = data.get("criteria")
        judgements = judgements if isinstance(judgements, dict) else None
        for criterion in judgements or {}:
            if str(criterion) not in criteria:
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
            if judgements is not None and criterion not in judgements:
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
        for criterion, judgement in (judgements or {}).items():
            score = judgement.get("score") if isinstance(judgement, dict) else None
            # a score that is no whole number is a schema problem, reported by read_round
            if isinstance(score, int) and not isinstance(score, bool) and score not in scores:
                problems.append(
                    Problem(
                        file,
                        source.place(("criteria", criterion, "score")),
                        f"criteria.{criterion}.score",
                        shown(score),
                        f"een score van de rubriek ({min(scores)} t/m {max(scores)})",
                    )
                )
        for location, sources in _statements(data):
            for index, source_id in enumerate(sources):
                if not isinstance(source_id, str) or source_id in known_ids:
                    continue
                if source_id.startswith(unchecked):
                    continue
                cause = next((c for c, p in causes.items() if source_id.startswith(p)), None)
                if cause is not None:
                    broken[cause] += 1
                    continue
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
    return problems, dict(broken)
