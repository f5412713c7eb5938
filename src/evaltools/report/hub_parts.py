"""One hub on its own: its appendix section of the report and the facts of its factsheet (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from evaltools.analyse.goals import change_texts, goal_status_counts, kpi_table, status_sentence
from evaltools.analyse.matrices import source_codes
from evaltools.analyse.scoring import hub_scores
from evaltools.analyse.typology import typology_check
from evaltools.ingest.zelfevaluatie import evidence_id
from evaltools.report.changes import with_earlier
from evaltools.report.markdown import Table, escape, grid_tables
from evaltools.report.parts import sized_figure
from evaltools.report.provenance import source_marker
from evaltools.round import dutch
from evaltools.round.models import RoundConfig
from evaltools.round.programme import Unit, unit_of

CARRIED_MARK = "*(uit de vorige ronde)*"
"""After a goal that the form carried over from the previous round."""


@dataclass(frozen=True)
class HubFacts:
    """Everything shown about one hub, as plain text (not yet escaped for any format)."""

    hub: str
    name: str
    label: str
    tier: int
    hub_type: str
    feature: str
    type_reason: str
    suggested: str | None
    mean: str
    self_mean: str
    status_sentence: str
    goals: list[dict[str, str]] = field(default_factory=list)
    kpis: list[dict[str, str]] = field(default_factory=list)
    conditions: list[dict[str, str]] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    # the programme's unit (round.yaml programma:) and whether it has a typology
    unit: Unit | None = None
    typology: bool = True
    # how amounts are written (round.yaml programma: valuta)
    currency: str = "€"


def hub_facts(
    tables: dict[str, pd.DataFrame],
    config: RoundConfig,
    hub: str,
    reworded: Mapping[tuple[str, str, int], str] | None = None,
) -> HubFacts:
    """Collect what the appendix section and the factsheet of ``hub`` show.

    ``reworded`` holds the earlier wordings of goals and KPIs that the hub reworded while they
    kept their id (``analyse.changes.reworded_rows``); the appendix shows them as '(eerder: …)'.

    ``tables`` may be the whole round's (the wederhoor forms, one call per hub) or the hub's
    slice (its notebook run, see evaltools.analyse.freeze); either way every table is cut to the
    hub's rows first (the evidence catalogue excepted: its codes number the whole round), so
    that a call does not compute every hub's means and type to keep one.
    """
    hubs = _rows_of(tables["hubs"], hub)
    row = hubs.set_index("hub").loc[hub]
    codes = source_codes(tables["evidence"])
    scores, self_scores = _rows_of(tables["scores"], hub), _rows_of(tables["self_scores"], hub)
    profiles = _rows_of(tables["profiles"], hub)
    profile = profiles.set_index("hub").loc[hub] if not profiles.empty else None
    mine_goals = _rows_of(tables["goals"], hub)
    mine_kpis = kpi_table(_rows_of(tables["kpis"], hub), hubs)
    counts = goal_status_counts(mine_goals, hubs).iloc[0]
    means = hub_scores(scores, self_scores, hubs).set_index("hub")
    own = {**tables, "hubs": hubs, "scores": scores, "profiles": profiles}
    typology = config.programme.typology is not None
    check = (
        typology_check(own, config.typology, config.programme.typology).set_index("hub")
        if typology
        else pd.DataFrame()
    )
    mine_conditions = _rows_of(tables["conditions"], hub)
    summary = "" if profile is None else dutch.text_or_blank(profile["summary"])
    reworded = reworded or {}
    return HubFacts(
        hub=hub,
        name=row["name"],
        label=row["label"],
        tier=int(row["tier"]),
        # empty without a typology (the assessment has no type)
        hub_type="" if profile is None else dutch.text_or_blank(profile["type"]),
        feature="" if profile is None else dutch.text_or_blank(profile["feature"]),
        type_reason=""
        if profile is None or pd.isna(profile["type_reason"])
        else str(profile["type_reason"]),
        suggested=check.at[hub, "suggested"] if hub in check.index else None,
        mean=_mean(means, hub, "mean"),
        self_mean=_mean(means, hub, "self_mean"),
        status_sentence=status_sentence(counts, unit=config.programme.unit),
        goals=[
            {
                "goal": g.goal,
                "status": g.status,
                "explanation": "" if pd.isna(g.explanation) else str(g.explanation),
                "source": codes.get(evidence_id(hub, "doel", g.number), ""),
                "carried": "ja"
                if dutch.text_or_blank(getattr(g, "carried_over", "")).strip()
                else "",
                "earlier": reworded.get(("doel", hub, int(g.number)), ""),
            }
            for g in mine_goals.itertuples()
        ],
        kpis=[
            {
                "name": k["name"],
                "unit": "" if pd.isna(k["unit"]) else str(k["unit"]),
                "source": codes.get(evidence_id(hub, "kpi", k["number"]), ""),
                "earlier": reworded.get(("kpi", hub, int(k["number"])), ""),
                **change_texts(k),
            }
            for _, k in mine_kpis.iterrows()
        ],
        conditions=[
            {"text": c.text, "sources": ",".join(codes.get(s, s) for s in str(c.sources).split())}
            for c in mine_conditions.itertuples()
        ],
        summary=[" ".join(p.split()) for p in summary.split("\n\n") if p.strip()],
        unit=config.programme.unit,
        typology=typology,
        currency=config.programme.currency,
    )


def _rows_of(table: pd.DataFrame, hub: str) -> pd.DataFrame:
    """The rows of ``hub`` (an empty table as it is: it may lack the column)."""
    return table[table["hub"] == hub] if not table.empty else table


def _mean(means: pd.DataFrame, hub: str, column: str) -> str:
    if hub not in means.index or means.at[hub, column] is None:
        return "–"
    return dutch.fixed(means.at[hub, column])


def _marker(codes: str) -> str:
    listed = [c for c in codes.split(",") if c]
    return " " + source_marker(listed) if listed else ""


def hub_section(
    tables: dict[str, pd.DataFrame],
    facts: HubFacts,
    profile_path: str,
    profile_alt: str,
) -> str:
    """The appendix section of one hub (``facts``: see :func:`hub_facts`): goals, KPIs,
    findings, type and conditions, summary.

    The section's tables are written in one pandoc run.
    """
    specs = {
        "goals": goals_table(facts, facts.unit),
        "kpis": kpis_table(facts),
        "findings": findings_table(tables, facts.hub, facts.label),
    }
    written = dict(
        zip(
            [name for name, spec in specs.items() if spec],
            grid_tables([spec for spec in specs.values() if spec]),
            strict=True,
        )
    )
    parts = [
        _key_facts(facts),
        _goals_part(facts, written.get("goals")),
        _kpis_part(facts, written.get("kpis"), facts.unit),
        _findings_part(facts, written["findings"], profile_path, profile_alt),
        _type_part(facts),
        _summary_part(facts),
    ]
    return "\n".join(parts)


def _anchor(facts: HubFacts) -> str:
    return f"hub-{facts.hub}"


def _key_facts(facts: HubFacts) -> str:
    """The heading of the section and one line with type (a programme with a typology),
    contribution and mean score."""
    kind = (
        f"**Type:** {facts.hub_type or '–'} · **dominant kenmerk:** {facts.feature or '–'} · "
        if facts.typology
        else ""
    )
    amount = escape(dutch.euro(facts.tier, facts.currency))
    return (
        f"## {escape(facts.name)} {{#sec-{_anchor(facts)}}}\n\n"
        f"{kind}**bijdrage:** {amount} · **gemiddelde score:** "
        f"{escape(facts.mean)} (zelfscore {escape(facts.self_mean)})\n"
    )


def goals_table(facts: HubFacts, unit: Unit | None = None) -> Table | None:
    """The hub's goals with their status and the hub's explanation (none without goals); a goal
    carried over from the previous round (its row in the form says so) is marked."""
    u = unit_of(unit)
    if not facts.goals:
        return None
    rows = [
        [
            [
                with_earlier(g["goal"], g.get("earlier", ""))
                + (f" {CARRIED_MARK}" if g.get("carried") else "")
                + _marker(g["source"])
            ],
            [escape(g["status"])],
            [escape(g["explanation"]) or "–"],
        ]
        for g in facts.goals
    ]
    return Table(
        ["Doel", "Stand van zaken", f"Toelichting van {u.the}"],
        rows,
        [38, 14, 54],
        f"Doelen van {escape(facts.label)}",
        f"tbl-{_anchor(facts)}-doelen",
    )


def _goals_part(facts: HubFacts, table: str | None) -> str:
    parts = [
        f"### Doelen en voortgang {{#sec-{_anchor(facts)}-doelen}}\n",
        escape(facts.status_sentence) + "\n",
    ]
    return "\n".join(parts + ([table] if table else []))


def kpis_table(facts: HubFacts) -> Table | None:
    """The hub's KPIs: change since the baseline and progress to the target (none without KPIs)."""
    if not facts.kpis:
        return None
    rows = [
        [
            [
                with_earlier(k["name"] + (f" ({k['unit']})" if k["unit"] else ""), k.get("earlier"))
                + _marker(k["source"])
            ],
            *[
                [escape(k[key])]
                for key in ("baseline", "current", "absolute", "relative", "target", "progress")
            ],
        ]
        for k in facts.kpis
    ]
    return Table(
        ["KPI (eenheid)", "Nulmeting", "Nu", "Verschil", "Relatief", "Streefwaarde", "Voortgang"],
        rows,
        [36, 10, 7, 9, 9, 13, 15],
        f"KPI's van {escape(facts.label)}: verandering sinds de nulmeting en voortgang naar de "
        "streefwaarde",
        f"tbl-{_anchor(facts)}-kpis",
    )


def _kpis_part(facts: HubFacts, table: str | None, unit: Unit | None = None) -> str:
    u = unit_of(unit)
    heading = f"### KPI's {{#sec-{_anchor(facts)}-kpis}}\n"
    if table is None:
        return "\n".join([heading, f"{u.The} heeft geen KPI's opgegeven.\n"])
    return "\n".join([heading, table, KPI_NOTE])


def _findings_part(facts: HubFacts, table: str, profile_path: str, profile_alt: str) -> str:
    figure = sized_figure(
        profile_path,
        f"Score van de consultants en zelfscore per criterium: {facts.label}",
        profile_alt,
        f"fig-profiel-{facts.hub}",
        "65%",
    )
    heading = f"### Scores per criterium {{#sec-{_anchor(facts)}-bevindingen}}\n"
    pointer = (
        f"De sterktes en aandachtspunten van {escape(facts.label)} staan per criterium in de "
        f"tabellen van @sec-bevindingen; @tbl-hub-{facts.hub}-scores verwijst per criterium naar "
        "de tabel.\n"
    )
    return "\n".join([heading, figure, pointer, table])


def _type_part(facts: HubFacts) -> str:
    """The consultants' type, what the typology rule would say, and the proposed conditions
    (without a typology in the programme: the conditions only, under their own heading)."""
    label = escape(facts.label)
    if not facts.typology:
        if not facts.conditions:
            return ""
        parts = [f"### Randvoorwaarden {{#sec-{_anchor(facts)}-type}}\n"]
        parts += [f"- {escape(c['text'])}{_marker(c['sources'])}" for c in facts.conditions]
        return "\n".join([*parts, ""])
    parts = [f"### Type en randvoorwaarden {{#sec-{_anchor(facts)}-type}}\n"]
    if facts.hub_type:
        text = (
            f"De consultants delen {label} in als **{facts.hub_type}** met als dominant "
            f"kenmerk **{facts.feature}**."
        )
        if facts.type_reason:
            text += " " + escape(facts.type_reason)
        if facts.suggested and facts.suggested != facts.hub_type:
            text += (
                f" De typologieregel van deze ronde zou {label} als {facts.suggested} indelen; "
                "het besluit van de consultants blijft staan."
            )
        parts.append(text + "\n")
    if facts.conditions:
        parts.append("Voorgestelde randvoorwaarden:\n")
        parts += [f"- {escape(c['text'])}{_marker(c['sources'])}" for c in facts.conditions]
        parts.append("")
    return "\n".join(parts)


def _summary_part(facts: HubFacts) -> str:
    heading = f"### Samenvatting van de consultants {{#sec-{_anchor(facts)}-samenvatting}}\n"
    paragraphs = [escape(p) + "\n" for p in facts.summary] or ["*Nog geen samenvatting.*\n"]
    return "\n".join([heading, *paragraphs])


KPI_NOTE = (
    "*Verschil*: de huidige waarde min de nulmeting; *relatief*: dat verschil als percentage "
    "van de nulmeting (n.v.t. bij een nulmeting van 0); *voortgang*: het deel van de weg van "
    "nulmeting naar streefwaarde dat is afgelegd. Een streepje betekent dat een waarde "
    "ontbreekt.\n"
)


def findings_table(tables: dict[str, pd.DataFrame], hub: str, label: str) -> Table:
    """Per criterion this hub's score and self-score, and where its findings are (chapter 3).

    The strengths and points of attention are not repeated here: the criterion tables of the
    findings chapter carry them, one row per hub.
    """
    scores = _rows_of(tables["scores"], hub)
    own = _rows_of(tables["self_scores"], hub)
    rows = []
    for criterion in tables["criteria"].itertuples():
        score = scores.loc[scores["criterion"] == criterion.criterion, "score"]
        self_score = (
            own.loc[own["criterion"] == criterion.criterion, "self_score"]
            if not own.empty
            else pd.Series(dtype=float)
        )
        rows.append(
            [
                [escape(criterion.name)],
                [str(int(score.iloc[0])) if len(score) else "–"],
                [
                    str(int(self_score.iloc[0]))
                    if len(self_score) and not pd.isna(self_score.iloc[0])
                    else "–"
                ],
                [f"@tbl-criterium-{criterion.criterion}"],
            ]
        )
    return Table(
        ["Criterium", "Score", "Zelfscore", "Sterktes en aandachtspunten"],
        rows,
        [46, 12, 14, 28],
        f"Scores per criterium: {escape(label)}",
        f"tbl-hub-{hub}-scores",
    )


def profile_alt_text(tables: dict[str, pd.DataFrame], hub: str, max_score: int = 4) -> str:
    """Alt text of a hub's profile figure, with every number in it."""
    scores = tables["scores"]
    own = tables["self_scores"]
    label = tables["hubs"].set_index("hub").at[hub, "label"]
    parts = []
    for criterion in tables["criteria"].itertuples():
        score = scores.loc[
            (scores["hub"] == hub) & (scores["criterion"] == criterion.criterion), "score"
        ]
        text = f"{criterion.name}: {int(score.iloc[0]) if len(score) else 'geen score'}"
        if not own.empty:
            mine = own.loc[
                (own["hub"] == hub) & (own["criterion"] == criterion.criterion), "self_score"
            ]
            if len(mine) and not pd.isna(mine.iloc[0]):
                text += f" (zelfscore {int(mine.iloc[0])})"
        parts.append(text)
    return (
        f"Puntgrafiek van {label}: per criterium de score van de consultants (zwarte stip) en "
        f"de zelfscore (open vierkant) op de schaal 1 tot {max_score}. " + "; ".join(parts) + "."
    )
