# evaltools: `make report` builds the sample round, `make test` runs the tests. Both set up first.
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
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name evaltools --display-name "Python (evaltools)"
	touch $(STAMP)

## setup: create .venv, install the pinned packages and register the 'evaltools' Jupyter kernel
setup: $(STAMP)

## report: build the report of the round in params.yaml (only what is out of date, via DVC)
report: $(STAMP)
	$(VENV)/bin/evaltools build

## test: run the test suite (unit, golden and end-to-end tests)
test: $(STAMP)
	$(PY) -m pytest

## golden: rewrite the golden files of the tests from the current code (review the diff!)
golden: $(STAMP)
	EVALTOOLS_UPDATE_GOLDEN=1 $(PY) -m pytest tests/test_golden.py

## lint: ruff check and format check; panache over every round's staged Quarto project
lint: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts
	@# report/index.qmd includes what only a render stages: lint it where Quarto would render it
	for tree in data/processed/*/quarto; do \
	  test ! -d "$$tree" || $(VENV)/bin/panache lint "$$tree" || exit 1; \
	done

## lock: re-pin requirements.lock and environment.yml from the current .venv
lock: $(STAMP)
	$(PY) scripts/lock.py

## clean: remove generated data and reports (not .venv)
clean:
	rm -rf data/processed/*/ report/_output report/_generated report/_variables.yml report/.render-*

.PHONY: help setup report test golden lint lock clean
