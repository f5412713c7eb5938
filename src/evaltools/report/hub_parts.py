"""One hub on its own: its appendix section of the report and the facts of its factsheet (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from evaltools.analysis.goals import change_texts, goal_status_counts, kpi_table, status_sentence
from evaltools.analysis.matrices import source_codes
from evaltools.analysis.scoring import hub_scores
from evaltools.analysis.typology import typology_check
from evaltools.inputs.models import GOAL_STATUSES, RoundConfig
from evaltools.inputs.zelfevaluatie import evidence_id
from evaltools.report import formatting
from evaltools.report.markdown import escape, grid_table
from evaltools.report.parts import sized_figure
from evaltools.report.provenance import source_marker


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
    status_counts: dict[str, int]
    goals: list[dict[str, str]] = field(default_factory=list)
    kpis: list[dict[str, str]] = field(default_factory=list)
    conditions: list[dict[str, str]] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


def hub_facts(tables: dict[str, pd.DataFrame], config: RoundConfig, hub: str) -> HubFacts:
    """Collect what the appendix section and the factsheet of ``hub`` show."""
    hubs = tables["hubs"]
    row = hubs.set_index("hub").loc[hub]
    codes = source_codes(tables["evidence"])
    profiles = tables["profiles"].set_index("hub")
    profile = profiles.loc[hub] if hub in profiles.index else None
    goals = tables["goals"]
    mine_goals = goals[goals["hub"] == hub] if not goals.empty else goals
    kpis = kpi_table(tables["kpis"], hubs)
    mine_kpis = kpis[kpis["hub"] == hub] if not kpis.empty else kpis
    counts = goal_status_counts(mine_goals, hubs[hubs["hub"] == hub]).iloc[0]
    means = hub_scores(tables["scores"], tables["self_scores"], hubs).set_index("hub")
    check = typology_check(tables, config.typology).set_index("hub")
    conditions = tables["conditions"]
    mine_conditions = conditions[conditions["hub"] == hub] if not conditions.empty else conditions
    summary = "" if profile is None else formatting.text_or_blank(profile["summary"])
    return HubFacts(
        hub=hub,
        name=row["name"],
        label=row["label"],
        tier=int(row["tier"]),
        hub_type="" if profile is None else profile["type"],
        feature="" if profile is None else profile["feature"],
        type_reason=""
        if profile is None or pd.isna(profile["type_reason"])
        else str(profile["type_reason"]),
        suggested=check.at[hub, "suggested"] if hub in check.index else None,
        mean=_mean(means, hub, "mean"),
        self_mean=_mean(means, hub, "self_mean"),
        status_sentence=status_sentence(counts),
        status_counts={s: int(counts[s]) for s in GOAL_STATUSES},
        goals=[
            {
                "goal": g.goal,
                "status": g.status,
                "explanation": "" if pd.isna(g.explanation) else str(g.explanation),
                "source": codes.get(evidence_id(hub, "doel", g.number), ""),
            }
            for g in mine_goals.itertuples()
        ],
        kpis=[
            {
                "name": k["name"],
                "unit": "" if pd.isna(k["unit"]) else str(k["unit"]),
                "source": codes.get(evidence_id(hub, "kpi", k["number"]), ""),
                **change_texts(k),
            }
            for _, k in mine_kpis.iterrows()
        ],
        conditions=[
            {"text": c.text, "sources": ",".join(codes.get(s, s) for s in str(c.sources).split())}
            for c in mine_conditions.itertuples()
        ],
        summary=[" ".join(p.split()) for p in summary.split("\n\n") if p.strip()],
    )


def _mean(means: pd.DataFrame, hub: str, column: str) -> str:
    if hub not in means.index or means.at[hub, column] is None:
        return "–"
    return formatting.fixed(means.at[hub, column])


def _marker(codes: str) -> str:
    listed = [c for c in codes.split(",") if c]
    return " " + source_marker(listed) if listed else ""


def hub_section(
    tables: dict[str, pd.DataFrame],
    config: RoundConfig,
    hub: str,
    profile_path: str,
    profile_alt: str,
) -> str:
    """The appendix section of one hub: goals, KPIs, findings, type and conditions, summary."""
    facts = hub_facts(tables, config, hub)
    anchor = f"hub-{hub}"
    label = escape(facts.label)
    parts = [f"## {escape(facts.name)} {{#sec-{anchor}}}\n"]
    parts.append(
        f"**Type:** {facts.hub_type or '–'} · **dominant kenmerk:** {facts.feature or '–'} · "
        f"**bijdrage:** {escape(formatting.euro(facts.tier))} · **gemiddelde score:** "
        f"{escape(facts.mean)} (zelfscore {escape(facts.self_mean)})\n"
    )

    parts.append(f"### Doelen en voortgang {{#sec-{anchor}-doelen}}\n")
    parts.append(escape(facts.status_sentence) + "\n")
    if facts.goals:
        rows = [
            [
                [escape(g["goal"]) + _marker(g["source"])],
                [escape(g["status"])],
                [escape(g["explanation"]) or "–"],
            ]
            for g in facts.goals
        ]
        parts.append(
            grid_table(
                ["Doel", "Stand van zaken", "Toelichting van de Technohub"],
                rows,
                [38, 14, 54],
                f"Doelen van {label}",
                f"tbl-{anchor}-doelen",
            )
        )

    parts.append(f"### KPI's {{#sec-{anchor}-kpis}}\n")
    if facts.kpis:
        rows = [
            [
                [
                    escape(k["name"] + (f" ({k['unit']})" if k["unit"] else ""))
                    + _marker(k["source"])
                ],
                [escape(k["baseline"])],
                [escape(k["current"])],
                [escape(k["absolute"])],
                [escape(k["relative"])],
                [escape(k["target"])],
                [escape(k["progress"])],
            ]
            for k in facts.kpis
        ]
        parts.append(
            grid_table(
                [
                    "KPI (eenheid)",
                    "Nulmeting",
                    "Nu",
                    "Verschil",
                    "Relatief",
                    "Streefwaarde",
                    "Voortgang",
                ],
                rows,
                [36, 10, 7, 9, 9, 13, 15],
                f"KPI's van {label}: verandering sinds de nulmeting en voortgang naar de "
                "streefwaarde",
                f"tbl-{anchor}-kpis",
            )
        )
        parts.append(KPI_NOTE)
    else:
        parts.append("De Technohub heeft geen KPI's opgegeven.\n")

    parts.append(f"### Scores per criterium {{#sec-{anchor}-bevindingen}}\n")
    parts.append(
        sized_figure(
            profile_path,
            f"Score van de consultants en zelfscore per criterium: {facts.label}",
            profile_alt,
            f"fig-profiel-{hub}",
            "65%",
        )
    )
    parts.append(
        f"De sterktes en aandachtspunten van {label} staan per criterium in de tabellen van "
        "@sec-bevindingen; @tbl-hub-" + hub + "-scores verwijst per criterium naar de tabel.\n"
    )
    parts.append(scores_table(tables, hub, facts.label))

    parts.append(f"### Type en randvoorwaarden {{#sec-{anchor}-type}}\n")
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

    parts.append(f"### Samenvatting van de consultants {{#sec-{anchor}-samenvatting}}\n")
    parts += [escape(p) + "\n" for p in facts.summary] or ["*Nog geen samenvatting.*\n"]
    return "\n".join(parts)


KPI_NOTE = (
    "*Verschil*: de huidige waarde min de nulmeting; *relatief*: dat verschil als percentage "
    "van de nulmeting (n.v.t. bij een nulmeting van 0); *voortgang*: het deel van de weg van "
    "nulmeting naar streefwaarde dat is afgelegd. Een streepje betekent dat een waarde "
    "ontbreekt.\n"
)


def scores_table(tables: dict[str, pd.DataFrame], hub: str, label: str) -> str:
    """Per criterion this hub's score and self-score, and where its findings are (chapter 3).

    The strengths and points of attention are not repeated here: the criterion tables of the
    findings chapter carry them, one row per hub.
    """
    scores = tables["scores"]
    own = tables["self_scores"]
    rows = []
    for criterion in tables["criteria"].itertuples():
        score = scores.loc[
            (scores["hub"] == hub) & (scores["criterion"] == criterion.criterion), "score"
        ]
        self_score = (
            own.loc[(own["hub"] == hub) & (own["criterion"] == criterion.criterion), "self_score"]
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
    return grid_table(
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


def hub_appendix(sections: list[str]) -> str:
    """The hub appendix: the hubs' sections in the given (configuration) order."""
    return "\n".join(section.rstrip("\n") + "\n" for section in sections)
