# The README's two commands are `make demo` and `make test`; everything else is a helper.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
LINT_PATHS := python_backends kb_tools build_engines training loadtest model_repository tests

.PHONY: install demo test test-slow lint security coverage

install:
	bash scripts/install.sh

demo: install
	$(BIN)/sap-llm demo

lint:
	$(BIN)/ruff check $(LINT_PATHS)

security:
	$(BIN)/bandit -q -r python_backends kb_tools build_engines training loadtest model_repository --severity-level high

test: install lint security
	$(BIN)/pytest -m "not slow" --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

test-slow: install
	$(BIN)/pytest -m slow $(PYTEST_ARGS)
