# The two commands of the README: `make serve` (build and serve the site; another port:
# `make serve PORT=8080`) and `make test` (every test). Everything else here is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test site runtime lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Python packages, reinstalled only when pyproject.toml changes. xlsx: the README's
# command-line examples write XLSX (openpyxl) after `make serve` alone.
$(VENV)/.site: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[site,xlsx]"
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[site,dev,browser,xlsx]"
	touch $@

# Test-only tools from npm (axe-core for tests/browser/test_a11y.py, puppeteer-core for
# tests/browser/firefox.mjs), exactly as locked.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

# Pyodide, the wheels and calc's own wheel, under docs/runtime/ (cached in .cache/).
runtime: $(VENV)/.site
	$(BIN)/python scripts/build_runtime.py

site: runtime
	$(BIN)/mkdocs build --strict --quiet

serve: site
	$(BIN)/python scripts/serve.py site --port $(PORT)

lint: $(VENV)/.test
	$(BIN)/ruff check calc tests scripts bench/*
	$(BIN)/ruff format --check calc tests scripts bench/*
	$(BIN)/mypy

test: $(VENV)/.test node_modules/.package-lock.json
	bash scripts/system-deps
	$(MAKE) site lint
	SITE_DIR=site $(BIN)/python -m pytest -n 2 --dist loadfile
