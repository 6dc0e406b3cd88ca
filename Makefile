# One command set for people, hooks and CI.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint bench demo services clean web

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m pip install -q --no-deps ngsildclient==0.5.2
	touch $(STAMP)

install: $(STAMP)

# Installs PostGIS for the local PostgreSQL, and Chromium for the browser tests, when apt is available and
# they are missing.
services:
	@bash scripts/ensure-services.sh
	@bash scripts/ensure-browser.sh

test: install services
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: install services
	@bash scripts/ensure-bench-tools.sh
	$(BIN)/python -m pip install -q -e '.[dev,bench]' || echo "bench extras (landlab) unavailable: peer comparisons are skipped"
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The live Shenzhen demo: generate (cached) → serve with ingest + analytics → simulator. Ctrl-C stops all:
# the simulator first, then the server (scripts/demo-run.sh).
DEMO_DB ?= sqlite:///var/demo.db
DEMO_PORT ?= 8000
demo: install
	$(BIN)/citytwin demo generate --scale demo --db $(DEMO_DB)
	@CITYTWIN_BIN=$(BIN) bash scripts/demo-run.sh $(DEMO_DB) $(DEMO_PORT)

# Rebuild the viewer's committed assets (src/citytwin/web) from web/ with the machine's node and npm.
web:
	bash scripts/build-web.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
