"""Per-run reuse in the analyse stage (issue 13): an unchanged run is not executed again.

Real papermill runs on real files: the mini round is built, one hub's interview note is
changed, and the round is built again.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from evaltools.analyse import freeze
from evaltools.analyse import stage as analyse_stage
from evaltools.analyse.previous_rounds import read_rounds
from evaltools.ingest import stage as ingest_stage
from evaltools.ingest.processed import read_config, read_tables
from evaltools.report.factsheet import factsheet_data
from evaltools.report.hub_changes import hub_changes
from evaltools.report.hub_parts import hub_facts, hub_section, profile_alt_text
from evaltools.report.render import output_paths, render_report, review_paths
from evaltools.round.models import RoundConfig
from evaltools.round.paths import Layout
from tests.support.builds import (
    NEW_NOTE,
    NEW_SUMMARY,
    OLD_NOTE,
    OLD_SUMMARY,
    Build,
    OneHubChanged,
    Reanalysis,
    TwoRounds,
)
from tests.support.files import edit
from tests.support.notebooks import notebook_pages, notebook_state
from tests.support.paths import MINI, SAMPLE
from tests.support.project import copy_of

pytestmark = pytest.mark.slow


def _build(root: Path, **options: object) -> list[str]:
    layout = Layout(root, MINI)
    lines: list[str] = []
    ingest_stage.ingest(layout)
    analyse_stage.analyse(layout, progress=lines.append, **options)
    return lines


def _section(html: str, hub: str, next_hub: str) -> str:
    """The part of the report from a hub's appendix section to the next hub's."""
    start = html.index(f'id="sec-hub-{hub}"')
    return html[start : html.index(f'id="sec-hub-{next_hub}"', start)]


def _render(root: Path, **options: object) -> list[str]:
    lines: list[str] = []
    render_report(root, MINI, progress=lines.append, **options)
    return lines


def test_one_changed_note_re_executes_only_that_hub(
    mini_build: Build, one_hub_changed: OneHubChanged, tmp_path: Path
) -> None:
    # the session's mini build (ingest, analyse, render) is a first build: nothing reused
    assert "analyse: [1/" in mini_build.output["analyse"]
    assert "hergebruikt" not in mini_build.output["analyse"]
    before, old_digest = one_hub_changed.first, one_hub_changed.old_digest
    first_review = review_paths(mini_build.root, MINI)[0].read_text(encoding="utf-8")
    assert old_digest in first_review

    # one hub's interview note changed
    second, after = one_hub_changed.note_build, one_hub_changed.note_changed
    # the other hub: not executed, the very same file (bytes and modification time)
    assert after["hub-beta.ipynb"] == before["hub-beta.ipynb"]
    assert any(line.endswith("hub-beta.ipynb hergebruikt") for line in second)
    # the changed hub (its evidence is part of its key) is executed again
    assert after["hub-alpha.ipynb"][1] != before["hub-alpha.ipynb"][1]
    executed = [line for line in second if "hergebruikt" not in line]
    assert any("hub-alpha.ipynb" in line for line in executed)
    assert [line.split("]")[0] for line in second] == [f"[{n}/8" for n in range(1, 9)]

    # the same hub's assessment changed too: its appendix section shows the new summary
    root = copy_of(one_hub_changed.root, tmp_path)
    raw = root / "data" / "raw" / MINI
    notebooks = root / "data" / "processed" / MINI / "analyse" / "notebooks"
    assert notebook_state(notebooks)["hub-beta.ipynb"] == before["hub-beta.ipynb"]
    assert any(
        line.endswith("hub-beta.ipynb hergebruikt") for line in one_hub_changed.assessment_build
    )
    html = " ".join(review_paths(root, MINI)[0].read_text(encoding="utf-8").split())  # pandoc wraps
    assert NEW_SUMMARY in _section(html, "alpha", "beta")
    assert OLD_SUMMARY not in html
    # the report cites the changed note: its new SHA-256 in the Verantwoording
    new_digest = hashlib.sha256((raw / "interviews" / "alpha.md").read_bytes()).hexdigest()
    assert new_digest in html
    assert old_digest not in html

    # nothing changed: nothing is executed, and nothing is touched
    fourth = _build(root)
    assert all(line.endswith("hergebruikt") for line in fourth)
    assert notebook_state(notebooks)["hub-beta.ipynb"] == before["hub-beta.ipynb"]


def test_one_changed_hub_remakes_only_its_notebook_pages(
    mini_build: Build, one_hub_changed: OneHubChanged, tmp_path: Path
) -> None:
    # the session's mini build rendered every notebook page anew
    assert "notebookpagina hub-beta" in mini_build.output["render"]
    assert "hergebruikt" not in mini_build.output["render"]
    before = one_hub_changed.first_pages
    assert {"hub-alpha", "hub-beta"} <= before.keys()

    # one hub's note and assessment changed (its section shows the summary), built and rendered
    root = copy_of(one_hub_changed.root, tmp_path)
    second = one_hub_changed.render
    after = notebook_pages(root)
    # the other hub's page: taken from the last report, the very same bytes
    assert "notebookpagina hub-beta hergebruikt" in second
    assert after["hub-beta"] == before["hub-beta"]
    # the changed hub's page is made anew (with a time in the log) and differs
    assert any(re.fullmatch(r"notebookpagina hub-alpha \d+,\d s", line) for line in second)
    assert after["hub-alpha"] != before["hub-alpha"]
    assert NEW_SUMMARY.encode() in after["hub-alpha"]
    assert OLD_SUMMARY.encode() not in after["hub-alpha"]

    # nothing changed: every page is reused; the report is the same
    review = review_paths(root, MINI)[0].read_bytes()
    third = _render(root)
    assert {f"notebookpagina {stem} hergebruikt" for stem in after} <= set(third)
    assert notebook_pages(root) == after
    assert review_paths(root, MINI)[0].read_bytes() == review

    # a published page changed by hand is not reused, but made again
    page = root / "report" / "_output" / f"{MINI}-notebooks" / "hub-beta.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>Gewijzigd.</p></body>"))
    fourth = _render(root)
    assert "notebookpagina hub-beta hergebruikt" not in fourth
    assert "notebookpagina hub-alpha hergebruikt" in fourth
    assert notebook_pages(root) == after

    # --opnieuw: nothing is reused, and the pages come out the same
    forced = _render(root, again=True)
    assert not any("hergebruikt" in line for line in forced)
    assert notebook_pages(root) == after


def test_a_note_shown_only_in_the_review_edition_leaves_the_client_edition_as_it_was(
    mini_build: Build, tmp_path: Path
) -> None:
    root = copy_of(mini_build.root, tmp_path)
    client, review = output_paths(root, MINI), review_paths(root, MINI)
    before = {path: path.read_bytes() for path in [*client, *review]}
    # an interview note: its fragments are the review edition's Bronnen, not client text
    edit(root / "data" / "raw" / MINI / "interviews" / "alpha.md", OLD_NOTE, NEW_NOTE, count=-1)
    _build(root)
    lines = _render(root)
    for fmt in ("html", "pdf", "docx"):
        assert f"klanteditie {fmt} hergebruikt" in lines
        assert not any(line.startswith(f"review-editie {fmt} hergebruikt") for line in lines)
    assert not any(line.startswith("klanteditie typst-bron") for line in lines)
    assert all(path.read_bytes() == before[path] for path in client)
    assert all(path.read_bytes() != before[path] for path in review)
    assert NEW_NOTE in review[0].read_text(encoding="utf-8")
    made = {path: path.read_bytes() for path in [*client, *review]}

    # a render that reuses nothing makes the very same files
    forced = _render(root, again=True)
    assert not any("hergebruikt" in line for line in forced)
    assert {path: path.read_bytes() for path in made} == made

    # a published file changed by hand is not reused, but made again
    client[0].write_bytes(made[client[0]].replace(b"</body>", b"<p>Gewijzigd.</p></body>"))
    again = _render(root)
    assert "klanteditie html hergebruikt" not in again
    assert "klanteditie pdf hergebruikt" in again
    assert client[0].read_bytes() == made[client[0]]


def test_a_changed_notebook_executes_again(built_project: Path, tmp_path: Path) -> None:
    root = copy_of(built_project, tmp_path)
    hub_notebook = root / "notebooks" / "hub.ipynb"
    data = json.loads(hub_notebook.read_text(encoding="utf-8"))
    data["cells"][0]["source"] = [*data["cells"][0]["source"], "\n\nGewijzigd."]
    hub_notebook.write_text(json.dumps(data, indent=1), encoding="utf-8")

    lines = _build(root)
    executed = sorted(line.split()[1] for line in lines if "hergebruikt" not in line)
    assert executed == ["hub-alpha.ipynb", "hub-beta.ipynb"]


def test_opnieuw_executes_every_run_again(reanalysed_project: Reanalysis) -> None:
    """``again`` (``--opnieuw``) on a built project where nothing changed: every run executes."""
    assert len(reanalysed_project.progress) == 8
    assert not any("hergebruikt" in line for line in reanalysed_project.progress)


@pytest.fixture(scope="module")
def processed(two_rounds: TwoRounds) -> Path:
    """The sample round and the test round that follows it, built once per session
    (tests/builds/conftest.py; only their tables are read here)."""
    return two_rounds.root / "data" / "processed"


def _shown(tables: dict, config: RoundConfig, processed: Path, hub: str) -> list:
    facts = hub_facts(tables, config, hub)
    return [
        facts,
        hub_section(tables, facts, "profiel.svg", "alt"),
        profile_alt_text(tables, hub),
        factsheet_data(facts, config, "profiel.svg"),
        hub_changes(read_rounds(processed, config), hub),
    ]


@pytest.mark.parametrize("round_id", [SAMPLE, "2027-eind"])
def test_a_hub_slice_shows_the_hub_as_the_whole_tables_do(
    processed: Path, tmp_path: Path, round_id: str
) -> None:
    """What a hub's run reads (its slice) gives the same section, factsheet and changes."""
    tables_dir = processed / round_id / "tables"
    config = read_config(tables_dir)
    rounds = read_rounds(processed, config)
    chain = {c.round_id: processed / c.round_id / "tables" for c in rounds}
    whole = read_tables(tables_dir)
    for hub in [h.id for h in config.taking_part]:
        target = tmp_path / hub
        freeze.write_hub_slice(chain, hub, target)
        sliced = read_tables(target / round_id / "tables")
        assert len(sliced["scores"]) < len(whole["scores"])  # a real cut
        assert _shown(sliced, config, target, hub) == _shown(whole, config, processed, hub)
    shutil.rmtree(tmp_path)
