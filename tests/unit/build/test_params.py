"""Building one round also ingests the earlier rounds its analysis reads."""

from __future__ import annotations

from pathlib import Path

from evaltools.build.params import previous_rounds
from evaltools.build.run import _round_targets, _stale
from evaltools.ingest.processed import write_previous_tables


def _round(root: Path, round_id: str, previous: str | None = None, text: str = "") -> None:
    folder = root / "data" / "raw" / round_id
    folder.mkdir(parents=True)
    line = f"vorige_ronde: {previous}\n" if previous else ""
    (folder / "round.yaml").write_text(text or f"ronde: {round_id}\n{line}", encoding="utf-8")


def test_the_chain_of_previous_rounds_nearest_first(tmp_path: Path) -> None:
    _round(tmp_path, "2025-nul")
    _round(tmp_path, "2026-tussen", "2025-nul")
    _round(tmp_path, "2027-eind", "2026-tussen")
    assert previous_rounds(tmp_path, "2027-eind") == ["2026-tussen", "2025-nul"]
    assert previous_rounds(tmp_path, "2025-nul") == []


def test_a_chain_ends_at_an_unreadable_missing_or_circular_round(tmp_path: Path) -> None:
    _round(tmp_path, "a", "b")
    _round(tmp_path, "b", "a")
    _round(tmp_path, "c", "weg")
    _round(tmp_path, "d", text="vorige_ronde: [kapot\n")
    assert previous_rounds(tmp_path, "a") == ["b"]
    assert previous_rounds(tmp_path, "c") == ["weg"]
    assert previous_rounds(tmp_path, "d") == []


def test_one_round_is_built_after_the_ingest_of_the_listed_rounds_it_follows(
    tmp_path: Path,
) -> None:
    _round(tmp_path, "2025-nul")
    _round(tmp_path, "2026-tussen", "2025-nul")
    _round(tmp_path, "2027-eind", "2026-tussen")
    chain = previous_rounds(tmp_path, "2027-eind")
    assert _round_targets("2027-eind", chain, ["2025-nul", "2026-tussen", "2027-eind"]) == [
        "ingest@2025-nul",
        "ingest@2026-tussen",
        "render@2027-eind",
        "export@2027-eind",
    ]
    # a previous round params.yaml does not list is not built (analyse names it)
    assert _round_targets("2027-eind", chain, ["2026-tussen", "2027-eind"]) == [
        "ingest@2026-tussen",
        "render@2027-eind",
        "export@2027-eind",
    ]


def test_a_round_is_stale_when_its_previous_rounds_tables_changed(tmp_path: Path) -> None:
    """The analysis records the previous rounds' tables it read; the build compares."""
    _round(tmp_path, "2026-tussen")
    _round(tmp_path, "2027-eind", "2026-tussen")
    tables = tmp_path / "data" / "processed" / "2026-tussen" / "tables"
    tables.mkdir(parents=True)
    (tables / "scores.csv").write_text("hub,score\na,2\n", encoding="utf-8")
    analysis = tmp_path / "data" / "processed" / "2027-eind" / "analyse"
    analysis.mkdir(parents=True)
    chains = {r: previous_rounds(tmp_path, r) for r in ("2026-tussen", "2027-eind")}
    assert _stale(tmp_path, chains) == ["2027-eind"]  # none recorded
    write_previous_tables(analysis, [tables])
    assert _stale(tmp_path, chains) == []
    (tables / "scores.csv").write_text("hub,score\na,3\n", encoding="utf-8")
    assert _stale(tmp_path, chains) == ["2027-eind"]
