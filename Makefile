# One entry point for contributors: `make lint test`. Every target uses the project's .venv.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup lint format typecheck test test-fast bench eval demo

setup:            ## create .venv with reportqa and the test tools
	scripts/setup.sh --test

lint:             ## ruff (format check + lint) and mypy, as CI runs them
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

format:           ## rewrite files in the project's style and apply ruff's safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck:
	$(VENV)/bin/mypy

test:             ## every test, browser tests included (as CI)
	$(PY) -m pytest

test-fast:        ## everything but the browser tests
	$(PY) -m pytest --deselect tests/test_browser.py

bench:            ## ingest / search / cold-start figures against the baselines (needs `pip install -e .[bench]`)
	$(PY) bench/run.py --quick

eval:             ## retrieval quality on every dataset in ../shared/data
	$(PY) bench/eval_retrieval.py --data ../shared/data

demo:             ## index corpus/ and serve the web UI
	$(VENV)/bin/reportqa ingest && $(PY) app.py
