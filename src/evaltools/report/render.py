"""Render the report of a round to HTML, PDF (via Typst) and DOCX, all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import yaml

from evaltools.io.privacy import (
    generated_documents,
    input_documents,
    output_text,
    read_names_key,
)
from evaltools.io.processed import read_config, read_tables, replace_dir
from evaltools.io.provenance import (
    executed_notebooks,
    input_files,
    tool_versions,
    write_notebook_view,
)
from evaltools.io.reference_docx import fit_tables_to_page, write_reference_docx
from evaltools.io.report_files import (
    GENERATED,
    OUTPUT,
    collect_fonts,
    copy_logos,
    prepare_sources,
    publish,
    read_text,
    staging_dir,
    write_text,
    write_yaml,
)
from evaltools.report.editions import (
    CLIENT,
    CLIENT_ACCOUNTABILITY_PART,
    REVIEW,
    client_accountability,
    edition_options,
    edition_stem,
)
from evaltools.report.limitations import limitations_part
from evaltools.report.provenance import (
    accountability_appendix,
    marker_codes,
    source_entries,
    sources_appendix,
)
from evaltools.report.quarto import resolve_includes, resolve_vars
from evaltools.report.variables import logo_files, report_metadata, report_variables
from evaltools.review.privacy import (
    CONTACT_FILES,
    PrivacyError,
    forbidden_quotes,
    input_findings,
    output_findings,
    statement_quote_findings,
    unescape_markdown,
)
from evaltools.tools import pandoc, typst
from evaltools.tools.git import code_version

# Raw HTML/TeX in any text stays text: input is data, never markup.
MARKDOWN = "markdown-raw_html-raw_tex-raw_attribute-smart"
SOURCES_PART = "parts/bronnen.md"
ACCOUNTABILITY_PART = "parts/verantwoording.md"
LIMITATIONS_PART = "parts/beperkingen.md"
# Where a leak is looked for first: the files a consultant edits to solve it.
LOCATE_ORDER = ("/beoordeling/", "/teksten/", "/round.yaml", "/interviews/", "/zelfevaluaties/")


def build_epoch(date: dt.date) -> int:
    """The fixed moment stamped into every output: noon UTC of the report date."""
    return int(dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.UTC).timestamp())


def render_report(root: Path, round_id: str) -> list[Path]:
    """Build report/_output/<round>.{html,pdf,docx} from processed data and the round's texts.

    Every format is made in a staging folder first; the outputs are replaced only when all
    three succeeded, so a failed run leaves the last good report in place. Beside the HTML
    report, ``<round>-notebooks/`` holds a readable view of every executed notebook.

    Privacy: with a names key (``names-key.yaml`` at the project root), a name from it in any
    input stops the render before anything is made; e-mail addresses and phone numbers in
    interview notes and consultants' texts, forbidden quotes, and any of these in the finished
    outputs stop it before anything is published (:class:`PrivacyError`).
    """
    report_dir = root / "report"
    processed = root / "data" / "processed" / round_id
    raw_dir = root / "data" / "raw" / round_id
    code = code_version(root)  # before this render writes anything
    key = read_names_key(root)
    config = read_config(processed / "tables")
    tables = read_tables(processed / "tables")
    inputs = sorted(input_documents(raw_dir), key=_locate_rank)
    refused = input_findings(inputs, key, CONTACT_FILES) + statement_quote_findings(tables, inputs)
    if refused:
        raise PrivacyError(refused)
    prepare_sources(report_dir, raw_dir / "teksten", processed / "analyse")
    variables = report_variables(config, tables)
    write_yaml(report_dir / "_variables.yml", variables)
    metadata = report_metadata(config)
    write_yaml(report_dir / GENERATED / "metadata.yml", metadata)
    write_reference_docx(report_dir / GENERATED / "referentie.docx", config.title, config.reference)
    copy_logos(raw_dir, report_dir / GENERATED / "logos", logo_files(config))
    fonts = collect_fonts(report_dir / GENERATED / "fonts")  # the HTML embeds them too
    notebooks = executed_notebooks(processed, root)
    views = f"{round_id}-notebooks"
    runs = [replace(run, view=f"{views}/{path.stem}.html") for path, run in notebooks]
    write_text(
        report_dir / GENERATED / ACCOUNTABILITY_PART,
        accountability_appendix(round_id, input_files(raw_dir, root), code, tool_versions(), runs),
    )
    write_text(report_dir / GENERATED / LIMITATIONS_PART, limitations_part(config, tables))
    write_text(
        report_dir / GENERATED / CLIENT_ACCOUNTABILITY_PART, client_accountability(config, tables)
    )
    epoch = build_epoch(config.date)
    source = _with_sources_part(report_dir, tables, epoch)
    source = resolve_vars(source, variables)
    templates = report_dir / "templates"
    with staging_dir(report_dir) as staging:
        write_yaml(staging / "metadata.yml", metadata)
        common = [
            "--metadata-file",
            str(staging / "metadata.yml"),
            "--lua-filter",
            str(report_dir / "filters" / "sources.lua"),
            "--lua-filter",
            str(report_dir / "filters" / "crossref.lua"),
            "--toc",
            "--toc-depth=2",
            "--standalone",
        ]
        made = {
            edition: _render_edition(
                source,
                staging,
                report_dir,
                edition_stem(round_id, edition),
                edition,
                common,
                epoch,
                fonts,
            )
            for edition in (CLIENT, REVIEW)
        }
        html, pdf, docx = made[CLIENT]
        review = made[REVIEW]
        view_dir = staging / views
        for path, run in notebooks:
            write_notebook_view(
                path,
                view_dir / f"{path.stem}.html",
                f"Notebook {run.name} (ronde {round_id})",
                report_dir,
                epoch,
                templates / "notebook.css",
            )
        texts = {
            "de gegenereerde Markdown": unescape_markdown(source),
            "de titelgegevens": dump_variables(metadata),
            **{
                p.relative_to(staging).as_posix(): output_text(p)
                for p in [
                    html,
                    pdf,
                    docx,
                    *review,
                    *sorted(view_dir.glob("*.html")),
                ]
            },
        }
        sources = [*inputs, *generated_documents(report_dir)]
        leaks = output_findings(texts, key, forbidden_quotes(tables), sources)
        if leaks:
            raise PrivacyError(leaks)
        view_dir.mkdir(exist_ok=True)
        (report_dir / OUTPUT).mkdir(parents=True, exist_ok=True)
        replace_dir(view_dir, report_dir / OUTPUT / views)
        published = publish([html, pdf, docx, *review], report_dir / OUTPUT)
        return [*published, report_dir / OUTPUT / views]


def _render_edition(
    source: str,
    staging: Path,
    report_dir: Path,
    stem: str,
    edition: str,
    common: list[str],
    epoch: int,
    fonts: Path,
) -> list[Path]:
    """HTML, PDF and DOCX of one edition, in ``staging``."""
    templates = report_dir / "templates"
    options = [*edition_options(report_dir, edition), *common]
    html = staging / f"{stem}.html"
    pandoc.convert(
        source,
        "html5",
        html,
        from_format=MARKDOWN,
        cwd=report_dir,
        epoch=epoch,
        options=[
            *options,
            "--embed-resources",
            "--template",
            str(templates / "rapport.html"),
            "--css",
            str(templates / "rapport.css"),
            "--section-divs",
            "--id-prefix=",
        ],
    )
    made = [html]
    typst_source = pandoc.convert(
        source,
        "typst",
        None,
        from_format=MARKDOWN,
        cwd=report_dir,
        epoch=epoch,
        options=[*options, "--template", str(templates / "rapport.typ"), "--wrap=none"],
    )
    typ = report_dir / GENERATED / f"{stem}.typ"
    write_text(typ, typst_source)
    pdf = staging / f"{stem}.pdf"
    typst.compile_pdf(
        typ,
        pdf,
        root=report_dir,
        font_paths=[fonts],
        standards=("ua-1",),
        timestamp=dt.datetime.fromtimestamp(epoch, dt.UTC),
    )
    docx = staging / f"{stem}.docx"
    pandoc.convert(
        source,
        "docx",
        docx,
        from_format=MARKDOWN,
        cwd=report_dir,
        epoch=epoch,
        options=[*options, "--reference-doc", str(report_dir / GENERATED / "referentie.docx")],
    )
    fit_tables_to_page(docx)
    return [*made, pdf, docx]


def _with_sources_part(report_dir: Path, tables: dict, epoch: int) -> str:
    """Write the Bronnen appendix for the codes the report uses; return the whole source.

    The used codes are read from pandoc's AST of the report (with an empty appendix), so a
    marker split over the lines of a grid-table cell still counts.
    """
    write_text(report_dir / GENERATED / SOURCES_PART, "")
    source = resolve_includes(
        read_text(report_dir / "index.qmd"), lambda path: read_text(report_dir / path)
    )
    ast = pandoc.convert(
        source, "json", None, from_format=MARKDOWN, options=[], cwd=report_dir, epoch=epoch
    )
    write_text(
        report_dir / GENERATED / SOURCES_PART,
        sources_appendix(source_entries(tables), marker_codes(json.loads(ast))),
    )
    return resolve_includes(
        read_text(report_dir / "index.qmd"), lambda path: read_text(report_dir / path)
    )


def _locate_rank(document) -> tuple[int, str]:
    rank = next(
        (i for i, part in enumerate(LOCATE_ORDER) if part in document.file), len(LOCATE_ORDER)
    )
    return rank, document.file


def output_paths(root: Path, round_id: str) -> list[Path]:
    """The client edition: HTML, PDF, DOCX."""
    return [root / "report" / OUTPUT / f"{round_id}.{ext}" for ext in ("html", "pdf", "docx")]


def review_paths(root: Path, round_id: str) -> list[Path]:
    """The review edition: HTML, PDF, DOCX."""
    stem = edition_stem(round_id, REVIEW)
    return [root / "report" / OUTPUT / f"{stem}.{ext}" for ext in ("html", "pdf", "docx")]


def dump_variables(variables: dict) -> str:
    return yaml.safe_dump(variables, allow_unicode=True, sort_keys=True)
