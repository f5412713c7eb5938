"""One edition of the report (client or review).

Read once into a pandoc tree, then written as HTML, PDF (via Typst) and DOCX.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from evaltools.ingest.texts import locate_in_texts
from evaltools.report.editions import (
    CLIENT,
    edition_options,
    edition_stem,
)
from evaltools.report.files import (
    GENERATED,
    OUTPUT,
    fill_stand_ins,
    read_text,
    write_text,
)
from evaltools.report.provenance import (
    SOURCES_LIST,
    joined_appendix,
    marker_codes,
    source_entries,
    sources_appendix_parts,
)
from evaltools.report.quarto import (
    ShortcodeError,
    expand,
    resolve_vars,
    unknown_references,
    unknown_vars,
)
from evaltools.report.reference_docx import fit_tables_to_page
from evaltools.report.render_cache import PartCache, step_key
from evaltools.report.render_parts import part_trees, read_in_parts
from evaltools.report.render_state import (
    EDITION_FILTERS,
    FORMAT_FILTERS,
    LABELS,
    LOCATE_ORDER,
    SOURCES_PART,
    SOURCES_STAND_IN,
    Build,
    Embeds,
)
from evaltools.round.programme import Programme
from evaltools.tools import pandoc, typst

# What the format writers read besides the edition's tree and the options in the code: the
# staged filters and templates (every file), and under _generated every file but the parts'
# text (already in the tree) and the Typst sources (made by the writers): figures, logos,
# fonts, the DOCX's reference document, the title data.
_WRITER_FOLDERS = ("filters", "templates")
_NOT_READ_BY_WRITERS = (".md", ".typ")


def writer_inputs(tree: Path) -> str:
    """SHA-256 over every file the format writers of a render read from the staged project.

    pandoc runs sandboxed and its filters open only files under _generated; Typst reads the
    images and fonts under the project's root: nothing else reaches a format unseen.
    """
    paths = [p for folder in _WRITER_FOLDERS for p in sorted((tree / folder).rglob("*"))]
    paths += [
        p for p in sorted((tree / GENERATED).rglob("*")) if p.suffix not in _NOT_READ_BY_WRITERS
    ]
    parts: list[str | Path] = []
    for path in paths:
        if path.is_file():
            parts += [path.relative_to(tree).as_posix(), path]
    return step_key(*parts)


class Edition:
    """One edition: its document tree (:meth:`read`), then HTML, PDF and DOCX in ``staging``.

    A format whose inputs are those of the last good render (the edition's tree, the files
    :func:`writer_inputs` covers, the code state) is not written again: the published file
    is reused (:mod:`evaltools.report.render_cache`). A change that touches only the review
    edition (a hub's interview note, shown in its Bronnen) leaves the client edition's three
    files as they were, without a pandoc or Typst run.
    """

    def __init__(self, build: Build, staging: Path, edition: str, inputs: str = "") -> None:
        self.build, self.staging, self.edition = build, staging, edition
        # writer_inputs of this render's staged project
        self.inputs = inputs
        self.stem = edition_stem(build.round_id, edition)
        self.name = "klanteditie" if edition == CLIENT else "review-editie"
        self.document = staging / f"{self.stem}.json"
        self.templates = build.tree / "templates"

    def _edition_filters(self) -> list[str]:
        """pandoc's options that make the edition's tree of the report's (see :meth:`read`)."""
        tree = self.build.tree
        # the edition filter runs first: it drops the other edition's sections and markers
        options = [*edition_options(tree, self.edition)]
        options += ["--metadata-file", str(self.staging / "metadata.yml")]
        for name in EDITION_FILTERS:
            options += ["--lua-filter", str(tree / "filters" / name)]
        return options

    def read(self, document: str) -> None:
        """The edition's document tree: numbered, cross-referenced, with its source links."""
        tree = self.build.tree
        options = self._edition_filters()
        if self.edition != CLIENT:
            # its numbering, for the notebook pages' links into it (see crossref.lua)
            options += ["--metadata", f"crossref-export:{(self.staging / LABELS).resolve()}"]
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

    def _key(self, extension: str, *extra: str | Path) -> str:
        build = self.build
        return step_key(
            f"{self.stem}.{extension}",
            self.document,
            self.inputs,
            str(build.epoch),
            "|".join(build.names),
            build.cache.code,
            *extra,
        )

    def _reused(self, extension: str, key: str, step: str) -> Path | None:
        """The published ``<stem>.<extension>``, copied into staging, if made from ``key``."""
        name = f"{self.stem}.{extension}"
        output = self.staging / name
        published = self.build.root / "report" / OUTPUT / name
        if self.build.cache.reuse_file(name, key, published, output):
            self.build.steps.reused(step)
            return output
        return None

    def reused_pdf(self) -> Path | None:
        """The PDF of the last good render, if this render would make the same (no Typst)."""
        return self._reused("pdf", self._key("pdf"), f"{self.name} pdf")

    def _write(
        self,
        to: str,
        output: Path | None,
        extra: list[str],
        toc: bool = True,
        report: str | None = None,
    ) -> str:
        """Write the edition's tree; or, with ``report``, the report's tree (pandoc's JSON)
        through the edition filters and the format's in one pandoc process, as the edition's
        tree would be written (the same filters in the same order, without the JSON between)."""
        tree = self.build.tree
        options = [] if report is None else self._edition_filters()
        for name in FORMAT_FILTERS:
            options += ["--lua-filter", str(tree / "filters" / name)]
        options += [*(["--toc", "--toc-depth=2"] if toc else []), "--standalone", *extra]
        return pandoc.convert(
            self.document if report is None else report,
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
            options = ["--template", str(self.templates / "rapport.typ"), "--wrap=none"]
            if build.names:  # the names the PDF never hyphenates (templates/rapport.typ)
                options += ["--metadata", "niet-afbreken:" + "|".join(build.names)]
            typst_source = self._write("typst", None, options)
            write_text(typ, typst_source)
        return typ

    def pdf(self, fonts: Path, typ: Path) -> Path:
        build = self.build
        output = self.staging / f"{self.stem}.pdf"
        key = self._key("pdf")  # before the PDF is made: what reused_pdf compared
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
        build.cache.record_file(output.name, key, output)
        return output

    def html(self, fonts_data: dict[str, str], report: str | None = None) -> Path:
        """The HTML page; its header's fonts go in after pandoc (see stand_in_stylesheet).

        With ``report`` (the report's tree, see :meth:`_write`): made beside :meth:`read`,
        not after it, and never reused (the preview: the page does not wait for the edition's
        tree, which the Typst source and the privacy check still read before it is shown).
        """
        output = self.staging / f"{self.stem}.html"
        style = self.staging / "rapport-style.html"
        key = ""
        if report is None:
            key = self._key("html", style, json.dumps(fonts_data, sort_keys=True))
            if self._reused("html", key, f"{self.name} html") is not None:
                return output
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
                    str(style),
                    "--section-divs",
                    "--id-prefix=",
                ],
                report=report,
            )
            fill_stand_ins(output, fonts_data)
        if key:
            self.build.cache.record_file(output.name, key, output)
        return output

    def docx(self) -> Path:
        output = self.staging / f"{self.stem}.docx"
        reference = self.build.tree / GENERATED / "referentie.docx"
        key = self._key("docx")  # the reference document is one of writer_inputs
        if self._reused("docx", key, f"{self.name} docx") is not None:
            return output
        with self.build.steps.step(f"{self.name} docx (pandoc)"):
            # the table of contents filled in (filters/docx_toc.lua), not pandoc's empty field
            toc = str(self.build.tree / "filters" / "docx_toc.lua")
            self._write(
                "docx", output, ["--lua-filter", toc, "--reference-doc", str(reference)], toc=False
            )
            fit_tables_to_page(output)
        self.build.cache.record_file(output.name, key, output)
        return output


def read_report(
    tree: Path,
    tables: dict,
    epoch: int,
    embeds: Embeds,
    markdown: str,
    texts: dict[str, str],
    variables: dict,
    parts: PartCache | None = None,
    programme: Programme | None = None,
) -> str:
    """The report's document tree (pandoc's JSON) with its Bronnen appendix, read once.

    The appendix lists the codes the report uses, read from the tree of the report (so a
    marker split over the lines of a grid-table cell still counts); the report is read with a
    stand-in for the appendix, the appendix on its own, and its blocks take the stand-in's
    place. Both editions start from this one tree: pandoc's Markdown reader, the slowest
    part of a read, runs once over the report instead of once per edition and once more for
    the codes. With ``parts``, the report is read part by part, each unchanged part's tree
    taken from the cache (:mod:`evaltools.report.render_parts`).
    """
    write_text(tree / GENERATED / SOURCES_PART, f"::: {{#{SOURCES_STAND_IN}}}\n:::\n")
    source = expand("index.qmd", _included(tree), embeds)
    _refuse_unknown(unknown_vars(source, variables), texts, "{{< var ", "variabele")

    def read(text: str) -> dict:
        if parts is None:
            return _parse(text, markdown, tree, epoch)
        return read_in_parts(
            text, parts.cached, parts.read, lambda whole: _parse(whole, markdown, tree, epoch)
        )

    document = read(resolve_vars(source, variables))
    _refuse_unknown(unknown_references(document), texts, "@", "kruisverwijzing")
    appendix = sources_appendix_parts(
        source_entries(tables),
        marker_codes(document),
        embeds.views,
        programme.unit if programme else None,
        programme is None or programme.typology is not None,
    )
    write_text(tree / GENERATED / SOURCES_PART, joined_appendix(*appendix))
    if parts is None:
        blocks = read(joined_appendix(*appendix))["blocks"]
    else:
        blocks = _appendix_blocks(*appendix, parts)
    document["blocks"] = _in_place_of(SOURCES_STAND_IN, document["blocks"], blocks)
    return json.dumps(document, ensure_ascii=False)


def _appendix_blocks(intro: str, documents: list[str], parts: PartCache) -> list:
    """The Bronnen appendix's blocks, its introduction and each document read on its own
    (one pandoc process for those not in ``parts``): the blocks of the whole read, as each
    document's Markdown is whole (a paragraph and a list, no heading, note or link
    definition; see sources_appendix_parts)."""
    trees = part_trees([intro, *documents], parts.cached, parts.read)
    if not documents:
        return trees[0]["blocks"]
    listed = [block for tree in trees[1:] for block in tree["blocks"]]
    return [*trees[0]["blocks"], {"t": "Div", "c": [["", [SOURCES_LIST], []], listed]}]


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
                "data/processed/<ronde>/quarto/_variables.yml (elke render schrijft daar alle "
                "namen)"
            )
    raise ShortcodeError("Onbekende verwijzingen in de rapportteksten:\n" + "\n".join(lines))


def locate_rank(document) -> tuple[int, str]:
    rank = next(
        (i for i, part in enumerate(LOCATE_ORDER) if part in document.file), len(LOCATE_ORDER)
    )
    return rank, document.file
