"""The report's section "Veranderingen sinds de vorige ronde" and its paragraph per hub (pure).

The previous rounds are named "de vorige ronde" (and "n rondes terug"), never by their id,
reference or kind: a round's report holds nothing that belongs only to another round.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from evaltools.analyse.changes import (
    BASELINE,
    JOINED,
    LEFT,
    RETURNED,
    STAYED,
    RoundTables,
    goal_transitions,
    hub_history,
    hub_membership,
    kpi_series,
    profile_changes,
    renamed_criteria,
    round_columns,
    score_changes,
)
from evaltools.report.markdown import escape, grid_table
from evaltools.report.parts import figure_parts
from evaltools.round import dutch
from evaltools.round.programme import Unit, unit_of

SECTION_ID = "sec-veranderingen"
FIGURE_ID = "fig-veranderingen-scores"
NO_VALUE = "–"
SINCE_WORDS = {JOINED: "nieuw", RETURNED: "weer terug"}
"""What a hub without a previous score shows instead of its change ('since' of score_changes)."""


def round_labels(count: int) -> list[str]:
    """Column labels for ``count`` rounds, oldest first: ..., 'Vorige ronde', 'Deze ronde'."""
    labels = []
    for index in range(count):
        back = count - 1 - index
        labels.append(
            "Deze ronde"
            if back == 0
            else "Vorige ronde"
            if back == 1
            else _initial(f"{dutch.count_word(back)} rondes terug")
        )
    return labels


def change_text(change: Any) -> str:  # a table cell: a whole number or missing
    """'+1', '−1' or '0'; a dash when the change is unknown."""
    if change is None or pd.isna(change):
        return NO_VALUE
    return dutch.signed(int(change), 0)


def value_text(value: Any) -> str:  # a table cell: a number or missing
    return NO_VALUE if value is None or pd.isna(value) else dutch.number(float(value), 2)


def counted(count: int, one: str, more: str) -> str:
    """'één doel is', 'twee doelen zijn', 'geen doelen zijn': a count with the matching words."""
    return dutch.counted(count, one, more)


def _initial(text: str) -> str:
    return text[:1].upper() + text[1:]


def listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def score_change_figure(
    paths: list[str], alts: list[str], spans: list[tuple[str, str]], unit: Unit | None = None
) -> str:
    """The score-change grid (``analysis.figures.score_change_grids``) at the text's width: one
    figure, or a part per ``paths`` (subfigures, see ``report.parts.figure_parts``)."""
    u = unit_of(unit)
    return figure_parts(
        paths,
        f"Verandering van de score van de consultants per {u.singular} en criterium sinds de "
        "vorige ronde",
        alts,
        FIGURE_ID,
        spans,
        width="100%",
    )


def changes_section(rounds: list[RoundTables], figure: str) -> str:
    """The whole section for the current round (the last of ``rounds``, oldest first).

    ``figure`` is the score-change grid's Markdown (:func:`score_change_figure`). Empty when
    there is no previous round: the report then has no changes section.
    """
    if len(rounds) < 2:
        return ""
    previous, current = rounds[-2], rounds[-1]
    unit = current.config.programme.unit
    parts = [f"## Veranderingen sinds de vorige ronde {{#{SECTION_ID}}}\n"]
    parts.append(membership_text(hub_membership(previous, current, rounds[:-2]), rounds, unit))
    renamed = renamed_criteria(previous, current)
    for row in renamed.itertuples():
        parts.append(
            f"Het criterium *{escape(row.name)}* heette in de vorige ronde "
            f"*{escape(row.previous_name)}*; het is op zijn code vergeleken en staat hier onder "
            "de nieuwe naam.\n"
        )
    earlier = rounds[:-2]
    scores = score_changes(previous, current, earlier)
    parts.append("### Scores per criterium {.unnumbered}\n")
    parts.append(score_sentence(scores, unit))
    parts.append(figure)
    parts.append(score_change_table(scores, current, unit))
    if current.config.programme.typology is not None:
        parts.append("### Type en dominant kenmerk {.unnumbered}\n")
        parts.append(profile_change_table(profile_changes(previous, current, earlier), unit))
    parts.append("### KPI's over de rondes {.unnumbered}\n")
    parts.append(kpi_series_table(kpi_series(rounds), len(rounds), unit))
    parts.append("### Doelen {.unnumbered}\n")
    parts.append(goal_part(goal_transitions(previous, current, earlier), unit))
    return "\n".join(parts)


def when(back: int) -> str:
    """'in de vorige ronde', 'twee rondes terug': an earlier round, never by its id."""
    return "in de vorige ronde" if back == 1 else f"{dutch.count_word(back)} rondes terug"


def past_note(rounds: list[RoundTables], hub: str) -> str:
    """What an earlier round knew of a hub that is not new: 'deed twee rondes terug voor het
    laatst mee en trok zich in de vorige ronde terug'; empty when no earlier round lists it."""
    past = hub_history(rounds, hub)
    took_part = next((p for p in past if p.status == "deelnemend"), None)
    withdrew = next((p for p in past if p.status != "deelnemend"), None)
    notes = []
    if took_part is not None:
        notes.append(f"deed {when(took_part.back)} voor het laatst mee")
    elif withdrew is not None:  # the earliest round that listed it: it withdrew there
        first = max(p.back for p in past)
        notes.append(f"was {when(first)} al aangemeld, maar trok zich toen terug")
    current = next((h.name for h in rounds[-1].config.hubs if h.id == hub), "")
    renamed = next((p for p in past if p.name != current), None)
    if renamed is not None:
        notes.append(f"heette {when(renamed.back)} {escape(renamed.name)}")
    return listing(notes) if notes else ""


def membership_text(
    membership: pd.DataFrame, rounds: list[RoundTables] | None = None, unit: Unit | None = None
) -> str:
    """Which hubs joined, returned and left, in a few sentences; a hub is new only when no
    earlier round (``rounds``, oldest first) lists it."""
    u = unit_of(unit)
    joined = [escape(r.label) for r in membership.itertuples() if r.change == JOINED]
    returned = [
        escape(r.label) + (f" ({note})" if rounds and (note := past_note(rounds, r.hub)) else "")
        for r in membership.itertuples()
        if r.change == RETURNED
    ]
    left = [escape(r.label) for r in membership.itertuples() if r.change == LEFT]
    stayed = len(membership) - len(joined) - len(returned) - len(left)
    text = (
        f"{_initial(counted(stayed, f'{u.singular} deed', f'{u.plural} deden'))} ook in de "
        "vorige ronde mee. "
        if stayed
        else f"Geen {u.singular} deed ook in de vorige ronde mee. "
    )
    if returned:
        text += f"Weer terug in deze ronde: {listing(returned)}. "
    text += (
        f"Nieuw in deze ronde: {listing(joined)}. "
        if joined
        else f"Er is geen {u.singular} nieuw bijgekomen. "
    )
    text += (
        f"Niet meer in deze ronde: {listing(left)}."
        if left
        else f"Geen {u.singular} is sinds de vorige ronde gestopt."
    )
    return text + "\n"


def score_sentence(scores: pd.DataFrame, unit: Unit | None = None) -> str:
    """'Van de vier vergeleken scores is er één hoger, geen lager en …': counts as words; then
    the hubs that have only this round's scores (new, or returning after a round away)."""
    known = scores.dropna(subset=["change"])
    up = int((known["change"] > 0).sum())
    down = int((known["change"] < 0).sum())
    same = int((known["change"] == 0).sum())
    absent = _absent_sentence(scores, unit)
    if known.empty:
        return f"Er zijn geen scores om met de vorige ronde te vergelijken.{absent}\n"

    def word(count: int) -> str:
        return dutch.count_word(count) if count else "geen"

    return (
        f"Van de {dutch.count_word(len(known))} vergeleken scores "
        f"{'is' if up == 1 else 'zijn'} er {word(up)} hoger, {word(down)} lager en "
        f"{word(same)} gelijk aan die in de vorige ronde (@fig-veranderingen-scores, "
        f"@tbl-veranderingen-scores).{absent}\n"
    )


def _absent_sentence(scores: pd.DataFrame, unit: Unit | None = None) -> str:
    """' Logistics Lab deed in de vorige ronde niet mee (weer terug); …': empty when every hub
    of this round has a previous score."""
    u = unit_of(unit)
    since = scores.drop_duplicates("hub") if "since" in scores else scores.iloc[0:0]
    absent = [r for r in since.itertuples() if r.since != STAYED]
    if not absent:
        return ""
    names = listing([f"{escape(r.label)} ({SINCE_WORDS[r.since]})" for r in absent])
    if len(absent) == 1:
        return (
            f" {names} deed in de vorige ronde niet mee; voor deze {u.singular} staan in de "
            "tabel alleen de scores van deze ronde."
        )
    return (
        f" {names} deden in de vorige ronde niet mee; voor deze {u.plural} staan in de tabel "
        "alleen de scores van deze ronde."
    )


def score_change_table(scores: pd.DataFrame, current: RoundTables, unit: Unit | None = None) -> str:
    """Hubs (rows) x criteria: the current score with its change in brackets."""
    u = unit_of(unit)
    criteria = current.config.criteria
    rows = []
    for _, group in scores.groupby("hub", sort=False):
        cells = group.set_index("criterion")
        row = [[escape(group["label"].iloc[0])]]
        since = SINCE_WORDS.get(group["since"].iloc[0], "") if "since" in group else ""
        for criterion in criteria:
            now = cells.at[criterion.id, "current"] if criterion.id in cells.index else None
            shown = NO_VALUE if now is None or pd.isna(now) else str(int(now))
            change = cells.at[criterion.id, "change"] if criterion.id in cells.index else None
            # a hub without a previous round: 'nieuw' or 'weer terug' beside each score it has
            cell = (shown if shown == NO_VALUE else f"{shown} ({since})") if since else None
            row.append([cell or f"{shown} ({change_text(change)})"])
        rows.append(row)
    return grid_table(
        [f"{u.singular}", *[escape(c.name) for c in criteria]],
        rows,
        [18, *[12] * len(criteria)],
        "Score per criterium in deze ronde, tussen haakjes de verandering sinds de vorige ronde",
        "tbl-veranderingen-scores",
    )


def profile_change_table(profiles: pd.DataFrame, unit: Unit | None = None) -> str:
    """Per hub of this round its type and dominant kenmerk in the previous round and now; a
    changed one in bold, and 'nieuw' or 'weer terug' for a hub not in the previous round."""
    u = unit_of(unit)
    rows = []
    for row in profiles.itertuples():
        away = SINCE_WORDS.get(getattr(row, "since", STAYED), "")
        before = [
            f"{NO_VALUE} ({away})" if away else escape(v) or NO_VALUE
            for v in (row.previous_type, row.previous_feature)
        ]
        rows.append(
            [
                [escape(row.label)],
                [before[0]],
                [_changed(row.type, row.type_changed)],
                [before[1]],
                [_changed(row.feature, row.feature_changed)],
            ]
        )
    changed = [
        f"{escape(r.label)} (van {r.previous_type} naar {r.type})"
        for r in profiles.itertuples()
        if r.type_changed
    ]
    moved = [
        f"{escape(r.label)} (van {r.previous_feature} naar {r.feature})"
        for r in profiles.itertuples()
        if r.feature_changed
    ]
    sentence = (
        f"Van type veranderd: {listing(changed)}."
        if changed
        else f"Geen {u.singular} is van type veranderd."
    ) + (
        f" Van dominant kenmerk veranderd: {listing(moved)}.\n"
        if moved
        else f" Geen {u.singular} veranderde van dominant kenmerk.\n"
    )
    table = grid_table(
        [
            f"{u.singular}",
            "Type vorige ronde",
            "Type nu",
            "Dominant kenmerk vorige ronde",
            "Dominant kenmerk nu",
        ],
        rows,
        [22, 18, 18, 21, 21],
        "Type en dominant kenmerk in de vorige ronde en nu",
        "tbl-veranderingen-typen",
    )
    return sentence + "\n" + table


def _changed(now: str, changed: bool) -> str:
    """The value of this round, in bold when it changed since the previous round."""
    return f"**{escape(now)}**" if changed else escape(now) or NO_VALUE


def with_earlier(text: str, earlier: object) -> str:
    """A goal or KPI as it is worded now, with '(eerder: …)' when a hub reworded it (escaped)."""
    before = "" if earlier is None or pd.isna(earlier) else str(earlier)
    return escape(text) + (f" (eerder: {escape(before)})" if before else "")


def kpi_series_table(series: pd.DataFrame, count: int, unit: Unit | None = None) -> str:
    """Per KPI the baseline and its value in every round, oldest first."""
    u = unit_of(unit)
    if series.empty:
        return f"De {u.plural} hebben in geen van de rondes KPI's opgegeven.\n"
    ids = round_columns(series)
    rows = [
        [
            [escape(row["label"])],
            [
                with_earlier(
                    row["name"] + (f" ({row['unit']})" if row["unit"] else ""), row["earlier"]
                )
            ],
            [value_text(row[BASELINE])],
            *[[value_text(row[round_id])] for round_id in ids],
        ]
        for _, row in series.iterrows()
    ]
    return (
        f"Per KPI de nulmeting en de waarde die {u.the} in elke ronde opgaf; een streepje "
        "betekent dat de KPI in die ronde niet is opgegeven. Een KPI die een andere naam kreeg, "
        "staat onder zijn nieuwe naam, met de vorige naam erachter (eerder: …).\n\n"
        + grid_table(
            [f"{u.singular}", "KPI (eenheid)", "Nulmeting", *round_labels(count)],
            rows,
            [16, 34, *[10] * (count + 1)],
            "KPI's over de rondes",
            "tbl-veranderingen-kpis",
        )
    )


def goal_counts_sentence(both: int, new: int, dropped: int) -> str:
    """'Eén doel stond ook in de vorige ronde; twee doelen zijn nieuw en …': right for 0, 1, n."""
    first = (
        f"{_initial(counted(both, 'doel stond', 'doelen stonden'))} ook in de vorige ronde"
        if both
        else "Geen doel stond ook in de vorige ronde"
    )
    second = f"{counted(new, 'doel is', 'doelen zijn')} nieuw" if new else "er is geen nieuw doel"
    if dropped:
        third = (
            f"{counted(dropped, 'doel', 'doelen')} uit de vorige ronde "
            f"{'komt' if dropped == 1 else 'komen'} niet meer terug"
        )
    elif both:
        third = "elk doel uit de vorige ronde komt terug"
    else:
        return f"{first}; {second}.\n"
    return f"{first}; {second} en {third}.\n"


def goal_part(transitions: pd.DataFrame, unit: Unit | None = None) -> str:
    u = unit_of(unit)
    both = transitions[(transitions["previous_status"] != "") & (transitions["status"] != "")]
    new = int((transitions["previous_status"] == "").sum())
    dropped = int((transitions["status"] == "").sum())
    text = goal_counts_sentence(len(both), new, dropped)
    by_text = int((both["matched"] == "tekst").sum()) if "matched" in both else 0
    if by_text:
        text += (
            f"\n{_initial(counted(by_text, 'doel', 'doelen'))} uit een formulier zonder id "
            f"{'is' if by_text == 1 else 'zijn'} op de tekst met de vorige ronde vergeleken.\n"
        )
    gone = transitions[transitions["status"] == ""]
    if not gone.empty:  # the client can see which goals they are
        text += (
            f"\n{'Dit doel' if len(gone) == 1 else 'Deze doelen'} uit de vorige ronde "
            f"{'staat' if len(gone) == 1 else 'staan'} niet meer in de formulieren:\n\n"
            + "".join(
                f"- {escape(r.label)}: {escape(r.goal)} (vorige ronde: "
                f"{escape(r.previous_status) or 'zonder stand'})\n"
                for r in gone.itertuples()
            )
        )
    if both.empty:
        return text
    rows = [
        [
            [escape(r.label)],
            [with_earlier(r.goal, getattr(r, "earlier", ""))],
            [escape(r.previous_status)],
            [escape(r.status)],
        ]
        for r in both.itertuples()
    ]
    return (
        text
        + "\n"
        + grid_table(
            [f"{u.singular}", "Doel", "Vorige ronde", "Deze ronde"],
            rows,
            [18, 50, 14, 14],
            "Stand van doelen die in beide rondes voorkomen",
            "tbl-veranderingen-doelen",
        )
    )


def score_change_alt_text(scores: pd.DataFrame, unit: Unit | None = None) -> str:
    """Alt text of the score-change figure, with every number in it."""
    u = unit_of(unit)
    parts = []
    for _, group in scores.groupby("hub", sort=False):
        away = SINCE_WORDS.get(group["since"].iloc[0], "") if "since" in group else ""
        cells = [
            f"{r.name} "
            + (
                _pair(r.previous, r.current)
                if not away
                else f"{away}, nu {_shown(r.current)}"
                if not pd.isna(r.current)
                else "geen score"
            )
            for r in group.itertuples()
        ]
        parts.append(f"{group['label'].iloc[0]}: " + ", ".join(cells))
    return (
        f"Raster van {u.plural} en criteria met per cel de score in de vorige ronde en nu; een "
        "donkere cel met driehoek omhoog is gestegen, een gearceerde cel met driehoek omlaag "
        "gedaald, een lichtgrijze cel gelijk gebleven. " + "; ".join(parts) + "."
    )


def _shown(value: Any) -> str:  # a table cell: a whole number or missing
    return "geen" if value is None or pd.isna(value) else str(int(value))


def _pair(before: object, now: object) -> str:
    return f"{_shown(before)} → {_shown(now)}"
