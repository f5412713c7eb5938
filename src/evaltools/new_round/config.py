"""A new round from the previous one: what carries over, and what must be filled in again.

Pure functions: they take the previous round's configuration data and texts and return the new
files' contents; ``round.new_files.write_new_files`` writes them.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from evaltools.ingest.texts import STUB_MARKER
from evaltools.round.errors import EvaltoolsError

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


def new_round_config(previous_text: str, round_id: str, previous_id: str) -> str:
    """The text of round.yaml for a new round that follows the round.yaml ``previous_text``.

    The previous file is edited, not written anew, so that its comments, key order, flow or
    block style and blank lines stay: ``ronde`` and ``vorige_ronde`` get the new ids, the keys of
    one round (``EMPTY_KEYS``) are emptied with a hint, ``evenementen`` becomes an empty list,
    keys of neither kind are dropped with the comment lines right above them, and each hub loses
    what described its part in the previous round (``zelfevaluatie: niet_geleverd``).

    The edit works on the text, at the places PyYAML's parser gives for each key and value: a
    round-trip library (ruamel.yaml) keeps a comment with the value above it, so emptying or
    dropping a value there loses the comment of the key that follows. The edited text is
    parsed again and must give exactly the data of the new round (``_new_data``); if it does not
    (YAML this edit does not foresee), the file is written anew from that data, without the
    previous file's comments.
    """
    previous = yaml.safe_load(previous_text)
    expected = _new_data(previous, round_id, previous_id)
    header = _header(round_id, previous_id)
    # the previous round's own header (made here) described that round: it goes; any other
    # comment at the top is the consultants' and stays
    previous_text = _without_made_header(previous_text)
    try:
        edited: str | None = _edited(previous_text, round_id, previous_id)
    except (yaml.YAMLError, _Unforeseen):
        edited = None
    if edited is not None and yaml.safe_load(edited) == expected:
        return "\n".join(header) + "\n" + edited
    return "\n".join(header) + "\n" + _written(expected)


def _header(round_id: str, previous_id: str) -> list[str]:
    return [
        f"# Ronde {round_id}, gemaakt met 'evaltools nieuwe-ronde' uit ronde {previous_id}.",
        "# Hubs, criteria, rubriek, typologieregel en verdeelsleutel komen uit de vorige ronde;",
        "# pas ze aan waar de nieuwe ronde anders is. De lege velden hieronder horen bij één",
        "# ronde: vul ze in ('evaltools validate' noemt wat nog ontbreekt).",
    ]


_MADE_HEADER = re.compile(r"# Ronde (\S+), gemaakt met 'evaltools nieuwe-ronde' uit ronde (\S+)\.")


def _without_made_header(text: str) -> str:
    """``text`` without the header :func:`_header` wrote at its top, if it is there unchanged."""
    lines = text.splitlines(keepends=True)
    made = _MADE_HEADER.fullmatch(lines[0].rstrip("\r\n")) if lines else None
    if made is None:
        return text
    header = _header(made[1], made[2])
    if [line.rstrip("\r\n") for line in lines[: len(header)]] != header:
        return text  # changed by hand: the consultants' words now
    return "".join(lines[len(header) :])


def _new_data(previous: dict[str, Any], round_id: str, previous_id: str) -> dict[str, Any]:
    """The data of the new round.yaml: new ids, the round's keys empty, the rest carried."""
    data: dict[str, Any] = {"ronde": round_id, "vorige_ronde": previous_id}
    data |= {key: None for key, _ in EMPTY_KEYS}
    data["evenementen"] = []
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
        data[key] = value
    return data


def _written(data: dict[str, Any]) -> str:
    """The new round.yaml written from its data (when the previous file could not be edited)."""
    hints = dict(EMPTY_KEYS)
    lines = [f"ronde: {data['ronde']}", f"vorige_ronde: {data['vorige_ronde']}"]
    lines += [f"{key}:  # {hint}" for key, hint in hints.items()]
    lines.append(_EVENTS_LINE)
    carried = {k: v for k, v in data.items() if k not in {"ronde", "vorige_ronde", "evenementen"}}
    carried = {k: v for k, v in carried.items() if k not in hints}
    body = yaml.safe_dump(carried, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(lines) + "\n" + body


_EVENTS_LINE = "evenementen: []  # de bijeenkomsten van deze ronde"


class _Unforeseen(EvaltoolsError):  # noqa: N818 - internal: the edit falls back to writing anew
    """The previous round.yaml has a shape the text edit does not handle."""


def _edited(text: str, round_id: str, previous_id: str) -> str:
    """``text`` edited in place (see ``new_round_config``); _Unforeseen when it cannot be."""
    text = _without_hub_keys(text if text.endswith("\n") else text + "\n")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise _Unforeseen
    lines = text.splitlines()
    pairs = [(key.value, key, value) for key, value in root.value]
    if any(not isinstance(key, yaml.ScalarNode) or key.start_mark.column for _, key, _ in pairs):
        raise _Unforeseen
    # a key's part of the file: the comment lines right above it, its line, and every line up
    # to the next key's part (the first key keeps the comments above it as the file's head)
    starts = []
    for index, (_, key, _) in enumerate(pairs):
        start = key.start_mark.line
        while index and start > 0 and lines[start - 1].startswith("#"):
            start -= 1
        starts.append(start)
    out = lines[: starts[0]] if starts else []
    ends = [*starts[1:], len(lines)]
    present = {name for name, _, _ in pairs}
    if "ronde" not in present:
        raise _Unforeseen
    hints = dict(EMPTY_KEYS)
    # keys the previous round lacks, each after the key that precedes it in this order
    order = ["ronde", "vorige_ronde", *hints, "evenementen"]
    placed = {name: name for name in present}  # a key -> the key of the file it follows
    missing: dict[str, list[str]] = {}
    for position, name in enumerate(order):
        if name in placed:
            continue
        anchor = placed[next(k for k in reversed(order[:position]) if k in placed)]
        line = {"vorige_ronde": f"vorige_ronde: {previous_id}", "evenementen": _EVENTS_LINE}.get(
            name, f"{name}:  # {hints.get(name, '')}"
        )
        missing.setdefault(anchor, []).append(line)
        placed[name] = anchor
    keep = {"ronde", "vorige_ronde", "evenementen", *hints, *CARRIED_KEYS}
    for (name, key, value), start, end in zip(pairs, starts, ends, strict=True):
        part = lines[start:end]
        first = key.start_mark.line - start  # the key's line within its part
        if name not in keep:
            continue
        if name in ("ronde", "vorige_ronde"):
            new = round_id if name == "ronde" else previous_id
            part = [*part[:first], _with_value(lines, value, new), *part[first + 1 :]]
        elif name in hints or name == "evenementen":
            line = _EVENTS_LINE if name == "evenementen" else f"{name}:  # {hints[name]}"
            blank = _trailing_blank(part[first:])
            part = [*part[:first], line, *([""] * blank)]
        # (every key that others follow is now one line: ronde, vorige_ronde, an emptied one)
        part = [*part[: first + 1], *missing.get(name, []), *part[first + 1 :]]
        out += part
    return "\n".join(out) + "\n"


def _with_value(lines: list[str], value: yaml.Node, new: str) -> str:
    """The line of a one-line scalar ``value`` with ``new`` in its place (comment kept)."""
    if not isinstance(value, yaml.ScalarNode) or value.start_mark.line != value.end_mark.line:
        raise _Unforeseen
    line = lines[value.start_mark.line]
    return line[: value.start_mark.column] + new + line[value.end_mark.column :]


def _trailing_blank(lines: list[str]) -> int:
    count = 0
    for line in reversed(lines):
        if line.strip():
            break
        count += 1
    return count


def _without_hub_keys(text: str) -> str:
    """``text`` without the per-round keys of each hub (``_ROUND_HUB_KEYS_DROPPED``), in flow
    style (``{id: a, zelfevaluatie: niet_geleverd}``) or block style (a line of its own)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    pairs = root.value if isinstance(root, yaml.MappingNode) else []
    hubs = next((value for key, value in pairs if key.value == "hubs"), None)
    if not isinstance(hubs, yaml.SequenceNode):
        return text
    spans = []
    for hub in hubs.value:
        if not isinstance(hub, yaml.MappingNode):
            continue
        items = hub.value
        for index, (key, value) in enumerate(items):
            if key.value not in _ROUND_HUB_KEYS_DROPPED:
                continue
            following = items[index + 1][0].start_mark.index if index + 1 < len(items) else -1
            if hub.flow_style:
                if index:  # ', zelfevaluatie: niet_geleverd'
                    spans.append((items[index - 1][1].end_mark.index, value.end_mark.index))
                elif following >= 0:  # 'zelfevaluatie: niet_geleverd, '
                    spans.append((key.start_mark.index, following))
                else:
                    raise _Unforeseen
            elif index == 0:  # '- zelfevaluatie: x' then the next key: '- ' + the next key
                if following < 0:
                    raise _Unforeseen
                spans.append((key.start_mark.index, following))
            else:  # a line of its own
                line_start = text.rfind("\n", 0, key.start_mark.index) + 1
                line_end = text.find("\n", value.end_mark.index)
                spans.append((line_start, len(text) if line_end < 0 else line_end + 1))
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return text


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
