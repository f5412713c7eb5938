"""Files of the report build: a round's Quarto project under data/processed/<round>/quarto/.

Everything a render generates for one round lives in that round's folder (its texts, the
executed notebooks the report embeds, variables, metadata and the staging of the outputs), so
renders of different rounds never share a file; a lock per round keeps two renders of the same
round apart. Only the finished outputs go to report/_output.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from evaltools.privacy.scan import Document, unescape_markdown
from evaltools.report.quarto import (
    cell_label,
    embed_shortcode,
    include_sites,
    place_parts,
    shift_headings,
)
from evaltools.tools import typst

GENERATED = "_generated"
OUTPUT = "_output"
QUARTO = "quarto"
NOTEBOOKS = "notebooks"
TEXTS = f"{GENERATED}/teksten"
HUB_APPENDIX = f"{GENERATED}/hub-bijlagen.md"
HUB_LABEL = "hub-bijlage"
# each hub's section in the appendix ends with what changed since the previous round (empty
# for a round without one)
HUB_CHANGES_LABEL = "hub-veranderingen"
# What of report/ a round's project takes; the rest there is output or another round's state.
_NOT_STAGED = shutil.ignore_patterns(GENERATED, OUTPUT, "_variables.yml", ".*")


def write_yaml(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def read_text(path: Path) -> str:
    # utf-8-sig: a BOM that an editor put in front of a round text is not text
    return Path(path).read_text(encoding="utf-8-sig")


def quarto_dir(processed: Path) -> Path:
    """The round's Quarto project: ``data/processed/<round>/quarto``."""
    return Path(processed) / QUARTO


def stage_project(
    report_dir: Path, tree: Path, texts_dir: Path, analysis_dir: Path, hubs: list[str]
) -> list[str]:
    """Make ``tree`` a complete Quarto project of the round, staged from ``report_dir``.

    The sources of report/ (index.qmd, _quarto.yml, filters, templates), the executed analysis
    notebooks in notebooks/, the figures, the round's texts in _generated/teksten/ (placement
    comments turned into embed shortcodes) and the hub appendix as two embeds per hub (its
    section, then what changed since the previous round). Returns
    the texts and parts the report asks for but the round does not have; those get a visible
    notice so that the gap shows in the report and in the review.
    """
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(report_dir, tree, ignore=_NOT_STAGED)
    shutil.copytree(analysis_dir / "notebooks", tree / NOTEBOOKS)
    shutil.copytree(analysis_dir / "figures", tree / GENERATED / "figures")
    available = {
        label: f"/{NOTEBOOKS}/{path.name}"
        for path in sorted((tree / NOTEBOOKS).glob("*.ipynb"))
        if not path.name.startswith("hub-")
        for label in notebook_outputs(path)
    }
    missing = []
    for path, level in include_sites(read_text(tree / "index.qmd")):
        if not path.startswith(f"{TEXTS}/"):
            continue
        name = path.removeprefix(f"{TEXTS}/")
        source = texts_dir / name
        if source.is_file():
            text, absent = place_parts(read_text(source), available)
            missing += [f"{name} (onderdeel)" for name in absent]
            text = shift_headings(text, level, numbered=level >= 2)
        else:
            missing.append(name)
            text = (
                # the callout's title: not numbered, not in the table of contents
                "::: {.callout-warning}\n## Tekst ontbreekt {.unnumbered .unlisted}\n\n"
                f"De ronde heeft nog geen tekst voor dit onderdeel (teksten/{name}).\n:::\n"
            )
        write_text(tree / path, text)
    write_text(
        tree / HUB_APPENDIX,
        "\n".join(
            embed_shortcode(f"/{NOTEBOOKS}/hub-{hub}.ipynb", label) + "\n"
            for hub in hubs
            for label in (HUB_LABEL, HUB_CHANGES_LABEL)
        ),
    )
    return missing


def round_texts(texts_dir: Path) -> dict[str, str]:
    """The round's texts by name without suffix (``bevindingen/bedrijven``), for text slots."""
    if not texts_dir.is_dir():
        return {}
    return {
        p.relative_to(texts_dir).with_suffix("").as_posix(): read_text(p)
        for p in sorted(texts_dir.rglob("*.md"))
    }


@cache
def _notebook_cells(path: Path, mtime: float) -> tuple[tuple[str, str, str], ...]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = []
    for cell in data.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        label = cell_label(_joined(cell.get("source", "")))
        if label is None:
            continue
        markdown = "".join(
            _joined(output["data"]["text/markdown"])
            for output in cell.get("outputs", [])
            if "text/markdown" in output.get("data", {})
        )
        cells.append((label, str(cell.get("id", label)), markdown))
    return tuple(cells)


def notebook_outputs(path: Path) -> dict[str, str]:
    """label -> Markdown output of every labelled cell of an executed notebook (Quarto's embed)."""
    path = Path(path)
    return {label: md for label, _, md in _notebook_cells(path, path.stat().st_mtime)}


def notebook_cell_ids(path: Path) -> dict[str, str]:
    """label -> the cell's id (the anchor of that cell in the notebook's HTML page)."""
    path = Path(path)
    return {label: cell_id for label, cell_id, _ in _notebook_cells(path, path.stat().st_mtime)}


def embedded_documents(tree: Path, used: Mapping[str, set[str]], label: str) -> list[Document]:
    """The Markdown outputs the report embeds, line by line, for locating what leaked."""
    documents = []
    for notebook, labels in sorted(used.items()):
        outputs = notebook_outputs(tree / notebook)
        for cell in sorted(labels):
            lines = outputs.get(cell, "").splitlines()
            documents.append(
                Document(
                    f"{label}/{notebook}, cel {cell}",
                    [(f"regel {n}", unescape_markdown(line)) for n, line in enumerate(lines, 1)],
                )
            )
    return documents


def _joined(text: str | list[str]) -> str:
    return "".join(text) if isinstance(text, list) else text


def collect_fonts(target: Path) -> Path:
    """Copy the report's open fonts (Source Sans Pro, OFL, from its PyPI package) to ``target``.

    Only the TrueType files, in a fixed order, so that Typst picks the same faces everywhere.
    """
    import font_source_sans_pro

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    source = Path(font_source_sans_pro.font_directory)
    for font in sorted(source.glob("*.ttf")):
        shutil.copy2(font, target / font.name)
    shutil.copy2(source / "LICENSE.txt", target / "LICENSE-SourceSansPro.txt")
    return target


_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_MEDIA_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff2": "font/woff2", ".png": "image/png"}


def inline_stylesheet(css: Path, target: Path) -> Path:
    """Write ``target``: a ``<style>`` block with ``css`` and its fonts as data URIs.

    pandoc runs sandboxed (it reads only the files named on its command line), so it cannot
    embed a stylesheet or the fonts it points to itself; it does include this header file.
    Only files inside the stylesheet's project (``css``'s grandparent) are embedded.
    """
    write_text(target, _style_block(css, lambda data: data))
    return target


def stand_in_stylesheet(css: Path, target: Path) -> dict[str, str]:
    """Like :func:`inline_stylesheet`, but each data URI holds a short stand-in for its data.

    Returns stand-in -> data; :func:`fill_stand_ins` puts the data into the written page.
    pandoc writes the page with the stand-ins (its ``--embed-resources`` is not used: it
    re-read and re-wrote the whole page, fonts and figures included). The stylesheet's
    comments are notes for its authors and stay out of the report, as that option left them.
    """
    stand_ins: dict[str, str] = {}

    def stand_in(data: str) -> str:
        key = f"{_STAND_IN}{len(stand_ins):04d}"
        stand_ins[key] = data
        return key

    write_text(target, _style_block(css, stand_in, comments=False))
    return stand_ins


def fill_stand_ins(page: Path, stand_ins: Mapping[str, str]) -> None:
    """Replace each stand-in of :func:`stand_in_stylesheet` in ``page`` by its data.

    The header comes before the body, so a stand-in's first occurrence is the header's own.
    """
    html = Path(page).read_bytes()  # bytes: the page is written back exactly as pandoc made it
    for key, data in stand_ins.items():
        if key.encode("ascii") not in html:
            raise ValueError(f"{Path(page).name}: {key} ontbreekt in de kop van de pagina.")
        html = html.replace(key.encode("ascii"), data.encode("ascii"), 1)
    Path(page).write_bytes(html)


# base64's own alphabet ("evaltools" in base64), so that no reader of a data URI trips on it
_STAND_IN = "ZXZhbHRvb2xz"


def _style_block(css: Path, data: Callable[[str], str], *, comments: bool = True) -> str:
    css = Path(css)
    inside = css.parent.parent.resolve()

    def data_uri(match: re.Match) -> str:
        source = (css.parent / match.group(1)).resolve()
        kind = _MEDIA_TYPES.get(source.suffix.lower())
        if kind is None or not source.is_relative_to(inside) or not source.is_file():
            return match.group(0)
        encoded = base64.b64encode(source.read_bytes()).decode("ascii")
        return f'url("data:{kind};base64,{data(encoded)}")'

    style = css.read_text(encoding="utf-8")
    if not comments:
        style = _CSS_COMMENT.sub("", style)
    style = _CSS_URL.sub(data_uri, style)
    return f"<style>\n{style}\n</style>\n"


def copy_logos(raw_dir: Path, target: Path, names: dict[str, str]) -> None:
    """Copy the round's cover logos (round file -> fixed name) into ``target``, fresh each time."""
    shutil.rmtree(target, ignore_errors=True)
    if not names:
        return
    target.mkdir(parents=True)
    for file, name in names.items():
        shutil.copyfile(Path(raw_dir) / file, target / name)


@contextmanager
def staging_dir(folder: Path) -> Iterator[Path]:
    """A scratch folder in the round's folder, removed afterwards whatever happened.

    Called under the round's lock: a scratch folder left by a killed render goes first.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for left in folder.glob(".render-*"):
        shutil.rmtree(left, ignore_errors=True)
    path = Path(tempfile.mkdtemp(prefix=".render-", dir=folder))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


FACTSHEETS = "factsheets"
# the Typst template of a hub's factsheet; its data come from report.factsheet
FACTSHEET_TEMPLATE = Path(__file__).parent / "templates" / "factsheet.typ"


def write_factsheet(
    out_dir: Path,
    hub: str,
    data: dict[str, Any],
    images: list[Path],
    timestamp: dt.datetime,
    template: Path = FACTSHEET_TEMPLATE,
) -> Path:
    """Compile the factsheet ``template`` with ``data`` to ``factsheets/<hub>.pdf``.

    The data go to Typst as one JSON string in ``sys.inputs``; ``images`` are placed beside the
    template, in a scratch folder that holds nothing else, so the PDF does not depend on where
    the project lives.
    """
    target = Path(out_dir) / FACTSHEETS / f"{hub}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for image in images:
            shutil.copyfile(image, folder / Path(image).name)
        shutil.copyfile(template, folder / "factsheet.typ")
        typst.compile_pdf(
            folder / "factsheet.typ",
            folder / f"{hub}.pdf",
            root=folder,
            font_paths=[collect_fonts(folder / "fonts")],
            timestamp=timestamp,
            inputs={"data": json.dumps(data, ensure_ascii=False, sort_keys=True)},
            # Typst's caches stay in the process that compiled (some 100 MiB per factsheet):
            # in the warm kernel that runs hub after hub they would add up to gigabytes
            separate_process=True,
        )
        shutil.move(folder / f"{hub}.pdf", target)
    return target
