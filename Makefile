# Everything runs inside .venv, created on first use: a fresh machine needs only Python 3.11+,
# pip and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SAMPLE := fixtures/powerschool/district

.PHONY: install install-tool demo test lint golden bench fuzz clean

TOOL_STAMP := $(VENV)/.tool-stamp

# The tool alone (what `make demo` needs), then the test and lint tools on top of it.
$(TOOL_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(TOOL_STAMP)

$(STAMP): $(TOOL_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install the tool with its test and lint tools

install-tool: $(TOOL_STAMP)  ## create .venv with the tool and its own dependencies only

demo: install-tool  ## run the tool on the bundled sample district into out/
	$(BIN)/transform --profile powerschool $(SAMPLE)/in out/ --as-of 2026-10-15 --report out-report.json --html out-report.html

# One pytest worker per core: most tests wait on a `transform` subprocess, so the suite runs
# about 2.3 times faster on two cores (1,108 s -> 473 s measured). `pytest tests/x.py` alone
# still runs in one process.
# The bytecode first: most tests run `transform` in a subprocess, and with PYTHONDONTWRITEBYTECODE
# set (some CI images) each would compile the package again.
# The slowest tests are listed at the end: .ci/run must stay under 15 minutes, and they are
# where time is won back.
# --dist loadgroup: the tests of one golden case, in five files, share its reference runs
# (tests/case_runs.py) in the one worker that takes the case's xdist group.
# pytest keeps its assert-rewritten test modules as bytecode even where PYTHONDONTWRITEBYTECODE is set:
# rewriting the ~430 test files is ~16 of a worker's ~19 CPU-s of collection, paid by each worker of
# each run (measured: `pytest --co` 19.0 CPU-s rewriting, 3.2 s from the cached bytecode).
test: install  ## run the whole test suite, one worker per core
	$(BIN)/python -m compileall -q transform
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --dist loadgroup --durations=25

lint: install  ## ruff (lint and format), mypy, the import layers (pyproject.toml [tool.importlinter])
	$(BIN)/ruff check transform tests benchmarks
	$(BIN)/ruff format --check transform tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

golden: install  ## regenerate fixtures/*/*/expected from the current code; review the diff
	$(BIN)/python -m pytest tests/test_golden.py --update-golden -q

BENCH_STUDENTS ?= 10000 100000

bench: install  ## cleaner costs per value, and a whole run on a synthetic district (BENCH_STUDENTS=...)
	$(BIN)/python -m benchmarks.run $(BENCH_STUDENTS)

FUZZ_RUNS ?= 10000

fuzz: install  ## atheris over the export reader and the profile loader (FUZZ_RUNS=...)
	$(BIN)/python -m pip install --quiet "atheris>=2.3"
	mkdir -p .fuzz
	$(BIN)/python tests/fuzz/fuzz_inputs.py -runs=$(FUZZ_RUNS) -max_len=4096 -rss_limit_mb=4096 -artifact_prefix=.fuzz/

clean:
	rm -rf $(VENV) out out-report.json out-report.html .pytest_cache .mypy_cache .ruff_cache build *.egg-info
