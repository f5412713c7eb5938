"""Render the report of a round to HTML, PDF (via Typst) and DOCX, all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from evaltools.ingest.processed import read_config, read_tables
from evaltools.ingest.raw_round import round_link_problems
from evaltools.ingest.round_texts import read_round_texts
from evaltools.ingest.texts import text_problems
from evaltools.privacy.files import (
    generated_documents,
    html_document,
    input_documents,
    read_names_key,
    tree_document,
)
from evaltools.privacy.output import output_findings, value_segments
from evaltools.privacy.scan import (
    CONTACT_FILES,
    Document,
    PrivacyError,
    forbidden_quotes,
    input_findings,
    statement_quote_findings,
)
from evaltools.report.decisions import decision_notes, decisions_part
from evaltools.report.editions import (
    CLIENT,
    CLIENT_ACCOUNTABILITY_PART,
    REVIEW,
    client_accountability,
    edition_stem,
)
from evaltools.report.files import (
    GENERATED,
    OUTPUT,
    collect_fonts,
    copy_logos,
    embedded_documents,
    quarto_dir,
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
)
from evaltools.report.provenance_files import (
    executed_notebooks,
    input_files,
    tool_versions,
)
from evaltools.report.reference_docx import write_reference_docx
from evaltools.report.render_cache import PartCache, RenderCache
from evaltools.report.render_edition import Edition, locate_rank, read_report, writer_inputs
from evaltools.report.render_jobs import (
    PAGES,
    REPORT,
    TYPST_ALONE_FROM_HUBS,
    WORKERS,
    Jobs,
    Steps,
)
from evaltools.report.render_pages import notebook_pages
from evaltools.report.render_state import Build, Embeds, PrivacyGate
from evaltools.report.variables import (
    logo_files,
    programme_variables,
    report_metadata,
    report_variables,
    unbreakable_words,
)
from evaltools.report.wederhoor import wederhoor_accountability, wederhoor_appendix
from evaltools.round.code_state import code_state
from evaltools.round.decisions import DecidedFinding
from evaltools.round.findings import Finding
from evaltools.round.lock_files import round_lock
from evaltools.round.paths import Layout
from evaltools.round.problems import InvalidRound
from evaltools.round.publish_files import publish
from evaltools.tools import pandoc
from evaltools.tools.git import code_version

ACCOUNTABILITY_PART = "verantwoording.md"
# wederhoor: empty parts (no appendix, no sentence) when the round held none
WEDERHOOR_PART = "wederhoor.md"
WEDERHOOR_NOTE = "wederhoor-verantwoording.md"
WEDERHOOR_CLIENT_NOTE = "wederhoor-verantwoording-klant.md"
LIMITATIONS_PART = "beperkingen.md"


@dataclass(frozen=True)
class Outputs:
    """What a render makes and where: ``evaltools render`` makes everything into report/_output.

    ``formats`` of ``html``, ``pdf``, ``docx``, or ``typ`` (the Typst source only, left in the
    staged project's ``_generated/<stem>.typ``, for a compiler of the caller's); ``pages``:
    the notebook pages (and the render cache's record of them); ``folder``: where the
    outputs are published (None: report/_output); ``shown``: without notebook pages and
    PDF (the preview), called with the published files as soon as they are published, while
    the Typst source is still being made (the page need not wait for the PDF's source).
    """

    formats: tuple[str, ...] = ("html", "pdf", "docx")
    pages: bool = True
    folder: Path | None = None
    shown: Callable[[list[Path]], None] | None = None


def build_epoch(date: dt.date) -> int:
    """The fixed moment stamped into every output: noon UTC of the report date."""
    return int(dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.UTC).timestamp())


def render_report(
    root: Path,
    round_id: str,
    progress: Callable[[str], None] | None = None,
    *,
    again: bool = False,
    decided: Sequence[DecidedFinding] = (),
    open_findings: Sequence[Finding] = (),
    editions: Sequence[str] = (CLIENT, REVIEW),
    outputs: Outputs = Outputs(),
) -> list[Path]:
    """``evaltools render``: report/_output/<round>.{html,pdf,docx} (and the review edition)
    from processed data and the round's texts.

    1. read the tables, the round's texts (checked again) and the names key; scan the inputs;
    2. stage the round's Quarto project with its generated parts (variables, sources,
       Verantwoording, limitations, wederhoor) and the notebooks' embedded outputs;
    3. read each edition once, scan its generated text for privacy, write HTML, PDF and DOCX
       into a staging folder;
    4. make the notebook pages beside them, linked to the review edition (reused while
       unchanged);
    5. publish all outputs at once, or none.

    The round's Quarto project is staged in data/processed/<round>/quarto/ (see
    :func:`stage_project`); its embed shortcodes take the Markdown output of the labelled cells
    of the round's executed notebooks. Every format is made in a staging folder of the round
    first; the outputs are replaced only when all three succeeded, so a failed run leaves the
    last good report in place. Beside the HTML report, ``<round>-notebooks/`` holds a readable
    view of every executed notebook, and every embedded table and figure links to the cell
    that made it there. The round's lock (evaltools.round.lock_files) keeps a render apart from
    any other stage of the same round; renders of different rounds share no generated file.

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

    ``decided`` are the findings of the check the consultants decided on (the reason of an
    accepted one goes under its table; the review edition's Verantwoording lists them all),
    ``open_findings`` the errors without a decision (listed there too); ``editions`` the
    editions to make and publish (the gate in ``review.gate`` leaves out the client edition
    while errors are open: its last good files stay as they are); ``outputs`` the formats,
    whether to make the notebook pages and where to publish (``evaltools voorbeeld``: one
    edition's HTML, no pages, into the round's preview folder; see :class:`Outputs`).
    """
    with round_lock(Layout(root, round_id).processed):
        return _render_report(
            root,
            round_id,
            progress,
            again=again,
            decided=decided,
            open_findings=open_findings,
            editions=editions,
            outputs=outputs,
        )


def _render_report(
    root: Path,
    round_id: str,
    progress: Callable[[str], None] | None,
    *,
    again: bool,
    decided: Sequence[DecidedFinding],
    open_findings: Sequence[Finding],
    editions: Sequence[str],
    outputs: Outputs,
) -> list[Path]:
    steps = Steps(progress)
    # The code state (a second: the metadata of every installed package) is read while the
    # inputs are: the notebook pages need it for their keys.
    early = ThreadPoolExecutor(max_workers=1)
    code_state_job = early.submit(code_state)
    early.shutdown(wait=False)
    layout = Layout(root, round_id)
    report_dir, processed, raw_dir = layout.report, layout.processed, layout.raw
    code = code_version(root)  # before this render writes anything
    key = read_names_key(root)
    config = read_config(processed / "tables")
    tables = read_tables(processed / "tables")
    # The texts are read again here (they may have changed since ingest): they stay inside
    # the round, or nothing is made.
    # no link is followed out of the project: one swapped in after a good ingest (a logo, a
    # text, the round folder itself) stops the render before anything is read
    links = round_link_problems(raw_dir, root)
    if links:
        raise InvalidRound(links)
    texts, problems = read_round_texts(raw_dir / "teksten", raw_dir.parent)
    problems += text_problems(texts, math=config.math)
    if problems:
        raise InvalidRound(problems)
    markdown = pandoc.markdown(math=config.math)
    steps.lap("invoer lezen")
    hubs = [hub.id for hub in config.taking_part]
    typst_alone = len(hubs) >= TYPST_ALONE_FROM_HUBS
    with staging_dir(processed) as staging, Jobs(WORKERS, typst_alone) as jobs:
        cache = RenderCache(processed, again=again, code=code_state_job.result())
        tree = quarto_dir(processed)
        stage_project(report_dir, tree, raw_dir / "teksten", processed / "analyse", hubs)
        metadata = report_metadata(config)
        epoch = build_epoch(config.date)
        notebooks = executed_notebooks(processed, root)
        views = f"{round_id}-notebooks"
        names = unbreakable_words(config)
        build = Build(root, round_id, tree, metadata, epoch, notebooks, views, steps, cache, names)
        steps.lap("project klaarzetten")
        inputs = sorted(input_documents(raw_dir), key=locate_rank)
        refused = input_findings(inputs, key, CONTACT_FILES)
        refused += statement_quote_findings(tables, inputs)
        if refused:
            raise PrivacyError(refused)
        steps.lap("invoer controleren op persoonsgegevens")
        variables = {**report_variables(config, tables), **programme_variables(config.programme)}
        write_yaml(tree / "_variables.yml", variables)
        write_yaml(tree / GENERATED / "metadata.yml", metadata)
        write_reference_docx(tree / GENERATED / "referentie.docx", config.title, config.reference)
        copy_logos(raw_dir, tree / GENERATED / "logos", logo_files(config))
        runs = [replace(run, view=f"{views}/{path.stem}.html") for path, run in notebooks]
        write_text(
            tree / GENERATED / ACCOUNTABILITY_PART,
            accountability_appendix(
                round_id, input_files(raw_dir, root), code, tool_versions(), runs
            )
            + "\n"
            + decisions_part(decided, open_findings),
        )
        unit = config.programme.unit
        write_text(
            tree / GENERATED / WEDERHOOR_PART, wederhoor_appendix(tables, config.pronoun, unit)
        )
        write_text(tree / GENERATED / LIMITATIONS_PART, limitations_part(config, tables))
        write_text(
            tree / GENERATED / CLIENT_ACCOUNTABILITY_PART, client_accountability(config, tables)
        )
        write_text(tree / GENERATED / WEDERHOOR_NOTE, wederhoor_accountability(tables, unit=unit))
        write_text(
            tree / GENERATED / WEDERHOOR_CLIENT_NOTE,
            wederhoor_accountability(tables, client=True, unit=unit),
        )
        embeds = Embeds(tree, round_texts(raw_dir / "teksten"), views, decision_notes(decided))
        steps.lap("rapportonderdelen schrijven")
        with steps.step("rapport lezen en bronnenbijlage (pandoc)"):
            parts = PartCache(processed, markdown, again=again)
            reading = jobs.submit(
                REPORT,
                read_report,
                tree,
                tables,
                epoch,
                embeds,
                markdown,
                texts,
                variables,
                parts,
                config.programme,
            )
            document = reading.result()
            parts.prune()
        if steps.progress is not None and parts.used:
            cached = len(parts.used) - parts.read_count
            steps.progress(
                f"rapportonderdelen: {parts.read_count} van {len(parts.used)} gelezen"
                + (f" ({cached} uit de cache)" if cached else "")
            )
        privacy = PrivacyGate(key, tables, inputs)
        return _render_formats(
            build, document, embeds, privacy, staging, jobs, tuple(editions), outputs
        )


def _render_formats(
    build: Build,
    document: str,
    embeds: Embeds,
    privacy: PrivacyGate,
    staging: Path,
    jobs: Jobs,
    chosen: tuple[str, ...] = (CLIENT, REVIEW),
    wanted: Outputs = Outputs(),
) -> list[Path]:
    """Make both editions (HTML, PDF, DOCX) in ``staging``, beside the notebook pages.

    The client edition is ``<round>.{html,pdf,docx}``, the review edition
    ``<round>-review-editie.{html,pdf,docx}`` (see :mod:`evaltools.report.editions`); all are
    published together, or none. ``document`` is the report's tree (pandoc's JSON, see
    :func:`read_report`); the filters that do not depend on the format
    (:data:`EDITION_FILTERS`) run on it once per edition, into the edition's tree; every
    format is written from that tree (:data:`FORMAT_FILTERS`). Two jobs run at a time
    (``jobs``), each a child process; the two PDFs one after the other, so that only one
    Typst holds a whole report in memory, and no pandoc job on the whole report beside it
    (:class:`~evaltools.report.render_jobs.MemoryGate`: Typst is the largest process).
    That chain is the longest: it goes first, and the review edition's Typst source is made
    beside it. The notebook pages
    (:func:`notebook_pages`) begin when the review edition is read: they link to it with its
    numbers; they fill the gaps between the report's steps.
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
    written_from = writer_inputs(tree)
    editions = {edition: Edition(build, staging, edition, written_from) for edition in chosen}
    # the preview's page, from the report's tree, beside the edition's (Edition.html)
    direct = wanted.shown is not None and not wanted.pages and "html" in wanted.formats
    early_html = {
        name: jobs.submit(REPORT, jobs.gate.beside(edition.html), fonts_data, document)
        for name, edition in editions.items()
        if direct
    }
    read = [jobs.submit(REPORT, edition.read, document) for edition in editions.values()]
    for job in read:
        job.result()
    pages = jobs.submit(PAGES, notebook_pages, build, staging, jobs) if wanted.pages else _done([])
    # the PDFs one after the other: the first edition's Typst source is made in its chain,
    # the others' beside it; Typst runs alone (jobs.gate), the pandoc jobs beside each other
    gate = jobs.gate
    if "pdf" in wanted.formats:
        # a PDF made from the same inputs by the last good render is reused: no Typst
        reused = {name: edition.reused_pdf() for name, edition in editions.items()}
        unmade = [e for name, e in editions.items() if reused[name] is None]
        first, rest = (unmade[0], unmade[1:]) if unmade else (None, [])
        typst_sources = [jobs.submit(REPORT, gate.beside(edition.typst_source)) for edition in rest]
        pdf_chain = jobs.submit(
            REPORT,
            lambda: (
                []
                if first is None
                else [
                    gate.alone(first.pdf)(fonts, gate.beside(first.typst_source)()),
                    *(
                        gate.alone(e.pdf)(fonts, source.result())
                        for e, source in zip(rest, typst_sources, strict=True)
                    ),
                ]
            ),
        )

        def reused_or_made() -> list:
            made = iter(pdf_chain.result())
            return [reused[name] or next(made) for name in editions]

        pdfs: Callable[[], list] = reused_or_made
    elif "typ" in wanted.formats:  # the preview compiles it itself (a long-lived Typst)
        # waited for after the HTML and DOCX jobs are submitted: they run beside the sources
        typst_jobs = [jobs.submit(REPORT, gate.beside(e.typst_source)) for e in editions.values()]
        pdfs = lambda: [job.result() and None for job in typst_jobs]  # noqa: E731
    else:
        pdfs = lambda: [None for _ in editions]  # noqa: E731
    others = {
        name: [
            early_html.get(name)
            or (
                jobs.submit(REPORT, gate.beside(edition.html), fonts_data)
                if "html" in wanted.formats
                else None
            ),
            jobs.submit(REPORT, gate.beside(edition.docx)) if "docx" in wanted.formats else None,
        ]
        for name, edition in editions.items()
    }
    # the preview publishes its page before its Typst source is ready (waited for at the end)
    early = wanted.shown is not None and not wanted.pages and "pdf" not in wanted.formats
    # the first failure in a fixed order, whatever finished first
    made = [None for _ in editions] if early else pdfs()
    outputs = []
    for name, pdf in zip(editions, made, strict=True):
        html, docx = (None if job is None else job.result() for job in others[name])
        outputs += [path for path in (html, pdf, docx) if path is not None]
    for page in pages.result():
        page.result()
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
    report_output = wanted.folder or root / "report" / OUTPUT
    moves = [(o, report_output / o.name) for o in outputs]
    if not wanted.pages:  # the preview: the pages and their record stay as they are
        with steps.step("publiceren"):
            published = publish(moves, build.round_id, root)
        if early and wanted.shown is not None:
            wanted.shown(published)
            pdfs()  # the Typst sources, for the preview's own compiler
        return published
    with steps.step("publiceren"):
        view_dir.mkdir(exist_ok=True)
        # all files and the notebook pages at once, or none (across file systems too)
        published = publish([*moves, (view_dir, report_output / views)], build.round_id, root)
        build.cache.store()  # only now: the record never describes a failed render
        return published


def _generated_texts(
    build: Build, editions: Iterable[Edition], staging: Path, view_dir: Path
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
    runs a table row into the next heading ("Hub 025 4 4 3 2" + "3.3.9" looked like a
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


def _done(value) -> Future:
    """A job that has already ended with ``value`` (a step this render leaves out)."""
    future: Future = Future()
    future.set_result(value)
    return future


def output_paths(root: Path, round_id: str) -> list[Path]:
    """The client edition of a round: HTML, PDF and DOCX in report/_output."""
    return [Layout(root, round_id).output / f"{round_id}.{ext}" for ext in ("html", "pdf", "docx")]


def review_paths(root: Path, round_id: str) -> list[Path]:
    """The review edition of a round: HTML, PDF and DOCX in report/_output."""
    stem = edition_stem(round_id, REVIEW)
    return [Layout(root, round_id).output / f"{stem}.{ext}" for ext in ("html", "pdf", "docx")]
