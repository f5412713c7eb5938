"""The programme a round belongs to: the words its report uses for what it evaluates.

The unit (``eenheid``: singular, plural, article), the programme's name, the addressee of the
advice, and whether the programme has a typology (its types and features) and an allocation.
A round writes them under ``programma:`` in round.yaml; without that block, the programme of
the packaged ``defaults/programma.yaml`` applies (existing rounds stay as they were).
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from evaltools.round.text_safety import unsafe_characters

DEFAULTS = "programma.yaml"


def _safe_text(value: str) -> str:
    found = unsafe_characters(value)
    if found:
        raise PydanticCustomError("unsafe_characters", "{found}", {"found": found})
    return value


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_safe_text)
]
Label = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid", frozen=True)


class Unit(_Model):
    """What the programme evaluates, as a noun: singular, plural and article."""

    singular: Text = Field(alias="enkelvoud")
    plural: Text = Field(alias="meervoud")
    article: Literal["de", "het"] = Field("de", alias="lidwoord")

    @property
    def the(self) -> str:
        """'de <enkelvoud>' or 'het <enkelvoud>'."""
        return f"{self.article} {self.singular}"

    @property
    def The(self) -> str:  # noqa: N802 - the sentence-initial form of ``the``
        """'De …' or 'Het …' (at the start of a sentence)."""
        return self.the[0].upper() + self.the[1:]

    @property
    def each(self) -> str:
        """'elke …' (de-word) or 'elk …' (het-word)."""
        return f"{'elke' if self.article == 'de' else 'elk'} {self.singular}"

    def each_with(self, adjective: str) -> str:
        """'elke deelnemende …' (de-word) or 'elk deelnemend …' (het-word)."""
        return f"{'elke' if self.article == 'de' else 'elk'} {self.forms(adjective)[0]}"

    @property
    def Each(self) -> str:  # noqa: N802 - the sentence-initial form of ``each``
        return self.each[0].upper() + self.each[1:]

    @property
    def this(self) -> str:
        """'deze …' or 'dit …'."""
        return f"{'deze' if self.article == 'de' else 'dit'} {self.singular}"

    def forms(self, adjective: str = "") -> tuple[str, str]:
        """Singular and plural after a count, 'elk' or 'geen', with an adjective in its form:
        ('deelnemende <enkelvoud>', 'deelnemende <meervoud>') for a de-word, ('deelnemend
        <enkelvoud>', 'deelnemende <meervoud>') for a het-word; ``adjective`` is inflected."""
        if not adjective:
            return self.singular, self.plural
        bare = adjective[:-1] if self.article == "het" and adjective.endswith("e") else adjective
        return f"{bare} {self.singular}", f"{adjective} {self.plural}"


class HubTypeName(_Model):
    name: Label = Field(alias="naam")
    plural: Text = Field(alias="meervoud")


class Typology(_Model):
    """The types (the first is the one the rule of round.yaml ``typologie`` grants) and the
    dominant features a consultant chooses from."""

    types: list[HubTypeName] = Field(alias="typen", min_length=2, max_length=2)
    features: list[Label] = Field(alias="kenmerken", min_length=1)

    @property
    def type_names(self) -> tuple[str, ...]:
        return tuple(kind.name for kind in self.types)


class Programme(_Model):
    name: Text = Field(alias="naam")
    unit: Unit = Field(alias="eenheid")
    # Who the advice chapter addresses, as it reads mid-sentence ("de opdrachtgever").
    addressee: Text = Field("de opdrachtgever", alias="adressaat")
    # Without a typology: no typology chapter, notebook, table or sentence, and assessments
    # have no type or dominant feature.
    typology: Typology | None = Field(None, alias="typologie")
    # Without allocation: no allocation chapter, notebook or table.
    allocation: bool = Field(False, alias="allocatie")
    # How every generated amount is written: "€ 80.000" or "EUR 80.000" (the client's house
    # style, the same in every round of the programme; dutch.euro).
    currency: Literal["€", "EUR"] = Field("€", alias="valuta")
    # What the programme calls its criteria: the heading of the criteria section
    # (report/index.qmd) and the noun of one criterion (the form's instructions).
    criteria_heading: Text = Field("Criteria", alias="criteria_kop")
    criterion_noun: Text = Field("criterium", alias="criterium")
    # Whom the units reach and the evaluation did not ask ("bedrijven, medewerkers en
    # studenten"), for the limitations; without it, a sentence that names no group.
    reached: Text | None = Field(None, alias="doelgroepen")


@functools.cache
def default_programme() -> Programme:
    """The programme of ``defaults/programma.yaml`` (read once per process)."""
    text = resources.files("evaltools.round").joinpath("defaults", DEFAULTS).read_text("utf-8")
    return Programme.model_validate(yaml.safe_load(text))


def typology_of(typology: Typology | None = None) -> Typology:
    """``typology``, or the default programme's (for callers that pass none)."""
    found = typology or default_programme().typology
    if found is None:  # the packaged default has one; a broken package is a bug
        raise ValueError("defaults/programma.yaml has no typologie")
    return found


def unit_of(unit: Unit | None = None) -> Unit:
    """``unit``, or the default programme's (for callers that pass none)."""
    return unit or default_programme().unit
