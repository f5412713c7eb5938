"""`evaltools validate` on a round in progress: readable, but not called complete."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from evaltools.cli import app
from evaltools.ingest.completeness import missing_parts
from evaltools.ingest.validate import check_round


def validate(folder: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["validate", str(folder)])
    return result.exit_code, result.stdout.splitlines()


def test_a_round_without_interviews_and_assessments_is_not_in_order(mini_round: Path) -> None:
    for path in [*(mini_round / "interviews").iterdir(), *(mini_round / "beoordeling").iterdir()]:
        path.unlink()
    code, lines = validate(mini_round)
    assert code == 0  # a round in progress still validates: its parts can be read
    assert not any("in orde" in line for line in lines)
    assert lines[0] == (
        "Ronde mini-ronde is leesbaar, maar nog niet compleet (4 waarschuwingen): "
        "2 zelfevaluaties, 0 interviews, 0 beoordelingen."
    )
    assert [line.split(":")[0] for line in lines[1:5]] == [
        "  - mini-ronde/interviews/alpha.md",
        "  - mini-ronde/beoordeling/alpha.yaml",
        "  - mini-ronde/interviews/beta.md",
        "  - mini-ronde/beoordeling/beta.yaml",
    ]
    assert "nog geen interviewnotitie van Technohub Alpha" in lines[1]
    assert "nog geen beoordeling van Technohub Alpha" in lines[2]
    assert "'evaltools template beoordeling data/raw/mini-ronde'" in lines[2]
    assert lines[5].startswith("Een bouw maakt de review-editie met wat er is")
    # the withdrawn hub (gamma) has no interview or assessment and is not named
    assert not any("gamma" in line for line in lines)


def test_one_missing_assessment_is_named_alone(mini_round: Path) -> None:
    (mini_round / "beoordeling" / "beta.yaml").unlink()
    code, lines = validate(mini_round)
    assert code == 0
    assert lines[0].startswith(
        "Ronde mini-ronde is leesbaar, maar nog niet compleet (1 waarschuwing)"
    )
    assert lines[1].startswith("  - mini-ronde/beoordeling/beta.yaml: nog geen beoordeling")


def test_a_round_with_no_form_at_all_says_so(mini_round: Path) -> None:
    # every hub marked as not delivering: the round validates, with zero forms
    config = mini_round / "round.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("status: deelnemend}", "status: deelnemend, zelfevaluatie: niet_geleverd}")
    config.write_text(text, encoding="utf-8")
    for folder in ("zelfevaluaties", "beoordeling"):  # the assessments cite the forms
        for path in (mini_round / folder).iterdir():
            path.unlink()
    raw, problems = check_round(mini_round)
    assert raw is not None and [str(p) for p in problems] == []
    found = missing_parts(raw)
    assert [f.file for f in found] == [
        "mini-ronde/zelfevaluaties",
        "mini-ronde/beoordeling/alpha.yaml",
        "mini-ronde/beoordeling/beta.yaml",
    ]
    assert found[0].severity == "waarschuwing"
    assert found[0].message.startswith("nog geen enkele ingevulde zelfevaluatie")


def test_a_complete_round_is_in_order(mini_round: Path) -> None:
    raw, _ = check_round(mini_round)
    assert raw is not None and missing_parts(raw) == []
