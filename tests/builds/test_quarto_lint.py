"""The report's Quarto sources pass panache (a Quarto-aware Markdown linter) without a finding.

report/index.qmd includes files that exist only in a round's staged Quarto project (the round's
texts and the generated appendices, data/processed/<round>/quarto/). In report/ itself panache
finds nothing but those includes, each one a file the staging makes; the staged project, which
holds all of report/'s sources, has no finding at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaltools.report.files import quarto_dir
from tests.support.panache import lint, needs_panache
from tests.support.paths import MINI, REPO

pytestmark = [pytest.mark.slow, needs_panache]

FINDING = re.compile(
    r"^(?P<file>\S+?):(?P<line>\d+):\d+: (?P<level>\w+)\[(?P<rule>[\w-]+)\]: (?P<text>.*)$"
)


def test_report_sources_lack_only_the_files_a_round_stages(built_project: Path) -> None:
    result = lint(str(REPO / "report"))
    findings = [FINDING.match(line) for line in result.stdout.splitlines() if "[" in line]
    assert findings and None not in findings, result.stdout
    assert {f["rule"] for f in findings} == {"include-not-found"}, result.stdout
    tree = quarto_dir(built_project / "data" / "processed" / MINI)
    missing = {f["text"].rpartition(str(REPO / "report") + "/")[2] for f in findings}
    assert missing and all((tree / name).is_file() for name in missing), missing


def test_a_rounds_quarto_project_has_no_findings(built_project: Path) -> None:
    tree = quarto_dir(built_project / "data" / "processed" / MINI)
    assert (tree / "index.qmd").read_text() == (REPO / "report" / "index.qmd").read_text()
    result = lint(str(tree))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No issues found" in result.stdout + result.stderr
