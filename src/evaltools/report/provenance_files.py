"""Files behind the Verantwoording appendix: input hashes, executed notebooks and their views."""

from __future__ import annotations

import base64
import hashlib
import json
import platform
import re
import tempfile
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

from evaltools.report.files import inline_stylesheet
from evaltools.report.provenance import (
    EVIDENCE_ANCHOR_PREFIX,
    EVIDENCE_NOTEBOOK,
    InputFile,
    NotebookRun,
)
from evaltools.tools import pandoc, typst

# The packages whose version decides what the report looks like, in the order shown.
MAIN_PACKAGES = (
    "evaltools",
    "pandas",
    "numpy",
    "matplotlib",
    "openpyxl",
    "python-docx",
    "pydantic",
    "PyYAML",
    "papermill",
    "nbformat",
    "pypandoc-binary",
)
NOTEBOOK_MARKDOWN = "markdown-raw_html-raw_tex-raw_attribute-smart"
_SPLIT = "EVALTOOLSNOTEBOOKOUTPUTSPLIT"
SOURCES_FILTER = Path("filters") / "sources.lua"
"""In the staged project: the filter that makes source markers links (on a notebook page:
links to the rows of the evidence listing on the ingest notebook's page)."""
# A figure that a notebook's Markdown output places in the report (``_generated/figures/...``):
# on the notebook's own page it is embedded from the staged project, or it would be a broken
# image (pandoc's sandbox fetches nothing).
_FIGURE = r"_generated/figures/[A-Za-z0-9_][A-Za-z0-9_.-]*\.(svg|png)"
_FIGURE_SRC = re.compile(f'src="({_FIGURE})"')
_FIGURE_TYPES = {"svg": "image/svg+xml", "png": "image/png"}
_IMG = re.compile(r"<img\b[^>]*>")
# An HTML comment in a Markdown output (a round text's place, <!-- tekst: ... -->): the report
# fills or drops it; on the page it would be shown as text (raw HTML is off).
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
# A cross-reference in a Markdown output, as pandoc's Markdown reader finds it (roughly: for
# the key of a page, which of the report's labels it shows).
_REFERENCE = re.compile(r"@((?:sec|tbl|fig)-[\w-]*\w)")
_ALT = re.compile(r'\salt="([^"]*)"')


def input_files(raw_dir: Path, root: Path) -> list[InputFile]:
    """Every file of the round folder (recursively, hidden and lock files left out)."""
    files = []
    for path in sorted(Path(raw_dir).rglob("*")):
        relative = path.relative_to(raw_dir)
        if not path.is_file() or any(p.startswith((".", "~$")) for p in relative.parts):
            continue
        data = path.read_bytes()
        files.append(
            InputFile(
                path.relative_to(root).as_posix(), len(data), hashlib.sha256(data).hexdigest()
            )
        )
    return files


def tool_versions() -> list[tuple[str, str]]:
    """Python, pandoc, Typst and the main packages, as (name, version)."""
    versions = [
        ("Python", platform.python_version()),
        ("pandoc", pandoc.version()),
        ("Typst (Python-pakket typst)", typst.version()),
    ]
    for name in MAIN_PACKAGES:
        try:
            versions.append((name, package_version(name)))
        except PackageNotFoundError:
            versions.append((name, "niet geïnstalleerd"))
    return versions


def executed_notebooks(processed: Path, root: Path) -> list[tuple[Path, NotebookRun]]:
    """The executed notebooks of a round (ingest first, then the analysis, by name)."""
    paths = sorted((Path(processed) / "notebooks").glob("*.ipynb")) + sorted(
        (Path(processed) / "analyse" / "notebooks").glob("*.ipynb")
    )
    runs = []
    for path in paths:
        recorded = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        papermill = recorded.get("papermill", {})
        runs.append(
            (
                path,
                NotebookRun(
                    path.name,
                    path.relative_to(root).as_posix(),
                    str(papermill.get("input_path", "")),
                    dict(papermill.get("parameters", {})),
                ),
            )
        )
    return runs


def _markdown_outputs(data: dict) -> list[dict]:
    return [
        out["data"]
        for cell in data.get("cells", [])
        for out in cell.get("outputs", [])
        if "text/markdown" in out.get("data", {}) and "text/html" not in out.get("data", {})
    ]


def _text(bundle: dict) -> str:
    text = bundle["text/markdown"]
    return "".join(text) if isinstance(text, list) else text


def notebook_figures(notebook: Path, cwd: Path) -> list[Path]:
    """The report figures (in ``cwd``) that the notebook's Markdown outputs show, in order."""
    data = json.loads(Path(notebook).read_text(encoding="utf-8"))
    text = "\n".join(_text(bundle) for bundle in _markdown_outputs(data))
    names = [match.group(0) for match in re.finditer(_FIGURE, text)]
    return [cwd / name for name in dict.fromkeys(names) if (cwd / name).is_file()]


def _embed_figures(html: str, cwd: Path) -> str:
    """``html`` with each report figure as a data URI; an SVG is marked ``role="img"`` with its
    alt text as ``aria-label`` (as pandoc's ``--embed-resources`` marks an embedded SVG)."""

    def embedded(tag: re.Match[str]) -> str:
        source = _FIGURE_SRC.search(tag.group(0))
        if source is None or not (cwd / source.group(1)).is_file():
            return tag.group(0)
        path = cwd / source.group(1)
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        text = tag.group(0).replace(
            source.group(0), f'src="data:{_FIGURE_TYPES[source.group(2)]};base64,{encoded}"'
        )
        if source.group(2) != "svg":
            return text
        alt = _ALT.search(text)
        label = f' aria-label="{alt.group(1)}"' if alt is not None else ""
        return f'<img role="img"{label}' + text.removeprefix("<img")

    return _IMG.sub(embedded, html)


def notebook_references(notebook: Path) -> list[str]:
    """The cross-references (``tbl-x``, ``sec-x``, ``fig-x``) in a notebook's Markdown outputs."""
    data = json.loads(Path(notebook).read_text(encoding="utf-8"))
    text = "\n".join(_text(bundle) for bundle in _markdown_outputs(data))
    return sorted(set(_REFERENCE.findall(text)))


def report_labels(path: Path) -> dict[str, str]:
    """The report's cross-reference labels (id -> "tabel 12") that crossref.lua wrote."""
    labels = json.loads(Path(path).read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in labels.items()} if labels else {}


def markdown_outputs_html(
    notebooks: list[Path],
    cwd: Path,
    labels: dict[str, str] | None = None,
    report: str = "",
) -> dict[Path, list[str]]:
    """The HTML of each Markdown-only output of each notebook, in order, its figures embedded.

    One pandoc process converts the outputs of all ``notebooks`` (a process per notebook cost
    as much as the conversions), each notebook's outputs as one text, cut apart again at a
    marker paragraph, as the notebook's own page would convert them; raw HTML is off, as in
    the report. The report figures the outputs show (:func:`notebook_figures`) are embedded
    from ``cwd``, the staged project. A source marker (``[B1, B4]{.bron}``) becomes links to
    the codes' rows on the ingest notebook's page, by the report's own filter
    (:data:`SOURCES_FILTER`), so codes read in the same order and ranges as in the report.

    As the report reads them, with its own filter (``filters/crossref.lua`` in ``cwd``): a
    cross-reference becomes a link to ``report`` (the review edition's page) with the report's
    number (``labels``: id -> "tabel 12", as the report's render wrote them), a table the
    report numbers gets that number. HTML comments (a round text's place) are left out, and
    the headings of each output start at level 2 (``filters/notebook_outputs.lua``).
    """
    texts = {
        Path(path): [
            _COMMENT.sub("", _text(bundle))
            for bundle in _markdown_outputs(json.loads(Path(path).read_text(encoding="utf-8")))
        ]
        for path in notebooks
    }
    with_outputs = [path for path, parts in texts.items() if parts]
    filters = Path(cwd).resolve() / "filters"
    converted = pandoc.convert_each(
        [f"\n\n{_SPLIT}\n\n".join(texts[path]) for path in with_outputs],
        "html5",
        from_format=NOTEBOOK_MARKDOWN,
        filters=[
            Path(cwd).resolve() / SOURCES_FILTER,
            filters / "crossref.lua",
            filters / "notebook_outputs.lua",
        ],
        metadata={
            "bron-doel": f"{EVIDENCE_NOTEBOOK}#{EVIDENCE_ANCHOR_PREFIX}",
            "crossref-labels": labels or {},
            "crossref-target": report,
        },
    )
    result: dict[Path, list[str]] = {path: [] for path in texts}
    for path, html in zip(with_outputs, converted, strict=True):
        parts = html.split(f"<p>{_SPLIT}</p>")
        if len(parts) != len(texts[path]):
            raise pandoc.PandocError(f"Notebook {path.name}: uitvoer niet te splitsen.")
        result[path] = [_embed_figures(part.strip(), Path(cwd)) + "\n" for part in parts]
    return result


def write_notebook_view(
    notebook: Path,
    output: Path,
    title: str,
    cwd: Path,
    epoch: int,
    css: Path | None = None,
    *,
    style: Path | None = None,
    outputs_html: list[str] | None = None,
) -> Path:
    """A self-contained, readable HTML page of an executed notebook (pandoc's ipynb reader).

    ``css`` is the page's stylesheet; ``style`` instead is one already made into a header
    (:func:`inline_stylesheet`), shared by many pages.

    pandoc leaves out outputs that are only Markdown (``IPython.display.Markdown``): those are
    converted to HTML first (:func:`markdown_outputs_html`; ``outputs_html`` when the caller
    converted them already, with those of other notebooks).
    """
    data = json.loads(Path(notebook).read_text(encoding="utf-8"))
    bundles = _markdown_outputs(data)
    if outputs_html is None:
        outputs_html = markdown_outputs_html([Path(notebook)], cwd)[Path(notebook)]
    if len(outputs_html) != len(bundles):
        raise pandoc.PandocError(f"Notebook {Path(notebook).name}: uitvoer niet te splitsen.")
    for bundle, html in zip(bundles, outputs_html, strict=True):
        bundle["text/html"] = html
        bundle.pop("text/plain", None)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        if style is None and css is not None:
            style = inline_stylesheet(css, Path(scratch) / "style.html")
        pandoc.convert(
            json.dumps(data, ensure_ascii=False),
            "html5",
            output,
            from_format="ipynb",
            options=[
                "--standalone",
                # a <main> landmark, figures' descriptions, outputs that scroll reachable
                "--lua-filter",
                str(Path(cwd) / "filters" / "notebook_page.lua"),
                # self-contained: the stylesheet is inlined, the figures become data URIs
                "--lua-filter",
                str(pandoc.EMBED_IMAGES_FILTER),
                *([f"--include-in-header={style}"] if style else []),
                f"--metadata=title:{title}",
                "--metadata=lang:nl",
            ],
            cwd=cwd,
            epoch=epoch,
        )
    return output
