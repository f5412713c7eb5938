"""Numbers and facts the round texts may cite via ``{{< var name >}}``, computed from data."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

import pandas as pd

from evaltools.round.dutch import MONTHS
from evaltools.round.models import RoundConfig
from evaltools.round.programme import Programme, default_programme


def dutch_date(value) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def capitalised(text: str) -> str:
    """The text with its first letter upper case, the rest as written ("eindevaluatie")."""
    return text[:1].upper() + text[1:]


def report_variables(config: RoundConfig, tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """The variables of ``_variables.yml``: counts are counted, never typed."""
    hubs = tables["hubs"]
    taking_part = hubs[hubs["status"] == "deelnemend"]
    events = tables["events"]
    profiles = tables.get("profiles", pd.DataFrame())
    kinds = events["kind"].value_counts() if not events.empty else pd.Series(dtype=int)
    types = profiles["type"].value_counts() if not profiles.empty else pd.Series(dtype=int)
    counts = {
        "ronde": {
            "id": config.round_id,
            "titel": config.title,
            # the kind mid-sentence ("eindevaluatie") and at the start of a heading
            "soort": config.kind,
            "soort_hoofdletter": capitalised(config.kind),
            "periode": config.period,
            "opdrachtgever": config.client,
            "kenmerk": config.reference,
            "plaats": config.place,
            "datum": dutch_date(config.date),
        },
        "hubs": {
            "totaal": int(len(hubs)),
            "deelnemend": int(len(taking_part)),
            "teruggetrokken": int(len(hubs) - len(taking_part)),
            **{
                f"bedrag_{int(tier)}": int((taking_part["tier"] == tier).sum())
                for tier in sorted(hubs["tier"].unique())
            },
        },
        "evenementen": {
            kind: int(kinds.get(kind, 0))
            for kind in ("kennissessie", "werkbezoek", "begeleidingscommissie", "interview")
        },
        "typologie": {
            kind: int(types.get(kind, 0))
            for kind in (config.programme.typology.type_names if config.programme.typology else ())
        },
    }
    return {**counts, "woorden": in_words(counts, config.programme)}


def programme_variables(programme: Programme) -> dict[str, Any]:
    """The programme's words for the report's shared sources (report/index.qmd) and round
    texts: ``programma.eenheid`` (the unit's singular), ``programma.eenheden`` (plural),
    ``programma.de_eenheid`` (with its article), ``programma.naam`` and
    ``programma.adressaat`` ('de opdrachtgever'), ``programma.criteria_kop`` (the heading of
    the criteria section).
    Words, not counts: kept apart from :func:`report_variables` (whose counts the snapshot of
    the sample round records)."""
    unit = programme.unit
    return {
        "programma": {
            "naam": programme.name,
            "eenheid": unit.singular,
            "eenheden": unit.plural,
            "de_eenheid": unit.the,
            "adressaat": programme.addressee,
            "criteria_kop": programme.criteria_heading,
        }
    }


# Nouns of the counts, singular and plural, for the phrases under woorden.aantal.
NOUNS = {
    ("evenementen", "kennissessie"): ("kennissessie", "kennissessies"),
    ("evenementen", "werkbezoek"): ("werkbezoek", "werkbezoeken"),
    ("evenementen", "begeleidingscommissie"): (
        "bijeenkomst van de begeleidingscommissie",
        "bijeenkomsten van de begeleidingscommissie",
    ),
    ("evenementen", "interview"): ("interview", "interviews"),
}


def nouns(programme: Programme) -> dict[tuple[str, str], tuple[str, str]]:
    """NOUNS with the programme's words: its unit (taking part, withdrawn) and types."""
    unit = programme.unit
    found = {
        **NOUNS,
        ("hubs", "deelnemend"): unit.forms("deelnemende"),
        ("hubs", "teruggetrokken"): unit.forms("teruggetrokken"),
    }
    for kind in programme.typology.types if programme.typology else []:
        found[("typologie", kind.name)] = (kind.name, kind.plural)
    return found


def in_words(counts: dict[str, Any], programme: Programme | None = None) -> dict[str, Any]:
    """The counts for running text (Dutch house style: up to twenty in words).

    ``woorden.<groep>.<naam>`` is the number as a word ('zeven'); ``woorden.aantal.<groep>.
    <naam>`` the number with its noun in the right form ('één systeemhub', 'twee
    kennissessies').
    """
    from evaltools.round.dutch import count_word, counted

    known = nouns(programme or default_programme())

    words: dict[str, Any] = {
        group: {name: count_word(n) for name, n in values.items()}
        for group, values in counts.items()
        if group != "ronde"
    }
    words["aantal"] = {
        group: {
            name: counted(counts[group][name], *known[(group, name)])
            for name in counts[group]
            if (group, name) in known
        }
        for group in ("hubs", "evenementen", "typologie")
    }
    return words


def author_line(author) -> str:
    """An author as the cover shows them: the role, with the name first when the round gives it."""
    return f"{author.name} ({author.role})" if author.name.strip() else author.role


def logo_files(config: RoundConfig) -> dict[str, str]:
    """Round file of each cover logo -> its fixed name under _generated/logos/ (logo1.png, ...)."""
    return {
        logo.file: f"logo{index}{PurePosixPath(logo.file).suffix.lower()}"
        for index, logo in enumerate(config.logos, start=1)
    }


def report_metadata(config: RoundConfig) -> dict[str, Any]:
    """Title block of the report, from the round configuration."""
    names = logo_files(config)
    back = config.back_page
    return {
        "title": config.title,
        "subtitle": config.subtitle,
        "date": dutch_date(config.date),
        "author": [author_line(author) for author in config.authors],
        **(
            {
                "logos": [
                    {"bestand": names[logo.file], "omschrijving": logo.description}
                    for logo in config.logos
                ]
            }
            if config.logos
            else {}
        ),
        **(
            {"klant-zonder": [f"sec-{i}" for i in config.client_omits]}
            if config.client_omits
            else {}
        ),
        **(
            {
                "achterpagina": {
                    "organisatie": back.organisation,
                    "adres": list(back.address),
                    "contact": back.contact,
                }
            }
            if back
            else {}
        ),
        "opdrachtgever": config.client,
        "uitvoering": ", ".join(config.executors),
        "kenmerk": config.reference,
        "plaats": config.place,
        "soort": config.kind,
        "periode": config.period,
        "lang": "nl",
        # read (and removed) by filters/sources.lua: who responds in the wederhoor
        "eenheid": config.programme.unit.the,
        "toc-title": "Inhoud",
        "abstract-title": "Over dit rapport",
        # Only the DOCX writer shows an abstract: there it carries the cover facts.
        "abstract": f"Opdrachtgever: {config.client} | Periode: {config.period} "
        f"| {config.place}, {dutch_date(config.date)} "
        f"| Kenmerk: {config.reference} | Uitvoering: {', '.join(config.executors)} | Auteurs: "
        + ", ".join(author_line(author) for author in config.authors),
    }


# A word of a name worth guarding: five letters or more, with a capital (not "van", "de")
_NAME_WORD = re.compile(r"[^\W\d_]{5,}")


def unbreakable_words(config: RoundConfig) -> tuple[str, ...]:
    """The words of the round's names (hubs, places, organisations), longest first.

    The PDF never hyphenates them (templates/rapport.typ): "Techno-hub" or "Metalek-tro" at a
    line's end reads as a misprint. Taken from round.yaml: the hubs' names, short names and
    places, the places of the events, the client, the executors and the back page's
    organisation.
    """
    texts = [config.client, *config.executors, config.place]
    for hub in config.hubs:
        texts += [hub.name, hub.short_name, hub.place]
    texts += [event.place for event in config.events]
    if config.back_page:
        texts.append(config.back_page.organisation)
    words = {
        word
        for text in texts
        for word in _NAME_WORD.findall(text or "")
        if any(char.isupper() for char in word)
    }
    return tuple(sorted(words, key=lambda word: (-len(word), word)))
