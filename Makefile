# standoff: two set-up commands, both safe on a fresh machine with Python 3.11 and pip.
#   make demo   create .venv if needed, install standoff (with the app extra), print the brief on the flagship case
#   make test   install the test dependencies (and Debian's Chromium for the browser tests), run ruff,
#               mypy and the whole test suite

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: demo test install install-test lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

install: $(BIN)/python
	$(PIP) install -q -e '.[app]'

# The browser tests drive Debian's Chromium through Playwright (never `playwright install`).
CHROMIUM ?= /usr/bin/chromium

install-test: $(BIN)/python
	$(PIP) install -q -e '.[test,gambit,draft,dask,sensitivity,app]'
	@test -x $(CHROMIUM) || { apt-get update -qq && apt-get install -y -qq chromium; }

demo: install
	$(BIN)/standoff brief venezuela-2025

lint: install-test
	$(BIN)/ruff check src tests benchmarks

typecheck: install-test
	$(BIN)/mypy

pytest: install-test
	$(BIN)/pytest -n 2 -q

test: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -n 2 -q

bench: install-test
	$(BIN)/python benchmarks/bargain_vs_negmas.py
	$(BIN)/python benchmarks/crisis_vs_gambit.py
	$(BIN)/python benchmarks/forecast.py
	$(BIN)/python benchmarks/simulate_vs_negmas.py
	$(BIN)/python benchmarks/app_latency.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
