"""A new round from the previous one: what carries over, and what must be filled in again.

Pure functions: they take the previous round's configuration data and texts and return the new
files' contents; ``round.new_files.write_new_files`` writes them.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from evaltools.ingest.texts import STUB_MARKER

CARRIED_KEYS = (
    "ondertitel",
    "opdrachtgever",
    "uitvoering",
    "plaats",
    "auteurs",
    "rubriek",
    "criteria",
    "hubs",
    "regeling",
    "typologie",
    "allocatie",
    "combinaties",
    "voornaamwoord",
    "programma",
    "logos",
    "achterpagina",
    "allocatie_bedragen",
    "klant_zonder_bijlagen",
    "wiskunde",
)
"""Keys of round.yaml taken over from the previous round as they were written: the programme's
settings, which every round of it shares."""

EMPTY_KEYS = (
    ("soort", "bijv. tussentijdse evaluatie, eindevaluatie of nulmeting"),
    ("titel", "de titel van het rapport"),
    ("periode", "de periode in woorden, bijv. 'juni 2026 – mei 2027'"),
    ("periode_begin", "eerste dag van de periode, JJJJ-MM-DD"),
    ("periode_einde", "laatste dag van de periode, JJJJ-MM-DD"),
    ("kenmerk", "het kenmerk (referentienummer) van dit rapport"),
    ("datum", "de datum van het rapport, JJJJ-MM-DD"),
    ("budget", "het te verdelen bedrag van de volgende fase in euro's (of weglaten)"),
)
"""Keys that belong to one round only: left empty, so that ``validate`` names each one."""

_ROUND_HUB_KEYS_DROPPED = ("zelfevaluatie",)
"""Per-hub keys that describe what happened in one round (a form not delivered)."""


def new_round_config(previous: dict[str, Any], round_id: str, previous_id: str) -> str:
    """The text of round.yaml for a new round that follows ``previous`` (its YAML data)."""
    lines = [
        f"# Ronde {round_id}, gemaakt met 'evaltools nieuwe-ronde' uit ronde {previous_id}.",
        "# Hubs, criteria, rubriek, typologieregel en verdeelsleutel komen uit de vorige ronde;",
        "# pas ze aan waar de nieuwe ronde anders is. De lege velden hieronder horen bij één",
        "# ronde: vul ze in ('evaltools validate' noemt wat nog ontbreekt).",
        f"ronde: {round_id}",
        f"vorige_ronde: {previous_id}",
    ]
    lines += [f"{key}:  # {hint}" for key, hint in EMPTY_KEYS]
    lines.append("evenementen: []  # de bijeenkomsten van deze ronde")
    carried = {}
    for key in CARRIED_KEYS:
        if key not in previous:
            continue
        value = previous[key]
        if key == "hubs" and isinstance(value, list):
            value = [
                {k: v for k, v in hub.items() if k not in _ROUND_HUB_KEYS_DROPPED}
                if isinstance(hub, dict)
                else hub
                for hub in value
            ]
        carried[key] = value
    body = yaml.safe_dump(carried, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(lines) + "\n" + body


def text_stub(previous_text: str, previous_id: str) -> str:
    """A round text to write anew: the previous text's headings, each with a reminder."""
    lines = [STUB_MARKER]
    for line in previous_text.splitlines():
        if re.match(r"^#{1,6}\s", line):
            lines += ["", line]
        elif re.match(r"^:::+\s*\{\.bijlagenlijst\}", line):  # generated: the list stays
            lines += ["", "Achter in het rapport staan de bijlagen:", "", line, ":::"]
        elif re.match(r"^<!--\s*(?:tabel|lijst):", line.strip()):  # generated: the table stays
            lines += ["", line.strip()]
    lines += [
        "",
        f"<!-- Schrijf deze tekst voor de nieuwe ronde; de tekst van ronde {previous_id} staat "
        "in data/raw/" + previous_id + "/teksten. Haal daarna de eerste regel weg. -->",
    ]
    return "\n".join(lines) + "\n"
