"""Checks of the round's texts against its data (pure).

Counts that contradict the tables; texts still the skeleton of nieuwe-ronde or copied from the
previous round.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import pandas as pd

from evaltools.ingest.texts import STUB_MARKER
from evaltools.privacy.scan import Document
from evaltools.round.findings import ERROR, WARNING, Finding
from evaltools.round.models import RoundConfig
from evaltools.round.programme import Unit

NUMBER_WORDS = {
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
    "twintig": 20,
}


# A count and its noun; {nouns} becomes the round's nouns (its programme's unit and types).
_COUNT = (
    r"(?<![\w-])(?P<all>alle\s+)?(?P<number>\d{1,3}|"
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    + r")\s+(?P<adjective>deelnemende\s+|verdiepende\s+)?"
    r"(?P<noun>{nouns})"
    r"(?![\w-])"
)


def text_count_findings(
    config: RoundConfig,
    tables: dict[str, pd.DataFrame],
    texts: Sequence[Document],
    unit: Unit | None = None,
) -> list[Finding]:
    """Counts in the round's texts ('zeven deelnemende hubs') that the data contradicts."""
    u = unit or config.programme.unit
    typology = config.programme.typology
    plurals = {kind.plural.lower(): kind.name for kind in typology.types} if typology else {}
    unit_noun = u.plural.lower()
    pattern = re.compile(
        _COUNT.replace(
            "{nouns}",
            "|".join(
                re.escape(noun)
                for noun in (
                    unit_noun,
                    "criteria",
                    "interviews",
                    *plurals,
                    "kennissessies",
                    "werkbezoeken",
                )
            ),
        ),
        re.IGNORECASE,
    )
    hubs = tables["hubs"]
    taking_part = int((hubs["status"] == "deelnemend").sum())
    profiles = tables.get("profiles", pd.DataFrame())
    taking = set(hubs.loc[hubs["status"] == "deelnemend", "hub"])
    types = (
        Counter(profiles.loc[profiles["hub"].isin(taking), "type"])
        if not profiles.empty
        else Counter()
    )
    events = tables.get("events", pd.DataFrame())
    kinds = Counter(events["kind"]) if not events.empty else Counter()
    interviews = tables.get("interviews", pd.DataFrame())
    # noun -> (accepted counts, what they are, the variable to use)
    expected = {
        unit_noun: ({taking_part, len(hubs)}, f"deelnemende {u.plural}", "hubs.deelnemend"),
        "criteria": ({len(config.criteria)}, "criteria", ""),
        "interviews": (
            {len(interviews), kinds["interview"]},
            "interviews",
            "evenementen.interview",
        ),
        **{
            plural: ({types[name]}, plural, f"typologie.{name}") for plural, name in plurals.items()
        },
        "kennissessies": ({kinds["kennissessie"]}, "kennissessies", "evenementen.kennissessie"),
        "werkbezoeken": ({kinds["werkbezoek"]}, "werkbezoeken", "evenementen.werkbezoek"),
    }
    findings = []
    for document in texts:
        for place, line in document.segments:
            for match in pattern.finditer(line):
                noun = match["noun"].lower()
                word = match["number"].lower()
                number = int(word) if word.isdigit() else NUMBER_WORDS[word]
                accepted, what, variable = expected[noun]
                strict = bool(match["all"]) or (match["adjective"] or "").strip().lower() == (
                    "deelnemende"
                )
                if noun == unit_noun and (match["adjective"] or "").strip().lower() == (
                    "deelnemende"
                ):
                    accepted = {taking_part}
                if number in accepted:
                    continue
                actual = taking_part if noun == unit_noun else min(accepted)
                advice = (
                    f"; schrijf {{{{< var {variable} >}}}} zodat het aantal uit de gegevens komt"
                    if variable
                    else ""
                )
                qualifier = "" if strict else " (als dit het totaal is)"
                findings.append(
                    Finding(
                        ERROR if strict else WARNING,
                        "aantal in tekst klopt niet",
                        document.file,
                        place,
                        f"de tekst noemt '{' '.join(match.group().split())}', maar de ronde "
                        f"heeft {actual} {what}{qualifier}{advice}",
                        " ".join(match.group().split()),
                    )
                )
    return findings


def copied_text_findings(
    texts: Sequence[Document], previous: Sequence[Document], previous_id: str
) -> list[Finding]:
    """Round texts still the skeleton of 'evaltools nieuwe-ronde', or copied unchanged from the
    previous round (``previous`` are that round's texts, labelled ``<ronde>/teksten/...``)."""
    earlier = {d.file.partition("/")[2]: d.text for d in previous}
    findings = []
    for document in texts:
        relative = document.file.partition("/")[2]
        if STUB_MARKER in document.text:
            message = (
                "deze tekst is nog het skelet van 'evaltools nieuwe-ronde': schrijf de tekst "
                "voor deze ronde en haal de eerste regel (de markering) weg"
            )
        elif document.text.strip() and earlier.get(relative) == document.text:
            message = (
                f"deze tekst is ongewijzigd overgenomen uit ronde {previous_id} "
                f"({previous_id}/{relative}): werk hem bij voor deze ronde"
            )
        else:
            continue
        findings.append(Finding(WARNING, "tekst uit vorige ronde", document.file, "", message))
    return findings
