"""What the commands of the command line share: the round argument, the project option, the
build log of a step, and the Dutch message instead of a traceback (``evaltools.cli`` and the
modules of commands with their own options, such as ``evaltools.cli_export``)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from logging import Logger
from pathlib import Path
from typing import Annotated

import typer

from evaltools.round import settings
from evaltools.round.error_log import failure_message
from evaltools.round.errors import EvaltoolsError
from evaltools.round.paths import Layout
from evaltools.round.problems import format_problems
from evaltools.round.text_safety import printable

_QUIET = {"on": settings.quiet()}


@contextmanager
def _logged(step: str, layout: Layout, **parameters: object) -> Iterator[Logger]:
    """Log one step of a round (command, parameters, time, result) to its build log."""
    from evaltools.round.build_log import close_build_log, open_build_log

    log = open_build_log(layout.processed, step, _QUIET["on"])
    shown = ", ".join(f"{k}={v}" for k, v in parameters.items() if v is not None)
    log.info(f"start: evaltools {step} {layout.round_id}" + (f" ({shown})" if shown else ""))
    started = time.monotonic()
    try:
        yield log
    except typer.Exit as stop:
        outcome = "klaar" if stop.exit_code == 0 else "mislukt"
        log.info(f"{outcome} na {time.monotonic() - started:.1f} s".replace(".", ","))
        raise
    except BaseException:
        log.info(f"afgebroken na {time.monotonic() - started:.1f} s".replace(".", ","))
        raise
    else:
        log.info(f"klaar in {time.monotonic() - started:.1f} s".replace(".", ","))
    finally:
        close_build_log(log)


def _safe_id(value: str, what: str) -> str:
    """Refuse a round id that is not a safe folder name, before anything is read or written."""
    from evaltools.round.paths import id_problem

    problem = id_problem(value, what)
    if problem is not None:
        _fail(format_problems([problem]))
    return value


def _round_id(value: str) -> str:
    return _safe_id(value, "ronde")


def _previous_round_id(value: str) -> str:
    return _safe_id(value, "vorige ronde")


RoundArg = Annotated[
    str,
    typer.Argument(help="Ronde-id, de naam van de map onder data/raw.", callback=_round_id),
]
RootOption = Annotated[
    Path, typer.Option("--project", help="Projectmap (standaard: de huidige map).")
]


def _layout(round_id: str, root: Path) -> Layout:
    return Layout(root.resolve(), round_id)


def _echo(message: str, err: bool = False) -> None:
    """Print a line; input text in it is shown escaped, never acted on (text_safety)."""
    typer.echo(printable(message), err=err)


def _fail(message: str) -> None:
    _echo(message, err=True)
    raise typer.Exit(1)


@contextmanager
def _guarded(what: str, root: Path = Path()) -> Iterator[None]:
    """Turn anything unforeseen into a Dutch message and a log with the details, exit 1.

    A consultant never sees a traceback: it goes to data/processed/fout.log (or, when that
    cannot be written, to a file in the temporary folder), and the message says where.
    """
    try:
        yield
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except EvaltoolsError as error:  # bad input, a failed tool: its message is Dutch and complete
        _fail(str(error))
    except Exception as error:  # noqa: BLE001 - the last line of defence for consultants
        _fail(failure_message(what, root, error))
