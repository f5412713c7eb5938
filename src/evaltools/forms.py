"""Form templates for a round: one zelfevaluatie workbook per taking-part hub."""

from __future__ import annotations

from pathlib import Path

from evaltools.io.raw_round import CONFIG_FILE
from evaltools.io.yaml_source import read_yaml
from evaltools.io.zelfevaluatie_xlsx import fill_form, write_form
from evaltools.models import RoundConfig, parse_model
from evaltools.problems import InvalidRound
from evaltools.zelfevaluatie import CriterionAnswer, FormAnswers, GoalAnswer, KpiAnswer


def load_config(folder: Path) -> RoundConfig:
    """The round configuration alone, or InvalidRound with its problems."""
    label = f"{Path(folder).name}/{CONFIG_FILE}"
    source, problems = read_yaml(Path(folder) / CONFIG_FILE, label)
    if source is None:
        raise InvalidRound(problems)
    config, problems = parse_model(RoundConfig, source, label)
    if config is None:
        raise InvalidRound(problems)
    return config


def write_forms(folder: Path, out_dir: Path) -> list[Path]:
    """Write ``<hub>.xlsx`` for every taking-part hub of the round in ``folder``."""
    config = load_config(folder)
    paths = []
    for hub in config.taking_part:
        path = Path(out_dir) / f"{hub.id}.xlsx"
        write_form(path, config, hub.id)
        paths.append(path)
    return paths


def answers_from_dict(data: dict, round_id: str) -> FormAnswers:
    """What a hub filled in, from a plain mapping (the sample round's answer files, tests)."""
    hub = data["hub"]
    goals = [
        GoalAnswer(n, g["doel"], g.get("status", ""), g.get("toelichting", ""), g.get("bewijs", ""))
        for n, g in enumerate(data.get("doelen", []), start=1)
    ]
    criteria = [
        CriterionAnswer(
            cid,
            c.get("zelfscore", ""),
            (c.get("sterktes") or "").strip(),
            (c.get("aandachtspunten") or "").strip(),
        )
        for cid, c in data.get("criteria", {}).items()
    ]
    kpis = [
        KpiAnswer(
            n,
            k["naam"],
            k.get("eenheid", ""),
            k.get("nulmeting"),
            k.get("huidig"),
            k.get("streef"),
            k.get("toelichting", ""),
        )
        for n, k in enumerate(data.get("kpis", []), start=1)
    ]
    return FormAnswers(round_id, hub, goals, criteria, kpis, list(data.get("wensen", [])))


def make_filled_forms(round_folder: Path, answers_dir: Path) -> list[Path]:
    """Generate each hub's form and fill it with its answers file (``<hub>.yaml``)."""
    config = load_config(round_folder)
    paths = []
    for answers_file in sorted(Path(answers_dir).glob("*.yaml")):
        source, problems = read_yaml(answers_file, answers_file.name)
        if source is None:
            raise InvalidRound(problems)
        answers = answers_from_dict(source.data, config.round_id)
        path = Path(round_folder) / "zelfevaluaties" / f"{answers.hub_id}.xlsx"
        write_form(path, config, answers.hub_id)
        fill_form(path, answers)
        paths.append(path)
    return paths
