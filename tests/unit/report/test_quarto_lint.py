"""panache (a Quarto-aware Markdown linter) reports what the report's Quarto sources are
checked for: a missing include and an undefined label."""

from __future__ import annotations

from pathlib import Path

from tests.support.panache import lint, needs_panache

pytestmark = needs_panache


def test_the_linter_does_report_a_missing_include_and_an_undefined_label(tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text("project:\n  type: default\n", encoding="utf-8")
    (tmp_path / "index.qmd").write_text(
        "# Kop {#sec-kop}\n\nZie @tbl-nergens.\n\n{{< include _generated/weg.md >}}\n",
        encoding="utf-8",
    )
    output = lint(str(tmp_path)).stdout
    assert "include-not-found" in output and "undefined-reference-label" in output
