# Elysara Courseware. `make book` builds the site, `make test` runs every test.
# Everything installs into .venv; nothing is installed system-wide.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

# `book` is also a folder: without .PHONY, make would think it up to date.
.PHONY: book test test-fast serve clean bench help instructor-book lab

help:
	@echo "make book   build the site into _build/html"
	@echo "make instructor-book  build the instructor edition into _build/instructor/_build/html"
	@echo "make test   run the whole test suite"
	@echo "make lab    put the exercise notebooks in released/ and open JupyterLab there"
	@echo "make serve  serve _build/html on http://$(HOST):$(PORT)/"
	@echo "make bench  run the benchmarks"
	@echo "make clean  remove build outputs and caches (keeps .venv)"

# setuptools warns on every editable install that a folder named like the package
# (elysara/) sits in the working directory: that is this layout by design, so
# its UserWarnings are silenced for pip alone. `-qq` keeps pip to errors: on some
# machines a global pip config names package folders that are not there, and pip
# warns about each one on every install.
PIP := PYTHONWARNINGS=ignore::UserWarning $(BIN)/python -m pip

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --quiet --upgrade pip

# Re-install when pyproject.toml changes; the stamp records the extras installed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --quiet -e ".[book]"
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet --quiet -e ".[test]"
	@touch $@

book: $(VENV)/.installed
	$(BIN)/elysara book

# The student site plus the instructor guide (lesson plans, discussion prompts,
# calibrated sample answers). Not for students: publish only `make book`.
instructor-book: $(VENV)/.installed
	$(BIN)/elysara book --audience instructor

$(VENV)/.installed-lab: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet --quiet -e ".[lab]"
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

clean:
	rm -rf _build .pytest_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
