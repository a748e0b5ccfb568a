# Two commands matter: `make run` and `make test` (see README.md). Everything they need is installed here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
TEST_STAMP := $(VENV)/.test-installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: install run test lint bench reliability

install: $(STAMP)

$(STAMP): pyproject.toml
	bash scripts/install-system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --config-settings editable_mode=compat -e .
	rm -f $(VENV)/.installed-*
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --config-settings editable_mode=compat -e '.[test]'
	rm -f $(VENV)/.test-installed-*
	touch $@

run: install
	$(BIN)/assent migrate
	$(BIN)/assent run

# One pytest worker per core: most tests wait on a server or a subprocess, so two cores keep busy.
test: $(TEST_STAMP)
	bash scripts/install-test-services.sh
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -p no:cacheprovider -n auto

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

# Every bench script reports its figures to var/bench.json (bench/support/table.py) and writes
# its own detail to var/bench-logs/; `make bench` ends by printing the one table of all figures.
bench: $(TEST_STAMP)
	bash scripts/install-test-services.sh
	rm -f var/bench.json && mkdir -p var/bench-logs
	for script in bench/*.py; do \
		log=var/bench-logs/$$(basename $$script .py).log; echo "== $$script  (detail: $$log)"; \
		$(BIN)/python $$script > $$log 2>&1 || { tail -n 30 $$log; exit 1; }; \
	done
	$(BIN)/python bench/acceptance_latency.py --database postgres \
		> var/bench-logs/acceptance_latency-postgres.log 2>&1 || { tail -n 30 var/bench-logs/acceptance_latency-postgres.log; exit 1; }
	$(BIN)/python -m bench.support.table

# The reliability suite at full size (kill -9 x200, outages, fuzz, tenants): a table and
# var/reliability.json. `make test` runs it at a reduced size (tests/test_reliability.py).
reliability: $(TEST_STAMP)
	bash scripts/install-test-services.sh
	$(BIN)/python -m tests.reliability --full
