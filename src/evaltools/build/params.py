"""params.yaml: the rounds that `evaltools build` (DVC) builds."""

from __future__ import annotations

from pathlib import Path

import yaml

from evaltools.round.errors import EvaltoolsError

PARAMS = "params.yaml"


class ParamsError(EvaltoolsError, ValueError):
    """params.yaml is missing or does not list rounds; the message says what to write."""


def listed_rounds(root: Path) -> list[str]:
    """The round ids under ``rounds:`` in ``root/params.yaml``, in the order written."""
    path = Path(root) / PARAMS
    example = "rounds:\n  - <ronde-id>\n"
    if not path.is_file():
        raise ParamsError(f"{PARAMS} ontbreekt in {Path(root).resolve()}; schrijf:\n{example}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ParamsError(f"{PARAMS} is geen geldige YAML ({error}).") from error
    rounds = data.get("rounds") if isinstance(data, dict) else None
    if not isinstance(rounds, list) or not rounds or not all(isinstance(r, str) for r in rounds):
        raise ParamsError(
            f"{PARAMS}: verwacht een lijst 'rounds' met de ronde-id's (mappen onder data/raw), "
            f"bijvoorbeeld:\n{example}"
        )
    return rounds


def previous_rounds(root: Path, round_id: str) -> list[str]:
    """The rounds ``round_id`` follows (``vorige_ronde`` in round.yaml, then theirs), nearest
    first: the analysis of a round reads their tables.

    Read leniently: a round.yaml that cannot be read or names no previous round ends the
    chain (ingest and analyse report what is wrong with it, with file and line)."""
    chain: list[str] = []
    current = round_id
    while True:
        path = Path(root) / "data" / "raw" / current / "round.yaml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return chain
        previous = data.get("vorige_ronde") if isinstance(data, dict) else None
        if not isinstance(previous, str) or previous in chain or previous == round_id:
            return chain
        chain.append(previous)
        current = previous
