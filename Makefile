# One target per job. `make run` and `make test` work on a fresh clone with only python3 and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
QUERY  ?= defence cooperation

.PHONY: run index search test test-fast test-compat lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]' \
		--config-settings editable_mode=compat  # a path entry, not an import hook: faster start
	$(BIN)/python -m compileall -q searcher  # bytecode even where PYTHONDONTWRITEBYTECODE is set
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

# whoosh3 installs the same top-level `whoosh` package as whoosh-reloaded, so it gets a venv of
# its own: whoosh3 first, then every other dependency and test extra listed in pyproject.toml
# (read from it, so the two venvs never drift apart), then the project with --no-deps.
COMPAT_VENV  := .venv-compat
COMPAT_BIN   := $(COMPAT_VENV)/bin
COMPAT_STAMP := $(COMPAT_VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
WHOOSH3      := whoosh3==3.54.0

$(COMPAT_STAMP): pyproject.toml
	$(PYTHON) -m venv $(COMPAT_VENV)
	$(COMPAT_BIN)/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
		print(*(d for d in p["dependencies"] + p["optional-dependencies"]["test"] \
		if not d.lower().startswith("whoosh")), sep="\n")' > $(COMPAT_VENV)/requirements.txt
	$(COMPAT_BIN)/python -m pip install --quiet --disable-pip-version-check '$(WHOOSH3)' \
		-r $(COMPAT_VENV)/requirements.txt
	$(COMPAT_BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e . \
		--config-settings editable_mode=compat
	$(COMPAT_BIN)/python -m compileall -q searcher
	rm -f $(COMPAT_VENV)/.installed-* && touch $@

test-compat: $(COMPAT_STAMP)  ## the whole suite under whoosh3 instead of whoosh-reloaded
	$(COMPAT_BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check searcher tests bench
	$(BIN)/ruff format --check searcher tests bench
	$(BIN)/mypy --config-file pyproject.toml

format: $(STAMP)
	$(BIN)/ruff format searcher tests bench
	$(BIN)/ruff check --fix searcher tests bench

BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

$(BENCH_STAMP): pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[bench]' \
		--config-settings editable_mode=compat
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check tantivy \
		|| echo "tantivy did not install: bench_speed.py leaves its row out"
	rm -f $(BENCH_VENV)/.installed-* && touch $@

bench: $(BENCH_STAMP)  ## quality evaluations beside their peers (print tables; not tests)
	$(BENCH_VENV)/bin/python bench/eval_clean.py
	$(BENCH_VENV)/bin/python bench/eval_extract.py
	$(BENCH_VENV)/bin/python bench/eval_rank.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) $(COMPAT_VENV) index/v* index/CURRENT index/defsearch.lock index/defsearch-index.json .pytest_cache bench/.work
