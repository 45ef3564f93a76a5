# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: demo test install dev gazetteer lock clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -c constraints.txt -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(PIP) install -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev

gazetteer: install
	$(BIN)/eventwire gazetteer build --if-missing

demo: gazetteer
	$(BIN)/eventwire run examples/articles --db events.db
	$(BIN)/eventwire show --db events.db

test: dev gazetteer
	$(BIN)/python -m pytest

# Re-pin the dev/CI set after changing dependencies in pyproject.toml.
lock: install
	$(PIP) install -e '.[dev]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^eventwire' > constraints.txt

clean:
	rm -rf $(VENV) events.db .pytest_cache
