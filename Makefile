# One command set for people, hooks and CI.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint bench demo services clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m pip install -q --no-deps ngsildclient==0.5.2
	touch $(STAMP)

install: $(STAMP)

# Installs PostGIS for the local PostgreSQL when apt is available and it is missing.
services:
	@bash scripts/ensure-services.sh

test: install services
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: install services
	$(BIN)/python -m pip install -q -e '.[dev,bench]' || echo "bench extras (landlab) unavailable: peer comparisons are skipped"
	$(BIN)/python bench/run.py $(BENCH_ARGS)

demo: install
	$(BIN)/citytwin demo run

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
