"""A hub's one-page factsheet (Typst): input text stays literal, a long sheet sets its text
smaller to fit."""

from __future__ import annotations

from pathlib import Path

import yaml
from pypdf import PdfReader

from evaltools.report.factsheet import factsheet_data, factsheet_timestamp
from evaltools.report.files import write_factsheet
from evaltools.report.hub_parts import HubFacts
from evaltools.round.models import RoundConfig
from tests.support.paths import MINI, REPO
from tests.support.pdf_text import flat_pdf_text


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
    text = flat_pdf_text(pdf, hyphen_glyphs=True)
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
