"""``evaltools nieuwe-ronde``: a new round from the previous one.

Steps, in order:

1. refuse round ids that are not safe folder names;
2. read and validate the previous round's round.yaml;
3. derive the new round.yaml (what carries over, what is left empty) and a stub per text;
   copy the word list of the spelling check and the cover's logos as they are;
4. write them, or nothing when a file of the new round already exists.
"""

from __future__ import annotations

from pathlib import Path

from evaltools.ingest.raw_round import CONFIG_FILE, TEXTS_DIR, symlink_problems
from evaltools.new_round.config import new_round_config, text_stub
from evaltools.round.input_files import read_text
from evaltools.round.models import RoundConfig, parse_model
from evaltools.round.new_files import write_new_files
from evaltools.round.paths import WORD_LIST, id_problem
from evaltools.round.problems import InvalidRound
from evaltools.round.yaml_source import read_yaml


def create_new_round(raw_root: Path, round_id: str, previous_id: str) -> list[Path]:
    """Write ``<raw_root>/<round_id>/round.yaml`` and text stubs from the previous round.

    The previous round's configuration must be valid (its problems come back as InvalidRound);
    nothing is written when a file of the new round already exists.
    """
    bad = [
        problem
        for problem in (
            id_problem(round_id, "ronde"),
            id_problem(previous_id, "vorige ronde"),
        )
        if problem is not None
    ]
    if bad:
        raise InvalidRound(bad)
    previous = Path(raw_root) / previous_id
    label = f"{previous_id}/{CONFIG_FILE}"
    source, problems = read_yaml(previous / CONFIG_FILE, label)
    if source is None:
        raise InvalidRound(problems)
    _, problems = parse_model(RoundConfig, source, label)
    if problems:
        raise InvalidRound(problems)
    target = Path(raw_root) / round_id
    previous_text, problems = read_text(previous / CONFIG_FILE, label)
    if previous_text is None:
        raise InvalidRound(problems)
    files: dict[Path, str | Path] = {
        target / CONFIG_FILE: new_round_config(previous_text, round_id, previous_id)
    }
    problems = symlink_problems(previous)
    texts = previous / TEXTS_DIR
    for path in sorted(texts.rglob("*.md")) if texts.is_dir() else []:
        if path.is_symlink():
            continue
        relative = path.relative_to(texts)
        text, found = read_text(path, f"{previous_id}/{TEXTS_DIR}/{relative.as_posix()}")
        problems += found
        if text is not None:
            files[target / TEXTS_DIR / relative] = text_stub(text, previous_id)
    for logo in source.data.get("logos") or []:  # the cover's images, named in round.yaml
        name = logo.get("bestand") if isinstance(logo, dict) else None
        logo_path = previous / str(name) if name else None
        if logo_path is not None and logo_path.is_file() and not logo_path.is_symlink():
            files[target / str(name)] = logo_path
    words = previous / WORD_LIST
    if words.is_file() and not words.is_symlink():
        text, found = read_text(words, f"{previous_id}/{WORD_LIST}")
        problems += found
        if text is not None:
            files[target / WORD_LIST] = text
    if problems:
        raise InvalidRound(problems)
    return write_new_files(files)
