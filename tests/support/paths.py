"""Where the tests find the project, their data and their rounds."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
MINI = "mini-ronde"
SAMPLE = "2026-tussentijds"
# A test round beside the sample round: a final evaluation that names the sample round as its
# previous round (what changed since then).
FINAL = "2027-eind"
