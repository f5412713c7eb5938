"""The rules of the wederhoor folder (pure).

What was sent, the returned forms and the decisions, each checked against the round.
"""

from __future__ import annotations

from evaltools.ingest.wederhoor import (
    COLUMNS,
    HEADER_ROWS,
    NO,
    SENT_FILE,
    SHEET,
    TAKEN_OVER,
    YES,
    WederhoorInput,
    flat,
    statements_hash,
)
from evaltools.round.models import Assessment, RoundConfig
from evaltools.round.problems import Problem, shown
from evaltools.round.yaml_source import YamlSource


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
