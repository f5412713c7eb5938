"""The command line as a consultant runs it, in this process: never a traceback."""

from __future__ import annotations

from typer.testing import CliRunner

from evaltools.cli import app

RUNNER = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.output
