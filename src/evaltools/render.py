"""Render the report of a round to HTML, PDF (via Typst) and DOCX, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from evaltools.io.processed import read_config, read_tables
from evaltools.io.reference_docx import write_reference_docx
from evaltools.io.report_files import (
    GENERATED,
    OUTPUT,
    collect_fonts,
    prepare_sources,
    publish,
    read_text,
    staging_dir,
    write_text,
    write_yaml,
)
from evaltools.quarto import resolve_includes, resolve_vars
from evaltools.tools import pandoc, typst
from evaltools.variables import report_metadata, report_variables

# Raw HTML/TeX in any text stays text: input is data, never markup.
MARKDOWN = "markdown-raw_html-raw_tex-raw_attribute-smart"


def build_epoch(date: dt.date) -> int:
    """The fixed moment stamped into every output: noon UTC of the report date."""
    return int(dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.UTC).timestamp())


def render_report(root: Path, round_id: str) -> list[Path]:
    """Build report/_output/<round>.{html,pdf,docx} from processed data and the round's texts.

    Every format is made in a staging folder first; the outputs are replaced only when all
    three succeeded, so a failed run leaves the last good report in place.
    """
    report_dir = root / "report"
    processed = root / "data" / "processed" / round_id
    config = read_config(processed / "tables")
    tables = read_tables(processed / "tables")
    prepare_sources(report_dir, root / "data" / "raw" / round_id / "teksten", processed / "analyse")
    variables = report_variables(config, tables)
    write_yaml(report_dir / "_variables.yml", variables)
    metadata = report_metadata(config)
    write_yaml(report_dir / GENERATED / "metadata.yml", metadata)
    write_reference_docx(report_dir / GENERATED / "referentie.docx")
    source = resolve_includes(
        read_text(report_dir / "index.qmd"), lambda path: read_text(report_dir / path)
    )
    source = resolve_vars(source, variables)
    epoch = build_epoch(config.date)
    templates = report_dir / "templates"
    with staging_dir(report_dir) as staging:
        write_yaml(staging / "metadata.yml", metadata)
        common = [
            "--metadata-file",
            str(staging / "metadata.yml"),
            "--lua-filter",
            str(report_dir / "filters" / "crossref.lua"),
            "--toc",
            "--toc-depth=2",
            "--standalone",
        ]
        html = staging / f"{round_id}.html"
        pandoc.convert(
            source,
            "html5",
            html,
            from_format=MARKDOWN,
            cwd=report_dir,
            epoch=epoch,
            options=[
                *common,
                "--embed-resources",
                "--template",
                str(templates / "rapport.html"),
                "--css",
                str(templates / "rapport.css"),
                "--section-divs",
                "--id-prefix=",
            ],
        )
        docx = staging / f"{round_id}.docx"
        pandoc.convert(
            source,
            "docx",
            docx,
            from_format=MARKDOWN,
            cwd=report_dir,
            epoch=epoch,
            options=[*common, "--reference-doc", str(report_dir / GENERATED / "referentie.docx")],
        )
        typst_source = pandoc.convert(
            source,
            "typst",
            None,
            from_format=MARKDOWN,
            cwd=report_dir,
            epoch=epoch,
            options=[*common, "--template", str(templates / "rapport.typ"), "--wrap=none"],
        )
        typ = report_dir / GENERATED / f"{round_id}.typ"
        write_text(typ, typst_source)
        pdf = staging / f"{round_id}.pdf"
        fonts = collect_fonts(report_dir / GENERATED / "fonts")
        typst.compile_pdf(
            typ,
            pdf,
            root=report_dir,
            font_paths=[fonts],
            standards=("ua-1",),
            timestamp=dt.datetime.fromtimestamp(epoch, dt.UTC),
        )
        return publish([html, pdf, docx], report_dir / OUTPUT)


def output_paths(root: Path, round_id: str) -> list[Path]:
    return [root / "report" / OUTPUT / f"{round_id}.{ext}" for ext in ("html", "pdf", "docx")]


def dump_variables(variables: dict) -> str:
    return yaml.safe_dump(variables, allow_unicode=True, sort_keys=True)
