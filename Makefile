# Two commands on a fresh machine: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run test lint bench eval mutants index clean

install: $(STAMP)

# The CPU build of torch goes in first: an unpinned torch would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

index: install
	$(VENV)/bin/advisor index

run: index
	$(VENV)/bin/streamlit run streamlit_app.py --server.headless true \
		--server.port $(PORT) --browser.gatherUsageStats false

lint: install
	$(VENV)/bin/ruff check advisor ui tests streamlit_app.py
	$(VENV)/bin/mypy

test: install
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest -q

bench: install
	$(PY) -m advisor.bench

# The eval suite (evals/README.md): exits 1 below any threshold in evals/thresholds.yaml.
# Reports in artifacts/eval/; e.g. `make eval EVAL_ARGS="--cases my_cases --no-baseline"`.
eval: install
	$(VENV)/bin/advisor eval $(EVAL_ARGS)

clean:
	rm -rf data .pytest_cache .mypy_cache .ruff_cache

# The mutation catalogue (advisor/evals/mutants.py): plant each mistake, run the suite, report
# which were caught for the right reason (artifacts/mutants/report.md). Exits 1 below 90 %.
mutants: install
	$(VENV)/bin/advisor eval --mutants $(MUTANT_ARGS)
