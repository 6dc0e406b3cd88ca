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

# The live Shenzhen demo: generate (cached) → serve with ingest + analytics → simulator. Ctrl-C stops all.
DEMO_DB ?= sqlite:///var/demo.db
DEMO_PORT ?= 8000
demo: install
	$(BIN)/citytwin demo generate --scale demo --db $(DEMO_DB)
	@bash -c 'set -m; pids=(); stop() { for p in "$${pids[@]}"; do kill -INT $$p 2>/dev/null; done; wait; }; \
	  trap stop INT TERM EXIT; \
	  $(BIN)/citytwin serve --db $(DEMO_DB) --port $(DEMO_PORT) --analytics --ingest & pids+=($$!); \
	  for i in $$(seq 1 120); do curl -sf -o /dev/null http://127.0.0.1:$(DEMO_PORT)/ngsi-ld/v1/types && break; sleep 1; done; \
	  $(BIN)/citytwin demo simulate --db $(DEMO_DB) --api http://127.0.0.1:$(DEMO_PORT) & pids+=($$!); \
	  echo; echo "  Shenzhen digital twin: http://127.0.0.1:$(DEMO_PORT)/"; \
	  echo "  login: none needed on loopback (requests act as the demo user \"demo\"); Ctrl-C stops everything"; echo; \
	  wait'

# Rebuild the viewer's committed assets (src/citytwin/web) from web/ with the machine's node and npm.
web:
	bash scripts/build-web.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
