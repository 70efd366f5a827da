# Two-command quick start: `make demo` and `make test` (both create .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench docs clean e2e notebook fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,data,report,uncertainty,dask,fast,claims,fit,policy]"
	touch $(STAMP)

# BPTK-Py pins exact NumPy, SciPy and pandas versions: its own environment, for the XMILE
# cross-check (tests/test_xmile_crosscheck.py runs tests/bptk_run.py with it).
BPTK := .venv-bptk
$(BPTK)/.installed:
	$(PYTHON) -m venv $(BPTK)
	$(BPTK)/bin/python -m pip install --quiet --upgrade pip
	$(BPTK)/bin/python -m pip install --quiet "bptk-py[xmile]==3.2.0"
	touch $@

demo: $(STAMP)
	MPLBACKEND=Agg $(BIN)/wardilemma demo --out out

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/ruff format --check src tests benchmarks notebooks
	$(BIN)/nbstripout --verify notebooks/*.ipynb

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks notebooks
	$(BIN)/ruff check --fix src tests benchmarks notebooks

test: lint $(BPTK)/.installed
	MPLBACKEND=Agg $(BIN)/python -m pytest -q -n auto --dist loadgroup --ignore=tests/e2e

# Property-based fuzzing of the scenario and claims loaders with a larger budget.
fuzz: $(STAMP)
	WARDILEMMA_FUZZ=1 MPLBACKEND=Agg $(BIN)/python -m pytest -q tests/test_fuzz.py --hypothesis-show-statistics

# Browser tests (headless Chromium from Debian's chromium package, driven by Playwright).
e2e: $(STAMP)
	command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium)
	$(BIN)/python -m pip install --quiet -e ".[test,data,report,e2e]"
	MPLBACKEND=Agg $(BIN)/python -m pytest -q tests/e2e

# The classroom notebook in JupyterLab (installs the notebook extra: jupyterlab, ipywidgets).
notebook: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[notebook]"
	$(BIN)/jupyter lab --allow-root notebooks/war_economy_dilemma.ipynb

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench,fast]"
	MPLBACKEND=Agg $(BIN)/python benchmarks/run.py
	MPLBACKEND=Agg $(BIN)/python benchmarks/dominance.py

# Everything generated from the model, then the converged fit and what follows from it
# (docs/fit_*, docs/claims_grounded.*; tens of minutes: `wardilemma docs --fit` alone).
docs: $(STAMP)
	MPLBACKEND=Agg $(BIN)/wardilemma docs
	MPLBACKEND=Agg $(BIN)/wardilemma docs --fit

clean:
	rm -rf $(VENV) $(BPTK) out .pytest_cache .ruff_cache
