"""The one-page factsheet of a hub as Typst source (pure). Input text only enters as strings.

Every text from an input file becomes a Typst string literal (``typst_string``), which Typst
shows as it is: ``#``, ``*``, ``$``, ``<``, ``@`` or ``//`` in a goal or summary stay characters
and never become markup, code or comments.
"""

from __future__ import annotations

import datetime as dt

from evaltools.inputs.models import RoundConfig
from evaltools.report import formatting
from evaltools.report.hub_parts import HubFacts
from evaltools.report.variables import dutch_date

# Font sizes tried from large to small; the first at which the sheet fits on one page is used.
FONT_SIZES = ("9.5pt", "9pt", "8.5pt", "8pt", "7.5pt", "7pt", "6.5pt")


def typst_string(text: object) -> str:
    """A Typst string literal showing ``text`` literally (whitespace folded to single spaces)."""
    flat = " ".join(str(text).split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _array(items: list[str]) -> str:
    return "(" + "".join(f"{item}, " for item in items) + ")"


def factsheet_source(facts: HubFacts, config: RoundConfig, figure: str) -> str:
    """Typst source of the factsheet of one hub; ``figure`` is the profile SVG next to it."""
    goals = [f"({typst_string(g['goal'])}, {typst_string(g['status'])})" for g in facts.goals]
    kpis = [
        "("
        + ", ".join(
            typst_string(k[key])
            for key in ("name", "baseline", "current", "absolute", "relative", "target", "progress")
        )
        + ")"
        for k in facts.kpis
    ]
    type_line = (
        f"{facts.hub_type.capitalize()}, dominant kenmerk: {facts.feature}"
        if facts.hub_type
        else "Nog niet ingedeeld"
    )
    values = {
        "round-title": typst_string(f"{config.title} · {config.period}"),
        "client": typst_string(
            f"Opdrachtgever: {config.client} · uitvoering: {', '.join(config.executors)} · "
            f"kenmerk {config.reference} · {config.place}, {dutch_date(config.date)}"
        ),
        "name": typst_string(facts.name),
        "hub-type": typst_string(type_line),
        "tier": typst_string(formatting.euro(facts.tier)),
        "mean": typst_string(f"{facts.mean} (zelfscore {facts.self_mean})"),
        "scale": typst_string(
            "Schaal: " + ", ".join(f"{level.score} {level.name}" for level in config.rubric) + "."
        ),
        "status": typst_string(facts.status_sentence),
        "goals": _array(goals),
        "kpis": _array(kpis),
        "conditions": _array([typst_string(c["text"]) for c in facts.conditions]),
        "reason": typst_string(facts.type_reason),
        "summary": _array([typst_string(p) for p in facts.summary]),
        "profile": typst_string(figure),
        "sizes": "(" + ", ".join(FONT_SIZES) + ",)",
    }
    data = "\n".join(f"#let {key} = {value}" for key, value in values.items())
    return data + "\n" + TEMPLATE


TEMPLATE = r"""
#let accent = rgb("#1f3a5f")
#let muted = rgb("#5b6b7d")
#set document(title: "Factsheet " + name)
#set page(paper: "a4", margin: (x: 1.5cm, top: 1.3cm, bottom: 1.3cm),
  footer: text(size: 7pt, fill: muted, client))
#set text(lang: "nl", region: "NL", font: ("Source Sans Pro",), hyphenate: true)
#set par(justify: false, leading: 0.5em, spacing: 0.65em)
#set table(inset: (x: 3pt, y: 2.5pt), stroke: (x, y) => (
  top: if y == 0 { 0.7pt + accent } else { 0.3pt + rgb("#c5ccd6") },
  bottom: 0.7pt + accent,
))

#show table.cell.where(y: 0): set text(weight: "bold", fill: accent)

#let heading-text(body) = block(above: 0.9em, below: 0.45em,
  text(weight: "bold", fill: accent, size: 1.15em, body))

#let fact(label, value) = [#text(fill: muted, size: 0.9em, label) \ #text(weight: "bold", value)]

#let sheet(size) = {
  set text(size: size)
  text(size: 0.9em, fill: muted, "Factsheet · " + round-title)
  v(0.1em)
  text(size: 2.1em, weight: "bold", fill: accent, hyphenate: false, name)
  v(0.3em)
  grid(columns: (2.2fr, 1fr, 1.3fr), column-gutter: 1.2em,
    fact("Type (besluit van de consultants)", hub-type),
    fact("Bijdrage in deze regeling", tier),
    fact("Gemiddelde score", mean),
  )
  v(0.4em)
  grid(columns: (1fr, 1fr), column-gutter: 1.4em,
    {
      heading-text("Score per criterium")
      image(profile, width: 100%)
      text(size: 0.85em, fill: muted,
        "Zwarte stip: score van de consultants; open vierkant: zelfscore van de Technohub. "
          + scale)
    },
    {
      heading-text("Doelen")
      par(status)
      if goals.len() > 0 {
        table(columns: (1fr, auto), table.header([Doel], [Stand]),
          ..goals.map(g => (g.at(0), g.at(1))).flatten())
      }
      if conditions.len() > 0 {
        heading-text("Voorgestelde randvoorwaarden")
        list(..conditions)
      }
    },
  )
  if kpis.len() > 0 {
    heading-text("KPI's")
    table(columns: (1fr, auto, auto, auto, auto, auto, auto),
      align: (left, right, right, right, right, right, right),
      table.header([KPI], [Nulmeting], [Nu], [Verschil], [Relatief], [Streef], [Voortgang]),
      ..kpis.flatten())
  }
  heading-text("Samenvatting van de consultants")
  if reason != "" { par(emph(reason)) }
  for paragraph in summary { block(above: 0.8em, par(paragraph)) }
}

#layout(area => {
  let fits = sizes.filter(size => measure(block(width: area.width, sheet(size))).height
    <= area.height)
  sheet(if fits.len() > 0 { fits.first() } else { sizes.last() })
})
"""


def factsheet_timestamp(config: RoundConfig) -> dt.datetime:
    """The fixed date stamped into every factsheet: noon UTC of the round date (as the report)."""
    date = config.date
    return dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.UTC)
