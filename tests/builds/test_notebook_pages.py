"""The notebook pages read like the report, and the executed notebooks record parameters with
which a reviewer can run them again (issue 24).

Read from the sample round's build (and 2027-eind beside it, which names a previous round) and
from the mini build: no unresolved cross-reference, HTML comment, staging path or
NaN/None/True/False in what a page shows; every link into the report lands on an anchor there;
the recorded paths exist after the move and hold what the run wrote.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from evaltools.analyse import freeze
from evaltools.report.editions import REVIEW, edition_stem
from evaltools.round.paths import Layout
from evaltools.tools import papermill
from tests.support.paths import FINAL, MINI, SAMPLE

pytestmark = pytest.mark.slow

UNRESOLVED = re.compile(r"@(?:tbl|sec|fig)-")
PANDAS_WORDS = re.compile(r"\b(?:NaN|None|True|False|nan|NaT)\b")


class _Page(HTMLParser):
    """A notebook page's text outside the notebook's source code, its links and its ids;
    the text of the injected parameters cell on its own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shown: list[str] = []
        self.parameters: list[str] = []
        self.hrefs: list[str] = []
        self.comments: list[str] = []
        self._stack: list[tuple[str, bool, bool]] = []  # tag, in source code, in parameters

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        code, parameters = self._stack[-1][1:] if self._stack else (False, False)
        code = code or "sourceCode" in classes or tag in {"style", "script", "title"}
        parameters = parameters or attributes.get("id") == "injected-parameters"
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(str(attributes["href"]))
        if tag not in {"br", "img", "col", "meta", "link", "hr", "input"}:
            self._stack.append((tag, code, parameters))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        code, parameters = self._stack[-1][1:] if self._stack else (False, False)
        if parameters:
            self.parameters.append(data)
        if not code:
            self.shown.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _pages(root: Path, round_id: str) -> list[Path]:
    pages = sorted((root / "report" / "_output" / f"{round_id}-notebooks").glob("*.html"))
    assert pages, f"geen notebookpagina's van {round_id}"
    return pages


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


@pytest.mark.parametrize("round_id", [SAMPLE, FINAL])
def test_the_notebook_pages_read_like_the_report(sample_project: Path, round_id: str) -> None:
    output = sample_project / "report" / "_output"
    review = (output / f"{edition_stem(round_id, REVIEW)}.html").read_text(encoding="utf-8")
    anchors = _ids(review)
    links = 0
    for page in _pages(sample_project, round_id):
        html = page.read_text(encoding="utf-8")
        parsed = _Page()
        parsed.feed(html)
        shown = "".join(parsed.shown)
        assert not UNRESOLVED.findall(shown), page.name
        assert "<!--" not in shown and not parsed.comments, page.name
        assert ".staging" not in html, page.name
        assert not PANDAS_WORDS.findall(shown), (page.name, PANDAS_WORDS.findall(shown))
        assert "None" not in "".join(parsed.parameters), page.name
        assert "niet in het rapport" not in shown, page.name
        for href in parsed.hrefs:
            target, _, anchor = href.partition("#")
            if target == f"../{edition_stem(round_id, REVIEW)}.html":
                links += 1
                assert anchor in anchors, (page.name, href)
    assert links > 0  # the hub pages refer to the report's tables


def test_a_page_shows_the_reports_numbers(sample_project: Path) -> None:
    """A reference reads "tabel N" as in the review edition, and a table there numbered N has
    that number in its caption on the page too."""
    output = sample_project / "report" / "_output"
    review = (output / f"{edition_stem(SAMPLE, REVIEW)}.html").read_text(encoding="utf-8")
    page = (output / f"{SAMPLE}-notebooks" / "doelen.html").read_text(encoding="utf-8")
    number = re.search(r'id="tbl-doelen".*?<caption><strong>Tabel (\d+)\.', review, re.DOTALL)
    assert number is not None
    assert '#tbl-doelen"' in page
    assert re.search(rf"tabel\s+{number[1]}</a>", page)
    assert re.search(rf"Tabel {number[1]}\.\s</strong>", page)  # a no-break space


def test_the_executed_notebooks_record_paths_that_are_true_after_the_build(
    sample_project: Path,
) -> None:
    layout = Layout(sample_project, SAMPLE)
    analyse_dir = layout.processed / "analyse"
    notebooks = sorted((analyse_dir / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in [layout.processed / "notebooks" / "ingest.ipynb", *notebooks]:
        data = json.loads(path.read_text(encoding="utf-8"))
        recorded = data["metadata"]["papermill"]["parameters"]
        for name, value in recorded.items():
            if name.endswith("_dir"):
                assert ".staging" not in value, (path.name, name)
                assert (sample_project / value).is_dir(), (path.name, name, value)
        injected = next(c for c in data["cells"] if c["id"] == "injected-parameters")
        source = "".join(injected["source"])
        # the same assignments (the metadata's keys are sorted, the cell's are not)
        assigned = sorted(papermill._parameters_source(recorded).splitlines())
        assert sorted(source.splitlines()) == assigned, path.name
        if path.parent == layout.processed / "notebooks":
            assert recorded["tables_dir"] == layout.relative(layout.tables)
            continue
        assert recorded["out_dir"] == layout.relative(analyse_dir)
        assert recorded["tables_dir"] == layout.relative(layout.tables)
        # what the run wrote is where out_dir says
        manifest = freeze.read_manifest(analyse_dir, path.name)
        assert manifest is not None
        assert all((analyse_dir / name).is_file() for name in manifest.outputs)
    allocation = json.loads((analyse_dir / "notebooks" / "allocatie.ipynb").read_text("utf-8"))
    parameters = allocation["metadata"]["papermill"]["parameters"]
    assert isinstance(parameters["budget"], (int, float))
    assert parameters["budget_source"] in {"round", "fallback"}


def test_a_hub_notebook_runs_again_with_its_recorded_parameters(
    built_project: Path, tmp_path: Path
) -> None:
    """From the project root, with the recorded parameters (only out_dir elsewhere, not to
    write into the build), a hub's notebook shows what the build's run showed: the whole
    tables give the hub's slice's section (see also tests/builds/test_incremental.py)."""
    layout = Layout(built_project, MINI)
    executed = sorted((layout.processed / "analyse" / "notebooks").glob("hub-*.ipynb"))[0]
    recorded = json.loads(executed.read_text(encoding="utf-8"))["metadata"]["papermill"]
    again = tmp_path / executed.name
    papermill.execute(
        layout.notebooks / "hub.ipynb",
        again,
        {**recorded["parameters"], "out_dir": str(tmp_path / "out")},
        cwd=built_project,
    )

    def markdown(path: Path) -> list[str]:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return [
            "".join(output["data"]["text/markdown"])
            for cell in cells
            for output in cell.get("outputs", [])
            if "text/markdown" in output.get("data", {})
        ]

    assert markdown(again) == markdown(executed)
    assert (tmp_path / "out" / "figures").is_dir()
