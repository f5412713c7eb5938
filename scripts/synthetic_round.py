"""Make a valid synthetic round of N hubs from the shapes of the sample round.

    .venv/bin/python scripts/synthetic_round.py 100 /tmp/rounds/synth-100

Hub i is a copy of sample hub ``i mod 7`` under the id ``h001``…, named after a Dutch town
(``Technohub Assen``, place ``Assen``; past the end of the list with a number), or with
``--genummerd`` ``Technohub 001``… (names with digits, which a privacy scan must not take for a
phone number): its zelfevaluatie answers, interview note and assessment are the sample hub's
with the id and the evidence ids changed, so the round validates and every table, figure and
appendix grows with N. The budget lines that count hubs per contribution count the generated
hubs. The forms are written and filled by the project's own form code. Events keep their
dates and lose their hub links. Used by ``scripts/benchmark.py``; nothing here is test data.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# the form filler is the tests' own (tests/support/forms.py); first on the path, before any other
# package named tests
sys.path.insert(0, str(ROOT))

from tests.support.forms import make_filled_forms  # noqa: E402

SAMPLE = ROOT / "data" / "raw" / "2026-tussentijds"
ANSWERS = ROOT / "scripts" / "sample_round" / "zelfevaluaties"
# Towns for plausible hub names (a regional scheme names a hub after its town).
TOWNS = str.split("""
Alkmaar Almelo Almere Alphen Amersfoort Apeldoorn Arnhem Assen Bergen Best Boxtel Breda Bussum
Culemborg Delft Deventer Dieren Doetinchem Dordrecht Drachten Dronten Ede Eindhoven Emmen
Enschede Goes Gorinchem Gouda Groningen Haarlem Harderwijk Heerenveen Heerlen Helmond Hengelo
Hilversum Hoogeveen Hoorn Houten Kampen Katwijk Leeuwarden Leiden Lelystad Maastricht Meppel
Middelburg Nijmegen Nijverdal Oldenzaal Oss Purmerend Roermond Roosendaal Schagen Sittard Sneek
Steenwijk Terneuzen Tiel Tilburg Uden Utrecht Veendam Veenendaal Veghel Velp Venlo Venray
Vlaardingen Vlissingen Waalwijk Wageningen Weert Winterswijk Zaandam Zeist Zevenaar Zoetermeer
Zutphen Zwijndrecht Aalsmeer Barneveld Beverwijk Bolsward Coevorden Dokkum Elburg Emmeloord Epe
Franeker Gemert Geldrop Hardenberg Harlingen Heemskerk Heiloo Lochem Nunspeet Ommen Raalte
""")


def _retag(text: str, old: str, new: str) -> str:
    """Replace a hub id where it stands as an id: ``hub: x`` and inside evidence ids."""
    text = re.sub(rf"(?m)^hub: {re.escape(old)}$", f"hub: {new}", text)
    return re.sub(rf"\b(ze|iv)-{re.escape(old)}-", rf"\1-{new}-", text)


def _renamed(text: str, model: dict, hub: dict) -> str:
    """The model hub's name and short name in a copied text become the new hub's."""
    text = text.replace(model["naam"], hub["naam"])
    short = model.get("korte_naam")
    if short:
        text = re.sub(rf"\b{re.escape(short)}\b", hub.get("korte_naam", hub["naam"]), text)
    return text


def hub_names(i: int, numbered: bool = False) -> dict[str, str]:
    """Name, short name and place of generated hub ``i`` (from 1)."""
    if numbered:
        return {"naam": f"Technohub {i:03d}"}
    town = TOWNS[(i - 1) % len(TOWNS)]
    cycle = (i - 1) // len(TOWNS)
    short = town if cycle == 0 else f"{town} {cycle + 1}"
    return {"naam": f"Technohub {short}", "korte_naam": short, "plaats": town}


def make_round(
    hubs: int, target: Path, round_id: str | None = None, numbered: bool = False
) -> Path:
    """Write a round of ``hubs`` taking-part hubs to ``target`` (which must not exist)."""
    round_id = round_id or target.name
    config = yaml.safe_load((SAMPLE / "round.yaml").read_text(encoding="utf-8"))
    sample_hubs = [hub for hub in config["hubs"] if hub["status"] == "deelnemend"]
    (target / "zelfevaluaties").mkdir(parents=True)
    (target / "interviews").mkdir()
    (target / "beoordeling").mkdir()
    shutil.copytree(SAMPLE / "teksten", target / "teksten")
    new_hubs = []
    with tempfile.TemporaryDirectory() as answers:
        for i in range(1, hubs + 1):
            model = sample_hubs[(i - 1) % len(sample_hubs)]
            hub_id = f"h{i:03d}"
            new_hubs.append(
                {
                    **{
                        k: v
                        for k, v in model.items()
                        if k not in ("id", "naam", "korte_naam", "plaats")
                    },
                    "id": hub_id,
                    **hub_names(i, numbered),
                }
            )
            old = model["id"]
            for source, folder in (
                (ANSWERS / f"{old}.yaml", Path(answers)),
                (SAMPLE / "interviews" / f"{old}.md", target / "interviews"),
                (SAMPLE / "beoordeling" / f"{old}.yaml", target / "beoordeling"),
            ):
                text = _renamed(
                    _retag(source.read_text(encoding="utf-8"), old, hub_id), model, new_hubs[-1]
                )
                (folder / f"{hub_id}{source.suffix}").write_text(text, encoding="utf-8")
        config["ronde"] = round_id
        config["hubs"] = new_hubs
        per_amount = Counter(hub["bedrag"] for hub in new_hubs)
        for line in config.get("regeling", {}).get("budgetregels", []):
            if "aantal" in line:  # a line per hub counts the hubs with that contribution
                line["aantal"] = per_amount.get(line["bedrag"], 0)
        config["evenementen"] = [
            {**event, "hubs": []}
            for event in config.get("evenementen", [])
            if event.get("soort") != "interview"
        ]
        (target / "round.yaml").write_text(
            yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        make_filled_forms(target, Path(answers))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("hubs", type=int)
    parser.add_argument("target", type=Path, help="nieuwe rondemap (naam = ronde-id)")
    parser.add_argument(
        "--genummerd",
        action="store_true",
        help="namen met nummers (Technohub 001…) in plaats van plaatsnamen",
    )
    args = parser.parse_args()
    print(f"Geschreven: {make_round(args.hubs, args.target, numbered=args.genummerd)}")


if __name__ == "__main__":
    main()
