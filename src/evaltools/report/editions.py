"""Two editions from one build: the client edition and the review edition (pure).

The client edition (``<ronde>.html/.pdf/.docx``) carries no source codes, no Bronnen appendix
and no technical Verantwoording; instead a one-page Verantwoording in words. The review edition
(``<ronde>-review-editie.html/.pdf/.docx``) carries everything, with the codes compressed to ranges.
The sections are chosen by the Lua filter ``report/filters/edition.lua`` from the heading
classes ``.review-only`` and ``.client-only`` in ``report/index.qmd``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evaltools.report.markdown import escape
from evaltools.round.dutch import count_word, counted, text_or_blank
from evaltools.round.models import RoundConfig
from evaltools.round.programme import Unit

CLIENT = "klant"
REVIEW = "review"
REVIEW_SUFFIX = "-review-editie"
CLIENT_ACCOUNTABILITY_PART = "verantwoording-klant.md"


def edition_options(report_dir: Path, edition: str) -> list[str]:
    """pandoc options that select ``edition``; the filter must run before the others."""
    marked = ["--metadata", "review-editie=true"] if edition == REVIEW else []
    return [
        "--metadata",
        f"editie={edition}",
        *marked,
        "--lua-filter",
        str(Path(report_dir) / "filters" / "edition.lua"),
    ]


def edition_stem(round_id: str, edition: str) -> str:
    return round_id if edition == CLIENT else f"{round_id}{REVIEW_SUFFIX}"


def _listing(items: list[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def client_accountability(
    config: RoundConfig, tables: dict[str, pd.DataFrame], unit: Unit | None = None
) -> str:
    """The Verantwoording of the client edition: what, from whom, how, limits, review edition."""
    u = unit or config.programme.unit
    hubs = config.taking_part
    evidence = tables.get("evidence", pd.DataFrame())
    forms = (
        set(evidence.loc[evidence["source"] == "zelfevaluatie", "hub"]) if len(evidence) else set()
    )
    interviews = tables.get("interviews", pd.DataFrame())
    events = tables.get("events", pd.DataFrame())
    meetings = int((events["kind"] != "interview").sum()) if not events.empty else 0
    roles = sorted(
        {
            role.strip()
            for value in (interviews["respondents"] if not interviews.empty else [])
            for role in text_or_blank(value).split(";")
            if role.strip()
        }
    )
    levels = sorted(config.rubric, key=lambda level: level.score)
    n_forms = sum(hub.id in forms for hub in hubs)
    spoken = _listing([escape(role) for role in roles])
    makers = _listing([escape(name) for name in config.executors])
    talks = counted(len(interviews), "verdiepend interview", "verdiepende interviews")
    visits = counted(meetings, "bijeenkomst of werkbezoek", "bijeenkomsten en werkbezoeken")
    parts = [
        f"**Wat is verzameld.** Voor deze {config.kind} vulden "
        f"{counted(n_forms, u.singular, u.plural)} een zelfevaluatie in: hun doelen en "
        "KPI's met de stand van zaken, een zelfscore per criterium en een toelichting. De "
        f"consultants voerden {talks}"
        + (f" en waren betrokken bij {visits} (@sec-bijlage-bijeenkomsten)." if meetings else "."),
        f"**Van wie.** De zelfevaluaties zijn ingevuld door de {u.plural} zelf"
        + (f"; in de interviews spraken de consultants met {spoken}." if roles else ".")
        + " Personen staan in dit rapport alleen met hun rol.",
        f"**Hoe is geanalyseerd.** De consultants hebben per {u.singular} en criterium de bronnen "
        "naast elkaar gelegd, hun bevindingen als sterktes en aandachtspunten geformuleerd en "
        "elke bevinding aan het onderliggende bewijs gekoppeld. Per criterium gaven zij een "
        + (
            f"score op een rubriek van {count_word(len(levels))} niveaus, van "
            f"{escape(levels[0].name)} tot {escape(levels[-1].name)}. "
            if levels
            else "score. "
        )
        + "Alle tabellen, figuren en aantallen zijn reproduceerbaar uit de invoer berekend.",
        "**Grenzen.** Wat deze evaluatie wel en niet laat zien, staat in @sec-aanpak, onder "
        "[Beperkingen](#sec-beperkingen).",
        "**Review-editie.** Naast dit rapport bestaat een review-editie met bij elke "
        "bevinding de verwijzing naar de bron, de volledige bronnenlijst en de technische "
        "verantwoording (invoerbestanden met controlegetallen, gebruikte software en de "
        f"uitgevoerde analyses). Die is op te vragen bij {makers}.",
    ]
    return "\n\n".join(parts) + "\n"
