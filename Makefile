# The two commands: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000

.PHONY: run test install translations extract-messages screenshots bench lint clean soak fuzz \
	mutation

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d planner/translations -D messages >/dev/null

## Serve the app on http://127.0.0.1:$(PORT) with demo data and the scheduler (SQLite by default).
run: install
	$(BIN)/planner db upgrade
	$(BIN)/planner seed-demo --if-empty
	$(BIN)/planner run --port $(PORT)

## Run the test suite (SQLite; set TEST_DATABASE_URL for PostgreSQL), one worker per core.
TEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## Refresh the message catalogs after changing user-visible text.
extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output -o planner/translations/messages.pot .
	$(BIN)/pybabel update -i planner/translations/messages.pot -d planner/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) instance .pytest_cache mutants

## Mutation testing of the pure domain (mutmut, a few minutes; not part of `make test`):
## the score per module, the mutants not killed, and a failure under $(MUTATION_MINIMUM)%.
MUTATION_MINIMUM ?= 90
mutation: install
	rm -rf mutants && mkdir mutants
	$(BIN)/mutmut run --max-children $$(nproc) > mutants/run.log 2>&1 || (tail -40 mutants/run.log; exit 1)
	$(BIN)/python tests/mutation/score.py --mutmut $(BIN)/mutmut --minimum $(MUTATION_MINIMUM)

## Retake the README's screenshots (needs Debian's chromium and fonts-noto-cjk).
screenshots: install
	PLANNER_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q -m browser

## Benchmarks (not tests): figures next to a floor measured in the same run.
bench: install
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

## Lint: ruff (pyflakes, bugbear, import order), then import-linter's package
## boundaries ([tool.importlinter] in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

## Outbox soak: $(SOAK_MINUTES) minutes of planning while dispatchers are killed and SMTP
## misbehaves, then a report (SQLite; SOAK_DATABASE_URL=postgresql+psycopg://… to use PostgreSQL).
SOAK_MINUTES ?= 10
soak: install
	$(BIN)/python tests/soak/run_soak.py --minutes $(SOAK_MINUTES) $(SOAK_ARGS)

## The API fuzzed by schemathesis with many examples per operation (make test runs a few).
FUZZ_EXAMPLES ?= 200
fuzz: install
	PLANNER_API_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/core/http/test_api_schemathesis.py \
		-p no:cacheprovider -q --hypothesis-show-statistics --durations=5 $(PYTEST_ARGS)
