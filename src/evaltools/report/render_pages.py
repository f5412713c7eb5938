"""The notebook pages of the review edition.

Each executed notebook becomes an HTML page, reused while its inputs are unchanged.
"""

from __future__ import annotations

import json
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from evaltools.report.editions import REVIEW, edition_stem
from evaltools.report.files import (
    OUTPUT,
    inline_stylesheet,
)
from evaltools.report.provenance_files import (
    SOURCES_FILTER,
    markdown_outputs_html,
    notebook_figures,
    notebook_references,
    report_labels,
    write_notebook_view,
)
from evaltools.report.render_cache import step_key
from evaltools.report.render_jobs import PAGES, Jobs
from evaltools.report.render_state import LABELS, Build
from evaltools.tools import pandoc

# The report's filters a page goes through (see provenance_files): part of its key.
PAGE_FILTERS = ("crossref.lua", "notebook_outputs.lua", "notebook_page.lua")


@dataclass(frozen=True)
class Page:
    """One notebook page to make: the notebook, the page, its title and its step's key."""

    notebook: Path
    output: Path
    title: str
    step: str
    key: str


def notebook_pages(build: Build, staging: Path, jobs: Jobs) -> list[Future]:
    """The readable HTML page of every executed notebook, each reused when nothing it reads
    changed; returns the jobs that write the pages not reused.

    A page reads the executed notebook, its title, the date stamp, the stylesheet, its
    filters (the source markers' among them) and the report figures its Markdown outputs
    show (pandoc runs sandboxed: nothing else), made by the code and pandoc of the code
    state. The Markdown outputs of all pages to make are converted in one pandoc process
    first (:func:`markdown_outputs_html`); then each page is one job (:data:`PAGES`: after
    any report step waiting).

    Their cross-references link to the review edition, with its numbers (:data:`LABELS`,
    which its read wrote in ``staging``): the numbers a page shows are part of its key.
    """
    view_dir = staging / build.views
    style = inline_stylesheet(build.tree / "templates" / "notebook.css", staging / "notebook.html")
    labels = report_labels(staging / LABELS)
    report = f"../{edition_stem(build.round_id, REVIEW)}.html"
    cache = build.cache
    to_make = []
    for notebook, run in build.notebooks:
        output = view_dir / f"{notebook.stem}.html"
        title = f"Notebook {run.name} (ronde {build.round_id})"
        step = f"notebookpagina {notebook.stem}"
        figures = notebook_figures(notebook, build.tree)  # embedded in the page: part of its key
        shown = {ref: labels.get(ref) for ref in notebook_references(notebook)}
        key = step_key(
            step,
            notebook,
            title,
            str(build.epoch),
            style,
            report + json.dumps(shown, sort_keys=True),
            build.tree / SOURCES_FILTER,  # makes the source markers links
            *(build.tree / "filters" / name for name in PAGE_FILTERS),
            str(len(figures)),
            *figures,
            pandoc.version(),
            cache.code,
        )
        published = build.root / "report" / OUTPUT / build.views / output.name
        if cache.reuse_file(step, key, published, output):
            build.steps.reused(step)
        else:
            to_make.append(Page(notebook, output, title, step, key))
    if not to_make:
        return []
    with build.steps.step("notebookuitvoer naar html (pandoc)"):
        # one pandoc for the outputs of all notebooks: never beside Typst (jobs.gate)
        converted = jobs.gate.beside(markdown_outputs_html)(
            [page.notebook for page in to_make], build.tree, labels, report
        )
    return [
        jobs.submit(PAGES, notebook_page, build, page, converted[page.notebook], style)
        for page in to_make
    ]


def notebook_page(build: Build, page: Page, outputs_html: list[str], style: Path) -> Path:
    build.steps.timed(
        page.step,
        write_notebook_view,
        page.notebook,
        page.output,
        page.title,
        build.tree,
        build.epoch,
        style=style,
        outputs_html=outputs_html,
    )
    build.cache.record_file(page.step, page.key, page.output)
    return page.output
