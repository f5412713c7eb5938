"""What `evaltools validate` and `evaltools check` say of a round, as text to compare."""

from __future__ import annotations

from pathlib import Path

from evaltools.ingest.validate import check_round
from evaltools.review.command import review_round


def messages(folder: Path, cache: Path | None = None) -> list[str]:
    """Every problem of the round in ``folder``, as `validate` words it."""
    _, problems = check_round(folder, cache)
    return [str(problem) for problem in problems]


def findings_of(raw: Path) -> list[str]:
    """Every finding as 'severity | check | text'."""
    findings, _ = review_round(raw, raw.parents[2])
    return [f"{f.severity} | {f.check} | {f}" for f in findings]
