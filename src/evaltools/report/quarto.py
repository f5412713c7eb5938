"""The parts of Quarto our renderer needs: includes, embeds, ``var`` shortcodes, heading shifts.

Pure functions; reading files is left to the caller through a ``read`` function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from evaltools.round.errors import EvaltoolsError

INCLUDE = re.compile(r"^\{\{<\s*include\s+(?P<path>\S+)\s*>\}\}\s*$", re.MULTILINE)
# Quarto's embed shortcode: the outputs of the cell labelled <label> in an executed notebook.
EMBED = re.compile(
    r"^\{\{<\s*embed\s+(?P<path>[^#\s]+\.ipynb)#(?P<label>[\w-]+)\s*>\}\}\s*$", re.MULTILINE
)
CELL_OPTION = re.compile(r"^#\|\s*(?P<key>[\w-]+)\s*:\s*(?P<value>.*?)\s*$")
VAR = re.compile(r"\{\{<\s*var\s+(?P<name>[\w.-]+)\s*>\}\}")
HEADING = re.compile(r"^(?P<hashes>#{1,6})(?P<rest>\s.*)$")
# Where a round text wants a generated part: <!-- tabel: typologie --> (also lijst:, figuur:).
PLACEMENT = re.compile(
    r"^<!--\s*(?:tabel|lijst|figuur)\s*:\s*(?P<name>[\w-]+)\s*-->\s*$", re.MULTILINE
)
# Where a generated part takes an optional round text: <!-- tekst: bevindingen/bedrijven -->.
TEXT_SLOT = re.compile(r"^<!--\s*tekst\s*:\s*(?P<name>[\w/-]+)\s*-->[ \t]*$", re.MULTILINE)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


class ShortcodeError(EvaltoolsError, ValueError):
    """A shortcode that cannot be resolved; the message says where and what to do."""


def include_sites(source: str) -> list[tuple[str, int]]:
    """(included path, heading level in force at the include) for every include in ``source``."""
    sites, level = [], 0
    for line in source.splitlines():
        heading = HEADING.match(line)
        if heading:
            level = len(heading["hashes"])
        include = INCLUDE.match(line)
        if include:
            sites.append((include["path"], level))
    return sites


def shift_headings(text: str, by: int, numbered: bool = False) -> str:
    """Move every heading of a round text ``by`` levels down; unless ``numbered``, mark it
    unnumbered.

    A text included under a chapter (``by`` 1) tells its story in unnumbered sections, as the
    reference report does in its first chapters; one included under a numbered section
    (``by`` 2 or more, e.g. 4.2 Aanbevelingen) has numbered subsections (4.2.1, 4.2.2).
    """
    lines, fenced = [], False
    for line in text.splitlines():
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        heading = None if fenced else HEADING.match(line)
        if heading:
            level = min(len(heading["hashes"]) + by, 6)
            rest = heading["rest"].rstrip()
            attributes = " {.unnumbered}" if not numbered and not rest.endswith("}") else ""
            line = "#" * level + rest + attributes
        lines.append(line)
    return "\n".join(lines) + "\n"


def resolve_includes(source: str, read: Callable[[str], str], depth: int = 0) -> str:
    """Replace each include shortcode with the file's text (read by ``read``), recursively."""
    if depth > 5:
        raise ShortcodeError("Te diep geneste include-shortcodes (meer dan 5 niveaus).")
    return INCLUDE.sub(lambda m: resolve_includes(read(m["path"]), read, depth + 1), source)


def resolve_vars(text: str, variables: Mapping[str, Any]) -> str:
    """Replace ``{{< var a.b >}}`` with the value of a.b; an unknown name is an error."""
    unknown = sorted(
        {m["name"] for m in VAR.finditer(text) if _lookup(variables, m["name"]) is None}
    )
    if unknown:
        raise ShortcodeError(
            "Onbekende variabele(n) in de rapportteksten: "
            + ", ".join(unknown)
            + ". Gebruik een naam uit data/processed/<ronde>/quarto/_variables.yml (elke render "
            "schrijft daar alle namen)."
        )
    return VAR.sub(lambda m: str(_lookup(variables, m["name"])), text)


def unknown_vars(text: str, variables: Mapping[str, Any]) -> list[str]:
    """The names of ``{{< var >}}`` shortcodes in ``text`` that ``variables`` lacks."""
    return sorted({m["name"] for m in VAR.finditer(text) if _lookup(variables, m["name"]) is None})


CROSSREF_PREFIXES = ("sec-", "tbl-", "fig-")


def unknown_references(ast: Any) -> list[str]:
    """Cross-references (@sec-/@tbl-/@fig-) in a pandoc JSON AST that point at no element."""
    ids: set[str] = set()
    cited: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            kind = node.get("t")
            content: Any = node.get("c")  # pandoc JSON: what ``kind`` says
            if kind == "Cite":
                cited.extend(c["citationId"] for c in content[0])
            attr = _attr_of(kind, content)
            if attr:
                ids.add(attr)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(ast)
    return sorted(
        {c for c in cited if c.startswith(CROSSREF_PREFIXES) and c not in ids},
    )


def _attr_of(kind: Any, content: Any) -> str | None:
    """The identifier of an element that carries an Attr (headers, divs, tables, figures)."""
    positions = {"Header": 1, "Div": 0, "Table": 0, "Figure": 0, "Span": 0, "CodeBlock": 0}
    positions |= {"Image": 0, "Link": 0}
    if kind not in positions or not isinstance(content, list):
        return None
    attr = content[positions[kind]]
    if isinstance(attr, list) and attr and isinstance(attr[0], str):
        return attr[0] or None
    return None


def _lookup(variables: Mapping[str, Any], name: str) -> Any:
    value: Any = variables
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def place_parts(text: str, available: Mapping[str, str]) -> tuple[str, list[str]]:
    """Turn placement comments into embed shortcodes; drop other comments (author notes).

    ``available`` maps a part's name (the label of the notebook cell that makes it) to the
    notebook's path as the shortcode writes it. Returns the text and the names of placed parts
    that do not exist (yet).
    """
    missing: list[str] = []

    def replace(match: re.Match) -> str:
        name = match["name"]
        if name in available:
            return embed_shortcode(available[name], name)
        missing.append(name)
        return (
            "::: {.callout-warning}\n## Onderdeel ontbreekt {.unnumbered .unlisted}\n\n"
            f"Het gegenereerde onderdeel '{name}' bestaat (nog) niet in de analyse.\n:::"
        )

    text = PLACEMENT.sub(replace, text)
    return COMMENT.sub("", text), missing


def fill_text_slots(text: str, texts: Mapping[str, str]) -> str:
    """Put optional round texts into a generated part's slots; a slot without text vanishes."""
    return TEXT_SLOT.sub(lambda m: texts.get(m["name"], "").strip(), text)


def embed_shortcode(notebook: str, label: str) -> str:
    """Quarto's shortcode for the outputs of the cell labelled ``label`` in ``notebook``."""
    return f"{{{{< embed {notebook}#{label} >}}}}"


def cell_label(source: str) -> str | None:
    """The ``#| label:`` option of a notebook cell's source (Quarto's cell options), if any."""
    for line in source.splitlines():
        option = CELL_OPTION.match(line)
        if option is None:
            break
        if option["key"] == "label":
            return option["value"].strip("'\"")
    return None


def join_path(folder: str, path: str) -> str:
    """``path`` as Quarto resolves it in a file in ``folder``: ``/x`` from the project root."""
    if path.startswith("/"):
        return path.lstrip("/")
    parts: list[str] = [p for p in folder.split("/") if p]
    for part in path.split("/"):
        if part == "..":
            if not parts:
                raise ShortcodeError(f"Het pad {path} wijst buiten het Quarto-project.")
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def expand(
    name: str,
    read: Callable[[str], str],
    embed: Callable[[str, str], str | None],
    depth: int = 0,
) -> str:
    """The text of project file ``name`` with every include and embed shortcode resolved.

    Includes and embeds resolve from the folder of the file that holds them (a path starting
    with ``/`` from the project root). ``embed(notebook, label)`` gives a cell's Markdown output,
    or None when the notebook has no cell with that label: then the error names file and line.
    """
    if depth > 5:
        raise ShortcodeError(f"{name}: te diep geneste include-shortcodes (meer dan 5 niveaus).")
    folder = name.rpartition("/")[0]
    lines = []
    for number, line in enumerate(read(name).splitlines(), 1):
        include, embedded = INCLUDE.match(line), EMBED.match(line)
        if include:
            line = expand(join_path(folder, include["path"]), read, embed, depth + 1).rstrip("\n")
        elif embedded:
            notebook = join_path(folder, embedded["path"])
            output = embed(notebook, embedded["label"])
            if output is None:
                raise ShortcodeError(
                    f"{name}, regel {number}: de embed-shortcode verwijst naar cel "
                    f"'{embedded['label']}' in {notebook}, maar dat notebook heeft geen cel met "
                    "dat label (#| label: ...) en Markdown-uitvoer. Controleer de naam, of draai "
                    "'evaltools analyse' opnieuw."
                )
            line = output.rstrip("\n")
        lines.append(line)
    return "\n".join(lines) + "\n"
