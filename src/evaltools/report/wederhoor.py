"""Wederhoor in the report and on paper (pure): the draft for one hub, the appendix, and the
sentence of the Verantwoording.

The draft holds what the report says about one hub and nothing about another: its cells of
the criterion tables, its type and dominant kenmerk with the reasoning, what the appendix says
about it and the facts of its factsheet. Its content is plain data (``draft_data``) that the
Typst template reads as JSON, so no input text is ever markup.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from evaltools.ingest.wederhoor import (
    NOT_TAKEN_OVER,
    PARTLY,
    TAKEN_OVER,
    YES,
    DraftStatement,
)
from evaltools.report.hub_parts import HubFacts
from evaltools.report.markdown import escape, grid_table
from evaltools.report.variables import dutch_date
from evaltools.round import dutch
from evaltools.round.models import RoundConfig
from evaltools.round.programme import Unit, unit_of

APPENDIX_ID = "sec-bijlage-wederhoor"
RESPONSE_PREFIX = "wederhoor-"
"""A response's anchor in the appendix: ``wederhoor-<uitspraak-id>``; the statement's source
marker in the review edition links it (``filters/sources.lua``)."""


_PART_NUMBER = re.compile(r"\s+\d+$")


def _place(response) -> str:
    """Where a statement stands, for the reader: 'Structurele betrokkenheid van bedrijven:
    sterkte' (the draft's own numbering of the statements left out)."""
    return _PART_NUMBER.sub("", str(response.part or "")).strip()


def _response_cell(response, anchored: bool, quoted: bool = False) -> list[str]:
    """The first cell of a response's row: where the statement stands, or (``quoted``) the
    statement itself as this report has it, with the response's anchor in the first row that
    shows it, and the consultants' decision."""
    if quoted:
        text = response.current_text or response.sent_text
        first = f"“{escape(text)}”" if text else escape(_place(response))
    else:
        first = escape(_place(response) or response.statement)
    if anchored:
        first = f"[{first}]{{#{RESPONSE_PREFIX}{response.statement}}}"
    lines = [first]
    if quoted and _place(response):
        lines += ["", f"({escape(_place(response))})"]
    return [*lines, "", f"*{escape(response.decision)}*"] if response.decision else lines


def draft_data(
    config: RoundConfig,
    facts: HubFacts,
    statements: list[DraftStatement],
    scores: dict[str, tuple[int | None, int | None]],
    sha256: str,
    sent: dt.date,
    unit: Unit | None = None,
) -> dict:
    """The content of a hub's draft. ``scores``: criterion id -> (score, self-score)."""
    u = unit or config.programme.unit
    by_id = {item.id: item for item in statements}
    levels = {level.score: level.name for level in config.rubric}

    def items(prefix: str) -> list[dict[str, str]]:
        return [
            {"id": item.id, "text": item.text}
            for item in statements
            if item.id.startswith(f"{facts.hub}-{prefix}")
        ]

    criteria = []
    for criterion in config.criteria:
        score, own = scores.get(criterion.id, (None, None))
        line = f"Score van de consultants: {score} ({levels.get(score, '')})" if score else ""
        if own:
            line += f"; uw zelfscore: {own} ({levels.get(own, '')})"
        criteria.append(
            {
                "name": criterion.name,
                "score": line or "Geen score",
                "strengths_label": criterion.strengths_label,
                "attention_label": criterion.attention_label,
                "strengths": items(f"{criterion.id}-sterkte-"),
                "attention": items(f"{criterion.id}-aandachtspunt-"),
            }
        )
    type_items = [
        {"id": key, "text": by_id[key].text}
        for key in (f"{facts.hub}-type", f"{facts.hub}-type-toelichting")
        if key in by_id
    ]
    note = ""
    if facts.suggested and facts.hub_type and facts.suggested != facts.hub_type:
        note = (
            f"De typologieregel van deze ronde zou {facts.label} als {facts.suggested} indelen; "
            "het besluit van de consultants blijft staan."
        )
    return {
        "title": f"Concept voor wederhoor: {facts.name}",
        "round": f"{config.title} · {config.period}",
        "distinctive_heading": f"Wat {u.the} onderscheidt",
        "footer": f"Concept, vertrouwelijk · ronde {config.round_id} · {facts.name} · "
        f"verzonden {dutch_date(sent)} · SHA-256 {sha256}",
        "intro": (
            f"Dit concept bevat alles wat het rapport over {facts.name} zegt: de bevindingen "
            "per criterium, het type en het dominante kenmerk met de onderbouwing, de "
            f"randvoorwaarden, wat {u.the} onderscheidt, de samenvatting van de "
            "consultants en de gegevens van de factsheet. Elke uitspraak draagt een code; "
            "gebruik die code in het reactieformulier dat bij dit concept hoort. Meld daar "
            "feitelijke onjuistheden, met de tekst zoals die volgens u moet luiden."
        ),
        "sent": f"Verzonden op {dutch_date(sent)}",
        "sha256": sha256,
        "criteria": criteria,
        "type": type_items,
        "type_note": note,
        "conditions": items("randvoorwaarde-"),
        "distinctive": items("onderscheidend"),
        "summary": items("samenvatting-"),
        "factsheet": {
            "lines": [
                f"Bijdrage: {dutch.euro(facts.tier, facts.currency)}",
                f"Gemiddelde score: {facts.mean} (zelfscore {facts.self_mean})",
                facts.status_sentence,
            ],
            "goals": [[g["goal"], g["status"], g["explanation"] or "–"] for g in facts.goals],
            "kpis": [
                [
                    k["name"] + (f" ({k['unit']})" if k["unit"] else ""),
                    k["baseline"],
                    k["current"],
                    k["target"],
                    k["progress"],
                ]
                for k in facts.kpis
            ],
        },
    }


DRAFT_TEMPLATE = r"""
#let d = json("data.json")
#let accent = rgb("#1f3a5f")
#let muted = rgb("#5b6b7d")
#set document(title: d.title)
#set page(paper: "a4", margin: (x: 2cm, top: 2cm, bottom: 2.2cm),
  footer: text(size: 6.5pt, fill: muted, d.footer))
#set text(lang: "nl", region: "NL", font: ("Source Sans Pro",), size: 10pt, hyphenate: true)
#set par(justify: false, leading: 0.55em, spacing: 0.8em)
#set table(inset: (x: 4pt, y: 3pt), stroke: 0.4pt + rgb("#c5ccd6"))
#show heading: set text(fill: accent)
#show table.cell.where(y: 0): set text(weight: "bold", fill: accent)

#let statement(item) = block(breakable: true, above: 0.5em, below: 0.5em, grid(
  columns: (4.6cm, 1fr), column-gutter: 8pt,
  text(size: 7.5pt, fill: muted, hyphenate: false, font: ("DejaVu Sans Mono",), item.id),
  item.text,
))
#let statements(list) = if list.len() == 0 { text(fill: muted, [–]) } else {
  for item in list { statement(item) }
}

#text(size: 18pt, weight: "bold", fill: accent, d.title)
#v(-0.4em)
#text(fill: muted, d.round)

#block(fill: rgb("#eef2f7"), inset: 8pt, radius: 2pt, width: 100%)[
  #d.intro
  #v(0.3em)
  #text(size: 8.5pt)[#d.sent. Kenmerk van deze versie (SHA-256 over alle uitspraken):]
  #linebreak()
  #text(size: 7.5pt, font: ("DejaVu Sans Mono",), d.sha256)
]

= Bevindingen per criterium
#for c in d.criteria {
  heading(level: 2, c.name)
  text(style: "italic", c.score)
  heading(level: 3, c.strengths_label)
  statements(c.strengths)
  heading(level: 3, c.attention_label)
  statements(c.attention)
}

= Type en dominant kenmerk
#statements(d.type)
#if d.type_note != "" { par(text(fill: muted, d.type_note)) }

= Randvoorwaarden
#statements(d.conditions)

= #d.distinctive_heading
#statements(d.distinctive)

= Samenvatting van de consultants
#statements(d.summary)

= Gegevens van de factsheet
Deze gegevens komen uit uw eigen zelfevaluatie en uit de scores hierboven.
#for line in d.factsheet.lines { par(line) }
#if d.factsheet.goals.len() > 0 {
  heading(level: 2, [Doelen])
  table(columns: (2fr, 1fr, 3fr),
    table.header([Doel], [Stand van zaken], [Toelichting]),
    ..d.factsheet.goals.flatten())
}
#if d.factsheet.kpis.len() > 0 {
  heading(level: 2, [KPI's])
  table(columns: (3fr, 1fr, 1fr, 1fr, 1.3fr),
    table.header([KPI], [Nulmeting], [Nu], [Streefwaarde], [Voortgang]),
    ..d.factsheet.kpis.flatten())
}
"""


def _hub_names(hubs: pd.DataFrame) -> dict[str, str]:
    return dict(zip(hubs["hub"], hubs["name"], strict=True))


def _count(number: int, one: str, more: str) -> str:
    """A count with its noun, in words up to twenty: 'één reactie', 'twee hubs'."""
    return dutch.counted(number, one, more)


def wederhoor_appendix(
    tables: dict[str, pd.DataFrame], pronoun: str = "hij", unit: Unit | None = None
) -> str:
    """The appendix Wederhoor, or nothing when the round held none.

    Per hub that received a draft: how many responses came back, what was corrected (the text
    sent beside the text in this report), and every remaining difference of view in the hub's
    own words beside the consultants' position. A hub that did not respond is named as such.
    """
    u = unit_of(unit)
    sent = tables.get("wederhoor_hubs", pd.DataFrame())
    if sent is None or sent.empty:
        return ""
    responses = tables["wederhoor_responses"].fillna("")
    names = _hub_names(tables["hubs"])
    date = dutch_date(dt.date.fromisoformat(str(sent["sent"].iloc[0])))
    subject, obj, _ = dutch.pronoun_forms(pronoun)
    parts = [
        f"# Wederhoor {{.appendix #{APPENDIX_ID}}}\n",
        f"Op {date} ontving {u.each_with('deelnemende')} een concept van alles wat dit rapport "
        f"over {obj} zegt, met een reactieformulier waarin {subject} per uitspraak kon aangeven of "
        "die feitelijk onjuist is, met een voorgestelde correctie en een toelichting. De "
        "consultants hebben over elke reactie besloten: overgenomen (de uitspraak is in het "
        "rapport aangepast), deels overgenomen of niet overgenomen. Waar een verschil van "
        f"inzicht blijft, staan hieronder de woorden van {u.the} naast het standpunt van "
        "de consultants.\n",
    ]
    for row in sent.itertuples():
        name = names.get(row.hub, row.hub)
        parts.append(f"## {escape(name)} {{#sec-wederhoor-{row.hub}}}\n")
        mine = responses[responses["hub"] == row.hub] if not responses.empty else responses
        if not bool(row.responded):
            parts.append(f"{escape(name)} heeft niet gereageerd op het concept.\n")
            continue
        if mine.empty:
            parts.append(
                f"{escape(name)} heeft het reactieformulier teruggestuurd zonder opmerkingen.\n"
            )
            continue
        wrong = int((mine["wrong"] == YES).sum())
        corrected = mine[mine["decision"].isin([TAKEN_OVER, PARTLY])]
        differing = mine[mine["decision"].isin([PARTLY, NOT_TAKEN_OVER])]
        corrected_text = (
            "geen uitspraak is aangepast"
            if corrected.empty
            else _count(len(corrected), "uitspraak is", "uitspraken zijn") + " aangepast"
        )
        differing_text = (
            "er blijft geen verschil van inzicht"
            if differing.empty
            else f"bij {_count(len(differing), 'reactie', 'reacties')} blijft een verschil "
            "van inzicht"
        )
        parts.append(
            f"{escape(name)} stuurde {_count(len(mine), 'reactie', 'reacties')}, waarvan "
            f"{_count(wrong, 'melding', 'meldingen')} van een feitelijke onjuistheid; "
            f"{corrected_text}; {differing_text}.\n"
        )
        # the anchor of a response in both tables goes with its decision's reasons
        anchored = set(corrected["statement"]) - set(differing["statement"])
        if not corrected.empty:
            parts.append(
                grid_table(
                    ["Onderdeel", "In het concept", "In dit rapport"],
                    [
                        [
                            _response_cell(r, r.statement in anchored),
                            [escape(r.sent_text)],
                            [escape(r.current_text) or "*(geschrapt)*"],
                        ]
                        for r in corrected.itertuples()
                    ],
                    [22, 42, 42],
                    f"Aangepast na de reactie van {escape(name)}",
                    f"tbl-wederhoor-{row.hub}-aangepast",
                )
            )
        if not differing.empty:
            parts.append(
                grid_table(
                    ["Uitspraak", f"Reactie van {escape(name)}", "Standpunt van de consultants"],
                    [
                        [
                            _response_cell(r, True, quoted=True),
                            _own_words(r),
                            [escape(r.reason)],
                        ]
                        for r in differing.itertuples()
                    ],
                    [22, 42, 42],
                    f"Verschil van inzicht met {escape(name)}",
                    f"tbl-wederhoor-{row.hub}-verschil",
                )
            )
    return "\n".join(parts)


def _own_words(response) -> list[str]:
    """The hub's response in its own words: correction and explanation, escaped, as written."""
    lines = []
    if isinstance(response.correction, str) and response.correction.strip():
        lines.append(f"Voorgestelde tekst: “{escape(response.correction)}”")
    if isinstance(response.explanation, str) and response.explanation.strip():
        if lines:
            lines.append("")
        lines.append(f"Toelichting: “{escape(response.explanation)}”")
    return lines or ["–"]


def wederhoor_accountability(
    tables: dict[str, pd.DataFrame], client: bool = False, unit: Unit | None = None
) -> str:
    """The Verantwoording's paragraph on the wederhoor, or nothing when none was held; the
    ``client`` edition's names no file of the project."""
    u = unit_of(unit)
    sent = tables.get("wederhoor_hubs", pd.DataFrame())
    if sent is None or sent.empty:
        return ""
    responses = tables["wederhoor_responses"]
    names = _hub_names(tables["hubs"])
    date = dutch_date(dt.date.fromisoformat(str(sent["sent"].iloc[0])))
    answered = sent[sent["responded"].astype(bool)]
    silent = [escape(names.get(h, h)) for h in sent.loc[~sent["responded"].astype(bool), "hub"]]
    text = (
        f"**Wederhoor.** De concepten voor wederhoor gingen op {date} naar "
        f"{_count(len(sent), u.singular, u.plural)}; "
        f"{_count(len(answered), f'{u.singular} stuurde', f'{u.plural} stuurden')} het "
        f"reactieformulier terug, met samen {_count(len(responses), 'reactie', 'reacties')} "
        f"(zie @{APPENDIX_ID})."
    )
    if silent:
        text += " Niet gereageerd: " + ", ".join(silent) + "."
    text += (
        f" Het kenmerk (SHA-256) van wat {u.each} ontving, staat in de kop van elk "
        "concept en formulier"
        + (
            " en in de administratie van de evaluatie.\n"
            if client
            else " en in wederhoor/verzonden.yaml.\n"
        )
    )
    return "\n" + text
