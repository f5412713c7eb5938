"""Worker of the fuzz suite (tests/builds/test_fuzz.py): one process, many cases, each under
limits.

Runs under a memory limit (RLIMIT_AS, 1 GiB by default) and gives each case 30 s
(SIGALRM). Reads one JSON case per line on stdin, answers one JSON result per line:

- case: {"id", "command": "validate"|"check"|"render"|"read", "files": {relpath: base64},
  "root": project folder}
- result: {"id", "exit", "output", "error" (a traceback, or ""), "seconds", "report_changed"}

"read" runs the one reader that `validate` uses for the file's kind, in this process.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import resource
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path

from tests.support.files import report_hashes

LIMIT_BYTES = int(os.environ.get("EVALTOOLS_FUZZ_MEMORY", str(1 << 30)))
CASE_SECONDS = int(os.environ.get("EVALTOOLS_FUZZ_SECONDS", "30"))


class CaseTimeout(BaseException):
    """Not an Exception: the CLI's last line of defence must not swallow it."""


def _alarm(signum, frame):
    raise CaseTimeout()


def restore(root: Path, pristine: Path, round_id: str) -> Path:
    raw = root / "data" / "raw" / round_id
    shutil.rmtree(raw, ignore_errors=True)
    shutil.copytree(pristine, raw, symlinks=True)
    return raw


def read_one(raw: Path, relative: str) -> tuple[int, str]:
    """The reader `validate` applies to one file, as validate calls it."""
    from evaltools.ingest.raw_round import INTERVIEW_READERS
    from evaltools.ingest.round_texts import read_round_texts
    from evaltools.ingest.texts import text_problems
    from evaltools.ingest.zelfevaluatie_xlsx import read_form
    from evaltools.round.models import Assessment, RoundConfig, parse_model
    from evaltools.round.problems import format_problems
    from evaltools.round.yaml_source import read_yaml

    path = raw / relative
    label = f"{raw.name}/{relative}"
    config = _pristine_config(raw.parent.parent.parent, raw.name)
    folder = relative.split("/")[0]
    if relative == "round.yaml":
        source, problems = read_yaml(path, label)
        if source is not None:
            problems += parse_model(RoundConfig, source, label)[1]
    elif folder == "beoordeling":
        source, problems = read_yaml(path, label)
        if source is not None:
            problems += parse_model(Assessment, source, label)[1]
    elif folder == "zelfevaluaties":
        problems = read_form(path, label, config)[1]
    elif folder == "interviews":
        problems = INTERVIEW_READERS[path.suffix.lower()](path, label, config)[1]
    elif folder == "teksten":
        texts, problems = read_round_texts(raw / "teksten", raw.parent)
        problems += text_problems(texts, math=config.math)
    else:
        raise ValueError(relative)
    return (1 if problems else 0), (format_problems(problems) if problems else "")


_CONFIGS: dict[str, object] = {}


def _pristine_config(root: Path, round_id: str):
    """The configuration of the unbroken round (read once): what the other readers get."""
    from evaltools.round.models import RoundConfig, parse_model
    from evaltools.round.yaml_source import read_yaml

    if round_id not in _CONFIGS:
        source, _ = read_yaml(PRISTINE / "round.yaml", "round.yaml")
        _CONFIGS[round_id] = parse_model(RoundConfig, source, "round.yaml")[0]
    return _CONFIGS[round_id]


PRISTINE = Path()


def run_case(case: dict, pristine: Path, runner, app) -> dict:
    root = Path(case["root"])
    round_id = case["round"]
    raw = restore(root, pristine, round_id)
    for relative, data in case["files"].items():
        target = raw / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(data))
    before = report_hashes(root)
    if case["command"] == "check":
        _load_dictionary()
    started = time.monotonic()
    error, code, output = "", 0, ""
    signal.alarm(CASE_SECONDS)
    try:
        if case["command"] == "read":
            code, output = read_one(raw, next(iter(case["files"])))
        else:
            args = {
                "validate": ["validate", str(raw)],
                "check": ["check", round_id, "--project", str(root)],
                "render": ["render", round_id, "--project", str(root)],
            }[case["command"]]
            result = runner.invoke(app, args, catch_exceptions=True)
            code, output = result.exit_code, result.output
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                error = "".join(traceback.format_exception(result.exception))
    except CaseTimeout:
        error = f"meer dan {CASE_SECONDS} s"
    except BaseException:  # noqa: BLE001 - reported to the test, which fails on it
        error = traceback.format_exc()
    finally:
        signal.alarm(0)
    return {
        "id": case["id"],
        "exit": code,
        "output": output,
        "error": error,
        "seconds": time.monotonic() - started,
        "report_changed": report_hashes(root) != before,
    }


def _load_dictionary() -> None:
    """Load the spell check's Dutch dictionary (once) outside the time limit of a case.

    Reading the dictionary takes from seconds to half a minute on a busy machine, whatever the
    input; the limit of a case is there for what the input makes the code do.
    """
    from evaltools.review.dictionary import dutch_dictionary
    from evaltools.round.problems import InvalidRound

    with contextlib.suppress(InvalidRound):  # no dictionary: the check cases say so
        dutch_dictionary()


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))
    signal.signal(signal.SIGALRM, _alarm)
    from typer.testing import CliRunner

    from evaltools.cli import app

    runner = CliRunner()
    global PRISTINE
    pristine = PRISTINE = Path(sys.argv[1])
    for line in sys.stdin:
        result = run_case(json.loads(line), pristine, runner, app)
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
