"""The report as readers get it: input text stays text, the report embeds the notebooks'
outputs and links every table and figure to the cell that made it, renders of different rounds
are independent, and Quarto can render the same sources."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import openpyxl
import pytest
from bs4 import BeautifulSoup
from docx import Document

from evaltools.report.files import notebook_outputs, quarto_dir
from evaltools.report.quarto import EMBED, ShortcodeError, join_path
from evaltools.report.render import output_paths, render_report, review_paths
from tests.support.builds import PLANTED_MARKUP, Planted
from tests.support.notebooks import add_to_cell_output
from tests.support.paths import MINI
from tests.support.pdf_text import flat_pdf_text
from tests.support.project import copy_of

pytestmark = pytest.mark.slow


def test_markup_in_input_text_is_shown_literally_everywhere(planted_project: Planted) -> None:
    """Markup planted in hub alpha's assessment (tests/builds/conftest.py), ingested, analysed and
    rendered."""
    html, pdf, docx = output_paths(planted_project.root, MINI)

    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    assert soup.find("script") is None
    assert not soup.find("a", href="http://x.invalid")
    cells = [" ".join(td.get_text(" ").split()) for td in soup.find_all("td")]
    assert any(PLANTED_MARKUP in cell for cell in cells)

    pdf_text = flat_pdf_text(pdf)
    assert PLANTED_MARKUP in pdf_text

    docx_cells = [c.text for t in Document(str(docx)).tables for r in t.rows for c in r.cells]
    assert any(PLANTED_MARKUP in " ".join(cell.split()) for cell in docx_cells)


NUMBERED = re.compile(r"^(?P<number>\d+(?:\.\d+)*)\s+(?P<title>.+)$")


def outline(html: Path) -> tuple[list[tuple[str, str]], int, list[str]]:
    """Numbered headings (number, title), the number of tables and the tables' numbers."""
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    headings = []
    for heading in soup.find_all(["h1", "h2", "h3", "h4"]):
        match = NUMBERED.match(" ".join(heading.get_text(" ").split()))
        if match:
            headings.append((match["number"], match["title"]))
    captions = " ".join(" ".join(c.get_text(" ").split()) for c in soup.find_all("caption"))
    captions += " ".join(" ".join(c.get_text(" ").split()) for c in soup.find_all("figcaption"))
    return headings, len(soup.find_all("table")), re.findall(r"Tabel (\d+)[.:]", captions)


@pytest.mark.skipif(
    shutil.which("quarto") is None,
    reason="Quarto is niet geïnstalleerd (niet verkrijgbaar via PyPI, Debian of npm); "
    "de Quarto-route wordt getest waar 'quarto' op het PATH staat.",
)
def test_quarto_renders_the_same_sources(built_project: Path, tmp_path: Path) -> None:
    """Quarto renders a round's staged project with the same headings, tables and numbers."""
    tree = tmp_path / "quarto"
    shutil.copytree(quarto_dir(built_project / "data" / "processed" / MINI), tree)
    result = subprocess.run(
        ["quarto", "render", ".", "--to", "html"],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    ours = outline(output_paths(built_project, MINI)[0])
    theirs = outline(tree / "_output" / "index.html")
    assert ours[0] and theirs[0] == ours[0]  # numbered headings: number and title
    assert theirs[1] == ours[1]  # tables
    assert theirs[2] == ours[2] == [str(n) for n in range(1, len(ours[2]) + 1)]


def embed_sites(tree: Path) -> list[tuple[str, int, str, str]]:
    """(file, line, notebook, label) of every embed shortcode of a round's Quarto project."""
    sites = []
    files = [tree / "index.qmd", *sorted((tree / "_generated").rglob("*.md"))]
    for path in files:
        name = path.relative_to(tree).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            embed = EMBED.match(line)
            if embed:
                notebook = join_path(name.rpartition("/")[0], embed["path"])
                sites.append((name, number, notebook, embed["label"]))
    return sites


def test_every_embed_names_an_existing_labelled_cell(built_project: Path) -> None:
    tree = quarto_dir(built_project / "data" / "processed" / MINI)
    sites = embed_sites(tree)
    embedded = {(notebook, label) for _, _, notebook, label in sites}
    # index.qmd's own parts and one appendix per hub (the mini round's texts place no part)
    assert ("notebooks/criteria.ipynb", "criteriumtabellen") in embedded
    assert ("notebooks/doelen.ipynb", "doelen") in embedded
    assert {
        ("notebooks/hub-alpha.ipynb", "hub-bijlage"),
        ("notebooks/hub-beta.ipynb", "hub-bijlage"),
    } <= embedded
    for name, number, notebook, label in sites:
        assert (tree / notebook).is_file(), f"{name}:{number}: {notebook}"
        # the label exists (a part may be empty: no changes section without a previous round)
        assert label in notebook_outputs(tree / notebook), f"{name}:{number}: {label}"
    # every labelled cell of the analysis notebooks can be placed by a round text
    cells = {
        (f"notebooks/{path.name}", label)
        for path in (tree / "notebooks").glob("*.ipynb")
        for label in notebook_outputs(path)
    }
    assert embedded < cells
    assert {"typologie", "allocatie", "budget", "combinaties"} <= {label for _, label in cells}
    assert not (built_project / "data" / "processed" / MINI / "analyse" / "fragments").exists()


def test_changing_a_notebook_cell_output_changes_the_report(
    built_project: Path, tmp_path: Path
) -> None:
    project = copy_of(built_project, tmp_path)
    sentence = "Deze zin komt alleen uit de notebookcel."
    assert sentence not in output_paths(project, MINI)[0].read_text(encoding="utf-8")
    text = project / "data" / "raw" / MINI / "teksten" / "conclusies.md"
    text.write_text("De typologie:\n\n<!-- tabel: typologie -->\n", encoding="utf-8")
    notebook = project / "data" / "processed" / MINI / "analyse" / "notebooks" / "typologie.ipynb"
    add_to_cell_output(notebook, "typologie", f"\n{sentence}\n")
    render_report(project, MINI)
    html, pdf, docx = output_paths(project, MINI)
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    assert sentence in " ".join(soup.find(id="sec-conclusies").get_text(" ").split())
    assert soup.find("table", id="tbl-typologie") is not None
    assert sentence in " ".join(p.text for p in Document(str(docx)).paragraphs)


def test_an_unknown_embed_label_is_a_dutch_error_naming_file_and_line(
    built_project: Path, tmp_path: Path
) -> None:
    project = copy_of(built_project, tmp_path)
    before = {p.name: p.read_bytes() for p in output_paths(project, MINI)}
    index = project / "report" / "index.qmd"
    lines = index.read_text(encoding="utf-8").splitlines()
    at = lines.index("{{< embed notebooks/doelen.ipynb#doelen >}}")
    lines[at] = "{{< embed notebooks/doelen.ipynb#doelen-bestaat-niet >}}"
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ShortcodeError) as caught:
        render_report(project, MINI)
    assert str(caught.value).startswith(
        f"index.qmd, regel {at + 1}: de embed-shortcode verwijst naar cel "
        "'doelen-bestaat-niet' in notebooks/doelen.ipynb, maar dat notebook heeft geen cel"
    )
    assert {p.name: p.read_bytes() for p in output_paths(project, MINI)} == before


def test_every_table_and_figure_of_a_notebook_links_to_its_cell(built_project: Path) -> None:
    """In the review edition's HTML; the client edition links to no notebook page."""
    client = output_paths(built_project, MINI)[0].read_text(encoding="utf-8")
    assert 'class="notebook-link"' not in client
    html = review_paths(built_project, MINI)[0]
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    made_here = {"tbl-bronnen", "tbl-notebooks"}  # the renderer's own appendices
    floats = [
        element
        for element in soup.find_all(["table", "figure"])
        if element.get("id") not in made_here and element.find_parent("figure") is None
    ]
    assert len(floats) > 10
    pages: dict[Path, set[str]] = {}
    for element in floats:
        link = element.find_next_sibling()
        assert link is not None and "notebook-link" in link.get("class", []), element.get("id")
        href = urlsplit(link.a["href"])
        page = html.parent / unquote(href.path)
        assert page.is_file(), href.path
        if page not in pages:
            pages[page] = {
                tag["id"]
                for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")(id=True)
            }
        assert href.fragment in pages[page], link.a["href"]
    assert {p.name for p in pages} >= {"criteria.html", "scores.html", "hub-alpha.html"}
    # PDF and DOCX carry no link to pages that are not beside them
    docx = review_paths(built_project, MINI)[2]
    assert "Gemaakt in notebook" not in " ".join(p.text for p in Document(str(docx)).paragraphs)


def second_round(project: Path, round_id: str, title: str) -> None:
    """A second round in the project: the mini round's inputs and analysis under another id."""
    raw, processed = project / "data" / "raw", project / "data" / "processed"
    shutil.copytree(raw / MINI, raw / round_id)
    config = raw / round_id / "round.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(f"ronde: {MINI}", f"ronde: {round_id}").replace(
            "titel: Testevaluatie Minihubs", f"titel: {title}"
        ),
        encoding="utf-8",
    )
    # the forms name their round (Formulier!B1): the render's check validates the raw round
    for form in sorted((raw / round_id / "zelfevaluaties").glob("*.xlsx")):
        book = openpyxl.load_workbook(form)
        assert book["Formulier"]["B1"].value == MINI
        book["Formulier"]["B1"] = round_id
        book.save(form)
    shutil.copytree(processed / MINI, processed / round_id)
    shutil.rmtree(processed / round_id / "quarto")
    tables = processed / round_id / "tables" / "round.json"
    data = json.loads(tables.read_text(encoding="utf-8"))
    assert data["ronde"] == MINI and data["titel"] == "Testevaluatie Minihubs"
    data.update(ronde=round_id, titel=title)
    tables.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_two_renders_of_different_rounds_at_once_give_two_correct_reports(
    built_project: Path, tmp_path: Path
) -> None:
    project = copy_of(built_project, tmp_path)
    second_round(project, "mini-twee", "Tweede Testevaluatie")
    shutil.rmtree(project / "report" / "_output")
    renders = [
        subprocess.Popen(
            [sys.executable, "-m", "evaltools", "render", round_id, "--project", str(project)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for round_id in (MINI, "mini-twee")
    ]
    for render in renders:
        out, err = render.communicate(timeout=600)
        assert render.returncode == 0, err
    for round_id, title, other in (
        (MINI, "Testevaluatie Minihubs", "Tweede Testevaluatie"),
        ("mini-twee", "Tweede Testevaluatie", "Testevaluatie Minihubs"),
    ):
        html = output_paths(project, round_id)[0].read_text(encoding="utf-8")
        heading = BeautifulSoup(html, "html.parser").title.get_text()
        assert title in heading and other not in heading, round_id
        tree = quarto_dir(project / "data" / "processed" / round_id)
        assert f"id: {round_id}" in (tree / "_variables.yml").read_text(encoding="utf-8")
        assert not list(tree.parent.glob(".render-*"))
    assert not (project / "report" / "_generated").exists()
    assert not (project / "report" / "_variables.yml").exists()


def test_html_pages_carry_their_style_and_font_inside(built_project: Path) -> None:
    """pandoc runs sandboxed: the stylesheet and the font must be in the page, not linked."""
    pages = [
        *output_paths(built_project, MINI)[:1],
        *review_paths(built_project, MINI)[:1],
        *sorted((built_project / "report" / "_output" / f"{MINI}-notebooks").glob("*.html")),
    ]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<link rel="stylesheet"' not in html, page.name
        assert "<style>" in html, page.name
    report = output_paths(built_project, MINI)[0].read_text(encoding="utf-8")
    assert 'src: url("data:font/ttf;base64,' in report
