# evaltools: `make report` builds the rounds in params.yaml, `make test` runs the tests. Both set up first.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name evaltools --display-name "Python (evaltools)"
	touch $(STAMP)

## setup: create .venv, install the pinned packages and register the 'evaltools' Jupyter kernel
setup: $(STAMP)

## report: build the reports of the rounds in params.yaml (only what is out of date, via DVC); ROUND=<id> builds one
report: $(STAMP)
	$(VENV)/bin/evaltools build $(ROUND)

## test: run the test suite (tests/unit, and tests/builds: golden and end-to-end tests) in two processes
test: $(STAMP)
	@# bytecode of evaltools once, for the kernels and processes the tests start (see tools/bytecode.py)
	$(PY) -c "from evaltools.tools.bytecode import compile_package; compile_package()"
	$(PY) -m pytest --numprocesses 2 --dist loadfile --no-loadscope-reorder

## test-fast: run the unit tier: fast, no builds (tests/unit, in two processes; under a minute)
test-fast: $(STAMP)
	$(PY) -m pytest tests/unit --numprocesses 2

## golden: rewrite the golden files and snapshots of the tests from the current code (review the diff!)
golden: $(STAMP)
	EVALTOOLS_UPDATE_GOLDEN=1 $(PY) -m pytest tests/builds/test_golden.py tests/unit/test_snapshots.py

AXE := scripts/axe
AXE_STAMP := $(AXE)/node_modules/.installed

$(AXE_STAMP): $(AXE)/package.json $(AXE)/package-lock.json
	npm ci --prefix $(AXE) --no-audit --no-fund
	touch $(AXE_STAMP)

## a11y: check the reports (both editions) and the notebook pages in report/_output with axe-core (WCAG 2.1 AA and best practice, 1280 and 320 px) in Debian's Chromium; needs Node.js, npm and chromium (docs/controle.md)
a11y: $(AXE_STAMP)
	node $(AXE)/check.mjs --best-practice report/_output/*.html report/_output/*-notebooks/*.html

## lint: ruff, the import layers (import-linter), mypy on src, the code's shape, clean notebooks, panache over the staged Quarto projects
lint: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) -m pytest --quiet -p no:xdist -p no:cacheprovider tests/unit/test_layout.py
	$(PY) scripts/clean_notebooks.py --check
	@# report/index.qmd includes what only a render stages: lint it where Quarto would render it
	@staged=0; for tree in data/processed/*/quarto; do \
	  test -d "$$tree" || continue; staged=1; \
	  $(VENV)/bin/panache lint "$$tree" || exit 1; \
	done; \
	test $$staged = 1 || echo "panache: nog geen gestaged Quarto-project (make report maakt het); overgeslagen"

## lock: upgrade requirements.lock (resolved by uv, with hashes) and environment.yml
lock:
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet 'uv>=0.13'
	$(PY) scripts/lock.py --upgrade

## clean: remove generated data and reports (not .venv)
clean:
	rm -rf data/processed/*/ report/_output dvc.lock

.PHONY: help setup report test test-fast golden lint lock clean a11y
