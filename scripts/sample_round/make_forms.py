"""Recreate the sample round's filled zelfevaluatie forms from the answer files beside this script.

The sample hubs are reconstructed, not real: their answers live as readable YAML here, and this
script fills the real Excel forms that `evaltools template zelfevaluatie` generates. Run it only
after changing an answer file or the form layout:

    .venv/bin/python scripts/sample_round/make_forms.py
"""

from pathlib import Path

from evaltools.new_round.forms import make_filled_forms

HERE = Path(__file__).parent
ROUND = HERE.parents[1] / "data" / "raw" / "2026-tussentijds"

if __name__ == "__main__":
    for path in make_filled_forms(ROUND, HERE / "zelfevaluaties"):
        print(f"Geschreven: {path}")
