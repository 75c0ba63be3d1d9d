# One command each: `make report` (set up + run the annual report on the bundled plan),
# `make test` (set up + lint + tests). The virtual environment is created when missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.jzanalysis-installed
YEAR   ?=
ARGS   ?=

.PHONY: setup report data assess audit test lint bench lab clean screenshots

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
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

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP)
	scripts/sysdeps.sh test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_assess.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_hostile.py

# screenshots of the report at 1280 and 390 px and its first PDF pages, in outputs/screenshots/ (not committed)
screenshots: $(STAMP)
	@ls -d outputs/[0-9]* >/dev/null 2>&1 || $(MAKE) report
	$(BIN)/python scripts/screenshots.py $(if $(YEAR),outputs/$(YEAR))

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

clean:
	rm -rf outputs/[0-9]* outputs/.build-* data/processed/*.csv .pytest_cache .ruff_cache
