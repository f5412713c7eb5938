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

With ``--aan-de-grenzen`` every form is filled up to the limits of ``evaltools.round.limits``
(each sheet to its last allowed row, one cell at the longest allowed text, the whole form just
under its character limit): the round that ``scripts/benchmark_limits.py`` builds, with
``MAX_HUBS`` hubs.
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


# Filler text: Dutch words (the spelling check reads them), no names, no numbers.
_WORDS = str.split(
    "de hub werkt met bedrijven en onderwijs aan een programma voor robotisering en "
    "digitalisering waarin studenten docenten en medewerkers samen leren en experimenteren"
)


def _filler(length: int, start: int = 0) -> str:
    """A sentence of exactly ``length`` characters from :data:`_WORDS`."""
    words: list[str] = []
    size = 0
    index = start
    while size < length:
        word = _WORDS[index % len(_WORDS)]
        words.append(word)
        size += len(word) + 1
        index += 1
    text = " ".join(words)[: length - 1].rstrip()
    return (text + "." * length)[:length]


def at_limits(answers: dict) -> dict:
    """A hub's answers filled to the limits of a form: every sheet to its last allowed row,
    the first criterion's strengths at the longest allowed cell, the rest of the text spread
    so that the form stays just under its character limit (the template's own text counted
    as :data:`TEMPLATE_CHARS`)."""
    from evaltools.round.limits import MAX_CELL_CHARS, MAX_FORM_CHARS, MAX_SHEET_ROWS

    rows = MAX_SHEET_ROWS - 1  # the header is a row
    criteria = dict(answers.get("criteria", {}))
    first = next(iter(criteria))
    # as many bullets as before (each is evidence an assessment cites), the cell at its limit
    bullets = max(1, str(criteria[first].get("sterktes", "")).count("- "))
    size = MAX_CELL_CHARS // bullets
    text = "\n".join(f"- {_filler(size - 3, n)}" for n in range(bullets))
    criteria[first] = {**criteria[first], "sterktes": text + "." * (MAX_CELL_CHARS - len(text))}
    fixed = (
        TEMPLATE_CHARS
        + MAX_CELL_CHARS
        + sum(
            len(str(value)) for key, c in criteria.items() if key != first for value in c.values()
        )
        + sum(len(str(value)) for value in criteria[first].values())
    )
    # per row: goal (+ status, about 9) + explanation + proof; KPI name, unit, three numbers
    # (3 characters), note; one wish
    per_row = (MAX_FORM_CHARS - fixed) // rows - 1
    goal, explanation, proof = per_row * 2 // 10, per_row * 2 // 10, per_row // 10
    kpi, note = per_row // 10, per_row // 10
    wish = per_row - (goal + 9 + explanation + proof) - (kpi + 6 + 3 + note)
    return {
        **answers,
        "criteria": criteria,
        "doelen": [
            {
                "doel": _filler(goal, n),
                "status": "op schema",
                "toelichting": _filler(explanation, n + 1),
                "bewijs": _filler(proof, n + 2),
            }
            for n in range(rows)
        ],
        "kpis": [
            {
                "naam": _filler(kpi, n),
                "eenheid": "aantal",
                "nulmeting": 0,
                "huidig": 1,
                "streef": 2,
                "toelichting": _filler(note, n + 3),
            }
            for n in range(rows)
        ],
        "wensen": [_filler(wish, n + 4) for n in range(rows)],
    }


TEMPLATE_CHARS = 1000
"""What a form holds before a hub fills it (instructions, headers, criteria), rounded up."""


def make_round(
    hubs: int,
    target: Path,
    round_id: str | None = None,
    numbered: bool = False,
    limits: bool = False,
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
                if limits and source.parent == ANSWERS:
                    text = yaml.safe_dump(
                        at_limits(yaml.safe_load(text)), allow_unicode=True, sort_keys=False
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
    # the sample's decision on its allocation (no hub is groeihub – innovatie) holds here too:
    # without it the sign-off gate makes only the review edition
    decisions = yaml.safe_load((SAMPLE / "controle" / "besluiten.yaml").read_text("utf-8"))
    kept = [d for d in decisions["besluiten"] if d["controle"] == "verdeling van middelen"]
    (target / "controle").mkdir()
    (target / "controle" / "besluiten.yaml").write_text(
        yaml.safe_dump({"besluiten": kept}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "hubs", type=int, help="aantal hubs (met --aan-de-grenzen: 0 = het maximum)"
    )
    parser.add_argument("target", type=Path, help="nieuwe rondemap (naam = ronde-id)")
    parser.add_argument(
        "--genummerd",
        action="store_true",
        help="namen met nummers (Technohub 001…) in plaats van plaatsnamen",
    )
    parser.add_argument(
        "--aan-de-grenzen",
        dest="limits",
        action="store_true",
        help="vul elk formulier tot de grenzen van evaltools.round.limits",
    )
    args = parser.parse_args()
    hubs = args.hubs
    if args.limits and hubs == 0:
        from evaltools.round.limits import MAX_HUBS

        hubs = MAX_HUBS
    made = make_round(hubs, args.target, numbered=args.genummerd, limits=args.limits)
    print(f"Geschreven: {made}")


if __name__ == "__main__":
    main()
