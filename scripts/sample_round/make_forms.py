"""Recreate the sample round's filled zelfevaluatie forms from the answer files beside this script.

The sample hubs are reconstructed, not real: their answers live as readable YAML here, and this
script fills the real Excel forms that `evaltools template zelfevaluatie` generates. Run it only
after changing an answer file or the form layout:

    .venv/bin/python scripts/sample_round/make_forms.py
"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
# the form filler is the tests' own (tests/support/forms.py); first on the path, before any
# other package named tests
sys.path.insert(0, str(HERE.parents[1]))

from tests.support.forms import make_filled_forms  # noqa: E402

ROUND = HERE.parents[1] / "data" / "raw" / "2026-tussentijds"

if __name__ == "__main__":
    for path in make_filled_forms(ROUND, HERE / "zelfevaluaties"):
        print(f"Geschreven: {path}")
