"""`evaltools check`: assessment statements copied unchanged from the previous round."""

from __future__ import annotations

import shutil
from pathlib import Path

from evaltools.review.command import review_round, round_verdict
from evaltools.round.findings import WARNING
from tests.unit.new_round.test_create import NEW, fill, new_round

CHECK = "uitspraak uit vorige ronde"


def _next_round_with_alpha_copied(tmp_path: Path) -> tuple[Path, Path]:
    """The mini round's successor (nieuwe-ronde, filled in) whose assessment of alpha began as
    a copy of the previous round's; one strength reworded, one statement only re-spaced."""
    from tests.support.project import make_project

    root = make_project(tmp_path)
    folder, result = new_round(root)
    assert result.exit_code == 0, result.output
    fill(folder)
    previous = root / "data" / "raw" / "mini-ronde"
    for part in ("zelfevaluaties", "interviews"):
        shutil.copytree(previous / part, folder / part, dirs_exist_ok=True)
    (folder / "beoordeling").mkdir(exist_ok=True)
    text = (previous / "beoordeling" / "alpha.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "Vijf bedrijven brengen praktijkvragen in.", "Acht bedrijven brengen praktijkvragen in."
    )
    text = text.replace("Afhankelijk van één subsidie.", "Afhankelijk van  één subsidie.")
    (folder / "beoordeling" / "alpha.yaml").write_text(text, encoding="utf-8")
    return root, folder


def _line(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_a_statement_copied_from_the_previous_round_is_a_warning(tmp_path: Path) -> None:
    root, folder = _next_round_with_alpha_copied(tmp_path)
    findings, _ = review_round(folder, root)
    copied = [f for f in findings if f.check == CHECK]
    assert all(f.severity == WARNING for f in copied)
    previous = root / "data" / "raw" / "mini-ronde" / "beoordeling" / "alpha.yaml"
    current = folder / "beoordeling" / "alpha.yaml"
    assert [str(f) for f in copied] == [
        f"{NEW}/beoordeling/alpha.yaml, regel {_line(current, 'Vaste projectleiding')}: deze "
        "sterkte bij 'Ontwikkelfase en robuustheid' staat ongewijzigd in de beoordeling van "
        "ronde mini-ronde (mini-ronde/beoordeling/alpha.yaml, regel "
        f"{_line(previous, 'Vaste projectleiding')}): 'Vaste projectleiding zorgt voor "
        "continuïteit.'; ga na of dit nog geldt en werk het bij voor deze ronde, of leg in "
        "controle/besluiten.yaml vast waarom het blijft staan",
        # only the spaces changed: still the same statement
        f"{NEW}/beoordeling/alpha.yaml, regel {_line(current, 'Afhankelijk van')}: dit "
        "aandachtspunt bij 'Ontwikkelfase en robuustheid' staat ongewijzigd in de beoordeling "
        "van ronde mini-ronde (mini-ronde/beoordeling/alpha.yaml, regel "
        f"{_line(previous, 'Afhankelijk van')}): 'Afhankelijk van één subsidie.'; ga na of dit "
        "nog geldt en werk het bij voor deze ronde, of leg in controle/besluiten.yaml vast "
        "waarom het blijft staan",
    ]
    # the reworded strength is not named; beta has no assessment in the new round
    assert not any("Acht bedrijven" in f.message or "beta" in f.file for f in copied)


def test_a_copied_statement_does_not_block_the_client_edition_and_can_be_decided(
    tmp_path: Path,
) -> None:
    root, folder = _next_round_with_alpha_copied(tmp_path)
    verdict, _ = round_verdict(folder, root)
    assert [f for f in verdict.findings if f.check == CHECK]
    assert not [f for f in verdict.blocking if f.check == CHECK]
    # a decision names the finding by check, file and subject (criterion and statement)
    (folder / "controle").mkdir(exist_ok=True)
    (folder / "controle" / "besluiten.yaml").write_text(
        "besluiten:\n"
        f"  - controle: {CHECK}\n"
        "    bestand: beoordeling/alpha.yaml\n"
        "    betreft: 'Ontwikkelfase en robuustheid: Vaste projectleiding zorgt voor "
        "continuïteit.'\n"
        "    besluit: geaccepteerd\n"
        "    reden: De projectleiding is in deze ronde ongewijzigd gebleven.\n"
        "    rol: adviseur\n",
        encoding="utf-8",
    )
    verdict, _ = round_verdict(folder, root)
    left = [f.subject for f in verdict.findings if f.check == CHECK]
    assert left == ["Ontwikkelfase en robuustheid: Afhankelijk van één subsidie."]
    assert [d.finding.subject for d in verdict.decided if d.finding.check == CHECK] == [
        "Ontwikkelfase en robuustheid: Vaste projectleiding zorgt voor continuïteit."
    ]


def test_a_round_without_previous_round_has_no_such_warning(mini_round: Path) -> None:
    findings, _ = review_round(mini_round, mini_round.parent.parent.parent)
    assert not [f for f in findings if f.check == CHECK]
