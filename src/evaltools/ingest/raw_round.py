"""Read a whole raw round folder; collect every problem instead of stopping at the first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from evaltools.ingest.cache import InputCache
from evaltools.ingest.controle_files import read_decisions
from evaltools.ingest.interview_docx import read_interview_docx
from evaltools.ingest.interview_md import read_interview
from evaltools.ingest.interviews import InterviewNote
from evaltools.ingest.wederhoor import WEDERHOOR_DIR, WederhoorInput
from evaltools.ingest.wederhoor_files import read_wederhoor
from evaltools.ingest.zelfevaluatie import FormAnswers
from evaltools.ingest.zelfevaluatie_xlsx import read_form
from evaltools.round.decisions import CONTROL_DIR, RecordedDecision
from evaltools.round.input_files import symlink_problem
from evaltools.round.models import Assessment, RoundConfig, parse_model
from evaltools.round.problems import Problem
from evaltools.round.yaml_source import YamlSource, read_yaml

CONFIG_FILE = "round.yaml"
FORMS_DIR = "zelfevaluaties"
INTERVIEWS_DIR = "interviews"
ASSESSMENTS_DIR = "beoordeling"
TEXTS_DIR = "teksten"
INTERVIEW_READERS = {".md": read_interview, ".docx": read_interview_docx}
T = TypeVar("T")


@dataclass
class RawRound:
    """Everything read from one round folder, with the file label of each part."""

    folder: Path
    config: RoundConfig
    config_source: YamlSource
    forms: list[tuple[str, FormAnswers]] = field(default_factory=list)
    interviews: list[tuple[str, InterviewNote]] = field(default_factory=list)
    assessments: list[tuple[str, Assessment, YamlSource]] = field(default_factory=list)
    assessment_sources: list[tuple[str, YamlSource]] = field(default_factory=list)
    """Every assessment that is valid YAML, also when its schema has problems: cross-file
    rules run on these, so one run lists all problems of a file."""
    unreadable: list[str] = field(default_factory=list)
    """Forms and interview notes that could not be read at all (wrong type, empty, corrupt)."""
    wederhoor: WederhoorInput | None = None
    """The folder wederhoor/ (drafts sent, forms returned, decisions); None when absent."""
    decisions: list[RecordedDecision] = field(default_factory=list)
    """controle/besluiten.yaml: the consultants' decisions on the findings of the check."""

    def label(self, path: Path) -> str:
        return path.relative_to(self.folder.parent).as_posix()


def read_round(
    folder: Path, cache_dir: Path | None = None
) -> tuple[RawRound | None, list[Problem]]:
    """Read config, forms, interview notes and assessments of the round in ``folder``.

    With ``cache_dir``, a form, note or assessment whose bytes (and the configuration and code)
    are those of an earlier read is not parsed again (see evaltools.ingest.cache).
    """
    folder = Path(folder)
    cache = InputCache(cache_dir) if cache_dir is not None else None
    raw, problems = _read_round(folder, cache)
    if cache is not None and raw is not None:
        cache.prune()
    return raw, problems


def _read_round(folder: Path, cache: InputCache | None) -> tuple[RawRound | None, list[Problem]]:
    config_label = f"{folder.name}/{CONFIG_FILE}"
    if not folder.is_dir():
        return None, [
            Problem(
                folder.as_posix(),
                "",
                "",
                "geen map",
                "een rondemap met round.yaml (bijv. data/raw/2026-tussentijds)",
            )
        ]
    links = round_link_problems(folder)
    if folder.is_symlink():  # nothing is read through it
        return None, links
    source, problems = read_yaml(folder / CONFIG_FILE, config_label)
    if source is None:
        return None, sorted(set(links + problems))
    config, problems = parse_model(RoundConfig, source, config_label)
    if config is None:
        return None, links + problems
    raw = RawRound(folder, config, source)
    problems = links
    context = config.model_dump_json().encode()

    def read(path: Path, reader: Callable[[], T], uses_config: bool = True) -> T:
        if cache is None:
            return reader()
        return cache.read(path, raw.label(path), context if uses_config else b"", reader)

    for kind in (FORMS_DIR, INTERVIEWS_DIR):
        # a linked form or note is refused (above), so its evidence is missing for a reason
        if (folder / kind).is_dir():
            raw.unreadable += [
                raw.label(p) for p in sorted((folder / kind).iterdir()) if p.is_symlink()
            ]
    for path in _files(folder / FORMS_DIR):
        answers, found = read(path, partial(read_form, path, raw.label(path), config))
        problems += found
        if answers is not None:
            raw.forms.append((raw.label(path), answers))
        else:
            raw.unreadable.append(raw.label(path))
    for path in _files(folder / INTERVIEWS_DIR):
        reader = INTERVIEW_READERS.get(path.suffix.lower())
        if reader is None:
            problems.append(
                Problem(
                    raw.label(path),
                    "",
                    "",
                    file_kind(path),
                    "interviewnotities als Markdown (.md) of als Word-document (.docx)",
                )
            )
            raw.unreadable.append(raw.label(path))
            continue
        note, found = read(path, partial(reader, path, raw.label(path), config))
        problems += found
        if note is not None:
            raw.interviews.append((raw.label(path), note))
        else:
            raw.unreadable.append(raw.label(path))
    for path in _files(folder / ASSESSMENTS_DIR):
        label = raw.label(path)
        if path.suffix.lower() not in (".yaml", ".yml"):
            problems.append(
                Problem(
                    label,
                    "",
                    "",
                    file_kind(path),
                    "een beoordeling als YAML-bestand (.yaml), bijvoorbeeld gemaakt met "
                    "'evaltools template beoordeling'",
                )
            )
            continue
        assessment_source, assessment, found = read(
            path, partial(_read_assessment, path, label), uses_config=False
        )
        problems += found
        if assessment_source is None:
            continue
        raw.assessment_sources.append((label, assessment_source))
        if assessment is not None:
            raw.assessments.append((label, assessment, assessment_source))
    raw.wederhoor, found = read_wederhoor(folder / WEDERHOOR_DIR, raw.label)
    problems += found
    raw.decisions, found = read_decisions(folder / CONTROL_DIR, raw.label)
    problems += found
    return raw, problems


def _read_assessment(
    path: Path, label: str
) -> tuple[YamlSource | None, Assessment | None, list[Problem]]:
    """An assessment file: its YAML (also with schema problems), its model, every problem."""
    source, problems = read_yaml(path, label)
    if source is None:
        return None, None, problems
    assessment, found = parse_model(Assessment, source, label)
    return source, assessment, problems + found


def file_kind(path: Path) -> str:
    """A file's type as found in a message."""
    return (
        f"een bestand van het type '{path.suffix}'"
        if path.suffix
        else "een bestand zonder extensie"
    )


def round_link_problems(folder: Path, root: Path | None = None) -> list[Problem]:
    """The round folder as a link, any link inside it, and (with the project's ``root``) a
    round folder that lies outside the project: refused at validate and again at render,
    so that no stage follows a link out of the project."""
    folder = Path(folder)
    problems = []
    if folder.is_symlink():
        problems.append(
            Problem(
                folder.name,
                "",
                "",
                "een rondemap die een snelkoppeling (symbolische link) is, naar "
                f"{folder.readlink().as_posix()}",
                "de rondemap zelf onder data/raw; evaltools volgt geen links, omdat die naar "
                "bestanden buiten het project kunnen wijzen; kopieer de map naar deze plek",
            )
        )
    elif root is not None and not folder.resolve().is_relative_to(Path(root).resolve()):
        problems.append(
            Problem(
                folder.name,
                "",
                "",
                f"een rondemap buiten het project ({folder.resolve().as_posix()}), via een "
                "snelkoppeling in het pad",
                "de rondemap zelf onder data/raw van het project; kopieer de map naar deze plek",
            )
        )
    return problems if folder.is_symlink() else problems + symlink_problems(folder)


def symlink_problems(folder: Path) -> list[Problem]:
    """Every symbolic link inside the round folder: refused, never followed."""
    problems = []
    for path in sorted(Path(folder).rglob("*")):
        if path.is_symlink():
            label = path.relative_to(Path(folder).parent).as_posix()
            problem = symlink_problem(path, label)
            if problem is not None:
                problems.append(problem)
    return problems


def _files(folder: Path) -> list[Path]:
    """The input files of one folder of the round; links are reported, not read."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.is_symlink() and not p.name.startswith((".", "~$"))
    )
