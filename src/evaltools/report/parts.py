"""Markdown fragments of the report, generated from processed tables (pure functions)."""

from __future__ import annotations

import pandas as pd

from evaltools.analyse.matrices import Cell, MatrixRow
from evaltools.ingest.wederhoor import response_decisions
from evaltools.report.markdown import Table, escape, grid_table, grid_tables
from evaltools.report.provenance import source_marker
from evaltools.round.dutch import euro, text_or_blank
from evaltools.round.programme import Unit, unit_of


def _bullet(cell: Cell) -> str:
    marker = source_marker(cell.sources, cell.response, cell.decision)
    marker = f" {marker}" if marker else ""
    return f"- {escape(cell.text)}{marker}"


def criterion_table(rows: list[MatrixRow], criterion: pd.Series, unit: Unit | None = None) -> Table:
    """The findings table of one criterion, with bullets and source codes in the cells."""
    u = unit_of(unit)
    body = [
        [
            [escape(row.label)],
            [_bullet(c) for c in row.strengths] or ["–"],
            [_bullet(c) for c in row.attention] or ["–"],
        ]
        for row in rows
    ]
    headers = [
        f"{u.singular}",
        escape(criterion["strengths_label"]),
        escape(criterion["attention_label"]),
    ]
    caption = f"Bevindingen: {escape(criterion['name'])}"
    return Table(headers, body, [24, 42, 42], caption, f"tbl-criterium-{criterion['criterion']}")


def criteria_list(criteria: pd.DataFrame) -> str:
    """The round's criteria with their definitions, as a list."""
    return (
        "\n".join(f"- **{escape(c.name)}**: {escape(c.definition)}" for c in criteria.itertuples())
        + "\n"
    )


def tier_lists(hubs: pd.DataFrame, currency: str = "€") -> str:
    """Which hubs were eligible for which amount, and which withdrew and why."""
    parts = []
    for tier in sorted(hubs["tier"].unique()):
        eligible = hubs[hubs["tier"] == tier]
        parts.append(f"In aanmerking voor een bijdrage van {euro(tier, currency)} kwamen:\n")
        parts += [
            f"- {escape(h.name)}" + (" (teruggetrokken)" if h.status != "deelnemend" else "")
            for h in eligible.itertuples()
        ]
        parts.append("")
    for h in hubs[hubs["status"] != "deelnemend"].itertuples():
        # the reason is the round's own sentence on why (round.yaml, hubs: reden)
        reason = f" {escape(_sentence(h.reason))}" if h.reason else ""
        parts.append(f"{escape(h.name)} heeft uiteindelijk niet deelgenomen.{reason}\n")
    return "\n".join(parts)


def _sentence(text: str) -> str:
    """A round's phrase as a sentence of its own: a capital first, a full stop last."""
    text = " ".join(text.split())
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def figure(path: str, caption: str, alt: str, identifier: str) -> str:
    """A figure with caption, id and alt text (Quarto syntax, also read by our filter)."""
    return f'![{escape(caption)}]({path}){{#{identifier} fig-alt="{_attribute(alt)}"}}\n'


def figure_parts(
    paths: list[str],
    caption: str,
    alts: list[str],
    identifier: str,
    spans: list[tuple[str, str]],
    width: str | None = None,
) -> str:
    """A figure drawn in parts (a row per hub, split so that each part fits a page).

    One part is :func:`figure`. More parts are Quarto subfigures: a div ``#<identifier>`` with
    figures ``#<identifier>-1`` … captioned "deel 1 van 4: <first row> tot en met <last row>"
    (``spans``: the first and last row label of each part), and the whole's caption as its last
    paragraph. ``@<identifier>`` refers to the whole, each part has its own alt text.
    With ``width`` every part is a :func:`sized_figure` of that width.
    """

    def part(path: str, text: str, alt: str, name: str) -> str:
        if width is None:
            return figure(path, text, alt, name)
        return sized_figure(path, text, alt, name, width)

    if len(paths) == 1:
        return part(paths[0], caption, alts[0], identifier)
    count = len(paths)
    parts = [f"::: {{#{identifier}}}\n"]
    for index, (path, alt, (first, last)) in enumerate(zip(paths, alts, spans, strict=True), 1):
        span = first if first == last else f"{first} tot en met {last}"
        caption_part = f"deel {index} van {count}: {span}"
        parts.append(part(path, caption_part, alt, f"{identifier}-{index}"))
    parts.append(f"{escape(caption)}\n:::\n")
    return "\n".join(parts)


def _attribute(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def criterion_tables(tables: dict[str, pd.DataFrame], unit: Unit | None = None) -> str:
    """All criterion tables, in configuration order, each under its own heading."""
    from evaltools.analyse.matrices import criterion_matrix

    criteria = tables["criteria"].to_dict("records")
    written = grid_tables(
        [criterion_table(criterion_matrix(tables, c["criterion"]), c, unit) for c in criteria]
    )  # one pandoc run for all of them
    parts = []
    for criterion, table in zip(criteria, written, strict=True):
        scope = criterion.get("scope")
        parts.append(
            f"### {escape(criterion['name'])} {{#sec-criterium-{criterion['criterion']}}}\n"
        )
        if isinstance(scope, str) and scope.strip():
            parts.append(f"*Reikwijdte: {escape(scope)}.*\n")
        # the round may introduce the table in teksten/bevindingen/<criterion>.md
        parts.append(f"<!-- tekst: bevindingen/{criterion['criterion']} -->\n")
        parts.append(table)
    return "\n".join(parts)


def scores_alt_text(
    tables: dict[str, pd.DataFrame], hubs: pd.DataFrame | None = None, unit: Unit | None = None
) -> str:
    """Alt text of the score figure that says what the figure shows, with the numbers;
    ``hubs`` (a part of the figure) limits it to those hubs."""
    u = unit_of(unit)
    hubs = tables["hubs"] if hubs is None else hubs
    scores = tables["scores"].merge(hubs[["hub", "label"]], on="hub")
    means = scores.groupby("label", sort=False)["score"].mean().round(1)
    listed = "; ".join(
        f"{label}: gemiddeld {mean:.1f}".replace(".", ",") for label, mean in means.items()
    )
    return (
        f"Heatmap van de scores van de consultants per {u.singular} en criterium op een schaal "
        f"van 1 tot 4, met de zelfscore tussen haakjes. {listed}."
    )


def source_list(
    sources: str, codes: dict[str, str], response: str = "", decisions: dict | None = None
) -> str:
    """The marker of a statement's ``sources`` (evidence ids), linking the hub's wederhoor
    response to the statement ``response`` (its id) when ``decisions`` holds one."""
    listed = [codes.get(s, s) for s in text_or_blank(sources).split()]
    decision = (decisions or {}).get(response, "")
    marker = source_marker(listed, response if decision else "", decision)
    return f" {marker}" if marker else ""


def differentiation_table(tables: dict[str, pd.DataFrame], unit: Unit | None = None) -> str:
    """What sets each hub apart (one row per taking-part hub)."""
    u = unit_of(unit)
    from evaltools.analyse.matrices import source_codes

    codes = source_codes(tables["evidence"])
    decisions = response_decisions(tables)
    profiles = tables["profiles"].set_index("hub")
    hubs = tables["hubs"]
    rows = [
        [
            [escape(h.label)],
            [
                escape(profiles.at[h.hub, "distinctive"])
                + source_list(
                    profiles.at[h.hub, "distinctive_sources"],
                    codes,
                    f"{h.hub}-onderscheidend",
                    decisions,
                )
            ],
        ]
        for h in hubs[hubs["status"] == "deelnemend"].itertuples()
        if h.hub in profiles.index
    ]
    return grid_table(
        [f"{u.singular}", f"Wat onderscheidt {u.this}?"],
        rows,
        [24, 82],
        f"Wat {u.each} onderscheidt",
        "tbl-differentiatie",
    )


def budget_table(budget: pd.DataFrame, currency: str = "€") -> str:
    """The budget lines of the regeling with computed totals."""
    rows = []
    for line in budget.itertuples():
        count = "" if pd.isna(line.count) else f"{int(line.count)} ×"
        rows.append(
            [
                [escape(line.item)],
                [count],
                [euro(line.amount, currency)],
                [euro(line.total, currency)],
            ]
        )
    total = budget["total"].sum()
    rows.append([["**Totaal**"], [""], [""], [f"**{euro(total, currency)}**"]])
    return grid_table(
        ["Post", "Aantal", "Bedrag", "Totaal"],
        rows,
        [50, 8, 14, 14],
        "Begroting van de regeling (maximaal, inclusief btw)",
        "tbl-budget",
    )


# --- Analysis parts: scores, goals and KPIs, subsidy tier, typology check --------------------


def sized_figure(path: str, caption: str, alt: str, identifier: str, width: str) -> str:
    """Like ``figure``, at ``width`` of the text width (e.g. '65%') in every format."""
    return (
        f'![{escape(caption)}]({path}){{#{identifier} width="{width}" '
        f'fig-alt="{_attribute(alt)}"}}\n'
    )


def scores_part(
    figure_markdown: str,
    differences: pd.DataFrame,
    threshold: int,
    cells: int,
    unit: Unit | None = None,
) -> str:
    """The score figure under its own heading, then the cells where self-score and score differ.

    ``differences`` comes from ``scoring.score_differences``; ``cells`` is the number of hub x
    criterion cells with both scores.
    """
    u = unit_of(unit)
    from evaltools.round.dutch import count_word

    parts = ["### Waardering per criterium {#sec-scores}\n", figure_markdown]
    if differences.empty:
        parts.append(
            f"In geen van de {count_word(cells)} cellen wijkt de zelfscore {count_word(threshold)} "
            "of meer af van de "
            "score van de consultants.\n"
        )
        return "\n".join(parts)
    higher = int((differences["difference"] > 0).sum())
    n = len(differences)
    direction = (
        f"telkens schat {u.the} zichzelf hoger in"
        if higher == n
        else f"telkens schat {u.the} zichzelf lager in"
        if higher == 0
        else f"{count_word(higher)} keer schat {u.the} zichzelf hoger in, "
        f"{count_word(n - higher)} keer lager"
    )
    parts.append(
        f"In {count_word(n)} van de {count_word(cells)} cellen wijkt de zelfscore "
        f"{count_word(threshold)} of meer af "
        f"van de score van de consultants; {direction} (@tbl-scoreverschillen).\n"
    )
    rows = [
        [
            [escape(r.label)],
            [escape(r.name)],
            [str(int(r.self_score))],
            [str(int(r.score))],
            [f"{'+' if r.difference > 0 else '−'}{abs(int(r.difference))}"],
        ]
        for r in differences.itertuples()
    ]
    parts.append(
        grid_table(
            [f"{u.singular}", "Criterium", "Zelfscore", "Consultants", "Verschil"],
            rows,
            [30, 40, 10, 12, 9],
            f"Cellen waar de zelfscore {threshold} of meer afwijkt van de score van de consultants",
            "tbl-scoreverschillen",
        )
    )
    return "\n".join(parts)


def goals_part(counts: pd.DataFrame, kpis: pd.DataFrame, unit: Unit | None = None) -> str:
    """Goals per status and KPIs per hub, with one sentence of totals for each."""
    u = unit_of(unit)
    from evaltools.analyse.goals import status_sentence
    from evaltools.round.dutch import count_word, counted
    from evaltools.round.models import GOAL_STATUSES

    columns = [*GOAL_STATUSES, "totaal"]
    totals = counts[columns].sum()
    parts = [
        "### Doelen en KPI's {#sec-doelen-kpis}\n",
        f"{u.Each} heeft in de zelfevaluatie eigen doelen en KPI's opgegeven, met de stand "
        f"van zaken zoals {u.the} die zelf ziet. "
        + status_sentence(totals, none="Er zijn geen doelen opgegeven.", cite="@tbl-doelen", unit=u)
        + "\n",
    ]
    rows = [
        [[escape(label)], *[[str(int(row[s]))] for s in columns]]
        for label, row in counts.iterrows()
    ]
    rows.append([["**Totaal**"], *[[f"**{int(counts[s].sum())}**"] for s in columns]])
    parts.append(
        grid_table(
            [f"{u.singular}", *[s.capitalize() for s in columns]],
            rows,
            [30, 9, 10, 10, 11, 8, 7],
            f"Doelen per {u.singular} naar stand van zaken",
            "tbl-doelen",
        )
    )
    if kpis.empty:
        parts.append("Er zijn geen KPI's opgegeven.\n")
        return "\n".join(parts)
    n = len(kpis)
    with_change = int(kpis["absolute"].notna().sum())
    with_target = int(kpis["target"].notna().sum())
    reached = int((kpis["reached"].eq(True) & kpis["target"].notna()).sum())
    change = (
        ("Bij beide" if n == 2 else f"Bij alle {count_word(n)}")
        + " zijn nulmeting en huidige waarde ingevuld"
        if with_change == n
        else f"Bij {count_word(with_change)} daarvan zijn nulmeting en huidige waarde ingevuld"
    )
    kpis_given = counted(n, "KPI", "KPI's")
    with_targets = counted(with_target, "KPI heeft", "KPI's hebben")
    parts.append(
        f"De {u.plural} gaven samen {kpis_given} op. {change}, zodat de "
        f"verandering te berekenen is; {with_targets} een "
        f"streefwaarde, en die is bij {count_word(reached)} al bereikt "
        f"(@tbl-kpis). De verandering per KPI staat in de bijlage per {u.singular}.\n"
    )
    rows = [
        [
            [escape(label)],
            [str(len(group))],
            [str(int(group["absolute"].notna().sum()))],
            [str(int(group["target"].notna().sum()))],
            [str(int((group["reached"].eq(True) & group["target"].notna()).sum()))],
        ]
        for (_hub, label), group in kpis.groupby(["hub", "label"], sort=False)
    ]
    parts.append(
        grid_table(
            [
                f"{u.singular}",
                "KPI's",
                "Met nulmeting en huidige waarde",
                "Met streefwaarde",
                "Streefwaarde bereikt",
            ],
            rows,
            [30, 8, 22, 16, 16],
            f"KPI's per {u.singular}",
            "tbl-kpis",
        )
    )
    return "\n".join(parts)


def tier_part(sentence: str, figure_markdown: str) -> str:
    """Scores by subsidy tier: the descriptive sentence, then the figure."""
    return "\n".join(
        [
            "### Bijdrage en scores {#sec-bijdrage-scores}\n",
            escape(sentence) + "\n",
            figure_markdown,
        ]
    )


EVENT_KINDS = {
    "begeleidingscommissie": "Begeleidingscommissie",
    "kennissessie": "Kennissessie",
    "werkbezoek": "Werkbezoek",
    "interview": "Interview",
}


def events_table(events: pd.DataFrame, hubs: pd.DataFrame, unit: Unit | None = None) -> str:
    """All meetings, site visits and interviews of the round, by date (from round.yaml); a
    sentence instead of the table when round.yaml lists none (``evenementen: []``)."""
    u = unit_of(unit)
    if events.empty:
        return "Voor deze ronde zijn geen bijeenkomsten, werkbezoeken of interviews vastgelegd.\n"
    from evaltools.report.variables import dutch_date

    units = f"{u.plural}"
    labels = dict(zip(hubs["hub"], hubs["label"], strict=True))
    taking_part = set(hubs.loc[hubs["status"] == "deelnemend", "hub"])
    rows = []
    for event in events.sort_values(["date", "event"], kind="stable").itertuples():
        date = dutch_date(pd.Timestamp(event.date).date())
        listed = text_or_blank(event.hubs).split()
        # no hubs listed, or every taking-part hub (of more than one): the whole round
        everyone = not listed or (len(taking_part) > 1 and taking_part <= set(listed))
        concerned = f"alle {units}" if everyone else ", ".join(labels.get(h, h) for h in listed)
        rows.append(
            [
                [date],
                [EVENT_KINDS.get(event.kind, event.kind)],
                [escape(event.place) if isinstance(event.place, str) else "–"],
                [escape(event.theme) if isinstance(event.theme, str) else "–"],
                [escape(concerned)],
            ]
        )
    return grid_table(
        ["Datum", "Soort", "Plaats", "Onderwerp", units],
        rows,
        [16, 14, 18, 40, 18],
        "Bijeenkomsten, werkbezoeken en interviews van de ronde",
        "tbl-bijeenkomsten",
    )
