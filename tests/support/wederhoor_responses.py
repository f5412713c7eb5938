"""Wederhoor responses as hubs return them: forms filled with openpyxl as a hub would fill them
in Excel, and the consultant's decisions (tests/unit/wederhoor, tests/builds/conftest.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from evaltools.ingest.wederhoor_form import fill_response_form
from tests.support.paths import MINI

SENT = dt.date(2026, 6, 15)
OLD = "Vijf bedrijven brengen praktijkvragen in."
NEW = "Zes bedrijven brengen praktijkvragen in."
HUB_WORDS = "Wij werken al met scholen in drie regio's samen en leveren lesmateriaal aan hen."
POSITION = "De samenwerking in drie regio's levert nog geen gedeelde producten op."


def raw_of(root: Path) -> Path:
    return root / "data" / "raw" / MINI


def return_form(root: Path, hub: str, answers: dict, name: str | None = None) -> Path:
    """Put the form sent to ``hub`` in the round's wederhoor folder, filled with ``answers``."""
    target = raw_of(root) / "wederhoor" / f"{name or hub}.xlsx"
    shutil.copyfile(root / "uit" / f"{hub}.xlsx", target)
    fill_response_form(target, answers)
    return target


def fill_two_forms(root: Path) -> None:
    return_form(
        root,
        "alpha",
        {"alpha-bedrijven-sterkte-1": ("ja", NEW, "Sinds mei doet een zesde bedrijf mee.")},
    )
    return_form(
        root,
        "beta",
        {
            "beta-type": (
                "ja",
                "Type: systeemhub; dominant kenmerk: onderwijsvernieuwing",
                HUB_WORDS,
            )
        },
    )


def decide(root: Path) -> None:
    """Take alpha's correction over (and change the statement), keep beta's type."""
    alpha = raw_of(root) / "beoordeling" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    decisions = {
        "alpha": {
            "alpha-bedrijven-sterkte-1": {
                "besluit": "overgenomen",
                "toelichting": "Het zesde bedrijf staat in de deelnemerslijst.",
            }
        },
        "beta": {"beta-type": {"besluit": "niet overgenomen", "toelichting": POSITION}},
    }
    (raw_of(root) / "wederhoor" / "besluiten.yaml").write_text(
        yaml.safe_dump(decisions, allow_unicode=True), encoding="utf-8"
    )
