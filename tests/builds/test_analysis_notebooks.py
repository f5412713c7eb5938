"""The analysis notebooks run on a round: byte-stable reruns, the hub appendix and factsheets."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from evaltools.analyse import stage as analyse_stage
from evaltools.ingest.processed import read_config, read_tables
from evaltools.report.files import notebook_outputs
from evaltools.report.hub_parts import hub_facts
from evaltools.report.render import output_paths
from evaltools.round.paths import Layout
from evaltools.tools.papermill import NotebookError
from tests.support.builds import Reanalysis
from tests.support.paths import MINI, SAMPLE
from tests.support.pdf_text import flat_pdf_text

pytestmark = pytest.mark.slow


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_running_the_analysis_twice_gives_identical_bytes(
    built_project: Path, reanalysed_project: Reanalysis
) -> None:
    """The session's first analysis (two workers, warm kernels) against a second run (every
    notebook executed again, one after another, each in a fresh kernel): the same files, byte
    for byte."""
    first = built_project / "data" / "processed" / MINI / "analyse"
    again = reanalysed_project.root / "data" / "processed" / MINI / "analyse"
    before, after = digests(first), digests(again)
    assert "notebooks/hub-alpha.ipynb" in before and "factsheets/beta.pdf" in before
    assert "tables/kpis.csv" in before and "figures/profiel-alpha.svg" in before
    assert sorted(before) == sorted(after)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == []


def test_hub_appendix_holds_every_hub_in_configuration_order(built_project: Path) -> None:
    html = output_paths(built_project, MINI)[0].read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    appendix = soup.find(id="sec-bijlage-hubs")
    assert appendix is not None
    sections = [s["id"] for s in appendix.find_all("section", id=True)]
    hub_sections = [s for s in sections if s in ("sec-hub-alpha", "sec-hub-beta")]
    assert hub_sections == ["sec-hub-alpha", "sec-hub-beta"]
    kpis = soup.find("table", id="tbl-hub-alpha-kpis")
    cells = [" ".join(td.get_text(" ").split()) for td in kpis.find_all("td")]
    assert "+24" in cells and "+27%" in cells and "n.v.t." in cells
    beta = [" ".join(td.get_text(" ").split()) for td in soup.find(id="tbl-hub-beta-kpis")("td")]
    assert beta[1:3] == ["–", "12"]  # no baseline: no change
    assert soup.find("img", alt=lambda a: a and a.startswith("Puntgrafiek van Alpha"))


def test_every_hub_gets_a_one_page_factsheet(built_project: Path) -> None:
    folder = built_project / "data" / "processed" / MINI / "analyse" / "factsheets"
    assert sorted(p.name for p in folder.glob("*.pdf")) == ["alpha.pdf", "beta.pdf"]
    alpha = folder / "alpha.pdf"
    assert len(PdfReader(alpha).pages) == 1
    text = flat_pdf_text(alpha, hyphen_glyphs=True)
    for expected in ("Technohub Alpha", "Systeemhub", "€ 80.000", "+27%", "Financiering"):
        assert expected in text, expected
    assert PdfReader(alpha).metadata.creation_date.year == 2026


def test_allocation_that_is_not_100_percent_stops_the_analysis(
    built_project: Path, tmp_path: Path
) -> None:
    project = tmp_path / "broken"
    shutil.copytree(built_project, project)
    tables = project / "data" / "processed" / MINI / "tables"
    config = json.loads((tables / "round.json").read_text(encoding="utf-8"))
    config["allocatie"]["groeihub"]["innovatie"] = 0
    (tables / "round.json").write_text(json.dumps(config), encoding="utf-8")
    analysis = project / "data" / "processed" / MINI / "analyse"
    before = digests(analysis)
    with pytest.raises(NotebookError, match=r"telt op tot 90% in plaats van 100%"):
        analyse_stage.analyse(Layout(project, MINI))
    assert digests(analysis) == before


def test_sample_round_typology_kpis_and_allocation(sample_project: Path) -> None:
    analysis = sample_project / "data" / "processed" / SAMPLE / "analyse"
    typology = notebook_outputs(analysis / "notebooks" / "typologie.ipynb")["typologie"]
    table = typology.split(": Type, dominant kenmerk")[0]
    assert table.count("| Systeemhub ") == 5 and table.count("| Groeihub ") == 2
    assert "komt uit op vijf systeemhubs en twee groeihubs" in typology
    nop = notebook_outputs(analysis / "notebooks" / "hub-nop.ipynb")["hub-bijlage"]
    linkedin = next(line for line in nop.splitlines() if "Volgers op LinkedIn" in line)
    assert "| +24 " in linkedin and "| +27% " in linkedin  # pandoc writes the table cells
    assert "+27%" in flat_pdf_text(analysis / "factsheets" / "nop.pdf", hyphen_glyphs=True)
    allocation = notebook_outputs(analysis / "notebooks" / "allocatie.ipynb")["allocatie"]
    # the advice in percentages only: no flag, no per-hub euros (those go to evaltools check);
    # one amount, the budget the percentages divide and where it comes from (issue 25)
    assert "{#tbl-allocatie}" in allocation and allocation.count("€") == 1
    assert (
        "Deze verdeling gaat uit van een budget van € 460.000, het bedrag dat de deelnemende "
        "Technohubs in deze regeling samen ontvingen (voor deze ronde is geen budget vastgelegd)."
    ) in " ".join(allocation.split())
    assert "geen Technohub" not in allocation
    tables = read_tables(sample_project / "data" / "processed" / SAMPLE / "tables")
    config = read_config(sample_project / "data" / "processed" / SAMPLE / "tables")
    assert hub_facts(tables, config, "nop").hub_type == "systeemhub"
    for hub in config.taking_part:
        assert len(PdfReader(analysis / "factsheets" / f"{hub.id}.pdf").pages) == 1, hub.id
    report = flat_pdf_text(output_paths(sample_project, SAMPLE)[1], hyphen_glyphs=True)
    assert "De vijf Technohubs met een bijdrage van € 80.000 scoren gemiddeld 3,0" in report
