"""Fixtures of the builds: a tiny project (the mini round) and the sample round laid out like
the real one, in tmp folders, built as a consultant builds them.

Each distinct build happens once per test run (session fixtures below, made by the first test
process that asks: ``shared_build``); a test that changes a build copies the built project (a
copy takes milliseconds, a build many seconds). What each records: tests/support/builds.py.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaltools.analyse import stage as analyse_stage
from evaltools.cli import app
from evaltools.ingest import stage as ingest_stage
from evaltools.report.render import render_report
from evaltools.round.paths import Layout
from tests.support.builds import (
    NEW_NOTE,
    NEW_SUMMARY,
    NO_SOFFICE,
    OLD_NOTE,
    OLD_SUMMARY,
    PLANTED_MARKUP,
    PLANTED_QUOTE,
    Build,
    DvcBuild,
    Early,
    OneHubChanged,
    Planted,
    Reanalysis,
    TwoRounds,
    build_with_cli,
    production_workers,
    shared_build,
)
from tests.support.dvc import dvc_build, dvc_clone, git_status, output_digests
from tests.support.files import edit, report_hashes
from tests.support.notebooks import notebook_pages, notebook_state
from tests.support.paths import DATA, FINAL, MINI, REPO, SAMPLE
from tests.support.project import copy_of, make_project

# The two test processes keep both cores busy: an analysis here runs its notebooks in one
# process (one kernel) instead of two, which saves a kernel's start and imports (about 5 s of
# CPU) per analysis and costs no time. The builds that stand for a real one (``mini_build``, the
# sample round of ``two_rounds``) run as `make report` does, a process per core
# (``production_workers``).
os.environ[analyse_stage.WORKERS_VARIABLE] = "1"


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The mini project after ingest, analyse and render (made once per test run)."""

    def make(folder: Path) -> dict:
        with production_workers():
            build = build_with_cli(make_project(folder), MINI)
        return {"root": str(build.root), "output": build.output, "log": build.log}

    made = shared_build(tmp_path_factory, "mini-build", make)
    return Build(Path(made["root"]), made["output"], made["log"])


@pytest.fixture(scope="session")
def built_project(mini_build: Build) -> Path:
    """The built mini project. Read it; to change it, copy it first (``copy_of``)."""
    return mini_build.root


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Path:
    """A copy of the built mini project to change: the last good report is in report/_output
    (a test file may define its own ``project``)."""
    copy = tmp_path / "project"
    shutil.copytree(built_project, copy)
    assert any(name.endswith(".pdf") for name in report_hashes(copy))
    return copy


@pytest.fixture(scope="session")
def rerendered_project(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built mini project rendered a second time, nothing changed."""

    def make(folder: Path) -> dict:
        project = copy_of(built_project, folder)
        render_report(project, MINI)
        return {"root": str(project)}

    return Path(shared_build(tmp_path_factory, "rerendered", make)["root"])


@pytest.fixture(scope="session")
def reanalysed_project(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Reanalysis:
    """Three tests read it: a second run equals the first
    (tests/builds/test_analysis_notebooks.py), fresh kernels equal warm ones
    (tests/builds/test_warm_kernel.py), ``again`` executes every run
    (tests/builds/test_incremental.py)."""

    def make(folder: Path) -> dict:
        root = copy_of(built_project, folder)
        progress: list[str] = []
        layout = Layout(root, MINI)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("EVALTOOLS_VERSE_KERNEL", "1")
            analyse_stage.analyse(layout, workers=1, progress=progress.append, again=True)
        return {"root": str(root), "progress": progress}

    made = shared_build(tmp_path_factory, "reanalysed", make)
    return Reanalysis(Path(made["root"]), tuple(made["progress"]))


# --- a copy of the built mini project with several independent things planted in it --------------
# Each test of one planted thing would otherwise build a project of its own (ingest, analyse,
# render: many seconds each). Each test reads only what concerns its own planted thing (what is
# planted: tests/support/builds.py).


@pytest.fixture(scope="session")
def planted_project(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Planted:
    from evaltools.privacy.scan import PrivacyError
    from tests.support import wederhoor_responses

    def make(folder: Path) -> dict:
        root = copy_of(built_project, folder)
        shutil.copy(DATA / "names-key.yaml", root / "names-key.yaml")
        raw = root / "data" / "raw" / MINI
        runner = CliRunner()
        sent = runner.invoke(
            app,
            ["wederhoor", MINI, "--project", str(root), "--out", str(root / "uit")]
            + ["--verzonden", wederhoor_responses.SENT.isoformat()],
        )
        assert sent.exit_code == 0, sent.output
        edit(
            raw / "beoordeling" / "alpha.yaml",
            "- tekst: Vaste projectleiding zorgt voor continuïteit.",
            "- tekst: '{}'".format(PLANTED_MARKUP.replace("'", "''")),
            count=-1,
        )
        note = raw / "interviews" / "beta.md"
        edit(
            note,
            "- sterkte: Twee bedrijven denken mee.",
            f'- sterkte: Twee bedrijven denken mee: "{PLANTED_QUOTE}".',
            count=-1,
        )
        edit(
            raw / "beoordeling" / "beta.yaml",
            "      - tekst: Twee bedrijven denken mee.",
            f"      - tekst: 'Bedrijven zeggen: \"{PLANTED_QUOTE}\".'",
            count=-1,
        )
        wederhoor_responses.fill_two_forms(root)
        wederhoor_responses.decide(root)
        validated = runner.invoke(app, ["validate", str(raw)])
        layout = Layout(root, MINI)
        ingest_stage.ingest(layout)
        analyse_stage.analyse(layout)
        try:
            render_report(root, MINI)
            refused = None
        except PrivacyError as error:
            refused = str(error)
        edit(note, "vorm: online", "vorm: online\nciteerbaar: true", count=-1)
        ingest_stage.ingest(layout)
        render_report(root, MINI)  # quotable now: the quote may stand in the report
        return {
            "root": str(root),
            "validated": [validated.exit_code, validated.output],
            "refused": refused,
        }

    made = shared_build(tmp_path_factory, "planted", make)
    return Planted(Path(made["root"]), tuple(made["validated"]), made["refused"])


# --- one hub changed (tests/builds/test_incremental.py, tests/builds/test_notebook_inputs.py) ---


@pytest.fixture(scope="session")
def one_hub_changed(mini_build: Build, tmp_path_factory: pytest.TempPathFactory) -> OneHubChanged:
    """Made once: tests read it, and change only copies of it. The states between the steps are
    copies of the folders (modification times kept) beside the project."""

    def build(root: Path) -> list[str]:
        layout = Layout(root, MINI)
        lines: list[str] = []
        ingest_stage.ingest(layout)
        analyse_stage.analyse(layout, progress=lines.append)
        return lines

    def make(folder: Path) -> dict:
        root = copy_of(mini_build.root, folder)  # modification times kept
        raw = root / "data" / "raw" / MINI
        processed = root / "data" / "processed" / MINI
        shutil.copytree(processed / "analyse" / "notebooks", folder / "first-notebooks")
        pages = Path("report") / "_output" / f"{MINI}-notebooks"
        shutil.copytree(root / pages, folder / "first" / pages)
        old_digest = hashlib.sha256((raw / "interviews" / "alpha.md").read_bytes()).hexdigest()
        edit(raw / "interviews" / "alpha.md", OLD_NOTE, NEW_NOTE, count=-1)
        note_build = build(root)
        shutil.copytree(processed / "analyse" / "notebooks", folder / "note-notebooks")
        shutil.copytree(processed / "tables", folder / "note-tables")
        edit(raw / "beoordeling" / "alpha.yaml", OLD_SUMMARY, NEW_SUMMARY, count=-1)
        assessment_build = build(root)
        render: list[str] = []
        render_report(root, MINI, progress=render.append)
        return {
            "root": str(root),
            "old_digest": old_digest,
            "note_build": note_build,
            "assessment_build": assessment_build,
            "render": render,
        }

    made = shared_build(tmp_path_factory, "one-hub-changed", make)
    root = Path(made["root"])
    return OneHubChanged(
        root=root,
        first=notebook_state(root.parent / "first-notebooks"),
        first_pages=notebook_pages(root.parent / "first"),
        old_digest=made["old_digest"],
        note_changed=notebook_state(root.parent / "note-notebooks"),
        note_tables=root.parent / "note-tables",
        note_build=made["note_build"],
        assessment_build=made["assessment_build"],
        render=made["render"],
    )


# --- the real DVC pipeline (`make report` on a fresh clone) -------------------------------------


@pytest.fixture(scope="session")
def two_rounds(tmp_path_factory: pytest.TempPathFactory) -> TwoRounds:
    """The one real DVC build of the suite (once per test run), as `make report` builds on a
    fresh clone: the sample round, then 2027-eind added beside it. What DVC and git did is
    recorded for tests/builds/test_dvc_pipeline.py. Before that, in the origin (the clone has
    nothing of it), `evaltools analyse 2027-eind` fails without the sample round's tables."""

    def make(folder: Path) -> dict:
        root = dvc_clone(
            folder, {SAMPLE: REPO / "data" / "raw" / SAMPLE, FINAL: DATA / FINAL}, [SAMPLE]
        )
        runner = CliRunner()
        origin = folder / "origin"
        ingested = runner.invoke(app, ["ingest", FINAL, "--project", str(origin)])
        assert ingested.exit_code == 0, (ingested.output, ingested.exception)
        early = runner.invoke(app, ["analyse", FINAL, "--project", str(origin)])
        raised = type(early.exception).__name__ if early.exception is not None else None
        builds = {}
        with production_workers():  # the sample round as `make report` builds it
            builds["first"] = [dvc_build(root), git_status(root)]
        builds["again"] = [dvc_build(root), git_status(root)]
        digests = {"first": {SAMPLE: output_digests(root, SAMPLE)}}
        # a consultant adds a round
        params = root / "params.yaml"
        params.write_text(params.read_text(encoding="utf-8") + f"  - {FINAL}\n", encoding="utf-8")
        builds["added"] = [dvc_build(root), git_status(root)]
        digests["added"] = {r: output_digests(root, r) for r in (SAMPLE, FINAL)}
        return {
            "root": str(root),
            "early": [early.exit_code, early.output, raised],
            "builds": builds,
            "digests": digests,
        }

    made = shared_build(tmp_path_factory, "two-rounds", make)
    return TwoRounds(
        Path(made["root"]),
        Early(*made["early"]),
        {name: DvcBuild(*build) for name, build in made["builds"].items()},
        made["digests"],
    )


@pytest.fixture(scope="session")
def sample_project(two_rounds: TwoRounds) -> Path:
    """The complete sample round, built from its committed raw files with DVC, in a clone.

    2027-eind stands beside it; the sample round's outputs hold nothing of that round
    (tests/builds/test_changes.py).
    """
    return two_rounds.root


@pytest.fixture(scope="session")
def office_pdfs(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of LibreOffice's PDFs of the DOCX files of the sample round's client edition
    and of both editions of 2027-eind (``<docx stem>.pdf``), made in one LibreOffice run (its
    start takes seconds) for the tests that read them."""
    from evaltools.report.render import output_paths, review_paths

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip(NO_SOFFICE)
    docxs = [
        output_paths(sample_project, SAMPLE)[2],
        output_paths(sample_project, FINAL)[2],
        review_paths(sample_project, FINAL)[2],
    ]

    def make(folder: Path) -> dict:
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile"]
            + ["--convert-to", "pdf", "--outdir", str(folder), *map(str, docxs)],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return {"folder": str(folder)}

    return Path(shared_build(tmp_path_factory, "office-pdfs", make)["folder"])
