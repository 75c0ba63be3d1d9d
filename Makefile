# One command each: `make report` (set up + run the annual report on the bundled plan),
# `make test` (set up + lint + tests). The virtual environment is created when missing and installed
# from the hash-pinned lock (requirements-dev.lock); `make lock` regenerates the locks with uv.
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

.PHONY: setup report data assess audit test lint bench lab clean lock test-wheel test-lowest \
        notebooks-sync template screenshots

$(STAMP): pyproject.toml requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python $(PIP_LOCKED) -r requirements-dev.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	@touch $@

setup: $(STAMP)

report: $(STAMP)
	scripts/sysdeps.sh report
	$(BIN)/jzanalysis report $(if $(YEAR),--year $(YEAR)) $(ARGS)

data: $(STAMP)
	$(BIN)/jzanalysis parse

assess: $(STAMP)
	$(BIN)/jzanalysis assess

audit: $(STAMP)
	$(BIN)/jzanalysis audit

template: $(STAMP)
	$(BIN)/jzanalysis template

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP)
	scripts/sysdeps.sh test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# Build the wheel, install it from the core lock into a fresh venv, run the commands outside the checkout.
test-wheel: $(STAMP)
	scripts/sysdeps.sh report
	PYTHON=$(PYTHON) scripts/test_wheel.sh

# The lowest versions pyproject.toml allows (direct dependencies), on Python 3.11 when available.
test-lowest: $(STAMP)
	scripts/sysdeps.sh test
	UV=$(BIN)/uv scripts/test_lowest.sh

lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) --extra dev -o requirements-dev.lock
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) --extra dev --extra lab -o requirements-lab.lock

# ipynb <-> py:percent pairs (jupytext.toml); run after editing either side.
notebooks-sync: $(STAMP)
	$(BIN)/jupytext --sync notebooks/*.ipynb

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_assess.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_hostile.py

# screenshots of the report at 1280 and 390 px and its first PDF pages, in outputs/screenshots/ (not committed)
screenshots: $(STAMP)
	@ls -d outputs/[0-9]* >/dev/null 2>&1 || $(MAKE) report
	$(BIN)/python scripts/screenshots.py $(if $(YEAR),outputs/$(YEAR))

lab: $(STAMP)
	$(BIN)/python -m pip show -q jupyterlab >/dev/null 2>&1 || $(BIN)/python $(PIP_LOCKED) -r requirements-lab.lock
	$(BIN)/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

clean:
	rm -rf outputs/[0-9]* outputs/.build-* data/processed/*.csv .pytest_cache .ruff_cache build dist
