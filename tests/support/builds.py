"""The builds the tests share (fixtures: tests/builds/conftest.py): how one is made once per
test run, and what each records."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock
from typer.testing import CliRunner

from evaltools.analyse import stage as analyse_stage
from evaltools.cli import app


@contextlib.contextmanager
def production_workers():
    """The analysis as outside the tests: as many processes as cores (and runs)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(analyse_stage.WORKERS_VARIABLE, raising=False)
        yield


# `make test` runs the tests in two processes (pytest-xdist, `--dist loadfile`). A build that
# several test files read is made once per test run, by the first process that asks for it;
# the other waits for it and reads the same folder (``shared_build``). A module fixture is made
# once too: `loadfile` keeps each test file in one process.


def shared_build(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], dict]) -> dict:
    """``make(folder)`` once per test run, in whichever test process asks first; its result.

    ``make`` builds in ``folder`` and returns what its tests read besides the folder (JSON).
    The folder lies in the run's base folder, which both test processes share (pytest-xdist
    gives each a folder of its own inside it); a file lock makes the other process wait for the
    build instead of making it again. Tests read the folder; to change it, they copy it.
    """
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / f"shared-{name}"
    record = base / f"shared-{name}.json"
    with FileLock(str(base / f"shared-{name}.lock")):
        if not record.is_file():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed before
            folder.mkdir()
            record.write_text(json.dumps(make(folder)), encoding="utf-8")
    return json.loads(record.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Build:
    """A project built with the command line, step by step, as a consultant builds it."""

    root: Path
    output: dict[str, str]  # what each step printed
    log: str  # the round's build log after ingest and analyse (before the render)


def build_with_cli(root: Path, round_id: str) -> Build:
    """``evaltools ingest``, ``analyse`` and ``render`` of one round of the project ``root``."""
    runner = CliRunner()
    output, log = {}, ""
    for step in ("ingest", "analyse", "render"):
        result = runner.invoke(app, [step, round_id, "--project", str(root)])
        assert result.exit_code == 0, (result.output, result.exception)
        output[step] = result.output
        if step == "analyse":
            log = (root / "data" / "processed" / round_id / "build.log").read_text("utf-8")
    return Build(root, output, log)


@dataclass(frozen=True)
class Reanalysis:
    """A copy of the built mini project whose analyse stage ran a second time, with ``again``
    (``--opnieuw``): every notebook executed again, one after another, each in a fresh kernel
    (``EVALTOOLS_VERSE_KERNEL=1``; the session's first analysis ran in warm kernels, the
    default)."""

    root: Path
    progress: tuple[str, ...]  # a line per run, as `evaltools analyse` prints them


# --- a copy of the built mini project with several independent things planted in it --------------
# (``planted_project``) Each test of one planted thing would otherwise build a project of its own
# (ingest, analyse, render: many seconds each). Each test reads only what concerns its own
# planted thing.

# Markup in an assessment's statement (hub alpha): it must show literally in every format
# (tests/builds/test_report.py).
PLANTED_MARKUP = (
    "<script>alert(1)</script> #kop $x$ *ster* @tbl-x _laag_ `code` [link](http://x.invalid)"
)

# A quote from hub beta's interview note, quoted in beta's assessment: it stops the render
# while the note is not quotable (tests/builds/test_privacy.py).
PLANTED_QUOTE = "wij leveren elke maand een opdracht"
# And wederhoor (tests/builds/test_wederhoor.py): drafts and forms sent, a form of each hub
# returned, a decision on each response (tests/support/wederhoor_responses.py).


@dataclass(frozen=True)
class Planted:
    """The built mini project, with the names key (``tests/data/names-key.yaml``), after its
    wederhoor drafts and forms were sent (in ``root``/uit) and the things above were planted;
    validated (``validated``: exit code and output of `evaltools validate`), ingested and
    analysed; its render was refused (``refused``: the message of the ``PrivacyError``, or
    None); then beta's note was made quotable, the round ingested again and rendered."""

    root: Path
    validated: tuple[int, str]
    refused: str | None


# --- one hub changed (tests/builds/test_incremental.py, tests/builds/test_notebook_inputs.py) ---

OLD_NOTE = "Vijf bedrijven leveren praktijkvragen."
NEW_NOTE = "Zes bedrijven leveren praktijkvragen."
OLD_SUMMARY = "De financiering na 2026 is nog open."
NEW_SUMMARY = "De financiering na de regeling is toegezegd door de provincie."


@dataclass(frozen=True)
class OneHubChanged:
    """The built mini project after hub alpha's interview note changed (built again), then its
    assessment too (built and rendered again)."""

    root: Path
    first: dict[str, tuple[bytes, int]]  # the executed notebooks (bytes, mtime) of the first build
    first_pages: dict[str, bytes]  # the first build's notebook pages
    old_digest: str  # the SHA-256 of alpha's note before the change
    note_changed: dict[str, tuple[bytes, int]]  # the executed notebooks after the note changed
    note_tables: Path  # a copy of the round's tables after the note changed
    note_build: list[str]  # what the analyse stage printed after the note changed
    assessment_build: list[str]  # ... after the assessment changed
    render: list[str]  # what the render after both changes printed


@dataclass(frozen=True)
class Early:
    """What `evaltools analyse 2027-eind` did before the sample round was ingested."""

    exit_code: int
    output: str
    exception: str | None  # the type's name of what it raised, if anything


@dataclass(frozen=True)
class DvcBuild:
    """What one `evaltools build` in the clone did."""

    ran: list[str]  # the stages that ran (sorted)
    status: list[str]  # `git status --porcelain` afterwards


@dataclass(frozen=True)
class TwoRounds:
    """The sample round and 2027-eind side by side in a clone, built with DVC: first with only
    the sample round in params.yaml (``first``), then again with nothing changed (``again``),
    then with 2027-eind added to params.yaml (``added``)."""

    root: Path
    early: Early
    builds: dict[str, DvcBuild]  # "first", "again", "added"
    # the SHA-256 of each round's outputs (``output_digests``) after the first build (the sample
    # round) and after the build that added 2027-eind (both rounds)
    digests: dict[str, dict[str, dict[str, str]]]


# The tests that read LibreOffice's PDFs: skipped before any build where it is not installed.
NO_SOFFICE = "LibreOffice (soffice) is niet geïnstalleerd; .ci/run installeert het"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason=NO_SOFFICE)
