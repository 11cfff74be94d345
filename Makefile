# cuttings: `make figures` renders every figure from the seed corpus; `make test` runs the suite.
# Both build the project environment (.venv) on first use from the exact pins in requirements.lock.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
CORPUS ?= seeds/000_c32ce563f5658dff.txt
OUT    ?= figures

# Reproducible renders: fixed timestamps and hash seed for everything the targets run.
export SOURCE_DATE_EPOCH := 1577836800
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

.DEFAULT_GOAL := help
.PHONY: help env lock test figures bench report lab clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

env: $(VENV)/.built ## Build .venv from requirements.lock, with cuttings installed editable

$(VENV)/.built: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (set PYTHON=/path/to/python3.11)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

lock: ## Re-resolve requirements.in into requirements.lock (then update environment.yml to match)
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet -r requirements.in
	{ sed -n '1,3p' requirements.lock; .lockvenv/bin/pip freeze | grep -v '^-e'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lockvenv

test: env ## Run the test suite (includes executing every notebook on the seed)
	$(PY) -m pytest

figures: env ## Execute every notebook on CORPUS and write figures to OUT (default: the seed into figures/)
	$(PY) -m cuttings.notebooks run --corpus $(CORPUS) --out $(OUT)

bench: env ## Speed, memory and accuracy benchmarks against peers (prints tables)
	$(PY) benchmarks/run.py

report: env ## Render the executed notebooks to HTML under build/report/
	$(PY) -m cuttings.notebooks report --corpus $(CORPUS) --out build/report

lab: env ## Open JupyterLab in the project environment
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

clean: ## Remove the environment and build outputs (never seeds/ or figures/)
	rm -rf $(VENV) build .cache
