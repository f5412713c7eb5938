"""Read interview notes: Markdown with YAML front matter and a section per criterion.

Layout of a note::

    ---
    hub: alpha
    datum: 2026-03-01
    interviewers: [interviewer 1]
    respondenten: [projectleider]
    ---

    ## Ontwikkelfase en robuustheid

    - sterkte: ...
    - aandachtspunt: ...
    - context: ...

A section starts at a ``## `` heading with the name or code of a criterion; every bullet in it
starts with its kind. Other lines are free notes and are skipped. Places are ``regel N``.
The Word reader (``interview_docx``) shares the section logic in ``NoteBuilder``.
"""

from __future__ import annotations

import re
from pathlib import Path

from evaltools.ingest.interviews import FRAGMENT_KINDS, Fragment, InterviewNote
from evaltools.round.input_files import read_text
from evaltools.round.models import InterviewMeta, RoundConfig, parse_model
from evaltools.round.problems import Problem, empty_file, shown
from evaltools.round.yaml_source import YamlSource, parse_yaml

_BULLET = re.compile(r"^\s*[-*+]\s+(?P<rest>.*)$")
_KIND = re.compile(r"^(?P<kind>[^\W\d_]+)\s*:\s*(?P<text>.*)$")
KINDS_EXPECTED = (
    "'sterkte:', 'aandachtspunt:' of 'context:' aan het begin van het punt "
    "(bijvoorbeeld 'sterkte: vaste projectleider')"
)


class NoteBuilder:
    """Collects the fragments of one note, section by section, with every problem found."""

    def __init__(self, file: str, meta: InterviewMeta, config: RoundConfig):
        self.file = file
        self.meta = meta
        self.problems: list[Problem] = []
        self.fragments: list[Fragment] = []
        self._criteria = config.criteria
        self._lookup = {c.name.lower(): c.id for c in config.criteria} | {
            c.id: c.id for c in config.criteria
        }
        self._criterion: str | None = None
        self._counts: dict[str, int] = {}

    def heading(self, text: str, place: str) -> None:
        """A criterion heading opens a section; an unknown heading is a problem."""
        heading = text.strip()
        self._criterion = self._lookup.get(heading.lower())
        if self._criterion is None:
            names = "; ".join(f"'{c.name}'" for c in self._criteria)
            self.problems.append(
                Problem(
                    self.file,
                    place,
                    "kop",
                    shown(heading),
                    f"de naam of code van een criterium van de ronde: {names}",
                )
            )

    def item(self, text: str, place: str, bullet: bool) -> None:
        """A bullet (or, with ``bullet`` False, a plain paragraph) inside the current section.

        A bullet must start with its kind; a plain paragraph counts only when it does.
        """
        if self._criterion is None:
            return
        match = _KIND.match(text.strip())
        kind = match["kind"].lower() if match else ""
        if kind not in FRAGMENT_KINDS:
            if bullet:
                found = (
                    f"een punt met de onbekende soort '{match['kind']}'"
                    if match
                    else f"een punt zonder soort ('{_clip(text)}')"
                )
                self.problems.append(Problem(self.file, place, "soort", found, KINDS_EXPECTED))
            return
        assert match is not None
        criterion = self._criterion
        self._counts[criterion] = self._counts.get(criterion, 0) + 1
        self.fragments.append(
            Fragment(
                self.meta.hub,
                criterion,
                self._counts[criterion],
                kind,
                match["text"].strip(),
                place,
            )
        )

    def note(self, source: YamlSource) -> InterviewNote:
        return InterviewNote(
            self.meta, self.fragments, source.place(("hub",)), source.place(("datum",))
        )


def stand_in_meta(source: YamlSource, file: str) -> InterviewMeta:
    """Front matter for reading the body of a note whose front matter has problems.

    The note is not used (its problems are reported); its body is still read so that one run
    lists the problems below the front matter too.
    """
    data = source.data if isinstance(source.data, dict) else {}
    hub = data.get("hub")
    return InterviewMeta.model_construct(
        hub=hub if isinstance(hub, str) else Path(file).stem,
        date=None,
        interviewers=[],
        respondents=[],
    )


def read_interview(
    path: Path, file: str, config: RoundConfig
) -> tuple[InterviewNote | None, list[Problem]]:
    """Parse one Markdown note; sections are matched to criteria by name or id."""
    if path.stat().st_size == 0:
        return None, [
            empty_file(
                file,
                "interviewnotities met kopgegevens tussen '---'-regels en "
                "per criterium een kop '## <criterium>'",
            )
        ]
    text, problems = read_text(path, file)
    if text is None:
        return None, problems
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in (s.strip() for s in lines[1:]):
        return None, [
            Problem(
                file,
                "regel 1",
                "",
                "geen kopgegevens tussen twee '---'-regels",
                "bovenaan YAML-kopgegevens (hub, datum, interviewers, respondenten) "
                "tussen een regel '---' en nog een regel '---'",
            )
        ]
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    source, problems = parse_yaml("\n".join(lines[1:end]), file, first_line=2)
    if source is None:
        return None, problems
    meta, meta_problems = parse_model(InterviewMeta, source, file)
    builder = NoteBuilder(file, meta or stand_in_meta(source, file), config)
    for index in range(end + 1, len(lines)):
        place, line = f"regel {index + 1}", lines[index]
        if line.startswith("## "):
            builder.heading(line[3:], place)
            continue
        bullet = _BULLET.match(line)
        if bullet and not line.startswith("#"):
            builder.item(bullet["rest"], place, bullet=True)
    if meta is None:
        return None, meta_problems + builder.problems
    return builder.note(source), builder.problems


def _clip(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
