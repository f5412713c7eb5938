"""Recreate the wederhoor of the sample round from wederhoor.yaml beside this script.

The drafts go out from the beoordeling as it stood before the consultants took a correction
over, so this script rebuilds that state in a scratch copy of the round (the texts under
'concept' in wederhoor.yaml), runs the real `evaltools wederhoor` there, and copies into
data/raw/2026-tussentijds/wederhoor/ the record of what was sent and the forms of the hubs
that responded, filled with their answers. besluiten.yaml is not touched. Run it only after
changing wederhoor.yaml, a statement of the sample round or the form layout:

    .venv/bin/python scripts/sample_round/make_wederhoor.py
"""

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml

from evaltools.ingest.wederhoor import SENT_FILE, WEDERHOOR_DIR, hub_statements
from evaltools.ingest.wederhoor_form import fill_response_form
from evaltools.round.models import Assessment
from evaltools.round.yaml_source import read_yaml
from evaltools.wederhoor.send import write_drafts

HERE = Path(__file__).parent
ROUND = HERE.parents[1] / "data" / "raw" / "2026-tussentijds"


def restore_draft_texts(folder: Path, texts: dict[str, str]) -> None:
    """Put the draft's text back in the scratch round's beoordelingen (comments are lost)."""
    from evaltools.new_round.forms import load_config

    config = load_config(folder)
    for path in sorted((folder / "beoordeling").glob("*.yaml")):
        source, _ = read_yaml(path, path.name)
        data = source.data
        assessment = Assessment.model_validate(data)
        changed = False
        for statement in hub_statements(assessment, config):
            if statement.id in texts:
                node = data
                for part in statement.location[:-1]:
                    node = node[part]
                node[statement.location[-1]] = texts[statement.id]
                changed = True
        if changed:
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


if __name__ == "__main__":
    plan = yaml.safe_load((HERE / "wederhoor.yaml").read_text(encoding="utf-8"))
    target = ROUND / WEDERHOOR_DIR
    with tempfile.TemporaryDirectory() as scratch:
        draft_round = Path(scratch) / ROUND.name
        shutil.copytree(ROUND, draft_round, ignore=shutil.ignore_patterns(WEDERHOOR_DIR))
        restore_draft_texts(draft_round, plan["concept"])
        sent = plan["verzonden"]
        if isinstance(sent, str):
            sent = dt.date.fromisoformat(sent)
        out = Path(scratch) / "uit"
        write_drafts(draft_round, out, sent)
        target.mkdir(exist_ok=True)
        shutil.copyfile(draft_round / WEDERHOOR_DIR / SENT_FILE, target / SENT_FILE)
        print(f"Geschreven: {target / SENT_FILE}")
        for hub, answers in plan["reacties"].items():
            form = target / f"{hub}.xlsx"
            shutil.copyfile(out / f"{hub}.xlsx", form)
            fill_response_form(
                form,
                {
                    statement: (
                        "ja" if row["feitelijk_onjuist"] in (True, "ja") else "nee",
                        " ".join(str(row.get("correctie", "")).split()),
                        " ".join(str(row.get("toelichting", "")).split()),
                    )
                    for statement, row in answers.items()
                },
            )
            print(f"Geschreven: {form}")
