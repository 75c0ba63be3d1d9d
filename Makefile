# One command each: `make report` (set up + run the annual report on the bundled plan),
# `make test` (set up + lint + tests + the docstring examples). The virtual environment is created when missing and installed
# from the hash-pinned lock (requirements-dev.lock); `make lock` regenerates the locks with uv.
# `make help` lists the targets: the text after `## ` on a target's line is its one-line help.
# Another interpreter, in its own venv: `make test PYTHON=~/.pyenv/versions/3.13.0/bin/python VENV=.venv-3.13`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.jzanalysis-installed
YEAR   ?=
ARGS   ?=
# The locks: core (what the scheduled report needs: deploy/, workflows), dev (+ tests, lint, jupytext,
# pre-commit, build, uv), lab (dev + JupyterLab). Universal: one file for Python 3.11-3.13, every OS;
# --python-version is the floor of requires-python in pyproject.toml.
LOCK_FLAGS := --universal --generate-hashes --python-version 3.11 -q
PIP_LOCKED := -m pip install -q --require-hashes

.DEFAULT_GOAL := help
.PHONY: help setup report data assess audit test lint bench lab clean lock test-wheel test-lowest \
        notebooks-sync template screenshots
LAB_STAMP := $(VENV)/.jzanalysis-lab-installed

help: ## list the targets, one line each
	@awk 'BEGIN {FS = ":[^#]*## "} /^[a-zA-Z][a-zA-Z0-9_-]*:[^=]*## / {printf "  make %-15s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python $(PIP_LOCKED) -r requirements-dev.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	@touch $@

setup: $(STAMP) ## create .venv from requirements-dev.lock (hashes) and install the project in it

report: $(STAMP) ## the annual report on the bundled plan in outputs/YEAR/ (YEAR=, ARGS="--actuals FILE")
	scripts/sysdeps.sh report
	$(BIN)/jzanalysis report $(if $(YEAR),--year $(YEAR)) $(ARGS)

data: $(STAMP) ## jzanalysis parse: Table 1-1 and the prose figures to data/processed/
	$(BIN)/jzanalysis parse

assess: $(STAMP) ## jzanalysis assess: every indicator's pace, projection and verdict
	$(BIN)/jzanalysis assess

audit: $(STAMP) ## jzanalysis audit: the plan's self-audit findings
	$(BIN)/jzanalysis audit

template: $(STAMP) ## jzanalysis template: the actuals workbook an office fills in
	$(BIN)/jzanalysis template

lint: $(STAMP) ## ruff check
	$(BIN)/ruff check .

# pytest's testpaths and --doctest-modules (pyproject.toml): tests/, then the docstring examples of jzanalysis/
test: $(STAMP) ## lint, the tests and the docstring examples (installs poppler, fonts, chromium as root)
	scripts/sysdeps.sh test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# Build the wheel, install it from the core lock into a fresh venv, run the commands outside the checkout.
test-wheel: $(STAMP) ## build sdist + wheel, install with requirements.lock, run outside the checkout
	scripts/sysdeps.sh report
	PYTHON=$(PYTHON) scripts/test_wheel.sh

# The lowest versions pyproject.toml allows (direct dependencies), on Python 3.11 when available.
test-lowest: $(STAMP) ## lint and tests with the lowest versions pyproject.toml allows, on Python 3.11
	scripts/sysdeps.sh test
	UV=$(BIN)/uv scripts/test_lowest.sh

lock: $(STAMP) ## regenerate requirements*.lock with uv after a change of pyproject.toml
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) --extra dev -o requirements-dev.lock
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) --extra dev --extra lab -o requirements-lab.lock

# ipynb <-> py:percent pairs (jupytext.toml); run after editing either side.
notebooks-sync: $(STAMP) ## re-pair notebooks/*.ipynb with notebooks/*.py (jupytext)
	$(BIN)/jupytext --sync notebooks/*.ipynb

bench: $(STAMP) ## speed figures (printed, not asserted)
	$(BIN)/python benchmarks/bench_assess.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_hostile.py
	$(BIN)/python benchmarks/bench_batch.py

# screenshots of the report at 1280 and 390 px and its first PDF pages, in outputs/screenshots/ (not committed)
screenshots: $(STAMP) ## PNGs of the report pages and first PDF pages in outputs/screenshots/
	@ls -d outputs/[0-9]* >/dev/null 2>&1 || $(MAKE) report
	$(BIN)/python scripts/screenshots.py $(if $(YEAR),outputs/$(YEAR))

# The [lab] extra from requirements-lab.lock, installed again whenever the lock (or the dev set) is newer
# than the stamp, so a `make lock` reaches the lab too.
$(LAB_STAMP): requirements-lab.lock $(STAMP)
	$(BIN)/python $(PIP_LOCKED) -r requirements-lab.lock
	@touch $@

lab: $(LAB_STAMP) ## JupyterLab on the project folder, from requirements-lab.lock (ARGS="--port 8899")
	$(BIN)/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS)

clean: ## remove outputs/YEAR, data/processed/*.csv, caches, build/ and dist/
	rm -rf outputs/[0-9]* outputs/.build-* data/processed/*.csv .pytest_cache .ruff_cache build dist
