# cuttings: `make figures` renders every figure from the seed corpus; `make test` runs the suite.
# Both build the project environment (.venv) on first use from the exact pins in requirements.lock.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
SEED    := seeds/000_c32ce563f5658dff.txt
CORPUS  ?= $(SEED)
# The seed's own knowledge lives in its profile; another corpus uses its own (PROFILE=dir) or none.
ifeq ($(CORPUS),$(SEED))
PROFILE ?= profiles/000_c32ce563f5658dff
else
PROFILE ?=
endif
OUT     ?= figures
# A corrections file (piece starts and joins, roles, piece fields, name variants); empty: the one beside
# the corpus (DUMP.corrections.toml, or corrections.toml in a corpus folder), if any.
CORRECTIONS ?=

# Reproducible renders: fixed timestamps and hash seed for everything the targets run. The headless
# backend is set for the targets that render (figures, report, test, bench), not for `make lab`,
# whose kernels use the inline backend so that figures show in the notebook.
export SOURCE_DATE_EPOCH := 1577836800
export PYTHONHASHSEED := 0
figures report test bench: export MPLBACKEND := Agg
# Notebooks executed at once by `make figures` and `make report` (each kernel mostly uses one core).
JOBS    ?= 2

.DEFAULT_GOAL := help
.PHONY: help env lock test figures bench train report lab clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

env: $(VENV)/.built ## Build .venv from requirements.lock, with cuttings installed editable

$(VENV)/.built: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (set PYTHON=/path/to/python3.11)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

lock: ## Re-resolve requirements.in into requirements.lock (then update environment.yml to match)
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet -r requirements.in -c requirements.lock
	{ sed -n '1,3p' requirements.lock; .lockvenv/bin/pip freeze --all | grep -v '^-e' | grep -v '^pip=='; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lockvenv

test: env ## Checks (import layers, ruff, mypy), then the test suite (notebooks executed on the seed)
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check lib tests benchmarks tools
	$(VENV)/bin/mypy
	$(PY) -m pytest

figures: env ## Execute every notebook on CORPUS and write figures to OUT (default: the seed into figures/)
	$(PY) tools/notebooks.py run --corpus $(CORPUS) --profile "$(PROFILE)" --corrections "$(CORRECTIONS)" --out $(OUT) --jobs $(JOBS)

bench: env ## Speed, memory and accuracy benchmarks against peers (prints tables)
	$(PY) benchmarks/run.py

train: env ## Train the segmenter's boundary model from the benchmark data (CUTTINGS_BENCH) into the package
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1 NUMEXPR_NUM_THREADS=1 \
	  $(PY) benchmarks/train_boundaries.py

report: env ## Execute the notebooks on CORPUS and write one self-contained HTML report, build/report/index.html
	$(PY) tools/notebooks.py report --corpus $(CORPUS) --profile "$(PROFILE)" --out build/report --jobs $(JOBS)

lab: env ## Open JupyterLab in the project environment (figures inline; interactive runs write to build/figures/)
	MPLBACKEND=module://matplotlib_inline.backend_inline $(VENV)/bin/jupyter lab --notebook-dir=notebooks

clean: ## Remove the environment and build outputs (never seeds/ or figures/)
	rm -rf $(VENV) build .cache
