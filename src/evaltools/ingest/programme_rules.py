"""The round against its programme (round.yaml ``programma:``): typology labels and whether
the round may have a typology rule, an allocation and combinations at all."""

from __future__ import annotations

from evaltools.ingest.raw_round import RawRound
from evaltools.round.problems import Problem, shown


def _or(values: tuple[str, ...]) -> str:
    """'systeemhub of groeihub', 'a, b of c' (as the schema's messages list values)."""
    return ", ".join(values[:-1]) + f" of {values[-1]}"


def programme_problems(raw: RawRound) -> list[Problem]:
    """Types and features outside the programme's typology; a typology rule, allocation or
    combinations in a round whose programme has none; an assessment without a type where the
    programme has a typology, or with one where it has none."""
    config, source = raw.config, raw.config_source
    file = f"{raw.folder.name}/round.yaml"
    typology = config.programme.typology
    problems = []
    unused = {
        "typologie": typology is None and config.typology is not None,
        "combinaties": typology is None and bool(config.combinations),
        "allocatie": not config.programme.allocation and bool(config.allocation),
    }
    for key, found in unused.items():
        if found:
            problems.append(
                Problem(
                    file,
                    source.place((key,)),
                    key,
                    f"'{key}', terwijl het programma (programma:) geen {key} heeft",
                    f"geen '{key}' in round.yaml, of '{key}' in het blok 'programma:'",
                )
            )
    if typology is not None:
        types, features = typology.type_names, tuple(typology.features)
        for hub_type, row in config.allocation.items():
            if hub_type not in types:
                problems.append(
                    Problem(
                        file,
                        source.place(("allocatie", hub_type)),
                        "allocatie",
                        shown(hub_type),
                        _or(types),
                    )
                )
            for feature in row:
                if feature not in features:
                    problems.append(
                        Problem(
                            file,
                            source.place(("allocatie", hub_type, feature)),
                            f"allocatie.{hub_type}",
                            shown(feature),
                            _or(features),
                        )
                    )
    # the YAML data, not the model: an assessment with another problem is checked too
    for name, assessment_source in raw.assessment_sources:
        data = assessment_source.data if isinstance(assessment_source.data, dict) else {}
        checks = (
            ("type", typology and typology.type_names),
            ("dominant_kenmerk", typology and tuple(typology.features)),
        )
        for key, allowed in checks:
            value, place = data.get(key), assessment_source.place((key,))
            if allowed and value is None:
                problems.append(
                    Problem(
                        name,
                        place,
                        key,
                        "niets (het veld ontbreekt)",
                        "een waarde (dit veld is verplicht)",
                    )
                )
            elif allowed and value not in allowed:
                problems.append(
                    Problem(
                        name,
                        place,
                        key,
                        shown(value),
                        _or(allowed),
                    )
                )
            elif not allowed and value is not None:
                problems.append(
                    Problem(
                        name,
                        place,
                        key,
                        shown(value),
                        f"geen '{key}': het programma (round.yaml, programma:) heeft geen "
                        "typologie",
                    )
                )
    return problems
