# Showup: `make run` to try it, `make test` to check it. Nothing else is needed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The live stream's ASGI server, beside gunicorn, on the next port (docs/operations.md,
# "The live 1:1 page").
LIVE_PORT ?= $(shell echo $$(( $(PORT) + 1 )))
# The production server, as measured by `make bench`: one process per core suits a small machine.
WEB_WORKERS ?= 2

.PHONY: run test lint bench guard lock clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

# The stamp files record which lock file the venv was installed from, so an
# unchanged lock installs nothing on the next run.
$(VENV)/.runtime: requirements/runtime.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/runtime.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: requirements/dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.runtime

run: export SHOWUP_HTTPS ?= false
run: export SHOWUP_BASE_URL ?= http://$(HOST):$(PORT)
run: export SHOWUP_LIVE_URL ?= http://$(HOST):$(LIVE_PORT)
run: $(VENV)/.runtime
	$(BIN)/showup migrate --no-input
	$(BIN)/showup collectstatic --no-input --verbosity 0
	$(BIN)/showup demo --if-empty
	@echo "Showup is at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@$(BIN)/showup worker & worker=$$!; \
		$(BIN)/uvicorn showup.asgi:application --host $(HOST) --port $(LIVE_PORT) \
			--no-access-log --log-level warning --timeout-graceful-shutdown 5 & live=$$!; \
		trap 'kill $$worker $$live 2>/dev/null' EXIT; \
		$(BIN)/gunicorn showup.wsgi --workers $(WEB_WORKERS) --bind $(HOST):$(PORT) --graceful-timeout 5

browser:
	@scripts/ensure-chromium

test: $(VENV)/.dev browser
	$(BIN)/pytest -n auto

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy showup tests bench
	$(BIN)/lint-imports
	$(BIN)/showup makemigrations --check --dry-run

bench: $(VENV)/.dev
	$(BIN)/python -m bench
	$(BIN)/python -m bench.pages
	$(BIN)/python -m bench.kept
	$(BIN)/python -m bench.live
	$(BIN)/python -m bench.idle
	$(BIN)/python -m bench.browsers
	$(BIN)/python -m bench.typing

# Retrains the off-topic guard from showup/agendas/corpus/ (same corpus, same file).
guard: $(VENV)/.dev
	$(BIN)/python -m showup.agendas.train

# Regenerates the lock files from pyproject.toml (needs network access to PyPI).
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml requirements/build.in --universal \
		--python-version 3.11 --generate-hashes -o requirements/runtime.lock -q
	$(BIN)/uv pip compile pyproject.toml requirements/build.in --extra dev --universal \
		--python-version 3.11 --generate-hashes -o requirements/dev.lock -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
