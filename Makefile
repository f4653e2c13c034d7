# msoc — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
MSOC := $(VENV)/bin/msoc
PYTHON ?= python3
# What running needs (WeasyPrint's Pango, Thai fonts, the sqlite3 shell for backups), and what
# only the tests need on top (a browser, PDF tools, the Java runtime of the Spark engine,
# LibreOffice to check the DOCX as it lays it out).
DEB_RUNTIME := fonts-thai-tlwg libpango-1.0-0 libpangoft2-1.0-0 sqlite3
DEB_TEST := poppler-utils chromium openjdk-17-jre-headless libreoffice-writer-nogui
DEMO_DATE := 2023-05-03
DEMO_FILE := msoc/data/demo/msoc-daily-report-2566-05-03.txt
DEMO_HOUSEHOLDS ?= 3000
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: setup setup-dev demo test bench lint typecheck serve clean lock spark

# `make demo` installs the runtime alone; `make test` (and lint, bench) the dev set on top.
setup: $(VENV)/.installed-runtime debian-runtime
setup-dev: $(VENV)/.installed-dev debian-test

# Installing never resolves against the index: the locks are complete (uv pip compile's whole
# set), so pip installs exactly what they name (--no-deps --require-hashes), builds msoc with
# the pinned setuptools (--no-build-isolation), and `pip check` proves the set is consistent.
# Stock pip suffices; nothing needs installing first. `make lock` regenerates both files.
define install_lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --no-deps --require-hashes -r $(1)
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	@$(PY) -m pip check >/dev/null || { $(PY) -m pip check; \
	  echo "$(1) does not satisfy pyproject.toml: run 'make lock'"; exit 1; }
endef

$(VENV)/.installed-runtime: pyproject.toml requirements/runtime.lock
	$(call install_lock,requirements/runtime.lock)
	@touch $@

$(VENV)/.installed-dev: pyproject.toml requirements/dev.lock
	$(call install_lock,requirements/dev.lock)
	@touch $@ $(VENV)/.installed-runtime $(VENV)/.installed-spark

# Each lock is constrained to the one below it (runtime ⊂ spark ⊂ dev), so they never disagree
# on a version; tests/test_locks.py checks that too.
UV_COMPILE = $(VENV)/bin/uv pip compile -q --generate-hashes --python-version 3.11 pyproject.toml requirements/build.in
lock: $(VENV)/.installed-dev
	$(UV_COMPILE) -o requirements/runtime.lock
	$(UV_COMPILE) --extra spark -c requirements/runtime.lock -o requirements/spark.lock
	$(UV_COMPILE) --extra spark --extra dev -c requirements/spark.lock -o requirements/dev.lock

# The optional Spark engine (MSOC_REGISTER_ENGINE=spark) for a running installation.
spark: $(VENV)/.installed-spark debian-runtime
	@$(MAKE) --no-print-directory debian DEB="openjdk-17-jre-headless"

$(VENV)/.installed-spark: pyproject.toml requirements/spark.lock
	$(call install_lock,requirements/spark.lock)
	@touch $@

.PHONY: debian debian-runtime debian-test
debian-runtime:
	@$(MAKE) --no-print-directory debian DEB="$(DEB_RUNTIME)"
debian-test: debian-runtime
	@$(MAKE) --no-print-directory debian DEB="$(DEB_TEST)"
debian:
	@missing=""; for p in $(DEB); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

demo: setup
	mkdir -p out var
	$(MSOC) db upgrade
	$(MSOC) report import $(DEMO_FILE)
	$(MSOC) sources load-defaults
	$(MSOC) demo-data
	$(MSOC) demo-users
	$(MSOC) demo-news
	$(MSOC) households generate --provinces นครราชสีมา --households $(DEMO_HOUSEHOLDS) --duplicates 12 --if-empty
	$(MSOC) households index --year 2568
	$(MSOC) households screen --year 2568
	$(MSOC) households duplicates --provinces นครราชสีมา
	$(MSOC) hazards demo
	for f in html docx pdf json; do $(MSOC) report render $(DEMO_DATE) --format $$f --output out/msoc-daily-report-$(DEMO_DATE).$$f || exit 1; done
	@ls -l out/
	$(MSOC) serve --host $(HOST) --port $(PORT)

test: setup-dev
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup-dev
	$(PY) -m benchmarks

lint: setup-dev
	$(VENV)/bin/ruff check msoc tests benchmarks fuzz
	$(VENV)/bin/ruff format --check msoc tests benchmarks fuzz

typecheck: setup-dev
	$(VENV)/bin/mypy msoc

clean:
	rm -rf out test-output .pytest_cache
