# Elysara Courseware. `make book` builds the site, `make test` runs every test.
# Everything installs into .venv; nothing is installed system-wide.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

# `book` is also a folder: without .PHONY, make would think it up to date.
.PHONY: book test test-fast serve clean bench help instructor-book lab lighthouse

help:
	@echo "make book   build the site into _build/html"
	@echo "make instructor-book  build the instructor edition into _build/instructor/_build/html"
	@echo "make test   run the whole test suite"
	@echo "make lab    put the exercise notebooks in released/ and open JupyterLab there"
	@echo "make serve  serve _build/html on http://$(HOST):$(PORT)/"
	@echo "make bench  run the benchmarks"
	@echo "make lighthouse  Lighthouse (mobile) on every page of _build/html, served gzipped"
	@echo "make clean  remove build outputs and caches (keeps .venv)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install when pyproject.toml changes; the stamp records the extras installed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[book]"
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

book: $(VENV)/.installed
	$(BIN)/elysara book

# The student site plus the instructor guide (lesson plans, discussion prompts,
# calibrated sample answers). Not for students: publish only `make book`.
instructor-book: $(VENV)/.installed
	$(BIN)/elysara book --audience instructor

$(VENV)/.installed-lab: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	@touch $@

# Jupyter refuses to start as root (containers, some lab machines) unless told.
LAB_ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

# Students: the exercise notebooks in released/, opened in JupyterLab.
# --keep-existing: running `make lab` again never overwrites work in progress.
lab: $(VENV)/.installed-lab
	$(BIN)/elysara release released --keep-existing
	cd released && ../$(BIN)/jupyter lab --ServerApp.ip=$(HOST) $(LAB_ROOT_FLAG)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not slow"

serve:
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	@echo "Serving the book at http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory _build/html

bench: $(VENV)/.installed-test
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Lighthouse from npm (benchmarks/lighthouse, installed with the book extra's npm; node_modules
# is not committed) with Debian's Chromium, on the built site served gzipped on 127.0.0.1.
lighthouse: $(VENV)/.installed
	@test -f _build/html/index.html || { echo "No site yet: run 'make book' first."; exit 1; }
	$(BIN)/python -m elysara.lighthouse _build/html

clean:
	rm -rf _build .pytest_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
