"""The reviewer's trail in the sample round's review edition (HTML): statement -> its codes ->
an entry in Bronnen that quotes the cited text and names the raw file and place -> the row of
the notebook page that read it. Followed with a real HTML parser, link by link."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup, Tag
from docx import Document
from openpyxl import load_workbook

from evaltools.analyse.matrices import source_codes
from evaltools.privacy.scan import closed_evidence, withhold_quotes
from evaltools.report.render import review_paths
from tests.support.paths import SAMPLE

pytestmark = pytest.mark.slow

_CELL = re.compile(r"^(?P<sheet>[^!]+)!(?P<cell>[A-Z]+\d+)(?:, regel (?P<line>\d+))?$")


def flat(text: str) -> str:
    return " ".join(text.split())


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def located(raw: Path, file: str, place: str, text: str) -> bool:
    """Whether ``place`` in the raw file ``file`` holds the start of ``text``."""
    path = raw / file
    start = flat(text)[:40]
    cell = _CELL.match(place)
    if path.suffix == ".xlsx" and cell:
        workbook = load_workbook(path, read_only=True)
        value = workbook[cell["sheet"]][cell["cell"]].value
        workbook.close()
        lines = str(value or "").splitlines()
        if cell["line"]:
            lines = [lines[int(cell["line"]) - 1]] if int(cell["line"]) <= len(lines) else []
        return any(start in flat(line) for line in lines)
    number = int(place.split()[-1])
    if path.suffix == ".docx" and place.startswith("alinea "):
        return start in flat(Document(str(path)).paragraphs[number - 1].text)
    lines = path.read_text(encoding="utf-8").splitlines()
    return place.startswith("regel ") and start in flat(lines[number - 1])


def trail_problems(root: Path) -> tuple[int, list[str]]:
    """Every code link of the review edition's HTML followed to its entry and on to the
    notebook page: (codes walked, what is wrong)."""
    html = review_paths(root, SAMPLE)[0]
    soup = soup_of(html)
    tables = root / "data" / "processed" / SAMPLE / "tables"
    evidence = pd.read_csv(tables / "evidence.csv", dtype=str, keep_default_na=False)
    interviews = pd.read_csv(tables / "interviews.csv", keep_default_na=False)
    closed = closed_evidence({"evidence": evidence, "interviews": interviews})
    rows = {
        code: row
        for code, row in zip(source_codes(evidence).values(), evidence.itertuples(), strict=True)
    }
    entries = soup.select("div#sec-bijlage-bronnen li, section#sec-bijlage-bronnen li")
    order = [li.find("span", id=True)["id"] for li in entries]
    problems, pages, walked = [], {}, 0
    for link in soup.select("a.bron"):
        first = link["href"].removeprefix("#")
        label = link.get_text()
        # a range (B7–B9) links its first entry; the others follow it in the list
        codes = [label]
        if "–" in label:
            low, high = (int(part.removeprefix("B")) for part in label.split("–"))
            codes = [f"B{n}" for n in range(low, high + 1)]
            start = order.index(first) if first in order else -1
            if order[start : start + len(codes)] != [f"bron-{c.lower()}" for c in codes]:
                problems.append(f"{label}: de entries volgen niet op elkaar in Bronnen")
        for code in codes:
            walked += 1
            target = soup.find(id=f"bron-{code.lower()}")
            entry = target.find_parent("li") if isinstance(target, Tag) else None
            row = rows.get(code)
            if entry is None or row is None:
                problems.append(f"{code}: geen entry in Bronnen of geen bewijs")
                continue
            text = flat(entry.get_text(" "))
            cited = withhold_quotes(row.text) if row.id in closed else row.text
            if flat(cited) not in text:
                problems.append(f"{code}: de entry citeert de tekst niet: {text[:80]}")
            files = [c.get_text() for c in entry.find_all("code")]
            if files != [row.file] or not (root / "data" / "raw" / row.file).is_file():
                problems.append(f"{code}: de entry noemt {files}, niet {row.file}")
            if row.place not in text or not located(
                root / "data" / "raw", row.file, row.place, row.text
            ):
                problems.append(f"{code}: plaats {row.place} niet genoemd of niet in {row.file}")
            notebook = entry.find("a", class_="notebook-link")
            href = notebook["href"] if notebook else ""
            page, _, anchor = href.partition("#")
            if page not in pages and (html.parent / page).is_file():
                pages[page] = soup_of(html.parent / page)
            found = pages[page].find(id=anchor) if page in pages else None
            row_cells = found.find_parent("tr") if isinstance(found, Tag) else None
            if anchor != f"bewijs-{code.lower()}" or row_cells is None:
                problems.append(f"{code}: geen rij {href!r} op een notebookpagina")
            elif flat(cited) not in flat(row_cells.get_text(" ")):
                problems.append(f"{code}: de rij op {page} citeert de tekst niet")
    return walked, problems


def test_every_code_reaches_its_cited_text_raw_place_and_notebook_row(
    sample_project: Path,
) -> None:
    walked, problems = trail_problems(sample_project)
    assert walked > 200
    assert problems == []


def test_bronnen_names_each_document_once(sample_project: Path) -> None:
    soup = soup_of(review_paths(sample_project, SAMPLE)[0])
    section = soup.find(id="sec-bijlage-bronnen")
    documents = [flat(p.get_text()) for p in section.find_all("p") if p.find("strong")]
    assert len(documents) == len(set(documents)) == 14  # 7 zelfevaluaties, 7 interviews


def test_a_statement_with_a_wederhoor_response_links_it(sample_project: Path) -> None:
    soup = soup_of(review_paths(sample_project, SAMPLE)[0])
    responses = pd.read_csv(
        sample_project / "data" / "processed" / SAMPLE / "tables" / "wederhoor_responses.csv",
        keep_default_na=False,
    )
    assert len(responses) == 2
    for response in responses.itertuples():
        links = soup.select(f'a.wederhoor[href="#wederhoor-{response.statement}"]')
        assert len(links) == 1, response.statement
        assert f"({response.decision})" in flat(links[0].get_text())
        # the statement it follows is the one the hub responded to
        assert flat(response.current_text) in flat(links[0].find_parent("li").get_text(" "))
        target = soup.find(id=f"wederhoor-{response.statement}")
        assert target is not None and target.find_parent(id="sec-bijlage-wederhoor")
        assert response.decision in flat(target.find_parent("tr").get_text(" "))
    client = soup_of(sample_project / "report" / "_output" / f"{SAMPLE}.html")
    assert client.select("a.wederhoor") == []  # the client edition has no markers
