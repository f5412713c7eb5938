"""Fixtures and collection rules of all tests: the mini round to change, the order of the test
files, and the tiers (tests/unit: fast, no builds; tests/builds: every test marked slow).

The builds and their fixtures: tests/builds/conftest.py; helpers: tests/support.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import pdf_text
from tests.support.paths import MINI
from tests.support.project import make_project

TESTS = Path(__file__).parent

# The test files that make (or wait for) the long builds, longest first; the others follow in
# their usual order. pytest-xdist hands out whole files in this order (`--no-loadscope-reorder`
# in the Makefile; by default it orders them by their number of tests, which put the DVC build
# last and left one process idle at the end): the two processes begin on different builds and
# the short files fill the end. The order changes only when a test runs, never its result.
# Paths below tests/.
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


def _tier_and_name(item: pytest.Item) -> tuple[str, str]:
    """The item's tier ('unit', 'builds' or '') and its file's path below tests/."""
    try:
        name = item.path.relative_to(TESTS).as_posix()
    except ValueError:  # not a test of tests/
        return "", ""
    return name.split("/")[0], name


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    missing = [name for name in LONG_FIRST if not (TESTS / name).is_file()]
    if missing:
        raise pytest.UsageError(f"LONG_FIRST in tests/conftest.py names no test file: {missing}")
    # the tiers: `make test-fast` runs tests/unit and must stay fast; a build belongs in
    # tests/builds, where every test is marked slow (`pytestmark = pytest.mark.slow`)
    wrong = [
        item.nodeid
        for item in items
        if (tier := _tier_and_name(item)[0]) in ("unit", "builds")
        and (item.get_closest_marker("slow") is not None) != (tier == "builds")
    ]
    if wrong:
        raise pytest.UsageError(
            "a test in tests/builds lacks the mark slow, or one in tests/unit has it: "
            + ", ".join(wrong)
        )
    rank = {name: number for number, name in enumerate(LONG_FIRST)}
    items.sort(key=lambda item: rank.get(_tier_and_name(item)[1], len(rank)))  # stable


@pytest.fixture
def mini_round(tmp_path: Path) -> Path:
    """A fresh, valid copy of the mini round (forms generated and filled)."""
    return make_project(tmp_path) / "data" / "raw" / MINI


@pytest.fixture(scope="session", autouse=True)
def _text_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The PDF texts of this test run (tests/support/pdf_text.py), in the run's base folder:
    both test processes read them."""
    base = tmp_path_factory.getbasetemp()
    pdf_text.keep_texts_in(
        (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "pdf-texts"
    )
