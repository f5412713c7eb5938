"""Golden files and snapshots: compared, or rewritten with `make golden` (never on CI)."""

from __future__ import annotations

import os

UPDATE = os.environ.get("EVALTOOLS_UPDATE_GOLDEN") == "1"
ON_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")
