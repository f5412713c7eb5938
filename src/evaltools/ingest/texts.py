"""Rules for the round's texts (teksten/*.md): trusted Markdown that stays inside the round.

A round text may include only generated parts (``_generated/...``), show only images from the
generated tree, and link only to web pages (http, https) and e-mail (mailto) or inside the
report. Nothing in a text may make the build read a file elsewhere or fetch from the network.
Every rule returns problems with file and line; nothing is raised.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath

from evaltools.round.problems import Problem
from evaltools.tools import pandoc

# Where includes and images of a round text may point: the generated tree of the report.
GENERATED_PREFIX = "_generated/"
LINK_SCHEMES = ("http", "https", "mailto")
SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):")
# The include shortcode as the renderer resolves it (report/quarto.py): alone on its line.
INCLUDE = re.compile(r"^\{\{<\s*include\s+(?P<path>\S+)\s*>\}\}\s*$")
# A shortcode name starting like include but not matching the whole-line form (INCLUDE).
INCLUDE_ANYWHERE = re.compile(r"\{\{<\s*include\s+(?P<path>\S*)")


STUB_MARKER = "<!-- nieuwe-ronde: nog te schrijven -->"
"""First line of a text stub; ``check`` warns while it is still there."""


def text_problems(texts: Mapping[str, str], *, math: bool = False) -> list[Problem]:
    """Every problem in the round texts (label -> text already decoded)."""
    # the links and images of every text, read by one pandoc process
    _read_targets([text for text in texts.values() if _may_link(text)], math)
    problems: list[Problem] = []
    for label, text in texts.items():
        problems += include_problems(label, text)
        problems += target_problems(label, text, math=math)
    return problems


# The links and images of texts already read: (dialect, text) -> (kind, target) pairs. A
# text is read once per process (the preview checks every text after each save; most did not
# change). Bounded: the texts of a few rounds.
_TARGETS: dict[tuple[str, str], list[tuple[str, str]]] = {}
_TARGETS_KEPT = 2000


def _may_link(text: str) -> bool:
    return "](" in text or "<" in text or "]:" in text


def _read_targets(texts: list[str], math: bool) -> None:
    """Read the links and images of those ``texts`` not read before (one pandoc process)."""
    dialect = pandoc.markdown(math=math)
    unread = list(dict.fromkeys(t for t in texts if (dialect, t) not in _TARGETS))
    if not unread:
        return
    if len(_TARGETS) + len(unread) > _TARGETS_KEPT:
        # full: start again with these texts, so that none of them is read one by one later
        _TARGETS.clear()
        unread = list(dict.fromkeys(texts))
    trees = pandoc.convert_each(unread, "json", from_format=dialect)
    for text, tree in zip(unread, trees, strict=True):
        _TARGETS[(dialect, text)] = list(_targets(json.loads(tree)))


def include_problems(label: str, text: str) -> list[Problem]:
    """Includes must name a file of the generated tree by a relative path, never leave it."""
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in INCLUDE_ANYWHERE.finditer(line):
            path = match["path"]
            if not INCLUDE.match(line.strip()):
                problems.append(
                    Problem(
                        label,
                        f"regel {number}",
                        "include",
                        f"'{_clip(line.strip())}'",
                        "een include-shortcode alleen op een eigen regel: "
                        "{{< include _generated/parts/naam.md >}}",
                    )
                )
            elif not inside_generated(path):
                problems.append(
                    Problem(
                        label,
                        f"regel {number}",
                        "include",
                        f"'{_clip(path)}', een bestand buiten de gegenereerde onderdelen "
                        "van het rapport",
                        "een pad dat begint met _generated/ (bijv. _generated/parts/scores.md), "
                        "zonder '..' en niet absoluut; een tekst neemt nooit bestanden van "
                        "elders op",
                    )
                )
    return problems


def inside_generated(path: str) -> bool:
    """A relative POSIX path under the generated tree, without '..' or a drive or scheme."""
    if "\\" in path or SCHEME.match(path) or path.startswith(("/", "~")):
        return False
    parts = PurePosixPath(path).parts
    return path.startswith(GENERATED_PREFIX) and ".." not in parts and len(parts) > 1


def target_problems(label: str, text: str, *, math: bool = False) -> list[Problem]:
    """Images and links as pandoc reads them (so every Markdown form is seen)."""
    if not _may_link(text):
        return []  # no link or image syntax at all: spare the pandoc run
    _read_targets([text], math)
    problems = []
    lines = text.splitlines()
    for kind, target in _TARGETS[(pandoc.markdown(math=math), text)]:
        scheme = SCHEME.match(target)
        if kind == "Image" and not inside_generated(target):
            found = (
                f"een afbeelding van internet ('{_clip(target)}')"
                if scheme
                else f"een afbeelding buiten de ronde ('{_clip(target)}')"
            )
            problems.append(
                Problem(
                    label,
                    _line_of(lines, target),
                    "afbeelding",
                    found,
                    "een figuur uit het rapport zelf (_generated/figures/...); het rapport haalt "
                    "niets van internet of van elders op de computer",
                )
            )
        elif kind == "Link" and scheme and scheme["scheme"].lower() not in LINK_SCHEMES:
            problems.append(
                Problem(
                    label,
                    _line_of(lines, target),
                    "link",
                    f"een link van het soort '{scheme['scheme']}:' ('{_clip(target)}')",
                    "een link naar een webpagina (https://...), een e-mailadres (mailto:...) "
                    "of een plek in het rapport (#sec-...)",
                )
            )
    return problems


def _targets(node: object) -> Iterator[tuple[str, str]]:
    """(Link|Image, target) of every link and image in a pandoc JSON AST."""
    if isinstance(node, dict):
        if node.get("t") in ("Link", "Image"):
            target = node["c"][2][0]
            yield node["t"], target
        for value in node.values():
            yield from _targets(value)
    elif isinstance(node, list):
        for value in node:
            yield from _targets(value)


def _line_of(lines: list[str], target: str) -> str:
    """'regel N' of the first line that holds ``target`` (as written or percent-decoded)."""
    from urllib.parse import unquote

    for wanted in (target, unquote(target), target[:20]):
        for number, line in enumerate(lines, 1):
            if wanted and wanted in line:
                return f"regel {number}"
    return ""


def locate_in_texts(texts: Mapping[str, str], needle: str) -> tuple[str, str] | None:
    """(file, 'regel N') of the first round-text line containing ``needle``."""
    for label, text in texts.items():
        for number, line in enumerate(text.splitlines(), 1):
            if needle in line:
                return label, f"regel {number}"
    return None


def _clip(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
