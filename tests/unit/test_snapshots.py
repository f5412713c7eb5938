"""Snapshots of the sample round a reviewer can read: the report variables behind every
counted sentence ("5 systeemhubs en 2 groeihubs") and the complete list of review findings.

After an intended change, refresh with `make golden` (EVALTOOLS_UPDATE_GOLDEN=1; never on CI)
and review the diff like code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evaltools.ingest.tables import build_tables
from evaltools.ingest.validate import load_valid_round
from evaltools.report.variables import report_variables
from evaltools.review.command import review_round
from tests.support.golden import ON_CI, UPDATE
from tests.support.paths import DATA, REPO, SAMPLE

SNAPSHOTS = DATA / "snapshots"
RAW = REPO / "data" / "raw" / SAMPLE


def compare(name: str, made: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        if ON_CI:
            pytest.fail("EVALTOOLS_UPDATE_GOLDEN=1 is niet toegestaan op CI (CI=true)")
        changed = not path.is_file() or path.read_text(encoding="utf-8") != made
        path.write_text(made, encoding="utf-8")
        pytest.skip(f"snapshot {name} rewritten ({'changed' if changed else 'unchanged'})")
    assert made == path.read_text(encoding="utf-8"), f"{name} differs: review, then make golden"


@pytest.fixture(scope="module")
def sample_tables():
    raw = load_valid_round(RAW)
    return raw.config, build_tables(raw)


def test_sample_report_variables(sample_tables) -> None:
    config, tables = sample_tables
    made = yaml.safe_dump(report_variables(config, tables), allow_unicode=True, sort_keys=True)
    compare(f"{SAMPLE}-variables.yaml", made)
    # the sentence of the summary, spelled out: a reviewer reads it here first
    variables = yaml.safe_load(made)
    assert variables["typologie"] == {"systeemhub": 5, "groeihub": 2}


def test_sample_review_findings(tmp_path: Path) -> None:
    findings, notes = review_round(RAW, tmp_path)  # a project root without a names key
    lines = [f"{f.severity} | {f.check} | {f}" for f in findings]
    compare(f"{SAMPLE}-review.txt", "\n".join([*lines, "", *notes]) + "\n")
