"""Declared schemas of the round's inputs (pydantic), with the Dutch keys consultants write.

Attributes are English; aliases are the keys in the YAML files. Cross-file rules (does a hub
exist, does an evidence id exist) live in ``validate.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from evaltools.round.limits import MAX_BUDGET, MAX_HUBS, MAX_ID_CHARS
from evaltools.round.problems import Problem, shown
from evaltools.round.programme import Programme, default_programme
from evaltools.round.text_safety import printable, unsafe_characters
from evaltools.round.yaml_source import YamlSource

ID_REGEX = r"^[a-z0-9][a-z0-9-]*$"
"""Round, hub, criterion and event ids: safe as a file or folder name by construction."""
Identifier = Annotated[str, StringConstraints(pattern=ID_REGEX, max_length=MAX_ID_CHARS)]


def _safe_text(value: str) -> str:
    found = unsafe_characters(value)
    if found:
        raise PydanticCustomError("unsafe_characters", "{found}", {"found": found})
    return value


Plain = Annotated[str, AfterValidator(_safe_text)]
"""Text without control characters, bidi overrides or zero-width characters (text_safety)."""
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_safe_text)
]
# A type and a dominant feature of the programme's typology (round.programme, ``programma:
# typologie``); ingest.programme_rules checks that a round uses only its programme's labels.
HubType = Identifier
Feature = Identifier
M = TypeVar("M", bound=BaseModel)
GOAL_STATUSES: tuple[str, ...] = ("behaald", "op schema", "vertraagd", "bijgesteld", "niet gestart")


class _Model(BaseModel):
    model_config = ConfigDict(
        populate_by_name=True, extra="forbid", frozen=True, coerce_numbers_to_str=True
    )


class Author(_Model):
    role: Text = Field(alias="rol")
    # Optional: by default the report names authors by role only.
    name: Plain = Field("", alias="naam")


# A file in the round folder (optionally in one subfolder), never outside it.
RoundFile = Annotated[
    str,
    StringConstraints(
        pattern=r"^(?:[A-Za-z0-9_-]+/)?[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(?:png|jpe?g|svg)$"
    ),
]


class Logo(_Model):
    """A logo on the cover: an image file in the round folder and what it shows (alt text)."""

    file: RoundFile = Field(alias="bestand")
    description: Text = Field(alias="omschrijving")


class BackPage(_Model):
    """The back page: who made the report and how to reach them (an organisation, no person)."""

    organisation: Text = Field(alias="organisatie")
    address: list[Text] = Field([], alias="adres")
    contact: Plain = Field("", alias="contact")


class Level(_Model):
    score: int
    name: Text = Field(alias="naam")


class Criterion(_Model):
    id: Identifier
    name: Text = Field(alias="naam")
    scope: Plain = Field("", alias="toelichting")
    definition: Text = Field(alias="definitie")
    strengths_label: Text = Field("Sterktes", alias="kolom_sterktes")
    attention_label: Text = Field("Aandachtspunten", alias="kolom_aandachtspunten")
    levels: dict[int, Text] = Field(alias="niveaus")


class Hub(_Model):
    id: Identifier
    name: Text = Field(alias="naam")
    short_name: Plain = Field("", alias="korte_naam")
    place: Plain = Field("", alias="plaats")
    tier: int = Field(alias="bedrag")
    status: Literal["deelnemend", "teruggetrokken"]
    reason: Plain = Field("", alias="reden")
    form: Literal["verwacht", "niet_geleverd"] = Field("verwacht", alias="zelfevaluatie")

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def taking_part(self) -> bool:
        return self.status == "deelnemend"


class BudgetLine(_Model):
    item: Text = Field(alias="post")
    count: int | None = Field(None, alias="aantal")
    amount: int = Field(alias="bedrag")

    @property
    def total(self) -> int:
        return self.amount * (self.count or 1)


class Scheme(_Model):
    period: Text = Field(alias="periode")
    lines: list[BudgetLine] = Field(alias="budgetregels")


class Event(_Model):
    id: Identifier
    kind: Literal["kennissessie", "werkbezoek", "begeleidingscommissie", "interview"] = Field(
        alias="soort"
    )
    date: dt.date = Field(alias="datum")
    place: Plain = Field("", alias="plaats")
    theme: Plain = Field("", alias="thema")
    hubs: list[Identifier] = []


class SharedSource(_Model):
    """Evidence that more than one hub may cite (a joint interview, a shared form answer).

    ``bron`` is an evidence code, or a code's beginning with ``*`` (``iv-tint-*``: every
    fragment of tint's interview notes); ``hubs`` are the other hubs that may cite it.
    """

    source: Text = Field(alias="bron")
    hubs: list[Identifier] = Field(min_length=1)
    reason: Text = Field(alias="reden")

    def allows(self, code: str, hub: str) -> bool:
        if hub not in self.hubs:
            return False
        if self.source.endswith("*"):
            return code.startswith(self.source[:-1])
        return code == self.source


class TypologyRule(_Model):
    mean_threshold: float = Field(alias="drempel_gemiddelde")
    minimum_threshold: int = Field(alias="drempel_minimum")


class Combination(_Model):
    type: HubType
    feature: Feature = Field(alias="kenmerk")
    goal: Text = Field(alias="doel")
    funding: Text = Field(alias="financiering")
    steering: Text = Field(alias="sturing")


class RoundConfig(_Model):
    round_id: Identifier = Field(alias="ronde")
    # The kind of evaluation, lower case as it reads mid-sentence ("tussentijdse evaluatie",
    # "eindevaluatie", "nulmeting"): every heading and sentence that names the kind uses it.
    kind: Text = Field(alias="soort")
    title: Text = Field(alias="titel")
    subtitle: Plain = Field("", alias="ondertitel")
    period: Text = Field(alias="periode")
    # The period as dates, for checks (events and interviews inside it, begin before end).
    period_start: dt.date | None = Field(None, alias="periode_begin")
    period_end: dt.date | None = Field(None, alias="periode_einde")
    # The budget of the next phase that the allocation divides (euros); without it the
    # allocation divides what the taking-part hubs received, and the report says so.
    budget: int | None = Field(None, alias="budget", gt=0, le=MAX_BUDGET)
    # The round this one follows, if any (a folder under data/raw): "what changed since".
    previous_round: Identifier | None = Field(None, alias="vorige_ronde")
    client: Text = Field(alias="opdrachtgever")
    executors: list[Text] = Field(alias="uitvoering")
    reference: Text = Field(alias="kenmerk")
    place: Text = Field(alias="plaats")
    date: dt.date = Field(alias="datum")
    authors: list[Author] = Field(alias="auteurs")
    # Optional cover logos (client, consultancy) and back page with the consultancy's address.
    logos: list[Logo] = Field([], alias="logos")
    back_page: BackPage | None = Field(None, alias="achterpagina")
    rubric: list[Level] = Field(alias="rubriek")
    criteria: list[Criterion]
    hubs: list[Hub] = Field(max_length=MAX_HUBS)
    scheme: Scheme | None = Field(None, alias="regeling")
    events: list[Event] = Field([], alias="evenementen")
    # Evidence of one hub that others may cite too; without it a hub cites only its own.
    shared_sources: list[SharedSource] = Field([], alias="gedeelde_bronnen")
    typology: TypologyRule | None = Field(None, alias="typologie")
    allocation: dict[HubType, dict[Feature, int]] = Field({}, alias="allocatie")
    # The client report shows the allocation as percentages; euro amounts per cell only when
    # the round asks for them (per-hub splits are for the review, never for the client).
    allocation_amounts: bool = Field(False, alias="allocatie_bedragen")
    # Appendices the client edition leaves out (their id without 'sec-', e.g.
    # bijlage-ontwikkeling); the review edition always has every appendix.
    client_omits: list[Identifier] = Field([], alias="klant_zonder_bijlagen")
    combinations: list[Combination] = Field([], alias="combinaties")
    # Round texts may use $...$ for formulas only when the round says so; otherwise a dollar
    # sign is a dollar sign (input text is data, and math fails the accessible PDF).
    math: bool = Field(False, alias="wiskunde")
    # How generated sentences refer back to one hub: 'hij' (hij, hem, zijn: a de-word, the
    # default), 'zij' (zij, haar, haar) or 'het' (het, het, zijn: a het-word). One pronoun for
    # the whole report.
    pronoun: Literal["hij", "zij", "het"] = Field("hij", alias="voornaamwoord")
    # The programme's words (unit, name, addressee, typology, allocation): round.programme.
    programme: Programme = Field(default_factory=default_programme, alias="programma")

    def hub(self, hub_id: str) -> Hub:
        return next(hub for hub in self.hubs if hub.id == hub_id)

    @property
    def taking_part(self) -> list[Hub]:
        return [hub for hub in self.hubs if hub.taking_part]

    def level_score(self, name: str) -> int | None:
        return next((level.score for level in self.rubric if level.name == name), None)


class Statement(_Model):
    text: Text = Field(alias="tekst")
    sources: list[Text] = Field(alias="bronnen", min_length=1)


class CriterionJudgement(_Model):
    score: int
    strengths: list[Statement] = Field([], alias="sterktes")
    attention: list[Statement] = Field([], alias="aandachtspunten")


class Assessment(_Model):
    hub: Identifier
    # Required when the round's programme has a typology (ingest.validate checks it).
    type: HubType | None = None
    feature: Feature | None = Field(None, alias="dominant_kenmerk")
    type_reason: Plain = Field("", alias="type_toelichting")
    conditions: list[Statement] = Field([], alias="randvoorwaarden")
    distinctive: Statement | None = Field(None, alias="onderscheidend")
    summary: Plain = Field("", alias="samenvatting")
    criteria: dict[str, CriterionJudgement]


class InterviewMeta(_Model):
    hub: Identifier
    date: dt.date = Field(alias="datum")
    form: Literal["online", "op locatie"] = Field("op locatie", alias="vorm")
    interviewers: list[Text]
    respondents: list[Text] = Field(alias="respondenten")
    quotable: bool = Field(False, alias="citeerbaar")


_EXPECTED = {
    "missing": "een waarde (dit veld is verplicht)",
    "extra_forbidden": "alleen de bekende velden (controleer de spelling)",
    "int_parsing": "een geheel getal",
    "int_type": "een geheel getal",
    "int_from_float": "een geheel getal",
    "float_parsing": "een getal",
    "float_type": "een getal",
    "bool_parsing": "ja/nee (true of false)",
    "bool_type": "ja/nee (true of false)",
    "date_from_datetime_parsing": "een datum als JJJJ-MM-DD",
    "date_parsing": "een datum als JJJJ-MM-DD",
    "date_type": "een datum als JJJJ-MM-DD",
    "string_type": "tekst",
    "string_too_short": "een niet-lege tekst",
    "string_pattern_mismatch": "een code van kleine letters, cijfers en streepjes",
    "list_type": "een lijst",
    "dict_type": "een lijst van velden (sleutel: waarde)",
    "model_type": "een lijst van velden (sleutel: waarde)",
    "too_short": "minstens één waarde",
    "int_parsing_size": "een geheel getal van hoogstens 19 cijfers",
    "finite_number": "een getal",
    "enum": "een van de toegestane waarden",
}
# Bounds: the expected value from the bound in the error's context (Dutch numbers).
_BOUNDS = {
    "greater_than": "een getal groter dan {gt}",
    "greater_than_equal": "een getal van minstens {ge}",
    "less_than": "een getal kleiner dan {lt}",
    "less_than_equal": "een getal van hoogstens {le}",
    "string_too_long": "een tekst van hoogstens {max_length} tekens",
    "too_long": "hoogstens {max_length} waarden",
}


def number(value: float, _decimals: int = 0) -> str:
    """A bound or a count as a consultant reads it: 10.000.000.000 (round.dutch needs pandas)."""
    return (
        f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value).replace(".", ",")
    )


_UNKNOWN = "een geldige waarde voor dit veld (zie docs/ronde.md)"


def parse_model(
    model: type[M], source: YamlSource, file: str, prefix: tuple[Any, ...] = ()
) -> tuple[M | None, list[Problem]]:
    """Validate YAML data against a model; every error becomes a Dutch Problem with its line."""
    data = source.data
    for part in prefix:
        data = data[part]
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, [_problem(item, source, file, prefix) for item in error.errors()]


def field_name(data: Any, location: tuple[Any, ...]) -> str:
    """A location as a consultant reads it: ``criteria.robuustheid.sterktes[1].tekst``.

    List items are counted from 1, as a person counts them; mapping keys stay as written.
    """
    name = ""
    for part in location:
        if isinstance(data, list) and isinstance(part, int):
            name += f"[{part + 1}]"
            data = data[part] if part < len(data) else None
        else:
            name += f".{part}" if name else str(part)
            data = data.get(part) if isinstance(data, dict) else None
    return name


def _problem(item: Any, source: YamlSource, file: str, prefix: tuple[Any, ...]) -> Problem:
    location = (*prefix, *item["loc"])
    field = field_name(source.data, location)
    kind = item["type"]
    if kind == "literal_error":
        expected = str(item["ctx"]["expected"]).replace("'", "").replace(" or ", " of ")
    elif kind == "unsafe_characters":
        expected = (
            "gewone tekst, zonder stuurtekens, richtingstekens of tekens zonder breedte (die "
            "een terminal laten springen of tekst omgekeerd tonen); typ de tekst opnieuw"
        )
    elif kind == "string_pattern_mismatch" and item["loc"][-1] == "bestand":
        expected = "een afbeelding (.png, .jpg of .svg) in de rondemap, zonder '..' of '/' vooraan"
    elif kind in _BOUNDS:
        context = {
            key: number(value, 0) if isinstance(value, int | float) else value
            for key, value in item.get("ctx", {}).items()
        }
        expected = _BOUNDS[kind].format(**context)
    else:
        # never pydantic's English message: a kind without a Dutch text gets a general one
        expected = _EXPECTED.get(kind, _UNKNOWN)
    value = item.get("input")
    if kind == "missing":
        found = "niets (het veld ontbreekt)"
    elif kind == "extra_forbidden":
        found = f"het onbekende veld '{item['loc'][-1]}'"
    elif isinstance(value, list | dict) and not value:
        found = "een lege lijst"
    elif kind == "unsafe_characters":
        found = f"{shown(printable(str(value)))} met {item['ctx']['found']}"
    elif kind == "too_long":
        found = f"{number(len(value), 0)} waarden" if isinstance(value, list | dict) else "te veel"
    elif kind == "string_too_long" and isinstance(value, str):
        found = f"'{value[:MAX_ID_CHARS]}…' ({number(len(value), 0)} tekens)"
    else:
        found = shown(value)
    return Problem(file, source.place(location), field, found, expected)
