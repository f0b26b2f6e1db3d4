# Every target creates the virtual environment (.venv) first if it is missing
# or older than pyproject.toml, so a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Tests run in parallel, each worker with its own databases. Six on two cores: the
# suite waits on processes, browsers and sockets more than it computes (four workers
# kept the two cores about 55% busy; six took a clean-clone run from 14.0 to 12.2 min).
TEST_WORKERS ?= 6
PACKAGES := bot handlers messages models web telegram_double

.PHONY: venv demo test lint run bench clean i18n i18n-check

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@# setuptools warns on every editable install that a folder named like a package
	@# could shadow it; here that folder is the package itself, so the notice is noise.
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

## demo: a whole review cycle on SQLite, no Telegram needed; prints the transcript
demo: $(STAMP)
	$(BIN)/myreview demo

## test: lint, format check and the test suite (PostgreSQL too when TEST_DATABASE_URL is set)
test: $(STAMP) lint i18n-check
	@# Bytecode once, for every process the suite starts: where PYTHONDONTWRITEBYTECODE
	@# is set, each would otherwise compile the project's modules from source again.
	$(BIN)/python -m compileall -q $(PACKAGES) tests
	$(BIN)/pytest -n $(TEST_WORKERS)

## lint: ruff, formatting, and the import contracts (the layers in docs/architecture.md)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## run: upgrade the schema and run the bot (needs TELEGRAM_BOT_TOKEN)
run: $(STAMP)
	$(BIN)/myreview db upgrade
	$(BIN)/myreview run

## i18n: Babel's extract, update and compile: refresh the template and every catalog
i18n: $(STAMP)
	$(BIN)/python -m messages.catalog refresh
	$(BIN)/python -m messages.catalog readme

## i18n-check: every catalog complete, its placeholders and markup those of the English
i18n-check: $(STAMP)
	$(BIN)/python -m messages.catalog check

## bench: benchmarks that print figures (not part of the tests)
bench: $(STAMP)
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) demo-out .pytest_cache .ruff_cache
