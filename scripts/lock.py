"""Pin every installed package: requirements.lock for pip, environment.yml for conda users.

Run through `make lock` after changing dependencies in pyproject.toml.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = (
    "# Exact versions of every package (made with `make lock`); "
    "environment.yml carries the same pins."
)


def main() -> None:
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    pins = sorted(
        (line for line in frozen if "==" in line and not line.startswith("evaltools")),
        key=str.lower,
    )
    (ROOT / "requirements.lock").write_text("\n".join([HEADER, *pins]) + "\n", encoding="utf-8")
    lines = [
        "# Conda environment with the same pins as requirements.lock (made with `make lock`).",
        "# conda channels are not reachable on the project machines: the README installs with pip.",
        "name: evaltools",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={sys.version_info.major}.{sys.version_info.minor}",
        "  - pip",
        "  - pip:",
        *[f"      - {pin}" for pin in pins],
        "      - -e .[dev]",
    ]
    (ROOT / "environment.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
