"""Raw round -> tidy tables. Pure: takes a validated RawRound, returns DataFrames."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from evaltools.ingest.evidence import cell_aliases, expand_sources
from evaltools.ingest.raw_round import RawRound
from evaltools.ingest.validate import catalogue
from evaltools.ingest.wederhoor import WederhoorInput, wederhoor_tables
from evaltools.ingest.zelfevaluatie import answer_id


def build_tables(raw: RawRound) -> dict[str, pd.DataFrame]:
    """Every table the analysis needs, keyed by file stem, rows in configuration order."""
    config = raw.config
    hubs, criteria, events, budget = _config_tables(raw)
    self_scores, goals, kpis, wishes = _form_tables(raw)
    evidence = catalogue(raw)
    statements, scores, profiles, conditions = _assessment_tables(raw, cell_aliases(evidence))
    tables = {
        "hubs": hubs,
        "criteria": criteria,
        "evidence": pd.DataFrame([asdict(e) for e in evidence]),
        "self_scores": self_scores,
        "goals": goals,
        "kpis": kpis,
        "wishes": wishes,
        "statements": statements,
        "scores": scores,
        "profiles": profiles,
        "conditions": conditions,
        "interviews": _interview_table(raw),
        "events": events,
        "budget": budget,
        # wederhoor: empty tables (with their columns) when the round held none
        **wederhoor_tables(raw.wederhoor or WederhoorInput(), config, raw.assessments),
    }
    hub_order = dict(zip(hubs["hub"], hubs["order"], strict=True))
    criterion_order = {c.id: i for i, c in enumerate(config.criteria)}
    for name, table in tables.items():
        # the evidence keeps the catalogue's order: document by document (see catalogue)
        if "hub" in table.columns and name not in ("hubs", "evidence") and not table.empty:
            keys = ["hub"] + [c for c in ("criterion", "column", "number") if c in table.columns]
            tables[name] = _ordered(table, keys, hub_order, criterion_order)
    return tables


def _config_tables(raw: RawRound) -> tuple[pd.DataFrame, ...]:
    """From round.yaml: hubs, criteria, events and the budget lines of the scheme."""
    config = raw.config
    hubs = pd.DataFrame(
        [
            {
                "hub": h.id,
                "name": h.name,
                "label": h.label,
                "place": h.place,
                "tier": h.tier,
                "status": h.status,
                "reason": h.reason,
                "order": i,
            }
            for i, h in enumerate(config.hubs)
        ]
    )
    criteria = pd.DataFrame(
        [
            {
                "criterion": c.id,
                "name": c.name,
                "scope": c.scope,
                "definition": c.definition,
                "strengths_label": c.strengths_label,
                "attention_label": c.attention_label,
                "order": i,
            }
            for i, c in enumerate(config.criteria)
        ]
    )
    events = [
        {
            "event": e.id,
            "kind": e.kind,
            "date": e.date.isoformat(),
            "place": e.place,
            "theme": e.theme,
            "hubs": " ".join(e.hubs),
        }
        for e in config.events
    ]
    budget = [
        {"item": line.item, "count": line.count, "amount": line.amount, "total": line.total}
        for line in (config.scheme.lines if config.scheme else [])
    ]
    return hubs, criteria, pd.DataFrame(events), pd.DataFrame(budget)


def _form_tables(raw: RawRound) -> tuple[pd.DataFrame, ...]:
    """From the self-evaluation forms: self-scores, goals, KPIs and wishes."""
    self_scores, goals, kpis, wishes = [], [], [], []
    for file, answers in raw.forms:
        for a in answers.criteria:
            self_scores.append(
                {
                    "hub": answers.hub_id,
                    "criterion": a.criterion,
                    "level": a.level,
                    "self_score": raw.config.level_score(a.level),
                    "file": file,
                    "place": a.place,
                }
            )
        round_id = raw.config.round_id
        goals += [
            {
                "hub": answers.hub_id,
                **asdict(g),
                "id": answer_id(round_id, "doel", g),
                "id_in_form": bool(g.id),
                "file": file,
            }
            for g in answers.goals
        ]
        kpis += [
            {
                "hub": answers.hub_id,
                **asdict(k),
                "id": answer_id(round_id, "kpi", k),
                "id_in_form": bool(k.id),
                "file": file,
            }
            for k in answers.kpis
        ]
        wishes += [
            {"hub": answers.hub_id, "number": n, "wish": w, "file": file}
            for n, w in enumerate(answers.wishes, start=1)
        ]
    return tuple(pd.DataFrame(rows) for rows in (self_scores, goals, kpis, wishes))


def _assessment_tables(raw: RawRound, aliases: dict) -> tuple[pd.DataFrame, ...]:
    """From the consultants' assessments: statements, scores, profiles and conditions.

    Sources are stored expanded: an old per-cell evidence id stands for its bullets' ids.
    """

    def cited(sources: list[str]) -> str:
        return " ".join(expand_sources(sources, aliases))

    statements, scores, profiles, conditions = [], [], [], []
    for file, assessment, _ in raw.assessments:
        for criterion, judgement in assessment.criteria.items():
            scores.append(
                {
                    "hub": assessment.hub,
                    "criterion": criterion,
                    "score": judgement.score,
                    "file": file,
                }
            )
            for column, items in (
                ("sterktes", judgement.strengths),
                ("aandachtspunten", judgement.attention),
            ):
                statements += [
                    {
                        "hub": assessment.hub,
                        "criterion": criterion,
                        "column": column,
                        "number": n,
                        "text": s.text,
                        "sources": cited(s.sources),
                        "file": file,
                    }
                    for n, s in enumerate(items, start=1)
                ]
        distinctive = assessment.distinctive
        profiles.append(
            {
                "hub": assessment.hub,
                "type": assessment.type,
                "feature": assessment.feature,
                "type_reason": assessment.type_reason,
                "distinctive": distinctive.text if distinctive else "",
                "distinctive_sources": cited(distinctive.sources) if distinctive else "",
                "summary": assessment.summary.strip(),
                "file": file,
            }
        )
        conditions += [
            {
                "hub": assessment.hub,
                "number": n,
                "text": s.text,
                "sources": cited(s.sources),
                "file": file,
            }
            for n, s in enumerate(assessment.conditions, start=1)
        ]
    return tuple(pd.DataFrame(rows) for rows in (statements, scores, profiles, conditions))


def _interview_table(raw: RawRound) -> pd.DataFrame:
    """One row per interview note: its header data, not its text."""
    return pd.DataFrame(
        [
            {
                "hub": n.meta.hub,
                "date": n.meta.date.isoformat(),
                "form": n.meta.form,
                "interviewers": "; ".join(n.meta.interviewers),
                "respondents": "; ".join(n.meta.respondents),
                "quotable": n.meta.quotable,
                "file": f,
            }
            for f, n in raw.interviews
        ]
    )


def _ordered(table: pd.DataFrame, keys: list[str], hub_order: dict, criterion_order: dict):
    """Rows in configuration order (hubs, then criteria), whatever order files were read in."""

    def sort_key(column: pd.Series) -> pd.Series:
        if column.name == "hub":
            return column.map(hub_order)
        if column.name == "criterion":
            return column.map(lambda c: criterion_order.get(c, -1))
        if column.name == "column":
            return column.map({"sterktes": 0, "aandachtspunten": 1})
        return column

    return table.sort_values(keys, key=sort_key, kind="stable").reset_index(drop=True)


def table_overview(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows and columns per table, for the executed ingest notebook."""
    return pd.DataFrame(
        [{"tabel": name, "rijen": len(t), "kolommen": len(t.columns)} for name, t in tables.items()]
    )
