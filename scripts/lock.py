"""Pin every package: requirements.lock for pip (with hashes), environment.yml for conda users.

uv resolves pyproject.toml (with the dev extra) for Python 3.11 on every platform and writes
requirements.lock with the SHA-256 of every file of every pinned release; `make setup` installs
from it with `pip install --require-hashes`. environment.yml then gets the same pins.

    python scripts/lock.py            # keep the current pins, add or drop what pyproject changed
    python scripts/lock.py --upgrade  # newest releases that fit pyproject.toml (`make lock`)
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import uv

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
PYTHON = "3.11"
# A requirement line of the lock file: `name==version` with an optional environment marker.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*==[^\s;\\]+(?: ; [^\\]+?)?)\s*\\?$")


def compile_lock(upgrade: bool) -> None:
    """Let uv resolve pyproject.toml into requirements.lock (existing pins are preferred)."""
    command = [
        uv.find_uv_bin(),
        "pip",
        "compile",
        "pyproject.toml",
        "--extra",
        "dev",
        "--universal",
        "--python-version",
        PYTHON,
        "--generate-hashes",
        "--index-url",
        "https://pypi.org/simple",
        "--custom-compile-command",
        "make lock",
        "--output-file",
        LOCK.name,
        "--quiet",
    ]
    subprocess.run([*command, *(["--upgrade"] if upgrade else [])], cwd=ROOT, check=True)


def pins(lock_text: str) -> list[str]:
    """The `name==version[ ; marker]` lines of a lock file, in its order."""
    return [m.group(1) for line in lock_text.splitlines() if (m := PIN.match(line))]


def write_environment(pinned: list[str]) -> None:
    lines = [
        "# Conda environment with the same pins as requirements.lock (made with `make lock`).",
        "# conda channels are not reachable on the project machines: the README installs with pip.",
        "name: evaltools",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={PYTHON}",
        "  - pip",
        "  - pip:",
        *[f'      - "{pin}"' if ";" in pin else f"      - {pin}" for pin in pinned],
        "      - -e .[dev]",
    ]
    (ROOT / "environment.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade", action="store_true", help="newest releases that fit")
    arguments = parser.parse_args()
    compile_lock(arguments.upgrade)
    write_environment(pins(LOCK.read_text(encoding="utf-8")))


if __name__ == "__main__":
    sys.exit(main())
