"""The coded evidence of a round as a QDA project (pure: values from the round's tables).

One plain-text source per interview note and per zelfevaluatie, written from the evidence
table (what the review edition's Bronnen lists, nothing more): a few header lines, a heading
per criterion (or goals, KPIs, wishes) and one line per evidence item, whose text is a coded
selection at exact character positions. A quote in a fragment of a note that is not quotable
is left out as in the report ('“…”'). Codes: one per criterion and one per kind of evidence,
under two parent codes. A case per hub with its type, amount (tier) and scores as variables.
The consultants' statements (sterktes, aandachtspunten, randvoorwaarden, what makes the hub
distinctive) are notes linked to the selections they cite. Every GUID is a uuid5 of the round
and the item's id, so the same round gives the same project.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

import pandas as pd

from evaltools.analyse.matrices import source_codes
from evaltools.privacy.scan import closed_evidence, withhold_quotes
from evaltools.report.variables import dutch_date
from evaltools.round.models import RoundConfig
from evaltools.round.programme import Unit, unit_of

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:evaltools:refi-qda")

# Kinds of evidence as the codebook names them: the form's columns are plural, the notes'
# labels singular; both are one code.
KINDS = {
    "sterktes": "sterkte",
    "sterkte": "sterkte",
    "aandachtspunten": "aandachtspunt",
    "aandachtspunt": "aandachtspunt",
    "doel": "doel",
    "kpi": "kpi",
    "wens": "wens",
    "context": "context",
}
KIND_DESCRIPTIONS = {
    "sterkte": "Een sterkte: wat goed gaat, volgens de zelfevaluatie of het interview.",
    "aandachtspunt": "Een aandachtspunt: wat beter kan of nog open is.",
    "doel": "Een doel dat {the} zich stelde (zelfevaluatie).",
    "kpi": "Een KPI die {the} bijhoudt (zelfevaluatie).",
    "wens": "Een ondersteuningswens van {the} (zelfevaluatie).",
    "context": "Achtergrond uit het interview, zonder oordeel.",
}
KIND_COLOURS = {
    "sterkte": "#2E7D32",
    "aandachtspunt": "#C62828",
    "doel": "#1565C0",
    "kpi": "#6A1B9A",
    "wens": "#EF6C00",
    "context": "#616161",
}
# Headings of the items that belong to no criterion, by kind.
SECTIONS = {"doel": "Doelen", "kpi": "KPI's", "wens": "Ondersteuningswensen"}
COLUMNS = {"sterktes": "sterkte", "aandachtspunten": "aandachtspunt"}


def guid(round_id: str, *parts: object) -> str:
    """A GUID that only the round and the item decide: the same export every time."""
    return str(uuid.uuid5(NAMESPACE, "/".join([round_id, *map(str, parts)])))


@dataclass(frozen=True)
class Code:
    guid: str
    name: str
    description: str
    colour: str = ""
    children: tuple[Code, ...] = ()


@dataclass(frozen=True)
class Selection:
    guid: str
    evidence: str
    """The evidence id, as the beoordelingen cite it (``ze-mira-doel-1``, ``iv-mira-impact-2``)."""
    code: str
    """The review edition's code (``B12``)."""
    start: int
    end: int
    text: str
    codes: tuple[str, ...]
    """GUIDs of the codes applied: the criterion's (if any) and the kind's."""
    place: str
    notes: tuple[str, ...] = ()
    """GUIDs of the notes (statements) that cite this selection."""


@dataclass(frozen=True)
class Source:
    guid: str
    name: str
    file: str
    hub: str
    text: str
    selections: tuple[Selection, ...]


@dataclass(frozen=True)
class Variable:
    guid: str
    name: str
    type: str
    """REFI-QDA typeOfVariable: 'Text' or 'Integer'."""
    description: str


@dataclass(frozen=True)
class Case:
    guid: str
    name: str
    description: str
    values: tuple[tuple[str, str | int], ...]
    """(variable GUID, value) in the order of the variables."""
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    guid: str
    name: str
    text: str


@dataclass(frozen=True)
class Project:
    name: str
    description: str
    created: dt.datetime
    user: str
    codes: tuple[Code, ...]
    variables: tuple[Variable, ...]
    cases: tuple[Case, ...]
    sources: tuple[Source, ...]
    notes: tuple[Note, ...]
    counts: dict[str, int] = field(default_factory=dict)

    def texts(self) -> list[tuple[str, str]]:
        """(place, text) of every text the project carries, for the privacy scan."""
        found = [("projectnaam", self.name), ("projectbeschrijving", self.description)]
        for code in _all_codes(self.codes):
            found += [(f"code {code.name}", code.name), (f"code {code.name}", code.description)]
        found += [(f"variabele {v.name}", f"{v.name}\n{v.description}") for v in self.variables]
        for case in self.cases:
            values = [str(value) for _, value in case.values]
            found.append((f"case {case.name}", "\n".join([case.name, case.description, *values])))
        found += [(f"bron {s.name}", f"{s.name}\n{s.text}") for s in self.sources]
        found += [(f"notitie {n.name}", f"{n.name}\n{n.text}") for n in self.notes]
        return found


def _all_codes(codes: tuple[Code, ...]) -> list[Code]:
    return [item for code in codes for item in (code, *_all_codes(code.children))]


def _text(value: object) -> str:
    """A table value as text: a missing value (NaN) as ''."""
    return value if isinstance(value, str) else ""


def build_project(
    config: RoundConfig, tables: dict[str, pd.DataFrame], unit: Unit | None = None
) -> Project:
    """The QDA project of a round, from its configuration and tables."""
    u = unit or config.programme.unit
    round_id = config.round_id
    evidence = tables["evidence"]
    criteria = tables["criteria"]
    criterion_names = dict(zip(criteria["criterion"], criteria["name"], strict=True))
    codes, code_of = _codebook(round_id, criteria, evidence, u.the)
    cited = _statement_notes(round_id, config, tables, criterion_names)
    sources = _sources(round_id, tables, criterion_names, code_of, cited)
    variables, cases = _cases(
        round_id, tables, criteria, sources, u, typology=config.programme.typology is not None
    )
    notes = tuple(note for note, _ in cited.values())
    created = dt.datetime.combine(config.date, dt.time(), tzinfo=dt.UTC)
    selections = sum(len(s.selections) for s in sources)
    return Project(
        name=f"{config.title} ({round_id})",
        description=(
            f"Het gecodeerde bewijs van de {config.kind} {config.title} (ronde {round_id}), "
            f"gemaakt door evaltools uit de tabellen van de ronde: per {u.singular} de "
            "zelfevaluatie en het interview als tekst, elk bewijsstuk als gecodeerd fragment "
            "(code per criterium en per soort), de uitspraken van de consultants als notities "
            "bij de fragmenten waarop ze rusten. Personen staan alleen met hun rol; citaten "
            "uit interviews die niet citeerbaar zijn, staan er als “…”. Het project bevat niet "
            "meer dan de review-editie van het rapport."
        ),
        created=created,
        user=guid(round_id, "user", "evaltools"),
        codes=codes,
        variables=variables,
        cases=cases,
        sources=sources,
        notes=notes,
        counts={
            "bronnen": len(sources),
            "cases": len(cases),
            "codes": sum(len(code.children) for code in codes),
            "fragmenten": selections,
            "notities": len(notes),
        },
    )


def _codebook(
    round_id: str, criteria: pd.DataFrame, evidence: pd.DataFrame, the: str
) -> tuple[tuple[Code, ...], dict[tuple[str, str], str]]:
    """Two parent codes (criteria, kinds) and the GUID of each leaf by ('criterium'|'soort', id)."""
    code_of: dict[tuple[str, str], str] = {}
    by_criterion = []
    for item in criteria.itertuples():
        code_of[("criterium", item.criterion)] = guid(round_id, "code", "criterium", item.criterion)
        by_criterion.append(
            Code(code_of[("criterium", item.criterion)], item.name, _text(item.definition))
        )
    present = {KINDS.get(kind, kind) for kind in evidence["kind"]}
    by_kind = []
    for kind in [*KIND_DESCRIPTIONS, *sorted(present - set(KIND_DESCRIPTIONS))]:
        if kind in present:
            code_of[("soort", kind)] = guid(round_id, "code", "soort", kind)
            by_kind.append(
                Code(
                    code_of[("soort", kind)],
                    kind,
                    KIND_DESCRIPTIONS.get(kind, "").format(the=the),
                    KIND_COLOURS.get(kind, ""),
                )
            )
    codes = (
        Code(
            guid(round_id, "code", "criteria"),
            "Criteria",
            "De criteria van de ronde; elk bewijsstuk over een criterium heeft zijn code.",
            children=tuple(by_criterion),
        ),
        Code(
            guid(round_id, "code", "soorten"),
            "Soort bewijs",
            "Wat voor bewijs een fragment is: sterkte, aandachtspunt, doel, KPI, wens, context.",
            children=tuple(by_kind),
        ),
    )
    return codes, code_of


def _statement_notes(
    round_id: str,
    config: RoundConfig,
    tables: dict[str, pd.DataFrame],
    criterion_names: dict[str, str],
) -> dict[str, tuple[Note, tuple[str, ...]]]:
    """The consultants' statements as notes, with the evidence ids each cites, by note GUID."""
    labels = {hub.id: hub.label for hub in config.hubs}
    found: dict[str, tuple[Note, tuple[str, ...]]] = {}

    def add(key: tuple, name: str, text: str, sources: object) -> None:
        cited = tuple(_text(sources).split())
        listed = f"\n\nBronnen: {', '.join(cited)}" if cited else ""
        note = Note(guid(round_id, "notitie", *key), name, " ".join(text.split()) + listed)
        found[note.guid] = (note, cited)

    statements = tables.get("statements", pd.DataFrame())
    for s in statements.itertuples():
        criterion = criterion_names.get(s.criterion, s.criterion)
        name = f"{labels.get(s.hub, s.hub)} · {criterion} · {COLUMNS.get(s.column, s.column)} "
        add(
            ("uitspraak", s.hub, s.criterion, s.column, s.number),
            f"{name}{s.number}",
            s.text,
            s.sources,
        )
    conditions = tables.get("conditions", pd.DataFrame())
    for c in conditions.itertuples():
        name = f"{labels.get(c.hub, c.hub)} · randvoorwaarde {c.number}"
        add(("randvoorwaarde", c.hub, c.number), name, c.text, c.sources)
    profiles = tables.get("profiles", pd.DataFrame())
    for p in profiles.itertuples():
        if _text(p.distinctive):
            name = f"{labels.get(p.hub, p.hub)} · onderscheidend"
            add(("onderscheidend", p.hub), name, p.distinctive, p.distinctive_sources)
    return found


def _sources(
    round_id: str,
    tables: dict[str, pd.DataFrame],
    criterion_names: dict[str, str],
    code_of: dict[tuple[str, str], str],
    cited: dict[str, tuple[Note, tuple[str, ...]]],
) -> tuple[Source, ...]:
    """A source per file of the evidence table (first appearance order), with its selections."""
    evidence = tables["evidence"]
    hubs = tables["hubs"].set_index("hub")
    interviews = tables.get("interviews", pd.DataFrame())
    notes_of: dict[str, list[str]] = {}
    for note_guid, (_, cites) in cited.items():
        for evidence_id in cites:
            notes_of.setdefault(evidence_id, []).append(note_guid)
    codes = source_codes(evidence)
    closed = closed_evidence(tables)
    sources = []
    for file, items in evidence.groupby("file", sort=False):
        first = items.iloc[0]
        hub = str(first["hub"])
        name = hubs.at[hub, "name"] if hub in hubs.index else hub
        if first["source"] == "interview":
            title, header = _interview_header(name, file, interviews)
        else:
            title, header = f"Zelfevaluatie van {name}", [f"Zelfevaluatie van {name}"]
        lines = [*header, f"Bestand: {file}"]
        text = "\n".join(lines) + "\n"
        section = None
        selections = []
        for item in items.itertuples():
            kind = KINDS.get(item.kind, item.kind)
            criterion = _text(item.criterion)
            heading = criterion_names.get(criterion, criterion) or SECTIONS.get(kind, kind)
            if heading != section:
                text += f"\n{heading}\n"
                section = heading
            cited_text = withhold_quotes(item.text) if item.id in closed else item.text
            place = _text(item.place)
            text += f"{codes[item.id]} {kind}" + (f" ({place})" if place else "") + ": "
            start = len(text)
            text += cited_text
            applied = [code_of[("criterium", criterion)]] if criterion in criterion_names else []
            applied.append(code_of[("soort", kind)])
            selections.append(
                Selection(
                    guid(round_id, "fragment", item.id),
                    item.id,
                    codes[item.id],
                    start,
                    len(text),
                    cited_text,
                    tuple(applied),
                    place,
                    tuple(notes_of.get(item.id, ())),
                )
            )
            text += "\n"
        sources.append(
            Source(guid(round_id, "bron", file), title, file, hub, text, tuple(selections))
        )
    return tuple(sources)


def _interview_header(name: str, file: str, interviews: pd.DataFrame) -> tuple[str, list[str]]:
    """The source's name and its first lines: the hub, the date, the respondents by role."""
    title = f"Interview met {name}"
    row = interviews[interviews["file"] == file] if not interviews.empty else interviews
    if row.empty:
        return title, [title]
    note = row.iloc[0]
    date = _text(note["date"])
    lines = [title + (f", {dutch_date(dt.date.fromisoformat(date))}" if date else "")]
    roles = [role.strip() for role in _text(note["respondents"]).split(";") if role.strip()]
    if roles:
        lines.append(f"Respondenten: {', '.join(roles)}")
    if str(note["quotable"]).strip().lower() not in ("true", "1", "ja"):
        lines.append("Niet citeerbaar: citaten zijn weggelaten (“…”).")
    return title, lines


def _cases(
    round_id: str,
    tables: dict[str, pd.DataFrame],
    criteria: pd.DataFrame,
    sources: tuple[Source, ...],
    unit: Unit | None = None,
    typology: bool = True,
) -> tuple[tuple[Variable, ...], tuple[Case, ...]]:
    """The variables (type when the programme has a typology, amount, a score per criterion)
    and a case per hub with sources."""
    u = unit_of(unit)
    kind = Variable(
        guid(round_id, "variabele", "type"),
        "type",
        "Text",
        f"Het type van {u.the} volgens de typologie van de consultants.",
    )
    variables = [
        Variable(
            guid(round_id, "variabele", "bedrag"),
            "bedrag",
            "Integer",
            f"Het bedrag (de tier) dat {u.the} in de regeling ontving, in euro's.",
        ),
    ]
    per_criterion = []
    for item in criteria.itertuples():
        per_criterion.append(
            Variable(
                guid(round_id, "variabele", "score", item.criterion),
                f"score {item.name}",
                "Integer",
                f"De score van de consultants op het criterium {item.name}.",
            )
        )
    amount = variables[0]
    variables += per_criterion
    profiles = tables.get("profiles", pd.DataFrame())
    types = dict(zip(profiles["hub"], profiles["type"], strict=True)) if len(profiles) else {}
    reasons = (
        dict(zip(profiles["hub"], profiles["type_reason"], strict=True)) if len(profiles) else {}
    )
    scores = tables.get("scores", pd.DataFrame())
    score_of = {
        (s.hub, s.criterion): int(s.score) for s in scores.itertuples() if not pd.isna(s.score)
    }
    cases = []
    hubs = tables["hubs"]
    with_sources = {source.hub for source in sources}
    for hub in hubs.itertuples():
        if hub.hub not in with_sources:
            continue
        values: list[tuple[str, str | int]] = []
        if typology and _text(types.get(hub.hub)):
            values.append((kind.guid, types[hub.hub]))
        if not pd.isna(hub.tier):
            values.append((amount.guid, int(hub.tier)))
        for variable, item in zip(per_criterion, criteria.itertuples(), strict=True):
            if (hub.hub, item.criterion) in score_of:
                values.append((variable.guid, score_of[(hub.hub, item.criterion)]))
        cases.append(
            Case(
                guid(round_id, "case", hub.hub),
                str(hub.name),
                _text(reasons.get(hub.hub)),
                tuple(values),
                tuple(s.guid for s in sources if s.hub == hub.hub),
            )
        )
    return ((kind,) if typology else ()) + tuple(variables), tuple(cases)
