"""Reading a round: each form loaded once, and parsed files reused only while unchanged."""

from __future__ import annotations

import io
import pickle
import zipfile
from pathlib import Path

import openpyxl

from evaltools.ingest.tables import build_tables
from evaltools.ingest.validate import check_round
from tests.support.checks import messages
from tests.support.pickles import Payload


def _entries(cache: Path) -> set[str]:
    return {path.name for path in cache.glob("*.pickle")}


def _tables(folder: Path, cache: Path | None = None) -> dict[str, str]:
    """What ingest makes of a valid round: every table as CSV text."""
    raw, problems = check_round(folder, cache)
    assert raw is not None and problems == []
    return {name: table.to_csv() for name, table in build_tables(raw).items()}


def _store_cached_value(form: Path, sheet_part: str, formula: str, value: str) -> None:
    """Give a formula the value Excel stores when it saves (openpyxl writes none)."""
    with zipfile.ZipFile(form) as source:
        parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    xml = parts[sheet_part].decode("utf-8")
    assert f"<f>{formula}</f><v></v>" in xml or f"<f>{formula}</f>" in xml
    xml = xml.replace(f"<f>{formula}</f><v></v>", f"<f>{formula}</f>", 1)
    parts[sheet_part] = xml.replace(f"<f>{formula}</f>", f"<f>{formula}</f><v>{value}</v>", 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    form.write_bytes(buffer.getvalue())


def test_a_formula_with_its_stored_value_reads_as_that_value(mini_round: Path) -> None:
    form = mini_round / "zelfevaluaties" / "alpha.xlsx"
    workbook = openpyxl.load_workbook(form)
    workbook["KPI"]["E2"] = "=100+12"
    part = f"xl/worksheets/sheet{workbook.sheetnames.index('KPI') + 1}.xml"
    workbook.save(form)
    _store_cached_value(form, part, "100+12", "112")
    raw, problems = check_round(mini_round)
    assert raw is not None and problems == []
    answers = dict(raw.forms)["mini-ronde/zelfevaluaties/alpha.xlsx"]
    assert answers.kpis[0].current == 112.0


def test_cached_reads_equal_fresh_reads_and_follow_every_change(
    mini_round: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    fresh = _tables(mini_round)
    assert _tables(mini_round, cache) == fresh
    first = _entries(cache)
    assert first  # forms, notes and assessments are kept
    assert _tables(mini_round, cache) == fresh  # read from the cache
    assert _entries(cache) == first
    # one form changed: its new problem is found, the other entries stay, the old one goes
    form = mini_round / "zelfevaluaties" / "alpha.xlsx"
    workbook = openpyxl.load_workbook(form)
    workbook["KPI"]["E2"] = "veel"
    workbook.save(form)
    changed = messages(mini_round, cache)
    assert changed == messages(mini_round)
    assert [m for m in changed if m.startswith("mini-ronde/zelfevaluaties/alpha.xlsx, KPI!E2")]
    after = _entries(cache)
    assert len(after) == len(first) and len(after & first) == len(first) - 1
    # a damaged file is reported as such, not read from what it was
    form.write_bytes(b"PK\x03\x04 geen werkmap")
    assert any("beschadigd bestand" in m for m in messages(mini_round, cache))


def test_the_cache_depends_on_the_round_configuration(mini_round: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert messages(mini_round, cache) == []
    config = mini_round / "round.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("ronde: mini-ronde", "ronde: andere-ronde", 1), "utf-8")
    assert messages(mini_round, cache) == messages(mini_round)
    assert any("formulier van ronde 'mini-ronde'" in m for m in messages(mini_round, cache))


def test_pruning_removes_only_unused_entries(mini_round: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    stale = cache / f"{'0' * 64}.pickle"
    stale.write_bytes(b"")
    own = cache / "notities.txt"
    own.write_text("niet van evaltools", encoding="utf-8")
    check_round(mini_round, cache)
    assert not stale.exists()
    assert own.read_text(encoding="utf-8") == "niet van evaltools"


def test_an_unreadable_entry_is_parsed_again(mini_round: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh = _tables(mini_round)
    check_round(mini_round, cache)
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"kapot")
    assert _tables(mini_round, cache) == fresh


def test_a_planted_entry_is_never_unpickled(mini_round: Path, tmp_path: Path) -> None:
    """A cache entry evaltools did not seal (a project copied from elsewhere) is parsed over."""
    cache = tmp_path / "cache"
    fresh = _tables(mini_round)
    check_round(mini_round, cache)
    marker = tmp_path / "uitgevoerd.txt"
    planted = pickle.dumps(Payload(marker))
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(planted)
    assert _tables(mini_round, cache) == fresh
    assert not marker.exists()
