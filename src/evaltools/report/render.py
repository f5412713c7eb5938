"""Render the report of a round to HTML, PDF (via Typst) and DOCX, all or nothing."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from evaltools.ingest.processed import read_config, read_tables, replace_dir
from evaltools.ingest.round_texts import read_round_texts
from evaltools.ingest.texts import locate_in_texts, text_problems
from evaltools.privacy.files import (
    generated_documents,
    html_document,
    input_documents,
    read_names_key,
    tree_document,
)
from evaltools.privacy.scan import (
    CONTACT_FILES,
    Document,
    PrivacyError,
    forbidden_quotes,
    input_findings,
    output_findings,
    statement_quote_findings,
    value_segments,
)
from evaltools.report.editions import (
    CLIENT,
    CLIENT_ACCOUNTABILITY_PART,
    REVIEW,
    client_accountability,
    edition_options,
    edition_stem,
)
from evaltools.report.files import (
    GENERATED,
    NOTEBOOKS,
    OUTPUT,
    collect_fonts,
    copy_logos,
    embedded_documents,
    fill_stand_ins,
    inline_stylesheet,
    notebook_cell_ids,
    notebook_outputs,
    publish,
    quarto_dir,
    read_text,
    round_lock,
    round_texts,
    stage_project,
    staging_dir,
    stand_in_stylesheet,
    write_text,
    write_yaml,
)
from evaltools.report.limitations import limitations_part
from evaltools.report.provenance import (
    accountability_appendix,
    marker_codes,
    source_entries,
    sources_appendix,
)
from evaltools.report.provenance_files import (
    executed_notebooks,
    input_files,
    markdown_outputs_html,
    notebook_figures,
    tool_versions,
    write_notebook_view,
)
from evaltools.report.quarto import (
    ShortcodeError,
    expand,
    fill_text_slots,
    resolve_vars,
    unknown_references,
    unknown_vars,
)
from evaltools.report.reference_docx import fit_tables_to_page, write_reference_docx
from evaltools.report.render_cache import RenderCache, step_key
from evaltools.report.variables import logo_files, report_metadata, report_variables
from evaltools.report.wederhoor import wederhoor_accountability, wederhoor_appendix
from evaltools.round.code_state import code_state
from evaltools.round.problems import InvalidRound
from evaltools.tools import pandoc, typst
from evaltools.tools.git import code_version

SOURCES_PART = "bronnen.md"
# The Div that holds the Bronnen appendix's place while the report is read (see _read_report)
SOURCES_STAND_IN = "evaltools-bronnenbijlage"
ACCOUNTABILITY_PART = "verantwoording.md"
# wederhoor: empty parts (no appendix, no sentence) when the round held none
WEDERHOOR_PART = "wederhoor.md"
WEDERHOOR_NOTE = "wederhoor-verantwoording.md"
LIMITATIONS_PART = "beperkingen.md"
# Where a leak is looked for first: the files a consultant edits to solve it.
LOCATE_ORDER = ("/beoordeling/", "/teksten/", "/round.yaml", "/interviews/", "/zelfevaluaties/")
# Once per edition, into pandoc's JSON tree (after edition.lua): what no format changes.
EDITION_FILTERS = ("sources.lua", "crossref.lua")
# Once per format, on that tree: images into the media bag, callouts, notebook links.
FORMAT_FILTERS = ("media.lua", "formats.lua", "notebooks.lua")
# pandoc and Typst run as child processes; two at a time keep two cores busy without
# holding more than two documents in memory at once.
WORKERS = 2
# Job priorities (see _Jobs): the report's own steps first, the notebook pages in the gaps.
REPORT, PAGES = 0, 1


def build_epoch(date: dt.date) -> int:
    """The fixed moment stamped into every output: noon UTC of the report date."""
    return int(dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.UTC).timestamp())


class _Steps:
    """Times the steps of one render and reports each as it ends (``klanteditie pdf 2,1 s``)."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self.progress = progress
        self.last = time.perf_counter()

    def _report(self, name: str, started: float) -> None:
        if self.progress is not None:
            elapsed = f"{time.perf_counter() - started:.1f}".replace(".", ",")
            self.progress(f"{name} {elapsed} s")

    def lap(self, name: str) -> None:
        """Report the time since the previous lap (or the start) as step ``name``."""
        self._report(name, self.last)
        self.last = time.perf_counter()

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self._report(name, started)

    def timed(self, name: str, function: Callable, *args, **kwargs):
        with self.step(name):
            return function(*args, **kwargs)

    def reused(self, name: str) -> None:
        """Report step ``name`` as taken from the previous render (``… hergebruikt``)."""
        if self.progress is not None:
            self.progress(f"{name} hergebruikt")


class _Jobs:
    """``workers`` threads that each take the most urgent waiting job (lowest priority number).

    The notebook pages need nothing of the report: they start as soon as the project is
    staged and fill the gaps while the report is read; a report step submitted later
    (:data:`REPORT`) still goes before any page (:data:`PAGES`) that has not started yet.
    Leaving the ``with`` block waits for the running jobs; jobs not started are cancelled.
    """

    def __init__(self, workers: int) -> None:
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._order = itertools.count()
        self._threads = [threading.Thread(target=self._work, daemon=True) for _ in range(workers)]
        self._closing = False

    def __enter__(self) -> _Jobs:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._closing = True
        for _ in self._threads:
            self._queue.put((PAGES + 1, next(self._order), None, None, ()))
        for thread in self._threads:
            thread.join()

    def submit(self, priority: int, function: Callable, *args) -> Future:
        future: Future = Future()
        self._queue.put((priority, next(self._order), future, function, args))
        return future

    def _work(self) -> None:
        while True:
            _, _, future, function, args = self._queue.get()
            if future is None:
                return
            if self._closing:
                future.cancel()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(function(*args))
            except BaseException as error:  # handed to whoever waits for the result
                future.set_exception(error)


def render_report(
    root: Path,
    round_id: str,
    progress: Callable[[str], None] | None = None,
    *,
    again: bool = False,
) -> list[Path]:
    """Build report/_output/<round>.{html,pdf,docx} from processed data and the round's texts.

    The round's Quarto project is staged in data/processed/<round>/quarto/ (see
    :func:`stage_project`); its embed shortcodes take the Markdown output of the labelled cells
    of the round's executed notebooks. Every format is made in a staging folder of the round
    first; the outputs are replaced only when all three succeeded, so a failed run leaves the
    last good report in place. Beside the HTML report, ``<round>-notebooks/`` holds a readable
    view of every executed notebook, and every embedded table and figure links to the cell
    that made it there. A lock per round keeps two renders of one round apart; renders of
    different rounds share no generated file.

    Privacy: with a names key (``names-key.yaml`` at the project root), a name from it in any
    input stops the render before any output is made (the notebook pages begin beside the
    check, in the staging folder, which goes); e-mail addresses and phone numbers in
    interview notes and consultants' texts, forbidden quotes, and any of these in the text the
    render generated (see :func:`_generated_texts`) stop it before anything is published
    (:class:`PrivacyError`).

    ``progress`` gets one line per step with its time (for the build log).

    A step whose inputs are those of the last good render is not done again: its result is
    reused (:mod:`evaltools.report.render_cache`: the notebook pages), and
    ``progress`` says ``hergebruikt``; ``again`` (or EVALTOOLS_OPNIEUW=1) makes every step.
    """
    steps = _Steps(progress)
    # The code state (a second: the metadata of every installed package) is read while the
    # inputs are: the notebook pages need it for their keys.
    early = ThreadPoolExecutor(max_workers=1)
    code_state_job = early.submit(code_state)
    early.shutdown(wait=False)
    report_dir = root / "report"
    processed = root / "data" / "processed" / round_id
    raw_dir = root / "data" / "raw" / round_id
    code = code_version(root)  # before this render writes anything
    key = read_names_key(root)
    config = read_config(processed / "tables")
    tables = read_tables(processed / "tables")
    # The texts are read again here (they may have changed since ingest): they stay inside
    # the round, or nothing is made.
    texts, problems = read_round_texts(raw_dir / "teksten", raw_dir.parent)
    problems += text_problems(texts, math=config.math)
    if problems:
        raise InvalidRound(problems)
    markdown = pandoc.markdown(math=config.math)
    steps.lap("invoer lezen")
    with round_lock(processed), staging_dir(processed) as staging, _Jobs(WORKERS) as jobs:
        cache = RenderCache(processed, again=again, code=code_state_job.result())
        tree = quarto_dir(processed)
        hubs = [hub.id for hub in config.taking_part]
        stage_project(report_dir, tree, raw_dir / "teksten", processed / "analyse", hubs)
        metadata = report_metadata(config)
        epoch = build_epoch(config.date)
        notebooks = executed_notebooks(processed, root)
        views = f"{round_id}-notebooks"
        build = _Build(root, round_id, tree, metadata, epoch, notebooks, views, steps, cache)
        # the pages read only the staged project and the executed notebooks: they start now,
        # and their pandoc runs beside the privacy check of the inputs (one core each); a
        # refusal leaves them in the staging folder, which goes, and publishes nothing
        pages = jobs.submit(PAGES, _notebook_pages, build, staging, jobs)
        steps.lap("project klaarzetten")
        inputs = sorted(input_documents(raw_dir), key=_locate_rank)
        refused = input_findings(inputs, key, CONTACT_FILES)
        refused += statement_quote_findings(tables, inputs)
        if refused:
            raise PrivacyError(refused)
        steps.lap("invoer controleren op persoonsgegevens")
        variables = report_variables(config, tables)
        write_yaml(tree / "_variables.yml", variables)
        write_yaml(tree / GENERATED / "metadata.yml", metadata)
        write_reference_docx(tree / GENERATED / "referentie.docx", config.title, config.reference)
        copy_logos(raw_dir, tree / GENERATED / "logos", logo_files(config))
        runs = [replace(run, view=f"{views}/{path.stem}.html") for path, run in notebooks]
        write_text(
            tree / GENERATED / ACCOUNTABILITY_PART,
            accountability_appendix(
                round_id, input_files(raw_dir, root), code, tool_versions(), runs
            ),
        )
        write_text(tree / GENERATED / WEDERHOOR_PART, wederhoor_appendix(tables))
        write_text(tree / GENERATED / LIMITATIONS_PART, limitations_part(config, tables))
        write_text(
            tree / GENERATED / CLIENT_ACCOUNTABILITY_PART, client_accountability(config, tables)
        )
        write_text(tree / GENERATED / WEDERHOOR_NOTE, wederhoor_accountability(tables))
        embeds = _Embeds(tree, round_texts(raw_dir / "teksten"), views)
        steps.lap("rapportonderdelen schrijven")
        with steps.step("rapport lezen en bronnenbijlage (pandoc)"):
            reading = jobs.submit(
                REPORT, _read_report, tree, tables, epoch, embeds, markdown, texts, variables
            )
            document = reading.result()
        privacy = _Privacy(key, tables, inputs)
        return _render_formats(build, document, embeds, privacy, staging, jobs, pages)


@dataclass(frozen=True)
class _Build:
    """What the formats of one render share."""

    root: Path
    round_id: str
    tree: Path
    metadata: dict
    epoch: int
    notebooks: list
    views: str
    steps: _Steps
    cache: RenderCache


@dataclass(frozen=True)
class _Privacy:
    """What the last privacy check needs: the names key, the tables and the inputs' text."""

    key: object
    tables: dict
    inputs: list


class _Embeds:
    """Resolves ``{{< embed notebooks/<nb>.ipynb#<label> >}}`` from the round's notebooks.

    The output is framed by two empty marker divs that carry the link to the cell in the
    notebook's HTML page; ``filters/notebooks.lua`` turns them into a link under each table
    and figure (HTML) and removes them (every format).
    """

    def __init__(self, tree: Path, texts: dict[str, str], views: str) -> None:
        self.tree, self.texts, self.views = tree, texts, views
        self.used: dict[str, set[str]] = {}

    def __call__(self, notebook: str, label: str) -> str | None:
        path = self.tree / notebook
        if not notebook.startswith(f"{NOTEBOOKS}/") or not path.is_file():
            return None
        output = notebook_outputs(path).get(label)
        if output is None:
            return None
        self.used.setdefault(notebook, set()).add(label)
        href = f"{self.views}/{path.stem}.html#{notebook_cell_ids(path)[label]}"
        return (
            f'::: {{.notebook-cell href="{href}" notebook="{path.name}"}}\n:::\n\n'
            + fill_text_slots(output, self.texts).rstrip("\n")
            + "\n\n::: {.notebook-cell-end}\n:::\n"
        )


def _render_formats(
    build: _Build,
    document: str,
    embeds: _Embeds,
    privacy: _Privacy,
    staging: Path,
    jobs: _Jobs,
    pages: Future,
) -> list[Path]:
    """Make both editions (HTML, PDF, DOCX) in ``staging``, beside the notebook pages.

    The client edition is ``<round>.{html,pdf,docx}``, the review edition
    ``<round>-review-editie.{html,pdf,docx}`` (see :mod:`evaltools.report.editions`); all are
    published together, or none. ``document`` is the report's tree (pandoc's JSON, see
    :func:`_read_report`); the filters that do not depend on the format
    (:data:`EDITION_FILTERS`) run on it once per edition, into the edition's tree; every
    format is written from that tree (:data:`FORMAT_FILTERS`). Two jobs run at a time
    (``jobs``), each a child process; the two PDFs one after the other, so that only one
    Typst holds a whole report in memory. That chain is the longest: it goes first, and the
    review edition's Typst source is made beside it. ``pages`` are the notebook pages, begun
    before the report was read (:func:`_notebook_pages`).
    """
    root, tree = build.root, build.tree
    metadata, views = build.metadata, build.views
    key, tables, inputs = privacy.key, privacy.tables, privacy.inputs
    steps = build.steps
    templates = tree / "templates"
    fonts = collect_fonts(tree / GENERATED / "fonts")  # the HTML embeds them too
    write_yaml(staging / "metadata.yml", metadata)
    view_dir = staging / views
    fonts_data = stand_in_stylesheet(templates / "rapport.css", staging / "rapport-style.html")
    editions = {edition: _Edition(build, staging, edition) for edition in (CLIENT, REVIEW)}
    read = [jobs.submit(REPORT, edition.read, document) for edition in editions.values()]
    for job in read:
        job.result()
    client, review = editions[CLIENT], editions[REVIEW]
    review_source = jobs.submit(REPORT, review.typst_source)
    pdfs = jobs.submit(
        REPORT,
        lambda: [
            client.pdf(fonts, client.typst_source()),
            review.pdf(fonts, review_source.result()),
        ],
    )
    others = {
        name: [jobs.submit(REPORT, edition.html, fonts_data), jobs.submit(REPORT, edition.docx)]
        for name, edition in editions.items()
    }
    # the first failure in a fixed order, whatever finished first
    client_pdf, review_pdf = pdfs.result()
    client_html, client_docx = (job.result() for job in others[CLIENT])
    review_html, review_docx = (job.result() for job in others[REVIEW])
    for page in pages.result():
        page.result()
    outputs = [client_html, client_pdf, client_docx, review_html, review_pdf, review_docx]
    with steps.step("privacycontrole"):
        texts = _generated_texts(build, editions.values(), staging, view_dir)
        label = tree.relative_to(root).as_posix()
        sources = [
            *inputs,
            *generated_documents(tree),
            *embedded_documents(tree, embeds.used, label),
        ]
        leaks = output_findings(texts, key, forbidden_quotes(tables), sources)
    if leaks:
        raise PrivacyError(leaks)
    with steps.step("publiceren"):
        report_output = root / "report" / OUTPUT
        view_dir.mkdir(exist_ok=True)
        report_output.mkdir(parents=True, exist_ok=True)
        replace_dir(view_dir, report_output / views)
        published = [*publish(outputs, report_output), report_output / views]
        build.cache.store()  # only now: the record never describes a failed render
        return published


@dataclass(frozen=True)
class _Page:
    """One notebook page to make: the notebook, the page, its title and its step's key."""

    notebook: Path
    output: Path
    title: str
    step: str
    key: str


def _notebook_pages(build: _Build, staging: Path, jobs: _Jobs) -> list[Future]:
    """The readable HTML page of every executed notebook, each reused when nothing it reads
    changed; returns the jobs that write the pages not reused.

    A page reads the executed notebook, its title, the date stamp and the stylesheet
    and the report figures its Markdown outputs show (pandoc runs sandboxed: nothing else),
    made by the code and pandoc of the code state. The Markdown outputs of all pages to make
    are converted in one pandoc process first (:func:`markdown_outputs_html`); then each
    page is one job (:data:`PAGES`: after any report step waiting).
    """
    view_dir = staging / build.views
    style = inline_stylesheet(build.tree / "templates" / "notebook.css", staging / "notebook.html")
    cache = build.cache
    to_make = []
    for notebook, run in build.notebooks:
        output = view_dir / f"{notebook.stem}.html"
        title = f"Notebook {run.name} (ronde {build.round_id})"
        step = f"notebookpagina {notebook.stem}"
        figures = notebook_figures(notebook, build.tree)  # embedded in the page: part of its key
        key = step_key(
            step,
            notebook,
            title,
            str(build.epoch),
            style,
            str(len(figures)),
            *figures,
            pandoc.version(),
            cache.code,
        )
        published = build.root / "report" / OUTPUT / build.views / output.name
        if cache.reuse_file(step, key, published, output):
            build.steps.reused(step)
        else:
            to_make.append(_Page(notebook, output, title, step, key))
    if not to_make:
        return []
    with build.steps.step("notebookuitvoer naar html (pandoc)"):
        converted = markdown_outputs_html([page.notebook for page in to_make], build.tree)
    return [
        jobs.submit(PAGES, _notebook_page, build, page, converted[page.notebook], style)
        for page in to_make
    ]


def _notebook_page(build: _Build, page: _Page, outputs_html: list[str], style: Path) -> Path:
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


def _generated_texts(
    build: _Build, editions: Iterable[_Edition], staging: Path, view_dir: Path
) -> dict:
    """What the last privacy check reads: the text this render generated, element by element.

    Every format of an edition is written by pandoc from the edition's document tree (the
    ``<stem>.json`` in staging, read here one text per paragraph, heading, table cell,
    caption, link target, hover text...: see ``review.privacy.ast_document``), by the templates
    from the title data (each value a text) and by the format filters, which add fixed words
    and notebook links. The edition trees already hold what the edition filters added: the
    numbers, and as hover text the cells of the Bronnen table joined. The figures show labels
    and numbers from the round's tables, whose texts come from the inputs scanned before the
    render. So the finished HTML, PDF and DOCX hold no text that is not scanned here, and they
    are not read again: reading a PDF's text back (pypdf) took most of the scan's time and
    runs a table row into the next heading ("Technohub 025 4 4 3 2" + "3.3.9" looked like a
    phone number). The notebook pages are made from the executed notebooks, not from the
    tree: they are read, by HTML element.
    """
    editions = list(editions)
    names = [f"{e.stem}.{ext}" for e in editions for ext in ("html", "pdf", "docx")]
    report = f"de tekst van het rapport ({', '.join(names)})"
    # one text: what both editions share is found once, and named in all their files
    segments = [s for e in editions for s in tree_document(e.document, report).segments]
    return {
        report: Document(report, segments),
        "de titelgegevens": value_segments("de titelgegevens", build.metadata),
        **{
            p.relative_to(staging).as_posix(): html_document(p, p.name)
            for p in sorted(view_dir.glob("*.html"))
        },
    }


class _Edition:
    """One edition: its document tree (:meth:`read`), then HTML, PDF and DOCX in ``staging``."""

    def __init__(self, build: _Build, staging: Path, edition: str) -> None:
        self.build, self.staging, self.edition = build, staging, edition
        self.stem = edition_stem(build.round_id, edition)
        self.name = "klanteditie" if edition == CLIENT else "review-editie"
        self.document = staging / f"{self.stem}.json"
        self.templates = build.tree / "templates"

    def read(self, document: str) -> None:
        """The edition's document tree: numbered, cross-referenced, with its source links."""
        tree = self.build.tree
        # the edition filter runs first: it drops the other edition's sections and markers
        options = [*edition_options(tree, self.edition)]
        options += ["--metadata-file", str(self.staging / "metadata.yml")]
        for name in EDITION_FILTERS:
            options += ["--lua-filter", str(tree / "filters" / name)]
        with self.build.steps.step(f"{self.name} lezen en filteren (pandoc)"):
            pandoc.convert(
                document,
                "json",
                self.document,
                from_format="json",
                options=options,
                cwd=tree,
                epoch=self.build.epoch,
            )

    def _write(self, to: str, output: Path | None, extra: list[str]) -> str:
        tree = self.build.tree
        options = []
        for name in FORMAT_FILTERS:
            options += ["--lua-filter", str(tree / "filters" / name)]
        options += ["--toc", "--toc-depth=2", "--standalone", *extra]
        return pandoc.convert(
            self.document,
            to,
            output,
            from_format="json",
            options=options,
            cwd=tree,
            epoch=self.build.epoch,
        )

    def typst_source(self) -> Path:
        """The edition's Typst source, in the staged project (the PDF's fonts and images)."""
        build = self.build
        typ = build.tree / GENERATED / f"{self.stem}.typ"
        with build.steps.step(f"{self.name} typst-bron (pandoc)"):
            typst_source = self._write(
                "typst", None, ["--template", str(self.templates / "rapport.typ"), "--wrap=none"]
            )
            write_text(typ, typst_source)
        return typ

    def pdf(self, fonts: Path, typ: Path) -> Path:
        build = self.build
        output = self.staging / f"{self.stem}.pdf"
        with build.steps.step(f"{self.name} pdf (typst)"):
            typst.compile_pdf(
                typ,
                output,
                root=build.tree,
                font_paths=[fonts],
                standards=("ua-1",),
                timestamp=dt.datetime.fromtimestamp(build.epoch, dt.UTC),
                separate_process=True,
            )
        return output

    def html(self, fonts_data: dict[str, str]) -> Path:
        """The HTML page; its header's fonts go in after pandoc (see stand_in_stylesheet)."""
        output = self.staging / f"{self.stem}.html"
        with self.build.steps.step(f"{self.name} html (pandoc)"):
            self._write(
                "html5",
                output,
                [
                    # self-contained without --embed-resources, which re-read and re-wrote the
                    # whole page: the figures become data URIs in filters/media.lua, the
                    # cover logos in the template (filters/logos.lua), the fonts below
                    "--lua-filter",
                    str(self.build.tree / "filters" / "logos.lua"),
                    "--template",
                    str(self.templates / "rapport.html"),
                    "--include-in-header",
                    str(self.staging / "rapport-style.html"),
                    "--section-divs",
                    "--id-prefix=",
                ],
            )
            fill_stand_ins(output, fonts_data)
        return output

    def docx(self) -> Path:
        output = self.staging / f"{self.stem}.docx"
        reference = self.build.tree / GENERATED / "referentie.docx"
        with self.build.steps.step(f"{self.name} docx (pandoc)"):
            self._write("docx", output, ["--reference-doc", str(reference)])
            fit_tables_to_page(output)
        return output


def _read_report(
    tree: Path,
    tables: dict,
    epoch: int,
    embeds: _Embeds,
    markdown: str,
    texts: dict[str, str],
    variables: dict,
) -> str:
    """The report's document tree (pandoc's JSON) with its Bronnen appendix, read once.

    The appendix lists the codes the report uses, read from the tree of the report (so a
    marker split over the lines of a grid-table cell still counts); the report is read with a
    stand-in for the appendix, the appendix on its own, and its blocks take the stand-in's
    place. Both editions start from this one tree: pandoc's Markdown reader, the slowest
    part of a read, runs once over the report instead of once per edition and once more for
    the codes.
    """
    write_text(tree / GENERATED / SOURCES_PART, f"::: {{#{SOURCES_STAND_IN}}}\n:::\n")
    source = expand("index.qmd", _included(tree), embeds)
    _refuse_unknown(unknown_vars(source, variables), texts, "{{< var ", "variabele")
    document = _parse(resolve_vars(source, variables), markdown, tree, epoch)
    _refuse_unknown(unknown_references(document), texts, "@", "kruisverwijzing")
    appendix = sources_appendix(source_entries(tables), marker_codes(document))
    write_text(tree / GENERATED / SOURCES_PART, appendix)
    blocks = _parse(appendix, markdown, tree, epoch)["blocks"]
    document["blocks"] = _in_place_of(SOURCES_STAND_IN, document["blocks"], blocks)
    return json.dumps(document, ensure_ascii=False)


def _parse(text: str, markdown: str, tree: Path, epoch: int) -> dict:
    tree_json = pandoc.convert(
        text, "json", None, from_format=markdown, options=[], cwd=tree, epoch=epoch
    )
    return json.loads(tree_json)


def _in_place_of(identifier: str, blocks: list, replacement: list) -> list:
    """``blocks`` with each Div ``identifier``, at any depth, replaced by ``replacement``."""
    out = []
    for block in blocks:
        if block["t"] == "Div" and block["c"][0][0] == identifier:
            out.extend(replacement)
        elif block["t"] == "Div":
            attr, content = block["c"]
            out.append({"t": "Div", "c": [attr, _in_place_of(identifier, content, replacement)]})
        else:
            out.append(block)
    return out


def _included(tree: Path):
    """Read an included file, only from the round's staged Quarto project (never elsewhere)."""
    inside = tree.resolve()

    def read(path: str) -> str:
        target = (tree / path).resolve()
        if not target.is_relative_to(inside):
            raise ShortcodeError(
                f"Een include-shortcode noemt '{path}', een bestand buiten de gegenereerde "
                "onderdelen van het rapport; dat wordt nooit opgenomen."
            )
        return read_text(target)

    return read


def _refuse_unknown(names: list[str], texts: dict[str, str], prefix: str, what: str) -> None:
    """A ShortcodeError naming the round text and line of each unknown name."""
    if not names:
        return
    lines = []
    for name in names:
        where = locate_in_texts(texts, prefix + name) or locate_in_texts(texts, name)
        place = f"{where[0]}, {where[1]}: " if where else ""
        if what == "kruisverwijzing":
            lines.append(
                f"  - {place}de kruisverwijzing @{name} verwijst naar niets: er is geen kop, "
                f"tabel of figuur met {{#{name}}}; controleer de schrijfwijze"
            )
        else:
            lines.append(
                f"  - {place}de variabele '{name}' bestaat niet; gebruik een naam uit "
                "report/_variables.yml"
            )
    raise ShortcodeError("Onbekende verwijzingen in de rapportteksten:\n" + "\n".join(lines))


def _locate_rank(document) -> tuple[int, str]:
    rank = next(
        (i for i, part in enumerate(LOCATE_ORDER) if part in document.file), len(LOCATE_ORDER)
    )
    return rank, document.file


def output_paths(root: Path, round_id: str) -> list[Path]:
    """The client edition of a round: HTML, PDF and DOCX in report/_output."""
    return [root / "report" / OUTPUT / f"{round_id}.{ext}" for ext in ("html", "pdf", "docx")]


def review_paths(root: Path, round_id: str) -> list[Path]:
    """The review edition of a round: HTML, PDF and DOCX in report/_output."""
    stem = edition_stem(round_id, REVIEW)
    return [root / "report" / OUTPUT / f"{stem}.{ext}" for ext in ("html", "pdf", "docx")]
