# One target per job. `make run` and `make test` work on a fresh clone with only python3 and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
QUERY  ?= defence cooperation

.PHONY: run index search test test-fast lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

run: index search  ## set up, index corpus/ into index/, run a faceted search

index: $(STAMP)
	$(BIN)/defsearch index corpus --index index

search: $(STAMP)
	$(BIN)/defsearch search "$(QUERY)" --index index --facet pair --facet country --facet official --limit 5 --format table

test: $(STAMP) lint  ## the whole suite, slow tests included (CI runs this)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check searcher tests bench
	$(BIN)/ruff format --check searcher tests bench

format: $(STAMP)
	$(BIN)/ruff format searcher tests bench
	$(BIN)/ruff check --fix searcher tests bench

bench: $(STAMP)  ## quality evaluations and speed benchmarks (print tables; not tests)
	$(BIN)/python bench/eval_clean.py
	$(BIN)/python bench/eval_extract.py
	$(BIN)/python bench/eval_rank.py

clean:
	rm -rf $(VENV) index/v* index/CURRENT index/defsearch.lock .pytest_cache
