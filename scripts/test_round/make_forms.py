"""Recreate the filled zelfevaluatie forms of the test round tests/data/2027-eind.

That round is written for the tests (a final evaluation that follows the sample round). Its
hubs' answers live as readable YAML beside this script; this fills the real Excel forms that
`evaltools template zelfevaluatie` generates. Run it only after changing an answer file, the
round's criteria or the form layout, and commit the forms:

    .venv/bin/python scripts/test_round/make_forms.py
"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
# the form filler is the tests' own (tests/support/forms.py); first on the path, before any
# other package named tests
sys.path.insert(0, str(HERE.parents[1]))

from tests.support.forms import make_filled_forms  # noqa: E402

ROUND = HERE.parents[1] / "tests" / "data" / "2027-eind"

if __name__ == "__main__":
    for path in make_filled_forms(ROUND, HERE / "zelfevaluaties"):
        print(f"Geschreven: {path}")
