"""YAML files with the line of every value, so that messages can name the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from evaltools.inputs.problems import Problem
from evaltools.io.round_texts import decode_text

Location = tuple[str, ...]


class YamlSource:
    """A parsed YAML document and the line (1-based) where each value starts."""

    def __init__(self, data: Any, lines: dict[Location, int]):
        self.data = data
        self._lines = lines

    def line_of(self, location: tuple[Any, ...]) -> int | None:
        """The line of the deepest known part of ``location``."""
        key = tuple(str(part) for part in location)
        while key:
            if key in self._lines:
                return self._lines[key]
            key = key[:-1]
        return self._lines.get((), None)

    def place(self, location: tuple[Any, ...]) -> str:
        line = self.line_of(location)
        return f"regel {line}" if line else ""


def parse_yaml(
    text: str, file: str, first_line: int = 1
) -> tuple[YamlSource | None, list[Problem]]:
    """Parse YAML text that starts on ``first_line`` of ``file``.

    A syntax error becomes a Problem instead of an exception.
    """
    offset = first_line - 1
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f"regel {mark.line + 1 + offset}" if mark else ""
        reason = getattr(error, "problem", None) or str(error)
        return None, [Problem(file, place, "", f"ongeldige YAML ({reason})", "geldige YAML")]
    lines: dict[Location, int] = {}
    if node is not None:
        _walk(node, (), lines)
    lines = {key: line + offset for key, line in lines.items()}
    return YamlSource(data, lines), []


def read_yaml(path: Path, file: str) -> tuple[YamlSource | None, list[Problem]]:
    """Read and parse a YAML file; a missing or empty file is a Problem."""
    if not path.is_file():
        return None, [Problem(file, "", "", "geen bestand", f"het bestand {file}")]
    text, problem = decode_text(path.read_bytes(), file)
    if problem is not None:
        return None, [problem]
    if not text.strip():
        return None, [Problem(file, "", "", "een leeg bestand", "een ingevuld YAML-bestand")]
    return parse_yaml(text, file)


def _walk(node: yaml.Node, location: Location, lines: dict[Location, int]) -> None:
    lines[location] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*location, str(key_node.value))
            _walk(value_node, child, lines)
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*location, str(index)), lines)
