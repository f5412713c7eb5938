"""The build log of a round: ``data/processed/<round>/build.log``, appended to by every step.

Each line has the time, the step and what happened (command, parameters, each notebook with its
time, the result), so that a reviewer can see how the outputs were made and a consultant can
find the details of a failure. The same lines go to the terminal unless the run is quiet.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

LOG_FILE = "build.log"


def open_build_log(processed: Path, step: str, quiet: bool) -> logging.Logger:
    """A logger for one step of one round; a log that cannot be written is left out."""
    logger = logging.getLogger(f"evaltools.build.{processed.name}.{step}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    try:
        processed.mkdir(parents=True, exist_ok=True)
        to_file = logging.FileHandler(processed / LOG_FILE, encoding="utf-8")
    except OSError:
        to_file = None
    if to_file is not None:
        to_file.setFormatter(
            logging.Formatter("%(asctime)s %(name)s %(message)s", "%Y-%m-%d %H:%M:%S")
        )
        logger.addHandler(to_file)
    if not quiet:
        to_terminal = logging.StreamHandler(sys.stderr)
        to_terminal.setFormatter(logging.Formatter(f"{step}: %(message)s"))
        logger.addHandler(to_terminal)
    return logger


def close_build_log(logger: logging.Logger) -> None:
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
