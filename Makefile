# certdesk — `make run` opens the app on a demo database, `make test` runs the whole suite.
# Both set everything up first on a fresh Debian/Ubuntu machine (system packages, virtualenv).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA_HOME ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)
DEMO_DB ?= $(DATA_HOME)/certdesk/demo.db
STAMP := $(VENV)/.installed

.PHONY: help run test setup demo lint format bench package clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: $(STAMP)  ## install system packages and the virtualenv

$(STAMP): pyproject.toml scripts/install-system-packages.sh
	bash scripts/install-system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)  ## open certdesk on a ready demo database
	@test -s "$(DEMO_DB)" || $(BIN)/certdesk --db "$(DEMO_DB)" demo
	$(BIN)/certdesk --db "$(DEMO_DB)"

test: $(STAMP)  ## run the whole test suite (offscreen Qt)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -n 2 -p no:cacheprovider

lint: $(STAMP)  ## ruff check and format check
	$(BIN)/ruff check certdesk tests benchmarks packaging
	$(BIN)/ruff format --check certdesk tests benchmarks packaging

format: $(STAMP)  ## format the code with ruff
	$(BIN)/ruff format certdesk tests benchmarks packaging
	$(BIN)/ruff check --fix certdesk tests benchmarks packaging

bench: $(STAMP)  ## run the benchmarks (prints figures and ratios)
	for b in benchmarks/*.py; do QT_QPA_PLATFORM=offscreen $(BIN)/python $$b || exit 1; done

PACKAGE_STAMP := $(VENV)/.package-installed

$(PACKAGE_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e ".[package]"
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)  ## build dist/certdesk/ (standalone folder app), self-test it, tar.gz
	PACKAGE_PYTHON=$(BIN)/python bash packaging/package.sh

clean:  ## remove the virtualenv, caches and package builds
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist
