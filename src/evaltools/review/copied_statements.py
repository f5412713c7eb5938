"""The check "uitspraak uit vorige ronde": assessment statements copied unchanged (pure).

A consultant who begins a round's assessment from the previous one may leave a strength or a
point of attention as it was, although the hub moved on. A statement of this round's
``beoordeling/<hub>.yaml`` whose text is the text of a statement on the same criterion in the
previous round's assessment of the same hub is a warning: it may still hold, so it does not
block the client edition, but a consultant should look at it (and may record why it stands in
``controle/besluiten.yaml``).
"""

from __future__ import annotations

from collections.abc import Sequence

from evaltools.round.findings import WARNING, Finding
from evaltools.round.models import RoundConfig
from evaltools.round.yaml_source import YamlSource

CHECK = "uitspraak uit vorige ronde"
COLUMNS = ("sterktes", "aandachtspunten")
COLUMN_WORDS = {"sterktes": "deze sterkte", "aandachtspunten": "dit aandachtspunt"}


def _same(text: object) -> str:
    """The text as compared: whitespace and case do not make a statement new."""
    return " ".join(str(text).split()).casefold()


def _clip(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _statements(data: object) -> list[tuple[str, str, int, str]]:
    """(criterion, column, index, text) of every criterion statement of an assessment's data."""
    judgements = data.get("criteria") if isinstance(data, dict) else None
    found = []
    for criterion, judgement in (judgements if isinstance(judgements, dict) else {}).items():
        for column in COLUMNS:
            items = judgement.get(column) if isinstance(judgement, dict) else None
            for index, item in enumerate(items if isinstance(items, list) else []):
                text = item.get("tekst") if isinstance(item, dict) else None
                if isinstance(text, str) and text.strip():
                    found.append((str(criterion), column, index, text))
    return found


def _hub(data: object) -> str:
    return str(data.get("hub", "")) if isinstance(data, dict) else ""


def copied_statement_findings(
    config: RoundConfig,
    current: Sequence[tuple[str, YamlSource]],
    previous: Sequence[tuple[str, YamlSource]],
    previous_id: str,
) -> list[Finding]:
    """A warning per statement of ``current`` (this round's assessments: file, source) whose
    text equals that of a statement on the same criterion in the same hub's assessment in
    ``previous`` (the previous round's, files labelled ``<ronde>/beoordeling/<hub>.yaml``)."""
    names = {criterion.id: criterion.name for criterion in config.criteria}
    earlier: dict[tuple[str, str, str], tuple[str, str]] = {}
    for file, source in previous:
        for criterion, column, index, text in _statements(source.data):
            key = (_hub(source.data), criterion, _same(text))
            place = source.place(("criteria", criterion, column, index))
            earlier.setdefault(key, (file, place))
    findings = []
    for file, source in current:
        hub = _hub(source.data)
        for criterion, column, index, text in _statements(source.data):
            match = earlier.get((hub, criterion, _same(text)))
            if match is None:
                continue
            previous_file, previous_place = match
            where = ", ".join(part for part in (previous_file, previous_place) if part)
            name = names.get(criterion, criterion)
            shown = _clip(" ".join(text.split()))
            findings.append(
                Finding(
                    WARNING,
                    CHECK,
                    file,
                    source.place(("criteria", criterion, column, index)),
                    f"{COLUMN_WORDS[column]} bij '{name}' staat ongewijzigd in de "
                    f"beoordeling van ronde {previous_id} ({where}): '{shown}'"
                    "; ga na of dit nog geldt en werk het bij voor deze ronde, of leg in "
                    "controle/besluiten.yaml vast waarom het blijft staan",
                    f"{name}: {shown}",
                )
            )
    return findings
