"""The limits of the evaluation, generated from what the round collected (pure).

One part for both editions: how many hubs, forms and interviews there are; which hubs lack an
interview or a form; which findings rest on one kind of source only; that scores are the
consultants' judgement on the rubric; and what the evaluation did not measure.
"""

from __future__ import annotations

import pandas as pd

from evaltools.report.markdown import escape
from evaltools.round.dutch import count_word, counted, text_or_blank
from evaltools.round.models import RoundConfig
from evaltools.round.programme import Unit

SOURCE_NAMES = {"zelfevaluatie": "de zelfevaluatie", "interview": "het interview"}


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _hubs_with(tables: dict[str, pd.DataFrame], source: str) -> set[str]:
    evidence = tables.get("evidence", pd.DataFrame())
    if evidence.empty:
        return set()
    return set(evidence.loc[evidence["source"] == source, "hub"].dropna())


def single_source_cells(tables: dict[str, pd.DataFrame]) -> dict[str, list[tuple[str, str]]]:
    """Per kind of source the (hub, criterion) cells whose statements cite only that kind."""
    statements = tables.get("statements", pd.DataFrame())
    evidence = tables.get("evidence", pd.DataFrame())
    if statements.empty or evidence.empty:
        return {}
    kinds = dict(zip(evidence["id"], evidence["source"], strict=True))
    cells: dict[tuple[str, str], set[str]] = {}
    for row in statements.itertuples():
        found = {kinds.get(s, "overig") for s in text_or_blank(row.sources).split()}
        cells.setdefault((row.hub, row.criterion), set()).update(found)
    single: dict[str, list[tuple[str, str]]] = {}
    for cell, found in cells.items():
        if len(found) == 1 and next(iter(found)) in SOURCE_NAMES:
            single.setdefault(next(iter(found)), []).append(cell)
    return single


def limitations_part(
    config: RoundConfig, tables: dict[str, pd.DataFrame], unit: Unit | None = None
) -> str:
    """Markdown paragraphs on the limits of this evaluation (without heading)."""
    u = unit or config.programme.unit
    taking_part = config.taking_part
    labels = {hub.id: hub.label for hub in config.hubs}
    criteria = {c.id: c.name.lower() for c in config.criteria}
    forms = _hubs_with(tables, "zelfevaluatie")
    interviews = tables.get("interviews", pd.DataFrame())
    interviewed = set(interviews["hub"]) if not interviews.empty else set()
    n = len(taking_part)
    n_forms = sum(hub.id in forms for hub in taking_part)
    n_interviews = sum(hub.id in interviewed for hub in taking_part)
    hubs = counted(n, *u.forms("deelnemende"))
    of_whom = (
        (f"beide deelnemende {u.plural}" if n == 2 else f"alle {hubs}")
        if n_forms == n and n > 1
        else f"{count_word(n_forms)} van de {hubs}"
    )
    parts = [
        f"Deze {config.kind} steunt op de zelfevaluaties van {of_whom} en op "
        f"{counted(n_interviews, 'interview', 'interviews')} met de {u.plural}."
    ]
    missing_interview = [escape(hub.label) for hub in taking_part if hub.id not in interviewed]
    missing_form = [escape(hub.label) for hub in taking_part if hub.id not in forms]
    if not missing_interview and not missing_form:
        parts[-1] += f" Van {u.each_with('deelnemende')} zijn een zelfevaluatie en een interview "
        parts[-1] += "gebruikt."
    if missing_form:
        parts[-1] += f" Van {_listing(missing_form)} ontbreekt de zelfevaluatie."
    if missing_interview:
        parts[-1] += (
            f" Met {_listing(missing_interview)} is geen interview gehouden; daar rust de "
            "beoordeling alleen op de zelfevaluatie."
        )
    single = single_source_cells(tables)
    cells = len(taking_part) * len(config.criteria)
    if single:
        clauses = []
        for source, found in single.items():
            per_hub: dict[str, list[str]] = {}
            for hub, criterion in sorted(found, key=lambda c: (labels.get(c[0], c[0]), c[1])):
                per_hub.setdefault(hub, []).append(criteria.get(criterion, criterion))
            listed = "; ".join(
                f"{escape(labels.get(hub, hub))} ({', '.join(escape(c) for c in names)})"
                for hub, names in per_hub.items()
            )
            clauses.append(f"alleen op {SOURCE_NAMES[source]}: {listed}")
        total = sum(len(found) for found in single.values())
        parts.append(
            f"In {count_word(total)} van de {count_word(cells)} combinaties van {u.singular} en "
            "criterium rusten de bevindingen op één soort bron, zonder bevestiging uit de "
            "andere; " + ", en ".join(clauses) + "."
        )
    else:
        parts.append(
            f"Elke combinatie van {u.singular} en criterium steunt op meer dan één soort bron."
        )
    levels = sorted(config.rubric, key=lambda level: level.score)
    parts.append(
        "De scores zijn het oordeel van de consultants op de rubriek van de ronde, met "
        f"{count_word(len(levels))} niveaus van {levels[0].score} ({escape(levels[0].name)}) "
        f"tot {levels[-1].score} ({escape(levels[-1].name)}): een onderbouwd oordeel op basis "
        f"van de bronnen, geen meting. De zelfscores zijn de inschatting van de {u.plural} zelf."
        if levels
        else "De scores zijn het oordeel van de consultants, geen meting."
    )
    kpis = tables.get("kpis", pd.DataFrame())
    not_measured = (
        (
            f"Niet gemeten is het effect bij {config.programme.reached} zelf: zij zijn niet "
            "bevraagd."
            if config.programme.reached
            else f"Niet gemeten is het effect bij wie de {u.plural} bereiken: zij zijn niet "
            "bevraagd."
        )
        + f" Doelen, KPI's en hun waarden zijn door de {u.plural} opgegeven en niet "
        "door de consultants nagemeten"
    )
    if not kpis.empty:
        complete = int((kpis["baseline"].notna() & kpis["current"].notna()).sum())
        given = counted(len(kpis), "opgegeven KPI", "opgegeven KPI's")
        not_measured += (
            (
                "; beide opgegeven KPI's hebben"
                if len(kpis) == 2
                else f"; alle {given} hebben"
                if len(kpis) > 1
                else f"; de {given} heeft"
            )
            + " zowel een nulmeting als een huidige waarde"
            if complete == len(kpis)
            else f"; van de {given} hebben er {count_word(complete)} zowel een nulmeting als "
            "een huidige waarde"
        )
    not_measured += (
        f". Er is geen vergelijking met {u.plural} buiten de regeling, zodat verschillen niet "
        "zonder meer aan de regeling zijn toe te schrijven."
    )
    parts.append(not_measured)
    return "\n\n".join(parts) + "\n"
