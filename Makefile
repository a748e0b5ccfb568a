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

test: $(TEST_STAMP)
	bash scripts/install-system-deps.sh
	bash scripts/install-test-services.sh
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

bench: $(TEST_STAMP)
	bash scripts/install-test-services.sh
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# The reliability suite at full size (kill -9 x200, outages, fuzz, tenants): a table and
# var/reliability.json. `make test` runs it at a reduced size (tests/test_reliability.py).
reliability: $(TEST_STAMP)
	bash scripts/install-test-services.sh
	$(BIN)/python -m tests.reliability --full
