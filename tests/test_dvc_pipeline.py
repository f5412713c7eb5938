"""The real DVC pipeline, as `make report` runs it on a fresh clone: two rounds side by side.

Every round in params.yaml builds into its own outputs; a build runs only what is stale, never
touches another round, and leaves `git status` clean apart from what a consultant changed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from evaltools.inputs.forms import make_filled_forms
from evaltools.io.report_files import notebook_outputs
from tests.conftest import DATA, MINI, REPO, make_project

pytestmark = pytest.mark.slow

# A second round beside the mini round: a final evaluation with its own period and budget.
FINAL = "eind-ronde"
FINAL_BUDGET = 250_000
STAGES = ("ingest", "analyse", "render")


def run(root: Path, *command: str) -> str:
    scripts = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(
        list(command), cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def git(root: Path, *args: str) -> str:
    return run(root, "git", "-c", "user.name=test", "-c", "user.email=test", *args)


def build(root: Path, *round_id: str) -> set[str]:
    """`make report [ROUND=...]`: the stages that ran."""
    output = run(root, sys.executable, "-m", "evaltools", "build", *round_id)
    return set(re.findall(r"Running stage '([^']+)'", output))


def stages(round_id: str) -> set[str]:
    return {f"{stage}@{round_id}" for stage in STAGES}


def outputs(root: Path, round_id: str) -> dict[str, bytes]:
    folder = root / "report" / "_output"
    files = [folder / f"{round_id}.{ext}" for ext in ("html", "pdf", "docx")]
    files += sorted((folder / f"{round_id}-notebooks").glob("*.html"))
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def final_round(folder: Path) -> Path:
    """The mini round as a final evaluation: other id, kind, period and a budget."""
    shutil.copytree(DATA / MINI, folder)
    config = folder / "round.yaml"
    text = config.read_text(encoding="utf-8")
    for old, new in (
        (f"ronde: {MINI}", f"ronde: {FINAL}"),
        ("soort: tussentijdse evaluatie", "soort: eindevaluatie"),
        ("periode: januari – juni 2026\n", "periode: juli – december 2026\n"),
    ):
        assert old in text
        text = text.replace(old, new)
    config.write_text(text + f"budget: {FINAL_BUDGET}\n", encoding="utf-8")
    make_filled_forms(folder, DATA / "mini-antwoorden")
    return folder


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed project with both rounds' raw files (only the mini round listed), cloned."""
    origin = make_project(tmp_path_factory.mktemp("origin") / "project")
    final_round(origin / "data" / "raw" / FINAL)
    shutil.copytree(
        REPO / "src" / "evaltools",
        origin / "src" / "evaltools",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(REPO / ".dvc", origin / ".dvc", ignore=shutil.ignore_patterns("tmp", "cache"))
    for name in ("dvc.yaml", ".dvcignore", ".gitignore"):
        shutil.copy(REPO / name, origin / name)
    (origin / "params.yaml").write_text(f"rounds:\n  - {MINI}\n", encoding="utf-8")
    git(origin, "init", "-q")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "project")
    target = tmp_path_factory.mktemp("clone") / "project"
    git(origin, "clone", "-q", str(origin), str(target))
    return target


def test_rounds_build_side_by_side_and_leave_git_status_clean(clone: Path) -> None:
    """The one real DVC build of the suite (about 8 stage runs, each a fresh process): a round
    is built, a second round is added, a text of the first changes. What a report of the
    second round says is checked on the way, so that no other test builds with DVC again."""
    assert build(clone) == stages(MINI)
    assert git(clone, "status", "--porcelain") == ""
    assert build(clone) == set()
    first = outputs(clone, MINI)

    # a consultant adds a round: only its stages run, the other round stays as it was
    params = clone / "params.yaml"
    params.write_text(params.read_text() + f"  - {FINAL}\n", encoding="utf-8")
    assert build(clone) == stages(FINAL)
    assert outputs(clone, MINI) == first
    assert git(clone, "status", "--porcelain").splitlines() == [" M params.yaml"]
    each_report_carries_its_own_round(clone)
    the_report_divides_the_rounds_budget(clone)
    final = outputs(clone, FINAL)

    # one round built on request; a change in one round reruns only what depends on it, and
    # a change in another round that is not built leaves that round's outputs alone
    text = clone / "data" / "raw" / MINI / "teksten" / "inleiding.md"
    text.write_text(text.read_text() + "\nEen extra zin.\n", encoding="utf-8")
    note = clone / "data" / "raw" / FINAL / "interviews" / "beta.md"
    note.write_text(note.read_text().replace("Twee bedrijven denken mee.", "Drie bedrijven."))
    # ingest validates the texts too; its tables stay the same, so the analysis is skipped
    assert build(clone, MINI) == {f"ingest@{MINI}", f"render@{MINI}"}
    assert outputs(clone, MINI) != first
    assert outputs(clone, FINAL) == final
    assert sorted(git(clone, "status", "--porcelain").splitlines()) == [
        f" M data/raw/{FINAL}/interviews/beta.md",
        f" M data/raw/{MINI}/teksten/inleiding.md",
        " M params.yaml",
    ]


def test_a_round_is_built_only_when_listed(clone: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "evaltools", "build", "onbekende-ronde"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Ronde onbekende-ronde staat niet in params.yaml" in result.stderr


def each_report_carries_its_own_round(clone: Path) -> None:
    final = BeautifulSoup(
        (clone / "report" / "_output" / f"{FINAL}.html").read_text(encoding="utf-8"), "html.parser"
    )
    headings = [h.get_text(" ", strip=True) for h in final.find_all(["h1", "h2"])]
    assert any(h.endswith("Eindevaluatie van de Technohubs") for h in headings), headings
    assert any(h.endswith("Eindevaluatie per Technohub") for h in headings), headings
    assert "Periode: juli – december 2026" in final.find(id="title-block-header").get_text()
    text = " ".join(final.get_text(" ").split())
    assert "Tussentijdse evaluatie" not in text and "tussentijds" not in text
    # params.yaml was changed, the code was not (the review edition's technical
    # Verantwoording says so)
    review = (clone / "report" / "_output" / f"{FINAL}-review-editie.html").read_text("utf-8")
    assert "zonder wijzigingen in de code" in " ".join(
        BeautifulSoup(review, "html.parser").get_text(" ").split()
    )
    interim = (clone / "report" / "_output" / f"{MINI}.html").read_text(encoding="utf-8")
    assert "Tussentijdse evaluatie van de Technohubs" in interim
    assert "Eindevaluatie" not in interim
    # no page of one round names the other
    for round_id, other in ((FINAL, MINI), (MINI, FINAL)):
        pages = outputs(clone, round_id)
        assert len(pages) > 5
        for name, content in pages.items():
            if name.endswith(".html"):
                assert other.encode() not in content, name


def the_report_divides_the_rounds_budget(clone: Path) -> None:
    analysis = clone / "data" / "processed" / FINAL / "analyse"
    shares = pd.read_csv(analysis / "tables" / "allocatie-per-hub.csv", keep_default_na=False)
    amounts = dict(zip(shares["hub"], shares["amount"], strict=True))
    # 40% of the round's budget for Alpha's cell, 10% for Beta's, the rest unassigned
    assert amounts["alpha"] == 0.4 * FINAL_BUDGET and amounts["beta"] == 0.1 * FINAL_BUDGET
    assert shares["amount"].sum() == FINAL_BUDGET
    sentence = (
        "Uitgaande van het budget voor de volgende fase dat voor deze ronde is vastgelegd, "
        "€ 250.000, komt deze verdeling"
    )
    allocation = notebook_outputs(analysis / "notebooks" / "allocatie.ipynb")["allocatie"]
    assert sentence in allocation
    page = clone / "report" / "_output" / f"{FINAL}-notebooks" / "allocatie.html"
    assert sentence in " ".join(BeautifulSoup(page.read_text(), "html.parser").get_text().split())
