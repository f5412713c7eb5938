"""No programme's words in the code: they come from round.yaml (programma:) or the packaged
default programme (src/evaltools/round/defaults/programma.yaml, the one file allowed)."""

from __future__ import annotations

from pathlib import Path

import evaltools

PACKAGE = Path(evaltools.__file__).parent
DEFAULTS = PACKAGE / "round" / "defaults" / "programma.yaml"


def test_no_technohub_in_src() -> None:
    found = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*"))
        if path.is_file()
        and path != DEFAULTS
        and "__pycache__" not in path.parts
        and "technohub" in path.read_bytes().decode("utf-8", "replace").lower()
    ]
    assert found == []


def test_the_defaults_name_the_sample_programme() -> None:
    """The test above would pass with a missing defaults file; the defaults must exist."""
    from evaltools.round.programme import default_programme

    assert default_programme().unit.plural == "Technohubs"
