"""Read a whole raw round folder; collect every problem instead of stopping at the first."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evaltools.inputs.interviews import InterviewNote
from evaltools.inputs.models import Assessment, RoundConfig, parse_model
from evaltools.inputs.problems import InvalidRound, Problem
from evaltools.inputs.wederhoor import WEDERHOOR_DIR, WederhoorInput
from evaltools.inputs.zelfevaluatie import FormAnswers
from evaltools.io.interview_docx import read_interview_docx
from evaltools.io.interview_md import read_interview
from evaltools.io.wederhoor import read_wederhoor
from evaltools.io.yaml_source import YamlSource, read_yaml
from evaltools.io.zelfevaluatie_xlsx import read_form

CONFIG_FILE = "round.yaml"
FORMS_DIR = "zelfevaluaties"
INTERVIEWS_DIR = "interviews"
ASSESSMENTS_DIR = "beoordeling"
TEXTS_DIR = "teksten"
INTERVIEW_READERS = {".md": read_interview, ".docx": read_interview_docx}


@dataclass
class RawRound:
    """Everything read from one round folder, with the file label of each part."""

    folder: Path
    config: RoundConfig
    config_source: YamlSource
    forms: list[tuple[str, FormAnswers]] = field(default_factory=list)
    interviews: list[tuple[str, InterviewNote]] = field(default_factory=list)
    assessments: list[tuple[str, Assessment, YamlSource]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    """Forms and interview notes that could not be read at all (wrong type, empty, corrupt)."""
    wederhoor: WederhoorInput | None = None
    """The folder wederhoor/ (drafts sent, forms returned, decisions); None when absent."""

    def label(self, path: Path) -> str:
        return path.relative_to(self.folder.parent).as_posix()


def read_round(folder: Path) -> tuple[RawRound | None, list[Problem]]:
    """Read config, forms, interview notes and assessments of the round in ``folder``."""
    folder = Path(folder)
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
    source, problems = read_yaml(folder / CONFIG_FILE, config_label)
    if source is None:
        return None, problems
    config, problems = parse_model(RoundConfig, source, config_label)
    if config is None:
        return None, problems
    raw = RawRound(folder, config, source)
    problems = []
    for path in _files(folder / FORMS_DIR):
        answers, found = read_form(path, raw.label(path), config)
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
        note, found = reader(path, raw.label(path), config)
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
        assessment_source, found = read_yaml(path, label)
        problems += found
        if assessment_source is None:
            continue
        assessment, found = parse_model(Assessment, assessment_source, label)
        problems += found
        if assessment is not None:
            raw.assessments.append((label, assessment, assessment_source))
    raw.wederhoor, found = read_wederhoor(folder / WEDERHOOR_DIR, raw.label)
    problems += found
    return raw, problems


def write_new_files(files: dict[Path, str]) -> list[Path]:
    """Write text files that must not exist yet: all of them, or none when one already exists."""
    refuse_existing(list(files))
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


def refuse_existing(paths: list[Path]) -> None:
    """InvalidRound naming every path that already exists: generated files never overwrite."""
    existing = [path for path in paths if path.exists()]
    if existing:
        raise InvalidRound(
            [
                Problem(
                    path.as_posix(),
                    "",
                    "",
                    "een bestand dat al bestaat",
                    "geen bestand op deze plek, want evaltools overschrijft nooit een bestaand "
                    "bestand; verplaats of verwijder het als u opnieuw wilt beginnen, of kies "
                    "met --out een andere map",
                )
                for path in existing
            ]
        )


def file_kind(path: Path) -> str:
    """A file's type as found in a message."""
    return (
        f"een bestand van het type '{path.suffix}'"
        if path.suffix
        else "een bestand zonder extensie"
    )


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))
