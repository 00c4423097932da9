# Every target builds .venv itself when it is missing or older than pyproject.toml,
# so `make generate` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all venv generate check-generated lint format typecheck pytest pytest-flask test check bench fuzz clean

all: check

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# A second environment for the Flask tests with Flask 3.1 (which needs Werkzeug 3.1; .venv keeps the
# Werkzeug 2.3.8 oracle and Flask 2.3).
FLASK_VENV := .venv-flask
FLASK_PY := $(FLASK_VENV)/bin/python
FLASK_STAMP := $(FLASK_VENV)/.installed

$(FLASK_STAMP): pyproject.toml
	test -x $(FLASK_PY) || $(PYTHON) -m venv $(FLASK_VENV)
	$(FLASK_PY) -m pip install -q -e '.[flask31]'
	touch $(FLASK_STAMP)

generate: $(STAMP)
	$(PY) -m codegen

check-generated: $(STAMP)
	$(PY) -m codegen --check

lint: $(STAMP)
	$(PY) -m ruff check src codegen tests bench
	$(PY) -m black --check -q src codegen tests bench

format: $(STAMP)
	$(PY) -m ruff check --fix src codegen tests bench
	$(PY) -m black -q src codegen tests bench

typecheck: $(STAMP)
	$(PY) -m mypy

pytest: $(STAMP)
	$(PY) -m pytest

pytest-flask: $(FLASK_STAMP)
	$(FLASK_PY) -m pytest -p no:cacheprovider tests/test_flask.py

# The README's test command: everything CI checks.
test: check-generated lint typecheck pytest pytest-flask

check: test

bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/asgi_run.py
	$(PY) bench/sf_bench.py
	$(PY) bench/modern_run.py

fuzz: $(STAMP)
	$(PY) -m pytest tests/fuzz --hypothesis-profile=fuzz -p no:cacheprovider

clean:
	rm -rf $(VENV) $(FLASK_VENV) .mypy_cache .ruff_cache .pytest_cache
