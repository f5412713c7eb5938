"""The report read part by part gives the tree of one read of the whole (issue 27).

Real pandoc: each document is read whole and in parts (through a cache in a tmp folder), and
the trees must be equal, including where pandoc numbers across the document (a second heading
of one name, the note number of citations and footnotes).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaltools.report.render_cache import PartCache
from evaltools.report.render_parts import read_in_parts, split_parts, whole_needed
from evaltools.tools import pandoc

MARKDOWN = pandoc.markdown()

DOCUMENT = """---
# comment only
---

# Inleiding {#sec-inleiding}

Zie @sec-hubs en @tbl-x.[^een]

[^een]: Een voetnoot met @sec-inleiding.

## Bijeenkomsten

Tekst ^[een inline noot] en @sec-hubs.

::: {.notebook-cell href="x"}
:::

# Per Technohub {#sec-hubs}

## Bijeenkomsten

### Alpha

- een punt

```
# geen kop in code
```

::: {.callout-note}
# Kop in een kader

tekst
:::

### Alpha

Laatste @sec-inleiding.
"""


def _whole(text: str) -> dict:
    tree = pandoc.convert(text, "json", None, from_format=MARKDOWN, options=[], cwd=Path(), epoch=0)
    return json.loads(tree)


def _parts(text: str, folder: Path) -> tuple[dict, PartCache]:
    cache = PartCache(folder, MARKDOWN)
    tree = read_in_parts(text, cache.cached, cache.read, lambda t: pytest.fail("whole read"))
    return tree, cache


def test_split_parts_cuts_only_at_top_level_headings_and_joins_back() -> None:
    parts = split_parts(DOCUMENT)
    assert "".join(parts) == DOCUMENT
    firsts = [part.lstrip("\n").splitlines()[0] for part in parts[1:]]
    assert firsts == [
        "# Inleiding {#sec-inleiding}",
        "## Bijeenkomsten",
        "# Per Technohub {#sec-hubs}",
        "## Bijeenkomsten",
        "### Alpha",
        "### Alpha",
    ]


def test_parts_read_apart_give_the_whole_tree(tmp_path: Path) -> None:
    tree, cache = _parts(DOCUMENT, tmp_path)
    assert cache.read_count == len(split_parts(DOCUMENT))
    assert tree == _whole(DOCUMENT)
    # a second read takes every part from the cache, and gives the same tree
    again, cache = _parts(DOCUMENT, tmp_path)
    assert cache.read_count == 0
    assert again == _whole(DOCUMENT)


def test_a_changed_part_is_the_only_one_read_again(tmp_path: Path) -> None:
    _parts(DOCUMENT, tmp_path)
    changed = DOCUMENT.replace("- een punt", "- een ander punt, met @sec-hubs")
    tree, cache = _parts(changed, tmp_path)
    assert cache.read_count == 1
    assert tree == _whole(changed)
    cache.prune()
    assert len(list((tmp_path / ".cache" / "onderdelen").glob("*.json"))) == len(
        split_parts(changed)
    )


@pytest.mark.parametrize(
    "text",
    [
        "# A\n\nZie [de site].\n\n# B\n\n[de site]: https://example.org\n",
        "# A\n\nZie[^n].\n\n# B\n\n[^n]: noot\n",
        "# A\n\n(@) een voorbeeld\n\n# B\n\ntekst\n",
        "# Achtergrond\n\ntekst\n\n# B\n\nZie [Achtergrond].\n",
    ],
)
def test_parts_that_refer_to_each_other_are_read_whole(text: str) -> None:
    assert whole_needed(split_parts(text))


def test_explicit_links_and_own_definitions_do_not_need_a_whole_read() -> None:
    text = "# A\n\nZie [a](#sec-a) en[^n].\n\n[^n]: noot\n\n# B\n\nZie [A](#a).\n"
    assert not whole_needed(split_parts(text))
