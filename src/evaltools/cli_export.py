"""``evaltools export``: its options and messages (registered by ``evaltools.cli``)."""

from __future__ import annotations

from pathlib import Path

from evaltools.cli_common import RootOption, RoundArg, _echo, _fail, _guarded, _layout, _logged

REFUSED = "Het REFI-QDA-project is niet gemaakt; het vorige bestand is ongewijzigd."


def export(round_id: RoundArg, root: RootOption = Path()) -> None:
    """Schrijf het gecodeerde bewijs als REFI-QDA-project: report/_output/<ronde>.qdpx.

    Eén tekstbron per interview en per zelfevaluatie, een code per criterium en per soort
    bewijs, een case per hub (type, bedrag, scores), elk bewijsstuk als gecodeerd
    fragment en de uitspraken van de consultants als notities bij de fragmenten die ze
    noemen. Te openen in NVivo, ATLAS.ti, MAXQDA en QualCoder (REFI-QDA-project importeren).
    Leest de tabellen van 'evaltools ingest'; bevat niet meer dan de review-editie.
    """
    from evaltools.export.command import export_round
    from evaltools.export.qde import InvalidProject
    from evaltools.privacy.files import read_names_key
    from evaltools.privacy.scan import PrivacyError

    layout = _layout(round_id, root)
    if not (layout.tables / "round.json").is_file():
        _fail(
            f"Het REFI-QDA-project is niet gemaakt: er zijn nog geen tabellen van ronde "
            f"{round_id}. Draai eerst 'evaltools ingest {round_id}'."
        )
    with _logged("export", layout) as log, _guarded("Het maken van het REFI-QDA-project", root):
        log.info("REFI-QDA-project maken en toetsen aan het schema")
        try:
            exported = export_round(layout, read_names_key(layout.root))
        except PrivacyError as error:
            _fail(
                f"{REFUSED} Het zou persoonsgegevens of een niet-toegestaan citaat bevatten:\n"
                + "\n".join(f"  - {finding}" for finding in error.findings)
            )
        except InvalidProject as error:
            _fail(f"{REFUSED}\n{error}")
    counts = exported.counts
    _echo(
        f"Geschreven: {layout.relative(exported.path)} ({counts['bronnen']} bronnen, "
        f"{counts['cases']} cases, {counts['codes']} codes, {counts['fragmenten']} gecodeerde "
        f"fragmenten, {counts['notities']} notities)."
    )
