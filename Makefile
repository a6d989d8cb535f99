# The README's commands. `make run` opens the default meeting; `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test check bench system-deps install clean messages

$(STAMP): pyproject.toml hatch_build.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# This venv's editable install from before the distribution was renamed dais-console, if any.
	$(BIN)/python -m pip uninstall --quiet --yes dais 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# espeak-ng (speech), alsa-utils (sound), tmux (end-to-end tests): installed where we can.
system-deps:
	@sh scripts/system-deps.sh

run: install
	@DAIS_NO_BROWSER=1 sh scripts/system-deps.sh
	$(BIN)/dais

# In parallel (pytest-xdist): most of the suite waits on tmux, Litestream and Chromium rather than
# computing. -n auto is twice the cores, at most 8 (tests/conftest.py); PYTEST_WORKERS=0 runs it serially.
PYTEST_WORKERS ?= auto
test: system-deps install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

# The fast tier, after each edit: ruff, then the unit, journal and Pilot tests (no tmux, no browser,
# no Litestream, no wheel). `make test` runs everything.
check: install
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q -m "unit or journal or ui"

bench: install
	$(BIN)/python -m benchmarks

# Re-extract the marked strings into console/lang/locale/dais.pot and update each language's .po.
messages: install
	$(BIN)/python scripts/messages.py

clean:
	rm -rf $(VENV) .pytest_cache
