"""Figures with a row per hub at 30+ hubs: split into parts that each fit a page, each with
its column labels, caption, alt text and number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from evaltools.analyse.figures import (
    MAX_FIGURE_HEIGHT,
    ROWS_PER_PART,
    change_hub_parts,
    label_spans,
    score_change_grids,
    score_heatmaps,
    split_rows,
    tier_row_parts,
    tier_score_figures,
)
from evaltools.analyse.scoring import hub_scores, tier_comparison
from evaltools.report.changes import score_change_alt_text, score_change_figure
from evaltools.report.parts import figure, figure_parts
from evaltools.tools import pandoc
from tests.support.paths import REPO

_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

CRITERIA = pd.DataFrame(
    {
        "criterion": ["robuust", "bedrijven", "onderwijs"],
        "name": ["Ontwikkelfase en robuustheid", "Betrokkenheid van bedrijven", "Onderwijs"],
    }
)


def many_hubs(count: int) -> dict[str, pd.DataFrame]:
    """``count`` taking-part hubs (and one that withdrew) with scores and self-scores."""
    ids = [f"h{i:03d}" for i in range(1, count + 1)]
    hubs = pd.DataFrame(
        {
            "hub": [*ids, "weg"],
            "label": [f"Technohub {i:03d}" for i in range(1, count + 1)] + ["Teruggetrokken"],
            "status": ["deelnemend"] * count + ["teruggetrokken"],
            "tier": [80000 if i % 3 else 30000 for i in range(count)] + [30000],
        }
    )
    cells = [(hub, c) for hub in ids for c in CRITERIA["criterion"]]
    scores = pd.DataFrame(
        [{"hub": h, "criterion": c, "score": 1 + (i % 4)} for i, (h, c) in enumerate(cells)]
    )
    own = pd.DataFrame(
        [{"hub": h, "criterion": c, "self_score": 4 - (i % 4)} for i, (h, c) in enumerate(cells)]
    )
    return {"hubs": hubs, "scores": scores, "self_scores": own}


@pytest.mark.parametrize(
    ("count", "sizes"),
    [(7, [7]), (25, [25]), (26, [13, 13]), (30, [15, 15]), (100, [25] * 4), (101, [21] + [20] * 4)],
)
def test_rows_split_into_as_few_even_parts_as_fit(count: int, sizes: list[int]) -> None:
    parts = split_rows(count)
    assert [len(part) for part in parts] == sizes
    assert [i for part in parts for i in part] == list(range(count))


def _row_labels(fig) -> list[str]:
    return [tick.get_text() for tick in fig.axes[0].get_yticklabels()]


def _column_labels(fig) -> list[str]:
    return [tick.get_text().replace("\n", " ") for tick in fig.axes[0].get_xticklabels()]


def test_the_heatmap_of_60_hubs_is_three_parts_each_with_its_column_labels() -> None:
    tables = many_hubs(60)
    figures = score_heatmaps(
        tables["scores"], tables["self_scores"], tables["hubs"], CRITERIA, max_score=4
    )
    try:
        assert len(figures) == 3
        rows = [_row_labels(f) for f in figures]
        assert all(len(part) <= ROWS_PER_PART for part in rows)
        # every taking-part hub once, in configuration order; the withdrawn hub in none
        assert [label for part in rows for label in part] == [
            f"Technohub {i:03d}" for i in range(1, 61)
        ]
        for fig in figures:
            assert _column_labels(fig) == list(CRITERIA["name"])
            assert fig.get_figheight() <= MAX_FIGURE_HEIGHT
            assert any("Kader" in text.get_text() for text in fig.texts)  # the key, every part
    finally:
        for fig in figures:
            plt.close(fig)


def test_a_heatmap_of_few_hubs_stays_one_figure_of_the_same_height() -> None:
    tables = many_hubs(7)
    figures = score_heatmaps(
        tables["scores"], tables["self_scores"], tables["hubs"], CRITERIA, max_score=4
    )
    assert len(figures) == 1 and len(_row_labels(figures[0])) == 7
    assert figures[0].get_figheight() == pytest.approx(0.42 * 7 + 1.9)
    plt.close(figures[0])


def test_the_tier_figure_of_60_hubs_splits_and_keeps_every_hub_once() -> None:
    tables = many_hubs(60)
    per_hub = hub_scores(tables["scores"], tables["self_scores"], tables["hubs"])
    comparison = tier_comparison(per_hub)
    parts = tier_row_parts(per_hub)
    figures = tier_score_figures(per_hub, comparison, 4)
    try:
        assert len(figures) == len(parts) == 3
        labels = [[label for label in _row_labels(f) if label] for f in figures]
        assert all(len(part) <= ROWS_PER_PART for part in labels)
        assert sorted(label for part in labels for label in part) == sorted(per_hub["label"])
        for fig, part in zip(figures, parts, strict=True):
            assert part[0][0] and part[-1][0]  # no part starts or ends with a blank row
            assert fig.axes[0].get_legend() is not None
            assert fig.axes[0].get_xlabel().startswith("Gemiddelde score")
            assert fig.get_figheight() <= MAX_FIGURE_HEIGHT
    finally:
        for fig in figures:
            plt.close(fig)


def score_changes_of(count: int) -> pd.DataFrame:
    """What ``analysis.changes.score_changes`` gives for ``count`` hubs in both rounds."""
    rows = [
        {
            "hub": f"h{i:03d}",
            "label": f"Technohub {i:03d}",
            "criterion": c.criterion,
            "name": c.name,
            "previous": 2,
            "current": 1 + (i + j) % 4,
            "change": (1 + (i + j) % 4) - 2,
        }
        for i in range(1, count + 1)
        for j, c in enumerate(CRITERIA.itertuples())
    ]
    return pd.DataFrame(rows).astype({"previous": "Int64", "current": "Int64", "change": "Int64"})


def test_the_change_grid_of_60_hubs_is_three_parts_each_with_its_column_labels() -> None:
    changes = score_changes_of(60)
    parts = change_hub_parts(changes)
    figures = score_change_grids(changes, CRITERIA)
    try:
        assert len(figures) == len(parts) == 3
        rows = [_row_labels(f) for f in figures]
        assert [len(part) for part in rows] == [20, 20, 20]
        assert [label for part in rows for label in part] == [
            f"Technohub {i:03d}" for i in range(1, 61)
        ]
        for fig, part in zip(figures, parts, strict=True):
            assert _column_labels(fig) == list(CRITERIA["name"])
            assert fig.get_figheight() <= MAX_FIGURE_HEIGHT
            assert fig.axes[0].get_title(loc="left").startswith("Score van de consultants")
            # every cell of the part's hubs, and only those, in its figure and its alt text
            assert len(fig.axes[0].texts) == len(part) == 20 * len(CRITERIA)
            alt = score_change_alt_text(part)
            labels = set(_row_labels(fig))
            assert [f"Technohub {i:03d}" in alt for i in range(1, 61)] == [
                f"Technohub {i:03d}" in labels for i in range(1, 61)
            ]
    finally:
        for fig in figures:
            plt.close(fig)
    assert label_spans(parts) == [
        ("Technohub 001", "Technohub 020"),
        ("Technohub 021", "Technohub 040"),
        ("Technohub 041", "Technohub 060"),
    ]
    paths = [f"_generated/figures/veranderingen-scores-{i}.svg" for i in (1, 2, 3)]
    markdown = score_change_figure(paths, ["a", "b", "c"], label_spans(parts))
    assert markdown.startswith("::: {#fig-veranderingen-scores}")
    assert "deel 3 van 3\\: Technohub 041 tot en met Technohub 060" in markdown
    assert '{#fig-veranderingen-scores-2 width="100%" fig-alt="b"}' in markdown


def test_a_change_grid_of_few_hubs_stays_one_figure_of_the_same_height() -> None:
    changes = score_changes_of(7)
    [fig] = score_change_grids(changes, CRITERIA)
    assert len(_row_labels(fig)) == 7
    assert fig.get_figheight() == pytest.approx(0.42 * 7 + 2.1)
    plt.close(fig)
    markdown = score_change_figure(["x.svg"], ["alt"], label_spans(change_hub_parts(changes)))
    assert markdown.startswith("![Verandering van de score") and "{#fig-veranderingen-scores " in (
        markdown
    )


def _typst(markdown: str) -> str:
    return pandoc.convert(
        markdown,
        "typst",
        None,
        from_format="markdown",
        # as the render runs them: numbering on the document tree, then the Typst images
        options=[
            "--wrap=none",
            *("--lua-filter", str(REPO / "report" / "filters" / "crossref.lua")),
            *("--lua-filter", str(REPO / "report" / "filters" / "formats.lua")),
        ],
        cwd=REPO,
        epoch=0,
    )


def test_parts_are_subfigures_numbered_3a_3b_with_their_own_caption_and_alt_text() -> None:
    paths = [f"_generated/figures/scores-{i}.svg" for i in (1, 2)]
    spans = [("Technohub 001", "Technohub 015"), ("Technohub 016", "Technohub 030")]
    parts = figure_parts(paths, "Scores per hub", ["alt een", "alt twee"], "fig-scores", spans)
    assert figure_parts(paths[:1], "Scores", ["alt"], "fig-scores", spans[:1]) == figure(
        paths[0], "Scores", "alt", "fig-scores"
    )
    source = (
        "![Eerder](_generated/figures/a.svg){#fig-a}\n\n"
        f"{parts}\n"
        "Zie @fig-scores en @fig-scores-2; daarna @fig-b.\n\n"
        "![Later](_generated/figures/b.svg){#fig-b}\n"
    )
    typst = _typst(source)
    assert "Figuur 2a.~]Scores per hub, deel 1 van 2: Technohub 001 tot en met Technohub 015" in (
        typst
    )
    assert "Figuur 2b.~]Scores per hub, deel 2 van 2: Technohub 016 tot en met Technohub 030" in (
        typst
    )
    assert '#image("/_generated/figures/scores-1.svg", alt: "alt een"' in typst
    assert '#image("/_generated/figures/scores-2.svg", alt: "alt twee"' in typst
    assert "#link(<fig-scores>)[figuur 2]" in typst and "<fig-scores>" in typst.split("#link")[0]
    assert "#link(<fig-scores-2>)[figuur 2b]" in typst
    assert "#link(<fig-b>)[figuur 3]" in typst  # the parts count as one figure


def test_a_short_table_stays_on_one_page_and_a_long_one_breaks(tmp_path: Path) -> None:
    """A table of a few rows moves to the next page whole; one of many rows breaks over pages."""
    from pypdf import PdfReader

    from evaltools.tools import typst

    def table(label: str, rows: int) -> str:
        body = "\n".join(f"| {label} rij {n} | {n} |" for n in range(1, rows + 1))
        return f"| Naam | Waarde |\n|---|---|\n{body}\n\n: Tabel {label} {{#tbl-{label}}}\n"

    filler = "Een alinea die de pagina vult. " * 40
    # the words put the short table where, unkept, its first row ends page 1 and the rest
    # begins page 2
    source = "\n\n".join([filler, "woord " * 63, table("kort", 3), table("lang", 60)])
    document = tmp_path / "tabellen.typ"
    # tables break over pages, as report/templates/rapport.typ lets them
    preamble = (
        "#set page(height: 14cm)\n#show figure.where(kind: table): set block(breakable: true)\n"
    )
    document.write_text(preamble + _typst(source), encoding="utf-8")
    pdf = tmp_path / "tabellen.pdf"
    typst.compile_pdf(document, pdf, root=tmp_path, font_paths=[], timestamp=_EPOCH)
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    short = [n for n, text in enumerate(pages) if "kort rij" in text]
    assert len(short) == 1 and "Tabel kort" in pages[short[0]]  # caption and rows together
    assert len([text for text in pages if "lang rij" in text]) > 1
