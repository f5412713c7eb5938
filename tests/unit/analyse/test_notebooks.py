"""The analysis notebooks: their parameters, byte-stable reruns, the hub appendix and factsheets."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import papermill
import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from evaltools.analyse import stage as analyse_stage
from evaltools.ingest.processed import read_config, read_tables
from evaltools.report.factsheet import factsheet_data, factsheet_timestamp
from evaltools.report.files import notebook_outputs, write_factsheet
from evaltools.report.hub_parts import HubFacts, hub_facts
from evaltools.report.render import output_paths
from evaltools.round.models import RoundConfig
from evaltools.round.paths import Layout
from evaltools.tools.papermill import NotebookError
from tests.conftest import MINI, REPO, SAMPLE, Reanalysis, pdf_pages

NOTEBOOKS = REPO / "notebooks"
COMMON = {"round_id", "tables_dir", "out_dir"}


def pdf_text(path: Path) -> str:
    """The PDF's text on one line; Typst's hyphen glyph is read back as a soft hyphen."""
    pages = pdf_pages(path)
    return " ".join(" ".join(p.replace("\xad", "-").split()) for p in pages)


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("criteria", {}),
        ("scores", {"threshold": "2", "rows_per_part": "25"}),
        ("doelen", {}),
        ("typologie", {}),
        ("allocatie", {"budget": "None"}),
        ("hub", {"hub": "''", "processed_dir": "''"}),
    ],
)
def test_every_analysis_notebook_declares_its_parameters(name: str, extra: dict) -> None:
    parameters = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    # and the tables it reads (tests/test_notebook_inputs.py)
    assert set(parameters) == COMMON | set(extra) | {"reads"}
    # neutral defaults: a notebook belongs to no round until the pipeline injects one
    for key in COMMON:
        assert parameters[key]["default"] == '""', key
    for key, default in extra.items():
        assert parameters[key]["default"].replace('"', "'") == default


def test_the_ingest_notebook_declares_its_parameters() -> None:
    parameters = papermill.inspect_notebook(str(NOTEBOOKS / "ingest.ipynb"))
    assert set(parameters) == {"round_id", "raw_dir", "tables_dir", "cache_dir"}
    assert {value["default"] for value in parameters.values()} == {'""'}


def test_no_notebook_names_a_round() -> None:
    rounds = [p.name for p in (REPO / "data" / "raw").iterdir() if p.is_dir()]
    rounds += [p.name for p in (REPO / "tests" / "data").iterdir() if (p / "round.yaml").is_file()]
    assert SAMPLE in rounds and MINI in rounds
    for path in NOTEBOOKS.glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert not [r for r in rounds if r in text], path.name


def test_the_pipeline_runs_every_analysis_notebook_and_the_hub_notebook() -> None:
    on_disk = {p.name for p in NOTEBOOKS.glob("*.ipynb")} - {"ingest.ipynb"}
    assert on_disk == {
        *analyse_stage.ANALYSIS_NOTEBOOKS,
        analyse_stage.HUB_NOTEBOOK,
        analyse_stage.CHANGES_NOTEBOOK,
    }
    stage = (REPO / "dvc.yaml").read_text(encoding="utf-8").split("  render:")[0]
    for name in on_disk:
        assert f"notebooks/{name}" in stage, name


def test_factsheet_shows_markup_in_input_text_literally(tmp_path: Path) -> None:
    config = RoundConfig.model_validate(
        yaml.safe_load((REPO / "tests" / "data" / MINI / "round.yaml").read_text(encoding="utf-8"))
    )
    nasty = 'Hub #set page(width: 1cm) *vet* $x$ @ref <lab> // geen commentaar \\ "quote" ]['
    facts = HubFacts(
        hub="nasty",
        name=nasty,
        label="Nasty",
        tier=30000,
        hub_type="groeihub",
        feature="innovatie",
        type_reason="Reden met #strong[markup] en _lage_ streep.",
        suggested="groeihub",
        mean="2,5",
        self_mean="3,0",
        status_sentence="Het enige doel is behaald.",
        goals=[{"goal": "Doel met = kop en - lijst", "status": "behaald", "explanation": ""}],
        kpis=[
            {"name": "KPI met #let x = 1", "baseline": "88", "current": "112", "absolute": "+24",
             "relative": "+27%", "target": "150", "progress": "39%"}
        ],
        conditions=[{"text": "Randvoorwaarde met ``code`` en https://voorbeeld.nl", "sources": ""}],
        summary=["Eerste alinea met $wiskunde$.", "Tweede alinea met \\u{1F600}."],
    )  # fmt: skip
    figure = tmp_path / "profiel.svg"
    figure.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>', encoding="utf-8"
    )
    data = factsheet_data(facts, config, figure.name)
    pdf = write_factsheet(tmp_path, "nasty", data, [figure], factsheet_timestamp(config))
    text = pdf_text(pdf)
    assert len(PdfReader(pdf).pages) == 1
    for literal in (
        '#set page(width: 1cm) *vet* $x$ @ref <lab> // geen commentaar \\ "quote" ][',
        "#strong[markup] en _lage_ streep",
        "KPI met #let x = 1",
        "Doel met = kop en - lijst",
        "``code`` en https://voorbeeld.nl",
        "$wiskunde$",
        "\\u{1F600}",
    ):
        assert literal in text, literal


def test_a_long_factsheet_shrinks_its_text_to_stay_on_one_page(tmp_path: Path) -> None:
    """The template tries its sizes from large to small and takes the first that fits."""
    config = RoundConfig.model_validate(
        yaml.safe_load((REPO / "tests" / "data" / MINI / "round.yaml").read_text(encoding="utf-8"))
    )
    sentence = "Deze Technohub werkt met veel partners samen aan verduurzaming van de keten. "
    summaries = {
        "kort": ["Eén alinea."],
        "lang": [f"Alinea {n}. " + sentence * 9 for n in range(9)],
    }
    figure = tmp_path / "profiel.svg"
    figure.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>', encoding="utf-8"
    )
    sizes = {}
    for name, summary in summaries.items():
        facts = HubFacts(
            hub=name, name=f"Technohub {name}", label=name, tier=30000, hub_type="groeihub",
            feature="innovatie", type_reason="", suggested="groeihub", mean="2,5",
            self_mean="3,0", status_sentence="Het enige doel is behaald.", goals=[], kpis=[],
            conditions=[], summary=summary,
        )  # fmt: skip
        data = factsheet_data(facts, config, figure.name)
        pdf = write_factsheet(tmp_path, name, data, [figure], factsheet_timestamp(config))
        reader = PdfReader(pdf)
        assert len(reader.pages) == 1, name
        text = " ".join(reader.pages[0].extract_text().split())
        assert summary[-1].split(".")[0] + "." in text, name  # the last paragraph is on it
        found: set[float] = set()

        def visit(text, cm, tm, font_dict, font_size, found=found) -> None:
            if text.strip():
                found.add(round(font_size * tm[0], 1))

        reader.pages[0].extract_text(visitor_text=visit)
        sizes[name] = max(found)
    assert sizes["lang"] < sizes["kort"]  # the long sheet was set smaller to fit


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_every_hub_gets_a_one_page_factsheet(built_project: Path) -> None:
    folder = built_project / "data" / "processed" / MINI / "analyse" / "factsheets"
    assert sorted(p.name for p in folder.glob("*.pdf")) == ["alpha.pdf", "beta.pdf"]
    alpha = folder / "alpha.pdf"
    assert len(PdfReader(alpha).pages) == 1
    text = pdf_text(alpha)
    for expected in ("Technohub Alpha", "Systeemhub", "€ 80.000", "+27%", "Financiering"):
        assert expected in text, expected
    assert PdfReader(alpha).metadata.creation_date.year == 2026


@pytest.mark.slow
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


@pytest.mark.slow
def test_sample_round_typology_kpis_and_allocation(sample_project: Path) -> None:
    analysis = sample_project / "data" / "processed" / SAMPLE / "analyse"
    typology = notebook_outputs(analysis / "notebooks" / "typologie.ipynb")["typologie"]
    table = typology.split(": Type, dominant kenmerk")[0]
    assert table.count("| Systeemhub ") == 5 and table.count("| Groeihub ") == 2
    assert "komt uit op vijf systeemhubs en twee groeihubs" in typology
    nop = notebook_outputs(analysis / "notebooks" / "hub-nop.ipynb")["hub-bijlage"]
    linkedin = next(line for line in nop.splitlines() if "Volgers op LinkedIn" in line)
    assert "| +24 " in linkedin and "| +27% " in linkedin  # pandoc writes the table cells
    assert "+27%" in pdf_text(analysis / "factsheets" / "nop.pdf")
    allocation = notebook_outputs(analysis / "notebooks" / "allocatie.ipynb")["allocatie"]
    # the advice in percentages only: no flag, no per-hub euros (those go to evaltools check)
    assert "{#tbl-allocatie}" in allocation and "€" not in allocation
    assert "geen Technohub" not in allocation
    tables = read_tables(sample_project / "data" / "processed" / SAMPLE / "tables")
    config = read_config(sample_project / "data" / "processed" / SAMPLE / "tables")
    assert hub_facts(tables, config, "nop").hub_type == "systeemhub"
    for hub in config.taking_part:
        assert len(PdfReader(analysis / "factsheets" / f"{hub.id}.pdf").pages) == 1, hub.id
    report = pdf_text(output_paths(sample_project, SAMPLE)[1])
    assert "De vijf Technohubs met een bijdrage van € 80.000 scoren gemiddeld 3,0" in report


def test_analysis_without_tables_asks_for_ingest_first(tmp_path: Path) -> None:
    with pytest.raises(NotebookError, match=r"draai eerst 'evaltools ingest leeg'"):
        analyse_stage.analyse(Layout(tmp_path, "leeg"))
    assert not (tmp_path / "data" / "processed" / "leeg" / "analyse").exists()


def test_the_number_of_analysis_processes_can_be_limited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """EVALTOOLS_WERKPROCESSEN caps the processes (one per core and run otherwise); a value that
    is no whole number of at least 1 stops the analysis before it starts, in Dutch."""
    cores = os.cpu_count() or 1
    assert analyse_stage.analysis_workers(20, None) == cores
    assert analyse_stage.analysis_workers(1, None) == 1
    assert analyse_stage.analysis_workers(20, 1) == 1
    monkeypatch.setenv(analyse_stage.WORKERS_VARIABLE, "3")
    assert analyse_stage.worker_limit() == 3
    for wrong in ("0", "twee", "-1", "1.5"):
        monkeypatch.setenv(analyse_stage.WORKERS_VARIABLE, wrong)
        with pytest.raises(NotebookError, match=f"EVALTOOLS_WERKPROCESSEN is '{wrong}'; zet er"):
            analyse_stage.analyse(Layout(tmp_path, "leeg"))
    monkeypatch.delenv(analyse_stage.WORKERS_VARIABLE)
    assert analyse_stage.worker_limit() is None
