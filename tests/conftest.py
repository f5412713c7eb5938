"""Shared fixtures: a tiny project (the mini round) laid out like the real one, in tmp folders.

Each distinct build happens once per test session (session fixtures below); a test that
changes a build copies the built project (a copy takes milliseconds, a build many seconds).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock
from typer.testing import CliRunner

from evaltools.analyse import stage as analyse_stage
from evaltools.cli import app
from evaltools.ingest import stage as ingest_stage
from evaltools.new_round.forms import make_filled_forms
from evaltools.privacy.files import output_text, pages_text
from evaltools.report.render import render_report
from evaltools.round.paths import Layout
from tests.support.project import scratch_project

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
MINI = "mini-ronde"

# The two test processes keep both cores busy: an analysis here runs its notebooks in one
# process (one kernel) instead of two, which saves a kernel's start and imports (about 5 s of
# CPU) per analysis and costs no time. The builds that stand for a real one (``mini_build``, the
# sample round of ``two_rounds``) run as `make report` does, a process per core
# (``production_workers``).
os.environ[analyse_stage.WORKERS_VARIABLE] = "1"


@contextlib.contextmanager
def production_workers():
    """The analysis as outside the tests: as many processes as cores (and runs)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(analyse_stage.WORKERS_VARIABLE, raising=False)
        yield


@functools.cache
def filled_mini_round() -> Path:
    """The mini round with its forms generated and filled, made once per test process.

    Filling the forms (openpyxl) takes about two seconds; a copy of the result a millisecond.
    Tests must not change this folder: they get copies (``make_project``, ``mini_round``).
    """
    scratch = Path(tempfile.mkdtemp(prefix="evaltools-mini-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    folder = scratch / MINI
    shutil.copytree(DATA / MINI, folder)
    make_filled_forms(folder, DATA / "mini-antwoorden")
    return folder


def make_project(root: Path, round_id: str = MINI) -> Path:
    """Copy code-side folders (notebooks, report sources) and the mini round into ``root``."""
    return scratch_project(REPO, root, {round_id: filled_mini_round()})


# `make test` runs the tests in two processes (pytest-xdist, `--dist loadfile`). A build that
# several test files read is made once per test run, by the first process that asks for it;
# the other waits for it and reads the same folder (``shared_build``). A module fixture is made
# once too: `loadfile` keeps each test file in one process.


# The test files that make (or wait for) the long builds, longest first; the others follow in
# their usual order. pytest-xdist hands out whole files in this order (`--no-loadscope-reorder`
# in the Makefile; by default it orders them by their number of tests, which put the DVC build
# last and left one process idle at the end): the two processes begin on different builds and
# the short files fill the end. The order changes only when a test runs, never its result.
LONG_FIRST = (
    "builds/test_changes.py",  # the sample round and 2027-eind, with DVC (two_rounds)
    "builds/test_privacy.py",  # meanwhile: the mini round (mini_build) and planted_project
    "builds/test_analysis_notebooks.py",  # reanalysed_project
    "builds/test_incremental.py",  # one_hub_changed
    "builds/test_notebook_inputs.py",
    "unit/review/test_checks.py",
    "builds/test_fuzz.py",
    "builds/test_report.py",
    "builds/test_hostile_render.py",
    "builds/test_dvc_pipeline.py",  # a round of two_rounds built again, in a copy
    "builds/test_client_report.py",  # office_pdfs (of two_rounds)
)
TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    missing = [name for name in LONG_FIRST if not (TESTS / name).is_file()]
    if missing:
        raise pytest.UsageError(f"LONG_FIRST in tests/conftest.py names no test file: {missing}")
    rank = {name: number for number, name in enumerate(LONG_FIRST)}
    # stable: the rest as is
    items.sort(key=lambda item: rank.get(item.path.relative_to(TESTS).as_posix(), len(rank)))


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


@pytest.fixture
def mini_round(tmp_path: Path) -> Path:
    """A fresh, valid copy of the mini round (forms generated and filled)."""
    return make_project(tmp_path) / "data" / "raw" / MINI


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


@pytest.fixture(scope="session")
def rerendered_project(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built mini project rendered a second time, nothing changed."""

    def make(folder: Path) -> dict:
        project = copy_of(built_project, folder)
        render_report(project, MINI)
        return {"root": str(project)}

    return Path(shared_build(tmp_path_factory, "rerendered", make)["root"])


@dataclass(frozen=True)
class Reanalysis:
    """A copy of the built mini project whose analyse stage ran a second time, with ``again``
    (``--opnieuw``): every notebook executed again, one after another, each in a fresh kernel
    (``EVALTOOLS_VERSE_KERNEL=1``; the session's first analysis ran in warm kernels, the
    default)."""

    root: Path
    progress: tuple[str, ...]  # a line per run, as `evaltools analyse` prints them


@pytest.fixture(scope="session")
def reanalysed_project(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Reanalysis:
    """Three tests read it: a second run equals the first (tests/test_analysis_notebooks.py),
    fresh kernels equal warm ones (tests/test_warm_kernel.py), ``again`` executes every run
    (tests/test_incremental.py)."""

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
# render: many seconds each). Each test reads only what concerns its own planted thing.

# Markup in an assessment's statement (hub alpha): it must show literally in every format
# (tests/test_report.py).
PLANTED_MARKUP = (
    "<script>alert(1)</script> #kop $x$ *ster* @tbl-x _laag_ `code` [link](http://x.invalid)"
)
# A quote from hub beta's interview note, quoted in beta's assessment: it stops the render
# while the note is not quotable (tests/test_privacy.py).
PLANTED_QUOTE = "wij leveren elke maand een opdracht"
# And wederhoor (tests/test_wederhoor.py): drafts and forms sent, a form of each hub returned,
# a decision on each response (tests/wederhoor_responses.py).


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
        )
        note = raw / "interviews" / "beta.md"
        edit(
            note,
            "- sterkte: Twee bedrijven denken mee.",
            f'- sterkte: Twee bedrijven denken mee: "{PLANTED_QUOTE}".',
        )
        edit(
            raw / "beoordeling" / "beta.yaml",
            "      - tekst: Twee bedrijven denken mee.",
            f"      - tekst: 'Bedrijven zeggen: \"{PLANTED_QUOTE}\".'",
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
        edit(note, "vorm: online", "vorm: online\nciteerbaar: true")
        ingest_stage.ingest(layout)
        render_report(root, MINI)  # quotable now: the quote may stand in the report
        return {
            "root": str(root),
            "validated": [validated.exit_code, validated.output],
            "refused": refused,
        }

    made = shared_build(tmp_path_factory, "planted", make)
    return Planted(Path(made["root"]), tuple(made["validated"]), made["refused"])


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in the text file ``path``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- one hub changed (tests/test_incremental.py, tests/test_notebook_inputs.py) ---------------

OLD_NOTE = "Vijf bedrijven leveren praktijkvragen."
NEW_NOTE = "Zes bedrijven leveren praktijkvragen."
OLD_SUMMARY = "De financiering na 2026 is nog open."
NEW_SUMMARY = "De financiering na de regeling is toegezegd door de provincie."


def notebook_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Each executed notebook in ``folder``: its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.glob("*.ipynb"))}


def notebook_pages(root: Path) -> dict[str, bytes]:
    """The bytes of each notebook page of the mini round's report in project ``root``."""
    folder = root / "report" / "_output" / f"{MINI}-notebooks"
    return {p.stem: p.read_bytes() for p in sorted(folder.glob("*.html"))}


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
        edit(raw / "interviews" / "alpha.md", OLD_NOTE, NEW_NOTE)
        note_build = build(root)
        shutil.copytree(processed / "analyse" / "notebooks", folder / "note-notebooks")
        shutil.copytree(processed / "tables", folder / "note-tables")
        edit(raw / "beoordeling" / "alpha.yaml", OLD_SUMMARY, NEW_SUMMARY)
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


def copy_of(project: Path, folder: Path) -> Path:
    """A copy of a built project in ``folder``/project (symbolic links kept as links)."""
    return Path(shutil.copytree(project, folder / "project", symlinks=True))


SAMPLE = "2026-tussentijds"
# A test round beside the sample round: a final evaluation that names the sample round as its
# previous round (what changed since then).
FINAL = "2027-eind"


# --- the real DVC pipeline (`make report` on a fresh clone) -------------------------------------


def run(root: Path, *command: str) -> str:
    """``command`` in ``root`` with this environment's scripts first on PATH (the DVC stages
    call `evaltools`); its output. It must succeed."""
    scripts = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(
        list(command), cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def git(root: Path, *args: str) -> str:
    return run(root, "git", "-c", "user.name=test", "-c", "user.email=test", *args)


def dvc_build(root: Path, *round_id: str) -> list[str]:
    """`make report [ROUND=...]` (`evaltools build`, as a process): the stages that ran."""
    output = run(root, sys.executable, "-m", "evaltools", "build", *round_id)
    return sorted(set(re.findall(r"Running stage '([^']+)'", output)))


def git_status(root: Path) -> list[str]:
    return git(root, "status", "--porcelain").splitlines()


def output_digests(root: Path, round_id: str) -> dict[str, str]:
    """The SHA-256 of each output of a round's report stage (the client edition in three
    formats and the notebook pages), by path in the project."""
    folder = root / "report" / "_output"
    files = [folder / f"{round_id}.{ext}" for ext in ("html", "pdf", "docx")]
    files += sorted((folder / f"{round_id}-notebooks").glob("*.html"))
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in files
    }


def dvc_clone(folder: Path, rounds: dict[str, Path], listed: list[str]) -> Path:
    """A project as a consultant gets it: committed in ``folder``/origin (code, notebooks,
    report sources, the DVC set-up and the raw files of ``rounds``; params.yaml lists
    ``listed``), cloned to ``folder``/project; the clone."""
    origin = scratch_project(REPO, folder / "origin", rounds)
    shutil.copytree(
        REPO / "src" / "evaltools",
        origin / "src" / "evaltools",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(REPO / ".dvc", origin / ".dvc", ignore=shutil.ignore_patterns("tmp", "cache"))
    for name in ("dvc.yaml", ".dvcignore", ".gitignore"):
        shutil.copy(REPO / name, origin / name)
    listing = "".join(f"  - {round_id}\n" for round_id in listed)
    (origin / "params.yaml").write_text(f"rounds:\n{listing}", encoding="utf-8")
    git(origin, "init", "-q")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "project")
    git(origin, "clone", "-q", str(origin), str(folder / "project"))
    return folder / "project"


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


@pytest.fixture(scope="session")
def two_rounds(tmp_path_factory: pytest.TempPathFactory) -> TwoRounds:
    """The one real DVC build of the suite (once per test run), as `make report` builds on a
    fresh clone: the sample round, then 2027-eind added beside it. What DVC and git did is
    recorded for tests/test_dvc_pipeline.py. Before that, in the origin (the clone has nothing
    of it), `evaltools analyse 2027-eind` fails without the sample round's tables."""

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
    (tests/test_changes_end_to_end.py).
    """
    return two_rounds.root


# The tests that read LibreOffice's PDFs: skipped before any build where it is not installed.
NO_SOFFICE = "LibreOffice (soffice) is niet geïnstalleerd; .ci/run installeert het"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason=NO_SOFFICE)


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


def add_to_cell_output(notebook: Path, label: str, markdown: str) -> None:
    """Append ``markdown`` to the Markdown output of the cell labelled ``label`` (in place)."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in data["cells"]:
        if cell["cell_type"] == "code" and f"#| label: {label}\n" in "".join(cell["source"]):
            for output in cell["outputs"]:
                if "text/markdown" in output.get("data", {}):
                    text = output["data"]["text/markdown"]
                    output["data"]["text/markdown"] = "".join(text) + markdown
                    notebook.write_text(json.dumps(data), encoding="utf-8")
                    return
    raise AssertionError(f"{notebook.name} heeft geen cel {label} met Markdown-uitvoer")


# --- text of finished outputs, extracted once per test run --------------------------------------
# pypdf needs seconds for a report of 60 pages (tests/pdf_text.py spares it the drawings), and
# many tests, in both test processes, read the same shared build's PDFs. A PDF's text is kept on
# disk in the run's base folder (both processes read it) and in memory, keyed by path,
# modification time and size: a file written again is read again.

_texts: Path | None = None  # the folder of PDF texts of this test run (set by ``_text_folder``)


@pytest.fixture(scope="session", autouse=True)
def _text_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    global _texts
    base = tmp_path_factory.getbasetemp()
    _texts = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "pdf-texts"
    _texts.mkdir(exist_ok=True)


def _version(path: Path) -> tuple[str, int, int]:
    stat = Path(path).stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@functools.cache
def _pdf_pages(version: tuple[str, int, int]) -> tuple[str, ...]:
    from tests.support.pdf_text import page_texts

    def extract() -> list[str]:
        return page_texts(Path(version[0]))

    if _texts is None:  # outside a test session
        return tuple(extract())
    name = hashlib.sha256(json.dumps(version).encode()).hexdigest()
    record = _texts / f"{name}.json"
    with FileLock(str(_texts / f"{name}.lock")):  # the other process waits, not extracts
        if not record.is_file():
            record.write_text(json.dumps(extract()), encoding="utf-8")
    return tuple(json.loads(record.read_text(encoding="utf-8")))


def pdf_pages(path: Path) -> tuple[str, ...]:
    """The text of each page of a PDF as pypdf extracts it (``page.extract_text()``)."""
    return _pdf_pages(_version(path))


@functools.cache
def _output_text(version: tuple[str, int, int]) -> str:
    path = Path(version[0])
    if path.suffix.lower() == ".pdf":  # ``output_text`` of a PDF, from the pages read once
        return pages_text(list(_pdf_pages(version)))
    return output_text(path)


def output_text_of(path: Path) -> str:
    """``evaltools.privacy.files.output_text`` of a finished output (HTML, PDF, DOCX)."""
    return _output_text(_version(path))
