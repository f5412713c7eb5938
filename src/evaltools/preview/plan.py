"""What a change touches, and what the preview's page adds to the rendered HTML (pure).

The stages a changed file reruns, by where it lies (paths relative to the project):

- ``data/raw/<ronde>/teksten/``, ``report/``: the render only (it reads and checks the texts
  itself; no table and no notebook reads them);
- ``notebooks/<analyse>.ipynb``: the analysis (which reuses every run whose notebook, code and
  declared tables are unchanged), then the render;
- anything else of the round (round.yaml, forms, notes, assessments, wederhoor, decisions) and
  ``notebooks/ingest.ipynb``: validation and tables (ingest, which reparses only changed
  files), the analysis (only the runs that read a changed table: the runs' keys hold the
  tables they declare), the render.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass

# the script the served page gets (never the file on disk): it asks the server for the
# preview's version and reloads the page when a newer render (or a problem) is there
VERSION_PATH = "/_voorbeeld/versie"
POLL_MS = 300
PROBLEMS_ID = "evaltools-voorbeeld-problemen"


@dataclass(frozen=True)
class Plan:
    """The stages one batch of changes reruns, in pipeline order."""

    ingest: bool = False
    analyse: bool = False
    render: bool = False

    def __or__(self, other: Plan) -> Plan:
        return Plan(
            self.ingest or other.ingest,
            self.analyse or other.analyse,
            self.render or other.render,
        )

    @property
    def stages(self) -> list[str]:
        return [name for name in ("ingest", "analyse", "render") if getattr(self, name)]


EVERYTHING = Plan(ingest=True, analyse=True, render=True)


def plan_for(round_id: str, changed: Iterable[str]) -> Plan:
    """The stages that ``changed`` (POSIX paths relative to the project) make out of date."""
    plan = Plan()
    raw = f"data/raw/{round_id}/"
    for path in changed:
        if path.startswith(f"{raw}teksten/") or path.startswith("report/"):
            plan |= Plan(render=True)
        elif path == "notebooks/ingest.ipynb" or path.startswith(raw):
            plan |= EVERYTHING
        elif path.startswith("notebooks/"):
            plan |= Plan(analyse=True, render=True)
    return plan


def reload_script(version: int) -> str:
    """The script that reloads the page when the preview's version is no longer ``version``."""
    return (
        "<script>/* evaltools voorbeeld: alleen in de getoonde pagina, niet in het bestand */\n"
        f"(function(){{var v={json.dumps(version)};setInterval(function(){{"
        f"fetch('{VERSION_PATH}',{{cache:'no-store'}}).then(function(r){{return r.json()}})"
        ".then(function(s){if(s.versie!==v){location.reload()}}).catch(function(){})"
        f"}},{POLL_MS})}})();\n</script>"
    )


def problems_banner(problems: str) -> str:
    """The Dutch problem list above the last good preview (its text escaped, never markup)."""
    return (
        # fixed: out of the page's own layout (a grid, a column), whatever the template does
        f'<div id="{PROBLEMS_ID}" role="alert" style="position:fixed;top:0;left:0;right:0;'
        "z-index:9999;box-shadow:0 2px 8px rgba(0,0,0,.25);"
        "background:#fff3cd;color:#3d2e00;border-bottom:3px solid #b58100;padding:1em 1.5em;"
        'font:15px/1.4 sans-serif;max-height:50vh;overflow:auto">'
        "<strong>Het voorbeeld is niet bijgewerkt: los deze problemen op en sla het bestand "
        "opnieuw op. Hieronder staat het laatste goede voorbeeld.</strong>"
        f'<pre style="white-space:pre-wrap;font:14px/1.4 monospace">{html.escape(problems)}</pre>'
        "</div>"
    )


def served_page(page: str, version: int, problems: str | None) -> str:
    """``page`` as the browser gets it: the reload script, and the problems when there are."""
    banner = problems_banner(problems) if problems else ""
    at = page.find("<body")
    if banner and at >= 0:
        start = page.find(">", at) + 1
        page = page[:start] + banner + page[start:]
    end = page.rfind("</body>")
    script = reload_script(version)
    return page[:end] + script + page[end:] if end >= 0 else page + script


def waiting_page(version: int, problems: str | None, edition: str) -> str:
    """The page shown before the first good render of ``edition`` (or while it is made)."""
    text = "" if problems else f"<p>Het voorbeeld van de {edition} wordt gemaakt…</p>"
    return served_page(
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>Voorbeeld</title></head><body>{text}</body></html>",
        version,
        problems,
    )
