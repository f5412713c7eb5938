"""The review of a round for the consultants (``evaltools check``), never part of the report.

Pure: every check takes the round's tables (as ``ingest.build_tables`` makes them), its
configuration and texts, and returns findings (``fout`` or ``waarschuwing``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from evaltools.analyse.allocation import allocation_flags
from evaltools.analyse.matrices import empty_cells, source_codes
from evaltools.analyse.scoring import score_differences
from evaltools.analyse.typology import typology_check
from evaltools.privacy.scan import Document
from evaltools.review.identity_checks import text_match_findings
from evaltools.review.text_checks import text_count_findings
from evaltools.round.dutch import euro
from evaltools.round.findings import ERROR, WARNING, Finding, sort_findings
from evaltools.round.models import RoundConfig
from evaltools.round.problems import Problem
from evaltools.round.programme import Unit, unit_of

# The checks in the order the review shows them.
CHECKS = (
    "invoer ongeldig",
    "cel zonder bewijs",
    "uitspraak zonder bron",
    "hele cel als bron",
    "doel zonder status",
    "geen interview",
    "type wijkt af van de regel",
    "aantal in tekst klopt niet",
    "naam in de invoer",
    "e-mailadres in de invoer",
    "telefoonnummer in de invoer",
    "citaat uit niet-citeerbaar interview",
    "geen triangulatie",
    "zelfscore wijkt af",
    "verdeling van middelen",
    "begroting en hubs",
    "tekst uit vorige ronde",
    "uitspraak uit vorige ronde",
    "op tekst vergeleken",
    "ongebruikt bewijs",
    "spelling",
    "besluit over een bevinding",
)
SCORE_GAP = 2
# Where in the report the statement of a check stands: the label of the notebook cell that
# makes it. An accepted finding of such a check gets its reason under that part.
REPORT_PARTS = {"verdeling van middelen": "allocatie", "begroting en hubs": "budget"}


@dataclass(frozen=True)
class Places:
    """Where things stand in the beoordelingen: (hub, *location) -> (file, place)."""

    assessments: dict[tuple, tuple[str, str]] = field(default_factory=dict)
    config_file: str = ""
    config: dict[tuple, str] = field(default_factory=dict)

    def of(self, hub: str, *location: object) -> tuple[str, str]:
        """The deepest known place of ``location`` in the hub's beoordeling."""
        key = (hub, *location)
        while len(key) > 1:
            if key in self.assessments:
                return self.assessments[key]
            key = key[:-1]
        return self.assessments.get((hub,), ("", ""))


def assessment_places(raw) -> Places:
    """The places of statements, types and criteria in a read round (``RawRound``)."""
    found: dict[tuple, tuple[str, str]] = {}
    for file, assessment, source in raw.assessments:
        hub = assessment.hub
        found[(hub,)] = (file, "")
        found[(hub, "type")] = (file, source.place(("type",)))
        found[(hub, "onderscheidend")] = (file, source.place(("onderscheidend",)))
        for index in range(len(assessment.conditions)):
            found[(hub, "randvoorwaarden", index + 1)] = (
                file,
                source.place(("randvoorwaarden", index)),
            )
        for criterion, judgement in assessment.criteria.items():
            found[(hub, criterion)] = (file, source.place(("criteria", criterion)))
            for column, items in (
                ("sterktes", judgement.strengths),
                ("aandachtspunten", judgement.attention),
            ):
                for index in range(len(items)):
                    found[(hub, criterion, column, index + 1)] = (
                        file,
                        source.place(("criteria", criterion, column, index)),
                    )
    config_file = f"{raw.folder.name}/round.yaml"
    config: dict[tuple, str] = {
        ("allocatie",): raw.config_source.place(("allocatie",)),
        ("typologie",): raw.config_source.place(("typologie",)),
    }
    lines = raw.config.scheme.lines if raw.config.scheme else []
    for index in range(len(lines)):
        config[("regeling", index)] = raw.config_source.place(("regeling", "budgetregels", index))
    return Places(found, config_file, config)


def problem_findings(problems: Sequence[Problem]) -> list[Finding]:
    """Validation problems as findings; a statement without source and a goal without status
    get their own check, the rest is 'invoer ongeldig'."""
    findings = []
    for problem in problems:
        text = str(problem)
        where = f"{problem.file}, {problem.place}" if problem.place else problem.file
        message = text.removeprefix(where).removeprefix(": ")
        check = "invoer ongeldig"
        if problem.field.endswith("bronnen"):
            check = "uitspraak zonder bron"
        elif problem.field.lower() == "status" and problem.place.startswith("Doelen!"):
            check = "doel zonder status"
        findings.append(Finding(ERROR, check, problem.file, problem.place, message))
    return findings


def review(
    config: RoundConfig,
    tables: dict[str, pd.DataFrame],
    texts: Sequence[Document],
    places: Places | None = None,
) -> list[Finding]:
    """Every content check of the round."""
    places = places or Places()
    findings = (
        empty_cell_findings(config, tables, places)
        + sourceless_findings(tables, places)
        + unused_evidence_findings(tables)
        + triangulation_findings(tables, places)
        + score_gap_findings(tables)
        + type_rule_findings(config, tables, places)
        + goal_status_findings(tables, config.programme.unit)
        + interview_findings(config, tables)
        + allocation_findings(config, tables, places)
        + budget_count_findings(config, places)
        + text_count_findings(config, tables, texts)
        + text_match_findings(config, tables)
    )
    return sort_findings(findings, CHECKS)


def _names(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, str], dict[str, str]]:
    hubs = dict(zip(tables["hubs"]["hub"], tables["hubs"]["label"], strict=True))
    criteria = dict(zip(tables["criteria"]["criterion"], tables["criteria"]["name"], strict=True))
    return hubs, criteria


def _clip(text: object, length: int = 70) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def _ids(value: object) -> list[str]:
    """The ids in a 'sources' cell (space separated; empty or missing: none)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return str(value).split()


def _cited(tables: dict[str, pd.DataFrame]) -> list[tuple[str, str, list[str]]]:
    """(hub, criterion or '', cited ids) of every statement."""
    cited = []
    statements = tables["statements"]
    if not statements.empty:
        for row in statements.itertuples():
            cited.append((row.hub, row.criterion, _ids(row.sources)))
    for name, column in (("conditions", "sources"), ("profiles", "distinctive_sources")):
        table = tables.get(name, pd.DataFrame())
        if not table.empty:
            for row in table.itertuples():
                cited.append((row.hub, "", _ids(getattr(row, column))))
    return cited


def empty_cell_findings(
    config: RoundConfig, tables: dict[str, pd.DataFrame], places: Places
) -> list[Finding]:
    """A hub x criterion cell of the report's tables without any statement, so without evidence."""
    if tables["statements"].empty:
        pairs = [(h.id, c.id) for h in config.taking_part for c in config.criteria]
    else:
        pairs = empty_cells(tables)
    hubs, criteria = _names(tables)
    evidence = tables["evidence"]
    codes = source_codes(evidence) if not evidence.empty else {}
    findings = []
    for hub, criterion in pairs:
        available = (
            [
                codes[i]
                for i in evidence.loc[
                    (evidence["hub"] == hub) & (evidence["criterion"] == criterion), "id"
                ]
            ]
            if not evidence.empty
            else []
        )
        extra = (
            f"; er is wel bewijs om op te steunen: {', '.join(available)}"
            if available
            else "; er is ook geen zelfevaluatie- of interviewbewijs voor deze cel"
        )
        file, place = places.of(hub, criterion)
        cell = f"{hubs.get(hub, hub)} – {criteria.get(criterion, criterion)}"
        findings.append(
            Finding(
                ERROR,
                "cel zonder bewijs",
                file or f"{config.round_id}/beoordeling/{hub}.yaml",  # none yet: the one to write
                place,
                f"{cell}: de cel heeft geen uitspraak en dus geen bewijs (in het rapport staat "
                f"er '–'){extra}",
                subject=cell,
            )
        )
    return findings


def sourceless_findings(tables: dict[str, pd.DataFrame], places: Places) -> list[Finding]:
    """A statement (finding, condition, what sets a hub apart) that names no source."""
    findings = []
    statements = tables["statements"]
    for row in statements.itertuples() if not statements.empty else []:
        if not _ids(row.sources):
            file, place = places.of(row.hub, row.criterion, row.column, row.number)
            findings.append(_sourceless(file or row.file, place, row.text))
    conditions = tables.get("conditions", pd.DataFrame())
    for row in conditions.itertuples() if not conditions.empty else []:
        if not _ids(row.sources):
            file, place = places.of(row.hub, "randvoorwaarden", row.number)
            findings.append(_sourceless(file or row.file, place, row.text))
    profiles = tables.get("profiles", pd.DataFrame())
    for row in profiles.itertuples() if not profiles.empty else []:
        text = "" if pd.isna(row.distinctive) else str(row.distinctive)
        if text.strip() and not _ids(row.distinctive_sources):
            file, place = places.of(row.hub, "onderscheidend")
            findings.append(_sourceless(file or row.file, place, text))
    return findings


def _sourceless(file: str, place: str, text: object) -> Finding:
    return Finding(
        ERROR,
        "uitspraak zonder bron",
        file,
        place,
        f"de uitspraak '{_clip(text)}' noemt geen bron; zet onder 'bronnen' de codes van het "
        "bewijs waarop zij rust",
    )


def unused_evidence_findings(tables: dict[str, pd.DataFrame]) -> list[Finding]:
    """Evidence that no statement cites."""
    evidence = tables["evidence"]
    if evidence.empty:
        return []
    used = {source for _, _, sources in _cited(tables) for source in sources}
    codes = source_codes(evidence)
    return [
        Finding(
            WARNING,
            "ongebruikt bewijs",
            item.file,
            str(item.place),
            f"bewijs {codes[item.id]} ({item.id}, {item.kind}) wordt door geen enkele uitspraak "
            f"gebruikt: '{_clip(item.text)}'",
        )
        for item in evidence.itertuples()
        # a support wish may be cited, but is not evidence a statement needs
        if item.id not in used and item.kind != "wens"
    ]


def triangulation_findings(tables: dict[str, pd.DataFrame], places: Places) -> list[Finding]:
    """A cell whose statements rest on one kind of source only."""
    evidence = tables["evidence"]
    kinds = dict(zip(evidence["id"], evidence["source"], strict=True)) if not evidence.empty else {}
    codes = source_codes(evidence) if not evidence.empty else {}
    hubs, criteria = _names(tables)
    cells: dict[tuple[str, str], list[str]] = {}
    for hub, criterion, sources in _cited(tables):
        if criterion:
            cells.setdefault((hub, criterion), []).extend(sources)
    findings = []
    for (hub, criterion), sources in cells.items():
        found = {kinds.get(s, "bijeenkomst" if s.startswith("ev-") else "?") for s in sources}
        if len(found) != 1 or found & {"bijeenkomst", "?"}:
            continue
        only = found.pop()
        one, other = (
            ("de zelfevaluatie", "het interview")
            if only == "zelfevaluatie"
            else ("het interview", "de zelfevaluatie")
        )
        listed = ", ".join(dict.fromkeys(codes.get(s, s) for s in sources))
        file, place = places.of(hub, criterion)
        findings.append(
            Finding(
                WARNING,
                "geen triangulatie",
                file,
                place,
                f"{hubs.get(hub, hub)} – {criteria.get(criterion, criterion)}: de uitspraken "
                f"rusten alleen op {one} ({listed}); er is geen bevestiging uit {other}",
            )
        )
    return findings


def score_gap_findings(tables: dict[str, pd.DataFrame]) -> list[Finding]:
    """Self-score and consultants' score two or more apart."""
    differences = score_differences(
        tables["scores"], tables["self_scores"], tables["hubs"], tables["criteria"], SCORE_GAP
    )
    own = tables["self_scores"]
    where = (
        {(r.hub, r.criterion): (r.file, r.place) for r in own.itertuples()} if not own.empty else {}
    )
    findings = []
    for row in differences.itertuples():
        file, place = where.get((row.hub, row.criterion), ("", ""))
        direction = "hoger" if row.difference > 0 else "lager"
        findings.append(
            Finding(
                WARNING,
                "zelfscore wijkt af",
                file,
                place,
                f"{row.label} – {row.name}: de zelfscore ({row.self_score}) ligt "
                f"{abs(row.difference)} punten {direction} dan de score van de consultants "
                f"({row.score}); licht het verschil toe of controleer beide scores",
            )
        )
    return findings


def type_rule_findings(
    config: RoundConfig, tables: dict[str, pd.DataFrame], places: Places
) -> list[Finding]:
    """The consultants' type against the rule of round.yaml (typologie)."""
    rule, typology = config.typology, config.programme.typology
    if rule is None or typology is None or tables["profiles"].empty:
        return []
    check = typology_check(tables, rule, typology)
    findings = []
    for row in check[~check["agrees"]].itertuples():
        file, place = places.of(row.hub, "type")
        mean = f"{float(row.mean):.2f}".replace(".", ",") if row.mean is not None else "–"
        rule_text = (
            f"de regel ({typology.type_names[0]} bij een gemiddelde van ten minste "
            f"{str(rule.mean_threshold).replace('.', ',')} en geen score onder "
            f"{rule.minimum_threshold}) geeft {row.suggested} bij een gemiddelde van {mean} en "
            f"een laagste score van {row.minimum}"
        )
        if row.reason:
            severity, tail = WARNING, f"; de toelichting: '{_clip(row.reason)}'"
        else:
            severity, tail = ERROR, "; geef in 'type_toelichting' aan waarom"
        findings.append(
            Finding(
                severity,
                "type wijkt af van de regel",
                file,
                place,
                f"{row.label}: het gekozen type is {row.decided}, maar {rule_text}{tail}",
            )
        )
    return findings


def goal_status_findings(
    tables: dict[str, pd.DataFrame], unit: Unit | None = None
) -> list[Finding]:
    """Goals in a zelfevaluatie without a status."""
    u = unit_of(unit)
    goals = tables.get("goals", pd.DataFrame())
    if goals.empty:
        return []
    hubs, _ = _names(tables)
    return [
        Finding(
            ERROR,
            "doel zonder status",
            row.file,
            str(row.place).replace("!B", "!C", 1),
            f"{hubs.get(row.hub, row.hub)}: doel {row.number} ('{_clip(row.goal)}') heeft geen "
            f"status; vraag {u.the} om de stand van zaken",
        )
        for row in goals.itertuples()
        if pd.isna(row.status) or not str(row.status).strip()
    ]


def interview_findings(config: RoundConfig, tables: dict[str, pd.DataFrame]) -> list[Finding]:
    """A taking-part hub without interview notes."""
    interviews = tables.get("interviews", pd.DataFrame())
    interviewed = set(interviews["hub"]) if not interviews.empty else set()
    return [
        Finding(
            ERROR,
            "geen interview",
            f"{config.round_id}/interviews/{hub.id}.md",
            "",
            f"{hub.name} doet mee, maar er zijn geen interviewnotities; zonder interview rust "
            "de beoordeling alleen op de zelfevaluatie",
            subject=hub.name,
        )
        for hub in config.taking_part
        if hub.id not in interviewed
    ]


def allocation_findings(
    config: RoundConfig, tables: dict[str, pd.DataFrame], places: Places
) -> list[Finding]:
    """The flags of the allocation: a weighted cell without hubs, a hub in a cell without weight.

    Errors: the report's allocation table states a share the round's own hubs contradict.
    """
    programme, profiles = config.programme, tables.get("profiles", pd.DataFrame())
    if not programme.allocation or not config.allocation or profiles.empty:
        return []
    return [
        Finding(
            ERROR,
            "verdeling van middelen",
            places.config_file or f"{config.round_id}/round.yaml",
            places.config.get(("allocatie",), ""),
            flag.message,
            f"{flag.hub_type} – {flag.feature}",
        )
        for flag in allocation_flags(
            config.allocation, profiles, programme.typology, programme.unit
        )
    ]


def allocation_notes(
    config: RoundConfig, tables: dict[str, pd.DataFrame], unit: Unit | None = None
) -> list[str]:
    """For the consultants only: the euros per hub at an equal split within each cell.

    The report advises percentages; this shows what they mean per hub, outside the report.
    """
    u, money = unit or config.programme.unit, config.programme.currency
    from evaltools.analyse.allocation import default_budget, hub_share_lines, hub_shares

    profiles = tables.get("profiles", pd.DataFrame())
    if not config.programme.allocation or not config.allocation or profiles.empty:
        return []
    budget = config.budget or default_budget(tables["hubs"])
    shares = hub_shares(config.allocation, profiles, tables["hubs"], budget)
    return [
        f"Verdeling per {u.singular} bij een budget van {euro(budget, money)}, gelijk verdeeld "
        "binnen elke cel (alleen voor de consultants, niet in het rapport): "
        f"{'; '.join(hub_share_lines(shares, u, money))}."
    ]


def budget_count_findings(
    config: RoundConfig, places: Places, unit: Unit | None = None
) -> list[Finding]:
    """A per-hub budget line whose number of hubs differs from the hubs eligible for that amount.

    An error: the report's budget table states a number the round's hubs contradict (the
    reference report budgets four hubs at EUR 30,000 while three were eligible and two
    took part).
    """
    u = unit or config.programme.unit
    if config.scheme is None:
        return []
    findings = []
    for index, line in enumerate(config.scheme.lines):
        eligible = [hub for hub in config.hubs if hub.tier == line.amount]
        if line.count is None or not eligible or line.count == len(eligible):
            continue
        taking_part = sum(hub.taking_part for hub in eligible)
        findings.append(
            Finding(
                ERROR,
                "begroting en hubs",
                places.config_file or f"{config.round_id}/round.yaml",
                places.config.get(("regeling", index), ""),
                f"De begrotingsregel '{line.item}' rekent met {line.count} {u.plural} van "
                f"{euro(line.amount, config.programme.currency)}, maar in 'hubs' komen er "
                f"{len(eligible)} voor dat bedrag in aanmerking, van wie {taking_part} deelnemen.",
                line.item,
            )
        )
    return findings
