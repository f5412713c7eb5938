"""Inputs of "what changed": the processed tables of the rounds before this one."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from evaltools.ingest.processed import CONFIG_JSON, read_config, read_tables
from evaltools.round.errors import EvaltoolsError
from evaltools.round.models import RoundConfig

if TYPE_CHECKING:  # imported where the tables are read: it needs pandas
    from evaltools.analyse.changes import RoundTables

# where a round's tables live under data/processed/<round>/ (as the pipeline writes them)
TABLES_DIR = "tables"


class PreviousRoundMissing(EvaltoolsError, RuntimeError):
    """A previous round has no processed tables (yet), or the chain of rounds loops."""


def previous_round_chain(processed_root: Path, config: RoundConfig) -> list[RoundConfig]:
    """The configurations of the previous rounds, nearest first, as their tables have them.

    Raises PreviousRoundMissing (a Dutch message that says what to run) when a round in the
    chain has not been ingested, or when the chain comes back to a round it passed.
    """
    chain: list[RoundConfig] = []
    seen = {config.round_id}
    wanted, named_by = config.previous_round, config.round_id
    while wanted:
        if wanted in seen:
            raise PreviousRoundMissing(
                f"De rondes verwijzen in een kring naar elkaar: ronde {named_by} noemt "
                f"{wanted} als vorige ronde (vorige_ronde in round.yaml). Pas 'vorige_ronde' "
                "aan zodat de keten bij een ronde zonder vorige ronde eindigt."
            )
        tables = Path(processed_root) / wanted / TABLES_DIR
        shown = Path(
            Path(processed_root).parent.name, Path(processed_root).name, wanted, TABLES_DIR
        )
        if not (tables / CONFIG_JSON).is_file():
            raise PreviousRoundMissing(
                f"Ronde {named_by} noemt {wanted} als vorige ronde (vorige_ronde in "
                f"round.yaml), maar van {wanted} zijn nog geen tabellen gemaakt "
                f"({shown.as_posix()}). Draai eerst 'evaltools ingest {wanted}', of haal "
                "'vorige_ronde' weg als deze ronde niet op een andere volgt."
            )
        previous = read_config(tables)
        chain.append(previous)
        seen.add(wanted)
        named_by = wanted
        wanted = previous.previous_round
    return chain


def read_rounds(
    processed_root: Path, config: RoundConfig, names: Iterable[str] | None = None
) -> list[RoundTables]:
    """This round and every round before it, oldest first, each with its processed tables.

    With ``names``, only those tables (see ``read_tables``).
    """
    from evaltools.analyse.changes import RoundTables

    configs = [*reversed(previous_round_chain(processed_root, config)), config]
    return [
        RoundTables(c, read_tables(Path(processed_root) / c.round_id / TABLES_DIR, names))
        for c in configs
    ]
