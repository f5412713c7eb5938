"""Command line of evaltools (help and messages in Dutch); DVC stages call these commands."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated

import typer

from evaltools.cli_common import (
    _QUIET,
    RootOption,
    RoundArg,
    _echo,
    _fail,
    _guarded,
    _layout,
    _logged,
    _previous_round_id,
    _round_id,
)
from evaltools.cli_export import export
from evaltools.round.paths import Layout
from evaltools.round.problems import InvalidRound, format_problems

# Each command imports what it needs: pandas, papermill, pandoc and Typst cost seconds to
# import, and 'evaltools build' with nothing to do (or --version) should not pay for them.

app = typer.Typer(
    help="evaltools: van ruwe invoer van een evaluatieronde naar een rapport in HTML, PDF en DOCX.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
template_app = typer.Typer(help="Maak invulformulieren voor een ronde.", no_args_is_help=True)
app.add_typer(template_app, name="template")


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        _echo(f"evaltools {version('evaltools')}")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Toon de versie en stop."
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--stil",
            help="Geen voortgang op de terminal (ook: EVALTOOLS_STIL=1); het bouwlog "
            "data/processed/<ronde>/build.log krijgt alles.",
        ),
    ] = False,
) -> None:
    """evaltools: van ruwe invoer van een evaluatieronde naar een rapport in HTML, PDF en DOCX."""
    if quiet:
        _QUIET["on"] = True


@app.command()
def validate(
    folder: Annotated[
        Path,
        typer.Argument(
            help="De rondemap, bijv. data/raw/2026-tussentijds, of alleen de ronde-id "
            "(een map onder data/raw)."
        ),
    ],
) -> None:
    """Controleer een ronde en toon alle problemen tegelijk (exitcode 1 bij problemen).

    Een ronde die nog niet compleet is (een deelnemende hub zonder interviewnotitie of
    beoordeling, geen enkele zelfevaluatie) is geen fout: de ronde is leesbaar en de
    opdracht noemt wat nog ontbreekt als waarschuwing (exitcode 0).
    """
    from evaltools.ingest.completeness import status_lines
    from evaltools.ingest.validate import check_round

    # a bare round id, as the other commands take it, names its folder under data/raw
    if len(folder.parts) == 1 and not folder.exists() and (Path("data/raw") / folder).is_dir():
        folder = Path("data/raw") / folder
    _round_id(Path(folder).resolve().name)
    with _guarded("De controle"):
        raw, problems = check_round(folder)
    if problems:
        _fail(format_problems(problems))
    assert raw is not None
    for line in status_lines(raw):
        _echo(line)


@app.command()
def ingest(round_id: RoundArg, root: RootOption = Path()) -> None:
    """Lees en controleer de ruwe ronde en schrijf de tabellen naar data/processed/<ronde>."""
    from evaltools.ingest import stage as ingest_stage

    layout = _layout(round_id, root)
    with _logged("ingest", layout) as log, _guarded("Het inlezen", root):
        log.info("invoer controleren en tabellen maken")
        out = ingest_stage.ingest(layout)
    _echo(f"Tabellen geschreven naar {out.relative_to(layout.root).as_posix()}.")


@app.command()
def analyse(
    round_id: RoundArg,
    root: RootOption = Path(),
    budget: Annotated[
        float | None,
        typer.Option(
            help="Te verdelen bedrag in euro's, in plaats van het budget in round.yaml "
            "(zonder beide: wat de deelnemende hubs samen ontvingen). Het rapport noemt welk "
            "budget is gebruikt; 'evaltools build' gebruikt altijd dat van de ronde."
        ),
    ] = None,
    again: Annotated[
        bool,
        typer.Option(
            "--opnieuw",
            help="Voer elk notebook opnieuw uit, ook als invoer, notebook en code sinds de "
            "vorige analyse gelijk bleven (ook: EVALTOOLS_OPNIEUW=1).",
        ),
    ] = False,
) -> None:
    """Voer de analysenotebooks uit met papermill (uitgevoerde notebooks blijven bewaard).

    Een notebook waarvan invoer, parameters en code niet veranderden, wordt niet opnieuw
    uitgevoerd: de uitvoer van de vorige analyse wordt hergebruikt.
    """
    from evaltools.analyse import stage as analyse_stage
    from evaltools.round.limits import budget_refusal
    from evaltools.tools.papermill import NotebookError

    if (refused := budget_refusal(budget)) is not None:
        _fail(refused)
    layout = _layout(round_id, root)
    with _logged("analyse", layout, budget=budget) as log, _guarded("De analyse", root):
        log.info("notebooks uitvoeren")
        try:
            out = analyse_stage.analyse(layout, budget=budget, progress=log.info, again=again)
        except NotebookError as error:
            _fail(f"De analyse is mislukt; de vorige analyse is ongewijzigd.\n{error}")
    _echo(f"Analyse geschreven naar {out.relative_to(layout.root).as_posix()}.")


@app.command()
def render(
    round_id: RoundArg,
    root: RootOption = Path(),
    again: Annotated[
        bool,
        typer.Option(
            "--opnieuw",
            help="Maak elke stap opnieuw, ook een notebookpagina of een editiebestand waarvan "
            "de invoer en de code sinds het vorige rapport gelijk bleven (ook: "
            "EVALTOOLS_OPNIEUW=1).",
        ),
    ] = False,
) -> None:
    """Maak het rapport in HTML, PDF en DOCX in report/_output (alles of niets).

    Eerst draait de controle ('evaltools check'): zolang die een fout meldt zonder besluit in
    data/raw/<ronde>/controle/besluiten.yaml, wordt de klanteditie niet gemaakt (de vorige
    blijft staan) en alleen de review-editie bijgewerkt; exitcode 1.

    Een notebookpagina waarvan invoer en code sinds het vorige rapport niet veranderden,
    wordt niet opnieuw gemaakt: de vorige wordt hergebruikt. Zo ook de HTML, PDF of DOCX van
    een editie waarvan de tekst, de afbeeldingen, de sjablonen en de code gelijk bleven
    (een interviewnotitie verandert alleen de review-editie).
    """
    from evaltools.privacy.scan import PrivacyError
    from evaltools.report.quarto import ShortcodeError
    from evaltools.review.gate import gated_render
    from evaltools.tools.pandoc import PandocError
    from evaltools.tools.typst import TypstError

    layout = _layout(round_id, root)
    if not (layout.processed / "tables" / "round.json").is_file():
        _fail(
            f"Het rapport is niet gemaakt: er zijn nog geen tabellen van ronde {round_id}. "
            f"Draai eerst 'evaltools ingest {round_id}' en 'evaltools analyse {round_id}'."
        )
    if not (layout.processed / "analyse").is_dir():
        _fail(
            f"Het rapport is niet gemaakt: ronde {round_id} is nog niet geanalyseerd. "
            f"Draai eerst 'evaltools analyse {round_id}'."
        )
    with _logged("render", layout) as log, _guarded("Het maken van het rapport", root):
        log.info("rapport maken (HTML, PDF, DOCX) en notebookpagina's")
        try:
            paths, refused = gated_render(layout.root, round_id, log.info, again=again)
        except InvalidRound as error:
            _fail(f"Het rapport is niet gemaakt; het vorige rapport is ongewijzigd.\n{error}")
        except (PandocError, TypstError, ShortcodeError, PrivacyError) as error:
            _fail(f"Het rapport is niet gemaakt; het vorige rapport is ongewijzigd.\n{error}")
    for path in paths:
        _echo(f"Geschreven: {path.relative_to(layout.root).as_posix()}")
    if refused:
        _fail(refused)


@app.command()
def check(
    round_id: RoundArg,
    root: RootOption = Path(),
    only_errors: Annotated[
        bool,
        typer.Option(
            "--alleen-fouten",
            help="Exitcode 1 alleen bij fouten; waarschuwingen alleen tonen.",
        ),
    ] = False,
) -> None:
    """Controleer de ronde voor de consultants (niet voor het rapport).

    Schrijft report/_output/<ronde>-review.html en toont een samenvatting. Exitcode 0 zonder
    bevindingen, 1 bij bevindingen (met --alleen-fouten: alleen bij fouten).
    """
    from evaltools.review.command import round_verdict, write_review
    from evaltools.review.page import counts, review_html, summary

    layout = _layout(round_id, root)
    with _guarded("De controle voor de consultants", root):
        verdict, notes = round_verdict(layout.raw, layout.root)
        findings, decided = verdict.findings, verdict.decided
        page = write_review(
            layout.output / f"{round_id}-review.html",
            review_html(round_id, findings, notes, decided),
        )
    _echo(summary(round_id, findings, notes, decided))
    _echo(f"Volledig overzicht: {page.relative_to(layout.root).as_posix()}")
    errors, warnings = counts(findings)
    if errors or (warnings and not only_errors):
        raise typer.Exit(1)


@app.command()
def build(
    round_id: Annotated[
        str | None,
        typer.Argument(help="Alleen deze ronde (standaard: alle rondes in params.yaml)."),
    ] = None,
    root: RootOption = Path(),
    always_dvc: Annotated[
        bool,
        typer.Option(
            "--dvc",
            help="Laat DVC altijd controleren wat verouderd is, ook als sinds de vorige "
            "geslaagde bouw geen bestand is veranderd.",
        ),
    ] = False,
) -> None:
    """Bouw alles wat verouderd is met 'dvc repro' (de rondes staan in params.yaml).

    Elke ronde heeft haar eigen uitvoer; met een ronde-id wordt alleen die ronde bijgewerkt.
    Is sinds de vorige geslaagde bouw geen invoer- of uitvoerbestand van DVC veranderd
    (grootte en wijzigingstijd), dan is er niets te doen en start DVC niet.
    """
    from evaltools.build.run import build_rounds

    started = time.monotonic()
    with _guarded("De bouw", root):
        chosen, ran = build_rounds(root, round_id, always_dvc)
    if not ran:
        _echo(
            "Niets veranderd sinds de vorige geslaagde bouw: alles is bij "
            f"({', '.join(chosen)}). Met --dvc controleert DVC het zelf."
        )
        return
    _echo(f"Klaar in {time.monotonic() - started:.0f} s.")


@app.command()
def voorbeeld(
    round_id: RoundArg,
    root: RootOption = Path(),
    review: Annotated[
        bool, typer.Option("--review", help="Toon de review-editie in plaats van de klanteditie.")
    ] = False,
    port: Annotated[
        int, typer.Option("--poort", help="Poort op 127.0.0.1 (alleen deze computer).")
    ] = 8765,
) -> None:
    """Toon het rapport in de browser en werk het bij zodra u een bestand opslaat.

    Het voorbeeld staat op http://127.0.0.1:<poort>/ (de pdf op /rapport.pdf). Het volgt
    data/raw/<ronde>/, notebooks/ en report/: een gewijzigde tekst maakt alleen het rapport
    opnieuw, een gewijzigd interview, formulier of beoordeling ook de tabellen en de notebooks
    die ze lezen; de pagina laadt zichzelf opnieuw. Ongeldige invoer verschijnt als lijst
    problemen boven het laatste goede voorbeeld. Het voorbeeld komt in
    data/processed/<ronde>/voorbeeld/; report/_output blijft van 'evaltools render'.
    Ctrl-C stopt het voorbeeld en alles wat het startte.
    """
    from evaltools.preview.session import run_preview
    from evaltools.report.editions import CLIENT, REVIEW

    layout = _layout(round_id, root)
    if not (layout.raw / "round.yaml").is_file():
        _fail(
            f"Geen round.yaml in {layout.relative(layout.raw)}: maak de ronde eerst aan "
            f"('evaltools nieuwe-ronde {round_id}')."
        )
    with _guarded("Het voorbeeld", root):
        run_preview(layout.root, round_id, REVIEW if review else CLIENT, port, _echo)


@app.command("nieuwe-ronde")
def new_round(
    round_id: RoundArg,
    previous: Annotated[
        str,
        typer.Option(
            "--vorige",
            help="Ronde-id van de vorige ronde (een map onder data/raw).",
            callback=_previous_round_id,
        ),
    ],
    root: RootOption = Path(),
) -> None:
    """Begin een nieuwe ronde uit de vorige: data/raw/<ronde>/round.yaml en teksten.

    Hubs, criteria, rubriek, typologieregel en verdeelsleutel gaan mee; wat per ronde anders
    is, blijft leeg (validate noemt het). De teksten beginnen als leeg skelet met de koppen van
    de vorige ronde. Een bestaand bestand wordt nooit overschreven.
    """
    from evaltools.new_round.create import create_new_round

    raw_root = Layout(root.resolve(), round_id).raw.parent
    with _guarded("Het maken van de nieuwe ronde", root):
        paths = create_new_round(raw_root, round_id, previous)
    for path in paths:
        _echo(f"Geschreven: {path.relative_to(root.resolve()).as_posix()}")
    _echo(
        f"Vul de lege velden in data/raw/{round_id}/round.yaml in en draai "
        f"'evaltools validate data/raw/{round_id}'."
    )


@app.command()
def wederhoor(
    round_id: RoundArg,
    root: RootOption = Path(),
    out: Annotated[
        Path | None,
        typer.Option(
            "--map",
            "--out",
            help="Map voor concepten en formulieren (standaard: wederhoor/<ronde>).",
        ),
    ] = None,
    sent: Annotated[
        str | None,
        typer.Option(
            "--verzonden", help="Datum van verzending als JJJJ-MM-DD (standaard: vandaag)."
        ),
    ] = None,
) -> None:
    """Schrijf per deelnemende hub een concept (PDF) en een reactieformulier (.xlsx).

    Het concept bevat alles wat het rapport over de hub zegt; het formulier noemt elke
    uitspraak met haar code. Wat verzonden is (datum, uitspraken, SHA-256) komt in
    data/raw/<ronde>/wederhoor/verzonden.yaml; ingevulde formulieren gaan in die map terug,
    de besluiten van de consultants in besluiten.yaml. Overschrijft nooit iets.
    """

    from evaltools.privacy.files import read_names_key
    from evaltools.privacy.scan import PrivacyError
    from evaltools.tools.typst import TypstError
    from evaltools.wederhoor.send import write_drafts

    layout = _layout(round_id, root)
    try:
        date = dt.date.fromisoformat(sent) if sent else dt.date.today()
    except ValueError:
        _fail(f"--verzonden: gevonden '{sent}'; verwacht: een datum als JJJJ-MM-DD.")
    target = out if out is not None else layout.root / "wederhoor" / round_id
    with _guarded("Het maken van de wederhoorconcepten", root):
        try:
            written = write_drafts(layout.raw, target, date, read_names_key(layout.root))
        except (TypstError, PrivacyError) as error:
            _fail(f"De concepten zijn niet gemaakt.\n{error}")
    for item in written:
        _echo(
            f"Geschreven: {item.draft.as_posix()} en {item.form.name} "
            f"({item.statements} uitspraken, SHA-256 {item.sha256[:12]}…)"
        )
    _echo(f"Vastgelegd wat verzonden is: {(layout.raw / 'wederhoor' / 'verzonden.yaml')}")


# a command with its own module of options (the command line's size)
app.command()(export)


@template_app.command("zelfevaluatie")
def template_zelfevaluatie(
    folder: Annotated[Path, typer.Argument(help="De rondemap met round.yaml.")],
    out: Annotated[Path, typer.Option("--map", "--out", help="Map voor de formulieren.")] = Path(
        "formulieren"
    ),
    previous: Annotated[
        Path | None,
        typer.Option(
            "--vorige",
            help="Map van de vorige ronde: elk formulier begint met de doelen en KPI's die "
            "dezelfde hub toen invulde, met hun id.",
        ),
    ] = None,
) -> None:
    """Schrijf per deelnemende hub een leeg zelfevaluatieformulier (.xlsx).

    Een bestaand formulier wordt nooit overschreven.
    """
    from evaltools.new_round.forms import write_forms
    from evaltools.round.dutch import counted

    _round_id(Path(folder).resolve().name)
    with _guarded("Het maken van de formulieren"):
        written, warnings = write_forms(folder, out, previous)
    for problem in warnings:
        _echo(f"Let op, formulier uit de vorige ronde niet te lezen: {problem}", err=True)
    for form in written:
        note = ""
        if previous is not None:
            carried = [
                counted(count, one, more)
                for count, one, more in (
                    (form.previous_goals or 0, "doel", "doelen"),
                    (form.previous_kpis or 0, "KPI", "KPI's"),
                )
                if count
            ]
            note = (
                " (geen formulier van deze hub in de vorige ronde)"
                if form.previous_goals is None
                else " ("
                + (" en ".join(carried) or "geen doelen of KPI's")
                + " uit de vorige ronde)"
            )
        _echo(f"Geschreven: {form.path.as_posix()}{note}")


@template_app.command("beoordeling")
def template_beoordeling(
    folder: Annotated[Path, typer.Argument(help="De rondemap met round.yaml.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--map",
            "--out",
            help="Map voor de skeletten (standaard: de map beoordeling van de ronde).",
        ),
    ] = None,
) -> None:
    """Schrijf per deelnemende hub een beoordeling om in te vullen (.yaml).

    Al het bewijs uit zelfevaluatie en interview staat er als commentaar in, per criterium
    verdeeld over sterktes en aandachtspunten. Een bestaand bestand wordt nooit overschreven.
    """
    from evaltools.new_round.forms import write_assessment_skeletons

    _round_id(Path(folder).resolve().name)
    with _guarded("Het maken van de beoordelingen"):
        paths = write_assessment_skeletons(folder, out)
    for path in paths:
        _echo(f"Geschreven: {path.as_posix()}")


def main() -> None:  # pragma: no cover - entry point for python -m
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
