"""Read interview notes: Markdown with YAML front matter and a section per criterion."""

from __future__ import annotations

import re
from pathlib import Path

from evaltools.interviews import FRAGMENT_KINDS, Fragment, InterviewNote
from evaltools.io.yaml_source import parse_yaml
from evaltools.models import InterviewMeta, RoundConfig, parse_model
from evaltools.problems import Problem, shown

_BULLET = re.compile(r"^\s*[-*]\s+(?:(?P<kind>[A-Za-zë]+)\s*:\s*)?(?P<text>.*)$")


def read_interview(
    path: Path, file: str, config: RoundConfig
) -> tuple[InterviewNote | None, list[Problem]]:
    """Parse one note; sections are matched to criteria by name or id."""
    if path.stat().st_size == 0:
        return None, [
            Problem(file, "", "", "een leeg bestand", "interviewnotities met kopgegevens")
        ]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return None, [
            Problem(
                file, "", "", "een bestand dat geen tekst (UTF-8) is", "een Markdown-bestand (.md)"
            )
        ]
    if not lines or lines[0].strip() != "---" or "---" not in (s.strip() for s in lines[1:]):
        return None, [
            Problem(
                file,
                "regel 1",
                "",
                "geen kopgegevens tussen '---'-regels",
                "YAML-kopgegevens (hub, datum, interviewers, respondenten)",
            )
        ]
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    source, problems = parse_yaml("\n".join(lines[1:end]), file, first_line=2)
    if source is None:
        return None, problems
    meta, problems = parse_model(InterviewMeta, source, file)
    if meta is None:
        return None, problems
    by_heading = {c.name.lower(): c.id for c in config.criteria} | {
        c.id: c.id for c in config.criteria
    }
    fragments: list[Fragment] = []
    criterion = None
    counts: dict[str, int] = {}
    for index in range(end + 1, len(lines)):
        line_no, line = index + 1, lines[index]
        if line.startswith("## "):
            heading = line[3:].strip()
            criterion = by_heading.get(heading.lower())
            if criterion is None:
                problems.append(
                    Problem(
                        file,
                        f"regel {line_no}",
                        "kop",
                        shown(heading),
                        "de naam van een criterium van de ronde",
                    )
                )
            continue
        if not line.strip() or line.startswith("#") or criterion is None:
            continue
        match = _BULLET.match(line)
        if not match:
            continue
        kind = (match["kind"] or "").lower()
        if kind not in FRAGMENT_KINDS:
            problems.append(
                Problem(
                    file,
                    f"regel {line_no}",
                    "soort",
                    shown(match["kind"]),
                    "een opsommingsteken met 'sterkte:', 'aandachtspunt:' of 'context:' ervoor",
                )
            )
            continue
        counts[criterion] = counts.get(criterion, 0) + 1
        fragments.append(
            Fragment(meta.hub, criterion, counts[criterion], kind, match["text"].strip(), line_no)
        )
    return InterviewNote(meta, fragments), problems
