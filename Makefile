# Two commands matter: `make play` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
# The compiled engine and bots (optional, tools/build_native.py): rebuilt when a source changes.
NATIVE := game/native.json
NATIVE_SRC := $(wildcard game/engine/*.py game/bots/*.py) game/native.py tools/build_native.py

.PHONY: install native pure play test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(DEVSTAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEVSTAMP)

install: $(STAMP)

# Compiling needs a C compiler; without one the game stays pure Python (same results, slower).
$(NATIVE): $(NATIVE_SRC) $(DEVSTAMP)
	$(BIN)/python tools/build_native.py

native: $(NATIVE)

pure:
	$(BIN)/python tools/build_native.py --clean

# The menu opens at once; a missing or stale compiled build is made in the background
# (tools/build_native.py --background) and used from the next start.
play: $(STAMP)
	@$(BIN)/python tools/build_native.py --background
	$(BIN)/detente

test: $(DEVSTAMP) native
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: $(DEVSTAMP)
	$(BIN)/ruff check game tests benchmarks tools
	$(BIN)/mypy

bench: $(DEVSTAMP) native
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_playtest.py
	$(BIN)/python benchmarks/bench_instructions.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_watch.py
	@if [ -x /usr/bin/chromium ]; then $(BIN)/python benchmarks/bench_classroom.py; \
	else echo "bench_classroom skipped: no /usr/bin/chromium (apt-get install chromium)"; fi

clean:
	$(BIN)/python tools/build_native.py --clean 2>/dev/null || true
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
