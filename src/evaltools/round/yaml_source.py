"""YAML files with the line of every value, so that messages can name the line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from evaltools.round.input_files import read_text
from evaltools.round.problems import Problem

Location = tuple[str, ...]

MAX_ALIASES = 50
"""YAML aliases (``*name``) allowed in one document; a 'billion laughs' needs far more."""
MAX_DEPTH = 40
"""Nesting depth allowed in one document; real inputs need fewer than ten levels."""
MAX_NODES = 100_000
"""Values in one document with every alias expanded."""


class _LimitExceeded(yaml.YAMLError):
    def __init__(self, found: str, expected: str, mark: yaml.Mark | None, field: str = ""):
        super().__init__(found)
        self.found, self.expected, self.problem_mark = found, expected, mark
        self.field = field


def _refuse_duplicate_keys(root: yaml.Node, offset: int) -> None:
    """A key written twice in one mapping: YAML would silently keep the last value.

    Keys brought in by a merge (``<<: *anchor``) may be overridden, as YAML intends; a key the
    file itself writes twice says two things, so both lines are named and nothing is read.
    """
    seen_nodes: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], yaml.Node] = {}
            for key_node, value_node in node.value:
                stack.append(value_node)
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                    continue
                key = (key_node.tag, key_node.value)
                if key in first:
                    line = first[key].start_mark.line + 1 + offset
                    again = key_node.start_mark.line + 1 + offset
                    raise _LimitExceeded(
                        f"de sleutel '{key_node.value}' twee keer: op regel {line} en op "
                        f"regel {again}",
                        "elke sleutel één keer per niveau; houd de juiste waarde en verwijder "
                        "de andere regel",
                        key_node.start_mark,
                        key_node.value,
                    )
                first[key] = key_node
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that stops at too many aliases, too deep nesting or an impossible date."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    # The signature of Composer.compose_node in types-PyYAML (PyYAML passes a sequence item's
    # position, or a mapping value's key node, as ``index``; it is only handed on).
    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _LimitExceeded(
                    f"meer dan {MAX_ALIASES} verwijzingen (YAML-aliassen '*')",
                    "gewone YAML zonder verwijzingen (ankers '&' en aliassen '*'); schrijf "
                    "de waarden uit",
                    self.peek_event().start_mark,
                )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _LimitExceeded(
                    f"meer dan {MAX_DEPTH} niveaus van nesting",
                    "een bestand met de opbouw van het voorbeeld (hooguit enkele niveaus diep)",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> dt.date:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise _LimitExceeded(
                f"de datum '{node.value}', die niet bestaat ({_date_reason(error)})",
                "een bestaande datum als JJJJ-MM-DD",
                node.start_mark,
            ) from None


_BoundedLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _BoundedLoader.construct_yaml_timestamp
)


def _date_reason(error: ValueError) -> str:
    text = str(error)
    if "day" in text:
        return "die dag heeft de maand niet"
    if "month" in text:
        return "die maand bestaat niet"
    return "ongeldige datum"


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values the document holds with every alias expanded (memoised per node)."""
    key = id(node)
    if key not in sizes:
        sizes[key] = 0  # a recursive alias counts once
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(_expanded_size(v, sizes) + 1 for _, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(_expanded_size(v, sizes) for v in node.value)
        else:
            total = 1
        sizes[key] = min(total, MAX_NODES + 1)
    return sizes[key]


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
        loader = _BoundedLoader(text)
    except yaml.reader.ReaderError as error:
        # a control character: the reader refuses the text before any parsing
        return None, [_control_character(error, text, file, offset)]
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            raise _LimitExceeded(
                f"meer dan {MAX_NODES} waarden (met alle verwijzingen uitgeschreven)",
                "een bestand met de opbouw van het voorbeeld",
                node.start_mark,
            )
        if node is not None:
            _refuse_duplicate_keys(node, offset)
        data = loader.construct_document(node) if node is not None else None
    except _LimitExceeded as error:
        mark = error.problem_mark
        place = f"regel {mark.line + 1 + offset}" if mark else ""
        return None, [Problem(file, place, error.field, error.found, error.expected)]
    except yaml.reader.ReaderError as error:
        return None, [_control_character(error, text, file, offset)]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f"regel {mark.line + 1 + offset}" if mark else ""
        reason = getattr(error, "problem", None) or str(error)
        return None, [Problem(file, place, "", f"ongeldige YAML ({reason})", "geldige YAML")]
    except RecursionError:
        return None, [
            Problem(
                file, "", "", "te diep geneste YAML", "een bestand met de opbouw van het voorbeeld"
            )
        ]
    finally:
        loader.dispose()
    lines: dict[Location, int] = {}
    if node is not None:
        _walk(node, (), lines)
    lines = {key: line + offset for key, line in lines.items()}
    return YamlSource(data, lines), []


def _control_character(error: yaml.reader.ReaderError, text: str, file: str, offset: int):
    line = text[: max(error.position, 0)].count("\n") + 1 + offset
    code = ord(error.character) if isinstance(error.character, str) else error.character
    return Problem(
        file,
        f"regel {line}",
        "",
        f"een stuurteken (U+{code:04X}) dat in YAML niet mag",
        "gewone tekst; typ de regel opnieuw of verwijder het onzichtbare teken",
    )


def load_value(text: str) -> Any:
    """One YAML value (a line of a Word note's front matter) with the same limits as a file.

    Raises yaml.YAMLError for anything that is not a plain, bounded value (also an impossible
    date), so that the caller can take the text as written.
    """
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            raise _LimitExceeded("te veel waarden", "", node.start_mark)
        if node is not None:
            _refuse_duplicate_keys(node, 0)
        return loader.construct_document(node) if node is not None else None
    except RecursionError as error:
        raise yaml.YAMLError("te diep genest") from error
    finally:
        loader.dispose()


def read_yaml(path: Path, file: str) -> tuple[YamlSource | None, list[Problem]]:
    """Read and parse a YAML file; a missing or empty file is a Problem."""
    if not path.is_file():
        return None, [Problem(file, "", "", "geen bestand", f"het bestand {file}")]
    text, problems = read_text(path, file)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(file, "", "", "een leeg bestand", "een ingevuld YAML-bestand")]
    return parse_yaml(text, file)


def _walk(node: yaml.Node, location: Location, lines: dict[Location, int]) -> None:
    if len(location) > MAX_DEPTH:  # only through a recursive alias
        return
    lines[location] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*location, str(key_node.value))
            _walk(value_node, child, lines)
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*location, str(index)), lines)
