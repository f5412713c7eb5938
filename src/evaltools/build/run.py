"""``evaltools build`` (``make report``): every round of params.yaml through DVC.

Steps, in order:

1. read the rounds of params.yaml (or take the one asked for, which must be listed there);
2. refuse rounds without a ``data/raw/<ronde>/round.yaml``;
3. stop when nothing DVC would check changed since the last successful build (the stamp);
4. compile evaltools' bytecode once for every process and kernel of the build;
5. run ``dvc repro`` (all rounds, or ``render@<ronde>`` and ``export@<ronde>``, after the
   ingest of the rounds it follows that params.yaml lists: its analysis reads their tables);
6. analyse and render again a round whose previous rounds' tables changed since its last
   analysis by a build (a dependency dvc.yaml cannot declare per round); on success, record
   the stamp.
"""

from __future__ import annotations

from pathlib import Path

from evaltools.build import stamp
from evaltools.build.params import PARAMS, listed_rounds, previous_rounds
from evaltools.ingest.processed import read_previous_tables, tables_digest
from evaltools.round.errors import EvaltoolsError
from evaltools.round.lock_files import TOKEN, build_lock
from evaltools.round.paths import Layout
from evaltools.tools import dvc
from evaltools.tools.bytecode import compile_package


class BuildError(EvaltoolsError):
    """The build could not start or failed; the message says why (Dutch)."""


def build_rounds(root: Path, round_id: str | None, always_dvc: bool) -> tuple[list[str], bool]:
    """Build what is out of date: the rounds chosen, and whether DVC ran (not: nothing changed)."""
    rounds = listed_rounds(root)
    if round_id is not None and round_id not in rounds:
        raise BuildError(
            f"Ronde {round_id} staat niet in {PARAMS} (rounds: {', '.join(rounds)}). Voeg haar "
            "daar toe om haar met de andere rondes te bouwen."
        )
    chosen = rounds if round_id is None else [round_id]
    # the rounds each round follows (round.yaml does not change during a build)
    chains = {r: previous_rounds(root, r) for r in chosen}
    # what the build looks at: the rounds built and the listed rounds they follow
    watched = (
        rounds if round_id is None else [*(r for r in rounds if r in chains[round_id]), round_id]
    )
    missing = [r for r in chosen if not (Layout(root, r).raw / "round.yaml").is_file()]
    if missing:
        raise BuildError(
            "Geen round.yaml voor "
            + ", ".join(f"data/raw/{r}" for r in missing)
            + f": maak de ronde aan of haal haar uit {PARAMS}."
        )
    # one build at a time, and no stage of its rounds beside it: DVC's own lock message
    # (English) is never what a second build meets; the stages DVC runs share the locks
    with build_lock(Layout(root, chosen[0]).processed_root, chosen) as token:
        if not always_dvc and stamp.is_current(root, watched) and not _stale(root, chains):
            return chosen, False
        stamp.forget(root, watched)
        compile_package()
        targets = [] if round_id is None else _round_targets(round_id, chains[round_id], rounds)
        if dvc.repro(root, targets, {TOKEN: token}) != 0:
            # the failed stage's message says what is true of its outputs (a publish that
            # could not put the previous ones back says where they are): no claim here
            raise BuildError(
                "De bouw is mislukt; de melding hierboven zegt waarom en wat er met de vorige "
                "uitvoer is gebeurd."
            )
        for stale in _stale(root, chains):
            # the analysis reuses every run whose inputs are unchanged: only "what changed"
            # (and what reads it) runs again, and the render only if its output changed
            forced = ["--force", "--single-item", f"analyse@{stale}"]
            again = [f"render@{stale}", f"export@{stale}"]
            if dvc.repro(root, forced, {TOKEN: token}) or dvc.repro(root, again, {TOKEN: token}):
                raise BuildError(
                    f"De bouw van ronde {stale} na een wijziging in een vorige ronde is mislukt; "
                    "de melding hierboven zegt waarom."
                )
        stamp.record(root, watched)
    return chosen, True


def _round_targets(round_id: str, chain: list[str], rounds: list[str]) -> list[str]:
    """The stages that build one round: its render and export, after the ingest of every
    earlier round it follows (``chain``, nearest first) that params.yaml lists, oldest first.
    A previous round that is not listed is not built here; without its tables, analyse says
    which round to ingest."""
    earlier = [r for r in reversed(chain) if r in rounds]
    return [*(f"ingest@{r}" for r in earlier), f"render@{round_id}", f"export@{round_id}"]


def _stale(root: Path, chains: dict[str, list[str]]) -> list[str]:
    """The rounds (keys of ``chains``, each with the rounds it follows) whose analysis read
    other tables of their previous rounds than there are now, or recorded none."""
    stale = []
    for round_id, chain in chains.items():
        layout = Layout(root, round_id)
        if chain and read_previous_tables(layout.analysis) != tables_digest(
            layout.processed_root / r / "tables" for r in chain
        ):
            stale.append(round_id)
    return stale
