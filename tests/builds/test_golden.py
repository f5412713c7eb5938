"""Golden files: the notebooks' Markdown outputs and the Typst source of the mini round, exactly.

After an intended change, refresh them with `make golden` and review the diff like code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaltools.report.files import HUB_APPENDIX, notebook_outputs, quarto_dir
from evaltools.report.quarto import expand
from tests.support.golden import ON_CI, UPDATE
from tests.support.paths import DATA, MINI

pytestmark = pytest.mark.slow
GOLDEN = DATA / "golden"
# What changes with the machine, not with the code: versions of the tools and packages, sizes
# and checksums of the generated forms (openpyxl writes them). Masked in both, expected and made.
MASKS = (
    (re.compile(r"^(- [^:\n]+: )\d[\w.+-]*$", re.MULTILINE), r"\1<versie>"),
    (re.compile(r"\((?:\d{1,3}(?:\.\d{3})*) bytes\)"), "(<grootte> bytes)"),
    (re.compile(r"(\.xlsx`.*\n\s*SHA-256: `)[0-9a-f]{64}`"), r"\1<sha256>`"),
)


def masked(text: str) -> str:
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def test_update_mode_is_refused_on_ci() -> None:
    """On CI the golden files are only compared: rewriting them there would hide a change."""
    assert not (UPDATE and ON_CI), "EVALTOOLS_UPDATE_GOLDEN=1 is niet toegestaan op CI (CI=true)"


def generated_files(project: Path) -> dict[str, str]:
    """The Markdown output of every labelled notebook cell the report embeds, and the Typst.

    ``fragments/<label>.md`` per cell of the analysis notebooks; ``fragments/hub-bijlagen.md``
    is the hub appendix as the report embeds it (one cell of each hub's notebook).
    """
    tree = quarto_dir(project / "data" / "processed" / MINI)
    files = {
        f"fragments/{label}.md": markdown
        for path in sorted((tree / "notebooks").glob("*.ipynb"))
        if not path.name.startswith("hub-")
        for label, markdown in notebook_outputs(path).items()
    }
    files["fragments/hub-bijlagen.md"] = expand(
        HUB_APPENDIX,
        lambda name: (tree / name).read_text(encoding="utf-8"),
        lambda notebook, label: notebook_outputs(tree / notebook).get(label),
    )
    files[f"{MINI}.typ"] = (tree / "_generated" / f"{MINI}.typ").read_text(encoding="utf-8")
    return dict(sorted(files.items()))


def test_generated_sources_equal_the_golden_files(built_project: Path) -> None:
    files = generated_files(built_project)
    if UPDATE:
        if ON_CI:
            pytest.fail("EVALTOOLS_UPDATE_GOLDEN=1 is niet toegestaan op CI (CI=true)")
        changed = []
        for name, text in files.items():
            target = GOLDEN / name
            text = masked(text)
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                changed.append(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        # nothing was compared: say what was rewritten instead of passing
        pytest.skip(f"golden files rewritten ({', '.join(changed) or 'none changed'}); review")
    expected = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert sorted(files) == expected, "golden files missing or extra: run `make golden`"
    for name, text in files.items():
        assert masked(text) == (GOLDEN / name).read_text(encoding="utf-8"), name
